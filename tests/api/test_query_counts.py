"""The number of SQL queries does not grow with the number of ventures (or of their parts)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from projects.services.ventures import citation_create, partner_add
from tests.factories import OrganizationFactory, SourceArticleFactory, make_venture

pytestmark = pytest.mark.django_db

URLS = {
    "list page": "/api/v1/ventures/?page_size=100&sector=mine",
    "list page, sorted and searched": "/api/v1/ventures/?page_size=100&ordering=-status_date&q=mine",
    "GeoJSON export": "/api/v1/ventures/?format=geojson",
    "CSV export": "/api/v1/ventures/?format=csv",
    "provinces": "/api/v1/provinces/",
    "stats": "/api/v1/stats/",
    "organizations": "/api/v1/organizations/",
    "sources": "/api/v1/sources/",
}


def queries(api, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = api.get(url)
    assert response.status_code == 200
    return len(captured)


def add_ventures(count: int):
    for n in range(count):
        venture = make_venture(name=f"Iron mine {n}", province_code=["KP-01", "KP-03", "KP-08"][n % 3])
        partner_add(venture=venture, organization=OrganizationFactory(), role="north_korean_partner")


def test_query_count_is_the_same_for_10_and_60_ventures(api, geo):
    add_ventures(10)
    with_10 = {name: queries(api, url) for name, url in URLS.items()}
    add_ventures(50)
    with_60 = {name: queries(api, url) for name, url in URLS.items()}
    assert with_10 == with_60
    # The exports on PostGIS also find and build stale fragments, and read them, each step in a
    # savepoint inside the test's transaction (projects/selectors/export_fragments.py): more
    # statements, as many for 10 ventures as for 60.
    exports = ("GeoJSON export", "CSV export") if connection.vendor == "postgresql" else ()
    assert max(count for name, count in with_60.items() if name not in exports) <= 6
    assert all(with_60[name] <= 13 for name in exports)


def test_detail_query_count_does_not_grow_with_its_parts(api, geo):
    venture = make_venture()
    url = f"/api/v1/ventures/{venture.public_id}/"
    before = queries(api, url)
    for _ in range(5):
        citation_create(venture=venture, source=SourceArticleFactory(), quote="More")
        partner_add(venture=venture, organization=OrganizationFactory(), role="managing_organ")
    assert queries(api, url) == before
    # The portable (SpatiaLite) path reads the confidence (the editor-note mark, the sources) and the
    # sanctions assessment (partners' designations, the measures) with four lookups of their own;
    # PostgreSQL's detail query carries them.
    assert before <= (5 if connection.vendor == "postgresql" else 9)
