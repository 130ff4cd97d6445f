"""Writes to the records ventures share: partners (Organization), sources (SourceArticle), places.

A record a published venture shows is published content (projects.models.published): changing it
takes a reviewer, as changing the venture does. A place is where its ventures are, so a place may
only move where every venture using it can follow: a move that would leave a venture's place outside
the venture's province is refused, naming those ventures (like a protected delete, nothing cascades).
"""

import copy

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, ProtectedError
from django.utils.translation import gettext as _

from projects.exceptions import VersionConflict
from projects.models import Place
from projects.models.geo import location_error
from projects.models.published import describe_ventures, published_ventures_using, ventures_using
from projects.permissions import can_edit_record


def published_content_message(record) -> str:
    """Why an editor may not change this record: the published ventures that show it."""
    ventures = describe_ventures(published_ventures_using(record))
    return _(
        "“%(record)s” is shown by published ventures (%(ventures)s): changing it changes what the public "
        "sees, so a reviewer must do it. Ask a reviewer, or create a new record for your draft."
    ) % {"record": record, "ventures": ventures}


def _place_move_errors(place: Place) -> dict[str, str]:
    stored = Place.objects.filter(pk=place.pk).values("province_id", "point").first() if place.pk else None
    moved = stored is None or stored["province_id"] != place.province_id or stored["point"] != place.point
    if not moved or place.province_id is None:
        return {}
    errors = {}
    if place.point is not None:
        confirmed = getattr(place, "confirm_location", False)
        message = location_error(point=place.point, province=place.province, confirmed=confirmed)
        if message:
            errors["point"] = message
    # The rule of Venture.clean (a venture's place lies in the venture's province), for every
    # venture using the place, in one query.
    stranded = ventures_using(place).exclude(province_id=place.province_id)
    if stranded.exists():
        errors["province"] = _(
            "%(place)s is the place of ventures in another province (%(ventures)s); "
            "moving it to %(province)s would leave them outside their province. "
            "Change those ventures' place or province first."
        ) % {
            "place": place.name_en,
            "ventures": describe_ventures(stranded),
            "province": place.province.name_en,
        }
    return errors


def shared_record_errors(*, record) -> dict[str, str]:
    """Field errors that the record's own validation cannot see: how the change affects ventures.

    `record` carries the new values in memory; the stored row is read for the old ones.
    """
    if isinstance(record, Place):
        return _place_move_errors(record)
    return {}


def shared_record_candidate(*, record, values: dict):
    """A copy of `record` with `values` applied, for validating a change before it is made."""
    candidate = copy.copy(record)
    for name, value in values.items():
        setattr(candidate, name, value)
    return candidate


def _versioned(record) -> bool:
    return any(field.name == "version" for field in record._meta.concrete_fields)


def _bump_version(record, *, expected_version: int | None):
    """A versioned record (an organization) changes only from the version the caller read: the
    check and the increment are one UPDATE, so two concurrent saves cannot both win."""
    model = type(record)
    current = model.objects.filter(pk=record.pk).values_list("version", flat=True).first()
    if expected_version is not None and current != expected_version:
        raise VersionConflict(current_version=current, public_id=str(record))
    if not model.objects.filter(pk=record.pk, version=current).update(version=F("version") + 1):
        latest = model.objects.filter(pk=record.pk).values_list("version", flat=True).first()
        raise VersionConflict(current_version=latest, public_id=str(record))
    record.version = current + 1


@transaction.atomic
def shared_record_save(*, record, user=None, expected_version: int | None = None, **fields):
    """Create or change a partner, source or place. `user=None` means a trusted system caller.

    `fields` are applied to `record` first. With `expected_version` (organizations, which carry a
    version), a change over someone else's is refused with VersionConflict."""
    if user is not None and not can_edit_record(user, record):
        if record.pk is not None and user.has_perm(f"projects.change_{record._meta.model_name}"):
            raise PermissionDenied(published_content_message(record))
        raise PermissionDenied(
            _("You may not change %(records)s.") % {"records": record._meta.verbose_name_plural}
        )
    for name, value in fields.items():
        setattr(record, name, value)
    record.full_clean()
    errors = shared_record_errors(record=record)
    if errors:
        raise ValidationError(errors)
    if record.pk is not None and _versioned(record):
        _bump_version(record, expected_version=expected_version)
    record._history_user = user
    record.save()
    return record


@transaction.atomic
def shared_record_delete(*, record, user, expected_version: int | None = None) -> None:
    """Delete a partner, source or place nothing uses (superusers; a record in use is refused)."""
    if not (
        user is not None and user.is_active and user.has_perm(f"projects.delete_{record._meta.model_name}")
    ):
        raise PermissionDenied(
            _("Only superusers delete %(records)s.") % {"records": record._meta.verbose_name_plural}
        )
    if _versioned(record):
        _bump_version(record, expected_version=expected_version)
    used_by = ventures_using(record)
    if used_by.exists():
        raise ProtectedError(
            _("“%(record)s” is used by ventures (%(ventures)s): remove it from them first.")
            % {"record": record, "ventures": describe_ventures(used_by)},
            set(used_by),
        )
    record._history_user = user
    record.delete()
