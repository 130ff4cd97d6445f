"""The project's own labelled articles (tests/intake/articles) and the rules that score the pre-read on them.

The articles are written for the tests, in the styles of the sources the tracker reads; labels.json has
the format of ../shared/articles/labels.json plus `language`, `published_on` and the status dates.
"""

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from projects.ingest.evaluate import LANGUAGES, evaluate_preread
from projects.ingest.evaluate.scoring import fold_name, load_labelled_set, names_match, score_article
from projects.models import Place, Province, Sector, Status

ARTICLES = Path(__file__).parent / "articles"
LABELS = json.loads((ARTICLES / "labels.json").read_text(encoding="utf-8"))


def _words(text: str, language: str) -> float:
    if language in ("en", "ko"):
        return len(text.split())
    # Chinese and Japanese words average about 1.6 characters.
    return len(re.sub(r"\s", "", text)) / 1.6


def test_the_set_has_every_language_style_and_enough_articles_without_a_venture():
    articles = load_labelled_set(ARTICLES)
    languages = Counter(a["language"] for a in articles if not a["name"].startswith("neg-"))

    assert len(articles) >= 45
    assert all(languages[language] >= 8 for language in ("en", "ko", "zh-hans", "ja"))
    assert languages["zh-hant"] >= 5
    assert sum(a["name"].startswith("neg-") for a in articles) >= 6
    assert {a["language"] for a in articles} == set(LANGUAGES)
    for article in articles:
        assert 80 <= _words(article["text"], article["language"]) <= 300, article["name"]
        assert article["published_on"] is not None, article["name"]
    styles = {a["name"].split("-")[1] for a in articles if not a["name"].startswith("neg-")}
    assert {"wire", "dailynk", "kcna", "roundup", "tradepress", "mofcom", "chosonsinbo"} <= styles


def test_every_amount_form_of_the_issue_is_written_somewhere_in_the_set():
    texts = "\n".join((ARTICLES / f"{name}.txt").read_text(encoding="utf-8") for name in LABELS)
    for written in (
        "$120 million",
        "US$3bn",
        "two billion yuan",
        "45 million euros",
        "5천만위안",
        "30억위안",
        "1500만 달러",
        "2500万ユーロ",
        "15億ドル",
        "人民币8000万元",
    ):
        assert written in texts, written
    for relative in ("last month", "지난달", "上月", "先月", "on Tuesday", "지난해", "去年", "昨年"):
        assert relative in texts, relative


@pytest.mark.django_db
def test_the_labels_name_what_the_text_and_the_gazetteer_have(geo):
    provinces = set(Province.objects.values_list("code", flat=True))
    places = {fold_name(n) for n in Place.objects.values_list("name_en", flat=True)}
    for name, label in LABELS.items():
        text = fold_name((ARTICLES / f"{name}.txt").read_text(encoding="utf-8"))
        facts = label["facts"]
        assert set(label["provinces"] + label["optional_provinces"]) <= provinces, name
        assert {fold_name(p) for p in label["places"] + label["optional_places"]} <= places, name
        assert set(label["sectors"] + label["optional_sectors"]) <= set(Sector.values), name
        assert set(facts["statuses"] + facts["optional_statuses"]) <= set(Status.values), name
        for org in facts["orgs"]:
            assert fold_name(org["key"]) in text, (name, org["key"])
            assert org["country"] in ("CN", "KP", "XX", None)
        for stake in facts["stakes"]:
            assert fold_name(stake["holder"]) in text, (name, stake["holder"])
        for dated in facts["status_dates"]:
            assert dated["status"] in facts["statuses"], name
            assert re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", dated["date"]), name
            assert dated["date"] <= label["published_on"], name
        if name.startswith("neg-"):
            assert label["ventures"] == 0 and not facts["statuses"] and not facts["amounts"], name


def _as_proposed(written: str) -> dict:
    precision = {4: "year", 7: "month", 10: "day"}[len(written)]
    return {"date": written + "-01-01"[len(written) - 4 :], "date_precision": precision}


def _oracle(labels: dict):
    """An engine that proposes exactly what is labelled: the scoring must then give 1.00 everywhere."""
    by_title = {
        (ARTICLES / f"{name}.txt").read_text(encoding="utf-8").partition("\n")[0].strip(): label
        for name, label in labels.items()
    }

    def engine(text, *, title, published_on, matcher):
        label = by_title[title]
        facts = label["facts"]
        if label.get("ventures") == 0:
            return []
        partners = [
            {
                "name": org["key"],
                "country": org["country"],
                "stake": next(
                    (s["value"] for s in facts["stakes"] if names_match(s["holder"], org["key"])), None
                ),
            }
            for org in facts["orgs"]
            if org["partner"]
        ]
        dated = {d["status"] for d in facts["status_dates"]}
        statuses = [{"status": d["status"], **_as_proposed(d["date"])} for d in facts["status_dates"]]
        statuses += [
            {"status": s, "date": None, "date_precision": "unknown"}
            for s in facts["statuses"]
            if s not in dated
        ]
        places = list(Place.objects.filter(name_en__in=label["places"]).values_list("pk", flat=True))
        amounts = facts["amounts"]
        sectors, provinces = label["sectors"], label["provinces"]
        rows = max(len(statuses), len(amounts), len(places), len(sectors), len(provinces), 1)
        return [
            {
                "sector": sectors[i % len(sectors)] if sectors else None,
                "province": provinces[i % len(provinces)] if provinces else None,
                "place_id": places[i] if i < len(places) else None,
                "partners": partners if i == 0 else [],
                "investment": (
                    {"amount": str(amounts[i]["value"]), "currency": amounts[i]["currency"]}
                    if i < len(amounts)
                    else None
                ),
                "status": statuses[i] if i < len(statuses) else None,
            }
            for i in range(rows)
        ]

    return engine


@pytest.mark.django_db
def test_proposing_exactly_the_labels_scores_one_everywhere(geo):
    report = evaluate_preread(ARTICLES, matcher=object(), engine=_oracle(LABELS))

    for field, rates in report["fields"].items():
        assert (rates["precision"], rates["recall"]) == (1.0, 1.0), (field, rates)
    assert report["status_right"]["share"] == 1.0
    assert report["no_venture"] == {"articles": 7, "proposals": 0, "by_article": {}}
    assert set(report["by_language"]) == set(LANGUAGES)


def test_a_partner_matches_when_its_name_contains_the_labelled_key_in_either_script():
    assert names_match("Dandong Hengtai Textile", "Dandong Hengtai Textile Co., Ltd.")
    assert names_match("丹東華信電子", "丹东华信电子有限公司")  # traditional key, simplified proposal
    assert names_match("청진대흥 무역회사", "청진대흥무역회사")  # spaces do not matter
    assert not names_match("청진대흥 무역회사", "무역회사")  # only the legal form: not the name
    assert not names_match(
        "Pongsu Light Industry Corporation", "North Korea's Korea Pongsu Light Industry Corporation"
    )


GAZETTEER = {"places": {}, "provinces": {"pyongyang": "KP-01"}}


def _article(**facts):
    label = {
        "provinces": ["KP-03"],
        "places": [],
        "sectors": ["mine"],
        "facts": {
            "orgs": [
                {"key": "Hengtai", "country": "CN", "partner": True},
                {"key": "Pongsu", "country": "KP", "partner": True},
                {"key": "Joint Venture Company", "country": None, "partner": False},
            ],
            "amounts": [{"value": 120_000_000, "currency": "USD"}],
            "optional_amounts": [],
            "stakes": [{"value": 70, "holder": "Hengtai", "holder_country": "CN"}],
            "statuses": ["contract_signed"],
            "optional_statuses": ["negotiating"],
            "status_dates": [{"status": "contract_signed", "date": "2024-03"}],
            **facts,
        },
    }
    return {"name": "en-test", "language": "en", "label": label}


def _venture(**fields):
    return {
        "sector": "mine",
        "province": "KP-03",
        "place_id": None,
        "partners": [
            {"name": "Dandong Hengtai Co.", "country": "CN", "stake": 70.0},
            {"name": "Korea Pongsu Corporation", "country": "CN", "stake": None},
        ],
        "investment": {"amount": "120000000", "currency": "USD"},
        "status": {"status": "contract_signed", "date": "2024-03-01", "date_precision": "month"},
        **fields,
    }


def test_each_field_is_counted_as_the_documented_rule_says():
    score = score_article(_article(), [_venture()], GAZETTEER)
    counts = score["counts"]

    assert counts["partners"] == {"tp": 2, "fp": 0, "fn": 0}
    assert counts["country"] == {"tp": 1, "fp": 1, "fn": 1}  # Pongsu proposed as Chinese
    assert counts["amounts"] == {"tp": 1, "fp": 0, "fn": 0}
    assert counts["stakes"] == {"tp": 1, "fp": 0, "fn": 0}
    assert counts["status_date"] == {"tp": 1, "fp": 0, "fn": 0}
    assert score["status_right"]
    assert "country: 'Korea Pongsu Corporation' is KP, proposed CN" in score["errors"]


def test_a_profit_proposed_as_an_investment_a_wrong_precision_and_an_unlabelled_partner_are_false():
    venture = _venture(
        investment={"amount": "40000000", "currency": "USD"},
        status={"status": "operating", "date": "2024-03-12", "date_precision": "day"},
        partners=[{"name": "Dandong Customs", "country": "CN", "stake": None}],
    )
    score = score_article(_article(), [venture], GAZETTEER)
    counts = score["counts"]

    assert counts["amounts"] == {"tp": 0, "fp": 1, "fn": 1}
    assert counts["status_date"] == {"tp": 0, "fp": 1, "fn": 1}
    assert counts["partners"] == {"tp": 0, "fp": 1, "fn": 2}
    assert counts["status"] == {"tp": 0, "fp": 1, "fn": 1}
    assert not score["status_right"]


def test_the_venture_itself_proposed_as_a_partner_is_neither_right_nor_wrong():
    venture = _venture(partners=[{"name": "Amnok Joint Venture Company", "country": None, "stake": None}])
    counts = score_article(_article(), [venture], GAZETTEER)["counts"]

    assert counts["partners"] == {"tp": 0, "fp": 0, "fn": 2}


def test_a_province_level_city_labelled_as_the_place_is_matched_by_its_province():
    article = _article()
    article["label"]["places"] = ["Pyongyang"]

    found = score_article(article, [_venture(province="KP-01")], GAZETTEER)["counts"]["place"]
    missed = score_article(article, [_venture(province="KP-03")], GAZETTEER)["counts"]["place"]

    assert (found, missed) == ({"tp": 1, "fp": 0, "fn": 0}, {"tp": 0, "fp": 0, "fn": 1})


def test_a_stake_whose_holder_is_unnamed_is_matched_by_the_holders_country():
    article = _article(stakes=[{"value": 51, "holder": None, "holder_country": "CN"}])

    counts = score_article(article, [_venture()], GAZETTEER)["counts"]["stakes"]

    assert counts == {"tp": 0, "fp": 1, "fn": 1}  # 70 % proposed, 51 % labelled
    venture = _venture(partners=[{"name": "Dandong Hengtai Co.", "country": "CN", "stake": 51.0}])
    assert score_article(article, [venture], GAZETTEER)["counts"]["stakes"] == {"tp": 1, "fp": 0, "fn": 0}


def test_status_dates_are_not_scored_on_a_set_that_labels_none():
    article = _article()
    del article["label"]["facts"]["status_dates"]

    counts = score_article(article, [_venture()], GAZETTEER)["counts"]["status_date"]

    assert counts == {"tp": 0, "fp": 0, "fn": 0}


def test_an_unnamed_side_is_no_partner_but_its_stake_counts_for_its_country():
    venture = _venture(
        partners=[
            {"name": "Dandong Hengtai Co.", "country": "CN", "stake": None},
            {"name": "", "country": "CN", "stake": 70.0},
        ]
    )
    counts = score_article(_article(), [venture], GAZETTEER)["counts"]

    assert counts["partners"] == {"tp": 1, "fp": 0, "fn": 1}
    assert counts["stakes"] == {"tp": 1, "fp": 0, "fn": 0}
