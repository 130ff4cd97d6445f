"""Submitting a URL: one source per article, saved queued, fetched once the transaction commits."""

import logging

import pytest

from projects.models import FetchStatus, SourceArticle
from projects.services.sources import source_submit, sources_sweep_queued
from tests.intake.conftest import UNREACHABLE_BROKER_URL, celery_configured


def test_submitting_saves_a_queued_source_and_fetches_it_after_commit(
    geo, site, editor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        source, created = source_submit(url=site.url("/good?utm_source=x#top"), user=editor)

    assert created is True
    assert source.url == site.url("/good")
    assert source.fetch_status == FetchStatus.QUEUED
    assert source.history.first().history_user == editor
    assert len(callbacks) == 1  # nothing is sent before the commit

    callbacks[0]()  # the commit: with no broker the fetch runs in-process
    source.refresh_from_db()
    assert source.fetch_status == FetchStatus.FETCHED


def test_submitting_again_changes_nothing(geo, site, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first, _ = source_submit(url=site.url("/good"))
    first.refresh_from_db()

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        again, created = source_submit(url=site.url("/good/?utm_medium=email"), title="Other title")

    again.refresh_from_db()
    assert created is False
    assert again.pk == first.pk
    assert again.title == first.title
    assert again.updated_at == first.updated_at
    assert callbacks == []
    assert SourceArticle.objects.count() == 1
    assert site.hits["/good"] == 1


def test_a_bad_url_is_refused_with_the_field_named(db):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        source_submit(url="not a url")
    assert "url" in error.value.message_dict


def test_with_the_broker_down_a_submit_succeeds_and_the_sweep_picks_it_up_later(
    geo, site, django_capture_on_commit_callbacks, caplog
):
    with celery_configured(broker_url=UNREACHABLE_BROKER_URL, eager=False):
        with caplog.at_level(logging.WARNING), django_capture_on_commit_callbacks(execute=True):
            source, created = source_submit(url=site.url("/good"))
        assert created is True
        source.refresh_from_db()
        assert source.fetch_status == FetchStatus.QUEUED
        assert "stays queued" in caplog.text
        assert sources_sweep_queued(older_than_seconds=0) == 0  # still down: still queued

    # The broker is back (here: in-process): the sweep sends it again.
    assert sources_sweep_queued(older_than_seconds=0) == 1
    source.refresh_from_db()
    assert source.fetch_status == FetchStatus.FETCHED


def test_the_sweep_leaves_recently_queued_and_finished_sources_alone(geo, site):
    fresh = SourceArticle.objects.create(url=site.url("/good"), fetch_status=FetchStatus.QUEUED)
    done = SourceArticle.objects.create(url=site.url("/farm"), fetch_status=FetchStatus.FETCHED)

    assert sources_sweep_queued(older_than_seconds=600) == 0
    fresh.refresh_from_db()
    assert fresh.fetch_status == FetchStatus.QUEUED
    assert site.hits == {}
    assert done.snapshots.count() == 0


def test_a_starting_worker_sweeps_what_was_left_queued(geo, site):
    from celery.signals import worker_ready

    source = SourceArticle.objects.create(url=site.url("/good"), fetch_status=FetchStatus.QUEUED)

    worker_ready.send(sender=None)  # what `celery worker` sends once it is up

    source.refresh_from_db()
    assert source.fetch_status == FetchStatus.FETCHED


def test_the_sweep_resends_a_fetch_whose_worker_died(geo, site):
    import datetime

    from django.utils import timezone

    source = SourceArticle.objects.create(url=site.url("/good"), fetch_status=FetchStatus.FETCHING)
    SourceArticle.objects.filter(pk=source.pk).update(updated_at=timezone.now() - datetime.timedelta(hours=2))

    assert sources_sweep_queued() == 1
    source.refresh_from_db()
    assert source.fetch_status == FetchStatus.FETCHED
