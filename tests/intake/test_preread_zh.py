"""The pre-read on Chinese text, simplified and traditional: names, countries, amounts, stakes, statuses."""

import datetime

import pytest

from projects.ingest.match import Matcher
from projects.ingest.preread import preread, suggestions_with_ventures

PUBLISHED = datetime.date(2024, 6, 20)

SIMPLIFIED = (
    "辽宁丹东恒通贸易有限公司与朝鲜两江道建材总局签约，合资成立惠山恒通建材合营公司。丹东恒通占股51%，"
    "投资人民币8000万元。该公司已于上月投产。中方提供设备和技术，朝方提供土地和劳动力。"
)
TRADITIONAL = (
    "遼寧丹東恆通貿易有限公司與朝鮮兩江道建材總局簽約，合資成立惠山恆通建材合營公司。丹東恆通佔股51%，"
    "投資人民幣8000萬元。該公司已於上月投產。"
)


@pytest.fixture
def matcher(geo):
    return Matcher.from_database()


def read(matcher, text, *, title="", published_on=PUBLISHED):
    return preread(text, title=title, published_on=published_on, matcher=matcher)


@pytest.mark.parametrize(
    ("text", "name", "partners", "language"),
    [
        (
            SIMPLIFIED,
            "惠山恒通建材合营公司",
            {("辽宁丹东恒通贸易有限公司", "CN", 51.0), ("朝鲜两江道建材总局", "KP", None)},
            "zh",
        ),
        # Traditional characters are read as simplified, and everything is quoted as written.
        (
            TRADITIONAL,
            "惠山恆通建材合營公司",
            {("遼寧丹東恆通貿易有限公司", "CN", 51.0), ("朝鮮兩江道建材總局", "KP", None)},
            "zh-Hant",
        ),
    ],
)
def test_a_chinese_venture_article_in_either_script(matcher, text, name, partners, language):
    [venture] = read(matcher, text, title="中朝合资水泥厂在惠山投产")

    assert venture["name"] == name
    assert venture["language"] == language
    assert (venture["sector"], venture["province"]) == ("construction", "KP-10")
    assert {(p["name"], p["country"], p["stake"]) for p in venture["partners"]} == partners
    assert (venture["investment"]["amount"], venture["investment"]["currency"]) == ("80000000", "CNY")
    assert (venture["status"]["status"], venture["status"]["date"], venture["status"]["date_precision"]) == (
        "operating",
        "2024-05-01",
        "month",
    )
    assert venture["status"]["sentence"] in text


def test_contributions_by_side(matcher):
    [venture] = read(matcher, SIMPLIFIED)
    assert {(c["side"], c["kind"]) for c in venture["contributions"]} == {
        ("CN", "equipment"),
        ("CN", "technology"),
        ("KP", "land"),
        ("KP", "labour"),
    }


def test_the_stored_suggestions_quote_the_traditional_text(matcher):
    data = suggestions_with_ventures(TRADITIONAL, matcher=matcher)
    assert data["language"] == "zh-Hant"
    assert all(m["sentence"] in TRADITIONAL for m in data["mentions"])
    assert {m["text"] for m in data["mentions"]} == {"惠山", "兩江道"}


@pytest.mark.parametrize(
    ("text", "amount", "currency"),
    [
        ("中方向合资企业投资人民币8000万元。", "80000000", "CNY"),
        ("这家合资公司注册资本为两亿元。", "200000000", "CNY"),
        ("中国企业向合营公司投入三千万欧元。", "30000000", "EUR"),
        ("合资项目总投资4.5亿美元。", "450000000", "USD"),
        ("雙方簽署價值30億美元的合資協議。", "3000000000", "USD"),
    ],
)
def test_chinese_amounts(matcher, text, amount, currency):
    [venture] = read(matcher, text)
    assert (venture["investment"]["amount"], venture["investment"]["currency"]) == (amount, currency)


def test_exports_are_no_investment(matcher):
    [venture] = read(matcher, "丹东恒通贸易有限公司在新义州的合资企业对华出口额达4.1亿美元。")
    assert venture["investment"] is None


@pytest.mark.parametrize(
    ("text", "stakes"),
    [
        ("中方在合资企业中持股60%。", {(60.0, "CN")}),
        ("合营公司中，朝方占股49%。", {(49.0, "KP")}),
        ("双方各占50%的股份，成立合资企业。", {(50.0, "CN"), (50.0, "KP")}),
        ("珲春海韵水产有限公司与朝鲜罗先水产事业所合资，海韵水产占股60%。", {(60.0, "CN")}),
    ],
)
def test_chinese_stakes(matcher, text, stakes):
    [venture] = read(matcher, text)
    assert {(p["stake"], p["country"]) for p in venture["partners"] if p["stake"]} == stakes


@pytest.mark.parametrize(
    ("text", "status", "date", "precision"),
    [
        ("该合资工厂于本月5日正式投产。", "operating", "2024-06-05", "day"),
        ("中国企业上月从合资公司撤资。", "closed", "2024-05-01", "month"),
        ("双方于2023年8月签约成立合营公司。", "contract_signed", "2023-08-01", "month"),
        ("合资商业街去年开工建设。", "under_construction", "2023-01-01", "year"),
        ("受制裁影响，该合资企业暂停生产。", "suspended", None, "unknown"),
        ("双方正在就合资建厂进行谈判。", "negotiating", None, "unknown"),
    ],
)
def test_chinese_statuses_and_dates(matcher, text, status, date, precision):
    [venture] = read(matcher, text)
    assert (venture["status"]["status"], venture["status"]["date"], venture["status"]["date_precision"]) == (
        status,
        date,
        precision,
    )


def test_an_unnamed_chinese_firm_is_a_chinese_side(matcher):
    [venture] = read(matcher, "上海某公司与朝鲜合资建厂，持股70%。")
    assert [(p["name"], p["country"], p["stake"]) for p in venture["partners"]] == [("", "CN", 70.0)]


def test_a_roundup_proposes_each_named_joint_venture(matcher):
    text = "多家中国企业本月撤出朝鲜，包括朝鲜大成合营公司和平津万寿自行车合营公司。"
    ventures = read(matcher, text)
    assert [v["name"] for v in ventures] == ["朝鲜大成合营公司", "平津万寿自行车合营公司"]
    assert {v["status"]["status"] for v in ventures} == {"closed"}


@pytest.mark.parametrize(
    "text",
    [
        "2014年1至7月，朝鲜对中国的纺织品出口额达4.1亿美元。",
        "中朝边境贸易持续增长，丹东口岸进出口额创新高。",
    ],
)
def test_chinese_trade_news_proposes_none(matcher, text):
    assert read(matcher, text) == []


def test_a_described_factory_is_no_partner(matcher):
    [venture] = read(
        matcher,
        "珲春市鑫达水产有限公司与朝鲜罗先市人民委员会签订合作协议，双方将共同投资1200万元人民币在罗先建设一座"
        "水产品加工厂。按照协议，中方出资70%，朝方以厂房和土地入股。",
    )
    assert {(p["name"], p["country"], p["stake"]) for p in venture["partners"]} == {
        ("珲春市鑫达水产有限公司", "CN", 70.0),
        ("朝鲜罗先市人民委员会", "KP", None),
    }
    assert venture["status"]["status"] == "contract_signed"
    assert venture["province"] == "KP-13"


def test_a_north_korean_farm_committee_is_kept_whole(matcher):
    [venture] = read(matcher, "吉林某农业公司与朝鲜稳城郡协同农场经营委员会合作经营水稻田，去年扩大规模。")
    names = {(p["name"], p["country"]) for p in venture["partners"]}
    assert ("朝鲜稳城郡协同农场经营委员会", "KP") in names
    assert ("", "CN") in names
