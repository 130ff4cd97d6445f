"""A cheap fingerprint of everything the venture list and exports are built from.

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

import hashlib

from django.db import connection

from projects.models import (
    Citation,
    Organization,
    Place,
    Province,
    SourceArticle,
    StatusEntry,
    Venture,
    VenturePartner,
)

ROW_SOURCE_MODELS = (Venture, VenturePartner, StatusEntry, Citation, Organization, SourceArticle, Place)


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


def export_data_fingerprint() -> str:
    """A short hex digest that changes whenever the data behind venture rows changes."""
    with connection.cursor() as cursor:
        cursor.execute(_fingerprint_sql(connection.vendor))
        values = cursor.fetchone()
    return hashlib.sha256(repr(values).encode()).hexdigest()[:32]
