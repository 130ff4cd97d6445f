"""Renderers: JSON through orjson, an RFC 7946 GeoJSON FeatureCollection, and CSV.

The GeoJSON and CSV renderers take the list of venture rows built by
`projects.selectors.venture_rows.venture_rows`; anything else (an error body) is rendered as JSON.
"""

import csv
import datetime
import decimal
import io

import orjson
from django.utils.functional import Promise
from rest_framework.renderers import BaseRenderer, JSONRenderer

from projects.selectors.venture_row_shape import (
    COORDINATE_FIELDS,
    CSV_COLUMNS,
    CSV_PARTNER_SEPARATOR,
    CSV_PLAIN_FIELDS,
    FORMULA_PREFIXES,
    LATEST_SOURCE_FIELDS,
)
from projects.selectors.venture_rows import venture_export_body, venture_rows


def render_export(ventures, renderer, media_type: str, *, url_template: str | None = None) -> bytes:
    """The body of a GeoJSON or CSV export: written by PostgreSQL where it runs, else rendered here
    from venture rows (the same bytes; `tests/api/test_export_sql.py`). `url_template`: the venture
    URLs (default: the page's path)."""
    body = venture_export_body(ventures, renderer.format, url_template=url_template)
    if body is None:
        body = renderer.render(venture_rows(ventures, url_template=url_template), media_type, {})
    return body


ORJSON_OPTIONS = orjson.OPT_UTC_Z | orjson.OPT_NON_STR_KEYS


def _default(value):
    if isinstance(value, decimal.Decimal | Promise):
        return str(value)
    if hasattr(value, "geojson"):  # a GEOS geometry
        return orjson.Fragment(value.geojson)
    raise TypeError(f"Cannot serialise {type(value).__name__}")


def dumps(data) -> bytes:
    return orjson.dumps(data, default=_default, option=ORJSON_OPTIONS)


class OrjsonRenderer(JSONRenderer):
    """The same JSON as DRF's renderer (UTC times end in Z), several times faster."""

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if data is None:
            return b""
        return dumps(data)


def _is_rows(data) -> bool:
    return isinstance(data, list)


class GeoJSONRenderer(BaseRenderer):
    """Venture rows → an RFC 7946 FeatureCollection: lon/lat order, WGS 84, no `crs` member."""

    media_type = "application/geo+json"
    format = "geojson"
    charset = None

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if not _is_rows(data):
            return dumps(data)
        features = []
        append = features.append
        for row in data:
            properties = dict(row)
            longitude, latitude = (properties.pop(name) for name in COORDINATE_FIELDS)
            append(
                {
                    "type": "Feature",
                    "id": row["public_id"],
                    "geometry": None
                    if longitude is None
                    else {"type": "Point", "coordinates": [longitude, latitude]},
                    "properties": properties,
                }
            )
        return dumps({"type": "FeatureCollection", "features": features})


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, str):
        return "'" + value if value.startswith(FORMULA_PREFIXES) else value
    if isinstance(value, datetime.datetime):
        return value.isoformat().replace("+00:00", "Z")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


class CSVRenderer(BaseRenderer):
    """Venture rows → CSV with a header row; partners and the latest source flattened into columns."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if not _is_rows(data):
            return dumps(data)
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(CSV_COLUMNS)
        source_names = [name for name, *_ in LATEST_SOURCE_FIELDS]
        for row in data:
            partners = row["partners"]
            source = row["latest_source"] or {}
            writer.writerow(
                [_cell(row[field]) for field in CSV_PLAIN_FIELDS]
                + [
                    _cell(CSV_PARTNER_SEPARATOR.join(p["name"] for p in partners)),
                    CSV_PARTNER_SEPARATOR.join(p["country"] for p in partners),
                ]
                + [_cell(source.get(name)) for name in source_names]
            )
        return buffer.getvalue().encode("utf-8")
