"""A location is a 2-D longitude/latitude point in WGS 84: anything else is a 400 (a form error in the
admin) with the same message, never a 500, never a silently reinterpreted point, never GDAL's words."""

import json

import pytest

from projects.models import Place, Province, Venture
from tests.admin_forms import admin_url, errors_of, form_data
from tests.factories import POINTS, make_venture

pytestmark = pytest.mark.django_db

UIJU = [POINTS["KP-03"].x, POINTS["KP-03"].y]
MESSAGE = "a 2-D longitude/latitude point (WGS 84)"
LIBRARY_WORDS = ("OGR", "GDAL", "GEOS", "Unable to convert", "pointer", "Traceback")

NOT_LONLAT_POINTS = {
    "3-D": {"type": "Point", "coordinates": [*UIJU, 12.5]},
    "empty": {"type": "Point", "coordinates": []},
    "one number": {"type": "Point", "coordinates": [UIJU[0]]},
    "with a crs": {
        "type": "Point",
        "coordinates": UIJU,
        "crs": {"type": "name", "properties": {"name": "EPSG:3857"}},
    },
    "a line": {"type": "LineString", "coordinates": [UIJU, UIJU]},
    "strings": {"type": "Point", "coordinates": ["124.5", "40.2"]},
    "latitude 91": {"type": "Point", "coordinates": [124.5, 91]},
    "WKT POINT Z": f"POINT Z ({UIJU[0]} {UIJU[1]} 5)",
    "WKT POINT M": f"POINT M ({UIJU[0]} {UIJU[1]} 5)",
    "WKT POINT EMPTY": "POINT EMPTY",
    "not geometry": "garbage",
    "a number": 5,
    "a bare pair": UIJU,
}


@pytest.mark.parametrize("location", NOT_LONLAT_POINTS.values(), ids=NOT_LONLAT_POINTS.keys())
def test_the_api_refuses_anything_but_a_2d_wgs84_point_with_one_message(editor_api, geo, location):
    venture = make_venture(state="draft")
    version = venture.version

    response = editor_api.patch(
        f"/api/v1/ventures/{venture.public_id}/",
        {"location": location, "version": venture.version},
        format="json",
    )

    assert response.status_code == 400, response.content
    assert list(response.json()) == ["location"]
    message = " ".join(response.json()["location"])
    assert MESSAGE in message
    assert not any(word in message for word in LIBRARY_WORDS), message
    venture.refresh_from_db()
    assert venture.location == POINTS["KP-03"] and venture.version == version


def test_the_api_still_takes_a_plain_point(editor_api, geo):
    venture = make_venture(state="draft", point=None)

    response = editor_api.patch(
        f"/api/v1/ventures/{venture.public_id}/",
        {
            "location": {"type": "Point", "coordinates": UIJU},
            "location_precision": "exact",
            "version": venture.version,
        },
        format="json",
    )

    assert response.status_code == 200, response.content
    assert [response.json()["longitude"], response.json()["latitude"]] == UIJU


def _admin_add(client, location):
    data = form_data(client.get(admin_url("venture", "add")))
    data.update(
        name="Sinuiju cosmetics joint venture",
        sector="manufacturing",
        province=str(Province.objects.get(code="KP-03").pk),
        location=location,
        location_precision="county",
        _save="Save",
    )
    return client.post(admin_url("venture", "add"), data)


@pytest.mark.parametrize(
    "location",
    [
        f"POINT Z ({UIJU[0]} {UIJU[1]} 5)",
        f"POINT M ({UIJU[0]} {UIJU[1]} 5)",
        "POINT EMPTY",
        json.dumps({"type": "Point", "coordinates": [*UIJU, 5]}),
    ],
    ids=["POINT Z", "POINT M", "POINT EMPTY", "GeoJSON 3-D"],
)
def test_the_admin_refuses_them_as_a_form_error(editor_client, geo, location):
    response = _admin_add(editor_client, location)

    assert response.status_code == 200, "the form should have been refused"
    assert any(MESSAGE in message for message in errors_of(response)), errors_of(response)
    assert not Venture.objects.exists()


def test_a_place_keeps_to_the_same_rule(geo):
    from django.contrib.gis.geos import GEOSGeometry
    from django.core.exceptions import ValidationError

    place = Place.objects.exclude(point=None).first()
    place.point = GEOSGeometry(f"POINT Z ({UIJU[0]} {UIJU[1]} 5)", srid=4326)

    with pytest.raises(ValidationError) as refused:
        place.full_clean()

    assert MESSAGE in " ".join(refused.value.message_dict["point"])
