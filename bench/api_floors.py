"""Floors of the API benchmark: one hand-written SQL query per endpoint, serialised with orjson.

Each returns the same body as its endpoint (bench/api.py times them side by side).
"""

import csv
import io

from projects.selectors.venture_row_shape import SCALAR_FIELDS


def floor_select(where: str, order: str, limit: str = "") -> str:
    """One query: the ventures chosen in SQL, every field assembled by PostgreSQL.

    The same SQL as the API's PostgreSQL path (per-venture lookups for a page, hash aggregates for
    everything), with the choice of ventures written in SQL instead of passed in as ids.
    """
    from projects.selectors.venture_sql import ROWS_SQL, ROWS_SQL_FEW

    chosen = (
        f"SELECT id, row_number() OVER (ORDER BY {order}) AS n FROM projects_venture "
        f"WHERE publication_state = 'published' {where} ORDER BY {order} {limit}"
    )
    ids = "SELECT id, n FROM unnest(%(ids)s::bigint[]) WITH ORDINALITY AS t(id, n)"
    return (ROWS_SQL_FEW if limit else ROWS_SQL).replace(ids, chosen)


# The columns of ROWS_SQL: the row's scalar fields, then the parts the API assembles into nested values.
FLOOR_KEYS = [
    *SCALAR_FIELDS,
    "partners",
    "source_count",
    "publisher",
    "published_on",
    "source_url",
    "title",
    "updated_at",
]


def _floor_rows(sql, params=()):
    from projects.selectors.venture_sql import json_cursor

    with json_cursor() as cursor:  # json parsed by orjson, as in the API
        cursor.execute(sql, params)
        records = cursor.fetchall()
    rows = []
    for record in records:
        row = dict(zip(FLOOR_KEYS, record, strict=False))
        row["partners"] = row["partners"] or []
        row["source_count"] = row["source_count"] or 0
        source = {k: row.pop(k) for k in ("publisher", "published_on", "source_url", "title")}
        row["latest_source"] = None if source["source_url"] is None else source
        row["url"] = f"/ventures/{row['public_id']}/"
        rows.append(row)
    return rows, records


def floor_list():
    import orjson

    where = "AND sector IN ('mine', 'ironworks', 'construction')"
    sql = floor_select(where, "name, public_id", "LIMIT 100").replace(
        "v.updated_at\n  FROM ids",
        f"v.updated_at, (SELECT count(*) FROM projects_venture WHERE publication_state = 'published' {where})"
        "\n  FROM ids",
    )
    rows, records = _floor_rows(sql)
    count = records[0][-1] if records else 0
    return orjson.dumps(
        {"count": count, "next": None, "previous": None, "results": rows}, option=orjson.OPT_UTC_Z
    )


def floor_geojson():
    import orjson

    rows, _ = _floor_rows(floor_select("", "public_id"))
    features = []
    for row in rows:
        lon, lat = row.pop("longitude"), row.pop("latitude")
        features.append(
            {
                "type": "Feature",
                "id": row["public_id"],
                "geometry": None if lon is None else {"type": "Point", "coordinates": [lon, lat]},
                "properties": row,
            }
        )
    return orjson.dumps({"type": "FeatureCollection", "features": features}, option=orjson.OPT_UTC_Z)


def floor_csv():
    rows, _ = _floor_rows(floor_select("", "public_id"))
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    plain = [
        k for k in FLOOR_KEYS if k not in ("partners", "publisher", "published_on", "source_url", "title")
    ]
    writer.writerow(
        [*plain, "url", "partners", "partner_countries", "publisher", "published_on", "url", "title"]
    )
    for row in rows:
        source = row["latest_source"] or {}
        partners = row["partners"]
        writer.writerow(
            [row[k] for k in plain]
            + [row["url"]]
            + ["; ".join(p["name"] for p in partners), "; ".join(p["country"] for p in partners)]
            + [source.get("publisher"), source.get("published_on"), source.get("url"), source.get("title")]
        )
    return buffer.getvalue().encode()


FLOOR_DETAIL = """
SELECT v.public_id, v.name, v.name_ko, v.name_zh, v.other_names, v.sector, v.form, v.arrangement,
       v.investment_amount, v.investment_currency, v.location_note, v.description, v.sanctions_note,
       v.publication_state, v.version, v.created_at, v.published_at, v.updated_at,
       p.code, p.name_en, pl.name_en, ST_X(v.location), ST_Y(v.location), v.location_precision,
       (SELECT json_agg(json_build_object('id', o.id, 'name', o.name, 'country', o.country, 'role', vp.role,
                                          'stake_percent', vp.stake_percent, 'note', vp.note))
          FROM projects_venturepartner vp JOIN projects_organization o ON o.id = vp.organization_id
         WHERE vp.venture_id = v.id),
       (SELECT json_agg(json_build_object('side', c.side, 'kind', c.kind, 'note', c.note))
          FROM projects_contribution c WHERE c.venture_id = v.id),
       (SELECT json_agg(json_build_object('id', e.id, 'status', e.status, 'date', e.date,
                                          'date_precision', e.date_precision, 'note', e.note,
                                          'source', json_build_object('id', a.id, 'url', a.url,
                                              'title', a.title, 'publisher', a.publisher,
                                              'published_on', a.published_on)) ORDER BY e.date, e.id)
          FROM projects_statusentry e JOIN projects_sourcearticle a ON a.id = e.source_id
         WHERE e.venture_id = v.id),
       (SELECT json_agg(json_build_object('id', c.id, 'status_entry', c.status_entry_id, 'quote', c.quote,
                                          'note', c.note,
                                          'source', json_build_object('id', a.id, 'url', a.url,
                                              'title', a.title, 'publisher', a.publisher,
                                              'published_on', a.published_on)) ORDER BY c.id)
          FROM projects_citation c JOIN projects_sourcearticle a ON a.id = c.source_id
         WHERE c.venture_id = v.id)
FROM projects_venture v
JOIN projects_province p ON p.id = v.province_id
LEFT JOIN projects_place pl ON pl.id = v.place_id
WHERE v.publication_state = 'published' AND v.public_id = %s
"""
DETAIL_KEYS = [
    "public_id",
    "name",
    "name_ko",
    "name_zh",
    "other_names",
    "sector",
    "form",
    "arrangement",
    "investment_amount",
    "investment_currency",
    "location_note",
    "description",
    "sanctions_note",
    "publication_state",
    "version",
    "created_at",
    "published_at",
    "updated_at",
    "province",
    "province_name",
    "place",
    "longitude",
    "latitude",
    "location_precision",
    "partners",
    "contributions",
    "status_history",
    "citations",
]


def floor_detail(public_id):
    import orjson

    from projects.selectors.venture_sql import json_cursor

    with json_cursor() as cursor:
        cursor.execute(FLOOR_DETAIL, [public_id])
        record = cursor.fetchone()
    row = dict(zip(DETAIL_KEYS, record, strict=True))
    history = row["status_history"] or []
    row["status"] = history[-1]["status"] if history else None
    row["url"] = f"/ventures/{public_id}/"
    return orjson.dumps(row, default=str, option=orjson.OPT_UTC_Z)
