"""The one rule for "who is this client": the address API throttles, login lockouts and logs use.

`X-Forwarded-For` is written by whoever sends the request, so it only means something for the part
our own proxies appended. With `TRUSTED_PROXY_COUNT` = N reverse proxies in front (each appending the
address it received the request from), the client is the Nth address from the right; everything left
of it was sent by the client and is ignored. With N = 0 (unset: the site is reached directly), the
header is ignored altogether and the client is `REMOTE_ADDR`, the peer of the TCP connection.

When the header is missing, has fewer than N entries or the chosen entry is not an IP address, the
request did not come through our proxies as configured: the peer address is used, never a value the
client chose. (django-ipware ranks some thirty headers, several of them forgeable unless a given CDN
sets them, and its proxy-count algorithm changed between major versions; this rule is short enough
to state and test exactly.)
"""

import ipaddress

from django.conf import settings

UNKNOWN = "unknown"
_CACHED = "_jvtracker_client_address"


def _valid_ip(text: str) -> str | None:
    try:
        return str(ipaddress.ip_address(text.strip()))
    except ValueError:
        return None


def address_from_meta(meta, trusted_proxy_count: int) -> str:
    """The client's address from a WSGI environ/`request.META`, trusting the last `trusted_proxy_count`
    hops of X-Forwarded-For."""
    peer = _valid_ip(meta.get("REMOTE_ADDR") or "") or UNKNOWN
    if trusted_proxy_count <= 0:
        return peer
    hops = [hop for hop in (meta.get("HTTP_X_FORWARDED_FOR") or "").split(",") if hop.strip()]
    if len(hops) < trusted_proxy_count:
        return peer
    return _valid_ip(hops[-trusted_proxy_count]) or peer


def client_address(request) -> str:
    """The address of the client that sent `request` (a Django or DRF request), computed once per request."""
    request = getattr(request, "_request", request)  # DRF wraps the Django request
    cached = getattr(request, _CACHED, None)
    if cached is None:
        cached = address_from_meta(request.META, settings.TRUSTED_PROXY_COUNT)
        setattr(request, _CACHED, cached)
    return cached
