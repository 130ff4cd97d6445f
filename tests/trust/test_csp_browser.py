"""The strict Content-Security-Policy holds in a real browser: the pages draw and report no violation.

Debian's Chromium (never a downloaded browser) against the live test server, with the tile layer off
(no network). Every `securitypolicyviolation` event the page fires is collected. Playwright runs in
a thread of its own: the browser tests may leave their own Playwright loop running in this one.
"""

import concurrent.futures
from pathlib import Path

import pytest

from tests.factories import OrganizationFactory, make_venture

pytestmark = [pytest.mark.browser, pytest.mark.postgis]
CHROMIUM = "/usr/bin/chromium"
COLLECT_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.cspViolations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
});
"""
MAP_DRAWN = "() => document.getElementById('map').dataset.ready === 'true'"
LOADED = "() => document.readyState === 'complete'"


def _only_the_live_server(base: str, blocked: list):
    """A route handler: requests beyond the test server (e.g. the admin map's tile host) never leave."""

    def handle(route):
        if route.request.url.startswith(base):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    return handle


def _visit(base: str, pages: list[tuple[str, str]], cookies: list[dict] | None = None) -> dict:
    """Open each page in Chromium; return its CSP header, violations and CSP console errors."""
    from playwright.sync_api import sync_playwright

    report = {"pages": {}, "console": [], "blocked": []}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        try:
            context = browser.new_context()
            context.add_cookies(cookies or [])
            context.route("**/*", _only_the_live_server(base, report["blocked"]))
            page = context.new_page()
            page.set_default_timeout(15000)
            page.add_init_script(COLLECT_VIOLATIONS)
            page.on("console", lambda m: m.type == "error" and report["console"].append(m.text))
            for path, ready in pages:
                response = page.goto(base + path)
                page.wait_for_function(ready)
                page.wait_for_timeout(300)  # let late scripts and styles apply
                report["pages"][path] = {
                    "status": response.status,
                    "csp": response.headers.get("content-security-policy", ""),
                    "violations": page.evaluate("() => window.cspViolations"),
                }
            report["console_before_injection"] = list(report["console"])
            # The collector works: an injected inline script is refused and reported.
            page.evaluate(
                "() => { const s = document.createElement('script'); s.textContent = 'window.pwned = 1';"
                " document.body.appendChild(s); }"
            )
            page.wait_for_timeout(200)
            report["injected_ran"] = page.evaluate("() => window.pwned !== undefined")
            report["injected_reported"] = page.evaluate("() => window.cspViolations")
        finally:
            browser.close()
    return report


@pytest.mark.django_db(transaction=True)
def test_map_venture_province_and_partner_pages_run_under_the_strict_csp(live_server, settings, geo, roles):
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed")
    settings.MAP_TILES_URL = ""
    partner = OrganizationFactory(name="Dandong Trading Co.")
    venture = make_venture(name="Musan Mine", partner=partner)
    pages = [
        ("/", MAP_DRAWN),
        (f"/ventures/{venture.public_id}/", LOADED),
        ("/provinces/KP-03/", LOADED),
        (f"/partners/{partner.pk}/", LOADED),
    ]
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        report = pool.submit(_visit, live_server.url, pages).result(timeout=180)

    for path, seen in report["pages"].items():
        assert "script-src 'self'" in seen["csp"] and "unsafe-inline" not in seen["csp"], path
        assert seen["violations"] == [], (path, seen["violations"])
    console = report["console_before_injection"]
    assert not [e for e in console if "Content Security Policy" in e], console
    assert not report["injected_ran"]
    assert any("script-src" in v for v in report["injected_reported"])


def _admin_map_drawn(field: str) -> str:
    """The widget's own inline scripts ran: the map exists, with its draw toolbar and the marker."""
    return (
        f"() => !!document.querySelector('#id_{field}-map.leaflet-container .leaflet-draw')"
        f" && !!document.querySelector('#id_{field}-map .leaflet-marker-icon')"
    )


@pytest.mark.django_db(transaction=True)
def test_the_admin_draws_its_map_widgets_under_a_nonce_policy(live_server, geo, roles, editor):
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed")
    from django.test import Client

    from projects.models import Place, PublicationState

    venture = make_venture(name="Hyesan copper joint venture", state=PublicationState.DRAFT)
    uiju = Place.objects.get(name_en="Uiju")
    signed_in = Client()
    signed_in.force_login(editor)
    cookie = {"name": "sessionid", "value": signed_in.cookies["sessionid"].value, "url": live_server.url}
    venture_page = f"/admin/projects/venture/{venture.pk}/change/"
    pages = [
        (venture_page, _admin_map_drawn("location")),
        (f"/admin/projects/place/{uiju.pk}/change/", _admin_map_drawn("point")),
        ("/admin/projects/venture/", LOADED),
        ("/admin/projects/venture/add/", LOADED),
    ]
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        report = pool.submit(_visit, live_server.url, pages, [cookie]).result(timeout=180)

    for path, seen in report["pages"].items():
        assert seen["status"] == 200, path
        script_src = next(d for d in seen["csp"].split(";") if d.split()[0] == "script-src").split()
        assert "'unsafe-inline'" not in script_src, path
        assert seen["violations"] == [], (path, seen["violations"])
    assert any(v.startswith("'nonce-") for v in report["pages"][venture_page]["csp"].split())
    console = report["console_before_injection"]
    assert not [e for e in console if "Content Security Policy" in e], console
    assert not report["injected_ran"]
    assert any("script-src" in v for v in report["injected_reported"])
