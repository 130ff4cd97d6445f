"""A per-client limit on public form submissions (the correction form), counted in Django's cache.

Like the API throttles (`jvtracker.throttling`), the client is `jvtracker.client_address` and the
limit fails open when the cache is down: a visitor's correction is worth more than a perfect count.
A fixed window: the first counted submission opens it for the period of the rate.
"""

import logging

from django.core.cache import cache

from jvtracker.client_address import client_address
from jvtracker.throttling import CACHE_ERRORS

logger = logging.getLogger(__name__)
PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_rate(rate: str) -> tuple[int, int]:
    """ "5/hour" → (5, 3600): the number allowed and the window in seconds (DRF's notation)."""
    number, period = rate.split("/")
    return int(number), PERIODS[period.strip()[0].lower()]


def submission_allowed(request, *, scope: str, rate: str | None) -> bool:
    """Count one submission of this client in `scope`; False once the rate is exceeded in the window.
    A rate of None means no limit."""
    if not rate:
        return True
    limit, seconds = parse_rate(rate)
    key = f"form-throttle:{scope}:{client_address(request)}"
    try:
        cache.add(key, 0, timeout=seconds)
        count = cache.incr(key)
    except ValueError:  # the window expired between add and incr: this is its first submission
        cache.set(key, 1, timeout=seconds)
        count = 1
    except CACHE_ERRORS as error:
        logger.warning("form throttle cache unavailable, submission let through: %r", error)
        return True
    return count <= limit
