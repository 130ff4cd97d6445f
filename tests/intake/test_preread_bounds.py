"""Bad input to the pre-read is bounded and says what it read; the stored suggestions gain ventures."""

import datetime
import os
import time

import pytest

from projects.ingest.match import Matcher
from projects.ingest.preread import suggestions_with_ventures
from projects.services.sources import suggestions_refresh
from tests.factories import SourceArticleFactory


@pytest.fixture
def matcher(geo):
    return Matcher.from_database()


def test_empty_text_proposes_nothing_and_says_so(matcher):
    data = suggestions_with_ventures("", matcher=matcher)
    assert data["ventures"] == []
    assert data["preread"]["note"] == "The text is empty: nothing was read."
    assert data["mentions"] == [] and data["language"] == ""


def test_binary_data_is_not_read(matcher):
    data = suggestions_with_ventures(os.urandom(4000).decode("latin-1"), matcher=matcher)
    assert data["ventures"] == []
    assert data["preread"]["note"] == "The text is not readable text (binary data): nothing was read."


@pytest.mark.parametrize(
    "text",
    [
        "La coentreprise sino-nord-coréenne a ouvert une usine de vélos à Pyongyang en mars dernier.",
        "Совместное предприятие Китая и КНДР открыло фабрику в Пхеньяне в марте.",
    ],
)
def test_text_in_another_language_proposes_nothing_and_says_why(matcher, text):
    data = suggestions_with_ventures(text, matcher=matcher)
    assert data["ventures"] == []
    assert (
        data["preread"]["note"]
        == "The text is not in English, Korean, Chinese or Japanese: no venture was read."
    )


def test_a_five_megabyte_paste_is_read_up_to_the_bound(matcher):
    sentence = "The Chinese partner signed a joint venture contract with a trading company in Sinuiju. "
    text = sentence * (5_000_000 // len(sentence))
    started = time.perf_counter()
    data = suggestions_with_ventures(text, matcher=matcher)
    elapsed = time.perf_counter() - started

    assert data["preread"]["truncated"] == ["text", "sentences"]
    [venture] = data["ventures"]
    assert venture["status"]["status"] == "contract_signed"
    assert elapsed < 60  # bounded work (the speed itself is measured in bench/, not here)


def test_one_huge_sentence_without_breaks_is_cut_into_pieces(matcher):
    text = "Shenyang Huaxing Trading Company set up a joint venture " + "x" * 300_000
    data = suggestions_with_ventures(text, matcher=matcher)
    assert data["preread"]["truncated"] == ["text"]
    assert len(data["ventures"]) == 1


def test_stored_suggestions_keep_what_they_held_and_gain_language_and_ventures(geo):
    source = SourceArticleFactory(
        title="Chinese firm signs joint venture contract",
        text="Shenyang Huaxing Trading Company signed a joint venture contract for a cement plant in Sinuiju on Monday.",
        published_on=datetime.date(2025, 10, 1),
        language="en",
    )
    data = suggestions_refresh(source=source).data

    assert {
        "version",
        "mentions",
        "provinces",
        "places",
        "sectors",
        "forms",
        "organizations",
        "candidate_ventures",
        "truncated",
        "language",
        "ventures",
        "preread",
    } <= set(data)
    assert data["language"] == "en"
    [venture] = data["ventures"]
    assert venture["partners"][0]["name"] == "Shenyang Huaxing Trading Company"
    assert venture["status"] == {
        "status": "contract_signed",
        "date": "2025-09-29",
        "date_precision": "day",
        "sentence": "Shenyang Huaxing Trading Company signed a joint venture contract for a cement plant in Sinuiju on Monday.",
    }
    assert venture["province"] == "KP-03"
