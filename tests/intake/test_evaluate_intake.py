"""`manage.py evaluate_intake`, and the issue's targets for the pre-read on the project's own set.

Targets (issue 9): partners and amounts F1 ≥ 0.9, partner country ≥ 0.95, status right in ≥ 85 % of
articles, no venture proposed on the articles that report none. The set is in tests/intake/articles;
what was wrong per article is printed by `manage.py evaluate_intake`.
"""

import json
import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from projects.ingest.evaluate import evaluate_preread, format_preread_report
from projects.models import Place, Province

ARTICLES = Path(__file__).parent / "articles"


def _run(*args) -> str:
    out = StringIO()
    call_command("evaluate_intake", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_the_preread_meets_the_issue_targets_on_the_project_set(geo):
    report = evaluate_preread(ARTICLES)
    fields = report["fields"]
    failures = format_preread_report(report)  # printed when an assertion fails: what was wrong where

    assert fields["partners"]["f1"] >= 0.9, failures
    assert fields["amounts"]["f1"] >= 0.9, failures
    assert fields["country"]["f1"] >= 0.95, failures
    assert report["status_right"]["share"] >= 0.85, failures
    assert report["no_venture"]["proposals"] == 0, failures


@pytest.mark.django_db
def test_the_command_prints_the_tables_for_a_labelled_directory(geo, tmp_path):
    for name in ("en-wire-2024-sinuiju-garment-jv", "neg-en-customs-2024-trade-first-half"):
        shutil.copy(ARTICLES / f"{name}.txt", tmp_path)
    labels = json.loads((ARTICLES / "labels.json").read_text(encoding="utf-8"))
    subset = {k: v for k, v in labels.items() if (tmp_path / f"{k}.txt").exists()}
    (tmp_path / "labels.json").write_text(json.dumps(subset, ensure_ascii=False), encoding="utf-8")

    printed = _run(str(tmp_path))
    report = json.loads(_run(str(tmp_path), "--json"))

    assert printed.startswith(f"2 labelled articles in {tmp_path}")
    assert "| partners |" in printed and "| partner country |" in printed and "| en | 2 |" in printed
    assert "articles that report none" in printed
    assert report["articles"] == 2
    assert set(report["fields"]) == {
        "partners",
        "country",
        "amounts",
        "stakes",
        "status",
        "status_date",
        "sector",
        "province",
        "place",
    }
    assert report["no_venture"]["articles"] == 1
    assert list(report["by_language"]) == ["en"]
    sinuiju = next(a for a in report["articles_detail"] if a["name"] == "en-wire-2024-sinuiju-garment-jv")
    assert sinuiju["proposed"] and "partners" in sinuiju["proposed"][0]  # what was proposed, to compare


@pytest.mark.django_db
def test_a_missing_directory_or_labels_file_is_said_plainly(geo, tmp_path):
    with pytest.raises(CommandError, match="No such directory"):
        _run(str(tmp_path / "nowhere"))
    with pytest.raises(CommandError, match=r"No labels\.json"):
        _run(str(tmp_path))
    (tmp_path / "labels.json").write_text('{"en-gone": {}}', encoding="utf-8")
    with pytest.raises(CommandError, match=r"en-gone\.txt is not there"):
        _run(str(tmp_path))


@pytest.mark.django_db
def test_without_the_shared_articles_beside_the_checkout_the_command_says_so(geo, settings, tmp_path):
    settings.BASE_DIR = tmp_path / "checkout"

    with pytest.raises(CommandError, match="shared set of real articles is not there"):
        _run("--shared")


@pytest.mark.django_db
def test_without_the_gazetteer_the_command_says_what_to_run():
    Place.objects.all().delete()
    Province.objects.update(map_polygon=None)
    Province.objects.all().delete()

    with pytest.raises(CommandError, match="load_geo"):
        _run()
