"""`manage.py suggest PATH_OR_URL` prints what it printed before, plus the proposed `ventures` and `language`.

How good the proposals are is measured on the whole labelled set (test_evaluate_intake.py); these
tests check what the command prints.
"""

import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from projects.models import SourceArticle, SourceSuggestions
from projects.services.sources import suggestions_refresh
from tests.factories import OrganizationFactory

ARTICLES = Path(__file__).parent / "articles"
SINUIJU = ARTICLES / "en-wire-2024-sinuiju-garment-jv.txt"
CHONGJIN = ARTICLES / "ko-dailynk-2024-chongjin-seafood-jv.txt"
VENTURE_KEYS = {
    "name",
    "sector",
    "form",
    "arrangement",
    "province",
    "place_id",
    "location_precision",
    "partners",
    "investment",
    "status",
    "contributions",
    "existing_ventures",
}


def _suggest(*args, capsys) -> dict:
    call_command("suggest", *args)
    return json.loads(capsys.readouterr().out)


def test_an_english_wire_report_gives_one_venture_with_partners_investment_and_a_dated_status(geo, capsys):
    data = _suggest(str(SINUIJU), "--published-on", "2024-03-15", capsys=capsys)

    # What it printed before is all still there.
    assert {
        "mentions",
        "provinces",
        "places",
        "sectors",
        "forms",
        "organizations",
        "candidate_ventures",
    } <= set(data)
    assert "Sinuiju" in {m["name"] for m in data["mentions"]}
    assert data["language"] == "en"
    [venture] = data["ventures"]
    assert set(venture) >= VENTURE_KEYS
    assert venture["province"] == "KP-03"
    partners = {p["name"]: p for p in venture["partners"]}
    hengtai = next(p for name, p in partners.items() if "Dandong Hengtai Textile" in name)
    assert hengtai["country"] == "CN" and hengtai["stake"] == 70.0
    assert not any(name.startswith("North Korea's") for name in partners)
    assert venture["investment"]["currency"] == "USD"
    assert float(venture["investment"]["amount"]) == 120_000_000
    assert "$120 million" in venture["investment"]["sentence"]
    assert venture["status"]["status"] == "contract_signed"
    assert (venture["status"]["date"], venture["status"]["date_precision"]) == ("2024-03-12", "day")
    assert not SourceArticle.objects.exists() and not SourceSuggestions.objects.exists()


def test_the_publication_date_given_is_what_last_month_is_read_against(geo, capsys):
    data = _suggest(str(CHONGJIN), "--published-on", "2024-05-14", capsys=capsys)

    assert data["language"] == "ko"
    [venture] = data["ventures"]
    assert venture["status"]["status"] == "operating"
    assert (venture["status"]["date"][:7], venture["status"]["date_precision"]) == ("2024-04", "month")


def test_a_known_organization_is_linked_by_id(geo, capsys):
    known = OrganizationFactory(name="Dandong Hengtai Textile Co., Ltd.", name_zh="丹东恒泰纺织有限公司")

    data = _suggest(str(SINUIJU), "--compact", capsys=capsys)

    ids = {p["organization_id"] for v in data["ventures"] for p in v["partners"]}
    assert known.pk in ids


def test_a_text_in_no_language_the_preread_reads_proposes_nothing_and_says_so(geo, capsys, tmp_path):
    article = tmp_path / "ru.txt"
    article.write_text("Китайская компания инвестирует в Синыйджу. " * 20, encoding="utf-8")

    data = _suggest(str(article), capsys=capsys)

    assert data["ventures"] == []
    assert data["language"] == ""


def test_standard_input_is_read_too(geo, capsys, monkeypatch):
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO(SINUIJU.read_text(encoding="utf-8")))

    data = _suggest("-", capsys=capsys)

    assert len(data["ventures"]) == 1


def test_a_bad_publication_date_names_the_option(geo):
    with pytest.raises(CommandError, match="--published-on"):
        call_command("suggest", str(SINUIJU), "--published-on", "15/03/2024")


def test_it_prints_the_proposals_the_intake_would_store_for_the_same_article(geo, capsys):
    source = SourceArticle.objects.create(
        url="https://example.org/sinuiju", text=SINUIJU.read_text(encoding="utf-8"), fetch_status="fetched"
    )
    stored = suggestions_refresh(source=source).data

    printed = _suggest(str(SINUIJU), capsys=capsys)

    assert printed["ventures"] == stored["ventures"]
    assert printed["language"] == stored["language"]
