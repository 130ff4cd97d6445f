"""GET /api/v1/sources/{id}/ gives editors the pre-read's proposed ventures; anonymous visitors never.

The proposals are stored with the article's suggestions (`SourceSuggestions.data["ventures"]`) by the
intake; the API hands them out as stored, inside `suggestions`, and the OpenAPI schema documents them.
"""

import datetime
from pathlib import Path

import pytest
import yaml
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from projects.models import FetchStatus, PublicationState, SourceArticle, SourceSuggestions
from projects.services.sources import suggestions_refresh
from tests.factories import make_venture

SINUIJU = Path(__file__).parent / "articles" / "en-wire-2024-sinuiju-garment-jv.txt"

PROPOSAL = {
    "name": "Amnok Hengtai Garment Joint Venture Company",
    "name_sentence": "The Chinese side will invest $120 million …",
    "sector": "manufacturing",
    "sector_sentence": "… a garment joint venture in Sinuiju …",
    "form": "new_contract",
    "arrangement": "joint_venture",
    "province": "KP-03",
    "province_sentence": "… in Sinuiju, North Pyongan province …",
    "place_id": None,
    "place_sentence": "",
    "location_precision": "county",
    "language": "en",
    "partners": [
        {
            "name": "Dandong Hengtai Textile Co., Ltd.",
            "country": "CN",
            "role": "chinese_investor",
            "stake": 70.0,
            "organization_id": None,
            "sentence": "The Chinese side will invest $120 million and hold a 70 percent stake …",
        }
    ],
    "investment": {"amount": "120000000", "currency": "USD", "sentence": "The Chinese side will invest …"},
    "status": {
        "status": "contract_signed",
        "date": "2024-03-12",
        "date_precision": "day",
        "sentence": "… signed an agreement on Tuesday …",
    },
    "contributions": [
        {"side": "KP", "kind": "land", "sentence": "The North Korean partner will provide land …"}
    ],
    "existing_ventures": [],
}


def _source_with_proposals(*, ventures=(PROPOSAL,), version=3):
    source = SourceArticle.objects.create(
        url="https://example.org/hengtai",
        title="Chinese textile firm to invest $120 million in Sinuiju garment venture",
        text="…",
        fetch_status=FetchStatus.FETCHED,
    )
    data = {
        "version": version,
        "language": "en",
        "mentions": [],
        "provinces": [],
        "places": [],
        "sectors": [],
        "forms": [],
        "organizations": [],
        "candidate_ventures": [],
        "truncated": [],
    }
    if ventures is not None:
        data["ventures"] = list(ventures)
    SourceSuggestions.objects.create(source=source, data=data, computed_at=timezone.now())
    return source


def _as(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


def test_an_editor_gets_the_proposed_ventures_as_stored(geo, editor):
    source = _source_with_proposals()

    response = _as(editor).get(f"/api/v1/sources/{source.pk}/")

    assert response.status_code == 200
    suggestions = response.json()["suggestions"]
    assert suggestions["language"] == "en"
    assert suggestions["ventures"] == [PROPOSAL]


def test_what_the_intake_stores_for_an_article_is_what_editors_get(geo, editor):
    title, _, body = SINUIJU.read_text(encoding="utf-8").partition("\n")
    source = SourceArticle.objects.create(
        url="https://example.org/sinuiju-garments",
        title=title.strip(),
        text=body.strip(),
        published_on=datetime.date(2024, 3, 15),
        fetch_status=FetchStatus.FETCHED,
    )
    suggestions_refresh(source=source)
    stored = SourceSuggestions.objects.get(source=source).data

    suggestions = _as(editor).get(f"/api/v1/sources/{source.pk}/").json()["suggestions"]

    assert stored["ventures"], "the intake proposed no venture for a plain wire report"
    assert suggestions["ventures"] == stored["ventures"]
    assert suggestions["language"] == stored["language"] == "en"


def test_a_reviewer_gets_them_too(geo, reviewer):
    source = _source_with_proposals()

    response = _as(reviewer).get(f"/api/v1/sources/{source.pk}/")

    assert response.json()["suggestions"]["ventures"][0]["partners"][0]["stake"] == 70.0


def test_suggestions_stored_before_the_preread_list_no_proposed_ventures(geo, editor):
    source = _source_with_proposals(ventures=None, version=2)

    suggestions = _as(editor).get(f"/api/v1/sources/{source.pk}/").json()["suggestions"]

    assert suggestions["ventures"] == []
    assert SourceSuggestions.objects.get(source=source).data.get("ventures") is None  # nothing rewritten


def test_anonymous_visitors_never_see_proposals_even_of_a_public_source(geo, client):
    source = _source_with_proposals()
    make_venture(source=source)  # cited by a published venture: the source itself is public

    response = client.get(f"/api/v1/sources/{source.pk}/")

    assert response.status_code == 200
    body = response.json()
    assert "suggestions" not in body and "fetch_error" not in body
    assert "Hengtai Textile" not in response.content.decode()


def test_a_source_only_a_draft_cites_stays_hidden_from_anonymous_visitors(geo, client):
    source = _source_with_proposals()
    make_venture(source=source, state=PublicationState.DRAFT)

    assert client.get(f"/api/v1/sources/{source.pk}/").status_code == 404


@pytest.fixture
def schema(db, client):
    return yaml.safe_load(client.get("/api/schema/").content)


def test_the_schema_documents_the_proposed_ventures_as_editors_only(schema):
    components = schema["components"]["schemas"]
    detail = schema["paths"]["/api/v1/sources/{id}/"]["get"]
    assert detail["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].endswith(
        "/SourceDetail"
    )
    assert "anonymous visitors never" in detail["description"]
    source = components["SourceDetail"]
    assert {"suggestions", "fetch_error"}.isdisjoint(source["required"])
    assert "Editors and reviewers only" in source["properties"]["suggestions"]["description"]
    assert components["Suggestions"]["properties"]["ventures"]["items"]["$ref"].endswith("/ProposedVenture")
    venture = components["ProposedVenture"]["properties"]
    assert {"name", "sector", "form", "arrangement", "province", "place_id", "location_precision"} <= set(
        venture
    )
    assert {"partners", "investment", "status", "contributions", "existing_ventures"} <= set(venture)
    partner = components["ProposedPartner"]["properties"]
    assert set(partner) == {"name", "country", "role", "stake", "organization_id", "sentence"}
    status = components["ProposedStatus"]["properties"]
    assert set(status) == {"status", "date", "date_precision", "sentence"}
