"""The pre-read: whole proposed ventures read out of an article (English, Korean, Chinese, Japanese).

`preread(text, *, title, published_on, language, matcher)` returns the ventures an article reports
(usually one; a roundup several; none for an article without venture evidence), each field with
the sentence it comes from, for an editor to confirm: nothing is created or published from it.
`suggestions_with_ventures(...)` is what the intake stores (`SourceSuggestions.data`): the matcher's
suggestions as before, plus `language`, `ventures` and `preread` (what was read, and why nothing
was when nothing was). See docs/intake.md, "Pre-read".

How: the language is told by script (`language`); traditional Chinese and Japanese kanji are
converted to simplified characters, position for position, before the matcher (gazetteer,
organizations, ventures, sectors, forms) and the Chinese vocabulary read them; each sentence is
read for organization names (`names`), sums (`amounts`), stakes and countries (`partners`),
statuses (`status`) and dates (`dates`) (`reading`); the ventures it reports are told apart
(`grouping`), and the facts put together per venture: parties (`parties`), the other fields
(`ventures`). Vocabulary: `words`.
"""

import datetime

from ..phrases import fold
from ..sentences import Sentences
from . import grouping, parties
from . import ventures as assemble
from .language import detect, matching_text, normalize_hint
from .reading import read_sentence, split

PREREAD_VERSION = 1
# Characters of an article read (the matcher's bound: the rest is not read).
MAX_TEXT_CHARS = 200_000
# A "title" longer than this is no headline (the whole article on one line): it is read as text.
MAX_TITLE_CHARS = 300
# A text with more control or replacement characters than this share is not text.
MAX_BINARY_SHARE = 0.02

__all__ = ["PREREAD_VERSION", "preread", "suggestions_with_ventures"]


def preread(
    text: str,
    *,
    title: str = "",
    published_on: datetime.date | None = None,
    language: str = "",
    matcher=None,
) -> list[dict]:
    """The ventures the article reports (see the module docstring and docs/intake.md)."""
    return suggestions_with_ventures(
        text, title=title, published_on=published_on, language=language, matcher=matcher
    )["ventures"]


def suggestions_with_ventures(
    text: str,
    *,
    title: str = "",
    published_on: datetime.date | None = None,
    language: str = "",
    matcher=None,
) -> dict:
    """The suggestions the intake stores: the matcher's, plus `language`, `ventures` and `preread`."""
    from ..match import Matcher

    matcher = matcher or Matcher.from_database()
    text = text if isinstance(text, str) else ""
    title = title if isinstance(title, str) else ""
    published_on = published_on if isinstance(published_on, datetime.date) else None
    full, title_end = _compose(text, title)
    truncated = len(full) > MAX_TEXT_CHARS
    full = full[:MAX_TEXT_CHARS]
    note = ""
    if _is_binary(full):
        note = "The text is not readable text (binary data): nothing was read."
        full, title_end = "", 0
    detected = detect(full) if full else ""
    article_language = detected or ("" if full.strip() else normalize_hint(language))
    if full.strip() and not detected:
        note = "The text is not in English, Korean, Chinese or Japanese: no venture was read."
    elif not full.strip() and not note:
        note = "The text is empty: nothing was read."
    read = matching_text(full, article_language) if full else ""
    data = matcher.suggest(read)
    if truncated and "text" not in data["truncated"]:
        data["truncated"].insert(0, "text")
    if read != full:
        _restore(data, read, full)
    ventures: list[dict] = []
    sentences_left = False
    if detected:
        ventures, sentences_left = _ventures(
            full, read, title_end, article_language, published_on, matcher, data
        )
    data["language"] = article_language
    data["ventures"] = ventures
    data["preread"] = {
        "version": PREREAD_VERSION,
        "note": note,
        "truncated": [name for name, cut in (("text", truncated), ("sentences", sentences_left)) if cut],
    }
    return data


def _compose(text: str, title: str) -> tuple[str, int]:
    text = text.replace("\x00", "")
    title = title.replace("\x00", "").strip()
    if not title:
        return text, 0
    if len(title) > MAX_TITLE_CHARS:
        # No headline is this long: a text pasted on one line. It is all body.
        return f"{title}\n\n{text}" if not text.lstrip().startswith(title) else text, 0
    if text.lstrip().startswith(title):
        offset = len(text) - len(text.lstrip())
        return text, offset + len(title)
    return f"{title}\n\n{text}", len(title)


def _is_binary(text: str) -> bool:
    sample = text[:20_000]
    if not sample:
        return False
    bad = sum(1 for c in sample if (c < " " and c not in "\n\r\t") or c == "\ufffd")
    return bad > len(sample) * MAX_BINARY_SHARE


def _restore(data: dict, read: str, full: str):
    """Put the article's own characters back into what the matcher quoted from the converted text."""
    original = Sentences.split(full)

    def back(value: str) -> str:
        core = value.strip("…")
        where = read.find(core) if core else -1
        return value.replace(core, full[where : where + len(core)]) if where != -1 else value

    for mention in data.get("mentions", []):
        mention["text"] = full[mention["start"] : mention["end"]]
        mention["sentence"] = original.snippet(mention["start"], mention["end"])
    for key in ("sectors", "forms", "organizations"):
        for item in data.get(key, []):
            for field in ("text", "sentence", "name"):
                if (
                    field in item
                    and isinstance(item[field], str)
                    and not (key == "organizations" and field == "name" and item.get("organization_id"))
                ):
                    item[field] = back(item[field])


def _ventures(
    full, read, title_end, article_language, published_on, matcher, data
) -> tuple[list[dict], bool]:
    spans, left = split(full, read, title_end)
    folded = fold(read)
    sentences = [
        read_sentence(
            i,
            start,
            end,
            full,
            read,
            article_language,
            published_on,
            is_title=end <= title_end,
            folded=folded,
        )
        for i, (start, end) in enumerate(spans)
    ]
    mentions = data.get("mentions", [])
    paragraph = 0
    for number, sentence in enumerate(sentences):
        sentence.mentions = [m for m in mentions if sentence.start <= m["start"] < sentence.end]
        if number and "\n" in full[sentences[number - 1].end : sentence.start]:
            paragraph += 1
        sentence.paragraph = paragraph
    known = _known_organizations(matcher, read, sentences)
    proposals = grouping.group(sentences)
    if not proposals:
        return [], left
    article = grouping.Proposal(sentences=sentences)
    fallback = assemble.status(article, published_on, None)
    results = []
    for proposal in proposals[: grouping.MAX_VENTURES]:
        venture = _venture_dict(proposal, known, article_language, published_on, data, matcher, fallback)
        if _says_something(venture, proposal):
            results.append(venture)
    return results, left


def _says_something(venture: dict, proposal) -> bool:
    """A proposal with no party, no sum, no own name, no stake and nothing that happened to it is
    an article speaking of joint ventures, not reporting one: it is not proposed."""
    return bool(
        venture["partners"]
        or venture["investment"]
        or proposal.name
        or (venture["status"] and venture["status"]["status"] != "reported")
    )


def _known_organizations(matcher, read: str, sentences) -> dict:
    """Existing organizations named in the text: (sentence index, start, end) → (id, country, text).

    Keyed by the span of the name found by pattern that contains the mention, if any, else by the
    mention's own span (relative to the sentence)."""
    index = getattr(matcher, "organizations", None)
    if index is None:
        return {}
    known = {}
    folded = fold(read)
    starts = [s.start for s in sentences]
    from bisect import bisect_right

    for start, end, organizations in index.finditer(folded):
        position = bisect_right(starts, start) - 1
        if position < 0:
            continue
        sentence = sentences[position]
        if end > sentence.end:
            continue
        organization = organizations[0]
        local = (start - sentence.start, end - sentence.start)
        value = (organization.pk, organization.country or "", sentence.text[local[0] : local[1]])
        container = next((n for n in sentence.names if n.start <= local[0] and local[1] <= n.end), None)
        key = (sentence.index, container.start, container.end) if container else (sentence.index, *local)
        known.setdefault(key, value)
    return known


def _venture_dict(proposal, known, article_language, published_on, data, matcher, fallback) -> dict:
    found = parties.parties(proposal, known, article_language)
    found = parties.assign_stakes(proposal, found)
    sector, sector_sentence = assemble.sector(
        proposal, [] if proposal.own_paragraphs else data.get("sectors", [])
    )
    arrangement = assemble.arrangement(proposal)
    where = assemble.location(proposal, data.get("mentions", []))
    name, name_sentence = proposal.name, proposal.name_sentence
    if not name:
        place = next(
            (
                m["name"]
                for m in data.get("mentions", [])
                if m.get("place_id") == where["place_id"] and where["place_id"]
            ),
            "",
        )
        province = next(
            (
                m["name"]
                for m in data.get("mentions", [])
                if m["kind"] == "province" and m["code"] == where["province"]
            ),
            "",
        )
        name = assemble.descriptive_name(sector, arrangement, place or province)
        name_sentence = ""
    status = assemble.status(proposal, published_on, None if proposal.own_paragraphs else fallback)
    status = status or assemble.reported(proposal, published_on)
    partners = parties.partner_dicts(found)
    return {
        "name": name,
        "name_sentence": name_sentence,
        "sector": sector,
        "sector_sentence": sector_sentence,
        "form": assemble.form(proposal),
        "arrangement": arrangement,
        **where,
        "language": article_language,
        "partners": partners,
        "investment": assemble.investment(proposal),
        "status": status,
        "contributions": assemble.contributions(proposal),
        "existing_ventures": _existing(
            proposal_name=proposal.name,
            where=where,
            sector=sector,
            partners=partners,
            data=data,
            matcher=matcher,
        ),
    }


def _existing(*, proposal_name, where, sector, partners, data, matcher) -> list[dict]:
    """Existing ventures this one may be: same place and sector, a partner in common, a name."""
    found: dict[int, list[str]] = {}
    for candidate in data.get("candidate_ventures", []):
        why = []
        if "name" in candidate["reasons"]:
            why.append("its name is in the article")
        same_province = where["province"] and candidate["province"] == where["province"]
        if "place" in candidate["reasons"] and candidate["sector"] == sector:
            why.append("same place and sector")
        elif same_province and candidate["sector"] == sector:
            why.append("same province and sector")
        if why:
            found[candidate["id"]] = why
    by_organization = getattr(matcher, "ventures_by_organization", {})
    for partner in partners:
        for venture_id in (
            by_organization.get(partner["organization_id"], ()) if partner["organization_id"] else ()
        ):
            found.setdefault(venture_id, []).append(f"partner in common: {partner['name']}")
    results = []
    for venture_id, why in found.items():
        facts = matcher.ventures.get(venture_id) if hasattr(matcher, "ventures") else None
        if facts is None:
            continue
        results.append(
            {"id": facts.id, "public_id": facts.public_id, "name": facts.name, "why": "; ".join(why)}
        )
    results.sort(key=lambda r: (-r["why"].count(";"), r["public_id"]))
    return results[: grouping.MAX_VENTURES]
