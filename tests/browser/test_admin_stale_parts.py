"""Two editors in two browsers change the same venture's partners: the later save is refused with the
other's change listed and merged into the form, and saving again keeps both (issue #11, item 15)."""

import pytest
from django.test import Client
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from projects.models import PublicationState, VenturePartner
from tests.browser.conftest import ARTIFACTS
from tests.factories import UserFactory, ensure_geo, make_venture

pytestmark = [pytest.mark.browser, pytest.mark.postgis, pytest.mark.django_db(transaction=True)]


def _signed_in_page(chromium, live_server, user):
    client = Client()
    client.force_login(user)
    context = chromium.new_context(viewport={"width": 1280, "height": 850})
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    return context, page


def _wait_saved(page, name: str):
    """Until the admin says the save succeeded; if it does not, fail with what the page says instead
    (its error note, the form's and the inlines' error lists) and keep a screenshot."""
    try:
        page.wait_for_selector(".messagelist .success")
    except PlaywrightTimeoutError:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"admin-stale-parts-{name}.png"), full_page=True)
        said = page.locator(".errornote, .errorlist, .messagelist li").all_inner_texts()
        pytest.fail(f"{name}: the save did not succeed; the page says {said!r} ({page.url})")


def test_the_later_save_shows_the_other_editors_partner_change_and_keeps_it(chromium, live_server, settings):
    settings.MAP_TILES_URL = ""
    ensure_geo()
    first_user = UserFactory(username="first", is_staff=True, is_superuser=True)
    second_user = UserFactory(username="second", is_staff=True, is_superuser=True)
    venture = make_venture(name="Hoeryong textile joint venture", state=PublicationState.DRAFT)
    partner = venture.partners.get()
    url = f"{live_server.url}/admin/projects/venture/{venture.pk}/change/"
    first_context, first = _signed_in_page(chromium, live_server, first_user)
    second_context, second = _signed_in_page(chromium, live_server, second_user)
    try:
        first.goto(url)
        second.goto(url)
        second.fill("input[name='partners-0-stake_percent']", "70")
        second.fill("input[name='partners-0-note']", "From the second editor")
        second.click("input[name='_continue']")
        _wait_saved(second, "second-editor")

        first.fill("textarea[name='description']", "The first editor's text")
        first.fill("input[name='partners-0-note']", "From the first editor")
        first.click("input[name='_continue']")

        first.wait_for_selector("#stale-parts")
        listed = first.locator("#stale-parts").inner_text()
        assert "70.00" in listed and "conflict" in listed
        # The other's stake is in the form now; the first editor's own note stays.
        assert first.input_value("input[name='partners-0-stake_percent']") == "70.00"
        assert first.input_value("input[name='partners-0-note']") == "From the first editor"
        partner.refresh_from_db()
        assert partner.note == "From the second editor"

        first.click("input[name='_continue']")
        _wait_saved(first, "first-editor-again")
        partner.refresh_from_db()
        assert (partner.stake_percent, partner.note) == (70, "From the first editor")
        assert VenturePartner.objects.filter(venture=venture).count() == 1
        venture.refresh_from_db()
        assert venture.description == "The first editor's text"
    finally:
        first_context.close()
        second_context.close()
