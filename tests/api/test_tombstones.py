"""A tombstone gives the time the venture left the public view, and that time stays: later edits of
the hidden venture neither move it nor bring the tombstone back for a later sync."""

import datetime

import pytest

from projects.models import PublicationState, Venture
from projects.services.ventures import venture_delete, venture_set_publication_state, venture_update
from tests.factories import make_venture

pytestmark = pytest.mark.django_db


def _now():
    return datetime.datetime.now(datetime.UTC)


def _tombstones(api, since):
    body = api.get("/api/v1/ventures/", {"updated_since": since.isoformat()}).json()
    return {t["public_id"]: t for t in body["tombstones"]}


def test_removed_at_is_when_it_left_the_public_view_and_later_edits_do_not_move_it(api, reviewer, geo):
    venture = make_venture(name="Withdrawn mine")
    before = _now()
    venture_set_publication_state(venture=venture, user=reviewer, state=PublicationState.UNPUBLISHED)
    left_at = Venture.objects.get(pk=venture.pk).withdrawn_at
    first = _tombstones(api, before)[venture.public_id]["removed_at"]
    after_removal = _now()

    for n in range(3):
        venture_update(venture=Venture.objects.get(pk=venture.pk), user=reviewer, description=f"Edit {n}")

    assert left_at is not None
    assert _tombstones(api, before)[venture.public_id]["removed_at"] == first
    assert datetime.datetime.fromisoformat(first.replace("Z", "+00:00")) == left_at
    # A mirror that synced after the removal learns nothing of the edits.
    assert _tombstones(api, after_removal) == {}


def test_a_hidden_venture_deleted_later_keeps_its_removal_time(api, reviewer, superuser, geo):
    venture = make_venture(name="Withdrawn then deleted")
    before = _now()
    venture_set_publication_state(venture=venture, user=reviewer, state=PublicationState.UNPUBLISHED)
    first = _tombstones(api, before)[venture.public_id]
    after_removal = _now()

    venture_delete(venture=Venture.objects.get(pk=venture.pk), user=superuser)

    again = _tombstones(api, before)[venture.public_id]
    assert again["removed_at"] == first["removed_at"]
    assert again["reason"] == "deleted"
    assert _tombstones(api, after_removal) == {}


def test_publishing_again_clears_it_and_a_new_withdrawal_starts_a_new_time(reviewer, geo):
    venture = make_venture()
    venture_set_publication_state(venture=venture, user=reviewer, state=PublicationState.UNPUBLISHED)
    first = Venture.objects.get(pk=venture.pk).withdrawn_at

    venture_set_publication_state(
        venture=Venture.objects.get(pk=venture.pk), user=reviewer, state=PublicationState.PUBLISHED
    )
    assert Venture.objects.get(pk=venture.pk).withdrawn_at is None
    venture_set_publication_state(
        venture=Venture.objects.get(pk=venture.pk), user=reviewer, state=PublicationState.DRAFT
    )

    assert Venture.objects.get(pk=venture.pk).withdrawn_at > first


def test_a_caller_cannot_set_it(reviewer, geo):
    venture = make_venture()
    venture.withdrawn_at = _now()

    venture_update(venture=venture, user=reviewer, description="x")

    assert Venture.objects.get(pk=venture.pk).withdrawn_at is None


def test_the_migration_fills_it_in_from_the_history(reviewer, geo):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("projects.migrations.0006_withdrawn_at_status_date_floor")
    venture = make_venture()
    venture_set_publication_state(venture=venture, user=reviewer, state=PublicationState.UNPUBLISHED)
    left_at = Venture.objects.get(pk=venture.pk).withdrawn_at
    venture_update(venture=Venture.objects.get(pk=venture.pk), user=reviewer, description="Later edit")
    Venture.objects.update(withdrawn_at=None)
    Venture.history.update(withdrawn_at=None)

    migration.backfill_withdrawn_at(apps, None)

    # The history row of the unpublishing was written a moment after the service's clock read.
    filled = Venture.objects.get(pk=venture.pk).withdrawn_at
    assert abs(filled - left_at) < datetime.timedelta(seconds=1)
    latest = Venture.history.filter(id=venture.pk).latest("history_date", "history_id")
    assert latest.withdrawn_at == filled
