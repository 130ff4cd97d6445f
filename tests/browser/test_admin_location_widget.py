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
