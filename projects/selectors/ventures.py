"""Reads of ventures. `visible_ventures` is the one place that decides what a visitor may see."""

from django.db.models import OuterRef, QuerySet, Subquery

from projects.models import PublicationState, StatusEntry, Venture
from projects.permissions import can_see_unpublished


def visible_ventures(*, user) -> QuerySet[Venture]:
    """Every venture the user may see: published ones for the public, all of them for editors."""
    ventures = Venture.objects.all()
    if can_see_unpublished(user):
        return ventures
    return ventures.filter(publication_state=PublicationState.PUBLISHED)


def latest_status_entries() -> QuerySet[StatusEntry]:
    """Status entries of the venture in the outer query, latest first (for Subquery)."""
    return StatusEntry.objects.filter(venture=OuterRef("pk")).order_by("-date", "-id")


def with_current_status(ventures: QuerySet[Venture]) -> QuerySet[Venture]:
    """Annotate each venture with its current status: the latest entry of its status series."""
    latest = latest_status_entries()
    return ventures.annotate(
        current_status=Subquery(latest.values("status")[:1]),
        current_status_date=Subquery(latest.values("date")[:1]),
        current_status_date_precision=Subquery(latest.values("date_precision")[:1]),
    )


def current_status_of(venture: Venture) -> StatusEntry | None:
    return venture.status_entries.order_by("-date", "-id").first()
