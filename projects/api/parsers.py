"""The request bodies the API reads: one JSON object, parsed by orjson.

orjson refuses what the standard library lets through to a 500 or a silent change: nesting deeper
than 1024 levels (the standard parser raises RecursionError), lone surrogates, numbers beyond a
double (`1e400` would become infinity). A body that parses to anything but an object (`[1]`, `"x"`,
`null`) is refused here, once, before any view looks into it. The size of a body is bounded by
Django's DATA_UPLOAD_MAX_MEMORY_SIZE (a 413, see projects/api/errors.py).
"""

import orjson
from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser


def _kind(value) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    return {list: "an array", str: "a string"}.get(type(value), "a number")


class JSONObjectParser(JSONParser):
    # A JSONParser subclass, so DRF reads the body through `request.body` and its size limit.

    def parse(self, stream, media_type=None, parser_context=None):
        raw = stream.read()
        encoding = (parser_context or {}).get("encoding") or "utf-8"
        if encoding.lower().replace("_", "-") not in ("utf-8", "utf8"):
            try:
                raw = raw.decode(encoding)
            except (LookupError, UnicodeDecodeError):
                raise ParseError(
                    _("The body is not valid %(encoding)s: send UTF-8 JSON.") % {"encoding": encoding}
                ) from None
        try:
            data = orjson.loads(raw)
        except orjson.JSONDecodeError as error:
            raise ParseError(
                _("The body is not valid JSON: %(error)s (line %(line)s, column %(column)s).")
                % {"error": error.msg, "line": error.lineno, "column": error.colno}
            ) from None
        if not isinstance(data, dict):
            raise ParseError(
                _('The body must be a JSON object such as {"name": …}, not %(kind)s.') % {"kind": _kind(data)}
            )
        return data
