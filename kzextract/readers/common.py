"""What the readers share: their result, their one failure, ISO dates, and
the libraries' log messages turned into warnings."""

from __future__ import annotations

import datetime
import logging
import re
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Iterator, Optional, Sequence

PARAGRAPH_BREAK = "\n\n"

_ISO_DATE = re.compile(r"^\s*(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?![\d-])")


@dataclass(frozen=True)
class Extracted:
    """A file's text, its own meta, and notes (warnings: the text is still used)."""

    text: str
    meta: dict
    notes: tuple[str, ...] = ()


class NoText(Exception):
    """The file has no text to extract (no article, encrypted, corrupt, image-only).

    The message is the reason given in the errors file; the file is skipped.
    """


def join_paragraphs(paragraphs: Sequence[str]) -> str:
    """Paragraphs, blank ones left out, separated by one blank line."""
    return PARAGRAPH_BREAK.join(p for p in paragraphs if p.strip())


def date_parts(year: int, month: Optional[int] = None, day: Optional[int] = None) -> Optional[str]:
    """`YYYY`, `YYYY-MM` or `YYYY-MM-DD` if that is a real calendar date, else None.

    Years outside 1000-2999 are refused, as `kzextract.dates.published_year` does.
    """
    if not 1000 <= year <= 2999:
        return None
    if month is None:
        return f"{year:04d}"
    if not 1 <= month <= 12:
        return None
    if day is None:
        return f"{year:04d}-{month:02d}"
    try:
        return datetime.date(year, month, day).isoformat()
    except ValueError:
        return None


def iso_date(value: Any) -> Optional[str]:
    """The ISO date that starts `value` ("2024-07-05T09:30:00+05:00" -> "2024-07-05").

    What `meta.published` must look like for year inference; anything else
    (not a string, "July 2024", "2024-13-01") gives None.
    """
    if not isinstance(value, str):
        return None
    m = _ISO_DATE.match(value)
    if not m:
        return None
    year, month, day = (int(g) if g else None for g in m.groups())
    return date_parts(year, month, day)  # type: ignore[arg-type]  (the year group always matches)


@contextmanager
def captured_logs(*names: str) -> Iterator[list[str]]:
    """Collect the warnings the named libraries log, instead of printing them.

    trafilatura and pypdf log problems ("discarding data", "incorrect
    startxref pointer") through `logging`; with no handler configured,
    Python prints them bare on stderr. Here they are collected, for the
    reader to turn into one warning or into the reason of a skip, and the
    loggers are restored afterwards.
    """
    messages: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            try:
                messages.append(record.getMessage())
            except Exception:  # a message that cannot be formatted is not worth a crash
                messages.append(str(record.msg))

    handler = Collect(logging.WARNING)
    loggers = [logging.getLogger(name) for name in names]
    saved = [logger.propagate for logger in loggers]
    for logger in loggers:
        logger.addHandler(handler)
        logger.propagate = False
    try:
        yield messages
    finally:
        for logger, propagate in zip(loggers, saved):
            logger.removeHandler(handler)
            logger.propagate = propagate


def summarize_logs(library: str, messages: Sequence[str]) -> list[str]:
    """At most one note for a library's log messages: the first, and how many more."""
    unique = list(dict.fromkeys(m.strip() for m in messages if m.strip()))
    if not unique:
        return []
    more = f" (and {len(unique) - 1} more)" if len(unique) > 1 else ""
    return [f"{library}: {unique[0]}{more}"]
