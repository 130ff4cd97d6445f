"""Reads of ventures. `visible_ventures` is the one place that decides what a visitor may see."""

import datetime

from django.db.models import OuterRef, QuerySet, Subquery

from projects.models import PublicationState, StatusEntry, Venture
from projects.models.evidence import status_latest_first
from projects.permissions import can_see_unpublished


def visible_ventures(*, user) -> QuerySet[Venture]:
    """Every venture the user may see: published ones for the public, all of them for editors."""
    ventures = Venture.objects.all()
    if can_see_unpublished(user):
        return ventures
    return ventures.filter(publication_state=PublicationState.PUBLISHED)


# The annotation naming the day of an `as_of` view (projects/selectors/time_filters.py). Every
# surface that annotates the status (the rows, the exports, the counts, the province page) reads it
# from the queryset, so the status shown is the one of that day wherever the queryset goes.
STATUS_AS_OF = "status_as_of"


def status_as_of_day(ventures: QuerySet[Venture]) -> datetime.date | None:
    """The day of the `as_of` view `ventures` is filtered by, or None for today's statuses."""
    expression = ventures.query.annotations.get(STATUS_AS_OF)
    return getattr(expression, "value", None)


def latest_status_entries(as_of: datetime.date | None = None) -> QuerySet[StatusEntry]:
    """Status entries of the venture in the outer query, latest first (for Subquery). With `as_of`,
    only the entries dated on or before that day: undated entries cannot be placed in time, so an
    as-of view leaves them out (docs/api.md, "Time")."""
    entries = StatusEntry.objects.filter(venture=OuterRef("pk"))
    if as_of is not None:
        entries = entries.filter(date__lte=as_of)
    return entries.order_by(*status_latest_first())


def with_current_status(ventures: QuerySet[Venture]) -> QuerySet[Venture]:
    """Annotate each venture with its current status: the latest entry of its status series (as of
    the day of an `as_of` view, when `ventures` is one)."""
    latest = latest_status_entries(status_as_of_day(ventures))
    return ventures.annotate(
        current_status=Subquery(latest.values("status")[:1]),
        current_status_date=Subquery(latest.values("date")[:1]),
        current_status_date_precision=Subquery(latest.values("date_precision")[:1]),
    )


def current_status_of(venture: Venture) -> StatusEntry | None:
    return venture.status_entries.order_by(*status_latest_first()).first()


def venture_tombstones(*, user, since) -> list[dict]:
    """Ventures a mirror synced since `since` must drop: once published, now deleted or not visible.

    Derived from the change history. Only the public id, the time and the reason are given, and only
    for ventures that were published at some point, so a draft's id or name never leaks. The time is
    when the venture left the public view (`withdrawn_at`, or the deletion of a published one): it
    never moves with later edits of the hidden venture, and only removals since `since` are listed,
    so a tombstone says nothing about editing activity.
    """
    history = Venture.history.model
    ever_published = history.objects.filter(publication_state=PublicationState.PUBLISHED).values("id")
    # A removal since `since` left a history row since then (the unpublishing, or the deletion).
    recent = history.objects.filter(id__in=ever_published, history_date__gte=since)
    latest = recent.order_by("id", "-history_date", "-history_id").values_list(
        "id", "public_id", "history_date", "history_type", "publication_state", "withdrawn_at"
    )
    candidates = {}
    for venture_id, public_id, history_date, history_type, state, withdrawn_at in latest:
        candidates.setdefault(venture_id, (public_id, history_date, history_type, state, withdrawn_at))
    visible_ids = set(
        visible_ventures(user=user).filter(id__in=recent.values("id")).values_list("id", flat=True)
    )
    tombstones = []
    for venture_id, (public_id, history_date, history_type, state, withdrawn_at) in candidates.items():
        deleted = history_type == "-"
        if venture_id in visible_ids or not (deleted or state != PublicationState.PUBLISHED):
            continue
        removed_at = withdrawn_at or history_date
        if removed_at < since:
            continue
        reason = "deleted" if deleted else state
        tombstones.append({"public_id": public_id, "removed_at": removed_at, "reason": reason})
    tombstones.sort(key=lambda t: (t["removed_at"], t["public_id"]))
    return tombstones


# A survivor may itself be merged later; the chain is followed this far at most.
MAX_MERGE_HOPS = 10


def merged_survivor(*, public_id: str, user) -> Venture | None:
    """The visible venture a merged venture's public id now leads to (projects/services/merge.py), or
    None when `public_id` names no merged venture (or its survivor is hidden from this user)."""
    row = Venture.objects.filter(public_id=public_id).values_list("merged_into_id", flat=True).first()
    hops = 0
    target = None
    while row and hops < MAX_MERGE_HOPS:
        target, row = row, Venture.objects.filter(pk=row).values_list("merged_into_id", flat=True).first()
        hops += 1
    if target is None:
        return None
    return visible_ventures(user=user).filter(pk=target).only("id", "public_id").first()
