"""Reading a spreadsheet (CSV or XLSX, through django-import-export's formats and tablib) into import records: columns, layouts, sheets.

The column format is documented in docs/import.md. A record is one venture with its partners,
status entries and sources, each value remembering the file column it came from (for messages that
name the row and the column). The reference dataset is turned into the same records
(`reference_records`), so it goes through the same planning and the same writes.
"""

import datetime
import hashlib
import io
import re
from dataclasses import dataclass, field

import tablib
from import_export.formats.base_formats import CSV, XLSX

from projects.selectors.venture_row_shape import CSV_PARTNER_SEPARATOR, FORMULA_PREFIXES

VENTURE_COLUMNS = (
    "public_id",
    "ref",
    "name",
    "name_ko",
    "name_zh",
    "other_names",
    "sector",
    "form",
    "arrangement",
    "investment_amount",
    "investment_currency",
    "province",
    "province_name",
    "place",
    "longitude",
    "latitude",
    "location_precision",
    "location_note",
    "description",
    "sanctions_note",
    "editor_note",
    "duplicate_of",
)
# `key`: the part's name within its venture, for a citation of it (the linked sheets of the XLSX export).
PARTNER_FIELDS = ("name", "name_ko", "name_zh", "country", "role", "stake", "kind", "key")
STATUS_FIELDS = ("status", "date", "date_precision", "source", "note", "key")
SOURCE_FIELDS = (
    "url",
    "citation",  # a source without a URL (on paper, a PDF): its bibliographic reference
    "title",
    "publisher",
    "published_on",
    "language",
    "quote",
    "summary",
    "key",
    # The fact the citation supports, and which partner (its key) or status entry (its key) it is.
    "supports",
    "partner",
    "status_entry",
    "note",
)
# Columns of the CSV export that an import reads back (see projects/selectors/venture_row_shape.py).
EXPORT_COLUMNS = (
    "status",
    "status_date",
    "status_date_precision",
    "partners",
    "partner_countries",
    "latest_source_url",
    "latest_source_title",
    "latest_source_publisher",
    "latest_source_published_on",
    "latest_source_citation",
)
# Columns of the CSV export that say nothing an import can store: accepted and ignored (`sanctions`
# is computed from the status history, sector, partners and exemption: projects/selectors/sanctions_rules.py).
IGNORED_EXPORT_COLUMNS = ("source_count", "updated_at", "url", "sanctions")
GROUP_COLUMN = re.compile(r"^(partner|status|source)_(\d{1,3})(?:_([a-z_]+))?$")
SINGLE_STATUS = {"status": "status", "status_date": "date", "status_date_precision": "date_precision"}
SINGLE_STATUS |= {"status_source": "source", "status_note": "note"}
LINKED_SHEETS = {
    "partners": "partners",
    "status": "statuses",
    "status_history": "statuses",
    "sources": "sources",
    # The names the XLSX export and a release's linked CSVs use (projects/selectors/venture_parts.py).
    "status_entries": "statuses",
    "citations": "sources",
}
# What identifies a part the ventures sheet sums up (its `partners`, current status and latest source
# columns): such a part is dropped when the linked sheet gives the same one in full.
SUMMARY_IDENTITY = {
    "partners": lambda item: (item.get("name", ""), item.get("country", "")),
    "statuses": lambda item: (item.get("status", ""), item.get("date", ""), item.get("date_precision", "")),
    "sources": lambda item: item.get("url") or item.get("citation", ""),
}
LINKED_FIELDS = {"partners": PARTNER_FIELDS, "statuses": STATUS_FIELDS, "sources": SOURCE_FIELDS}
MAX_ROWS = 50_000
MAX_GROUPS = 50


class FileProblem(Exception):
    """The file as a whole cannot be read (format, no header, too many rows)."""


@dataclass
class Record:
    """One venture of the file. `columns` maps a venture field to the file column it came from."""

    row: int
    sheet: str = ""
    venture: dict = field(default_factory=dict)
    columns: dict = field(default_factory=dict)
    partners: list = field(default_factory=list)
    statuses: list = field(default_factory=list)
    sources: list = field(default_factory=list)
    reference: bool = False


def canonical_column(header: str) -> str:
    """A header as the import names it: lower case, spaces and hyphens as underscores."""
    return re.sub(r"[\s\-]+", "_", str(header or "").strip().lower())


def known_column(name: str) -> bool:
    if name in VENTURE_COLUMNS or name in EXPORT_COLUMNS or name in IGNORED_EXPORT_COLUMNS:
        return True
    if name in SINGLE_STATUS:
        return True
    group = GROUP_COLUMN.match(name)
    if group:
        kind, _, part = group.groups()
        fields = {"partner": PARTNER_FIELDS, "status": STATUS_FIELDS, "source": SOURCE_FIELDS}[kind]
        return (part is None and kind == "status") or part in fields
    prefix, _, part = name.partition("_")
    return prefix == "source" and part in SOURCE_FIELDS


def default_mapping(headers: list[str]) -> dict[str, str]:
    """Each header to the import column of the same name, or "" (ignored) when there is none."""
    return {
        header: (canonical_column(header) if known_column(canonical_column(header)) else "")
        for header in headers
    }


def header_signature(headers: list[str]) -> str:
    return hashlib.sha256("\x1f".join(str(h) for h in headers).encode()).hexdigest()


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value).strip()
    # The CSV/XLSX export puts an apostrophe before text that a spreadsheet would run as a formula.
    if len(text) > 1 and text[0] == "'" and text[1:].startswith(FORMULA_PREFIXES):
        return text[1:]
    return text


def _xlsx_datasets(content: bytes) -> list:
    """Every sheet of a workbook: the first through django-import-export's XLSX format (values of
    formula cells, never the formulas), the linked ones likewise with openpyxl."""
    import openpyxl

    first = XLSX().create_dataset(content)
    book = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    first.title = book.active.title
    datasets = [first]
    for sheet in book.worksheets:
        if sheet.title == book.active.title:
            continue
        rows = sheet.iter_rows(values_only=True)
        dataset = tablib.Dataset(headers=list(next(rows, None) or []))
        dataset.title = sheet.title
        for row in rows:
            dataset.append((list(row) + [None] * dataset.width)[: dataset.width])
        datasets.append(dataset)
    return datasets


def read_sheets(content: bytes, filename: str) -> list[tuple[str, list[str], list[list[str]]]]:
    """The sheets of a CSV (one) or XLSX file: (title, headers, rows of text)."""
    name = filename.lower()
    try:
        if name.endswith(".xlsx"):
            datasets = _xlsx_datasets(content)
        elif name.endswith(".csv") or name.endswith(".txt"):
            content.decode("utf-8-sig")  # a clear message for another encoding, before tablib's
            dataset = CSV(encoding="utf-8-sig").create_dataset(content)
            dataset.title = "csv"
            datasets = [dataset]
        else:
            raise FileProblem("Give a .csv or .xlsx file.")
    except UnicodeDecodeError:
        raise FileProblem("The CSV file is not UTF-8 text: save it as “CSV UTF-8”.") from None
    except FileProblem:
        raise
    except Exception as error:  # tablib/openpyxl raise many kinds on a damaged file
        raise FileProblem(f"The file cannot be read as {name.rsplit('.', 1)[-1].upper()}: {error}") from None
    sheets = []
    for dataset in datasets:
        headers = [_text(h) for h in (dataset.headers or [])]
        if not any(headers):
            continue
        if dataset.height > MAX_ROWS:
            raise FileProblem(
                f"Sheet “{dataset.title}” has {dataset.height} rows; import at most {MAX_ROWS} at once."
            )
        rows = [[_text(value) for value in row] for row in dataset]
        sheets.append((dataset.title or "", headers, rows))
    if not sheets:
        raise FileProblem("The file has no header row.")
    return sheets


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(CSV_PARTNER_SEPARATOR.strip())] if value else []


def record_from_row(
    row_number: int, sheet: str, headers: list[str], values: list[str], mapping: dict
) -> Record:
    record = Record(row=row_number, sheet=sheet)
    groups: dict[tuple[str, int], dict] = {}

    def part(kind: str, index: int) -> dict:
        return groups.setdefault((kind, index), {"_columns": {}})

    for header, value in zip(headers, values, strict=False):
        column = mapping.get(header, "")
        if not column or column in IGNORED_EXPORT_COLUMNS:
            continue
        if column in VENTURE_COLUMNS:
            record.venture[column], record.columns[column] = value, header
        elif column in SINGLE_STATUS:
            target = part("status", 0)
            target[SINGLE_STATUS[column]], target["_columns"][SINGLE_STATUS[column]] = value, header
            # The export's current status (status, its date and precision) sums up the history.
            target["_summary"] = target.get("_summary", True) and column in EXPORT_COLUMNS
        elif column in ("partners", "partner_countries"):
            record.venture[column], record.columns[column] = value, header
        elif column.startswith("latest_source_"):
            target = part("source", 0)
            name = column.removeprefix("latest_source_")
            target[name], target["_columns"][name] = value, header
            target["_summary"] = True
        elif match := GROUP_COLUMN.match(column):
            kind, index, name = match.group(1), int(match.group(2)), match.group(3) or "status"
            if index > MAX_GROUPS:
                continue
            target = part(kind, index)
            target[name], target["_columns"][name] = value, header
        elif column.startswith("source_"):
            target = part("source", 0)
            name = column.removeprefix("source_")
            target[name], target["_columns"][name] = value, header
    names, countries = (
        _split(record.venture.pop("partners", "")),
        _split(record.venture.pop("partner_countries", "")),
    )
    for i, name in enumerate(names):
        target = part("partner", 1000 + i)
        target["name"], target["_columns"]["name"] = name, record.columns.get("partners", "partners")
        target["_summary"] = True
        if i < len(countries):
            target["country"] = countries[i]
            target["_columns"]["country"] = record.columns.get("partner_countries", "partner_countries")
    for (kind, _), values_of in sorted(groups.items(), key=lambda item: (item[0][0], item[0][1])):
        if not any(v for k, v in values_of.items() if not k.startswith("_")):
            continue  # an empty group of columns: nothing given
        {"partner": record.partners, "status": record.statuses, "source": record.sources}[kind].append(
            values_of
        )
    return record


def records_from_sheets(sheets, mapping: dict) -> list[Record]:
    """The first sheet holds the ventures; sheets named partners, status(_history), sources link to them
    by their `venture` column (the venture's `ref` or `public_id`)."""
    title, headers, rows = sheets[0]
    records = [record_from_row(i + 2, title, headers, values, mapping) for i, values in enumerate(rows)]
    by_ref = {}
    for record in records:
        for key in ("ref", "public_id"):
            if record.venture.get(key):
                by_ref.setdefault(record.venture[key], record)
    for title, headers, rows in sheets[1:]:
        target = LINKED_SHEETS.get(canonical_column(title))
        if target is None:
            continue
        names = [canonical_column(h) for h in headers]
        for i, values in enumerate(rows):
            cells = dict(zip(names, values, strict=False))
            if not any(cells.values()):
                continue
            item = {"_columns": {}, "_row": i + 2, "_sheet": title}
            for header, name in zip(headers, names, strict=False):
                if name in LINKED_FIELDS[target]:
                    item[name], item["_columns"][name] = cells.get(name, ""), header
            owner = by_ref.get(cells.get("venture", ""))
            item["_venture_ref"] = cells.get("venture", "")
            if owner is None:
                item["_orphan"] = True
                owner = records[0] if records else None
            if owner is not None:
                getattr(owner, target).append(item)
    for record in records:
        _drop_summaries(record)
    return records


def _drop_summaries(record: Record) -> None:
    """The ventures sheet's summary of a part (a partner's name, the current status, the latest source)
    goes when a linked sheet gives that part in full, so it is not imported twice."""
    for kind, identity in SUMMARY_IDENTITY.items():
        items = getattr(record, kind)
        linked = {identity(item) for item in items if "_sheet" in item}
        if linked:
            items[:] = [item for item in items if not (item.get("_summary") and identity(item) in linked)]


def reference_records(data: list) -> list[Record]:
    """The reference dataset (projects/data/reference/ventures.json) as import records."""
    records = []
    for i, item in enumerate(data):
        investment = item.get("investment") or {}
        notes = [item.get("notes") or ""]
        if investment.get("what"):
            notes.append(f"Investment: {investment['what']}")
        venture = {
            "name": item["name"],
            "name_ko": item.get("name_ko") or "",
            "name_zh": item.get("name_zh") or "",
            "sector": item.get("sector") or "",
            "form": item.get("form") or "",
            "arrangement": item.get("arrangement") or "",
            "investment_amount": "" if investment.get("amount") is None else str(investment["amount"]),
            "investment_currency": investment.get("currency") or "",
            "province": item.get("province") or "",
            "location_precision": item.get("location_precision") or "",
            "location_note": item.get("place") or "",
            "editor_note": "\n\n".join(n for n in notes if n),
        }
        record = Record(
            row=i + 1,
            sheet="ventures.json",
            venture=venture,
            columns={name: name for name in venture},
            reference=True,
        )
        for p in item.get("partners", []):
            partner = {
                k: "" if p.get(k) is None else str(p[k])
                for k in ("name", "name_ko", "name_zh", "country", "role", "stake")
            }
            record.partners.append({**partner, "_columns": {k: f"partners.{k}" for k in partner}})
        for s in item.get("status_history", []):
            status = {
                k: "" if s.get(k) is None else str(s[k])
                for k in ("status", "date", "date_precision", "source")
            }
            record.statuses.append({**status, "_columns": {k: f"status_history.{k}" for k in status}})
        for s in item.get("sources", []):
            source = {
                "key": s.get("key") or "",
                "url": s.get("url") or "",
                "citation": s.get("citation") or "",
                "publisher": s.get("publisher") or "",
                "published_on": s.get("published_on") or "",
                "language": s.get("language") or "",
                "summary": s.get("claim") or "",
            }
            record.sources.append(
                {**source, "_columns": {k: f"sources.{'claim' if k == 'summary' else k}" for k in source}}
            )
        records.append(record)
    return records
