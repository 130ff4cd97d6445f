"""`sanctions=` beside the plain list on 10,000 ventures (issue 12: within 2x of the plain list).

Each filtered request is paired with the same request without `sanctions=`, alternating, so the load
of other processes touches both alike. The flags are computed in SQL (EXISTS per venture,
projects/selectors/sanctions_rules.py); the plain list computes the `sanctions` column as well.

    .venv/bin/python -m bench api_sanctions   # alone (seeds the bench database as bench api does)
"""

import time

from bench.api_seed import VENTURES, seed
from bench.api_timing import WSGIClient, _paired, _summary

PAGE = "ordering=name&page_size=100"
CASES = [
    (
        "list page of 100",
        f"/api/v1/ventures/?{PAGE}",
        f"/api/v1/ventures/?{PAGE}&sanctions=opened_after_ban",
        40,
    ),
    (
        "list page of 100, two dated flags",
        f"/api/v1/ventures/?{PAGE}",
        f"/api/v1/ventures/?{PAGE}&sanctions=opened_after_ban,active_after_deadline",
        40,
    ),
    (
        "list page of 100, partner/sector",
        f"/api/v1/ventures/?{PAGE}",
        f"/api/v1/ventures/?{PAGE}&sanctions=partner_designated,sector_banned",
        40,
    ),
    (
        "GeoJSON export (uncached)",
        "/api/v1/ventures/?format=geojson",
        "/api/v1/ventures/?format=geojson&sanctions=active_after_deadline",
        10,
    ),
]


def _get(client, url, *, uncached: bool):
    from django.core.cache import caches

    def get():
        if uncached:  # built, not taken from the export cache (as bench api's `_uncached`)
            caches["default"].clear()
        code, body = client.get(url)
        assert code == 200, (url, code, body[:300])
        return body

    return get


def measure_sanctions(client=None):
    import orjson

    client = client or WSGIClient()
    print(
        f"{'sanctions= case':36} {'plain med':>10} {'filtered med':>13} {'p95':>8} {'ratio':>6} {'matched':>8}"
    )
    results = []
    for name, plain_url, filtered_url, repeat in CASES:
        uncached = "geojson" in plain_url
        plain, filtered = (
            _get(client, plain_url, uncached=uncached),
            _get(client, filtered_url, uncached=uncached),
        )
        plain_times, filtered_times = _paired(plain, filtered, repeat)
        plain_median, _ = _summary(plain_times)
        filtered_median, filtered_p95 = _summary(filtered_times)
        body = orjson.loads(filtered())
        matched = (
            len(body["features"]) if "features" in body else body.get("count", len(body.get("results", [])))
        )
        ratio = filtered_median / plain_median
        results.append((name, plain_median, filtered_median, ratio))
        print(
            f"{name:36} {plain_median:10.1f} {filtered_median:13.1f} {filtered_p95:8.1f} {ratio:6.2f}x {matched:8}"
        )
    return results


def measure_column_cost(repeat: int = 10):
    """What the `sanctions` column adds to an export of every venture: the flags of all 10,000
    computed per venture (the page path) and as hashed sets (the export path), beside reading them."""
    from django.db import connection

    from projects.selectors.sanctions_sql import SANCTIONS_FLAGS_SET_SQL, SANCTIONS_FLAGS_SQL

    def query(expression):
        def run_query():
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT count(*) FROM projects_venture v WHERE length({expression}) >= 0")
                return cursor.fetchone()

        return run_query

    plain = query("v.public_id")
    for name, sql in (
        ("per venture (EXISTS)", SANCTIONS_FLAGS_SQL),
        ("as sets (IN, hashed)", SANCTIONS_FLAGS_SET_SQL),
    ):
        plain_times, flag_times = _paired(plain, query(sql), repeat)
        print(
            f"flags of all ventures, {name:22} {_summary(flag_times)[0]:8.1f} ms "
            f"(reading them without flags: {_summary(plain_times)[0]:.1f} ms)"
        )


def run():
    from bench.api import _ensure_database, _setup_django

    _setup_django()
    _ensure_database()
    started = time.perf_counter()
    seed()
    print(f"seeded {VENTURES} published ventures in {time.perf_counter() - started:.1f} s")
    measure_sanctions()
    measure_column_cost()
