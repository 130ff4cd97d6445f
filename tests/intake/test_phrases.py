"""The Aho–Corasick phrase search finds exactly what the regular expression and `str.find` found.

The oracle (`tests/intake/regex_oracle.py`) is the search the matcher used before pyahocorasick.
Both run on the same names: the real gazetteer, partners and ventures named in the seed article,
on the seed article, on the labelled set, and on texts Hypothesis builds from pieces of names and
the characters the boundary rules are about.
"""

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from projects.ingest.match import Matcher, fold
from projects.models import Place
from tests.factories import OrganizationFactory, make_venture
from tests.intake.regex_oracle import FindPhraseIndex, RegexNameIndex

SEED = Path(__file__).resolve().parents[2] / "projects" / "data" / "seed_article.txt"
LABELLED = Path(__file__).parent / "fixtures" / "labelled"


@pytest.fixture
def matcher(geo):
    OrganizationFactory(name="September General Iron Enterprise", other_names="September Iron")
    OrganizationFactory(name="Dandong Hongxiang Industrial Development", name_zh="丹东鸿祥实业发展")
    OrganizationFactory(name="Tokhyon Mining Company", name_ko="덕현광산회사", name_zh="德贤矿业公司")
    make_venture(
        name="Tokhyon Mine",
        other_names="Tokhyon iron mine",
        province_code="KP-03",
        place=Place.objects.get(name_en="Uiju"),
    )
    make_venture(name="Hyonjesan construction works", province_code="KP-01", name_ko="형제산 건설")
    make_venture(name="Songchon farm", province_code="KP-02", name_zh="成川农场")
    return Matcher.from_database()


def _texts():
    yield SEED.read_text(encoding="utf-8")
    for path in sorted(LABELLED.glob("*.txt")):
        yield path.read_text(encoding="utf-8")


def _as_list(hits):
    return [(start, end, sorted(map(repr, values))) for start, end, values in hits]


def assert_same_hits(matcher, text):
    folded = fold(text)
    assert _as_list(matcher.gazetteer.finditer(folded)) == _as_list(
        RegexNameIndex(matcher.gazetteer.values).finditer(folded)
    )
    for index in (matcher.organizations, matcher.venture_names):
        # The oracle yields name by name, the automaton in text order: the same hits.
        assert sorted(_as_list(index.finditer(folded))) == sorted(
            _as_list(FindPhraseIndex(index.values).finditer(folded))
        )


def test_same_hits_on_the_seed_article_and_the_labelled_set(matcher):
    texts = list(_texts())
    assert len(texts) == 12
    for text in texts:
        assert_same_hits(matcher, text)


def test_the_seed_article_has_hits_of_every_kind(matcher):
    folded = fold(SEED.read_text(encoding="utf-8"))
    assert len(list(matcher.gazetteer.finditer(folded))) >= 10
    assert list(matcher.organizations.finditer(folded))
    assert list(matcher.venture_names.finditer(folded))


# Pieces of real names and the characters the boundary rules look at (Latin letters and digits next
# to a name, Hangul before one, Chinese anywhere, spaces, hyphens, apostrophes, diacritics, case).
PIECES = [
    "Uiju", "Sinuiju", "UIJU", "Ŭiju", "uiju", "Musan", "Pyongyang", "Pyongan", "North Pyongan",
    "Hyonjesan", "Songchon", "Tokhyon Mine", "September General Iron Enterprise", "September Iron",
    "Dandong Hongxiang", "의주", "신의주", "의주군", "평북", "평안북도", "义州", "新义州", "成川郡",
    "丹东鸿祥实业发展", "성천", "형제산 건설", "Songchon farm", "Tokhyon iron mine",
    " ", " ", "-", "’", "'", "a", "Z", "7", "가", "의", "中", "county", ".", "\n",
]  # fmt: skip


@settings(
    max_examples=300,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(pieces=st.lists(st.sampled_from(PIECES), max_size=30))
def test_same_hits_on_generated_texts(matcher, pieces):
    assert_same_hits(matcher, "".join(pieces))


def test_the_whole_suggestions_on_the_seed_article_are_as_before(matcher):
    """With the oracle in place of the automaton, the suggestions are the same, field by field."""
    text = SEED.read_text(encoding="utf-8")
    new = matcher.suggest(text)
    matcher.gazetteer = RegexNameIndex(matcher.gazetteer.values)
    matcher.organizations = FindPhraseIndex(matcher.organizations.values)
    matcher.venture_names = FindPhraseIndex(matcher.venture_names.values)
    old = matcher.suggest(text)

    for key in ("mentions", "provinces", "places", "sectors", "forms", "candidate_ventures"):
        assert new[key] == old[key], key
    # Known partners come in text order now (name by name before): the same entries.
    assert sorted(map(repr, new["organizations"])) == sorted(map(repr, old["organizations"]))
