"""The pre-read on Japanese text: names, countries, amounts in 万/億, stakes, statuses and dates."""

import datetime

import pytest

from projects.ingest.match import Matcher
from projects.ingest.preread import preread

PUBLISHED = datetime.date(2024, 6, 20)

ARTICLE = (
    "中国遼寧省の丹東恒通貿易有限公司は北朝鮮の両江道建材総局と契約を締結し、合弁会社「恵山恒通建材合弁会社」"
    "を設立した。中国側の出資比率は51％で、投資額は2500万ユーロ。同社は先月、操業を開始した。"
)


@pytest.fixture
def matcher(geo):
    return Matcher.from_database()


def read(matcher, text, *, title="", published_on=PUBLISHED):
    return preread(text, title=title, published_on=published_on, matcher=matcher)


def test_a_japanese_venture_article(matcher):
    [venture] = read(matcher, ARTICLE, title="中朝合弁のセメント工場が恵山で操業開始")

    assert venture["name"] == "恵山恒通建材合弁会社"
    assert (venture["language"], venture["sector"], venture["province"]) == ("ja", "construction", "KP-10")
    assert {(p["name"], p["country"], p["role"], p["stake"]) for p in venture["partners"]} == {
        ("丹東恒通貿易有限公司", "CN", "chinese_investor", 51.0),
        ("両江道建材総局", "KP", "managing_organ", None),
    }
    assert (venture["investment"]["amount"], venture["investment"]["currency"]) == ("25000000", "EUR")
    assert venture["status"] == {
        "status": "operating",
        "date": "2024-05-01",
        "date_precision": "month",
        "sentence": "同社は先月、操業を開始した。",
    }


@pytest.mark.parametrize(
    ("text", "amount", "currency"),
    [
        ("中国企業が合弁会社に2500万ユーロを投資した。", "25000000", "EUR"),
        ("合弁事業の総投資額は15億ドルに上る。", "1500000000", "USD"),
        ("中国側は合弁工場に3億円を出資した。", "300000000", "JPY"),
        ("合弁会社の資本金は8000万元。", "80000000", "CNY"),
    ],
)
def test_japanese_amounts(matcher, text, amount, currency):
    [venture] = read(matcher, text)
    assert (venture["investment"]["amount"], venture["investment"]["currency"]) == (amount, currency)


def test_foreign_currency_earnings_are_no_investment(matcher):
    [venture] = read(matcher, "丹東恒通貿易有限公司との合弁事業で北朝鮮は約3000万ドルの外貨を獲得した。")
    assert venture["investment"] is None


@pytest.mark.parametrize(
    ("text", "stakes"),
    [
        ("合弁会社への中国側の出資比率は51％。", {(51.0, "CN")}),
        ("中国側は合弁デパートの65%の株式を持つ。", {(65.0, "CN")}),
        ("合弁会社の出資比率は中国側が49%、北朝鮮側が51%となっている。", {(49.0, "CN"), (51.0, "KP")}),
    ],
)
def test_japanese_stakes(matcher, text, stakes):
    [venture] = read(matcher, text)
    assert {(p["stake"], p["country"]) for p in venture["partners"] if p["stake"]} == stakes


@pytest.mark.parametrize(
    ("text", "status", "date", "precision"),
    [
        ("合弁工場が4月23日に操業を開始した。", "operating", "2024-04-23", "day"),
        ("中国企業は先月、合弁事業から撤退した。", "closed", "2024-05-01", "month"),
        ("両社は2023年に合弁契約を締結した。", "contract_signed", "2023-01-01", "year"),
        ("合弁の商業施設が昨年着工した。", "under_construction", "2023-01-01", "year"),
        ("制裁で合弁工場の生産が中断した。", "suspended", None, "unknown"),
        ("両国は合弁事業に関する覚書に署名する予定だ。", "negotiating", None, "unknown"),
    ],
)
def test_japanese_statuses_and_dates(matcher, text, status, date, precision):
    [venture] = read(matcher, text)
    assert (venture["status"]["status"], venture["status"]["date"], venture["status"]["date_precision"]) == (
        status,
        date,
        precision,
    )


def test_a_description_before_a_name_is_no_partner(matcher):
    [venture] = read(matcher, "中国大連の環境設備会社・大港グループが羅津港の埠頭の開発権を獲得した。")
    assert [(p["name"], p["country"]) for p in venture["partners"]] == [("大港グループ", "CN")]
    assert venture["status"]["status"] == "contract_signed"
    assert venture["province"] == "KP-13"


@pytest.mark.parametrize(
    "text",
    [
        "琿春市の海産物加工品はすでに14ヶ国に輸出されている。",
        "北朝鮮の対中輸出は今年、前年比で20%増えた。",
    ],
)
def test_japanese_trade_news_proposes_none(matcher, text):
    assert read(matcher, text) == []


def test_a_region_of_china_in_the_name_makes_it_chinese(matcher):
    [venture] = read(
        matcher,
        "中国遼寧省瀋陽市の鉱業会社、瀋陽鑫源鉱業有限公司は14日、北朝鮮の茂山鉱山と鉄鉱石の共同開発で合意し、"
        "契約に署名したと発表した。投資額は約5億元で、中国側が60%を出資する。",
    )
    assert [(p["name"], p["country"], p["stake"]) for p in venture["partners"]] == [
        ("瀋陽鑫源鉱業有限公司", "CN", 60.0)
    ]
    assert (venture["investment"]["amount"], venture["investment"]["currency"]) == ("500000000", "CNY")
    assert (venture["status"]["status"], venture["status"]["date"]) == ("contract_signed", "2024-06-14")


def test_a_north_korean_ministry_is_a_managing_organ(matcher):
    [venture] = read(
        matcher, "黒竜江北方電力集団は北朝鮮の電力工業省と羅先の火力発電所の合弁契約を締結した。"
    )
    assert {(p["name"], p["country"], p["role"]) for p in venture["partners"]} == {
        ("黒竜江北方電力集団", "CN", "chinese_investor"),
        ("電力工業省", "KP", "managing_organ"),
    }
