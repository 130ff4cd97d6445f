"""The PostgreSQL path of venture rows and details: one hand-written query each, same output as the ORM path.

Which ventures (visibility, filters, order) is still decided by the Django queryset: its ids, in order,
are passed in as an array. Only the assembly of the fields moves into SQL, where PostgreSQL aggregates
partners and sources per venture far faster than fetching every joined row into Python.
`tests/api/test_formats.py` checks on PostGIS that both paths give identical output.
"""

import orjson
from django.db import connection
from psycopg.types.json import set_json_loads

from projects.selectors.venture_row_shape import SCALAR_FIELDS, venture_row

ROWS_SQL = """
WITH ids AS (SELECT id, n FROM unnest(%(ids)s::bigint[]) WITH ORDINALITY AS t(id, n)),
partners AS (
    SELECT vp.venture_id,
           json_agg(json_build_object('id', o.id, 'name', o.name, 'country', o.country, 'role', vp.role)
                    ORDER BY vp.role, o.name, vp.id) AS partners
      FROM projects_venturepartner vp JOIN projects_organization o ON o.id = vp.organization_id
     WHERE vp.venture_id IN (SELECT id FROM ids)
     GROUP BY vp.venture_id),
cited AS (
    SELECT DISTINCT c.venture_id, c.source_id FROM projects_citation c
     WHERE c.venture_id IN (SELECT id FROM ids)),
source_counts AS (SELECT venture_id, count(*) AS n FROM cited GROUP BY venture_id),
latest AS (
    SELECT DISTINCT ON (cited.venture_id) cited.venture_id, a.publisher, a.published_on, a.url, a.title
      FROM cited JOIN projects_sourcearticle a ON a.id = cited.source_id
     ORDER BY cited.venture_id, a.published_on DESC NULLS LAST, a.id DESC),
status AS (
    SELECT DISTINCT ON (e.venture_id) e.venture_id, e.status, e.date, e.date_precision
      FROM projects_statusentry e
     WHERE e.venture_id IN (SELECT id FROM ids)
     ORDER BY e.venture_id, e.date DESC, e.id DESC)
SELECT v.public_id, v.name, v.sector, v.form, v.arrangement, s.status, s.date, s.date_precision,
       p.code, p.name_en, pl.name_en, ST_X(v.location), ST_Y(v.location), v.location_precision,
       pa.partners, sc.n, l.publisher, l.published_on, l.url, l.title, v.updated_at
  FROM ids
  JOIN projects_venture v ON v.id = ids.id
  JOIN projects_province p ON p.id = v.province_id
  LEFT JOIN projects_place pl ON pl.id = v.place_id
  LEFT JOIN status s ON s.venture_id = v.id
  LEFT JOIN partners pa ON pa.venture_id = v.id
  LEFT JOIN source_counts sc ON sc.venture_id = v.id
  LEFT JOIN latest l ON l.venture_id = v.id
 ORDER BY ids.n
"""


# For a page (a few hundred ventures at most), per-venture index lookups beat hashing whole tables.
FEW_IDS = 1000
ROWS_SQL_FEW = """
WITH ids AS (SELECT id, n FROM unnest(%(ids)s::bigint[]) WITH ORDINALITY AS t(id, n))
SELECT v.public_id, v.name, v.sector, v.form, v.arrangement, s.status, s.date, s.date_precision,
       p.code, p.name_en, pl.name_en, ST_X(v.location), ST_Y(v.location), v.location_precision,
       (SELECT json_agg(json_build_object('id', o.id, 'name', o.name, 'country', o.country, 'role', vp.role)
                        ORDER BY vp.role, o.name, vp.id)
          FROM projects_venturepartner vp JOIN projects_organization o ON o.id = vp.organization_id
         WHERE vp.venture_id = v.id),
       (SELECT count(DISTINCT c.source_id) FROM projects_citation c WHERE c.venture_id = v.id),
       l.publisher, l.published_on, l.url, l.title, v.updated_at
  FROM ids
  JOIN projects_venture v ON v.id = ids.id
  JOIN projects_province p ON p.id = v.province_id
  LEFT JOIN projects_place pl ON pl.id = v.place_id
  LEFT JOIN LATERAL (
       SELECT e.status, e.date, e.date_precision FROM projects_statusentry e
        WHERE e.venture_id = v.id ORDER BY e.date DESC, e.id DESC LIMIT 1) s ON true
  LEFT JOIN LATERAL (
       SELECT a.publisher, a.published_on, a.url, a.title
         FROM projects_citation c JOIN projects_sourcearticle a ON a.id = c.source_id
        WHERE c.venture_id = v.id ORDER BY a.published_on DESC NULLS LAST, a.id DESC LIMIT 1) l ON true
 ORDER BY ids.n
"""


def json_cursor():
    cursor = connection.cursor()
    # psycopg parses json columns; orjson does it several times faster than the json module.
    set_json_loads(orjson.loads, cursor.cursor)
    return cursor


def venture_rows_postgres(ids: list[int], url: str) -> list[dict]:
    with json_cursor() as cursor:
        cursor.execute(ROWS_SQL_FEW if len(ids) <= FEW_IDS else ROWS_SQL, {"ids": ids})
        records = cursor.fetchall()
    scalar_count = len(SCALAR_FIELDS)
    rows = []
    for record in records:
        partners, source_count, publisher, published_on, source_url, title, updated_at = record[scalar_count:]
        latest_source = None
        if source_url is not None:
            latest_source = {
                "publisher": publisher,
                "published_on": published_on,
                "url": source_url,
                "title": title,
            }
        rows.append(
            venture_row(
                record[:scalar_count],
                partners=partners or [],
                source_count=source_count or 0,
                latest_source=latest_source,
                updated_at=updated_at,
                url_template=url,
            )
        )
    return rows


SOURCE_JSON = (
    "json_build_object('id', a.id, 'url', a.url, 'title', a.title, 'publisher', a.publisher, "
    "'published_on', a.published_on)"
)

DETAIL_SQL = """
SELECT v.public_id, v.name, v.sector, v.form, v.arrangement, p.code, p.name_en, pl.name_en,
       ST_X(v.location), ST_Y(v.location), v.location_precision, v.updated_at,
       v.name_ko, v.name_zh, v.other_names, v.investment_amount::text, v.investment_currency,
       v.location_note, v.description, v.sanctions_note, v.publication_state, v.version, v.created_at,
       v.published_at,
       (SELECT json_agg(json_build_object('id', o.id, 'name', o.name, 'country', o.country, 'role', vp.role,
                                          'stake_percent', vp.stake_percent::text, 'note', vp.note)
                        ORDER BY vp.role, o.name, vp.id)
          FROM projects_venturepartner vp JOIN projects_organization o ON o.id = vp.organization_id
         WHERE vp.venture_id = v.id),
       (SELECT json_agg(json_build_object('side', c.side, 'kind', c.kind, 'note', c.note)
                        ORDER BY c.side, c.kind)
          FROM projects_contribution c WHERE c.venture_id = v.id),
       (SELECT json_agg(json_build_object('id', e.id, 'status', e.status, 'date', e.date,
                                          'date_precision', e.date_precision, 'note', e.note,
                                          'source', __SOURCE__) ORDER BY e.date, e.id)
          FROM projects_statusentry e JOIN projects_sourcearticle a ON a.id = e.source_id
         WHERE e.venture_id = v.id),
       (SELECT json_agg(json_build_object('id', c.id, 'status_entry', c.status_entry_id, 'quote', c.quote,
                                          'note', c.note, 'source', __SOURCE__) ORDER BY c.id)
          FROM projects_citation c JOIN projects_sourcearticle a ON a.id = c.source_id
         WHERE c.venture_id = v.id)
  FROM projects_venture v
  JOIN projects_province p ON p.id = v.province_id
  LEFT JOIN projects_place pl ON pl.id = v.place_id
 WHERE v.id IN (__IDS__)
""".replace("__SOURCE__", SOURCE_JSON)


def venture_detail_postgres(ventures, url: str, split_names) -> dict | None:
    """`ventures`: a queryset of (at most) the one venture, already restricted to what the user sees."""
    ids_sql, ids_params = ventures.order_by().values("pk").query.sql_with_params()
    with json_cursor() as cursor:
        # The ids subquery is SQL compiled by Django from the queryset, with its own parameters.
        cursor.execute(DETAIL_SQL.replace("__IDS__", ids_sql), ids_params)
        record = cursor.fetchone()
    if record is None:
        return None
    (
        public_id,
        name,
        sector,
        form,
        arrangement,
        province_code,
        province_name,
        place_name,
        longitude,
        latitude,
        location_precision,
        updated_at,
        name_ko,
        name_zh,
        other_names,
        investment_amount,
        investment_currency,
        location_note,
        description,
        sanctions_note,
        publication_state,
        version,
        created_at,
        published_at,
        partners,
        contributions,
        status_history,
        citations,
    ) = record
    status_history = status_history or []
    citations = citations or []
    current = status_history[-1] if status_history else None
    latest = max(
        (c["source"] for c in citations),
        key=lambda s: (s["published_on"] or "", s["id"]),
        default=None,
    )
    return {
        "public_id": public_id,
        "name": name,
        "sector": sector,
        "form": form,
        "arrangement": arrangement,
        "status": current["status"] if current else None,
        "status_date": current["date"] if current else None,
        "status_date_precision": current["date_precision"] if current else None,
        "province": province_code,
        "province_name": province_name,
        "place": place_name,
        "longitude": longitude,
        "latitude": latitude,
        "location_precision": location_precision,
        "partners": partners or [],
        "source_count": len({c["source"]["id"] for c in citations}),
        "latest_source": None
        if latest is None
        else {
            "publisher": latest["publisher"],
            "published_on": latest["published_on"],
            "url": latest["url"],
            "title": latest["title"],
        },
        "updated_at": updated_at,
        "url": url.format(public_id),
        "name_ko": name_ko,
        "name_zh": name_zh,
        "other_names": split_names(other_names),
        "investment_amount": investment_amount,
        "investment_currency": investment_currency,
        "location_note": location_note,
        "description": description,
        "sanctions_note": sanctions_note,
        "publication_state": publication_state,
        "version": version,
        "created_at": created_at,
        "published_at": published_at,
        "contributions": contributions or [],
        "status_history": status_history,
        "citations": citations,
    }
