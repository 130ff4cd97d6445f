"""Pre-read benchmark (in `python -m bench intake`, or alone: `python -m bench intake_preread`).

- the pre-read (`projects.ingest.preread.preread`) of a 2,000-word article after warm-up, in each
  language of the project's labelled set (tests/intake/articles, its articles joined until 2,000
  words; ≈ 2 characters a word in Chinese and Japanese), target ≤ 300 ms;
- building the matcher from 10,000 organizations and places (made in memory with names in every
  script, not saved), target ≤ 1 s;
- the quality tables on the project's set and, when it is beside the checkout, on ../shared/articles.

Each figure is printed with its ratio to the target and to a floor measured in the same run (the
matcher's `suggest` on the same article; a bare pyahocorasick automaton of the same names), so a
run on a busy machine can still be compared with another. Nothing is asserted.
"""

import random
import statistics
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = ROOT / "tests" / "intake" / "articles"
SHARED = ROOT.parent / "shared" / "articles"
TARGET_PREREAD_MS = 300
TARGET_BUILD_MS = 1000
WORDS = 2000
CHARS_PER_WORD = {"zh-hans": 2, "zh-hant": 2, "ja": 2}


def _timed(function, runs: int) -> tuple[float, float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return statistics.median(times), times[min(len(times) - 1, int(len(times) * 0.95))]


def long_article(language: str, words: int = WORDS) -> str:
    """The set's articles in `language` (no-venture ones too) joined until `words` words."""
    from projects.ingest.evaluate.scoring import load_labelled_set

    bodies = [a["text"] for a in load_labelled_set(ARTICLES) if a["language"] == language]
    per_word = CHARS_PER_WORD.get(language)
    parts, size = [], 0
    while size < words:
        for body in bodies:
            parts.append(body)
            size += len(body) / per_word if per_word else len(body.split())
            if size >= words:
                break
    return "\n\n".join(parts)


def _names(rng: random.Random, index: int) -> tuple[str, str, str]:
    syllables_en = ["Hong", "Tai", "Jin", "Hua", "Xin", "Da", "Long", "Feng", "Rui", "Sheng", "Yuan", "Hai"]
    syllables_ko = ["대", "흥", "금", "성", "은", "하", "룡", "명", "광", "신", "해", "산"]
    syllables_zh = ["鸿", "泰", "金", "华", "新", "达", "龙", "丰", "瑞", "盛", "源", "海"]
    picks = [rng.randrange(12) for _ in range(3)]
    en = "".join(syllables_en[p] for p in picks) + f" {index} Trading Co., Ltd."
    ko = "".join(syllables_ko[p] for p in picks) + f"{index}무역회사"
    zh = "".join(syllables_zh[p] for p in picks) + f"{index}贸易有限公司"
    return en, ko, zh


def build_inputs(count: int = 10_000):
    """`count` organizations and places, half each, in memory (unsaved), with names in three scripts."""
    from projects.models import Country, Organization, Place, Province

    rng = random.Random(9)
    provinces = list(Province.objects.all())
    organizations, places = [], []
    for index in range(count // 2):
        en, ko, zh = _names(rng, index)
        organizations.append(
            Organization(
                pk=index + 1,
                name=en,
                name_ko=ko,
                name_zh=zh,
                other_names=f"{en.split()[0]} Group|{zh[:3]}集团",
                country=Country.CHINA,
            )
        )
        place_en, place_ko, place_zh = _names(rng, index + count)
        places.append(
            Place(
                pk=100_000 + index,
                kind="county",
                province=provinces[index % len(provinces)],
                name_en=place_en.split()[0] + f" {index}",
                name_ko=place_ko[:3] + f"{index}군",
                name_zh=place_zh[:3] + f"{index}郡",
            )
        )
    return provinces, places, organizations


def _bare_automaton(places, organizations):
    """The floor: the names as written, in one automaton, without folding or variants."""
    import ahocorasick

    automaton = ahocorasick.Automaton()
    for record in [*places, *organizations]:
        for name in (
            getattr(record, "name", ""),
            getattr(record, "name_en", ""),
            record.name_ko,
            record.name_zh,
        ):
            if name:
                automaton.add_word(name.lower(), name)
    automaton.make_automaton()
    return automaton


def run():
    """`python -m bench intake_preread`: this part alone."""
    from bench.api import _ensure_database, _setup_django

    _setup_django()
    _ensure_database()
    from projects.models import Province
    from projects.services.geo import gazetteer_load, provinces_load

    if not Province.objects.exists():
        provinces_load()
        gazetteer_load()
    measure()


def measure():
    from projects.ingest.evaluate import LabelledSetError, evaluate_preread, format_preread_report
    from projects.ingest.match import Matcher
    from projects.ingest.preread import preread

    matcher = Matcher.from_database()
    print(f"\npre-read of a {WORDS:,}-word article (after warm-up), target {TARGET_PREREAD_MS} ms:")
    for language in ("en", "ko", "zh-hans", "zh-hant", "ja"):
        text = long_article(language)
        preread(text, matcher=matcher)  # warm-up: dictionaries, converters, compiled patterns
        median, p95 = _timed(lambda text=text: preread(text, matcher=matcher), 10)
        floor, _ = _timed(lambda text=text: matcher.suggest(text), 10)
        print(
            f"  {language:<8} {len(text):>6,} chars: median {median:6.1f} ms, p95 {p95:6.1f} ms "
            f"= {median / TARGET_PREREAD_MS:.2f} × target, {median / floor:.1f} × the matcher's suggest "
            f"({floor:.1f} ms)"
        )

    provinces, places, organizations = build_inputs()
    floor, _ = _timed(lambda: _bare_automaton(places, organizations), 5)
    median, p95 = _timed(lambda: Matcher(provinces=provinces, places=places, organizations=organizations), 5)
    print(
        f"\nbuild the matcher with {len(organizations):,} organizations and {len(places):,} places "
        f"(in memory): median {median:.0f} ms, p95 {p95:.0f} ms = {median / TARGET_BUILD_MS:.2f} × target "
        f"({TARGET_BUILD_MS} ms), {median / floor:.1f} × a bare pyahocorasick automaton of the same "
        f"names ({floor:.0f} ms)"
    )

    print("\nquality, the project's set:")
    print(format_preread_report(evaluate_preread(ARTICLES, matcher=matcher), errors=False))
    try:
        shared = evaluate_preread(SHARED, matcher=matcher)
    except LabelledSetError as error:
        print(f"\nquality, ../shared/articles: not measured ({error})")
    else:
        print("\nquality, ../shared/articles:")
        print(format_preread_report(shared, errors=False))
