"""The PostgreSQL path of a page of venture rows and of a detail: one hand-written query each, same
output as the ORM path. Kept where `bench api` shows it winning clearly (a detail ~3-4x, a page
somewhat); for more than FEW_IDS ventures the ORM path runs (the exports: `venture_export_sql.py`).

Which ventures (visibility, filters, order) is still decided by the Django queryset: its ids, in order,
are passed in as an array. Only the assembly of the fields moves into SQL.
`tests/api/test_formats.py` and `tests/api/test_export_sql.py` check on PostGIS that both paths give
identical output.
"""

import orjson
from django.db import connection
from psycopg.types.json import set_json_loads

from projects.models.names import split_names
from projects.selectors.sanctions import detail_assessment
from projects.selectors.venture_row_shape import (
    DETAIL_FIELDS,
    LATEST_SOURCE_FIELDS,
    PARTNER_FIELDS,
    PLAIN_FIELDS,
    venture_row,
)

# The select list of the row query: the plain fields, then partners, the source count and the
# latest source's parts.
PLAIN_SQL = ", ".join(field.sql for field in PLAIN_FIELDS)
PARTNER_JSON = "json_build_object({})".format(
    ", ".join(f"'{name}', {sql}" for name, sql, _ in PARTNER_FIELDS)
)
ROW_SELECT = ", ".join(
    [
        PLAIN_SQL,
        "__PARTNERS__",
        "__SOURCE_COUNT__",
        *(sql for _, sql, _ in LATEST_SOURCE_FIELDS),
        "l.source_id",
    ]
)

# For a page, per-venture index lookups. bench api (PostGIS, 10,000 ventures, ORM time / SQL time):
# 1.1-1.3x for 50-100 ids, 1.0-1.2x for 125, 0.93-0.95x for 150, 0.56x for 1,000 (and a query
# hashing whole tables tied with the ORM for 10,000); so above FEW_IDS the ORM path runs.
FEW_IDS = 125
ROWS_SQL_FEW = """
WITH ids AS (SELECT id, n FROM unnest(%(ids)s::bigint[]) WITH ORDINALITY AS t(id, n))
SELECT __ROW_SELECT__
  FROM ids
  JOIN projects_venture v ON v.id = ids.id
  LEFT JOIN projects_province p ON p.id = v.province_id
  LEFT JOIN projects_place pl ON pl.id = v.place_id
  LEFT JOIN LATERAL (
       SELECT e.status, e.date, e.date_precision FROM projects_statusentry e
        WHERE e.venture_id = v.id __AS_OF__
        ORDER BY e.date DESC NULLS LAST, e.id DESC LIMIT 1) s ON true
  LEFT JOIN LATERAL (
       SELECT a.id AS source_id, a.publisher, a.published_on, a.url, a.title, a.citation
         FROM projects_citation c JOIN projects_sourcearticle a ON a.id = c.source_id
        WHERE c.venture_id = v.id ORDER BY a.published_on DESC NULLS LAST, a.id DESC LIMIT 1) l ON true
 ORDER BY ids.n
"""
ROWS_SQL_FEW = (
    ROWS_SQL_FEW.replace("__ROW_SELECT__", ROW_SELECT)
    .replace(
        "__PARTNERS__",
        """(SELECT json_agg(__PARTNER_JSON__ ORDER BY vp.role, o.name, vp.id)
          FROM projects_venturepartner vp JOIN projects_organization o ON o.id = vp.organization_id
         WHERE vp.venture_id = v.id)""",
    )
    .replace(
        "__SOURCE_COUNT__",
        "(SELECT count(DISTINCT c.source_id) FROM projects_citation c WHERE c.venture_id = v.id)",
    )
    .replace("__PARTNER_JSON__", PARTNER_JSON)
    .replace("__AS_OF__", "__AS_OF_CONDITION__")
)
# An `as_of` view (projects/selectors/time_filters.py): only the steps dated on or before the day;
# the ids come from the queryset, which has already left out the ventures not reported by then.
AS_OF_CONDITION = "AND e.date <= %(as_of)s::date"
ROWS_SQL_AS_OF = ROWS_SQL_FEW.replace("__AS_OF_CONDITION__", AS_OF_CONDITION)
ROWS_SQL_FEW = ROWS_SQL_FEW.replace("__AS_OF_CONDITION__", "")


def json_cursor():
    cursor = connection.cursor()
    # psycopg parses json columns; orjson does it several times faster than the json module.
    set_json_loads(orjson.loads, cursor.cursor)
    return cursor


def venture_rows_postgres(ids: list[int], url: str, *, as_of=None) -> list[dict]:
    """`as_of`: the day of an as-of view (the status of that day), or None (the current status)."""
    with json_cursor() as cursor:
        if as_of is None:
            cursor.execute(ROWS_SQL_FEW, {"ids": ids})
        else:
            cursor.execute(ROWS_SQL_AS_OF, {"ids": ids, "as_of": as_of})
        records = cursor.fetchall()
    plain_count = len(PLAIN_FIELDS)
    source_names = [name for name, *_ in LATEST_SOURCE_FIELDS]
    rows = []
    for record in records:
        partners, source_count, *source, source_id = record[plain_count:]
        rows.append(
            venture_row(
                record[:plain_count],
                partners=partners or [],
                source_count=source_count or 0,
                # No source id: the venture cites nothing (a source's URL may be null).
                latest_source=None if source_id is None else dict(zip(source_names, source, strict=True)),
                url_template=url,
            )
        )
    return rows


SOURCE_JSON = (
    "json_build_object('id', a.id, 'url', a.url, 'title', a.title, 'publisher', a.publisher, "
    "'published_on', a.published_on, 'citation', a.citation)"
)

DETAIL_PARTS = ("partners", "contributions", "status_history", "citations")
DETAIL_SQL = (
    """
SELECT __PLAIN__, __DETAIL__,
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
                                          'source', __SOURCE__) ORDER BY e.date NULLS FIRST, e.id)
          FROM projects_statusentry e JOIN projects_sourcearticle a ON a.id = e.source_id
         WHERE e.venture_id = v.id),
       (SELECT json_agg(json_build_object('id', c.id, 'supports', c.supports, 'status_entry', c.status_entry_id,
                                          'partner', c.partner_id, 'quote', c.quote, 'summary', c.summary,
                                          'note', c.note, 'source', __SOURCE__) ORDER BY c.id)
          FROM projects_citation c JOIN projects_sourcearticle a ON a.id = c.source_id
         WHERE c.venture_id = v.id)
  FROM projects_venture v
  LEFT JOIN projects_province p ON p.id = v.province_id
  LEFT JOIN projects_place pl ON pl.id = v.place_id
  LEFT JOIN LATERAL (
       SELECT e.status, e.date, e.date_precision FROM projects_statusentry e
        WHERE e.venture_id = v.id ORDER BY e.date DESC NULLS LAST, e.id DESC LIMIT 1) s ON true
 WHERE v.id IN (__IDS__)
""".replace("__SOURCE__", SOURCE_JSON)
    .replace("__PLAIN__", PLAIN_SQL)
    .replace("__DETAIL__", ", ".join(field.sql for field in DETAIL_FIELDS))
)


def venture_detail_postgres(ventures, url: str) -> dict | None:
    """`ventures`: a queryset of (at most) the one venture, already restricted to what the user sees."""
    ids_sql, ids_params = ventures.order_by().values("pk").query.sql_with_params()
    with json_cursor() as cursor:
        # The ids subquery is SQL compiled by Django from the queryset, with its own parameters.
        cursor.execute(DETAIL_SQL.replace("__IDS__", ids_sql), ids_params)
        record = cursor.fetchone()
    if record is None:
        return None
    plain = dict(zip((field.name for field in (*PLAIN_FIELDS, *DETAIL_FIELDS)), record, strict=False))
    parts = dict(zip(DETAIL_PARTS, (value or [] for value in record[len(plain) :]), strict=True))
    citations = parts["citations"]
    latest = max(
        (c["source"] for c in citations),
        key=lambda s: (s["published_on"] or "", s["id"]),
        default=None,
    )
    row = venture_row(
        [plain[field.name] for field in PLAIN_FIELDS],
        partners=parts["partners"],
        source_count=len({c["source"]["id"] for c in citations}),
        latest_source=None if latest is None else {name: latest[name] for name, *_ in LATEST_SOURCE_FIELDS},
        url_template=url,
    )
    for field in DETAIL_FIELDS:
        row[field.name] = plain[field.name]
    row["other_names"] = split_names(row["other_names"])
    row.update((name, parts[name]) for name in DETAIL_PARTS if name != "partners")
    row["sanctions_assessment"] = detail_assessment(row)
    return row
