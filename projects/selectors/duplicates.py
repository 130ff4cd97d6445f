"""Likely duplicates: ventures and organizations by name in any script, sources by URL.

The one home of the duplicate rules (issue 11, item 11): the admin's warnings, the importer and the
reference-data loader all ask here.

Names are compared after `name_key`: Unicode NFKC (full-width letters and digits become ASCII),
case folding, traditional Chinese read as simplified (OpenCC's t2s table, shipped in its wheel),
legal-form words dropped (Co., Ltd., Limited, Corporation, 公司, 有限公司, 株式会社, 회사, 주식회사…),
then everything but letters and digits removed (spaces, punctuation, brackets). A name with a part
in brackets ("Baoyuanhengchang (Beijing Baoyuanhengchang International Trade Co., Ltd.)") is also
compared by its part outside the brackets, and the bracketed part against other records' own names. Every name field counts (English, Hangul, Chinese, other names), so a Hangul
name can match a Hangul name given for the other record.

Exact key matches score 1.0; near matches (difflib ratio of the keys ≥ SIMILAR_RATIO) score their
ratio × 0.9. A venture in another province, or an organization of another country, is not a likely
duplicate (either side unknown does not separate them).
"""

import difflib
import functools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from django.core.exceptions import ValidationError

from projects.models import Organization, SourceArticle, Venture
from projects.models.names import split_names

SIMILAR_RATIO = 0.88
# Keys shorter than this (after normalising) say too little to call two records one ("Co." alone).
MIN_KEY_LENGTH = 2
MIN_BRACKET_PART_LENGTH = 6
# Near matches are looked for among names whose keys share their first characters.
PREFIX_LENGTH = 3
# …and at most this many of them per name (the latest added), so a look-up's work stays bounded.
MAX_SIMILAR_CANDIDATES = 300
# Near matches are looked for only among keys of comparable length (bounded work per name).
MAX_KEY_LENGTH_FOR_SIMILARITY = 120

# Legal-form words, compared after case folding and NFKC, as whole words (Latin script).
LATIN_LEGAL_FORMS = {
    "co",
    "company",
    "companies",
    "corp",
    "corporation",
    "inc",
    "incorporated",
    "ltd",
    "limited",
    "llc",
    "plc",
    "gmbh",
    "ag",
    "sa",
    "jsc",
    "pte",
    "pvt",
}
# Legal-form endings in Chinese (simplified, after t2s), Japanese and Korean: dropped from the end,
# longest first, repeatedly ("…有限责任公司", "…(주)").
CJK_LEGAL_FORMS = sorted(
    {
        "股份有限公司",
        "有限责任公司",
        "有限公司",
        "总公司",
        "公司",
        "株式会社",
        "有限会社",
        "合资会社",
        "会社",
        "주식회사",
        "유한회사",
        "유한공사",
        "유한책임회사",
        "회사",
        "공사",
        "(주)",
        "㈜",
    },
    key=len,
    reverse=True,
)
_WORD = re.compile(r"[^\W_]+")
_BRACKETS = re.compile(r"[(\[（【「『][^)\]）】」』]*[)\]）】」』]")


@dataclass(frozen=True)
class DuplicateMatch:
    obj: object
    reason: str
    score: float


@functools.cache
def _t2s():
    import opencc  # imported lazily: only duplicate checks need it

    return opencc.OpenCC("t2s")


def _strip_cjk_forms(text: str) -> str:
    changed = True
    while changed:
        changed = False
        for form in CJK_LEGAL_FORMS:
            if text.endswith(form) and len(text) > len(form):
                text = text[: -len(form)].rstrip()
                changed = True
    for form in ("(주)", "㈜", "株式会社", "주식회사"):  # also written before the name
        if text.startswith(form) and len(text) > len(form):
            text = text[len(form) :].lstrip()
    return text


def name_key(name: str) -> str:
    """The form two names of one record share: see the module docstring."""
    text = unicodedata.normalize("NFKC", name or "").casefold().strip()
    if not text:
        return ""
    if any("\u4e00" <= ch <= "\u9fff" for ch in text):
        text = _t2s().convert(text)
    text = _strip_cjk_forms(text)
    words = [word for word in _WORD.findall(text) if word not in LATIN_LEGAL_FORMS]
    key = "".join(words)
    # A Latin legal form glued to CJK text ("…公司ltd") is rare; CJK forms inside words are kept.
    return _strip_cjk_forms(key)


def name_keys(*names: str) -> set[str]:
    """The keys of every given name (its other names split) and of the name without its brackets."""
    keys = set()
    for value in names:
        for name in split_names(value or ""):
            for candidate in (name, _BRACKETS.sub(" ", name)):
                key = name_key(candidate)
                if len(key) >= MIN_KEY_LENGTH:
                    keys.add(key)
    return keys


def bracket_keys(*names: str) -> set[str]:
    """Keys of the parts in brackets: "(Beijing Baoyuanhengchang International Trade Co., Ltd.)".

    They match another record's own name, never another bracketed part: two bodies described as
    "(participant in joint steering committee meetings)" are not one.
    """
    keys = set()
    for value in names:
        for name in split_names(value or ""):
            for part in (m.group(0)[1:-1] for m in _BRACKETS.finditer(name)):
                key = name_key(part)
                # A bracketed Latin word ("(DPRK)", "(Korean)") names no record: only longer parts count.
                if len(key) >= (MIN_KEY_LENGTH if not key.isascii() else MIN_BRACKET_PART_LENGTH):
                    keys.add(key)
    return keys - name_keys(*names)


def _similarity(keys: set[str], other: set[str]) -> tuple[float, str]:
    best, best_key = 0.0, ""
    for key in keys:
        if len(key) > MAX_KEY_LENGTH_FOR_SIMILARITY:
            continue
        matcher = difflib.SequenceMatcher(a=key, autojunk=False)
        for candidate in other:
            if len(candidate) > MAX_KEY_LENGTH_FOR_SIMILARITY:
                continue
            matcher.set_seq2(candidate)
            if matcher.real_quick_ratio() < SIMILAR_RATIO or matcher.quick_ratio() < SIMILAR_RATIO:
                continue
            ratio = matcher.ratio()
            if ratio > best:
                best, best_key = ratio, candidate
    return best, best_key


class NameIndex:
    """Records by name key, for many look-ups at once (the importer builds one per import).

    `add` takes a record, its keys and its group (province id for ventures, country for
    organizations; None when unknown). `find` gives the likely duplicates of a set of keys.
    """

    def __init__(self):
        self.by_key: dict[str, list] = {}
        self.by_weak_key: dict[str, list] = {}
        self.by_prefix: dict[str, list] = {}
        self.entries: list[tuple[object, set[str], object]] = []

    def add(self, obj, keys: set[str], group, weak_keys: set[str] = frozenset()) -> None:
        entry = (obj, keys, group)
        self.entries.append(entry)
        for key in keys:
            self.by_key.setdefault(key, []).append(entry)
            self.by_prefix.setdefault(key[:PREFIX_LENGTH], []).append(entry)
        for key in weak_keys:
            self.by_weak_key.setdefault(key, []).append(entry)

    def find(
        self,
        keys: set[str],
        group,
        *,
        weak_keys: set[str] = frozenset(),
        exclude_pk=None,
        similar: bool = True,
    ) -> list[DuplicateMatch]:
        matches: dict[int, DuplicateMatch] = {}

        def compatible(obj, other_group):
            if exclude_pk is not None and getattr(obj, "pk", None) == exclude_pk:
                return False
            return group in (None, "") or other_group in (None, "") or other_group == group

        lookups = [(key, self.by_key) for key in keys] + [(key, self.by_weak_key) for key in keys]
        lookups += [(key, self.by_key) for key in weak_keys]
        for key, table in lookups:
            for obj, _, other_group in table.get(key, ()):
                if compatible(obj, other_group) and id(obj) not in matches:
                    matches[id(obj)] = DuplicateMatch(obj, f"same name “{key}” (normalised)", 1.0)
        if similar and keys:
            # Near matches among the names that start alike (bounded work per name).
            candidates = {
                id(e[0]): e
                for key in keys
                for e in self.by_prefix.get(key[:PREFIX_LENGTH], ())[-MAX_SIMILAR_CANDIDATES:]
            }
            for obj, other_keys, other_group in candidates.values():
                if id(obj) in matches or not compatible(obj, other_group):
                    continue
                ratio, key = _similarity(keys, other_keys)
                if ratio >= SIMILAR_RATIO:
                    matches[id(obj)] = DuplicateMatch(
                        obj, f"similar name “{key}” ({ratio:.0%} alike)", round(ratio * 0.9, 3)
                    )
        return sorted(matches.values(), key=lambda m: (-m.score, getattr(m.obj, "pk", 0) or 0))


def _names(record) -> tuple[str, ...]:
    return (record.name, record.name_ko, record.name_zh, record.other_names)


def venture_keys(venture: Venture) -> set[str]:
    """The name keys of a venture (every name field), as the index holds them."""
    return name_keys(*_names(venture))


def organization_keys(organization: Organization) -> set[str]:
    """The name keys of an organization (every name field), as the index holds them."""
    return name_keys(*_names(organization))


def venture_index(ventures: Iterable[Venture] | None = None) -> NameIndex:
    index = NameIndex()
    if ventures is None:
        ventures = Venture.objects.only(
            "id", "public_id", "name", "name_ko", "name_zh", "other_names", "province_id"
        )
    for venture in ventures:
        names = _names(venture)
        index.add(venture, name_keys(*names), venture.province_id, bracket_keys(*names))
    return index


def organization_index(organizations: Iterable[Organization] | None = None) -> NameIndex:
    index = NameIndex()
    if organizations is None:
        organizations = Organization.objects.only(
            "id", "name", "name_ko", "name_zh", "other_names", "country"
        )
    for organization in organizations:
        names = _names(organization)
        index.add(organization, name_keys(*names), organization.country, bracket_keys(*names))
    return index


def likely_duplicate_ventures(
    *, name: str, name_ko: str = "", name_zh: str = "", province_id=None, exclude_pk=None
) -> list[DuplicateMatch]:
    """Existing ventures with the same or a similar name (any script) in the same province, best first."""
    names = (name, name_ko, name_zh)
    return venture_index().find(
        name_keys(*names), province_id, weak_keys=bracket_keys(*names), exclude_pk=exclude_pk
    )


def likely_duplicate_organizations(
    *,
    name: str,
    name_ko: str = "",
    name_zh: str = "",
    other_names: str = "",
    country: str = "",
    exclude_pk=None,
) -> list[DuplicateMatch]:
    """Existing organizations with the same or a similar name (any script), same country, best first."""
    names = (name, name_ko, name_zh, other_names)
    return organization_index().find(
        name_keys(*names), country or None, weak_keys=bracket_keys(*names), exclude_pk=exclude_pk
    )


def url_variants(url: str) -> list[str]:
    """The normalised URL first, then its http/https and with/without "www." variants."""
    try:
        normalised = SourceArticle.normalized_url(url)
    except ValidationError:
        return []
    parts = urlsplit(normalised)
    host = parts.netloc
    bare = host[4:] if host.startswith("www.") else host
    variants = [normalised]
    for scheme in ("https", "http"):
        for netloc in (bare, f"www.{bare}"):
            variant = urlunsplit((scheme, netloc, parts.path, parts.query, ""))
            if variant not in variants:
                variants.append(variant)
    return variants


def source_for_url(url: str) -> SourceArticle | None:
    """The stored source of `url`: the same source when only the scheme or a leading "www." differ."""
    variants = url_variants(url)
    if not variants:
        return None
    found = {source.url: source for source in SourceArticle.objects.filter(url__in=variants)}
    for variant in variants:
        if variant in found:
            return found[variant]
    return None
