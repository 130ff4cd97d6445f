"""Write inputs: strict (an unknown or read-only field is a 400 naming it), typed before any service
judges the values (geography, currency, dates: the services' full_clean())."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from projects.api.serializers.common import _choice
from projects.api.serializers.ventures import VentureDetailSerializer
from projects.ids import MAX_ID
from projects.models import (
    Arrangement,
    Citation,
    Contribution,
    LocationPrecision,
    Organization,
    Place,
    Province,
    PublicationState,
    Reliability,
    Sector,
    SourceArticle,
    SourceType,
    StatusEntry,
    VentureForm,
    VenturePartner,
)
from projects.models.geo import point_from_geojson


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
                    errors[name] = [_("This field is read-only: the server sets it. Leave it out.")]
                else:
                    errors[name] = [
                        _("Unknown field. Writable fields: %(fields)s.")
                        % {"fields": ", ".join(sorted(writable))}
                    ]
            if errors:
                raise serializers.ValidationError(errors)
            if self.partial and not (set(data) & (writable - {"version"})):
                raise serializers.ValidationError(
                    {"non_field_errors": [_("Nothing to change: send at least one field to change.")]}
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


def _version_field(of: str):
    return serializers.IntegerField(
        required=False,
        write_only=True,
        help_text=f"The {of} version you read (or an If-Match header); required to change or delete.",
    )


class PartnerWriteSerializer(StrictWriteMixin, serializers.ModelSerializer):
    """A partner of a venture: an organization (by id) in a role, with its stake."""

    organization = _related(Organization.objects.all())
    version = _version_field("venture's")

    class Meta:
        model = VenturePartner
        fields = ["id", "organization", "role", "stake_percent", "note", "version"]
        read_only_fields = ["id"]
        validators = []  # the (venture, organization, role) constraint is the service's full_clean()


class ContributionWriteSerializer(StrictWriteMixin, serializers.ModelSerializer):
    """What one side brings to a venture (capital, labour, land…)."""

    version = _version_field("venture's")

    class Meta:
        model = Contribution
        fields = ["id", "side", "kind", "note", "version"]
        read_only_fields = ["id"]
        validators = []


class OrganizationWriteSerializer(StrictWriteMixin, serializers.ModelSerializer):
    """A partner record (company, organ, investor). Changing one a published venture shows takes a
    reviewer; deleting one takes a superuser, and only when no venture uses it."""

    read_only_names = frozenset({"id", "ventures", "updated_at"})
    version = _version_field("organization's")

    class Meta:
        model = Organization
        fields = [
            "name",
            "name_ko",
            "name_zh",
            "other_names",
            "country",
            "kind",
            "notes",
            "sanctions_designations",
            "version",
        ]


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
    "PartnerWrite",
    "ContributionWrite",
    "OrganizationWrite",
    "SourceSubmit",
)


def strict_write_components(result, generator, request, public):
    """drf-spectacular hook: the write bodies document their strictness (no other fields allowed)."""
    for name in STRICT_WRITE_COMPONENTS:
        component = result.get("components", {}).get("schemas", {}).get(name)
        if component is not None:
            component["additionalProperties"] = False
    return result
