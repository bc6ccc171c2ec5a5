"""What reading inputs yields: documents, problems, and the suffixes and limits
that decide which files are inputs; pure helpers over decoded values."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Optional, Union


STDIN = "-"
STDIN_SOURCE = "<stdin>"
STDIN_STEM = "stdin"

TXT_SUFFIX = ".txt"
HTML_SUFFIXES = (".html", ".htm", ".html.gz")
PDF_SUFFIX = ".pdf"
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz")
# One document per file, its text extracted by kzextract.readers.
CONVERTED_KINDS = ("html", "pdf")
SIDECAR_SUFFIX = ".meta.json"

# Like git and grep: a NUL byte near the start means the file is not text.
BINARY_SNIFF_BYTES = 8192
# A larger record (JSONL line, file) is skipped unread: one bad input must
# not take all memory (`extract - < /dev/zero`). `--max-record-bytes` sets it.
DEFAULT_MAX_RECORD_BYTES = 64 << 20

_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


class InputError(Exception):
    """A path given on the command line cannot be read: nothing can run."""


@dataclass(frozen=True)
class InputDoc:
    """One document to process; `line` is the 1-based JSONL line, None for `.txt`."""

    doc_id: str
    text: str
    meta: dict
    source: str
    line: Optional[int]


@dataclass(frozen=True)
class InputProblem:
    """A bad record. `skipped=False` is a warning: the record was still processed."""

    source: str
    line: Optional[int]
    doc_id: Optional[str]
    reason: str
    skipped: bool

    def to_json_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "line": self.line,
            "doc_id": self.doc_id,
            "reason": self.reason,
            "skipped": self.skipped,
        }

    def __str__(self) -> str:
        """One line for stderr: `source:line: doc_id: reason (skipped)`."""
        where = location(self.source, self.line)
        what = f" {self.doc_id}:" if self.doc_id is not None else ""
        kind = "skipped" if self.skipped else "warning"
        return f"{where}:{what} {self.reason} ({kind})"


InputItem = Union[InputDoc, InputProblem]



def decode_utf8(data: bytes, notes: list[str]) -> str:
    """UTF-8 text; invalid bytes become U+FFFD and add a note (a warning).

    Replacing rather than skipping keeps the document: one bad byte in a
    long article should not lose it. N is the offset in the record (the
    line for JSONL, the file for `.txt`).
    """
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        notes.append(f"invalid UTF-8 at byte {err.start}, replaced with U+FFFD")
        return data.decode("utf-8", errors="replace")


def scrub_surrogates(value: Any) -> tuple[Any, int]:
    """`value` with lone surrogates (from `"\\ud800"` escapes) replaced by U+FFFD.

    They cannot be written as UTF-8, so the output line would fail later.
    One code point for one keeps every offset unchanged. Returns the count.
    """
    if isinstance(value, str):
        try:
            # Only a lone surrogate cannot be encoded, and encoding is six
            # times faster than searching for one (most texts have none).
            value.encode("utf-8")
        except UnicodeEncodeError:
            return _LONE_SURROGATE.subn("\ufffd", value)
        return value, 0
    if isinstance(value, list):
        pairs = [scrub_surrogates(v) for v in value]
        return [v for v, _ in pairs], sum(n for _, n in pairs)
    if isinstance(value, dict):
        out, total = {}, 0
        for key, item in value.items():
            new_key, n_key = scrub_surrogates(key)
            new_item, n_item = scrub_surrogates(item)
            out[new_key] = new_item
            total += n_key + n_item
        return out, total
    return value, 0


def json_type(value: Any) -> str:
    """The JSON name of a decoded value's type, for messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


def location(source: str, line: Optional[int]) -> str:
    return source if line is None else f"{source}:{line}"
