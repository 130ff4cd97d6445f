"""Which language an article (or one sentence) is in, and the text the matcher reads.

The four languages the pre-read reads are told apart by their scripts, which is exact for them and
costs one pass over the text: Hangul is Korean; kana (which Japanese writes in every sentence) is
Japanese; Han characters without kana are Chinese, traditional when converting them to simplified
changes enough of them; Latin letters are English when English function words are common among
its words, else another language the pre-read does not read. A statistical detector
(lingua-language-detector) would add a large model and milliseconds per sentence for no better
answer on these scripts.

Traditional Chinese and Japanese kanji are converted to simplified characters (OpenCC, whose
dictionaries ship in the wheel) before the gazetteer and the keyword lists are matched, one
character for one so that every position, and so every sentence quoted, is the article's own.
"""

import re
from functools import lru_cache

HANGUL = re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")
KANA = re.compile(r"[\u3041-\u309f\u30a0-\u30ff\u31f0-\u31ff\uff66-\uff9f]")
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
LATIN_WORD = re.compile(r"[A-Za-z]+")
ENGLISH_FUNCTION_WORDS = frozenset(
    [
        "the",
        "a",
        "an",
        "of",
        "and",
        "to",
        "in",
        "on",
        "at",
        "for",
        "with",
        "by",
        "from",
        "is",
        "was",
        "were",
        "are",
        "has",
        "have",
        "had",
        "that",
        "this",
        "it",
        "its",
        "as",
        "be",
        "been",
        "will",
        "would",
        "said",
        "which",
        "who",
        "their",
        "his",
        "her",
        "or",
        "not",
        "but",
        "also",
        "into",
        "over",
        "two",
        "after",
    ]
)

LANGUAGES = ("en", "ko", "ja", "zh", "zh-Hant")
# How many characters language detection reads (the opening of a long text says enough).
SAMPLE_CHARS = 20_000


@lru_cache(maxsize=4)
def _converter(config: str):
    import opencc

    return opencc.OpenCC(config)


def _same_length(converted: str, original: str, config: str) -> str:
    if len(converted) == len(original):
        return converted
    # A phrase rule changed the length: convert character by character instead.
    convert = _converter(config).convert
    return "".join(c if len(c) == 1 else o for o, c in ((o, convert(o)) for o in original))


def to_simplified(text: str) -> str:
    """Traditional → simplified Chinese, one character for one."""
    return _same_length(_converter("t2s").convert(text), text, "t2s")


def japanese_to_simplified(text: str) -> str:
    """Japanese kanji (shinjitai) → simplified Chinese, one character for one; kana unchanged."""
    traditional = _same_length(_converter("jp2t").convert(text), text, "jp2t")
    return to_simplified(traditional)


def detect(text: str) -> str:
    """en, ko, ja, zh (simplified), zh-Hant, or "" (none of these, or no letters)."""
    sample = text[:SAMPLE_CHARS]
    hangul = len(HANGUL.findall(sample))
    kana = len(KANA.findall(sample))
    han = HAN.findall(sample)
    words = LATIN_WORD.findall(sample)
    latin = sum(map(len, words)) / 4  # about four Latin letters to a Hangul or Han syllable
    if not (hangul or kana or han or latin):
        return ""
    if hangul >= max(kana, len(han), latin) * 0.5 and hangul >= max(kana, 1):
        return "ko"
    if kana and kana >= len(han) * 0.05 and kana + len(han) >= latin:
        return "ja"
    if len(han) >= latin:
        return "zh-Hant" if _is_traditional("".join(han)) else "zh"
    function_words = sum(1 for w in words if w.lower() in ENGLISH_FUNCTION_WORDS)
    return "en" if function_words >= max(1, len(words) * 0.08) or len(words) < 8 else ""


def _is_traditional(han: str) -> bool:
    simplified = _converter("t2s").convert(han)
    changed = sum(1 for a, b in zip(han, simplified, strict=False) if a != b)
    return changed >= max(2, len(han) * 0.04)


def normalize_hint(language: str) -> str:
    """An article's language as its page or an editor gave it (BCP 47), in our codes, or ""."""
    value = (language or "").strip().lower().replace("_", "-")
    if value in ("zh-hant", "zh-tw", "zh-hk", "zh-mo"):
        return "zh-Hant"
    base = value.split("-")[0]
    return base if base in ("en", "ko", "ja", "zh") else ""


def matching_text(text: str, language: str) -> str:
    """The text the matcher reads: the article's own, converted to simplified characters where
    traditional Chinese or Japanese kanji would otherwise be missed (positions unchanged)."""
    if language == "ja":
        return japanese_to_simplified(text)
    if language in ("zh", "zh-Hant") or HAN.search(text[:SAMPLE_CHARS]):
        return to_simplified(text)
    return text


def sentence_language(sentence: str, article_language: str) -> str:
    """The language of one sentence: its script where it differs from the article's."""
    if HANGUL.search(sentence):
        return "ko"
    if KANA.search(sentence):
        return "ja"
    if HAN.search(sentence):
        han = len(HAN.findall(sentence))
        latin = sum(map(len, LATIN_WORD.findall(sentence))) / 4
        if han < latin:
            return "en"
        return article_language if article_language in ("zh", "zh-Hant", "ja") else "zh"
    if LATIN_WORD.search(sentence):
        return "en"
    return article_language or "en"


def base_language(language: str) -> str:
    """The vocabulary a language is read with: zh-Hant is read as zh once converted."""
    return "zh" if language == "zh-Hant" else language
