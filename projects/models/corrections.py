"""Corrections the public suggests for a venture: they wait in the editors' queue, never shown as such."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .ventures import Venture

# Bounds of what a visitor may send: long enough for a careful note, short enough that a flood of
# large bodies cannot fill the database.
FIELD_NOTE_MAX = 200
TEXT_MAX = 2000


class CorrectionField(models.TextChoices):
    """Which part of a venture a suggested correction is about."""

    NAME = "name", _("The name")
    STATUS = "status", _("The status or its date")
    SECTOR = "sector", _("The sector, form or arrangement")
    LOCATION = "location", _("The location")
    PARTNER = "partner", _("A partner or stake")
    INVESTMENT = "investment", _("The investment")
    DESCRIPTION = "description", _("The description")
    SOURCE = "source", _("A source")
    OTHER = "other", _("Something else")


class CorrectionState(models.TextChoices):
    OPEN = "open", _("Open")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")


class Correction(models.Model):
    """A visitor's suggestion about one venture. Nothing of it is published: an editor who accepts it
    writes what is right into the venture (with its source), and only that is shown."""

    venture = models.ForeignKey(Venture, on_delete=models.CASCADE, related_name="corrections")
    field = models.CharField(_("which fact"), max_length=20, choices=CorrectionField.choices)
    field_detail = models.CharField(
        _("which one exactly"), max_length=FIELD_NOTE_MAX, blank=True, help_text=_("E.g. the partner's name.")
    )
    problem = models.TextField(_("what is wrong"), max_length=TEXT_MAX)
    suggestion = models.TextField(_("suggested correction"), max_length=TEXT_MAX)
    source_url = models.URLField(_("source URL"), max_length=2000, blank=True)
    email = models.EmailField(
        _("e-mail"), blank=True, help_text=_("Only for editors' questions; never shown.")
    )
    state = models.CharField(
        _("state"),
        max_length=10,
        choices=CorrectionState.choices,
        default=CorrectionState.OPEN,
        db_index=True,
    )
    editor_note = models.TextField(_("editor's note"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    handled_at = models.DateTimeField(null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("suggested correction")
        verbose_name_plural = _("suggested corrections")

    def __str__(self):
        return f"{self.venture.public_id}: {self.get_field_display()} ({self.get_state_display()})"
