"""Who may do what. The groups and their permissions are created by migrations
(`0002_roles.py`, `0007_roles_delete_parts.py`); the checks here use those permissions."""

from projects.models import PublicationState, Venture
from projects.models.published import is_published_content

EDITORS_GROUP = "editors"
REVIEWERS_GROUP = "reviewers"


def _active(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def can_see_unpublished(user) -> bool:
    return _active(user) and user.has_perm("projects.view_venture")


def can_publish(user) -> bool:
    return _active(user) and user.has_perm("projects.publish_venture")


def can_edit_venture(user, venture: Venture | None = None) -> bool:
    """Editors add and change drafts (their parts too, deleting included); changing a published
    venture takes a reviewer."""
    if not _active(user):
        return False
    if venture is None or venture.pk is None:
        return user.has_perm("projects.add_venture")
    if not user.has_perm("projects.change_venture"):
        return False
    return venture.publication_state != PublicationState.PUBLISHED or can_publish(user)


def can_edit_record(user, record) -> bool:
    """Partners, sources and places: a record a published venture shows is published content, so
    changing it takes a reviewer, as changing the venture itself does."""
    if not _active(user):
        return False
    model_name = record._meta.model_name
    if record.pk is None:
        return user.has_perm(f"projects.add_{model_name}")
    if not user.has_perm(f"projects.change_{model_name}"):
        return False
    return can_publish(user) or not is_published_content(record)


def can_delete_venture(user) -> bool:
    return _active(user) and user.is_superuser
