"""Dates in a sentence, resolved against the article's publication date, at the precision given.

"on September 1", "Dec. 12", "5 January 2012", "in July, 2000", "last month", "on Tuesday",
"2011년 6월", "지난 5월", "23일", "지난해 10월", "올해 초", "이달 10일", "2011年5月", "4月29日", "上月",
"去年底", "先月", "7日". A date without a year takes the publication year (the year before when
that would put it after publication); without the publication date such a date is unknown. A
date is kept at the precision the text gives: a month stays a month.
"""

import datetime
import re
from dataclasses import dataclass

MONTHS_EN = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
WEEKDAYS_EN = {
    "monday": 0,
    "tuesday": 1,
    "wednesday": 2,
    "thursday": 3,
    "friday": 4,
    "saturday": 5,
    "sunday": 6,
}
WEEKDAYS_CJK = {
    "월": 0,
    "화": 1,
    "수": 2,
    "목": 3,
    "금": 4,
    "토": 5,
    "일": 6,
    "一": 0,
    "二": 1,
    "三": 2,
    "四": 3,
    "五": 4,
    "六": 5,
    "日": 6,
    "天": 6,
    "月": 0,
    "火": 1,
    "水": 2,
    "木": 3,
}

_month_en = (
    r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
DATE_EN = re.compile(
    r"\b(?:"
    rf"{_month_en}\s+(?P<day>\d{{1,2}})(?!\d)(?:st|nd|rd|th)?(?:,?\s+(?P<year>(?:19|20)\d\d))?"
    rf"|(?P<day2>\d{{1,2}})(?!\d)(?:st|nd|rd|th)?\s+{_month_en.replace('month', 'month2')}(?:,?\s+(?P<year2>(?:19|20)\d\d))?"
    rf"|{_month_en.replace('month', 'month3')},?\s+(?P<year3>(?:19|20)\d\d)"
    r"|(?P<iso>(?:19|20)\d\d-\d{1,2}-\d{1,2})"
    r"|(?:in|since|from|by|of|until|early|late|mid-?|end of)\s+(?P<year4>(?:19|20)\d\d)"
    rf"|(?:in|since|early|late|mid-?|end of)\s+{_month_en.replace('month', 'month5')}(?![\w.])(?!,?\s+\d)"
    r"|(?P<relative>last month|last year|this year|this month|earlier this year|yesterday|today)"
    r"|(?:on\s+|(?P<last>last)\s+)?(?P<weekday>monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
    r")",
    re.IGNORECASE,
)
DATE_KO = re.compile(
    r"(?<![\d.,])(?:(?P<year>(?:19|20)\d\d)년\s?|(?P<rel_year>지난해|작년|올해|금년|지난 ?해)\s?)?"
    r"(?:(?P<month>\d{1,2})월\s?|(?P<rel_month>지난달|이달|이번 달|지난 달)\s?)?"
    r"(?:(?P<day>\d{1,2})일|(?P<rel_day>어제|오늘|그저께))?"
)
DATE_ZH = re.compile(
    r"(?<![\d.,])(?:(?P<year>(?:19|20)\d\d)年|(?P<rel_year>去年|今年|前年|昨年|本年))?"
    r"(?:(?P<month>\d{1,2})月|(?P<rel_month>上月|本月|上个月|今月|先月|当月))?"
    r"(?:(?P<day>\d{1,2})[日号]|(?P<rel_day>昨天|今天|当天|昨日|本日|前日))?"
)
KO_DAY_AFTER = re.compile(r"\d{1,2}일(?:\s?\((?:현지시간)\))?")
WEEKDAY_CJK = re.compile(
    r"(?P<ko>[월화수목금토일])요일|(?:星期|周|週)(?P<zh>[一二三四五六日天])|(?P<ja>[月火水木金土日])曜日?"
)


# "BEIJING, March 5 (Reuters) -": the day of the report, not of an event.
DATELINE_AFTER = re.compile(
    r"\s?(?:\((?:Reuters|AP|AFP|Yonhap|Xinhua|Kyodo|UPI|Bloomberg|KCNA)\)|\s?[-–—]\s)"
)


# "state media reported on Monday", "신화통신이 22일 보도했다", "1月17日报道", "7日、伝えた": when it
# was reported, not when it happened.
REPORTED_BEFORE_EN = re.compile(
    r"\b(?:said|says|reported|reports|told|wrote|quoted|added|stated|according to [^,.]{0,40})\s+(?:on\s+|last\s+)?$",
    re.IGNORECASE,
)
REPORTED_AFTER = {
    "ko": re.compile(r"\s?(?:\(현지시간\)\s?)?(?:보도|밝혔|전했|말했|발표했|보고했|전하|보도하|발\b|발\s)"),
    "zh": re.compile(r"\s?(?:报道|报导|电|讯|表示|透露|称|发布|消息)"),
    "ja": re.compile(r"\s?、?\s?(?:伝えた|報じた|明らかにした|述べた|報告した|伝え)"),
}


@dataclass
class FoundDate:
    start: int
    end: int
    date: datetime.date | None
    precision: str  # day, month, year, unknown


def _shift_month(year: int, month: int, months: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + months
    return index // 12, index % 12 + 1


def _resolve(year, month, day, published: datetime.date | None) -> tuple[datetime.date | None, str]:
    """A date from the parts the text gives (None where not given)."""
    if year is None:
        if published is None:
            return None, "unknown"
        year = published.year
        if month is not None and (month, day or 1) > (published.month, published.day):
            year -= 1
        if month is None and day is not None:
            month = published.month
            if day > published.day:
                year, month = _shift_month(year, month, -1)
    try:
        if month is None:
            return datetime.date(year, 1, 1), "year"
        if day is None:
            return datetime.date(year, month, 1), "month"
        return datetime.date(year, month, day), "day"
    except ValueError:
        return None, "unknown"


def _relative(word: str, published: datetime.date | None) -> tuple[datetime.date | None, str]:
    if published is None:
        return None, "unknown"
    word = word.lower().replace(" ", "")
    if word in ("lastmonth", "지난달", "上月", "上个月", "先月"):
        year, month = _shift_month(published.year, published.month, -1)
        return datetime.date(year, month, 1), "month"
    if word in ("thismonth", "이달", "이번달", "本月", "今月", "当月"):
        return published.replace(day=1), "month"
    if word in ("lastyear", "지난해", "작년", "去年", "昨年"):
        return datetime.date(published.year - 1, 1, 1), "year"
    if word in ("前年",):
        return datetime.date(published.year - 2, 1, 1), "year"
    if word in ("thisyear", "earlierthisyear", "올해", "금년", "今年", "本年"):
        return datetime.date(published.year, 1, 1), "year"
    if word in ("yesterday", "어제", "昨天", "昨日"):
        return published - datetime.timedelta(days=1), "day"
    if word in ("그저께", "前日"):
        return published - datetime.timedelta(days=2), "day"
    return published, "day"  # today, 오늘, 今天, 当天, 本日


def _weekday(
    weekday: int, published: datetime.date | None, *, last: bool = False
) -> tuple[datetime.date | None, str]:
    if published is None:
        return None, "unknown"
    # The last such day on or before publication ("said on Tuesday" in Wednesday's paper); "last
    # Friday" in Friday's paper is a week before.
    days = (published.weekday() - weekday) % 7
    return published - datetime.timedelta(days=days or (7 if last else 0)), "day"


def find_dates(text: str, language: str, published: datetime.date | None) -> list[FoundDate]:
    """Dates in `text` (a sentence), in text order."""
    if language == "en":
        return [
            d
            for d in (_english(m, published) for m in DATE_EN.finditer(text))
            if d and not DATELINE_AFTER.match(text, d.end) and not REPORTED_BEFORE_EN.search(text, 0, d.start)
        ]
    found = []
    regex = DATE_KO if language == "ko" else DATE_ZH
    reported_after = REPORTED_AFTER.get(language)
    for match in regex.finditer(text):
        if match.end() == match.start():
            continue
        if reported_after and reported_after.match(text, match.end()):
            continue  # "신화통신이 22일 보도했다": the day of the report
        found.append(_cjk(match, published))
    for match in WEEKDAY_CJK.finditer(text):
        key = match.group("ko") or match.group("zh") or match.group("ja")
        date, precision = _weekday(WEEKDAYS_CJK[key], published)
        found.append(FoundDate(match.start(), match.end(), date, precision))
    return sorted(found, key=lambda d: d.start)


def _month_number(name: str | None) -> int | None:
    return (
        MONTHS_EN.get(name.lower().rstrip(".")[: 4 if name.lower().startswith("sept") else 3])
        if name
        else None
    )


def _english(match, published) -> FoundDate | None:
    g = match.groupdict()
    if g["relative"]:
        date, precision = _relative(g["relative"], published)
    elif g["weekday"]:
        date, precision = _weekday(WEEKDAYS_EN[g["weekday"].lower()], published, last=bool(g["last"]))
    elif g["iso"]:
        year, month, day = map(int, g["iso"].split("-"))
        date, precision = _resolve(year, month, day, published)
    elif g["year4"]:
        date, precision = _resolve(int(g["year4"]), None, None, published)
    elif g["month5"]:
        date, precision = _resolve(None, _month_number(g["month5"]), None, published)
    else:
        month = _month_number(g["month"] or g["month2"] or g["month3"])
        day = g["day"] or g["day2"]
        year = g["year"] or g["year2"] or g["year3"]
        date, precision = _resolve(int(year) if year else None, month, int(day) if day else None, published)
    return FoundDate(match.start(), match.end(), date, precision)


def _cjk(match, published) -> FoundDate:
    g = match.groupdict()
    year = int(g["year"]) if g["year"] else None
    month = int(g["month"]) if g["month"] else None
    day = int(g["day"]) if g["day"] else None
    if not 1 <= (month or 1) <= 12 or not 1 <= (day or 1) <= 31:
        return FoundDate(match.start(), match.end(), None, "unknown")
    if g["rel_day"]:
        date, precision = _relative(g["rel_day"], published)
    elif g["rel_month"]:
        base, precision = _relative(g["rel_month"], published)
        if base and day:
            date, precision = _resolve(base.year, base.month, day, published)
        else:
            date = base
    elif g["rel_year"]:
        base, precision = _relative(g["rel_year"], published)
        if base and month:
            date, precision = _resolve(base.year, month, day, published)
        else:
            date = base
    else:
        date, precision = _resolve(year, month, day, published)
    return FoundDate(match.start(), match.end(), date, precision)


def nearest(dates: list[FoundDate], position: int, *, before_first: bool) -> FoundDate | None:
    """The date nearest a position; in languages that put the time before the verb, one before
    it wins over one after it at the same distance."""
    best, best_distance = None, None
    for found in dates:
        if found.end <= position:
            distance = position - found.end
        elif found.start >= position:
            distance = found.start - position + (40 if before_first else 0)
        else:
            distance = 0
        if best_distance is None or distance < best_distance:
            best, best_distance = found, distance
    return best
