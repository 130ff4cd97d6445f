"""The map as an analyst reads it (issue 11, items 1-8): sorting, clusters, shading, neighbours,
the view in the URL, popups on a phone, the keyboard, and errors where the results are."""

import re

import pytest
from django.contrib.gis.geos import Point

from projects.models import Sector
from tests.factories import ensure_geo, make_venture

pytestmark = [pytest.mark.browser, pytest.mark.postgis, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def ventures(live_server):
    """Three pinned ventures in three provinces and one known only to its province."""
    ensure_geo()
    return {
        "uiju": make_venture(name="Uiju copper mine", sector=Sector.MINE, province_code="KP-03"),
        "chongjin": make_venture(name="Chongjin iron ore mine", sector=Sector.MINE, province_code="KP-09"),
        "hamju": make_venture(name="Hamju farm", sector=Sector.AGRICULTURE, province_code="KP-08"),
        "anju": make_venture(name="Anju textile works", province_code="KP-02", point=None),
    }


@pytest.fixture
def border_town(live_server):
    """Eight ventures within a few kilometres of Uiju: a blob at country zoom."""
    ensure_geo()
    return [
        make_venture(
            name=f"Uiju works {n}",
            province_code="KP-03",
            point=Point(124.50 + 0.01 * (n % 4), 40.18 + 0.012 * (n // 4), srid=4326),
        )
        for n in range(8)
    ]


def list_names(probe) -> list[str]:
    return probe.page.locator("#venture-list .row-name").all_inner_texts()


def history_length(probe) -> int:
    return probe.page.evaluate("history.length")


# --- 1. Sort by ------------------------------------------------------------------------------------


def test_sort_by_reorders_the_list_and_updates_url_and_export_links(probe, ventures):
    probe.open_map()
    page = probe.page
    assert list_names(probe) == [
        "Anju textile works",
        "Chongjin iron ore mine",
        "Hamju farm",
        "Uiju copper mine",
    ]
    page.select_option("#f-ordering", "-name")
    page.wait_for_url(re.compile(r"ordering=-name"))
    assert list_names(probe) == [
        "Uiju copper mine",
        "Hamju farm",
        "Chongjin iron ore mine",
        "Anju textile works",
    ]
    for export in ("#export-csv", "#export-geojson"):
        assert "ordering=-name" in page.get_attribute(export, "href")
    # Reloading the shared URL keeps the order.
    probe.open_map("ordering=-name")
    assert list_names(probe)[0] == "Uiju copper mine"
    assert page.input_value("#f-ordering") == "-name"


# --- 2. Clusters -----------------------------------------------------------------------------------


def test_dense_ventures_cluster_with_a_count_and_split_as_one_zooms_in(probe, ventures, border_town):
    probe.open_map()
    page = probe.page
    shown = page.evaluate("window.jvMap.shown()")
    clusters = [item for item in shown if "count" in item]
    assert [c["count"] for c in clusters] == [9]  # the eight works and Uiju copper mine
    singles = {item["id"] for item in shown if "id" in item}
    assert singles == {ventures["chongjin"].public_id, ventures["hamju"].public_id}
    probe.screenshot("map-clusters")

    # Clicking the cluster zooms in towards it.
    zoom_before = page.evaluate("window.jvMap.map.getZoom()")
    box = page.locator("#map").bounding_box()
    page.mouse.click(box["x"] + clusters[0]["x"], box["y"] + clusters[0]["y"])
    page.wait_for_function(
        f"() => window.jvMap.map.getZoom() > {zoom_before} && !window.jvMap.map._animatingZoom"
    )

    # Zoomed in far enough, every venture has its own symbol.
    page.evaluate("window.jvMap.map.setView([40.19, 124.53], 14, {animate: false})")
    shown = page.evaluate("window.jvMap.shown()")
    assert all("id" in item for item in shown)
    ids = {item["id"] for item in shown}
    assert {v.public_id for v in border_town} <= ids and ventures["uiju"].public_id in ids
    assert probe.console_errors == []


# --- 3. Shading, labels, zoom to the chosen provinces -----------------------------------------------


def test_shading_classes_keep_zero_alone_and_labels_give_name_and_count(probe, ventures, border_town):
    probe.open_map()
    page = probe.page
    classes = page.locator(".legend-scale li[data-range]").evaluate_all(
        "els => els.map(e => e.dataset.range)"
    )
    assert classes[0] == "0-0"
    # North Pyongan (9) and the provinces with 1 never share a class.
    assert "1-1" in classes and any(c.endswith("-9") and not c.startswith("1-") for c in classes)
    labels = page.locator(".province-label").all_inner_texts()
    assert any(re.fullmatch(r"North Pyongan\s+9", text) for text in labels)
    assert any(re.fullmatch(r"North Hamgyong\s+1", text) for text in labels)
    assert any(re.fullmatch(r"Chagang\s+0", text) for text in labels)


def test_choosing_a_province_zooms_to_it(probe, ventures):
    probe.open_map()
    page = probe.page
    country_zoom = page.evaluate("window.jvMap.map.getZoom()")
    drawn = probe.draw_count()
    page.select_option("#f-province", "KP-09")
    probe.wait_drawn(drawn)
    assert page.evaluate("window.jvMap.map.getZoom()") > country_zoom
    centre = page.evaluate("(() => { const c = window.jvMap.map.getCenter(); return [c.lat, c.lng]; })()")
    assert 40.5 < centre[0] < 42.5 and 128.5 < centre[1] < 130.5  # North Hamgyong
    # A shared link with the province opens there too.
    probe.open_map("province=KP-09")
    assert page.evaluate("window.jvMap.map.getZoom()") > country_zoom


# --- 4. Neighbours ---------------------------------------------------------------------------------


def test_neighbouring_provinces_are_drawn_muted_and_named(probe, ventures):
    probe.open_map()
    page = probe.page
    page.wait_for_function("() => document.querySelectorAll('.neighbour-label').length > 0")
    names = page.locator(".neighbour-label").all_inner_texts()
    for name in ("Liaoning (CN)", "Jilin (CN)", "Primor'ye (RU)", "Gangwon (KR)", "Gyeonggi (KR)"):
        assert name in names
    # Under the provinces: a click on North Pyongan still opens North Pyongan.
    point = page.evaluate("window.jvMap.pointOf(40.05, 125.05)")
    box = page.locator("#map").bounding_box()
    page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
    popup = page.locator(".leaflet-popup-content .province-popup")
    popup.wait_for()
    assert "North Pyongan" in popup.inner_text()
    probe.screenshot("map-neighbours")
    assert probe.console_errors == []


# --- 5. The view in the URL ------------------------------------------------------------------------


def test_panning_keeps_centre_and_zoom_in_the_url_and_back_from_a_venture_restores_it(probe, ventures):
    probe.open_map("sector=mine")
    page = probe.page
    entries = history_length(probe)
    box = page.locator("#map").bounding_box()
    centre = (box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.move(*centre)
    page.mouse.wheel(0, -300)
    page.wait_for_function("() => location.hash.startsWith('#map=')")
    for step in range(3):
        page.mouse.move(centre[0] + 40 * step, centre[1])
        page.mouse.down()
        page.mouse.move(centre[0] + 40 * step - 120, centre[1] - 60, steps=5)
        page.mouse.up()
        page.wait_for_timeout(150)
    assert history_length(probe) == entries  # replaceState while panning, no entry per move
    view = page.evaluate("location.hash")
    zoom, lat, lon = (float(x) for x in view.removeprefix("#map=").split("/"))
    assert "sector=mine" in page.url

    # To a venture page through the list, then back.
    page.locator("#venture-list .row-open", has_text="Uiju copper mine").click()
    view_before_row = view
    page.locator(".leaflet-popup-content a", has_text="Venture page").click()
    page.wait_for_url("**/ventures/**")
    page.go_back()
    page.wait_for_function("() => window.jvMap && document.getElementById('map').dataset.ready === 'true'")
    restored = page.evaluate("location.hash")
    assert restored.startswith("#map=") and restored != ""
    zoom2, lat2, lon2 = (float(x) for x in restored.removeprefix("#map=").split("/"))
    actual = page.evaluate(
        "(() => { const c = window.jvMap.map.getCenter(); return [window.jvMap.map.getZoom(), c.lat, c.lng]; })()"
    )
    assert actual[0] == zoom2 and abs(actual[1] - lat2) < 1e-3 and abs(actual[2] - lon2) < 1e-3
    assert view_before_row  # the row moved the map to the venture: that view is what comes back

    # A link with a view opens there, with its filters.
    probe.open_map(f"sector=mine#map={int(zoom)}/{lat}/{lon}")
    actual = page.evaluate(
        "(() => { const c = window.jvMap.map.getCenter(); return [window.jvMap.map.getZoom(), c.lat, c.lng]; })()"
    )
    assert actual[0] == int(zoom) and abs(actual[1] - lat) < 1e-3 and abs(actual[2] - lon) < 1e-3


# --- 6. Popups on a phone and beside the legend ----------------------------------------------------


def test_on_a_390px_phone_a_popup_from_the_list_fits_the_screen(chromium, live_server, settings, ventures):
    settings.MAP_TILES_URL = ""
    context = chromium.new_context(viewport={"width": 390, "height": 800})
    page = context.new_page()
    page.goto(live_server.url + "/")
    page.wait_for_function("() => window.jvDrawCount > 0")
    page.locator("#panel-toggle").click()
    page.locator("#venture-list .row-open", has_text="Uiju copper mine").click()
    popup = page.locator(".leaflet-popup")
    popup.wait_for()
    box = popup.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    assert box["y"] >= 0 and box["y"] + box["height"] <= 800
    close = page.locator(".leaflet-popup-close-button").bounding_box()
    assert close["x"] >= 0 and close["x"] + close["width"] <= 390 and close["y"] >= 0
    assert page.locator(".leaflet-popup-content").is_visible()
    # Nothing covers the close button or the title (the zoom buttons and the status line sit above).
    for selector in (".leaflet-popup-close-button", ".leaflet-popup-content .popup-title a"):
        assert page.evaluate(
            """s => { const e = document.querySelector(s), r = e.getBoundingClientRect();
                     const hit = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
                     return hit === e || e.contains(hit); }""",
            selector,
        ), selector
    # The panel folded away so the popup has the screen, not a thin strip of map.
    assert not page.locator("#side-panel").is_visible()
    page.screenshot(path="test-artifacts/map-phone-popup.png")
    context.close()


def test_a_long_province_popup_scrolls_and_stays_clear_of_the_legend(probe, ventures):
    for n in range(40):
        make_venture(name=f"Anju unpinned {n}", province_code="KP-02", point=None, status=None)
    probe.open_map()
    page = probe.page
    page.locator("#province-counts button[data-code=KP-02]").click()
    content = page.locator(".leaflet-popup-content")
    content.wait_for()
    assert page.evaluate(
        "(() => { const c = document.querySelector('.leaflet-popup-content'); return c.scrollHeight > c.clientHeight; })()"
    )
    popup = page.locator(".leaflet-popup").bounding_box()
    legend = page.locator(".legend").bounding_box()
    overlaps = (
        popup["x"] < legend["x"] + legend["width"]
        and legend["x"] < popup["x"] + popup["width"]
        and popup["y"] < legend["y"] + legend["height"]
        and legend["y"] < popup["y"] + popup["height"]
    )
    assert not overlaps


# --- 7. Keyboard -----------------------------------------------------------------------------------


def test_the_first_tab_offers_a_skip_link_to_the_results(probe, ventures):
    probe.open_map()
    page = probe.page
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to the matching ventures"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "results-title"
    for _ in range(6):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('row-open')"):
            break
    assert page.evaluate("document.activeElement.classList.contains('row-open')")


def test_provinces_are_reachable_by_keyboard_with_their_counts(probe, ventures):
    make_venture(name="Somewhere in the north", province_code=None, point=None)
    probe.open_map()
    page = probe.page
    items = page.locator("#province-counts li").all_inner_texts()
    assert len(items) == 14
    assert re.fullmatch(r"Province not known\s+1", items[-1])
    # The name in the page's language (English here: tests/browser/test_languages.py has the others).
    assert any(re.fullmatch(r"North Hamgyong\s+1", text) for text in items)
    page.locator("#province-counts button[data-code=KP-09]").focus()
    page.keyboard.press("Enter")
    popup = page.locator(".leaflet-popup-content .province-popup")
    popup.wait_for()
    assert "North Hamgyong" in popup.inner_text()
    page.keyboard.press("Escape")
    popup.wait_for(state="detached")
    assert page.evaluate("document.activeElement.dataset.code") == "KP-09"


def test_escape_closes_a_popup_opened_from_the_list_and_returns_focus_to_the_row(probe, ventures):
    probe.open_map()
    page = probe.page
    row = page.locator("#venture-list .row-open", has_text="Hamju farm")
    row.focus()
    page.keyboard.press("Enter")
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    assert page.evaluate("!!document.activeElement.closest('.leaflet-popup')")
    page.keyboard.press("Escape")
    popup.wait_for(state="detached")
    assert page.evaluate("document.activeElement.textContent").strip() == "Hamju farm"
    # The close button gives the focus back too.
    page.keyboard.press("Enter")
    popup.wait_for()
    page.locator(".leaflet-popup-close-button").click()
    popup.wait_for(state="detached")
    assert page.evaluate("document.activeElement.textContent").strip() == "Hamju farm"


def test_typing_a_date_is_one_history_entry_once_the_date_is_complete(probe, ventures):
    probe.open_map()
    page = probe.page
    entries = history_length(probe)
    drawn = probe.draw_count()
    page.locator("#f-after").focus()
    page.keyboard.type("06012024")  # the month, day and year segments, digit by digit
    probe.wait_drawn(drawn)
    page.wait_for_timeout(700)
    assert "status_after=2024-06-01" in page.url
    assert history_length(probe) == entries + 1
    page.go_back()
    page.wait_for_function("() => !location.search.includes('status_after')")
    assert page.input_value("#f-after") == ""


def test_a_search_typed_with_pauses_is_one_history_entry_and_checkboxes_one_each(probe, ventures):
    probe.open_map()
    page = probe.page
    entries = history_length(probe)
    page.locator("#f-q").focus()
    page.keyboard.type("Hamju", delay=400)  # each pause runs the search
    page.wait_for_function("() => new URLSearchParams(location.search).get('q') === 'Hamju'")
    probe.wait_drawn(probe.draw_count() - 1)
    assert list_names(probe) == ["Hamju farm"]
    assert history_length(probe) == entries + 1
    for value in ("mine", "agriculture"):  # two quick checkboxes: two entries
        page.locator(f"input[name=sector][value={value}]").check()
    page.wait_for_function("() => location.search.includes('sector=agriculture')")
    assert history_length(probe) == entries + 3


def test_arrow_keys_in_the_province_list_make_one_history_entry(probe, ventures):
    probe.open_map()
    page = probe.page
    entries = history_length(probe)
    drawn = probe.draw_count()
    page.locator("#f-province").focus()
    for _ in range(4):
        page.keyboard.press("ArrowDown")
    probe.wait_drawn(drawn)
    page.wait_for_timeout(500)
    assert history_length(probe) == entries + 1
    assert "province=" in page.url


# --- 8. Errors where the results are ----------------------------------------------------------------


def test_an_inverted_date_range_is_explained_where_the_results_are(probe, ventures):
    probe.goto("/?status_after=2024-06-01&status_before=2023-01-31")
    probe.wait_drawn(0)
    page = probe.page
    error = page.locator(".results #filter-error")
    assert error.is_visible()
    assert "inverted" in error.inner_text() and "status_before" in error.inner_text()
    assert "inverted" in page.inner_text("#map-status")
    assert list_names(probe) == []
    assert page.evaluate("window.jvMap.pinnedIds().length") == 0
