"""Sources without a URL (issues #9 and #13): an article an editor has only on paper or in a PDF is a
source known by its citation ("Rodong Sinmun, 12 March 2015, p. 4"). It can be pasted, imported and
cited like any other; it is never fetched nor link-checked; exports and the API give it an empty URL."""

import csv
import io
import json

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from projects.models import FetchStatus, SourceArticle, Venture
from projects.selectors.sources import sources_due_for_link_check
from projects.services.imports import import_file
from projects.services.sources import source_check_link, source_fetch
from tests.factories import make_venture

CITATION = "Rodong Sinmun, 12 March 2015, p. 4"

# Written for this test: a defector-sourced report in Korean, as an editor would type it from paper.
KOREAN_ARTICLE = (
    "중국 기업, 신의주에 신발 합영회사 설립\n\n"
    "랴오닝성 단둥의 화성무역유한공사가 북한 평안북도 신의주에서 조선의 은하무역회사와 함께 신발 공장 "
    "합영회사를 세웠다고 대북 소식통이 전했다. 중국 측이 설비와 자본 1500만 달러를 투자했으며 지분 60%를 "
    "가졌다. 공장은 지난달 생산을 개시했다."
)


def paper_source(**fields) -> SourceArticle:
    source = SourceArticle(citation=CITATION, title="Shoe factory opens", **fields)
    source.full_clean()
    source.save()
    return source


# --- the model ---------------------------------------------------------------------------------------


def test_a_source_without_a_url_is_known_by_its_citation(db):
    source = paper_source()

    source.refresh_from_db()
    assert source.url is None
    assert source.citation == CITATION
    assert str(SourceArticle(citation=CITATION)) == CITATION


def test_several_sources_without_a_url_coexist_while_urls_stay_unique(db):
    paper_source()
    paper_source(publisher="Another copy")
    SourceArticle.objects.create(url="https://news.example.org/a", citation="")
    with pytest.raises(IntegrityError), transaction.atomic():
        SourceArticle.objects.create(url="https://news.example.org/a")

    assert SourceArticle.objects.filter(url__isnull=True).count() == 2


def test_a_source_with_neither_url_nor_citation_is_refused_by_clean_and_by_the_database(db):
    with pytest.raises(ValidationError) as error:
        SourceArticle(url="", citation="   ").full_clean()
    assert "citation" in error.value.message_dict

    with pytest.raises(IntegrityError), transaction.atomic():
        SourceArticle.objects.create(url=None, citation="")
    with pytest.raises(IntegrityError), transaction.atomic():
        SourceArticle.objects.create(url="", citation="")  # saved as null: the same rule
    assert not SourceArticle.objects.exists()


def test_a_source_without_a_url_is_neither_fetched_nor_link_checked(db, geo):
    source = paper_source()
    make_venture(source=source)

    assert source_fetch(source=source, force=True).outcome == "skipped"
    assert source_check_link(source=source) == source.link_status
    assert source not in sources_due_for_link_check()
    source.refresh_from_db()
    assert source.fetch_attempts == 0 and source.link_checked_at is None


# --- pasting a paper-only article ---------------------------------------------------------------------


def test_a_paper_only_korean_article_is_pasted_with_its_citation_and_pre_read(editor_client, geo):
    response = editor_client.post(
        reverse("admin:projects_triage_paste_new"),
        {"citation": CITATION, "text": KOREAN_ARTICLE, "published_on": "2015-03-12"},
    )

    assert response.status_code == 302
    source = SourceArticle.objects.get()
    assert (source.url, source.citation, source.fetch_status) == (None, CITATION, FetchStatus.PASTED)
    assert source.title == "중국 기업, 신의주에 신발 합영회사 설립"
    (proposal,) = source.suggestions.data["ventures"]
    assert "은하무역회사" in {partner["name"] for partner in proposal["partners"]}
    assert proposal["investment"]["currency"] == "USD"
    assert proposal["status"]["status"] == "operating"


def test_pasting_a_new_article_with_neither_url_nor_citation_is_a_form_error(editor_client, geo):
    response = editor_client.post(reverse("admin:projects_triage_paste_new"), {"text": KOREAN_ARTICLE})

    assert response.status_code == 400
    assert "its citation" in response.context["form"].errors["url"][0]
    assert not SourceArticle.objects.exists()


# --- importing a source given only as citation text --------------------------------------------------

HEADER = ["name", "sector", "province", "location_precision", "status", "source_1_citation"]
ROW = ["Sinuiju shoe factory", "manufacturing", "KP-04", "province", "operating", f"  {CITATION} "]


def _csv(*rows) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows([HEADER, *rows])
    return buffer.getvalue().encode()


def test_a_row_whose_only_source_is_citation_text_is_imported(editor, geo):
    plan, _ = import_file(content=_csv(ROW), filename="ventures.csv", user=editor)

    assert plan.ok, plan.problems
    venture = Venture.objects.get(name="Sinuiju shoe factory")
    (citation,) = venture.citations.all()
    assert (citation.source.url, citation.source.citation) == (None, CITATION)
    assert venture.status_entries.get().source == citation.source


def test_a_citation_matches_the_stored_source_without_url_rather_than_doubling_it(editor, geo):
    stored = paper_source()
    other = [
        "Hyesan copper mine",
        "mine",
        "KP-10",
        "province",
        "operating",
        CITATION.upper().replace(" ", "  "),
    ]

    plan, _ = import_file(content=_csv(ROW, other), filename="ventures.csv", user=editor)

    assert plan.ok, plan.problems
    assert list(SourceArticle.objects.all()) == [stored]
    assert Venture.objects.filter(citations__source=stored).count() == 2
    again, _ = import_file(content=_csv(ROW, other), filename="ventures.csv", user=editor)
    assert again.counts()["create"] == 0 and SourceArticle.objects.count() == 1


def test_a_row_with_a_source_of_neither_url_nor_citation_names_the_column(editor, geo):
    plan, _ = import_file(content=_csv([*ROW[:-1], " "]), filename="ventures.csv", user=editor)

    assert not plan.ok
    assert any("source" in p.column for p in plan.problems)
    assert not Venture.objects.exists()


# --- exports and the API ---------------------------------------------------------------------------


@pytest.fixture
def cited_on_paper(geo):
    return make_venture(name="Sinuiju shoe factory", source=paper_source())


def test_csv_and_geojson_exports_give_an_empty_url_and_the_citation(client, cited_on_paper):
    response = client.get("/api/v1/ventures.csv")
    assert response.status_code == 200
    (row,) = csv.DictReader(io.StringIO(response.content.decode().lstrip("\ufeff")))
    assert (row["latest_source_url"], row["latest_source_citation"]) == ("", CITATION)
    assert row["latest_source_title"] == "Shoe factory opens"

    response = client.get("/api/v1/ventures.geojson")
    assert response.status_code == 200
    (feature,) = json.loads(response.content)["features"]
    latest = feature["properties"]["latest_source"]
    assert (latest["url"], latest["citation"]) == (None, CITATION)


def test_the_api_detail_of_a_venture_cited_only_on_paper(client, cited_on_paper):
    response = client.get(f"/api/v1/ventures/{cited_on_paper.public_id}/")

    assert response.status_code == 200
    body = response.json()
    assert body["latest_source"]["url"] is None
    assert body["latest_source"]["citation"] == CITATION
    (citation,) = body["citations"]
    assert (citation["source"]["url"], citation["source"]["citation"]) == (None, CITATION)

    source = client.get(f"/api/v1/sources/{citation['source']['id']}/")
    assert source.status_code == 200
    assert (source.json()["url"], source.json()["citation"]) == (None, CITATION)
