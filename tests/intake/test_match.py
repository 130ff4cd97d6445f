"""The matcher on the seed article, on Korean and Chinese text, and on the labelled set."""

from pathlib import Path

import pytest

from projects.ingest.evaluate import evaluate, format_report
from projects.ingest.match import Matcher, Sentences, fold
from projects.models import Place
from tests.factories import OrganizationFactory, make_venture

SEED = Path(__file__).resolve().parents[2] / "projects" / "data" / "seed_article.txt"
LABELLED = Path(__file__).parent / "fixtures" / "labelled"


@pytest.fixture
def matcher(geo):
    return Matcher.from_database()


def _places(suggestions):
    return {(m["kind"], m["name"]) for m in suggestions["mentions"] if m["kind"] != "province"}


def _provinces(suggestions):
    return {m["code"] for m in suggestions["mentions"] if m["kind"] == "province"}


def test_seed_article_suggestions_include_every_expected_place_sector_and_form(matcher):
    suggestions = matcher.suggest(SEED.read_text(encoding="utf-8"))

    assert _provinces(suggestions) == {"KP-01", "KP-02", "KP-03", "KP-08"}
    assert {
        ("county", "Uiju"),
        ("county", "Songchon"),
        ("county", "Hamju"),
        ("district", "Hyongjesan District"),
        ("site", "Tokhyon Mine"),
        ("site", "September General Iron Enterprise"),
    } <= _places(suggestions)
    assert {"mine", "ironworks", "construction", "agriculture"} <= {
        s["sector"] for s in suggestions["sectors"]
    }
    assert {f["form"] for f in suggestions["forms"]} == {
        "new_contract",
        "restart_or_expansion",
        "private_investment",
    }
    organizations = {o["name"] for o in suggestions["organizations"]}
    assert "September General Iron Enterprise" in organizations
    assert any("organizational department" in name for name in organizations)


def test_each_mention_carries_its_code_and_the_sentence_it_comes_from(matcher):
    suggestions = matcher.suggest(SEED.read_text(encoding="utf-8"))
    hyonjesan = next(m for m in suggestions["mentions"] if m["name"] == "Hyongjesan District")

    assert hyonjesan["text"] == "Hyonjesan"  # the article's spelling, found via the alternate names
    assert hyonjesan["code"] == Place.objects.get(name_en="Hyongjesan District").pk
    assert hyonjesan["province"] == "KP-01"
    assert hyonjesan["sentence"].startswith("In Pyongyang’s Hyonjesan district, a large Chinese construction")
    assert hyonjesan["sentence"].endswith("in the form of a joint venture.")
    uiju = next(m for m in suggestions["mentions"] if m["name"] == "Uiju")
    assert uiju["has_point"] is True
    assert uiju["sentence"].startswith("At Tokhyon Mine in Uiju county, North Pyongan province")


def test_pyongan_provinces_in_the_plural_name_no_single_province(matcher):
    suggestions = matcher.suggest("Investors visited the Pyongan provinces and Hamgyong provinces.")
    assert _provinces(suggestions) == set()


def test_pyongyang_is_the_province_level_city_not_two_places(matcher):
    suggestions = matcher.suggest("A source in Pyongyang said so.")
    assert [(m["kind"], m["code"]) for m in suggestions["mentions"]] == [("province", "KP-01")]


def test_latin_names_match_whole_words_with_or_without_diacritics(matcher):
    assert _places(matcher.suggest("Trucks left Sinuiju for the coast.")) == {("city", "Sinuiju")}
    assert _places(matcher.suggest("The county seat of Ŭiju.")) == {("county", "Uiju")}
    assert _places(matcher.suggest("UIJU COUNTY")) == {("county", "Uiju")}
    # “Musan” inside another word is not Musan.
    assert _places(matcher.suggest("Musanite is not a mineral.")) == set()


def test_korean_names_are_found_with_particles_but_not_inside_longer_names(matcher):
    suggestions = matcher.suggest(
        "평안북도 의주군의 광산에서 채굴이 재개됐다. 신의주의 무역회사가 설비를 들여왔다."
    )

    assert _provinces(suggestions) == {"KP-03"}
    assert _places(suggestions) == {("county", "Uiju"), ("city", "Sinuiju")}
    assert {s["sector"] for s in suggestions["sectors"]} == {"mine"}
    assert {f["form"] for f in suggestions["forms"]} == {"restart_or_expansion"}
    uiju = next(m for m in suggestions["mentions"] if m["name"] == "Uiju")
    assert uiju["text"] == "의주군"
    assert uiju["sentence"] == "평안북도 의주군의 광산에서 채굴이 재개됐다."
    assert any(o["name"].endswith("무역회사") for o in suggestions["organizations"])


def test_chinese_names_take_the_longest_match(matcher):
    suggestions = matcher.suggest("朝鲜平安南道成川郡与中国投资者签订合同。辽宁丹东与新义州之间的贸易恢复。")

    assert _provinces(suggestions) == {"KP-02"}
    assert _places(suggestions) == {("county", "Songchon"), ("city", "Sinuiju")}  # not Uiju (义州)
    assert {f["form"] for f in suggestions["forms"]} == {"new_contract", "restart_or_expansion"}
    songchon = next(m for m in suggestions["mentions"] if m["name"] == "Songchon")
    assert songchon["sentence"] == "朝鲜平安南道成川郡与中国投资者签订合同。"


def test_known_organizations_and_ventures_are_suggested(matcher, geo):
    partner = OrganizationFactory(name="Dandong Hongxiang Industrial Development", name_zh="丹东鸿祥实业发展")
    uiju = Place.objects.get(name_en="Uiju")
    venture = make_venture(name="Tokhyon iron mine", province_code="KP-03", place=uiju, partner=partner)
    other = make_venture(name="Chongjin fish plant", province_code="KP-09", sector="fisheries")

    suggestions = Matcher.from_database().suggest(
        "Dandong Hongxiang Industrial Development expanded the joint venture in Uiju county."
    )

    assert suggestions["organizations"][0]["organization_id"] == partner.pk
    candidates = {c["public_id"]: c for c in suggestions["candidate_ventures"]}
    assert venture.public_id in candidates
    assert "place" in candidates[venture.public_id]["reasons"]
    assert other.public_id not in candidates


def test_sentences_split_on_western_and_cjk_punctuation():
    sentences = Sentences.split("First one. Second “quoted.” Third!\n한국어 문장이다. 中文句子。第二句。")
    assert [sentences.text[a:b] for a, b in sentences.spans] == [
        "First one.",
        "Second “quoted.”",
        "Third!",
        "한국어 문장이다.",
        "中文句子。",
        "第二句。",
    ]


def test_folding_keeps_every_position():
    text = "P’yŏngan-bukto Ŭiju"
    assert len(fold(text)) == len(text)
    assert fold(text) == "P'yongan-bukto Uiju"


def test_precision_and_recall_on_the_labelled_set(geo, capsys):
    report = evaluate(LABELLED)
    with capsys.disabled():
        print("\n" + format_report(report))
    assert report["articles"] >= 9
    assert report["overall"]["recall"] >= 0.95
    assert report["overall"]["precision"] >= 0.85
    for category in ("provinces", "places", "sectors", "forms"):
        assert report[category]["recall"] >= 0.9, category


@pytest.mark.parametrize(
    "text",
    [
        "The Kaesong industrial park will not reopen soon.",
        "The mine has never been expanded.",
        "丹东与新义州之间的贸易尚未恢复。",
        "의주군 광산의 채굴은 재개되지 않았다.",
    ],
)
def test_a_negated_form_is_not_suggested(matcher, text):
    assert matcher.suggest(text)["forms"] == []


def test_an_affirmed_form_still_is(matcher):
    forms = matcher.suggest("Not long ago the mine was reopened. 채굴이 재개됐다. 贸易恢复。")["forms"]
    assert [f["form"] for f in forms] == ["restart_or_expansion"]
    assert forms[0]["count"] == 3
