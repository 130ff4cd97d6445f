"""The shape of one venture row (list pages, GeoJSON and CSV exports): declared here once.

Everything else is derived from `ROW`: the public names and their order (`ROW_FIELDS`), the columns
the portable path asks `.values_list()` for, the select list of the PostgreSQL queries
(`venture_sql.py`), the JSON and CSV text PostgreSQL writes for the exports (`venture_export_sql.py`),
the CSV header, the API serializer's field order, the cache key and the benchmark's floors.
"""

from dataclasses import dataclass

from projects.selectors.sanctions_sql import SANCTIONS_FLAGS_SQL


@dataclass(frozen=True)
class RowField:
    """One output field. `kind` says how it is written; `orm` and `sql` are where a plain field comes
    from (a `.values_list()` path, and an expression over the aliases of `venture_sql.ROWS_SQL`);
    `searched`: the API's and the map's text search (`q`) looks in it."""

    name: str
    kind: str
    orm: str | None = None
    sql: str | None = None
    searched: bool = False  # one of the fields the text search (`q`) looks in

    @property
    def plain(self) -> bool:
        return self.orm is not None


# Kinds of plain fields: text, code (a value from a fixed set of identifiers: model choices, ISO codes,
# public ids; no character of it needs escaping in JSON or quoting in CSV), date, timestamp, float,
# decimal (written as its exact text, "1500000.00": a JSON string, a bare CSV cell).
# The other kinds are assembled per venture.
ROW = (
    RowField("public_id", "code", "public_id", "v.public_id", searched=True),
    RowField("name", "text", "name", "v.name", searched=True),
    RowField("name_ko", "text", "name_ko", "v.name_ko", searched=True),
    RowField("name_zh", "text", "name_zh", "v.name_zh", searched=True),
    RowField("sector", "code", "sector", "v.sector"),
    RowField("form", "code", "form", "v.form"),
    RowField("arrangement", "code", "arrangement", "v.arrangement"),
    RowField("status", "code", "current_status", "s.status"),
    RowField("status_date", "date", "current_status_date", "s.date"),
    RowField("status_date_precision", "code", "current_status_date_precision", "s.date_precision"),
    RowField("province", "code", "province__code", "p.code"),
    RowField("province_name", "text", "province__name_en", "p.name_en"),
    RowField("place", "text", "place__name_en", "pl.name_en"),
    RowField("longitude", "float", "longitude", "ST_X(v.location)"),
    RowField("latitude", "float", "latitude", "ST_Y(v.location)"),
    RowField("location_precision", "code", "location_precision", "v.location_precision"),
    RowField("investment_amount", "decimal", "investment_amount", "v.investment_amount::text"),
    RowField("investment_currency", "code", "investment_currency", "v.investment_currency"),
    RowField("sanctions_note", "text", "sanctions_note", "v.sanctions_note"),
    # The sanctions flags raised (projects/selectors/sanctions_rules.py), comma-separated, e.g.
    # "opened_after_ban,sector_banned"; empty when none. The ORM path annotates `sanctions_flags`.
    RowField("sanctions", "text", "sanctions_flags", SANCTIONS_FLAGS_SQL),
    RowField("partners", "partners"),
    RowField("source_count", "source_count"),
    RowField("latest_source", "latest_source"),
    RowField("updated_at", "timestamp", "updated_at", "v.updated_at"),
    RowField("url", "url"),
)
ROW_FIELDS = tuple(field.name for field in ROW)
PLAIN_FIELDS = tuple(field for field in ROW if field.plain)
PLAIN_NAMES = tuple(field.name for field in PLAIN_FIELDS)
DECIMAL_NAMES = tuple(field.name for field in PLAIN_FIELDS if field.kind == "decimal")
# For `.values_list()`: the primary key, then every plain field.
ORM_COLUMNS = ("pk", *(field.orm for field in PLAIN_FIELDS))

# A venture's page (the API's detail) adds these plain fields after the row's, then its parts in full.
DETAIL_FIELDS = (
    RowField("other_names", "names", "other_names", "v.other_names", searched=True),
    RowField("location_note", "text", "location_note", "v.location_note"),
    RowField("description", "text", "description", "v.description", searched=True),
    RowField("exemption_reference", "text", "exemption_reference", "v.exemption_reference"),
    RowField("exemption_approved_on", "date", "exemption_approved_on", "v.exemption_approved_on"),
    RowField("publication_state", "text", "publication_state", "v.publication_state"),
    RowField("version", "int", "version", "v.version"),
    RowField("created_at", "timestamp", "created_at", "v.created_at"),
    RowField("published_at", "timestamp", "published_at", "v.published_at"),
)

# The venture's own fields the text search looks in (its province's, place's and partners' names too).
TEXT_SEARCH_FIELDS = tuple(field.orm for field in (*ROW, *DETAIL_FIELDS) if field.searched)

# The parts of a partner in a row, and of the latest source: name, SQL column (`o.`/`vp.` and `l.`), kind.
PARTNER_FIELDS = (
    ("id", "o.id", "int"),
    ("name", "o.name", "text"),
    ("country", "o.country", "code"),
    ("role", "vp.role", "code"),
)
LATEST_SOURCE_FIELDS = (
    ("publisher", "l.publisher", "text"),
    ("published_on", "l.published_on", "date"),
    ("url", "l.url", "text"),
    ("title", "l.title", "text"),
    # A source without a URL (on paper, a PDF): its url is empty and this says what it is.
    ("citation", "l.citation", "text"),
)

# A GeoJSON feature: the coordinates become its geometry, every other field a property.
COORDINATE_FIELDS = ("longitude", "latitude")
PROPERTY_FIELDS = tuple(name for name in ROW_FIELDS if name not in COORDINATE_FIELDS)

# CSV: the fields in order, partners and the latest source flattened into columns of their own.
CSV_PARTNER_SEPARATOR = "; "
CSV_PLAIN_FIELDS = tuple(name for name in ROW_FIELDS if name not in ("partners", "latest_source"))
CSV_COLUMNS = (
    *CSV_PLAIN_FIELDS,
    "partners",
    "partner_countries",
    *(f"latest_source_{name}" for name, *_ in LATEST_SOURCE_FIELDS),
)
# A spreadsheet would run a cell that starts like a formula: such text gets a leading apostrophe.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def venture_row(plain_values, *, partners, source_count, latest_source, url_template: str) -> dict:
    """One row from the PLAIN_FIELDS values and the assembled parts, keys in ROW_FIELDS order."""
    values = dict(zip(PLAIN_NAMES, plain_values, strict=True))
    for name in DECIMAL_NAMES:  # a Decimal from the ORM, text from the SQL paths: the same string
        if values[name] is not None:
            values[name] = str(values[name])
    values["partners"] = partners
    values["source_count"] = source_count
    values["latest_source"] = latest_source
    values["url"] = url_template.format(values["public_id"])
    return {name: values[name] for name in ROW_FIELDS}
