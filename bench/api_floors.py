"""Floors of the API benchmark: one hand-written SQL query per endpoint, serialised with orjson.

Each returns the same body as its endpoint (bench/api.py times them side by side).
"""

from projects.selectors.venture_row_shape import (
    DETAIL_FIELDS,
    LATEST_SOURCE_FIELDS,
    PLAIN_FIELDS,
    PLAIN_NAMES,
    ROW_FIELDS,
)

IDS_CTE = "SELECT id, n FROM unnest(%(ids)s::bigint[]) WITH ORDINALITY AS t(id, n)"


def _chosen(where: str, order: str, limit: str = "") -> str:
    return (
        f"SELECT id, row_number() OVER (ORDER BY {order}) AS n FROM projects_venture "
        f"WHERE publication_state = 'published' {where} ORDER BY {order} {limit}"
    )


def floor_select(where: str, order: str, limit: str) -> str:
    """One query for a page: the API's page query, the ventures chosen in SQL instead of passed as ids."""
    from projects.selectors.venture_sql import ROWS_SQL_FEW

    return ROWS_SQL_FEW.replace(IDS_CTE, _chosen(where, order, limit))


def floor_export(export_format: str) -> bytes:
    """The API's export query (PostgreSQL writes the body), the ventures chosen in SQL."""
    from django.db import connection

    from projects.selectors import venture_export_sql as export

    sql = export.GEOJSON_SQL if export_format == "geojson" else export.CSV_SQL
    with connection.cursor() as cursor:
        cursor.execute(
            sql.replace(IDS_CTE, _chosen("", "public_id")), {"url_prefix": "/ventures/", "url_suffix": "/"}
        )
        (text,) = cursor.fetchone()
    if export_format == "geojson":
        return (export.GEOJSON_START + text + export.GEOJSON_END).encode()
    return (export.CSV_HEADER + text + "\r\n").encode()


# The columns of ROWS_SQL_FEW: the row's plain fields, then the parts the API assembles into nested values.
SOURCE_NAMES = [name for name, *_ in LATEST_SOURCE_FIELDS]


def _floor_rows(sql, params=()):
    from projects.selectors.venture_sql import json_cursor

    with json_cursor() as cursor:  # json parsed by orjson, as in the API
        cursor.execute(sql, params)
        records = cursor.fetchall()
    plain_count = len(PLAIN_FIELDS)
    rows = []
    for record in records:
        row = dict(zip(PLAIN_NAMES, record, strict=False))
        partners, source_count, *source = record[plain_count : plain_count + 2 + len(SOURCE_NAMES)]
        row["partners"] = partners or []
        row["source_count"] = source_count or 0
        source = dict(zip(SOURCE_NAMES, source, strict=True))
        row["latest_source"] = None if source["url"] is None else source
        row["url"] = f"/ventures/{row['public_id']}/"
        rows.append({name: row[name] for name in ROW_FIELDS})
    return rows, records


def floor_list():
    import orjson

    where = "AND sector IN ('mine', 'ironworks', 'construction')"
    sql = floor_select(where, "name, public_id", "LIMIT 100").replace(
        "\n  FROM ids\n",
        f", (SELECT count(*) FROM projects_venture WHERE publication_state = 'published' {where})"
        "\n  FROM ids\n",
        1,
    )
    rows, records = _floor_rows(sql)
    count = records[0][-1] if records else 0
    return orjson.dumps(
        {"count": count, "next": None, "previous": None, "results": rows}, option=orjson.OPT_UTC_Z
    )


def floor_geojson():
    return floor_export("geojson")


def floor_csv():
    return floor_export("csv")


def floor_detail(public_id):
    """The API's detail query with the venture chosen in SQL, its record dumped as it comes."""
    import orjson

    from projects.selectors.venture_sql import DETAIL_PARTS, DETAIL_SQL, json_cursor

    sql = DETAIL_SQL.replace("v.id IN (__IDS__)", "v.publication_state = 'published' AND v.public_id = %s")
    with json_cursor() as cursor:
        cursor.execute(sql, [public_id])
        record = cursor.fetchone()
    keys = [*PLAIN_NAMES, *(field.name for field in DETAIL_FIELDS), *DETAIL_PARTS]
    row = dict(zip(keys, record, strict=True))
    row["url"] = f"/ventures/{public_id}/"
    return orjson.dumps(row, default=str, option=orjson.OPT_UTC_Z)
