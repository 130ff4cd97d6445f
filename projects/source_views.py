"""Public pages about the evidence: the sources list, a source's page and the methodology."""

from django.shortcuts import render
from django.views.decorators.http import require_safe

from projects.models import DatePrecision, LocationPrecision, SourceType, Status
from projects.selectors.confidence import CONFIDENCE_CHOICES
from projects.selectors.releases import ATTRIBUTION, DATA_LICENSE, releases_for_page, suggested_citation
from projects.selectors.source_pages import source_list, source_page


@require_safe
def source_detail(request, pk: int):
    page = source_page(source_id=pk, user=request.user)
    return render(request, "projects/source_detail.html", {"page": page, "source": page.source})


@require_safe
def sources_list(request):
    """Filters that are not valid get a 400 page saying which and why, never an ignored filter."""
    listing = source_list(params=request.GET, user=request.user)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "projects/source_list.html",
        {
            "listing": listing,
            "source_types": SourceType.choices,
            "query": query.urlencode(),
        },
        status=400 if listing.errors else 200,
    )


@require_safe
def methodology(request):
    latest = next(iter(releases_for_page()), None)
    return render(
        request,
        "projects/methodology.html",
        {
            "statuses": Status.choices,
            "date_precisions": DatePrecision.choices,
            "location_precisions": LocationPrecision.choices,
            "source_types": SourceType.choices,
            "confidence_levels": CONFIDENCE_CHOICES,
            "license": DATA_LICENSE,
            "attribution": ATTRIBUTION,
            "latest_citation": suggested_citation(latest) if latest else None,
        },
    )
