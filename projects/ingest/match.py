"""Suggest what an article is about: places (gazetteer), sectors, forms, organizations, ventures.

Matching is deliberately conservative so editors can trust the list:
- Latin-script names match whole words only, case-insensitively, with diacritics and curly
  apostrophes folded (so “Ŭiju”, “Uiju” and “UIJU” are one name); hyphens may also be spaces or absent.
- Hangul names must start a word (Korean puts spaces between words, particles follow the name), so
  의주 is not found inside 신의주. Chinese has no spaces: the longest name at a position wins, so
  义州 is not found inside 新义州.
- Where one span names a province-level unit and a city of the same name (“Pyongyang”), the
  province wins. “Pyongan provinces” names no single province and gives none.
"""

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass, field

from projects.models.names import split_names

from .vocab import (
    FORM_KEYWORDS,
    ORGANIZATION_LEADING_STOPWORDS,
    ORGANIZATION_PATTERNS,
    PLACE_SUFFIXES,
    PROVINCE_SHORT_NAMES,
    SECTOR_KEYWORDS,
)

SUGGESTIONS_VERSION = 1
HANGUL_CHAR = "\uac00-\ud7a3"
HAN_CHAR = "\u4e00-\u9fff"
LATIN_WORD = "A-Za-z0-9"
APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'", "´": "'"})
SENTENCE_END = re.compile(r"([.!?][\"”’)]*)\s+(?=[\"“‘(]?[A-Z0-9가-힣\u4e00-\u9fff])|([。！？][”’」』]*)|\n+")


def fold(text: str) -> str:
    """Fold diacritics and apostrophes keeping every character's position (one char in, one out)."""
    out = []
    for char in text.translate(APOSTROPHES):
        if ord(char) < 128:
            out.append(char)
            continue
        base = unicodedata.normalize("NFKD", char)
        stripped = "".join(c for c in base if not unicodedata.combining(c))
        out.append(stripped if len(stripped) == 1 else char)
    return "".join(out)


def script_of(name: str) -> str:
    if re.search(f"[{HANGUL_CHAR}]", name):
        return "ko"
    if re.search(f"[{HAN_CHAR}]", name):
        return "zh"
    return "en"


def _bounded(pattern: str, script: str) -> str:
    if script == "en":
        return f"(?<![{LATIN_WORD}]){pattern}(?![{LATIN_WORD}])"
    if script == "ko":
        return f"(?<![{HANGUL_CHAR}]){pattern}"
    return pattern


# --- sentences -------------------------------------------------------------------------------


@dataclass
class Sentences:
    text: str
    starts: list[int] = field(default_factory=list)
    spans: list[tuple[int, int]] = field(default_factory=list)

    @classmethod
    def split(cls, text: str) -> "Sentences":
        sentences = cls(text)
        position = 0
        for match in SENTENCE_END.finditer(text):
            # The closing punctuation (and quote) belongs to the sentence; the space after does not.
            end = match.end(1) if match.group(1) else match.end(2) if match.group(2) else match.start()
            sentences._add(position, end)
            position = match.end()
        sentences._add(position, len(text))
        return sentences

    def _add(self, start: int, end: int):
        while start < end and self.text[start].isspace():
            start += 1
        while end > start and self.text[end - 1].isspace():
            end -= 1
        if end > start:
            self.starts.append(start)
            self.spans.append((start, end))

    def index_at(self, position: int) -> int:
        return max(bisect_right(self.starts, position) - 1, 0)

    def at(self, position: int) -> str:
        if not self.spans:
            return ""
        start, end = self.spans[self.index_at(position)]
        return self.text[start:end]


# --- gazetteer -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Entity:
    kind: str  # province, city, county, district, site
    name: str
    code: str | int  # ISO code for a province, place id for a place
    province: str  # ISO code
    place_id: int | None = None
    has_point: bool = False


def _latin_variants(name: str) -> set[str]:
    folded = fold(name).lower().strip()
    variants = {folded, folded.replace("'", "")}
    for variant in list(variants):
        if "-" in variant:
            variants |= {variant.replace("-", " "), variant.replace("-", "")}
    return {v for v in variants if len(v) >= 3}


def _variants(names: list[str], *, strip_suffixes: bool) -> set[str]:
    variants = set()
    for name in names:
        name = name.strip()
        if not name:
            continue
        if script_of(name) == "en":
            variants |= _latin_variants(name)
            continue
        variants.add(name)
        if strip_suffixes:
            for suffix in PLACE_SUFFIXES:
                if name.endswith(suffix) and len(name) - len(suffix) >= 2:
                    variants.add(name[: -len(suffix)])
    return variants


class NameIndex:
    """Find any of many names in a text in one pass; each name maps to one or more values."""

    def __init__(self):
        self.values: dict[str, list] = {}

    def add(self, variant: str, value):
        bucket = self.values.setdefault(variant if script_of(variant) != "en" else variant.lower(), [])
        if value not in bucket:
            bucket.append(value)

    def compile(self):
        names = sorted(self.values, key=len, reverse=True)
        alternatives = [_bounded(re.escape(name), script_of(name)) for name in names]
        self.regex = re.compile("|".join(alternatives), re.IGNORECASE) if alternatives else None
        return self

    def finditer(self, text: str):
        """Yield (start, end, matched key, values); `text` must already be folded."""
        if self.regex is None:
            return
        for match in self.regex.finditer(text):
            key = match.group(0)
            lookup = key if script_of(key) != "en" else key.lower()
            yield match.start(), match.end(), self.values.get(lookup, [])


def _lower_keeping_positions(text: str) -> str:
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


class PhraseIndex:
    """Like NameIndex, for long lists (every organization and venture name): one substring search per
    name instead of one huge regular expression, so thousands of names stay cheap."""

    def __init__(self):
        self.values: dict[str, list] = {}

    def add(self, variant: str, value):
        bucket = self.values.setdefault(variant.lower(), [])
        if value not in bucket:
            bucket.append(value)

    def finditer(self, text: str):
        """Yield (start, end, values) for each whole-word occurrence; `text` must already be folded."""
        lowered = _lower_keeping_positions(text)
        for name, values in self.values.items():
            start = lowered.find(name)
            while start != -1:
                end = start + len(name)
                if _at_boundaries(lowered, start, end, script_of(name)):
                    yield start, end, values
                start = lowered.find(name, start + 1)


def _at_boundaries(text: str, start: int, end: int, script: str) -> bool:
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    if script == "en":
        return not (before.isascii() and before.isalnum()) and not (after.isascii() and after.isalnum())
    if script == "ko":
        return not ("\uac00" <= before <= "\ud7a3")
    return True


def build_gazetteer_index(provinces, places) -> NameIndex:
    index = NameIndex()
    for province in provinces:
        entity = Entity("province", province.name_en, province.code, province.code)
        names = [*province.name_variants(), province.name_ko_full, province.name_iso]
        names += PROVINCE_SHORT_NAMES.get(province.code, [])
        for variant in _variants(names, strip_suffixes=False):
            index.add(variant, entity)
    for place in places:
        entity = Entity(
            place.kind,
            place.name_en,
            place.pk,
            place.province.code,
            place_id=place.pk,
            has_point=place.point is not None,
        )
        names = place.name_variants()
        # “Pyongyang (city centre)” is called “Pyongyang” in running text.
        names += [re.sub(r"\s*\(.*?\)\s*", " ", n).strip() for n in names if "(" in n]
        names += [m for n in names for m in re.findall(r"\((.*?)\)", n)]
        for variant in _variants(names, strip_suffixes=True):
            index.add(variant, entity)
    return index.compile()


# --- keyword lists -----------------------------------------------------------------------------


def _keyword_regex(lists: dict[str, list[str]]) -> re.Pattern:
    parts = [_bounded(f"(?:{p})", "en") for p in lists.get("en", [])]
    parts += [re.escape(k) for k in lists.get("ko", []) + lists.get("zh", [])]
    return re.compile("|".join(parts), re.IGNORECASE)


SECTOR_REGEXES = {sector: _keyword_regex(lists) for sector, lists in SECTOR_KEYWORDS.items()}
FORM_REGEXES = {form: _keyword_regex(lists) for form, lists in FORM_KEYWORDS.items()}
ORGANIZATION_REGEXES = [
    (script, re.compile(pattern, 0 if script == "en" and pattern[0] == "(" else re.IGNORECASE))
    for script, patterns in ORGANIZATION_PATTERNS.items()
    for pattern in patterns
]


# --- the matcher -------------------------------------------------------------------------------


class Matcher:
    """Built once from the database (gazetteer, organizations, ventures), then run on many texts."""

    def __init__(self, *, provinces, places, organizations=(), ventures=()):
        self.gazetteer = build_gazetteer_index(provinces, places)
        self.organizations = PhraseIndex()
        for organization in organizations:
            names = [organization.name, organization.name_ko, organization.name_zh]
            names += split_names(organization.other_names)
            for variant in _variants(names, strip_suffixes=False):
                self.organizations.add(variant, organization)
        self.ventures = list(ventures)
        self.venture_names = PhraseIndex()
        for venture in self.ventures:
            names = [venture.name, venture.name_ko, venture.name_zh, *split_names(venture.other_names)]
            for variant in _variants(names, strip_suffixes=False):
                if len(variant) >= 4 or script_of(variant) != "en":
                    self.venture_names.add(variant, venture.pk)

    @classmethod
    def from_database(cls) -> "Matcher":
        from projects.models import Organization, Place, Province, Venture

        return cls(
            provinces=Province.objects.all(),
            # Province-level rows of the gazetteer are the provinces themselves.
            places=Place.objects.exclude(kind="province").select_related("province"),
            organizations=Organization.objects.all(),
            ventures=Venture.objects.select_related("province", "place").only(
                "id",
                "public_id",
                "name",
                "name_ko",
                "name_zh",
                "other_names",
                "sector",
                "form",
                "publication_state",
                "province__code",
                "place_id",
            ),
        )

    def suggest(self, text: str) -> dict:
        from .extract import guess_language

        text = text or ""
        folded = fold(text)
        sentences = Sentences.split(text)
        mentions = self._places(text, folded, sentences)
        sectors = self._keywords(SECTOR_REGEXES, folded, text, sentences, "sector")
        forms = self._keywords(FORM_REGEXES, folded, text, sentences, "form", skip=is_negated)
        organizations = self._organizations(text, folded, sentences)
        candidates = self._candidate_ventures(folded, mentions, sectors)
        return {
            "version": SUGGESTIONS_VERSION,
            "language": guess_language(text),
            "mentions": mentions,
            "provinces": _summary(mentions, lambda m: m["kind"] == "province"),
            "places": _summary(mentions, lambda m: m["kind"] != "province"),
            "sectors": sectors,
            "forms": forms,
            "organizations": organizations,
            "candidate_ventures": candidates,
        }

    def _places(self, text, folded, sentences) -> list[dict]:
        mentions, seen = [], set()
        for start, end, entities in self.gazetteer.finditer(folded):
            if any(e.kind == "province" for e in entities):
                # One span naming a province-level unit and its city (“Pyongyang”): the province.
                entities = [e for e in entities if e.kind == "province"] or entities
            sentence_index = sentences.index_at(start)
            for entity in entities:
                key = (entity.kind, entity.code, sentence_index)
                if key in seen:
                    continue
                seen.add(key)
                mentions.append(
                    {
                        "kind": entity.kind,
                        "text": text[start:end],
                        "name": entity.name,
                        "code": entity.code,
                        "province": entity.province,
                        "place_id": entity.place_id,
                        "has_point": entity.has_point,
                        "sentence": sentences.at(start),
                        "start": start,
                        "end": end,
                    }
                )
        return mentions

    @staticmethod
    def _keywords(regexes, folded, text, sentences, label, skip=None) -> list[dict]:
        found = []
        for value, regex in regexes.items():
            hits = [h for h in regex.finditer(folded) if not (skip and skip(folded, h.start(), h.end()))]
            if not hits:
                continue
            first = hits[0]
            found.append(
                {
                    label: value,
                    "count": len(hits),
                    "keywords": sorted({text[h.start() : h.end()].lower() for h in hits}),
                    "text": text[first.start() : first.end()],
                    "sentence": sentences.at(first.start()),
                }
            )
        found.sort(key=lambda item: -item["count"])
        return found

    def _organizations(self, text, folded, sentences) -> list[dict]:
        found: dict[str, dict] = {}
        for start, end, organizations in self.organizations.finditer(folded):
            for organization in organizations:
                found.setdefault(
                    f"id:{organization.pk}",
                    {
                        "name": organization.name,
                        "organization_id": organization.pk,
                        "country": organization.country,
                        "text": text[start:end],
                        "sentence": sentences.at(start),
                    },
                )
        for _script, regex in ORGANIZATION_REGEXES:
            for match in regex.finditer(text):
                start, end = match.span()
                words = text[start:end].split()
                while words and words[0].lower().strip("’'") in ORGANIZATION_LEADING_STOPWORDS:
                    start += text[start:end].index(words[0]) + len(words[0])
                    words = words[1:]
                name = " ".join(words).strip(" ,.")
                if len(words) < 2 and _script == "en":
                    continue
                key = name.lower()
                if not name or any(key == k or key in k for k in found if not k.startswith("id:")):
                    continue
                if any(
                    entry.get("organization_id") and entry["text"].lower() in key for entry in found.values()
                ):
                    continue
                found[key] = {
                    "name": name,
                    "organization_id": None,
                    "country": None,
                    "text": name,
                    "sentence": sentences.at(start),
                }
        return list(found.values())

    def _candidate_ventures(self, folded, mentions, sectors) -> list[dict]:
        place_ids = {m["place_id"] for m in mentions if m["place_id"]}
        provinces = {m["province"] for m in mentions}
        sector_names = {s["sector"] for s in sectors}
        named = {pk for _s, _e, pks in self.venture_names.finditer(folded) for pk in pks}
        candidates = []
        for venture in self.ventures:
            reasons, score = [], 0
            if venture.pk in named:
                reasons.append("name")
                score += 3
            if venture.place_id and venture.place_id in place_ids:
                reasons.append("place")
                score += 3
            if venture.province.code in provinces:
                reasons.append("province")
                score += 1
            if venture.sector in sector_names:
                reasons.append("sector")
                score += 1
            # A province and a sector alone are weak; a name or a place makes a candidate.
            if "name" in reasons or "place" in reasons or ("province" in reasons and "sector" in reasons):
                candidates.append(
                    {
                        "id": venture.pk,
                        "public_id": venture.public_id,
                        "name": venture.name,
                        "publication_state": venture.publication_state,
                        "sector": venture.sector,
                        "province": venture.province.code,
                        "score": score,
                        "reasons": reasons,
                    }
                )
        candidates.sort(key=lambda c: (-c["score"], c["public_id"]))
        return candidates[:10]


NEGATION_BEFORE_EN = re.compile(r"\b(?:not|never|no|without|n't)\s+(?:\w+\s+){0,2}$", re.IGNORECASE)
NEGATION_BEFORE_ZH = ("未", "没有", "没", "不会", "不再", "尚未", "并未")
NEGATION_AFTER_KO = re.compile(r"^[가-힣]{0,3}\s*(?:되지|하지|지)?\s*(?:않|못)")


def is_negated(text: str, start: int, end: int) -> bool:
    """Whether a form keyword is negated (“will not reopen”, “尚未恢复”, “재개되지 않았다”).

    A form that did not happen is no evidence of that form, so such hits are not suggested.
    """
    before = text[max(0, start - 40) : start]
    if NEGATION_BEFORE_EN.search(before):
        return True
    if before.endswith(NEGATION_BEFORE_ZH):
        return True
    return bool(NEGATION_AFTER_KO.match(text[end : end + 12]))


def _summary(mentions, keep) -> list[dict]:
    summary: dict = {}
    for mention in mentions:
        if not keep(mention):
            continue
        key = (mention["kind"], mention["code"])
        if key not in summary:
            summary[key] = {
                "kind": mention["kind"],
                "code": mention["code"],
                "name": mention["name"],
                "province": mention["province"],
                "place_id": mention["place_id"],
                "count": 0,
            }
        summary[key]["count"] += 1
    return sorted(summary.values(), key=lambda s: -s["count"])


def suggest(text: str) -> dict:
    """Suggestions for `text` against the current gazetteer, organizations and ventures."""
    return Matcher.from_database().suggest(text)
