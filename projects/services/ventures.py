"""Writes to ventures and their parts. Every write validates with full_clean() inside a transaction."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from projects.exceptions import VersionConflict
from projects.models import (
    Citation,
    Contribution,
    PublicationState,
    PublicIdSequence,
    StatusEntry,
    Venture,
    VenturePartner,
)
from projects.models.geo import lonlat_point_problem, province_for_point
from projects.permissions import can_delete_venture, can_edit_venture, can_publish

PUBLIC_ID_PREFIX = "JV"


def next_public_id() -> str:
    """The next JV-nnnn id. The counter only grows, so a deleted venture's id is never reused."""
    sequence, _created = PublicIdSequence.objects.select_for_update().get_or_create(prefix=PUBLIC_ID_PREFIX)
    sequence.last_value = F("last_value") + 1
    sequence.save(update_fields=["last_value"])
    sequence.refresh_from_db(fields=["last_value"])
    return f"{PUBLIC_ID_PREFIX}-{sequence.last_value:04d}"


def _apply(instance, fields: dict):
    for name, value in fields.items():
        setattr(instance, name, value)


def _fill_province_from_location(venture: Venture):
    if (
        venture.province_id is None
        and venture.location is not None
        and not lonlat_point_problem(venture.location)
    ):
        province = province_for_point(venture.location)
        if province is not None:
            venture.province = province


def _check_publication_change(*, user, old_state: str | None, new_state: str):
    if new_state == (old_state or PublicationState.DRAFT):
        return
    if user is not None and not can_publish(user):
        raise PermissionDenied(_("Only reviewers publish and unpublish ventures."))


def _stamp_publication(venture: Venture, old_state: str | None, withdrawn_at=None):
    """Publication times, judged on the stored state: `withdrawn_at` moves only when the venture
    leaves the public view, never with a later edit (a sync's tombstone shows it)."""
    now = timezone.now()
    published = venture.publication_state == PublicationState.PUBLISHED
    if published and old_state != PublicationState.PUBLISHED:
        venture.published_at = now
    if published:
        venture.withdrawn_at = None
        # Published: nothing awaits review any more (projects/services/review.py).
        venture.review_state, venture.review_requested_at, venture.review_note = "", None, ""
    elif old_state == PublicationState.PUBLISHED:
        venture.withdrawn_at = now
    else:
        venture.withdrawn_at = withdrawn_at


@transaction.atomic
def venture_create(*, user=None, confirm_location: bool = False, **fields) -> Venture:
    """Create a venture with a fresh public id. `user=None` means a trusted system caller.

    `confirm_location`: the caller confirms a point just across the land border (models/geo.py).
    """
    if user is not None and not can_edit_venture(user):
        raise PermissionDenied(_("You may not add ventures."))
    venture = Venture()
    venture.confirm_location = confirm_location
    _apply(venture, fields)
    _fill_province_from_location(venture)
    _check_publication_change(user=user, old_state=None, new_state=venture.publication_state)
    venture.full_clean(exclude=["public_id"])
    venture.public_id = next_public_id()
    _stamp_publication(venture, None)
    venture._history_user = user
    venture.save()
    return venture


@transaction.atomic
def venture_update(
    *,
    venture: Venture,
    user=None,
    expected_version: int | None = None,
    confirm_location: bool = False,
    **fields,
) -> Venture:
    """Change a venture. With `expected_version`, a save over someone else's change is refused."""
    # Permission and version are judged on the stored row: the caller (e.g. an admin form) may already
    # have applied the new values to `venture` in memory.
    current_version, old_state, withdrawn_at = (
        Venture.objects.filter(pk=venture.pk)
        .values_list("version", "publication_state", "withdrawn_at")
        .get()
    )
    if user is not None and not can_edit_venture(user, Venture(pk=venture.pk, publication_state=old_state)):
        raise PermissionDenied(_("Editors change drafts only; a reviewer changes published ventures."))
    if expected_version is not None:
        _refuse_stale(venture, expected_version=expected_version, current_version=current_version)
    _apply(venture, fields)
    venture.confirm_location = venture.confirm_location or confirm_location
    _check_publication_change(user=user, old_state=old_state, new_state=venture.publication_state)
    venture.full_clean()
    _stamp_publication(venture, old_state, withdrawn_at)
    # The version check and the increment happen in one UPDATE, so two concurrent saves cannot both win.
    bumped = Venture.objects.filter(pk=venture.pk, version=current_version).update(version=F("version") + 1)
    if not bumped:
        latest = Venture.objects.filter(pk=venture.pk).values_list("version", flat=True).first()
        raise VersionConflict(current_version=latest, public_id=venture.public_id)
    venture.version = current_version + 1
    venture._history_user = user
    venture.save()
    return venture


def _refuse_stale(venture: Venture, *, expected_version: int, current_version: int | None):
    if current_version != expected_version:
        raise VersionConflict(current_version=current_version, public_id=venture.public_id)


def venture_version_check(*, venture: Venture, expected_version: int) -> None:
    """VersionConflict when the stored venture is no longer at `expected_version` (optimistic locking).

    Inside a transaction the row stays locked until it ends (where the database can lock rows), so
    the check and the save that follows are one step.
    """
    stored = Venture.objects.filter(pk=venture.pk)
    if connection.in_atomic_block and connection.features.has_select_for_update:
        stored = stored.select_for_update()
    current_version = stored.values_list("version", flat=True).first()
    _refuse_stale(venture, expected_version=expected_version, current_version=current_version)


def venture_set_publication_state(*, venture: Venture, user, state: str, expected_version=None) -> Venture:
    return venture_update(
        venture=venture, user=user, expected_version=expected_version, publication_state=state
    )


@transaction.atomic
def venture_delete(*, venture: Venture, user) -> None:
    if not can_delete_venture(user):
        raise PermissionDenied(_("Only superusers delete ventures."))
    venture._history_user = user
    venture.delete()


def _require_editable(venture: Venture, user):
    if user is not None and not can_edit_venture(user, venture):
        raise PermissionDenied(_("Editors change drafts only; a reviewer changes published ventures."))


def _touch(venture: Venture):
    """A change to a venture's parts is a change to the venture: bump its version and updated time."""
    Venture.objects.filter(pk=venture.pk).update(version=F("version") + 1, updated_at=timezone.now())


def _save_part(instance, *, user):
    instance.full_clean()
    instance._history_user = user
    instance.save()
    _touch(instance.venture)
    return instance


@transaction.atomic
def status_entry_create(*, venture: Venture, user=None, **fields) -> StatusEntry:
    _require_editable(venture, user)
    return _save_part(StatusEntry(venture=venture, **fields), user=user)


@transaction.atomic
def citation_create(*, venture: Venture, user=None, **fields) -> Citation:
    _require_editable(venture, user)
    return _save_part(Citation(venture=venture, **fields), user=user)


def _check_version(venture: Venture, expected_version: int | None):
    """Optimistic locking for a part: the client names the venture's version it last read."""
    if expected_version is not None:
        venture_version_check(venture=venture, expected_version=expected_version)


@transaction.atomic
def partner_add(
    *, venture: Venture, user=None, expected_version: int | None = None, **fields
) -> VenturePartner:
    _require_editable(venture, user)
    _check_version(venture, expected_version)
    return _save_part(VenturePartner(venture=venture, **fields), user=user)


@transaction.atomic
def contribution_add(
    *, venture: Venture, user=None, expected_version: int | None = None, **fields
) -> Contribution:
    _require_editable(venture, user)
    _check_version(venture, expected_version)
    return _save_part(Contribution(venture=venture, **fields), user=user)


@transaction.atomic
def venture_part_save(*, part, user=None, expected_version: int | None = None, **fields):
    """Create or change one part of a venture (partner, contribution, status entry or citation).

    `fields` are applied first; with `expected_version`, a change over someone else's is refused."""
    _require_editable(part.venture, user)
    _check_version(part.venture, expected_version)
    _apply(part, fields)
    return _save_part(part, user=user)


@transaction.atomic
def venture_part_delete(*, part, user=None, expected_version: int | None = None) -> None:
    _require_editable(part.venture, user)
    _check_version(part.venture, expected_version)
    part._history_user = user
    part.delete()
    _touch(part.venture)


def describe_validation_error(error: ValidationError) -> str:
    """A one-line summary of a ValidationError, for logs and command output."""
    if hasattr(error, "message_dict"):
        return "; ".join(f"{field}: {' '.join(msgs)}" for field, msgs in error.message_dict.items())
    return " ".join(error.messages)
