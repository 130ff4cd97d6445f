"""A record's name in the interface's language: the one rule for pages, the map and its popups.

- Korean: the Hangul name leads, the English one follows in brackets: "덕현광산 (Tokhyon Mine)".
- Chinese (simplified): the Chinese name alone, in simplified characters even when it is stored in
  traditional ones (a province's or place's `name_zh_hant`, or a venture's name copied from a Taiwanese
  or Hong Kong article): "德贤矿山".
- English, and any language whose name is not recorded: the English name.

Works on ventures and organizations (`name`, `name_ko`, `name_zh`), provinces and places (`name_en`,
`name_ko`, `name_zh`, `name_zh_hant`), and on rows (dicts) with the same keys.
"""

from collections.abc import Mapping
from functools import lru_cache

import opencc

from projects.formatting import interface_language

# Which field leads in each language, and which follows in brackets (None: none follows). The map's
# script gets this table (`name_rule` in its configuration) and applies it to the API's features.
NAME_RULES = {
    "en": {"lead": "name", "bracket": None},
    "ko": {"lead": "name_ko", "bracket": "name"},
    "zh-hans": {"lead": "name_zh", "bracket": None},
}


@lru_cache(maxsize=1)
def _to_simplified():
    return opencc.OpenCC("t2s")


@lru_cache(maxsize=4096)
def simplified(text: str) -> str:
    """Chinese text in simplified characters (simplified text comes back unchanged)."""
    return _to_simplified().convert(text) if text else text


def _field(obj, name: str) -> str:
    value = obj.get(name) if isinstance(obj, Mapping) else getattr(obj, name, None)
    return (value or "").strip() if isinstance(value, str) else ""


def _english(obj) -> str:
    return _field(obj, "name") or _field(obj, "name_en")


def name_rule(language: str | None = None) -> dict:
    """{"lead": field, "bracket": field or None} for the language (the active one by default)."""
    return NAME_RULES[interface_language(language)]


def display_name(obj, language: str | None = None) -> str:
    """The name to show for `obj` in `language` (the active language by default); "" for None."""
    if obj is None:
        return ""
    language = interface_language(language)
    english = _english(obj)
    if language == "ko":
        hangul = _field(obj, "name_ko")
        if hangul and english and hangul != english:
            return f"{hangul} ({english})"
        return hangul or english
    if language == "zh-hans":
        chinese = _field(obj, "name_zh") or _field(obj, "name_zh_hant")
        return simplified(chinese) if chinese else english
    return english
