"""Dates, numbers and amounts as each language of the interface writes them (en, ko, zh-hans).

A helper that imports nothing else of `projects/` (any layer may use it). Babel's CLDR data (shipped in
the wheel) does the work where it can; our own code adds only what CLDR lacks: amounts written in the
East Asian units 만/억 and 万/亿 with the currency's everyday word after them ("1,200만 위안", "1200万元").

The precisions are the values of `projects.models.DatePrecision` ("year", "month", "day", "unknown"),
taken as plain strings so that this module stays below the models.
"""

import datetime
from decimal import Decimal

from babel.dates import format_date, format_skeleton
from babel.numbers import format_compact_decimal, format_decimal
from django.utils import translation
from django.utils.translation import gettext

# Django language code → Babel locale. Simplified Chinese as written in mainland China.
BABEL_LOCALES = {"en": "en", "ko": "ko", "zh-hans": "zh_Hans_CN"}
# Dates in English read day first ("14 September 2017"), as the map's script writes them (en-GB).
DATE_LOCALES = {**BABEL_LOCALES, "en": "en_GB"}

# The CLDR skeleton (year; year and month; year, month and day) each precision shows, and the same as
# options of the browser's Intl.DateTimeFormat, for the map's script (same CLDR data, same result).
DATE_SKELETONS = {"year": "y", "month": "yMMMM"}
INTL_DATE_OPTIONS = {
    "year": {"year": "numeric", "timeZone": "UTC"},
    "month": {"year": "numeric", "month": "long", "timeZone": "UTC"},
    "day": {"year": "numeric", "month": "long", "day": "numeric", "timeZone": "UTC"},
}

# The everyday word for a currency after an amount in Korean and Chinese ("1,200만 위안", "1200万元");
# CLDR's names ("중국 위안화", "人民币") read like a bank form. Other currencies keep their ISO code.
CURRENCY_WORDS = {
    "ko": {
        "CNY": "위안",
        "USD": "달러",
        "EUR": "유로",
        "KPW": "북한 원",
        "KRW": "원",
        "JPY": "엔",
        "RUB": "루블",
    },
    "zh-hans": {
        "CNY": "元",
        "USD": "美元",
        "EUR": "欧元",
        "KPW": "朝鲜元",
        "KRW": "韩元",
        "JPY": "日元",
        "RUB": "卢布",
    },
}
# 만/万 (10⁴), 억/亿 (10⁸), 조/万亿 (10¹²), largest first.
EAST_ASIAN_UNITS = {
    "ko": ((10**12, "조"), (10**8, "억"), (10**4, "만")),
    "zh-hans": ((10**12, "万亿"), (10**8, "亿"), (10**4, "万")),
}
# A sum is written in words ("12 million", "1,200만") when it has at most this many significant
# digits, i.e. when it is a round figure as reported; an exact one (12,345,678) keeps every digit.
ROUND_DIGITS = 3


def interface_language(language: str | None = None) -> str:
    """One of the interface's languages (en, ko, zh-hans) for `language`, the active one by default."""
    code = (language or translation.get_language() or "en").lower().replace("_", "-")
    if code in BABEL_LOCALES:
        return code
    if code.startswith("zh"):
        return "zh-hans"
    return code.split("-")[0] if code.split("-")[0] in BABEL_LOCALES else "en"


def format_precise_date(value: datetime.date | None, precision: str, language: str | None = None) -> str:
    """A date as precisely as it is known, in the language: "September 2017", "2017년 9월", "2017年9月";
    a whole date "14 September 2017", "2017년 9월 14일", "2017年9月14日".

    An undated entry (precision "unknown") reads "date unknown" (translated); no date at all reads "".
    """
    language = interface_language(language)
    if precision == "unknown":
        with translation.override(language):
            return gettext("date unknown")
    if value is None:
        return ""
    locale = DATE_LOCALES[language]
    if precision in DATE_SKELETONS:
        return format_skeleton(DATE_SKELETONS[precision], value, locale=locale)
    return format_date(value, "long", locale=locale)


def _is_round(amount: Decimal) -> bool:
    if amount != amount.to_integral_value():
        return False
    return len(str(abs(int(amount))).rstrip("0")) <= ROUND_DIGITS


def _east_asian(amount: Decimal, language: str) -> str | None:
    """1,200만 / 1200万 for a round sum of at least 10,000, else None."""
    if not _is_round(amount):
        return None
    for size, unit in EAST_ASIAN_UNITS[language]:
        if abs(amount) >= size:
            number = (amount / size).normalize()
            # Korean groups the digits before 만 (1,200만); Chinese writes them plain (1200万).
            pattern = "#,##0.##" if language == "ko" else "0.##"
            return format_decimal(number, format=pattern, locale=BABEL_LOCALES[language]) + unit
    return None


def format_amount(amount, currency: str | None, language: str | None = None) -> str:
    """An amount of money in the language: "CNY 12 million", "1,200만 위안", "1200万元".

    A round sum reads in words (millions; 만/억; 万/亿); an exact one keeps its digits, grouped as the
    language groups them ("CNY 12,345,678", "12,345,678 위안"). Cents show only when there are some.
    """
    if amount is None:
        return ""
    amount = Decimal(str(amount))
    language = interface_language(language)
    locale = BABEL_LOCALES[language]
    code = (currency or "").upper()
    whole = amount == amount.to_integral_value()
    exact = format_decimal(amount, format="#,##0" if whole else "#,##0.00", locale=locale)
    if language in EAST_ASIAN_UNITS:
        number = _east_asian(amount, language) or exact
        if not code:
            return number
        word = CURRENCY_WORDS[language].get(code)
        if word is None:
            return f"{number} {code}"
        return f"{number}{word}" if language == "zh-hans" else f"{number} {word}"
    number = exact
    if _is_round(amount) and abs(amount) >= 10**6:
        number = format_compact_decimal(amount, format_type="long", locale=locale, fraction_digits=2)
    return f"{code} {number}" if code else number


# Intl.NumberFormat options for amounts in the map's script ("12 million", "1200만", "1200万").
INTL_AMOUNT_OPTIONS = {"notation": "compact", "compactDisplay": "long", "maximumFractionDigits": 2}
