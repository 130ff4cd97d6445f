"""Writes of suggested corrections: a visitor's submission, and an editor's decision on it."""

from django.db import transaction
from django.utils import timezone

from projects.models import Correction, CorrectionState, Venture


@transaction.atomic
def correction_submit(
    *,
    venture: Venture,
    field: str,
    problem: str,
    suggestion: str,
    field_detail: str = "",
    source_url: str = "",
    email: str = "",
) -> Correction:
    """Queue a visitor's suggestion for the editors (state open); nothing of it is published."""
    correction = Correction(
        venture=venture,
        field=field,
        field_detail=field_detail,
        problem=problem,
        suggestion=suggestion,
        source_url=source_url,
        email=email,
    )
    correction.full_clean()
    correction.save()
    return correction


@transaction.atomic
def correction_decide(*, correction: Correction, state: str, user, editor_note: str = "") -> Correction:
    """An editor accepts or rejects a suggestion (or reopens it), with a note. Accepting publishes
    nothing: the editor writes what is right into the venture, with its source, as for any edit.
    The time and the editor are those of the latest change of state."""
    previous = Correction.objects.filter(pk=correction.pk).values_list("state", flat=True).first()
    correction.state = state
    correction.editor_note = editor_note
    if state == CorrectionState.OPEN:
        correction.handled_at, correction.handled_by = None, None
    elif state != previous or correction.handled_at is None:
        correction.handled_at, correction.handled_by = timezone.now(), user
    correction.full_clean()
    correction.save()
    return correction
