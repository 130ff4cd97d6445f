"""A pre-read evaluation as Markdown tables (docs/intake.md shows them as printed)."""

from .scoring import FIELDS

FIELD_TITLES = {
    "partners": "partners",
    "country": "partner country",
    "amounts": "amounts",
    "stakes": "stakes",
    "status": "status",
    "status_date": "status date",
    "sector": "sector",
    "province": "province",
    "place": "place",
}


def format_preread_report(report: dict, *, errors: bool = True) -> str:
    """The report as Markdown tables (per field, per language), then what was wrong per article."""
    lines = [
        f"{report['articles']} labelled articles in {report['directory']} "
        f"(pre-read of all: {report['seconds']:.2f} s)",
        "",
        "| field | precision | recall | F1 | tp / fp / fn |",
        "|---|---|---|---|---|",
    ]
    for field in FIELDS:
        r = report["fields"][field]
        lines.append(
            f"| {FIELD_TITLES[field]} | {_rate(r, 'precision')} | {_rate(r, 'recall')} | {_rate(r, 'f1')} "
            f"| {r['tp']} / {r['fp']} / {r['fn']} |"
        )
    status, negatives = report["status_right"], report["no_venture"]
    lines += [
        "",
        f"Status right in {status['right']} of {report['articles']} articles ({status['share']:.0%}); "
        f"{negatives['proposals']} ventures proposed on the {negatives['articles']} articles that report "
        f"none; venture count right in {report['venture_count_right']} of {report['articles']}.",
        "",
        "| language | articles | " + " | ".join(FIELD_TITLES[f] for f in FIELDS) + " | status right |",
        "|---|---|" + "---|" * (len(FIELDS) + 1),
    ]
    for language, r in report["by_language"].items():
        f1s = " | ".join(_rate(r["fields"][f], "f1") for f in FIELDS)
        lines.append(f"| {language} | {r['articles']} | {f1s} | {r['status_right']['share']:.0%} |")
    lines.append("")
    lines.append("(per language: F1; — where nothing was labelled and nothing proposed)")
    if errors:
        for detail in report["articles_detail"]:
            if detail["errors"] or detail["ventures"] != detail["expected_ventures"]:
                lines.append(
                    f"- {detail['name']} ({detail['ventures']} proposed, {detail['expected_ventures']} expected): "
                    + "; ".join(detail["errors"])
                )
    return "\n".join(lines)


def _rate(counts: dict, name: str) -> str:
    """A rate with two decimals, or — when there was nothing to count (nothing labelled or proposed)."""
    if not counts["tp"] + counts["fp"] + counts["fn"]:
        return "—"
    return f"{counts[name]:.2f}"
