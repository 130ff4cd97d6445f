"""Labels for choice values that reach templates as plain strings (annotations, JSON), and names,
dates and amounts in the page's language (projects/formatting.py, projects/selectors/names.py)."""

from django import template
from django.utils.translation import gettext

from projects.formatting import format_amount, format_precise_date
from projects.models import (
    Country,
    DatePrecision,
    LocationPrecision,
    Reliability,
    Sector,
    Status,
    VentureForm,
)
from projects.selectors.history import venture_parts_history as parts_history
from projects.selectors.names import display_name as _display_name

register = template.Library()

# The labels are lazy: each is translated when a page shows it, in that page's language.
_STATUS = dict(Status.choices)
_SECTOR = dict(Sector.choices)
_COUNTRY = dict(Country.choices)
_PRECISION = dict(LocationPrecision.choices)
_FORM = dict(VentureForm.choices)
_RELIABILITY = dict(Reliability.choices)
_DATE_PRECISION = dict(DatePrecision.choices)


@register.filter
def status_label(value):
    return _STATUS.get(value, value or gettext("no status yet"))


@register.filter
def sector_label(value):
    return _SECTOR.get(value, value)


@register.filter
def country_label(value):
    return _COUNTRY.get(value, value)


@register.filter
def precision_label(value):
    return _PRECISION.get(value, value)


@register.filter
def form_label(value):
    return _FORM.get(value, value)


@register.filter
def reliability_label(value):
    return _RELIABILITY.get(value, value)


@register.filter
def date_precision_label(value):
    return _DATE_PRECISION.get(value, value)


@register.filter
def precise_date(value, precision):
    """A date as precisely as it is known, in the page's language: "September 2017", "2017년 9월"."""
    return format_precise_date(value, precision)


@register.filter
def display_name(obj):
    """A venture's, partner's, province's or place's name in the page's language."""
    return _display_name(obj)


@register.filter
def http_url(value):
    """The URL if it is http(s), else "#": a stored `javascript:` link must never become clickable."""
    text = str(value or "")
    return text if text.lower().startswith(("http://", "https://")) else "#"


@register.simple_tag
def venture_parts_history(venture):
    """The latest changes of a venture's parts, for its admin history page."""
    return parts_history(venture_id=venture.pk)


@register.filter
def money(amount, currency):
    """An amount in its currency, as the page's language writes it: "CNY 12 million", "1,200만 위안",
    "1200万元" (projects/formatting.py)."""
    return format_amount(amount, currency)
