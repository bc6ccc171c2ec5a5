"""Date normalization: a date candidate's text to ISO 8601 (ANNOTATION.md, DATE).

The candidate was already found by the token grammar in `rules/dates.jsonl`;
this module only reads it. Precision is kept as written (`1996`,
`2001-12`, `2002-06-07`, decade `199X`, interval `START/END`); a missing year
is filled by `infer_year` from context, else written `XXXX`.
"""

from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Optional, Sequence

from .vocab import numbered

MONTHS = numbered("MONTHS")
_MONTH = r"(?P<{}>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<{}>\d{{1,2}})(?:st|nd|rd|th)?"
_YEAR = r"(?P<{}>\d{{4}})"

# One side of a range, in the orders English writes it.
_SIDE_FORMS = [
    # "Nov.6" is written without a space after the abbreviation's dot.
    re.compile(rf"^{_MONTH.format('m')}(?:\s+|(?<=\.)){_DAY.format('d')}(?:\s*,?\s*{_YEAR.format('y')})?$", re.I),
    re.compile(rf"^{_DAY.format('d')}\s+(?:of\s+)?{_MONTH.format('m')}(?:\s*,?\s*{_YEAR.format('y')})?$", re.I),
    re.compile(rf"^{_MONTH.format('m')}(?:\s*,?\s*(?:of\s+)?{_YEAR.format('y')})?$", re.I),
    re.compile(rf"^{_YEAR.format('y')}$"),
    re.compile(r"^(?P<decade>\d{3})0\s*'?s$"),
    re.compile(r"^(?P<d>\d{1,2})(?:st|nd|rd|th)?$"),  # "13" in "June 12–13"
    re.compile(rf"^{_DAY.format('d')}\s*,\s*{_YEAR.format('y')}$"),  # "13, 2006" in "June 12–13, 2006"
    re.compile(r"^(?P<y2>\d{2})$"),  # "24" in "2022-24"
]
_NUMERIC = re.compile(r"^(?P<a>\d{1,4})[./-](?P<b>\d{1,2})[./-](?P<c>\d{1,4})$")
_RANGE_SPLIT = re.compile(r"\s*(?:–|—|-|‒|\bto\b|\band\b|\bthrough\b|\buntil\b|\btill\b)\s*", re.I)
_SPACED_NUMERIC = re.compile(r"^\d{1,4}\s*[./-]\s*\d{1,2}\s*[./-]\s*\d{1,4}$")
_TWO_MONTHS = re.compile(rf"^({_MONTH.format('a')})\s+(?={_MONTH.format('b')}(?:\s|$|,))", re.I)
_MONTH_WORD = re.compile(r"\b(?:" + "|".join(MONTHS) + r")\b", re.I)
_FOUR_DIGITS = re.compile(r"\b\d{4}\b")
# A lone four-digit number is read as a year only within these bounds.
MIN_YEAR, MAX_YEAR = 1700, 2099
# Any year the grammar or dateparser reads must be writable as ISO 8601 YYYY.
ISO_YEARS = range(1000, 3000)
_LEADING_WORDS = re.compile(r"^(?:between|from|in|on|since|by|until|of)\s+", re.I)


@dataclass(frozen=True)
class PartialDate:
    year: Optional[int] = None
    month: Optional[int] = None
    day: Optional[int] = None
    decade: Optional[int] = None  # 199 for "1990s"
    short_year: Optional[int] = None  # "24" in "2022-24"

    @property
    def has_year(self) -> bool:
        return self.year is not None or self.decade is not None

    def iso(self) -> str:
        if self.decade is not None:
            return f"{self.decade}X"
        year = f"{self.year:04d}" if self.year is not None else "XXXX"
        if self.month is None:
            return year
        if self.day is None:
            return f"{year}-{self.month:02d}"
        return f"{year}-{self.month:02d}-{self.day:02d}"


@dataclass(frozen=True)
class ParsedDate:
    start: PartialDate
    end: Optional[PartialDate] = None

    @property
    def needs_year(self) -> bool:
        return not self.start.has_year or (self.end is not None and not self.end.has_year)

    def with_year(self, year: int) -> "ParsedDate":
        start = self.start if self.start.has_year else replace(self.start, year=year)
        end = self.end if self.end is None or self.end.has_year else replace(self.end, year=year)
        return ParsedDate(start, end)

    def iso(self) -> str:
        if self.end is None:
            return self.start.iso()
        return f"{self.start.iso()}/{self.end.iso()}"


def _parse_side(text: str) -> Optional[PartialDate]:
    text = text.strip().rstrip(",")
    numeric = _NUMERIC.match(text)
    if numeric:
        return _parse_numeric(numeric)
    for form in _SIDE_FORMS:
        m = form.match(text)
        if not m:
            continue
        groups = m.groupdict()
        if groups.get("decade"):
            return PartialDate(decade=int(groups["decade"]))
        if groups.get("y2"):
            return PartialDate(short_year=int(groups["y2"]))
        month = MONTHS[groups["m"].lower()] if groups.get("m") else None
        day = int(groups["d"]) if groups.get("d") else None
        year = int(groups["y"]) if groups.get("y") else None
        if day is not None and not 1 <= day <= 31:
            return None
        if year is not None and year not in ISO_YEARS:
            return None
        return PartialDate(year=year, month=month, day=day)
    return None


def _parse_numeric(m: re.Match) -> Optional[PartialDate]:
    a, b, c = m.group("a"), m.group("b"), m.group("c")
    if len(a) == 4:  # ISO order
        year, month, day = int(a), int(b), int(c)
    elif len(c) == 4:  # day first, as in UN and most non-US sources
        day, month, year = int(a), int(b), int(c)
        if month > 12 and day <= 12:  # unambiguously US order
            day, month = month, day
    else:
        return None
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return PartialDate(year=year, month=month, day=day)


@lru_cache(maxsize=65536)
def parse_date(text: str) -> Optional[ParsedDate]:
    """Read a date candidate ("May 29 – June 2, 2006", "1990s", "01/10/2015").

    Returns None when the text is not a date this grammar knows.
    """
    text = " ".join(text.split())
    text = _LEADING_WORDS.sub("", text)
    if _SPACED_NUMERIC.match(text):
        text = text.replace(" ", "")  # "02 - 11 - 2015": a numeric date the tokenizer split
    # "January-September" reaches the grammar as "January September" (the view
    # writes an intra-word hyphen as a space): a range of months.
    text = _TWO_MONTHS.sub(lambda m: m.group(1) + "–", text)
    single = _parse_side(text)
    if single is not None and single.short_year is None and not _is_bare_day(single):
        return ParsedDate(single)
    parts = _RANGE_SPLIT.split(text)
    if len(parts) != 2:
        return _parse_with_dateparser(text)
    first, second = _parse_side(parts[0]), _parse_side(parts[1])
    if first is None or second is None:
        return None
    return _complete_range(first, second)


def _is_bare_day(d: PartialDate) -> bool:
    return d.day is not None and d.month is None and d.year is None


def _complete_range(first: PartialDate, second: PartialDate) -> Optional[ParsedDate]:
    """Share what one side of a range leaves out: "June 12–13", "2022-24"."""
    if _is_bare_day(second) and first.year is not None and first.month is None:
        second = PartialDate(short_year=second.day)  # "2022-24": a two-digit year
    if second.short_year is not None:
        if first.year is None or first.month is not None:
            return None
        second = PartialDate(year=first.year // 100 * 100 + second.short_year)
    if first.short_year is not None:
        return None
    if _is_bare_day(second):
        if first.month is None or first.day is None:
            return None
        second = replace(second, month=first.month, year=first.year)
    if second.month is None and second.day is not None and second.year is not None:
        if first.month is None or first.day is None:
            return None
        second = replace(second, month=first.month)
    if _is_bare_day(first):
        if second.month is None:
            return None
        first = replace(first, month=second.month)
    if first.year is None and first.decade is None and second.year is not None:
        first = replace(first, year=second.year)
    if second.year is None and second.decade is None and first.year is not None and second.month is not None:
        # "June 28 to July 3" after "2008": the later side shares the year.
        second = replace(second, year=first.year)
    if _ends_before_it_starts(first, second):
        return None  # "December 19-18": no interval, a misprint
    return ParsedDate(first, second)


def _ends_before_it_starts(first: PartialDate, second: PartialDate) -> bool:
    """Whether `second` is earlier than `first`, as far as both say (a year
    neither states is the same year)."""
    for a, b in ((first.year, second.year), (first.month, second.month), (first.day, second.day)):
        if a is None and b is None:
            continue
        if a is None or b is None or a != b:
            return a is not None and b is not None and b < a
    return False


@lru_cache(maxsize=4096)
def _parse_with_dateparser(text: str) -> Optional[ParsedDate]:
    """Fallback for a candidate the grammar found but cannot read. Only for
    text with a month name or a four-digit year: dateparser alone reads
    "next week" or "75th" as dates."""
    if not (_MONTH_WORD.search(text) or _FOUR_DIGITS.search(text)):
        return None
    import dateparser  # imported late: it is slow to import and rarely needed

    settings = {"DATE_ORDER": "DMY", "PREFER_DAY_OF_MONTH": "first", "REQUIRE_PARTS": ["year"]}
    parsed = dateparser.parse(text, languages=["en"], settings=settings)
    if parsed is None or parsed.year not in ISO_YEARS:
        return None
    has_day = bool(re.search(r"\b\d{1,2}\b", text))
    has_month = bool(_MONTH_WORD.search(text)) or has_day
    return ParsedDate(
        PartialDate(
            year=parsed.year,
            month=parsed.month if has_month else None,
            day=parsed.day if has_day else None,
        )
    )


RELATIVE_YEAR_SHIFT = numbered("RELATIVE_YEAR_WORDS")


def infer_year(
    *,
    year_in_context: Optional[int],
    published_year: Optional[int],
    relative_shift: Optional[int] = None,
) -> Optional[int]:
    """The year of a date written without one (ANNOTATION.md, DATE `norm`).

    A modifier that fixes the year ("last December", "July of this year")
    counts from the publication year; otherwise the nearest preceding
    explicit year of the paragraph; otherwise the publication year.
    """
    if relative_shift is not None and published_year is not None:
        return published_year + relative_shift
    if year_in_context is not None:
        return year_in_context
    return published_year


YEARLY = "yearly"  # a shift that is no year: the day recurs ("declared 29 August the International Day …")
YEARLY_DAY_REACH = 8


def names_a_yearly_day(after: Sequence[str]) -> bool:
    """"29 August | the International Day against Nuclear Tests", "… as the
    World Water Day": a day named as a yearly observance right after it."""
    following = list(after[:YEARLY_DAY_REACH])
    if following[:1] and following[0].lower() == "as":
        following = following[1:]
    if not following or following[0].lower() != "the":
        return False
    for word in following[1:]:
        if not word[:1].isupper():
            return False
        if word == "Day":
            return True
    return False


def relative_year_shift(before: str, after: Sequence[str]) -> Optional[int | str]:
    """The year shift a modifier fixes: "last December" (-1), "July of this
    year" (0), "January 1 next year" (+1), or `YEARLY` for a day named as a
    yearly observance (no year). `before` is the word before the date,
    `after` the words after it."""
    if names_a_yearly_day(after):
        return YEARLY
    before = before.lower()
    if before in RELATIVE_YEAR_SHIFT and before != "past":
        return RELATIVE_YEAR_SHIFT[before]
    following = [w.lower() for w in after[:3]]
    if following[:1] == ["of"]:
        following = following[1:]
    if len(following) >= 2 and following[0] in RELATIVE_YEAR_SHIFT and following[1] == "year":
        return RELATIVE_YEAR_SHIFT[following[0]]
    return None


def normalize_dates(dates: Sequence[tuple[str, int, int, Optional[int | str]]], published: Optional[int]) -> list[Optional[str]]:
    """ISO values of a text's dates, given in text order as (text, paragraph,
    sentence, relative year shift). A date without a year takes the year of
    the latest explicit date of its sentence; failing that, the publication
    year; and only in a text with no publication year, the latest explicit
    year of its paragraph.

    A year stated in an earlier sentence is mostly a look back ("…adopted in
    Copenhagen in March 1995. On 4 November the participants adopted …"):
    in the gold sets, 12 of the 13 year-less dates with a year only in an
    earlier sentence of their paragraph are of the publication year."""
    latest_year: dict[tuple[str, int], int] = {}
    norms: list[Optional[str]] = []
    for text, paragraph, sentence, shift in dates:
        parsed = parse_date(text)
        if parsed is None:
            norms.append(None)
            continue
        if not parsed.needs_year:
            year = parsed.end.year if parsed.end is not None and parsed.end.year else parsed.start.year
            if year is not None:
                latest_year["paragraph", paragraph] = latest_year["sentence", sentence] = year
            norms.append(parsed.iso())
            continue
        if shift == YEARLY:
            norms.append(normalize(text, year=None))
            continue
        in_context = latest_year.get(("sentence", sentence))
        if in_context is None and published is None:
            in_context = latest_year.get(("paragraph", paragraph))
        year = infer_year(year_in_context=in_context, published_year=published, relative_shift=shift)
        norms.append(normalize(text, year=year))
    return norms


def published_date(meta: dict) -> Optional[str]:
    """`meta["published"]` as text ("2024-02-15", "2024") when it starts with a
    usable year, else None."""
    year = published_year(meta)
    if year is None:
        return None
    value = meta["published"]
    return value.strip() if isinstance(value, str) else str(year)


def published_year(meta: dict) -> Optional[int]:
    """The year of `meta["published"]` ("2024-02", "2024", 2024), if any."""
    value = meta.get("published") if isinstance(meta, dict) else None
    if isinstance(value, str):
        m = re.match(r"^\s*(\d{4})", value)
        value = int(m.group(1)) if m else None
    elif isinstance(value, bool) or not isinstance(value, int):
        return None
    # Only a year that can be written as ISO 8601 YYYY.
    return value if value is not None and value in ISO_YEARS else None


def normalize(text: str, *, year: Optional[int] = None) -> Optional[str]:
    """ISO value of a date candidate; `year` fills a missing one."""
    parsed = parse_date(text)
    if parsed is None:
        return None
    if parsed.needs_year and year is not None:
        parsed = parsed.with_year(year)
    return parsed.iso()


MAX_MEETING_DAYS = 21  # a conference lasts up to about two weeks (the Earth Summit, 3-14 June 1992); a longer span is a period


def longer_than_a_meeting(norm: Optional[str]) -> bool:
    """An ISO interval spanning more than three weeks ("2022-01/2022-09", trade in
    January–September): it dates a period, never a summit."""
    if not norm or "/" not in norm or "X" in norm:
        return False
    first, last = norm.split("/", 1)
    try:
        start = _day_bound(first, earliest=True)
        end = _day_bound(last, earliest=False)
    except ValueError:
        return False
    return (end - start).days > MAX_MEETING_DAYS


def _day_bound(iso: str, earliest: bool) -> datetime.date:
    """The first (or last) day an ISO year, month or day can mean."""
    parts = [int(p) for p in iso.split("-")]
    year, month, day = (parts + [None, None])[:3]
    if month is None:
        month = 1 if earliest else 12
    if day is None:
        day = 1 if earliest else calendar.monthrange(year, month)[1]
    return datetime.date(year, month, day)
