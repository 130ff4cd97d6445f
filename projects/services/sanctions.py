"""Writes of sanctions measures: reviewers correct them (the seed is migration 0021)."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from projects.models import SanctionsMeasure


def can_correct_measures(user) -> bool:
    return bool(user and user.is_active and user.has_perm("projects.change_sanctionsmeasure"))


@transaction.atomic
def sanctions_measure_save(*, measure: SanctionsMeasure, user, change_reason: str = "", **fields):
    """Create or correct a measure (reviewers); every save leaves a history row naming the user."""
    needed = "projects.change_sanctionsmeasure" if measure.pk else "projects.add_sanctionsmeasure"
    if user is not None and not (user.is_active and user.has_perm(needed)):
        raise PermissionDenied(_("Only reviewers correct sanctions measures."))
    for name, value in fields.items():
        setattr(measure, name, value)
    measure.full_clean()
    measure._history_user = user
    if change_reason:
        measure._change_reason = change_reason
    measure.save()
    return measure
