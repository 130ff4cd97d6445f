"""Public source pages (/sources/<id>/, /sources/) and the methodology page (issue 12)."""

import datetime

import pytest
from django.utils import timezone

from projects.models import LinkStatus, PublicationState, SourceArticle, SourceSnapshot, SourceType
from projects.services.ventures import citation_create
from tests.factories import SourceArticleFactory, make_venture

pytestmark = pytest.mark.django_db
SHA = "ab" * 32


def _snapshot(source, **fields):
    return SourceSnapshot.objects.create(
        source=source,
        retrieved_at=timezone.make_aware(datetime.datetime(2025, 10, 2, 8, 0)),
        final_url=source.url or "https://news.example.org/x",
        http_status=200,
        content_type="text/html",
        sha256=SHA,
        archive_path="ab/cd.html",
        size_bytes=1200,
        text="The retrieved copy's own words, for editors only.",
        **fields,
    )


class TestSourcePage:
    def test_shows_publisher_date_type_grade_link_status_digest_and_what_it_supports(self, client, geo):
        source = SourceArticleFactory(
            publisher="Border Business Weekly",
            reliability="B",
            source_type=SourceType.COMPANY_RECORD,
            link_status=LinkStatus.DEAD,
            link_checked_at=timezone.make_aware(datetime.datetime(2025, 11, 20, 9, 0)),
            link_dead_since=timezone.make_aware(datetime.datetime(2025, 11, 1, 9, 0)),
            editor_note="Editors only: the reporter is the partner's cousin.",
        )
        _snapshot(source)
        venture = make_venture(name="Rason seafood venture", source=source)
        draft = make_venture(name="Secret draft mine", state=PublicationState.DRAFT)
        citation_create(venture=draft, source=source, quote="Draft words.")
        response = client.get(f"/sources/{source.pk}/")
        assert response.status_code == 200
        page = response.content.decode()
        for text in (
            "Border Business Weekly",
            "2025-10-01",
            "Company record",
            '<abbr title="B: usually reliable">B</abbr>',
            'href="/methodology/#reliability-key"',
            "Dead since 2025-11-01",
            "last checked 2025-11-20",
            f'Retrieved on 2025-10-02, sha256 <code class="sha256">{SHA}</code>',
            f'href="/ventures/{venture.public_id}/"',
            "A status entry: Operating, 2025-09-01",
            'id="reliability-key"',
        ):
            assert text in page, text
        assert "Secret draft mine" not in page and draft.public_id not in page
        assert "cousin" not in page and "retrieved copy's own words" not in page
        assert "ab/cd.html" not in page

    def test_a_source_cited_only_by_drafts_or_by_nothing_is_a_404(self, client, geo):
        only_draft = SourceArticleFactory()
        make_venture(name="Secret draft mine", state=PublicationState.DRAFT, source=only_draft)
        uncited = SourceArticleFactory()
        assert client.get(f"/sources/{only_draft.pk}/").status_code == 404
        assert client.get(f"/sources/{uncited.pk}/").status_code == 404
        assert client.get("/sources/999999/").status_code == 404

    def test_an_editor_sees_it_for_a_draft(self, client, geo, editor):
        source = SourceArticleFactory()
        make_venture(name="Secret draft mine", state=PublicationState.DRAFT, source=source)
        client.force_login(editor)
        assert "Secret draft mine" in client.get(f"/sources/{source.pk}/").content.decode()

    def test_a_source_without_url_shows_its_citation_and_a_live_link_says_so(self, client, geo):
        paper = SourceArticle.objects.create(
            citation="Rodong Sinmun, 12 March 2015, p. 4", publisher="Rodong Sinmun", reliability=""
        )
        make_venture(source=paper)
        page = client.get(f"/sources/{paper.pk}/").content.decode()
        assert "Rodong Sinmun, 12 March 2015, p. 4" in page and "not online" in page
        assert "No retrieved copy." in page and "not assessed" in page
        live = SourceArticleFactory(link_status=LinkStatus.OK)
        make_venture(name="Live link venture", source=live)
        assert "Live" in client.get(f"/sources/{live.pk}/").content.decode()

    def test_the_venture_page_footnotes_link_to_the_source_page_and_key_the_grade(self, client, geo):
        source = SourceArticleFactory(reliability="C")
        venture = make_venture(source=source)
        page = client.get(f"/ventures/{venture.public_id}/").content.decode()
        assert f'href="/sources/{source.pk}/"' in page
        assert '<abbr title="C: fairly reliable">C</abbr>' in page
        assert 'id="reliability-key"' in page and "Not assessed: no editor has graded it yet" in page


class TestSourceList:
    def test_lists_only_sources_of_published_ventures_with_filters(self, client, geo):
        old = SourceArticleFactory(
            publisher="Daily Border",
            published_on=datetime.date(2016, 5, 1),
            source_type=SourceType.STATE_MEDIA,
        )
        new = SourceArticleFactory(publisher="Other Wire", source_type=SourceType.NEWS)
        hidden = SourceArticleFactory(publisher="Hidden Press", title="Hidden article")
        make_venture(name="A", source=old, status_date=datetime.date(2016, 4, 1))
        make_venture(name="B", source=new)
        make_venture(name="Secret", source=hidden, state=PublicationState.DRAFT)
        page = client.get("/sources/").content.decode()
        assert old.title in page and new.title in page and "Hidden" not in page
        assert "2 sources" in page
        by_publisher = client.get("/sources/?publisher=daily").content.decode()
        assert old.title in by_publisher and new.title not in by_publisher
        by_type = client.get("/sources/?type=news").content.decode()
        assert new.title in by_type and old.title not in by_type
        by_year = client.get("/sources/?year=2016").content.decode()
        assert old.title in by_year and new.title not in by_year

    def test_paginates(self, client, geo, monkeypatch):
        monkeypatch.setattr("projects.selectors.source_pages.SOURCES_PER_PAGE", 1)
        make_venture(name="A", source=SourceArticleFactory(title="First article"))
        make_venture(name="B", source=SourceArticleFactory(title="Second article"))
        first = client.get("/sources/").content.decode()
        assert "Page 1 of 2" in first and 'rel="next" href="?page=2"' in first
        assert client.get("/sources/?page=2").status_code == 200
        too_far = client.get("/sources/?page=3")
        assert too_far.status_code == 400 and "There are only 2 pages." in too_far.content.decode()

    @pytest.mark.parametrize(
        ("query", "name"),
        [
            ("type=rumour", "type"),
            ("year=abc", "year"),
            ("year=1800", "year"),
            ("page=0", "page"),
            ("colour=red", "colour"),
        ],
    )
    def test_bad_parameters_are_a_400_naming_them(self, client, geo, query, name):
        make_venture()
        response = client.get(f"/sources/?{query}")
        assert response.status_code == 400
        assert f"<code>{name}</code>" in response.content.decode()


def test_the_methodology_page_explains_statuses_precision_grades_citations_confidence_and_licence(
    client, geo
):
    response = client.get("/methodology/")
    assert response.status_code == 200
    page = response.content.decode()
    for anchor in (
        "tracked",
        "statuses",
        "location",
        "reliability-key",
        "citations",
        "confidence-rule",
        "licence",
    ):
        assert f'id="{anchor}"' in page, anchor
    for text in (
        "Contract signed",
        "Province only",
        "A: completely reliable"[3:],
        "CC-BY-4.0",
        "single source",
    ):
        assert text in page, text
    nav = client.get("/").content.decode()
    assert 'href="/methodology/"' in nav and 'href="/sources/"' in nav


def test_the_new_pages_answer_in_every_language_and_the_form_stays_in_it(client, geo):
    venture = make_venture()
    source_id = venture.citations.first().source_id
    for path in (
        "/ko/methodology/",
        "/zh-hans/sources/",
        f"/ko/sources/{source_id}/",
        f"/ko/ventures/{venture.public_id}/",
        f"/zh-hans/ventures/{venture.public_id}/correction/",
    ):
        assert client.get(path).status_code == 200, path
    sent = client.post(
        f"/ko/ventures/{venture.public_id}/correction/", {"field": "name", "problem": "x", "suggestion": "y"}
    )
    assert sent.status_code == 302 and sent["Location"].startswith(f"/ko/ventures/{venture.public_id}/")
