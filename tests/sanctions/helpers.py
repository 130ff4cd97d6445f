"""Shared helpers of the sanctions tests: a venture's flags read by every path that computes them."""

import datetime

from django.db import connection
from django.http import QueryDict

from projects.models import DatePrecision, Sector, Status, Venture
from projects.selectors.filters import VentureFilterSet
from projects.selectors.sanctions import venture_assessment
from projects.selectors.sanctions_rules import SanctionsFlag, sanctions_flags_expression
from projects.selectors.sanctions_sql import SANCTIONS_FLAGS_SET_SQL, SANCTIONS_FLAGS_SQL
from projects.selectors.ventures import visible_ventures, with_current_status
from projects.services.ventures import status_entry_create
from tests.factories import SourceArticleFactory, make_venture

SOURCE_DAY = datetime.date(2025, 10, 1)


def venture_with_entries(*entries, sector=Sector.TRADE, **fields) -> Venture:
    """A published venture with the given (status, date, precision) entries and one plain partner."""
    venture = make_venture(sector=sector, status=None, **fields)
    source = SourceArticleFactory(published_on=SOURCE_DAY)
    for status, date, precision in entries:
        status_entry_create(
            venture=venture, status=status, date=date, date_precision=precision, source=source
        )
    venture.refresh_from_db()
    return venture


def day(year, month, day_of_month):
    return (datetime.date(year, month, day_of_month), DatePrecision.DAY)


def month(year, month_of_year):
    return (datetime.date(year, month_of_year, 1), DatePrecision.MONTH)


def year(value):
    return (datetime.date(value, 1, 1), DatePrecision.YEAR)


UNDATED = (None, DatePrecision.UNKNOWN)


def entry(status: str, when) -> tuple:
    return (status, *when)


def flags_everywhere(venture: Venture) -> list[str]:
    """The raised flags from the ORM expression, and the same from the filter, the Python assessment
    and (on PostgreSQL) the hand-written SQL; all must agree."""
    (orm_text,) = (
        Venture.objects.filter(pk=venture.pk)
        .annotate(f=sanctions_flags_expression())
        .values_list("f", flat=True)
    )
    orm = [flag for flag in orm_text.split(",") if flag]
    python = [flag.flag for flag in venture_assessment(venture) if flag.raised]
    assert python == orm
    ventures = with_current_status(visible_ventures(user=None))
    for flag in SanctionsFlag.values:
        matched = VentureFilterSet(QueryDict(f"sanctions={flag}"), queryset=ventures, user=None).qs.filter(
            pk=venture.pk
        )
        assert matched.exists() == (flag in orm), flag
    if connection.vendor == "postgresql":
        for sql in (SANCTIONS_FLAGS_SQL, SANCTIONS_FLAGS_SET_SQL):
            with connection.cursor() as cursor:
                cursor.execute("SELECT " + sql + " FROM projects_venture v WHERE v.id = %s", [venture.pk])
                (sql_text,) = cursor.fetchone()
            assert sql_text == orm_text
    return orm


OPENED = SanctionsFlag.OPENED_AFTER_BAN
ACTIVE = SanctionsFlag.ACTIVE_AFTER_DEADLINE
__all__ = ["ACTIVE", "OPENED", "Status"]
