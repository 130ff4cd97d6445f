"""Labels for choice values that reach templates as plain strings (annotations, JSON)."""

from django import template

from projects.models import Country, LocationPrecision, Sector, Status
from projects.models.ventures import precise_date
from projects.selectors.history import venture_parts_history as parts_history

register = template.Library()

_STATUS = dict(Status.choices)
_SECTOR = dict(Sector.choices)
_COUNTRY = dict(Country.choices)
_PRECISION = dict(LocationPrecision.choices)


@register.filter
def status_label(value):
    return _STATUS.get(value, value or "no status yet")


@register.filter
def sector_label(value):
    return _SECTOR.get(value, value)


@register.filter
def country_label(value):
    return _COUNTRY.get(value, value)


@register.filter
def precision_label(value):
    return _PRECISION.get(value, value)


register.filter("precise_date", precise_date)


@register.filter
def http_url(value):
    """The URL if it is http(s), else "#": a stored `javascript:` link must never become clickable."""
    text = str(value or "")
    return text if text.lower().startswith(("http://", "https://")) else "#"


@register.simple_tag
def venture_parts_history(venture):
    """The latest changes of a venture's parts, for its admin history page."""
    return parts_history(venture_id=venture.pk)
