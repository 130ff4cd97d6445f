"""The parties to a proposed venture: each organization once, its country, role and stake."""

import re
from dataclasses import dataclass, field

from .grouping import (
    Proposal,
    is_abbreviation,
    is_short_form,
    joint_countries_name,
    name_key,
    same_venture_name,
)
from .language import japanese_to_simplified, to_simplified
from .names import Name
from .partners import (
    REGION_EN,
    context_country,
    is_non_party,
    name_country,
    other_side,
    role_for,
    side_before,
)
from .reading import Sentence
from .words import (
    CHINESE_PROVINCES,
    INDUSTRY_WORDS,
    NORTH_KOREAN_FORMS,
    ORGANIZATION_NOUNS_EN,
    ORGANIZATION_SUFFIXES,
)

MAX_PARTNERS = 12


@dataclass
class Party:
    name: str
    country: str
    organ: bool
    sentence: Sentence
    start: int  # in the sentence
    end: int
    organization_id: int | None = None
    stake: float | None = None
    known_country: str = ""
    mentions: list = field(default_factory=list)  # (sentence, start, end) of every mention


# --- partners --------------------------------------------------------------------------------


def parties(proposal: Proposal, known: dict, article_language: str) -> list[Party]:
    """The organizations that are parties to the venture, each once, with country."""
    found: list[Party] = []
    for sentence in proposal.sentences:
        if not (sentence.evidence or sentence.statuses or sentence.is_title or sentence.refers):
            continue
        for name in sentence.names:
            if name.unnamed:
                _add_side(found, name, sentence)
                continue
            if _is_venture_itself(name, proposal, sentence) or is_non_party(name.name, sentence.language):
                continue
            if _is_description(name, sentence):
                continue
            known_org = known.get((sentence.index, name.start, name.end))
            party = Party(name.name, "", name.organ, sentence, name.start, name.end)
            if known_org:
                party.organization_id, party.known_country = known_org[0], known_org[1]
            party.country = _country(party, name, sentence)
            _add(found, party)
        for (index, start, end), (org_id, country, text) in known.items():
            if index == sentence.index and not any(p.organization_id == org_id for p in found):
                if any(n.start <= start and end <= n.end for n in sentence.names):
                    continue
                _add(
                    found,
                    Party(text, country or "", False, sentence, start, end, org_id, known_country=country),
                )
    _fill_countries(found)
    return found[:MAX_PARTNERS]


LEGAL_FORM_AT_END = re.compile(
    "(?:"
    + "|".join(
        sorted(
            map(
                re.escape,
                ORGANIZATION_SUFFIXES["ko"] + ORGANIZATION_SUFFIXES["zh"] + ORGANIZATION_SUFFIXES["ja"],
            ),
            key=len,
            reverse=True,
        )
    )
    + r")$"
)
DESCRIPTION_WORDS = sorted(
    set(INDUSTRY_WORDS) | set(CHINESE_PROVINCES) | {"中国", "중국", "省", "성"},
    key=len,
    reverse=True,
)


def _is_description(name: Name, sentence: Sentence) -> bool:
    """ "遼寧漁業公司", "繊維会社", "목재공장": a region and a trade, no name of its own. North Korean
    enterprises are named by place and trade ("혜산광업련합기업소") and so are not descriptions, nor
    organs ("两江道建材总局")."""
    if sentence.language == "en" or name.organ or name.name.endswith(NORTH_KOREAN_FORMS):
        return False
    if name.name.startswith(("조선", "朝鲜", "朝鮮", "평양", "平壤", "平壌")):
        return False  # "조선수출입상사": Korea's own naming
    text = japanese_to_simplified(name.name) if sentence.language == "ja" else to_simplified(name.name)
    core = LEGAL_FORM_AT_END.sub("", re.sub(r"[\s()（）]", "", text))
    for mention in sentence.mentions:
        core = core.replace(to_simplified(mention["text"]), "")
    for word in DESCRIPTION_WORDS:
        core = core.replace(word, "")
    return len(core) < 2


def _is_venture_itself(name: Name, proposal: Proposal, sentence: Sentence) -> bool:
    if name.joint or joint_countries_name(name, sentence):
        return True
    return bool(proposal.name) and same_venture_name(name.name, proposal.name)


# "Baltic Seaway Logistics, a Latvian firm": the country an apposition gives.
APPOSITION_EN = re.compile(
    r"^,\s+(?:an?|the)\s+(?:(?:private|state-owned|state|local|leading|major|large|small)\s+)?"
    r"(?P<adjective>[A-Z][a-z]+(?:[- ][A-Z][a-z]+)?)\s+(?:firm|company|group|corporation|investor|conglomerate|enterprise|trader)"
)


def _country(party: Party, name: Name, sentence: Sentence) -> str:
    if party.known_country:
        return party.known_country
    if sentence.language == "en":
        apposition = APPOSITION_EN.match(sentence.text[name.end : name.end + 60])
        if apposition:
            adjective = apposition.group("adjective").lower()
            if adjective in ("chinese", "hong kong") or REGION_EN.fullmatch(apposition.group("adjective")):
                return "CN"
            if adjective in ("north korean", "korean"):
                return "KP"
            return "XX"
    kp_place = any(
        m["kind"] and name.start <= m["start"] - sentence.start and m["end"] - sentence.start <= name.end
        for m in sentence.mentions
    )
    read_name = (
        japanese_to_simplified(name.name)
        if sentence.language == "ja"
        else to_simplified(name.name)
        if sentence.language == "zh"
        else name.name
    )
    return name_country(name.name, read_name, sentence.language, kp_places=kp_place) or context_country(
        name.lead, name.tail, sentence.language
    )


def _add_side(found: list[Party], name: Name, sentence: Sentence):
    """A party the text does not name ("上海某公司"): a side of its country, without a name."""
    country = context_country(name.lead, "", sentence.language) or "CN"
    party = next((p for p in found if not p.name and p.country == country), None)
    if party is None:
        party = Party("", country, False, sentence, name.start, name.end)
        found.append(party)
    party.mentions.append((sentence, name.start, name.end))


def _add(found: list[Party], party: Party):
    key = name_key(party.name)
    if len(key) < 2:
        return
    party.mentions.append((party.sentence, party.start, party.end))
    for other in found:
        if not other.name:
            continue  # an unnamed side is no other mention of a named party
        other_key = name_key(other.name)
        same_id = party.organization_id and party.organization_id == other.organization_id
        if (
            same_id
            or key in other_key
            or other_key in key
            or is_abbreviation(key, other_key)
            or is_short_form(party.name, other.name)
        ):
            other.mentions.extend(party.mentions)
            # Keep the fuller name as written, and whatever the other mention knew.
            if len(key) > len(other_key) and not other.organization_id:
                other.name = party.name
            other.country = other.country or party.country
            other.organization_id = other.organization_id or party.organization_id
            return
    found.append(party)


def _fill_countries(found: list[Party]):
    """A party whose country nothing shows: the other side of a North Korean deal (Chinese)."""
    for party in found:
        if not party.country:
            party.country = other_side(party.sentence.read, party.sentence.language)
    countries = {p.country for p in found}
    for party in found:
        if not party.country:
            party.country = (
                "CN"
                if "KP" in countries and "CN" not in countries
                else "KP"
                if "CN" in countries and "KP" not in countries
                else "CN"
            )


def assign_stakes(proposal: Proposal, found: list[Party]) -> list[Party]:
    """Stakes to the parties holding them; an unnamed side gets a party without a name."""
    unnamed: list[Party] = []
    for sentence in proposal.sentences:
        for stake in sentence.stakes:
            if stake.side:
                holder = _side(found, unnamed, stake.side, sentence)
                holder.stake = holder.stake or stake.value
                continue
            mentions = [
                (Party(p.name, p.country, p.organ, s, start, end), p)
                for p in found
                for s, start, end in p.mentions
                if s is sentence
            ]
            mentions.sort(key=lambda pair: pair[0].start)
            in_sentence = [mention for mention, _party in mentions]
            real = {id(mention): party for mention, party in mentions}
            if stake.each:
                holders = [real[id(p)] for p in in_sentence]
                if not holders:
                    for code in ("CN", "KP"):
                        holders.append(_side(found, unnamed, code, sentence))
                for holder in holders:
                    holder.stake = holder.stake or stake.value
                for code in ("CN", "KP"):
                    if not any(h.country == code for h in holders):
                        _side(found, unnamed, code, sentence).stake = stake.value
                continue
            if stake.after:
                following = [p for p in in_sentence if p.start >= stake.end and p.start - stake.end < 40]
                side = side_before(sentence.read, stake.end, sentence.language, after=True)
                if following and (side is None or following[0].start <= side[1]):
                    real[id(following[0])].stake = real[id(following[0])].stake or stake.value
                elif side:
                    holder = _side(found, unnamed, side[0], sentence)
                    holder.stake = holder.stake or stake.value
                continue
            # The nearest before the figure of: a mention of a party, an unnamed side, a short form.
            before = [
                p
                for p in in_sentence
                if p.end <= stake.start and stake.start - p.end < 80 and not _companion(sentence, p)
            ]
            side = side_before(sentence.read, stake.start, sentence.language)
            companions = {id(real[id(p)]) for p in in_sentence if _companion(sentence, p)}
            short, short_at = _short_name_before(
                [p for p in found if id(p) not in companions], sentence, stake.start
            )
            options = []
            if before:
                options.append((before[-1].end, real[id(before[-1])]))
            if side:
                options.append((side[1], None))
            if short:
                options.append((short_at, short))
            if not options:
                continue
            _at, holder = max(options, key=lambda o: o[0])
            if holder is None:
                holder = _side(found, unnamed, side[0], sentence)
            holder.stake = holder.stake or stake.value
    return found + [p for p in unnamed if p not in found]


COMPANION_AFTER = {"ja": re.compile(r"^(?:と|との)"), "ko": re.compile(r"^(?:와|과|와의|과의|측과)")}
COMPANION_BEFORE = {"zh": re.compile(r"[与和同跟]$"), "en": re.compile(r"\bwith (?:the )?$", re.IGNORECASE)}


def _companion(sentence: Sentence, mention: Party) -> bool:
    """A party named as the one dealt with ("X와 합작해", "X与…", "Xとの合弁", "with X"), not the holder."""
    after = COMPANION_AFTER.get(sentence.language)
    before = COMPANION_BEFORE.get(sentence.language)
    return bool(
        (after and after.match(sentence.text[mention.end : mention.end + 3]))
        or (before and before.search(sentence.read[max(0, mention.start - 10) : mention.start]))
    )


def _short_name_before(found: list[Party], sentence: Sentence, position: int) -> tuple[Party | None, int]:
    """The party a short form names just before a position ("丹东恒通占股51%", "Ruixiang owns 55%"),
    and where that short form ends."""
    offset = max(0, position - 30)
    read = japanese_to_simplified(sentence.text) if sentence.language == "ja" else sentence.read
    window = read[offset:position]
    best, best_at = None, -1
    for party in found:
        if not party.name:
            continue
        if sentence.language == "en":
            parts = [
                w
                for w in re.findall(r"[A-Z][a-z]{3,}", party.name)
                if not re.fullmatch(ORGANIZATION_NOUNS_EN, w) and not REGION_EN.fullmatch(w)
            ]
        else:
            name = name_key(
                japanese_to_simplified(party.name) if sentence.language == "ja" else to_simplified(party.name)
            )
            parts = [name[i : i + 4] for i in range(0, max(len(name) - 3, 0))]
        for part in parts:
            if sentence.language == "en":
                hits = [m.start() for m in re.finditer(rf"\b{re.escape(part)}\b", window)]
                at = hits[-1] if hits else -1
            else:
                at = window.rfind(part)
            if at != -1 and at + len(part) > best_at:
                best, best_at = party, at + len(part)
    return best, (offset + best_at if best else -1)


def _side(found: list[Party], unnamed: list[Party], country: str, sentence: Sentence) -> Party:
    of_country = [p for p in found if p.country == country]
    if len(of_country) == 1:
        return of_country[0]
    for party in unnamed:
        if party.country == country:
            return party
    party = Party("", country, False, sentence, 0, 0)
    unnamed.append(party)
    return party


def partner_dicts(found: list[Party]) -> list[dict]:
    return [
        {
            "name": p.name,
            "country": p.country or "XX",
            "role": role_for(p.country, organ=p.organ),
            "stake": p.stake,
            "organization_id": p.organization_id,
            "sentence": p.sentence.text,
        }
        for p in found
    ]
