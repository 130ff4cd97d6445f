"""Partners of a venture: their country, role and stake.

A partner's country comes, in this order, from an existing Organization it matches; from its own
name (a region of China, a North Korean place of the gazetteer, 조선/朝鲜/Korea…); from the words
written just before or after it ("Hong Kong’s", "North Korean delegates from the", "of the DPRK",
"랴오닝성의", "中国大连の", "훈춘시의"); else it is the other side of the North Korean partner the
sentence deals with ("…북한에 진출한 X", "与朝鲜合资的 X": Chinese).
"""

import re
from dataclasses import dataclass

from .words import (
    CHINESE_REGIONS,
    COUNTRY_WORDS,
    NAME_COUNTRY_MARKERS,
    NON_PARTY_WORDS,
    NORTH_KOREAN_FORMS,
    SIDE_WORDS,
)

_regions_en = "|".join(sorted(map(re.escape, CHINESE_REGIONS["en"]), key=len, reverse=True))
REGION_EN = re.compile(rf"\b(?:{_regions_en})\b", re.IGNORECASE)
REGION_CJK = re.compile(
    "|".join(sorted(map(re.escape, CHINESE_REGIONS["ko"] + CHINESE_REGIONS["zh"]), key=len, reverse=True))
)
COUNTRY_EN = [(re.compile(rf"\b(?:{p})(?![\w])", re.IGNORECASE), c) for p, c in COUNTRY_WORDS["en"]]
NON_PARTY_EN = re.compile(rf"\b(?:{NON_PARTY_WORDS['en']})", re.IGNORECASE)
# In Korean a country word is the partner's own only directly before it, bare or in the genitive
# ("중국 X", "중국의 X", "北 X"); "북한에 진출한 X" says where X went.
KO_COUNTRY_BEFORE = re.compile(
    r"(북한|조선|북측|중국|중측|한국|미국|일본|러시아|北|中)(?:의|\s|측의|측)\s?(?:[^\s]{1,12}\s)?$"
)
ZH_COUNTRY_BEFORE = re.compile(r"(朝鲜|北韩|中国|中共|韩国|日本|美国|俄罗斯)(?:的|・|·)?[^，。、的]{0,6}$")
OTHER_SIDE = {
    "en": re.compile(
        r"\b(?:in|into|with|to) (?:north korea|the north|the dprk|dprk|pyongyang)\b", re.IGNORECASE
    ),
    "ko": re.compile(r"(?:북한|北|북|조선)(?:에|과|와|측과|과의|와의|에서|으로|내)|대북"),
    "zh": re.compile(r"(?:与|同|和|在|对|赴|向|进入)(?:朝鲜|北韩|朝)|对朝|在朝"),
    "ja": re.compile(r"(?:北朝鮮|朝鮮|北韓|北)(?:に|と|で|へ|側と)|対北|訪朝"),
}


@dataclass
class Country:
    code: str  # CN, KP, XX, or "" when nothing tells
    why: str


def _country_words(text: str, language: str) -> str:
    if language == "en":
        hits = [(m.end(), code) for regex, code in COUNTRY_EN for m in regex.finditer(text)]
        hits += [(m.end(), "CN") for m in REGION_EN.finditer(text)]
    else:
        hits = [(m.end(), "CN") for m in REGION_CJK.finditer(text)]
        for word, code in COUNTRY_WORDS[
            "ja" if language == "ja" else language if language in COUNTRY_WORDS else "zh"
        ]:
            position = text.rfind(word)
            if position != -1:
                hits.append((position + len(word), code))
    return max(hits)[1] if hits else ""


def name_country(name: str, read_name: str, language: str, *, kp_places: bool) -> str:
    """The country a name itself shows, or ""."""
    if kp_places or name.endswith(NORTH_KOREAN_FORMS) or read_name.endswith(NORTH_KOREAN_FORMS):
        return "KP"
    if REGION_EN.search(name) or REGION_CJK.search(read_name) or REGION_CJK.search(name):
        return "CN"
    for code, markers in NAME_COUNTRY_MARKERS.items():
        if any(name.startswith(m) or read_name.startswith(m) for m in markers):
            return code
    return ""


def context_country(lead: str, tail: str, language: str) -> str:
    """The country the words just before (or "of …" after) a name give, or ""."""
    if tail:
        found = _country_words(tail, language)
        if found:
            return found
    if language == "en":
        clause = re.split(r"[;:()]|,\s|\band\b", lead)[-1] if lead else ""
        return _country_words(clause[-45:], language) if clause else ""
    if language == "ko":
        match = KO_COUNTRY_BEFORE.search(lead)
        if match:
            return _country_words(match.group(1), "ko")
        region = list(REGION_CJK.finditer(lead))
        if region and re.match(r"^[^\s]{0,8}(?:의|\s)", lead[region[-1].end() :] + " "):
            return "CN"
        return ""
    match = ZH_COUNTRY_BEFORE.search(lead)
    if match:
        return _country_words(match.group(1), "zh")
    region = list(REGION_CJK.finditer(lead))
    if region and len(lead) - region[-1].end() <= 6:
        return "CN"
    return ""


def other_side(sentence: str, language: str) -> str:
    """CN when the sentence says its subject dealt with North Korea ("진출한", "与朝鲜合资")."""
    regex = OTHER_SIDE.get(language)
    return "CN" if regex and regex.search(sentence) else ""


def is_non_party(name: str, language: str) -> bool:
    """Embassies, news agencies, the UN, intelligence services…: never a party to a venture."""
    if language == "en":
        return bool(NON_PARTY_EN.search(name))
    words = NON_PARTY_WORDS["ja" if language == "ja" else language if language in NON_PARTY_WORDS else "zh"]
    return any(word in name for word in words)


def role_for(country: str, *, organ: bool) -> str:
    if country == "CN":
        return "chinese_investor"
    if country == "KP":
        return "managing_organ" if organ else "north_korean_partner"
    return "other"


# --- stakes ----------------------------------------------------------------------------------
def _pct(n: int) -> str:
    return rf"(?P<value{n}>\d{{1,3}}(?:\.\d{{1,2}})?)\s?(?:%|％|percent|per cent|퍼센트|프로)"


STAKE = {
    "en": re.compile(
        rf"{_pct(4)}\s+(?P<after>owned|held|controlled)\s+by"
        rf"|{_pct(1)}(?:\s(?:stake|share|interest|equity|of the (?:shares|stock|equity|capital)|controlling))"
        rf"|(?:stake|share|interest|equity) of {_pct(2)}"
        rf"|(?:holds?|holding|held|owns?|owning|controls?|controlling|has|have|having|takes?|taking|with)\s+(?:an?\s+)?{_pct(3)}",
        re.IGNORECASE,
    ),
    "ko": re.compile(
        rf"(?:지분(?:율)?|자본금|출자 ?비율|출자금)\s?(?:을|은|이|의)?\s?{_pct(1)}|{_pct(2)}\s?(?:의|씩을|씩|를|을)?\s?(?:지분|출자|투자)"
    ),
    "zh": re.compile(
        rf"(?:占股|持股|股比|股份|股权|出资比例|出资|各占|占)\s?(?:比例)?(?:为|达)?\s?{_pct(1)}|{_pct(2)}\s?(?:的)?(?:股份|股权|股)"
    ),
    "ja": re.compile(
        rf"(?:出資比率|株式|持ち株|出資)\s?(?:は|の|が)?\s?{_pct(1)}|{_pct(2)}\s?(?:の)?(?:株式|株|出資|を出資)"
    ),
}
# A stake written with its side: "중국 측 51%, 북한 측 49%", "中方占股51%", "中国側が49%", "51% for the Chinese side".
SIDE_STAKE = {
    "en": re.compile(
        r"(?P<v1>\d{1,3}(?:\.\d{1,2})?)\s?(?:%|percent|per cent) (?:for|to|by) the (?P<s1>Chinese|North Korean|Korean) (?:side|partner)"
        r"|the (?P<s2>Chinese|North Korean|Korean) (?:side|partner) (?:holds?|owns?|has|with|takes?) (?:an? )?(?P<v2>\d{1,3}(?:\.\d{1,2})?)\s?(?:%|percent|per cent)",
        re.IGNORECASE,
    ),
    "ko": re.compile(
        r"(?P<s1>중국|북한|북|중|조선)\s?측(?:이|은|의|가)?\s?(?:지분\s?)?(?P<v1>\d{1,3}(?:\.\d{1,2})?)\s?%"
    ),
    "zh": re.compile(
        r"(?P<s1>中方|朝方)(?:占股|持股|出资|占|持有|拥有)?(?:比例)?(?:为)?\s?(?P<v1>\d{1,3}(?:\.\d{1,2})?)\s?%"
    ),
    "ja": re.compile(
        r"(?P<s1>中国側|北朝鮮側|朝鮮側|北側)(?:が|は|の)?\s?(?P<v1>\d{1,3}(?:\.\d{1,2})?)\s?[%％]"
    ),
}
SIDE_CODES = {
    "chinese": "CN",
    "north korean": "KP",
    "korean": "KP",
    "중국": "CN",
    "중": "CN",
    "북한": "KP",
    "북": "KP",
    "조선": "KP",
    "中方": "CN",
    "朝方": "KP",
    "中国側": "CN",
    "北朝鮮側": "KP",
    "朝鮮側": "KP",
    "北側": "KP",
}
EACH = re.compile(r"씩|各占|各|each|apiece|ずつ")
FIFTY_FIFTY = re.compile(r"50\s?(?::|대|対|对|-|/)\s?50|fifty-fifty")


@dataclass
class Stake:
    start: int
    end: int
    value: float
    each: bool = False
    after: bool = False  # the holder is named after the figure ("55% owned by …")
    side: str = ""  # the side the text gives with the figure ("중국 측 51%")


def find_stakes(sentence: str, language: str) -> list[Stake]:
    stakes = []
    for match in SIDE_STAKE[language].finditer(sentence) if language in SIDE_STAKE else ():
        groups = match.groupdict()
        value = float(groups.get("v1") or groups.get("v2") or 0)
        side = SIDE_CODES.get((groups.get("s1") or groups.get("s2") or "").lower(), "")
        if 0 < value <= 100 and side:
            stakes.append(Stake(match.start(), match.end(), value, side=side))
    regex = STAKE.get(language, STAKE["en"])
    for match in regex.finditer(sentence):
        if any(s.start <= match.start() < s.end or match.start() <= s.start < match.end() for s in stakes):
            continue
        written = next((v for k, v in match.groupdict().items() if k.startswith("value") and v), "0")
        value = float(written)
        if not 0 < value <= 100:
            continue
        each = bool(EACH.search(sentence[match.start() : match.end() + 4]))
        stakes.append(
            Stake(match.start(), match.end(), value, each, after=bool(match.groupdict().get("after")))
        )
    fifty = FIFTY_FIFTY.search(sentence)
    if fifty and not stakes:
        stakes.append(Stake(fifty.start(), fifty.end(), 50.0, each=True))
    return stakes


def side_before(
    sentence: str, position: int, language: str, *, after: bool = False
) -> tuple[str, int] | None:
    """The unnamed side (country, where) nearest before a position ("Chinese investors own 51%"),
    or nearest after it."""
    best = None
    window = sentence[max(0, position - 60) : position] if not after else sentence[position : position + 60]
    offset = max(0, position - 60) if not after else position
    if after:
        for pattern, code in SIDE_WORDS.get(language, SIDE_WORDS["en"]):
            match = re.search(pattern, window, re.IGNORECASE) if language == "en" else None
            where = match.start() if match else (window.find(pattern) if language != "en" else -1)
            if where != -1 and (best is None or where + offset < best[1]):
                best = (code, where + offset)
        return best
    for pattern, code in SIDE_WORDS.get(language, SIDE_WORDS["en"]):
        if language == "en":
            hits = [(m.start(), m.end()) for m in re.finditer(pattern, window, re.IGNORECASE)]
        else:
            hits = [(m.start(), m.end()) for m in re.finditer(re.escape(pattern), window)]
        for start, end in hits:
            if _is_object(window, start, end, language):
                continue
            if best is None or end + offset > best[1]:
                best = (code, end + offset)
    return best


OBJECT_BEFORE = {
    "en": re.compile(r"\b(?:with|in|into|to|from)\s+(?:the\s+)?$", re.IGNORECASE),
    "zh": re.compile(r"[与和同跟对向在赴从]$"),
}
OBJECT_AFTER = {
    "ko": re.compile(r"^(?:와|과|에|에서|으로|로|과의|와의)"),
    "ja": re.compile(r"^(?:と|に|へ|で|から)"),
}


def _is_object(window: str, start: int, end: int, language: str) -> bool:
    """A side named as the other party or a place ("与朝鲜合资", "북한과", "北朝鮮に", "with North Korea"),
    not as the one the sentence says something of."""
    before = OBJECT_BEFORE.get(language)
    after = OBJECT_AFTER.get(language)
    return bool(
        (before and before.search(window[max(0, start - 12) : start]))
        or (after and after.match(window[end : end + 3]))
    )
