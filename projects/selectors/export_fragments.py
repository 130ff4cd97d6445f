"""The PostgreSQL path of the exports, from each venture's stored fragment (`VentureExportFragment`).

Writing 10,000 features or CSV lines costs PostgreSQL most of a second (`venture_export_sql`): a
JSON text per field, the partners aggregated, the latest source chosen. The text of a venture only
changes when the venture or something its row shows changes, so it is written once and kept: an
export builds the fragments that are missing or stale (in one statement, with the same expressions
as `venture_export_sql`, so the bytes are the same) and then only joins the stored texts, putting in
each venture's URL (it depends on the request's host).

Fresh means `built_generation = generation`: the triggers of migration 0025 raise the generation on
every change, in the changing transaction, so a fragment is never used after a change it does not
show, whoever made it (services, admin, imports, bulk writes, raw SQL). Filters and visibility choose
the ids, as before; a fragment holds nothing that depends on who asks. If the fragments cannot be
used (a writer holds a venture's fragment row for longer than LOCK_TIMEOUT, or a change lands
between building and reading twice), None: the caller writes the export directly.
"""

from django.db import OperationalError, connection, transaction

from projects.selectors.venture_export_sql import (
    CSV_CELLS,
    CSV_HEADER,
    CSV_PARTNERS,
    EXPORT_SQL,
    FEATURE_HEAD,
    GEOJSON_END,
    GEOJSON_PARTNERS,
    PARTNER_OBJECT,
    PARTNER_ORDER,
    URL_CELL_INDEX,
    _literal,
    concat,
    csv_text,
    geojson_start,
    json_text,
)
from projects.selectors.venture_row_shape import CSV_PARTNER_SEPARATOR

TABLE = "projects_ventureexportfragment"
LOCK_TIMEOUT = "2s"
ATTEMPTS = 2


def _csv_piece(cells: list[str], *, leading: bool, trailing: bool) -> str:
    pieces = [piece for n, cell in enumerate(cells) for piece in ((cell,) if n == 0 else ("','", cell))]
    return concat([*(["','"] if leading else []), *pieces, *(["','"] if trailing else [])])


CSV_HEAD = _csv_piece(CSV_CELLS[:URL_CELL_INDEX], leading=False, trailing=True)
CSV_TAIL = _csv_piece(CSV_CELLS[URL_CELL_INDEX + 1 :], leading=True, trailing=False)
URL_SQL = "(%(url_prefix)s || f.public_id || %(url_suffix)s)"

# The stale or missing fragments among the ids, with the generation they are built for (0 for a
# venture without a row yet: a trigger's row added meanwhile starts at 1, so the fragment is stale).
STALE_IDS = """ids AS (
    SELECT DISTINCT t.id, COALESCE(f.generation, 0) AS generation
      FROM unnest(%(ids)s::bigint[]) AS t(id)
      LEFT JOIN __TABLE__ f ON f.venture_id = t.id
     WHERE f.venture_id IS NULL OR f.built_generation <> f.generation)"""
_select = EXPORT_SQL.index("SELECT string_agg(")
# EXPORT_SQL's CTEs over the stale ids (both formats' partner texts), then its joins, writing rows.
BUILD_CTES = (
    EXPORT_SQL[:_select]
    .replace(
        "WITH ids AS (SELECT id, n FROM unnest(%(ids)s::bigint[]) WITH ORDINALITY AS t(id, n))",
        "WITH " + STALE_IDS,
    )
    # A fragment is a venture's current row: never an as-of view's (those are written directly).
    .replace("__AS_OF__", "")
    .replace("__PARTNER_AGGREGATES__", GEOJSON_PARTNERS + ", " + CSV_PARTNERS)
    .replace("__PARTNER_OBJECT__", PARTNER_OBJECT)
    .replace("__PARTNER_ORDER__", PARTNER_ORDER)
    .replace("__SEPARATOR__", _literal(CSV_PARTNER_SEPARATOR))
)
BUILD_JOINS = EXPORT_SQL[EXPORT_SQL.index("  FROM ids", _select) :]
BUILD_TEMPLATE = """__CTES__
INSERT INTO __TABLE__ (venture_id, generation, built_generation, public_id, geojson_head, csv_head, csv_tail)
SELECT v.id, ids.generation, ids.generation, v.public_id, __FEATURE_HEAD__, __CSV_HEAD__, __CSV_TAIL__
__JOINS__ ORDER BY v.id
ON CONFLICT (venture_id) DO UPDATE SET built_generation = EXCLUDED.built_generation,
    public_id = EXCLUDED.public_id, geojson_head = EXCLUDED.geojson_head,
    csv_head = EXCLUDED.csv_head, csv_tail = EXCLUDED.csv_tail"""
BUILD_SQL = (
    BUILD_TEMPLATE.replace("__CTES__", BUILD_CTES)
    .replace("__JOINS__", BUILD_JOINS)
    .replace("__FEATURE_HEAD__", FEATURE_HEAD)
    .replace("__CSV_HEAD__", CSV_HEAD)
    .replace("__CSV_TAIL__", CSV_TAIL)
    .replace("__TABLE__", TABLE)
)
# A fragment counts only while fresh; `missing` says whether any id had none (then build again).
READ_SQL = """
SELECT string_agg(__LINE__, __JOIN__ ORDER BY t.n) FILTER (WHERE f.venture_id IS NOT NULL),
       count(*) FILTER (WHERE f.venture_id IS NULL)
  FROM unnest(%(ids)s::bigint[]) WITH ORDINALITY AS t(id, n)
  LEFT JOIN __TABLE__ f ON f.venture_id = t.id AND f.built_generation = f.generation
""".replace("__TABLE__", TABLE)
GEOJSON_READ_SQL = READ_SQL.replace(
    "__LINE__", f"f.geojson_head || {json_text('text', URL_SQL)} || '}}}}'"
).replace("__JOIN__", "','")
CSV_READ_SQL = READ_SQL.replace(
    "__LINE__", f"f.csv_head || {csv_text('text', URL_SQL)} || f.csv_tail"
).replace("__JOIN__", "E'\\r\\n'")


# Joining and ordering 10,000 stored texts (9 MB of GeoJSON) in PostgreSQL's default 4 MB of
# work_mem spills the hash and the sort to temporary files: 3-4 times slower than in memory.
READ_WORK_MEM = "128MB"


def _set_local(cursor, name: str, value: str) -> str:
    """Set a setting for the rest of this transaction; returns the value before (to put back, so an
    outer transaction, e.g. a test's, keeps its own)."""
    cursor.execute("SELECT current_setting(%s), set_config(%s, %s, true)", [name, name, value])
    return cursor.fetchone()[0]


STALE_SQL = """
SELECT array_agg(t.id ORDER BY t.id)
  FROM unnest(%(ids)s::bigint[]) AS t(id)
  LEFT JOIN __TABLE__ f ON f.venture_id = t.id
 WHERE f.venture_id IS NULL OR f.built_generation <> f.generation
""".replace("__TABLE__", TABLE)


def build_fragments(ids: list[int]) -> int:
    """Write the missing and stale fragments of `ids`; returns how many (raises OperationalError
    past LOCK_TIMEOUT). Finding them first keeps the usual case (none) one index-sized query, and
    gives the build's planner the true number of rows to write."""
    with connection.cursor() as cursor:
        cursor.execute(STALE_SQL, {"ids": ids})
        (stale,) = cursor.fetchone()
    if not stale:
        return 0
    nested = connection.in_atomic_block
    with transaction.atomic(), connection.cursor() as cursor:
        previous = _set_local(cursor, "lock_timeout", LOCK_TIMEOUT)
        cursor.execute(BUILD_SQL, {"ids": stale})
        if nested:  # else the transaction ends here, and the setting with it
            _set_local(cursor, "lock_timeout", previous)
    return len(stale)


def _read(sql: str, params: dict) -> tuple[str | None, int]:
    nested = connection.in_atomic_block
    with transaction.atomic(), connection.cursor() as cursor:
        previous = _set_local(cursor, "work_mem", READ_WORK_MEM)
        cursor.execute(sql, params)
        text, missing = cursor.fetchone()
        if nested:
            _set_local(cursor, "work_mem", previous)
    return text, missing


def export_body_from_fragments(
    ids: list[int], export_format: str, url_template: str, *, data_as_of: str | None = None
) -> bytes | None:
    """The whole GeoJSON or CSV export of `ids` (in that order) from fresh fragments, or None."""
    url_prefix, url_suffix = url_template.split("{}")
    text = ""
    if ids:
        sql = GEOJSON_READ_SQL if export_format == "geojson" else CSV_READ_SQL
        for _ in range(ATTEMPTS):
            try:
                build_fragments(ids)
            except OperationalError:  # a writer keeps a fragment row locked: do without
                return None
            text, missing = _read(sql, {"ids": ids, "url_prefix": url_prefix, "url_suffix": url_suffix})
            if not missing:
                break
        else:
            return None  # changes keep landing between building and reading
    if export_format == "geojson":
        return (geojson_start(data_as_of) + (text or "") + GEOJSON_END).encode()
    return (CSV_HEADER + (text or "") + ("\r\n" if text else "")).encode()
