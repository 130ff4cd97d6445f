"""Playwright (sync API) driving Debian's Chromium against pytest-django's live server.

Never downloads a browser: Chromium comes from /usr/bin/chromium. No network beyond 127.0.0.1:
the tile layer is switched off or pointed at a closed local port.
"""

import os
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls in the tests are not async.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture(scope="session")
def chromium():
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class PageProbe:
    """A page plus what it reported: console errors, uncaught exceptions and dialogs (alert, …)."""

    def __init__(self, page, base_url):
        self.page = page
        self.base_url = base_url
        self.console_errors: list[str] = []
        self.dialogs: list[str] = []
        page.on("console", lambda m: m.type == "error" and self.console_errors.append(m.text))
        page.on("pageerror", lambda e: self.console_errors.append(f"uncaught: {e}"))

        def on_dialog(dialog):
            self.dialogs.append(f"{dialog.type}: {dialog.message}")
            dialog.dismiss()

        page.on("dialog", on_dialog)

    def goto(self, path: str):
        self.page.goto(self.base_url + path)

    def open_map(self, query: str = ""):
        self.goto("/" + (f"?{query}" if query else ""))
        self.wait_drawn(0)

    def draw_count(self) -> int:
        return self.page.evaluate("window.jvDrawCount || 0")

    def wait_drawn(self, after: int):
        """Until the map has drawn more times than `after` and says it is ready."""
        self.page.wait_for_function(
            "n => (window.jvDrawCount || 0) > n && document.getElementById('map').dataset.ready === 'true'",
            arg=after,
            timeout=15000,
        )

    def screenshot(self, name: str):
        ARTIFACTS.mkdir(exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=False)


@pytest.fixture
def probe(chromium, live_server, settings):
    settings.MAP_TILES_URL = ""  # offline by default; tests that want tiles set their own
    context = chromium.new_context(viewport={"width": 1280, "height": 850})
    page = context.new_page()
    page.set_default_timeout(15000)
    yield PageProbe(page, live_server.url)
    context.close()
