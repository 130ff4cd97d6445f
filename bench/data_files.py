"""Data files benchmark: the XLSX and FollowTheMoney exports and a whole release snapshot, over the API
benchmark's 10,000 published ventures (bench/api.py `seed`), beside the CSV export of the same rows.

    .venv/bin/python -m bench data_files   # BENCH_DATABASE_URL, default postgis://…/jv_bench
"""

import statistics
import time

from bench.api import VENTURES, _ensure_database, _setup_django, seed

REPEATS = 3


def _timed(label: str, build, repeats: int = REPEATS) -> float:
    times, size = [], 0
    for _ in range(repeats):
        started = time.perf_counter()
        size = build()
        times.append(time.perf_counter() - started)
    median = statistics.median(times)
    print(f"{label}: median {median * 1000:.0f} ms over {repeats} runs, {size / 1e6:.2f} MB")
    return median


def run():
    _setup_django()
    _ensure_database()
    seed()
    from projects.selectors.export_files import export_bytes
    from projects.selectors.ftm import ftm_bytes
    from projects.selectors.releases import build_snapshot, public_ventures
    from projects.selectors.venture_rows import venture_rows
    from projects.selectors.xlsx import xlsx_bytes

    ventures = public_ventures()
    print(f"{VENTURES} published ventures")
    _timed("CSV export (the floor of the XLSX)", lambda: len(export_bytes(ventures, "csv")))
    _timed("XLSX export (rows + openpyxl write-only)", lambda: len(xlsx_bytes(venture_rows(ventures))))
    _timed("FollowTheMoney export (entities built and validated)", lambda: len(ftm_bytes(ventures)))
    _timed(
        "release snapshot (CSV, XLSX, GeoJSON, FtM, manifest)",
        lambda: sum(len(body) for body in build_snapshot().files.values()),
        repeats=1,
    )
