"""“Follow this view” on the map: the feed link and the page's <link rel=alternate> follow the filters,
and a signed-in reader subscribes to the view they are looking at."""

import pytest

from projects.models import Sector, Subscription
from tests.factories import UserFactory, ensure_geo, make_venture

pytestmark = [pytest.mark.browser, pytest.mark.postgis, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def ventures(live_server):
    ensure_geo()
    make_venture(name="Uiju copper mine", sector=Sector.MINE, province_code="KP-03")
    make_venture(name="Hamju farm", sector=Sector.AGRICULTURE, province_code="KP-08")


def feed_links(page) -> tuple[str, str]:
    return (
        page.get_attribute("#follow-feed", "href"),
        page.get_attribute("link[rel=alternate][type='application/atom+xml']", "href"),
    )


def test_the_feed_link_follows_the_filters(probe, ventures):
    probe.open_map("ordering=-name")
    page = probe.page
    assert feed_links(page) == ("/feeds/ventures.atom", "/feeds/ventures.atom")  # no sort order in a feed
    drawn = probe.draw_count()
    page.locator("input[name=sector][value=mine]").check()
    probe.wait_drawn(drawn)
    assert feed_links(page) == ("/feeds/ventures.atom?sector=mine",) * 2
    assert page.locator("#subscribe-form").count() == 0  # signed out: the feed only

    drawn = probe.draw_count()
    page.go_back()
    probe.wait_drawn(drawn)
    assert feed_links(page) == ("/feeds/ventures.atom",) * 2

    probe.open_map("sector=agriculture")  # a shared link: in the page's head from the server already
    assert feed_links(page) == ("/feeds/ventures.atom?sector=agriculture",) * 2
    assert probe.console_errors == []
    page.locator("#follow-menu summary").click()
    page.locator("#follow-feed").click()
    page.wait_for_url("**/feeds/ventures.atom?sector=agriculture")
    assert "New venture: Hamju farm" in page.content() and "Uiju" not in page.content()


def test_a_signed_in_reader_subscribes_to_the_view_on_screen(probe, ventures, client, live_server):
    reader = UserFactory(username="analyst", email="analyst@example.org", is_staff=True)
    client.force_login(reader)
    cookie = {"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}
    probe.page.context.add_cookies([cookie])
    probe.open_map()
    page = probe.page
    drawn = probe.draw_count()
    page.locator("input[name=sector][value=mine]").check()
    probe.wait_drawn(drawn)
    assert page.input_value("#subscribe-query") == "sector=mine"

    page.locator("#follow-menu summary").click()
    probe.screenshot("map-follow-menu")
    page.select_option("#subscribe-frequency", "daily")
    page.locator("#subscribe-form button[type=submit]").click()
    page.wait_for_url("**/account/subscriptions/?done=created")
    assert "sector: Mine" in page.inner_text("#subscription-list")
    subscription = Subscription.objects.get(user=reader)
    assert (subscription.query, subscription.frequency) == ("sector=mine", "daily")
    assert probe.console_errors == []


def test_signed_out_the_sign_in_link_follows_the_filters_and_comes_back_to_the_view(probe, ventures):
    UserFactory(username="reader", email="reader@example.org", is_staff=False)  # not staff: an analyst
    probe.open_map()
    page = probe.page
    drawn = probe.draw_count()
    page.locator("input[name=sector][value=mine]").check()
    probe.wait_drawn(drawn)
    assert page.get_attribute("#follow-sign-in", "href") == "/account/login/?next=%2F%3Fsector%3Dmine"
    page.locator("#follow-menu summary").click()
    page.locator("#follow-sign-in").click()
    page.wait_for_url("**/account/login/**")
    page.fill("#id_username", "reader")
    page.fill("#id_password", "correct-horse-battery-staple")
    page.locator("form.login-form button[type=submit]").click()
    page.wait_for_url("**/?sector=mine")
    assert page.locator("#subscribe-form").count() == 1
    assert page.input_value("#subscribe-query") == "sector=mine"
    assert probe.console_errors == []
