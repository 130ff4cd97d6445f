"""Coordinates as editors copy them from articles: the one parser (a pure helper, no project imports).

Accepted, latitude and longitude in either order when each carries its hemisphere letter:

- decimal degrees: ``40.19, 124.53`` (latitude first), ``40.19N 124.53E``, ``N40.19 E124.53``,
  ``-33.9, 151.2``;
- degrees and minutes (and seconds): ``40°11'N 124°32'E``, ``40°11.4′N, 124°31.8′E``,
  ``40°11'30"N 124°32'10"E``, ``40 11' N 124 32' E``.

Anything else is refused with a message saying what was wrong and what is accepted.
"""

import re

MAX_LENGTH = 100
EXAMPLES = "e.g. 40.19, 124.53 or 40.19N 124.53E or 40°11'N 124°32'E"

_NUMBER = r"\d{1,3}(?:\.\d{1,12})?"
_DEGREE_MARK = r"(?:°|º|˚|deg|d)?"
_MINUTE_MARK = r"(?:'|′|’|‘|min|m)"
_SECOND_MARK = r"(?:\"|″|”|“|''|′′|sec|s)"


def _component(name: str, pre: str = "?", post: str = "?") -> str:
    """One number with its marks; `pre`/`post` say whether the hemisphere letter is optional ("?"),
    required ("") or absent ("{0}") before or after it."""
    return (
        rf"(?P<{name}_pre>[NSEW]){pre}\s*"
        rf"(?P<{name}_sign>[+-])?(?P<{name}_deg>{_NUMBER})\s*{_DEGREE_MARK}\s*"
        rf"(?:(?P<{name}_min>\d{{1,2}}(?:\.\d{{1,12}})?)\s*{_MINUTE_MARK}\s*"
        rf"(?:(?P<{name}_sec>\d{{1,2}}(?:\.\d{{1,12}})?)\s*{_SECOND_MARK}\s*)?)?"
        rf"(?P<{name}_post>[NSEW]){post}"
    )


def _pair(pre: str, post: str, separator: str) -> re.Pattern:
    a, b = _component("a", pre, post), _component("b", pre, post)
    return re.compile(rf"^\s*{a}{separator}{b}\s*$", re.IGNORECASE)


_SEPARATOR = r"(?:\s*[,;/]\s*|\s+)"
# Tried in turn: letters after the numbers, letters before them, no letters; then a loose reading
# whose only use is a precise message for what it finds (a letter on one number only, twice, …).
_PAIRS = [
    _pair("{0}", "", r"\s*[,;/]?\s*"),
    _pair("", "{0}", _SEPARATOR),
    _pair("{0}", "{0}", _SEPARATOR),
    _pair("?", "?", _SEPARATOR),
]


class CoordinateError(ValueError):
    """The text is not a coordinate pair; the message says why, for the editor."""


def _degrees(match, name: str) -> tuple[float, str | None]:
    part = {key: match.group(f"{name}_{key}") for key in ("pre", "sign", "deg", "min", "sec", "post")}
    if part["pre"] and part["post"]:
        raise CoordinateError("Give each hemisphere letter (N, S, E, W) once, before or after the number.")
    hemisphere = (part["pre"] or part["post"] or "").upper() or None
    if hemisphere and part["sign"]:
        raise CoordinateError("Use either a minus sign or a hemisphere letter (S, W), not both.")
    value = float(part["deg"])
    if part["min"] is not None:
        if "." in part["deg"]:
            raise CoordinateError("Degrees with minutes must be whole degrees (40°11'N, not 40.5°11'N).")
        minutes = float(part["min"])
        if minutes >= 60:
            raise CoordinateError(f"Minutes must be less than 60 (got {part['min']}).")
        seconds = float(part["sec"]) if part["sec"] is not None else 0.0
        if seconds >= 60:
            raise CoordinateError(f"Seconds must be less than 60 (got {part['sec']}).")
        if part["sec"] is not None and "." in part["min"]:
            raise CoordinateError("Minutes followed by seconds must be whole minutes.")
        value += minutes / 60 + seconds / 3600
    if part["sign"] == "-" or hemisphere in ("S", "W"):
        value = -value
    return value, hemisphere


def parse_coordinates(text: str) -> tuple[float, float]:
    """(latitude, longitude) in WGS 84 degrees from an editor's text, or CoordinateError."""
    text = (text or "").strip()
    if not text:
        raise CoordinateError(f"Enter a latitude and a longitude ({EXAMPLES}).")
    if len(text) > MAX_LENGTH:
        raise CoordinateError(f"At most {MAX_LENGTH} characters.")
    match = next((m for m in (pattern.match(text) for pattern in _PAIRS) if m), None)
    if not match:
        raise CoordinateError(f"“{text}” is not a latitude and longitude. Write it as {EXAMPLES}.")
    first, first_hemisphere = _degrees(match, "a")
    second, second_hemisphere = _degrees(match, "b")
    hemispheres = (first_hemisphere, second_hemisphere)
    if (first_hemisphere is None) != (second_hemisphere is None):
        raise CoordinateError("Give a hemisphere letter on both numbers (40.19N 124.53E) or on neither.")
    if hemispheres in (("E", "N"), ("E", "S"), ("W", "N"), ("W", "S")):
        first, second = second, first  # longitude given first
    elif first_hemisphere is not None and hemispheres not in (("N", "E"), ("N", "W"), ("S", "E"), ("S", "W")):
        raise CoordinateError("One number must be north/south (N, S), the other east/west (E, W).")
    latitude, longitude = first, second
    if not -90 <= latitude <= 90:
        raise CoordinateError(
            f"Latitude must lie between -90 and 90 (got {latitude:g}): latitude comes first."
        )
    if not -180 <= longitude <= 180:
        raise CoordinateError(f"Longitude must lie between -180 and 180 (got {longitude:g}).")
    return latitude, longitude


def format_coordinates(latitude: float, longitude: float) -> str:
    """The form in which the admin shows a stored point (parse_coordinates reads it back)."""
    return f"{abs(latitude):.5f}{'N' if latitude >= 0 else 'S'} {abs(longitude):.5f}{'E' if longitude >= 0 else 'W'}"
