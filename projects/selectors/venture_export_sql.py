"""The PostgreSQL path of the exports: PostgreSQL writes each venture's GeoJSON feature or CSV line.

The renderers (`projects/api/renderers.py`) turn venture rows into the same bytes on the portable
path; here the text of every field is written by the database, so Python only joins 10,000 strings
instead of building 10,000 dicts and serialising them. Every expression is derived from the one row
shape (`venture_row_shape.ROW`) and matches what the renderers write, byte for byte:

- JSON: compact (no spaces), keys in ROW_FIELDS order, strings escaped by `to_json` (as orjson does:
  `"`, `\\`, and control characters; other characters as UTF-8), floats as Python writes them
  (`125.0`, not `125`), times in UTC with a `Z` and microseconds only when there are any;
- CSV: as `csv.writer` quotes (only cells holding `,`, `"`, CR or LF), with the renderer's defusing of
  spreadsheet formulas (a leading apostrophe) on every text cell.

`tests/api/test_export_sql.py` compares both paths' bodies byte for byte on generated data.
"""

from django.db import connection

from projects.selectors.sanctions_sql import SANCTIONS_FLAGS_SET_SQL
from projects.selectors.venture_row_shape import (
    CSV_COLUMNS,
    CSV_PARTNER_SEPARATOR,
    CSV_PLAIN_FIELDS,
    FORMULA_PREFIXES,
    LATEST_SOURCE_FIELDS,
    PARTNER_FIELDS,
    PROPERTY_FIELDS,
    ROW,
)

FIELDS = {field.name: field for field in ROW}


def _literal(text: str) -> str:
    """A constant of our own (never input) as an SQL string literal."""
    return "'" + text.replace("'", "''") + "'"


def _float_text(sql: str) -> str:
    # PostgreSQL writes the shortest exact digits, as Python's repr does, but drops a whole number's `.0`.
    return f"({sql})::text || CASE WHEN {sql} = trunc({sql}) THEN '.0' ELSE '' END"


def _timestamp_text(sql: str) -> str:
    # One to_char (the costly part); like Python, no fraction when there are no microseconds.
    return (
        f"""replace(to_char({sql} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US'), '.000000', '') || 'Z'"""
    )


def json_text(kind: str, sql: str) -> str:
    """SQL for the JSON text of a value (`null` for NULL)."""
    text = {
        "text": f"to_json({sql})::text",
        "code": f"""'"' || {sql} || '"'""",
        "decimal": f"""'"' || {sql} || '"'""",
        "date": f"""'"' || to_char({sql}, 'YYYY-MM-DD') || '"'""",
        "int": f"({sql})::text",
        "float": _float_text(sql),
        "timestamp": f"""'"' || {_timestamp_text(sql)} || '"'""",
    }[kind]
    return f"COALESCE({text}, 'null')"


def _csv_cell(sql: str, *, defuse: bool) -> str:
    # csv.writer quotes a cell holding the delimiter, the quote or a line break (strpos beats a regex).
    # The renderer's apostrophe before a formula changes neither that nor the doubling of quotes, so
    # the value is tested once and the apostrophe put in front (no CASE inside a CASE: no common
    # subexpressions in PostgreSQL, each copy would be evaluated again).
    found = " + ".join(f"strpos({sql}, {char})" for char in ("','", """'"'""", "chr(10)", "chr(13)"))
    prefix = "''"
    if defuse:
        prefixes = ", ".join(_literal(p) for p in FORMULA_PREFIXES)
        prefix = f"CASE WHEN left({sql}, 1) IN ({prefixes}) THEN '''' ELSE '' END"
    return (
        f"""CASE WHEN {found} > 0 THEN '"' || {prefix} || replace({sql}, '"', '""') || '"' """
        f"ELSE {prefix} || {sql} END"
    )


def csv_text(kind: str, sql: str, *, defuse: bool = True) -> str:
    """SQL for the CSV cell of a value (empty for NULL), as the CSV renderer writes it."""
    if kind == "text":
        text = _csv_cell(sql, defuse=defuse)
    else:
        text = {
            "code": sql,
            "decimal": sql,
            "date": f"to_char({sql}, 'YYYY-MM-DD')",
            "int": f"({sql})::text",
            "float": _float_text(sql),
            "timestamp": _timestamp_text(sql),
        }[kind]
    return f"COALESCE({text}, '')"


def concat(parts: list[str]) -> str:
    """SQL joining texts in ONE call: `a || b || c` copies the growing text at each step (quadratic
    in a feature's ~60 pieces), concat() writes the result once. (No NULL may reach it: concat
    would skip it where || gives NULL; every piece here is COALESCEd.)"""
    return "concat(" + ", ".join(parts) + ")"


def _json_members(members: list[tuple[str, str]]) -> list[str]:
    """The pieces of a JSON object from (key, SQL for the member's JSON text)."""
    parts = []
    for n, (key, value) in enumerate(members):
        parts += [_literal(("{" if n == 0 else ",") + '"' + key + '":'), value]
    return [*parts, "'}'"]


def _json_object(members: list[tuple[str, str]]) -> str:
    return concat(_json_members(members))


PARTNER_OBJECT = _json_object([(name, json_text(kind, sql)) for name, sql, kind in PARTNER_FIELDS])
PARTNER_ORDER = "vp.role, o.name, vp.id"
SOURCE_OBJECT = _json_object([(name, json_text(kind, sql)) for name, sql, kind in LATEST_SOURCE_FIELDS])


# ST_X/ST_Y once per venture (a lateral join of EXPORT_SQL), not once per use.
COMPUTED_ONCE = {"longitude": "xy.longitude", "latitude": "xy.latitude", "sanctions": "sf.flags"}


def _sql(field) -> str:
    return COMPUTED_ONCE.get(field.name, field.sql)


def _field_json(name: str) -> str:
    """The JSON text of a row field over the aliases of EXPORT_SQL."""
    field = FIELDS[name]
    if field.plain:
        return json_text(field.kind, _sql(field))
    return {
        "partners": "COALESCE(pa.json, '[]')",
        "source_count": "COALESCE(sc.n, 0)::text",
        # No latest source: the join found no citation (a source's url may be null).
        "latest_source": f"CASE WHEN l.source_id IS NULL THEN 'null' ELSE {SOURCE_OBJECT} END",
        "url": json_text("text", "(%(url_prefix)s || v.public_id || %(url_suffix)s)"),
    }[name]


def _field_csv(name: str) -> str:
    field = FIELDS[name]
    if field.plain:
        return csv_text(field.kind, _sql(field))
    return {
        "source_count": "COALESCE(sc.n, 0)::text",
        "url": csv_text("text", "(%(url_prefix)s || v.public_id || %(url_suffix)s)"),
    }[name]


longitude, latitude = (_sql(FIELDS[name]) for name in ("longitude", "latitude"))
GEOMETRY = (
    f"CASE WHEN {longitude} IS NULL THEN 'null' ELSE "
    f"""'{{"type":"Point","coordinates":[' || {_float_text(longitude)} || ','"""
    f" || {_float_text(latitude)} || ']}}' END"
)
FEATURE_PIECES = [
    """'{"type":"Feature","id":'""",
    json_text(FIELDS["public_id"].kind, FIELDS["public_id"].sql),
    """',"geometry":'""",
    GEOMETRY,
    """',"properties":'""",
    *_json_members([(name, _field_json(name)) for name in PROPERTY_FIELDS]),
    "'}'",
]
FEATURE = concat(FEATURE_PIECES)
# The feature up to the url's key: the url is the last property, so only `<url>}}` follows
# (export_fragments.py keeps this and puts in the url of each request).
if PROPERTY_FIELDS[-1] != "url" or FEATURE_PIECES[-3] != _field_json("url"):
    raise ImportError("export_fragments.py expects the url as the feature's last property")
FEATURE_HEAD = concat(FEATURE_PIECES[:-3])
CSV_CELLS = [
    *(_field_csv(name) for name in CSV_PLAIN_FIELDS),
    csv_text("text", "pa.names"),
    csv_text("text", "pa.countries", defuse=False),
    *(csv_text(kind, sql) for _, sql, kind in LATEST_SOURCE_FIELDS),
]
# The url's cell, which export_fragments.py writes per request (the rest is stored per venture).
URL_CELL_INDEX = CSV_PLAIN_FIELDS.index("url")
CSV_LINE = concat(
    [piece for n, cell in enumerate(CSV_CELLS) for piece in ((cell,) if n == 0 else ("','", cell))]
)
EXPORT_SQL = """
WITH ids AS (SELECT id, n FROM unnest(%(ids)s::bigint[]) WITH ORDINALITY AS t(id, n)),
partners AS (
    SELECT vp.venture_id,
           __PARTNER_AGGREGATES__
      FROM projects_venturepartner vp JOIN projects_organization o ON o.id = vp.organization_id
     WHERE vp.venture_id IN (SELECT id FROM ids)
     GROUP BY vp.venture_id),
cited AS (
    SELECT DISTINCT c.venture_id, c.source_id FROM projects_citation c
     WHERE c.venture_id IN (SELECT id FROM ids)),
source_counts AS (SELECT venture_id, count(*) AS n FROM cited GROUP BY venture_id),
latest AS (
    SELECT DISTINCT ON (cited.venture_id) cited.venture_id, a.id AS source_id, a.publisher,
           a.published_on, a.url, a.title, a.citation
      FROM cited JOIN projects_sourcearticle a ON a.id = cited.source_id
     ORDER BY cited.venture_id, a.published_on DESC NULLS LAST, a.id DESC),
status AS (
    SELECT DISTINCT ON (e.venture_id) e.venture_id, e.status, e.date, e.date_precision
      FROM projects_statusentry e
     WHERE e.venture_id IN (SELECT id FROM ids) __AS_OF__
     ORDER BY e.venture_id, e.date DESC NULLS LAST, e.id DESC)
SELECT string_agg(__LINE__, __JOIN__ ORDER BY ids.n)
  FROM ids
  JOIN projects_venture v ON v.id = ids.id
  LEFT JOIN projects_province p ON p.id = v.province_id
  LEFT JOIN projects_place pl ON pl.id = v.place_id
  LEFT JOIN status s ON s.venture_id = v.id
  LEFT JOIN partners pa ON pa.venture_id = v.id
  LEFT JOIN source_counts sc ON sc.venture_id = v.id
  LEFT JOIN latest l ON l.venture_id = v.id
  CROSS JOIN LATERAL (SELECT __LONGITUDE__ AS longitude, __LATITUDE__ AS latitude) xy
  CROSS JOIN LATERAL (SELECT __SANCTIONS__ AS flags) sf
"""
EXPORT_SQL = (
    EXPORT_SQL.replace("__LONGITUDE__", FIELDS["longitude"].sql)
    .replace("__LATITUDE__", FIELDS["latitude"].sql)
    # The flags as sets hashed once (the row shape's per-venture lookups cost more for 10,000 rows).
    .replace("__SANCTIONS__", SANCTIONS_FLAGS_SET_SQL)
)
# Each format aggregates only the partner texts it writes.
GEOJSON_PARTNERS = "'[' || string_agg(__PARTNER_OBJECT__, ',' ORDER BY __PARTNER_ORDER__) || ']' AS json"
CSV_PARTNERS = (
    "string_agg(o.name, __SEPARATOR__ ORDER BY __PARTNER_ORDER__) AS names, "
    "string_agg(o.country, __SEPARATOR__ ORDER BY __PARTNER_ORDER__) AS countries"
)
GEOJSON_SQL = (
    EXPORT_SQL.replace("__PARTNER_AGGREGATES__", GEOJSON_PARTNERS)
    .replace("__PARTNER_OBJECT__", PARTNER_OBJECT)
    .replace("__PARTNER_ORDER__", PARTNER_ORDER)
    .replace("__LINE__", FEATURE)
    .replace("__JOIN__", "','")
)
CSV_SQL = (
    EXPORT_SQL.replace("__PARTNER_AGGREGATES__", CSV_PARTNERS)
    .replace("__PARTNER_ORDER__", PARTNER_ORDER)
    .replace("__SEPARATOR__", _literal(CSV_PARTNER_SEPARATOR))
    .replace("__LINE__", CSV_LINE)
    .replace("__JOIN__", "E'\\r\\n'")
)

# An `as_of` view (projects/selectors/time_filters.py): the status is the latest step dated on or
# before the day.
AS_OF_CONDITION = "AND e.date <= %(as_of)s::date"
EXPORT_SQL_BY_FORMAT = {
    (export_format, as_of): sql.replace("__AS_OF__", AS_OF_CONDITION if as_of else "")
    for export_format, sql in (("geojson", GEOJSON_SQL), ("csv", CSV_SQL))
    for as_of in (False, True)
}
GEOJSON_SQL, CSV_SQL = EXPORT_SQL_BY_FORMAT[("geojson", False)], EXPORT_SQL_BY_FORMAT[("csv", False)]

GEOJSON_START = '{"type":"FeatureCollection","features":['
GEOJSON_END = "]}"
CSV_HEADER = ",".join(CSV_COLUMNS) + "\r\n"


def geojson_start(data_as_of: str | None = None) -> str:
    """The FeatureCollection's opening; `data_as_of` (an ISO time) becomes a top-level member."""
    if data_as_of is None:
        return GEOJSON_START
    return '{"type":"FeatureCollection","data_as_of":"' + data_as_of + '","features":['


def export_body_postgres(
    ids: list[int], export_format: str, url_template: str, *, as_of=None, data_as_of: str | None = None
) -> bytes:
    """The whole GeoJSON or CSV export of the ventures `ids` (in that order), as UTF-8 bytes.
    `as_of`: the day of an as-of view; `data_as_of`: the GeoJSON's "data as of" member."""
    url_prefix, url_suffix = url_template.split("{}")
    text = ""
    if ids:
        with connection.cursor() as cursor:
            cursor.execute(
                EXPORT_SQL_BY_FORMAT[("geojson" if export_format == "geojson" else "csv", as_of is not None)],
                {"ids": ids, "url_prefix": url_prefix, "url_suffix": url_suffix, "as_of": as_of},
            )
            (text,) = cursor.fetchone()
    if export_format == "geojson":
        return (geojson_start(data_as_of) + text + GEOJSON_END).encode()
    return (CSV_HEADER + text + ("\r\n" if text else "")).encode()
