"""Renderers of the XLSX and FollowTheMoney exports (`?format=xlsx`, `/api/v1/ventures.xlsx`,
`?format=ftm`, `/api/v1/ventures.ftm.json`). They build the file from the filtered, visible queryset
(`render_ventures`), with the builders the releases use; an error body is rendered as JSON."""

from rest_framework.renderers import BaseRenderer

from projects.selectors.export_files import dumps
from projects.selectors.ftm import FTM_MEDIA_TYPE, ftm_bytes
from projects.selectors.venture_parts import venture_parts
from projects.selectors.venture_rows import venture_rows
from projects.selectors.xlsx import XLSX_MEDIA_TYPE, xlsx_bytes


class XLSXRenderer(BaseRenderer):
    """The CSV's columns as an XLSX workbook (typed cells, header frozen), with the linked sheets of
    partners, status entries and citations."""

    media_type = XLSX_MEDIA_TYPE
    format = "xlsx"
    charset = None
    render_style = "binary"
    extension = "xlsx"

    def render_ventures(self, ventures) -> bytes:
        return xlsx_bytes(venture_rows(ventures), venture_parts(ventures))

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return dumps(data)


class FtMRenderer(BaseRenderer):
    """FollowTheMoney entities, one JSON object per line (`alephclient write-entities` reads it)."""

    media_type = FTM_MEDIA_TYPE
    format = "ftm"
    charset = "utf-8"
    extension = "ftm.json"

    def render_ventures(self, ventures) -> bytes:
        return ftm_bytes(ventures)

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return dumps(data)
