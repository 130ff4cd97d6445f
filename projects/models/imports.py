"""Spreadsheet and reference-data imports: the log of each confirmed import, and remembered layouts."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportKind(models.TextChoices):
    SPREADSHEET = "spreadsheet", _("Spreadsheet (CSV/XLSX)")
    REFERENCE = "reference", _("Reference data")


class ImportLog(models.Model):
    """One confirmed import: who, when, which file (sha256) and what it did."""

    kind = models.CharField(
        verbose_name=_("kind"), max_length=20, choices=ImportKind.choices, default=ImportKind.SPREADSHEET
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(verbose_name=_("created at"), auto_now_add=True)
    filename = models.CharField(verbose_name=_("filename"), max_length=300)
    sha256 = models.CharField(_("file sha256"), max_length=64, db_index=True)
    rows = models.PositiveIntegerField(verbose_name=_("rows"), default=0)
    created = models.PositiveIntegerField(verbose_name=_("created"), default=0)
    updated = models.PositiveIntegerField(verbose_name=_("updated"), default=0)
    skipped = models.PositiveIntegerField(verbose_name=_("skipped"), default=0)
    # Everything else counted (partners, status entries, sources, citations, organizations, duplicates).
    counts = models.JSONField(verbose_name=_("counts"), default=dict, blank=True)

    class Meta:
        verbose_name = _("import log")
        verbose_name_plural = _("import logs")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.filename} ({self.created_at:%Y-%m-%d %H:%M}): {self.created} created, {self.updated} updated"


class ImportLayout(models.Model):
    """The column mapping chosen for one file layout (its header signature), offered again next time."""

    signature = models.CharField(
        verbose_name=_("signature"),
        max_length=64,
        unique=True,
        help_text=_("sha256 of the file's header row."),
    )
    headers = models.JSONField(verbose_name=_("headers"), default=list)
    mapping = models.JSONField(
        verbose_name=_("mapping"), default=dict, help_text=_("File column → import column (or “” to ignore).")
    )
    updated_at = models.DateTimeField(verbose_name=_("updated at"), auto_now=True)

    def __str__(self):
        return f"{', '.join(self.headers[:4])}{'…' if len(self.headers) > 4 else ''}"
