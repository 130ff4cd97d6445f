"""A careful HTTP fetcher: timeouts, a streamed size cap, a redirect limit, allowed content types only.

Every failure is a `FetchError` carrying a reason an editor can read and whether trying again
later makes sense (5xx, timeouts and connection errors do; a 404, a PDF or a redirect loop do not).
"""

import ipaddress
import socket
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import requests
from django.conf import settings

HTML_TYPES = ("text/html", "application/xhtml+xml", "text/plain")
FEED_TYPES = (
    "application/rss+xml",
    "application/atom+xml",
    "application/xml",
    "text/xml",
    "application/rdf+xml",
    "application/feed+json",
)
REDIRECT_STATUSES = {301, 302, 303, 307, 308}


class FetchError(Exception):
    def __init__(self, kind: str, reason: str, *, retryable: bool = False, http_status: int | None = None):
        super().__init__(reason)
        self.reason = reason
        self.kind = kind  # scheme, blocked, timeout, connection, request, redirect, http, type, size
        self.retryable = retryable
        self.http_status = http_status


@dataclass
class FetchedPage:
    url: str
    final_url: str
    http_status: int
    content_type: str
    charset: str | None
    body: bytes
    headers: dict

    @property
    def is_html(self) -> bool:
        return self.content_type in ("text/html", "application/xhtml+xml")

    def decoded(self) -> str:
        try:
            return self.body.decode(self.charset or "utf-8", errors="replace")
        except LookupError:
            return self.body.decode("utf-8", errors="replace")


def _content_type(response) -> tuple[str, str | None]:
    header = response.headers.get("Content-Type", "")
    media_type, _, params = header.partition(";")
    charset = None
    for param in params.split(";"):
        key, _, value = param.strip().partition("=")
        if key.lower() == "charset" and value:
            charset = value.strip("\"'")
    return media_type.strip().lower(), charset


def fetch_url(
    url: str,
    *,
    accept: tuple[str, ...] = HTML_TYPES,
    timeout: float | None = None,
    max_bytes: int | None = None,
    max_redirects: int | None = None,
    extra_headers: dict | None = None,
    allow_not_modified: bool = False,
) -> FetchedPage:
    """GET `url` following at most `max_redirects` redirects; raise FetchError on any failure."""
    timeout = settings.FETCH_TIMEOUT if timeout is None else timeout
    max_bytes = settings.FETCH_MAX_BYTES if max_bytes is None else max_bytes
    max_redirects = settings.FETCH_MAX_REDIRECTS if max_redirects is None else max_redirects
    headers = {
        "User-Agent": settings.FETCH_USER_AGENT,
        "Accept": ", ".join(accept) + ", */*;q=0.1",
        **(extra_headers or {}),
    }
    # The whole fetch (all redirects and the body) must finish within a few timeouts, so a server
    # that trickles bytes cannot hold a worker forever.
    deadline = time.monotonic() + 3 * timeout
    seen = []
    current = url
    with requests.Session() as session:
        while True:
            if urlsplit(current).scheme not in ("http", "https"):
                raise FetchError(
                    "scheme", f"Unsupported URL scheme in {current!r}: only http and https are fetched."
                )
            _refuse_private_addresses(current)
            seen.append(current)
            try:
                response = session.get(
                    current, headers=headers, timeout=timeout, stream=True, allow_redirects=False
                )
            except requests.exceptions.Timeout:
                raise FetchError("timeout", f"Timed out after {timeout:g} s.", retryable=True) from None
            except requests.exceptions.ConnectionError as error:
                raise FetchError(
                    "connection", f"Connection failed: {_short(error)}", retryable=True
                ) from None
            except requests.exceptions.RequestException as error:
                raise FetchError("request", f"Request failed: {_short(error)}") from None
            with response:
                if response.status_code in REDIRECT_STATUSES and response.headers.get("Location"):
                    target = urljoin(current, response.headers["Location"])
                    if target in seen:
                        raise FetchError(
                            "redirect", f"Redirect loop at {target}.", http_status=response.status_code
                        )
                    if len(seen) > max_redirects:
                        raise FetchError(
                            "redirect",
                            f"More than {max_redirects} redirects.",
                            http_status=response.status_code,
                        )
                    current = target
                    continue
                return _read(
                    response,
                    url=url,
                    accept=accept,
                    max_bytes=max_bytes,
                    deadline=deadline,
                    timeout=timeout,
                    allow_not_modified=allow_not_modified,
                )


def _refuse_private_addresses(url: str):
    """Refuse a host that resolves to loopback, private, link-local or reserved addresses.

    Checked before every request, redirects included, so a public page cannot redirect the fetcher
    into the server's own network.
    """
    if settings.FETCH_ALLOW_PRIVATE_ADDRESSES:
        return
    parts = urlsplit(url)
    host = parts.hostname or ""
    try:
        infos = socket.getaddrinfo(host, parts.port or 80, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError) as error:
        raise FetchError("connection", f"Cannot resolve {host!r}: {error}", retryable=True) from None
    for info in infos:
        address = ipaddress.ip_address(info[4][0].split("%")[0])
        if not address.is_global or address.is_multicast:
            raise FetchError("blocked", f"{host} resolves to a non-public address ({address}): not fetched.")


def _read(response, *, url, accept, max_bytes, deadline, timeout, allow_not_modified) -> FetchedPage:
    status = response.status_code
    media_type, charset = _content_type(response)
    page = {
        "url": url,
        "final_url": response.url,
        "http_status": status,
        "content_type": media_type,
        "charset": charset,
        "headers": dict(response.headers),
    }
    if status == 304 and allow_not_modified:
        return FetchedPage(body=b"", **page)
    if status >= 500 or status == 429:
        raise FetchError("http", f"HTTP {status} from the server.", retryable=True, http_status=status)
    if status >= 400:
        raise FetchError("http", f"HTTP {status}.", http_status=status)
    if status != 200:
        raise FetchError("http", f"Unexpected HTTP {status}.", http_status=status)
    if media_type not in accept:
        raise FetchError(
            "type",
            f"Content type {media_type or 'unknown'} is not fetched (only {', '.join(accept)}).",
            http_status=status,
        )
    declared = response.headers.get("Content-Length")
    if declared and declared.isdigit() and int(declared) > max_bytes:
        raise FetchError(
            "size", f"Too large: {int(declared)} bytes (the limit is {max_bytes}).", http_status=status
        )
    chunks, size = [], 0
    try:
        for chunk in response.iter_content(chunk_size=64 * 1024):
            size += len(chunk)
            if size > max_bytes:
                raise FetchError("size", f"Too large: more than {max_bytes} bytes.", http_status=status)
            if time.monotonic() > deadline:
                raise FetchError("timeout", f"Timed out after {timeout:g} s while reading.", retryable=True)
            chunks.append(chunk)
    except requests.exceptions.RequestException as error:
        if "timed out" in str(error).lower():
            raise FetchError(
                "timeout", f"Timed out after {timeout:g} s while reading.", retryable=True
            ) from None
        raise FetchError(
            "connection", f"Connection broke while reading: {_short(error)}", retryable=True
        ) from None
    return FetchedPage(body=b"".join(chunks), **page)


def _short(error: Exception) -> str:
    text = str(error)
    return text if len(text) <= 300 else text[:300] + "…"
