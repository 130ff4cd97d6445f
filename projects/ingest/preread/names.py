"""Organization names in a sentence, as written, per language.

- English: a run of capitalised words ending in an organizational noun ("… Trading Corporation",
  "… Co., Ltd."), or "Ministry of …"; possessives and leading country words are not part of the
  name ("Hong Kong’s Emperor Group" is "Emperor Group", from Hong Kong); "… of the DPRK" neither.
- Korean: the word ending in a legal form or organizational noun (회사, 공사, 그룹, 집단, 상사, 위원회,
  ministries in 성…), with the particle after it removed, Hanja in brackets kept ("둥린(東林)무역공사"),
  and the words before it that belong to it ("나선시 인민위원회 경제협력회사"); "유한회사 X" is X.
- Chinese and Japanese: the run of characters before a legal form (公司, 集团, 会社, グループ…) back to
  a punctuation mark or a function word (的, 与, の, と…).

A name that is only a description ("汽车公司", "a car company", "该公司") is no name. Each finder is
linear in the sentence (bounded windows, no nested repetition).
"""

import re
from dataclasses import dataclass, field

from .words import (
    CHINESE_REGIONS,
    GENERIC_STEMS,
    MINISTRY_STEMS,
    ORGANIZATION_NOUNS_EN,
    ORGANIZATION_SUFFIXES,
)

MAX_NAME_CHARS = 80


@dataclass
class Name:
    start: int  # in the sentence
    end: int
    name: str
    lead: str = ""  # words removed before the name (possessives, country words): evidence of country
    tail: str = ""  # "of the DPRK", "in Yanbian": evidence of country
    joint: bool = False  # the name is a joint venture's own name
    unnamed: bool = False  # "上海某公司", "a Chinese private firm": a party the text does not name
    organ: bool = False  # a ministry, committee or bureau
    alternates: list[str] = field(default_factory=list)


# --- English ---------------------------------------------------------------------------------
_cap = r"(?:[A-Z][\w’'&.\-]{0,40}|\([A-Z][\w’' ]{0,30}\)|#\d{1,4})"
NAME_EN = re.compile(
    rf"(?:{_cap}\s+(?:(?:of|and|the|for|&)\s+){{0,3}}){{0,8}}(?:{ORGANIZATION_NOUNS_EN})(?![\w’'])"
    r"(?:,?\s+(?:Co\.,?\s+)?Ltd\.?)?"
    r"(?P<tail>\s+(?:of|in)\s+(?:the\s+)?(?:[A-Z][\w’'-]{0,30})(?:[\s-][A-Z][\w’'-]{0,30}){0,2})?"
)
ORGAN_OF_EN = re.compile(
    r"(?:Ministry|Bureau|Department|Commission|Committee|Administration|Office) of (?:the )?"
    r"[A-Z][\w’'-]{0,30}(?:\s+(?:and\s+|&\s+|of\s+)?[A-Z][\w’'-]{0,30}){0,5}"
)
LEADING_EN = re.compile(
    r"^(?:(?:the|a|an|according|to|in|on|at|by|for|from|with|under|and|of|as|while|its|their|this|that|"
    r"chinese|north|south|korean|korea's|korea’s|dprk|prc|china's|china’s|prc's|prc’s|state-run|state-owned|"
    r"private|large|major|local|both|two|three|said|today|yesterday|last|new|first|second|via|also|meanwhile|"
    r"however|separately|elsewhere|besides|then|now)\s+)+",
    re.IGNORECASE,
)
ORGAN_NOUN_EN = re.compile(r"\b(?:Ministry|Bureau|Department|Commission|Committee|Administration|Office)\b")
JOINT_EN = re.compile(r"Joint Venture|\bJV\b", re.IGNORECASE)
BARE_NOUNS_EN = re.compile(rf"^(?:(?:{ORGANIZATION_NOUNS_EN})\s*)+$")
TAIL_COUNTRY_EN = re.compile(
    r"^\s+of\s+(?:the\s+)?(?:DPRK|China|PRC|North Korea|Korea)\b|^\s+in\s+", re.IGNORECASE
)


ENDS_IN_NOUN_EN = re.compile(rf"(?:{ORGANIZATION_NOUNS_EN})$")
JOINED_EN = re.compile(r",?\s+(?:and|&)\s+(?:the\s+|a\s+)?")


def _pieces(match) -> list[tuple[int, int, str]]:
    """A run of capitalised words may be two names joined by "and": "X Corporation and the Y Company"."""
    start, end = match.start(), match.end()
    tail_start = match.start("tail") if match.re is NAME_EN and match.group("tail") else end
    pieces, position = [], start
    for joint in JOINED_EN.finditer(match.string, start, tail_start):
        if ENDS_IN_NOUN_EN.search(match.string[position : joint.start()]):
            pieces.append((position, joint.start(), ""))
            position = joint.end()
    pieces.append((position, end, match.group("tail") or "" if match.re is NAME_EN else ""))
    return pieces


def _english(sentence: str) -> list[Name]:
    names = []
    for regex in (NAME_EN, ORGAN_OF_EN):
        for match in regex.finditer(sentence):
            for number, (start, end, tail) in enumerate(_pieces(match)):
                if number and not ENDS_IN_NOUN_EN.search(sentence[start:end].rstrip(" ,")) and not tail:
                    continue
                name = _english_name(sentence, match, start, end, tail, organ_of=regex is ORGAN_OF_EN)
                if name:
                    names.append(name)
    return _without_overlaps(names)


def _english_name(sentence, match, start, end, tail_text, *, organ_of) -> Name | None:
    tail = ""
    if tail_text:
        if TAIL_COUNTRY_EN.match(tail_text):
            tail = tail_text
            end -= len(tail_text)
        elif not re.match(r"\s+of\s+(?:the\s+)?[A-Z]", tail_text):
            # "Ministry of Power…" style tails belong to the name; other "of"s end it.
            end -= len(tail_text)
    text = sentence[start:end]
    # A possessive cuts what comes before it: "Hong Kong’s Emperor Group", "Party’s Finance…".
    lead = ""
    cut = max(text.rfind("’s "), text.rfind("'s "))
    if cut != -1:
        lead, start, text = text[: cut + 3], start + cut + 3, text[cut + 3 :]
    stripped = LEADING_EN.match(text)
    if stripped:
        lead += stripped.group(0)
        start += stripped.end()
        text = text[stripped.end() :]
    text = text.rstrip(" ,")
    if not text or len(text) > MAX_NAME_CHARS or BARE_NOUNS_EN.match(text):
        return None
    if len(text.split()) < 2 and not organ_of:
        return None
    return Name(
        start,
        start + len(text),
        text,
        lead=(sentence[max(0, start - len(lead) - 40) : start - len(lead)] + lead),
        tail=tail,
        joint=bool(JOINT_EN.search(text)),
        organ=bool(ORGAN_NOUN_EN.search(text)),
    )


# --- Korean ----------------------------------------------------------------------------------
KO_SUFFIXES = sorted(ORGANIZATION_SUFFIXES["ko"], key=len, reverse=True)
KO_JOINT = ("합영회사", "합영공사", "합작회사", "합자회사", "합영기업")
KO_ORGAN = ("위원회", "총국", "관리국", "성")
# fmt: off
PARTICLES_KO = sorted(
    ["은", "는", "이", "가", "을", "를", "의", "와", "과", "에", "에서", "로", "으로", "도", "만", "측", "측은", "측이",
     "측과", "측의", "과의", "와의", "에게", "이다", "인", "이며", "이고", "로부터", "으로부터", "까지", "부터", "처럼",
     "를비롯해", "등", "등과", "등의", "등이", "등을"],
    key=len,
    reverse=True,
)
# fmt: on
TOKEN_KO = re.compile(r"[^\s,.·、]{1,60}")
QUOTES = "‘’“”'\"「」『』《》<>〈〉[]"
BRACKET_HANGUL = re.compile(r"\(([^)]*[가-힣][^)]*)\)")
REGION_GENITIVE_KO = re.compile(r"^(.{1,12}?(?:성|시|도|구|현|주))의(?=[가-힣])")
MODIFIER_KO = re.compile(r"(?:시|도|군|성|구역|위원회|인민위|위|국|부|총국|그룹|집단|\))$")


def _strip_particle(word: str) -> str:
    for particle in PARTICLES_KO:
        if word.endswith(particle) and len(word) > len(particle) + 1:
            candidate = word[: -len(particle)]
            if _ko_suffix(candidate):
                return candidate
    return word


KO_SUFFIX_AT_END = re.compile("(" + "|".join(map(re.escape, KO_SUFFIXES)) + r")(?:\(그룹\))?$")


def _ko_suffix(word: str) -> str:
    core = BRACKET_HANGUL.sub("", word)
    core = re.sub(r"\([^)]*\)$", "", core) if not core.endswith(("(그룹)", "(集團)")) else core
    match = KO_SUFFIX_AT_END.search(core)
    if match:
        return match.group(1)
    if core.endswith("성") and (
        core[:-1].endswith(MINISTRY_STEMS) or (core.startswith("국가") and len(core) >= 4)
    ):
        return "성"
    return ""


VERB_ENDINGS_KO = (
    "해",
    "하여",
    "하고",
    "한",
    "된",
    "하는",
    "되는",
    "했",
    "고",
    "며",
    "서",
    "면",
    "던",
    "된",
    "할",
    "될",
    "인",
)
DESCRIPTION_BEFORE_KO = frozenset(("한", "이", "그", "해당", "어느", "모", "같은", "이번", "새", "두"))
JV_OR_COUNTRY_KO = frozenset(("합작", "합영", "합자", "中", "北", "중국", "북한", "북중", "北中"))
QUOTED_AFTER_COUNTRY_KO = re.compile(
    r"(?:중국|북한|조선)의 [‘'“\"]([^’'”\"]{2,20})[’'”\"]\s?(?:전자|그룹|사|측)?(?=[와과가는은이의를을]|\s)"
)


def _korean(sentence: str) -> list[Name]:
    tokens = [(m.start(), m.group(0)) for m in TOKEN_KO.finditer(sentence)]
    names = []
    # "중국의 ‘판다’ 전자와 합작": a name in quotes after a country in the genitive.
    for match in QUOTED_AFTER_COUNTRY_KO.finditer(sentence):
        names.append(
            Name(
                match.start(1),
                match.end(1),
                match.group(1),
                lead=sentence[max(0, match.start() - 20) : match.start(1)],
            )
        )
    for index, (position, raw) in enumerate(tokens):
        word = raw.strip(QUOTES)
        offset = position + raw.index(word[0]) if word else position
        if not word:
            continue
        if word in ("유한회사", "주식회사") and index + 1 < len(tokens):
            following = tokens[index + 1][1].strip(QUOTES)
            bare = following
            for particle in PARTICLES_KO:
                if bare.endswith(particle) and len(bare) > len(particle) + 1:
                    bare = bare[: -len(particle)]
                    break
            if len(bare) >= 2:
                names.append(Name(tokens[index + 1][0], tokens[index + 1][0] + len(bare), bare))
            continue
        # "지린(吉林)성의백산연초합영공사": a region in the genitive before the name, without a space.
        lead = ""
        genitive = REGION_GENITIVE_KO.match(word)
        if genitive:
            lead, offset, word = genitive.group(0), offset + genitive.end(), word[genitive.end() :]
        # "지린연초공업유한회사(옌지담배공장)": two names.
        alternates = []
        bracket = BRACKET_HANGUL.search(word)
        if bracket and bracket.group(1) not in KO_SUFFIXES and _ko_suffix(word[: bracket.start()]):
            alternates.append(bracket.group(1))
            word = word[: bracket.start()]
        word = _strip_particle(word.rstrip(QUOTES)).rstrip(QUOTES)
        suffix = _ko_suffix(word)
        if not suffix:
            continue
        stem = word[: len(word) - len(suffix)] if word.endswith(suffix) else word
        bare = len(word) <= len(suffix)  # "청진시 인민위원회 무역회사": the name is in the words before
        if stem in GENERIC_STEMS["ko"] and not bare:
            continue
        start, end = offset, offset + len(word)
        previous_word = tokens[index - 1][1] if index else ""
        if previous_word in DESCRIPTION_BEFORE_KO:
            continue  # "한 신발공장", "이 회사": a description
        if suffix == "공장" and previous_word in JV_OR_COUNTRY_KO:
            continue  # "中 합작 신발공장": a description
        # Words before it that belong to the name: "나선시 인민위원회 경제협력회사".
        back = index - 1
        while back >= 0 and index - back <= 3 and not lead:
            previous = tokens[back][1].strip(QUOTES)
            if not previous or not MODIFIER_KO.search(previous) or previous in ("북한", "중국", "조선"):
                break
            start = tokens[back][0] + tokens[back][1].index(previous[0])
            back -= 1
        if bare and back == index - 1 and index and not lead:
            # "청진대흥 무역회사": the name, then its legal form as a word of its own.
            previous = tokens[index - 1][1].strip(QUOTES)
            if (
                suffix in ("무역회사", "무역공사", "회사", "공사", "그룹", "상사", "총회사")
                and not previous.endswith(VERB_ENDINGS_KO)
                and len(previous) >= 3
                and previous not in DESCRIPTION_BEFORE_KO
                and previous not in JV_OR_COUNTRY_KO
                and previous not in GENERIC_STEMS["ko"]
                and not previous.endswith(tuple(PARTICLES_KO))
                and re.fullmatch(r"[가-힣A-Za-z0-9()\u4e00-\u9fff]+", previous)
            ):
                start = tokens[index - 1][0] + tokens[index - 1][1].index(previous[0])
                back = index - 2
        if bare and back == index - 1:
            continue
        name = sentence[start:end]
        if len(name) > MAX_NAME_CHARS:
            continue
        names.append(
            Name(
                start,
                end,
                name,
                lead=sentence[max(0, start - 20) : start] + lead,
                joint=suffix in KO_JOINT,
                organ=suffix in KO_ORGAN,
                alternates=[a for a in alternates if _ko_suffix(a)],
            )
        )
        for alternate in names[-1].alternates:
            where = sentence.find(alternate, end)
            if where != -1:
                names.append(
                    Name(where, where + len(alternate), alternate, lead=sentence[max(0, start - 20) : start])
                )
    return _without_overlaps(names)


# --- Chinese and Japanese ----------------------------------------------------------------------
ZH_SUFFIXES = sorted(ORGANIZATION_SUFFIXES["zh"], key=len, reverse=True)
JA_SUFFIXES = sorted(ORGANIZATION_SUFFIXES["ja"], key=len, reverse=True)
CJK_JOINT = ("合营公司", "合资公司", "合营会社", "合营企业", "合资企业", "合弁会社", "合営会社", "合弁企業")
CJK_ORGAN = (
    "委员会",
    "委員会",
    "管理局",
    "总局",
    "総局",
    "工業省",
    "貿易省",
    "外務省",
    "鉄道省",
    "水産省",
    "農業省",
)
BOUNDARY_ZH = set(
    "的与和同跟在由是了将对向从把被及并、，。；：“”‘’「」《》〈〉 \t\n,.;:!?！？等为于给让使其这那此该有像如样"
)
BOUNDARY_JA = set("のとがはをにでへもや、。・「」『』（）“”‘’ \t\n,.;:!?！？")
SUFFIX_ZH = re.compile("|".join(map(re.escape, ZH_SUFFIXES)))
SUFFIX_JA = re.compile("|".join(map(re.escape, JA_SUFFIXES)))
NAME_CHAR_ZH = re.compile(r"[\u4e00-\u9fff()（）A-Za-z]")
NAME_CHAR_JA = re.compile(r"[\u4e00-\u9fff\u30a0-\u30ffー々()（）A-Za-z]")


STEM_BREAK = re.compile(
    "合资成立|合资组建|合营成立|成立|设立|组建|创办|建立|签约|签署|签订|宣布|表示|透露|报道|获悉|据悉|包括|以及|通过|根据|"
    "按照|設立|合弁で|另一家|一家|这家|那家|撤资|撤出|撤离|进驻|入驻|企业(?!所)"
)
FACTORY_SUFFIXES = ("厂", "工厂", "工場")
# A factory is a name when it starts with where it is ("上海亚明灯泡厂"); "水产品加工厂" is a description.
REGION_START = re.compile("|".join(sorted(CHINESE_REGIONS["zh"] + ["朝鲜", "平壤"], key=len, reverse=True)))
JV_IN = re.compile(r"合资|合营|合作|合办|合弁|合営|合辦")
JV_BEFORE = re.compile(r"(?:合资|合营|合作|合弁|合営|中朝|朝中)(?:的|の)?$")


def _cjk(sentence: str, read: str, language: str) -> list[Name]:
    """`read` is the sentence as read (simplified characters), `sentence` as written."""
    suffix_re, boundary, name_char = (
        (SUFFIX_JA, BOUNDARY_JA, NAME_CHAR_JA) if language == "ja" else (SUFFIX_ZH, BOUNDARY_ZH, NAME_CHAR_ZH)
    )
    generic = GENERIC_STEMS["ja" if language == "ja" else "zh"] + GENERIC_STEMS["zh"]
    text = sentence if language == "ja" else read
    names = []
    matches = list(suffix_re.finditer(text))
    # A name does not run back over another one ("…灯泡厂一样来朝投资建厂" is two).
    ends = {m.end() for m in matches}
    for match in matches:
        end = match.end()
        # Absorb a longer legal form that follows: "公司" of "…(集团)有限公司".
        start = match.start()
        depth = 0
        while start > 0 and match.start() - start < 24:
            char = text[start - 1]
            if char in ")）":
                depth += 1
            elif char in "(（":
                if depth == 0:
                    break
                depth -= 1
            elif (
                depth == 0
                and (char in boundary or not name_char.match(char) or start in ends)
                and not (char in "同和" and start > 1 and text[start - 2] in "协協共合")
            ):
                break
            start -= 1
        # A verb or joint-venture word inside the run starts the name after it ("合资成立X公司").
        cut = max((m.end() for m in STEM_BREAK.finditer(text, start, match.start())), default=start)
        if cut > start:
            start = cut
        stem = text[start : match.start()]
        if match.group(0) in FACTORY_SUFFIXES and (
            len(stem) < 4
            or JV_IN.search(stem)
            or JV_BEFORE.search(text[max(0, start - 4) : start])
            or not REGION_START.match(read[start:])
        ):
            continue  # "中朝合资水泥厂", "合弁のセメント工場": a description, not a name
        if "某" in stem:
            # "上海某公司": a company of Shanghai, not named.
            names.append(
                Name(start, end, sentence[start:end], lead=read[max(0, start - 12) : end], unnamed=True)
            )
            continue
        rest = stem
        for word in sorted(generic, key=len, reverse=True):
            rest = rest.replace(word, "")
        if len(re.sub(r"[()（）]", "", rest)) < 2:
            continue
        names.append(
            Name(
                start,
                end,
                sentence[start:end],
                lead=read[max(0, start - 12) : start],
                joint=match.group(0) in CJK_JOINT,
                organ=match.group(0) in CJK_ORGAN,
            )
        )
    names = _without_overlaps(names)
    # "環境設備会社・創立グループ": a description, then the name.
    return [
        n for n in names if not any(o.start == n.end + 1 and text[n.end : n.end + 1] == "・" for o in names)
    ]


def _without_overlaps(names: list[Name]) -> list[Name]:
    """The longest of names that overlap (the search finds "… Co." inside "… Co., Ltd.")."""
    kept: list[Name] = []
    for name in sorted(names, key=lambda n: (-(n.end - n.start), n.start)):
        if not any(k.start < name.end and name.start < k.end for k in kept):
            kept.append(name)
    return sorted(kept, key=lambda n: n.start)


_regions = "|".join(sorted(CHINESE_REGIONS["ko"] + CHINESE_REGIONS["zh"], key=len, reverse=True))
_regions_en = "|".join(sorted((re.escape(r) for r in CHINESE_REGIONS["en"]), key=len, reverse=True))
# Parties the text does not name: "a Chinese private firm", "중국 단동의 한 민간 기업", "一家中国企业".
UNNAMED = {
    "en": re.compile(
        rf"\b(?:an?|one|another) (?:(?:chinese|{_regions_en})(?:-based)? )(?:(?:private|state-owned|state|local) )?"
        r"(?:firm|company|businessman|businesswoman|investor|entrepreneur|enterprise|trading company|trader)\b",
        re.IGNORECASE,
    ),
    "ko": re.compile(
        rf"(?:중국|{_regions})(?:의|에 있는)?\s?(?:[가-힣]{{1,6}}(?:시|성)의\s)?(?:한|모|어느)\s?(?:민간|국영|개인|무역)?\s?"
        r"(?:기업|회사|업체|투자자|기업인|사업가)"
    ),
    "zh": re.compile(
        rf"(?:一家|一名|某)(?:中国|{_regions})?(?:民营|私营|国有)?(?:企业|公司|商人|投资者|老板)"
    ),
    "ja": re.compile(r"(?:ある|一つの)?中国(?:の)?(?:民間|国有)?(?:企業|会社|投資家|実業家)(?:が|は|と)"),
}


def _unnamed(sentence: str, read: str, language: str) -> list[Name]:
    regex = UNNAMED.get(language)
    text = read if language == "zh" else sentence
    if regex is None:
        return []
    return [
        Name(m.start(), m.end(), sentence[m.start() : m.end()], lead=text[m.start() : m.end()], unnamed=True)
        for m in regex.finditer(text)
    ]


def find_names(sentence: str, read: str, language: str) -> list[Name]:
    """Organization names in a sentence (`read`: the same sentence in simplified characters), and
    parties it speaks of without a name (`unnamed`)."""
    if language == "en":
        names = _english(sentence)
    elif language == "ko":
        names = _korean(sentence)
    else:
        names = _cjk(sentence, read, language)
    unnamed = [
        u
        for u in _unnamed(sentence, read, language)
        if not any(n.start < u.end and u.start < n.end for n in names)
    ]
    return sorted(names + unnamed, key=lambda n: n.start)
