"""Renderers: JSON through orjson, an RFC 7946 GeoJSON FeatureCollection, CSV, XLSX and FollowTheMoney.

The file formats are built in `projects.selectors.export_files` (and `xlsx`, `ftm`), which the releases
use too; the GeoJSON and CSV renderers take the list of venture rows built by
`projects.selectors.venture_rows.venture_rows`; anything else (an error body) is rendered as JSON.
A renderer with `render_ventures` builds its file from the queryset itself (XLSX, FtM).
"""

from rest_framework.renderers import BaseRenderer, JSONRenderer

from projects.selectors.export_files import csv_bytes, dumps, export_bytes, geojson_bytes


def render_export(
    ventures, renderer, media_type: str, *, url_template: str | None = None, data_as_of: str | None = None
) -> bytes:
    """The body of an export of `ventures` in the renderer's format. `url_template`: the venture
    URLs of a GeoJSON or CSV export (default: the page's path); `data_as_of`: the GeoJSON's member."""
    render_ventures = getattr(renderer, "render_ventures", None)
    if render_ventures is not None:
        return render_ventures(ventures)
    return export_bytes(ventures, renderer.format, url_template=url_template, data_as_of=data_as_of)


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
        return geojson_bytes(data) if _is_rows(data) else dumps(data)


class CSVRenderer(BaseRenderer):
    """Venture rows → CSV with a header row; partners and the latest source flattened into columns."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return csv_bytes(data) if _is_rows(data) else dumps(data)
