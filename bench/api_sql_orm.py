"""The hand-written SQL (venture_sql.py, venture_export_sql.py) beside the portable ORM path, on the
same PostGIS data, in pairs; and the sweeps that set FEW_IDS and ID_LIST_LIMIT (the break-evens)."""

import statistics

from bench.api_timing import _paired


def measure_orm_vs_sql(detail_id: str):
    """The hand-written SQL (venture_sql.py, venture_export_sql.py) beside the portable ORM path, on
    the same PostGIS data, in pairs: the SQL is kept only where it wins clearly."""
    from projects.api.renderers import GeoJSONRenderer
    from projects.selectors.venture_rows import (
        venture_detail,
        venture_detail_orm,
        venture_export_body,
        venture_rows,
        venture_rows_orm,
        venture_url_template,
    )
    from projects.selectors.venture_sql import venture_rows_postgres
    from projects.selectors.ventures import visible_ventures, with_current_status

    visible = visible_ventures(user=None)
    ventures = with_current_status(visible).order_by("public_id")
    page = (
        with_current_status(visible)
        .filter(sector__in=["mine", "ironworks", "construction"])
        .order_by("name")[:100]
    )
    few = ventures[:1000]
    thousand = list(few.values_list("pk", flat=True))
    url = venture_url_template()
    geojson = GeoJSONRenderer()
    cases = [
        ("rows, page of 100", lambda: venture_rows(page), lambda: venture_rows_orm(page), 60),
        # 1,000 rows: where the per-venture SQL (venture_rows_postgres) lost to the ORM path, hence FEW_IDS.
        ("rows, 1,000", lambda: venture_rows_postgres(thousand, url), lambda: venture_rows_orm(few), 20),
        (
            "GeoJSON body, all",
            lambda: venture_export_body(ventures, "geojson"),
            lambda: geojson.render(venture_rows_orm(ventures)),
            10,
        ),
        (
            "detail",
            lambda: venture_detail(visible, detail_id),
            lambda: venture_detail_orm(visible, detail_id),
            200,
        ),
    ]
    print(f"\n{'selector (PostGIS)':32} {'SQL ms':>10} {'ORM ms':>10} {'ORM/SQL':>8}")
    results = []
    for name, sql, orm, repeat in cases:
        sql_times, orm_times = _paired(sql, orm, repeat)
        sql_median, orm_median = statistics.median(sql_times), statistics.median(orm_times)
        results.append((name, sql_median, orm_median))
        print(f"{name:32} {sql_median:10.1f} {orm_median:10.1f} {orm_median / sql_median:7.2f}x")
    return results


def measure_break_evens(repeat: int = 9):
    """Where the page query stops beating the ORM path (FEW_IDS), and where fetching a page's
    relations by a subquery starts beating a list of ids (ID_LIST_LIMIT)."""
    import projects.selectors.venture_rows as rows
    from projects.selectors.venture_rows import venture_rows_orm, venture_url_template
    from projects.selectors.venture_sql import FEW_IDS, venture_rows_postgres
    from projects.selectors.ventures import visible_ventures, with_current_status

    visible = with_current_status(visible_ventures(user=None))
    url = venture_url_template()
    print(
        f"\n{'page query vs ORM (FEW_IDS = ' + str(FEW_IDS) + ')':40} {'SQL ms':>8} {'ORM ms':>8} {'ORM/SQL':>8}"
    )
    ordered = visible.order_by("name")
    for count in (50, 100, 125, 150, 200, 500, 1000):
        page = ordered[:count]

        def sql(page=page):
            return venture_rows_postgres(list(page.values_list("pk", flat=True)), url)

        sql_times, orm_times = _paired(sql, lambda page=page: venture_rows_orm(page), repeat)
        sql_median, orm_median = statistics.median(sql_times), statistics.median(orm_times)
        print(f"{count:>6} ids{'':33} {sql_median:8.1f} {orm_median:8.1f} {orm_median / sql_median:7.2f}x")
    limit = rows.ID_LIST_LIMIT
    print(
        f"\n{'relations: id list vs subquery (ID_LIST_LIMIT = ' + str(limit) + ')':40} {'list ms':>8} {'sub ms':>8} {'sub/list':>8}"
    )
    by_pk = visible.order_by("pk")
    try:
        for count in (250, 400, 500, 600, 1000, 2000):
            last = by_pk.values_list("pk", flat=True)[count - 1 : count].first()
            if last is None:
                break
            chosen = visible.filter(pk__lte=last).order_by("public_id")

            def with_limit(value, chosen=chosen):
                rows.ID_LIST_LIMIT = value
                return venture_rows_orm(chosen)

            list_times, sub_times = _paired(lambda: with_limit(10**9), lambda: with_limit(0), repeat)
            list_median, sub_median = statistics.median(list_times), statistics.median(sub_times)
            print(
                f"{count:>6} ventures{'':28} {list_median:8.1f} {sub_median:8.1f} {sub_median / list_median:7.2f}x"
            )
    finally:
        rows.ID_LIST_LIMIT = limit
