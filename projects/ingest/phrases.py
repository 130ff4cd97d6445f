"""Find many names in a text at once (pyahocorasick), keeping the script-boundary rules.

- Latin-script names match whole words only: not inside a longer Latin word (“Musan” is not in
  “Musanite”), case-insensitively; the text is folded first (`fold`: diacritics and curly apostrophes).
- Hangul names must start a word (Korean puts spaces between words, particles follow the name), so
  의주 is not found inside 신의주.
- Chinese has no spaces: any position; where names overlap, `NameIndex` takes the longest at the
  leftmost position, so 义州 is not found inside 新义州.

One Aho–Corasick automaton finds every occurrence of every name in one pass over the text; the
boundary rules are then checked per occurrence. Before this, a regular expression with every name
(gazetteer) and one `str.find` loop per name (organizations, ventures) cost time in proportion to
the number of names: 150 ms and 50 ms on the seed article with 10,000 ventures (docs/intake.md).
"""

import re
import unicodedata

import ahocorasick

HANGUL_CHAR = "\uac00-\ud7a3"
HAN_CHAR = "\u4e00-\u9fff"
LATIN_WORD = "A-Za-z0-9"
APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'", "´": "'"})
HANGUL_RE = re.compile(f"[{HANGUL_CHAR}]")
HAN_RE = re.compile(f"[{HAN_CHAR}]")


def fold(text: str) -> str:
    """Fold diacritics and apostrophes keeping every character's position (one char in, one out)."""
    out = []
    for char in text.translate(APOSTROPHES):
        if ord(char) < 128:
            out.append(char)
            continue
        base = unicodedata.normalize("NFKD", char)
        stripped = "".join(c for c in base if not unicodedata.combining(c))
        out.append(stripped if len(stripped) == 1 else char)
    return "".join(out)


def script_of(name: str) -> str:
    if HANGUL_RE.search(name):
        return "ko"
    if HAN_RE.search(name):
        return "zh"
    return "en"


def lower_keeping_positions(text: str) -> str:
    lowered = text.lower()
    # Lower-casing never shortens a character, so an unchanged length means one char in, one out.
    if len(lowered) == len(text):
        return lowered
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def at_boundaries(text: str, start: int, end: int, script: str) -> bool:
    """Whether text[start:end] may be a name of `script` there (see the module's rules)."""
    before = text[start - 1] if start else " "
    if script == "en":
        after = text[end] if end < len(text) else " "
        return not (before.isascii() and before.isalnum()) and not (after.isascii() and after.isalnum())
    if script == "ko":
        return not ("\uac00" <= before <= "\ud7a3")
    return True


class PhraseIndex:
    """Every whole-word occurrence of any of many names; each name maps to one or more values."""

    def __init__(self):
        self.values: dict[str, list] = {}
        self._automaton = None

    def add(self, variant: str, value):
        bucket = self.values.setdefault(variant.lower(), [])
        if value not in bucket:
            bucket.append(value)
        self._automaton = None

    def compile(self):
        """Build the automaton now (else the first search does)."""
        self._compiled()
        return self

    def _compiled(self):
        if self._automaton is None and self.values:
            automaton = ahocorasick.Automaton()
            for key in self.values:
                automaton.add_word(key, (key, script_of(key)))
            automaton.make_automaton()
            self._automaton = automaton
        return self._automaton

    def _occurrences(self, lowered: str):
        automaton = self._compiled()
        if automaton is None:
            return
        for last, (key, script) in automaton.iter(lowered):
            start, end = last - len(key) + 1, last + 1
            if at_boundaries(lowered, start, end, script):
                yield start, end, key

    def finditer(self, text: str):
        """Yield (start, end, values) for each occurrence, by end position; `text` must be folded.

        Occurrences may overlap (“Dandong Hongxiang” inside “Dandong Hongxiang Industrial”).
        """
        for start, end, key in self._occurrences(lower_keeping_positions(text)):
            yield start, end, self.values[key]


class NameIndex(PhraseIndex):
    """Like PhraseIndex, but names do not overlap: the leftmost occurrence wins, and the longest there.

    This is what one regular expression with every name, longest first, finds (the gazetteer used
    one until pyahocorasick): the Chinese 新义州 (Sinuiju) hides the 义州 (Uiju) inside it.
    """

    def finditer(self, text: str):
        """Yield (start, end, values) in text order; `text` must already be folded."""
        longest: dict[int, tuple[int, str]] = {}
        for start, end, key in self._occurrences(lower_keeping_positions(text)):
            if end > longest.get(start, (-1, ""))[0]:
                longest[start] = (end, key)
        position = 0
        for start in sorted(longest):
            if start < position:
                continue
            end, key = longest[start]
            yield start, end, self.values[key]
            position = end
