"""Celery tasks. Thin: they take ids, load the row and call a service; all of them are idempotent."""

import logging
import smtplib

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from celery.signals import worker_ready
from django.conf import settings

logger = logging.getLogger(__name__)


@shared_task(bind=True, max_retries=4, acks_late=True)
def fetch_source(self, source_id: int, force: bool = False):
    """Fetch, archive and extract one source. Retries with exponential backoff on 5xx/timeouts."""
    from projects.models import SourceArticle
    from projects.services.sources import source_fetch

    source = SourceArticle.objects.filter(pk=source_id).first()
    if source is None:
        return "missing"
    result = source_fetch(source=source, force=force)
    if result.retryable and not self.request.is_eager and self.request.retries < self.max_retries:
        # 30 s, 60 s, 120 s, 240 s by default. The source stays “failed” with its reason in between.
        raise self.retry(countdown=settings.FETCH_RETRY_BASE_SECONDS * 2**self.request.retries)
    return result.outcome


@shared_task
def poll_feeds():
    """Poll every active feed; one broken feed does not stop the others."""
    from projects.models import Feed
    from projects.services.feeds import feed_poll

    results = {}
    for feed in Feed.objects.filter(active=True):
        try:
            results[feed.pk] = feed_poll(feed=feed).__dict__
        except SoftTimeLimitExceeded:
            # Past the soft time limit: stop here, the next poll starts again from the first feed.
            logger.warning("Polling feeds stopped at the soft time limit after %s feeds", len(results))
            break
        except Exception:
            logger.exception("Polling feed %s failed", feed.pk)
    return results


@shared_task
def poll_feed(feed_id: int):
    from projects.models import Feed
    from projects.services.feeds import feed_poll

    feed = Feed.objects.filter(pk=feed_id).first()
    return feed_poll(feed=feed).__dict__ if feed else "missing"


@shared_task
def check_links(limit: int = 200):
    """Re-check the URLs of cited sources not checked recently; flag dead links."""
    from projects.selectors.sources import sources_due_for_link_check
    from projects.services.sources import source_check_link

    counts = {}
    for source in sources_due_for_link_check(limit=limit):
        try:
            status = source_check_link(source=source)
        except SoftTimeLimitExceeded:
            # Past the soft time limit: the sources not checked are still due for the next run.
            logger.warning("Link check stopped at the soft time limit: %s", counts)
            break
        except Exception:
            logger.exception("Checking the link of source %s failed", source.pk)
            continue
        counts[status] = counts.get(status, 0) + 1
    return counts


@shared_task
def sweep_queued_sources(older_than_seconds: int = 60):
    """Send again the fetches of sources left queued (e.g. submitted while the broker was down)."""
    from projects.services.sources import sources_sweep_queued

    return sources_sweep_queued(older_than_seconds=older_than_seconds)


@worker_ready.connect
def sweep_on_worker_start(sender=None, **kwargs):
    """A worker coming up picks up everything left queued while no worker (or no broker) was there."""
    try:
        from projects.services.sources import sources_sweep_queued

        sent = sources_sweep_queued(older_than_seconds=0)
        logger.info("Worker ready: re-sent %s queued fetches", sent)
    except Exception:
        logger.exception("Sweeping queued sources at worker start failed")


@shared_task
def make_release(user_id: int | None = None):
    """The next release (the admin's button sends this: a release of 10,000 ventures takes longer
    than a web request may). Idempotent: nothing is made when nothing published changed."""
    from django.contrib.auth import get_user_model

    from projects.services.releases import release_create

    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    result = release_create(user=user)
    return {"number": result.release.number, "created": result.created}


# SMTP failures worth another try: the server refused for now, or could not be reached.
DIGEST_RETRY_ERRORS = (smtplib.SMTPException, ConnectionError, TimeoutError)


@shared_task
def send_due_digests():
    """Beat: queue the digest of every due subscription (each its own task, retried on its own)."""
    from projects.services.digests import digests_enqueue_due

    return digests_enqueue_due()


@shared_task(
    bind=True,
    acks_late=True,
    autoretry_for=DIGEST_RETRY_ERRORS,
    retry_backoff=60,
    retry_backoff_max=3600,
    retry_jitter=True,
    max_retries=5,
    soft_time_limit=60,
    time_limit=90,
)
def send_digest(self, subscription_id: int):
    """One subscription's digest. Idempotent: sent only when due and something changed (watermark)."""
    from projects.services.digests import digest_send

    return digest_send(subscription_id=subscription_id)
