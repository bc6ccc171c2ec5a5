"""The publication date of an article from its own dateline.

Web articles carry their date in a line of its own near the top ("09:12,
14 March 2023 | GMT +6", "15.03.2021 | 11:05", "Politics • 29 May, 2019").
When `meta.published` is absent, that date gives year-less dates their year
(ANNOTATION.md, DATE norm). Reading such a line, with its times, zones and
separators, is what dateparser is good at; the grammar only picks the line.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional

from .dates import ISO_YEARS, MONTHS

HEAD_CHARS = 1000
HEAD_LINES = 10
MAX_LINE_CHARS = 100
# A dateline is mostly the date: little else but a section name or a place.
MAX_OTHER_LETTERS = 30

_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_DAY_MONTH = re.compile(r"\b\d{1,2}[./-]\d{1,2}[./-](?:19|20)\d\d\b|\b(?:19|20)\d\d-\d{1,2}-\d{1,2}\b")
_MONTH = re.compile(r"\b(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\b\.?", re.I)
_NOISE = re.compile(r"\b(?:GMT|UTC|AM|PM|Date|Published|Updated|Today|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b", re.I)
_PIECES = re.compile(r"\s*[|•·]\s*")
_SETTINGS = {"DATE_ORDER": "DMY", "REQUIRE_PARTS": ["day", "month", "year"], "PREFER_DATES_FROM": "past"}


def dateline_date(text: str) -> Optional[str]:
    """ISO date (YYYY-MM-DD) of the first dateline in the head of `text`, or None."""
    lines = [line.strip() for line in text[:HEAD_CHARS].split("\n") if line.strip()][:HEAD_LINES]
    for line in lines:
        if is_dateline(line):
            found = _read(line)
            if found:
                return found
    return None


def is_dateline(line: str) -> bool:
    """A short line with a full date (a year, and a month name or a numeric
    day and month) and little else."""
    if len(line) > MAX_LINE_CHARS or not _YEAR.search(line):
        return False
    if not (_MONTH.search(line) or _DAY_MONTH.search(line)):
        return False
    other = _NOISE.sub("", _MONTH.sub("", line))
    return sum(c.isalpha() for c in other) <= MAX_OTHER_LETTERS


@lru_cache(maxsize=4096)
def _read(line: str) -> Optional[str]:
    import dateparser  # imported late: slow to import, and only datelines need it
    from dateparser.search import search_dates

    for piece in _PIECES.split(line):
        if not _YEAR.search(piece):
            continue
        parsed = dateparser.parse(piece, languages=["en"], settings=_SETTINGS)
        if parsed is None:
            found = search_dates(piece, languages=["en"], settings=_SETTINGS)
            parsed = found[0][1] if found else None
        if parsed is not None and parsed.year in ISO_YEARS:
            return parsed.strftime("%Y-%m-%d")
    return None
