"""Polling RSS/Atom feeds (a write): items matching a feed's keyword rules become queued sources."""

import hashlib
import logging
import re
from dataclasses import dataclass

import feedparser
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils import timezone

from projects.ingest.fetch import FEED_TYPES, FetchError, fetch_url
from projects.models import Feed, FeedItem, SourceArticle
from projects.services.enqueue import POLL_FEED_TASK, enqueue
from projects.services.sources import source_submit
from projects.services.ventures import describe_validation_error
from projects.urlnorm import normalize_url

logger = logging.getLogger(__name__)
TAGS = re.compile(r"<[^>]+>")


@dataclass
class PollResult:
    items: int = 0
    new: int = 0
    queued: int = 0
    duplicates: int = 0
    not_matching: int = 0
    skipped: int = 0  # items that could not be taken in: named in the feed's last_error
    error: str = ""
    not_modified: bool = False


def content_hash(title: str, summary: str) -> str:
    """Of an item's words, so the same story under two URLs (or two feeds) is recognised."""
    words = " ".join(TAGS.sub(" ", f"{title} {summary}").lower().split())
    return hashlib.sha256(words.encode()).hexdigest()


def matches_rules(rules: list[list[str]], text: str) -> bool:
    if not rules:
        return True
    text = text.lower()
    return any(all(word in text for word in rule) for rule in rules)


def feed_poll(*, feed: Feed) -> PollResult:
    """Fetch the feed (conditionally, with its ETag/Last-Modified) and take in its new items.

    Each item is taken in under a savepoint of its own: an item that cannot be taken in (a link no URL
    validator accepts, say) is skipped and named in the feed's `last_error`, and the others still count.
    """
    result = PollResult()
    headers = {}
    if feed.etag:
        headers["If-None-Match"] = feed.etag
    if feed.modified:
        headers["If-Modified-Since"] = feed.modified
    try:
        page = fetch_url(
            feed.url,
            accept=(*FEED_TYPES, "text/html", "text/plain"),
            extra_headers=headers,
            allow_not_modified=True,
        )
    except FetchError as error:
        feed.last_error, feed.last_polled_at = error.reason, timezone.now()
        feed.save(update_fields=["last_error", "last_polled_at"])
        result.error = error.reason
        return result
    if page.http_status == 304:
        feed.last_polled_at, feed.last_error = timezone.now(), ""
        feed.save(update_fields=["last_polled_at", "last_error"])
        result.not_modified = True
        return result
    parsed = feedparser.parse(page.body)
    if parsed.bozo and not parsed.entries:
        feed.last_error = f"Not a feed: {parsed.get('bozo_exception')!r}"[:1000]
        feed.last_polled_at = timezone.now()
        feed.save(update_fields=["last_error", "last_polled_at"])
        result.error = feed.last_error
        return result
    rules = feed.keyword_rules()
    skipped: list[str] = []
    with transaction.atomic():
        for entry in parsed.entries:
            link = entry.get("link") or ""
            if not link.startswith(("http://", "https://")):
                continue
            result.items += 1
            try:
                with transaction.atomic():
                    outcome = _take_in_item(feed=feed, entry=entry, link=link, rules=rules)
            except (ValidationError, ValueError, DatabaseError) as error:
                reason = (
                    describe_validation_error(error) if isinstance(error, ValidationError) else str(error)
                )
                logger.warning("Feed %s: skipped the item %r: %s", feed.pk, link, reason)
                skipped.append(f"{link[:200]}: {reason[:200]}")
                continue
            if outcome != SEEN:
                result.new += 1
                setattr(result, outcome, getattr(result, outcome) + 1)
        result.skipped = len(skipped)
        feed.etag = (page.headers.get("ETag") or "")[:500]
        feed.modified = (page.headers.get("Last-Modified") or "")[:200]
        feed.last_polled_at, feed.last_error = timezone.now(), _skipped_message(skipped, result.items)
        feed.save(update_fields=["etag", "modified", "last_polled_at", "last_error"])
    logger.info("Polled feed %s: %s", feed.pk, result)
    return result


# What `_take_in_item` did with an item: the name of the PollResult counter it adds to, or SEEN.
SEEN = "seen"
# Items named in `last_error` when some are skipped; the count says how many more there were.
SKIPPED_ITEMS_SHOWN = 5


def _take_in_item(*, feed: Feed, entry, link: str, rules) -> str:
    url = normalize_url(link)
    if FeedItem.objects.filter(feed=feed, url=url).exists():
        return SEEN  # seen at an earlier poll
    title = (entry.get("title") or "").strip()
    summary = entry.get("summary") or ""
    item = FeedItem(
        feed=feed,
        url=url,
        guid=(entry.get("id") or "")[:2000],
        title=title[:500],
        content_hash=content_hash(title, summary),
        matched=matches_rules(rules, f"{title} {TAGS.sub(' ', summary)}"),
    )
    # Before anything is stored: an item whose URL is not one cannot become a source either.
    item.full_clean(exclude=["source"], validate_constraints=False)
    item.source = SourceArticle.objects.filter(url=url).first()
    if item.source is None:
        earlier = (
            FeedItem.objects.filter(content_hash=item.content_hash, source__isnull=False)
            .select_related("source")
            .first()
        )
        item.source = earlier.source if earlier else None
    if item.source is not None:
        outcome = "duplicates"
    elif item.matched:
        item.source, _ = source_submit(url=url, title=item.title)
        outcome = "queued"
    else:
        outcome = "not_matching"
    item.save()
    return outcome


def _skipped_message(skipped: list[str], items: int) -> str:
    if not skipped:
        return ""
    shown = "; ".join(skipped[:SKIPPED_ITEMS_SHOWN])
    more = f"; and {len(skipped) - SKIPPED_ITEMS_SHOWN} more" if len(skipped) > SKIPPED_ITEMS_SHOWN else ""
    return f"{len(skipped)} of {items} items skipped: {shown}{more}"


def feed_poll_enqueue(*, feed_ids) -> None:
    """Queue a poll of each feed (the admin's “Poll now”).

    Raises EnqueueError when the broker cannot be reached; the periodic poll will do it then.
    """
    for feed_id in feed_ids:
        enqueue(POLL_FEED_TASK, feed_id)
