"""`/api/v1/`: a JSON index of the endpoints, so a script (or a person) can start from the root."""

from django.urls import reverse
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.response import Response

from projects.api.views.base import ERROR_RESPONSES, ApiView

# (name, URL name, arguments for reverse, what it is). Paths with an id are written as templates.
ENDPOINTS = (
    (
        "ventures",
        "api:venture-list",
        (),
        "Ventures: filtered JSON pages; ?format=geojson|csv for every match.",
    ),
    ("ventures_geojson", "api:venture-list-geojson", (), "Every matching venture as GeoJSON."),
    ("ventures_csv", "api:venture-list-csv", (), "Every matching venture as CSV (?bom=1 for spreadsheets)."),
    ("venture", "api:venture-detail", ("{public_id}",), "One venture; PATCH/PUT with its version."),
    ("venture_partners", "api:venture-partners", ("{public_id}",), "A venture's partners; POST adds one."),
    (
        "venture_contributions",
        "api:venture-contributions",
        ("{public_id}",),
        "A venture's contributions; POST adds one.",
    ),
    ("venture_status_entries", "api:venture-status-entries", ("{public_id}",), "POST a status entry."),
    ("venture_citations", "api:venture-citations", ("{public_id}",), "POST a citation."),
    ("provinces", "api:province-list", (), "Provinces with counts of the matching ventures."),
    ("stats", "api:stats", (), "Counts of the matching ventures by province, sector, status and year."),
    ("places", "api:place-list", (), "The gazetteer."),
    ("organizations", "api:organization-list", (), "Partners; POST adds one."),
    ("organization", "api:organization-detail", ("{id}",), "One partner; PATCH/DELETE with its version."),
    ("sources", "api:source-list", (), "Articles; POST submits one by URL."),
    ("source", "api:source-detail", ("{id}",), "One article."),
    ("schema", "api:schema", (), "The OpenAPI 3 schema."),
    ("docs", "api:docs", (), "Interactive documentation (Swagger UI)."),
)


def endpoint_index(request) -> dict:
    """Absolute URLs of every endpoint (id placeholders as `{public_id}` and `{id}`)."""
    endpoints = {}
    origin = request.build_absolute_uri("/").removesuffix("/")  # (it would encode the braces)
    for name, url_name, args, description in ENDPOINTS:
        # A numeric id must match the <id:> converter: reverse with 1, then write the placeholder.
        numeric = args == ("{id}",)
        path = reverse(url_name, args=[1] if numeric else args)
        path = path.replace("/1/", "/{id}/") if numeric else path.replace("%7B", "{").replace("%7D", "}")
        endpoints[name] = {"url": origin + path, "description": description}
    return endpoints


class ApiIndexView(ApiView):
    """The endpoints of this API (version 1), with absolute URLs."""

    @extend_schema(
        responses={
            200: inline_serializer(
                "ApiIndex",
                {
                    "version": serializers.CharField(),
                    "endpoints": serializers.DictField(
                        child=inline_serializer(
                            "ApiEndpoint",
                            {"url": serializers.CharField(), "description": serializers.CharField()},
                        )
                    ),
                    "authentication": serializers.CharField(),
                },
            ),
            **ERROR_RESPONSES,
        }
    )
    def get(self, request):
        self.check_query_parameters(request)
        return Response(
            {
                "version": "1",
                "endpoints": endpoint_index(request),
                "authentication": (
                    "Reads are open. Writes need a token: send `Authorization: Token <key>`; staff create "
                    f"and revoke theirs at {request.build_absolute_uri(reverse('projects:api-token'))}."
                ),
            }
        )
