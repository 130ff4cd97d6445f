"""Intake: feeds editors watch, the items seen in them, and the suggestions made for each article."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .sources import SourceArticle


class Feed(models.Model):
    """An RSS or Atom feed polled periodically; items matching its keywords become queued sources."""

    name = models.CharField(verbose_name=_("name"), max_length=200)
    url = models.URLField(_("feed URL"), max_length=2000, unique=True)
    keywords = models.TextField(
        verbose_name=_("keywords"),
        blank=True,
        help_text=_(
            "One rule per line; an item matches when any line's words all occur in its title or "
            "summary (case-insensitive). Empty: every item matches."
        ),
    )
    active = models.BooleanField(verbose_name=_("active"), default=True)
    last_polled_at = models.DateTimeField(verbose_name=_("last polled at"), null=True, blank=True)
    last_error = models.TextField(verbose_name=_("last error"), blank=True)
    etag = models.CharField(verbose_name=_("etag"), max_length=500, blank=True)
    modified = models.CharField(_("Last-Modified"), max_length=200, blank=True)
    created_at = models.DateTimeField(verbose_name=_("created at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("feed")
        verbose_name_plural = _("feeds")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def keyword_rules(self) -> list[list[str]]:
        return [line.lower().split() for line in self.keywords.splitlines() if line.strip()]


class FeedItem(models.Model):
    """An item seen in a feed, kept so an item is considered once (by normalised URL and content hash)."""

    feed = models.ForeignKey(Feed, verbose_name=_("feed"), on_delete=models.CASCADE, related_name="items")
    url = models.URLField(
        verbose_name=_("url"), max_length=2000, db_index=True, help_text=_("Stored normalised.")
    )
    guid = models.CharField(verbose_name=_("guid"), max_length=2000, blank=True)
    title = models.CharField(verbose_name=_("title"), max_length=500, blank=True)
    content_hash = models.CharField(verbose_name=_("content hash"), max_length=64, db_index=True)
    matched = models.BooleanField(
        verbose_name=_("matched"), default=False, help_text=_("Whether it matched the feed's keyword rules.")
    )
    source = models.ForeignKey(
        SourceArticle,
        verbose_name=_("source"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="feed_items",
    )
    seen_at = models.DateTimeField(verbose_name=_("seen at"), auto_now_add=True)

    class Meta:
        verbose_name = _("feed item")
        verbose_name_plural = _("feed items")
        ordering = ["-seen_at"]
        constraints = [models.UniqueConstraint(fields=["feed", "url"], name="unique_feed_item_url")]

    def __str__(self):
        return self.title or self.url


class TriageState(models.TextChoices):
    NEW = "new", _("To triage")
    DONE = "done", _("Done")
    DISMISSED = "dismissed", _("Dismissed")


class SourceSuggestions(models.Model):
    """What the matcher found in an article, for editors to confirm: never applied automatically."""

    source = models.OneToOneField(
        SourceArticle, verbose_name=_("source"), on_delete=models.CASCADE, related_name="suggestions"
    )
    data = models.JSONField(verbose_name=_("data"), default=dict)
    text_sha256 = models.CharField(
        verbose_name=_("text sha256"),
        max_length=64,
        blank=True,
        help_text=_("Of the text the suggestions came from."),
    )
    triage_state = models.CharField(
        verbose_name=_("triage state"),
        max_length=20,
        choices=TriageState.choices,
        default=TriageState.NEW,
        db_index=True,
    )
    computed_at = models.DateTimeField(verbose_name=_("computed at"))

    class Meta:
        verbose_name = _("source suggestions")
        verbose_name_plural = _("source suggestions")

    def __str__(self):
        return f"Suggestions for {self.source}"


class TriageArticle(SourceArticle):
    """The triage queue in the admin: fetched articles with their suggestions."""

    class Meta:
        proxy = True
        verbose_name = _("article to triage")
        verbose_name_plural = _("triage queue")
