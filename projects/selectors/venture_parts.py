"""The parts of ventures as linked tables: partners, status entries and citations, one row each.

The ventures sheet (or `ventures.csv`) holds one row per venture with its partners' names, its current
status and its latest source; these tables hold the rest, so that an export imports back whole
(stakes, the earlier and undated status entries, every citation with the fact it supports). The XLSX
export puts them on sheets of their own and a release writes them as `partners.csv`,
`status_entries.csv` and `citations.csv`; the importer reads the same layout (docs/import.md).

Rows link by `venture` (the venture's public id); a citation names the partner or status entry it
supports by that part's `key` (unique within its venture: `p1`, `s1`, …, in the export's order).
"""

import csv
import io
from dataclasses import dataclass

from projects.models import Citation, StatusEntry, VenturePartner
from projects.models.evidence import PARTNER_FACTS, CitationFact


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # a Table Schema type
    description: str = ""


PARTNER_COLUMNS = (
    Column("venture", "string", "The venture's public id."),
    Column("key", "string", "This partner within its venture (cited by citations.partner)."),
    Column("name", "string", "The organization's name."),
    Column("name_ko", "string"),
    Column("name_zh", "string"),
    Column("country", "string", "CN, KP, or XX for another country."),
    Column("kind", "string", "The kind of organization."),
    Column("role", "string"),
    Column("stake", "number", "Its stake in the venture, in percent."),
)
STATUS_COLUMNS = (
    Column("venture", "string", "The venture's public id."),
    Column("key", "string", "This status entry within its venture (cited by citations.status_entry)."),
    Column("status", "string"),
    Column("date", "date", "Empty when the date is not known."),
    Column("date_precision", "string", "day, month, year, or unknown (no date)."),
    Column("source", "string", "The reporting source's URL or, for a source not online, its citation."),
    Column("note", "string"),
)
CITATION_COLUMNS = (
    Column("venture", "string", "The venture's public id."),
    Column("url", "string", "The source's URL (empty for a source not online)."),
    Column("citation", "string", "Its bibliographic reference (for a source not online, instead of a URL)."),
    Column("title", "string"),
    Column("publisher", "string"),
    Column("published_on", "date"),
    Column("language", "string"),
    Column("supports", "string", "The fact cited (empty: the venture in general)."),
    Column("partner", "string", "For a partner or stake: the partner's key."),
    Column("status_entry", "string", "For a status: the status entry's key."),
    Column("quote", "string", "The source's own words."),
    Column("summary", "string", "Our paraphrase of what the source reports; never a quotation."),
    Column("note", "string"),
)
# Sheet (and file stem) → its columns, in the order they are written.
PART_TABLES = {"partners": PARTNER_COLUMNS, "status_entries": STATUS_COLUMNS, "citations": CITATION_COLUMNS}


def _source_ref(url, citation) -> str:
    return url or citation or ""


def venture_parts(ventures) -> dict[str, list[list]]:
    """The rows of each part table for `ventures` (a queryset), ordered by public id, then as each
    part is ordered (partners by role and name; status entries undated first, then by date)."""
    ids = ventures.order_by().values("pk")
    partner_keys, status_keys = {}, {}
    partners, statuses, citations = [], [], []
    counter: dict[tuple, int] = {}

    def next_key(public_id, prefix) -> str:
        counter[(public_id, prefix)] = counter.get((public_id, prefix), 0) + 1
        return f"{prefix}{counter[(public_id, prefix)]}"

    for partner in (
        VenturePartner.objects.filter(venture__in=ids)
        .select_related("organization", "venture")
        .order_by("venture__public_id", "role", "organization__name", "pk")
    ):
        public_id, organization = partner.venture.public_id, partner.organization
        key = partner_keys[partner.pk] = next_key(public_id, "p")
        partners.append(
            [
                public_id,
                key,
                organization.name,
                organization.name_ko,
                organization.name_zh,
                organization.country,
                organization.kind,
                partner.role,
                partner.stake_percent,
            ]
        )
    for entry in (
        StatusEntry.objects.filter(venture__in=ids)
        .select_related("source", "venture")
        .order_by("venture__public_id", *StatusEntry._meta.ordering)
    ):
        public_id = entry.venture.public_id
        key = status_keys[entry.pk] = next_key(public_id, "s")
        statuses.append(
            [
                public_id,
                key,
                entry.status,
                entry.date,
                entry.date_precision,
                _source_ref(entry.source.url, entry.source.citation),
                entry.note,
            ]
        )
    for citation in (
        Citation.objects.filter(venture__in=ids)
        .select_related("source", "venture")
        .order_by("venture__public_id", "pk")
    ):
        source = citation.source
        citations.append(
            [
                citation.venture.public_id,
                source.url or "",
                source.citation,
                source.title,
                source.publisher,
                source.published_on,
                source.language,
                citation.supports,
                partner_keys.get(citation.partner_id, "") if citation.supports in PARTNER_FACTS else "",
                status_keys.get(citation.status_entry_id, "")
                if citation.supports == CitationFact.STATUS
                else "",
                citation.quote,
                citation.summary,
                citation.note,
            ]
        )
    return {"partners": partners, "status_entries": statuses, "citations": citations}


def part_csv_bytes(table: str, rows: list[list], *, cell) -> bytes:
    """One part table as CSV (the venture CSV's cell rules: `cell`)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([column.name for column in PART_TABLES[table]])
    for row in rows:
        writer.writerow([cell(value) for value in row])
    return buffer.getvalue().encode("utf-8")


def part_table_schema(table: str) -> dict:
    """The Frictionless Table Schema of a part table (linked to ventures.csv by `venture`)."""
    fields = []
    for column in PART_TABLES[table]:
        entry = {"name": column.name, "type": column.type}
        if column.description:
            entry["description"] = column.description
        if column.name in ("venture", "key"):
            entry["constraints"] = {"required": True}
        fields.append(entry)
    schema = {"fields": fields, "missingValues": [""]}
    if table != "citations":
        schema["primaryKey"] = ["venture", "key"]
    schema["foreignKeys"] = [
        {"fields": ["venture"], "reference": {"resource": "ventures-csv", "fields": ["public_id"]}}
    ]
    return schema
