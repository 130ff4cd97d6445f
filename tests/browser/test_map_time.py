"""The map's time control and national timeline in a real browser (Chromium), against PostGIS."""

import datetime

import pytest

from projects.models import DatePrecision, Status
from projects.services.ventures import status_entry_create
from tests.factories import SourceArticleFactory, ensure_geo, make_venture

pytestmark = [pytest.mark.browser, pytest.mark.postgis, pytest.mark.django_db(transaction=True)]

D = datetime.date


def add_step(venture, status, date):
    source = SourceArticleFactory(published_on=D(2024, 1, 1))
    status_entry_create(
        venture=venture, status=status, date=date, date_precision=DatePrecision.DAY, source=source
    )


@pytest.fixture
def histories(live_server):
    """A mine (Uiju) operating from 2016, suspended 9 Jan 2018, expanding 2020; a port (Chongjin)
    reported 2015, closed at the end of 2016; a smelter (Hamju) under contract from May 2019."""
    ensure_geo()
    mine = make_venture(
        name="Uiju copper mine", province_code="KP-03", status=Status.OPERATING, status_date=D(2016, 3, 1)
    )
    add_step(mine, Status.SUSPENDED, D(2018, 1, 9))
    add_step(mine, Status.EXPANDING, D(2020, 1, 1))
    port = make_venture(
        name="Chongjin fishing port", province_code="KP-09", status=Status.REPORTED, status_date=D(2015, 6, 1)
    )
    add_step(port, Status.CLOSED, D(2016, 12, 31))
    make_venture(
        name="Hamju zinc smelter",
        province_code="KP-08",
        status=Status.CONTRACT_SIGNED,
        status_date=D(2019, 5, 1),
    )


def list_rows(page) -> list[str]:
    return page.locator("#venture-list li").all_inner_texts()


def list_names(page) -> list[str]:
    return sorted(page.locator("#venture-list .row-name").all_inner_texts())


def polygon_total(page, code: str) -> int:
    return page.evaluate(
        "code => { const p = window.jvMap.state.provinceCounts; return Object.keys(p).reduce("
        "(n, k) => n + p[k].members.filter(m => m.code === code).reduce((a, m) => a + m.count, 0), 0); }",
        code,
    )


def wait_timeline(page):
    # A function, not an expression: polling an expression would need eval, which the CSP refuses.
    page.wait_for_function("() => document.getElementById('timeline-chart').dataset.ready === 'true'")


def test_time_control_steps_the_url_list_and_shading_and_back_restores(probe, histories):
    probe.open_map()
    page = probe.page
    this_year = datetime.date.today().year
    assert page.inner_text("#f-as-of-shown") == "today"
    assert list_names(page) == ["Chongjin fishing port", "Hamju zinc smelter", "Uiju copper mine"]
    assert "UTC" in page.inner_text("#data-as-of")
    history_length = page.evaluate("history.length")

    # Keyboard: Home goes to the first year with a dated step, arrows step a year at a time; the
    # steps in quick succession are one history entry, applied once the control rests.
    slider = page.locator("#f-as-of-year")
    drawn = probe.draw_count()
    slider.focus()
    for key in ("Home", "ArrowRight", "ArrowRight", "ArrowRight"):
        page.keyboard.press(key)
    probe.wait_drawn(drawn)
    assert "as_of=2018-12-31" in page.url
    assert page.evaluate("history.length") == history_length + 1
    assert page.inner_text("#f-as-of-shown") == "end of 2018"
    assert slider.get_attribute("aria-valuetext") == "end of 2018"
    assert list_names(page) == ["Chongjin fishing port", "Uiju copper mine"]
    rows = {row.split("\n")[0]: row for row in list_rows(page)}
    assert "Suspended (9 January 2018)" in rows["Uiju copper mine"]
    assert "Closed or cancelled" in rows["Chongjin fishing port"]
    # Counts and shading as of that day: no smelter in Hamgyong yet.
    assert polygon_total(page, "KP-03") == 1
    assert polygon_total(page, "KP-08") == 0
    export = page.get_attribute("#export-csv", "href")
    assert "as_of=2018-12-31" in export
    probe.screenshot("map-as-of-2018")

    # Back: the steps were one entry, so one step back is today again; forward restores 2018.
    drawn = probe.draw_count()
    page.go_back()
    probe.wait_drawn(drawn)
    assert "as_of" not in page.url
    assert page.inner_text("#f-as-of-shown") == "today"
    assert slider.input_value() == str(this_year)
    assert len(list_names(page)) == 3
    drawn = probe.draw_count()
    page.go_forward()
    probe.wait_drawn(drawn)
    assert "as_of=2018-12-31" in page.url
    assert slider.input_value() == "2018"
    assert list_names(page) == ["Chongjin fishing port", "Uiju copper mine"]

    # "Show today" clears the step.
    drawn = probe.draw_count()
    page.locator("#f-as-of-today").click()
    probe.wait_drawn(drawn)
    assert "as_of" not in page.url
    assert len(list_names(page)) == 3
    assert probe.console_errors == []


def test_shared_link_with_a_day_and_active_during(probe, histories):
    probe.open_map("as_of=2016-06-30&active_during=2016")
    page = probe.page
    assert page.inner_text("#f-as-of-shown") == "30 June 2016"
    assert page.locator("#f-active").input_value() == "2016"
    assert list_names(page) == ["Uiju copper mine"]
    probe.goto("/?active_during=2019/2017")
    probe.wait_drawn(0)
    assert "active_during" in page.inner_text("#filter-error")
    assert "inverted" in page.inner_text("#filter-error")


def test_timeline_draws_ventures_by_status_per_year_and_follows_the_filters(probe, histories):
    probe.open_map()
    page = probe.page
    wait_timeline(page)
    chart = page.locator("#timeline-chart svg")
    assert chart.get_attribute("role") == "img"
    assert "2015" in page.locator("#timeline-chart-desc").text_content()
    page.locator(".timeline-table-box summary").click()
    headers = page.locator("#timeline-data thead th").all_inner_texts()
    assert headers[0] == "Year" and headers[-1] == "Total"
    rows = {
        r[0]: r
        for r in (row.split("\t") for row in page.locator("#timeline-data tbody tr").all_inner_texts())
    }
    by_status = dict(zip(headers, rows["2016"], strict=True))
    assert by_status["Operating"] == "1" and by_status["Closed or cancelled"] == "1"
    assert by_status["Total"] == "2"
    assert dict(zip(headers, rows["2019"], strict=True))["Total"] == "3"

    # A filter redraws it: only Pyongan-bukto (the mine).
    drawn = probe.draw_count()
    page.evaluate("document.querySelector('#f-province option[value=\"KP-03\"]').selected = true")
    page.locator("#f-province").dispatch_event("change")
    probe.wait_drawn(drawn)
    wait_timeline(page)
    page.wait_for_function(
        "() => { const th = document.querySelector('#timeline-data tbody th'); "
        "return th !== null && th.textContent === '2016'; }"
    )
    first_year = page.locator("#timeline-data tbody tr th").first.inner_text()
    assert first_year == "2016"
    assert probe.console_errors == []
