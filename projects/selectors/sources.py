"""Reads about source articles for the intake: suggestions and the link-check queue."""

from datetime import timedelta

from django.conf import settings
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from projects.models import Citation, SourceArticle, SourceSuggestions, StatusEntry


def source_suggestions(source: SourceArticle) -> dict | None:
    """The stored suggestions for a source as a JSON-serialisable dict, or None if none yet.

    Shape: {"version", "language", "triage_state", "computed_at", "mentions": [{kind, text, name,
    code, province, place_id, has_point, sentence, start, end}], "provinces": [...], "places": [...],
    "sectors": [{sector, count, keywords, text, sentence}], "forms": [{form, count, keywords, text,
    sentence}], "organizations": [{name, organization_id, country, text, sentence}],
    "candidate_ventures": [{id, public_id, name, publication_state, sector, province, score,
    reasons}], "ventures": [the pre-read's proposed ventures, projects.ingest.preread; [] for
    suggestions stored before it]}. Editors only: it names draft ventures.
    """
    suggestions = SourceSuggestions.objects.filter(source=source).first()
    if suggestions is None:
        return None
    return {
        "ventures": [],  # suggestions stored before the pre-read have no proposed ventures
        **suggestions.data,
        "triage_state": suggestions.triage_state,
        "computed_at": suggestions.computed_at.isoformat(),
    }


def sources_due_for_link_check(*, limit: int = 200):
    """Cited sources whose link was not checked within LINK_CHECK_INTERVAL_DAYS, oldest check first
    (sources without a URL, known by their citation, have no link to check)."""
    cutoff = timezone.now() - timedelta(days=getattr(settings, "LINK_CHECK_INTERVAL_DAYS", 7))
    cited = Exists(Citation.objects.filter(source=OuterRef("pk"))) | Exists(
        StatusEntry.objects.filter(source=OuterRef("pk"))
    )
    return (
        SourceArticle.objects.filter(cited, url__isnull=False)
        .filter(Q(link_checked_at__isnull=True) | Q(link_checked_at__lt=cutoff))
        .order_by("link_checked_at", "pk")[:limit]
    )
