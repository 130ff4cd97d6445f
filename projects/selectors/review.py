"""The reviewers' queue: drafts marked ready for review, each with what changed since it was last
published (django-simple-history), in a bounded number of queries per venture."""

from dataclasses import dataclass, field

from projects.models import Citation, Contribution, PublicationState, ReviewState, StatusEntry, VenturePartner
from projects.selectors.ventures import visible_ventures

# Bookkeeping, not content: never shown as a change.
NOT_CONTENT = [
    "version",
    "created_at",
    "updated_at",
    "published_at",
    "withdrawn_at",
    "publication_state",
    "review_state",
    "review_requested_at",
    "review_note",
]
PARTS = (
    ("partners", VenturePartner),
    ("contributions", Contribution),
    ("status entries", StatusEntry),
    ("citations", Citation),
)


@dataclass(frozen=True)
class FieldChange:
    label: str
    old: str
    new: str


@dataclass
class ReviewItem:
    venture: object
    last_published: object | None  # the historical record of the last published version, or None
    changes: list[FieldChange] = field(default_factory=list)
    part_changes: dict[str, int] = field(default_factory=dict)  # kind → changes since then (or count)

    @property
    def never_published(self) -> bool:
        return self.last_published is None


def awaiting_review(*, user):
    """The ventures this user can see that await review, oldest request first."""
    return (
        visible_ventures(user=user)
        .filter(review_state=ReviewState.READY)
        .select_related("province", "place")
        .order_by("review_requested_at", "pk")
    )


def _shown(record, name: str) -> str:
    model_field = record.instance_type._meta.get_field(name)
    value = getattr(record, model_field.attname)
    if value in (None, ""):
        return "—"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if model_field.is_relation:
        related = getattr(record, name, None)
        return str(related) if related is not None else str(value)
    if hasattr(value, "wkt"):
        return f"{value.y:.5f} N, {value.x:.5f} E"
    return str(value)


def changes_since_published(venture) -> ReviewItem:
    """What differs between the venture now and its last published version (all of it if never)."""
    history = venture.history.all()
    current = history.first()
    published = history.filter(publication_state=PublicationState.PUBLISHED).first()
    item = ReviewItem(venture=venture, last_published=published)
    if current is None:
        return item
    if published is not None:
        delta = current.diff_against(published, excluded_fields=NOT_CONTENT)
        names = [change.field for change in delta.changes]
    else:
        names = [
            f.name
            for f in venture._meta.concrete_fields
            if f.name not in NOT_CONTENT and f.editable and f.name != "id"
        ]
    for name in names:
        old = _shown(published, name) if published is not None else "—"
        new = _shown(current, name)
        if old != new:
            item.changes.append(
                FieldChange(label=venture._meta.get_field(name).verbose_name, old=old, new=new)
            )
    for label, model in PARTS:
        records = model.history.filter(venture_id=venture.pk)
        if published is not None:
            # Parts changed since the venture left the public view (a change to a part saves no
            # historical venture, so the last published record may predate parts it showed).
            records = records.filter(history_date__gt=venture.withdrawn_at or published.history_date)
        count = records.count()
        if count:
            item.part_changes[label] = count
    return item


def review_queue(*, user, limit: int = 50) -> list[ReviewItem]:
    """At most `limit` ventures awaiting review, with their changes."""
    return [changes_since_published(venture) for venture in awaiting_review(user=user)[:limit]]
