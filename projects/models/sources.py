from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from projects.urlnorm import InvalidURL, normalize_url


class SourceType(models.TextChoices):
    NEWS_ANONYMOUS = "news_anonymous", _("News with anonymous sources")
    NEWS = "news", _("News with named sources")
    STATE_MEDIA = "state_media", _("State media")
    OFFICIAL_DOCUMENT = "official_document", _("Official document")
    COMPANY_RECORD = "company_record", _("Company record")
    SATELLITE_IMAGERY = "satellite_imagery", _("Satellite imagery")
    OTHER = "other", _("Other")


class Reliability(models.TextChoices):
    """The NATO Admiralty scale for the reliability of a source."""

    A = "A", _("A: completely reliable")
    B = "B", _("B: usually reliable")
    C = "C", _("C: fairly reliable")
    D = "D", _("D: not usually reliable")
    E = "E", _("E: unreliable")
    F = "F", _("F: reliability cannot be judged")
    # Not graded by anyone yet (e.g. reference data, which gives no grade): not a judgement, unlike F.
    UNASSESSED = "", _("Not assessed")


class FetchStatus(models.TextChoices):
    MANUAL = "manual", _("Entered by hand")
    QUEUED = "queued", _("Queued")
    FETCHING = "fetching", _("Fetching")
    FETCHED = "fetched", _("Fetched")
    FAILED = "failed", _("Failed")
    PASTED = "pasted", _("Pasted by an editor")


class LinkStatus(models.TextChoices):
    UNCHECKED = "unchecked", _("Not checked")
    OK = "ok", _("Live")
    DEAD = "dead", _("Dead")


class SourceArticle(models.Model):
    # Null for an article an editor has only on paper or in a PDF: its citation then says what it is.
    url = models.URLField(
        _("URL"),
        max_length=2000,
        unique=True,
        null=True,
        blank=True,
        help_text=_("Stored normalised. Empty for a source that is not online (give its citation)."),
    )
    citation = models.TextField(
        verbose_name=_("citation"),
        blank=True,
        help_text=_(
            "Bibliographic reference, required without a URL: “Rodong Sinmun, 12 March 2015, "
            "p. 4”, “PDF received from X”."
        ),
    )
    title = models.CharField(verbose_name=_("title"), max_length=500, blank=True)
    publisher = models.CharField(verbose_name=_("publisher"), max_length=200, blank=True)
    author = models.CharField(verbose_name=_("author"), max_length=200, blank=True)
    language = models.CharField(
        verbose_name=_("language"), max_length=10, blank=True, help_text=_("BCP 47 code: en, ko, zh…")
    )
    published_on = models.DateField(_("publication date"), null=True, blank=True)
    source_type = models.CharField(
        verbose_name=_("source type"), max_length=30, choices=SourceType.choices, default=SourceType.OTHER
    )
    reliability = models.CharField(
        verbose_name=_("reliability"),
        max_length=1,
        choices=Reliability.choices,
        default=Reliability.F,
        blank=True,
    )
    text = models.TextField(_("text as retrieved"), blank=True)
    retrieved_at = models.DateTimeField(verbose_name=_("retrieved at"), null=True, blank=True)
    editor_note = models.TextField(
        verbose_name=_("editor note"),
        blank=True,
        help_text=_("Caveats about this source, for editors and readers."),
    )
    fetch_status = models.CharField(
        verbose_name=_("fetch status"),
        max_length=20,
        choices=FetchStatus.choices,
        default=FetchStatus.MANUAL,
        db_index=True,
    )
    fetch_error = models.TextField(verbose_name=_("fetch error"), blank=True)
    fetch_attempts = models.PositiveIntegerField(verbose_name=_("fetch attempts"), default=0)
    # Attempts in a row that started and never ended (the worker died during them): bounded by
    # projects.services.sources.MAX_UNFINISHED_FETCHES, so an article that kills workers cannot loop.
    unfinished_fetches = models.PositiveSmallIntegerField(
        verbose_name=_("unfinished fetches"), default=0, editable=False
    )
    link_status = models.CharField(
        verbose_name=_("link status"), max_length=20, choices=LinkStatus.choices, default=LinkStatus.UNCHECKED
    )
    link_checked_at = models.DateTimeField(verbose_name=_("link checked at"), null=True, blank=True)
    # When the link was first found dead in the current run of dead checks; cleared when it is live again.
    link_dead_since = models.DateTimeField(verbose_name=_("link dead since"), null=True, blank=True)
    created_at = models.DateTimeField(verbose_name=_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(verbose_name=_("updated at"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["text"])

    class Meta:
        verbose_name = _("source article")
        verbose_name_plural = _("source articles")
        ordering = ["-published_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(url__isnull=False) & ~Q(url="")) | ~Q(citation=""),
                name="source_url_or_citation",
                violation_error_message=_("Give the source's URL or, for one not online, its citation."),
            ),
        ]

    def __str__(self):
        return self.title or self.url or self.citation

    def save(self, *args, **kwargs):
        if not self.url:
            self.url = None  # one "no URL" value, so the uniqueness of URLs holds among the others
        super().save(*args, **kwargs)

    @staticmethod
    def normalized_citation(citation: str) -> str:
        """The form two citations of one source share: spaces collapsed, case folded."""
        return " ".join(citation.split()).casefold()

    @staticmethod
    def normalized_url(url: str) -> str:
        """The stored form of a source URL; a ValidationError on `url` saying why there is none."""
        try:
            return normalize_url(url)
        except InvalidURL as error:
            raise ValidationError({"url": error.messages}) from None

    def clean(self):
        self.citation = " ".join(self.citation.split())
        if self.url:
            self.url = self.normalized_url(self.url)
        else:
            self.url = None
            if not self.citation:
                raise ValidationError(
                    {"citation": _("Give the source's URL or, for one not online, its citation.")}
                )


class SourceSnapshot(models.Model):
    """A retrieved copy of a source, kept so the fact survives when the page moves or disappears."""

    source = models.ForeignKey(
        SourceArticle, verbose_name=_("source"), on_delete=models.CASCADE, related_name="snapshots"
    )
    retrieved_at = models.DateTimeField(verbose_name=_("retrieved at"))
    final_url = models.URLField(verbose_name=_("final url"), max_length=2000)
    http_status = models.PositiveIntegerField(verbose_name=_("http status"))
    content_type = models.CharField(verbose_name=_("content type"), max_length=200)
    sha256 = models.CharField(verbose_name=_("sha256"), max_length=64)
    archive_path = models.CharField(
        verbose_name=_("archive path"), max_length=500, help_text=_("Relative to ARCHIVE_ROOT.")
    )
    size_bytes = models.PositiveIntegerField(verbose_name=_("size bytes"))
    text = models.TextField(verbose_name=_("text"), blank=True)

    class Meta:
        verbose_name = _("source snapshot")
        verbose_name_plural = _("source snapshots")
        ordering = ["-retrieved_at"]
        constraints = [models.UniqueConstraint(fields=["source", "sha256"], name="unique_snapshot_content")]

    def __str__(self):
        return f"{self.source_id} @ {self.retrieved_at:%Y-%m-%d %H:%M} ({self.sha256[:12]})"
