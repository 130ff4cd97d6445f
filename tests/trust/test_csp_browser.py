"""The strict Content-Security-Policy holds in a real browser: the pages draw and report no violation.

Debian's Chromium (never a downloaded browser) against the live test server, with the tile layer off
(no network). Every `securitypolicyviolation` event the page fires is collected.
"""

import os
from pathlib import Path

import pytest

from tests.factories import OrganizationFactory, make_venture

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs a loop here

pytestmark = [pytest.mark.browser, pytest.mark.postgis]
CHROMIUM = "/usr/bin/chromium"
COLLECT_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.cspViolations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
});
"""


@pytest.fixture
def browser_page(live_server, settings):
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed")
    from playwright.sync_api import sync_playwright

    settings.MAP_TILES_URL = ""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_context().new_page()
        page.set_default_timeout(15000)
        page.add_init_script(COLLECT_VIOLATIONS)
        errors = []
        page.on("console", lambda m: m.type == "error" and errors.append(m.text))
        yield page, live_server.url, errors
        browser.close()


@pytest.mark.django_db(transaction=True)
def test_map_venture_province_and_partner_pages_run_under_the_strict_csp(browser_page, geo, roles):
    page, base, console_errors = browser_page
    partner = OrganizationFactory(name="Dandong Trading Co.")
    venture = make_venture(name="Musan Mine", partner=partner)
    for path, ready in [
        ("/", "() => document.getElementById('map').dataset.ready === 'true'"),
        (f"/ventures/{venture.public_id}/", "() => document.readyState === 'complete'"),
        ("/provinces/KP-03/", "() => document.readyState === 'complete'"),
        (f"/partners/{partner.pk}/", "() => document.readyState === 'complete'"),
    ]:
        response = page.goto(base + path)
        assert "script-src 'self'" in response.headers["content-security-policy"]
        page.wait_for_function(ready)
        page.wait_for_timeout(300)  # let late scripts and styles apply
        violations = page.evaluate("() => window.cspViolations")
        assert violations == [], (path, violations)
    assert not [e for e in console_errors if "Content Security Policy" in e], console_errors

    # The collector works: an injected inline script is refused and reported.
    page.evaluate(
        "() => { const s = document.createElement('script'); s.textContent = 'window.pwned = 1';"
        " document.body.appendChild(s); }"
    )
    page.wait_for_timeout(200)
    assert page.evaluate("() => window.pwned === undefined")
    assert any("script-src" in v for v in page.evaluate("() => window.cspViolations"))
