"""The other fields of a proposed venture: investment, status, contributions, sector, place, name."""

import re

from projects.models.ventures import Sector

from .amounts import Amount
from .dates import nearest
from .grouping import Proposal
from .reading import Sentence
from .status import stage

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
