"""The sanctions flags as one PostgreSQL expression over the alias `v` of a hand-written venture query
(projects/selectors/venture_sql.py, venture_export_sql.py): the same rules as the ORM conditions of
projects/selectors/sanctions_rules.py (see there, and docs/sanctions.md).

Free of model imports, so the row shape (venture_row_shape.py) can be read before Django is set up;
the values below are the model choices' (tests/sanctions/test_flags.py checks they match).
"""

FLAGS = (
    "opened_after_ban",
    "active_after_deadline",
    "sector_banned",
    "partner_designated",
    "exemption_recorded",
)
FLAG_SEPARATOR = ","
# Status values (projects.models.Status) and measure kinds (projects.models.MeasureKind).
OPENING_STATUSES = ("contract_signed", "under_construction", "expanding")
ACTIVE_STATUSES = ("contract_signed", "under_construction", "operating", "expanding")
NEW_JV_BAN, JV_CLOSURE, SECTOR_BAN = "new_jv_ban", "jv_closure", "sector_ban"
DESIGNATED_TOPIC = "sanction"
TOPIC_SEPARATOR = "|"  # as in Organization.sanctions_topics (the SQL below writes it out)


def _literal_list(values) -> str:
    return ", ".join(f"'{value}'" for value in values)  # our own constants, never input


# The rule's day: the earliest applies-from day of the measures of a kind (as `_rule_day`).
RULE_DAY_SQL = (
    "(SELECT min(COALESCE(sm.effective_on, sm.adopted_on)) FROM projects_sanctionsmeasure sm "
    "WHERE sm.kind = '__KIND__')"
)
ENTRY_SQL = (
    "EXISTS (SELECT 1 FROM projects_statusentry se WHERE se.venture_id = v.id "
    "AND se.status IN (__STATUSES__) AND se.date __COMPARE__ __DAY__)"
)


def _entry_sql(statuses, compare: str, kind: str) -> str:
    return (
        ENTRY_SQL.replace("__STATUSES__", _literal_list(statuses))
        .replace("__COMPARE__", compare)
        .replace("__DAY__", RULE_DAY_SQL.replace("__KIND__", kind))
    )


# The same flags over the alias `v` of a hand-written venture query (PostgreSQL).
_SQL_CONDITIONS = {
    "opened_after_ban": _entry_sql(OPENING_STATUSES, ">=", NEW_JV_BAN),
    "active_after_deadline": _entry_sql(ACTIVE_STATUSES, ">", JV_CLOSURE),
    "sector_banned": (
        "EXISTS (SELECT 1 FROM projects_sanctionsmeasure sm WHERE sm.kind = '__KIND__' "
        "AND strpos(',' || sm.sectors || ',', ',' || v.sector || ',') > 0)"
    ).replace("__KIND__", SECTOR_BAN),
    "partner_designated": (
        "EXISTS (SELECT 1 FROM projects_venturepartner svp "
        "JOIN projects_organization so ON so.id = svp.organization_id WHERE svp.venture_id = v.id "
        "AND (so.sanctions_designations <> '' OR strpos('|' || so.sanctions_topics || '|', '|__TOPIC__|') > 0))"
    ).replace("__TOPIC__", DESIGNATED_TOPIC),
    "exemption_recorded": "v.exemption_reference <> ''",
}


def _flags_sql(conditions: dict[str, str]) -> str:
    return (
        "substr(concat("
        + ", ".join(
            f"CASE WHEN {condition} THEN '{FLAG_SEPARATOR}{flag}' ELSE '' END"
            for flag, condition in conditions.items()
        )
        + "), 2)"
    )


# Per venture (correlated EXISTS, an index lookup each): for a page of rows and a detail.
SANCTIONS_FLAGS_SQL = _flags_sql(_SQL_CONDITIONS)

# The same flags as uncorrelated sets, which PostgreSQL builds and hashes once per query: for the
# exports of thousands of ventures, where a lookup per venture and flag would cost more.
ENTRY_SET_SQL = (
    "v.id IN (SELECT se.venture_id FROM projects_statusentry se "
    "WHERE se.status IN (__STATUSES__) AND se.date __COMPARE__ __DAY__)"
)


def _entry_set_sql(statuses, compare: str, kind: str) -> str:
    return (
        ENTRY_SET_SQL.replace("__STATUSES__", _literal_list(statuses))
        .replace("__COMPARE__", compare)
        .replace("__DAY__", RULE_DAY_SQL.replace("__KIND__", kind))
    )


_SET_CONDITIONS = {
    "opened_after_ban": _entry_set_sql(OPENING_STATUSES, ">=", NEW_JV_BAN),
    "active_after_deadline": _entry_set_sql(ACTIVE_STATUSES, ">", JV_CLOSURE),
    "sector_banned": (
        "v.sector IN (SELECT unnest(string_to_array(sm.sectors, ',')) FROM projects_sanctionsmeasure sm "
        "WHERE sm.kind = '__KIND__')"
    ).replace("__KIND__", SECTOR_BAN),
    "partner_designated": (
        "v.id IN (SELECT svp.venture_id FROM projects_venturepartner svp "
        "JOIN projects_organization so ON so.id = svp.organization_id "
        "WHERE so.sanctions_designations <> '' OR strpos('|' || so.sanctions_topics || '|', '|__TOPIC__|') > 0)"
    ).replace("__TOPIC__", DESIGNATED_TOPIC),
    "exemption_recorded": _SQL_CONDITIONS["exemption_recorded"],
}
SANCTIONS_FLAGS_SET_SQL = _flags_sql(_SET_CONDITIONS)
