"""Articles built to blow up the matcher: the suggestions stay bounded in size and in counts.

Before the bounds, every organization found by pattern carried its whole sentence: a 60 kB text
without sentence breaks gave 62 MB of suggestions, and 200,000 short paragraphs gave 200,000
mentions (and a triage page that never loaded). Sizes and counts are asserted, never times.
"""

import json
import string

import pytest

from projects.ingest import match
from projects.ingest.match import Matcher
from projects.ingest.sentences import ELLIPSIS, SNIPPET_MAX_CHARS, Sentences
from projects.models import FetchStatus, SourceArticle
from projects.services.sources import suggestions_refresh
from tests.factories import OrganizationFactory, make_venture

# However large the article: a bound on the stored suggestions (JSON, UTF-8), far above what a real
# article gives (the seed article: about 20 kB) and far below what these articles gave before.
SUGGESTIONS_MAX_BYTES = 256 * 1024


@pytest.fixture
def matcher(geo):
    return Matcher.from_database()


def _word(n: int) -> str:
    letters = ""
    n += 26 * 27  # three letters at least
    while n:
        n, rest = divmod(n, 26)
        letters += string.ascii_lowercase[rest]
    return letters.capitalize()


def text_without_sentence_breaks(size: int) -> str:
    """Distinct company names and places, separated by commas only: one 60 kB “sentence”."""
    parts, n = [], 0
    while sum(map(len, parts)) < size:
        parts.append(f"{_word(n)} {_word(n + 1)} Trading Company in Uiju county and Sinuiju mining, ")
        n += 2
    return "".join(parts)[:size]


def short_paragraphs(count: int) -> str:
    return "Uiju mine restarted\n\n" * count


def _size(suggestions: dict) -> int:
    return len(json.dumps(suggestions, ensure_ascii=False).encode())


def _snippets(suggestions: dict) -> list[str]:
    return [
        item["sentence"]
        for key in ("mentions", "sectors", "forms", "organizations")
        for item in suggestions[key]
    ]


def test_a_60_kb_text_without_sentence_breaks_gives_bounded_suggestions(matcher):
    text = text_without_sentence_breaks(60_000)
    assert len(Sentences.split(text).spans) == 1

    suggestions = matcher.suggest(text)

    assert _size(suggestions) < SUGGESTIONS_MAX_BYTES  # was 62 MB
    assert len(suggestions["organizations"]) == match.MAX_ORGANIZATIONS  # was 1,500
    assert suggestions["truncated"] == ["organizations"]
    # One mention per place and sentence: Uiju and Sinuiju, each with a window, not 60 kB.
    assert {m["name"] for m in suggestions["mentions"]} == {"Uiju", "Sinuiju"}
    assert all(len(snippet) <= SNIPPET_MAX_CHARS + 2 * len(ELLIPSIS) for snippet in _snippets(suggestions))
    # Each snippet is a window around its own match, cut between words.
    for organization in suggestions["organizations"]:
        assert organization["name"] in organization["sentence"]
        inner = organization["sentence"].strip(ELLIPSIS)
        assert f" {inner} " in f" {text} "  # the text's own words, none cut in half
    for mention in suggestions["mentions"]:
        assert mention["text"] in mention["sentence"]


def test_200000_short_paragraphs_give_bounded_suggestions_and_read_a_bounded_text(matcher):
    text = short_paragraphs(200_000)  # 4.2 MB

    suggestions = matcher.suggest(text)

    assert _size(suggestions) < SUGGESTIONS_MAX_BYTES  # was 38 MB
    assert len(suggestions["mentions"]) == match.MAX_MENTIONS  # was 200,000
    assert suggestions["truncated"] == ["text", "mentions"]
    paragraphs_read = match.MAX_TEXT_CHARS // len("Uiju mine restarted\n\n") + 1
    assert suggestions["places"] == [{**suggestions["places"][0], "name": "Uiju", "count": paragraphs_read}]
    mine = next(sector for sector in suggestions["sectors"] if sector["sector"] == "mine")
    assert mine["count"] == paragraphs_read
    assert mine["keywords"] == ["mine"]


def test_stored_suggestions_of_a_huge_article_stay_bounded(geo):
    source = SourceArticle.objects.create(
        url="https://example.org/huge", text=short_paragraphs(200_000), fetch_status=FetchStatus.FETCHED
    )

    suggestions = suggestions_refresh(source=source)

    suggestions.refresh_from_db()
    assert _size(suggestions.data) < SUGGESTIONS_MAX_BYTES
    assert len(suggestions.data["mentions"]) == match.MAX_MENTIONS
    source.refresh_from_db()
    assert len(source.text) == 4_200_000  # the article itself is kept whole


def test_a_long_word_gives_at_most_a_bounded_name(matcher):
    # Quadratic before the pattern's words were bounded: a capital at every one of 20,000 positions,
    # each read to the end of the word.
    text = "A" * 20_000 + " Company. " + "Xaa " * 200 + "Holding Company."

    names = [o["name"] for o in matcher.suggest(text)["organizations"]]

    assert names == ["A" * 41 + " Company", "Xaa Xaa Xaa Xaa Xaa Xaa Holding Company"]


def test_distinct_keywords_are_listed_up_to_the_bound_and_every_hit_counted(matcher):
    text = " ".join(f"smelt{_word(n).lower()}" for n in range(500))

    ironworks = next(s for s in matcher.suggest(text)["sectors"] if s["sector"] == "ironworks")

    assert ironworks["count"] == 500
    assert len(ironworks["keywords"]) == match.MAX_KEYWORDS


def test_known_organizations_and_candidate_ventures_are_bounded_too(geo):
    partners = [
        OrganizationFactory(name=f"{_word(n)} Holding Group") for n in range(match.MAX_ORGANIZATIONS + 5)
    ]
    for n in range(match.MAX_CANDIDATE_VENTURES + 5):
        make_venture(name=f"{_word(n)} venture works", province_code="KP-03")
    text = (
        ", ".join(p.name for p in partners)
        + ". "
        + ", ".join(f"{_word(n)} venture works" for n in range(match.MAX_CANDIDATE_VENTURES + 5))
    )

    suggestions = Matcher.from_database().suggest(text)

    assert len(suggestions["organizations"]) == match.MAX_ORGANIZATIONS
    assert all(o["organization_id"] for o in suggestions["organizations"])
    assert suggestions["truncated"] == ["organizations"]
    assert len(suggestions["candidate_ventures"]) == match.MAX_CANDIDATE_VENTURES


def test_a_long_sentence_gives_a_window_around_the_match_cut_between_words():
    words = [f"word{n}" for n in range(300)]
    words[150] = "Uiju"
    text = " ".join(words) + "."
    start = text.index("Uiju")

    snippet = Sentences.split(text).snippet(start, start + 4)

    assert snippet.startswith(ELLIPSIS) and snippet.endswith(ELLIPSIS)
    assert "Uiju" in snippet
    assert len(snippet) <= SNIPPET_MAX_CHARS + 2
    inner = snippet.strip(ELLIPSIS)
    assert inner.split()[0] in words and inner.split()[-1] in words  # no word cut in half
    before, after = inner.split("Uiju")
    assert abs(len(before) - len(after)) < 40  # the match is in the middle


def test_a_short_sentence_is_kept_whole():
    text = "First sentence. In Uiju county a mine reopened. Last one."
    start = text.index("Uiju")
    assert Sentences.split(text).snippet(start, start + 4) == "In Uiju county a mine reopened."
