"""A venture's parts: status entries and citations (added), partners and contributions (listed, added,
changed and deleted). Editors change drafts' parts, reviewers any venture's (`can_edit_venture`).

A part belongs to its venture: each change bumps the venture's version, and a change or delete names
the venture version it was made from (`version` in the body or an If-Match header: 409 when the
venture changed since, 428 without one; optional when adding). Every response carries the venture's
new version as its ETag, so a script can chain writes.
"""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.response import Response

from projects.api.serializers.writes import (
    CitationWriteSerializer,
    ContributionWriteSerializer,
    PartnerWriteSerializer,
    StatusEntryWriteSerializer,
)
from projects.api.views.base import (
    ERROR_RESPONSES,
    IF_MATCH_PARAMETER,
    LOCKING_ERRORS,
    NOT_FOUND,
    PUBLIC_ID_PARAMETER,
    WRITE_ERRORS,
    ApiView,
    etag_header,
    expected_version,
)
from projects.ids import MAX_ID
from projects.models import Contribution, Venture, VenturePartner
from projects.services import ventures as venture_services

PART_ID_PARAMETER = OpenApiParameter(
    "part_id",
    {"type": "integer", "minimum": 1, "maximum": MAX_ID},
    location=OpenApiParameter.PATH,
    description="The part's id (from the list, or the answer to its POST).",
)


def _given_version(request) -> int | None:
    """The venture version a write names, if it names one (adding a part does not need it)."""
    if request.data.get("version") is None and not request.headers.get("If-Match"):
        return None
    return expected_version(request, request.data)


def _venture_version(venture: Venture) -> int:
    return Venture.objects.filter(pk=venture.pk).values_list("version", flat=True).get()


class VenturePartView(ApiView, generics.GenericAPIView):
    """POST a part to a venture (editors on drafts, reviewers on any)."""

    service = None

    def venture(self, public_id) -> Venture:
        return get_object_or_404(self.visible(), public_id=public_id)

    def post(self, request, public_id):
        self.check_query_parameters(request)
        venture = self.venture(public_id)
        version = _given_version(request)
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        fields = dict(serializer.validated_data)
        fields.pop("version", None)
        if version is not None:
            fields["expected_version"] = version
        part = type(self).service(venture=venture, user=request.user, **fields)
        return Response(
            self.get_serializer(part).data,
            status=status.HTTP_201_CREATED,
            headers=etag_header(_venture_version(venture)),
        )


class StatusEntryCreateView(VenturePartView):
    serializer_class = StatusEntryWriteSerializer
    service = staticmethod(venture_services.status_entry_create)

    @extend_schema(
        parameters=[PUBLIC_ID_PARAMETER],
        responses={201: StatusEntryWriteSerializer, **WRITE_ERRORS, **NOT_FOUND},
    )
    def post(self, request, public_id):
        return super().post(request, public_id)


class CitationCreateView(VenturePartView):
    serializer_class = CitationWriteSerializer
    service = staticmethod(venture_services.citation_create)

    @extend_schema(
        parameters=[PUBLIC_ID_PARAMETER],
        responses={201: CitationWriteSerializer, **WRITE_ERRORS, **NOT_FOUND},
    )
    def post(self, request, public_id):
        return super().post(request, public_id)


class PartListView(VenturePartView):
    """GET a venture's parts of one kind (with their ids), POST a new one."""

    model = None

    def parts(self, venture):
        return self.model.objects.filter(venture=venture).order_by("pk")

    def get(self, request, public_id):
        self.check_query_parameters(request)
        venture = self.venture(public_id)
        data = self.get_serializer(self.parts(venture), many=True).data
        return Response(data, headers=etag_header(_venture_version(venture)))


class PartDetailView(ApiView, generics.GenericAPIView):
    """PATCH or DELETE one part, naming the venture version it was read at."""

    model = None

    def part(self, public_id, part_id):
        venture = get_object_or_404(self.visible(), public_id=public_id)
        return get_object_or_404(self.model.objects.select_related("venture"), venture=venture, pk=part_id)

    def get(self, request, public_id, part_id):
        self.check_query_parameters(request)
        part = self.part(public_id, part_id)
        return Response(self.get_serializer(part).data, headers=etag_header(part.venture.version))

    def patch(self, request, public_id, part_id):
        self.check_query_parameters(request)
        part = self.part(public_id, part_id)
        version = expected_version(request, request.data)
        serializer = self.get_serializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        fields = dict(serializer.validated_data)
        fields.pop("version", None)
        part = venture_services.venture_part_save(
            part=part, user=request.user, expected_version=version, **fields
        )
        return Response(self.get_serializer(part).data, headers=etag_header(_venture_version(part.venture)))

    def delete(self, request, public_id, part_id):
        self.check_query_parameters(request)
        part = self.part(public_id, part_id)
        version = expected_version(request, request.data)
        venture = part.venture
        venture_services.venture_part_delete(part=part, user=request.user, expected_version=version)
        return Response(status=status.HTTP_204_NO_CONTENT, headers=etag_header(_venture_version(venture)))


def _part_views(model, serializer, service, noun: str):
    """The list (GET, POST) and detail (GET, PATCH, DELETE) views of one kind of part, documented."""
    read = {200: serializer(many=True), **ERROR_RESPONSES, **NOT_FOUND}
    changed = {**WRITE_ERRORS, **NOT_FOUND, **LOCKING_ERRORS}
    parameters = [PUBLIC_ID_PARAMETER]
    detail_parameters = [PUBLIC_ID_PARAMETER, PART_ID_PARAMETER]

    class ListView(PartListView):
        __doc__ = f"The venture's {noun}s; POST adds one."
        serializer_class = serializer

        @extend_schema(operation_id=f"v1_ventures_{noun}s_list", parameters=parameters, responses=read)
        def get(self, request, public_id):
            return super().get(request, public_id)

        @extend_schema(
            parameters=[*parameters, IF_MATCH_PARAMETER],
            responses={201: serializer, **WRITE_ERRORS, **NOT_FOUND, **LOCKING_ERRORS},
        )
        def post(self, request, public_id):
            return super().post(request, public_id)

    ListView.model = model
    ListView.service = staticmethod(service)

    class DetailView(PartDetailView):
        __doc__ = f"One {noun} of the venture."
        serializer_class = serializer

        @extend_schema(
            parameters=detail_parameters, responses={200: serializer, **ERROR_RESPONSES, **NOT_FOUND}
        )
        def get(self, request, public_id, part_id):
            return super().get(request, public_id, part_id)

        @extend_schema(
            parameters=[*detail_parameters, IF_MATCH_PARAMETER], responses={200: serializer, **changed}
        )
        def patch(self, request, public_id, part_id):
            return super().patch(request, public_id, part_id)

        @extend_schema(
            parameters=[*detail_parameters, IF_MATCH_PARAMETER],
            request=None,
            responses={204: OpenApiResponse(description="Deleted."), **changed},
        )
        def delete(self, request, public_id, part_id):
            return super().delete(request, public_id, part_id)

    DetailView.model = model
    name = model.__name__
    ListView.__name__ = ListView.__qualname__ = f"{name}ListView"
    DetailView.__name__ = DetailView.__qualname__ = f"{name}DetailView"
    return ListView, DetailView


PartnerListView, PartnerDetailView = _part_views(
    VenturePartner, PartnerWriteSerializer, venture_services.partner_add, "partner"
)
ContributionListView, ContributionDetailView = _part_views(
    Contribution, ContributionWriteSerializer, venture_services.contribution_add, "contribution"
)
