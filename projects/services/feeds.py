"""Polling RSS/Atom feeds: items matching a feed's keyword rules become queued sources."""

import hashlib
import logging
import re
from dataclasses import dataclass

import feedparser
from django.db import transaction
from django.utils import timezone

from projects.ingest.fetch import FEED_TYPES, FetchError, fetch_url
from projects.urlnorm import InvalidURL, normalize_url

logger = logging.getLogger(__name__)
TAGS = re.compile(r"<[^>]+>")


@dataclass
class PollResult:
    items: int = 0
    new: int = 0
    queued: int = 0
    duplicates: int = 0
    not_matching: int = 0
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


def feed_poll(*, feed) -> PollResult:
    """Fetch the feed (conditionally, with its ETag/Last-Modified) and take in its new items."""
    from projects.models import FeedItem, SourceArticle
    from projects.services.sources import source_submit

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
    with transaction.atomic():
        for entry in parsed.entries:
            link = entry.get("link") or ""
            if not link.startswith(("http://", "https://")):
                continue
            result.items += 1
            try:
                url = normalize_url(link)
            except InvalidURL as error:
                # One bad link must not block the feed: skip it (recorded in the log).
                logger.warning("Feed %s: item link %r skipped: %s", feed.pk, link[:300], error.messages[0])
                continue
            if FeedItem.objects.filter(feed=feed, url=url).exists():
                continue  # seen at an earlier poll
            result.new += 1
            title = (entry.get("title") or "").strip()
            summary = entry.get("summary") or ""
            digest = content_hash(title, summary)
            matched = matches_rules(rules, f"{title} {TAGS.sub(' ', summary)}")
            source = SourceArticle.objects.filter(url=url).first()
            if source is None:
                earlier = (
                    FeedItem.objects.filter(content_hash=digest, source__isnull=False)
                    .select_related("source")
                    .first()
                )
                source = earlier.source if earlier else None
            if source is not None:
                result.duplicates += 1
            elif matched:
                source, _ = source_submit(url=url, title=title[:500])
                result.queued += 1
            else:
                result.not_matching += 1
            FeedItem.objects.create(
                feed=feed,
                url=url,
                guid=(entry.get("id") or "")[:2000],
                title=title[:500],
                content_hash=digest,
                matched=matched,
                source=source,
            )
        feed.etag = (page.headers.get("ETag") or "")[:500]
        feed.modified = (page.headers.get("Last-Modified") or "")[:200]
        feed.last_polled_at, feed.last_error = timezone.now(), ""
        feed.save(update_fields=["etag", "modified", "last_polled_at", "last_error"])
    logger.info("Polled feed %s: %s", feed.pk, result)
    return result
