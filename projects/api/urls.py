"""/api/v1/… endpoints, the OpenAPI schema and its documentation pages.

Responses are gzip-compressed by `GZipMiddleware` (settings) when the client accepts it: the full
GeoJSON of 10,000 ventures is 8.3 MB raw, 0.8 MB gzipped.
"""

from csp.decorators import csp_update
from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView

from projects.api import views

app_name = "api"


def _view(view_class, **initkwargs):
    return view_class.as_view(**initkwargs)


# Swagger UI and ReDoc come from our static files (sidecar) and the split view keeps their start-up
# script out of the page; their own markup still sets styles inline, and ReDoc runs in a blob worker.
docs_page = csp_update({"style-src": ["'unsafe-inline'"], "worker-src": ["'self'", "blob:"]})

ventures = _view(views.VentureListView)
# The same list under a file-like name; documented through ?format= on /ventures/.
ventures_file = _view(views.VentureFileView)

urlpatterns = [
    path("v1/ventures/", ventures, name="venture-list"),
    path("v1/ventures.geojson", ventures_file, {"format": "geojson"}, name="venture-list-geojson"),
    path("v1/ventures.csv", ventures_file, {"format": "csv"}, name="venture-list-csv"),
    path("v1/ventures.xlsx", ventures_file, {"format": "xlsx"}, name="venture-list-xlsx"),
    path("v1/ventures.ftm.json", ventures_file, {"format": "ftm"}, name="venture-list-ftm"),
    path("v1/ventures/<str:public_id>/", _view(views.VentureDetailView), name="venture-detail"),
    path(
        "v1/ventures/<str:public_id>/status-entries/",
        _view(views.StatusEntryCreateView),
        name="venture-status-entries",
    ),
    path("v1/ventures/<str:public_id>/citations/", _view(views.CitationCreateView), name="venture-citations"),
    path("v1/provinces/", _view(views.ProvinceListView), name="province-list"),
    path("v1/stats/", _view(views.StatsView), name="stats"),
    path("v1/places/", _view(views.PlaceListView), name="place-list"),
    path("v1/organizations/", _view(views.OrganizationListView), name="organization-list"),
    path("v1/organizations/<id:pk>/", _view(views.OrganizationDetailView), name="organization-detail"),
    path("v1/sources/", _view(views.SourceListView), name="source-list"),
    path("v1/sources/<id:pk>/", _view(views.SourceDetailView), name="source-detail"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", docs_page(SpectacularSwaggerSplitView.as_view(url_name="api:schema")), name="docs"),
    path(
        "redoc/",
        docs_page(SpectacularRedocView.as_view(url_name="api:schema", template_name="api/redoc.html")),
        name="redoc",
    ),
]
