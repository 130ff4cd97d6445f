"""Writes of pasted articles: an editor's copy of an article that could not be fetched, or exists only
on paper or in a PDF, stored as the source's text and pre-read like a fetched one."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from projects.ingest.pasted import Pasted
from projects.models import FetchStatus, SourceArticle
from projects.services.sources import suggestions_refresh


@transaction.atomic
def source_paste_text(
    *, pasted: Pasted, source: SourceArticle | None = None, url: str = "", user=None, **fields
) -> SourceArticle:
    """Store `pasted` (checked by projects.ingest.pasted) as the text of `source`, or of a new source
    at `url` (normalised; an existing source at that URL gets the text), or, for an article with no
    URL (on paper, a PDF), of a new source known by its `citation`. Its suggestions are computed at
    once; the retrieved copies, if any, are kept."""
    if source is None:
        if url:
            normalized = SourceArticle.normalized_url(url)
            source = SourceArticle.objects.filter(url=normalized).first() or SourceArticle(url=normalized)
        elif fields.get("citation", "").strip():
            source = SourceArticle(url=None)
        else:
            raise ValidationError(
                {"url": _("Give the article's URL or, for an article not online, its citation.")}
            )
    else:
        source = SourceArticle.objects.select_for_update().get(pk=source.pk)
    for name, value in fields.items():
        if value not in (None, ""):
            setattr(source, name, value)
    source.text = pasted.text
    source.title = source.title or pasted.title
    source.language = source.language or pasted.language
    source.fetch_status = FetchStatus.PASTED
    source.fetch_error = ""
    source.unfinished_fetches = 0
    source.retrieved_at = timezone.now()
    source.full_clean()
    source._history_user = user
    source.save()
    suggestions_refresh(source=source)
    return source
