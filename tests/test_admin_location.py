"""The admin's location widget: outlines and a place search beside the map, and a coordinates field
that takes what an article prints (parsed by projects.coordinates), with clear form errors."""

import pytest

from projects.models import Place, Province, Venture
from tests.admin_forms import admin_url, errors_of, form_data

pytestmark = pytest.mark.usefixtures("geo")


def _new_venture(client, **overrides) -> dict:
    data = form_data(client.get(admin_url("venture", "add")))
    data.update(
        name="Uiju silk joint venture",
        sector="manufacturing",
        province=str(Province.objects.get(code="KP-03").pk),
        location="",
        location_precision="approximate",
        _save="Save",
    )
    data.update(overrides)
    return data


def test_the_venture_form_offers_outlines_a_place_search_and_a_coordinates_field(editor_client):
    html = editor_client.get(admin_url("venture", "add")).text
    assert 'name="coordinates"' in html
    assert "40.19N 124.53E" in html  # the help text shows the accepted forms
    assert 'class="jv-location-tools"' in html
    assert 'data-provinces-url="/provinces.geojson"' in html
    assert 'data-neighbours-url="/neighbours.geojson"' in html
    assert 'data-places-url="/api/v1/places/"' in html
    assert "jvtracker/admin-location.js" in html


@pytest.mark.parametrize("typed", ["40°11'N 124°32'E", "40.18333N 124.53333E", "40.18333, 124.53333"])
def test_typed_coordinates_become_the_point(editor_client, typed):
    response = editor_client.post(admin_url("venture", "add"), _new_venture(editor_client, coordinates=typed))
    assert response.status_code == 302, errors_of(response)
    point = Venture.objects.get(name="Uiju silk joint venture").location
    assert point.y == pytest.approx(40.18333, abs=1e-4) and point.x == pytest.approx(124.53333, abs=1e-4)


def test_coordinates_that_cannot_be_read_are_a_form_error_naming_the_accepted_forms(editor_client):
    response = editor_client.post(
        admin_url("venture", "add"), _new_venture(editor_client, coordinates="40°75'N 124°32'E")
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["coordinates"] == [
        "Minutes must be less than 60 (got 75)."
    ]
    assert not Venture.objects.filter(name="Uiju silk joint venture").exists()


def test_typed_coordinates_are_judged_by_the_point_rules(editor_client):
    response = editor_client.post(
        admin_url("venture", "add"),
        _new_venture(editor_client, coordinates="37.5665N 126.978E"),  # Seoul
    )
    assert response.status_code == 200
    assert any("outside North Korea" in message for message in errors_of(response))


def test_an_existing_point_is_shown_in_the_field_and_a_map_change_is_not_overridden(editor_client):
    response = editor_client.post(
        admin_url("venture", "add"), _new_venture(editor_client, coordinates="40.19944, 124.53167")
    )
    assert response.status_code == 302, errors_of(response)
    venture = Venture.objects.get(name="Uiju silk joint venture")
    change = admin_url("venture", "change", venture.pk)
    page = editor_client.get(change)
    assert page.context["adminform"].form["coordinates"].value() == "40.19944N 124.53167E"
    data = form_data(page)
    data.update(location="POINT (125.2 39.98)", _save="Save")  # moved on the map only (to Kusong)
    response = editor_client.post(change, data)
    assert response.status_code == 302, errors_of(response)
    venture.refresh_from_db()
    assert (venture.location.x, venture.location.y) == pytest.approx((125.2, 39.98))


def test_a_place_takes_coordinates_too(editor_client):
    place = Place.objects.get(name_en="Hyesan")
    change = admin_url("place", "change", place.pk)
    data = form_data(editor_client.get(change))
    data.update(coordinates="41°24'N 128°11'E", _save="Save")
    response = editor_client.post(change, data)
    assert response.status_code == 302, errors_of(response)
    place.refresh_from_db()
    assert place.point.y == pytest.approx(41.4) and place.point.x == pytest.approx(128 + 11 / 60)


def test_the_widget_asks_the_one_parser_where_typed_coordinates_lie(editor_client):
    answer = editor_client.get("/admin/projects/venture/locate/", {"coordinates": "40°11'58\"N 124°31'54\"E"})

    assert answer.status_code == 200
    body = answer.json()
    assert body["latitude"] == pytest.approx(40.19944, abs=1e-4)
    assert body["longitude"] == pytest.approx(124.53167, abs=1e-4)
    assert body["province"]["code"] == "KP-03"
    assert body["province_label"] == "Province for this point: North Pyongan"
    assert body["refusal"] == ""


def test_unparseable_coordinates_are_a_400_naming_the_field(editor_client):
    answer = editor_client.get("/admin/projects/venture/locate/", {"coordinates": "40.19 north-ish"})

    assert answer.status_code == 400
    (message,) = answer.json()["coordinates"]
    assert "is not a latitude and longitude" in message


def test_a_point_outside_north_korea_says_why(editor_client):
    answer = editor_client.get("/admin/projects/venture/locate/", {"coordinates": "39.9N 116.4E"})

    assert answer.status_code == 200
    assert answer.json()["province"] is None and "outside North Korea" in answer.json()["refusal"]


def test_only_staff_may_ask(client):
    answer = client.get("/admin/projects/venture/locate/", {"coordinates": "40.19N 124.53E"})

    assert answer.status_code == 302 and "/login/" in answer["Location"]
