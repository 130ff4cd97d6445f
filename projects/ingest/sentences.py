"""Sentences of an article, and the bounded snippet shown with each suggestion.

A suggestion carries the sentence it comes from so that editors can judge it (and a draft venture
quotes it). A “sentence” of a text without sentence breaks can be the whole text, so a snippet is
the sentence when it is short, else a window of at most SNIPPET_MAX_CHARS around the match.
"""

import re
from bisect import bisect_right
from dataclasses import dataclass, field

SENTENCE_END = re.compile(r"([.!?][\"”’)]*)\s+(?=[\"“‘(]?[A-Z0-9가-힣\u4e00-\u9fff])|([。！？][”’」』]*)|\n+")

# The longest snippet stored with a suggestion (plus an ellipsis at each cut end). Sentences of real
# articles are shorter (the seed article's longest has 279 characters), so they are kept whole.
SNIPPET_MAX_CHARS = 400
# How far back (or forward) a cut may move to fall between two words rather than inside one.
SNIPPET_WORD_SLACK = 30
ELLIPSIS = "…"


@dataclass
class Sentences:
    text: str
    starts: list[int] = field(default_factory=list)
    spans: list[tuple[int, int]] = field(default_factory=list)

    @classmethod
    def split(cls, text: str) -> "Sentences":
        sentences = cls(text)
        position = 0
        for match in SENTENCE_END.finditer(text):
            # The closing punctuation (and quote) belongs to the sentence; the space after does not.
            end = match.end(1) if match.group(1) else match.end(2) if match.group(2) else match.start()
            sentences._add(position, end)
            position = match.end()
        sentences._add(position, len(text))
        return sentences

    def _add(self, start: int, end: int):
        while start < end and self.text[start].isspace():
            start += 1
        while end > start and self.text[end - 1].isspace():
            end -= 1
        if end > start:
            self.starts.append(start)
            self.spans.append((start, end))

    def index_at(self, position: int) -> int:
        return max(bisect_right(self.starts, position) - 1, 0)

    def at(self, position: int) -> str:
        """The whole sentence at `position` (unbounded: use `snippet` for anything stored)."""
        if not self.spans:
            return ""
        start, end = self.spans[self.index_at(position)]
        return self.text[start:end]

    def snippet(self, start: int, end: int) -> str:
        """The sentence around text[start:end] if short enough, else a bounded window around it."""
        if not self.spans:
            return ""
        first, last = self.spans[self.index_at(start)]
        if last - first <= SNIPPET_MAX_CHARS:
            return self.text[first:last]
        room = max(SNIPPET_MAX_CHARS - (end - start), 0)
        left = max(first, start - room // 2)
        right = min(last, end + room - (start - left))
        left = max(first, min(left, right - SNIPPET_MAX_CHARS))
        left, right = self._between_words(left, right, first, last, start, end)
        return (
            (ELLIPSIS if left > first else "")
            + self.text[left:right].strip()
            + (ELLIPSIS if right < last else "")
        )

    def _between_words(self, left, right, first, last, start, end) -> tuple[int, int]:
        text = self.text
        if left > first and not text[left - 1].isspace():
            space = text.find(" ", left, min(left + SNIPPET_WORD_SLACK, start))
            left = space + 1 if space != -1 else left
        if right < last and not text[right].isspace():
            space = text.rfind(" ", max(right - SNIPPET_WORD_SLACK, end), right)
            right = space if space != -1 else right
        return left, right
