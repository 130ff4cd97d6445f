"""A script builds a whole venture: partners and contributions (list, add, change, delete) with the
roles and the optimistic locking of ventures — each part write bumps the venture's version, a change
or delete names the version it was read at, and every answer carries the new one as its ETag."""

import pytest

from projects.models import Contribution, PublicationState, Venture, VenturePartner
from tests.factories import OrganizationFactory, make_venture

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(geo):
    return make_venture(state=PublicationState.DRAFT)


def partners_url(venture, pk=None):
    base = f"/api/v1/ventures/{venture.public_id}/partners/"
    return f"{base}{pk}/" if pk else base


def contributions_url(venture, pk=None):
    base = f"/api/v1/ventures/{venture.public_id}/contributions/"
    return f"{base}{pk}/" if pk else base


def version_of(venture) -> int:
    return Venture.objects.values_list("version", flat=True).get(pk=venture.pk)


def test_an_editor_adds_a_partner_to_a_draft_and_the_venture_version_moves(editor_api, editor, draft):
    organization = OrganizationFactory(name="Dandong Trading Co.")
    before = version_of(draft)
    response = editor_api.post(
        partners_url(draft),
        {"organization": organization.pk, "role": "north_korean_partner", "stake_percent": "49.00"},
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["organization"] == organization.pk
    assert body["role"] == "north_korean_partner"
    assert body["stake_percent"] == "49.00"
    assert response["ETag"] == f'"{before + 1}"'
    partner = VenturePartner.objects.get(pk=body["id"])
    assert partner.venture == draft and partner.organization == organization
    assert partner.history.get().history_user == editor
    # The venture's detail shows it.
    detail = editor_api.get(f"/api/v1/ventures/{draft.public_id}/").json()
    assert "Dandong Trading Co." in [p["name"] for p in detail["partners"]]


def test_the_partner_list_gives_each_part_its_id(editor_api, draft):
    response = editor_api.get(partners_url(draft))
    assert response.status_code == 200
    (only,) = response.json()
    assert only["id"] == VenturePartner.objects.get(venture=draft).pk
    assert response["ETag"] == f'"{version_of(draft)}"'


def test_a_partner_is_changed_and_deleted_with_the_venture_version(editor_api, draft):
    partner = VenturePartner.objects.get(venture=draft)
    version = version_of(draft)
    response = editor_api.patch(
        partners_url(draft, partner.pk), {"stake_percent": "30", "version": version}, format="json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["stake_percent"] == "30.00"
    partner.refresh_from_db()
    assert str(partner.stake_percent) == "30.00"
    assert response["ETag"] == f'"{version + 1}"'

    response = editor_api.delete(partners_url(draft, partner.pk), HTTP_IF_MATCH=f'"{version + 1}"')
    assert response.status_code == 204
    assert not VenturePartner.objects.filter(pk=partner.pk).exists()
    assert version_of(draft) == version + 2


def test_a_stale_or_missing_version_changes_nothing(editor_api, draft):
    partner = VenturePartner.objects.get(venture=draft)
    version = version_of(draft)
    stale = editor_api.patch(
        partners_url(draft, partner.pk), {"note": "x", "version": version - 1}, format="json"
    )
    assert stale.status_code == 409
    assert stale.json()["current_version"] == version
    missing = editor_api.delete(partners_url(draft, partner.pk))
    assert missing.status_code == 428
    assert VenturePartner.objects.filter(pk=partner.pk, note="").exists()
    # Adding with a stale version is refused too (the version is optional when adding).
    organization = OrganizationFactory()
    response = editor_api.post(
        partners_url(draft), {"organization": organization.pk, "role": "other", "version": 1}, format="json"
    )
    assert response.status_code == 409
    assert version_of(draft) == version


def test_bad_partner_writes_are_400s_naming_the_field(editor_api, draft):
    cases = [
        ({"organization": 999999, "role": "other"}, "organization"),
        ({"organization": OrganizationFactory().pk, "role": "boss"}, "role"),
        (
            {"organization": OrganizationFactory().pk, "role": "other", "stake_percent": "120"},
            "stake_percent",
        ),
        ({"organization": OrganizationFactory().pk, "role": "other", "venture": 1}, "venture"),
        ({"role": "other"}, "organization"),
    ]
    for body, field in cases:
        response = editor_api.post(partners_url(draft), body, format="json")
        assert response.status_code == 400, (body, response.content)
        assert field in response.json(), (body, response.json())
    assert VenturePartner.objects.filter(venture=draft).count() == 1
    # The same organization in the same role twice: the model's constraint, as a 400.
    existing = VenturePartner.objects.get(venture=draft)
    twice = editor_api.post(
        partners_url(draft), {"organization": existing.organization_id, "role": existing.role}, format="json"
    )
    assert twice.status_code == 400
    assert VenturePartner.objects.filter(venture=draft).count() == 1


def test_an_editor_may_not_change_a_published_ventures_parts_but_a_reviewer_may(
    editor_api, reviewer_api, geo
):
    published = make_venture()
    partner = VenturePartner.objects.get(venture=published)
    version = version_of(published)
    refused = editor_api.patch(
        partners_url(published, partner.pk), {"note": "x", "version": version}, format="json"
    )
    assert refused.status_code == 403
    allowed = reviewer_api.patch(
        partners_url(published, partner.pk), {"note": "Confirmed", "version": version}, format="json"
    )
    assert allowed.status_code == 200
    partner.refresh_from_db()
    assert partner.note == "Confirmed"


def test_anonymous_part_writes_are_401_and_drafts_parts_are_404_to_the_public(api, draft):
    partner = VenturePartner.objects.get(venture=draft)
    assert (
        api.post(partners_url(draft), {"organization": 1, "role": "other"}, format="json").status_code == 401
    )
    assert api.get(partners_url(draft)).status_code == 404
    assert api.get(partners_url(draft, partner.pk)).status_code == 404


def test_a_part_of_another_venture_is_404(editor_api, geo):
    first = make_venture(state=PublicationState.DRAFT)
    second = make_venture(state=PublicationState.DRAFT, name="Other venture")
    partner = VenturePartner.objects.get(venture=first)
    response = editor_api.patch(
        partners_url(second, partner.pk), {"note": "x", "version": version_of(second)}, format="json"
    )
    assert response.status_code == 404


def test_contributions_are_added_changed_and_deleted(editor_api, draft):
    response = editor_api.post(
        contributions_url(draft), {"side": "CN", "kind": "capital", "note": "CNY 3 million"}, format="json"
    )
    assert response.status_code == 201, response.content
    contribution = Contribution.objects.get(pk=response.json()["id"])
    assert (contribution.side, contribution.kind, contribution.note) == ("CN", "capital", "CNY 3 million")

    listed = editor_api.get(contributions_url(draft)).json()
    assert [c["id"] for c in listed] == [contribution.pk]

    version = version_of(draft)
    response = editor_api.patch(
        contributions_url(draft, contribution.pk),
        {"note": "CNY 4 million"},
        format="json",
        HTTP_IF_MATCH=f'"{version}"',
    )
    assert response.status_code == 200
    contribution.refresh_from_db()
    assert contribution.note == "CNY 4 million"

    bad = editor_api.patch(
        contributions_url(draft, contribution.pk), {"side": "XX", "version": version + 1}, format="json"
    )
    assert bad.status_code == 400
    assert "side" in bad.json()

    gone = editor_api.delete(
        contributions_url(draft, contribution.pk), {"version": version + 1}, format="json"
    )
    assert gone.status_code == 204
    assert not Contribution.objects.filter(pk=contribution.pk).exists()
