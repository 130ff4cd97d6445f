"""The correction form and the reliability key on a 390 px phone, in Chromium (issue 12)."""

import pytest

from projects.models import Correction
from tests.factories import SourceArticleFactory, ensure_geo, make_venture

pytestmark = [pytest.mark.browser, pytest.mark.postgis, pytest.mark.django_db(transaction=True)]

# Wider than the screen, outside the small map (whose tiles and shapes Leaflet clips itself).
# An element inside a box that scrolls sideways (the phone's site nav) widens that box, not the page.
WIDEST = """() => [...document.querySelectorAll('body *')]
  .filter(e => !e.closest('.leaflet-container'))
  .filter(e => { for (let a = e.parentElement; a; a = a.parentElement) {
      if (['auto', 'scroll', 'hidden'].includes(getComputedStyle(a).overflowX)) return false; }
    return true; })
  .filter(e => e.getBoundingClientRect().right > window.innerWidth + 0.5)
  .map(e => e.tagName + '.' + e.className).slice(0, 5)"""


@pytest.fixture
def phone(chromium, live_server, settings):
    settings.MAP_TILES_URL = ""
    context = chromium.new_context(viewport={"width": 390, "height": 800})
    page = context.new_page()
    page.set_default_timeout(15000)
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    yield page
    context.close()
    assert errors == []


def test_a_phone_sends_a_correction_and_sees_its_errors_first(phone, live_server):
    ensure_geo()
    venture = make_venture(name="Sinuiju cosmetics and chemical industries joint venture company")
    phone.goto(f"{live_server.url}/ventures/{venture.public_id}/")
    phone.click("#suggest-correction summary")
    form = phone.locator(".correction-form")
    assert form.is_visible()
    assert phone.evaluate(WIDEST) == []
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    honeypot = phone.locator("#id_website")
    box = honeypot.bounding_box()
    assert box is None or box["x"] + box["width"] <= 0  # off screen for people
    phone.select_option("#id_field", "status")
    phone.fill("#id_suggestion", "It closed in 2020 according to a later report.")
    phone.click(".correction-form button[type=submit]")
    assert "This field is required." in phone.locator(".field-error").first.text_content()
    assert phone.input_value("#id_suggestion") == "It closed in 2020 according to a later report."
    assert phone.evaluate(WIDEST) == []
    phone.fill("#id_problem", "The status shown is out of date.")
    phone.click(".correction-form button[type=submit]")
    phone.wait_for_selector(".correction-sent")
    correction = Correction.objects.get()
    assert (correction.venture_id, correction.field) == (venture.pk, "status")


def test_a_grade_explains_itself_and_leads_to_the_key(phone, live_server):
    ensure_geo()
    venture = make_venture(source=SourceArticleFactory(reliability="B"))
    phone.goto(f"{live_server.url}/ventures/{venture.public_id}/")
    grade = phone.locator(".citations .grade abbr").first
    assert grade.get_attribute("title") == "B: usually reliable"
    phone.click("#reliability-key summary")
    assert "Usually reliable" in phone.locator("#reliability-key dl").text_content()
    phone.locator(".citations a.grade").first.click()
    phone.wait_for_url("**/methodology/#reliability-key")
    assert phone.locator("#reliability-key").get_attribute("open") is not None
    assert phone.evaluate(WIDEST) == []
