"""Row ids from the outside (query parameters, paths, bodies): whole numbers a primary key can hold.

Every primary key is a 64-bit BigAutoField. PostgreSQL compares an oversized number and finds
nothing, but SQLite cannot bind one (`OverflowError`), so every id that comes in is judged here
first, the same way for both backends: 1 to 2^63 − 1, written in decimal digits.
"""

import re

MAX_ID = 2**63 - 1
_DIGITS = re.compile(r"[0-9]+")
_WHOLE_NUMBER = re.compile(r"-?[0-9]+")


def parse_id(value) -> int | None:
    """The id `value` names, or None when it is not a whole number from 1 to MAX_ID."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = value
    elif isinstance(value, str) and _DIGITS.fullmatch(value) and len(value) <= len(str(MAX_ID)):
        number = int(value)
    else:
        return None
    return number if 1 <= number <= MAX_ID else None


def is_whole_number(value) -> bool:
    """Whether `value` is written as a whole number at all (possibly out of range, or negative)."""
    if isinstance(value, bool) or not isinstance(value, int | str):
        return False
    return bool(_WHOLE_NUMBER.fullmatch(str(value)))


class IdConverter:
    """`<id:pk>` in a URL pattern: an id in range, else the pattern does not match (a 404)."""

    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = parse_id(value)
        if number is None:
            raise ValueError(f"not an id: {value}")
        return number

    def to_url(self, value) -> str:
        return str(value)
