"""API benchmark: 10,000 synthetic published ventures in PostGIS, each endpoint beside a floor.

The floor of an endpoint is one hand-written SQL query returning the same fields, turned into the
same JSON/GeoJSON/CSV body in Python and serialised with orjson: what the endpoint could cost with no
framework at all. Endpoints go through the whole Django stack (middleware, DRF, the FilterSet),
called through Django's WSGI handler in-process. Then a load run: wrk, 30 s, 32 connections, against gunicorn on 127.0.0.1.

    make bench                      # every area
    .venv/bin/python -m bench api   # this one (BENCH_DATABASE_URL, default postgis://…/jv_bench)
    BENCH_API_ONLY=datasette BENCH_DATASETTE_CASES=exports .venv/bin/python -m bench api   # exports beside Datasette only
"""

import gzip
import logging
import os
import platform
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import warnings
from pathlib import Path

from bench.api_floors import floor_csv, floor_detail, floor_geojson, floor_list
from bench.api_sanctions import measure_sanctions
from bench.api_seed import VENTURES, seed
from bench.api_sql_orm import measure_break_evens, measure_orm_vs_sql
from bench.api_time import measure_time_filters
from bench.api_timing import WSGIClient, _paired, _summary, _time

LIST_URL = "/api/v1/ventures/?sector=mine&sector=ironworks&sector=construction&ordering=name&page_size=100"
LOAD_SECONDS = int(os.environ.get("BENCH_LOAD_SECONDS", "30"))
LOAD_CONNECTIONS = int(os.environ.get("BENCH_LOAD_CONNECTIONS", "32"))
ROOT = Path(__file__).resolve().parent.parent


def _setup_django():
    # Persistent connections, as in production: a reconnect per request would measure PostgreSQL's
    # connection start-up, not the API.
    os.environ.setdefault("CONN_MAX_AGE", "60")
    # The baseline's deliberate 400s would log a line each; whitenoise warns about collectstatic.
    os.environ.setdefault("LOG_LEVEL", "ERROR")
    warnings.filterwarnings("ignore", message="No directory at")
    import django

    django.setup()


def _ensure_database():
    """Create the bench database (with PostGIS) if it does not exist yet, then migrate it."""
    import psycopg
    from django.conf import settings
    from django.core.management import call_command

    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("postgis"):
        params = {"host": db["HOST"] or "127.0.0.1", "port": db["PORT"] or 5432, "user": db["USER"]}
        with psycopg.connect(dbname="postgres", autocommit=True, **params) as conn:
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db["NAME"]]).fetchone()
            if not exists:
                conn.execute(f'CREATE DATABASE "{db["NAME"]}"')
        with psycopg.connect(dbname=db["NAME"], autocommit=True, **params) as conn:
            conn.execute("CREATE EXTENSION IF NOT EXISTS postgis")
    call_command("migrate", verbosity=0, interactive=False)


def _client_get(client, url):
    def get():
        code, body = client.get(url)
        assert code == 200, (url, code, body[:300])
        return body

    return get


def _uncached(get):
    """The export as the first visitor after a change gets it: built, not taken from the cache."""
    from django.core.cache import caches

    def uncached_get():
        caches["default"].clear()
        return get()

    return uncached_get


def _cache_off(get):
    from django.test import override_settings

    def cache_off_get():
        with override_settings(EXPORT_CACHE_ENABLED=False):
            return get()

    return cache_off_get


def measure_cached(client):
    """Repeat requests for an unchanged export: from the server-side cache, or a 304 to a browser
    revalidating its copy. Each still runs the data fingerprint query."""
    cases = []
    for name, url in (
        ("GeoJSON", "/api/v1/ventures/?format=geojson"),
        ("CSV", "/api/v1/ventures/?format=csv"),
    ):
        etag = None
        for label, headers in (
            ("cached", {}),
            ("cached, gzip", {"HTTP_ACCEPT_ENCODING": "gzip"}),
            ("304", None),
        ):
            if headers is None:
                headers = {"HTTP_IF_NONE_MATCH": etag}
                expected = 304
            else:
                expected = 200
            client.get(url, **headers)  # build and cache it

            def get(url=url, headers=headers, expected=expected):
                code, body = client.get(url, **headers)
                assert code == expected, (url, code, body[:300])

            cases.append((f"{name} export, {label}", get))
            if etag is None:
                etag = _etag(url)
    print(f"{'repeat request, unchanged data':32} {'median ms':>10} {'p95 ms':>8}")
    for name, get in cases:
        median, p95 = _summary(_time(get, 40))
        print(f"{name:32} {median:10.1f} {p95:8.1f}")


def _etag(url: str) -> str:
    from django.test import Client

    return Client(HTTP_HOST="127.0.0.1").get(url)["ETag"]


def measure():
    client = WSGIClient()
    detail_id = f"JV-{VENTURES // 2:05d}"
    cases = [
        ("list page of 100 (filtered)", _client_get(client, LIST_URL), floor_list, 60),
        (
            "GeoJSON export (all, uncached)",
            _uncached(_client_get(client, "/api/v1/ventures/?format=geojson")),
            floor_geojson,
            15,
        ),
        (
            "CSV export (all, uncached)",
            _uncached(_client_get(client, "/api/v1/ventures/?format=csv")),
            floor_csv,
            15,
        ),
        # Without the cache: nothing compressed for the cache after the body is sent (the code before it).
        (
            "GeoJSON export (cache off)",
            _cache_off(_client_get(client, "/api/v1/ventures/?format=geojson")),
            floor_geojson,
            15,
        ),
        (
            "detail page",
            _client_get(client, f"/api/v1/ventures/{detail_id}/"),
            lambda: floor_detail(detail_id),
            200,
        ),
    ]
    results = []
    print(f"{'endpoint':32} {'median ms':>10} {'p95 ms':>8} {'floor med':>10} {'floor p95':>10} {'ratio':>6}")
    for name, endpoint, floor, repeat in cases:
        # Endpoint and floor alternate, so that the load of other processes touches both alike.
        endpoint_times, floor_times = _paired(endpoint, floor, repeat)
        median, p95 = _summary(endpoint_times)
        floor_median, floor_p95 = _summary(floor_times)
        ratio = median / floor_median
        results.append((name, median, p95, floor_median, floor_p95, ratio))
        print(f"{name:32} {median:10.1f} {p95:8.1f} {floor_median:10.1f} {floor_p95:10.1f} {ratio:6.2f}x")
    # What every request costs before any query: middleware, DRF, the parameter check (a 400).
    logging.getLogger("django.request").setLevel(logging.ERROR)
    baseline = _summary(_time(lambda: client.get(f"/api/v1/ventures/{detail_id}/?baseline=1"), 200))
    print(f"{'framework baseline (400, no SQL)':32} {baseline[0]:10.1f} {baseline[1]:8.1f}")
    measure_cached(client)
    measure_time_filters(client)
    measure_sanctions(client)
    geojson = client.get("/api/v1/ventures/?format=geojson")[1]
    print(
        f"GeoJSON of {VENTURES} ventures: {len(geojson) / 1e6:.2f} MB raw, "
        f"{len(gzip.compress(geojson, 6)) / 1e6:.2f} MB gzip"
    )
    return results


# --------------------------------------------------------------------------------------------- load


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def load_run():
    wrk = shutil.which("wrk")
    gunicorn = Path(sys.executable).parent / "gunicorn"
    if not wrk or not gunicorn.exists():
        print("load run skipped: wrk or gunicorn missing")
        return None
    port = _free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "jvtracker.settings.test",
        "API_ANON_THROTTLE_RATE": "1000000/second",
        "CONN_MAX_AGE": "60",
    }
    workers = str(max(2, (os.cpu_count() or 1) * 2))
    server = subprocess.Popen(
        [str(gunicorn), "jvtracker.wsgi", "-b", f"127.0.0.1:{port}", "-w", workers, "--log-level", "warning"],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.2)
        url = f"http://127.0.0.1:{port}{LIST_URL}"
        output = subprocess.run(
            [wrk, "-t2", f"-c{LOAD_CONNECTIONS}", f"-d{LOAD_SECONDS}s", "--timeout", "10s", "--latency", url],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    requests_per_second = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    socket_errors = re.search(r"Socket errors:.*", output)
    p50 = re.search(r"50%\s+(\S+)", output).group(1)
    p99 = re.search(r"99%\s+(\S+)", output).group(1)
    print(
        f"load: wrk {LOAD_SECONDS}s, {LOAD_CONNECTIONS} connections, gunicorn {workers} workers, list page of 100:"
        f" {requests_per_second:.0f} requests/s, latency p50 {p50}, p99 {p99}, non-2xx "
        f"{non_2xx.group(1) if non_2xx else 0}, {socket_errors.group(0) if socket_errors else 'no socket errors'}"
    )
    return requests_per_second


def run():
    _setup_django()
    _ensure_database()
    started = time.perf_counter()
    seed()
    print(f"seeded {VENTURES} published ventures in {time.perf_counter() - started:.1f} s")
    print(
        f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}"
    )
    detail_id = f"JV-{VENTURES // 2:05d}"
    # BENCH_API_ONLY=datasette: only the comparison with Datasette (BENCH_DATASETTE_CASES=exports: only
    # the whole-table exports), e.g. to repeat it on a loaded machine.
    only_datasette = os.environ.get("BENCH_API_ONLY") == "datasette"
    if not only_datasette:
        measure()
        measure_orm_vs_sql(detail_id)
        measure_break_evens()
    if os.environ.get("BENCH_DATASETTE", "1") != "0":
        from bench.api_datasette import run_comparison

        run_comparison(os.environ["DATABASE_URL"], VENTURES, detail_id)
    if os.environ.get("BENCH_LOAD", "1") != "0" and not only_datasette:
        load_run()
