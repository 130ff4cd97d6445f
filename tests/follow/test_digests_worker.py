"""Digests through a real Celery worker on the real Redis: beat's task queues one task per due
subscription, the worker sends each digest once (the locmem outbox is shared: the worker is a thread)."""

import contextlib

import pytest
import redis
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun
from django.core import mail
from django.db import connections

from projects.models import Subscription
from projects.services.subscriptions import subscription_create
from projects.tasks import send_digest, send_due_digests
from tests.factories import UserFactory, ensure_geo, make_venture
from tests.intake.conftest import TEST_REDIS_URL, celery_configured
from tests.intake.test_celery_worker import wait_for

pytestmark = [pytest.mark.celery, pytest.mark.postgis]


def _close_worker_connections(**kwargs):
    connections.close_all()


@pytest.fixture
def worker(transactional_db):
    ensure_geo()
    redis.Redis.from_url(TEST_REDIS_URL).flushdb()
    task_postrun.connect(_close_worker_connections, weak=False)
    with contextlib.ExitStack() as stack:
        app = stack.enter_context(celery_configured(broker_url=TEST_REDIS_URL, eager=False))
        stack.enter_context(
            start_worker(app, perform_ping_check=False, shutdown_timeout=20, loglevel="WARNING")
        )
        yield app
    task_postrun.disconnect(_close_worker_connections)
    redis.Redis.from_url(TEST_REDIS_URL).flushdb()


def test_beat_queues_the_due_digests_and_the_worker_sends_each_once(worker):
    reader = UserFactory(username="analyst", email="analyst@example.org")
    subscription, _ = subscription_create(user=reader, query="sector=mine", frequency="daily")
    make_venture(name="Uiju copper mine")

    send_due_digests.delay()
    assert wait_for(lambda: Subscription.objects.get(pk=subscription.pk).last_sent_at is not None)
    assert wait_for(lambda: len(mail.outbox) == 1)
    assert "New venture: Uiju copper mine" in mail.outbox[0].body

    # The same task again (a duplicate delivery, a second beat): nothing new, nothing sent.
    outcomes = []

    def record(sender=None, retval=None, **kwargs):
        outcomes.append((sender.name, retval))

    task_postrun.connect(record, weak=False)
    try:
        send_digest.delay(subscription.pk)
        send_due_digests.delay()
        assert wait_for(lambda: len(outcomes) == 2)
    finally:
        task_postrun.disconnect(record)
    assert sorted(outcomes) == [
        ("projects.tasks.send_digest", "not-due"),
        ("projects.tasks.send_due_digests", 0),
    ]
    assert len(mail.outbox) == 1
