"""Organizations through the API: editors add them, changing one a published venture shows takes a
reviewer, deleting takes a superuser and only when no venture uses it; changes name the version read."""

import pytest

from projects.models import Organization, PublicationState
from tests.factories import OrganizationFactory, make_venture

pytestmark = pytest.mark.django_db

NEW = {
    "name": "Hunchun Mining Investment Co.",
    "name_zh": "珲春矿业投资有限公司",
    "other_names": "Hunchun Mining|HMI",
    "country": "CN",
    "kind": "private_company",
    "sanctions_designations": "",
}


def test_an_editor_adds_an_organization(editor_api, editor, geo):
    response = editor_api.post("/api/v1/organizations/", NEW, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["name"] == NEW["name"]
    assert body["other_names"] == ["Hunchun Mining", "HMI"]
    assert body["version"] == 1
    assert body["ventures"] == []
    assert response["ETag"] == '"1"'
    organization = Organization.objects.get(pk=body["id"])
    assert organization.name_zh == NEW["name_zh"]
    assert organization.history.get().history_user == editor


def test_bad_organization_writes_are_400s_naming_the_field(editor_api, geo):
    for body, field in [
        ({**NEW, "country": "FR"}, "country"),
        ({**NEW, "kind": "club"}, "kind"),
        ({**NEW, "name": ""}, "name"),
        ({**NEW, "id": 5}, "id"),
        ({**NEW, "nmae": "typo"}, "nmae"),
    ]:
        response = editor_api.post("/api/v1/organizations/", body, format="json")
        assert response.status_code == 400, body
        assert field in response.json()
    assert not Organization.objects.exists()


def test_a_change_names_the_version_it_was_read_at(editor_api, geo):
    organization = OrganizationFactory()
    url = f"/api/v1/organizations/{organization.pk}/"
    assert editor_api.get(url)["ETag"] == '"1"'
    missing = editor_api.patch(url, {"name": "New name"}, format="json")
    assert missing.status_code == 428
    changed = editor_api.patch(url, {"name": "New name", "version": 1}, format="json")
    assert changed.status_code == 200, changed.content
    assert changed.json()["version"] == 2
    assert changed["ETag"] == '"2"'
    stale = editor_api.patch(url, {"name": "Stale name"}, format="json", HTTP_IF_MATCH='"1"')
    assert stale.status_code == 409
    assert stale.json()["current_version"] == 2
    organization.refresh_from_db()
    assert (organization.name, organization.version) == ("New name", 2)


def test_an_organization_a_published_venture_shows_is_changed_by_reviewers_only(
    editor_api, reviewer_api, geo
):
    organization = OrganizationFactory()
    make_venture(partner=organization, state=PublicationState.PUBLISHED)
    url = f"/api/v1/organizations/{organization.pk}/"
    refused = editor_api.patch(url, {"name": "Renamed", "version": 1}, format="json")
    assert refused.status_code == 403
    assert "reviewer" in refused.json()["detail"]
    assert reviewer_api.patch(url, {"name": "Renamed", "version": 1}, format="json").status_code == 200
    organization.refresh_from_db()
    assert organization.name == "Renamed"


def test_only_superusers_delete_and_only_what_no_venture_uses(editor_api, superuser, geo):
    from .conftest import token_client

    admin_api = token_client(superuser)
    unused, used = OrganizationFactory(), OrganizationFactory()
    make_venture(partner=used, state=PublicationState.DRAFT)
    assert editor_api.delete(f"/api/v1/organizations/{unused.pk}/", HTTP_IF_MATCH='"1"').status_code == 403
    in_use = admin_api.delete(f"/api/v1/organizations/{used.pk}/", HTTP_IF_MATCH='"1"')
    assert in_use.status_code == 409
    assert "JV-" in in_use.json()["detail"]
    assert admin_api.delete(f"/api/v1/organizations/{unused.pk}/", HTTP_IF_MATCH='"1"').status_code == 204
    assert list(Organization.objects.values_list("pk", flat=True)) == [used.pk]


def test_anonymous_organization_writes_are_401(api, geo):
    assert api.post("/api/v1/organizations/", NEW, format="json").status_code == 401
    assert not Organization.objects.exists()
