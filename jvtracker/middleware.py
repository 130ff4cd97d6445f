"""Site-wide safety nets: the Content-Security-Policy, and a clean 503 when the database is down."""

import logging
import sys

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.views import defaults

from jvtracker.client_address import client_address

logger = logging.getLogger(__name__)

# How long clients should wait before retrying while the database is unreachable.
RETRY_AFTER_SECONDS = 5
DATABASE_ERRORS = (OperationalError, InterfaceError)


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp, with inline styles allowed under CSP_RELAXED_URL_PREFIXES (the admin).

    Scripts are strict everywhere: an inline script runs only with the request's nonce
    (`csp.constants.NONCE` in script-src), which django-leaflet's admin widget puts on its scripts.
    The admin's markup and Leaflet's draw controls still set style attributes; only staff reach
    /admin/, behind a login.
    """

    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and request.path_info.startswith(settings.CSP_RELAXED_URL_PREFIXES):
            parts.update = {**(parts.update or {}), "style-src": ["'unsafe-inline'"]}
        return parts


def database_unavailable_response(request) -> HttpResponse:
    """503 with Retry-After: a short JSON body for the API, a short page for everything else."""
    if request.path_info.startswith("/api/"):
        response = JsonResponse(
            {"detail": "The database is temporarily unavailable. Retry shortly."}, status=503
        )
    else:
        response = HttpResponse(
            "<!doctype html><title>Temporarily unavailable</title>"
            "<h1>Temporarily unavailable</h1><p>The database is unreachable. Retry in a few seconds.</p>",
            status=503,
            content_type="text/html; charset=utf-8",
        )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    """Turn a lost database connection inside a view into a 503 instead of a 500 or a hang."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, DATABASE_ERRORS):
            logger.warning(
                "database unavailable: %s %s from %s: %s",
                request.method,
                request.path,
                client_address(request),
                exception,
            )
            return database_unavailable_response(request)
        return None


class PrivateForSignedInMiddleware:
    """A response to a signed-in user (session or token) is never stored by a shared cache.

    Editors see drafts; a CDN or proxy in front of the site that kept such a response could hand it
    to the public. `Cache-Control: private` and `Vary: Cookie, Authorization` rule that out.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)  # DRF sets it for token callers too
        if user is not None and user.is_authenticated:
            patch_cache_control(response, private=True)
            patch_vary_headers(response, ("Cookie", "Authorization"))
        return response


def server_error(request, template_name="500.html"):
    """handler500: a database outage met outside a view (sessions, auth) is a 503 too."""
    exception = sys.exc_info()[1]
    if isinstance(exception, DATABASE_ERRORS):
        return database_unavailable_response(request)
    return defaults.server_error(request, template_name=template_name)
