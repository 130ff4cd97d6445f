"""Writes with DRF tokens: editors create and change drafts, reviewers publish; every write is in history."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from projects.models import PublicationState, SourceArticle, Venture
from tests.factories import POINTS, SourceArticleFactory, UserFactory, make_venture

from .conftest import token_client

pytestmark = pytest.mark.django_db

NEW_VENTURE = {
    "name": "Unryul iron ore venture",
    "name_ko": "은률광산",
    "sector": "mine",
    "form": "new_contract",
    "province": "KP-03",
    "location": {"type": "Point", "coordinates": [POINTS["KP-03"].x, POINTS["KP-03"].y]},
    "location_precision": "approximate",
    "investment_amount": "1500000.00",
    "investment_currency": "cny",
}


def test_anonymous_writes_are_401(api, geo):
    response = api.post("/api/v1/ventures/", NEW_VENTURE, format="json")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    venture = make_venture()
    assert (
        api.patch(f"/api/v1/ventures/{venture.public_id}/", {"name": "x"}, format="json").status_code == 401
    )
    assert api.post("/api/v1/sources/", {"url": "https://example.org/a"}, format="json").status_code == 401


def test_a_bad_token_is_401(geo):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    assert client.post("/api/v1/ventures/", NEW_VENTURE, format="json").status_code == 401


def test_editor_creates_a_draft_through_the_service(editor_api, editor, geo):
    response = editor_api.post("/api/v1/ventures/", NEW_VENTURE, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["public_id"] == "JV-0001"
    assert body["publication_state"] == "draft"
    assert body["investment_currency"] == "CNY"  # cleaned by the model, as in the admin
    assert body["province"] == "KP-03"
    assert response["ETag"] == '"1"'
    venture = Venture.objects.get(public_id="JV-0001")
    assert venture.history.get().history_user == editor


def test_the_services_validation_comes_back_as_a_400_naming_fields(editor_api, geo):
    outside = {
        **NEW_VENTURE,
        "location": {"type": "Point", "coordinates": [POINTS["KP-09"].x, POINTS["KP-09"].y]},
    }
    response = editor_api.post("/api/v1/ventures/", outside, format="json")
    assert response.status_code == 400
    assert "location" in response.json()
    no_currency = {**NEW_VENTURE, "investment_currency": ""}
    assert "investment_currency" in editor_api.post("/api/v1/ventures/", no_currency, format="json").json()


def test_type_errors_are_400_before_the_service(editor_api, geo):
    response = editor_api.post(
        "/api/v1/ventures/", {"name": "x", "sector": "gold", "province": "KP-99"}, format="json"
    )
    assert response.status_code == 400
    assert set(response.json()) >= {"sector", "province"}
    assert Venture.objects.count() == 0


def test_editors_may_not_publish(editor_api, geo):
    response = editor_api.post(
        "/api/v1/ventures/", {**NEW_VENTURE, "publication_state": "published"}, format="json"
    )
    assert response.status_code == 403
    assert Venture.objects.count() == 0


def test_update_needs_the_current_version(editor_api, editor, geo):
    venture = make_venture(state=PublicationState.DRAFT)
    url = f"/api/v1/ventures/{venture.public_id}/"
    assert editor_api.patch(url, {"name": "Renamed"}, format="json").status_code == 428

    stale = editor_api.patch(url, {"name": "Renamed", "version": venture.version - 1}, format="json")
    assert stale.status_code == 409
    assert stale.json()["current_version"] == venture.version

    ok = editor_api.patch(url, {"name": "Renamed", "version": venture.version}, format="json")
    assert ok.status_code == 200, ok.content
    assert ok.json()["name"] == "Renamed"
    assert ok.json()["version"] == venture.version + 1
    venture.refresh_from_db()
    assert venture.name == "Renamed"
    assert venture.history.first().history_user == editor


def test_if_match_carries_the_version(editor_api, geo):
    venture = make_venture(state=PublicationState.DRAFT)
    url = f"/api/v1/ventures/{venture.public_id}/"
    etag = editor_api.get(url)["ETag"]
    assert (
        editor_api.patch(url, {"sector": "ironworks"}, format="json", HTTP_IF_MATCH=etag).status_code == 200
    )
    assert editor_api.patch(url, {"sector": "mine"}, format="json", HTTP_IF_MATCH=etag).status_code == 409


def test_editors_may_not_change_published_ventures_but_reviewers_may(editor_api, reviewer_api, geo):
    venture = make_venture()
    url = f"/api/v1/ventures/{venture.public_id}/"
    assert editor_api.patch(url, {"name": "x", "version": venture.version}, format="json").status_code == 403
    response = reviewer_api.patch(url, {"name": "Checked", "version": venture.version}, format="json")
    assert response.status_code == 200


def test_only_reviewers_publish(editor_api, reviewer_api, reviewer, geo):
    venture = make_venture(state=PublicationState.DRAFT)
    url = f"/api/v1/ventures/{venture.public_id}/"
    publish = {"publication_state": "published", "version": venture.version}
    assert editor_api.patch(url, publish, format="json").status_code == 403
    response = reviewer_api.patch(url, publish, format="json")
    assert response.status_code == 200
    assert response.json()["publication_state"] == "published"
    assert Venture.objects.get(pk=venture.pk).history.first().history_user == reviewer


def test_put_needs_every_required_field(editor_api, geo):
    venture = make_venture(state=PublicationState.DRAFT)
    response = editor_api.put(
        f"/api/v1/ventures/{venture.public_id}/", {"version": venture.version}, format="json"
    )
    assert response.status_code == 400
    assert {"name", "sector", "province"} <= set(response.json())


def test_users_without_a_role_get_403(geo):
    nobody = token_client(UserFactory(username="nobody"))
    assert nobody.post("/api/v1/ventures/", NEW_VENTURE, format="json").status_code == 403
    assert nobody.post("/api/v1/sources/", {"url": "https://example.org/a"}, format="json").status_code == 403


def test_status_entries_and_citations(editor_api, editor, geo):
    venture = make_venture(state=PublicationState.DRAFT)
    source = SourceArticleFactory()
    entry = editor_api.post(
        f"/api/v1/ventures/{venture.public_id}/status-entries/",
        {"status": "suspended", "date": "2025-10-01", "date_precision": "month", "source": source.pk},
        format="json",
    )
    assert entry.status_code == 201, entry.content
    assert entry.json()["date"] == "2025-10-01"
    citation = editor_api.post(
        f"/api/v1/ventures/{venture.public_id}/citations/",
        {"source": source.pk, "status_entry": entry.json()["id"], "quote": "Work stopped in October."},
        format="json",
    )
    assert citation.status_code == 201, citation.content
    detail = editor_api.get(f"/api/v1/ventures/{venture.public_id}/").json()
    assert detail["status"] == "suspended"
    assert detail["citations"][-1]["quote"] == "Work stopped in October."
    assert detail["version"] == venture.version + 2  # each part bumps the venture's version
    assert venture.status_entries.get(status="suspended").history.get().history_user == editor


def test_a_status_date_in_the_future_is_a_400_from_the_model(editor_api, geo):
    venture = make_venture(state=PublicationState.DRAFT)
    future = (datetime.date.today() + datetime.timedelta(days=30)).isoformat()
    response = editor_api.post(
        f"/api/v1/ventures/{venture.public_id}/status-entries/",
        {"status": "operating", "date": future, "source": SourceArticleFactory().pk},
        format="json",
    )
    assert response.status_code == 400
    assert "date" in response.json()


def test_a_citation_of_another_ventures_status_entry_is_refused(editor_api, geo):
    venture = make_venture(state=PublicationState.DRAFT)
    other = make_venture(state=PublicationState.DRAFT)
    response = editor_api.post(
        f"/api/v1/ventures/{venture.public_id}/citations/",
        {"source": SourceArticleFactory().pk, "status_entry": other.status_entries.get().pk},
        format="json",
    )
    assert response.status_code == 400
    assert "status_entry" in response.json()


def test_editors_submit_sources_by_url(editor_api, editor, geo, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = editor_api.post(
            "/api/v1/sources/",
            {"url": "HTTPS://Example.org/news/1?utm_source=x#top", "title": "Given title"},
            format="json",
        )
    assert response.status_code == 201, response.content
    assert len(callbacks) == 1  # the fetch is enqueued once the source is committed
    source = SourceArticle.objects.get()
    assert source.url == response.json()["url"]
    assert "utm_source" not in source.url
    assert source.fetch_status == "queued"
    assert source.history.get().history_user == editor
    with django_capture_on_commit_callbacks(execute=False):
        again = editor_api.post("/api/v1/sources/", {"url": "https://example.org/news/1"}, format="json")
    assert again.status_code == 200
    assert SourceArticle.objects.count() == 1


def test_a_bad_source_url_is_a_400(editor_api, geo):
    response = editor_api.post("/api/v1/sources/", {"url": "not a url"}, format="json")
    assert response.status_code == 400
    assert "url" in response.json()


def test_create_api_token_command(editor):
    out = io.StringIO()
    call_command("create_api_token", "editor", stdout=out, stderr=io.StringIO())
    key = out.getvalue().strip()
    assert Token.objects.get(user=editor).key == key
    again = io.StringIO()
    call_command("create_api_token", "editor", stdout=again)
    assert again.getvalue().strip() == key
    reset = io.StringIO()
    call_command("create_api_token", "editor", "--reset", stdout=reset, stderr=io.StringIO())
    assert reset.getvalue().strip() != key
    with pytest.raises(CommandError):
        call_command("create_api_token", "nobody-here")


def test_tokens_can_be_made_in_the_admin(client, superuser):
    client.force_login(superuser)
    assert client.get("/admin/authtoken/tokenproxy/add/").status_code == 200
