"""The bytes of the venture export files (GeoJSON, CSV), from venture rows: one home for the API's
renderers (`projects/api/renderers.py`) and the releases (`projects/services/releases.py`).

`export_bytes` is the whole file for a queryset of ventures: written by PostgreSQL where it runs
(`venture_export_sql`), else built here from `venture_rows` (the same bytes; `tests/api/test_export_sql.py`).
"""

import csv
import datetime
import decimal
import io

import orjson
from django.utils.functional import Promise

from projects.selectors.venture_row_shape import (
    COORDINATE_FIELDS,
    CSV_COLUMNS,
    CSV_PARTNER_SEPARATOR,
    CSV_PLAIN_FIELDS,
    FORMULA_PREFIXES,
    LATEST_SOURCE_FIELDS,
)
from projects.selectors.venture_rows import venture_export_body, venture_rows

ORJSON_OPTIONS = orjson.OPT_UTC_Z | orjson.OPT_NON_STR_KEYS


def _default(value):
    if isinstance(value, decimal.Decimal | Promise):
        return str(value)
    if hasattr(value, "geojson"):  # a GEOS geometry
        return orjson.Fragment(value.geojson)
    raise TypeError(f"Cannot serialise {type(value).__name__}")


def dumps(data) -> bytes:
    return orjson.dumps(data, default=_default, option=ORJSON_OPTIONS)


def geojson_bytes(rows: list[dict], *, data_as_of: str | None = None) -> bytes:
    """Venture rows → an RFC 7946 FeatureCollection: lon/lat order, WGS 84, no `crs` member;
    `data_as_of` (an ISO time: when the data last changed) becomes a top-level member."""
    features = []
    append = features.append
    for row in rows:
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
    if data_as_of is None:
        return dumps({"type": "FeatureCollection", "features": features})
    return dumps({"type": "FeatureCollection", "data_as_of": data_as_of, "features": features})


def defused_text(value: str) -> str:
    """Text a spreadsheet would run as a formula gets a leading apostrophe (CSV and XLSX alike)."""
    return "'" + value if value.startswith(FORMULA_PREFIXES) else value


def csv_cell(value):
    """One CSV cell: empty for None, formula-like text defused, times in UTC with a Z."""
    if value is None:
        return ""
    if isinstance(value, str):
        return defused_text(value)
    if isinstance(value, datetime.datetime):
        return value.isoformat().replace("+00:00", "Z")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def csv_values(row: dict) -> list:
    """One row's values in CSV_COLUMNS order, typed (None, str, numbers, dates); partners and the
    latest source flattened into columns of their own."""
    partners = row["partners"]
    source = row["latest_source"] or {}
    return (
        [row[field] for field in CSV_PLAIN_FIELDS]
        + [
            CSV_PARTNER_SEPARATOR.join(p["name"] for p in partners),
            CSV_PARTNER_SEPARATOR.join(p["country"] for p in partners),
        ]
        + [source.get(name) for name, *_ in LATEST_SOURCE_FIELDS]
    )


def csv_bytes(rows: list[dict]) -> bytes:
    """Venture rows → CSV with a header row (CSV_COLUMNS)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        writer.writerow([csv_cell(value) for value in csv_values(row)])
    return buffer.getvalue().encode("utf-8")


ROW_FILE_BUILDERS = {"geojson": geojson_bytes, "csv": csv_bytes}


def export_bytes(
    ventures, export_format: str, *, url_template: str | None = None, data_as_of: str | None = None
) -> bytes:
    """The GeoJSON or CSV file of `ventures` (filtered, visible, ordered, `with_current_status`);
    `url_template`: the venture URLs (default: the page's path; the API's CSV gives absolute ones);
    `data_as_of`: the GeoJSON's top-level "data as of" member (the CSV has it in an HTTP header)."""
    body = venture_export_body(ventures, export_format, url_template=url_template, data_as_of=data_as_of)
    if body is None:
        rows = venture_rows(ventures, url_template=url_template)
        if export_format == "geojson":
            return geojson_bytes(rows, data_as_of=data_as_of)
        body = ROW_FILE_BUILDERS[export_format](rows)
    return body
