"""The admin's location widget in a real browser, offline (no tiles): outlines, opening view, place search."""

import pytest
from django.test import Client

from projects.models import PublicationState
from tests.factories import ensure_geo, make_venture

pytestmark = [pytest.mark.browser, pytest.mark.postgis, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def signed_in(probe, live_server, superuser):
    client = Client()
    client.force_login(superuser)
    cookie = {"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}
    probe.page.context.add_cookies([cookie])
    return probe


def _outlines_drawn(page):
    page.wait_for_function(
        "() => document.querySelectorAll('#id_location-map .leaflet-overlay-pane path').length >= 25"
    )


def test_offline_the_widget_draws_provinces_and_neighbours_and_opens_on_the_point(signed_in):
    ensure_geo()
    venture = make_venture(name="Uiju copper mine", state=PublicationState.DRAFT, province_code="KP-03")
    page = signed_in.page
    signed_in.goto(f"/admin/projects/venture/{venture.pk}/change/")
    _outlines_drawn(page)  # 11 provinces and 14 neighbouring provinces
    assert "Liaoning (CN)" in page.locator(".jv-neighbour-label").all_inner_texts()
    page.wait_for_function(
        "() => window.jvAdminMaps['id_location-map'] && window.jvAdminMaps['id_location-map'].getZoom() === 11"
    )
    centre = page.evaluate(
        "(() => { const c = window.jvAdminMaps['id_location-map'].getCenter(); return [c.lat, c.lng]; })()"
    )
    assert centre == pytest.approx([venture.location.y, venture.location.x], abs=1e-3)
    assert page.input_value("#id_coordinates") == "40.19944N 124.53167E"
    page.locator("#id_location-map").scroll_into_view_if_needed()
    signed_in.screenshot("admin-location-widget")
    # (The tile server of the settings is unreachable here: those failed loads are the only errors.)
    assert [e for e in signed_in.console_errors if "Failed to load resource" not in e] == []


def test_a_place_from_the_gazetteer_fills_the_coordinates(signed_in):
    ensure_geo()
    page = signed_in.page
    signed_in.goto("/admin/projects/venture/add/")
    _outlines_drawn(page)
    page.locator(".jv-place-search").fill("Sinuiju")
    pick = page.locator(".jv-place-pick").first
    pick.wait_for()
    assert "Sinuiju" in pick.inner_text()
    pick.click()
    value = page.input_value("#id_coordinates")
    latitude, longitude = (float(x) for x in value.split(","))
    assert 40.0 < latitude < 40.2 and 124.3 < longitude < 124.5
    assert page.evaluate("window.jvAdminMaps['id_location-map'].getZoom()") == 11


def _status(page) -> str:
    return page.locator(".jv-coordinates-status").inner_text()


def _centre(page) -> list[float]:
    return page.evaluate(
        "(() => { const c = window.jvAdminMaps['id_location-map'].getCenter(); return [c.lat, c.lng]; })()"
    )


def test_typed_coordinates_move_the_point_and_the_map_and_suggest_the_province(signed_in):
    ensure_geo()
    venture = make_venture(name="Uiju copper mine", state=PublicationState.DRAFT, province_code="KP-03")
    page = signed_in.page
    signed_in.goto(f"/admin/projects/venture/{venture.pk}/change/")
    _outlines_drawn(page)

    # Degrees and minutes, as an article prints them: Hyesan, in Ryanggang.
    page.fill("#id_coordinates", "41°24'N 128°11'E")
    page.wait_for_function(
        "() => /Ryanggang/.test(document.querySelector('.jv-coordinates-status').textContent)"
    )
    assert _centre(page) == pytest.approx([41.4, 128.18333], abs=1e-3)
    stored = page.evaluate("JSON.parse(document.getElementById('id_location').value).coordinates")
    assert stored == pytest.approx([128.18333, 41.4], abs=1e-4)
    marker = page.evaluate(
        "(() => { const m = document.querySelector('#id_location-map .leaflet-marker-icon'); return !!m; })()"
    )
    assert marker
    assert page.get_attribute("#id_coordinates", "aria-invalid") is None
    page.click(".jv-use-province")
    assert "Ryanggang" in page.locator("#id_province").evaluate("s => s.selectedOptions[0].textContent")
    assert page.locator(".jv-use-province").count() == 0

    # Unparseable input: a clear message beside the field, the point stays where it was.
    page.fill("#id_coordinates", "41.4 north, somewhere")
    page.wait_for_function(
        "() => document.getElementById('id_coordinates').getAttribute('aria-invalid') === 'true'"
    )
    assert "is not a latitude and longitude" in _status(page)
    assert _centre(page) == pytest.approx([41.4, 128.18333], abs=1e-3)

    # Decimal with hemisphere letters, confirmed with Enter.
    page.fill("#id_coordinates", "40.19N 124.53E")
    page.press("#id_coordinates", "Enter")
    page.wait_for_function(
        "() => /North Pyongan/.test(document.querySelector('.jv-coordinates-status').textContent)"
    )
    assert _centre(page) == pytest.approx([40.19, 124.53], abs=1e-3)
    assert [e for e in signed_in.console_errors if "Failed to load resource" not in e] == []


def test_a_point_put_on_the_map_writes_the_coordinates(signed_in):
    ensure_geo()
    page = signed_in.page
    signed_in.goto("/admin/projects/venture/add/")
    _outlines_drawn(page)
    page.locator("#id_location-map").scroll_into_view_if_needed()
    # The editor picks the marker tool and clicks in the middle of the map.
    page.click("#id_location-map .leaflet-draw-draw-marker")
    box = page.locator("#id_location-map").bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)

    page.wait_for_function(
        "() => /Province for this point/.test(document.querySelector('.jv-coordinates-status').textContent)"
    )
    longitude, latitude = page.evaluate(
        "JSON.parse(document.getElementById('id_location').value).coordinates"
    )
    assert page.input_value("#id_coordinates") == f"{latitude:.5f}N {longitude:.5f}E"
