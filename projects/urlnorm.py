"""Source URL normalisation: the same article reached by different URLs is one source.

A pure module (no models), below both `projects.models` and `projects.ingest`. The canonical form
comes from w3lib's `canonicalize_url` (percent-encoding normalised, so `%7E` and `~` are one URL;
raw spaces encoded; IDNA hosts; dot segments resolved; query sorted; fragment dropped). Our own
rules sit on top: default ports and trailing slashes go, `//` runs collapse, tracking parameters
are dropped, and a URL that URL parsers could read differently is refused rather than guessed at.
"""

import ipaddress
import re
from urllib.parse import unquote_plus, urlsplit, urlunsplit

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from urllib3.util import parse_url
from w3lib.url import canonicalize_url, url_query_cleaner

TRACKING_PARAMETERS = {
    "fbclid",
    "gclid",
    "dclid",
    "msclkid",
    "yclid",
    "mc_cid",
    "mc_eid",
    "igshid",
    "ref_src",
    "_ga",
    "spm",
}
TRACKING_PREFIXES = ("utm_",)
DEFAULT_PORTS = {"http": 80, "https": 443}
# A backslash ends the host for urllib3 and browsers but not for urllib.parse; control characters
# (NUL, tab, newline…) are dropped by some parsers and kept by others. Either way, two readings.
AMBIGUOUS = re.compile(r"[\x00-\x1f\x7f\\]")
_valid_url = URLValidator(schemes=["http", "https"])


class InvalidURL(ValidationError):
    """A URL that cannot be a source (the message says why)."""


def _is_tracking(name: str) -> bool:
    name = unquote_plus(name).lower()
    return name in TRACKING_PARAMETERS or name.startswith(TRACKING_PREFIXES)


def refuse_ambiguous(url: str) -> None:
    """Raise InvalidURL unless urllib.parse and urllib3 read the same scheme, host and port."""
    if AMBIGUOUS.search(url):
        raise InvalidURL(
            "The URL contains a backslash or a control character, which URL parsers read differently."
        )
    try:
        ours, theirs = urlsplit(url), parse_url(url)
        our_host = (ours.hostname or "").rstrip(".")
        if not our_host.isascii():
            our_host = our_host.encode("idna").decode("ascii")
        same = (
            ours.scheme.lower() == (theirs.scheme or "").lower()
            and our_host == (theirs.host or "").strip("[]").lower().rstrip(".")
            and ours.port == theirs.port
            and (ours.username is None) == (theirs.auth is None)
        )
    except (ValueError, UnicodeError):
        same = False
    if not same:
        raise InvalidURL("URL parsers read a different host in this URL; it is not fetched.")


def _netloc(parts, scheme: str) -> str:
    if "@" in parts.netloc:
        raise InvalidURL("A source URL must not carry a user name or password.")
    try:
        port = parts.port
    except ValueError:
        port = -1
    if port is not None and not 1 <= port <= 65535:
        raise InvalidURL("The port must be a whole number from 1 to 65535.")
    host = parts.hostname or ""
    if parts.netloc.startswith("["):
        try:
            if "%" in host:
                raise ValueError("a zone id")
            address = ipaddress.IPv6Address(host)
        except ValueError:
            raise InvalidURL(f"“{host}” is not an IPv6 address (zone ids are not accepted).") from None
        host = f"[{address.compressed}]"
    else:
        host = host.rstrip(".")
    if not host:
        raise InvalidURL("The URL has no host.")
    if port is not None and port != DEFAULT_PORTS[scheme]:
        return f"{host}:{port}"
    return host


def normalize_url(url: str) -> str:
    """The canonical form of a source URL; InvalidURL (a ValidationError) with the reason if it has none.

    Lower-case scheme and host, no default port, fragment, tracking parameters or trailing slash;
    query parameters sorted so their order does not make two sources of one article.
    """
    if not isinstance(url, str):
        raise InvalidURL("Give the URL as text.")
    url = url.strip()
    if AMBIGUOUS.search(url):
        raise InvalidURL(
            "The URL contains a backslash or a control character, which URL parsers read differently."
        )
    try:
        parts = urlsplit(url)
    except ValueError as error:  # e.g. an unclosed "[" of an IPv6 literal
        raise InvalidURL(f"Not a valid URL: {error}.") from None
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS:
        raise InvalidURL("Only http and https URLs can be sources.")
    netloc = _netloc(parts, scheme)
    try:
        canonical = canonicalize_url(urlunsplit((scheme, netloc, parts.path, parts.query, "")))
    except (ValueError, UnicodeError) as error:
        raise InvalidURL(f"Not a valid URL: {error}.") from None
    canonical = _own_rules(canonical)
    try:
        _valid_url(canonical)
    except ValidationError:
        raise InvalidURL("Not a valid URL (check the host name).") from None
    refuse_ambiguous(canonical)
    return canonical


def _own_rules(canonical: str) -> str:
    parts = urlsplit(canonical)
    path = re.sub("/{2,}", "/", parts.path) or "/"
    if len(path) > 1:
        path = path.rstrip("/") or "/"
    tracking = [
        pair.partition("=")[0] for pair in parts.query.split("&") if _is_tracking(pair.partition("=")[0])
    ]
    url = urlunsplit((parts.scheme, parts.netloc, path, parts.query, ""))
    if tracking:
        url = url_query_cleaner(url, tracking, remove=True, unique=False)
    return url
