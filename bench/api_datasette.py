"""jvtracker beside Datasette, over HTTP on loopback, in one run.

jvtracker runs on gunicorn with the production settings, PostGIS and the export cache off (every
export is built, as for the first visitor after a change). Datasette (from PyPI, pinned in
requirements-dev.txt) serves the same rows, flattened into SQLite from jvtracker's own CSV export,
as an immutable database. Each pair of URLs asks both for the same thing; they are requested
alternately on one keep-alive connection each, so the load of other processes touches both alike,
and the ratio (jvtracker's median over Datasette's) is printed.
"""

import contextlib
import csv
import http.client
import io
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.load import free_port, gunicorn, production_env, wait_for_port

# Columns that Datasette gets as numbers (everything else is text, as in the CSV).
NUMERIC_COLUMNS = {"longitude": "REAL", "latitude": "REAL", "source_count": "INTEGER"}
GZIP = {"Accept-Encoding": "gzip"}


def comparisons(detail_id: str) -> list[tuple[str, str, dict, str, int]]:
    """(name, jvtracker URL, request headers, Datasette URL, repeats)."""
    table = "/ventures/ventures"
    return [
        (
            "page of 100, filtered, with count",
            "/api/v1/ventures/?sector=mine&sector=ironworks&sector=construction&ordering=name&page_size=100",
            {},
            f"{table}.json?sector__in=mine,ironworks,construction&_sort=name&_size=100",
            40,
        ),
        (
            "text search, page of 100",
            "/api/v1/ventures/?q=musan&page_size=100",
            {},
            f"{table}.json?name__contains=Musan&_size=100",
            40,
        ),
        ("one venture", f"/api/v1/ventures/{detail_id}/", {}, f"{table}/{detail_id}.json", 60),
        ("all as GeoJSON / JSON", "/api/v1/ventures/?format=geojson", {}, f"{table}.json?_size=max", 10),
        (
            "all as GeoJSON, gzip / JSON",
            "/api/v1/ventures/?format=geojson",
            GZIP,
            f"{table}.json?_size=max",
            10,
        ),
        ("all as CSV", "/api/v1/ventures/?format=csv", {}, f"{table}.csv?_size=max", 10),
        ("all as CSV, gzip / CSV", "/api/v1/ventures/?format=csv", GZIP, f"{table}.csv?_size=max", 10),
    ]


class Connection:
    """GET over HTTP/1.1, a fresh connection per request (gunicorn's keep-alive is 2 s, and a slow
    response from the other server would outlast it); `get` reads the whole body as sent."""

    def __init__(self, host: str, port: int):
        self.host, self.port = host, port

    def get(self, url: str, headers: dict | None = None) -> bytes:
        connection = http.client.HTTPConnection(self.host, self.port, timeout=60)
        try:
            connection.request("GET", url, headers={"Host": "127.0.0.1", **(headers or {})})
            response = connection.getresponse()
            body = response.read()
        finally:
            connection.close()
        if response.status != 200:
            raise RuntimeError(f"{url}: {response.status} {body[:300]!r}")
        return body


def flatten_into_sqlite(csv_body: bytes, path: Path) -> int:
    """jvtracker's CSV export as one SQLite table `ventures` (public_id the primary key)."""
    reader = csv.reader(io.StringIO(csv_body.decode("utf-8")))
    header = next(reader)
    columns = ", ".join(
        f'"{name}" {NUMERIC_COLUMNS.get(name, "TEXT")}' + (" PRIMARY KEY" if name == "public_id" else "")
        for name in header
    )
    rows = [[value if value != "" else None for value in row] for row in reader]
    with contextlib.closing(sqlite3.connect(path)) as database:
        database.execute(f"CREATE TABLE ventures ({columns})")
        placeholders = ", ".join("?" for _ in header)
        database.executemany(f"INSERT INTO ventures VALUES ({placeholders})", rows)
        database.execute("CREATE INDEX ventures_sector ON ventures (sector)")
        database.execute("CREATE INDEX ventures_name ON ventures (name)")
        database.commit()
    return len(rows)


@contextlib.contextmanager
def datasette(path: Path, max_rows: int):
    """`datasette serve` on a free loopback port, every row returnable in one response."""
    port = free_port()
    command = [
        str(Path(sys.executable).parent / "datasette"),
        "serve",
        "-i",
        str(path),
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--setting",
        "max_returned_rows",
        str(max_rows),
        "--setting",
        "sql_time_limit_ms",
        "60000",
    ]
    log = tempfile.TemporaryFile()  # noqa: SIM115 — outlives this block, closed in finally
    server = subprocess.Popen(command, stdout=log, stderr=log, start_new_session=True)
    try:
        wait_for_port(port)
        yield ("127.0.0.1", port)
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


def _median_ms(timings: list[float]) -> float:
    return statistics.median(timings) * 1000


def compare(jvtracker: Connection, other: Connection, cases) -> list[tuple]:
    results = []
    for name, url, headers, datasette_url, repeat in cases:
        ours_size = len(jvtracker.get(url, headers))  # warm up both
        theirs_size = len(other.get(datasette_url))
        ours, theirs = [], []
        for _ in range(repeat):
            for connection, target, request_headers, timings in (
                (jvtracker, url, headers, ours),
                (other, datasette_url, {}, theirs),
            ):
                start = time.perf_counter()
                connection.get(target, request_headers)
                timings.append(time.perf_counter() - start)
        ratio = _median_ms(ours) / _median_ms(theirs)
        results.append((name, _median_ms(ours), _median_ms(theirs), ratio, ours_size, theirs_size))
    return results


def run_comparison(database_url: str, ventures: int, detail_id: str) -> list[tuple]:
    with tempfile.TemporaryDirectory() as folder:
        env = production_env(
            database_url,
            Path(folder) / "static",
            os.environ.get("BENCH_BROKER_URL", "redis://127.0.0.1:6379/7"),
            EXPORT_CACHE_ENABLED="0",
        )
        with gunicorn(env) as (host, port):
            ours = Connection(host, port)
            csv_body = ours.get("/api/v1/ventures/?format=csv")
            database = Path(folder) / "ventures.db"
            flattened = flatten_into_sqlite(csv_body, database)
            with datasette(database, max_rows=max(ventures, flattened)) as (other_host, other_port):
                theirs = Connection(other_host, other_port)
                cases = comparisons(detail_id)
                if os.environ.get("BENCH_DATASETTE_CASES") == "exports":
                    cases = [case for case in cases if case[0].startswith("all as")]
                results = compare(ours, theirs, cases)
    print(
        f"\njvtracker (gunicorn, production settings, PostGIS, export cache off) beside Datasette "
        f"(SQLite, {flattened} rows from jvtracker's CSV), medians over HTTP on loopback:"
    )
    print(f"{'request':36} {'jvtracker ms':>12} {'Datasette ms':>12} {'ratio':>6} {'bytes (jv / D)':>22}")
    for name, mine, other, ratio, mine_size, other_size in results:
        print(f"{name:36} {mine:12.1f} {other:12.1f} {ratio:5.2f}x {mine_size:>10} / {other_size:<10}")
    return results
