"""Reads of change history beyond one record: a venture's parts (partners, contributions, status entries,
citations), for the venture's history page. Bounded: the latest PARTS_HISTORY_LIMIT changes, in a
fixed number of queries whatever their number."""

from dataclasses import dataclass
from dataclasses import field as dataclass_field

from projects.models import Citation, Contribution, StatusEntry, VenturePartner

PARTS_HISTORY_LIMIT = 200
ACTIONS = {"+": "added", "~": "changed", "-": "deleted"}
# The fields compared between two versions of a part, and what each part is called.
PARTS = (
    (VenturePartner, "partner", ("organization_id", "role", "stake_percent", "note"), ("organization",)),
    (Contribution, "contribution", ("side", "kind", "note"), ()),
    (StatusEntry, "status entry", ("status", "date", "date_precision", "source_id", "note"), ()),
    (
        Citation,
        "citation",
        ("source_id", "supports", "status_entry_id", "partner_id", "quote", "note"),
        ("source",),
    ),
)


@dataclass
class PartChange:
    when: object
    user: object
    part: str
    action: str
    what: str
    reason: str
    changes: list = dataclass_field(default_factory=list)  # [(field label, old, new)]


def _label(model, attname: str) -> str:
    name = attname.removesuffix("_id")
    return str(model._meta.get_field(name).verbose_name)


def _describe(model, row) -> str:
    if model is VenturePartner:
        organization = getattr(row, "organization", None)
        return f"{organization.name if organization else row.organization_id} ({row.get_role_display()})"
    if model is StatusEntry:
        return f"{row.get_status_display()} ({row.date})"
    if model is Citation:
        source = getattr(row, "source", None)
        fact = row.get_supports_display().lower()
        return f"{source or row.source_id} — {fact}"
    return f"{row.get_side_display()}: {row.get_kind_display()}"


def venture_parts_history(*, venture_id: int, limit: int = PARTS_HISTORY_LIMIT) -> list[PartChange]:
    """The latest changes of the venture's parts, newest first, each with what changed."""
    changes: list[PartChange] = []
    for model, part, fields, related in PARTS:
        rows = list(
            model.history.filter(venture_id=venture_id)
            .select_related("history_user", *related)
            .order_by("-history_date", "-history_id")[: limit + 1]
        )
        # Oldest first, so each version is compared with the one before it.
        previous: dict[int, object] = {}
        for row in reversed(rows):
            before = previous.get(row.id)
            changed = []
            if before is not None and row.history_type == "~":
                for attname in fields:
                    old, new = getattr(before, attname), getattr(row, attname)
                    if old != new:
                        changed.append((_label(model, attname), old, new))
            previous[row.id] = row
            changes.append(
                PartChange(
                    when=row.history_date,
                    user=row.history_user,
                    part=part,
                    action=ACTIONS.get(row.history_type, row.history_type),
                    what=_describe(model, row),
                    reason=row.history_change_reason or "",
                    changes=changed,
                )
            )
    changes.sort(key=lambda change: change.when, reverse=True)
    return changes[:limit]
