"""Suggest what an article is about: places (gazetteer), sectors, forms, organizations, ventures.

Matching is deliberately conservative so editors can trust the list:
- Latin-script names match whole words only, case-insensitively, with diacritics and curly
  apostrophes folded (so “Ŭiju”, “Uiju” and “UIJU” are one name); hyphens may also be spaces or absent.
- Hangul names must start a word (Korean puts spaces between words, particles follow the name), so
  의주 is not found inside 신의주. Chinese has no spaces: the longest name at a position wins, so
  义州 is not found inside 新义州. (The search itself: `projects.ingest.phrases`.)
- Where one span names a province-level unit and a city of the same name (“Pyongyang”), the
  province wins. “Pyongan provinces” names no single province and gives none.

The work and the output per article are bounded whatever the text (the constants below): an article
is a submitted URL or any item of a registered feed, so its text is untrusted input. What a bound cut
short is listed in the suggestions' `truncated`.
"""

import re
from dataclasses import dataclass
from typing import NamedTuple

from projects.models.names import split_names

from .phrases import HANGUL_CHAR, LATIN_WORD, NameIndex, PhraseIndex, fold, script_of
from .sentences import Sentences
from .vocab import (
    FORM_KEYWORDS,
    ORGANIZATION_LEADING_STOPWORDS,
    ORGANIZATION_PATTERNS,
    PLACE_SUFFIXES,
    PROVINCE_SHORT_NAMES,
    SECTOR_KEYWORDS,
)

# 2: snippets are bounded windows; lists are bounded; `truncated` names what was cut short.
SUGGESTIONS_VERSION = 2

# --- bounds per article ------------------------------------------------------------------------
# Characters of an article that are matched (≈ 60 printed pages; the rest is not read).
MAX_TEXT_CHARS = 200_000
# Place mentions stored (one per place and sentence, in text order); the `provinces` and `places`
# summaries still count every mention in the text matched, and list at most this many entries each.
MAX_MENTIONS = 200
# Organizations suggested (known partners first, then names found by pattern).
MAX_ORGANIZATIONS = 50
# A name found by pattern that is longer than this is not a name (a run of capitalised words).
MAX_ORGANIZATION_NAME_CHARS = 120
# Candidate ventures proposed, best score first.
MAX_CANDIDATE_VENTURES = 10
# Distinct keywords listed for one sector or form (every hit is still counted).
MAX_KEYWORDS = 20

# Sentences and fold are part of this module's interface (the tests and the triage service use them).
__all__ = ["FORM_REGEXES", "SECTOR_REGEXES", "Matcher", "Sentences", "fold", "is_negated", "suggest"]


def _bounded(pattern: str, script: str) -> str:
    if script == "en":
        return f"(?<![{LATIN_WORD}]){pattern}(?![{LATIN_WORD}])"
    if script == "ko":
        return f"(?<![{HANGUL_CHAR}]){pattern}"
    return pattern


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
    parts += [re.escape(k) for k in lists.get("ko", []) + lists.get("zh", []) + lists.get("ja", [])]
    return re.compile("|".join(parts), re.IGNORECASE)


SECTOR_REGEXES = {sector: _keyword_regex(lists) for sector, lists in SECTOR_KEYWORDS.items()}
FORM_REGEXES = {form: _keyword_regex(lists) for form, lists in FORM_KEYWORDS.items()}
ORGANIZATION_REGEXES = [
    (script, re.compile(pattern, 0 if script == "en" and pattern[0] == "(" else re.IGNORECASE))
    for script, patterns in ORGANIZATION_PATTERNS.items()
    for pattern in patterns
]


# --- the matcher -------------------------------------------------------------------------------


class VentureFacts(NamedTuple):
    """What a candidate venture is judged by, and shown with (all but the place)."""

    id: int
    public_id: str
    name: str
    publication_state: str
    sector: str
    province: str
    place_id: int | None


# What the matcher reads of each organization and venture (`organizations` and `ventures` of
# Matcher are rows with these attributes).
ORGANIZATION_COLUMNS = ("pk", "name", "name_ko", "name_zh", "other_names", "country")
VENTURE_COLUMNS = (
    "pk",
    "public_id",
    "name",
    "name_ko",
    "name_zh",
    "other_names",
    "publication_state",
    "sector",
    "province__code",
    "place_id",
)


class Matcher:
    """Built once from the database (gazetteer, organizations, ventures), then run on many texts."""

    def __init__(self, *, provinces, places, organizations=(), ventures=(), partnerships=()):
        self.gazetteer = build_gazetteer_index(provinces, places)
        self.organizations = PhraseIndex()
        for organization in organizations:
            names = [organization.name, organization.name_ko, organization.name_zh]
            names += split_names(organization.other_names)
            for variant in _variants(names, strip_suffixes=False):
                self.organizations.add(variant, organization)
        # Ventures by what makes them a candidate, so an article costs what it mentions, not the
        # number of ventures in the database.
        self.ventures: dict[int, VentureFacts] = {}
        self.ventures_at_place: dict[int, list[int]] = {}
        self.ventures_by_province_sector: dict[tuple[str, str], list[int]] = {}
        self.venture_names = PhraseIndex()
        for venture in ventures:
            facts = VentureFacts(
                venture.pk,
                venture.public_id,
                venture.name,
                venture.publication_state,
                venture.sector,
                venture.province__code,
                venture.place_id,
            )
            self.ventures[venture.pk] = facts
            if facts.place_id:
                self.ventures_at_place.setdefault(facts.place_id, []).append(facts.id)
            self.ventures_by_province_sector.setdefault((facts.province, facts.sector), []).append(facts.id)
            names = [venture.name, venture.name_ko, venture.name_zh, *split_names(venture.other_names)]
            for variant in _variants(names, strip_suffixes=False):
                if len(variant) >= 4 or script_of(variant) != "en":
                    self.venture_names.add(variant, venture.pk)
        # (venture id, organization id) of every partner: a proposed venture sharing a partner
        # with an existing one may be it (the pre-read's `existing_ventures`).
        self.ventures_by_organization: dict[int, list[int]] = {}
        for venture_id, organization_id in partnerships:
            if venture_id in self.ventures:
                self.ventures_by_organization.setdefault(organization_id, []).append(venture_id)
        self.organizations.compile()
        self.venture_names.compile()

    @classmethod
    def from_database(cls) -> "Matcher":
        """Organizations and ventures come as plain rows (`values_list(named=True)`), not model
        instances: the build reads every venture, and rows cost a fraction of instances
        (docs/benchmarks.md, "Matcher build")."""
        from projects.models import Organization, Place, Province, Venture, VenturePartner

        return cls(
            provinces=Province.objects.all(),
            # Province-level rows of the gazetteer are the provinces themselves.
            places=Place.objects.exclude(kind="province").select_related("province"),
            organizations=Organization.objects.values_list(*ORGANIZATION_COLUMNS, named=True),
            ventures=Venture.objects.values_list(*VENTURE_COLUMNS, named=True),
            partnerships=VenturePartner.objects.values_list("venture_id", "organization_id"),
        )

    def suggest(self, text: str) -> dict:
        from .extract import guess_language

        text = text or ""
        truncated = []
        if len(text) > MAX_TEXT_CHARS:
            text = text[:MAX_TEXT_CHARS]
            truncated.append("text")
        folded = fold(text)
        sentences = Sentences.split(text)
        mentions, counts = self._places(text, folded, sentences)
        if len(mentions) < sum(counts.values()):
            truncated.append("mentions")
        sectors = self._keywords(SECTOR_REGEXES, folded, text, sentences, "sector")
        forms = self._keywords(FORM_REGEXES, folded, text, sentences, "form", skip=is_negated)
        organizations, more_organizations = self._organizations(text, folded, sentences)
        if more_organizations:
            truncated.append("organizations")
        candidates = self._candidate_ventures(folded, counts, sectors)
        return {
            "version": SUGGESTIONS_VERSION,
            "language": guess_language(text),
            "mentions": mentions,
            "provinces": _summary(counts, lambda entity: entity.kind == "province"),
            "places": _summary(counts, lambda entity: entity.kind != "province"),
            "sectors": sectors,
            "forms": forms,
            "organizations": organizations,
            "candidate_ventures": candidates,
            "truncated": truncated,
        }

    def _places(self, text, folded, sentences) -> tuple[list[dict], dict]:
        """The first MAX_MENTIONS mentions (one per place and sentence), and every one counted."""
        mentions, counts = [], {}
        seen = set()
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
                counts[entity] = counts.get(entity, 0) + 1
                if len(mentions) >= MAX_MENTIONS:
                    continue
                mentions.append(
                    {
                        "kind": entity.kind,
                        "text": text[start:end],
                        "name": entity.name,
                        "code": entity.code,
                        "province": entity.province,
                        "place_id": entity.place_id,
                        "has_point": entity.has_point,
                        "sentence": sentences.snippet(start, end),
                        "start": start,
                        "end": end,
                    }
                )
        return mentions, counts

    @staticmethod
    def _keywords(regexes, folded, text, sentences, label, skip=None) -> list[dict]:
        found = []
        for value, regex in regexes.items():
            first, count, keywords = None, 0, set()
            for hit in regex.finditer(folded):
                if skip and skip(folded, hit.start(), hit.end()):
                    continue
                first = first or hit
                count += 1
                if len(keywords) < MAX_KEYWORDS:
                    keywords.add(text[hit.start() : hit.end()].lower())
            if first is None:
                continue
            found.append(
                {
                    label: value,
                    "count": count,
                    "keywords": sorted(keywords),
                    "text": text[first.start() : first.end()],
                    "sentence": sentences.snippet(first.start(), first.end()),
                }
            )
        found.sort(key=lambda item: -item["count"])
        return found

    def _organizations(self, text, folded, sentences) -> tuple[list[dict], bool]:
        """Known organizations named in the text, then new names found by pattern: at most
        MAX_ORGANIZATIONS, and whether more were left out."""
        found: dict[str, dict] = {}
        known_texts: set[str] = set()
        for start, end, organizations in self.organizations.finditer(folded):
            for organization in organizations:
                key = f"id:{organization.pk}"
                if key in found:
                    continue
                if len(found) >= MAX_ORGANIZATIONS:
                    return list(found.values()), True
                found[key] = {
                    "name": organization.name,
                    "organization_id": organization.pk,
                    "country": organization.country,
                    "text": text[start:end],
                    "sentence": sentences.snippet(start, end),
                }
                known_texts.add(text[start:end].lower())
        # A new name is left out when it is part of one already found (or names a known partner);
        # each distinct name is judged once, so a name repeated all over the text costs nothing more.
        new_names: list[str] = []
        judged: set[str] = set()
        for script, regex in ORGANIZATION_REGEXES:
            for match in regex.finditer(text):
                start, name, words = _organization_name(text, *match.span())
                if not name or (words < 2 and script == "en"):
                    continue
                key = name.lower()
                if key in judged:
                    continue
                judged.add(key)
                if any(key in other for other in new_names) or any(known in key for known in known_texts):
                    continue
                if len(found) >= MAX_ORGANIZATIONS:
                    return list(found.values()), True
                new_names.append(key)
                found[key] = {
                    "name": name,
                    "organization_id": None,
                    "country": None,
                    "text": name,
                    "sentence": sentences.snippet(start, start + len(name)),
                }
        return list(found.values()), False

    def _candidate_ventures(self, folded, counts, sectors) -> list[dict]:
        place_ids = {entity.place_id for entity in counts if entity.place_id}
        provinces = {entity.province for entity in counts}
        sector_names = {s["sector"] for s in sectors}
        named = {pk for _s, _e, pks in self.venture_names.finditer(folded) for pk in pks}
        # A province and a sector alone are weak; a name or a place makes a candidate.
        ids = set(named)
        for place_id in place_ids:
            ids.update(self.ventures_at_place.get(place_id, ()))
        for province in provinces:
            for sector in sector_names:
                ids.update(self.ventures_by_province_sector.get((province, sector), ()))
        candidates = []
        for venture in map(self.ventures.__getitem__, ids):
            reasons, score = [], 0
            if venture.id in named:
                reasons.append("name")
                score += 3
            if venture.place_id and venture.place_id in place_ids:
                reasons.append("place")
                score += 3
            if venture.province in provinces:
                reasons.append("province")
                score += 1
            if venture.sector in sector_names:
                reasons.append("sector")
                score += 1
            shown = venture._asdict()
            del shown["place_id"]
            candidates.append({**shown, "score": score, "reasons": reasons})
        candidates.sort(key=lambda c: (-c["score"], c["public_id"]))
        return candidates[:MAX_CANDIDATE_VENTURES]


def _organization_name(text: str, start: int, end: int) -> tuple[int, str, int]:
    """Where the name in a pattern's match starts, the name, and its number of words, without the
    sentence openers before it (“According to …”); no name if it is too long to be one."""
    words = text[start:end].split()
    while words and words[0].lower().strip("’'") in ORGANIZATION_LEADING_STOPWORDS:
        start += text[start:end].index(words[0]) + len(words[0])
        words = words[1:]
    name = " ".join(words).strip(" ,.")
    if len(name) > MAX_ORGANIZATION_NAME_CHARS:
        return start, "", 0
    return start, name, len(words)


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


def _summary(counts: dict, keep) -> list[dict]:
    """Places (or provinces) mentioned, most mentioned first, at most MAX_MENTIONS of them."""
    summary = [
        {
            "kind": entity.kind,
            "code": entity.code,
            "name": entity.name,
            "province": entity.province,
            "place_id": entity.place_id,
            "count": count,
        }
        for entity, count in counts.items()
        if keep(entity)
    ]
    summary.sort(key=lambda s: -s["count"])
    return summary[:MAX_MENTIONS]


def suggest(text: str) -> dict:
    """Suggestions for `text` against the current gazetteer, organizations and ventures."""
    return Matcher.from_database().suggest(text)
