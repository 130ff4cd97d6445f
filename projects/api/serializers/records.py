"""The documented shape of the other reads: provinces, stats, places, organizations, sources."""

from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from projects.api.serializers.common import _choice
from projects.api.serializers.suggestions import SuggestionsSerializer
from projects.models import (
    Organization,
    PartnerRole,
    Place,
    ProvinceKind,
    Sector,
    SourceArticle,
    Status,
)
from projects.models.names import split_names
from projects.selectors.sources import source_suggestions


@extend_schema_field({"type": "object", "additionalProperties": {"type": "integer"}})
class CountsField(serializers.DictField):
    pass


class ProvinceSerializer(serializers.Serializer):
    code = serializers.CharField()
    name_en = serializers.CharField()
    name_ko = serializers.CharField()
    name_zh = serializers.CharField()
    name_rr = serializers.CharField()
    name_mr = serializers.CharField()
    kind = _choice(ProvinceKind.choices)
    map_polygon = serializers.CharField(
        allow_null=True, help_text="Code of the province whose polygon holds this one on the map."
    )
    label_point = serializers.ListField(child=serializers.FloatField(), allow_null=True)
    venture_count = serializers.IntegerField(help_text="Matching visible ventures.")
    by_status = CountsField(help_text='Matching ventures per current status ("none" without one).')
    by_sector = CountsField(help_text="Matching ventures per sector.")
    boundary = serializers.JSONField(
        required=False, allow_null=True, help_text="GeoJSON MultiPolygon; only with ?geometry=1."
    )


class StatsCellSerializer(serializers.Serializer):
    province = serializers.CharField(allow_null=True, help_text="null: province not known.")
    sector = _choice(Sector.choices)
    status = _choice(Status.choices, allow_null=True)
    count = serializers.IntegerField()


class StatsYearSerializer(serializers.Serializer):
    year = serializers.IntegerField(allow_null=True)
    status = _choice(Status.choices, allow_null=True)
    count = serializers.IntegerField()


@extend_schema_serializer(many=False)
class StatsTimelineSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    as_of = serializers.DateField()
    total = serializers.IntegerField()
    by_status = serializers.DictField(child=serializers.IntegerField(), help_text="Status → count.")


# One object, not a list (the view is a ListAPIView for its FilterSet; spectacular would wrap it).
@extend_schema_serializer(many=False)
class StatsSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    by_province_sector_status = StatsCellSerializer(many=True)
    by_year = StatsYearSerializer(
        many=True, help_text="Matching ventures by year of their current status's date, per status."
    )
    timeline = StatsTimelineSerializer(
        many=True,
        help_text="Per year: the matching ventures by the status they had on 31 December (or on the "
        "as_of day, or today, for the last year). Undated status steps are left out.",
    )
    data_as_of = serializers.DateTimeField(
        allow_null=True, help_text="When the data last changed (the latest update of a visible venture)."
    )


class PlaceSerializer(serializers.ModelSerializer):
    province = serializers.SlugRelatedField(slug_field="code", read_only=True)
    alt_names = serializers.SerializerMethodField()
    longitude = serializers.SerializerMethodField()
    latitude = serializers.SerializerMethodField()

    class Meta:
        model = Place
        fields = [
            "id",
            "kind",
            "name_en",
            "name_ko",
            "name_zh",
            "name_zh_hant",
            "name_rr",
            "name_mr",
            "name_mr_plain",
            "alt_names",
            "province",
            "longitude",
            "latitude",
            "coordinate_source",
        ]

    def get_alt_names(self, place) -> list[str]:
        return split_names(place.alt_names)

    def get_longitude(self, place) -> float | None:
        return place.point.x if place.point else None

    def get_latitude(self, place) -> float | None:
        return place.point.y if place.point else None


class VentureLinkSerializer(serializers.Serializer):
    public_id = serializers.CharField()
    name = serializers.CharField()
    url = serializers.CharField()


class PartnerVentureSerializer(VentureLinkSerializer):
    role = _choice(PartnerRole.choices)


class OrganizationSerializer(serializers.ModelSerializer):
    other_names = serializers.SerializerMethodField()
    ventures = serializers.SerializerMethodField()

    class Meta:
        model = Organization
        fields = [
            "id",
            "name",
            "name_ko",
            "name_zh",
            "other_names",
            "country",
            "kind",
            "sanctions_designations",
            "version",
            "ventures",
        ]

    def get_other_names(self, organization) -> list[str]:
        return split_names(organization.other_names)

    @extend_schema_field(PartnerVentureSerializer(many=True))
    def get_ventures(self, organization):
        url = self.context["venture_url"]
        return [
            {
                "public_id": r.venture.public_id,
                "name": r.venture.name,
                "url": url.format(r.venture.public_id),
                "role": r.role,
            }
            for r in organization.visible_roles
        ]


class SourceSerializer(serializers.ModelSerializer):
    ventures = serializers.SerializerMethodField()

    class Meta:
        model = SourceArticle
        fields = [
            "id",
            "url",
            "citation",
            "title",
            "publisher",
            "author",
            "language",
            "published_on",
            "source_type",
            "reliability",
            "fetch_status",
            "link_status",
            "retrieved_at",
            "ventures",
        ]

    @extend_schema_field(VentureLinkSerializer(many=True))
    def get_ventures(self, source):
        url = self.context["venture_url"]
        seen, ventures = set(), []
        for citation in source.visible_citations:
            venture = citation.venture
            if venture.pk not in seen:
                seen.add(venture.pk)
                ventures.append(
                    {
                        "public_id": venture.public_id,
                        "name": venture.name,
                        "url": url.format(venture.public_id),
                    }
                )
        return ventures


class SourceWithSuggestionsSerializer(SourceSerializer):
    """The source detail for editors: adds the intake's suggestions (they may name draft ventures)."""

    suggestions = serializers.SerializerMethodField()

    class Meta(SourceSerializer.Meta):
        fields = [*SourceSerializer.Meta.fields, "fetch_error", "suggestions"]

    @extend_schema_field(SuggestionsSerializer(allow_null=True))
    def get_suggestions(self, source):
        return source_suggestions(source)


class SourceDetailSerializer(SourceSerializer):
    """Schema only: a source's detail, with what editors and reviewers alone receive marked optional."""

    fetch_error = serializers.CharField(required=False, help_text="Editors and reviewers only.")
    suggestions = SuggestionsSerializer(
        required=False,
        allow_null=True,
        help_text="Editors and reviewers only (never anonymous visitors): the intake's suggestions, "
        "with the pre-read's proposed `ventures`. Null until the article is read.",
    )

    class Meta(SourceSerializer.Meta):
        fields = [*SourceSerializer.Meta.fields, "fetch_error", "suggestions"]
