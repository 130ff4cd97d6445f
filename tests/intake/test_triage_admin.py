"""The triage queue in the admin: mentions with their sentences, one click to a cited draft or citation."""

import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from projects.models import (
    Citation,
    FetchStatus,
    LocationPrecision,
    Place,
    PublicationState,
    SourceArticle,
    TriageState,
    Venture,
)
from projects.selectors.sources import source_suggestions
from projects.services.sources import suggestions_refresh
from tests.factories import make_venture

SEED = Path(__file__).resolve().parents[2] / "projects" / "data" / "seed_article.txt"


@pytest.fixture
def article(geo):
    source = SourceArticle.objects.create(
        url="https://www.dailynk.com/english/north-korea-pushes-joint-ventures",
        title="North Korea pushes joint ventures with China",
        text=SEED.read_text(encoding="utf-8"),
        fetch_status=FetchStatus.FETCHED,
    )
    suggestions_refresh(source=source)
    return source


def _mention_index(source, name):
    return next(i for i, m in enumerate(source.suggestions.data["mentions"]) if m["name"] == name)


def test_the_queue_lists_articles_to_triage(editor_client, article):
    response = editor_client.get(reverse("admin:projects_triagearticle_changelist"))
    assert response.status_code == 200
    assert "North Korea pushes joint ventures with China" in response.content.decode()


def test_an_article_shows_its_mentions_with_their_sentences(editor_client, article):
    response = editor_client.get(reverse("admin:projects_triagearticle_change", args=[article.pk]))

    body = response.content.decode()
    assert response.status_code == 200
    assert "Hyongjesan District" in body
    assert "In Pyongyang’s Hyonjesan district, a large Chinese construction equipment company" in body
    assert "Create draft “Tokhyon Mine”" in body


def test_one_click_creates_a_cited_draft_with_the_places_point(editor_client, editor, article):
    index = _mention_index(article, "Uiju")
    response = editor_client.post(
        reverse("admin:projects_triage_create_draft", args=[article.pk]), {"mention": index}
    )

    venture = Venture.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:projects_venture_change", args=[venture.pk])
    uiju = Place.objects.get(name_en="Uiju")
    assert venture.publication_state == PublicationState.DRAFT
    assert venture.province.code == "KP-03"
    assert venture.place == uiju
    assert venture.location == uiju.point
    assert venture.location_precision == LocationPrecision.COUNTY
    assert venture.sector == "mine"
    citation = Citation.objects.get(venture=venture)
    assert citation.source == article
    assert citation.quote.startswith("At Tokhyon Mine in Uiju county, North Pyongan province")
    assert venture.history.first().history_user == editor


def test_a_site_without_a_point_gives_a_draft_without_one(editor_client, article):
    index = _mention_index(article, "Tokhyon Mine")
    editor_client.post(
        reverse("admin:projects_triage_create_draft", args=[article.pk]),
        {"mention": index, f"form-{index}": "new_contract"},
    )

    venture = Venture.objects.get()
    assert venture.name == "Tokhyon Mine"
    assert venture.location is None  # never invented
    assert venture.location_precision == LocationPrecision.PROVINCE
    assert venture.form == "new_contract"
    assert venture.publication_state == PublicationState.DRAFT


def test_attaching_the_article_to_an_existing_venture_cites_it(editor_client, article):
    venture = make_venture(name="Uiju mine", province_code="KP-03", state=PublicationState.DRAFT)

    response = editor_client.post(
        reverse("admin:projects_triage_attach", args=[article.pk]), {"venture": venture.public_id}
    )

    assert response.status_code == 302
    citation = Citation.objects.get(venture=venture, source=article)
    assert "North Pyongan" in citation.quote
    venture.refresh_from_db()
    assert venture.publication_state == PublicationState.DRAFT


def test_an_editor_cannot_attach_to_a_published_venture(editor_client, article):
    venture = make_venture(name="Published mine", province_code="KP-03", state=PublicationState.PUBLISHED)

    response = editor_client.post(
        reverse("admin:projects_triage_attach", args=[article.pk]),
        {"venture": venture.public_id},
        follow=True,
    )

    assert not Citation.objects.filter(venture=venture, source=article).exists()
    assert "reviewer" in response.content.decode()


def test_marking_an_article_triaged_takes_it_out_of_the_queue(editor_client, article):
    editor_client.post(reverse("admin:projects_triage_state", args=[article.pk]), {"state": "done"})
    article.suggestions.refresh_from_db()
    assert article.suggestions.triage_state == TriageState.DONE


def test_submitting_a_url_in_the_admin_queues_and_fetches_it(
    editor_client, geo, site, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(
            reverse("admin:projects_triagearticle_add"), {"url": site.url("/good?utm_campaign=x")}
        )

    source = SourceArticle.objects.get()
    assert response.status_code == 302
    assert source.url == site.url("/good")
    assert source.fetch_status == FetchStatus.FETCHED
    assert source_suggestions(source)["mentions"]


def test_a_bad_url_is_a_form_error(editor_client, db):
    response = editor_client.post(reverse("admin:projects_triagearticle_add"), {"url": "javascript:alert(1)"})
    assert response.status_code == 200
    assert "Enter a valid URL" in response.content.decode()
    assert not SourceArticle.objects.exists()


def test_the_retrieved_copy_is_served_to_editors_as_plain_text(editor_client, geo, site):
    from projects.services.sources import source_fetch

    source = SourceArticle.objects.create(url=site.url("/good"), fetch_status=FetchStatus.QUEUED)
    source_fetch(source=source)
    snapshot = source.snapshots.get()

    response = editor_client.get(reverse("admin:projects_triage_snapshot", args=[snapshot.pk]))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    assert b"".join(response.streaming_content) == site.good


def test_anonymous_visitors_do_not_see_the_queue(client, article):
    response = client.get(reverse("admin:projects_triagearticle_change", args=[article.pk]))
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_the_selector_gives_json_serialisable_suggestions(article):
    data = source_suggestions(article)
    assert json.loads(json.dumps(data)) == data
    assert data["triage_state"] == "new"
    assert {"mentions", "sectors", "forms", "organizations", "candidate_ventures"} <= data.keys()


def test_suggest_command_prints_json_for_a_file(geo, capsys):
    call_command("suggest", str(SEED))
    data = json.loads(capsys.readouterr().out)
    assert {m["code"] for m in data["mentions"] if m["kind"] == "province"} == {
        "KP-01",
        "KP-02",
        "KP-03",
        "KP-08",
    }
    assert all({"kind", "text", "code", "sentence"} <= m.keys() for m in data["mentions"])


def test_suggest_command_fetches_a_url_without_saving(geo, site, capsys):
    call_command("suggest", site.url("/good"), "--compact")
    data = json.loads(capsys.readouterr().out)
    assert "Tokhyon Mine" in {m["name"] for m in data["mentions"]}
    assert not SourceArticle.objects.exists()


def test_suggest_command_reports_a_failed_fetch(db, site):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="HTTP 404"):
        call_command("suggest", site.url("/missing"))
