"""The pre-read on English text: names, partners and their countries, amounts, stakes, statuses, dates."""

import datetime

import pytest

from projects.ingest.match import Matcher
from projects.ingest.preread import preread
from tests.factories import OrganizationFactory, make_venture

PUBLISHED = datetime.date(2025, 3, 14)  # a Friday

ARTICLE = (
    "Dandong Hengli Mining Co., Ltd. and North Korea's Ministry of Metal Industry set up the Musan "
    "Hengli Joint Venture Company last month, a Dandong official said on Tuesday. The Chinese company "
    "holds 70% of the shares, while the Korean side owns the rest. The partners will invest $45 million "
    "in the mine. The venture began production on March 3. China will provide equipment and technology, "
    "and the North Korean side will provide land and labour."
)


@pytest.fixture
def matcher(geo):
    return Matcher.from_database()


def read(matcher, text, *, title="", published_on=PUBLISHED):
    return preread(text, title=title, published_on=published_on, matcher=matcher)


def test_a_venture_article_gives_one_venture_with_every_field_and_its_sentence(matcher):
    [venture] = read(matcher, ARTICLE, title="Liaoning firm opens iron ore venture in Musan")

    assert venture["name"] == "Musan Hengli Joint Venture Company"
    assert venture["name_sentence"].startswith("Dandong Hengli Mining Co., Ltd. and North Korea's")
    assert (venture["sector"], venture["arrangement"], venture["language"]) == ("mine", "joint_venture", "en")
    assert venture["province"] == "KP-09"
    assert venture["place_id"] is not None and venture["location_precision"] == "county"
    partners = {(p["name"], p["country"], p["role"], p["stake"]) for p in venture["partners"]}
    assert partners == {
        ("Dandong Hengli Mining Co., Ltd.", "CN", "chinese_investor", 70.0),
        ("Ministry of Metal Industry", "KP", "managing_organ", None),
    }
    assert venture["investment"] == {
        "amount": "45000000",
        "currency": "USD",
        "sentence": "The partners will invest $45 million in the mine.",
    }
    assert venture["status"] == {
        "status": "operating",
        "date": "2025-03-03",
        "date_precision": "day",
        "sentence": "The venture began production on March 3.",
    }
    assert {(c["side"], c["kind"]) for c in venture["contributions"]} == {
        ("CN", "equipment"),
        ("CN", "technology"),
        ("KP", "land"),
        ("KP", "labour"),
    }


@pytest.mark.parametrize(
    ("sentence", "amount", "currency"),
    [
        ("The Chinese side will invest $120 million in the joint venture.", "120000000", "USD"),
        ("The joint venture has a capital of US$3bn.", "3000000000", "USD"),
        ("A Chinese firm invested two billion yuan in the joint venture.", "2000000000", "CNY"),
        ("The joint venture's capital is 45 million euros.", "45000000", "EUR"),
        ("Jilin Tonghua Steel Group has committed $35 million to the joint venture.", "35000000", "USD"),
        ("A Chinese investor put RMB 6.5 million into the joint venture.", "6500000", "CNY"),
        ("The $650,000 joint venture factory opened.", "650000", "USD"),
    ],
)
def test_investments_in_figures_words_and_both(matcher, sentence, amount, currency):
    [venture] = read(matcher, sentence)
    assert (venture["investment"]["amount"], venture["investment"]["currency"]) == (amount, currency)


@pytest.mark.parametrize(
    "sentence",
    [
        "The joint venture made a profit of $3 million last year.",
        "The joint venture's exports reached $20 million.",
        "The joint venture mine holds reserves of 40 million tons.",
        "North Korea earned $30 million by selling fishing rights to a Chinese joint venture.",
    ],
)
def test_profits_exports_and_tons_are_no_investment(matcher, sentence):
    [venture] = read(matcher, "Shenyang Huaxing Trading Company runs a joint venture in Sinuiju. " + sentence)
    assert venture["investment"] is None


@pytest.mark.parametrize(
    ("sentence", "stake", "country"),
    [
        ("Shenyang Trading Company holds 51% of the joint venture.", 51.0, "CN"),
        ("Shenyang Trading Company holds a 51 percent stake in the joint venture.", 51.0, "CN"),
        ("In the joint venture, Chinese investors own a 60 per cent stake.", 60.0, "CN"),
        ("The joint venture is 55% owned by the Chinese side.", 55.0, "CN"),
        ("The joint venture is 45% owned by Korea Ponghwa Trading Corporation.", 45.0, "KP"),
        (
            "Dandong Ruixiang Trading Co. and Musan Mining Complex run the joint venture. "
            "Ruixiang owns 55% of the venture.",
            55.0,
            "CN",
        ),
    ],
)
def test_stakes_go_to_the_partner_or_side_that_holds_them(matcher, sentence, stake, country):
    [venture] = read(matcher, sentence)
    stakes = [(p["stake"], p["country"]) for p in venture["partners"] if p["stake"]]
    assert stakes == ([(stake, country)] if stake else [])


@pytest.mark.parametrize(
    ("text", "name", "country"),
    [
        ("Hong Kong's Emperor Group opened a joint venture hotel in Rason.", "Emperor Group", "CN"),
        (
            "China's Wanxiang Trading Company signed a joint venture contract.",
            "Wanxiang Trading Company",
            "CN",
        ),
        (
            "The joint venture was set up by the DPRK Korea Myohyang Trading Corporation.",
            "Korea Myohyang Trading Corporation",
            "KP",
        ),
        (
            "The joint venture was set up by the Foreign Trade Bureau of the DPRK.",
            "Foreign Trade Bureau",
            "KP",
        ),
        ("A joint venture of Jilin Yatai Cement Group began production.", "Jilin Yatai Cement Group", "CN"),
    ],
)
def test_partner_names_leave_out_possessives_and_country_words(matcher, text, name, country):
    [venture] = read(matcher, text)
    assert [(p["name"], p["country"]) for p in venture["partners"]] == [(name, country)]


def test_an_existing_organization_is_linked_and_the_venture_it_is_in_is_proposed(matcher, geo):
    organization = OrganizationFactory(name="Wanxiang Trading Company", country="CN")
    existing = make_venture(name="Wanxiang mine", partner=organization)
    matcher = Matcher.from_database()

    [venture] = read(matcher, "Wanxiang Trading Company signed a joint venture contract for a new factory.")

    assert venture["partners"][0]["organization_id"] == organization.pk
    assert venture["existing_ventures"] == [
        {
            "id": existing.pk,
            "public_id": existing.public_id,
            "name": "Wanxiang mine",
            "why": "partner in common: Wanxiang Trading Company",
        }
    ]


@pytest.mark.parametrize(
    ("sentence", "status", "date", "precision"),
    [
        ("The joint venture began production on March 3.", "operating", "2025-03-03", "day"),
        ("The joint venture contract was signed last month.", "contract_signed", "2025-02-01", "month"),
        ("The Chinese partner withdrew from the joint venture on Tuesday.", "closed", "2025-03-11", "day"),
        ("The joint venture halted production in January 2024.", "suspended", "2024-01-01", "month"),
        (
            "The two sides broke ground on the joint venture plant in 2023.",
            "under_construction",
            "2023-01-01",
            "year",
        ),
        (
            "The companies signed a memorandum of understanding on a joint venture.",
            "negotiating",
            None,
            "unknown",
        ),
        ("The joint venture expanded its plant on December 20, 2024.", "expanding", "2024-12-20", "day"),
    ],
)
def test_statuses_and_their_dates_at_the_precision_given(matcher, sentence, status, date, precision):
    [venture] = read(matcher, sentence)
    assert (venture["status"]["status"], venture["status"]["date"], venture["status"]["date_precision"]) == (
        status,
        date,
        precision,
    )


def test_a_date_without_a_year_is_unknown_without_the_publication_date(matcher):
    [venture] = read(matcher, "The joint venture began production on March 3.", published_on=None)
    assert (venture["status"]["date"], venture["status"]["date_precision"]) == (None, "unknown")


def test_a_future_step_is_no_status(matcher):
    [venture] = read(
        matcher, "The joint venture signed a contract in May. It will begin production next year."
    )
    assert venture["status"]["status"] == "contract_signed"


def test_the_latest_event_is_the_status(matcher):
    [venture] = read(
        matcher,
        "The hotel joint venture opened in July 2000. The casino was closed in January 2004. "
        "The hotel has re-opened.",
    )
    assert (venture["status"]["status"], venture["status"]["date"]) == ("operating", None)


def test_without_a_name_the_venture_is_described(matcher):
    [venture] = read(
        matcher,
        "A Chinese company and a North Korean trading firm set up a coal mining joint venture in Hamhung.",
    )
    assert venture["name"] == "Mining joint venture in Hamhung"
    assert venture["province"] == "KP-08"


@pytest.mark.parametrize(
    "text",
    [
        "Trade between North Korea and China rose 20% to $5 billion last year, customs data showed.",
        "Chinese and North Korean scholars discussed whether foreign investors are protected by law.",
        "North Korea exported coal worth $30 million to Chinese buyers in May.",
    ],
)
def test_economics_without_a_venture_propose_none(matcher, text):
    assert read(matcher, text) == []


def test_a_wire_report_dates_the_signing_not_the_dateline_or_the_report(matcher):
    [venture] = read(
        matcher,
        "BEIJING, March 12 (Reuters) - China's Wanxiang Group and North Korea's Ryugyong Trading Corp have "
        "agreed to set up a $20 million joint venture in Musan, state media reported on Monday. "
        "The deal was signed in Pyongyang last Friday.",
    )
    assert {(p["name"], p["country"]) for p in venture["partners"]} == {
        ("Wanxiang Group", "CN"),
        ("Ryugyong Trading Corp", "KP"),
    }
    assert (venture["status"]["status"], venture["status"]["date"]) == ("contract_signed", "2025-03-07")


def test_an_unnamed_chinese_firm_is_a_side_without_a_name(matcher):
    [venture] = read(
        matcher, "A Dandong-based private company set up a joint venture with a North Korean mine."
    )
    assert [(p["name"], p["country"], p["role"]) for p in venture["partners"]] == [
        ("", "CN", "chinese_investor")
    ]


def test_a_roundup_without_venture_names_gives_one_venture_a_paragraph(matcher):
    ventures = read(
        matcher,
        "Dandong Hengli Mining Co. signed a contract with the Korea Kumsan Trading Corporation in April "
        "to develop a coal mine in Hamhung, investing $12 million.\n\n"
        "In Rason, Hunchun Haiyun Fisheries Co. broke ground in May on a seafood plant run jointly with a "
        "local fisheries station.\n\n"
        "Meanwhile Baltic Seaway Logistics, a Latvian firm, said it had invested 45 million euros in a port "
        "joint venture in Chongjin.",
        title="Three new China–North Korea deals this spring",
    )
    assert [
        (v["province"], [(p["name"], p["country"]) for p in v["partners"]], v["status"]["status"])
        for v in ventures
    ] == [
        (
            "KP-08",
            [("Dandong Hengli Mining Co.", "CN"), ("Korea Kumsan Trading Corporation", "KP")],
            "contract_signed",
        ),
        ("KP-13", [("Hunchun Haiyun Fisheries Co.", "CN")], "under_construction"),
        ("KP-09", [("Baltic Seaway Logistics", "XX")], "reported"),
    ]
    assert [v["investment"] and v["investment"]["amount"] for v in ventures] == ["12000000", None, "45000000"]


def test_one_venture_told_over_several_paragraphs_stays_one(matcher):
    ventures = read(
        matcher,
        "Dandong Hengli Mining Co. signed a contract with the Korea Kumsan Trading Corporation in April "
        "to develop a coal mine in Hamhung.\n\n"
        "Dandong Hengli Mining Co. began production at the mine in Hamju county in June.",
    )
    assert len(ventures) == 1
    assert ventures[0]["status"]["status"] == "operating"
