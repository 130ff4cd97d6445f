"""The exemption reviewers fill, and the flags after the write paths (merge, API status writes):
nothing is stored per venture, so each path shows the new flags at once."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from projects.models import Status
from projects.selectors.sanctions_rules import SanctionsFlag
from projects.services.merge import venture_merge
from projects.services.ventures import venture_update
from tests.api.conftest import token_client
from tests.sanctions.helpers import day, entry, flags_everywhere, venture_with_entries

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _geo(geo):
    pass


def test_the_exemption_fields_are_for_reviewers_in_the_admin(editor, reviewer):
    from django.test import Client

    from projects.models import PublicationState

    editor_client, reviewer_client = Client(), Client()
    editor_client.force_login(editor)
    reviewer_client.force_login(reviewer)
    draft = venture_with_entries(state=PublicationState.DRAFT)
    url = f"/admin/projects/venture/{draft.pk}/change/"
    editor_page = editor_client.get(url).content.decode()
    assert 'name="exemption_reference"' not in editor_page  # shown read-only
    assert "1718 Committee approval reference" in editor_page
    assert 'name="exemption_reference"' in reviewer_client.get(url).content.decode()


def test_an_exemption_date_needs_its_reference(reviewer):
    venture = venture_with_entries()
    with pytest.raises(ValidationError) as error:
        venture_update(
            venture=venture,
            user=reviewer,
            expected_version=venture.version,
            exemption_approved_on=datetime.date(2018, 2, 1),
        )
    assert "exemption_reference" in error.value.message_dict


def test_merge_keeps_the_duplicates_exemption_and_entries(reviewer):
    survivor = venture_with_entries(name="Survivor")
    merged = venture_with_entries(
        entry(Status.EXPANDING, day(2018, 6, 1)), name="Duplicate", exemption_reference="ref. 2018/1"
    )
    assert flags_everywhere(survivor) == []
    venture_merge(survivor=survivor, merged=merged, user=reviewer)
    survivor.refresh_from_db()
    assert flags_everywhere(survivor) == [
        SanctionsFlag.OPENED_AFTER_BAN,
        SanctionsFlag.ACTIVE_AFTER_DEADLINE,
        SanctionsFlag.EXEMPTION_RECORDED,
    ]


def test_a_status_entry_written_through_the_api_raises_the_flag_at_once(editor):
    from projects.models import PublicationState

    venture = venture_with_entries(state=PublicationState.DRAFT)
    source_id = venture.citations.first().source_id if venture.citations.exists() else None
    if source_id is None:
        from tests.factories import SourceArticleFactory

        source_id = SourceArticleFactory().pk
    api = token_client(editor)
    response = api.post(
        f"/api/v1/ventures/{venture.public_id}/status-entries/",
        {"status": "operating", "date": "2018-01-10", "date_precision": "day", "source": source_id},
        format="json",
    )
    assert response.status_code == 201, response.content
    listed = api.get("/api/v1/ventures/", {"sanctions": "active_after_deadline"}).json()["results"]
    assert [row["public_id"] for row in listed] == [venture.public_id]
