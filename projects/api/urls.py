"""/api/v1/… endpoints, the OpenAPI schema and its documentation pages.

Responses are gzip-compressed by `GZipMiddleware` (settings) when the client accepts it: the full
GeoJSON of 10,000 ventures is 8.3 MB raw, 0.8 MB gzipped.
"""

from csp.decorators import csp_update
from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView

from projects.api.views import index, parts, records, ventures

app_name = "api"


def _view(view_class, **initkwargs):
    return view_class.as_view(**initkwargs)


# Swagger UI and ReDoc come from our static files (sidecar) and the split view keeps their start-up
# script out of the page; their own markup still sets styles inline, and ReDoc runs in a blob worker.
docs_page = csp_update({"style-src": ["'unsafe-inline'"], "worker-src": ["'self'", "blob:"]})

venture_list = _view(ventures.VentureListView)
# The same list under a file-like name; documented through ?format= on /ventures/.
ventures_file = _view(ventures.VentureFileView)

urlpatterns = [
    path("v1/", _view(index.ApiIndexView), name="index"),
    path("v1/ventures/", venture_list, name="venture-list"),
    path("v1/ventures.geojson", ventures_file, {"format": "geojson"}, name="venture-list-geojson"),
    path("v1/ventures.csv", ventures_file, {"format": "csv"}, name="venture-list-csv"),
    path("v1/ventures.xlsx", ventures_file, {"format": "xlsx"}, name="venture-list-xlsx"),
    path("v1/ventures.ftm.json", ventures_file, {"format": "ftm"}, name="venture-list-ftm"),
    path("v1/ventures/<str:public_id>/", _view(ventures.VentureDetailView), name="venture-detail"),
    path(
        "v1/ventures/<str:public_id>/status-entries/",
        _view(parts.StatusEntryCreateView),
        name="venture-status-entries",
    ),
    path("v1/ventures/<str:public_id>/citations/", _view(parts.CitationCreateView), name="venture-citations"),
    path("v1/ventures/<str:public_id>/partners/", _view(parts.PartnerListView), name="venture-partners"),
    path(
        "v1/ventures/<str:public_id>/partners/<id:part_id>/",
        _view(parts.PartnerDetailView),
        name="venture-partner",
    ),
    path(
        "v1/ventures/<str:public_id>/contributions/",
        _view(parts.ContributionListView),
        name="venture-contributions",
    ),
    path(
        "v1/ventures/<str:public_id>/contributions/<id:part_id>/",
        _view(parts.ContributionDetailView),
        name="venture-contribution",
    ),
    path("v1/provinces/", _view(records.ProvinceListView), name="province-list"),
    path("v1/stats/", _view(records.StatsView), name="stats"),
    path("v1/places/", _view(records.PlaceListView), name="place-list"),
    path("v1/organizations/", _view(records.OrganizationListView), name="organization-list"),
    path("v1/organizations/<id:pk>/", _view(records.OrganizationDetailView), name="organization-detail"),
    path("v1/sources/", _view(records.SourceListView), name="source-list"),
    path("v1/sources/<id:pk>/", _view(records.SourceDetailView), name="source-detail"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", docs_page(SpectacularSwaggerSplitView.as_view(url_name="api:schema")), name="docs"),
    path(
        "redoc/",
        docs_page(SpectacularRedocView.as_view(url_name="api:schema", template_name="api/redoc.html")),
        name="redoc",
    ),
]
