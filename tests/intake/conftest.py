"""Intake fixtures: a local HTTP server with the pages the fetcher meets, and Celery set-ups."""

import contextlib
import os
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote

import pytest

from jvtracker.celery import app as celery_app

FIXTURES = Path(__file__).parent / "fixtures"
TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
UNREACHABLE_BROKER_URL = "redis://127.0.0.1:1/15"


class Site:
    """What the local server serves; tests may change `pages` and read `hits` and `user_agents`."""

    def __init__(self):
        self.good = (FIXTURES / "good_article.html").read_bytes()
        self.pages = {
            "/good": (200, "text/html; charset=utf-8", self.good),
            "/changing": (200, "text/html; charset=utf-8", self.good),
            "/plain.txt": (200, "text/plain; charset=utf-8", b"Songchon county farm\n\nA farm."),
            "/farm": (200, "text/html; charset=utf-8", self.good.replace(b"Uiju", b"Songchon")),
            "/farm-copy": (200, "text/html; charset=utf-8", self.good.replace(b"Uiju", b"Songchon")),
            "/doc.pdf": (200, "application/pdf", b"%PDF-1.4\n" + b"0" * 1000),
            "/error": (503, "text/html", b"<h1>Service unavailable</h1>"),
        }
        self.hits: dict[str, int] = {}
        self.user_agents: list[str] = []
        self.host_headers: list[str] = []
        self.trickle_seconds = 0.2  # between the bytes of /trickle
        self.slow_seconds = 3.0
        self.big_bytes = 200_000

    def url(self, path: str) -> str:
        return f"{self.base}{path}"


def _handler(site: Site):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def _send(self, status, content_type, body, headers=()):
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            for name, value in headers:
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self):
            path = self.path.split("?")[0]
            site.hits[path] = site.hits.get(path, 0) + 1
            site.user_agents.append(self.headers.get("User-Agent", ""))
            site.host_headers.append(self.headers.get("Host", ""))
            try:
                if path in ("/trickle", "/trickle-no-length"):
                    # One byte at a time, each well within the read timeout: only a deadline ends it.
                    body = site.good[:200]
                    self.send_response(200)
                    self.send_header("Content-Type", "text/html")
                    if path == "/trickle":
                        self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    for index in range(len(body)):
                        self.wfile.write(body[index : index + 1])
                        self.wfile.flush()
                        time.sleep(site.trickle_seconds)
                    return None
                if path.startswith("/redirect-to/"):
                    return self._send(
                        302, "text/html", b"", [("Location", unquote(self.path[len("/redirect-to/") :]))]
                    )
                if path == "/slow":
                    time.sleep(site.slow_seconds)
                    return self._send(200, "text/html", site.good)
                if path == "/big":
                    # No Content-Length: the cap must hold while streaming.
                    self.send_response(200)
                    self.send_header("Content-Type", "text/html")
                    self.end_headers()
                    chunk = b"<p>" + b"x" * 8192 + b"</p>"
                    for _ in range(site.big_bytes // len(chunk) + 2):
                        self.wfile.write(chunk)
                    return None
                if path in ("/loop-a", "/loop-b"):
                    target = "/loop-b" if path == "/loop-a" else "/loop-a"
                    return self._send(302, "text/html", b"", [("Location", target)])
                if path == "/moved":
                    return self._send(301, "text/html", b"", [("Location", "/good")])
                if path in ("/feed.xml", "/feed_bad_item.xml"):
                    body = (FIXTURES / path[1:]).read_bytes().replace(b"SERVER", site.host.encode())
                    return self._send(200, "application/rss+xml", body)
                if path in site.pages:
                    return self._send(*site.pages[path])
                return self._send(404, "text/html", b"<h1>Not found</h1>")
            except (BrokenPipeError, ConnectionResetError):
                return None

    return Handler


@pytest.fixture
def site():
    """A local web server on 127.0.0.1 with a random free port (no internet in tests)."""
    site = Site()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(site))
    server.daemon_threads = True
    site.host = f"127.0.0.1:{server.server_address[1]}"
    site.base = f"http://{site.host}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield site
    server.shutdown()
    server.server_close()


@pytest.fixture(autouse=True)
def intake_settings(settings, tmp_path):
    settings.ARCHIVE_ROOT = tmp_path / "archive"
    settings.FETCH_TIMEOUT = 1.0
    settings.FETCH_MAX_BYTES = 100_000
    settings.FETCH_MAX_REDIRECTS = 5
    settings.FETCH_ALLOW_PRIVATE_ADDRESSES = True  # the local test server is on 127.0.0.1
    return settings


@contextlib.contextmanager
def celery_configured(*, broker_url: str | None, eager: bool):
    """Point the Celery app at a broker (or run tasks in-process) for the duration of a test."""
    # Celery reads CELERY_BROKER_URL from the environment before its configuration (CI sets it), so
    # the read and write URLs, which take precedence, are the ones set here.
    names = ("broker_read_url", "broker_write_url", "task_always_eager")
    saved = {name: celery_app.conf.get(name) for name in names}
    url = broker_url or "memory://"
    celery_app.conf.update(broker_read_url=url, broker_write_url=url, task_always_eager=eager)
    _reset_connections()
    try:
        yield celery_app
    finally:
        celery_app.conf.update(saved)
        _reset_connections()


def _reset_connections():
    # The app caches its connection pools for the broker it first used; forget them (kombu's
    # global pools are keyed by broker URL, so the next publish uses the newly configured broker).
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture(autouse=True)
def eager_celery(request):
    """Unless a test starts a real worker, tasks run in-process as with no broker configured."""
    if request.node.get_closest_marker("celery"):
        yield celery_app
        return
    with celery_configured(broker_url=None, eager=True) as app:
        yield app
