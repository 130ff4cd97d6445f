"""The province page's partner filter follows the one visibility rule, like the API's."""

import pytest

from projects.models import PublicationState
from tests.factories import OrganizationFactory, make_venture

pytestmark = pytest.mark.django_db

PAGE = "/provinces/KP-03/"


@pytest.fixture
def drafts_only_partner(geo):
    partner = OrganizationFactory(name="Dandong Draft Partner Co.")
    make_venture(
        name="Draft copper works", province_code="KP-03", partner=partner, state=PublicationState.DRAFT
    )
    make_venture(name="Published mine", province_code="KP-03")
    return partner


def test_an_editor_filters_by_a_partner_known_only_from_drafts(editor_client, drafts_only_partner):
    response = editor_client.get(PAGE, {"partner": drafts_only_partner.pk})

    assert "These filters could not be applied" not in response.text
    assert "Draft copper works" in response.text
    assert "Published mine" not in response.text


def test_the_api_agrees_for_the_editor(editor_client, drafts_only_partner):
    body = editor_client.get("/api/v1/ventures/", {"partner": drafts_only_partner.pk}).json()

    assert [row["name"] for row in body["results"]] == ["Draft copper works"]


def test_for_the_public_that_partner_is_no_partner(client, drafts_only_partner):
    response = client.get(PAGE, {"partner": drafts_only_partner.pk})

    assert "No organization has the id" in response.text
    assert "Draft copper works" not in response.text
