"""The content pages on a 390 px phone: nothing wider than the screen."""

import datetime
from decimal import Decimal

import pytest

from tests.factories import ensure_geo, make_venture

pytestmark = [pytest.mark.browser, pytest.mark.postgis, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def phone(chromium, live_server, settings):
    settings.MAP_TILES_URL = ""
    context = chromium.new_context(viewport={"width": 390, "height": 800})
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


WIDEST = """() => {
  const wide = [...document.querySelectorAll('body *')]
    .filter(e => e.getBoundingClientRect().right > window.innerWidth + 0.5)
    .map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right));
  return {scroll: document.documentElement.scrollWidth, wide: wide.slice(0, 5)};
}"""


@pytest.mark.parametrize("page_of", ["province", "venture"])
def test_a_content_page_fits_a_390px_phone(phone, live_server, page_of):
    ensure_geo()
    for year, status in (
        (2016, "reported"),
        (2019, "negotiating"),
        (2021, "contract_signed"),
        (2024, "closed"),
    ):
        venture = make_venture(
            name=f"Sinuiju cosmetics and chemical industries joint venture company {year}",
            province_code="KP-03",
            status=status,
            status_date=datetime.date(year, 3, 1),
            investment_amount=Decimal("12000000.00"),
            investment_currency="CNY",
        )
    path = (
        "/provinces/KP-03/?sector=mine&status=reported&status=negotiating&status=contract_signed&status=closed"
        if page_of == "province"
        else f"/ventures/{venture.public_id}/"
    )
    phone.goto(live_server.url + path)
    phone.wait_for_load_state("load")
    measured = phone.evaluate(WIDEST)
    phone.screenshot(path=f"test-artifacts/phone-{page_of}.png", full_page=True)
    assert measured["scroll"] <= 390, measured["wide"]
