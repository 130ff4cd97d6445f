"""Sanctions measures: the clauses of UN Security Council resolutions (and national notices
implementing them) that bear on joint ventures with the DPRK, with their dates and documents.

Seeded by a data migration (0021_seed_sanctions_measures) and corrected by reviewers in the admin.
The rules that assess a venture against them (projects/selectors/sanctions_rules.py) pick a measure
by its `kind` and read its dates and sectors from here, so a correction changes every assessment.
"""

from django.contrib.gis.db import models
from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .ventures import Sector

SECTOR_SEPARATOR = ","


class MeasureKind(models.TextChoices):
    """What a rule uses the measure for (a machine key: the rules select measures by it)."""

    NEW_JV_BAN = "new_jv_ban", _("Ban on new joint ventures and their expansion")
    JV_CLOSURE = "jv_closure", _("Closure of existing joint ventures by a deadline")
    SECTOR_BAN = "sector_ban", _("Ban on trade in goods of some sectors")
    IMPLEMENTATION = "implementation", _("National measure implementing a resolution")


class SanctionsMeasure(models.Model):
    key = models.SlugField(
        _("key"), max_length=60, unique=True, help_text=_("A stable identifier, e.g. unscr-2371-p12.")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=MeasureKind.choices)
    authority = models.CharField(
        _("authority"),
        max_length=200,
        help_text=_("e.g. UN Security Council, Ministry of Commerce of China."),
    )
    document_symbol = models.CharField(
        _("document symbol"), max_length=100, help_text=_("e.g. S/RES/2371 (2017).")
    )
    paragraph = models.CharField(_("paragraph"), max_length=50, blank=True, help_text=_("e.g. 12."))
    adopted_on = models.DateField(_("adopted on"))
    effective_on = models.DateField(
        _("effective or deadline date"),
        null=True,
        blank=True,
        help_text=_(
            "The day the ban applies from, or the deadline it sets (for a closure: the last day "
            "allowed). Empty: the adoption date."
        ),
    )
    summary = models.TextField(_("what it prohibits"), help_text=_("Our own paraphrase, never a quotation."))
    summary_ko = models.TextField(_("what it prohibits (Korean)"), blank=True)
    summary_zh_hans = models.TextField(_("what it prohibits (simplified Chinese)"), blank=True)
    sectors = models.CharField(
        _("sectors covered"),
        max_length=300,
        blank=True,
        help_text=_(
            "For a ban on sectors' goods: the sectors it covers, separated by commas (e.g. mine,agriculture)."
        ),
    )
    url = models.URLField(_("link to the document"), max_length=500, blank=True)
    note = models.TextField(_("note"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["adopted_on", "document_symbol", "paragraph", "id"]
        verbose_name = _("sanctions measure")
        verbose_name_plural = _("sanctions measures")

    def __str__(self):
        if self.paragraph:
            return f"{self.document_symbol} ¶{self.paragraph}"
        return self.document_symbol

    @property
    def applies_from(self):
        return self.effective_on or self.adopted_on

    @property
    def sector_list(self) -> list[str]:
        return [s for s in self.sectors.split(SECTOR_SEPARATOR) if s]

    def localized_summary(self, language: str | None = None) -> str:
        """The summary in the active language when we wrote one, else the English one."""
        language = (language or get_language() or "en").lower()
        if language.startswith("ko") and self.summary_ko:
            return self.summary_ko
        if language.startswith("zh") and self.summary_zh_hans:
            return self.summary_zh_hans
        return self.summary

    def clean(self):
        errors = {}
        parts = [s.strip() for s in self.sectors.replace(" ", SECTOR_SEPARATOR).split(SECTOR_SEPARATOR)]
        parts = [s for s in parts if s]
        allowed = set(Sector.values)
        unknown = [s for s in parts if s not in allowed]
        if unknown:
            errors["sectors"] = _("Not a sector: %(unknown)s. Use: %(allowed)s.") % {
                "unknown": ", ".join(unknown),
                "allowed": ", ".join(Sector.values),
            }
        # Stored in the order of the sector choices, without repeats.
        self.sectors = SECTOR_SEPARATOR.join(s for s in Sector.values if s in parts)
        if self.sectors and self.kind != MeasureKind.SECTOR_BAN:
            errors["sectors"] = _("Only a ban on sectors' goods covers sectors.")
        if self.effective_on and self.adopted_on and self.effective_on < self.adopted_on:
            errors["effective_on"] = _("A measure cannot apply before it was adopted.")
        if errors:
            raise ValidationError(errors)
