"""Bad input is a 400 whose JSON names the parameter and says what is allowed: never a 500, never ignored."""

import pytest

pytestmark = pytest.mark.django_db

LIST = "/api/v1/ventures/"


@pytest.mark.parametrize(
    ("params", "allowed_hint"),
    [
        ({"province": "KP-11"}, "KP-01"),
        ({"province": "pyongyang"}, "KP-15"),
        ({"sector": "mines"}, "ironworks"),
        ({"status": "open"}, "operating"),
        ({"form": "contract"}, "new_contract"),
        ({"arrangement": "jv"}, "joint_venture"),
        ({"location_precision": "street"}, "county"),
        ({"partner_country": "RU"}, "CN"),
        ({"partner": "abc"}, "whole number"),
        ({"partner": "999999"}, "/api/v1/organizations/"),
        ({"status_after": "2024-13-01"}, "YYYY-MM-DD"),
        ({"status_before": "yesterday"}, "YYYY-MM-DD"),
        ({"status_after": "01/02/2024"}, "YYYY-MM-DD"),
        ({"updated_since": "last week"}, "ISO 8601"),
        ({"in_bbox": "1,2,3"}, "four"),
        ({"in_bbox": "a,b,c,d"}, "number"),
        ({"in_bbox": "124,37,200,43"}, "-180 and 180"),
        ({"in_bbox": "124,-95,130,43"}, "-90 and 90"),
        ({"in_bbox": "130,37,124,43"}, "less than"),
        ({"ordering": "price"}, "status_date"),
        ({"q": "x" * 201}, "200"),
        ({"page_size": "0"}, "1 to 500"),
        ({"page_size": "501"}, "1 to 500"),
        ({"page_size": "ten"}, "1 to 500"),
        ({"page": "first"}, "whole number"),
        ({"format": "xml"}, "geojson"),
    ],
)
def test_a_bad_value_is_a_400_naming_the_parameter(api, geo, params, allowed_hint):
    response = api.get(LIST, params)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    body = response.json()
    (name,) = params
    assert list(body) == [name]
    assert allowed_hint in " ".join(body[name])


def test_every_bad_parameter_is_reported_at_once(api, geo):
    body = api.get(LIST, {"sector": "x", "status": "y", "in_bbox": "1"}).json()
    assert set(body) == {"sector", "status", "in_bbox"}


@pytest.mark.parametrize(
    "url",
    [
        LIST,
        "/api/v1/provinces/",
        "/api/v1/stats/",
        "/api/v1/places/",
        "/api/v1/organizations/",
        "/api/v1/sources/",
        "/api/v1/ventures.geojson",
    ],
)
def test_an_unknown_parameter_is_a_400_listing_the_allowed_ones(api, geo, url):
    response = api.get(url, {"secor": "mine"})
    assert response.status_code == 400
    message = response.json()["secor"][0]
    assert message.startswith("Unknown parameter. Allowed:")
    assert "format" in message


def test_an_unknown_parameter_on_a_detail_is_a_400(api, geo):
    from tests.factories import make_venture

    venture = make_venture()
    assert api.get(f"{LIST}{venture.public_id}/", {"expand": "all"}).status_code == 400


def test_geometry_flag_is_strict(api, geo):
    response = api.get("/api/v1/provinces/", {"geometry": "yes"})
    assert response.status_code == 400
    assert "geometry" in response.json()


def test_errors_of_an_export_are_json_too(api, geo):
    for export in ("geojson", "csv"):
        response = api.get(LIST, {"format": export, "sector": "mines"})
        assert response.status_code == 400
        assert response["Content-Type"] == "application/json"
        assert "sector" in response.json()


def test_a_page_past_the_end_is_a_404(api, geo):
    response = api.get(LIST, {"page": 5})
    assert response.status_code == 404
    assert "page 5" in response.json()["detail"]


def test_an_unknown_venture_is_a_404(api, geo):
    assert api.get(f"{LIST}JV-9999/").status_code == 404


def test_page_parameters_are_refused_where_nothing_is_paginated(api, geo):
    assert "page_size" in api.get(LIST, {"format": "geojson", "page_size": 10}).json()
    assert "page" in api.get("/api/v1/ventures.csv", {"page": 2}).json()
    assert "page" in api.get("/api/v1/provinces/", {"page": 2}).json()
    assert "page_size" in api.get("/api/v1/stats/", {"page_size": 2}).json()


@pytest.mark.parametrize("url", [LIST, LIST + "?format=geojson", LIST + "?format=csv", "/api/v1/provinces/"])
def test_an_inverted_date_range_is_a_400_saying_so(api, geo, url):
    response = api.get(url, {"status_after": "2024-06-01", "status_before": "2023-01-31"})
    assert response.status_code == 400
    body = response.json()
    assert list(body) == ["status_before"]
    message = " ".join(body["status_before"])
    assert "inverted" in message and "2023-01-31" in message and "2024-06-01" in message


def test_a_one_day_range_is_not_inverted(api, geo):
    response = api.get(LIST, {"status_after": "2024-06-01", "status_before": "2024-06-01"})
    assert response.status_code == 200
