"""DRF throttles that read their rates when a request comes, not once at import.

DRF's own classes copy DEFAULT_THROTTLE_RATES into a class attribute at import time, so a rate set
later (settings override, per-deployment reload) would be silently ignored.
"""

from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle


class _LiveRatesMixin:
    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)


class AnonymousApiThrottle(_LiveRatesMixin, AnonRateThrottle):
    """Anonymous callers, counted per client address (API_ANON_THROTTLE_RATE)."""


class UserApiThrottle(_LiveRatesMixin, UserRateThrottle):
    """Signed-in callers and token holders, counted per user (API_USER_THROTTLE_RATE)."""
