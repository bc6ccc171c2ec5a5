"""Reading inputs: `.txt` files, HTML pages, PDF files, JSONL (plain or
gzipped), directories, stdin.

Inputs are streamed, one record at a time, so a corpus of any size runs in
constant memory. A bad record never stops a run: it becomes an
`InputProblem`, either a warning (the record is still processed) or a skip.
Only a path that cannot be used at all raises `InputError`, and that is
checked for every path before any record is read, so a typo fails at once.

Every non-blank JSONL line and every `.txt`, HTML or PDF file gives exactly
one `InputDoc` or one skipped `InputProblem` (warnings come before the record
they concern), so nothing is dropped silently; in a directory, so does every
entry named like an input that cannot be read (a broken symlink, a loop, a
directory, a FIFO). A FIFO or device given as a path (`<(zcat x.gz)`) is read
once, as a stream. A record over `--max-record-bytes` is skipped unread.

Text is kept exactly as decoded: no newline translation and no trimming,
because span offsets index it and must agree with gold (`gold/build.py`
reads articles the same way). For HTML and PDF, the text is what
`kzextract.readers` extracts from the file.
"""

from __future__ import annotations

import errno
import os
import re
import stat
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, Collection, Iterable, Iterator, Optional, Sequence, Union

from .jsonl import READ_ERRORS, JsonLine, decode_line, format_bytes, loads, open_binary, read_json_lines

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
        where = _location(self.source, self.line)
        what = f" {self.doc_id}:" if self.doc_id is not None else ""
        kind = "skipped" if self.skipped else "warning"
        return f"{where}:{what} {self.reason} ({kind})"


InputItem = Union[InputDoc, InputProblem]


# --------------------------------------------------------------------------
# Which files are inputs


def input_kind(name: str) -> Optional[str]:
    """'txt', 'html', 'pdf', 'jsonl' or None (not an input) for a file name."""
    lower = name.lower()
    if lower.endswith(TXT_SUFFIX):
        return "txt"
    if lower.endswith(HTML_SUFFIXES):
        return "html"
    if lower.endswith(PDF_SUFFIX):
        return "pdf"
    if lower.endswith(JSONL_SUFFIXES):
        return "jsonl"
    return None


def file_stem(name: str) -> str:
    """`a.txt` -> `a`, `a.html.gz` -> `a`, `a.jsonl.gz` -> `a`: the default doc id (prefix)."""
    lower = name.lower()
    for suffix in (TXT_SUFFIX, *HTML_SUFFIXES[::-1], PDF_SUFFIX, *JSONL_SUFFIXES[::-1]):
        if lower.endswith(suffix):
            return name[: -len(suffix)]
    return name


def list_directory(directory: Path, exclude: Collection[str] = ()) -> list[Union[Path, InputProblem]]:
    """The input files directly inside `directory`, sorted by name, and a
    skip for each entry named like an input that cannot be read as one.

    Not recursive, so an `out/` folder or a backup copy below it is never
    read by accident; sidecars and other files (`.md`, …) are not inputs.
    A broken symlink, a symlink loop, a directory or a FIFO named like an
    input is a skip with its reason, never silently left out. Files whose
    real path is in `exclude` (the run's own output and errors file) are
    not inputs.
    """
    out: list[Union[Path, InputProblem]] = []
    for name in sorted(os.listdir(directory)):
        kind = input_kind(name)
        if kind is None:
            continue
        path = directory / name
        if exclude and os.path.realpath(path) in exclude:
            continue
        doc_id = None if kind == "jsonl" else file_stem(name)
        reason = _not_a_file(path)
        if reason is None:
            out.append(path)
        else:
            out.append(InputProblem(str(path), None, doc_id, reason, True))
    return out


def _not_a_file(path: Path) -> Optional[str]:
    """Why `path` (in a directory) is not read as a file, or None if it is a regular file."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        if os.path.islink(path):
            return f"broken symbolic link (to {os.readlink(path)})"
        return "no such file (removed while the run went on)"
    except OSError as err:
        if err.errno == errno.ELOOP:
            return "symbolic link loop"
        return f"cannot read: {err.strerror or err}"
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a directory, named like an input file (not read: directories are not recursed)"
    if stat.S_ISFIFO(mode):
        return "a FIFO in a directory is not read (give it as a path of its own to read it as a stream)"
    return f"not a regular file ({_file_type(mode)})"


def _file_type(mode: int) -> str:
    for test, name in ((stat.S_ISCHR, "character device"), (stat.S_ISBLK, "block device"), (stat.S_ISSOCK, "socket"), (stat.S_ISFIFO, "FIFO")):
        if test(mode):
            return name
    return "special file"


def path_kind(path: str) -> Optional[str]:
    """The input kind of a path given on the command line. A FIFO, device or
    socket (`<(zcat x)` is /dev/fd/63) without an input's suffix is read as
    JSONL, like stdin."""
    kind = input_kind(os.path.basename(path))
    if kind is None and _is_stream(path):
        return "jsonl"
    return kind


def _is_stream(path: str) -> bool:
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


def check_paths(paths: Sequence[Union[str, os.PathLike]], written: Sequence[Union[str, os.PathLike]] = ()) -> None:
    """Raise `InputError` for the first path that cannot be used, or that is
    also a file this run writes (`written`: the output, its errors file, …).

    Run before any work, so that a typo in the last of many paths fails in
    a second, not after hours of processing the first ones. A FIFO or device
    is not opened here: opening and closing a FIFO would lose its writer's data.
    """
    if not paths:
        raise InputError("no input given (a .txt, .html, .pdf or .jsonl[.gz] file, a directory, or - for stdin)")
    if sum(1 for p in paths if os.fspath(p) == STDIN) > 1:
        raise InputError("'-' (stdin) given more than once")
    outputs = [os.fspath(w) for w in written]
    for raw in paths:
        path = os.fspath(raw)
        if path == STDIN:
            continue
        try:
            mode = os.stat(path).st_mode
        except FileNotFoundError:
            if os.path.islink(path):
                raise InputError(f"{path}: broken symbolic link (to {os.readlink(path)})") from None
            raise InputError(f"{path}: no such file or directory") from None
        except OSError as err:
            raise InputError(f"{path}: cannot read: {err.strerror or err}") from None
        try:
            if stat.S_ISDIR(mode):
                os.listdir(path)
                continue
            for output in outputs:
                if same_file(path, output):
                    raise InputError(
                        f"{path}: is also an output of this run ({output}); refusing to overwrite an input"
                    )
            if path_kind(path) is None:
                raise InputError(
                    f"{path}: not an input"
                    " (expected a .txt, .html, .htm, .html.gz, .pdf, .jsonl or .jsonl.gz file or a directory)"
                )
            if not stat.S_ISREG(mode):
                if not os.access(path, os.R_OK):
                    raise InputError(f"{path}: cannot read: permission denied")
                continue
            with open(path, "rb"):
                pass
        except OSError as err:
            raise InputError(f"{path}: cannot read: {err.strerror or err}") from None


def same_file(a: Union[str, os.PathLike], b: Union[str, os.PathLike]) -> bool:
    """The same file: same real path (symlinks followed), or the same inode (a hard link)."""
    if os.path.realpath(a) == os.path.realpath(b):
        return True
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


# --------------------------------------------------------------------------
# Reading


def read_inputs(
    paths: Sequence[Union[str, os.PathLike]],
    *,
    stdin: Optional[BinaryIO] = None,
    written: Sequence[Union[str, os.PathLike]] = (),
    max_record_bytes: int = DEFAULT_MAX_RECORD_BYTES,
) -> Iterator[InputItem]:
    """Every record of `paths`, in order, as `InputDoc` or `InputProblem`.

    Paths are checked here, eagerly (`InputError`), before the returned
    iterator reads anything; `written` are the files the run writes (its
    output and errors file), which must not be inputs and are left out of
    directories. Doc ids must be unique across the whole run. A record
    (JSONL line, file) over `max_record_bytes` is skipped unread.
    """
    check_paths(paths, written)
    exclude = frozenset(os.path.realpath(w) for w in written)
    return _dedupe(_read_all([os.fspath(p) for p in paths], stdin, exclude, max_record_bytes))


def _read_all(paths: list[str], stdin: Optional[BinaryIO], exclude: frozenset[str], limit: int) -> Iterator[InputItem]:
    for path in paths:
        if path == STDIN:
            stream = stdin if stdin is not None else sys.stdin.buffer
            yield from _read_jsonl_stream(stream, STDIN_SOURCE, STDIN_STEM, limit)
        elif os.path.isdir(path):
            try:
                entries = list_directory(Path(path), exclude)
            except OSError as err:
                yield InputProblem(path, None, None, f"cannot list directory: {err}", True)
                continue
            for entry in entries:
                if isinstance(entry, InputProblem):
                    yield entry
                else:
                    yield from _read_file(entry, input_kind(entry.name), limit)
        else:
            yield from _read_file(Path(path), path_kind(path), limit)


def _dedupe(items: Iterable[InputItem]) -> Iterator[InputItem]:
    """Skip a document whose id was already used earlier in this run.

    The first one wins: output order and resume (which skips done ids)
    both rely on one line per id.
    """
    seen: dict[str, str] = {}  # doc id -> where it was first seen
    for item in items:
        if isinstance(item, InputDoc):
            first = seen.get(item.doc_id)
            if first is not None:
                reason = f"duplicate doc_id, first seen at {first}"
                item = InputProblem(item.source, item.line, item.doc_id, reason, True)
            else:
                seen[item.doc_id] = _location(item.source, item.line)
        yield item


def _read_file(path: Path, kind: Optional[str], limit: int = DEFAULT_MAX_RECORD_BYTES) -> Iterator[InputItem]:
    if kind == "txt":
        yield from read_txt(path, limit)
        return
    if kind in CONVERTED_KINDS:
        yield from read_converted(path, kind, limit)
        return
    source = str(path)
    try:
        stream = open_binary(path)
    except OSError as err:
        yield InputProblem(source, None, None, f"cannot open: {err}", True)
        return
    with stream:
        yield from _read_jsonl_stream(stream, source, file_stem(path.name), limit)


def _read_bounded(path: Path, limit: int) -> bytes:
    """The whole file (a `.gz` decompressed), read once (a FIFO is a stream);
    `RecordTooLarge` past `limit` bytes, without reading further."""
    with open_binary(path) as fh:
        data = fh.read(limit + 1)
    if len(data) > limit:
        raise RecordTooLarge(f"larger than the limit of {format_bytes(limit)} (--max-record-bytes)")
    return data


class RecordTooLarge(ValueError):
    pass


def read_txt(path: Path, max_bytes: int = DEFAULT_MAX_RECORD_BYTES) -> list[InputItem]:
    """One `.txt` file: its warnings, then the document (or one skip).

    Read whole: a text file is one document. Meta comes from the sidecar
    `<stem>.meta.json` beside it, as in `corpus/`.
    """
    source = str(path)
    doc_id = file_stem(path.name)
    try:
        data = _read_bounded(path, max_bytes)
    except RecordTooLarge as err:
        return [InputProblem(source, None, doc_id, f"file {err}", True)]
    except READ_ERRORS as err:
        return [InputProblem(source, None, doc_id, f"cannot read: {err}", True)]
    if b"\x00" in data[:BINARY_SNIFF_BYTES]:
        reason = f"binary file (NUL byte in the first {BINARY_SNIFF_BYTES} bytes)"
        return [InputProblem(source, None, doc_id, reason, True)]
    notes: list[str] = []
    text = decode_utf8(data, notes)
    meta = _read_sidecar(path.with_name(doc_id + SIDECAR_SUFFIX), notes)
    problems: list[InputItem] = [InputProblem(source, None, doc_id, n, False) for n in notes]
    return problems + [InputDoc(doc_id, text, meta, source, None)]


def read_converted(path: Path, kind: str, max_bytes: int = DEFAULT_MAX_RECORD_BYTES) -> list[InputItem]:
    """One HTML page or PDF file: its warnings, then the document (or one skip).

    The text and meta are what `kzextract.readers` extracts; a sidecar
    `<stem>.meta.json` beside the file overrides the extracted meta, key by key.
    """
    from .readers import NoText, read_bytes  # trafilatura and pypdf load only when needed

    source = str(path)
    doc_id = file_stem(path.name)
    try:
        data = _read_bounded(path, max_bytes)
    except RecordTooLarge as err:
        return [InputProblem(source, None, doc_id, f"file {err}", True)]
    except READ_ERRORS as err:
        return [InputProblem(source, None, doc_id, f"cannot read: {err}", True)]
    try:
        extracted = read_bytes(kind, data)
    except NoText as err:
        return [InputProblem(source, None, doc_id, str(err), True)]
    except Exception as err:  # a library failing on one odd file must not stop the run
        return [InputProblem(source, None, doc_id, f"cannot extract text: {type(err).__name__}: {err}", True)]
    notes = list(extracted.notes)
    sidecar = _read_sidecar(path.with_name(doc_id + SIDECAR_SUFFIX), notes, instead=f"the {kind.upper()} meta")
    meta = {**extracted.meta, **sidecar}
    problems: list[InputItem] = [InputProblem(source, None, doc_id, n, False) for n in notes]
    return problems + [InputDoc(doc_id, extracted.text, meta, source, None)]


def _read_sidecar(sidecar: Path, notes: list[str], instead: str = "meta {}") -> dict:
    if not sidecar.exists():
        return {}
    found: list[str] = []
    try:
        meta = loads(decode_utf8(sidecar.read_bytes(), []), found)
    except (OSError, ValueError, RecursionError) as err:
        notes.append(f"cannot use {sidecar.name}: {err}; using {instead}")
        return {}
    if not isinstance(meta, dict):
        got = json_type(meta)
        notes.append(f"{sidecar.name} is not a JSON object (got {got}); using {instead}")
        return {}
    notes.extend(f"{sidecar.name}: {note}" for note in found)
    meta, replaced = scrub_surrogates(meta)
    if replaced:
        notes.append(f"{replaced} lone surrogate(s) in {sidecar.name} replaced with U+FFFD")
    return meta


def _read_jsonl_stream(stream: BinaryIO, source: str, stem: str, limit: Optional[int] = None) -> Iterator[InputItem]:
    """Records of a JSONL byte stream, line by line (never the whole file),
    read by `jsonl.read_json_lines`. A stream that breaks off (truncated
    gzip, I/O error) gives one skip naming the line and ends this source.
    """
    for line in read_json_lines(stream, max_bytes=limit):
        if line.ended:
            yield InputProblem(source, line.number, None, line.error or "cannot read further", True)
            return
        yield from jsonl_items(line, source=source, fallback_id=f"{stem}:{line.number}")


def parse_jsonl_line(raw: bytes, *, source: str, line: int, fallback_id: str) -> list[InputItem]:
    """One JSONL line's bytes: its warnings, then the document or one skip."""
    decoded = decode_line(raw, line)
    return [] if decoded is None else jsonl_items(decoded, source=source, fallback_id=fallback_id)


def jsonl_items(decoded: JsonLine, *, source: str, fallback_id: str) -> list[InputItem]:
    """One decoded JSONL line: its warnings, then the document or one skip.

    Pure: no state across lines (duplicate ids are checked by the reader).
    """
    line = decoded.number
    notes: list[str] = list(decoded.notes)

    def result(doc_id: Optional[str], skip: Optional[str] = None, **doc: Any) -> list[InputItem]:
        items: list[InputItem] = [InputProblem(source, line, doc_id, n, False) for n in notes]
        if skip is not None:
            items.append(InputProblem(source, line, doc_id, skip, True))
        else:
            assert doc_id is not None
            items.append(InputDoc(doc_id, doc["text"], doc["meta"], source, line))
        return items

    if decoded.error is not None:
        return result(None, decoded.error)
    obj = decoded.value
    if not isinstance(obj, dict):
        return result(None, f"not a JSON object (got {json_type(obj)})")
    obj, replaced = scrub_surrogates(obj)
    if replaced:
        notes.append(f"{replaced} lone surrogate(s) replaced with U+FFFD")

    # doc_id wins over id (it is the output's name for it) unless it is null.
    id_key = "doc_id" if obj.get("doc_id") is not None else "id"
    raw_id = obj.get(id_key)
    if raw_id is None or (isinstance(raw_id, str) and not raw_id.strip()):
        doc_id = fallback_id
        notes.append(f"no doc_id or id; using {doc_id!r}")
    elif isinstance(raw_id, str):
        doc_id = raw_id
    elif isinstance(raw_id, int) and not isinstance(raw_id, bool):
        doc_id = str(raw_id)
    else:
        return result(None, f"{id_key} must be a string or an integer (got {json_type(raw_id)})")

    if "text" not in obj:
        return result(doc_id, "no text field")
    text = obj["text"]
    if not isinstance(text, str):
        return result(doc_id, f"text is not a string (got {json_type(text)})")

    meta = obj.get("meta", {})
    if not isinstance(meta, dict):
        notes.append(f"meta is not an object (got {json_type(meta)}); using {{}}")
        meta = {}
    return result(doc_id, text=text, meta=meta)


# --------------------------------------------------------------------------
# Pure helpers


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
        return _LONE_SURROGATE.subn("\ufffd", value)
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


def _location(source: str, line: Optional[int]) -> str:
    return source if line is None else f"{source}:{line}"
