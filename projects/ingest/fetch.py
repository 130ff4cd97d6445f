"""A careful HTTP fetcher: timeouts, a streamed size cap, a redirect limit, allowed content types only.

Every failure is a `FetchError` carrying a reason an editor can read and whether trying again
later makes sense (5xx, timeouts and connection errors do; a 404, a PDF or a redirect loop do not).
"""

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import requests
from django.conf import settings

from projects.urlnorm import InvalidURL, refuse_ambiguous

from .transport import AddressRefused, FetchGuard, ResolutionFailed, guarded_session

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
        self.kind = kind  # scheme, url, blocked, timeout, connection, request, redirect, http, type, size
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
    connected_to: tuple[str, ...] = ()  # the addresses actually connected to, redirects included

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
    on_connect: Callable[[str, str], None] | None = None,
) -> FetchedPage:
    """GET `url` following at most `max_redirects` redirects; raise FetchError on any failure.

    Only public addresses are connected to (and loopback with FETCH_ALLOW_PRIVATE_ADDRESSES), checked where the
    connection is made (see projects.ingest.transport). `on_connect(host, address)` is called just
    before each connection to a checked address; raising from it stops the fetch.
    """
    timeout = settings.FETCH_TIMEOUT if timeout is None else timeout
    max_bytes = settings.FETCH_MAX_BYTES if max_bytes is None else max_bytes
    max_redirects = settings.FETCH_MAX_REDIRECTS if max_redirects is None else max_redirects
    headers = {
        "User-Agent": settings.FETCH_USER_AGENT,
        "Accept": ", ".join(accept) + ", */*;q=0.1",
        **(extra_headers or {}),
    }
    # The whole fetch (all redirects and the body) must finish within a few timeouts, so a server
    # that trickles bytes cannot hold a worker (or a web request) as long as it likes.
    guard = FetchGuard(
        allow_loopback=settings.FETCH_ALLOW_PRIVATE_ADDRESSES,
        deadline_seconds=3 * timeout,
        on_connect=on_connect,
    )
    with guard.active(), guarded_session(guard) as session:
        try:
            response = _follow(session, url, headers=headers, timeout=timeout, max_redirects=max_redirects)
            with response:
                return _read(
                    response,
                    url=url,
                    accept=accept,
                    max_bytes=max_bytes,
                    guard=guard,
                    allow_not_modified=allow_not_modified,
                )
        except FetchError:
            if guard.expired:
                raise _deadline_error(guard) from None
            raise


def _follow(session, url, *, headers, timeout, max_redirects) -> requests.Response:
    """GET `url` and the redirects it leads to; the final response, still open."""
    seen = []
    current = url
    while True:
        try:
            scheme = urlsplit(current).scheme
        except ValueError:
            scheme = ""
        if scheme not in ("http", "https"):
            raise FetchError(
                "scheme", f"Unsupported URL scheme in {current[:300]!r}: only http and https are fetched."
            )
        try:
            refuse_ambiguous(current)
        except InvalidURL as error:
            raise FetchError("url", f"{error.messages[0]} ({current[:300]!r})") from None
        seen.append(current)
        try:
            response = session.get(
                current, headers=headers, timeout=timeout, stream=True, allow_redirects=False
            )
        except AddressRefused as error:
            raise FetchError("blocked", str(error)) from None
        except ResolutionFailed as error:
            raise FetchError("connection", str(error), retryable=True) from None
        except requests.exceptions.Timeout:
            raise FetchError("timeout", f"Timed out after {timeout:g} s.", retryable=True) from None
        except requests.exceptions.ConnectionError as error:
            raise FetchError("connection", f"Connection failed: {_short(error)}", retryable=True) from None
        except requests.exceptions.RequestException as error:
            raise FetchError("request", f"Request failed: {_short(error)}") from None
        if response.status_code in REDIRECT_STATUSES and response.headers.get("Location"):
            response.close()
            target = urljoin(current, response.headers["Location"])
            if target in seen:
                raise FetchError("redirect", f"Redirect loop at {target}.", http_status=response.status_code)
            if len(seen) > max_redirects:
                raise FetchError(
                    "redirect", f"More than {max_redirects} redirects.", http_status=response.status_code
                )
            current = target
            continue
        return response


def _deadline_error(guard: FetchGuard) -> FetchError:
    return FetchError(
        "timeout",
        f"Stopped at the fetch deadline ({guard.deadline_seconds:g} s for the whole fetch): "
        "the server sent too slowly.",
        retryable=True,
    )


def _read(response, *, url, accept, max_bytes, guard, allow_not_modified) -> FetchedPage:
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
        return FetchedPage(body=b"", connected_to=tuple(guard.connected_to), **page)
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
            chunks.append(chunk)
    except requests.exceptions.RequestException as error:
        if guard.expired:
            raise _deadline_error(guard) from None
        if "timed out" in str(error).lower():
            raise FetchError("timeout", "Timed out while reading.", retryable=True) from None
        raise FetchError(
            "connection", f"Connection broke while reading: {_short(error)}", retryable=True
        ) from None
    if guard.expired:  # the deadline cut the connection: what was read may be a truncated body
        raise _deadline_error(guard)
    return FetchedPage(body=b"".join(chunks), connected_to=tuple(guard.connected_to), **page)


def _short(error: Exception) -> str:
    text = str(error)
    return text if len(text) <= 300 else text[:300] + "…"
