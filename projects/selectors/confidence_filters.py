"""The `confidence=` and `single_source=` parameters of the one VentureFilterSet (mixed into it in
projects/selectors/filters.py), by the rule of projects/selectors/confidence.py."""

import django_filters
from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from projects.selectors.confidence import CONFIDENCE_CHOICES, filter_by_confidence

BOOLEAN_VALUES = {"true": True, "false": False}


class StrictBooleanField(forms.CharField):
    """Only `true` or `false`: any other value is an error naming them (never read as false)."""

    def clean(self, value):
        value = super().clean(value)
        if value in (None, ""):
            return None
        try:
            return BOOLEAN_VALUES[value.lower()]
        except KeyError:
            raise forms.ValidationError(_("Use true or false.")) from None


@extend_schema_field(OpenApiTypes.BOOL)
class StrictBooleanFilter(django_filters.Filter):
    field_class = StrictBooleanField


class ConfidenceFilters(django_filters.FilterSet):
    confidence = django_filters.MultipleChoiceFilter(
        choices=[(value, value) for value, _label in CONFIDENCE_CHOICES],
        method="filter_confidence",
        help_text="Confidence high, medium or low (repeatable), by the rule on /methodology/.",
        error_messages={
            "invalid_choice": format_lazy(
                _("“%(value)s” is not allowed. Use one of: {allowed}."), allowed="high, medium, low"
            )
        },
    )
    single_source = StrictBooleanFilter(
        method="filter_single_source",
        help_text="true: ventures resting on one independent source; false: on several (or none).",
    )

    class Meta:
        fields: list[str] = []

    def filter_confidence(self, queryset, name, levels):
        return filter_by_confidence(queryset, levels=set(levels)) if levels else queryset

    def filter_single_source(self, queryset, name, value):
        return queryset if value is None else filter_by_confidence(queryset, single_source=value)
