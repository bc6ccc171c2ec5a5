"""The tokens of a list item: bullets and numbers, the words that join one
more item, and what is trimmed from an item's edges. Plain functions over
token texts, used by `listitems`."""

from __future__ import annotations

from typing import Sequence

from .words import CLOSING_QUOTES as TEXT_CLOSING_QUOTES
from .words import OPENING_QUOTES as TEXT_OPENING_QUOTES
from .words import ARTICLES, is_punct

BULLETS = frozenset({"-", "–", "—", "•", "·", "*", "▪", "●", "◦"})
# A list item is a name, so a single curly quote there opens or closes one.
OPENING_QUOTES = TEXT_OPENING_QUOTES | {"‘"}
CLOSING_QUOTES = TEXT_CLOSING_QUOTES | {"’"}


def title_case_list_goes_on(words: Sequence[str], k: int, end: int) -> bool:
    """"… Good-Neighborly Relations, Friendship and Cooperation between …": a
    capitalized word after a comma that follows a capitalized word, with
    `and` and another capitalized word soon after, continues one title."""
    if k < 2 or words[k - 1] != "," or not words[k - 2][:1].isupper() or not words[k][:1].isupper():
        return False
    for j in range(k + 1, min(end - 1, k + 4)):
        if words[j] in {",", ";"}:
            return False
        if words[j].lower() == "and":
            return words[j + 1][:1].isupper()
    return False


# Words that join one more item to a list, as `and` does.
COORDINATORS = (("as", "well", "as"), ("along", "with"))


def coordinator_length(words: Sequence[str], k: int, end: int) -> int:
    """How many tokens of a multi-word coordinator ("as well as", "along with") start at k."""
    for coordinator in COORDINATORS:
        n = len(coordinator)
        if k + n < end and tuple(w.lower() for w in words[k : k + n]) == coordinator:
            return n
    return 0


def marker_end(words: Sequence[str], i: int) -> int:
    """The token after a bullet or number marker at `i` ("-", "•", "1.", "2)"), else `i`."""
    n = len(words)
    if i >= n:
        return i
    if words[i] in BULLETS:
        return i + 1
    if words[i].isdigit() and len(words[i]) <= 2 and i + 1 < n and words[i + 1] in {".", ")"}:
        return i + 2
    if words[i] == "(" and i + 2 < n and words[i + 1].isdigit() and words[i + 2] == ")":
        return i + 3
    return i


def sentence_end(words: Sequence[str], k: int) -> bool:
    """A full stop at token k that ends the sentence (not "No." or "St.")."""
    return words[k] in {".", "!", "?"}


def split_on(words: Sequence[str], start: int, end: int, separator: str) -> list[tuple[int, int]]:
    pieces, piece_start = [], start
    for k in range(start, end):
        if words[k] == separator:
            pieces.append((piece_start, k))
            piece_start = k + 1
    pieces.append((piece_start, end))
    return [(s, e) for s, e in pieces if e > s]


def strip_edges(words: Sequence[str], start: int, end: int) -> tuple[int, int]:
    """Without markers, determiners, unmatched quotes, edge punctuation and a
    trailing bracket ("… Basin for 2021-2030 (ASBP-4)")."""
    while True:
        before = (start, end)
        start = marker_end(words, start)
        if start < end and words[start].lower() in ARTICLES | {"and"}:
            start += 1
        start += coordinator_length(words, start, end)
        while start < end and is_punct(words[start]) and words[start] not in OPENING_QUOTES:
            start += 1
        while end > start and is_punct(words[end - 1]) and words[end - 1] not in CLOSING_QUOTES | {")"}:
            end -= 1
        if end > start and words[end - 1] == ")":
            opening = next((k for k in range(end - 2, start - 1, -1) if words[k] == "("), None)
            if opening is not None and opening > start:
                end = opening
        if end > start and words[end - 1] in CLOSING_QUOTES:
            opened = sum(1 for w in words[start : end - 1] if w in OPENING_QUOTES and w not in CLOSING_QUOTES)
            if words[end - 1] in OPENING_QUOTES:  # a straight quote closes one opened before it
                opened = sum(1 for w in words[start : end - 1] if w == words[end - 1]) % 2
            if not opened:
                end -= 1
        if start < end and words[start] in OPENING_QUOTES:
            closing = next((k for k in range(start + 1, end) if words[k] in CLOSING_QUOTES), None)
            if closing is None or closing == end - 1:
                start += 1  # a wholly quoted title is spanned without its quotes
                if closing == end - 1:
                    end -= 1
        if (start, end) == before:
            return start, end
