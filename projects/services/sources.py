"""Writes to source articles: submitting a URL for intake, and fetching it (see projects.ingest.fetch)."""

import logging

from django.db import IntegrityError, transaction

from projects.ingest.urls import normalize_url
from projects.models import FetchStatus, SourceArticle

logger = logging.getLogger(__name__)


def enqueue_fetch(source_id: int, *, force: bool = False) -> bool:
    """Send the fetch task to the broker; False (and a log line) when the broker cannot be reached.

    A source whose task never reached the broker stays *queued*; the periodic sweep
    (`sweep_queued_sources`, also run when a worker starts) sends it again, so nothing is lost.
    """
    from projects.tasks import fetch_source

    try:
        fetch_source.delay(source_id, force=force)
    except Exception as error:  # kombu OperationalError, redis ConnectionError, OSError…
        logger.warning("Could not enqueue the fetch of source %s (it stays queued): %r", source_id, error)
        return False
    return True


def source_submit(*, url: str, user=None, **fields) -> tuple[SourceArticle, bool]:
    """Save a submitted URL as a *queued* source and fetch it in the background once committed.

    The URL is normalised first, so the same article reached by different URLs is one source;
    submitting a URL that is already a source returns that source unchanged (created=False).
    """
    normalized = normalize_url(url)
    existing = SourceArticle.objects.filter(url=normalized).first()
    if existing is not None:
        return existing, False
    source = SourceArticle(url=normalized, **fields)
    source.fetch_status = FetchStatus.QUEUED
    source.full_clean()
    try:
        with transaction.atomic():
            source._history_user = user
            source.save()
            source_id = source.pk
            transaction.on_commit(lambda: enqueue_fetch(source_id))
    except IntegrityError:
        # Someone submitted the same URL at the same moment: theirs is the source.
        return SourceArticle.objects.get(url=normalized), False
    return source, True
