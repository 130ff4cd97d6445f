"""Put the sentences' facts together into proposed ventures (usually one; a roundup several).

An article proposes a venture only on venture evidence: a joint-venture word or a venture's own
name, or a deal (an agreement signed, rights leased, capital invested, a stake) between a party and
North Korea. An article on North Korea–China trade or economics without one proposes none.
"""

import re
from dataclasses import dataclass, field

from projects.models.ventures import Sector

from .amounts import Amount
from .dates import nearest
from .language import to_simplified
from .names import Name
from .partners import context_country, is_non_party, name_country, other_side, role_for, side_before
from .reading import Sentence
from .status import stage

MAX_VENTURES = 10
MAX_PARTNERS = 12
SECTOR_PHRASES = {
    "mine": "Mining",
    "ironworks": "Ironworks",
    "construction": "Construction",
    "agriculture": "Agricultural",
    "fisheries": "Fisheries",
    "manufacturing": "Manufacturing",
    "energy": "Energy",
    "trade": "Trade",
    "other": "",
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


def _key(name: str) -> str:
    """A name compared across mentions: no spaces, brackets, quotes or case."""
    return re.sub(r"[\s()（）‘’“”'\"·・,.\-]", "", name).lower()


def _is_subsequence(short: str, long: str) -> bool:
    it = iter(long)
    return all(char in it for char in short)


def _abbreviation(a: str, b: str) -> bool:
    """ "나선시인민위경제협력회사" is short for "나선시인민위원회경제협력회사" (same start and end)."""
    short, long = sorted((a, b), key=len)
    return (
        len(short) >= 6 and short[:2] == long[:2] and short[-2:] == long[-2:] and _is_subsequence(short, long)
    )


def _short_form(a: str, b: str) -> bool:
    """ "Yima Group" is short for "Henan Yima Coal Mining Group": its words, in order, same last word."""
    short, long = sorted((a.lower().split(), b.lower().split()), key=len)
    if len(short) < 2 or len(short) == len(long) or short[-1] != long[-1]:
        return False
    it = iter(long)
    return all(word in it for word in short)


def _same_venture_name(a: str, b: str) -> bool:
    a, b = _key(a), _key(b)
    short, long = sorted((a, b), key=len)
    return short == long or (len(short) >= 4 and _is_subsequence(short, long) and short[:2] == long[:2])


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


@dataclass
class Proposal:
    name: str = ""
    name_sentence: str = ""
    sentences: list[Sentence] = field(default_factory=list)


def venture_names(sentences: list[Sentence]) -> list[tuple[str, Sentence]]:
    """Own names of ventures, each once (a short form "나선합영공사" is the long one's)."""
    found: list[tuple[str, Sentence]] = []
    for sentence in sentences:
        for name in sentence.names:
            joint = name.joint or _joint_countries_name(name, sentence)
            if not joint or _key(name.name) in ("jointventurecompany", "jointventure"):
                continue
            if name.joint and sentence.language != "en" and len(_key(_without_legal_form(name.name))) < 3:
                continue  # "该合营公司", "相信合营会社": no name
            if any(_same_venture_name(name.name, other) for other, _s in found):
                continue
            found.append((name.name, sentence))
    return found


def has_evidence(sentences: list[Sentence], names: list) -> bool:
    if names or any(s.jv for s in sentences) or any(s.stakes for s in sentences):
        return True
    # North Korea named, or a place of its gazetteer.
    north_korea = any(s.north_korea or s.mentions for s in sentences)
    for sentence in sentences:
        party = sentence.names or sentence.china
        if sentence.deal and party and north_korea:
            return True
    return False


def group(sentences: list[Sentence]) -> list[Proposal]:
    """The ventures an article reports, each with the sentences that are about it."""
    names = venture_names(sentences)
    if not has_evidence(sentences, names):
        return []
    if len(names) < 2:
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
            if any(_same_venture_name(n.name, p.name) for n in sentence.names) or p.name in sentence.text
        ]
        # A sentence that names no venture is about the one named last (or the first).
        for proposal in mentioned or [current]:
            proposal.sentences.append(sentence)
        current = mentioned[-1] if mentioned else current
    return proposals


# --- partners --------------------------------------------------------------------------------


def parties(proposal: Proposal, known: dict, article_language: str) -> list[Party]:
    """The organizations that are parties to the venture, each once, with country."""
    found: list[Party] = []
    for sentence in proposal.sentences:
        if not (sentence.evidence or sentence.statuses or sentence.is_title):
            continue
        for name in sentence.names:
            if name.unnamed:
                _add_side(found, name, sentence)
                continue
            if _is_venture_itself(name, proposal, sentence) or is_non_party(name.name, sentence.language):
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


def _joint_countries_name(name: Name, sentence: Sentence) -> bool:
    """ "China-North Korea Hydroelectric Power Company, a joint venture": the venture's own name
    (not "中国の中朝辺境貿易有限公司", a Chinese company)."""
    return bool(JOINT_COUNTRIES.search(name.name) and sentence.jv) and not context_country(
        name.lead, name.tail, sentence.language
    )


def _is_venture_itself(name: Name, proposal: Proposal, sentence: Sentence) -> bool:
    if name.joint or _joint_countries_name(name, sentence):
        return True
    return bool(proposal.name) and _same_venture_name(name.name, proposal.name)


def _country(party: Party, name: Name, sentence: Sentence) -> str:
    if party.known_country:
        return party.known_country
    kp_place = any(
        m["kind"] and name.start <= m["start"] - sentence.start and m["end"] - sentence.start <= name.end
        for m in sentence.mentions
    )
    read_name = to_simplified(name.name) if sentence.language in ("zh", "ja") else name.name
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
    key = _key(party.name)
    if len(key) < 2:
        return
    party.mentions.append((party.sentence, party.start, party.end))
    for other in found:
        other_key = _key(other.name)
        same_id = party.organization_id and party.organization_id == other.organization_id
        if (
            same_id
            or key in other_key
            or other_key in key
            or _abbreviation(key, other_key)
            or _short_form(party.name, other.name)
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
            before = [p for p in in_sentence if p.end <= stake.start and stake.start - p.end < 80]
            side = side_before(sentence.read, stake.start, sentence.language)
            if before and (side is None or side[1] <= before[-1].end + 2):
                holder = real[id(before[-1])]
                holder.stake = holder.stake or stake.value
            elif side:
                holder = _side(found, unnamed, side[0], sentence)
                holder.stake = holder.stake or stake.value
            else:
                holder = _short_name_before(found, sentence, stake.start)
                if holder:
                    holder.stake = holder.stake or stake.value
    return found + [p for p in unnamed if p not in found]


def _short_name_before(found: list[Party], sentence: Sentence, position: int) -> Party | None:
    """The party a short form names just before a position ("丹东恒通占股51%", "Hengli holds 60%")."""
    window = sentence.read[max(0, position - 30) : position]
    best, best_at = None, -1
    for party in found:
        if not party.name:
            continue
        if sentence.language == "en":
            parts = re.findall(r"[A-Z][a-z]{3,}", party.name)[:1]
        else:
            name = _key(to_simplified(party.name))
            parts = [name[i : i + 4] for i in range(0, max(len(name) - 3, 0))]
        for part in parts:
            at = window.rfind(part) if sentence.language != "en" else window.rfind(part + " ")
            if at > best_at:
                best, best_at = party, at
    return best


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


# --- investment, status, contributions -------------------------------------------------------


def investment(proposal: Proposal) -> dict | None:
    for sentence in proposal.sentences:
        for amount, is_investment in sentence.amounts:
            if is_investment:
                return _amount_dict(amount, sentence)
    return None


def _amount_dict(amount: Amount, sentence: Sentence) -> dict:
    return {"amount": amount.amount, "currency": amount.currency, "sentence": sentence.text}


def status(proposal: Proposal, published_on, fallback: dict | None) -> dict | None:
    """The status the article reports.

    The latest dated event, unless an undated one (the news, often said without a date) is at
    least as far along; a venture that started again ("re-opened", "재개") is further along than
    one closed. An undated event takes the date of the latest dated mention of the same status,
    unless something else happened after that ("opened in 2000", "closed in 2004", "has
    re-opened": no date)."""
    events = []
    lead = [s.index for s in proposal.sentences if not s.is_title][:2]
    about = [
        s for s in proposal.sentences if s.evidence or s.refers or s.names or s.is_title or s.index in lead
    ]
    body = [s for s in about if not s.is_title and s.statuses]
    for sentence in body or [s for s in about if s.is_title]:
        for cue in sentence.statuses:
            found = nearest(sentence.dates, cue.start, before_first=sentence.language != "en")
            date = found.date if found else None
            precision = found.precision if found and found.date else "unknown"
            events.append((stage(cue.status, resumed=cue.resumed), cue.status, date, precision, sentence))
    if not events:
        return fallback
    dated = [e for e in events if e[2] is not None]
    undated = [e for e in events if e[2] is None]
    latest = max(dated, key=lambda e: (e[2], e[0])) if dated else None
    furthest = max(undated, key=lambda e: e[0]) if undated else None
    chosen = latest if furthest is None or (latest is not None and latest[0] >= furthest[0]) else furthest
    _stage, value, date, precision, sentence = chosen
    if date is None:
        same = [e for e in dated if e[1] == value]
        others = [e[2] for e in dated if e[1] != value]
        if same:
            best = max(same, key=lambda e: e[2])
            if not others or best[2] > max(others):
                _stage, value, date, precision, sentence = best
    return {
        "status": value,
        "date": date.isoformat() if date else None,
        "date_precision": precision if date else "unknown",
        "sentence": sentence.text,
    }


def reported(proposal: Proposal, published_on) -> dict:
    first = next(
        (s for s in proposal.sentences if s.evidence), proposal.sentences[0] if proposal.sentences else None
    )
    return {
        "status": "reported",
        "date": published_on.isoformat() if published_on else None,
        "date_precision": "day" if published_on else "unknown",
        "sentence": first.text if first else "",
    }


CONTRIBUTION_WORDS = {
    "capital": r"capital|funds?\b|cash|invest\w*|자금|자본|출자|투자|资金|资本|出资|投资|資金|資本|出資|投資",
    "technology": r"technolog\w*|know-how|기술|技术|技術",
    "equipment": r"equipment|machinery|machines|설비|장비|기계|设备|机械|設備|機械",
    "land": r"\bland\b|site|premises|토지|부지|토자|用地|土地|場所|敷地",
    "labour": r"labou?r\w*|workers|workforce|노동력|인력|노동자|劳动力|劳力|工人|労働力|労働者",
    "administrative_permission": r"permi(?:t|ssion)|licen[cs]e|approval|허가|승인|许可|批准|許可|承認",
    "resources": r"\bcoal\b|\bore\b|resources|무연탄|석탄|자원|광석|资源|煤炭|資源|石炭",
}
CONTRIBUTION_RE = {kind: re.compile(p, re.IGNORECASE) for kind, p in CONTRIBUTION_WORDS.items()}
GIVING = re.compile(
    r"provid\w*|contribut\w*|suppl(?:y|ies|ied)|offer\w*|put (?:in|up)|invest\w*|投入|提供|出资|负责|供应|"
    r"투입|제공|내놓|공급|출자|지원|담당|提供|出資|負担|供給|担当|の(?:技術|設備|労働力)|의 (?:선진 )?(?:\w+)?(?:기술|장비|노동력)"
)
CLAUSES = re.compile(r"[,;，；、。]|\s(?:while|and|whereas)\s|고\s|며\s")


def contributions(proposal: Proposal) -> list[dict]:
    """What each side brings, where a sentence says so ("중국측은 자금과 설비를, 북한측은 도로를")."""
    from .partners import side_before

    found: list[dict] = []
    seen = set()
    for sentence in proposal.sentences:
        if not GIVING.search(sentence.read):
            continue
        for kind, regex in CONTRIBUTION_RE.items():
            for match in regex.finditer(sentence.read):
                side = side_before(sentence.read, match.start(), sentence.language)
                if side is None or side[0] not in ("CN", "KP") or (side[0], kind) in seen:
                    continue
                seen.add((side[0], kind))
                found.append({"side": side[0], "kind": kind, "sentence": sentence.text})
    return found


# --- where, what, name -------------------------------------------------------------------------


def sector(proposal: Proposal, article_sectors: list[dict]) -> tuple[str, str]:
    counts: dict[str, int] = {}
    first: dict[str, str] = {}
    for sentence in proposal.sentences:
        for value, count in sentence.sectors.items():
            counts[value] = counts.get(value, 0) + count + (1 if sentence.evidence else 0)
            first.setdefault(value, sentence.text)
    if counts:
        value = max(counts, key=lambda v: (counts[v], -list(first).index(v)))
        return value, first[value]
    if article_sectors:
        return article_sectors[0]["sector"], article_sectors[0]["sentence"]
    return Sector.OTHER.value, ""


def form(proposal: Proposal) -> str:
    forms = set().union(*(s.forms for s in proposal.sentences)) if proposal.sentences else set()
    return next(iter(forms)) if len(forms) == 1 else ""


def arrangement(proposal: Proposal) -> str:
    if any(s.joint_operation for s in proposal.sentences):
        return "joint_operation"
    if any(s.jv for s in proposal.sentences) or proposal.name:
        return "joint_venture"
    return ""


def location(proposal: Proposal, mentions: list[dict]) -> dict:
    """Province and place from the gazetteer mentions in the venture's sentences (places first)."""
    spans = [(s.start, s.end, s) for s in proposal.sentences]
    places: dict = {}
    provinces: dict = {}
    for mention in mentions:
        sentence = next((s for a, b, s in spans if a <= mention["start"] < b), None)
        if sentence is None:
            continue
        weight = 2 if sentence.evidence or sentence.is_title else 1
        if mention["kind"] == "province":
            entry = provinces.setdefault(mention["code"], [0, mention["sentence"]])
        else:
            entry = places.setdefault(mention["place_id"], [0, mention["sentence"], mention])
        entry[0] += weight
    result = {
        "province": None,
        "province_sentence": "",
        "place_id": None,
        "place_sentence": "",
        "location_precision": "province",
    }
    if places:
        place_id = max(places, key=lambda k: places[k][0])
        _count, sentence, mention = places[place_id]
        result.update(
            place_id=place_id,
            place_sentence=sentence,
            province=mention["province"],
            province_sentence=sentence,
            location_precision="exact" if mention["kind"] == "site" else "county",
        )
    elif provinces:
        code = max(provinces, key=lambda k: provinces[k][0])
        result.update(province=code, province_sentence=provinces[code][1])
    return result


def descriptive_name(sector_value: str, arrangement_value: str, where: str) -> str:
    what = {"joint_venture": "joint venture", "joint_operation": "joint operation"}.get(
        arrangement_value, "venture"
    )
    phrase = SECTOR_PHRASES.get(sector_value, "")
    name = f"{phrase} {what}" if phrase else what.capitalize()
    return f"{name} in {where}" if where else name
