"""An article read sentence by sentence: the facts each sentence states, before they are put together.

The article is its title (if the text does not start with it) and its text; at most MAX_SENTENCES
sentences of at most MAX_SENTENCE_CHARS are read (longer runs without a sentence break are cut into
pieces), so the work is bounded whatever the input.
"""

import re
from dataclasses import dataclass, field

from ..match import FORM_REGEXES, SECTOR_REGEXES, is_negated
from ..phrases import fold
from ..sentences import Sentences
from .amounts import Amount, find_amounts, is_investment
from .dates import FoundDate, find_dates
from .language import base_language, sentence_language
from .names import Name, find_names
from .partners import Stake, find_stakes
from .status import StatusCue, find_statuses
from .words import ARRANGEMENT_WORDS, DEAL_WORDS, JV_WORDS

MAX_SENTENCES = 400
MAX_SENTENCE_CHARS = 1500
FULL_WIDTH = str.maketrans("０１２３４５６７８９％．，：", "0123456789%.,:")


def _word_regex(lists: dict) -> dict[str, re.Pattern]:
    compiled = {}
    for language, words in lists.items():
        if language == "en":
            compiled[language] = re.compile("|".join(f"(?:{w})" for w in words), re.IGNORECASE)
        else:
            compiled[language] = re.compile("|".join(sorted(map(re.escape, words), key=len, reverse=True)))
    return compiled


JV_RE = _word_regex(JV_WORDS)
DEAL_RE = _word_regex(DEAL_WORDS)
JOINT_OPERATION_RE = _word_regex(ARRANGEMENT_WORDS["joint_operation"])
REFERS = {
    "en": re.compile(
        r"\b(?:the|this|that|its|the new) (?:venture|company|firm|factory|plant|mine|hotel|project|store|"
        r"supermarket|complex|port|wharf|pier|farm|department store|shop|centre|center|deal|agreement|contract|"
        r"accord)s?\b",
        re.IGNORECASE,
    ),
    "ko": re.compile(
        r"이 (?:회사|합영회사|공장|사업|기업|매장|탄광|광산|농장)|(?:합영회사|합작회사|회사|공장)(?:는|가|은|측)"
    ),
    "zh": re.compile(r"该(?:公司|厂|项目|企业|工厂|合营公司|商场|港)|合营公司|合资企业|合营会社"),
    "ja": re.compile(r"同(?:社|合弁会社|工場|事業|企業|センター|デパート)|合弁会社"),
}
NORTH_KOREA = {
    "en": re.compile(r"\b(?:north korea\w*|n\. ?korea\w*|dprk|pyongyang|the north)\b", re.IGNORECASE),
    "ko": re.compile(r"북한|北|조선|평양|북측|대북|북중|북·중"),
    "zh": re.compile(r"朝鲜|北韩|朝方|平壤|对朝|中朝|朝中"),
    "ja": re.compile(r"北朝鮮|朝鮮|北韓|平壌|対北|朝中|中朝"),
}
CHINA = {
    "en": re.compile(r"\b(?:china\w*|chinese|prc|beijing|hong kong)\b", re.IGNORECASE),
    "ko": re.compile(r"중국|中|중측|북중|북·중"),
    "zh": re.compile(r"中国|中方|中朝|朝中|我国|中共"),
    "ja": re.compile(r"中国|中朝|朝中|中共"),
}


@dataclass
class Sentence:
    index: int
    start: int  # in the article
    end: int
    text: str  # as written
    read: str  # as read: simplified characters, full-width figures as ASCII
    language: str  # en, ko, zh, ja (zh-Hant is read as zh)
    is_title: bool = False
    jv: bool = False
    refers: bool = False  # speaks of the venture ("the venture", "이 회사", "该公司", "同社")
    deal: bool = False
    joint_operation: bool = False
    north_korea: bool = False
    china: bool = False
    names: list[Name] = field(default_factory=list)
    amounts: list[tuple[Amount, bool]] = field(default_factory=list)
    stakes: list[Stake] = field(default_factory=list)
    statuses: list[StatusCue] = field(default_factory=list)
    dates: list[FoundDate] = field(default_factory=list)
    sectors: dict[str, int] = field(default_factory=dict)
    forms: set[str] = field(default_factory=set)
    mentions: list[dict] = field(default_factory=list)  # the gazetteer's, in this sentence
    paragraph: int = 0

    @property
    def evidence(self) -> bool:
        return self.jv or self.deal or bool(self.stakes) or any(inv for _a, inv in self.amounts)


def split(text: str, read: str, title_end: int) -> tuple[list[tuple[int, int]], bool]:
    """Sentence spans of the article, bounded; and whether some were left unread."""
    spans = []
    for start, end in Sentences.split(read).spans:
        while end - start > MAX_SENTENCE_CHARS:
            cut = read.rfind(" ", start + MAX_SENTENCE_CHARS // 2, start + MAX_SENTENCE_CHARS)
            cut = cut if cut > start else start + MAX_SENTENCE_CHARS
            spans.append((start, cut))
            start = cut
        spans.append((start, end))
        if len(spans) >= MAX_SENTENCES:
            return spans[:MAX_SENTENCES], True
    return spans, False


def read_sentence(
    index, start, end, text, read, article_language, published, *, is_title, folded=None
) -> Sentence:
    """The facts one sentence states (`folded`: `fold(read)` of the whole article, if at hand)."""
    written = text[start:end]
    language = base_language(sentence_language(written, article_language))
    # What the patterns read: simplified characters for Chinese, the text itself for Japanese and
    # Korean (their vocabulary is written as they write it), full-width figures as ASCII.
    work = (read[start:end] if language == "zh" else written).translate(FULL_WIDTH)
    simplified = read[start:end].translate(FULL_WIDTH)
    sentence = Sentence(index, start, end, written, work, language, is_title=is_title)
    sentence.jv = bool(JV_RE[language].search(work))
    sentence.deal = bool(DEAL_RE[language].search(work))
    sentence.refers = bool(REFERS[language].search(work))
    sentence.joint_operation = bool(JOINT_OPERATION_RE[language].search(work))
    sentence.north_korea = bool(NORTH_KOREA[language].search(work))
    sentence.china = bool(CHINA[language].search(work))
    sentence.names = find_names(written, simplified, language)
    sentence.amounts = [(a, is_investment(work, a, language)) for a in find_amounts(work, language)]
    sentence.stakes = find_stakes(work, language)
    sentence.statuses = find_statuses(work, language)
    sentence.dates = find_dates(work, language, published) if sentence.statuses or is_title else []
    folded = folded[start:end].translate(FULL_WIDTH) if folded is not None else fold(simplified)
    for sector, regex in SECTOR_REGEXES.items():
        count = sum(1 for _ in regex.finditer(folded))
        if count:
            sentence.sectors[sector] = count
    for form, regex in FORM_REGEXES.items():
        if any(not is_negated(folded, m.start(), m.end()) for m in regex.finditer(folded)):
            sentence.forms.add(form)
    return sentence
