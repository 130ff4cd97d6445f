"""Conditional requests and a server-side cache for the venture exports (GeoJSON and CSV).

The ETag of a response is a digest of: the data fingerprint (`projects.selectors.exports`), the
visibility class of the caller (public, or may see unpublished: an editor's drafts never share an
entry with the public), the format, the *cleaned* filter values (`export_filter_key`: two spellings
of the same filter share a key, two filters that differ in meaning never do) and the output version
below. The same digest keys the server-side cache of a rendered export, so a cached body can only be
served while the data it was built from is unchanged.

Only exports likely to be asked for again are stored (`worth_caching`): no free-form parameter
(`q`, `updated_since`, `in_bbox`, the status dates) and at most one value per parameter. Those are the
map's and the scripts' common views; with them, every venture is in a bounded number of cache entries
whatever the callers invent, so nobody can fill the cache with variants of one export. Other exports
are built per request (and still answer 304 to a matching If-None-Match). The cache itself is a Redis
of its own with a memory limit and LRU eviction in production (docker-compose.yml, EXPORT_CACHE_URL).

Exports are cached gzip-compressed (about a tenth of their size): a client that accepts gzip gets the
stored bytes as they are, any other client a decompressed copy. Any failure of the cache backend is
logged and the response is computed as if nothing were cached.
"""

import datetime
import gzip
import hashlib
import io
import logging
import secrets
from collections.abc import Mapping

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse
from django.middleware.gzip import GZipMiddleware, re_accepts_gzip
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers

from projects.permissions import can_see_unpublished
from projects.selectors.exports import export_data_state, public_export_data_state
from projects.selectors.venture_row_shape import ROW_FIELDS

logger = logging.getLogger(__name__)

# Bump when the rendering of rows changes without a change of ROW_FIELDS (entries of the old code
# must not be served by the new one).
OUTPUT_VERSION = "1"
CACHE_KEY_PREFIX = "venture-export:"


# Parameters whose values are free-form (any text, any microsecond, any box, any day): an export
# filtered by them is rarely asked for twice, and each variant would be a new full entry.
UNCACHED_PARAMETERS = frozenset(
    {"q", "updated_since", "in_bbox", "status_after", "status_before", "as_of", "active_during"}
)
# Parameters whose order of values changes the result; for the others (OR of values) order and
# repetition do not matter.
ORDERED_PARAMETERS = frozenset({"ordering"})


def _normal_value(value):
    """One filter value in a canonical, repr-stable form that keeps its whole meaning."""
    if hasattr(value, "pk"):  # a model instance (partner organizations)
        return value.pk
    if isinstance(value, datetime.datetime):  # same instant, same key; to the microsecond
        if value.tzinfo is not None:
            value = value.astimezone(datetime.UTC)
        return value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, str):
        return value.strip()  # the filters strip text too
    if isinstance(value, float):
        return repr(value)
    return value


def export_filter_key(cleaned_data: Mapping) -> tuple:
    """The filters in effect, canonical: empty filters left out (they filter nothing), choice values
    sorted and deduplicated (they are ORed), `ordering` kept in its order, instants in UTC."""
    key = []
    for name in sorted(cleaned_data):
        value = cleaned_data[name]
        if value is None or value == "" or (hasattr(value, "__len__") and len(value) == 0):
            continue
        if isinstance(value, (list, tuple, set, frozenset)) or hasattr(value, "model"):
            values = [_normal_value(item) for item in value]
            if name in ORDERED_PARAMETERS or isinstance(value, tuple):  # tuple: a bbox's 4 numbers
                value = tuple(values)
            else:
                value = tuple(sorted(set(values), key=repr))
        else:
            value = _normal_value(value)
        key.append((name, value))
    return tuple(key)


def worth_caching(filter_key: tuple) -> bool:
    """An export likely to repeat: no free-form parameter, at most one value for each parameter."""
    for name, value in filter_key:
        if name in UNCACHED_PARAMETERS:
            return False
        if isinstance(value, tuple) and len(value) > 1:
            return False
    return True


def representation_etag(request, export_format: str, filter_key: tuple) -> str:
    """The (weak) ETag of what `request` gets with these filters: the same string means the same bytes."""
    return representation_state(request, export_format, filter_key)[0]


def representation_state(
    request, export_format: str, filter_key: tuple
) -> tuple[str, datetime.datetime | None]:
    """The ETag, and when the data the user sees last changed (the exports' "data as of"), from the
    one fingerprint query."""
    sees_unpublished = can_see_unpublished(request.user)
    # The public's fingerprint covers only published ventures: a draft edit keeps their ETag (and
    # their cached export); editors' covers everything they see.
    fingerprint, latest_change = export_data_state() if sees_unpublished else public_export_data_state()
    parts = [
        OUTPUT_VERSION,
        ",".join(ROW_FIELDS),
        fingerprint,
        "unpublished" if sees_unpublished else "public",
        export_format,
        # CSV holds absolute URLs: a body for one host name is not another's.
        request.build_absolute_uri("/"),
        repr(filter_key),
    ]
    digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()[:40]
    return f'W/"{digest}"', latest_change


def not_modified_response(request, etag: str):
    """A 304 if the client's If-None-Match holds `etag` (Django's own precondition logic), else None."""
    return get_conditional_response(request._request, etag=etag)


def set_cache_headers(response, request, etag: str):
    """Clients may keep the response but must ask again (with the ETag) before using it.

    Responses to signed-in users are private (as PrivateForSignedInMiddleware also makes them), and
    every response varies by the credentials, so no shared cache hands one class's answer to another.
    """
    response["ETag"] = etag
    if request.user and request.user.is_authenticated:
        patch_cache_control(response, private=True, max_age=0, must_revalidate=True)
    else:
        patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
    patch_vary_headers(response, ("Cookie", "Authorization"))
    return response


def _cache():
    return caches[settings.EXPORT_CACHE_ALIAS]


def cached_export(etag: str) -> bytes | None:
    """The gzip-compressed body stored under `etag`, or None (also when the cache is unreachable)."""
    try:
        return _cache().get(CACHE_KEY_PREFIX + etag)
    except Exception:  # any backend failure: compute the response instead
        logger.warning("export cache unavailable (get)", exc_info=True)
        return None


def store_export(etag: str, compressed: bytes) -> None:
    if len(compressed) > settings.EXPORT_CACHE_MAX_BYTES:
        return
    try:
        _cache().set(CACHE_KEY_PREFIX + etag, compressed, settings.EXPORT_CACHE_SECONDS)
    except Exception:  # any backend failure: the response is still served
        logger.warning("export cache unavailable (set)", exc_info=True)


# Level 2 compresses the 8.3 MB GeoJSON of 10,000 ventures to 1.04 MB in ~50 ms; level 6 (Django's)
# to 0.78 MB in ~165 ms (docs/benchmarks.md). The ~110 ms saved outweigh sending 0.26 MB more on any
# link faster than ~20 Mbit/s, and the first visitor after a change waits for this compression.
EXPORT_GZIP_LEVEL = 2


def compress(body: bytes) -> bytes:
    """gzip at EXPORT_GZIP_LEVEL, with a random-length file name in the header against BREACH, as
    GZipMiddleware pads its output."""
    buffer = io.BytesIO()
    padding = "a" * secrets.randbelow(GZipMiddleware.max_random_bytes)
    with gzip.GzipFile(
        filename=padding, mode="wb", compresslevel=EXPORT_GZIP_LEVEL, fileobj=buffer, mtime=0
    ) as file:
        file.write(body)
    return buffer.getvalue()


def accepts_gzip(request) -> bool:
    return bool(re_accepts_gzip.search(request.META.get("HTTP_ACCEPT_ENCODING", "")))


class ExportResponse(HttpResponse):
    """An export; `after_sending` runs once the server has sent the body (WSGI servers call close()
    then), so a client that does not take gzip does not wait for the compression of what is cached."""

    after_sending = None

    def close(self):
        try:
            super().close()
        finally:
            task, self.after_sending = self.after_sending, None
            if task is not None:
                try:
                    task()
                except Exception:
                    logger.warning("export cache: storing failed", exc_info=True)


def export_response(request, etag: str, render, *, cacheable: bool = True) -> ExportResponse:
    """The export for `etag` from the cache, or `render()`ed (and stored, gzip-compressed, if
    `cacheable` and the cache is on)."""
    use_cache = cacheable and settings.EXPORT_CACHE_ENABLED
    compressed = cached_export(etag) if use_cache else None
    gzip_accepted = accepts_gzip(request)
    if compressed is not None:
        response = ExportResponse(compressed if gzip_accepted else gzip.decompress(compressed))
    else:
        body = render()
        if gzip_accepted:  # the compression GZipMiddleware would do anyway, done once for the cache
            compressed = compress(body)
            if use_cache:
                store_export(etag, compressed)
            response = ExportResponse(compressed)
        else:
            response = ExportResponse(body)
            if use_cache:
                response.after_sending = lambda: store_export(etag, compress(body))
    if gzip_accepted:
        response["Content-Encoding"] = "gzip"  # GZipMiddleware leaves an encoded body alone
    patch_vary_headers(response, ("Accept-Encoding",))
    return response
