"""Precision and recall of the matcher on a labelled set of articles (tests and `make bench`)."""

import json
from pathlib import Path

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
    from .match import Matcher

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
        report[name] = {
            **c,
            "precision": c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 1.0,
            "recall": c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 1.0,
        }
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
