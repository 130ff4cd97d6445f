"""The map and the pages in Korean and simplified Chinese, in real Chromium (CJK fonts: fonts-noto-cjk).

The legend, the filters and a popup are in the page's language; names follow the language (Hangul
first in Korean, Chinese in Chinese); the layout holds at 390 px; the switcher keeps the page and
its query, and the choice outweighs the browser's Accept-Language.
"""

import pytest

from projects.models import Sector
from tests.factories import ensure_geo, make_venture

pytestmark = [pytest.mark.browser, pytest.mark.postgis, pytest.mark.django_db(transaction=True)]

# What each language must show (the catalogs' words, checked here as a reader would see them).
EXPECTED = {
    "ko": {
        "html_lang": "ko",
        "legend": "범례",
        "legend_status": "현재 상태",
        "filters_title": "기업 필터",
        "sector_legend": "업종",
        "operating": "가동 중",
        "mine": "광산",
        "venture_name": "의주동광산 (Uiju copper mine)",
        "province_label": "평안북도",
        "popup_sector": "업종",
        "popup_more": "모든 출처가 담긴 기업 페이지 →",
        "summary": "공개된 기업 2곳 중 2곳이 검색되었습니다.",
    },
    "zh-hans": {
        "html_lang": "zh-Hans",
        "legend": "图例",
        "legend_status": "当前状态",
        "filters_title": "筛选企业",
        "sector_legend": "行业",
        "operating": "运营中",
        "mine": "矿山",
        "venture_name": "义州铜矿",
        "province_label": "平安北道",
        "popup_sector": "行业",
        "popup_more": "企业页面（含全部来源）→",
        "summary": "2 家已公开企业中有 2 家符合条件。",
    },
}

NO_OVERFLOW = """() => {
  const wide = [...document.querySelectorAll('body *')]
    .filter(e => e.getBoundingClientRect().right > window.innerWidth + 0.5 && !e.closest('.leaflet-map-pane'))
    .map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right));
  return {scroll: document.documentElement.scrollWidth, wide: wide.slice(0, 5)};
}"""


@pytest.fixture
def named_ventures(live_server):
    ensure_geo()
    return {
        "uiju": make_venture(
            name="Uiju copper mine",
            name_ko="의주동광산",
            name_zh="义州铜矿",
            sector=Sector.MINE,
            province_code="KP-03",
        ),
        # No Korean or Chinese name recorded: the English one stands in every language.
        "hamju": make_venture(name="Hamju farm", sector=Sector.AGRICULTURE, province_code="KP-08"),
    }


def new_page(chromium, *, width=1280, height=850, locale="en-US"):
    context = chromium.new_context(viewport={"width": width, "height": height}, locale=locale)
    page = context.new_page()
    page.set_default_timeout(15000)
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    return context, page, errors


def wait_drawn(page):
    page.wait_for_function(
        "() => (window.jvDrawCount || 0) > 0 && document.getElementById('map').dataset.ready === 'true'"
    )


@pytest.fixture
def offline_map(settings):
    settings.MAP_TILES_URL = ""


@pytest.mark.parametrize("language", ["ko", "zh-hans"])
def test_the_map_speaks_the_language_legend_filters_list_and_popup(
    chromium, live_server, offline_map, named_ventures, language
):
    want = EXPECTED[language]
    context, page, errors = new_page(chromium)
    try:
        page.goto(f"{live_server.url}/{language}/")
        wait_drawn(page)
        assert page.get_attribute("html", "lang") == want["html_lang"]
        # Filters (server-rendered from the catalogs and the translated enum labels).
        assert page.inner_text("#filters .panel-title") == want["filters_title"]
        legends = page.locator("#filters legend").all_inner_texts()
        assert want["sector_legend"] in legends
        assert want["operating"] in page.inner_text("#filters")
        assert want["mine"] in page.inner_text("#filters")
        # The legend (built by the script with gettext from the JavaScript catalog).
        legend = page.locator(".legend")
        assert legend.locator("summary").inner_text() == want["legend"]
        assert want["legend_status"] in legend.inner_text()
        assert want["operating"] in legend.inner_text()
        # The summary, the list and the province labels: names in the language, English as fallback.
        assert page.inner_text("#match-summary") == want["summary"]
        names = page.locator("#venture-list .row-name").all_inner_texts()
        assert want["venture_name"] in names and "Hamju farm" in names
        labels = " ".join(page.locator(".province-label").all_inner_texts())
        assert want["province_label"] in labels
        # A popup, opened from the list.
        page.locator("#venture-list .row-open", has_text=want["venture_name"]).click()
        popup = page.locator(".leaflet-popup-content")
        popup.wait_for()
        text = popup.inner_text()
        assert want["venture_name"] in text
        assert want["popup_sector"] in popup.locator("dt").all_inner_texts()
        assert want["mine"] in text and want["operating"] in text
        more = popup.locator(".popup-more a")
        assert more.inner_text() == want["popup_more"]
        # Its links stay in the language.
        assert more.get_attribute("href") == f"/{language}/ventures/{named_ventures['uiju'].public_id}/"
        assert "Sector" not in text and "Legend" not in legend.inner_text()
        assert errors == []
    finally:
        context.close()


@pytest.mark.parametrize("language", ["ko", "zh-hans"])
def test_map_and_venture_page_fit_a_390px_phone_in_the_language(
    chromium, live_server, offline_map, named_ventures, language
):
    context, page, errors = new_page(chromium, width=390, height=844)
    try:
        page.goto(f"{live_server.url}/{language}/")
        wait_drawn(page)
        measured = page.evaluate(NO_OVERFLOW)
        page.screenshot(path=f"test-artifacts/phone-map-{language}.png")
        assert measured["scroll"] <= 390, measured["wide"]
        # The panel opened, the legend unfolded: still nothing wider than the screen.
        page.click("#panel-toggle")
        page.locator(".legend summary").click()
        measured = page.evaluate(NO_OVERFLOW)
        assert measured["scroll"] <= 390, measured["wide"]
        page.goto(f"{live_server.url}/{language}/ventures/{named_ventures['uiju'].public_id}/")
        page.wait_for_selector("#small-map[data-ready='true']")
        measured = page.evaluate(NO_OVERFLOW)
        page.screenshot(path=f"test-artifacts/phone-venture-{language}.png", full_page=True)
        assert measured["scroll"] <= 390, measured["wide"]
        assert errors == []
    finally:
        context.close()


def test_the_switcher_keeps_the_page_and_its_query_and_outweighs_accept_language(
    chromium, live_server, offline_map, named_ventures
):
    # A browser set to Korean: the unprefixed map leads to /ko/ (Accept-Language as the default).
    context, page, errors = new_page(chromium, locale="ko-KR")
    try:
        page.goto(f"{live_server.url}/?sector=mine")
        wait_drawn(page)
        assert page.url == f"{live_server.url}/ko/?sector=mine"
        assert page.get_attribute("html", "lang") == "ko"
        assert page.is_checked("input[name=sector][value=mine]")
        # To Chinese, on the same page with the same filters.
        page.click(".language-switcher button[value='zh-hans']")
        wait_drawn(page)
        assert page.url == f"{live_server.url}/zh-hans/?sector=mine"
        assert page.locator(".legend summary").inner_text() == "图例"
        assert page.is_checked("input[name=sector][value=mine]")
        # To English: stored in the cookie, so the Korean browser now stays on the English pages.
        page.click(".language-switcher button[value='en']")
        wait_drawn(page)
        assert page.url == f"{live_server.url}/?sector=mine"
        assert page.get_attribute("html", "lang") == "en"
        assert page.locator(".legend summary").inner_text() == "Legend"
        page.goto(f"{live_server.url}/ventures/{named_ventures['uiju'].public_id}/")
        assert page.url.endswith(f"/ventures/{named_ventures['uiju'].public_id}/")
        assert "/ko/" not in page.url
        assert page.inner_text("h1").startswith("Uiju copper mine")
        assert errors == []
    finally:
        context.close()
