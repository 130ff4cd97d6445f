"""How sure we are: independent sources, source types, single source and confidence (issue 12),
on the venture page, in the API detail and as filters of the one FilterSet."""

import pytest

from projects.models import Reliability, SourceType
from projects.selectors.confidence import (
    HIGH,
    LOW,
    MEDIUM,
    confidence_from_sources,
    effective_grade,
    publisher_key,
)
from projects.services.ventures import citation_create
from tests.factories import SourceArticleFactory, make_venture

pytestmark = pytest.mark.django_db


def row(n, publisher="", url=None, citation="", source_type=SourceType.NEWS, reliability="B"):
    return (n, publisher, url, citation, source_type, reliability)


class TestTheRule:
    def test_publishers_are_compared_folded_and_sources_without_one_by_host_or_citation(self):
        assert publisher_key("The Daily NK", None, "") == publisher_key("daily nk", None, "")
        assert publisher_key("Yonhap, News!", None, "") == publisher_key("yonhap news", None, "")
        assert publisher_key("", "https://www.example.org/a", "") == publisher_key(
            "", "https://example.org/b", ""
        )
        assert publisher_key("", None, "Rodong  Sinmun, p. 4") == publisher_key(
            "", None, "rodong sinmun, p. 4"
        )
        assert publisher_key("example.org", None, "") != publisher_key("", "https://example.org/", "")

    def test_unassessed_counts_as_f_and_anonymous_news_at_best_as_c(self):
        assert effective_grade(Reliability.UNASSESSED, SourceType.NEWS) == "F"
        assert effective_grade("A", SourceType.NEWS_ANONYMOUS) == "C"
        assert effective_grade("D", SourceType.NEWS_ANONYMOUS) == "D"
        assert effective_grade("A", SourceType.OFFICIAL_DOCUMENT) == "A"

    def test_two_articles_of_one_publisher_are_one_source(self):
        confidence = confidence_from_sources(
            [row(1, "Example News"), row(2, "EXAMPLE NEWS", reliability="A")]
        )
        assert (confidence.independent_sources, confidence.source_count) == (1, 2)
        assert confidence.single_source and confidence.grades == ("A",)
        assert confidence.level == MEDIUM  # one source graded A or B

    @pytest.mark.parametrize(
        ("grades", "level"),
        [
            (["A", "B"], HIGH),
            (["B", "B", "E"], HIGH),
            (["B"], MEDIUM),
            (["C", "D"], MEDIUM),
            (["C"], LOW),
            (["D", "E", "F"], LOW),
            (["", ""], LOW),
            ([], LOW),
        ],
    )
    def test_levels(self, grades, level):
        sources = [row(n, f"Publisher {n}", reliability=grade) for n, grade in enumerate(grades)]
        assert confidence_from_sources(sources).level == level

    def test_two_anonymous_reports_graded_a_are_not_high(self):
        sources = [row(n, f"P{n}", source_type=SourceType.NEWS_ANONYMOUS, reliability="A") for n in (1, 2)]
        confidence = confidence_from_sources(sources)
        assert confidence.level == MEDIUM and confidence.grades == ("C", "C")

    def test_the_editors_one_original_report_mark_makes_it_a_single_source(self):
        sources = [row(1, "P1", reliability="A"), row(2, "P2", reliability="B")]
        assert confidence_from_sources(sources).level == HIGH
        marked = confidence_from_sources(sources, one_original_report=True)
        assert marked.single_source and marked.independent_sources == 1 and marked.level == MEDIUM


def _two_source_venture(name="Hyesan copper venture", reliability="A", publisher="Second Publisher"):
    venture = make_venture(
        name=name, source=SourceArticleFactory(reliability="B", source_type=SourceType.STATE_MEDIA)
    )
    other = SourceArticleFactory(
        publisher=publisher, reliability=reliability, source_type=SourceType.SATELLITE_IMAGERY
    )
    citation_create(venture=venture, source=other, summary="Imagery shows new buildings.")
    return venture


def test_the_venture_page_shows_the_confidence_the_source_types_and_the_rule(client, geo):
    venture = _two_source_venture()
    single = make_venture(name="Sinuiju garment venture")
    page = client.get(f"/ventures/{venture.public_id}/").content.decode()
    assert "How sure we are" in page and "Confidence: high" in page
    assert "2 independent sources (distinct publishers)" in page
    assert "State media, Satellite imagery" in page
    assert "single source" not in page.split('id="confidence"')[1].split("</section>")[0]
    assert 'href="/methodology/#confidence-rule"' in page
    other = client.get(f"/ventures/{single.public_id}/").content.decode()
    assert "Confidence: low" in other and "badge-single-source" in other  # one anonymous-news source graded F


def test_the_api_detail_carries_the_confidence(client, geo):
    venture = _two_source_venture()
    body = client.get(f"/api/v1/ventures/{venture.public_id}/").json()
    assert body["confidence"] == {
        "level": "high",
        "independent_sources": 2,
        "source_count": 2,
        "source_types": ["state_media", "satellite_imagery"],
        "grades": ["A", "B"],
        "single_source": False,
    }


def test_the_filters_single_source_and_confidence_on_the_api_and_csv(client, geo):
    several = _two_source_venture()
    single = make_venture(name="Sinuiju garment venture")
    listing = client.get("/api/v1/ventures/?single_source=true").json()
    assert [v["public_id"] for v in listing["results"]] == [single.public_id]
    listing = client.get("/api/v1/ventures/?single_source=false").json()
    assert [v["public_id"] for v in listing["results"]] == [several.public_id]
    listing = client.get("/api/v1/ventures/?confidence=high&confidence=medium").json()
    assert [v["public_id"] for v in listing["results"]] == [several.public_id]
    csv = client.get("/api/v1/ventures/?format=csv&confidence=low").content.decode()
    assert single.public_id in csv and several.public_id not in csv
    geojson = client.get("/api/v1/ventures/?format=geojson&single_source=true").json()
    assert [f["id"] for f in geojson["features"]] == [single.public_id]


@pytest.mark.parametrize(
    ("query", "name"), [("single_source=maybe", "single_source"), ("confidence=certain", "confidence")]
)
def test_a_bad_confidence_filter_is_a_400_naming_it(client, geo, query, name):
    make_venture()
    response = client.get(f"/api/v1/ventures/?{query}")
    assert response.status_code == 400
    assert name in response.json()
