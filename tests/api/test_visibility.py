"""Anonymous callers only ever see published ventures: a draft's name, id or count never leaks."""

import datetime

import pytest

from projects.models import PublicationState, Venture
from projects.services.ventures import venture_delete, venture_set_publication_state
from tests.factories import OrganizationFactory, SourceArticleFactory, make_venture

from .conftest import token_client

pytestmark = pytest.mark.django_db

SECRET = "Secret draft smelter"


@pytest.fixture
def draft_and_published(geo):
    secret_partner = OrganizationFactory(name="Secret Partner Ltd")
    secret_source = SourceArticleFactory(title="Secret source")
    draft = make_venture(
        name=SECRET,
        state=PublicationState.DRAFT,
        province_code="KP-09",
        partner=secret_partner,
        source=secret_source,
    )
    published = make_venture(name="Public mine", province_code="KP-03")
    return draft, published


SURFACES = [
    "/api/v1/ventures/",
    "/api/v1/ventures/?format=geojson",
    "/api/v1/ventures/?format=csv",
    "/api/v1/ventures.geojson",
    "/api/v1/ventures/?q=Secret",
    "/api/v1/provinces/",
    "/api/v1/stats/",
    "/api/v1/organizations/",
    "/api/v1/sources/",
]


@pytest.mark.parametrize("url", SURFACES)
def test_anonymous_never_sees_a_draft(api, draft_and_published, url):
    draft, _ = draft_and_published
    response = api.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    assert SECRET not in body
    assert draft.public_id not in body
    assert "Secret Partner" not in body
    assert "Secret source" not in body


def test_anonymous_counts_leave_drafts_out(api, draft_and_published):
    assert api.get("/api/v1/ventures/").json()["count"] == 1
    provinces = {p["code"]: p["venture_count"] for p in api.get("/api/v1/provinces/").json()}
    assert provinces["KP-09"] == 0
    assert sum(provinces.values()) == 1
    assert api.get("/api/v1/stats/").json()["total"] == 1


def test_anonymous_gets_404_for_a_draft_detail(api, draft_and_published):
    draft, published = draft_and_published
    assert api.get(f"/api/v1/ventures/{draft.public_id}/").status_code == 404
    assert api.get(f"/api/v1/ventures/{published.public_id}/").status_code == 200


def test_hidden_partner_and_source_details_are_404(api, draft_and_published):
    draft, _ = draft_and_published
    partner_id = draft.partners.get().organization_id
    source_id = draft.citations.get().source_id
    assert api.get(f"/api/v1/organizations/{partner_id}/").status_code == 404
    assert api.get(f"/api/v1/sources/{source_id}/").status_code == 404


def test_editors_with_a_token_see_drafts(editor, draft_and_published):
    draft, _ = draft_and_published
    client = token_client(editor)
    assert client.get("/api/v1/ventures/").json()["count"] == 2
    detail = client.get(f"/api/v1/ventures/{draft.public_id}/").json()
    assert detail["publication_state"] == "draft"
    assert SECRET in client.get("/api/v1/ventures/?format=csv").content.decode()


def test_unpublished_ventures_are_hidden_like_drafts(api, reviewer, draft_and_published):
    _, published = draft_and_published
    venture_set_publication_state(venture=published, user=reviewer, state=PublicationState.UNPUBLISHED)
    assert api.get("/api/v1/ventures/").json()["count"] == 0
    assert api.get(f"/api/v1/ventures/{published.public_id}/").status_code == 404


def test_tombstones_report_unpublished_and_deleted_ventures_to_a_sync(api, reviewer, superuser, geo):
    gone = make_venture(name="Deleted mine")
    hidden = make_venture(name="Withdrawn mine")
    kept = make_venture(name="Kept mine")
    never_published = make_venture(name=SECRET, state=PublicationState.DRAFT)
    since = datetime.datetime.now(datetime.UTC)
    venture_set_publication_state(venture=hidden, user=reviewer, state=PublicationState.UNPUBLISHED)
    venture_delete(venture=Venture.objects.get(pk=gone.pk), user=superuser)
    venture_delete(venture=Venture.objects.get(pk=never_published.pk), user=superuser)

    body = api.get("/api/v1/ventures/", {"updated_since": since.isoformat()}).json()
    assert body["results"] == []
    tombstones = {t["public_id"]: t for t in body["tombstones"]}
    assert set(tombstones) == {gone.public_id, hidden.public_id}
    assert tombstones[gone.public_id]["reason"] == "deleted"
    assert tombstones[hidden.public_id]["reason"] == "unpublished"
    assert set(body["tombstones"][0]) == {"public_id", "removed_at", "reason"}
    assert never_published.public_id not in str(body)
    assert kept.public_id not in tombstones

    # A venture published again is no tombstone; without updated_since there is no tombstone list.
    venture_set_publication_state(
        venture=Venture.objects.get(pk=hidden.pk), user=reviewer, state=PublicationState.PUBLISHED
    )
    body = api.get("/api/v1/ventures/", {"updated_since": since.isoformat()}).json()
    assert [t["public_id"] for t in body["tombstones"]] == [gone.public_id]
    assert [row["public_id"] for row in body["results"]] == [hidden.public_id]
    assert "tombstones" not in api.get("/api/v1/ventures/").json()


def test_old_removals_are_not_tombstones_of_a_later_sync(api, superuser, geo):
    gone = make_venture(name="Deleted long ago")
    venture_delete(venture=Venture.objects.get(pk=gone.pk), user=superuser)
    later = datetime.datetime.now(datetime.UTC) + datetime.timedelta(seconds=1)
    assert api.get("/api/v1/ventures/", {"updated_since": later.isoformat()}).json()["tombstones"] == []
