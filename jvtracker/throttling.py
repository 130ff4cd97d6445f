"""DRF throttles that read their rates per request, and fail open when their cache is down.

DRF's own classes copy DEFAULT_THROTTLE_RATES into a class attribute at import time, so a rate set
later (settings override, per-deployment reload) would be silently ignored. And the counts live in
the cache (Redis in production, CACHE_URL): if Redis is down, the API must keep answering, unthrottled
for that moment, rather than turn every request into a 500.

Anonymous callers are counted by `jvtracker.client_address` (TRUSTED_PROXY_COUNT), not by DRF's
`get_ident`, which takes a client-written X-Forwarded-For at its word unless NUM_PROXIES is set: each
invented header value would otherwise be a fresh client with a fresh allowance (and a new cache key).
"""

import logging

from redis.exceptions import RedisError
from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

from jvtracker.client_address import client_address

logger = logging.getLogger(__name__)
CACHE_ERRORS = (RedisError, OSError)


class _LiveRatesFailOpenMixin:
    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def get_ident(self, request):
        return client_address(request)

    def allow_request(self, request, view):
        try:
            return super().allow_request(request, view)
        except CACHE_ERRORS as error:
            logger.warning("throttle cache unavailable, request let through unthrottled: %r", error)
            return True


class AnonymousApiThrottle(_LiveRatesFailOpenMixin, AnonRateThrottle):
    """Anonymous callers, counted per client address (API_ANON_THROTTLE_RATE)."""


class UserApiThrottle(_LiveRatesFailOpenMixin, UserRateThrottle):
    """Signed-in callers and token holders, counted per user (API_USER_THROTTLE_RATE)."""
