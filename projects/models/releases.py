"""Releases: dated, numbered, immutable snapshots of what is published (`projects/services/releases.py`)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class Release(models.Model):
    """One release. Its files live in RELEASES_ROOT/<folder>/ and never change; neither does the row."""

    number = models.PositiveIntegerField(verbose_name=_("number"), unique=True)
    created_at = models.DateTimeField(verbose_name=_("created at"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    folder = models.CharField(
        verbose_name=_("folder"), max_length=100, unique=True, help_text=_("Relative to RELEASES_ROOT.")
    )
    counts = models.JSONField(verbose_name=_("counts"), default=dict, blank=True)
    # File name → sha256 hex digest (and sizes), in the order the files are listed.
    sha256s = models.JSONField(verbose_name=_("sha256s"), default=dict, blank=True)
    sizes = models.JSONField(verbose_name=_("sizes"), default=dict, blank=True)
    # Against the previous release: ventures added, changed, removed, and status changes.
    changelog = models.JSONField(verbose_name=_("changelog"), default=dict, blank=True)
    # What the next release compares itself with: per venture, its name, a digest of everything
    # published about it, and its status history.
    manifest = models.JSONField(verbose_name=_("manifest"), default=dict, blank=True)

    class Meta:
        verbose_name = _("release")
        verbose_name_plural = _("releases")
        ordering = ["-number"]

    def __str__(self):
        return f"Release {self.number} ({self.created_at:%Y-%m-%d})"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValidationError(_("A release is immutable: make a new one instead."))
        super().save(*args, **kwargs)
