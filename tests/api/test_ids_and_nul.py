"""Ids and NUL bytes from the outside are judged once, the same on PostGIS and SpatiaLite.

An id beyond 64 bits cannot even be bound by SQLite (it was a 500 there); a NUL byte cannot be
compared by PostgreSQL (a 500 there). Both are answered before any query: 400 naming the parameter,
or 404 for a path.
"""

import pytest

from tests.factories import OrganizationFactory, make_venture

pytestmark = pytest.mark.django_db

HUGE = str(2**64)  # beyond any 64-bit integer
JUST_OVER = str(2**63)


@pytest.mark.parametrize("value", [HUGE, JUST_OVER, "99999999999999999999999999999999", "0", "-1"])
@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/ventures/",
        "/api/v1/ventures.geojson",
        "/api/v1/ventures.csv",
        "/api/v1/provinces/",
        "/api/v1/stats/",
    ],
)
def test_a_partner_id_out_of_range_is_a_400_naming_it(api, geo, url, value):
    response = api.get(url, {"partner": value})

    assert response.status_code == 400, response.content
    assert "No organization has the id" in response.json()["partner"][0]


def test_a_partner_id_that_is_no_number_is_a_400_saying_so(api, geo):
    response = api.get("/api/v1/ventures/", {"partner": ["1", "1e3"]})

    assert "whole number" in response.json()["partner"][0]


def test_the_province_page_refuses_it_like_the_api(client, geo):
    response = client.get("/provinces/KP-03/", {"partner": HUGE})

    assert response.status_code == 200
    assert "No organization has the id" in response.content.decode()


def test_a_real_partner_id_still_filters(api, geo):
    partner = OrganizationFactory()
    make_venture(name="With the partner", partner=partner)
    make_venture(name="Without it")

    body = api.get("/api/v1/ventures/", {"partner": partner.pk}).json()

    assert [row["name"] for row in body["results"]] == ["With the partner"]


@pytest.mark.parametrize(
    "url",
    [
        f"/api/v1/organizations/{HUGE}/",
        f"/api/v1/sources/{JUST_OVER}/",
        "/api/v1/organizations/0/",
        "/api/v1/sources/-1/",
        "/api/v1/organizations/abc/",
        f"/partners/{HUGE}/",
    ],
)
def test_a_path_id_out_of_range_is_a_404(api, geo, url):
    assert api.get(url).status_code == 404


@pytest.mark.parametrize("field", ["place", "source"])
def test_a_body_id_out_of_range_is_a_400_naming_the_field(editor_api, geo, field):
    venture = make_venture(state="draft")
    if field == "place":
        url, body = f"/api/v1/ventures/{venture.public_id}/", {"place": HUGE, "version": venture.version}
        response = editor_api.patch(url, body, format="json")
    else:
        url = f"/api/v1/ventures/{venture.public_id}/status-entries/"
        body = {"status": "operating", "date": "2020-01-01", "source": int(HUGE)}
        response = editor_api.post(url, body, format="json")

    assert response.status_code == 400, response.content
    assert list(response.json()) == [field]


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/ventures/JV-0001%00/",
        "/api/v1/ventures/%00/status-entries/",
        "/ventures/JV-0001%00/",
        "/provinces/KP-03%00/",
    ],
)
def test_a_nul_byte_in_a_path_is_a_404(api, geo, url):
    make_venture()

    response = api.get(url)

    assert response.status_code == 404
    if url.startswith("/api/"):
        assert response["Content-Type"] == "application/json"


@pytest.mark.parametrize(
    ("url", "params"),
    [
        ("/api/v1/ventures/", {"ordering": "name\x00"}),
        ("/api/v1/ventures/", {"format": "\x00"}),
        ("/api/v1/places/", {"q": "a\x00b"}),
        ("/api/v1/ventures/JV-0001/", {"x\x00": "1"}),
    ],
)
def test_a_nul_byte_in_a_query_parameter_is_a_400_naming_it(api, geo, url, params):
    make_venture()

    response = api.get(url, params)

    assert response.status_code == 400
    (name,) = params
    assert list(response.json()) == [name.replace("\x00", "\\x00")]
    assert response.json()[name.replace("\x00", "\\x00")] == ["Null characters are not allowed."]


def test_a_nul_byte_in_a_page_query_is_a_400_too(client, geo):
    response = client.get("/", {"q": "\x00"})

    assert response.status_code == 400


def test_an_updated_since_offset_postgresql_cannot_hold_is_taken_as_utc(api, geo):
    make_venture()

    response = api.get("/api/v1/ventures/", {"updated_since": "0714-04-14T16:49:15+18:23"})

    assert response.status_code == 200
    assert response.json()["count"] == 1
