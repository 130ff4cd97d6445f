"""The HTML pages: the map, and the venture, province and partner pages. Thin: reads are selectors."""

from pathlib import Path

from django.conf import settings
from django.contrib.admin.views.decorators import staff_member_required
from django.http import FileResponse, Http404, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_safe

from projects.forms import CorrectionForm
from projects.models import Release
from projects.permissions import can_edit_venture
from projects.selectors.confidence import venture_confidence
from projects.selectors.pages import (
    STATUS_ORDER,
    map_page_config,
    partner_for_page,
    province_for_page,
    venture_page,
)
from projects.selectors.releases import (
    ATTRIBUTION,
    DATA_LICENSE,
    GEO_SOURCES,
    release_files,
    releases_for_page,
    suggested_citation,
)
from projects.selectors.sanctions import venture_assessment
from projects.selectors.sanctions_rules import SanctionsFlag
from projects.selectors.time_filters import time_control_config
from projects.selectors.tokens import user_api_token
from projects.selectors.ventures import merged_survivor
from projects.services.tokens import api_token_create, api_token_revoke

PROVINCES_GEOJSON = Path(__file__).resolve().parent / "data" / "dprk_admin1_lite.geojson"
NEIGHBOURS_GEOJSON = Path(__file__).resolve().parent / "data" / "neighbours.geojson"
_geojson_bytes: dict[Path, bytes] = {}


def _static_geojson(path: Path) -> HttpResponse:
    if path not in _geojson_bytes:
        _geojson_bytes[path] = path.read_bytes()
    return HttpResponse(_geojson_bytes[path], content_type="application/geo+json")


def _admin_url(name: str, *args) -> str | None:
    """A link into the admin, or None while that model is not registered there."""
    try:
        return reverse(f"admin:{name}", args=args)
    except NoReverseMatch:
        return None


def _map_settings() -> dict:
    """What the map scripts take from the settings (their one home): tiles, attribution, view."""
    return {
        "tiles_url": settings.MAP_TILES_URL,
        "tiles_attribution": settings.MAP_TILES_ATTRIBUTION,
        "data_attribution": settings.DATA_ATTRIBUTION,
        "provinces_url": reverse("projects:provinces-geojson"),
        "neighbours_url": reverse("projects:neighbours-geojson"),
        "view": {
            "bounds": [list(corner) for corner in settings.MAP_BOUNDS],
            "min_zoom": settings.MAP_MIN_ZOOM,
            "max_zoom": settings.MAP_MAX_ZOOM,
            "venture_zoom": settings.MAP_VENTURE_ZOOM,
        },
    }


def _initial_data_urls(request, ventures_url: str, provinces_url: str) -> tuple[str, str]:
    """The API requests the map script makes first, so the page can preload them in its <head>.

    The filters are the page's own query string (minus the list's sort order), passed on unchanged:
    the API and its FilterSet judge them, exactly as for any later filter change.
    """
    filters = request.GET.copy()
    filters.pop("ordering", None)
    query = filters.urlencode()
    return (
        f"{ventures_url}?{query + '&' if query else ''}format=geojson",
        f"{provinces_url}{'?' + query if query else ''}",
    )


@require_GET
def map_page(request):
    ventures_url, provinces_url = "/api/v1/ventures/", "/api/v1/provinces/"
    initial_ventures_url, initial_provinces_url = _initial_data_urls(request, ventures_url, provinces_url)
    config = {
        **map_page_config(user=request.user),
        **_map_settings(),
        "api_ventures_url": ventures_url,
        "api_provinces_url": provinces_url,
        "initial_ventures_url": initial_ventures_url,
        "initial_provinces_url": initial_provinces_url,
        # In the page's language: /ventures/… in English, /ko/ventures/… in Korean.
        "venture_url_prefix": reverse("projects:venture-detail", args=["_"]).removesuffix("_/"),
        "partner_url_prefix": reverse("projects:partner-detail", args=[1]).removesuffix("1/"),
        "province_url_template": reverse("projects:province-detail", args=["KP-00"]),
        "feed_url": reverse("projects:feed-ventures"),
        "api_stats_url": "/api/v1/stats/",
        "time": time_control_config(user=request.user),
        "text": {
            # The map script's words for the time control and the timeline (translated here).
            "today": gettext("today"),
            "end_of_year": gettext("end of %(year)s"),
            "timeline_summary": gettext("Ventures by status at the end of each year, %(first)s to %(last)s."),
            "timeline_empty": gettext("No dated status steps match these filters."),
            "year": gettext("Year"),
            "total": gettext("Total"),
        },
        # The sanctions flags: checkboxes of the filter, with their counts among the matching ventures.
        "sanctions_flags": [(value, str(label)) for value, label in SanctionsFlag.choices],
    }
    # "Follow this view": the feed of the page's filters (the script keeps it in step with them).
    filters = request.GET.copy()
    filters.pop("ordering", None)
    feed_href = config["feed_url"] + (f"?{filters.urlencode()}" if filters else "")
    context = {"map_config": config, "feed_href": feed_href, "follow_query": filters.urlencode()}
    return render(request, "projects/map.html", context)


@require_GET
@cache_control(public=True, max_age=7 * 24 * 3600)
def provinces_geojson(request):
    """The project's own province boundaries (11 polygons), unchanged, cached by browsers for a week."""
    return _static_geojson(PROVINCES_GEOJSON)


@require_GET
@cache_control(public=True, max_age=7 * 24 * 3600)
def neighbours_geojson(request):
    """The neighbouring provinces of China, Russia and South Korea (projects/data/SOURCE.md)."""
    return _static_geojson(NEIGHBOURS_GEOJSON)


@require_GET
def venture_detail(request, public_id: str):
    survivor = merged_survivor(public_id=public_id, user=request.user)
    if survivor is not None:  # a duplicate merged into another venture: its id leads there
        return HttpResponsePermanentRedirect(reverse("projects:venture-detail", args=[survivor.public_id]))
    page = venture_page(public_id=public_id, user=request.user)
    venture = page.venture
    for citation in page.citations:
        citation.copy_url = None
        if citation.copy is not None:
            citation.copy_url = _admin_url("projects_sourcesnapshot_change", citation.copy.pk) or _admin_url(
                "projects_sourcearticle_change", citation.source_id
            )
    edit_url = (
        _admin_url("projects_venture_change", venture.pk) if can_edit_venture(request.user, venture) else None
    )
    sanctions = venture_assessment(venture, statuses=page.statuses, partners=page.partners)
    point = venture.location
    small_map = {
        **_map_settings(),
        "point": [point.x, point.y] if point else None,
        "precision": venture.location_precision,
        # None when no source names the province: the small map shows the whole country, unshaded.
        "province": None
        if venture.province is None
        else venture.province.map_polygon.code
        if venture.province.map_polygon_id
        else venture.province.code,
        "status": venture.current_status,
    }
    return render(
        request,
        "projects/venture_detail.html",
        {
            "venture": venture,
            "statuses": page.statuses,
            "citations": page.citations,
            "venture_sources": page.venture_sources,
            "fact_sources": page.fact_sources,
            "partners": page.partners,
            "contributions": page.contributions,
            "edit_url": edit_url,
            "is_editor": page.is_editor,
            "small_map": small_map,
            "confidence": venture_confidence(venture),
            # Corrections are for what the public sees: a draft's page (editors only) has no form.
            "correction_form": CorrectionForm() if venture.is_published else None,
            "sanctions": sanctions,
            "sanctions_raised": any(flag.raised for flag in sanctions),
        },
    )


@require_GET
def province_detail(request, code: str):
    page = province_for_page(code=code, user=request.user, params=request.GET)
    chart = _year_chart(page.years)
    return render(
        request,
        "projects/province_detail.html",
        {
            "page": page,
            "province": page.province,
            "chart": chart,
            "map_url": reverse("projects:map"),
            "map_query": _map_query(page),
        },
    )


@require_GET
def partner_detail(request, pk: int):
    page = partner_for_page(organization_id=pk, user=request.user)
    return render(request, "projects/partner_detail.html", {"page": page, "organization": page.organization})


def _map_query(page) -> str:
    """The map's query string for this province and the page's filters ("Show on the map")."""
    from django.http import QueryDict

    query = QueryDict(mutable=True)
    for name, value in page.filters:
        query.appendlist(name, value)
    query.appendlist("province", page.province.code)
    return query.urlencode()


def _year_chart(years: list[dict]) -> dict | None:
    """Geometry of a stacked bar chart (ventures first reported per year, by current status) as SVG."""
    if not years:
        return None
    height, bar_width, gap, top, left = 160, 28, 10, 12, 30
    peak = max(y["total"] for y in years)
    scale = (height - top) / peak
    bars = []
    for index, year in enumerate(years):
        x = left + index * (bar_width + gap)
        y = height
        segments = []
        for status, n in year["by_status"]:
            h = n * scale
            y -= h
            segments.append({"status": status, "n": n, "x": x, "y": round(y, 1), "h": round(h, 1)})
        bars.append({"year": year["year"], "total": year["total"], "x": x, "segments": segments})
    ticks = sorted({0, peak, (peak + 1) // 2})
    return {
        "width": left + len(years) * (bar_width + gap) + 10,
        "height": height + 24,
        "base": height,
        "bar_width": bar_width,
        "label_y": height + 16,
        "bars": bars,
        "ticks": [{"n": t, "y": round(height - t * scale, 1)} for t in ticks],
        "statuses": [
            s for s in STATUS_ORDER if any(seg["status"] == s for b in bars for seg in b["segments"])
        ],
    }


@staff_member_required
@never_cache
@require_http_methods(["GET", "POST"])
def api_token(request):
    """Staff create, replace and revoke their own API token. The key is shown once, when made."""
    new_key = None
    message = ""
    if request.method == "POST":
        action = request.POST.get("action")
        if action in ("create", "replace"):
            token, _ = api_token_create(user=request.user, replace=action == "replace")
            new_key = token.key
        elif action == "revoke":
            revoked = api_token_revoke(user=request.user)
            message = (
                gettext("Your token is revoked: scripts using it now get 401.")
                if revoked
                else gettext("You had no token.")
            )
        else:
            return render(
                request, "projects/api_token.html", {"error": gettext("Unknown action.")}, status=400
            )
    token = user_api_token(request.user)
    return render(
        request,
        "projects/api_token.html",
        {"token": token, "new_key": new_key, "message": message, "api_index": reverse("api:index")},
    )


# ------------------------------------------------------------------------------------------ releases
# A release's files never change (a new release gets a new folder), so browsers and proxies may keep
# them for a year without asking again.
IMMUTABLE_CACHE = "public, max-age=31536000, immutable"
RELEASE_MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "geojson": "application/geo+json",
    "json": "application/json",
}


@require_safe
def data_page(request):
    """/data/: every release with its files, changelog and a suggested citation; licence and credits."""
    releases = releases_for_page()
    for release in releases:
        release.citation = suggested_citation(release)
        release.files = release_files(release)
    context = {
        "releases": releases,
        "license": DATA_LICENSE,
        "attribution": ATTRIBUTION,
        "geo_sources": GEO_SOURCES,
    }
    return render(request, "projects/data.html", context)


@require_safe
def release_file(request, number: int, name: str):
    """One file of a release, as it was written (only the files the release lists)."""
    release = get_object_or_404(Release, number=number)
    if name not in release.sha256s:
        raise Http404
    path = Path(settings.RELEASES_ROOT) / release.folder / name
    if not path.is_file():
        raise Http404
    media_type = RELEASE_MEDIA_TYPES.get(name.rsplit(".", 1)[-1], "application/octet-stream")
    response = FileResponse(path.open("rb"), content_type=media_type)
    response["Cache-Control"] = IMMUTABLE_CACHE
    response["ETag"] = f'"{release.sha256s[name]}"'
    response["Content-Disposition"] = f'attachment; filename="jvtracker-release-{release.number}-{name}"'
    return response
