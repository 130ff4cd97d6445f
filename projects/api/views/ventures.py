"""The venture endpoints: the list and its exports, and one venture (read, create, change)."""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import exceptions, generics, status
from rest_framework.response import Response

from projects.api import caching
from projects.api.file_renderers import FtMRenderer, XLSXRenderer
from projects.api.filter_backends import PAGE_PARAMETERS
from projects.api.pagination import VenturePagination
from projects.api.renderers import CSVRenderer, GeoJSONRenderer, OrjsonRenderer, render_export
from projects.api.serializers.ventures import (
    VentureDetailSerializer,
    VentureFeatureCollectionSerializer,
    VentureRowSerializer,
)
from projects.api.serializers.writes import (
    VentureReplaceSerializer,
    VentureWriteSerializer,
)
from projects.api.views.base import (
    ERROR_RESPONSES,
    FORMAT_PARAMETER,
    IF_MATCH_PARAMETER,
    LOCKING_ERRORS,
    NOT_FOUND,
    PUBLIC_ID_PARAMETER,
    WRITE_ERRORS,
    ApiView,
    boolean_parameter,
    expected_version,
)
from projects.permissions import can_see_unpublished
from projects.selectors.filters import VentureFilterSet
from projects.selectors.time_filters import data_as_of, iso_time
from projects.selectors.venture_rows import venture_detail, venture_rows, venture_url_template
from projects.selectors.ventures import merged_survivor, venture_tombstones
from projects.services import ventures as venture_services

EXPORT_FORMATS = ("geojson", "csv", "xlsx", "ftm")
# When the data last changed (an ISO 8601 time in UTC), on every export (docs/api.md, "Time").
DATA_AS_OF_HEADER = "Data-As-Of"
UTF8_BOM = "\ufeff".encode()
BOM_PARAMETER = OpenApiParameter(
    "bom",
    str,
    enum=["0", "1"],
    description="With format=csv: 1 starts the file with a UTF-8 byte order mark, so that Excel reads "
    "Hangul and Chinese right.",
)


class VentureListView(ApiView, generics.ListCreateAPIView):
    """Ventures matching the filters; JSON pages, or every match as GeoJSON or CSV."""

    renderer_classes = [OrjsonRenderer, GeoJSONRenderer, CSVRenderer, XLSXRenderer, FtMRenderer]
    filterset_class = VentureFilterSet
    pagination_class = VenturePagination
    serializer_class = VentureRowSerializer
    extra_query_parameters = ("ordering", "bom")

    def get_queryset(self):
        return self.venture_queryset()

    @extend_schema(
        operation_id="ventures_list",
        parameters=[FORMAT_PARAMETER, BOM_PARAMETER],
        responses={
            (200, "application/json"): VentureRowSerializer(many=True),
            (200, "application/geo+json"): VentureFeatureCollectionSerializer,
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
        bom = boolean_parameter(request, "bom")
        if bom and export_format != "csv":
            raise exceptions.ValidationError(
                {"bom": [_("A byte order mark is for CSV only: add format=csv.")]}
            )
        if export_format in EXPORT_FORMATS:
            paging = sorted(PAGE_PARAMETERS & set(request.query_params))
            if paging:
                message = _("An export has every matching venture on one page: leave %(parameter)s out.") % {
                    "parameter": paging[0]
                }
                raise exceptions.ValidationError({name: [message] for name in paging})
            # Conditional and cached: the fingerprint query (a few ms) saves the export's ~0.5 s. A page
            # of 100 costs little more than the fingerprint, so it is neither.
            filter_key = caching.export_filter_key(self.filterset.form.cleaned_data)
            variant = f"{export_format}+bom" if bom else export_format
            etag, latest_change = caching.representation_state(request, variant, filter_key)
            response = caching.not_modified_response(request, etag) or self._export_response(
                ventures,
                etag,
                cacheable=caching.worth_caching(filter_key),
                bom=bom,
                latest_change=iso_time(latest_change),
            )
            return caching.set_cache_headers(response, request, etag)
        page = self.paginator.paginate_lazily(ventures, request, view=self)
        extra = {"data_as_of": data_as_of(user=request.user)}
        since = self.filterset.form.cleaned_data.get("updated_since")
        if since is not None:
            extra["tombstones"] = venture_tombstones(user=request.user, since=since)
        return self.paginator.get_paginated_response(venture_rows(page), extra=extra)

    def _export_response(
        self, ventures, etag: str, *, cacheable: bool, bom: bool, latest_change: str | None
    ) -> HttpResponse:
        """The whole export, rendered once per state of the data (and visibility, format, filters).

        CSV is read away from the site (a spreadsheet), so its `url` column holds absolute URLs;
        `bom` puts a UTF-8 byte order mark first, by which Excel knows the encoding; `latest_change`:
        when the data last changed (the GeoJSON's `data_as_of` member, every format's header)."""
        request = self.request
        renderer = request.accepted_renderer
        url_template = None
        if renderer.format == "csv":
            url_template = request.build_absolute_uri("/").removesuffix("/") + venture_url_template()

        def render():
            body = render_export(
                ventures,
                renderer,
                request.accepted_media_type,
                url_template=url_template,
                data_as_of=latest_change,
            )
            return UTF8_BOM + body if bom else body

        response = caching.export_response(request, etag, render, cacheable=cacheable)
        content_type = request.accepted_media_type
        if renderer.charset:
            content_type = f"{content_type}; charset={renderer.charset}"
        response["Content-Type"] = content_type
        extension = getattr(renderer, "extension", renderer.format)
        response["Content-Disposition"] = f'attachment; filename="ventures.{extension}"'
        if latest_change is not None:  # every export format: when the data last changed
            response[DATA_AS_OF_HEADER] = latest_change
        return response

    @extend_schema(
        operation_id="ventures_create",
        request=VentureWriteSerializer,
        responses={201: VentureDetailSerializer, **WRITE_ERRORS},
    )
    def post(self, request, *args, **kwargs):
        if request.query_params:
            self.check_query_parameters(request)
        serializer = VentureWriteSerializer(data=request.data)
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

    serializer_class = VentureDetailSerializer
    lookup_field = "public_id"

    def get_queryset(self):
        return self.venture_queryset()

    def _detail_response(self, public_id, *, status_code=200):
        detail = venture_detail(self.visible(), public_id)
        if detail is None:
            raise Http404
        return self._detail_body(detail, status_code=status_code)

    @staticmethod
    def _detail_body(detail, *, status_code=200):
        return Response(detail, status=status_code, headers={"ETag": f'"{detail["version"]}"'})

    @extend_schema(
        parameters=[PUBLIC_ID_PARAMETER],
        responses={200: VentureDetailSerializer, **ERROR_RESPONSES, **NOT_FOUND},
    )
    def get(self, request, public_id):
        self.check_query_parameters(request)
        if not can_see_unpublished(request.user):
            # A merged venture is never published: for the public only a miss can be one, so a hit
            # is answered without looking for a survivor (no query more than before merges existed).
            detail = venture_detail(self.visible(), public_id)
            if detail is not None:
                return self._detail_body(detail)
        survivor = merged_survivor(public_id=public_id, user=request.user)
        if survivor is not None:  # merged into another venture (projects/services/merge.py)
            location = request.build_absolute_uri(reverse("api:venture-detail", args=[survivor.public_id]))
            return Response(
                {
                    "detail": _("%(old)s was merged into %(new)s.")
                    % {"old": public_id, "new": survivor.public_id},
                    "merged_into": survivor.public_id,
                },
                status=status.HTTP_301_MOVED_PERMANENTLY,
                headers={"Location": location},
            )
        return self._detail_response(public_id)

    def _update(self, request, public_id, *, partial: bool):
        self.check_query_parameters(request)
        venture = get_object_or_404(self.visible(), public_id=public_id)
        version = expected_version(request, request.data)
        serializer_class = VentureWriteSerializer if partial else VentureReplaceSerializer
        serializer = serializer_class(data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        fields = dict(serializer.validated_data)
        fields.pop("version", None)
        venture_services.venture_update(
            venture=venture, user=request.user, expected_version=version, **fields
        )
        return self._detail_response(public_id)

    update_responses = {200: VentureDetailSerializer, **WRITE_ERRORS, **NOT_FOUND, **LOCKING_ERRORS}

    @extend_schema(
        request=VentureWriteSerializer,
        responses=update_responses,
        parameters=[PUBLIC_ID_PARAMETER, IF_MATCH_PARAMETER],
    )
    def patch(self, request, public_id):
        return self._update(request, public_id, partial=True)

    @extend_schema(
        request=VentureReplaceSerializer,
        responses=update_responses,
        parameters=[PUBLIC_ID_PARAMETER, IF_MATCH_PARAMETER],
    )
    def put(self, request, public_id):
        return self._update(request, public_id, partial=False)
