"""The sanctions rules in SQL: which flags a venture raises, as ORM conditions (the filter, the
portable rows) and as one PostgreSQL expression (the hand-written row and export queries).

Both say the same thing; tests/test_sanctions.py checks them against each other. The dates and sectors
come from the measures table (projects/models/sanctions.py), picked by kind, so a reviewer's
correction of a measure changes every assessment at once. The rules, and why the boundaries fall
where they do, are described in docs/sanctions.md:

- opened_after_ban: a status entry of opening or expansion (contract signed, under construction,
  expanding) dated on or after the day the ban on new joint ventures applies (2371 ¶12: 5 August 2017).
- active_after_deadline: a status entry of an active venture (contract signed, under construction,
  operating, expanding) dated after the closure deadline (2375 ¶18: 9 January 2018, the last allowed day).
- sector_banned: the venture's sector is covered by a ban on goods (2397 ¶6 and ¶7).
- partner_designated: a partner has a sanctions designation (or the FollowTheMoney topic "sanction").
- exemption_recorded: a 1718 Committee approval is recorded on the venture.

A status date is stored as the first day of its period (a month, a year). Comparing that first day
counts an entry only when its whole period lies on the flagged side: "2017-08" is not counted as on or
after 5 August 2017 (it may be 1-4 August), "2017-09" is; "2018-01" is not after 9 January 2018, "2018-02"
is. Undated entries are never counted. The page lists the entries left out for that reason.
"""

from django.db import models
from django.db.models import Case, CharField, Exists, Min, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce, Concat, Substr
from django.utils.translation import gettext_lazy as _

from projects.models import MeasureKind, SanctionsMeasure, StatusEntry, VenturePartner
from projects.selectors.sanctions_sql import (
    ACTIVE_STATUSES,
    DESIGNATED_TOPIC,
    FLAG_SEPARATOR,
    OPENING_STATUSES,
    TOPIC_SEPARATOR,
)


class SanctionsFlag(models.TextChoices):
    OPENED_AFTER_BAN = "opened_after_ban", _("Opened or expanded after the ban on new joint ventures")
    ACTIVE_AFTER_DEADLINE = "active_after_deadline", _("Reported active after the closure deadline")
    SECTOR_BANNED = "sector_banned", _("Sector covered by a ban on goods")
    PARTNER_DESIGNATED = "partner_designated", _("A partner is designated")
    EXEMPTION_RECORDED = "exemption_recorded", _("1718 Committee exemption recorded")


# Which measure kind each dated rule reads its day from.
RULE_MEASURE_KIND = {
    SanctionsFlag.OPENED_AFTER_BAN: MeasureKind.NEW_JV_BAN,
    SanctionsFlag.ACTIVE_AFTER_DEADLINE: MeasureKind.JV_CLOSURE,
    SanctionsFlag.SECTOR_BANNED: MeasureKind.SECTOR_BAN,
}


def _rule_day(kind: str) -> Subquery:
    """The day a rule turns on: the earliest applies-from day of the measures of that kind."""
    days = (
        SanctionsMeasure.objects.filter(kind=kind)
        .annotate(day=Coalesce("effective_on", "adopted_on"))
        .values("kind")
        .annotate(first=Min("day"))
        .values("first")
    )
    return Subquery(days[:1])


def _padded(field, separator: str):
    return Concat(Value(separator), field, Value(separator), output_field=CharField())


def flag_conditions() -> dict[str, Q]:
    """Per flag, the condition on a venture queryset row (over `pk`, `sector`, `exemption_reference`)."""
    entries = StatusEntry.objects.filter(venture=OuterRef("pk"))
    opened = entries.filter(status__in=OPENING_STATUSES, date__gte=_rule_day(MeasureKind.NEW_JV_BAN))
    active = entries.filter(status__in=ACTIVE_STATUSES, date__gt=_rule_day(MeasureKind.JV_CLOSURE))
    sector_bans = (
        SanctionsMeasure.objects.filter(kind=MeasureKind.SECTOR_BAN)
        .annotate(padded=_padded("sectors", FLAG_SEPARATOR))
        .filter(padded__contains=_padded(OuterRef("sector"), FLAG_SEPARATOR))
    )
    designated = (
        VenturePartner.objects.filter(venture=OuterRef("pk"))
        .annotate(topics=_padded("organization__sanctions_topics", TOPIC_SEPARATOR))
        .filter(
            Q(organization__sanctions_designations__gt="")
            | Q(topics__contains=f"{TOPIC_SEPARATOR}{DESIGNATED_TOPIC}{TOPIC_SEPARATOR}")
        )
    )
    return {
        SanctionsFlag.OPENED_AFTER_BAN: Q(Exists(opened)),
        SanctionsFlag.ACTIVE_AFTER_DEADLINE: Q(Exists(active)),
        SanctionsFlag.SECTOR_BANNED: Q(Exists(sector_bans)),
        SanctionsFlag.PARTNER_DESIGNATED: Q(Exists(designated)),
        SanctionsFlag.EXEMPTION_RECORDED: ~Q(exemption_reference=""),
    }


def _rule_days() -> dict[str, object]:
    """Per measure kind, the earliest applies-from day (one small query; as `_rule_day` in SQL)."""
    days = {}
    for kind, adopted_on, effective_on in SanctionsMeasure.objects.values_list(
        "kind", "adopted_on", "effective_on"
    ):
        day = effective_on or adopted_on
        days[kind] = min(day, days.get(kind, day))
    return days


def _banned_sectors() -> list[str]:
    sectors = SanctionsMeasure.objects.filter(kind=MeasureKind.SECTOR_BAN).values_list("sectors", flat=True)
    return sorted({sector for text in sectors for sector in text.split(FLAG_SEPARATOR) if sector})


def any_flag_condition(flags) -> Q:
    """The filter: ventures raising any of `flags`. The same rules as `flag_conditions`, written for
    speed: the measures' days and sectors are read first (two small queries) and each flag is an
    uncorrelated `pk IN (…)`, which PostgreSQL hashes once even under OR (an OR of correlated EXISTS
    is run once per venture: 3.7x the plain list for two flags on 10,000 ventures, docs/benchmarks.md).
    """
    flags = set(flags)
    days = _rule_days()
    conditions, entries = [], []
    if SanctionsFlag.OPENED_AFTER_BAN in flags and MeasureKind.NEW_JV_BAN in days:
        entries.append(Q(status__in=OPENING_STATUSES, date__gte=days[MeasureKind.NEW_JV_BAN]))
    if SanctionsFlag.ACTIVE_AFTER_DEADLINE in flags and MeasureKind.JV_CLOSURE in days:
        entries.append(Q(status__in=ACTIVE_STATUSES, date__gt=days[MeasureKind.JV_CLOSURE]))
    if entries:
        conditions.append(Q(pk__in=StatusEntry.objects.filter(_any(entries)).values("venture_id")))
    sectors = _banned_sectors() if SanctionsFlag.SECTOR_BANNED in flags else []
    if sectors:
        conditions.append(Q(sector__in=sectors))
    if SanctionsFlag.PARTNER_DESIGNATED in flags:
        designated = VenturePartner.objects.annotate(
            topics=_padded("organization__sanctions_topics", TOPIC_SEPARATOR)
        ).filter(
            Q(organization__sanctions_designations__gt="")
            | Q(topics__contains=f"{TOPIC_SEPARATOR}{DESIGNATED_TOPIC}{TOPIC_SEPARATOR}")
        )
        conditions.append(Q(pk__in=designated.values("venture_id")))
    if SanctionsFlag.EXEMPTION_RECORDED in flags:
        conditions.append(~Q(exemption_reference=""))
    # No condition (a dated flag without its measure): nothing matches, as in `flag_conditions`.
    return _any(conditions) if conditions else Q(pk__in=[])


def _any(conditions: list[Q]) -> Q:
    query = conditions[0]
    for condition in conditions[1:]:
        query |= condition
    return query


def sanctions_flags_expression():
    """The raised flags of a venture as one text, in SanctionsFlag order: "opened_after_ban,sector_banned"."""
    pieces = [
        Case(When(condition, then=Value(FLAG_SEPARATOR + flag)), default=Value(""), output_field=CharField())
        for flag, condition in flag_conditions().items()
    ]
    return Substr(Concat(*pieces, output_field=CharField()), 2)


def split_flags(text: str | None) -> list[str]:
    return [flag for flag in (text or "").split(FLAG_SEPARATOR) if flag]
