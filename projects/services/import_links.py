"""Which fact an imported citation supports: the `supports`, `partner` and `status_entry` cells of a
citation (the linked `citations` sheet of the XLSX export, docs/import.md), checked and resolved to the
row's planned partners and status entries by their keys.

Split from projects/services/import_plan.py, whose planner calls these.
"""

from django.utils.translation import gettext as _

from projects.models.evidence import PARTNER_FACTS, CitationFact
from projects.services.import_values import PlannedCitation, _choice, _choices_text


def planned_citation(planner, record, item: dict, key: str) -> PlannedCitation:
    """The citation of one source cell group; `supports` stays None when the file has no such column."""
    supports = None
    if "supports" in item.get("_columns", {}):
        supports = _choice(item.get("supports", ""), CitationFact.choices, blank=True)
        if supports is None:
            planner.problem(
                record,
                item["_columns"]["supports"],
                _("One of %(choices)s, or empty for the venture in general.")
                % {"choices": _choices_text(CitationFact.choices)},
                item,
            )
    return PlannedCitation(
        key=key,
        quote=item.get("quote", ""),
        summary=item.get("summary", ""),
        supports=supports,
        note=item.get("note", ""),
        item=item,
    )


def resolve_citation_links(planner, record, row_plan) -> None:
    """Each citation of a partner, stake or status names that part by its key in the file."""
    for citation in row_plan.citations:
        if citation.supports is None or citation.item is None:
            continue
        item, columns = citation.item, citation.item["_columns"]
        if citation.supports in PARTNER_FACTS:
            name = item.get("partner", "")
            citation.partner = row_plan.partner_keys.get(name)
            if citation.partner is None:
                planner.problem(
                    record,
                    columns.get("partner", "partner"),
                    _("No partner with key “%(key)s” for this venture: give the key of its partners row.")
                    % {"key": name},
                    item,
                )
        elif citation.supports == CitationFact.STATUS:
            name = item.get("status_entry", "")
            citation.status_entry = row_plan.status_keys.get(name)
            if citation.status_entry is None:
                planner.problem(
                    record,
                    columns.get("status_entry", "status_entry"),
                    _("No status entry with key “%(key)s” for this venture: give the key of its status row.")
                    % {"key": name},
                    item,
                )
