"""A venture's sanctions assessment, flag by flag, with the measures and status entries each rests on.

The same rules as the SQL of projects/selectors/sanctions_rules.py (the filter, the rows and exports),
here in Python for one venture's page and API detail, where each flag also names its evidence and the
entries the rules could not place (an undated entry, or a month or year straddling the boundary day).
"""

import calendar
import datetime
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from projects.models import DatePrecision, MeasureKind, SanctionsMeasure, Venture, VenturePartner
from projects.models.evidence import precise_date, status_order
from projects.selectors.sanctions_rules import SanctionsFlag
from projects.selectors.sanctions_sql import (
    ACTIVE_STATUSES,
    DESIGNATED_TOPIC,
    OPENING_STATUSES,
    TOPIC_SEPARATOR,
)


@dataclass(frozen=True)
class Entry:
    id: int
    status: str
    date: datetime.date | None
    date_precision: str

    @property
    def period_end(self) -> datetime.date | None:
        """The last day the entry's date may stand for (its date is the first day of its period)."""
        if self.date is None:
            return None
        if self.date_precision == DatePrecision.YEAR:
            return self.date.replace(month=12, day=31)
        if self.date_precision == DatePrecision.MONTH:
            return self.date.replace(day=calendar.monthrange(self.date.year, self.date.month)[1])
        return self.date

    @property
    def display_date(self) -> str:
        return precise_date(self.date, self.date_precision)


@dataclass
class FlagAssessment:
    flag: str
    raised: bool
    explanation: str
    measures: list = field(default_factory=list)
    status_entries: list[Entry] = field(default_factory=list)
    uncertain_entries: list[Entry] = field(default_factory=list)
    partners: list = field(default_factory=list)  # (organization id, name)

    @property
    def label(self) -> str:
        return str(SanctionsFlag(self.flag).label)

    def as_json(self) -> dict:
        return {
            "flag": self.flag,
            "label": self.label,
            "raised": self.raised,
            "explanation": self.explanation,
            "measures": [measure_json(m) for m in self.measures],
            "status_entries": [e.id for e in self.status_entries],
            "uncertain_status_entries": [e.id for e in self.uncertain_entries],
            "partners": [organization_id for organization_id, _name in self.partners],
        }


def measure_json(measure: SanctionsMeasure) -> dict:
    return {
        "key": measure.key,
        "kind": measure.kind,
        "document_symbol": measure.document_symbol,
        "paragraph": measure.paragraph,
        "adopted_on": measure.adopted_on,
        "effective_on": measure.effective_on,
        "summary": measure.localized_summary(),
        "url": measure.url,
    }


def _as_date(value) -> datetime.date | None:
    if value is None or isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(value)


def _rule_measures(measures, kind):
    chosen = [m for m in measures if m.kind == kind]
    # The earliest applies-from day governs (as `_rule_day` in SQL).
    return sorted(chosen, key=lambda m: (m.applies_from, m.pk or 0))


def _dated_flag(flag, measures, entries, statuses, *, strictly_after: bool) -> FlagAssessment:
    kind = MeasureKind.NEW_JV_BAN if flag == SanctionsFlag.OPENED_AFTER_BAN else MeasureKind.JV_CLOSURE
    rule_measures = _rule_measures(measures, kind)
    relevant = [e for e in entries if e.status in statuses]
    if not rule_measures:
        return FlagAssessment(flag, False, _("No measure of this kind is recorded."))
    day = rule_measures[0].applies_from
    if strictly_after:
        certain = [e for e in relevant if e.date is not None and e.date > day]
        uncertain = [e for e in relevant if e.date is not None and e.date <= day < e.period_end]
        when = _("after %(day)s") % {"day": day.isoformat()}
    else:
        certain = [e for e in relevant if e.date is not None and e.date >= day]
        uncertain = [e for e in relevant if e.date is not None and e.date < day <= e.period_end]
        when = _("on or after %(day)s") % {"day": day.isoformat()}
    undated = [e for e in relevant if e.date is None]
    if certain:
        explanation = _("%(count)d status entries dated %(when)s.") % {"count": len(certain), "when": when}
    else:
        explanation = _("No status entry of this kind is dated %(when)s.") % {"when": when}
    if uncertain:
        explanation += " " + _(
            "%(count)d entries are dated only to a month or year that includes that day, so they are "
            "not counted."
        ) % {"count": len(uncertain)}
    if undated:
        explanation += " " + _("%(count)d undated entries cannot be placed.") % {"count": len(undated)}
    return FlagAssessment(
        flag,
        bool(certain),
        explanation,
        measures=rule_measures,
        status_entries=certain,
        uncertain_entries=uncertain + undated,
    )


def is_designated(designations: str, topics: str) -> bool:
    padded = f"{TOPIC_SEPARATOR}{topics}{TOPIC_SEPARATOR}"
    return bool(designations) or f"{TOPIC_SEPARATOR}{DESIGNATED_TOPIC}{TOPIC_SEPARATOR}" in padded


def assess(
    *, sector: str, exemption_reference: str, exemption_approved_on, entries, partners, measures
) -> list[FlagAssessment]:
    """Every flag, raised or not. `partners`: (organization id, name, designations, topics)."""
    entries = [Entry(e.id, e.status, _as_date(e.date), e.date_precision) for e in entries]
    flags = [
        _dated_flag(
            SanctionsFlag.OPENED_AFTER_BAN, measures, entries, OPENING_STATUSES, strictly_after=False
        ),
        _dated_flag(
            SanctionsFlag.ACTIVE_AFTER_DEADLINE, measures, entries, ACTIVE_STATUSES, strictly_after=True
        ),
    ]
    sector_measures = [m for m in measures if m.kind == MeasureKind.SECTOR_BAN and sector in m.sector_list]
    flags.append(
        FlagAssessment(
            SanctionsFlag.SECTOR_BANNED,
            bool(sector_measures),
            _("The venture's sector is covered by these bans on goods.")
            if sector_measures
            else _("No recorded ban on goods covers the venture's sector."),
            measures=sector_measures,
        )
    )
    designated = [
        (pk, name) for pk, name, designations, topics in partners if is_designated(designations, topics)
    ]
    flags.append(
        FlagAssessment(
            SanctionsFlag.PARTNER_DESIGNATED,
            bool(designated),
            _("These partners have a sanctions designation recorded.")
            if designated
            else _("No partner has a sanctions designation recorded."),
            partners=designated,
        )
    )
    closure = _rule_measures(measures, MeasureKind.JV_CLOSURE)
    if exemption_reference:
        approved = _as_date(exemption_approved_on)
        explanation = _("1718 Committee approval %(reference)s") % {"reference": exemption_reference}
        if approved:
            explanation += " " + _("of %(day)s") % {"day": approved.isoformat()}
        explanation += "."
    else:
        explanation = _("No 1718 Committee approval is recorded.")
    flags.append(
        FlagAssessment(
            SanctionsFlag.EXEMPTION_RECORDED, bool(exemption_reference), explanation, measures=closure
        )
    )
    return flags


def venture_assessment(venture: Venture, *, statuses=None, partners=None) -> list[FlagAssessment]:
    """A venture's page: its status entries and partners (already read for the page, when given)."""
    statuses = statuses if statuses is not None else list(venture.status_entries.order_by(*status_order()))
    partners = partners if partners is not None else list(venture.partners.select_related("organization"))
    return assess(
        sector=venture.sector,
        exemption_reference=venture.exemption_reference,
        exemption_approved_on=venture.exemption_approved_on,
        entries=statuses,
        partners=[
            (
                vp.organization_id,
                vp.organization.name,
                vp.organization.sanctions_designations,
                vp.organization.sanctions_topics,
            )
            for vp in partners
        ],
        measures=list(SanctionsMeasure.objects.all()),
    )


def detail_assessment(row: dict) -> list[dict]:
    """The API detail's `sanctions_assessment`, from the detail row (its status history) and two queries."""
    partner_rows = VenturePartner.objects.filter(venture__public_id=row["public_id"]).values_list(
        "organization_id",
        "organization__name",
        "organization__sanctions_designations",
        "organization__sanctions_topics",
    )
    entries = [
        Entry(e["id"], e["status"], _as_date(e["date"]), e["date_precision"]) for e in row["status_history"]
    ]
    flags = assess(
        sector=row["sector"],
        exemption_reference=row["exemption_reference"],
        exemption_approved_on=row["exemption_approved_on"],
        entries=entries,
        partners=list(partner_rows),
        measures=list(SanctionsMeasure.objects.all()),
    )
    return [flag.as_json() for flag in flags]
