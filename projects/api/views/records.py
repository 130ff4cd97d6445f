"""The other reads: provinces and stats (counts of the matching ventures), places, organizations
(and their writes) and sources."""

from django.db.models import Exists, OuterRef, Prefetch
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, generics, status
from rest_framework.response import Response

from projects.api.pagination import ApiPagination
from projects.api.serializers.records import (
    OrganizationSerializer,
    PlaceSerializer,
    ProvinceSerializer,
    SourceDetailSerializer,
    SourceSerializer,
    SourceWithSuggestionsSerializer,
    StatsSerializer,
)
from projects.api.serializers.writes import OrganizationWriteSerializer, SourceSubmitSerializer
from projects.api.views.base import (
    ERROR_RESPONSES,
    GEOMETRY_PARAMETER,
    ID_PARAMETER,
    IF_MATCH_PARAMETER,
    LOCKING_ERRORS,
    NOT_FOUND,
    WRITE_ERRORS,
    ApiView,
    boolean_parameter,
    etag_header,
    expected_version,
)
from projects.models import Citation, Organization, Place, SourceArticle, StatusEntry, VenturePartner
from projects.permissions import can_see_unpublished
from projects.selectors.filters import (
    OrganizationFilterSet,
    PlaceFilterSet,
    SourceFilterSet,
    VentureFilterSet,
)
from projects.selectors.provinces import province_rows
from projects.selectors.stats import venture_stats
from projects.selectors.time_filters import data_as_of
from projects.selectors.timeline import status_timeline
from projects.selectors.venture_rows import venture_url_template
from projects.services.records import shared_record_delete, shared_record_save
from projects.services.sources import source_submit

# ------------------------------------------------------------------------------------ counts and stats


class ProvinceListView(ApiView, generics.ListAPIView):
    """The 13 provinces, each with the number of MATCHING ventures by status and by sector."""

    filterset_class = VentureFilterSet
    serializer_class = ProvinceSerializer
    pagination_class = None
    extra_query_parameters = ("geometry",)

    def get_queryset(self):
        return self.venture_queryset()

    @extend_schema(
        parameters=[GEOMETRY_PARAMETER], responses={200: ProvinceSerializer(many=True), **ERROR_RESPONSES}
    )
    def get(self, request, *args, **kwargs):
        geometry = boolean_parameter(request, "geometry")
        ventures = self.filter_queryset(self.get_queryset())
        return Response(province_rows(ventures, geometry=geometry))


class StatsView(ApiView, generics.ListAPIView):
    """Counts of matching ventures by province × sector × status, and by year; the national timeline
    (ventures by status at the end of each year) and when the data last changed."""

    filterset_class = VentureFilterSet
    serializer_class = StatsSerializer
    pagination_class = None

    def get_queryset(self):
        return self.venture_queryset()

    @extend_schema(responses={200: StatsSerializer, **ERROR_RESPONSES})
    def get(self, request, *args, **kwargs):
        ventures = self.filter_queryset(self.get_queryset())
        stats = venture_stats(ventures)
        stats["timeline"] = status_timeline(ventures)
        stats["data_as_of"] = data_as_of(user=request.user)
        return Response(stats)


# ------------------------------------------------------------------------ places, partners, sources


class PlaceListView(ApiView, generics.ListAPIView):
    """The gazetteer: cities, counties, districts and sites with every name variant."""

    filterset_class = PlaceFilterSet
    serializer_class = PlaceSerializer
    pagination_class = ApiPagination
    queryset = Place.objects.select_related("province").order_by("province__code", "name_en", "id")

    @extend_schema(responses={200: PlaceSerializer(many=True), **ERROR_RESPONSES, **NOT_FOUND})
    def get(self, request, *args, **kwargs):
        return self.list(request, *args, **kwargs)


class OrganizationMixin:
    serializer_class = OrganizationSerializer

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


class OrganizationWriteMixin:
    """Writes of partner records, through the shared-record service (roles: add for editors, change
    for reviewers when a published venture shows it, delete for superusers; `version` as ventures)."""

    def _written(self, organization, *, status_code=status.HTTP_200_OK):
        organization = self.get_queryset().get(pk=organization.pk)
        return Response(
            self.get_serializer(organization).data,
            status=status_code,
            headers=etag_header(organization.version),
        )


class OrganizationListView(OrganizationWriteMixin, OrganizationMixin, ApiView, generics.ListCreateAPIView):
    """Partners (companies, organs, investors) with the ventures they take part in; editors add one."""

    filterset_class = OrganizationFilterSet
    pagination_class = ApiPagination

    @extend_schema(responses={200: OrganizationSerializer(many=True), **ERROR_RESPONSES, **NOT_FOUND})
    def get(self, request, *args, **kwargs):
        return self.list(request, *args, **kwargs)

    @extend_schema(
        request=OrganizationWriteSerializer, responses={201: OrganizationSerializer, **WRITE_ERRORS}
    )
    def post(self, request, *args, **kwargs):
        self.check_query_parameters(request)
        serializer = OrganizationWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        fields = dict(serializer.validated_data)
        fields.pop("version", None)
        organization = shared_record_save(record=Organization(), user=request.user, **fields)
        return self._written(organization, status_code=status.HTTP_201_CREATED)


class OrganizationDetailView(OrganizationWriteMixin, OrganizationMixin, ApiView, generics.RetrieveAPIView):
    @extend_schema(
        parameters=[ID_PARAMETER], responses={200: OrganizationSerializer, **ERROR_RESPONSES, **NOT_FOUND}
    )
    def get(self, request, *args, **kwargs):
        self.check_query_parameters(request)
        organization = self.get_object()
        return Response(self.get_serializer(organization).data, headers=etag_header(organization.version))

    @extend_schema(
        parameters=[ID_PARAMETER, IF_MATCH_PARAMETER],
        request=OrganizationWriteSerializer,
        responses={200: OrganizationSerializer, **WRITE_ERRORS, **NOT_FOUND, **LOCKING_ERRORS},
    )
    def patch(self, request, *args, **kwargs):
        self.check_query_parameters(request)
        organization = self.get_object()
        version = expected_version(request, request.data)
        serializer = OrganizationWriteSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        fields = dict(serializer.validated_data)
        fields.pop("version", None)
        shared_record_save(record=organization, user=request.user, expected_version=version, **fields)
        return self._written(organization)

    @extend_schema(
        parameters=[ID_PARAMETER, IF_MATCH_PARAMETER],
        request=None,
        responses={
            204: OpenApiResponse(description="Deleted."),
            **WRITE_ERRORS,
            **NOT_FOUND,
            **LOCKING_ERRORS,
        },
    )
    def delete(self, request, *args, **kwargs):
        self.check_query_parameters(request)
        organization = self.get_object()
        version = expected_version(request, request.data)
        shared_record_delete(record=organization, user=request.user, expected_version=version)
        return Response(status=status.HTTP_204_NO_CONTENT)


class SourceMixin:
    serializer_class = SourceSerializer

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

    @extend_schema(responses={200: SourceSerializer(many=True), **ERROR_RESPONSES, **NOT_FOUND})
    def get(self, request, *args, **kwargs):
        return self.list(request, *args, **kwargs)

    @extend_schema(
        request=SourceSubmitSerializer,
        responses={
            201: OpenApiResponse(SourceSerializer, description="Saved as queued; fetched in the background."),
            200: OpenApiResponse(SourceSerializer, description="Already a source: unchanged."),
            **WRITE_ERRORS,
        },
    )
    def post(self, request, *args, **kwargs):
        self.check_query_parameters(request)
        if not request.user.has_perm("projects.add_sourcearticle"):
            raise exceptions.PermissionDenied(_("Only editors and reviewers submit sources."))
        serializer = SourceSubmitSerializer(data=request.data)
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
            return SourceWithSuggestionsSerializer
        return SourceSerializer

    @extend_schema(
        parameters=[ID_PARAMETER],
        responses={200: SourceDetailSerializer, **ERROR_RESPONSES, **NOT_FOUND},
        description="A source with the ventures it supports. Editors and reviewers also get `fetch_error` "
        "and `suggestions` (places, sectors, organizations, candidate ventures and the pre-read's "
        "proposed `ventures`, each value with its sentence); anonymous visitors never do.",
    )
    def get(self, request, *args, **kwargs):
        self.check_query_parameters(request)
        return self.retrieve(request, *args, **kwargs)
