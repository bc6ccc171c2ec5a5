"""A matching view of a raw text, and the map back to raw offsets.

Articles arrive with hard line breaks inside names ("Conference on\nInteraction")
and PDF page-break hyphenation ("As-\n\ntana"); web pages add invisible
characters and entities. spaCy turns such things into tokens of their own,
which breaks every phrase and token pattern. So the pipeline runs on a *view*,
built in two stages, and every mention is mapped back to offsets into the raw
text, which output and gold index:

1. `fold`: what a browser would not show or would show as one character.
   Soft hyphens (U+00AD) and zero-width spaces, joiners and non-joiners
   (U+200B-U+200D, U+2060, U+FEFF) are dropped, a soft hyphen before a line
   break becomes "-" (so stage 2 joins the word); decomposed accents are
   composed (NFD "Tu\u0308rkiye" -> NFC "Türkiye"); HTML entities left in the
   text (`&amp;`, `&#8217;`) are decoded; U+2010 and U+2011 are "-".
2. Whitespace runs become one space, hyphenation across a line break is
   joined, and runs of more than `PUNCT_RUN_LIMIT` non-word characters are cut
   to that many (spaCy's tokenizer is quadratic in such a run: 32,000 "(" took
   two minutes). A stretch without whitespace longer than `LONG_STRETCH` gets a
   space every `LONG_STRETCH` characters, same length, for the same reason
   ("a:a:a:…").

Both stages' edits are composed into one map, so a Doc stores one list of
edit points, as before.
"""

from __future__ import annotations

import html
import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass
from html.entities import html5 as html5_entities
from typing import Optional

# "Confidence-Building" and "Confidence Building" are one name: in the view an
# intra-word hyphen is a space (same length, so offsets do not move).
_INTRA_WORD_HYPHEN = re.compile(r"-(?<=[^\W\d_]-)(?=[^\W\d_])")

# Longer runs of non-word characters are cut to this many in the view.
PUNCT_RUN_LIMIT = 16
# A stretch without whitespace gets a space after this many characters.
LONG_STRETCH = 256

_INVISIBLE_CHARS = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
_INVISIBLE = re.compile(f"[{_INVISIBLE_CHARS}]+")
_LINE_BREAK_AHEAD = re.compile(r"[ \t]*\n")
_COMBINING = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
_CLUSTER = re.compile(f"[^{_COMBINING}][{_COMBINING}]+")
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_HYPHENS = str.maketrans({"\u2010": "-", "\u2011": "-"})
_PUNCT_RUN = re.compile(r"(?:[^\w\s]|_)" + "{%d,}" % (PUNCT_RUN_LIMIT + 1))
_LONG = re.compile(r"\S{%d,}" % (LONG_STRETCH + 1))


def raw_offset_in(edit_points, shifts, view_pos: int) -> int:
    """Raw offset of view position `view_pos`, from a view's stored edit points."""
    i = bisect_right(edit_points, view_pos) - 1
    return view_pos + (shifts[i] if i >= 0 else 0)


def raw_span_in(raw: str, edit_points, shifts, start: int, end: int) -> tuple[int, int]:
    """Raw `[start, end)` of view span `[start, end)`, from a view's stored edit
    points: the end maps from the span's last character, to the end of all the
    raw characters it stands for (`&amp;`, a letter and its combining accents).
    `raw_offset_in(…, end - 1) + 1` would cut those short ("Panama" for NFD
    "Panamá", "Caf&" for "Caf&eacute;")."""
    last = raw_offset_in(edit_points, shifts, end - 1)
    return raw_offset_in(edit_points, shifts, start), last + raw_char_width(raw, last)


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
        """Raw `[start, end)` of view span `[start, end)`; end maps from its last
        char, to the end of all the raw characters it stands for (`&amp;`, a
        letter and its combining accents)."""
        return raw_span_in(self.raw, self._edit_points, self._shifts, start, end)

    def view_offset(self, raw_pos: int) -> int:
        """View position of raw offset `raw_pos` (inside a removed stretch: the next kept character)."""
        if not self._edit_points:
            return raw_pos
        i = bisect_right(self._raw_points, raw_pos) - 1
        view_pos = raw_pos - (self._shifts[i] if i >= 0 else 0)
        if i + 1 < len(self._edit_points):
            view_pos = min(view_pos, self._edit_points[i + 1])
        return view_pos


def raw_char_width(raw: str, pos: int) -> int:
    """How many raw characters from `pos` one view character stands for: an
    HTML entity the view decodes, or a character and the combining marks after it."""
    if raw.startswith("&", pos):
        match = _ENTITY.match(raw, pos)
        if match and decode_entity(match.group()) is not None:
            return match.end() - pos
    end = pos + 1
    while end < len(raw) and unicodedata.combining(raw[end]):
        end += 1
    return end - pos


def decode_entity(entity: str) -> Optional[str]:
    """`&amp;` -> "&", `&#8217;` -> "’"; None for a name HTML does not define."""
    if entity.startswith("&#"):
        return html.unescape(entity)
    return html5_entities.get(entity[1:])


def make_view(raw: str) -> TextView:
    """The matching view of `raw` (both stages) with one map back to it."""
    folded, fold_points, fold_shifts = _apply(raw, _fold_edits(raw))
    if not folded.isascii() and ("\u2010" in folded or "\u2011" in folded):
        folded = folded.translate(_HYPHENS)
    # Only words longer than the punctuation limit can hold a run or be too long.
    long_words = [word for word in folded.split() if len(word) > PUNCT_RUN_LIMIT]
    edits, joins = _length_changing_edits(folded, any(_PUNCT_RUN.search(word) for word in long_words))
    joined, points, shifts = _apply(folded, edits)
    view = unhyphenate(_spaces_for_lone_whitespace(joined))
    if joins or any(len(word) > LONG_STRETCH for word in long_words):
        view = break_long_stretches(view)
    if fold_points:
        points, shifts = _compose(fold_points, fold_shifts, points, shifts)
    return TextView.from_edits(raw, view, points, shifts)


def _apply(text: str, edits: list[tuple[int, int, str]]) -> tuple[str, list[int], list[int]]:
    """`text` with the (start, end, replacement) edits made, and the edit
    points and cumulative shifts where its length changed."""
    if not edits:
        return text, [], []
    pieces: list[str] = []
    edit_points: list[int] = []
    shifts: list[int] = []
    shift = 0
    pos = 0
    view_len = 0
    for start, end, replacement in edits:
        pieces.append(text[pos:start])
        view_len += start - pos
        pieces.append(replacement)
        view_len += len(replacement)
        pos = end
        if len(replacement) == end - start:
            continue
        shift += (end - start) - len(replacement)
        # From the first view character after this edit on, raw is `shift` ahead.
        edit_points.append(view_len)
        shifts.append(shift)
    pieces.append(text[pos:])
    return "".join(pieces), edit_points, shifts


def _compose(points1: list[int], shifts1: list[int], points2: list[int], shifts2: list[int]) -> tuple[list[int], list[int]]:
    """One map from two: stage 1 (raw -> folded) after stage 2 (folded -> view)."""
    stage2 = TextView.from_edits("", "", points2, shifts2)
    candidates = sorted({*points2, *(stage2.view_offset(q) for q in points1)})
    points: list[int] = []
    shifts: list[int] = []
    for v in candidates:
        t = stage2.raw_offset(v)
        i = bisect_right(points1, t) - 1
        total = t - v + (shifts1[i] if i >= 0 else 0)
        if total != (shifts[-1] if shifts else 0):
            points.append(v)
            shifts.append(total)
    return points, shifts


def _fold_edits(raw: str) -> list[tuple[int, int, str]]:
    """Stage 1 edits: invisible characters, decomposed accents, HTML entities."""
    edits: list[tuple[int, int, str]] = []
    if not raw.isascii():
        if any(char in raw for char in _INVISIBLE_CHARS):
            for m in _INVISIBLE.finditer(raw):
                before_break = raw.endswith("\u00ad", 0, m.end()) and _LINE_BREAK_AHEAD.match(raw, m.end())
                edits.append((m.start(), m.end(), "-" if before_break else ""))
        if not unicodedata.is_normalized("NFC", raw):
            for m in _CLUSTER.finditer(raw):
                composed = unicodedata.normalize("NFC", m.group())
                if composed != m.group() and len(composed) <= len(m.group()):
                    edits.append((m.start(), m.end(), composed))
    if "&" in raw:
        for m in _ENTITY.finditer(raw):
            decoded = decode_entity(m.group())
            if decoded is not None:
                edits.append((m.start(), m.end(), decoded))
    edits.sort()
    kept: list[tuple[int, int, str]] = []
    for edit in edits:
        if not kept or edit[0] >= kept[-1][1]:  # an edit inside another one is dropped
            kept.append(edit)
    return kept


def _spaces_for_lone_whitespace(text: str) -> str:
    """Every whitespace character left after the edits is alone: make it a space."""
    for char in "\n\r\t":
        if char in text:
            text = text.replace(char, " ")
    # Looked for one by one: 25 substring searches cost a fifth of one
    # regular-expression scan for a class of characters.
    return _OTHER_SPACE.sub(" ", text) if any(char in text for char in _OTHER_SPACES) else text


def unhyphenate(text: str) -> str:
    """The view's and the patterns' spelling: intra-word hyphens as spaces and
    the typographic apostrophe as ' ("Children’s Fund"), both same length."""
    if "-" in text:
        text = _INTRA_WORD_HYPHEN.sub(" ", text)
    return text.replace("’", "'") if "’" in text else text


def break_long_stretches(text: str) -> str:
    """A space instead of every `LONG_STRETCH`-th character of a stretch without
    whitespace (same length). No name is that long; spaCy's tokenizer is
    quadratic in some such stretches ("a:a:a:…")."""
    if not _LONG.search(text):
        return text

    def broken(match: re.Match) -> str:
        chars = list(match.group())
        for i in range(LONG_STRETCH, len(chars), LONG_STRETCH + 1):
            chars[i] = " "
        return "".join(chars)

    return _LONG.sub(broken, text)


_OTHER_SPACE = re.compile(r"[^\S \n\r\t]")
# The characters _OTHER_SPACE matches: whitespace other than " \n\r\t", all
# below U+3001 (a test checks the whole of Unicode).
_OTHER_SPACES = tuple(c for c in map(chr, range(0x3001)) if _OTHER_SPACE.match(c))
_RUN = re.compile(r"\s\s+")  # as \s{2,}, which sre scans two fifths slower
_HYPHEN_AT_BREAK = re.compile(r"-[ \t]*\n")
# Both start with the hyphen, so the scanner can skip to hyphens.
_JOINED = re.compile(r"-(?<=[^\W\d_]-)[ \t]*\n\s*(?=[a-z])")  # "Eu-\n\nropean" -> "European"
_COMPOUND = re.compile(r"-(?<=[^\W\d_]-)([ \t]*\n\s*)(?=[^\W\d_])")  # "Confidence-\nBuilding"


def _length_changing_edits(raw: str, punct_runs: bool = True) -> tuple[list[tuple[int, int, str]], bool]:
    """Stage 2: (start, end, replacement) for each stretch whose length changes,
    in order, and whether a hyphenated line break was joined."""
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
    if punct_runs:
        # Runs hold no whitespace, so they never overlap the edits above.
        edits.extend((m.start() + PUNCT_RUN_LIMIT, m.end(), "") for m in _PUNCT_RUN.finditer(raw))
        edits.sort()
    return edits, bool(breaks)


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
