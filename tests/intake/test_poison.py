"""An article whose every attempt kills the worker ends *failed* with its reason, instead of looping.

`fetch_source` is acknowledged late: when the worker dies during it, the broker delivers the same
message again (and the sweep re-sends sources left *fetching*). Here the worker really dies: each
attempt runs in a process of its own, killed (SIGKILL) while it is fetching, as the kernel kills a
worker that ran out of memory. After MAX_UNFINISHED_FETCHES such attempts, the next delivery marks
the source failed and ends normally (so its message is acknowledged) without fetching again.
"""

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from projects.models import FetchStatus, SourceArticle
from projects.services.sources import MAX_UNFINISHED_FETCHES
from projects.tasks import fetch_source, sweep_queued_sources
from tests.intake.test_celery_worker import wait_for

pytestmark = pytest.mark.postgis

ROOT = Path(__file__).resolve().parents[2]
RUN_TASK = (
    "import django; django.setup(); from projects.tasks import fetch_source; fetch_source.apply(args=[{}])"
)


def _worker_environment(tmp_path) -> dict:
    db = connection.settings_dict
    url = f"postgis://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "jvtracker.settings.test",
        "DATABASE_URL": url,
        "CELERY_BROKER_URL": "",
        "FETCH_TIMEOUT": "60",
        "FETCH_ALLOW_PRIVATE_ADDRESSES": "true",
        "ARCHIVE_ROOT": str(tmp_path / "archive"),
    }


def _attempt_killed_while_fetching(source, environment, attempt: int, site):
    worker = subprocess.Popen(
        [sys.executable, "-c", RUN_TASK.format(source.pk)],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        assert wait_for(
            lambda: SourceArticle.objects.filter(
                pk=source.pk, fetch_status=FetchStatus.FETCHING, fetch_attempts=attempt
            ).exists(),
            timeout=60,
        )
        # Killed while fetching: the request has reached the server (on a loaded machine the status
        # is written well before the request goes out).
        assert wait_for(lambda: site.hits.get("/slow", 0) >= attempt, timeout=60)
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.wait()


def test_an_article_that_kills_the_worker_every_time_ends_failed_after_the_bound(
    transactional_db, site, tmp_path
):
    site.slow_seconds = 60  # the server answers slowly: each attempt is killed while fetching
    source = SourceArticle.objects.create(url=site.url("/slow"), fetch_status=FetchStatus.QUEUED)
    environment = _worker_environment(tmp_path)

    for attempt in range(1, MAX_UNFINISHED_FETCHES + 1):
        _attempt_killed_while_fetching(source, environment, attempt, site)
    source.refresh_from_db()
    assert source.fetch_status == FetchStatus.FETCHING  # what a dead worker leaves
    assert source.unfinished_fetches == MAX_UNFINISHED_FETCHES - 1

    # The next delivery of the same message (a worker, or the sweep) gives up instead of looping.
    outcome = fetch_source.apply(args=[source.pk]).get()

    source.refresh_from_db()
    assert outcome == "failed"
    assert source.fetch_status == FetchStatus.FAILED
    assert f"Given up: {MAX_UNFINISHED_FETCHES} attempts in a row never finished" in source.fetch_error
    assert source.fetch_attempts == MAX_UNFINISHED_FETCHES  # not fetched a fourth time
    assert site.hits["/slow"] == MAX_UNFINISHED_FETCHES
    # Acknowledged and failed, the sweep (which re-sends queued and fetching sources) leaves it alone.
    assert sweep_queued_sources.apply(kwargs={"older_than_seconds": 0}).get() == 0


def test_failures_that_end_do_not_count_towards_the_bound(db, site):
    source = SourceArticle.objects.create(url=site.url("/error"), fetch_status=FetchStatus.QUEUED)

    for _ in range(MAX_UNFINISHED_FETCHES + 2):
        fetch_source.apply(args=[source.pk])

    source.refresh_from_db()
    assert source.fetch_status == FetchStatus.FAILED
    assert "HTTP 503" in source.fetch_error
    assert source.unfinished_fetches == 0
    assert site.hits["/error"] == MAX_UNFINISHED_FETCHES + 2


def test_a_forced_fetch_after_giving_up_tries_again(db, site):
    source = SourceArticle.objects.create(
        url=site.url("/good"),
        fetch_status=FetchStatus.FETCHING,
        unfinished_fetches=MAX_UNFINISHED_FETCHES - 1,
    )
    assert fetch_source.apply(args=[source.pk]).get() == "failed"

    assert fetch_source.apply(args=[source.pk], kwargs={"force": True}).get() == "fetched"

    source.refresh_from_db()
    assert source.fetch_status == FetchStatus.FETCHED
    assert source.unfinished_fetches == 0
