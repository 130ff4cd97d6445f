"""Writes to source articles: submitting a URL for intake, and fetching it (see projects.ingest.fetch)."""

import hashlib
import logging
import os
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from projects.models import (
    FetchStatus,
    LinkStatus,
    SourceArticle,
    SourceSnapshot,
    SourceSuggestions,
    TriageState,
)
from projects.selectors.duplicates import source_for_url
from projects.services.enqueue import FETCH_SOURCE_TASK, EnqueueError, enqueue

logger = logging.getLogger(__name__)

# Attempts in a row that may start and never end (a worker dying during each) before the source is
# marked failed; retries after failures that did end are bounded by the task's max_retries.
MAX_UNFINISHED_FETCHES = 3


def enqueue_fetch(source_id: int, *, force: bool = False) -> bool:
    """Send the fetch task to the broker; False (and a log line) when the broker cannot be reached.

    A source whose task never reached the broker stays *queued*; the periodic sweep
    (`sweep_queued_sources`, also run when a worker starts) sends it again, so nothing is lost.
    """
    try:
        enqueue(FETCH_SOURCE_TASK, source_id, force=force)
    except EnqueueError as error:
        logger.warning("Could not enqueue the fetch of source %s (it stays queued): %r", source_id, error)
        return False
    return True


def source_submit(*, url: str, user=None, **fields) -> tuple[SourceArticle, bool]:
    """Save a submitted URL as a *queued* source and fetch it in the background once committed.

    The URL is normalised first, so the same article reached by different URLs is one source;
    submitting a URL that is already a source returns that source unchanged (created=False).
    """
    normalized = SourceArticle.normalized_url(url)
    # http/https and “www.” variants of one address are one source (projects/selectors/duplicates.py).
    existing = source_for_url(normalized)
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


@dataclass
class FetchOutcome:
    outcome: str  # fetched, unchanged, skipped, failed, missing
    retryable: bool = False
    reason: str = ""


def _archive(body: bytes, sha256: str, content_type: str) -> str:
    """Write the retrieved bytes under ARCHIVE_ROOT, named by their sha256; return the relative path."""
    extension = {"text/html": "html", "application/xhtml+xml": "html", "text/plain": "txt"}.get(
        content_type, "bin"
    )
    relative = Path(sha256[:2]) / f"{sha256}.{extension}"
    target = Path(settings.ARCHIVE_ROOT) / relative
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_suffix(target.suffix + ".part")
        temporary.write_bytes(body)
        os.replace(temporary, target)  # atomic: a reader never sees half a file
    return str(relative)


def _mark_failed(source: SourceArticle, reason: str):
    SourceArticle.objects.filter(pk=source.pk).update(
        fetch_status=FetchStatus.FAILED,
        fetch_error=reason[:2000],
        unfinished_fetches=0,
        updated_at=timezone.now(),
    )
    source.fetch_status, source.fetch_error = FetchStatus.FAILED, reason


@transaction.atomic
def _start_attempt(source: SourceArticle) -> str:
    """Record the start of an attempt; or, after MAX_UNFINISHED_FETCHES attempts in a row that
    never ended, mark the source failed instead and return the reason.

    A source found *fetching* when an attempt starts is one whose last attempt never ended: the
    worker died during it (killed for its memory or time, or stopped), and the broker delivered the
    same late-acknowledged task again, or the sweep sent it again. Counting those on the source
    bounds the loop: the task then ends normally, so its message is acknowledged.
    """
    row = SourceArticle.objects.select_for_update().get(pk=source.pk)
    unfinished = row.unfinished_fetches + 1 if row.fetch_status == FetchStatus.FETCHING else 0
    if unfinished >= MAX_UNFINISHED_FETCHES:
        reason = (
            f"Given up: {unfinished} attempts in a row never finished (the worker stopped while "
            "fetching or reading this article). Fetch again to try once more."
        )
        _mark_failed(source, reason)
        return reason
    SourceArticle.objects.filter(pk=source.pk).update(
        fetch_status=FetchStatus.FETCHING,
        fetch_attempts=F("fetch_attempts") + 1,
        unfinished_fetches=unfinished,
        updated_at=timezone.now(),
    )
    return ""


def source_fetch(*, source: SourceArticle, force: bool = False) -> FetchOutcome:
    """Fetch, archive and extract a source; compute its suggestions. Never raises.

    Idempotent: a fetched source is not fetched again unless `force`; content already archived
    for this source makes no second snapshot.
    """
    from projects.ingest.extract import extract_page
    from projects.ingest.fetch import FetchError, fetch_url

    if source.fetch_status == FetchStatus.FETCHED and not force:
        return FetchOutcome("skipped")
    if not source.url:  # known only by its citation (on paper, a PDF): its text is pasted
        return FetchOutcome("skipped", reason="The source has no URL.")
    given_up = _start_attempt(source)
    if given_up:
        logger.warning("Source %s: %s", source.pk, given_up)
        return FetchOutcome("failed", reason=given_up)
    try:
        page = fetch_url(source.url)
    except FetchError as error:
        _mark_failed(source, error.reason)
        logger.info("Fetching source %s failed: %s", source.pk, error.reason)
        return FetchOutcome("failed", retryable=error.retryable, reason=error.reason)
    except Exception as error:  # never let one bad page take down the worker
        logger.exception("Unexpected error fetching source %s", source.pk)
        _mark_failed(source, f"Unexpected error: {error!r}"[:500])
        return FetchOutcome("failed", reason=str(error))
    try:
        return _store_fetched(source=source, page=page, extracted=extract_page(page))
    except Exception as error:
        logger.exception("Unexpected error storing source %s", source.pk)
        _mark_failed(source, f"Could not store the retrieved page: {error!r}"[:500])
        return FetchOutcome("failed", reason=str(error))


@transaction.atomic
def _store_fetched(*, source: SourceArticle, page, extracted) -> FetchOutcome:
    source = SourceArticle.objects.select_for_update().get(pk=source.pk)
    now = timezone.now()
    sha256 = hashlib.sha256(page.body).hexdigest()
    archive_path = _archive(page.body, sha256, page.content_type)
    _snapshot, created = SourceSnapshot.objects.get_or_create(
        source=source,
        sha256=sha256,
        defaults={
            "retrieved_at": now,
            "final_url": page.final_url[:2000],
            "http_status": page.http_status,
            "content_type": page.content_type[:200],
            "archive_path": archive_path,
            "size_bytes": len(page.body),
            "text": extracted.text,
        },
    )
    # Editors' corrections to the metadata win over what the extractor guesses.
    for name in ("title", "publisher", "author", "language", "published_on"):
        if not getattr(source, name) and getattr(extracted, name):
            setattr(source, name, getattr(extracted, name))
    if created or not source.text:
        source.text = extracted.text
    source.retrieved_at = now
    source.fetch_status = FetchStatus.FETCHED
    source.fetch_error = ""
    source.unfinished_fetches = 0
    source.link_status = LinkStatus.OK
    source.link_checked_at = now
    source.link_dead_since = None
    source.full_clean(exclude=["url"])
    source.save()
    suggestions_refresh(source=source)
    return FetchOutcome("fetched" if created else "unchanged")


def suggestions_refresh(*, source: SourceArticle, matcher=None) -> SourceSuggestions:
    """(Re)compute the suggestions for a source's text, with the ventures the pre-read proposes
    (`projects.ingest.preread`). Triage state survives unchanged text."""
    from projects.ingest.preread import suggestions_with_ventures

    text = "\n\n".join(part for part in (source.title, source.text) if part)
    text_sha256 = hashlib.sha256(text.encode()).hexdigest()
    data = suggestions_with_ventures(
        source.text,
        title=source.title,
        published_on=source.published_on,
        language=source.language,
        matcher=matcher,
    )
    suggestions, created = SourceSuggestions.objects.get_or_create(
        source=source, defaults={"data": data, "text_sha256": text_sha256, "computed_at": timezone.now()}
    )
    if not created:
        if suggestions.text_sha256 != text_sha256:
            suggestions.triage_state = TriageState.NEW
        suggestions.data, suggestions.text_sha256 = data, text_sha256
        suggestions.computed_at = timezone.now()
        suggestions.save()
    return suggestions


def sources_sweep_queued(*, older_than_seconds: int = 60) -> int:
    """Send again the fetches of sources stuck in *queued* (or *fetching* far too long).

    A submit made while the broker was down, or a worker killed mid-fetch, leaves such sources;
    fetching is idempotent, so sending a task twice is harmless.
    """
    now = timezone.now()
    stuck = SourceArticle.objects.filter(
        Q(fetch_status=FetchStatus.QUEUED, updated_at__lt=now - timedelta(seconds=older_than_seconds))
        | Q(fetch_status=FetchStatus.FETCHING, updated_at__lt=now - timedelta(hours=1))
    ).values_list("pk", flat=True)
    sent = 0
    for source_id in stuck:
        sent += enqueue_fetch(source_id)
    return sent


def source_check_link(*, source: SourceArticle) -> str:
    """Re-check a cited source's URL; a dead link is flagged, its retrieved copies stay."""
    from projects.ingest.fetch import HTML_TYPES, FetchError, fetch_url

    if not source.url:  # known only by its citation: no link to check
        return source.link_status
    try:
        fetch_url(source.url, accept=(*HTML_TYPES, "application/pdf"), max_bytes=settings.FETCH_MAX_BYTES)
        status = LinkStatus.OK
    except FetchError as error:
        if (
            error.kind in ("timeout", "blocked")
            or (error.http_status or 0) >= 500
            or error.http_status == 429
        ):
            # A server error or a timeout says nothing about the page itself: check again next time.
            return source.link_status
        # Another type or too large: the page is there. Otherwise (4xx, connection refused, unknown
        # host, redirect loop) the link is dead.
        status = LinkStatus.OK if error.kind in ("type", "size") else LinkStatus.DEAD
    now = timezone.now()
    # The first dead check of a run dates it ("dead since"); a live check clears it.
    if status == LinkStatus.DEAD:
        dead_since = source.link_dead_since if source.link_status == LinkStatus.DEAD else None
        dead_since = dead_since or now
    else:
        dead_since = None
    SourceArticle.objects.filter(pk=source.pk).update(
        link_status=status, link_checked_at=now, link_dead_since=dead_since
    )
    return status
