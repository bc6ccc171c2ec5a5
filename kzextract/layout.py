"""Where an offset stands: its sentence and its paragraph. Plain functions
over a text and its paragraph starts."""

from __future__ import annotations

import re
import string
from bisect import bisect_right
from typing import Optional, Sequence

# A sentence ends at . ! ? followed by space and an upper-case letter, digit or
# opening quote; "St. Petersburg" and "N.A. Nazarbayev" are guarded below.
# The mark is matched, not looked behind for, so the scan skips to marks: that
# halves the time of this search, a full pass over every text with mentions.
_SENTENCE_END = re.compile(r"[.!?][\"”’']?\s+(?=[A-Z0-9“\"‘(])")
_ABBREVIATION_WORDS = ("St", "Mr", "Mrs", "Ms", "Dr", "No", "Nos", "Art", "Vol", "pp", "P", "Yu", "vs", "etc")
# ... and any single capital (an initial)
_ABBREVIATIONS = re.compile(r"(?:\b(?:" + "|".join(_ABBREVIATION_WORDS) + r"|[A-Z]))\.$")
# The last letter of every abbreviation: a mark after any other character ends a sentence.
_ABBREVIATION_ENDS = frozenset(word[-1] for word in _ABBREVIATION_WORDS) | frozenset(string.ascii_uppercase)


def _after_abbreviation(text: str, end_mark: int) -> bool:
    """Whether the mark ending at `end_mark` closes an abbreviation. Most marks
    follow a letter no abbreviation ends in; the search is only run for the rest."""
    if end_mark >= 2 and (text[end_mark - 1] != "." or text[end_mark - 2] not in _ABBREVIATION_ENDS):
        return False
    return _ABBREVIATIONS.search(text[max(0, end_mark - 6) : end_mark]) is not None


class Layout:
    """Sentence and paragraph boundaries of one text (sentences computed lazily)."""

    def __init__(self, text: str, paragraph_starts: Optional[Sequence[int]] = None):
        self.text = text
        self.paragraph_starts = list(paragraph_starts) if paragraph_starts else [0]
        self._sentence_starts: Optional[list[int]] = None

    def paragraph_of(self, offset: int) -> int:
        return bisect_right(self.paragraph_starts, offset) - 1

    def paragraph_bounds(self, offset: int) -> tuple[int, int]:
        i = self.paragraph_of(offset)
        end = self.paragraph_starts[i + 1] if i + 1 < len(self.paragraph_starts) else len(self.text)
        return self.paragraph_starts[max(i, 0)], end

    def sentence_of(self, offset: int) -> tuple[int, int]:
        """[start, end) of the sentence around `offset`, never crossing a paragraph."""
        if self._sentence_starts is None:
            starts = set(self.paragraph_starts)
            for m in _SENTENCE_END.finditer(self.text):
                end_mark = m.start() + 1
                if not _after_abbreviation(self.text, end_mark):
                    starts.add(m.end())
            self._sentence_starts = sorted(starts)
        i = bisect_right(self._sentence_starts, offset) - 1
        start = self._sentence_starts[max(i, 0)]
        end = self._sentence_starts[i + 1] if i + 1 < len(self._sentence_starts) else len(self.text)
        return start, end
