"""Per-fact citations and the status-after-publication rule through the API (issue #11, item 12)."""

import datetime

import pytest

from projects.models import PublicationState
from tests.factories import SourceArticleFactory, make_venture


@pytest.fixture
def draft(geo):
    return make_venture(name="Chongjin fish processing", state=PublicationState.DRAFT)


def test_a_citation_of_a_stake_names_its_partner_and_shows_in_the_detail(editor_api, draft):
    partner = draft.partners.get()
    source = SourceArticleFactory()

    created = editor_api.post(
        f"/api/v1/ventures/{draft.public_id}/citations/",
        {"source": source.pk, "supports": "stake", "partner": partner.pk, "quote": "It holds 49 %."},
        format="json",
    )
    detail = editor_api.get(f"/api/v1/ventures/{draft.public_id}/")

    assert created.status_code == 201, created.json()
    cited = [c for c in detail.json()["citations"] if c["source"]["id"] == source.pk]
    assert [(c["supports"], c["partner"], c["status_entry"]) for c in cited] == [("stake", partner.pk, None)]


def test_a_stake_citation_without_its_partner_is_a_400_naming_the_field(editor_api, draft):
    response = editor_api.post(
        f"/api/v1/ventures/{draft.public_id}/citations/",
        {"source": SourceArticleFactory().pk, "supports": "stake"},
        format="json",
    )

    assert response.status_code == 400
    assert response.json() == {"partner": ["Choose the partner this passage supports."]}


def test_a_status_after_its_only_source_is_a_400_and_a_note_lets_it_stand(editor_api, draft):
    source = SourceArticleFactory(published_on=datetime.date(2025, 10, 1))
    body = {"status": "closed", "date": "2025-10-20", "date_precision": "day", "source": source.pk}

    refused = editor_api.post(f"/api/v1/ventures/{draft.public_id}/status-entries/", body, format="json")
    accepted = editor_api.post(
        f"/api/v1/ventures/{draft.public_id}/status-entries/",
        {**body, "note": "The article announces the closure for 20 October."},
        format="json",
    )

    assert refused.status_code == 400
    assert "after 2025-10-01" in refused.json()["date"][0]
    assert accepted.status_code == 201
    assert draft.status_entries.filter(status="closed").count() == 1
