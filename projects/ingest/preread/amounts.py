"""Sums of money in a sentence, and whether one is an investment (capital put into a venture).

Amounts are written in figures, words or both: "$120 million", "US$3bn", "two billion yuan",
"45 million euros", "5천만위안", "30억위안", "1500만 달러", "2500万ユーロ", "15億ドル",
"人民币8000万元", "51억8,000만弗". Currencies are ISO 4217 codes. A sum that is not capital put into
the venture (a profit, sales, exports, trade, earnings, money embezzled) is not an investment.

Every pattern here is linear: bounded repetitions, no nested quantifiers.
"""

import re
from dataclasses import dataclass
from decimal import Decimal

# fmt: off
# --- English ---------------------------------------------------------------------------------
SMALL_NUMBER_WORDS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
    "half a": 0.5,
}
SCALES_EN = {
    "thousand": 10**3,
    "k": 10**3,
    "million": 10**6,
    "mn": 10**6,
    "mln": 10**6,
    "m": 10**6,
    "billion": 10**9,
    "bn": 10**9,
    "b": 10**9,
    "trillion": 10**12,
    "tn": 10**12,
}
CURRENCY_BEFORE_EN = {
    "us$": "USD",
    "usd": "USD",
    "$": "USD",
    "hk$": "HKD",
    "hkd": "HKD",
    "rmb": "CNY",
    "cny": "CNY",
    "yuan": "CNY",
    "€": "EUR",
    "eur": "EUR",
    "£": "GBP",
    "gbp": "GBP",
    "jpy": "JPY",
    "krw": "KRW",
}
CURRENCY_AFTER_EN = {
    "us dollars": "USD",
    "u.s. dollars": "USD",
    "american dollars": "USD",
    "dollars": "USD",
    "dollar": "USD",
    "usd": "USD",
    "yuan": "CNY",
    "renminbi": "CNY",
    "rmb": "CNY",
    "cny": "CNY",
    "euros": "EUR",
    "euro": "EUR",
    "eur": "EUR",
    "yen": "JPY",
    "won": "KRW",
    "pounds": "GBP",
    "hk dollars": "HKD",
    "hong kong dollars": "HKD",
}
_words = "|".join(sorted((re.escape(w) for w in SMALL_NUMBER_WORDS), key=len, reverse=True))
_figure = r"\d{1,3}(?:,\d{3}){1,4}(?:\.\d{1,4})?|\d{1,12}(?:\.\d{1,4})?"
_number_en = rf"(?:{_figure}|(?:{_words})(?:[- ](?:{_words})){{0,2}})"
_scale = r"(?:thousand|million|mn|mln|billion|bn|trillion|tn|k|m|b)"
_before = r"(?:US\$|HK\$|\$|€|£|USD|HKD|RMB|CNY|EUR|GBP|JPY|KRW|yuan)"
_after = (
    r"(?:U\.?S\.? dollars|American dollars|Hong Kong dollars|HK dollars|dollars?|yuan|renminbi|RMB|"
    r"CNY|USD|euros?|EUR|yen|won|pounds)"
)
AMOUNT_EN = re.compile(
    rf"(?<![\w$€£])(?:(?P<cur1>{_before})\s?(?P<num1>{_figure})(?:\s?(?P<scale1>{_scale})\b)?"
    rf"|(?P<num2>{_number_en})(?:[\s-](?P<scale2>{_scale})\b)?\s(?P<cur2>{_after})\b)",
    re.IGNORECASE,
)

# --- Korean, Chinese, Japanese ---------------------------------------------------------------
CJK_DIGITS = {
    "〇": 0,
    "零": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "兩": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
SMALL_UNITS = {"십": 10, "十": 10, "백": 100, "百": 100, "천": 1000, "千": 1000}
BIG_UNITS = {
    "만": 10**4,
    "万": 10**4,
    "萬": 10**4,
    "억": 10**8,
    "亿": 10**8,
    "億": 10**8,
    "조": 10**12,
    "兆": 10**12,
}
APPROXIMATE = "여餘余多"
VAGUE = "几幾数數수몇"
CURRENCY_CJK = {
    "달러": "USD",
    "불": "USD",
    "弗": "USD",
    "위안": "CNY",
    "유로": "EUR",
    "엔": "JPY",
    "원": "KRW",
    "미국 달러": "USD",
    "미화": "USD",
    "美元": "USD",
    "美金": "USD",
    "人民币": "CNY",
    "元": "CNY",
    "欧元": "EUR",
    "日元": "JPY",
    "港元": "HKD",
    "港币": "HKD",
    "韩元": "KRW",
    "ドル": "USD",
    "米ドル": "USD",
    "人民元": "CNY",
    "ユーロ": "EUR",
    "円": "JPY",
    "ウォン": "KRW",
    "香港ドル": "HKD",
}
_cur_cjk = "|".join(sorted(map(re.escape, CURRENCY_CJK), key=len, reverse=True))
_cjk_number = r"[\d,.〇零一二两兩三四五六七八九十百千万萬亿億兆십백천만억조여餘余多几幾数數수몇]"
AMOUNT_CJK = re.compile(
    rf"(?:(?P<pre>\$|US\$|USD|人民币|美元|RMB)\s?)?"
    rf"(?P<num>\d{{1,12}}(?:[,.]\d{{1,4}}){{0,4}}(?:\s?{_cjk_number}){{0,12}}|{_cjk_number}{{1,16}})"
    rf"\s?(?P<cur>{_cur_cjk})"
)
PRE_CURRENCY_CJK = {"$": "USD", "US$": "USD", "USD": "USD", "人民币": "CNY", "美元": "USD", "RMB": "CNY"}


def parse_cjk_number(written: str) -> Decimal | None:
    """The value of a number written with figures and Hangul or Han units ("51억8,000만", "三千万")."""
    text = "".join(c for c in written if c not in ", " and c not in APPROXIMATE)
    if not text or any(c in VAGUE for c in text):
        return None
    total, section, current = Decimal(0), Decimal(0), None
    position = 0
    while position < len(text):
        char = text[position]
        if char.isdigit() or char == ".":
            end = position
            while end < len(text) and (text[end].isdigit() or text[end] == "."):
                end += 1
            try:
                current = Decimal(text[position:end])
            except ArithmeticError:
                return None
            position = end
            continue
        if char in CJK_DIGITS:
            current = Decimal(CJK_DIGITS[char])
        elif char in SMALL_UNITS:
            section += (current if current is not None else 1) * SMALL_UNITS[char]
            current = None
        elif char in BIG_UNITS:
            section += current or 0
            total += (section or 1) * BIG_UNITS[char]
            section, current = Decimal(0), None
        else:
            return None
        position += 1
    value = total + section + (current or 0)
    return value if value > 0 else None


def _english_number(written: str) -> Decimal | None:
    written = written.lower().strip()
    if written[0].isdigit():
        return Decimal(written.replace(",", ""))
    value, current = Decimal(0), Decimal(0)
    for word in re.split(r"[- ]", written):
        number = SMALL_NUMBER_WORDS.get(word)
        if number is None:
            continue
        if number == 100:
            current = (current or 1) * 100
        else:
            current += Decimal(str(number))
    value += current
    return value or None


@dataclass
class Amount:
    start: int
    end: int
    value: Decimal
    currency: str

    @property
    def amount(self) -> str:
        text = format(
            self.value.quantize(Decimal(1)) if self.value == self.value.to_integral() else self.value, "f"
        )
        return text


def find_amounts(text: str, language: str) -> list[Amount]:
    """Every sum of money in `text` (a sentence), in text order."""
    found = []
    if language == "en" or re.search(r"[$€£]|\b(?:dollars?|yuan|euros?|RMB|USD)\b", text, re.IGNORECASE):
        for match in AMOUNT_EN.finditer(text):
            found.append(_english_amount(match))
    if language != "en":
        taken = [(a.start, a.end) for a in found if a]
        for match in AMOUNT_CJK.finditer(text):
            if any(s < match.end() and match.start() < e for s, e in taken):
                continue
            found.append(_cjk_amount(match, language))
    return sorted((a for a in found if a), key=lambda a: a.start)


def _english_amount(match) -> Amount | None:
    if match.group("num1"):
        number, scale, currency = match.group("num1"), match.group("scale1"), match.group("cur1")
        code = CURRENCY_BEFORE_EN.get(currency.lower())
    else:
        number, scale, currency = match.group("num2"), match.group("scale2"), match.group("cur2")
        code = CURRENCY_AFTER_EN.get(re.sub(r"\s+", " ", currency.lower()))
        if code is None and currency.lower().endswith("dollars"):
            code = "USD"
    value = _english_number(number)
    if value is None or code is None:
        return None
    if scale:
        value *= SCALES_EN[scale.lower()]
    return Amount(match.start(), match.end(), value, code)


def _cjk_amount(match, language: str) -> Amount | None:
    value = parse_cjk_number(match.group("num"))
    if value is None:
        return None
    code = CURRENCY_CJK[match.group("cur")]
    if match.group("pre"):
        code = PRE_CURRENCY_CJK.get(match.group("pre"), code) if match.group("cur") == "元" else code
    if match.group("cur") == "円" or (match.group("cur") == "엔" and language == "ko"):
        code = "JPY"
    return Amount(match.start(), match.end(), value, code)


# --- is it an investment? --------------------------------------------------------------------
INVESTMENT_CUES = {
    "en": re.compile(
        r"invest\w*|capital|fund(?:s|ing|ed)?\b|inject\w*|put (?:in|into)|worth|valued|financ\w*|commit\w*|pledg\w*|"
        r"(?:joint venture|venture|factory|plant|project|company|mine|complex|deal|agreement)\b",
        re.IGNORECASE,
    ),
    "ko": re.compile(r"투자|투입|출자|자본|자금|합작|합영|공장|사업비|규모의 (?:계약|협약|사업)|상당의"),
    "zh": re.compile(r"投资|投入|注资|出资|资本|资金|注册资本|价值|合资|合营|项目|协议|工厂"),
    "ja": re.compile(r"投資|投入|出資|資本|資金|合弁|事業費|規模の|工場|協定|相当の|持ち込"),
}
NOT_INVESTMENT_CUES = {
    "en": re.compile(
        r"profit|revenue|sales|sold|export|import|trade|earn|raked|embezzl|turnover|income|"
        r"salar|wage|fine[ds]?\b|loans?\b|debts?\b|\baid\b|gambl|volume",
        re.IGNORECASE,
    ),
    "ko": re.compile(
        r"수출|수입액|수입은|수입이|교역|무역액|매출|이익|수익|벌어|외화|횡령|임금|차관|원조|적자|흑자|거래액"
    ),
    "zh": re.compile(r"出口|进口|贸易|交易额|销售|利润|收入|营业额|外汇|挪用|贪污|工资|援助|贷款|逆差|顺差"),
    "ja": re.compile(r"輸出|輸入|貿易|交易|販売|利益|収益|売上|外貨|横領|賃金|援助|借款|赤字|黒字|漁業権"),
}
CLAUSE_BREAK = re.compile(r"[;；。]|,\s(?:while|but|and)\s|，")


def is_investment(sentence: str, amount: Amount, language: str) -> bool:
    """Whether `amount` in `sentence` is capital put into a venture (not a profit, sales, exports…)."""
    lang = language if language in INVESTMENT_CUES else "en"
    start, end = amount.start, amount.end
    # The clause around the amount.
    left = max((m.end() for m in CLAUSE_BREAK.finditer(sentence, 0, start)), default=0)
    following = CLAUSE_BREAK.search(sentence, end)
    right = following.start() if following else len(sentence)
    clause = sentence[left:right]
    if NOT_INVESTMENT_CUES[lang].search(clause):
        return False
    return bool(INVESTMENT_CUES[lang].search(clause))

# fmt: on
