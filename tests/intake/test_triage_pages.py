"""The triage page of an article with very many mentions: paginated, same number of queries per page.

Before, every mention cost two queries (its province and its place) and every mention was listed:
the page of an article with 200,000 short paragraphs never loaded. Suggestions stored before the
matcher's bounds can still hold that many, so the page is built for them.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from projects.admin.intake import TRIAGE_MENTIONS_PER_PAGE, TRIAGE_TEXT_PREVIEW_CHARS
from projects.models import FetchStatus, Place, SourceArticle, SourceSuggestions, Venture
from projects.services.sources import suggestions_refresh


def _mention(place: Place, n: int) -> dict:
    return {
        "kind": place.kind,
        "text": place.name_en,
        "name": place.name_en,
        "code": place.pk,
        "province": place.province.code,
        "place_id": place.pk,
        "has_point": place.point is not None,
        "sentence": f"Paragraph {n}: a mine in {place.name_en}.",
        "start": n * 40,
        "end": n * 40 + 4,
    }


def article_with_mentions(count: int) -> SourceArticle:
    """An article whose stored suggestions hold `count` mentions spread over every gazetteer place."""
    source = SourceArticle.objects.create(
        url=f"https://example.org/many-{count}", text="A mine.", fetch_status=FetchStatus.FETCHED
    )
    places = list(Place.objects.exclude(kind="province").select_related("province"))
    data = {
        "mentions": [_mention(places[n % len(places)], n) for n in range(count)],
        "sectors": [],
        "forms": [],
    }
    SourceSuggestions.objects.create(
        source=source, data=data, text_sha256="0" * 64, computed_at=timezone.now()
    )
    return source


def _queries(client, source, page=1) -> tuple[int, str]:
    url = reverse("admin:projects_triagearticle_change", args=[source.pk]) + f"?page={page}"
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.content.decode()


@pytest.mark.parametrize("count", [2_000, 20_000])
def test_the_triage_page_costs_the_same_queries_whatever_the_number_of_mentions(editor_client, geo, count):
    few, _ = _queries(editor_client, article_with_mentions(3))
    many, body = _queries(editor_client, article_with_mentions(count))

    assert many == few
    assert body.count('name="mention"') == TRIAGE_MENTIONS_PER_PAGE
    assert f"of {count}" in body


def test_the_second_page_lists_the_next_mentions_and_a_draft_can_be_made_from_them(editor_client, geo):
    source = article_with_mentions(120)

    _count, body = _queries(editor_client, source, page=2)

    assert "Paragraph 50:" in body and "Paragraph 99:" in body
    assert "Paragraph 49:" not in body and "Paragraph 100:" not in body
    assert 'value="75"' in body
    response = editor_client.post(
        reverse("admin:projects_triage_create_draft", args=[source.pk]), {"mention": 75}
    )
    assert response.status_code == 302
    assert Venture.objects.get().citations.get().quote.startswith("Paragraph 75:")


def test_a_page_number_out_of_range_shows_the_last_page(editor_client, geo):
    _count, body = _queries(editor_client, article_with_mentions(60), page=99)
    assert "Paragraph 59:" in body and "Paragraph 49:" not in body


def test_a_huge_article_shows_a_bounded_part_of_its_text_and_says_what_was_cut(editor_client, geo):
    source = SourceArticle.objects.create(
        url="https://example.org/huge",
        text="Uiju mine restarted\n\n" * 200_000,
        fetch_status=FetchStatus.FETCHED,
    )
    suggestions_refresh(source=source)

    _count, body = _queries(editor_client, source)

    assert len(body) < 2 * TRIAGE_TEXT_PREVIEW_CHARS + 200_000
    assert f"The first {TRIAGE_TEXT_PREVIEW_CHARS} of 4200000 characters" in body
    assert "Only the beginning of this long article was searched" in body
    assert "Only the first mentions are listed" in body
