"""Who may do what. Groups are created by a migration (see roles.py); checks use permissions."""

from projects.models import PublicationState, Venture

EDITORS_GROUP = "editors"
REVIEWERS_GROUP = "reviewers"


def can_see_unpublished(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.has_perm("projects.view_venture"))


def can_publish(user) -> bool:
    return bool(
        user and user.is_authenticated and user.is_active and user.has_perm("projects.publish_venture")
    )


def can_edit_venture(user, venture: Venture | None = None) -> bool:
    """Editors add and change drafts; changing a published venture takes a reviewer."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    if venture is None or venture.pk is None:
        return user.has_perm("projects.add_venture")
    if not user.has_perm("projects.change_venture"):
        return False
    return venture.publication_state != PublicationState.PUBLISHED or can_publish(user)


def can_delete_venture(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.is_superuser)
