"""Serializers: the write inputs, and the documented shape of every response.

Venture rows and details are built as plain dicts by `projects.selectors.venture_rows` (fast, and the
same for JSON, GeoJSON and CSV); the `Venture*` output serializers here describe that shape for the
OpenAPI schema and must be kept in step with it (schemathesis checks every response against them).
"""

from django.core.exceptions import ImproperlyConfigured
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from projects.ids import MAX_ID
from projects.models import (
    Arrangement,
    Citation,
    CitationFact,
    ContributionKind,
    ContributionSide,
    Country,
    DatePrecision,
    LocationPrecision,
    Organization,
    PartnerRole,
    Place,
    Province,
    ProvinceKind,
    PublicationState,
    Reliability,
    Sector,
    SourceArticle,
    SourceType,
    Status,
    StatusEntry,
    VentureForm,
    VenturePartner,
)
from projects.models.geo import point_from_geojson
from projects.models.names import split_names
from projects.selectors.venture_row_shape import LATEST_SOURCE_FIELDS, PARTNER_FIELDS, ROW_FIELDS

# ---------------------------------------------------------------------------------------------- errors


class ErrorSerializer(serializers.Serializer):
    """Any error other than a validation error: what went wrong, in one sentence."""

    detail = serializers.CharField()


class VersionConflictSerializer(serializers.Serializer):
    detail = serializers.CharField()
    current_version = serializers.IntegerField(allow_null=True)


# A 400: each bad parameter or field, with what is wrong and what is allowed.
VALIDATION_ERROR_SCHEMA = {
    "type": "object",
    "description": "Each bad parameter or field, mapped to messages saying what is allowed.",
    "additionalProperties": {"type": "array", "items": {"type": "string"}},
    "example": {"sector": ["“mines” is not allowed. Use one of: mine, ironworks, …"]},
}

# ------------------------------------------------------------------------------------- venture output


class PartnerBriefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    country = serializers.ChoiceField(choices=Country.choices)
    role = serializers.ChoiceField(choices=PartnerRole.choices)


class LatestSourceSerializer(serializers.Serializer):
    publisher = serializers.CharField()
    published_on = serializers.DateField(allow_null=True)
    url = serializers.URLField()
    title = serializers.CharField()


def _choice(choices, **kwargs):
    return serializers.ChoiceField(choices=choices, **kwargs)


# The type of each venture row field; their names and order come from the one row shape (ROW_FIELDS).
ROW_FIELD_SERIALIZERS = {
    "public_id": lambda: serializers.CharField(help_text="Stable id, e.g. JV-0001; never reused."),
    "name": serializers.CharField,
    "sector": lambda: _choice(Sector.choices),
    "form": lambda: _choice(VentureForm.choices, allow_blank=True, help_text="Empty when unknown."),
    "arrangement": lambda: _choice(Arrangement.choices, allow_blank=True, help_text="Empty when unknown."),
    "status": lambda: _choice(Status.choices, allow_null=True, help_text="Current status: the latest entry."),
    "status_date": lambda: serializers.DateField(allow_null=True),
    "status_date_precision": lambda: _choice(DatePrecision.choices, allow_null=True),
    "province": lambda: serializers.CharField(
        allow_null=True,
        help_text="ISO 3166-2 code; null when no source names it (known only to be in North Korea).",
    ),
    "province_name": lambda: serializers.CharField(allow_null=True),
    "place": lambda: serializers.CharField(allow_null=True, help_text="Gazetteer name, or null."),
    "longitude": lambda: serializers.FloatField(allow_null=True),
    "latitude": lambda: serializers.FloatField(allow_null=True),
    "location_precision": lambda: _choice(LocationPrecision.choices),
    "partners": lambda: PartnerBriefSerializer(many=True),
    "source_count": lambda: serializers.IntegerField(help_text="Distinct articles cited for this venture."),
    "latest_source": lambda: LatestSourceSerializer(allow_null=True),
    "updated_at": serializers.DateTimeField,
    "url": lambda: serializers.CharField(help_text="Path of the venture's page on this site."),
}
# A field added to the row shape needs its type here (and the nested parts the same names).
for serializer_fields, shape_fields in (
    (ROW_FIELD_SERIALIZERS, ROW_FIELDS),
    (PartnerBriefSerializer._declared_fields, [name for name, *_ in PARTNER_FIELDS]),
    (LatestSourceSerializer._declared_fields, [name for name, *_ in LATEST_SOURCE_FIELDS]),
):
    if set(serializer_fields) != set(shape_fields):
        raise ImproperlyConfigured(
            f"serializer fields differ from the row shape: {set(serializer_fields) ^ set(shape_fields)}"
        )

VentureRowSerializer = type(
    "VentureRowSerializer",
    (serializers.Serializer,),
    {
        "__doc__": "A venture in a list (and the properties of a GeoJSON feature, without longitude/latitude).",
        "__module__": __name__,
        **{name: ROW_FIELD_SERIALIZERS[name]() for name in ROW_FIELDS},
    },
)


class TombstoneSerializer(serializers.Serializer):
    public_id = serializers.CharField()
    removed_at = serializers.DateTimeField()
    reason = serializers.ChoiceField(
        choices=[("deleted", "deleted"), ("unpublished", "unpublished"), ("draft", "draft")]
    )


class SourceBriefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    url = serializers.URLField()
    title = serializers.CharField()
    publisher = serializers.CharField()
    published_on = serializers.DateField(allow_null=True)


class PartnerDetailSerializer(PartnerBriefSerializer):
    stake_percent = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)
    note = serializers.CharField()


class ContributionSerializer(serializers.Serializer):
    side = _choice(ContributionSide.choices)
    kind = _choice(ContributionKind.choices)
    note = serializers.CharField()


class StatusEntryOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = _choice(Status.choices)
    date = serializers.DateField(
        allow_null=True, help_text="null when the date is unknown (precision unknown)."
    )
    date_precision = _choice(DatePrecision.choices)
    note = serializers.CharField()
    source = SourceBriefSerializer()


class CitationOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    supports = _choice(CitationFact.choices)
    status_entry = serializers.IntegerField(allow_null=True)
    partner = serializers.IntegerField(allow_null=True)
    quote = serializers.CharField()
    summary = serializers.CharField(help_text="Our paraphrase of what the source reports; not a quotation.")
    note = serializers.CharField()
    source = SourceBriefSerializer()


class VentureDetailSerializer(VentureRowSerializer):
    name_ko = serializers.CharField()
    name_zh = serializers.CharField()
    other_names = serializers.ListField(child=serializers.CharField())
    investment_amount = serializers.DecimalField(max_digits=16, decimal_places=2, allow_null=True)
    investment_currency = serializers.CharField(help_text="ISO 4217 code, or empty.")
    location_note = serializers.CharField()
    description = serializers.CharField()
    sanctions_note = serializers.CharField()
    publication_state = _choice(PublicationState.choices)
    version = serializers.IntegerField(help_text="Send it back (or as If-Match) when you change the venture.")
    created_at = serializers.DateTimeField()
    published_at = serializers.DateTimeField(allow_null=True)
    partners = PartnerDetailSerializer(many=True)
    contributions = ContributionSerializer(many=True)
    status_history = StatusEntryOutputSerializer(many=True)
    citations = CitationOutputSerializer(many=True)


class PointGeometrySerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=[("Point", "Point")])
    coordinates = serializers.ListField(child=serializers.FloatField(), min_length=2, max_length=2)


class VenturePropertiesSerializer(VentureRowSerializer):
    longitude = None
    latitude = None


class VentureFeatureSerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=[("Feature", "Feature")])
    id = serializers.CharField(help_text="The public id.")
    geometry = PointGeometrySerializer(allow_null=True, help_text="[longitude, latitude], or null.")
    properties = VenturePropertiesSerializer()


@extend_schema_serializer(many=False)
class VentureFeatureCollectionSerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=[("FeatureCollection", "FeatureCollection")])
    features = VentureFeatureSerializer(many=True)


# --------------------------------------------------------------------------------- other read output


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
class StatsSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    by_province_sector_status = StatsCellSerializer(many=True)
    by_year = StatsYearSerializer(
        many=True, help_text="Matching ventures by year of their current status's date, per status."
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

    @extend_schema_field({"type": "object", "nullable": True})
    def get_suggestions(self, source):
        from projects.selectors.sources import source_suggestions

        return source_suggestions(source)


# ------------------------------------------------------------------------------------------- writes


@extend_schema_field(
    {
        "type": "object",
        "nullable": True,
        "properties": {
            "type": {"type": "string", "enum": ["Point"]},
            "coordinates": {
                "type": "array",
                "items": {"type": "number"},
                "minItems": 2,
                "maxItems": 2,
                "description": "[longitude, latitude] in WGS 84 degrees.",
            },
        },
        "required": ["type", "coordinates"],
        "additionalProperties": False,
    }
)
class PointField(serializers.Field):
    """A GeoJSON Point in, judged by the one point rule (`projects.models.geo.point_from_geojson`)."""

    def to_internal_value(self, data):
        try:
            return point_from_geojson(data)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages) from None

    def to_representation(self, value):
        return {"type": "Point", "coordinates": [value.x, value.y]}


class StrictWriteMixin:
    """A write names only fields it can change: an unknown or read-only field is a 400 naming it.

    Otherwise a typo (`{"nmae": …}`) or an echoed read-only field (`public_id`) would be dropped in
    silence and the write "succeed", bumping the version while changing nothing the caller meant.
    """

    # Fields of the read representation that a write cannot set (told apart from mere typos).
    read_only_names: frozenset[str] = frozenset()

    def writable_names(self) -> set[str]:
        return {name for name, field in self.fields.items() if not field.read_only}

    def to_internal_value(self, data):
        if isinstance(data, dict):
            writable = self.writable_names()
            read_only = self.read_only_names | (set(self.fields) - writable)
            errors = {}
            for name in sorted(set(data) - writable):
                if name in read_only:
                    errors[name] = ["This field is read-only: the server sets it. Leave it out."]
                else:
                    errors[name] = ["Unknown field. Writable fields: " + ", ".join(sorted(writable)) + "."]
            if errors:
                raise serializers.ValidationError(errors)
            if self.partial and not (set(data) & (writable - {"version"})):
                raise serializers.ValidationError(
                    {"non_field_errors": ["Nothing to change: send at least one field to change."]}
                )
        return super().to_internal_value(data)


def _related(queryset, **kwargs):
    """A reference by id: a whole number in the id range (projects.ids) before any query sees it."""
    pk_field = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    return serializers.PrimaryKeyRelatedField(queryset=queryset, pk_field=pk_field, **kwargs)


class VentureWriteSerializer(StrictWriteMixin, serializers.Serializer):
    """What an editor may send. Validation beyond types (geography, currency…) is the service's."""

    read_only_names = frozenset(VentureDetailSerializer().fields)

    name = serializers.CharField(max_length=300)
    name_ko = serializers.CharField(max_length=300, required=False, allow_blank=True)
    name_zh = serializers.CharField(max_length=300, required=False, allow_blank=True)
    other_names = serializers.CharField(required=False, allow_blank=True, help_text="Separated by “|”.")
    sector = _choice(Sector.choices)
    form = _choice(VentureForm.choices, required=False, allow_blank=True)
    arrangement = _choice(Arrangement.choices, required=False, allow_blank=True)
    investment_amount = serializers.DecimalField(
        max_digits=16, decimal_places=2, required=False, allow_null=True
    )
    investment_currency = serializers.CharField(
        max_length=3, required=False, allow_blank=True, help_text="ISO 4217 code, e.g. CNY, USD, EUR, KPW."
    )
    province = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Province.objects.all(),
        allow_null=True,
        help_text="ISO 3166-2 code; null when no source names it (then location_precision is “unknown”).",
    )
    place = _related(Place.objects.all(), required=False, allow_null=True)
    location = PointField(
        required=False,
        allow_null=True,
        help_text='GeoJSON Point, e.g. {"type": "Point", "coordinates": [lon, lat]}.',
    )
    location_precision = _choice(LocationPrecision.choices, required=False)
    location_note = serializers.CharField(required=False, allow_blank=True)
    confirm_location = serializers.BooleanField(
        required=False,
        write_only=True,
        help_text=(
            "true keeps a point that lies just across North Korea's land border on the generalised map "
            "(within 750 m, inside a neighbouring province): without it such a point is a 400 on "
            "`location` naming the neighbour and the distance."
        ),
    )
    description = serializers.CharField(required=False, allow_blank=True)
    sanctions_note = serializers.CharField(required=False, allow_blank=True)
    publication_state = _choice(
        PublicationState.choices, required=False, help_text="Only reviewers publish or unpublish."
    )
    version = serializers.IntegerField(
        required=False, write_only=True, help_text="Required on update (or an If-Match header)."
    )


class VentureReplaceSerializer(VentureWriteSerializer):
    """PUT replaces the venture: every writable field is required (PATCH changes some of them)."""

    def get_fields(self):
        fields = super().get_fields()
        for name, field in fields.items():
            # version may come as an If-Match header instead; confirm_location is not part of the venture
            if name not in ("version", "confirm_location"):
                field.required = True
        return fields


class StatusEntryWriteSerializer(StrictWriteMixin, serializers.ModelSerializer):
    source = _related(SourceArticle.objects.all())

    class Meta:
        model = StatusEntry
        fields = ["id", "status", "date", "date_precision", "source", "note"]
        read_only_fields = ["id"]
        # The service's full_clean() judges the values (e.g. dates in the future).
        extra_kwargs = {"date": {"validators": []}}


class CitationWriteSerializer(StrictWriteMixin, serializers.ModelSerializer):
    source = _related(SourceArticle.objects.all())
    status_entry = _related(StatusEntry.objects.all(), required=False, allow_null=True)
    partner = _related(VenturePartner.objects.all(), required=False, allow_null=True)

    class Meta:
        model = Citation
        fields = ["id", "source", "supports", "status_entry", "partner", "quote", "summary", "note"]
        read_only_fields = ["id"]


class SourceSubmitSerializer(StrictWriteMixin, serializers.Serializer):
    url = serializers.URLField(max_length=2000)
    title = serializers.CharField(max_length=500, required=False, allow_blank=True)
    publisher = serializers.CharField(max_length=200, required=False, allow_blank=True)
    author = serializers.CharField(max_length=200, required=False, allow_blank=True)
    language = serializers.CharField(max_length=10, required=False, allow_blank=True)
    published_on = serializers.DateField(required=False, allow_null=True)
    source_type = _choice(SourceType.choices, required=False)
    reliability = _choice(Reliability.choices, required=False)
    editor_note = serializers.CharField(required=False, allow_blank=True)


STRICT_WRITE_COMPONENTS = (
    "VentureWrite",
    "VentureReplace",
    "StatusEntryWrite",
    "CitationWrite",
    "SourceSubmit",
)


def strict_write_components(result, generator, request, public):
    """drf-spectacular hook: the write bodies document their strictness (no other fields allowed)."""
    for name in STRICT_WRITE_COMPONENTS:
        component = result.get("components", {}).get("schemas", {}).get(name)
        if component is not None:
            component["additionalProperties"] = False
    return result
