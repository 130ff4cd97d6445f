"""`sanctions=<flag>[,<flag>…]` for the one FilterSet (projects/selectors/filters.py): ventures raising
any of the flags (projects/selectors/sanctions_rules.py), computed in SQL with EXISTS."""

import django_filters
from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field

from projects.selectors.sanctions_rules import SanctionsFlag, any_flag_condition
from projects.selectors.sanctions_sql import FLAG_SEPARATOR


class CommaMultipleChoiceField(forms.MultipleChoiceField):
    """Choices given repeated (`?sanctions=a&sanctions=b`) or comma-separated (`?sanctions=a,b`)."""

    def to_python(self, value):
        values = super().to_python(value)
        return [part.strip() for item in values for part in item.split(FLAG_SEPARATOR) if part.strip()]


@extend_schema_field(
    {
        "type": "string",
        "example": "opened_after_ban,active_after_deadline",
        "description": "Comma-separated sanctions flags: " + ", ".join(SanctionsFlag.values) + ".",
    }
)
class SanctionsFilter(django_filters.MultipleChoiceFilter):
    field_class = CommaMultipleChoiceField

    def __init__(self, **kwargs):
        values = ", ".join(SanctionsFlag.values)
        super().__init__(
            choices=SanctionsFlag.choices,
            distinct=False,
            help_text=_(
                "Sanctions flags (comma-separated or repeated): ventures raising any of them. One of: %(values)s."
            )
            % {"values": values},
            error_messages={
                "invalid_choice": format_lazy(
                    _("“%(value)s” is not allowed. Use one of: {allowed}."), allowed=values
                )
            },
            **kwargs,
        )

    def filter(self, qs, value):
        if not value:
            return qs
        return qs.filter(any_flag_condition(value))
