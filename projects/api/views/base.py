"""What every API view shares: the base view, the documented error responses and parameters, and
the optimistic-locking helpers (a write names the version it read)."""

from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse
from rest_framework import exceptions
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.views import APIView

from projects.api.errors import api_exception_handler
from projects.api.filter_backends import StrictFilterBackend
from projects.api.parsers import JSONObjectParser
from projects.api.renderers import OrjsonRenderer
from projects.api.serializers.common import (
    VALIDATION_ERROR_SCHEMA,
    ErrorSerializer,
    VersionConflictSerializer,
)
from projects.ids import MAX_ID
from projects.selectors.filters import unknown_parameter_errors
from projects.selectors.ventures import visible_ventures, with_current_status


class ReadAnyoneWriteSignedIn(BasePermission):
    """Anyone reads (what `visible_ventures` allows); writes need a signed-in user (services judge roles)."""

    def has_permission(self, request, view):
        return request.method in SAFE_METHODS or bool(request.user and request.user.is_authenticated)


# Errors are always JSON, whatever format was asked for.
ERROR_RESPONSES = {
    (400, "application/json"): OpenApiResponse(
        VALIDATION_ERROR_SCHEMA, description="A parameter or field is not allowed."
    ),
}
NOT_FOUND = {
    (404, "application/json"): OpenApiResponse(
        ErrorSerializer, description="No such (visible) record, or page."
    )
}
WRITE_ERRORS = {
    **ERROR_RESPONSES,
    (401, "application/json"): OpenApiResponse(ErrorSerializer, description="No valid token."),
    (403, "application/json"): OpenApiResponse(ErrorSerializer, description="Your role may not do this."),
}
FORMAT_PARAMETER = OpenApiParameter(
    "format",
    str,
    enum=["json", "geojson", "csv", "xlsx", "ftm"],
    description="json (default, paginated); geojson, csv, xlsx or ftm (FollowTheMoney entities, one per "
    "line): every matching venture, unpaginated.",
)
ID_PARAMETER = OpenApiParameter(
    "id",
    {"type": "integer", "minimum": 1, "maximum": MAX_ID},
    location=OpenApiParameter.PATH,
    description="Numeric id.",
)
# The example lets the fuzzers' example and coverage phases reach a real venture, not only the 404.
PUBLIC_ID_PARAMETER = OpenApiParameter(
    "public_id",
    str,
    location=OpenApiParameter.PATH,
    description="The venture's public id.",
    examples=[OpenApiExample("A venture", value="JV-0001")],
)
GEOMETRY_PARAMETER = OpenApiParameter(
    "geometry", str, enum=["0", "1"], description="1: include each province's boundary (GeoJSON)."
)


class ApiView(APIView):
    """Shared behaviour: orjson JSON, strict query parameters, errors always as JSON."""

    renderer_classes = [OrjsonRenderer]
    parser_classes = [JSONObjectParser]
    permission_classes = [ReadAnyoneWriteSignedIn]
    filter_backends = [StrictFilterBackend]
    # Query parameters this endpoint accepts besides its filters, `format` and (if paginated) `page`s.
    extra_query_parameters: tuple[str, ...] = ()

    def get_exception_handler(self):
        return api_exception_handler

    def perform_content_negotiation(self, request, force=False):
        try:
            return super().perform_content_negotiation(request, force)
        except (exceptions.NotFound, Http404):
            allowed = ", ".join(renderer.format for renderer in self.get_renderers())
            message = _("“%(value)s” is not allowed. Use one of: %(allowed)s.") % {
                "value": request.query_params.get("format"),
                "allowed": allowed,
            }
            raise exceptions.ValidationError({"format": [message]}) from None

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if response.status_code >= 400 and not isinstance(response.accepted_renderer, OrjsonRenderer):
            response.accepted_renderer = OrjsonRenderer()
            response.accepted_media_type = OrjsonRenderer.media_type
        return response

    def check_query_parameters(self, request, allowed=()):
        """For endpoints without a FilterSet: anything but `format` (and `allowed`) is a 400."""
        errors = unknown_parameter_errors(request.query_params, {"format", *allowed})
        if errors:
            raise exceptions.ValidationError(errors)

    def visible(self):
        return visible_ventures(user=self.request.user)

    def venture_queryset(self):
        return with_current_status(self.visible()).order_by("public_id")


def boolean_parameter(request, name: str) -> bool:
    raw = request.query_params.get(name)
    if raw in (None, "", "0", "false"):
        return False
    if raw in ("1", "true"):
        return True
    raise exceptions.ValidationError({name: [_("“%(value)s” is not allowed. Use 1 or 0.") % {"value": raw}]})


class PreconditionRequired(exceptions.APIException):
    status_code = 428
    default_detail = gettext_lazy(
        "Send the version you are changing: `version` in the body, or an If-Match header with the "
        "ETag of the venture you read."
    )
    default_code = "precondition_required"


def expected_version(request, data) -> int:
    """The version the client last saw: `version` in the body, or an If-Match header (ETag)."""
    raw = data.get("version")
    if raw is None:
        header = request.headers.get("If-Match", "").strip()
        raw = header.removeprefix("W/").strip('"') if header else None
    if raw is None or raw == "":
        raise PreconditionRequired()
    try:
        return int(raw)
    except (TypeError, ValueError):
        raise exceptions.ValidationError({"version": [_("Give the version as a whole number.")]}) from None


# A write that changes a versioned record: 409 when it changed since, 428 without a version.
LOCKING_ERRORS = {
    (409, "application/json"): OpenApiResponse(
        VersionConflictSerializer, description="Someone else changed it first."
    ),
    (428, "application/json"): OpenApiResponse(ErrorSerializer, description="No version given."),
}
IF_MATCH_PARAMETER = OpenApiParameter(
    "If-Match",
    str,
    location=OpenApiParameter.HEADER,
    description="The ETag (version) you read; instead of `version` in the body.",
)


def etag_header(version: int) -> dict:
    return {"ETag": f'"{version}"'}
