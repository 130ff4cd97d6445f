"""The pre-read scored against a labelled set: one rule per field, micro-averaged, per language."""

import json
import re
import time
import unicodedata
from datetime import date
from functools import lru_cache
from pathlib import Path

FIELDS = ("partners", "country", "amounts", "stakes", "status", "status_date", "sector", "province", "place")
LANGUAGES = ("en", "ko", "zh-hans", "zh-hant", "ja")
AMOUNT_TOLERANCE = 0.005  # relative: "about $1.2 billion" written as 1,199,500,000 still counts
STAKE_TOLERANCE = 0.01  # percentage points
# A partner's name as proposed keeps no possessive country word before the organization's own name.
POSSESSIVE = re.compile(r"['’]s\b")


def _rates(c: dict) -> dict:
    precision = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 1.0
    recall = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {**c, "precision": precision, "recall": recall, "f1": f1}


class LabelledSetError(ValueError):
    """The directory is not a labelled set (missing, no labels.json, a label without its article)."""


@lru_cache(maxsize=1)
def _to_simplified():
    try:
        import opencc
    except ImportError:  # the comparison then stays within one script
        return lambda text: text
    return opencc.OpenCC("t2s").convert


def fold_name(name: str) -> str:
    """How names are compared: NFKC, case-folded, traditional → simplified, letters and digits only."""
    folded = unicodedata.normalize("NFKC", name or "").casefold()
    return re.sub(r"[\W_]+", "", _to_simplified()(folded))


def names_match(key: str, proposed: str) -> bool:
    """A labelled key (a distinctive part of the name as written) matches a proposed name that
    contains it, unless the proposed name keeps a possessive ("China's …") before it."""
    key_folded = fold_name(key)
    if not key_folded or key_folded not in fold_name(proposed):
        return False
    return not POSSESSIVE.search(proposed)


def article_language(name: str, label: dict) -> str:
    if label.get("language"):
        return label["language"]
    stem = name.removeprefix("neg-").removeprefix("neg_")
    if stem.startswith(("zh-trad", "zh-hant", "zh_trad")):
        return "zh-hant"
    prefix = re.split(r"[-_]", stem, maxsplit=1)[0]
    return "zh-hans" if prefix == "zh" else prefix


def expected_ventures(name: str, label: dict) -> int:
    if "ventures" in label:
        return label["ventures"]
    return 0 if name.startswith(("neg-", "neg_")) else 1


def read_article(path: Path) -> tuple[str, str]:
    """An article file is its title line, then the body."""
    title, _, body = path.read_text(encoding="utf-8").strip().partition("\n")
    return title.strip(), body.strip()


def load_labelled_set(directory: Path) -> list[dict]:
    directory = Path(directory)
    if not directory.is_dir():
        raise LabelledSetError(f"No such directory: {directory}")
    labels_path = directory / "labels.json"
    if not labels_path.is_file():
        raise LabelledSetError(f"No labels.json in {directory}")
    labels = json.loads(labels_path.read_text(encoding="utf-8"))
    articles = []
    for name, label in sorted(labels.items()):
        stem = name.removesuffix(".txt")
        path = directory / f"{stem}.txt"
        if not path.is_file():
            raise LabelledSetError(f"{labels_path} labels {name}, but {path.name} is not there")
        title, body = read_article(path)
        published = label.get("published_on")
        articles.append(
            {
                "name": stem,
                "language": article_language(stem, label),
                "title": title,
                "text": body,
                "published_on": date.fromisoformat(published) if published else None,
                "label": label,
            }
        )
    return articles


def _variants(record) -> set[str]:
    names = [getattr(record, f) for f in record.NAME_FIELDS if f != "alt_names"]
    return {fold_name(n) for n in [*names, *record.alt_names.split("|")] if n}


def gazetteer_names(place_ids: set[int]) -> dict:
    """Every name variant of the proposed places, and of each province (for labelled places such
    as "Pyongyang" or "나선시" that are province-level units: the province is their place)."""
    from projects.models import Place, Province

    return {
        "places": {place.pk: _variants(place) for place in Place.objects.filter(pk__in=place_ids)},
        "provinces": {
            variant: province.code for province in Province.objects.all() for variant in _variants(province)
        },
    }


def _date_at_precision(value: str | None, precision: str) -> str | None:
    if not value or precision in ("", "unknown"):
        return None
    return {"year": value[:4], "month": value[:7]}.get(precision, value[:10])


def score_article(article: dict, ventures: list[dict], gazetteer: dict) -> dict:
    """Counts per field for one article, and what was wrong, as sentences an engine author can act on."""
    label, facts = article["label"], article["label"].get("facts", {})
    counts = {field: {"tp": 0, "fp": 0, "fn": 0} for field in FIELDS}
    errors = []

    def miss(field, what):
        counts[field]["fn"] += 1
        errors.append(f"{field}: missed {what}")

    def false(field, what):
        counts[field]["fp"] += 1
        errors.append(f"{field}: false {what}")

    # Partners: each labelled party (partner: true) found by a proposed name containing its key;
    # a proposal matching a labelled non-party (the venture itself, a ministry over it) is neither
    # right nor wrong; anything else proposed is false.
    orgs = facts.get("orgs", [])
    # A partner with no name is a side the text does not name ("the Chinese side holds 70%"): not
    # an organization, so neither right nor wrong here (its stake is scored below).
    partners = {
        fold_name(p["name"]): p for v in ventures for p in v.get("partners", []) if p["name"]
    }.values()
    found: dict[int, dict] = {}
    for partner in partners:
        hits = [i for i, org in enumerate(orgs) if names_match(org["key"], partner["name"])]
        party = [i for i in hits if orgs[i]["partner"]]
        if party:
            found.setdefault(party[0], partner)
        elif not hits:
            false("partners", f"{partner['name']!r} ({partner.get('country')})")
    for i, org in enumerate(orgs):
        if not org["partner"]:
            continue
        if i not in found:
            miss("partners", f"{org['key']!r} ({org['country']})")
            continue
        counts["partners"]["tp"] += 1
        # Country, judged on the partners found: right, or wrong (both a false and a missed value).
        if org["country"]:
            given = found[i].get("country")
            if given == org["country"]:
                counts["country"]["tp"] += 1
            else:
                counts["country"]["fp"] += bool(given)
                counts["country"]["fn"] += 1
                errors.append(f"country: {found[i]['name']!r} is {org['country']}, proposed {given}")

    # Amounts: equal value (within AMOUNT_TOLERANCE) and currency; optional amounts are neither.
    def same_amount(proposed, labelled):
        value = float(labelled["value"])
        return proposed[1] == labelled["currency"] and abs(proposed[0] - value) <= AMOUNT_TOLERANCE * value

    proposed_amounts = {
        (float(v["investment"]["amount"]), v["investment"]["currency"])
        for v in ventures
        if v.get("investment")
    }
    for labelled in facts.get("amounts", []):
        if any(same_amount(p, labelled) for p in proposed_amounts):
            counts["amounts"]["tp"] += 1
        else:
            miss("amounts", f"{labelled['value']:,} {labelled['currency']}")
    allowed = [*facts.get("amounts", []), *facts.get("optional_amounts", [])]
    for proposed in sorted(proposed_amounts):
        if not any(same_amount(proposed, labelled) for labelled in allowed):
            false("amounts", f"{proposed[0]:,.0f} {proposed[1]}")

    # Stakes: the percentage (within STAKE_TOLERANCE) held by a partner whose name contains the
    # holder; when the text or the proposal names no holder ("the Chinese side"), by a partner or
    # side of the holder's country.
    proposed_stakes = [
        (float(p["stake"]), p["name"], p.get("country"))
        for v in ventures
        for p in v.get("partners", [])
        if p.get("stake") is not None
    ]
    labelled_stakes = facts.get("stakes", [])

    def same_stake(proposed, labelled):
        if abs(proposed[0] - float(labelled["value"])) > STAKE_TOLERANCE:
            return False
        if labelled.get("holder") and proposed[1]:
            return names_match(labelled["holder"], proposed[1])
        # An unnamed holder on either side: the side's country.
        return proposed[2] == labelled.get("holder_country")

    for labelled in labelled_stakes:
        if any(same_stake(p, labelled) for p in proposed_stakes):
            counts["stakes"]["tp"] += 1
        else:
            miss(
                "stakes",
                f"{labelled['value']}% held by {labelled.get('holder') or labelled.get('holder_country')!r}",
            )
    for proposed in proposed_stakes:
        if not any(same_stake(proposed, labelled) for labelled in labelled_stakes):
            false("stakes", f"{proposed[0]}% held by {proposed[1]!r}")

    # Status: the set of statuses proposed against those reported (optional ones are neither).
    statuses = [v["status"] for v in ventures if v.get("status")]
    got = {s["status"] for s in statuses}
    want = set(facts.get("statuses", []))
    allowed_statuses = want | set(facts.get("optional_statuses", []))
    counts["status"]["tp"] += len(got & want)
    for value in sorted(want - got):
        miss("status", value)
    for value in sorted(got - allowed_statuses):
        false("status", value)
    status_right = want <= got and got <= allowed_statuses

    # Status date: the date at the precision proposed, written as labelled (YYYY, YYYY-MM, YYYY-MM-DD);
    # not scored on a set that labels no dates (no `status_dates`, as ../shared/articles).
    labelled_dates = [d["date"] for d in facts.get("status_dates", [])]
    statuses_dated = statuses if "status_dates" in facts else []
    optional_dates = set(facts.get("optional_status_dates", []))
    proposed_dates = [
        d for s in statuses_dated if (d := _date_at_precision(s.get("date"), s.get("date_precision", "")))
    ]
    unmatched = list(proposed_dates)
    for labelled in labelled_dates:
        if labelled in unmatched:
            unmatched.remove(labelled)
            counts["status_date"]["tp"] += 1
        else:
            miss("status_date", labelled)
    for value in unmatched:
        if value not in optional_dates and value not in labelled_dates:
            false("status_date", value)

    # Sector, province, place: sets over the proposed ventures; optional values are neither.
    def compare_sets(field, got, want, optional):
        counts[field]["tp"] += len(got & want)
        for value in sorted(want - got):
            miss(field, value)
        for value in sorted(got - want - optional):
            false(field, value)

    compare_sets(
        "sector",
        {v["sector"] for v in ventures if v.get("sector")},
        set(label.get("sectors", [])),
        set(label.get("optional_sectors", [])),
    )
    compare_sets(
        "province",
        {v["province"] for v in ventures if v.get("province")},
        set(label.get("provinces", [])),
        set(label.get("optional_provinces", [])),
    )
    # A place matches a labelled name when that name is one of the gazetteer entry's variants; a
    # labelled place that is a province-level unit (Pyongyang, Rason, Nampo, Kaesong) is matched by
    # its province.
    want_places = {fold_name(p): p for p in label.get("places", [])}
    optional_places = {fold_name(p) for p in label.get("optional_places", [])}
    got_places = {v["place_id"] for v in ventures if v.get("place_id")}
    got_provinces = {v["province"] for v in ventures if v.get("province")}
    matched = set()
    for place_id in sorted(got_places):
        variants = gazetteer["places"].get(place_id, set())
        hit = variants & want_places.keys()
        if hit:
            matched |= hit
            counts["place"]["tp"] += 1
        elif not variants & optional_places:
            false("place", f"place {place_id} ({sorted(variants)[:1]})")
    for folded, written in want_places.items():
        if folded in matched:
            continue
        if gazetteer["provinces"].get(folded) in got_provinces:
            counts["place"]["tp"] += 1
        else:
            miss("place", written)

    return {
        "counts": counts,
        "status_right": status_right,
        "ventures": len(ventures),
        "expected_ventures": expected_ventures(article["name"], label),
        "errors": errors,
    }


def evaluate_preread(directory: Path, *, matcher=None, engine=None) -> dict:
    """Run the pre-read on every labelled article of `directory` and score it (micro-averaged).

    `engine(text, title=, published_on=, matcher=)` defaults to `projects.ingest.preread.preread`.
    """
    articles = load_labelled_set(directory)
    if engine is None:
        from projects.ingest.preread import preread as engine
    if matcher is None:
        from projects.ingest.match import Matcher

        matcher = Matcher.from_database()
    started = time.perf_counter()
    results = []
    for article in articles:
        ventures = engine(
            article["text"], title=article["title"], published_on=article["published_on"], matcher=matcher
        )
        results.append((article, ventures))
    seconds = time.perf_counter() - started
    gazetteer = gazetteer_names({v["place_id"] for _a, vs in results for v in vs if v.get("place_id")})
    scored = [
        (article, ventures, score_article(article, ventures, gazetteer)) for article, ventures in results
    ]
    return summarise(scored, seconds=seconds, directory=str(directory))


def _summed(scores: list[dict]) -> dict:
    fields = {}
    for field in FIELDS:
        total = {k: sum(s["counts"][field][k] for s in scores) for k in ("tp", "fp", "fn")}
        fields[field] = _rates(total)
    right = sum(s["status_right"] for s in scores)
    return {
        "articles": len(scores),
        "fields": fields,
        "status_right": {"right": right, "share": right / len(scores) if scores else 1.0},
    }


def summarise(
    scored: list[tuple[dict, list[dict], dict]], *, seconds: float = 0.0, directory: str = ""
) -> dict:
    scores = [s for _a, _v, s in scored]
    report = {"directory": directory, **_summed(scores), "seconds": round(seconds, 3)}
    present = {a["language"] for a, _v, _s in scored}
    languages = [x for x in LANGUAGES if x in present] + sorted(present - set(LANGUAGES))
    report["by_language"] = {
        language: _summed([s for a, _v, s in scored if a["language"] == language]) for language in languages
    }
    negatives = {a["name"]: s["ventures"] for a, _v, s in scored if s["expected_ventures"] == 0}
    report["no_venture"] = {
        "articles": len(negatives),
        "proposals": sum(negatives.values()),
        "by_article": {name: count for name, count in negatives.items() if count},
    }
    report["venture_count_right"] = sum(s["ventures"] == s["expected_ventures"] for s in scores)
    report["articles_detail"] = [
        {
            "name": a["name"],
            "language": a["language"],
            "ventures": s["ventures"],
            "expected_ventures": s["expected_ventures"],
            "status_right": s["status_right"],
            "errors": s["errors"],
            "proposed": v,
        }
        for a, v, s in scored
    ]
    return report
