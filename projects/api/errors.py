"""Errors as JSON: a service's ValidationError is a 400 naming the fields, a version conflict
or a delete of a record still in use a 409.

Errors raised outside a view (unknown path, a body over the size limit read by middleware, a crash)
are answered by the project's error handlers (jvtracker/middleware.py), which use `api_error` for
every path under /api/: whatever went wrong, an API client gets JSON, and never a library's message.
"""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import ProtectedError
from django.http import JsonResponse
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error
from rest_framework.views import exception_handler

from projects.exceptions import VersionConflict

API_PREFIX = "/api/"
# Lazy: each answer is in the request's language (LocaleMiddleware reads Accept-Language for /api/).
ERROR_DETAILS = {
    400: _("Bad request."),
    403: _("You may not do this."),
    404: _("Not found. The endpoints are listed at /api/docs/."),
    500: _("Server error. It has been logged; retry later or report it."),
}


def is_api_request(request) -> bool:
    return request.path_info.startswith(API_PREFIX)


def body_too_large_detail() -> str:
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    return _("The body is too large: at most %(limit)s bytes.") % {"limit": f"{limit:,}"}


def api_error(status: int, detail: str | None = None, **fields) -> JsonResponse:
    """A JSON error response: {"detail": …} or, for a 400 naming parameters, {name: [message]}."""
    body = fields or {"detail": detail or ERROR_DETAILS[status]}
    return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})


class BodyTooLarge(exceptions.APIException):
    status_code = 413
    default_code = "body_too_large"


def api_exception_handler(exc, context):
    if isinstance(exc, ProtectedError):
        return Response({"detail": exc.args[0]}, status=409)
    if isinstance(exc, VersionConflict):
        return Response({"detail": str(exc), "current_version": exc.current_version}, status=409)
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(detail=as_serializer_error(exc))
    if isinstance(exc, RequestDataTooBig):
        exc = BodyTooLarge(body_too_large_detail())
    return exception_handler(exc, context)
