"""E-mail digests of followed views: what became public in the view since the last digest.

`digest_send` is idempotent: a digest goes out only when the subscription is due (never sent, or a
day or a week ago) and something became public in its view after its watermark; sending moves the
watermark to the newest change sent, so the same changes are never sent twice. Nothing changed:
nothing is sent. The subscription row is locked while its digest is built and sent, so two workers
never send one digest twice; an SMTP failure rolls back (the watermark stays) and the task retries.
"""

import datetime
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.http import QueryDict
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import ngettext

from projects.models import Subscription
from projects.selectors.follow import (
    FEED_MAX_ENTRIES,
    InvalidView,
    changes_since,
    describe_view,
    due_subscription_ids,
    entry_summary,
    entry_title,
    followed_view,
    source_label,
    subscription_is_due,
)
from projects.services.enqueue import SEND_DIGEST_TASK, enqueue
from projects.services.subscriptions import unsubscribe_signature

logger = logging.getLogger(__name__)


def site_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _query_suffix(query: str) -> str:
    return f"?{query}" if query else ""


@dataclass
class DigestLinks:
    map: str
    feed: str
    manage: str
    unsubscribe: str


def digest_links(subscription: Subscription) -> DigestLinks:
    signature = unsubscribe_signature(subscription)
    return DigestLinks(
        map=site_url(reverse("projects:map") + _query_suffix(subscription.query)),
        feed=site_url(reverse("projects:feed-ventures") + _query_suffix(subscription.query)),
        manage=site_url(reverse("projects:subscriptions")),
        unsubscribe=site_url(reverse("projects:unsubscribe", args=[signature])),
    )


def _entry_lines(entries) -> list[dict]:
    return [
        {
            "title": entry_title(entry),
            "summary": entry_summary(entry),
            "url": site_url(reverse("projects:venture-detail", args=[entry.venture.public_id])),
            "source": source_label(entry.source),
            "source_url": (entry.source or {}).get("url") or "",
            "note": entry.status_entry.note if entry.status_entry is not None else "",
        }
        for entry in entries
    ]


def digest_message(subscription: Subscription, view, changes) -> EmailMultiAlternatives:
    """The digest e-mail: plain text and HTML from templates (user text escaped in the HTML)."""
    links = digest_links(subscription)
    description = describe_view(view)
    context = {
        "subscription": subscription,
        "description": description,
        "entries": _entry_lines(changes.entries),
        "total": changes.total,
        "more": max(changes.total - len(changes.entries), 0),
        "links": links,
    }
    subject = ngettext(
        "jvtracker: %(count)d change in “%(view)s”",
        "jvtracker: %(count)d changes in “%(view)s”",
        changes.total,
    ) % {"count": changes.total, "view": description}
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split())[:200],
        body=render_to_string("projects/email/digest.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[subscription.user.email],
        headers={
            # RFC 2369 and RFC 8058: mail programs offer their own one-click unsubscribe button.
            "List-Unsubscribe": f"<{links.unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.attach_alternative(render_to_string("projects/email/digest.html", context), "text/html")
    return message


def digest_send(*, subscription_id: int, now: datetime.datetime | None = None, slack=None) -> str:
    """Send the subscription's digest if it is due and its view changed; what happened, in a word."""
    now = now or timezone.now()
    slack = slack if slack is not None else datetime.timedelta(seconds=settings.DIGEST_CHECK_SECONDS)
    with transaction.atomic():
        subscription = (
            Subscription.objects.select_for_update().select_related("user").filter(pk=subscription_id).first()
        )
        if subscription is None:
            return "missing"
        if not subscription.user.is_active or not subscription.user.email:
            return "no-address"
        if not subscription_is_due(subscription, now=now, slack=slack):
            return "not-due"
        try:
            view = followed_view(QueryDict(subscription.query))
        except InvalidView:
            # A filter value that no longer exists (e.g. a partner hidden since): say so in the log,
            # send nothing; the subscriber still sees it on their subscriptions page.
            logger.warning("Subscription %s follows a view that no longer validates", subscription.pk)
            return "invalid-view"
        changes = changes_since(view, subscription.watermark, limit=FEED_MAX_ENTRIES)
        if not changes.total:
            return "nothing-new"
        # In the subscriber's language, links included (their pages sit under /ko/, /zh-hans/).
        with translation.override(subscription.language or settings.LANGUAGE_CODE):
            message = digest_message(subscription, view, changes)
        message.send(fail_silently=False)  # an SMTP error rolls the transaction back: retried
        subscription.watermark = changes.latest_at
        subscription.last_sent_at = now
        subscription.save(update_fields=["watermark", "last_sent_at"])
    return "sent"


def digests_enqueue_due(*, now: datetime.datetime | None = None) -> int:
    """Queue one digest task per due subscription (beat calls this); how many were queued."""
    slack = datetime.timedelta(seconds=settings.DIGEST_CHECK_SECONDS)
    ids = due_subscription_ids(now=now, slack=slack)
    for subscription_id in ids:
        enqueue(SEND_DIGEST_TASK, subscription_id)
    return len(ids)
