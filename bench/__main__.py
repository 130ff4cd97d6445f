"""`make bench`: each area's benchmark in turn, against PostGIS (BENCH_DATABASE_URL).

Figures are printed (median, p95, ratio against a floor measured in the same run), never asserted.
"""

import importlib
import os
import sys

# Each module exposes run() -> None and prints its own figures.
AREAS: list[str] = ["api", "imports", "intake", "load", "map", "data_files"]


def main(argv: list[str]) -> int:
    os.environ.setdefault(
        "DATABASE_URL", os.environ.get("BENCH_DATABASE_URL", "postgis://postgres@127.0.0.1:5432/jv_bench")
    )
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jvtracker.settings.test")
    selected = argv or AREAS
    for area in selected:
        print(f"\n=== bench: {area} ===", flush=True)
        importlib.import_module(f"bench.{area}").run()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
