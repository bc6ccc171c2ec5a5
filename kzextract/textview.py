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

# A word broken by a hyphen at a line break and continued in lower case is one
# word ("Eu-\n\nropean"); with an upper-case continuation it is a compound
# ("Confidence-\nBuilding") and keeps its hyphen.
_HYPHENATION = re.compile(r"(?<=[^\W\d_])-[ \t]*\n\s*(?=[a-z])")
_HYPHEN_BEFORE_BREAK = re.compile(r"(?<=[^\W\d_])-[ \t]*\n\s*(?=[^\W\d_])")
# "Confidence-Building" and "Confidence Building" are one name: in the view an
# intra-word hyphen is a space (same length, so offsets do not move).
_INTRA_WORD_HYPHEN = re.compile(r"(?<=[^\W\d_])-(?=[^\W\d_])")
# Any whitespace other than a single space.
_ODD_SPACE = re.compile(r"(?: ?[^\S ]\s*)|(?: {2,})")


@dataclass(frozen=True)
class TextView:
    raw: str
    view: str
    # Sorted view positions where the raw text has extra characters, with the
    # cumulative number of raw characters skipped up to and including there.
    _edit_points: tuple[int, ...]
    _shifts: tuple[int, ...]

    def raw_offset(self, view_pos: int) -> int:
        """Raw offset of the character at `view_pos` (a span start)."""
        i = bisect_right(self._edit_points, view_pos) - 1
        return view_pos + (self._shifts[i] if i >= 0 else 0)

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Raw `[start, end)` of view span `[start, end)`; end maps from its last char."""
        return self.raw_offset(start), self.raw_offset(end - 1) + 1


def make_view(raw: str) -> TextView:
    """Collapse whitespace runs to one space and join hyphenated line breaks.

    Only edits that change the length need bookkeeping: a lone line break
    or tab becomes a space by `str.translate` afterwards, at C speed."""
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
    view = "".join(pieces).translate(_LONE_SPACE)
    return TextView(raw, unhyphenate(view), tuple(edit_points), tuple(shifts))


def unhyphenate(text: str) -> str:
    """The view's and the patterns' spelling: intra-word hyphens as spaces and
    the typographic apostrophe as ' ("Children’s Fund"), both same length."""
    if "-" in text:
        text = _INTRA_WORD_HYPHEN.sub(" ", text)
    return text.replace("’", "'") if "’" in text else text


_LONE_SPACE = {ord(c): " " for c in "\n\r\t\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"}
_EDIT = re.compile(
    f"(?P<hyphenation>{_HYPHENATION.pattern})"
    r"|(?P<compound>(?<=[^\W\d_]-)[ \t]*\n\s*(?=[^\W\d_]))"
    r"|(?P<run>\s{2,})"
)


def _length_changing_edits(raw: str):
    """(start, end, replacement) for each raw stretch whose length changes."""
    for m in _EDIT.finditer(raw):
        if m.group("run") is None:
            # "Eu-\n\nropean" -> "European"; "Confidence-\nBuilding" -> "Confidence-Building"
            yield m.start(), m.end(), ""
        else:
            yield m.start(), m.end(), " "


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


def view_offset(view: TextView, raw_pos: int) -> int:
    """View position of raw offset `raw_pos` (inside a removed stretch: the next kept character)."""
    if not view._edit_points:
        return raw_pos
    raw_points = [p + s for p, s in zip(view._edit_points, view._shifts)]
    i = bisect_right(raw_points, raw_pos) - 1
    if i < 0:
        return min(raw_pos, view._edit_points[0])
    return max(raw_pos - view._shifts[i], view._edit_points[i] if raw_pos < raw_points[i] else 0)
