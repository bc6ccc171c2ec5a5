"""The one JSON Lines reader: inputs, gold and output files, rule files and
the resume files all go through `read_json_lines`.

Built on the `jsonlines` package. It yields one `JsonLine` per non-blank
line: its 1-based number, the decoded value or a message saying why there is
none, and notes (warnings) about what was repaired. It never raises for bad
content, so each caller decides what a bad line means (a skipped record, a
validation problem, a fatal rule error).

What it guarantees, whatever the source:
- lines are split on b"\\n" only, so a raw U+2028 or U+0085 inside a JSON
  string never cuts a record in two (`str.splitlines` would);
- `.gz` files are decompressed as they are read, never whole; a stream that
  breaks off (truncated gzip, I/O error) gives one last line with `ended`
  set, naming the line where reading stopped;
- invalid UTF-8 is replaced by U+FFFD with a note (or is the line's error
  with `strict_utf8`); a byte order mark at the start of a line is dropped;
- `NaN`, `Infinity` and numbers out of range (`1e400`, integers of more than
  4,300 digits) are read as null with a note: they are not JSON, and an
  infinite float could not be written back;
- with `max_bytes`, a longer line is not held in memory: it is read past in
  pieces and reported as an error, and reading goes on with the next line.
"""

from __future__ import annotations

import gzip
import io
import json
import math
import zlib
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, Iterator, Optional, Union

import jsonlines

# Errors of a stream that breaks off: truncated or corrupt gzip, I/O.
READ_ERRORS = (OSError, EOFError, zlib.error)
_DRAIN_PIECE = 1 << 20


@dataclass(frozen=True)
class JsonLine:
    """One non-blank line. `error` is None when `value` was decoded."""

    number: int
    value: Any = None
    error: Optional[str] = None
    notes: tuple[str, ...] = ()
    # The line ends with b"\n" (a killed writer leaves at most one that does not).
    terminated: bool = True
    # Byte offset just after this line (and its newline) in the stream.
    end: int = 0
    # The stream broke off here: this is the last line, and `error` says why.
    ended: bool = False
    # The line's bytes without its newline, with `keep_raw` only.
    raw: Optional[bytes] = None


def open_binary(path: Union[str, Path]) -> BinaryIO:
    """A file as a byte stream; a name ending in `.gz` is decompressed as it is read."""
    path = Path(path)
    if path.name.lower().endswith(".gz"):
        return gzip.open(path, "rb")  # type: ignore[return-value]
    return open(path, "rb")


def read_json_file(path: Union[str, Path], **options: Any) -> Iterator[JsonLine]:
    """`read_json_lines` over a file (gzip by name). Opening it may raise OSError."""
    stream = open_binary(path)

    def lines() -> Iterator[JsonLine]:
        with stream:
            yield from read_json_lines(stream, **options)

    return lines()


def read_json_text(text: str, **options: Any) -> Iterator[JsonLine]:
    """`read_json_lines` over text already in memory (a rule file's content)."""
    return read_json_lines(io.BytesIO(text.encode("utf-8", errors="surrogatepass")), **options)


def decode_line(raw: bytes, number: int = 1, **options: Any) -> Optional[JsonLine]:
    """One line's bytes (without its newline) as a `JsonLine`; None if blank."""
    return next(read_json_lines(io.BytesIO(raw), first_number=number, **options), None)


def read_json_lines(
    stream: BinaryIO,
    *,
    max_bytes: Optional[int] = None,
    strict_utf8: bool = False,
    first_number: int = 1,
    keep_raw: bool = False,
) -> Iterator[JsonLine]:
    """Every non-blank line of a byte stream, in order, as a `JsonLine`."""
    pending: deque[JsonLine] = deque()  # lines that never reach the JSON decoder
    current: dict[str, Any] = {}
    notes: list[str] = []

    def texts() -> Iterator[str]:
        """The text of each line that goes to `jsonlines`; the rest into `pending`."""
        number, offset = first_number - 1, 0
        try:
            while True:
                raw = stream.readline(max_bytes + 1) if max_bytes is not None else stream.readline()
                if not raw:
                    return
                number += 1
                offset += len(raw)
                terminated = raw.endswith(b"\n")
                body = raw[:-1] if terminated else raw
                if max_bytes is not None and len(body) > max_bytes:
                    size = len(raw)
                    while not raw.endswith(b"\n"):
                        raw = stream.readline(_DRAIN_PIECE)
                        if not raw:
                            break
                        size += len(raw)
                        offset += len(raw)
                    reason = f"record larger than the limit of {format_bytes(max_bytes)} (--max-record-bytes): {size:,} bytes"
                    pending.append(JsonLine(number, error=reason, end=offset, terminated=raw.endswith(b"\n")))
                    continue
                if not body.strip():
                    continue
                notes.clear()
                try:
                    text = body.decode("utf-8")
                except UnicodeDecodeError as err:
                    message = f"invalid UTF-8 at byte {err.start}"
                    if strict_utf8:
                        pending.append(JsonLine(number, error=message, end=offset, terminated=terminated))
                        continue
                    notes.append(f"{message}, replaced with U+FFFD")
                    text = body.decode("utf-8", errors="replace")
                current.update(number=number, end=offset, terminated=terminated, raw=body if keep_raw else None)
                yield text
        except READ_ERRORS as err:
            pending.append(JsonLine(number + 1, error=f"cannot read further: {err}", end=offset, ended=True))

    reader = jsonlines.Reader(texts(), loads=lambda text: loads(text, notes))
    while True:
        try:
            value = reader.read(allow_none=True)
            error = None
        except EOFError:
            break
        except jsonlines.InvalidLineError as err:
            value, error = None, _json_error(err.__cause__)
        except RecursionError:
            value, error = None, "not valid JSON: nested too deeply"
        while pending:
            yield pending.popleft()
        yield JsonLine(current["number"], value, error, tuple(notes), current["terminated"], current["end"], raw=current["raw"])
    while pending:
        yield pending.popleft()


def loads(text: str, notes: Optional[list[str]] = None) -> Any:
    """One JSON value; NaN, Infinity and out-of-range numbers become null,
    each kind noted once in `notes`."""
    found: list[str] = []

    def constant(name: str) -> None:
        found.append(name)

    def number(literal: str) -> Optional[float]:
        value = float(literal)
        if math.isinf(value):
            found.append(f"out-of-range number {literal}")
            return None
        return value

    def integer(literal: str) -> Optional[int]:
        try:
            return int(literal)
        except ValueError:  # more digits than Python converts (sys.get_int_max_str_digits)
            found.append(f"out-of-range number {literal[:12]}…")
            return None

    value = json.loads(text, parse_constant=constant, parse_float=number, parse_int=integer)
    if found and notes is not None:
        notes.append(f"non-standard JSON {', '.join(sorted(set(found)))} read as null")
    return value


def _json_error(cause: Optional[BaseException]) -> str:
    if isinstance(cause, json.JSONDecodeError):
        return f"not valid JSON: {cause.msg} (column {cause.colno})"
    return f"not valid JSON: {cause}"


def format_bytes(n: int) -> str:
    """64 MiB, 1.5 KiB, 100 bytes."""
    for unit, size in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if n >= size:
            value = n / size
            return f"{value:.0f} {unit}" if value == int(value) else f"{value:.1f} {unit}"
    return f"{n} bytes"
