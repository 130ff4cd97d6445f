"""Which ventures an article reports: venture evidence, the ventures' own names, and roundups.

An article proposes a venture only on venture evidence: a joint-venture word or a venture's own
name, a stake, or a deal (an agreement signed, rights leased, capital invested) with a party when
North Korea is named. An article on North Korea–China trade or economics without one proposes
none. Two or more own names make a roundup: one proposal each.
"""

import re
from dataclasses import dataclass, field

from .names import Name
from .partners import context_country
from .reading import Sentence

MAX_VENTURES = 10
# Orders and bans on joint ventures in general report no venture.
POLICY = {
    "en": re.compile(
        r"\b(?:ban|bans|banned|banning|prohibit\w*|resolution|order(?:ed|s)?|forbid\w*|outlaw\w*)\b", re.I
    ),
    "ko": re.compile(r"금지|지시|명령|결의|하라고|하도록"),
    "zh": re.compile(r"禁止|要求|须|命令|决议|责令"),
    "ja": re.compile(r"禁止|命じ|命令|決議|要求"),
}

JOINT_COUNTRIES = re.compile(
    r"China[- ](?:North )?Korea|(?:North )?Korea[- ]China|Sino-(?:North )?Korean|DPRK[- ]China|China[- ]DPRK|"
    r"中朝|朝中|북중|북·중|중조|조중"
)


LEGAL_FORMS_CJK = re.compile(
    r"(?:합영회사|합영공사|합작회사|합자회사|합영기업|合营公司|合资公司|合营会社|合营企业|合资企业|合弁会社|合営会社|合弁企業)$"
)


def _without_legal_form(name: str) -> str:
    return re.sub(r"\([^)]*\)", "", LEGAL_FORMS_CJK.sub("", name))


def name_key(name: str) -> str:
    """A name compared across mentions: no spaces, brackets, quotes or case."""
    return re.sub(r"[\s()（）‘’“”'\"·・,.\-]", "", name).lower()


def _is_subsequence(short: str, long: str) -> bool:
    it = iter(long)
    return all(char in it for char in short)


def is_abbreviation(a: str, b: str) -> bool:
    """ "나선시인민위경제협력회사" is short for "나선시인민위원회경제협력회사" (same start and end)."""
    short, long = sorted((a, b), key=len)
    return (
        len(short) >= 6 and short[:2] == long[:2] and short[-2:] == long[-2:] and _is_subsequence(short, long)
    )


def is_short_form(a: str, b: str) -> bool:
    """ "Yima Group" is short for "Henan Yima Coal Mining Group": its words, in order, same last word."""
    short, long = sorted((a.lower().split(), b.lower().split()), key=len)
    if len(short) < 2 or len(short) == len(long) or short[-1] != long[-1]:
        return False
    it = iter(long)
    return all(word in it for word in short)


def same_venture_name(a: str, b: str) -> bool:
    a, b = name_key(a), name_key(b)
    short, long = sorted((a, b), key=len)
    return short == long or (len(short) >= 4 and _is_subsequence(short, long) and short[:2] == long[:2])


@dataclass
class Proposal:
    name: str = ""
    name_sentence: str = ""
    sentences: list[Sentence] = field(default_factory=list)
    # One of a roundup's paragraphs: what the article says as a whole is not said of it.
    own_paragraphs: bool = False


def joint_countries_name(name: Name, sentence: Sentence) -> bool:
    """ "China-North Korea Hydroelectric Power Company, a joint venture": the venture's own name
    (not "中国の中朝辺境貿易有限公司", a Chinese company)."""
    return bool(JOINT_COUNTRIES.search(name.name) and sentence.jv) and not context_country(
        name.lead, name.tail, sentence.language
    )


def venture_names(sentences: list[Sentence]) -> list[tuple[str, Sentence]]:
    """Own names of ventures, each once (a short form "나선합영공사" is the long one's)."""
    found: list[tuple[str, Sentence]] = []
    for sentence in sentences:
        for name in sentence.names:
            joint = name.joint or joint_countries_name(name, sentence)
            if not joint or name_key(name.name) in ("jointventurecompany", "jointventure"):
                continue
            if name.joint and sentence.language != "en" and len(name_key(_without_legal_form(name.name))) < 3:
                continue  # "该合营公司", "相信合营会社": no name
            if any(same_venture_name(name.name, other) for other, _s in found):
                continue
            found.append((name.name, sentence))
    return found


def has_evidence(sentences: list[Sentence], names: list) -> bool:
    """Whether the article reports a venture (not only joint ventures in general: "the UN ban on
    joint ventures", "합작기업을 폐쇄하라고 지시했다" report none)."""
    if names or any(s.stakes for s in sentences):
        return True
    # North Korea named, or a place of its gazetteer.
    north_korea = any(s.north_korea or s.mentions for s in sentences)
    # A joint venture of someone, somewhere, or of some size; or one that something happened to
    # (not an order or a ban on joint ventures in general).
    if any(s.jv for s in sentences) and any(
        _party(s) or s.mentions or any(inv for _a, inv in s.amounts) for s in sentences
    ):
        return True
    if any(s.jv and s.statuses and not POLICY[s.language].search(s.read) for s in sentences):
        return True
    for sentence in sentences:
        if sentence.deal and (_party(sentence) or sentence.china) and north_korea:
            return True
    return False


def _party(sentence: Sentence) -> bool:
    from .partners import is_non_party

    return any(n.unnamed or not is_non_party(n.name, sentence.language) for n in sentence.names)


def group(sentences: list[Sentence]) -> list[Proposal]:
    """The ventures an article reports, each with the sentences that are about it."""
    names = venture_names(sentences)
    if not has_evidence(sentences, names):
        return []
    if len(names) < 2:
        by_paragraph = _roundup_by_paragraphs(sentences)
        if by_paragraph:
            return by_paragraph
        proposal = Proposal(sentences=list(sentences))
        if names:
            proposal.name, proposal.name_sentence = names[0][0], names[0][1].text
        return [proposal]
    proposals = [Proposal(name, sentence.text) for name, sentence in names[:MAX_VENTURES]]
    current = proposals[0]
    for sentence in sentences:
        mentioned = [
            p
            for p in proposals
            if any(same_venture_name(n.name, p.name) for n in sentence.names) or p.name in sentence.text
        ]
        # A sentence that names no venture is about the one named last (or the first).
        for proposal in mentioned or [current]:
            proposal.sentences.append(sentence)
        current = mentioned[-1] if mentioned else current
    return proposals


def _roundup_by_paragraphs(sentences: list[Sentence]) -> list[Proposal]:
    """A roundup whose ventures have no names of their own: paragraphs that each report a deal of
    other parties in another place ("X signed … in Rason." / "Y broke ground … in Sinuiju.").
    One proposal per such paragraph, with the paragraphs after it that report none; [] when the
    article is not such a roundup."""
    from .partners import is_non_party

    paragraphs: dict[int, list[Sentence]] = {}
    for sentence in sentences:
        if not sentence.is_title:
            paragraphs.setdefault(sentence.paragraph, []).append(sentence)
    reports = []
    for number, members in paragraphs.items():
        parties = {
            name_key(n.name)
            for s in members
            for n in s.names
            if not n.unnamed and not n.joint and not is_non_party(n.name, s.language)
        }
        happened = any(s.statuses or s.stakes or any(inv for _a, inv in s.amounts) for s in members)
        places = {m["place_id"] or m["code"] for s in members for m in s.mentions}
        # A paragraph that refers back ("The Chinese coal miner…", "the company") goes on with the last.
        if parties and happened and places and not members[0].refers:
            reports.append((number, parties, places))
    if len(reports) < 2 or len(reports) > MAX_VENTURES:
        return []
    for index, (_n, parties, places) in enumerate(reports):
        for _m, other_parties, other_places in reports[index + 1 :]:
            if any(a in b or b in a for a in parties for b in other_parties):
                return []  # a party in common: one venture told over several paragraphs
            if places == other_places:
                return []  # the same place: one venture
    starts = [number for number, *_rest in reports]
    proposals = [Proposal(own_paragraphs=True) for _ in starts]
    for sentence in sentences:
        if sentence.is_title:
            continue
        position = max((i for i, start in enumerate(starts) if start <= sentence.paragraph), default=0)
        proposals[position].sentences.append(sentence)
    return proposals
