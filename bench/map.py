"""Map benchmark: the map page with 10,000 published ventures, in headless Chromium.

Seeds PostGIS with the API benchmark's `seed()` (same 10,000 ventures), collects and pre-compresses
the static files, serves the site with gunicorn (GZip for pages and API bodies, WhiteNoise .gz for
static files), then drives Debian's Chromium with Playwright and reports:

- time until the map is interactive with everything drawn: navigation start → the page's own
  `window.jvReadyAt` (set once provinces, every marker and the list are drawn), cold cache;
- bytes transferred (compressed, as on the wire: CDP Network.loadingFinished encodedDataLength);
- time to apply a filter: the checkbox change → the redraw with the new markers, counts and list.

    .venv/bin/python -m bench map      (BENCH_DATABASE_URL, default postgis://…/jv_bench)

Figures are printed, never asserted. Tiles are switched off (MAP_TILES_URL=""): no network.
"""

import concurrent.futures
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.api import VENTURES, _ensure_database, _free_port, _setup_django, seed

ROOT = Path(__file__).resolve().parent.parent
RUNS = int(os.environ.get("BENCH_MAP_RUNS", "5"))
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
TARGET_INTERACTIVE_MS = 2000
TARGET_BYTES = 1.5e6
TARGET_FILTER_MS = 300
# (what the reader does, the input to click) — each is a sector or status filter, then undone.
FILTERS = [
    ("sector=mine", "input[name=sector][value=mine]"),
    ("status=operating", "input[name=status][value=operating]"),
]


def _collect_static(static_root: Path):
    env = {**os.environ, "STATIC_ROOT": str(static_root)}
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
    )
    # .gz (and .br) beside each file; WhiteNoise serves them to browsers that accept them.
    subprocess.run([sys.executable, "-m", "whitenoise.compress", "-q", str(static_root)], check=True)


def _serve(port: int, static_root: Path) -> subprocess.Popen:
    gunicorn = Path(sys.executable).parent / "gunicorn"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "jvtracker.settings.test",
        "STATIC_ROOT": str(static_root),
        "MAP_TILES_URL": "",
        "API_ANON_THROTTLE_RATE": "1000000/second",
        "CONN_MAX_AGE": "60",
        # The workers share the export cache, as in production (db 14: the team's db for such use).
        "CACHE_URL": os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/14"),
    }
    workers = str(max(2, (os.cpu_count() or 1) + 1))
    server = subprocess.Popen(
        [str(gunicorn), "jvtracker.wsgi", "-b", f"127.0.0.1:{port}", "-w", workers, "--log-level", "warning"],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    for _ in range(150):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return server
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not start")


def _wait_drawn(page, after: int):
    page.wait_for_function(
        "n => (window.jvDrawCount || 0) > n && document.getElementById('map').dataset.ready === 'true'",
        arg=after,
        timeout=60000,
    )


def _one_visit(browser, base_url: str) -> dict:
    """A cold visit in a fresh context: time to ready, bytes on the wire, and filter timings."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    transferred = {"bytes": 0, "requests": 0}

    def on_finished(event):
        transferred["bytes"] += event["encodedDataLength"]
        transferred["requests"] += 1

    cdp.on("Network.loadingFinished", on_finished)
    page.goto(base_url + "/")
    _wait_drawn(page, 0)
    ready_ms = page.evaluate("window.jvReadyAt")
    # Where the time went: the GeoJSON request's wait for the server, its download, and the page's work.
    timing = page.evaluate(
        """() => { const r = performance.getEntriesByType('resource').find(e => e.name.includes('format=geojson'));
           return {start: r.requestStart, server: r.responseStart - r.requestStart,
                   download: r.responseEnd - r.responseStart, end: r.responseEnd}; }"""
    )
    markers = page.evaluate("window.jvMap.pinnedIds().length")
    listed = page.evaluate("window.jvMap.state.features.length")
    page.wait_for_timeout(300)  # let late requests (icons) finish before counting bytes
    load_bytes, load_requests = transferred["bytes"], transferred["requests"]
    filters = {}
    for name, selector in FILTERS:
        for label, action in ((name, "check"), (f"undo {name}", "uncheck")):
            drawn = page.evaluate("window.jvDrawCount")
            getattr(page.locator(selector), action)()
            _wait_drawn(page, drawn)
            filters[label] = page.evaluate("window.jvReadyAt - window.jvFilterStartedAt")
    context.close()
    return {
        "ready_ms": ready_ms,
        "geojson_start_ms": timing["start"],
        "geojson_server_ms": timing["server"],
        "geojson_download_ms": timing["download"],
        "after_data_ms": ready_ms - timing["end"],
        "bytes": load_bytes,
        "requests": load_requests,
        "markers": markers,
        "listed": listed,
        "filters": filters,
    }


def _median(values):
    return statistics.median(values)


def _p95(values):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def _change_the_data():
    """What an editor's save does to the export: one venture's `updated_at` moves, so the data
    fingerprint changes and the next visitor's GeoJSON is built anew (the server cache misses)."""
    from django.db.models import Min
    from django.db.models.functions import Now

    from projects.models import Venture

    def change():
        from django.db import connection

        try:
            first = Venture.objects.aggregate(first=Min("pk"))["first"]
            Venture.objects.filter(pk=first).update(updated_at=Now())
        finally:
            connection.close()

    # Playwright's sync API runs an event loop in this thread, where Django refuses database calls.
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        pool.submit(change).result()


def measure(base_url: str) -> dict:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            _one_visit(browser, base_url)  # warm the server (connections, caches), not measured
            built = []
            for _ in range(RUNS):
                _change_the_data()
                built.append(_one_visit(browser, base_url))
            cached = [_one_visit(browser, base_url) for _ in range(RUNS)]
        finally:
            browser.close()
    results = _report(built, "first visitor after a change: the GeoJSON is built (server cache miss)")
    _report(cached, "next visitors: the GeoJSON comes from the server cache")
    return results


def _report(visits, what: str) -> dict:
    ready = [v["ready_ms"] for v in visits]
    sizes = [v["bytes"] for v in visits]
    print(
        f"map page, {visits[0]['listed']} ventures listed, {visits[0]['markers']} markers drawn, "
        f"{RUNS} visits with an empty browser cache (fresh context each); {what}:"
    )
    print(
        f"  interactive (everything drawn): median {_median(ready):.0f} ms, p95 {_p95(ready):.0f} ms"
        f"  [target < {TARGET_INTERACTIVE_MS} ms]"
    )
    print(
        f"  transferred (compressed): {_median(sizes) / 1e6:.2f} MB in {visits[0]['requests']} requests"
        f"  [target < {TARGET_BYTES / 1e6:.1f} MB]"
    )
    print(
        "  of which: GeoJSON request sent at {:.0f} ms, server {:.0f} ms, download {:.0f} ms; "
        "page work after the data (parse, draw, list) {:.0f} ms (medians)".format(
            _median([v["geojson_start_ms"] for v in visits]),
            _median([v["geojson_server_ms"] for v in visits]),
            _median([v["geojson_download_ms"] for v in visits]),
            _median([v["after_data_ms"] for v in visits]),
        )
    )
    results = {"ready_median_ms": _median(ready), "ready_p95_ms": _p95(ready), "bytes": _median(sizes)}
    for label in visits[0]["filters"]:
        timings = [v["filters"][label] for v in visits]
        results[f"filter {label}"] = _median(timings)
        print(
            f"  filter {label}: median {_median(timings):.0f} ms, p95 {_p95(timings):.0f} ms"
            f"  [target < {TARGET_FILTER_MS} ms]"
        )
    return results


def run():
    if not Path(CHROMIUM).exists():
        print("map bench skipped: /usr/bin/chromium missing")
        return
    _setup_django()
    _ensure_database()
    started = time.perf_counter()
    seed()
    print(f"seeded {VENTURES} published ventures in {time.perf_counter() - started:.1f} s")
    print(
        f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at start "
        "(other work on the box slows every figure)"
    )
    static_root = Path(tempfile.mkdtemp(prefix="jv-bench-static-"))
    server = None
    try:
        _collect_static(static_root)
        port = _free_port()
        server = _serve(port, static_root)
        measure(f"http://127.0.0.1:{port}")
    finally:
        if server is not None:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
        shutil.rmtree(static_root, ignore_errors=True)
