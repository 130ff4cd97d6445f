"""The phrase search the matcher used before pyahocorasick, kept as the oracle the new one must equal.

`RegexNameIndex`: one regular expression with every name (longest first), so the leftmost match
wins, the longest at that position, and matches do not overlap. `FindPhraseIndex`: one substring
search per name, every (overlapping) occurrence. Both apply the script boundaries of
`projects.ingest.match`. Only the tests use this module.
"""

import re

from projects.ingest.phrases import HANGUL_CHAR, LATIN_WORD, script_of


def _bounded(pattern: str, script: str) -> str:
    if script == "en":
        return f"(?<![{LATIN_WORD}]){pattern}(?![{LATIN_WORD}])"
    if script == "ko":
        return f"(?<![{HANGUL_CHAR}]){pattern}"
    return pattern


def _lookup(key: str) -> str:
    return key if script_of(key) != "en" else key.lower()


class RegexNameIndex:
    def __init__(self, values: dict[str, list]):
        self.values = values
        names = sorted(values, key=len, reverse=True)
        alternatives = [_bounded(re.escape(name), script_of(name)) for name in names]
        self.regex = re.compile("|".join(alternatives), re.IGNORECASE) if alternatives else None

    def finditer(self, text: str):
        if self.regex is None:
            return
        for match in self.regex.finditer(text):
            yield match.start(), match.end(), self.values.get(_lookup(match.group(0)), [])


def _at_boundaries(text: str, start: int, end: int, script: str) -> bool:
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    if script == "en":
        return not (before.isascii() and before.isalnum()) and not (after.isascii() and after.isalnum())
    if script == "ko":
        return not ("\uac00" <= before <= "\ud7a3")
    return True


class FindPhraseIndex:
    def __init__(self, values: dict[str, list]):
        self.values = values

    def finditer(self, text: str):
        lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
        for name, values in self.values.items():
            start = lowered.find(name)
            while start != -1:
                end = start + len(name)
                if _at_boundaries(lowered, start, end, script_of(name)):
                    yield start, end, values
                start = lowered.find(name, start + 1)
