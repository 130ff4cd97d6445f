"""Labels for choice values that reach templates as plain strings (annotations, JSON)."""

from django import template

from projects.models import Country, DatePrecision, LocationPrecision, Sector, Status

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


@register.filter
def precise_date(value, precision):
    """A date shown only as precisely as it is known (year, month or day)."""
    if value is None:
        return ""
    if precision == DatePrecision.YEAR:
        return f"{value:%Y}"
    if precision == DatePrecision.MONTH:
        return f"{value:%Y-%m}"
    return value.isoformat()


@register.filter
def http_url(value):
    """The URL if it is http(s), else "#": a stored `javascript:` link must never become clickable."""
    text = str(value or "")
    return text if text.lower().startswith(("http://", "https://")) else "#"
