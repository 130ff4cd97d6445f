"""E-mail subscriptions to a view of the map: a digest of what became public in it, daily or weekly."""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Frequency(models.TextChoices):
    DAILY = "daily", _("Daily")
    WEEKLY = "weekly", _("Weekly")


def new_unsubscribe_token() -> str:
    return secrets.token_urlsafe(24)


class Subscription(models.Model):
    """One user's digest of one view. `query` is the view's filters, normalised through the FilterSet
    (projects.selectors.follow.followed_view), so two spellings of one view are one subscription."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="subscriptions")
    query = models.CharField(max_length=2000, blank=True)
    frequency = models.CharField(max_length=10, choices=Frequency.choices, default=Frequency.WEEKLY)
    # The language of the page the user subscribed from: the digest is written in it, its links too.
    language = models.CharField(max_length=10, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE)
    created_at = models.DateTimeField(auto_now_add=True)
    # Changes that became public at or before this time have been sent (or predate the subscription).
    watermark = models.DateTimeField(default=timezone.now)
    last_sent_at = models.DateTimeField(null=True, blank=True)
    # Random, secret: the unsubscribe link carries it signed (projects.services.subscriptions).
    unsubscribe_token = models.CharField(
        max_length=64, unique=True, default=new_unsubscribe_token, editable=False
    )

    class Meta:
        ordering = ["user", "query"]
        constraints = [models.UniqueConstraint(fields=["user", "query"], name="subscription_one_per_view")]

    def __str__(self):
        return f"{self.user} · {self.query or '(all)'} · {self.frequency}"
