"""With a real Celery worker on the real Redis (db 15): every page ends in the right state, nothing lost.

The worker runs in a thread of the test process (celery.contrib.testing), against the same test
database, so the tests commit their data (transactional_db).
"""

import contextlib
import time

import pytest
import redis
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun
from django.db import connections

from projects.models import Feed, FetchStatus, SourceArticle
from projects.services.sources import source_submit
from projects.tasks import poll_feeds, sweep_queued_sources
from tests.factories import ensure_geo
from tests.intake.conftest import TEST_REDIS_URL, UNREACHABLE_BROKER_URL, celery_configured

pytestmark = [pytest.mark.celery, pytest.mark.postgis]


def _close_worker_connections(**kwargs):
    # The worker thread's own database connection must not outlive the test (the test database is
    # flushed and finally dropped).
    connections.close_all()


@contextlib.contextmanager
def running_worker():
    with contextlib.ExitStack() as stack:
        app = stack.enter_context(celery_configured(broker_url=TEST_REDIS_URL, eager=False))
        stack.enter_context(
            start_worker(app, perform_ping_check=False, shutdown_timeout=20, loglevel="WARNING")
        )
        yield app


@pytest.fixture
def worker(transactional_db, settings):
    """A real worker consuming from Redis db 15."""
    settings.FETCH_RETRY_BASE_SECONDS = 0.1
    ensure_geo()
    redis.Redis.from_url(TEST_REDIS_URL).flushdb()
    task_postrun.connect(_close_worker_connections, weak=False)
    with running_worker() as app:
        yield app
    task_postrun.disconnect(_close_worker_connections)
    redis.Redis.from_url(TEST_REDIS_URL).flushdb()


def wait_for(predicate, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def _settled(*sources):
    ids = [s.pk for s in sources]
    return lambda: (
        not SourceArticle.objects.filter(
            pk__in=ids, fetch_status__in=[FetchStatus.QUEUED, FetchStatus.FETCHING]
        ).exists()
    )


def test_every_kind_of_page_ends_in_the_right_state(worker, site, settings):
    settings.FETCH_TIMEOUT = 0.5
    settings.FETCH_MAX_BYTES = 50_000
    site.slow_seconds = 2
    paths = ["/good", "/missing", "/slow", "/big", "/doc.pdf", "/loop-a", "/error"]

    submitted = {path: source_submit(url=site.url(path))[0] for path in paths}

    assert wait_for(_settled(*submitted.values()), timeout=60)
    # Retryable failures are retried with backoff (4 retries); the others are tried once.
    assert wait_for(
        lambda: (
            SourceArticle.objects.get(pk=submitted["/error"].pk).fetch_attempts == 5
            and SourceArticle.objects.get(pk=submitted["/slow"].pk).fetch_attempts == 5
        ),
        timeout=60,
    )
    state = {path: SourceArticle.objects.get(pk=s.pk) for path, s in submitted.items()}
    assert state["/good"].fetch_status == FetchStatus.FETCHED
    assert state["/good"].snapshots.count() == 1
    assert "Tokhyon Mine" in {m["name"] for m in state["/good"].suggestions.data["mentions"]}
    expected_failures = {
        "/missing": ("HTTP 404", 1),
        "/big": ("Too large", 1),
        "/doc.pdf": ("application/pdf", 1),
        "/loop-a": ("Redirect loop", 1),
        "/error": ("HTTP 503", 5),
        "/slow": ("Timed out", 5),
    }
    for path, (reason, attempts) in expected_failures.items():
        source = state[path]
        assert source.fetch_status == FetchStatus.FAILED, path
        assert reason in source.fetch_error, path
        assert source.fetch_attempts == attempts, path
        assert source.snapshots.count() == 0, path


def test_a_feed_with_new_and_repeated_items(worker, site):
    Feed.objects.create(name="Border Report", url=site.url("/feed.xml"), keywords="joint venture")

    poll_feeds.delay()
    assert wait_for(lambda: SourceArticle.objects.count() == 2)
    assert wait_for(_settled(*SourceArticle.objects.all()))
    poll_feeds.delay()  # the same items again
    time.sleep(1.0)

    assert sorted(SourceArticle.objects.values_list("url", flat=True)) == [
        site.url("/farm"),
        site.url("/good"),
    ]
    assert set(SourceArticle.objects.values_list("fetch_status", flat=True)) == {FetchStatus.FETCHED}
    assert site.hits["/good"] == 1


def test_a_submit_while_redis_is_down_is_picked_up_by_the_sweep(transactional_db, site, settings):
    ensure_geo()
    redis.Redis.from_url(TEST_REDIS_URL).flushdb()
    with celery_configured(broker_url=UNREACHABLE_BROKER_URL, eager=False):
        source, created = source_submit(url=site.url("/good"))  # committed: on_commit runs at once
    assert created
    source.refresh_from_db()
    assert source.fetch_status == FetchStatus.QUEUED

    task_postrun.connect(_close_worker_connections, weak=False)
    try:
        with running_worker():
            # The periodic sweep (beat) sends it again; no one re-submits anything.
            sweep_queued_sources.delay(older_than_seconds=0)
            assert wait_for(_settled(source), timeout=30)
    finally:
        task_postrun.disconnect(_close_worker_connections)
        redis.Redis.from_url(TEST_REDIS_URL).flushdb()
    source.refresh_from_db()
    assert source.fetch_status == FetchStatus.FETCHED
    assert source.snapshots.count() == 1
