"""The values an import plan is made of: problems, planned records, row plans, and cell parsers.

Split from projects/services/import_plan.py, which plans; projects/services/imports.py applies.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.utils import translation

from projects.models import DatePrecision, ImportKind, PartnerRole, Venture
from projects.services.import_rows import Record

REFERENCE_PATH = Path(__file__).resolve().parent.parent / "data" / "reference" / "ventures.json"
TEXT_FIELDS = ("name", "name_ko", "name_zh", "other_names", "investment_currency", "location_note")
TEXT_FIELDS += ("description", "sanctions_note", "editor_note")
ROLE_BY_COUNTRY = {"CN": PartnerRole.CHINESE_INVESTOR, "KP": PartnerRole.NORTH_KOREAN_PARTNER}


@dataclass
class Problem:
    row: int
    column: str
    message: str
    sheet: str = ""

    def __str__(self):
        where = (
            f"{self.sheet}, row {self.row}"
            if self.sheet and self.sheet not in ("csv",)
            else f"Row {self.row}"
        )
        return f"{where}, column “{self.column}”: {self.message}"


@dataclass
class Planned:
    """A record that does not exist yet (a new organization, source or venture of this import)."""

    values: dict
    row: int = 0
    obj: object = None  # the saved object, once applied

    @property
    def pk(self):
        return None


@dataclass
class PlannedCitation:
    """A citation of the row. `supports` is None when the file does not say which fact (then the first
    citation of a status entry's source cites that entry); else the fact, with the partner (organization,
    role) or status entry (its planned tuple) it names, once resolved from their keys."""

    key: str  # the source's key in RowPlan.sources
    quote: str = ""
    summary: str = ""
    supports: str | None = None
    partner: tuple | None = None
    status_entry: tuple | None = None
    note: str = ""
    item: dict | None = None  # the file's cells (for messages), and the partner/status keys given

    def identity(self, source_key: str) -> tuple:
        """What tells this citation from the venture's others (stored ones compare the same way)."""
        legacy = (source_key, self.quote, self.summary)
        return legacy if self.supports is None else (*legacy, self.note, self.supports)


@dataclass
class RowPlan:
    record: Record
    action: str = "create"  # create | update | unchanged | skip | error
    reason: str = ""
    venture: Venture | None = None
    fields: dict = field(default_factory=dict)
    partners: list = field(default_factory=list)  # (organization or Planned, role, stake)
    statuses: list = field(default_factory=list)  # (status, date, precision, source key, note)
    sources: dict = field(default_factory=dict)  # key -> SourceArticle or Planned
    citations: list = field(default_factory=list)  # PlannedCitation
    partner_keys: dict = field(default_factory=dict)  # a partner's key in the file -> (organization, role)
    status_keys: dict = field(default_factory=dict)  # a status entry's key in the file -> its planned tuple
    duplicates: list = field(default_factory=list)
    warnings: list = field(default_factory=list)


@dataclass
class ImportPlan:
    rows: list = field(default_factory=list)
    problems: list = field(default_factory=list)
    ignored_columns: list = field(default_factory=list)
    filename: str = ""
    sha256: str = ""
    headers: list = field(default_factory=list)
    mapping: dict = field(default_factory=dict)
    kind: str = ImportKind.SPREADSHEET

    @property
    def ok(self) -> bool:
        return not self.problems

    def counts(self) -> dict:
        counts = dict.fromkeys(("create", "update", "unchanged", "skip", "error"), 0)
        for row in self.rows:
            counts[row.action] += 1
        counts["duplicates"] = sum(1 for row in self.rows if row.duplicates and row.action == "skip")
        counts["problems"] = len(self.problems)
        return counts


class ImportRefused(Exception):
    def __init__(self, plan: ImportPlan):
        super().__init__("; ".join(str(p) for p in plan.problems[:20]))
        self.plan = plan


def _key(value: str) -> str:
    return value.strip().lower().replace(" ", "_").replace("-", "_")


def _choice(value: str, choices, *, blank: bool):
    if not value:
        return "" if blank else None
    wanted = _key(value)
    # A spreadsheet names a choice by its code or its label, in English or in the editor's language
    # (the labels are translated; the files in docs/import.md are written in English).
    with translation.override("en"):
        english = [str(label) for _code, label in choices]
    for (code, label), english_label in zip(choices, english, strict=True):
        if wanted in (_key(str(code)), _key(str(label)), _key(english_label)):
            return code
    return None


def _choices_text(choices) -> str:
    return ", ".join(str(code) for code, _ in choices if code)


def _decimal(value: str):
    try:
        number = Decimal(value.replace(",", "").replace("%", "").strip())
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _date(value: str) -> tuple[datetime.date | None, str | None]:
    """A date and the precision its form shows (YYYY, YYYY-MM, YYYY-MM-DD); (None, None) if invalid."""
    text = value.strip()[:10]
    try:
        if len(text) == 4:
            return datetime.date(int(text), 1, 1), DatePrecision.YEAR
        if len(text) == 7:
            return datetime.date(int(text[:4]), int(text[5:7]), 1), DatePrecision.MONTH
        return datetime.date.fromisoformat(text), DatePrecision.DAY
    except ValueError:
        return None, None
