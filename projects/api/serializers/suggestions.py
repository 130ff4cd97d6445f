"""The documented shape of the intake's suggestions for a source (editors only), pre-read ventures included.

Schema only: the data is the stored `SourceSuggestions.data` as `projects.selectors.sources.
source_suggestions` returns it (docs/intake.md, "JSON shape"); these serializers describe it for the
OpenAPI schema, and schemathesis checks the responses against them.
"""

from rest_framework import serializers

from projects.api.serializers.common import _choice
from projects.models import (
    Arrangement,
    ContributionKind,
    ContributionSide,
    Country,
    DatePrecision,
    LocationPrecision,
    PartnerRole,
    Sector,
    Status,
    VentureForm,
)

SENTENCE = "The article's sentence the value comes from."


class ProposedPartnerSerializer(serializers.Serializer):
    name = serializers.CharField(help_text="The organization's name as written, without possessives.")
    country = _choice(Country.choices)
    role = _choice(PartnerRole.choices)
    stake = serializers.FloatField(allow_null=True, help_text="Percent, when the article states it.")
    organization_id = serializers.IntegerField(
        allow_null=True, help_text="The existing Organization it matches (any name variant), or null: new."
    )
    sentence = serializers.CharField(help_text=SENTENCE)


class ProposedInvestmentSerializer(serializers.Serializer):
    amount = serializers.CharField(help_text="A decimal number as a string, in units of the currency.")
    currency = serializers.CharField(help_text="ISO 4217 code.")
    sentence = serializers.CharField(help_text=SENTENCE)


class ProposedStatusSerializer(serializers.Serializer):
    status = _choice(Status.choices)
    date = serializers.DateField(allow_null=True, help_text="Null when the article gives no date.")
    date_precision = _choice(DatePrecision.choices)
    sentence = serializers.CharField(help_text=SENTENCE)


class ProposedContributionSerializer(serializers.Serializer):
    side = _choice(ContributionSide.choices)
    kind = _choice(ContributionKind.choices)
    sentence = serializers.CharField(help_text=SENTENCE)


class ExistingVentureSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    public_id = serializers.CharField()
    name = serializers.CharField()
    why = serializers.CharField(
        help_text="Why it may be the same venture (place and sector, a partner, a name)."
    )


class ProposedVentureSerializer(serializers.Serializer):
    """One venture the pre-read proposes; nothing is created until an editor confirms it."""

    name = serializers.CharField()
    name_sentence = serializers.CharField(allow_null=True, allow_blank=True)
    sector = _choice(Sector.choices, allow_null=True)
    sector_sentence = serializers.CharField(allow_null=True, allow_blank=True)
    form = _choice(VentureForm.choices, allow_null=True, allow_blank=True)
    arrangement = _choice(Arrangement.choices, allow_null=True, allow_blank=True)
    province = serializers.CharField(allow_null=True, help_text="ISO 3166-2:KP code.")
    province_sentence = serializers.CharField(allow_null=True, allow_blank=True)
    place_id = serializers.IntegerField(allow_null=True, help_text="A gazetteer place.")
    place_sentence = serializers.CharField(allow_null=True, allow_blank=True)
    location_precision = _choice(LocationPrecision.choices, allow_null=True)
    language = serializers.CharField(help_text="The language of the sentences it was read from.")
    partners = ProposedPartnerSerializer(many=True)
    investment = ProposedInvestmentSerializer(allow_null=True)
    status = ProposedStatusSerializer(allow_null=True)
    contributions = ProposedContributionSerializer(many=True)
    existing_ventures = ExistingVentureSerializer(many=True)


class PrereadNoteSerializer(serializers.Serializer):
    version = serializers.IntegerField()
    note = serializers.CharField(allow_blank=True, help_text="Why nothing was read, when nothing was.")
    truncated = serializers.ListField(
        child=serializers.CharField(), help_text="Bounds reached: text, sentences."
    )


class SuggestionsSerializer(serializers.Serializer):
    """What the intake found in the article, for editors and reviewers (it may name draft ventures)."""

    version = serializers.IntegerField()
    language = serializers.CharField(
        help_text="The article's language as detected: en, ko, zh, zh-Hant, ja, or empty (none the pre-read reads)."
    )
    triage_state = serializers.CharField()
    computed_at = serializers.DateTimeField()
    mentions = serializers.ListField(child=serializers.DictField())
    provinces = serializers.ListField(child=serializers.DictField())
    places = serializers.ListField(child=serializers.DictField())
    sectors = serializers.ListField(child=serializers.DictField())
    forms = serializers.ListField(child=serializers.DictField())
    organizations = serializers.ListField(child=serializers.DictField())
    candidate_ventures = serializers.ListField(child=serializers.DictField())
    truncated = serializers.ListField(
        child=serializers.CharField(),
        required=False,
        help_text="Bounds reached: text, mentions, organizations.",
    )
    ventures = ProposedVentureSerializer(
        many=True, help_text="The pre-read's proposed ventures, each value with its sentence (usually one)."
    )
    preread = PrereadNoteSerializer(required=False, help_text="What the pre-read read (absent before it).")
