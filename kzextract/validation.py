"""Checking and reading gold or output JSONL files (ANNOTATION.md is the contract).

Two entry points with different jobs:

- `validate_file` / `validate_records` *report* every problem they find,
  line by line, so an annotator can fix a whole file in one pass. A bad line
  never stops the check of the lines after it.
- `read_records` *raises* on the first bad line, because the scorer must not
  silently score a half-read file.

Both only ever see `records.DocRecord` and friends; the models are the
single definition of a record's shape, this module adds the rules that a
per-field schema cannot express (offsets against `text`, overlaps, links
between spans, ISO date syntax).
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Iterator, Mapping, Optional, Union

from pydantic import ValidationError

from .jsonl import read_json_file

from .schema import (
    DOCUMENT_ATTR_KEYS,
    DOCUMENT_TYPES,
    LABELS,
    SUMMIT_ATTR_KEYS,
    DocRecord,
    MentionRecord,
)

# Which attribute keys a label may carry (ANNOTATION.md: SUMMIT and DOCUMENT
# attributes; ORG and DATE carry none).
ALLOWED_ATTR_KEYS: dict[str, frozenset[str]] = {
    "SUMMIT": SUMMIT_ATTR_KEYS,
    "DOCUMENT": DOCUMENT_ATTR_KEYS,
    "ORG": frozenset(),
    "DATE": frozenset(),
}


@dataclass(frozen=True)
class Problem:
    """One finding of the validator, printable as `file:line doc=… span=…: message`."""

    file: str
    line: Optional[int]
    doc_id: Optional[str]
    span_id: Optional[str]
    message: str

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        if self.doc_id is not None:
            where += f" doc={self.doc_id}"
        if self.span_id is not None:
            where += f" span={self.span_id}"
        return f"{where}: {self.message}"


# ---------------------------------------------------------------- ISO dates

_POINT = re.compile(r"(?P<year>\d{4}|XXXX)(?:-(?P<month>\d{2})(?:-(?P<day>\d{2}))?)?")
_DECADE = re.compile(r"\d{3}X")


def _is_iso_point(value: str) -> bool:
    """One date at the precision written: YYYY, YYYY-MM, YYYY-MM-DD, 199X,
    XXXX-MM, XXXX-MM-DD; month and day must exist in the calendar."""
    if _DECADE.fullmatch(value):
        return True
    match = _POINT.fullmatch(value)
    if match is None:
        return False
    year, month, day = match.group("year", "month", "day")
    if month is None:
        # A bare `XXXX` says nothing at all.
        return year != "XXXX"
    # A year-less date may be 29 February, so check it against a leap year.
    calendar_year = 2000 if year == "XXXX" else int(year)
    try:
        _dt.date(max(calendar_year, 1), int(month), int(day or 1))
    except ValueError:
        return False
    return True


def is_iso_date_norm(value: str) -> bool:
    """Whether `value` is a DATE norm as ANNOTATION.md defines it.

    A point (`1996`, `2001-12`, `2002-06-07`, decade `199X`, year-less
    `XXXX-01-15`) or an interval `START/END` of two points. An interval must
    not run backwards; that is only checked when both ends are comparable
    (both with a digit year, or both year-less), comparing them at the
    coarser of the two precisions (`2022-05/2022` is fine, `2022/2021` is not).
    """
    if not isinstance(value, str):
        return False
    parts = value.split("/")
    if len(parts) == 1:
        return _is_iso_point(value)
    if len(parts) != 2 or not all(_is_iso_point(part) for part in parts):
        return False
    start, end = parts
    both_full = "X" not in start and "X" not in end
    both_yearless = start.startswith("XXXX-") and end.startswith("XXXX-")
    if both_full or both_yearless:
        common = min(len(start), len(end))
        return start[:common] <= end[:common]
    return True


# ---------------------------------------------------------------- reading


def _error_location(loc: tuple[Any, ...], data: Any) -> tuple[Optional[str], str]:
    """(span id, readable field path) for a pydantic error location, so a
    message points at `span=m14` instead of `spans.13`."""
    if len(loc) >= 2 and loc[0] == "spans" and isinstance(loc[1], int):
        span_id = None
        spans = data.get("spans") if isinstance(data, Mapping) else None
        if isinstance(spans, list) and loc[1] < len(spans) and isinstance(spans[loc[1]], Mapping):
            raw_id = spans[loc[1]].get("id")
            span_id = raw_id if isinstance(raw_id, str) else None
        field = ".".join(str(part) for part in loc[2:])
        if span_id is None:
            field = ".".join(str(part) for part in loc)
        return span_id, field
    return None, ".".join(str(part) for part in loc)


def _describe_error(error: Mapping[str, Any], data: Any) -> tuple[Optional[str], str]:
    """(span id, message) for one pydantic error, in the contract's words
    where a generic schema message would be cryptic."""
    loc = tuple(error.get("loc", ()))
    span_id, field = _error_location(loc, data)
    kind = error.get("type")
    value = error.get("input")
    last = loc[-1] if loc else None
    if not loc and kind in ("model_type", "dict_type"):
        return None, "line is not a JSON object"
    if kind == "literal_error" and last == "label":
        return span_id, f"unknown label {value!r} (known: {', '.join(LABELS)})"
    if kind == "literal_error" and loc[-2:] == ("attrs", "type"):
        return span_id, f"unknown document type {value!r} (known: {', '.join(DOCUMENT_TYPES)})"
    if kind == "extra_forbidden" and len(loc) >= 2 and loc[-2] == "attrs":
        return span_id, f"unknown attribute key {last!r}"
    if kind == "extra_forbidden":
        return span_id, f"unknown key {field!r}"
    return span_id, f"{field or 'record'}: {error.get('msg')}"


@dataclass
class _Parsed:
    record: Optional[DocRecord]
    problems: list[tuple[Optional[str], str]]
    dropped_ids: frozenset[str] = frozenset()


def _parse_record(data: Any) -> _Parsed:
    """Validate one decoded line.

    When the record as a whole is invalid but its top level is fine, the
    record is rebuilt from the spans that are valid on their own, so the
    remaining checks (overlaps, links, offsets) still run on the rest of the
    document. The ids of the dropped spans are kept so that a link to one of
    them is not reported a second time as dangling.
    """
    try:
        return _Parsed(DocRecord.model_validate(data), [])
    except ValidationError as err:
        problems = [_describe_error(e, data) for e in err.errors()]
    if not isinstance(data, Mapping):
        return _Parsed(None, problems)
    try:
        partial = DocRecord.model_validate({**data, "spans": []})
    except ValidationError:
        return _Parsed(None, problems)
    good_spans, dropped = [], set()
    raw_spans = data.get("spans")
    for raw in raw_spans if isinstance(raw_spans, list) else []:
        try:
            good_spans.append(MentionRecord.model_validate(raw))
        except ValidationError:
            if isinstance(raw, Mapping) and isinstance(raw.get("id"), str):
                dropped.add(raw["id"])
    return _Parsed(partial.model_copy(update={"spans": good_spans}), problems, frozenset(dropped))


def read_records(path: Union[str, Path]) -> list[DocRecord]:
    """All records of a `.jsonl` or `.jsonl.gz` file, for the scorer.

    Raises ValueError naming the file and line on the first unreadable or
    invalid line: a scorer that skipped bad lines would report numbers for
    a different gold set than the one asked for. Only the schema is checked
    here; `validate_file` runs the full set of checks.
    """
    return [record for _, record in read_numbered_records(path)]


def read_numbered_records(path: Union[str, Path]) -> list[tuple[int, DocRecord]]:
    """`read_records` with each record's 1-based line number, for messages
    that point at a line of the file."""
    path = Path(path)
    records: list[tuple[int, DocRecord]] = []
    try:
        for line in read_json_file(path, strict_utf8=True):
            if line.ended:
                raise ValueError(f"{path}: cannot read: {line.error}")
            if line.error is not None:
                raise ValueError(f"{path}:{line.number}: {line.error}")
            data = line.value
            try:
                records.append((line.number, DocRecord.model_validate(data)))
            except ValidationError as err:
                described = [_describe_error(e, data) for e in err.errors()]
                details = "; ".join(
                    f"span={span_id}: {message}" if span_id else message for span_id, message in described
                )
                raise ValueError(f"{path}:{line.number}: {details}") from None
    except OSError as err:
        raise ValueError(f"{path}: cannot read: {err}") from None
    return records


# ---------------------------------------------------------------- checks


def _span_problems(
    record: DocRecord, unchecked_ids: frozenset[str] = frozenset()
) -> Iterator[tuple[Optional[str], str]]:
    """Every problem inside one record, as (span id, message).

    `unchecked_ids` are spans already reported as invalid and left out of
    `record`; links to them are not reported again.
    """
    text = record.text
    summit_ids = {span.id for span in record.spans if span.label == "SUMMIT"}
    all_ids = {span.id for span in record.spans}
    seen_ids: set[str] = set()

    for span in record.spans:
        if span.id in seen_ids:
            yield span.id, f"duplicate span id {span.id!r}"
        seen_ids.add(span.id)

        if span.start >= span.end:
            yield span.id, f"start {span.start} is not before end {span.end}"
        elif text is not None:
            if span.end > len(text):
                yield span.id, f"end {span.end} is beyond the text (length {len(text)})"
            elif text[span.start : span.end] != span.text:
                yield span.id, (
                    f"text {span.text!r} does not match text[{span.start}:{span.end}] "
                    f"= {text[span.start : span.end]!r}"
                )

        if span.label == "DATE":
            if span.norm is None:
                yield span.id, "DATE has no norm"
            elif not is_iso_date_norm(span.norm):
                yield span.id, f"DATE norm {span.norm!r} is not ISO 8601 (YYYY, YYYY-MM, YYYY-MM-DD, 199X, XXXX-MM-DD or START/END)"
        if span.label == "ORG" and not (span.norm or "").strip():
            yield span.id, "ORG has no norm (organization id)"

        attrs = span.attrs.present()
        allowed = ALLOWED_ATTR_KEYS[span.label]
        for key in sorted(set(attrs) - allowed):
            if allowed:
                yield span.id, f"attribute {key!r} is not allowed on {span.label} (allowed: {', '.join(sorted(allowed))})"
            else:
                yield span.id, f"{span.label} takes no attributes, found {key!r}"
        if "date" in attrs and not is_iso_date_norm(attrs["date"]):
            yield span.id, f"attrs.date {attrs['date']!r} is not ISO 8601"
        if "org" in attrs and not attrs["org"].strip():
            yield span.id, "attrs.org is empty"
        if "summit" in attrs and attrs["summit"] not in summit_ids | unchecked_ids:
            target = attrs["summit"]
            if target in all_ids:
                yield span.id, f"attrs.summit {target!r} is not a SUMMIT span"
            else:
                yield span.id, f"attrs.summit {target!r} is not a span of this document"

    yield from _overlaps(record.spans)


def _overlaps(spans: list[MentionRecord]) -> Iterator[tuple[Optional[str], str]]:
    """Each overlapping pair once, reported on the span that starts later.

    A sweep over spans sorted by start keeps the still-open spans, so the
    cost grows with the number of overlaps rather than with all pairs.
    """
    ordered = sorted((s for s in spans if s.start < s.end), key=lambda s: (s.start, s.end))
    open_spans: list[MentionRecord] = []
    for span in ordered:
        open_spans = [other for other in open_spans if other.end > span.start]
        for other in open_spans:
            yield span.id, f"overlaps {other.id}"
        open_spans.append(span)


def _validate_items(items: Iterable[tuple[int, Any]], file: str) -> list[Problem]:
    """The shared core: `items` are (line number, decoded JSON or DocRecord)."""
    problems: list[Problem] = []
    first_line: dict[str, int] = {}
    for line_no, data in items:
        parsed = _Parsed(data, []) if isinstance(data, DocRecord) else _parse_record(data)
        record = parsed.record
        raw_id = data.get("doc_id") if isinstance(data, Mapping) else None
        doc_id = record.doc_id if record is not None else raw_id if isinstance(raw_id, str) else None
        for span_id, message in parsed.problems:
            problems.append(Problem(file, line_no, doc_id, span_id, message))
        if record is None:
            continue
        if record.doc_id in first_line:
            problems.append(
                Problem(file, line_no, doc_id, None, f"duplicate doc_id (first on line {first_line[record.doc_id]})")
            )
        else:
            first_line[record.doc_id] = line_no
        for span_id, message in _span_problems(record, parsed.dropped_ids):
            problems.append(Problem(file, line_no, doc_id, span_id, message))
    return problems


def validate_records(
    records: Iterable[Union[DocRecord, Mapping[str, Any]]], *, file: str = "<records>"
) -> list[Problem]:
    """Problems in records already in memory (DocRecords or plain dicts).

    The n-th record is reported as line n of `file`, which matches the file
    when the records were read from a JSONL file without blank lines.
    """
    return _validate_items(enumerate(records, start=1), file)


@dataclass(frozen=True)
class FileCheck:
    problems: list[Problem]
    records: int  # lines that were records
    without_text: int  # of them, records without `text`: offsets and span texts not checked


def validate_file(path: Union[str, Path]) -> list[Problem]:
    """Every problem in a gold or output `.jsonl`/`.jsonl.gz` file; never raises
    for bad content. An empty list means the file follows the contract.

    Output files may omit `text`; then only the checks that need no text run.
    """
    return check_file(path).problems


def check_file(path: Union[str, Path]) -> FileCheck:
    """`validate_file`, and how many records it could not check against their text."""
    path = Path(path)
    name = str(path)
    problems: list[Problem] = []
    counts = {"records": 0, "without_text": 0}

    def decoded() -> Iterator[tuple[int, Any]]:
        for line in read_json_file(path, strict_utf8=True):
            if line.ended:
                problems.append(Problem(name, None, None, None, f"cannot read: {line.error}"))
            elif line.error is not None:
                problems.append(Problem(name, line.number, None, None, line.error))
            else:
                counts["records"] += 1
                if not (isinstance(line.value, Mapping) and isinstance(line.value.get("text"), str)):
                    counts["without_text"] += 1
                yield line.number, line.value

    try:
        problems.extend(_validate_items(decoded(), name))
    except OSError as err:
        return FileCheck([Problem(name, None, None, None, f"cannot read: {err}")], 0, 0)
    return FileCheck(sorted(problems, key=lambda p: p.line or 0), counts["records"], counts["without_text"])
