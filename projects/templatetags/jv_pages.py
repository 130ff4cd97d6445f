"""Labels for choice values that reach templates as plain strings (annotations, JSON)."""

from babel.numbers import format_currency, format_decimal
from django import template
from django.utils import translation

from projects.models import Country, LocationPrecision, Sector, Status
from projects.models.evidence import precise_date
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


@register.filter
def money(amount, currency):
    """An amount in its currency, as the page's language writes it: 12000000 CNY → "CN¥12,000,000"
    (cents only when there are some), by Babel's CLDR data (shipped in the package)."""
    if amount is None:
        return ""
    locale = (translation.get_language() or "en").replace("-", "_")
    if not currency:
        return format_decimal(amount, locale=locale)
    whole = amount == amount.to_integral_value()
    try:
        text = format_currency(
            amount, currency, locale=locale, format="¤#,##0" if whole else None, currency_digits=not whole
        )
    except (ValueError, LookupError):  # an unknown locale falls back to English
        text = format_currency(
            amount, currency, locale="en", format="¤#,##0" if whole else None, currency_digits=not whole
        )
    # The symbol alone can be ambiguous (¥ is yen or yuan in some locales): the ISO code follows.
    return f"{text} ({currency})" if currency not in text else text
