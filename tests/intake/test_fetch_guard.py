"""The fetcher reaches public addresses only, checked where it connects; and the whole fetch has a deadline."""

import contextlib
import ipaddress
import os
import secrets
import socket
import ssl
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import requests
from django.conf import settings as django_settings
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from projects.ingest.fetch import FetchError, fetch_url
from projects.ingest.transport import FetchGuard, guarded_session, is_public
from projects.models import FetchStatus, SourceArticle
from projects.services.sources import source_fetch


class _WouldLeaveTheMachine(Exception):
    """Raised by a test's on_connect to stop just before a connection to a public address."""


def _stop_before_connecting(record: list):
    def on_connect(host, address):
        record.append(address)
        raise _WouldLeaveTheMachine(address)

    return on_connect


@pytest.fixture
def private_off(settings):
    settings.FETCH_ALLOW_PRIVATE_ADDRESSES = False
    return settings


def test_a_backslash_url_is_refused_and_nothing_is_fetched(site, private_off):
    # urllib.parse reads the host 8.8.8.8, urllib3 reads 127.0.0.1: the attack of issue 10.
    url = f"http://{site.host}\\@8.8.8.8/../good"
    record = []

    with pytest.raises(FetchError) as error:
        fetch_url(url, on_connect=_stop_before_connecting(record))

    assert error.value.kind == "url"
    assert "backslash" in error.value.reason
    assert record == []
    assert site.hits == {}


@pytest.mark.parametrize(
    "host",
    [
        "localhost",  # a name resolving to 127.0.0.1: the check is on the resolved address
        "127.1",
        "2130706433",
        "0x7f000001",
        "[::1]",
        "[::ffff:127.0.0.1]",  # IPv4-mapped
        "[64:ff9b::7f00:1]",  # NAT64 of 127.0.0.1
        "[2002:7f00:1::]",  # 6to4 of 127.0.0.1
        "[::127.0.0.1]",  # IPv4-compatible
    ],
)
def test_every_spelling_of_the_servers_own_address_is_refused(site, private_off, host):
    port = site.host.rsplit(":", 1)[1]

    with pytest.raises(FetchError, match="non-public address") as error:
        fetch_url(f"http://{host}:{port}/good")

    assert error.value.kind == "blocked"
    assert error.value.retryable is False
    assert site.hits == {}


@pytest.mark.parametrize(
    "target",
    [
        "http://169.254.169.254/latest/meta-data/",
        "http://10.0.0.1/",
        "http://[::ffff:a9fe:a9fe]/",
        "http://[64:ff9b::a9fe:a9fe]/",
        "http://[fd00::1]/",
    ],
)
def test_a_redirect_to_a_private_address_is_refused(site, target):
    # Loopback is allowed here (the test server); private networks and metadata stay refused.
    with pytest.raises(FetchError, match="non-public address") as error:
        fetch_url(site.url(f"/redirect-to/{target}"))

    assert error.value.kind == "blocked"
    assert sum(site.hits.values()) == 1  # the redirect only


def test_a_redirect_to_a_private_address_fails_the_source_with_its_reason(db, site):
    source = SourceArticle.objects.create(
        url=site.url("/redirect-to/http://169.254.169.254/latest/meta-data/"), fetch_status=FetchStatus.QUEUED
    )

    outcome = source_fetch(source=source)

    source.refresh_from_db()
    assert outcome.outcome == "failed"
    assert source.fetch_status == FetchStatus.FAILED
    assert "169.254.169.254" in source.fetch_error
    assert source.snapshots.count() == 0


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("64:ff9b::808:808", True),  # NAT64 of 8.8.8.8
        ("64:ff9b::a00:1", False),  # NAT64 of 10.0.0.1
        ("64:ff9b::a9fe:a9fe", False),  # NAT64 of 169.254.169.254
        ("2002:808:808::1", True),  # 6to4 of 8.8.8.8
        ("2002:c0a8:101::1", False),  # 6to4 of 192.168.1.1
        ("::ffff:8.8.8.8", True),
        ("::ffff:100.64.0.1", False),  # shared address space (carrier NAT)
        ("::7f00:1", False),  # IPv4-compatible 127.0.0.1, which Python alone calls global
        ("64:ff9b:1::1", False),  # local-use NAT64
        ("192.88.99.1", False),  # 6to4 relay anycast
        ("224.0.0.1", False),
        ("2001:4860:4860::8888", True),
        ("fe80::1", False),
    ],
)
def test_translated_addresses_are_judged_by_the_ipv4_address_inside(address, public):
    assert is_public(ipaddress.ip_address(address)) is public


def test_the_address_checked_is_the_address_connected_to(site, monkeypatch):
    """DNS rebinding: a name answering 127.0.0.1 (allowed here) first, then a private address.

    A fetcher that checks one answer and lets the HTTP library resolve again connects to the second;
    this one resolves once per request and connects to exactly what it checked.
    """
    real_getaddrinfo = socket.getaddrinfo
    answers = iter(["127.0.0.1"] + ["10.255.255.1"] * 10)
    lookups = []

    def rebinding_dns(host, port, *args, **kwargs):
        if host != "rebind.test":
            return real_getaddrinfo(host, port, *args, **kwargs)
        lookups.append(host)
        return real_getaddrinfo(next(answers), port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", rebinding_dns)
    port = site.host.rsplit(":", 1)[1]

    page = fetch_url(f"http://rebind.test:{port}/good")

    assert page.body == site.good
    assert page.connected_to == ("127.0.0.1",)
    assert lookups == ["rebind.test"]
    assert site.host_headers == [f"rebind.test:{port}"]  # the server still sees the host name


def test_every_redirect_goes_through_the_same_check(site):
    checked = []

    page = fetch_url(site.url("/moved"), on_connect=lambda host, address: checked.append(address))

    assert page.final_url == site.url("/good")
    assert checked == ["127.0.0.1", "127.0.0.1"]  # the first request and the redirect
    assert set(page.connected_to) == {"127.0.0.1"}


HOSTS = [
    "127.0.0.1",
    "localhost",
    "127.1",
    "2130706433",
    "0",
    "0.0.0.0",
    "[::1]",
    "[::ffff:127.0.0.1]",
    "[64:ff9b::7f00:1]",
    "[2002:7f00:1::]",
    "169.254.169.254",
    "10.1.2.3",
    "192.168.0.1",
    "[fd00::1]",
    "8.8.8.8",
    "93.184.216.34",
    "[2001:4860:4860::8888]",
    "[64:ff9b::808:808]",
    "no-such-host.invalid",
]
SEPARATORS = ["\\", "\\@", "@", "#@", "?@", "/", "%5C@", "%40", ":@", "\t", " ", ";", ""]


@st.composite
def tricky_urls(draw, port: str):
    first, second = draw(st.sampled_from(HOSTS)), draw(st.sampled_from(HOSTS))
    separator = draw(st.sampled_from(SEPARATORS))
    with_port = draw(st.booleans())
    path = draw(st.sampled_from(["/good", "/../good", "/%2e%2e/good", "", "/redirect-to/http://10.0.0.1/"]))
    return f"{draw(st.sampled_from(['http', 'https', 'HTTP']))}://{first}{':' + port if with_port else ''}{separator}{second}{path}"


def test_any_url_the_guard_lets_through_connects_only_to_a_public_address(site, private_off):
    """Hypothesis over parser tricks and address spellings, the local server (127.0.0.1) as the target.

    A connection to a public address is stopped just before it is made (no traffic leaves the
    machine); the property is on the address the adapter would connect to, and no request may
    reach the local server.
    """
    port = site.host.rsplit(":", 1)[1]
    attempted = []

    @hypothesis_settings(
        max_examples=300, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
    )
    @given(url=tricky_urls(port))
    def check(url):
        with contextlib.suppress(FetchError, _WouldLeaveTheMachine):
            fetch_url(url, timeout=0.5, on_connect=_stop_before_connecting(attempted))

    check()
    assert attempted, "no example got as far as a connection"
    assert all(is_public(ipaddress.ip_address(address)) for address in attempted), attempted
    assert site.hits == {}


@pytest.mark.parametrize(
    ("overrides", "refused"),
    [
        ({"FETCH_ALLOW_PRIVATE_ADDRESSES": "1"}, True),
        ({"FETCH_ALLOW_PRIVATE_ADDRESSES": "1", "FETCH_ALLOW_PRIVATE_ADDRESSES_IN_PRODUCTION": "1"}, False),
    ],
    ids=["alone", "with-the-second-switch"],
)
def test_production_settings_refuse_the_private_address_switch_set_alone(overrides, refused):
    environment = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "jvtracker.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        # Production insists on a broker (the SpatiaLite CI pass runs with none); `check` never connects.
        "CELERY_BROKER_URL": "redis://127.0.0.1:6379/0",
        **overrides,
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=django_settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert (result.returncode != 0) is refused, result.stderr[-2000:]
    assert ("FETCH_ALLOW_PRIVATE_ADDRESSES is on with the production settings" in result.stderr) is refused


def _https_server(tmp_path, name: str):
    """A local HTTPS server with a self-signed certificate for `name`; records the TLS server names."""
    cert, key = tmp_path / f"{name}.pem", tmp_path / f"{name}.key"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-keyout",
            str(key),
            "-out",
            str(cert),
            "-subj",
            f"/CN={name}",
            "-addext",
            f"subjectAltName=DNS:{name}",
        ],
        check=True,
        capture_output=True,
    )
    server_names = []

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    context.sni_callback = lambda sock, server_name, ctx: server_names.append(server_name)
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.socket = context.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, cert, server_names


@pytest.fixture
def local_dns(monkeypatch):
    """Made-up names resolving to 127.0.0.1 (the connection itself is real)."""
    real_getaddrinfo = socket.getaddrinfo

    def resolve(host, port, *args, **kwargs):
        if isinstance(host, str) and host.endswith(".test"):
            host = "127.0.0.1"
        return real_getaddrinfo(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", resolve)


@pytest.mark.parametrize(("certificate_name", "verified"), [("jvtracker.test", True), ("other.test", False)])
def test_https_to_the_pinned_address_keeps_the_server_name_and_the_certificate_check(
    tmp_path, local_dns, certificate_name, verified
):
    server, cert, server_names = _https_server(tmp_path, certificate_name)
    guard = FetchGuard(allow_loopback=True, deadline_seconds=10)
    try:
        with guard.active(), guarded_session(guard) as session:
            session.verify = str(cert)  # the fetcher uses the system's CAs; this test trusts its own
            url = f"https://jvtracker.test:{server.server_address[1]}/"
            if verified:
                assert session.get(url, timeout=5).text == "ok"
            else:
                with pytest.raises(requests.exceptions.SSLError):
                    session.get(url, timeout=5)
    finally:
        server.shutdown()
        server.server_close()

    assert server_names[:1] == ["jvtracker.test"]  # SNI is the host name, not the IP connected to
    # A certificate for another name ends the connection in the handshake, before it is used.
    assert guard.connected_to == (["127.0.0.1"] if verified else [])
