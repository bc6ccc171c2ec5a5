"""Items of a list of adopted documents: plain functions over token texts.

"Following the summit, the following documents were adopted: - X; - Y." Each
item after such an introduction names one instrument (ANNOTATION.md v2,
"Lists of adopted documents"). Tested table-driven in `tests/test_listitems.py`.
"""

from __future__ import annotations

from typing import Collection, Sequence

BULLETS = frozenset({"-", "•", "–", "*"})


def list_items(words: Sequence[str], colons: Sequence[int], adoption_verbs: Collection[str]) -> list[tuple[int, int]]:
    """[start, end) token ranges of the items of every adopted-documents list
    introduced by one of the `colons` (token positions of ":")."""
    items = []
    n = len(words)
    for colon in colons:
        if colon < 2:
            continue
        intro = [w.lower() for w in words[max(0, colon - 8) : colon]]
        if not any(w in {"documents", "document"} for w in intro) or not any(w in adoption_verbs for w in intro):
            continue
        i = colon + 1
        while i < n and words[i] in BULLETS:
            start = i + 1
            end = start
            while end < n and words[end] not in {";", ".", "(", "•"} and not (words[end] == "-" and words[end - 1] == ";"):
                end += 1
            if end > start:
                items.append((start, end))
            i = end
            while i < n and (words[i] in {";", ".", ")"} or (words[i] == "(" and _skip_bracket(words, i) > i)):
                i = _skip_bracket(words, i) if words[i] == "(" else i + 1
            if i < n and words[i - 1] == "." and words[i] not in BULLETS:
                break
    return items


def _skip_bracket(words: Sequence[str], i: int) -> int:
    for j in range(i, min(len(words), i + 30)):
        if words[j] == ")":
            return j + 1
    return i
