"""Errors as JSON: a service's ValidationError is a 400 naming the fields, a version conflict a 409."""

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error
from rest_framework.views import exception_handler

from projects.exceptions import VersionConflict


def api_exception_handler(exc, context):
    if isinstance(exc, VersionConflict):
        return Response({"detail": str(exc), "current_version": exc.current_version}, status=409)
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(detail=as_serializer_error(exc))
    return exception_handler(exc, context)
