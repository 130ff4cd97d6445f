"""The public export's ETag (and its cache entry) follows what the public sees: a draft edit leaves it
alone, a change to a published venture moves it; editors' ETag follows every change they can see."""

import datetime

import pytest

from projects.models import PublicationState, VenturePartner
from projects.selectors.exports import public_export_data_fingerprint
from projects.services.ventures import (
    partner_add,
    status_entry_create,
    venture_part_delete,
    venture_update,
)
from tests.factories import OrganizationFactory, SourceArticleFactory, make_venture

pytestmark = pytest.mark.django_db

EXPORTS = ["/api/v1/ventures/?format=geojson", "/api/v1/ventures.csv"]


@pytest.fixture
def ventures(geo):
    draft_partner = OrganizationFactory(name="Known only from the draft")
    draft_source = SourceArticleFactory(title="Cited only by the draft")
    return {
        "published": make_venture(name="Musan mine"),
        "draft": make_venture(
            name="Secret draft",
            state=PublicationState.DRAFT,
            partner=draft_partner,
            source=draft_source,
        ),
        "draft_partner": draft_partner,
        "draft_source": draft_source,
    }


def _rename_draft(v, reviewer):
    venture_update(venture=v["draft"], user=reviewer, name="Secret draft, renamed")


def _add_status_to_draft(v, reviewer):
    status_entry_create(
        venture=v["draft"],
        user=reviewer,
        status="suspended",
        date=datetime.date(2025, 9, 20),  # before the source came out (2025-10-01)
        date_precision="day",
        source=v["draft_source"],
    )


def _add_partner_to_draft(v, reviewer):
    partner_add(venture=v["draft"], user=reviewer, organization=OrganizationFactory(), role="other")


def _remove_partner_from_draft(v, reviewer):
    venture_part_delete(part=VenturePartner.objects.filter(venture=v["draft"]).first(), user=reviewer)


def _rename_the_drafts_own_partner(v, reviewer):
    v["draft_partner"].name = "Renamed, still only the draft's"
    v["draft_partner"].save()


def _retitle_the_drafts_own_source(v, reviewer):
    v["draft_source"].title = "Retitled, still only the draft's"
    v["draft_source"].save()


def _add_another_draft(v, reviewer):
    make_venture(name="Another draft", state=PublicationState.DRAFT)


DRAFT_CHANGES = [
    _rename_draft,
    _add_status_to_draft,
    _add_partner_to_draft,
    _remove_partner_from_draft,
    _rename_the_drafts_own_partner,
    _retitle_the_drafts_own_source,
    _add_another_draft,
]


def _etags(client):
    return {url: client.get(url)["ETag"] for url in EXPORTS}


@pytest.mark.parametrize("change", DRAFT_CHANGES, ids=[c.__name__.strip("_") for c in DRAFT_CHANGES])
def test_a_draft_change_keeps_the_public_etag_and_moves_the_editors(
    change, api, editor_api, ventures, reviewer
):
    public_before, editor_before = _etags(api), _etags(editor_api)
    public_bodies = {url: api.get(url).content for url in EXPORTS}
    change(ventures, reviewer)
    assert _etags(api) == public_before
    for url in EXPORTS:
        assert api.get(url, HTTP_IF_NONE_MATCH=public_before[url]).status_code == 304
        assert api.get(url).content == public_bodies[url]
    editor_after = _etags(editor_api)
    assert all(editor_after[url] != editor_before[url] for url in EXPORTS)


def _rename_published(v, reviewer):
    venture_update(venture=v["published"], user=reviewer, name="Musan iron mine")


def _rename_published_partner(v, reviewer):
    organization = v["published"].partners.get().organization
    organization.name = "Renamed partner of a published venture"
    organization.save()


def _publish_the_draft(v, reviewer):
    venture_update(venture=v["draft"], user=reviewer, publication_state=PublicationState.PUBLISHED)


def _unpublish(v, reviewer):
    venture_update(venture=v["published"], user=reviewer, publication_state=PublicationState.UNPUBLISHED)


PUBLIC_CHANGES = [_rename_published, _rename_published_partner, _publish_the_draft, _unpublish]


@pytest.mark.parametrize("change", PUBLIC_CHANGES, ids=[c.__name__.strip("_") for c in PUBLIC_CHANGES])
def test_a_change_the_public_can_see_moves_the_public_etag(change, api, editor_api, ventures, reviewer):
    public_before, editor_before = _etags(api), _etags(editor_api)
    change(ventures, reviewer)
    public_after, editor_after = _etags(api), _etags(editor_api)
    for url in EXPORTS:
        assert public_after[url] != public_before[url]
        assert editor_after[url] != editor_before[url]
        assert api.get(url, HTTP_IF_NONE_MATCH=public_before[url]).status_code == 200


def test_the_public_fingerprint_changes_when_an_earlier_transaction_commits_after_a_later_one(ventures):
    history = VenturePartner.history.model
    latest = history.objects.filter(venture_id=ventures["published"].id).order_by("-history_id").first()
    taken_by_the_slow_transaction = latest.history_id
    history.objects.filter(history_id=latest.history_id).update(history_id=latest.history_id + 1000)
    before = public_export_data_fingerprint()
    latest.history_id = taken_by_the_slow_transaction
    latest.save()  # a late commit below the highest id
    assert public_export_data_fingerprint() != before
