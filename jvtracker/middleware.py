"""Site-wide safety nets: the Content-Security-Policy, a clean 503 when the database is down (or, on
SQLite, still busy with another writer after the busy timeout: a different 503, not an outage), NUL
bytes refused before any view, and error pages that are JSON under /api/."""

import logging
import sys

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpResponse, HttpResponseBadRequest, HttpResponseRedirect, JsonResponse
from django.urls import Resolver404, resolve
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.html import format_html
from django.utils.translation import gettext, gettext_lazy
from django.views import defaults

from jvtracker.client_address import client_address
from projects.api.errors import api_error, body_too_large_detail, is_api_request

logger = logging.getLogger(__name__)

# How long clients should wait before retrying while the database is unreachable.
RETRY_AFTER_SECONDS = 5
BUSY_RETRY_AFTER_SECONDS = 1
DATABASE_ERRORS = (OperationalError, InterfaceError)
# SQLite's answers when another connection holds the lock past the busy timeout (SQLITE_BUSY/LOCKED).
SQLITE_BUSY_MESSAGES = ("database is locked", "database table is locked")


def is_database_busy(exception) -> bool:
    """A write that waited its whole busy timeout for another writer: the database is up, just busy.

    Retrying inside the request would hold a worker for another full timeout; the client retries
    after `Retry-After` instead (writes are atomic, so nothing of the failed one was kept).
    """
    return isinstance(exception, OperationalError) and any(
        message in str(exception) for message in SQLITE_BUSY_MESSAGES
    )


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


def database_unavailable_response(request, *, busy: bool = False) -> HttpResponse:
    """503 with Retry-After: a short JSON body for the API, a short page for everything else."""
    if busy:
        detail = gettext("The database is busy with other changes; nothing was saved. Retry in a moment.")
        title, retry_after = gettext("Busy"), BUSY_RETRY_AFTER_SECONDS
        page = format_html("<h1>{}</h1><p>{}</p>", title, detail)
    else:
        detail = gettext("The database is temporarily unavailable. Retry shortly.")
        title, retry_after = gettext("Temporarily unavailable"), RETRY_AFTER_SECONDS
        page = format_html(
            "<h1>{}</h1><p>{}</p>", title, gettext("The database is unreachable. Retry in a few seconds.")
        )
    if request.path_info.startswith("/api/"):
        response = JsonResponse({"detail": detail}, status=503)
    else:
        response = HttpResponse(
            f"<!doctype html><title>{title}</title>{page}",
            status=503,
            content_type="text/html; charset=utf-8",
        )
    response["Retry-After"] = str(retry_after)
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
            busy = is_database_busy(exception)
            logger.warning(
                "database %s: %s %s from %s: %s",
                "busy" if busy else "unavailable",
                request.method,
                request.path,
                client_address(request),
                exception,
            )
            return database_unavailable_response(request, busy=busy)
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


NUL_MESSAGE = gettext_lazy("Null characters are not allowed.")


class NullCharacterMiddleware:
    """A NUL byte names nothing here: in the path it is a 404, in a query parameter a 400 naming it.

    Caught once, before any view: PostgreSQL cannot even compare a text with a NUL in it (the query
    fails, a 500), and no id, code, name or filter value contains one.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path_info:
            raise Http404(gettext("No such page."))
        refused = sorted(
            {
                name.replace("\x00", "\\x00")
                for name, values in request.GET.lists()
                if "\x00" in name or any("\x00" in value for value in values)
            }
        )
        if refused:
            if is_api_request(request):
                return api_error(400, **{name: [NUL_MESSAGE] for name in refused})
            return HttpResponseBadRequest(
                f"{NUL_MESSAGE} Parameter: {', '.join(refused)}", content_type="text/plain; charset=utf-8"
            )
        return self.get_response(request)


# Error handlers (jvtracker/urls.py): Django's pages for the site, JSON for the API.


# Admin forms where an editor may paste a whole article: a body over DATA_UPLOAD_MAX_MEMORY_SIZE is
# refused before any view (even before the CSRF check reads it), so the form is shown again saying so.
PASTE_URL_NAMES = {"projects_triage_paste", "projects_triage_paste_new"}


def bad_request(request, exception, template_name="400.html"):
    if is_api_request(request):
        if isinstance(exception, RequestDataTooBig):
            return api_error(413, body_too_large_detail())
        return api_error(400)
    if isinstance(exception, RequestDataTooBig):
        match = resolve_or_none(request.path_info)
        if match is not None and match.url_name in PASTE_URL_NAMES:
            return HttpResponseRedirect(f"{request.path}?too_large=1", status=303)
    return defaults.bad_request(request, exception, template_name=template_name)


def resolve_or_none(path: str):
    try:
        return resolve(path)
    except Resolver404:
        return None


def permission_denied(request, exception, template_name="403.html"):
    if is_api_request(request):
        return api_error(403)
    return defaults.permission_denied(request, exception, template_name=template_name)


def page_not_found(request, exception, template_name="404.html"):
    if is_api_request(request):
        return api_error(404)
    return defaults.page_not_found(request, exception, template_name=template_name)


def server_error(request, template_name="500.html"):
    """handler500: a database outage met outside a view (sessions, auth) is a 503 too."""
    exception = sys.exc_info()[1]
    if isinstance(exception, DATABASE_ERRORS):
        return database_unavailable_response(request, busy=is_database_busy(exception))
    if is_api_request(request):
        return api_error(500)
    return defaults.server_error(request, template_name=template_name)
