"""Precision and recall of the intake on labelled sets of articles (tests, `manage.py evaluate_intake`, bench).

Two measurements:
- `evaluate(directory)` (here): the matcher's mentions (provinces, places, sectors, forms), on the
  older set in tests/intake/fixtures/labelled;
- `evaluate_preread(directory)` (`scoring.py`, printed by `report.py`): the pre-read's proposed
  ventures (`projects.ingest.preread`) against a labels.json in the format of
  ../shared/articles/labels.json; docs/intake.md, "Measuring the pre-read", gives the fields and the
  matching rules.
"""

import json
from pathlib import Path

from .report import format_preread_report
from .scoring import FIELDS, LANGUAGES, LabelledSetError, _rates, evaluate_preread

__all__ = [
    "CATEGORIES",
    "FIELDS",
    "LANGUAGES",
    "LabelledSetError",
    "evaluate",
    "evaluate_preread",
    "format_preread_report",
    "format_report",
    "predicted_labels",
]

CATEGORIES = ("provinces", "places", "sectors", "forms")


def predicted_labels(suggestions: dict) -> dict[str, set[str]]:
    return {
        "provinces": {m["code"] for m in suggestions["mentions"] if m["kind"] == "province"},
        "places": {m["name"] for m in suggestions["mentions"] if m["kind"] != "province"},
        "sectors": {s["sector"] for s in suggestions["sectors"]},
        "forms": {f["form"] for f in suggestions["forms"]},
    }


def evaluate(directory: Path, *, matcher=None) -> dict:
    """Micro-averaged precision and recall per category and overall, with the misses listed."""
    from projects.ingest.match import Matcher

    matcher = matcher or Matcher.from_database()
    labels = json.loads((directory / "labels.json").read_text(encoding="utf-8"))
    counts = {c: {"tp": 0, "fp": 0, "fn": 0} for c in CATEGORIES}
    errors = []
    for filename, expected in sorted(labels.items()):
        predicted = predicted_labels(matcher.suggest((directory / filename).read_text(encoding="utf-8")))
        for category in CATEGORIES:
            want, got = set(expected.get(category, [])), predicted[category]
            counts[category]["tp"] += len(want & got)
            counts[category]["fp"] += len(got - want)
            counts[category]["fn"] += len(want - got)
            for value in sorted(got - want):
                errors.append(f"{filename}: false {category[:-1]} {value}")
            for value in sorted(want - got):
                errors.append(f"{filename}: missed {category[:-1]} {value}")
    total = {k: sum(c[k] for c in counts.values()) for k in ("tp", "fp", "fn")}
    report = {"articles": len(labels), "errors": errors}
    for name, c in [*counts.items(), ("overall", total)]:
        report[name] = _rates(c)
    return report


def format_report(report: dict) -> str:
    lines = [f"{report['articles']} labelled articles"]
    for name in (*CATEGORIES, "overall"):
        r = report[name]
        lines.append(
            f"  {name:<10} precision {r['precision']:.2f}  recall {r['recall']:.2f}  "
            f"(tp {r['tp']}, fp {r['fp']}, fn {r['fn']})"
        )
    lines += [f"  - {e}" for e in report["errors"]]
    return "\n".join(lines)
