"""Celery tasks. Thin: they take ids, load the row and call a service; all of them are idempotent."""

import logging

from celery import shared_task
from celery.signals import worker_ready

logger = logging.getLogger(__name__)


class RetryableFetchError(Exception):
    """A fetch failure worth trying again later (5xx, timeout, connection error)."""


@shared_task(bind=True, max_retries=4, acks_late=True)
def fetch_source(self, source_id: int, force: bool = False):
    from projects.ingest.fetch import source_fetch
    from projects.models import SourceArticle

    source = SourceArticle.objects.filter(pk=source_id).first()
    if source is None:
        return "missing"
    result = source_fetch(source=source, force=force)
    if result.retryable and self.request.retries < self.max_retries and not self.request.is_eager:
        # Exponential backoff: 30 s, 60 s, 120 s, 240 s.
        raise self.retry(countdown=30 * 2**self.request.retries, kwargs={"source_id": source_id, "force": True})
    return result.outcome
