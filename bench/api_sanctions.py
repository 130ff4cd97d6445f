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


def run():
    from bench.api import _ensure_database, _setup_django

    _setup_django()
    _ensure_database()
    started = time.perf_counter()
    seed()
    print(f"seeded {VENTURES} published ventures in {time.perf_counter() - started:.1f} s")
    measure_sanctions()
