"""The review step: an editor marks a draft ready for review, a reviewer publishes it or sends it back.

The state is `Venture.review_state` (migration 0011_review_state), beside `publication_state`, so the
API's publication values (draft, published, unpublished) stay as they are. Publishing clears it
(projects.services.ventures). Every change goes through `venture_update`: versioned, in the history.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from projects.models import ReviewState, Venture
from projects.permissions import can_edit_venture, can_publish

from .ventures import venture_update


@transaction.atomic
def venture_request_review(*, venture: Venture, user=None, expected_version: int | None = None) -> Venture:
    """Mark a draft (or an unpublished venture) ready for review. It needs at least one citation."""
    if user is not None and not can_edit_venture(user, venture):
        raise PermissionDenied(_("You may not change this venture."))
    if venture.is_published:
        raise ValidationError(
            _("%(id)s is published already: there is nothing to review.") % {"id": venture.public_id}
        )
    if not venture.citations.exists():
        raise ValidationError(
            _("%(id)s cites no article yet: add the citation that supports it, then ask for review.")
            % {"id": venture.public_id}
        )
    if venture.review_state == ReviewState.READY:
        return venture
    return venture_update(
        venture=venture,
        user=user,
        expected_version=expected_version,
        review_state=ReviewState.READY,
        review_requested_at=timezone.now(),
        review_note="",
    )


@transaction.atomic
def venture_send_back(*, venture: Venture, user=None, note: str) -> Venture:
    """A reviewer returns a draft awaiting review to its editors, saying what needs changing."""
    if user is not None and not can_publish(user):
        raise PermissionDenied(_("Only reviewers send drafts back."))
    if venture.review_state != ReviewState.READY:
        raise ValidationError(_("%(id)s is not awaiting review.") % {"id": venture.public_id})
    if not note.strip():
        raise ValidationError({"review_note": _("Say what needs changing.")})
    return venture_update(
        venture=venture, user=user, review_state=ReviewState.CHANGES_REQUESTED, review_note=note.strip()
    )
