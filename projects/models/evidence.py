"""What the sources say happened: a venture's dated status steps and the citations behind its facts.

Split from models/ventures.py (which keeps the validators and on_delete handler that migrations name).
"""

import datetime

from django.contrib.gis.db import models
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .ventures import (
    Venture,
    VenturePartner,
    citation_part_deleted,
    validate_not_before_1945,
    validate_not_in_future,
)


class Status(models.TextChoices):
    REPORTED = "reported", _("Announced / reported")
    NEGOTIATING = "negotiating", _("Negotiating")
    CONTRACT_SIGNED = "contract_signed", _("Contract signed")
    UNDER_CONSTRUCTION = "under_construction", _("Under construction")
    OPERATING = "operating", _("Operating")
    EXPANDING = "expanding", _("Expanding")
    SUSPENDED = "suspended", _("Suspended")
    CLOSED = "closed", _("Closed or cancelled")


class DatePrecision(models.TextChoices):
    YEAR = "year", _("Year")
    MONTH = "month", _("Month")
    DAY = "day", _("Day")
    # An undated report: the entry is kept and shown "date unknown"; its date is null (and only then).
    UNKNOWN = "unknown", _("Unknown")


# How much of an ISO date (YYYY-MM-DD) each precision shows: 2025, 2025-08, 2025-08-17. The map's
# script gets this table in its page configuration (`date_precision_lengths`).
DATE_PRECISION_LENGTHS = {
    DatePrecision.YEAR.value: 4,
    DatePrecision.MONTH.value: 7,
    DatePrecision.DAY.value: 10,
    DatePrecision.UNKNOWN.value: 0,
}

DATE_UNKNOWN_TEXT = _("date unknown")


def precise_date(value: datetime.date | None, precision: str) -> str:
    """A date shown only as precisely as it is known (year, month or day); a whole date otherwise.

    An undated entry (precision "unknown", date null) reads "date unknown"; no date at all reads "".
    """
    if precision == DatePrecision.UNKNOWN:
        return DATE_UNKNOWN_TEXT
    if value is None:
        return ""
    return value.isoformat()[: DATE_PRECISION_LENGTHS.get(precision, 10)]


# No joint venture with North Korea predates the country (liberation 1945, founding 1948).


def status_order() -> list:
    """A venture's status entries oldest first: undated ones first, then by date, then as entered."""
    return [models.F("date").asc(nulls_first=True), "id"]


def status_latest_first() -> list:
    """The reverse of status_order(): the first row is the current status."""
    return [models.F("date").desc(nulls_last=True), "-id"]


class StatusEntry(models.Model):
    """One dated step in a venture's status series; the latest one is the current status."""

    venture = models.ForeignKey(
        Venture, verbose_name=_("venture"), on_delete=models.CASCADE, related_name="status_entries"
    )
    status = models.CharField(verbose_name=_("status"), max_length=30, choices=Status.choices)
    # Null exactly when the precision is "unknown" (an undated report). Undated entries sort before the
    # dated ones (ascending: NULLS FIRST everywhere), so the current status is the latest dated entry
    # when there is one. STATUS_ORDER / STATUS_LATEST_FIRST are the orderings to use.
    date = models.DateField(
        verbose_name=_("date"),
        null=True,
        blank=True,
        validators=[validate_not_before_1945, validate_not_in_future],
    )
    date_precision = models.CharField(
        verbose_name=_("date precision"),
        max_length=10,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
    )
    source = models.ForeignKey(
        "projects.SourceArticle",
        verbose_name=_("source"),
        on_delete=models.PROTECT,
        related_name="status_entries",
    )
    note = models.TextField(verbose_name=_("note"), blank=True)
    # When the entry was recorded: with the venture's published_at, when it became public (the
    # feeds and digests of projects/selectors/follow.py order and select by it).
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("status entry")
        ordering = [models.F("date").asc(nulls_first=True), "id"]
        verbose_name_plural = _("status entries")
        indexes = [models.Index(fields=["venture", "-date", "-id"], name="status_latest_idx")]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(date__isnull=True) & models.Q(date_precision="unknown"))
                | (models.Q(date__isnull=False) & ~models.Q(date_precision="unknown")),
                name="status_date_null_iff_unknown",
            ),
        ]

    def __str__(self):
        return f"{self.get_status_display()} ({self.display_date})"

    @property
    def display_date(self) -> str:
        return precise_date(self.date, self.date_precision)

    def clean(self):
        if self.date_precision == DatePrecision.UNKNOWN and self.date is not None:
            raise ValidationError({"date": _("An entry whose date is unknown has no date: leave it empty.")})
        if self.date is None and self.date_precision != DatePrecision.UNKNOWN:
            raise ValidationError(
                {"date": _("Give the date, or choose the precision “unknown” for an undated report.")}
            )
        # A year- or month-precision date is stored as the first day of its period.
        if self.date and self.date_precision == DatePrecision.YEAR:
            self.date = self.date.replace(month=1, day=1)
        elif self.date and self.date_precision == DatePrecision.MONTH:
            self.date = self.date.replace(day=1)
        message = status_after_publication_problem(self)
        if message:
            raise ValidationError({"date": message})

    def reporting_sources(self) -> list:
        """The articles reporting this step: its own source and those of the citations supporting it."""
        sources = {self.source_id: self.source} if self.source_id else {}
        if self.pk is not None:
            for citation in self.citations.select_related("source"):
                sources.setdefault(citation.source_id, citation.source)
        return list(sources.values())


def status_after_publication_problem(entry: StatusEntry) -> str:
    """Why a status step cannot stand as it is, or "": a step dated after the publication of every
    article reporting it (an article cannot report what had not happened yet when it came out) needs
    a note saying why, e.g. a date announced in advance. The date is the start of its period, so a
    step of October 2025 is after an article of 30 September, not after one of 5 October."""
    if entry.note.strip() or not entry.date or not entry.source_id or entry.date > timezone.localdate():
        return ""  # (a date in the future has its own error)
    published = [s.published_on for s in entry.reporting_sources() if s.published_on]
    if not published or max(published) >= entry.date:
        return ""
    latest = max(published)
    if len(published) == 1:
        message = _(
            "This status is dated %(date)s, after %(latest)s, when the only article reporting it was "
            "published. Correct the date, or say in the note why (e.g. a date announced in advance)."
        )
    else:
        message = _(
            "This status is dated %(date)s, after %(latest)s, when every article reporting it was "
            "published. Correct the date, or say in the note why (e.g. a date announced in advance)."
        )
    return message % {"date": entry.display_date, "latest": latest.isoformat()}


class CitationFact(models.TextChoices):
    """Which fact of a venture a citation supports; "" is the venture as a whole."""

    GENERAL = "", _("The venture in general")
    STATUS = "status", _("A status entry")
    PARTNER = "partner", _("A partner")
    STAKE = "stake", _("A partner's stake")
    INVESTMENT = "investment", _("The investment")
    LOCATION = "location", _("The location")
    SECTOR = "sector", _("The sector and form")
    DESCRIPTION = "description", _("The description")
    NAME = "name", _("The name")
    CONTRIBUTION = "contribution", _("A contribution")


# The facts that are about one partner (Citation.partner) or one status entry (Citation.status_entry).
PARTNER_FACTS = frozenset({CitationFact.PARTNER, CitationFact.STAKE})


class Citation(models.Model):
    """An article supporting a venture, or one fact of it (`supports`), with the quoted passage."""

    venture = models.ForeignKey(
        Venture, verbose_name=_("venture"), on_delete=models.CASCADE, related_name="citations"
    )
    source = models.ForeignKey(
        "projects.SourceArticle", verbose_name=_("source"), on_delete=models.PROTECT, related_name="citations"
    )
    supports = models.CharField(
        _("supports"),
        max_length=20,
        choices=CitationFact.choices,
        blank=True,
        default=CitationFact.GENERAL,
        help_text=_("The fact this passage supports; leave empty for the venture in general."),
    )
    status_entry = models.ForeignKey(
        StatusEntry,
        verbose_name=_("status entry"),
        null=True,
        blank=True,
        on_delete=citation_part_deleted,
        related_name="citations",
    )
    partner = models.ForeignKey(
        VenturePartner,
        verbose_name=_("partner"),
        null=True,
        blank=True,
        on_delete=citation_part_deleted,
        related_name="citations",
        help_text=_("For a partner or stake: which partner."),
    )
    quote = models.TextField(_("quoted passage"), blank=True)
    # Our own paraphrase of what the source reports (reference data's "claim"): shown as a summary,
    # never as the source's words.
    summary = models.TextField(
        verbose_name=_("summary"),
        blank=True,
        help_text=_("A paraphrase in our own words of what the source reports; never a quotation."),
    )
    note = models.TextField(verbose_name=_("note"), blank=True)
    created_at = models.DateTimeField(verbose_name=_("created at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("citation")
        verbose_name_plural = _("citations")
        ordering = ["id"]

    def __str__(self):
        return f"{self.venture_id} ← {self.source_id}"

    def clean(self):
        # A citation given only a status entry or a partner supports that fact (older callers name no fact).
        if not self.supports and self.status_entry_id:
            self.supports = CitationFact.STATUS
        elif not self.supports and self.partner_id:
            self.supports = CitationFact.PARTNER
        errors = {}
        if self.status_entry_id and self.venture_id and self.status_entry.venture_id != self.venture_id:
            errors["status_entry"] = _("This status entry belongs to another venture.")
        elif self.supports == CitationFact.STATUS and not self.status_entry_id:
            errors["status_entry"] = _("Choose the status entry this passage supports.")
        elif self.status_entry_id and self.supports != CitationFact.STATUS:
            errors["status_entry"] = _(
                "A citation of %(fact)s names no status entry: "
                "choose “a status entry” as the fact it supports, or clear the status entry."
            ) % {"fact": self.get_supports_display().lower()}
        if self.partner_id and self.venture_id and self.partner.venture_id != self.venture_id:
            errors["partner"] = _("This partner belongs to another venture.")
        elif self.supports in PARTNER_FACTS and not self.partner_id:
            errors["partner"] = _("Choose the partner this passage supports.")
        elif self.partner_id and self.supports not in PARTNER_FACTS:
            errors["partner"] = _(
                "A citation of %(fact)s names no partner: "
                "choose “a partner” or “a partner's stake” as the fact it supports, or clear the partner."
            ) % {"fact": self.get_supports_display().lower()}
        if errors:
            raise ValidationError(errors)
