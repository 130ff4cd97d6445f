"""Cheap fingerprints of everything the venture list and exports are built from (editors' view, and
the public's view at the end of this module).

The exports of 10,000 ventures cost a good fraction of a second to build; their ETag and the server-side
cache of their rendered bytes are keyed by this fingerprint, so it must change whenever any input of
the output changes. One small query, answered from primary-key indexes and 13 province rows:

- for each model whose fields reach the rows (ventures, partners, status entries, citations,
  organizations, sources, places): the highest id and the highest id and number of its history rows.
  Every write through the services, the admin, intake and `load_geo` (update_or_create) leaves a
  history row. The number of history rows also catches a transaction that commits after a later one
  (history ids come from a sequence, so a late commit adds a row below the maximum); the highest
  main-table id catches rows added by bulk_create without history (the benchmark seed);
- the number of ventures and their latest `updated_at` (bulk paths and `_touch`, which update without
  history rows);
- the provinces' codes and English names (they have no history; the admin and `load_geo` change them).
Contributions are not in the rows, so they are not in the fingerprint.
"""

import datetime
import hashlib

from django.db import connection
from django.utils.dateparse import parse_datetime

from projects.models import (
    Citation,
    Organization,
    Place,
    Province,
    PublicationState,
    SanctionsMeasure,
    SourceArticle,
    StatusEntry,
    Venture,
    VenturePartner,
)

# The sanctions measures too: their dates and sectors decide every row's `sanctions` flags.
ROW_SOURCE_MODELS = (
    Venture,
    VenturePartner,
    StatusEntry,
    Citation,
    Organization,
    SourceArticle,
    Place,
    SanctionsMeasure,
)


# Table names come from the models (quoted by the backend), never from input.
MODEL_COLUMNS = "(SELECT max(id) FROM __TABLE__), (SELECT max(history_id) FROM __HISTORY__), (SELECT count(*) FROM __HISTORY__)"
VENTURE_COLUMNS = "(SELECT count(*) FROM __VENTURES__), (SELECT max(updated_at) FROM __VENTURES__)"
PROVINCE_COLUMNS = {
    "postgresql": "(SELECT count(*) FROM __PROVINCES__), (SELECT max(id) FROM __PROVINCES__), "
    "(SELECT string_agg(code || ':' || name_en, '|' ORDER BY id) FROM __PROVINCES__)",
    "sqlite": "(SELECT count(*) FROM __PROVINCES__), (SELECT max(id) FROM __PROVINCES__), "
    "(SELECT group_concat(code || ':' || name_en, '|') FROM (SELECT code, name_en FROM __PROVINCES__ ORDER BY id))",
}


def _fingerprint_sql(vendor: str) -> str:
    quote = connection.ops.quote_name
    columns = [
        MODEL_COLUMNS.replace("__TABLE__", quote(model._meta.db_table)).replace(
            "__HISTORY__", quote(model.history.model._meta.db_table)
        )
        for model in ROW_SOURCE_MODELS
    ]
    columns.append(VENTURE_COLUMNS.replace("__VENTURES__", quote(Venture._meta.db_table)))
    provinces = PROVINCE_COLUMNS["postgresql" if vendor == "postgresql" else "sqlite"]
    columns.append(provinces.replace("__PROVINCES__", quote(Province._meta.db_table)))
    return "SELECT " + ",\n       ".join(columns)


# Where the ventures' latest `updated_at` is among the fingerprint's values (editors' view: after the
# three columns of each model and the ventures' count).
EDITORS_LATEST_UPDATE_AT = 3 * len(ROW_SOURCE_MODELS) + 1


def _as_time(value) -> datetime.datetime | None:
    """A timestamp read by a raw cursor: a datetime from psycopg, text from SQLite (stored in UTC)."""
    if isinstance(value, str):
        value = parse_datetime(value)
    if value is not None and value.tzinfo is None:
        value = value.replace(tzinfo=datetime.UTC)
    return value


def _digest(values) -> str:
    return hashlib.sha256(repr(values).encode()).hexdigest()[:32]


def export_data_state() -> tuple[str, datetime.datetime | None]:
    """The fingerprint, and when the data last changed (the latest `updated_at`: the "data as of"
    of the exports), from the one query."""
    with connection.cursor() as cursor:
        cursor.execute(_fingerprint_sql(connection.vendor))
        values = cursor.fetchone()
    return _digest(values), _as_time(values[EDITORS_LATEST_UPDATE_AT])


def export_data_fingerprint() -> str:
    """A short hex digest that changes whenever the data behind venture rows changes."""
    return export_data_state()[0]


# ------------------------------------------------------------------------------- the public's view
# The public sees published ventures only, so its fingerprint reads only what reaches their rows: the
# published ventures themselves (their set, versions and times, their history), the parts that belong
# to them (partners, status entries, citations: rows and history), the organizations, sources and
# places they refer to (history of those rows only), and the provinces. Editing a draft, its parts, or
# a partner or article only drafts use leaves it as it is; the editors' fingerprint above covers all.
#
# One pass over each table: the published ventures are read once (a CTE, materialized because it is
# used many times), their parts once each (a CTE per part table, with the shared ids they refer to),
# and every aggregate of a table is taken in that one scan (cross-joined one-row derived tables).
# Reading the published set in every subquery (as this did before) cost ~250 ms per export request
# on 10,000 ventures, a third of the export (docs/benchmarks.md).
PUBLIC_FINGERPRINT_SQL = """
SELECT * FROM
  (SELECT count(*), sum(id), sum(version), max(updated_at) FROM __VENTURES__ WHERE __PUBLISHED__) ventures,
  (SELECT max(h.history_id), count(*) FROM __VENTURE_HISTORY__ h JOIN __VENTURES__ v ON v.id = h.id
    WHERE __V_PUBLISHED__) venture_history,
  __PARTS__,
  __SHARED__,
  (SELECT max(history_id), count(*) FROM __MEASURE_HISTORY__) measures,
  (__PROVINCES__) provinces
"""
PUBLISHED = "publication_state = %(published)s"
V_PUBLISHED = "v.publication_state = %(published)s"
PUBLIC_PARTS = (VenturePartner, StatusEntry, Citation)
# One join with the published ventures per table (the planner hashes them once, knowing how many).
PART_COLUMNS = (
    "(SELECT count(*), max(x.id) FROM __TABLE__ x JOIN __VENTURES__ v ON v.id = x.venture_id"
    " WHERE __V_PUBLISHED__) __NAME___rows, "
    "(SELECT max(h.history_id), count(*) FROM __HISTORY__ h JOIN __VENTURES__ v ON v.id = h.venture_id"
    " WHERE __V_PUBLISHED__) __NAME___history"
)
# The shared records that published ventures use (organizations, sources, places).
PUBLIC_USED_IDS = {
    Organization: "SELECT x.organization_id FROM __PARTNERS__ x JOIN __VENTURES__ v ON v.id = x.venture_id"
    " WHERE __V_PUBLISHED__",
    SourceArticle: "SELECT x.source_id FROM __CITATIONS__ x JOIN __VENTURES__ v ON v.id = x.venture_id"
    " WHERE __V_PUBLISHED__ UNION SELECT x.source_id FROM __STATUS__ x JOIN __VENTURES__ v"
    " ON v.id = x.venture_id WHERE __V_PUBLISHED__",
    Place: "SELECT place_id FROM __VENTURES__ WHERE __PUBLISHED__",
}
SHARED_COLUMNS = "(SELECT max(history_id), count(*) FROM __HISTORY__ WHERE id IN (__USED__)) __NAME__"
PROVINCE_ROW = {
    "postgresql": "SELECT count(*), max(id), string_agg(code || ':' || name_en, '|' ORDER BY id) FROM __PROVINCES__",
    "sqlite": "SELECT count(*), max(id), group_concat(code || ':' || name_en, '|') "
    "FROM (SELECT id, code, name_en FROM __PROVINCES__ ORDER BY id)",
}


def _public_fingerprint_sql(vendor: str) -> str:
    quote = connection.ops.quote_name

    def table(model):
        return quote(model._meta.db_table)

    def history(model):
        return quote(model.history.model._meta.db_table)

    parts = ",\n  ".join(
        PART_COLUMNS.replace("__TABLE__", table(model))
        .replace("__HISTORY__", history(model))
        .replace("__NAME__", model._meta.model_name)
        for model in PUBLIC_PARTS
    )
    shared = ",\n  ".join(
        SHARED_COLUMNS.replace("__HISTORY__", history(model))
        .replace("__USED__", used)
        .replace("__NAME__", model._meta.model_name)
        for model, used in PUBLIC_USED_IDS.items()
    )
    provinces = PROVINCE_ROW["postgresql" if vendor == "postgresql" else "sqlite"]
    return (
        PUBLIC_FINGERPRINT_SQL.replace("__PARTS__", parts)
        .replace("__SHARED__", shared)
        .replace("__PROVINCES__", provinces.replace("__PROVINCES__", table(Province)))
        .replace("__V_PUBLISHED__", V_PUBLISHED)
        .replace("__PUBLISHED__", PUBLISHED)
        .replace("__VENTURE_HISTORY__", history(Venture))
        .replace("__MEASURE_HISTORY__", history(SanctionsMeasure))
        .replace("__VENTURES__", table(Venture))
        .replace("__PARTNERS__", table(VenturePartner))
        .replace("__STATUS__", table(StatusEntry))
        .replace("__CITATIONS__", table(Citation))
    )


# The published ventures' latest `updated_at` (count, sum of ids, sum of versions, then it).
PUBLIC_LATEST_UPDATE_AT = 3


def public_export_data_state() -> tuple[str, datetime.datetime | None]:
    """Like `export_data_state`, for what the public sees: drafts move neither."""
    with connection.cursor() as cursor:
        cursor.execute(_public_fingerprint_sql(connection.vendor), {"published": PublicationState.PUBLISHED})
        values = cursor.fetchone()
    return _digest(values), _as_time(values[PUBLIC_LATEST_UPDATE_AT])


def public_export_data_fingerprint() -> str:
    """Like `export_data_fingerprint`, for what the public sees: drafts do not move it."""
    return public_export_data_state()[0]
