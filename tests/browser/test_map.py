"""The map page and the venture page in a real browser (Chromium), against PostGIS."""

import socket

import pytest

from projects.models import PublicationState, Sector, Status
from tests.browser.conftest import ARTIFACTS
from tests.factories import OrganizationFactory, SourceArticleFactory, ensure_geo, make_venture

pytestmark = [pytest.mark.browser, pytest.mark.postgis, pytest.mark.django_db(transaction=True)]

XSS = "<img src=x onerror=alert(1)>"


@pytest.fixture
def ventures(live_server):
    """Three pinned ventures (two mines, one farm), one known only to Nampo, and one hidden draft."""
    ensure_geo()
    return {
        "uiju": make_venture(name="Uiju copper mine", sector=Sector.MINE, province_code="KP-03"),
        "chongjin": make_venture(name="Chongjin iron ore mine", sector=Sector.MINE, province_code="KP-09"),
        "hamju": make_venture(
            name="Hamju farm", sector=Sector.AGRICULTURE, province_code="KP-08", status=Status.REPORTED
        ),
        "nampo": make_venture(
            name="Nampo glassworks", sector=Sector.MANUFACTURING, province_code="KP-14", point=None
        ),
        "draft": make_venture(name="Secret draft mine", province_code="KP-03", state=PublicationState.DRAFT),
    }


def summary(probe) -> str:
    return probe.page.inner_text("#match-summary")


def list_names(probe) -> list[str]:
    return probe.page.locator("#venture-list .row-name").all_inner_texts()


def test_map_loads_without_errors_and_draws_provinces_markers_and_list(probe, ventures):
    probe.open_map()
    page = probe.page
    assert page.evaluate("window.jvMap.provinceCount()") == 11
    pinned = sorted(page.evaluate("window.jvMap.pinnedIds()"))
    assert pinned == sorted(v.public_id for k, v in ventures.items() if k in ("uiju", "chongjin", "hamju"))
    assert summary(probe) == "4 of 4 published ventures match."
    assert sorted(list_names(probe)) == sorted(
        ["Uiju copper mine", "Chongjin iron ore mine", "Hamju farm", "Nampo glassworks"]
    )
    assert "Secret draft" not in page.content()
    assert page.locator(".legend").is_visible()
    assert "Natural Earth" in page.inner_text(".leaflet-control-attribution")
    probe.screenshot("map-loaded")
    assert probe.console_errors == []


def test_sector_filter_changes_markers_counts_and_url_and_back_restores(probe, ventures):
    probe.open_map()
    page = probe.page
    drawn = probe.draw_count()
    page.locator("input[name=sector][value=mine]").check()
    probe.wait_drawn(drawn)
    assert "sector=mine" in page.url
    assert summary(probe) == "2 of 4 published ventures match these filters."
    assert sorted(page.evaluate("window.jvMap.pinnedIds()")) == sorted(
        [ventures["uiju"].public_id, ventures["chongjin"].public_id]
    )
    assert sorted(list_names(probe)) == ["Chongjin iron ore mine", "Uiju copper mine"]
    export = page.get_attribute("#export-csv", "href")
    assert export.startswith("/api/v1/ventures/?") and "sector=mine" in export and "format=csv" in export
    probe.screenshot("map-filtered-mine")

    drawn = probe.draw_count()
    page.go_back()
    probe.wait_drawn(drawn)
    assert "sector=" not in page.url
    assert summary(probe) == "4 of 4 published ventures match."
    assert not page.locator("input[name=sector][value=mine]").is_checked()
    assert len(page.evaluate("window.jvMap.pinnedIds()")) == 3

    # A shared link restores the view on load.
    probe.open_map("sector=agriculture")
    assert page.locator("input[name=sector][value=agriculture]").is_checked()
    assert list_names(probe) == ["Hamju farm"]
    assert probe.console_errors == []


def test_a_partner_link_filters_the_map_and_survives_other_filter_changes(probe, ventures):
    partner_id = ventures["uiju"].partners.get().organization_id
    probe.open_map(f"partner={partner_id}")
    page = probe.page
    assert list_names(probe) == ["Uiju copper mine"]
    assert f"partner = {partner_id}" in page.inner_text("#extra-filters")
    drawn = probe.draw_count()
    page.locator("input[name=sector][value=mine]").check()
    probe.wait_drawn(drawn)
    assert f"partner={partner_id}" in page.url and "sector=mine" in page.url
    assert list_names(probe) == ["Uiju copper mine"]
    drawn = probe.draw_count()
    page.locator("#extra-filters button").click()
    probe.wait_drawn(drawn)
    assert "partner=" not in page.url
    assert sorted(list_names(probe)) == ["Chongjin iron ore mine", "Uiju copper mine"]


def test_a_bad_filter_in_the_url_is_reported_by_name(probe, ventures):
    probe.goto("/?status_after=not-a-date")
    probe.wait_drawn(0)
    error = probe.page.inner_text("#filter-error")
    assert "status_after" in error


def test_clicking_a_marker_opens_its_popup_which_links_to_the_venture_page(probe, ventures):
    probe.open_map()
    page = probe.page
    uiju = ventures["uiju"]
    point = page.evaluate("id => window.jvMap.markerPoint(id)", uiju.public_id)
    box = page.locator("#map").bounding_box()
    page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    text = popup.inner_text()
    assert "Uiju copper mine" in text
    assert "Mine" in text and "Operating (1 September 2025)" in text
    assert "China" in text  # the partner's country
    assert "Example News" in text  # the latest source's publisher
    probe.screenshot("map-popup")
    page.locator(".leaflet-popup-content a", has_text="Venture page").click()
    page.wait_for_url(f"**/ventures/{uiju.public_id}/")
    assert page.locator("#timeline .timeline-step").count() == 1
    assert "Operating" in page.inner_text("#timeline")
    assert "Uiju copper mine is operating." in page.inner_text(".citations")
    page.wait_for_selector("#small-map[data-ready=true]")
    probe.screenshot("venture-page")
    # The map's own symbol layer painted the venture on the small map, where its point is.
    painted = page.evaluate(
        """() => {
          const canvas = document.querySelector('#small-map .leaflet-venture-pane canvas');
          const map = canvas.getBoundingClientRect();
          const ctx = canvas.getContext('2d');
          const ratio = canvas.width / map.width;
          const centre = [canvas.width / 2, canvas.height / 2].map(Math.round);
          return ctx.getImageData(centre[0] - 4 * ratio, centre[1] - 4 * ratio, 8 * ratio, 8 * ratio)
            .data.filter((value, index) => index % 4 === 3 && value > 0).length;
        }"""
    )
    assert painted > 0
    assert probe.console_errors == []


def test_ventures_sharing_a_point_are_listed_together(probe, ventures):
    make_venture(name="Second Uiju mine", province_code="KP-03")  # same county point as Uiju copper mine
    probe.open_map()
    page = probe.page
    point = page.evaluate("id => window.jvMap.markerPoint(id)", ventures["uiju"].public_id)
    box = page.locator("#map").bounding_box()
    page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
    popup = page.locator(".leaflet-popup-content .group-popup")
    popup.wait_for()
    assert "2 ventures at this place" in popup.inner_text()
    popup.get_by_role("button", name="Second Uiju mine").click()
    assert "Second Uiju mine" in page.inner_text(".venture-popup .popup-title")


def test_list_rows_are_keyboard_reachable_and_open_the_popup(probe, ventures):
    probe.open_map()
    page = probe.page
    row = page.locator("#venture-list .row-open", has_text="Hamju farm")
    row.focus()
    page.keyboard.press("Enter")
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    assert "Hamju farm" in popup.inner_text()
    assert "County-level point" not in popup.inner_text()  # the factory's points are "approximate"
    assert "Approximate point" in popup.inner_text()


def test_province_popup_folds_nampo_into_south_pyongan_and_lists_unpinned_ventures(probe, ventures):
    probe.open_map()
    page = probe.page
    # South Pyongan's label point, away from any pin.
    point = page.evaluate("window.jvMap.pointOf(39.5005, 126.158)")
    box = page.locator("#map").bounding_box()
    page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
    popup = page.locator(".leaflet-popup-content .province-popup")
    popup.wait_for()
    text = popup.inner_text()
    assert "South Pyongan" in text
    assert "1 matching venture" in text
    assert "Includes a province without a boundary of its own on this map: Nampo (1)" in text
    assert "Nampo glassworks" in text  # known only to the province: listed, not pinned
    assert popup.locator("a", has_text="Province page").get_attribute("href") == "/provinces/KP-02/"


def test_user_text_is_shown_literally_and_never_runs(probe, live_server):
    ensure_geo()
    venture = make_venture(
        name=XSS,
        province_code="KP-03",
        partner=OrganizationFactory(name=XSS),
        source=SourceArticleFactory(title=XSS, publisher=XSS),
    )
    probe.open_map()
    page = probe.page
    assert list_names(probe) == [XSS]
    page.locator("#venture-list .row-open").first.click()
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    assert popup.inner_text().count(XSS) >= 3  # name, partner, source publisher and title
    assert page.locator("img[src=x]").count() == 0
    probe.goto(f"/ventures/{venture.public_id}/")
    assert XSS in page.inner_text("h1")
    assert page.locator("img[src=x]").count() == 0
    page.wait_for_timeout(200)
    assert probe.dialogs == []
    assert probe.console_errors == []


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.parametrize("tiles", ["none", "unreachable"])
def test_offline_the_provinces_and_markers_still_draw(probe, ventures, settings, tiles):
    settings.MAP_TILES_URL = (
        "" if tiles == "none" else f"http://127.0.0.1:{_closed_port()}/{{z}}/{{x}}/{{y}}.png"
    )
    probe.open_map()
    page = probe.page
    assert page.evaluate("window.jvMap.provinceCount()") == 11
    assert len(page.evaluate("window.jvMap.pinnedIds()")) == 3
    assert summary(probe) == "4 of 4 published ventures match."
    if tiles == "none":
        assert page.locator(".leaflet-tile").count() == 0
        assert probe.console_errors == []
    probe.screenshot(f"map-offline-{tiles}")


def test_on_a_phone_the_panel_collapses_behind_a_toggle(chromium, live_server, settings, ventures):
    settings.MAP_TILES_URL = ""
    context = chromium.new_context(viewport={"width": 390, "height": 800})
    page = context.new_page()
    page.goto(live_server.url + "/")
    page.wait_for_function("() => window.jvDrawCount > 0")
    toggle = page.locator("#panel-toggle")
    assert toggle.is_visible()
    assert toggle.get_attribute("aria-expanded") == "false"
    assert not page.locator("#side-panel").is_visible()
    toggle.click()
    assert page.locator("#side-panel").is_visible()
    assert page.locator("#f-q").is_visible()
    page.wait_for_timeout(300)  # the map re-fits the country into its new size
    page.screenshot(path=str(ARTIFACTS / "map-phone.png"))
    context.close()


def test_venture_page_shows_the_status_timeline_with_sources(probe, live_server):
    ensure_geo()
    venture = make_venture(name="Musan mine", province_code="KP-03", status=Status.CONTRACT_SIGNED)
    from projects.services.ventures import status_entry_create

    later = SourceArticleFactory(title="Musan mine now operating", publisher="Second Paper")
    status_entry_create(
        venture=venture,
        status=Status.OPERATING,
        date=venture.status_entries.get().date.replace(day=25),
        source=later,
    )
    probe.goto(f"/ventures/{venture.public_id}/")
    steps = probe.page.locator("#timeline .timeline-step")
    assert steps.count() == 2
    assert "Operating" in steps.nth(0).inner_text() and "Second Paper" in steps.nth(0).inner_text()
    assert "Contract signed" in steps.nth(1).inner_text()
    assert probe.page.locator("#timeline .status-icon").count() == 2
    assert probe.console_errors == []


def test_province_page_draws_its_chart(probe, ventures):
    probe.goto("/provinces/KP-03/")
    page = probe.page
    assert page.locator("#year-chart rect.seg").count() == 1
    assert "Uiju copper mine" in page.inner_text("#province-ventures")
    assert "Secret draft" not in page.content()
    probe.screenshot("province-page")
    assert probe.console_errors == []


def test_a_status_date_is_shown_to_the_precision_the_server_configures(probe, live_server):
    """The lengths come from the page's JSON config (one home: DATE_PRECISION_LENGTHS)."""
    import datetime

    from projects.services.ventures import status_entry_create

    ensure_geo()
    venture = make_venture(name="Sakju mine", province_code="KP-03", status=None)
    status_entry_create(
        venture=venture,
        status=Status.OPERATING,
        date=datetime.date(2024, 5, 1),
        date_precision="month",
        source=SourceArticleFactory(),
    )
    probe.open_map()
    row = probe.page.locator("#venture-list li", has_text="Sakju mine")
    text = row.inner_text()
    # As the pages write it, in the page's language (month precision: no day).
    assert "(May 2024)" in text and "1 May" not in text


def test_a_venture_whose_province_is_not_known_is_listed_never_pinned_nor_shaded(probe, ventures):
    make_venture(name="Three mines deal", province_code=None)

    probe.open_map()
    page = probe.page

    assert "Three mines deal" in list_names(probe)
    assert ventures["uiju"].public_id in page.evaluate("window.jvMap.pinnedIds()")
    assert len(page.evaluate("window.jvMap.pinnedIds()")) == 3
    row = page.locator(".venture-row", has_text="Three mines deal").inner_text()
    assert "province not known" in row and "null" not in row
    assert "1 with the province not known." in page.inner_text("#map-status")
    assert probe.console_errors == []
