"""Import benchmark: a CSV of BENCH_IMPORT_ROWS (10,000) new ventures, planned then applied.

    .venv/bin/python -m bench imports      (BENCH_DATABASE_URL, default postgis://…/jv_bench)

Each row has two partners (drawn from 400 organizations, matched by the duplicate rules after the
first use), one status entry and one cited source of its own. Names are random, so no row is a
duplicate of another; the duplicate checks still run against every venture of the bench database
(ventures of earlier runs stay: names are fresh each run). The budget (issue 13) is 10,000 rows in
≤ 60 s for the whole import; figures are printed, never asserted.
"""

import csv
import io
import os
import random
import string
import time

from bench.api import _ensure_database, _setup_django

SECTORS = ["mine", "manufacturing", "fisheries", "trade", "construction", "agriculture", "energy"]
PROVINCES = [
    "KP-01",
    "KP-02",
    "KP-03",
    "KP-04",
    "KP-05",
    "KP-06",
    "KP-07",
    "KP-08",
    "KP-09",
    "KP-10",
    "KP-13",
]
HEADER = [
    "name",
    "sector",
    "province",
    "status",
    "status_date",
    "partner_1_name",
    "partner_1_country",
    "partner_1_stake",
    "partner_2_name",
    "partner_2_country",
    "source_1_url",
    "source_1_publisher",
    "source_1_published_on",
    "source_1_summary",
]


def _word(rng) -> str:
    return "".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(5, 9))).capitalize()


def build_csv(rows: int, seed: int) -> bytes:
    rng = random.Random(seed)
    chinese = [f"{_word(rng)} {_word(rng)} Trading Co., Ltd." for _ in range(200)]
    korean = [f"{_word(rng)} {_word(rng)} General Corporation" for _ in range(200)]
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    for i in range(rows):
        writer.writerow(
            [
                f"{_word(rng)} {_word(rng)} {rng.choice(SECTORS)} venture",
                rng.choice(SECTORS),
                rng.choice(PROVINCES),
                "operating",
                f"{rng.randint(2000, 2024)}-{rng.randint(1, 12):02d}",
                rng.choice(chinese),
                "CN",
                rng.choice(["", "49", "51", "70"]),
                rng.choice(korean),
                "KP",
                f"https://bench.example.org/{seed}/{i}",
                "Bench News",
                "2025-01-02",
                "Says the venture operates.",
            ]
        )
    return buffer.getvalue().encode()


def run():
    _setup_django()
    _ensure_database()
    from projects.models import Province, Venture
    from projects.services.geo import gazetteer_load, provinces_load
    from projects.services.imports import apply_plan, plan_file

    if not Province.objects.exists():
        provinces_load()
        gazetteer_load()
    rows = int(os.environ.get("BENCH_IMPORT_ROWS", "10000"))
    content = build_csv(rows, seed=time.time_ns())
    existing = Venture.objects.count()
    start = time.perf_counter()
    plan = plan_file(content=content, filename="bench.csv")
    planned = time.perf_counter()
    if not plan.ok:
        print("problems:", [str(p) for p in plan.problems[:5]])
        return
    log = apply_plan(plan=plan, user=None)
    done = time.perf_counter()
    counts = plan.counts()
    print(
        f"import {rows} rows ({existing} ventures already there): plan {planned - start:.1f} s, "
        f"apply {done - planned:.1f} s, total {done - start:.1f} s (budget 60 s); "
        f"{counts['create']} created, {counts['skip']} skipped, {log.counts['organizations']} organizations, "
        f"{log.counts['partners']} partners"
    )
