"""Names, dates, amounts and labels in each language of the interface (en, ko, zh-hans)."""

import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from projects.formatting import format_amount, format_precise_date, interface_language
from projects.models import DatePrecision, Province, Sector, Status
from projects.selectors.names import display_name, name_rule
from projects.selectors.pages import map_page_config
from projects.templatetags.jv_pages import money, precise_date, sector_label, status_label

DAY = datetime.date(2017, 9, 14)


@pytest.mark.parametrize(
    ("precision", "en", "ko", "zh"),
    [
        ("year", "2017", "2017년", "2017年"),
        ("month", "September 2017", "2017년 9월", "2017年9月"),
        ("day", "14 September 2017", "2017년 9월 14일", "2017年9月14日"),
        ("unknown", "date unknown", "날짜 미상", "日期不详"),
    ],
)
def test_a_date_is_written_to_its_precision_in_each_language(precision, en, ko, zh):
    value = None if precision == "unknown" else DAY
    assert format_precise_date(value, precision, "en") == en
    assert format_precise_date(value, precision, "ko") == ko
    assert format_precise_date(value, precision, "zh-hans") == zh


def test_the_page_filter_follows_the_active_language_and_no_date_reads_empty():
    with translation.override("ko"):
        assert precise_date(DAY, DatePrecision.MONTH) == "2017년 9월"
        assert precise_date(None, DatePrecision.DAY) == ""


@pytest.mark.parametrize(
    ("amount", "currency", "en", "ko", "zh"),
    [
        ("12000000", "CNY", "CNY 12 million", "1,200만 위안", "1200万元"),
        ("150000000", "USD", "USD 150 million", "1.5억 달러", "1.5亿美元"),
        ("2500000000", "CNY", "CNY 2.5 billion", "25억 위안", "25亿元"),
        # An exact figure keeps its digits; cents only when there are some.
        ("12345678", "CNY", "CNY 12,345,678", "12,345,678 위안", "12,345,678元"),
        ("2500.50", "EUR", "EUR 2,500.50", "2,500.50 유로", "2,500.50欧元"),
        # A currency without an everyday word keeps its ISO code.
        ("5000000", "CHF", "CHF 5 million", "500만 CHF", "500万 CHF"),
        ("800000", None, "800,000", "80만", "80万"),
    ],
)
def test_an_amount_is_written_as_each_language_writes_it(amount, currency, en, ko, zh):
    value = Decimal(amount)
    assert format_amount(value, currency, "en") == en
    assert format_amount(value, currency, "ko") == ko
    assert format_amount(value, currency, "zh-hans") == zh


def test_the_money_filter_follows_the_active_language():
    with translation.override("zh-hans"):
        assert money(Decimal("12000000.00"), "CNY") == "1200万元"
    assert money(None, "CNY") == ""


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("ko", "ko"),
        ("zh-hans", "zh-hans"),
        ("zh-Hans", "zh-hans"),
        ("zh-cn", "zh-hans"),
        ("en-us", "en"),
        ("fr", "en"),
    ],
)
def test_any_language_code_maps_to_one_of_the_interface(code, expected):
    assert interface_language(code) == expected


VENTURE = {"name": "Tokhyon Mine joint venture", "name_ko": "덕현광산 합영", "name_zh": "德賢礦山合營"}


def test_in_korean_the_hangul_name_leads_with_the_english_in_brackets():
    assert display_name(VENTURE, "ko") == "덕현광산 합영 (Tokhyon Mine joint venture)"


def test_in_chinese_the_chinese_name_shows_in_simplified_characters():
    assert display_name(VENTURE, "zh-hans") == "德贤矿山合营"


def test_without_a_name_in_the_language_the_english_one_shows():
    english_only = {"name": "Unnamed Chinese investor", "name_ko": "", "name_zh": ""}
    assert display_name(english_only, "ko") == "Unnamed Chinese investor"
    assert display_name(english_only, "zh-hans") == "Unnamed Chinese investor"
    assert display_name(VENTURE, "en") == "Tokhyon Mine joint venture"
    assert display_name(None, "ko") == ""


@pytest.mark.django_db
def test_a_province_is_named_in_the_language(geo):
    province = Province.objects.get(code="KP-10")
    assert display_name(province, "en") == province.name_en
    assert display_name(province, "ko") == f"{province.name_ko} ({province.name_en})"
    assert display_name(province, "zh-hans") == "两江道"
    with translation.override("ko"):
        assert display_name(province) == "량강도 (Ryanggang)"


def test_the_name_rule_for_the_map_matches_the_helper():
    assert name_rule("ko") == {"lead": "name_ko", "bracket": "name"}
    assert name_rule("zh-hans") == {"lead": "name_zh", "bracket": None}
    assert name_rule("en") == {"lead": "name", "bracket": None}


def test_enum_labels_translate_while_their_values_stay():
    with translation.override("ko"):
        assert str(Status.OPERATING.label) == "가동 중"
        assert status_label("operating") == "가동 중"
        assert sector_label("mine") == "광산"
        assert status_label(None) == "아직 상태 없음"
    with translation.override("zh-hans"):
        assert str(Sector.MINE.label) == "矿山"
        assert dict(Status.choices)["operating"] == "运营中"
    assert Status.OPERATING.value == "operating" and Sector.MINE.value == "mine"
    with translation.override("en"):
        assert str(Status.OPERATING.label) == "Operating"


@pytest.mark.django_db
def test_the_map_configuration_carries_the_language_its_labels_and_rules(geo):
    with translation.override("ko"):
        config = map_page_config(user=None)
        sectors = {value: str(label) for value, label in config["sectors"]}
        ryanggang = next(p for p in config["provinces"] if p["code"] == "KP-10")
    assert config["language"] == "ko"
    assert sectors["mine"] == "광산"
    assert ryanggang["name"] == "량강도 (Ryanggang)"
    assert config["name_rule"] == {"lead": "name_ko", "bracket": "name"}
    assert config["date_formats"]["month"] == {"year": "numeric", "month": "long", "timeZone": "UTC"}
    assert config["date_unknown"] == "날짜 미상"


def test_an_imported_label_matches_in_english_whatever_the_editors_language():
    from projects.services.import_values import _choice

    with translation.override("ko"):
        assert _choice("Operating", Status.choices, blank=False) == "operating"
        assert _choice("가동 중", Status.choices, blank=False) == "operating"
        assert _choice("operating", Status.choices, blank=False) == "operating"
        assert _choice("Bankrupt", Status.choices, blank=False) is None
