"""API views: thin. Reads come from selectors (visibility from `visible_ventures`), writes go to services."""

from django.db.models import Exists, OuterRef, Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import exceptions, generics, status
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from projects.api import caching
from projects.api import serializers as s
from projects.api.errors import api_exception_handler
from projects.api.file_renderers import FtMRenderer, XLSXRenderer
from projects.api.filter_backends import PAGE_PARAMETERS, StrictFilterBackend
from projects.api.pagination import ApiPagination, VenturePagination
from projects.api.parsers import JSONObjectParser
from projects.api.renderers import CSVRenderer, GeoJSONRenderer, OrjsonRenderer, render_export
from projects.ids import MAX_ID
from projects.models import Citation, Organization, Place, SourceArticle, StatusEntry, VenturePartner
from projects.permissions import can_see_unpublished
from projects.selectors.filters import (
    OrganizationFilterSet,
    PlaceFilterSet,
    SourceFilterSet,
    VentureFilterSet,
    unknown_parameter_errors,
)
from projects.selectors.provinces import province_rows
from projects.selectors.stats import venture_stats
from projects.selectors.venture_rows import venture_detail, venture_rows, venture_url_template
from projects.selectors.ventures import (
    merged_survivor,
    venture_tombstones,
    visible_ventures,
    with_current_status,
)
from projects.services import ventures as venture_services

EXPORT_FORMATS = ("geojson", "csv", "xlsx", "ftm")


class ReadAnyoneWriteSignedIn(BasePermission):
    """Anyone reads (what `visible_ventures` allows); writes need a signed-in user (services judge roles)."""

    def has_permission(self, request, view):
        return request.method in SAFE_METHODS or bool(request.user and request.user.is_authenticated)


# Errors are always JSON, whatever format was asked for.
ERROR_RESPONSES = {
    (400, "application/json"): OpenApiResponse(
        s.VALIDATION_ERROR_SCHEMA, description="A parameter or field is not allowed."
    ),
}
NOT_FOUND = {
    (404, "application/json"): OpenApiResponse(
        s.ErrorSerializer, description="No such (visible) record, or page."
    )
}
WRITE_ERRORS = {
    **ERROR_RESPONSES,
    (401, "application/json"): OpenApiResponse(s.ErrorSerializer, description="No valid token."),
    (403, "application/json"): OpenApiResponse(s.ErrorSerializer, description="Your role may not do this."),
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
            raise exceptions.ValidationError(
                {"format": [f"“{request.query_params.get('format')}” is not allowed. Use one of: {allowed}."]}
            ) from None

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


def _boolean_parameter(request, name: str) -> bool:
    raw = request.query_params.get(name)
    if raw in (None, "", "0", "false"):
        return False
    if raw in ("1", "true"):
        return True
    raise exceptions.ValidationError({name: [f"“{raw}” is not allowed. Use 1 or 0."]})


class PreconditionRequired(exceptions.APIException):
    status_code = 428
    default_detail = (
        "Send the version you are changing: `version` in the body, or an If-Match header with the "
        "ETag of the venture you read."
    )
    default_code = "precondition_required"


def _expected_version(request, data) -> int:
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
        raise exceptions.ValidationError({"version": ["Give the version as a whole number."]}) from None


# -------------------------------------------------------------------------------------------- ventures


class VentureListView(ApiView, generics.ListCreateAPIView):
    """Ventures matching the filters; JSON pages, or every match as GeoJSON or CSV."""

    renderer_classes = [OrjsonRenderer, GeoJSONRenderer, CSVRenderer, XLSXRenderer, FtMRenderer]
    filterset_class = VentureFilterSet
    pagination_class = VenturePagination
    serializer_class = s.VentureRowSerializer
    extra_query_parameters = ("ordering",)

    def get_queryset(self):
        return self.venture_queryset()

    @extend_schema(
        operation_id="ventures_list",
        parameters=[FORMAT_PARAMETER],
        responses={
            (200, "application/json"): s.VentureRowSerializer(many=True),
            (200, "application/geo+json"): s.VentureFeatureCollectionSerializer,
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.STR, description="CSV with a header row."),
            (200, XLSXRenderer.media_type): OpenApiResponse(
                OpenApiTypes.BINARY,
                description="The CSV's columns as a workbook: typed cells, header frozen.",
            ),
            (200, FtMRenderer.media_type): OpenApiResponse(
                OpenApiTypes.STR, description="FollowTheMoney entities, one JSON object per line."
            ),
            **ERROR_RESPONSES,
            **NOT_FOUND,
        },
    )
    def get(self, request, *args, **kwargs):
        ventures = self.filter_queryset(self.get_queryset())
        export_format = request.accepted_renderer.format
        if export_format in EXPORT_FORMATS:
            paging = sorted(PAGE_PARAMETERS & set(request.query_params))
            if paging:
                message = f"An export has every matching venture on one page: leave {paging[0]} out."
                raise exceptions.ValidationError({name: [message] for name in paging})
            # Conditional and cached: the fingerprint query (a few ms) saves the export's ~0.5 s. A page
            # of 100 costs little more than the fingerprint, so it is neither.
            filter_key = caching.export_filter_key(self.filterset.form.cleaned_data)
            etag = caching.representation_etag(request, export_format, filter_key)
            response = caching.not_modified_response(request, etag) or self._export_response(
                ventures, etag, cacheable=caching.worth_caching(filter_key)
            )
            return caching.set_cache_headers(response, request, etag)
        page = self.paginator.paginate_lazily(ventures, request, view=self)
        extra = {}
        since = self.filterset.form.cleaned_data.get("updated_since")
        if since is not None:
            extra["tombstones"] = venture_tombstones(user=request.user, since=since)
        return self.paginator.get_paginated_response(venture_rows(page), extra=extra)

    def _export_response(self, ventures, etag: str, *, cacheable: bool) -> HttpResponse:
        """The whole export, rendered once per state of the data (and visibility, format, filters)."""
        request = self.request
        renderer = request.accepted_renderer
        response = caching.export_response(
            request,
            etag,
            lambda: render_export(ventures, renderer, request.accepted_media_type),
            cacheable=cacheable,
        )
        content_type = request.accepted_media_type
        if renderer.charset:
            content_type = f"{content_type}; charset={renderer.charset}"
        response["Content-Type"] = content_type
        extension = getattr(renderer, "extension", renderer.format)
        response["Content-Disposition"] = f'attachment; filename="ventures.{extension}"'
        return response

    @extend_schema(
        operation_id="ventures_create",
        request=s.VentureWriteSerializer,
        responses={201: s.VentureDetailSerializer, **WRITE_ERRORS},
    )
    def post(self, request, *args, **kwargs):
        if request.query_params:
            self.check_query_parameters(request)
        serializer = s.VentureWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        fields = dict(serializer.validated_data)
        fields.pop("version", None)
        venture = venture_services.venture_create(user=request.user, **fields)
        detail = venture_detail(self.visible(), venture.public_id)
        return Response(detail, status=status.HTTP_201_CREATED, headers={"ETag": f'"{venture.version}"'})


@extend_schema_view(get=extend_schema(exclude=True))
class VentureFileView(VentureListView):
    """/api/v1/ventures.geojson, .csv, .xlsx and .ftm.json: the export under a file name (read only)."""

    http_method_names = ["get", "head", "options"]


class VentureDetailView(ApiView, generics.GenericAPIView):
    """One venture with its status history, citations, partners and contributions."""

    serializer_class = s.VentureDetailSerializer
    lookup_field = "public_id"

    def get_queryset(self):
        return self.venture_queryset()

    def _detail_response(self, public_id, *, status_code=200):
        detail = venture_detail(self.visible(), public_id)
        if detail is None:
            raise Http404
        return Response(detail, status=status_code, headers={"ETag": f'"{detail["version"]}"'})

    @extend_schema(
        parameters=[PUBLIC_ID_PARAMETER],
        responses={200: s.VentureDetailSerializer, **ERROR_RESPONSES, **NOT_FOUND},
    )
    def get(self, request, public_id):
        self.check_query_parameters(request)
        survivor = merged_survivor(public_id=public_id, user=request.user)
        if survivor is not None:  # merged into another venture (projects/services/merge.py)
            location = request.build_absolute_uri(reverse("api:venture-detail", args=[survivor.public_id]))
            return Response(
                {
                    "detail": f"{public_id} was merged into {survivor.public_id}.",
                    "merged_into": survivor.public_id,
                },
                status=status.HTTP_301_MOVED_PERMANENTLY,
                headers={"Location": location},
            )
        return self._detail_response(public_id)

    def _update(self, request, public_id, *, partial: bool):
        self.check_query_parameters(request)
        venture = get_object_or_404(self.visible(), public_id=public_id)
        expected_version = _expected_version(request, request.data)
        serializer_class = s.VentureWriteSerializer if partial else s.VentureReplaceSerializer
        serializer = serializer_class(data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        fields = dict(serializer.validated_data)
        fields.pop("version", None)
        venture_services.venture_update(
            venture=venture, user=request.user, expected_version=expected_version, **fields
        )
        return self._detail_response(public_id)

    update_responses = {
        200: s.VentureDetailSerializer,
        **WRITE_ERRORS,
        **NOT_FOUND,
        (409, "application/json"): OpenApiResponse(
            s.VersionConflictSerializer, description="Someone else changed it first."
        ),
        (428, "application/json"): OpenApiResponse(s.ErrorSerializer, description="No version given."),
    }
    if_match = OpenApiParameter(
        "If-Match",
        str,
        location=OpenApiParameter.HEADER,
        description="The ETag (version) you read; instead of `version` in the body.",
    )

    @extend_schema(
        request=s.VentureWriteSerializer,
        responses=update_responses,
        parameters=[PUBLIC_ID_PARAMETER, if_match],
    )
    def patch(self, request, public_id):
        return self._update(request, public_id, partial=True)

    @extend_schema(
        request=s.VentureReplaceSerializer,
        responses=update_responses,
        parameters=[PUBLIC_ID_PARAMETER, if_match],
    )
    def put(self, request, public_id):
        return self._update(request, public_id, partial=False)


class VenturePartView(ApiView, generics.GenericAPIView):
    """POST a status entry or a citation to a venture (editors on drafts, reviewers on any)."""

    service = None

    def post(self, request, public_id):
        self.check_query_parameters(request)
        venture = get_object_or_404(self.visible(), public_id=public_id)
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        part = type(self).service(venture=venture, user=request.user, **serializer.validated_data)
        return Response(self.get_serializer(part).data, status=status.HTTP_201_CREATED)


class StatusEntryCreateView(VenturePartView):
    serializer_class = s.StatusEntryWriteSerializer
    service = staticmethod(venture_services.status_entry_create)

    @extend_schema(
        parameters=[PUBLIC_ID_PARAMETER],
        responses={201: s.StatusEntryWriteSerializer, **WRITE_ERRORS, **NOT_FOUND},
    )
    def post(self, request, public_id):
        return super().post(request, public_id)


class CitationCreateView(VenturePartView):
    serializer_class = s.CitationWriteSerializer
    service = staticmethod(venture_services.citation_create)

    @extend_schema(
        parameters=[PUBLIC_ID_PARAMETER],
        responses={201: s.CitationWriteSerializer, **WRITE_ERRORS, **NOT_FOUND},
    )
    def post(self, request, public_id):
        return super().post(request, public_id)


# ------------------------------------------------------------------------------------ counts and stats


class ProvinceListView(ApiView, generics.ListAPIView):
    """The 13 provinces, each with the number of MATCHING ventures by status and by sector."""

    filterset_class = VentureFilterSet
    serializer_class = s.ProvinceSerializer
    pagination_class = None
    extra_query_parameters = ("geometry",)

    def get_queryset(self):
        return self.venture_queryset()

    @extend_schema(
        parameters=[GEOMETRY_PARAMETER], responses={200: s.ProvinceSerializer(many=True), **ERROR_RESPONSES}
    )
    def get(self, request, *args, **kwargs):
        geometry = _boolean_parameter(request, "geometry")
        ventures = self.filter_queryset(self.get_queryset())
        return Response(province_rows(ventures, geometry=geometry))


class StatsView(ApiView, generics.ListAPIView):
    """Counts of matching ventures by province × sector × status, and by year."""

    filterset_class = VentureFilterSet
    serializer_class = s.StatsSerializer
    pagination_class = None

    def get_queryset(self):
        return self.venture_queryset()

    @extend_schema(responses={200: s.StatsSerializer, **ERROR_RESPONSES})
    def get(self, request, *args, **kwargs):
        return Response(venture_stats(self.filter_queryset(self.get_queryset())))


# ------------------------------------------------------------------------ places, partners, sources


class PlaceListView(ApiView, generics.ListAPIView):
    """The gazetteer: cities, counties, districts and sites with every name variant."""

    filterset_class = PlaceFilterSet
    serializer_class = s.PlaceSerializer
    pagination_class = ApiPagination
    queryset = Place.objects.select_related("province").order_by("province__code", "name_en", "id")

    @extend_schema(responses={200: s.PlaceSerializer(many=True), **ERROR_RESPONSES, **NOT_FOUND})
    def get(self, request, *args, **kwargs):
        return self.list(request, *args, **kwargs)


class OrganizationMixin:
    serializer_class = s.OrganizationSerializer

    def get_queryset(self):
        visible = self.visible()
        roles = (
            VenturePartner.objects.filter(venture__in=visible.values("pk"))
            .select_related("venture")
            .order_by("venture__public_id", "role")
        )
        organizations = Organization.objects.prefetch_related(
            Prefetch("venture_roles", queryset=roles, to_attr="visible_roles")
        ).order_by("name", "id")
        if not can_see_unpublished(self.request.user):
            # A partner known only from drafts stays out of sight with them.
            organizations = organizations.filter(
                Exists(roles.filter(organization=OuterRef("pk")).values("pk"))
            )
        return organizations

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "venture_url": venture_url_template()}


class OrganizationListView(OrganizationMixin, ApiView, generics.ListAPIView):
    """Partners (companies, organs, investors) with the ventures they take part in."""

    filterset_class = OrganizationFilterSet
    pagination_class = ApiPagination

    @extend_schema(responses={200: s.OrganizationSerializer(many=True), **ERROR_RESPONSES, **NOT_FOUND})
    def get(self, request, *args, **kwargs):
        return self.list(request, *args, **kwargs)


class OrganizationDetailView(OrganizationMixin, ApiView, generics.RetrieveAPIView):
    @extend_schema(
        parameters=[ID_PARAMETER], responses={200: s.OrganizationSerializer, **ERROR_RESPONSES, **NOT_FOUND}
    )
    def get(self, request, *args, **kwargs):
        self.check_query_parameters(request)
        return self.retrieve(request, *args, **kwargs)


class SourceMixin:
    serializer_class = s.SourceSerializer

    def get_queryset(self):
        visible = self.visible()
        citations = (
            Citation.objects.filter(venture__in=visible.values("pk"))
            .select_related("venture")
            .order_by("venture__public_id", "id")
        )
        sources = SourceArticle.objects.defer("text").prefetch_related(
            Prefetch("citations", queryset=citations, to_attr="visible_citations")
        )
        if not can_see_unpublished(self.request.user):
            # An article only drafts cite stays out of sight with them.
            sources = sources.filter(
                Exists(citations.filter(source=OuterRef("pk")).values("pk"))
                | Exists(StatusEntry.objects.filter(source=OuterRef("pk"), venture__in=visible.values("pk")))
            )
        return sources.order_by("-published_on", "id")

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "venture_url": venture_url_template()}


class SourceListView(SourceMixin, ApiView, generics.ListCreateAPIView):
    """Articles with the (visible) ventures they support; editors submit new ones by URL."""

    filterset_class = SourceFilterSet
    pagination_class = ApiPagination

    @extend_schema(responses={200: s.SourceSerializer(many=True), **ERROR_RESPONSES, **NOT_FOUND})
    def get(self, request, *args, **kwargs):
        return self.list(request, *args, **kwargs)

    @extend_schema(
        request=s.SourceSubmitSerializer,
        responses={
            201: OpenApiResponse(
                s.SourceSerializer, description="Saved as queued; fetched in the background."
            ),
            200: OpenApiResponse(s.SourceSerializer, description="Already a source: unchanged."),
            **WRITE_ERRORS,
        },
    )
    def post(self, request, *args, **kwargs):
        from projects.services.sources import source_submit

        self.check_query_parameters(request)
        if not request.user.has_perm("projects.add_sourcearticle"):
            raise exceptions.PermissionDenied("Only editors and reviewers submit sources.")
        serializer = s.SourceSubmitSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        fields = dict(serializer.validated_data)
        source, created = source_submit(url=fields.pop("url"), user=request.user, **fields)
        source = SourceArticle.objects.prefetch_related(
            Prefetch("citations", queryset=Citation.objects.none(), to_attr="visible_citations")
        ).get(pk=source.pk)
        data = self.get_serializer(source).data
        return Response(data, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)


class SourceDetailView(SourceMixin, ApiView, generics.RetrieveAPIView):
    def get_serializer_class(self):
        # Editors and reviewers also get the intake's suggestions (which may name drafts).
        if can_see_unpublished(self.request.user):
            return s.SourceWithSuggestionsSerializer
        return s.SourceSerializer

    @extend_schema(
        parameters=[ID_PARAMETER], responses={200: s.SourceSerializer, **ERROR_RESPONSES, **NOT_FOUND}
    )
    def get(self, request, *args, **kwargs):
        self.check_query_parameters(request)
        return self.retrieve(request, *args, **kwargs)
