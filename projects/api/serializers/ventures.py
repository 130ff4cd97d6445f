"""The documented shape of venture rows, details and GeoJSON features.

Venture rows and details are built as plain dicts by `projects.selectors.venture_rows` (fast, and the
same for JSON, GeoJSON and CSV); the output serializers here describe that shape for the OpenAPI
schema and must be kept in step with it (schemathesis checks every response against them). Their
field names and order come from the one row shape (`projects/selectors/venture_row_shape.py`).
"""

from django.core.exceptions import ImproperlyConfigured
from drf_spectacular.utils import extend_schema_serializer
from rest_framework import serializers

from projects.api.serializers.common import _choice
from projects.models import (
    Arrangement,
    CitationFact,
    ContributionKind,
    ContributionSide,
    Country,
    DatePrecision,
    LocationPrecision,
    PartnerRole,
    PublicationState,
    Sector,
    SourceType,
    Status,
    VentureForm,
)
from projects.selectors.confidence import CONFIDENCE_CHOICES
from projects.selectors.venture_row_shape import LATEST_SOURCE_FIELDS, PARTNER_FIELDS, ROW_FIELDS


class PartnerBriefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    country = serializers.ChoiceField(choices=Country.choices)
    role = serializers.ChoiceField(choices=PartnerRole.choices)


class LatestSourceSerializer(serializers.Serializer):
    publisher = serializers.CharField()
    published_on = serializers.DateField(allow_null=True)
    url = serializers.URLField(allow_null=True, help_text="Null for a source not online.")
    title = serializers.CharField()
    citation = serializers.CharField(help_text="Bibliographic reference of a source without a URL.")


# The type of each venture row field; their names and order come from the one row shape (ROW_FIELDS).
ROW_FIELD_SERIALIZERS = {
    "public_id": lambda: serializers.CharField(help_text="Stable id, e.g. JV-0001; never reused."),
    "name": serializers.CharField,
    "name_ko": lambda: serializers.CharField(help_text="Hangul name, or empty."),
    "name_zh": lambda: serializers.CharField(help_text="Chinese name, or empty."),
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
    "investment_amount": lambda: serializers.DecimalField(max_digits=16, decimal_places=2, allow_null=True),
    "investment_currency": lambda: serializers.CharField(help_text="ISO 4217 code, or empty."),
    "sanctions_note": lambda: serializers.CharField(help_text="An editor's note on sanctions (free text)."),
    "sanctions": lambda: serializers.CharField(
        help_text="Sanctions flags raised, comma-separated (opened_after_ban, active_after_deadline, "
        "sector_banned, partner_designated, exemption_recorded), or empty. See docs/sanctions.md."
    ),
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
    url = serializers.URLField(allow_null=True, help_text="Null for a source not online.")
    title = serializers.CharField()
    publisher = serializers.CharField()
    published_on = serializers.DateField(allow_null=True)
    citation = serializers.CharField(help_text="Bibliographic reference of a source without a URL.")


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


class ConfidenceSerializer(serializers.Serializer):
    level = serializers.ChoiceField(
        choices=[(value, value) for value, _label in CONFIDENCE_CHOICES],
        help_text="high, medium or low, by the rule of /methodology/#confidence-rule.",
    )
    independent_sources = serializers.IntegerField(help_text="Distinct publishers among the sources.")
    source_count = serializers.IntegerField(help_text="Distinct articles (citations and status entries).")
    source_types = serializers.ListField(child=_choice(SourceType.choices))
    grades = serializers.ListField(
        child=serializers.CharField(), help_text="Each independent source's counted grade (A–F), best first."
    )
    single_source = serializers.BooleanField(help_text="Exactly one independent source.")


class SanctionsMeasureSerializer(serializers.Serializer):
    key = serializers.CharField()
    kind = serializers.CharField()
    document_symbol = serializers.CharField(help_text="e.g. S/RES/2375 (2017).")
    paragraph = serializers.CharField()
    adopted_on = serializers.DateField()
    effective_on = serializers.DateField(allow_null=True, help_text="Effective or deadline date.")
    summary = serializers.CharField(help_text="Our paraphrase, in the active language when we have one.")
    url = serializers.CharField(help_text="Link to the document.")


class SanctionsFlagSerializer(serializers.Serializer):
    flag = serializers.CharField()
    label = serializers.CharField()
    raised = serializers.BooleanField()
    explanation = serializers.CharField()
    measures = SanctionsMeasureSerializer(many=True, help_text="The clauses the flag rests on.")
    status_entries = serializers.ListField(
        child=serializers.IntegerField(), help_text="Ids of the status entries the flag rests on."
    )
    uncertain_status_entries = serializers.ListField(
        child=serializers.IntegerField(),
        help_text="Entries the rule could not place: undated, or a month or year straddling the day.",
    )
    partners = serializers.ListField(child=serializers.IntegerField(), help_text="Designated partners' ids.")


class VentureDetailSerializer(VentureRowSerializer):
    other_names = serializers.ListField(child=serializers.CharField())
    exemption_reference = serializers.CharField(help_text="1718 Committee approval reference, or empty.")
    exemption_approved_on = serializers.DateField(allow_null=True)
    sanctions_assessment = SanctionsFlagSerializer(many=True, help_text="docs/sanctions.md")
    location_note = serializers.CharField()
    description = serializers.CharField()
    publication_state = _choice(PublicationState.choices)
    version = serializers.IntegerField(help_text="Send it back (or as If-Match) when you change the venture.")
    created_at = serializers.DateTimeField()
    published_at = serializers.DateTimeField(allow_null=True)
    partners = PartnerDetailSerializer(many=True)
    contributions = ContributionSerializer(many=True)
    status_history = StatusEntryOutputSerializer(many=True)
    citations = CitationOutputSerializer(many=True)
    confidence = ConfidenceSerializer()


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
