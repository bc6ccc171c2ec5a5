"""A matching view of a raw text, and the map back to raw offsets.

Articles arrive with hard line breaks inside names ("Conference on\\nInteraction")
and PDF page-break hyphenation ("As-\\n\\ntana"). spaCy turns such whitespace
into tokens of its own, which breaks every phrase and token pattern. So the
pipeline runs on a *view* in which whitespace runs are one space and
hyphenation across a line break is joined, and every mention is mapped back
to offsets into the raw text, which output and gold index.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

# "Confidence-Building" and "Confidence Building" are one name: in the view an
# intra-word hyphen is a space (same length, so offsets do not move).
_INTRA_WORD_HYPHEN = re.compile(r"-(?<=[^\W\d_]-)(?=[^\W\d_])")


def raw_offset_in(edit_points, shifts, view_pos: int) -> int:
    """Raw offset of view position `view_pos`, from a view's stored edit points."""
    i = bisect_right(edit_points, view_pos) - 1
    return view_pos + (shifts[i] if i >= 0 else 0)


@dataclass(frozen=True)
class TextView:
    raw: str
    view: str
    # Sorted view positions where the raw text has extra characters, with the
    # cumulative number of raw characters skipped up to and including there.
    _edit_points: tuple[int, ...]
    _shifts: tuple[int, ...]
    _raw_points: tuple[int, ...]  # the same edit points, as raw positions

    @classmethod
    def from_edits(cls, raw: str, view: str, edit_points, shifts) -> "TextView":
        """A view rebuilt from its stored edit points (a deserialized Doc)."""
        points, shifts = tuple(edit_points), tuple(shifts)
        return cls(raw, view, points, shifts, tuple(p + s for p, s in zip(points, shifts)))

    @property
    def edits(self) -> list[list[int]]:
        """[edit points, shifts] as plain lists, for a Doc extension."""
        return [list(self._edit_points), list(self._shifts)]

    def raw_offset(self, view_pos: int) -> int:
        """Raw offset of the character at `view_pos` (a span start)."""
        return raw_offset_in(self._edit_points, self._shifts, view_pos)

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Raw `[start, end)` of view span `[start, end)`; end maps from its last char."""
        return self.raw_offset(start), self.raw_offset(end - 1) + 1

    def view_offset(self, raw_pos: int) -> int:
        """View position of raw offset `raw_pos` (inside a removed stretch: the next kept character)."""
        if not self._edit_points:
            return raw_pos
        i = bisect_right(self._raw_points, raw_pos) - 1
        view_pos = raw_pos - (self._shifts[i] if i >= 0 else 0)
        if i + 1 < len(self._edit_points):
            view_pos = min(view_pos, self._edit_points[i + 1])
        return view_pos


def make_view(raw: str) -> TextView:
    """Collapse whitespace runs to one space and join hyphenated line breaks.

    Only edits that change the length need bookkeeping: a lone line break
    or tab becomes a space afterwards, by `str.replace`, at C speed."""
    pieces: list[str] = []
    edit_points: list[int] = []
    shifts: list[int] = []
    shift = 0
    raw_pos = 0
    view_len = 0
    for start, end, replacement in _length_changing_edits(raw):
        pieces.append(raw[raw_pos:start])
        view_len += start - raw_pos
        pieces.append(replacement)
        view_len += len(replacement)
        shift += (end - start) - len(replacement)
        # From the first view character after this edit on, raw is `shift` ahead.
        edit_points.append(view_len)
        shifts.append(shift)
        raw_pos = end
    pieces.append(raw[raw_pos:] if pieces else raw)
    raw_points = tuple(p + s for p, s in zip(edit_points, shifts))
    view = unhyphenate(_spaces_for_lone_whitespace("".join(pieces)))
    return TextView(raw, view, tuple(edit_points), tuple(shifts), raw_points)


def _spaces_for_lone_whitespace(text: str) -> str:
    """Every whitespace character left after the edits is alone: make it a space."""
    for char in "\n\r\t":
        if char in text:
            text = text.replace(char, " ")
    return _OTHER_SPACE.sub(" ", text) if _OTHER_SPACE.search(text) else text


def unhyphenate(text: str) -> str:
    """The view's and the patterns' spelling: intra-word hyphens as spaces and
    the typographic apostrophe as ' ("Children’s Fund"), both same length."""
    if "-" in text:
        text = _INTRA_WORD_HYPHEN.sub(" ", text)
    return text.replace("’", "'") if "’" in text else text


_OTHER_SPACE = re.compile(r"[^\S \n\r\t]")
_RUN = re.compile(r"\s{2,}")
_HYPHEN_AT_BREAK = re.compile(r"-[ \t]*\n")
# Both start with the hyphen, so the scanner can skip to hyphens.
_JOINED = re.compile(r"-(?<=[^\W\d_]-)[ \t]*\n\s*(?=[a-z])")  # "Eu-\n\nropean" -> "European"
_COMPOUND = re.compile(r"-(?<=[^\W\d_]-)([ \t]*\n\s*)(?=[^\W\d_])")  # "Confidence-\nBuilding"


def _length_changing_edits(raw: str) -> list[tuple[int, int, str]]:
    """(start, end, replacement) for each raw stretch whose length changes, in order."""
    breaks: list[tuple[int, int, str]] = []
    if _HYPHEN_AT_BREAK.search(raw):
        for m in _JOINED.finditer(raw):
            breaks.append((m.start(), m.end(), ""))
        joined = {start for start, _, _ in breaks}
        for m in _COMPOUND.finditer(raw):
            if m.start() not in joined:
                breaks.append((m.start(1), m.end(1), ""))
        breaks.sort()
    edits = []
    next_break = 0
    for m in _RUN.finditer(raw):
        while next_break < len(breaks) and breaks[next_break][1] <= m.start():
            edits.append(breaks[next_break])
            next_break += 1
        if next_break < len(breaks) and breaks[next_break][0] < m.end():
            continue  # inside a hyphenated break, which removes it whole
        edits.append((m.start(), m.end(), " "))
    edits.extend(breaks[next_break:])
    return edits


def paragraph_starts(raw: str) -> list[int]:
    """Raw offsets where paragraphs start.

    A blank line always separates paragraphs. A single line break does too,
    unless the text is hard-wrapped (most lines of similar width), where only a
    line that ends a sentence well short of the wrap width ends a paragraph.
    """
    lines = raw.split("\n")
    starts = [0]
    if len(lines) < 2:
        return starts
    widths = sorted(len(line) for line in lines if line.strip())
    wrap_width = widths[int(len(widths) * 0.9)] if widths else 0
    hard_wrapped = len(widths) >= 8 and widths[len(widths) // 2] >= 0.75 * wrap_width >= 40
    offset = 0
    previous = ""
    for line in lines:
        if offset:
            blank_before = not previous.strip()
            if blank_before or not hard_wrapped:
                starts.append(offset)
            elif previous.rstrip().endswith((".", "!", "?", ":", "”", '"')) and len(previous) < 0.85 * wrap_width:
                starts.append(offset)
        offset += len(line) + 1
        previous = line
    return starts
