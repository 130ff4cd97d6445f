"""The pre-read on Korean text: full company names, countries, amounts in 만/억, stakes, statuses, dates."""

import datetime

import pytest

from projects.ingest.match import Matcher
from projects.ingest.preread import preread

PUBLISHED = datetime.date(2024, 6, 20)  # a Thursday

ARTICLE = (
    "중국 랴오닝성의 단둥신흥광업유한공사가 북한 무산광산연합기업소와 함께 무산신흥합영회사를 설립했다고 "
    "소식통이 전했다. 중국측은 지분 60%를 보유하며 1500만 달러를 투자했다. 이 합영회사는 지난 3일 생산을 "
    "개시했다. 중국측은 자금과 설비를, 북한측은 토지와 노동력을 내놓았다."
)


@pytest.fixture
def matcher(geo):
    return Matcher.from_database()


def read(matcher, text, *, title="", published_on=PUBLISHED):
    return preread(text, title=title, published_on=published_on, matcher=matcher)


def test_a_korean_venture_article_gives_the_venture_with_its_partners_and_facts(matcher):
    [venture] = read(matcher, ARTICLE, title="중국 기업, 무산에 철광 합영회사 설립")

    assert venture["name"] == "무산신흥합영회사"
    assert (venture["sector"], venture["province"], venture["language"]) == ("mine", "KP-09", "ko")
    assert {(p["name"], p["country"], p["role"], p["stake"]) for p in venture["partners"]} == {
        ("단둥신흥광업유한공사", "CN", "chinese_investor", 60.0),
        ("무산광산연합기업소", "KP", "north_korean_partner", None),
    }
    assert (venture["investment"]["amount"], venture["investment"]["currency"]) == ("15000000", "USD")
    assert venture["status"]["status"] == "operating"
    assert (venture["status"]["date"], venture["status"]["date_precision"]) == ("2024-06-03", "day")
    assert venture["status"]["sentence"] == "이 합영회사는 지난 3일 생산을 개시했다."
    assert {(c["side"], c["kind"]) for c in venture["contributions"]} == {
        ("CN", "capital"),
        ("CN", "equipment"),
        ("KP", "land"),
        ("KP", "labour"),
    }


@pytest.mark.parametrize(
    ("text", "name", "country"),
    [
        # The full name, not just its legal-form tail, and without the particle after it.
        ("북한의 조선룡악무역회사와 합작해 공장을 세웠다.", "조선룡악무역회사", "KP"),
        ("훈춘시의 둥싱(東興)무역공사가 합영회사 설립에 참여했다.", "둥싱(東興)무역공사", "CN"),
        ("랴오닝(遼寧)성의 화신(華信)집단(그룹)은 합작 계약을 맺었다.", "화신(華信)집단(그룹)", "CN"),
        ("청진시 인민위원회 무역회사가 중국측과 합영회사를 세웠다.", "청진시 인민위원회 무역회사", "KP"),
        ("저장성에 있는 유한회사 진화발전은 합작 협의서를 체결했다.", "진화발전", "CN"),
        ("청진대흥 무역회사가 중국 기업과 합작 계약을 맺었다.", "청진대흥 무역회사", "KP"),
        ("혜산광업련합기업소는 중국측과 합작 계약을 맺었다.", "혜산광업련합기업소", "KP"),
    ],
)
def test_korean_partner_names_are_kept_whole_with_their_country(matcher, text, name, country):
    [venture] = read(matcher, text)
    assert [(p["name"], p["country"]) for p in venture["partners"]] == [(name, country)]


@pytest.mark.parametrize(
    ("text", "amount", "currency"),
    [
        ("중국 기업이 합영회사에 5천만위안을 투자했다.", "50000000", "CNY"),
        ("합영회사의 자본금은 30억위안이다.", "3000000000", "CNY"),
        ("중국측이 합작 공장에 1500만 달러를 투자했다.", "15000000", "USD"),
        ("중국측은 3천여만유로 상당의 자금을 합영회사에 투입했다.", "30000000", "EUR"),
        ("중국 기업인은 합영 공장에 100 만 불 이상을 투자했다.", "1000000", "USD"),
        ("합작 사업에 2억5천만 달러가 투자됐다.", "250000000", "USD"),
    ],
)
def test_korean_amounts_in_man_and_eok(matcher, text, amount, currency):
    [venture] = read(matcher, text)
    assert (venture["investment"]["amount"], venture["investment"]["currency"]) == (amount, currency)


def test_exports_are_no_investment(matcher):
    [venture] = read(matcher, "조선대흥무역회사와 중국 기업의 합영회사는 대중 수출액이 2천519만 달러였다.")
    assert venture["investment"] is None


@pytest.mark.parametrize(
    ("text", "stakes"),
    [
        ("중국측은 합영회사 지분 51%를 갖는다.", {(51.0, "CN")}),
        ("양측은 자본금 50%씩을 출자해 합영회사를 세웠다.", {(50.0, "CN"), (50.0, "KP")}),
        ("북한과 50:50의 합영 기업형식으로 공장을 세운다.", {(50.0, "CN"), (50.0, "KP")}),
        ("합영회사의 지분율은 중국 측 51%, 북한 측 49%이다.", {(51.0, "CN"), (49.0, "KP")}),
        # The partner dealt with ("…와") holds nothing; the subject does.
        ("단둥해성수산유한공사는 청진수산사업소와 합영회사를 세우고 70%를 출자했다.", {(70.0, "CN")}),
    ],
)
def test_korean_stakes(matcher, text, stakes):
    [venture] = read(matcher, text)
    assert {(p["stake"], p["country"]) for p in venture["partners"] if p["stake"]} == stakes


@pytest.mark.parametrize(
    ("text", "status", "date", "precision"),
    [
        ("합영회사가 지난달 생산을 개시했다.", "operating", "2024-05-01", "month"),
        ("중국 기업들이 합작 공장에서 이달 10일 철수했다.", "closed", "2024-06-10", "day"),
        ("양측은 2023년 3월 합영 계약을 체결했다.", "contract_signed", "2023-03-01", "month"),
        ("합작 공장 건설이 지난해 착공됐다.", "under_construction", "2023-01-01", "year"),
        ("합영회사는 전력난으로 생산을 중단했다.", "suspended", None, "unknown"),
        ("중국 기업인은 합영 공장 투자를 보류했다.", "suspended", None, "unknown"),
        ("양측은 합작회사 설립에 관한 양해각서를 교환했다.", "negotiating", None, "unknown"),
    ],
)
def test_korean_statuses_and_dates(matcher, text, status, date, precision):
    [venture] = read(matcher, text)
    assert (venture["status"]["status"], venture["status"]["date"], venture["status"]["date_precision"]) == (
        status,
        date,
        precision,
    )


def test_a_roundup_of_withdrawals_proposes_each_named_venture(matcher):
    text = (
        "북한에 진출한 중국 기업들이 이달 철수했다. 트럭을 조립한 조선대성(大成)합영회사와 "
        "자전거를 만든 중조만수자전거합영회사도 철수했다."
    )
    ventures = read(matcher, text)
    assert [v["name"] for v in ventures] == ["조선대성(大成)합영회사", "중조만수자전거합영회사"]
    assert {v["status"]["status"] for v in ventures} == {"closed"}


@pytest.mark.parametrize(
    "text",
    [
        "올해 북한과 중국 간 교역액이 50억달러를 돌파했다고 무역협회가 밝혔다.",
        "북한의 석탄 수출이 크게 늘었고 경공업 제품 수출도 급증했다.",
    ],
)
def test_korean_trade_news_proposes_none(matcher, text):
    assert read(matcher, text) == []


def test_a_described_factory_is_no_partner_and_an_unnamed_firm_is_a_side(matcher):
    [venture] = read(
        matcher,
        "평안북도 신의주의 한 신발공장은 중국 단동의 한 민간 기업과 합작해 운동화를 생산해왔다. "
        "그러나 이 공장은 지난달 가동을 멈췄다.",
        title="신의주 中 합작 신발공장 가동 중단",
    )
    assert [(p["name"], p["country"]) for p in venture["partners"]] == [("", "CN")]
    assert (venture["status"]["status"], venture["status"]["date"]) == ("suspended", "2024-05-01")
    assert venture["place_id"] is not None and venture["province"] == "KP-03"


def test_the_day_a_news_agency_reported_is_not_the_day_of_the_event(matcher):
    [venture] = read(matcher, "두 회사가 합영회사 설립 계약을 체결했다고 신화통신이 22일 보도했다.")
    assert (venture["status"]["status"], venture["status"]["date"]) == ("contract_signed", None)
