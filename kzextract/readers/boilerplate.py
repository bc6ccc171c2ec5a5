"""Running headers, footers and page numbers of a paged document.

A journal PDF repeats the journal's name, the article's title or author and
a page number at the top or bottom of every page. Left in the text, they
cut sentences that run across a page break and add false mentions (the
journal's name, once a page). They are found as lines that stand among the
first or last few lines of a page and repeat, digits aside, on most pages.

Pure functions over the pages' text, one string a page.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Sequence

EDGE_LINES = 3  # lines at the top and at the bottom of a page that may be furniture
TOP, BOTTOM = "top", "bottom"

_DIGITS = re.compile(r"\d+")
_SPACES = re.compile(r"\s+")
_ROMAN = re.compile(r"(?=.)m{0,4}(cm|cd|d?c{0,3})(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})")  # a well-formed numeral


def line_key(line: str) -> str:
    """What one running line has in common from page to page.

    Lower case, whitespace collapsed, each run of digits as `#` (so `Page 3
    of 12` and `Page 4 of 12` agree); a lone roman page number is `#` too.
    """
    key = _SPACES.sub(" ", _DIGITS.sub("#", line.lower())).strip()
    return "#" if _ROMAN.fullmatch(key) else key


def edge_lines(lines: Sequence[str], edge: int = EDGE_LINES) -> tuple[list[int], list[int]]:
    """Indices of the first and of the last `edge` non-blank lines."""
    filled = [i for i, line in enumerate(lines) if line.strip()]
    return filled[:edge], (filled[-edge:] if edge else [])


def min_repeats(pages_with_text: int) -> int:
    """On how many pages a line must recur to be furniture.

    At least half of the pages, rounded down, so that running heads that
    alternate between even and odd pages count, and never fewer than two:
    one page alone shows nothing repeating.
    """
    return max(2, pages_with_text // 2)


def furniture_keys(pages: Sequence[Sequence[str]], edge: int = EDGE_LINES) -> set[tuple[str, str]]:
    """(`top` or `bottom`, `line_key`) of the lines that repeat at that edge."""
    counts: Counter = Counter()
    filled = 0
    for lines in pages:
        top, bottom = edge_lines(lines, edge)
        if not top:
            continue
        filled += 1
        keys = {(TOP, line_key(lines[i])) for i in top} | {(BOTTOM, line_key(lines[i])) for i in bottom}
        counts.update(keys)
    needed = min_repeats(filled)
    return {key for key, n in counts.items() if n >= needed and key[1]}


def strip_page_furniture(pages: Sequence[str], edge: int = EDGE_LINES) -> tuple[list[str], list[str]]:
    """The pages without their running headers, footers and page numbers.

    Returns the pages (lines split and joined on `\\n`, everything else
    untouched) and the dropped lines, in page order. A document of one page
    keeps everything.
    """
    split = [page.split("\n") for page in pages]
    furniture = furniture_keys(split, edge)
    kept_pages: list[str] = []
    dropped: list[str] = []
    for lines in split:
        top, bottom = edge_lines(lines, edge)
        drop = {i for i in top if (TOP, line_key(lines[i])) in furniture}
        drop |= {i for i in bottom if (BOTTOM, line_key(lines[i])) in furniture}
        dropped.extend(lines[i].strip() for i in sorted(drop))
        kept_pages.append("\n".join(line for i, line in enumerate(lines) if i not in drop))
    return kept_pages, dropped
