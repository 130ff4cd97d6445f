"""What an import would change in a venture that already exists, and what tells two sources apart.

Split from projects/services/import_plan.py: the plan asks it whether a row changes anything, and
projects/services/imports.py asks it what to add.
"""

from projects.models import SourceArticle, Venture
from projects.services.import_values import Planned, RowPlan


def changed_fields(venture, row_plan, *, reference: bool) -> dict:
    changed = {}
    for name, value in row_plan.fields.items():
        if name == "province":
            if venture.province_id != (value.pk if value else None):
                changed[name] = value
        elif name == "place":
            if venture.place_id != (value.pk if value else None):
                changed[name] = value
        elif name == "location":
            stored = venture.location
            if (stored is None) != (value is None) or (value is not None and stored.coords != value.coords):
                changed[name] = value
        elif (getattr(venture, name) or "") != (value or ""):
            changed[name] = value
    if reference and not venture.is_reference:
        changed["is_reference"] = True
    return changed


def source_key(url: str | None, citation: str) -> str:
    """What tells one source from another: its URL, or for a source without one its citation."""
    return url or "citation:" + SourceArticle.normalized_citation(citation)


def planned_source_key(source) -> str:
    if isinstance(source, Planned):
        return source_key(source.values["url"], source.values["citation"])
    return source_key(source.url, source.citation)


def missing_parts(venture: Venture, row_plan: RowPlan) -> dict:
    """The partners, status entries and citations of the row that the venture lacks."""
    if venture.pk is None:
        return {"partners": row_plan.partners, "statuses": row_plan.statuses, "citations": row_plan.citations}
    partners = set(venture.partners.values_list("organization_id", "role", "stake_percent"))
    statuses = {
        (status, date, precision, source_key(url, citation))
        for status, date, precision, url, citation in venture.status_entries.values_list(
            "status", "date", "date_precision", "source__url", "source__citation"
        )
    }
    citations = set()
    for url, citation, quote, summary, note, supports in venture.citations.values_list(
        "source__url", "source__citation", "quote", "summary", "note", "supports"
    ):
        legacy = (source_key(url, citation), quote, summary)
        citations.update((legacy, (*legacy, note, supports)))  # PlannedCitation.identity
    missing = {
        "partners": [
            p for p in row_plan.partners if isinstance(p[0], Planned) or (p[0].pk, p[1], p[2]) not in partners
        ],
        "statuses": [
            s
            for s in row_plan.statuses
            if (s[0], s[1], s[2], planned_source_key(row_plan.sources[s[3]])) not in statuses
        ],
        "citations": [
            c
            for c in row_plan.citations
            if c.identity(planned_source_key(row_plan.sources[c.key])) not in citations
        ],
    }
    return {name: parts for name, parts in missing.items() if parts}
