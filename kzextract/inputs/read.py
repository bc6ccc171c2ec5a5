"""Reading the records of checked paths, one at a time."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any, BinaryIO, Iterable, Iterator, Optional, Sequence, Union

from ..jsonl import READ_ERRORS, JsonLine, decode_line, format_bytes, loads, open_binary, read_json_lines
from .paths import check_paths, file_stem, input_kind, list_directory, path_kind
from .records import (
    BINARY_SNIFF_BYTES,
    CONVERTED_KINDS,
    DEFAULT_MAX_RECORD_BYTES,
    SIDECAR_SUFFIX,
    STDIN,
    STDIN_SOURCE,
    STDIN_STEM,
    InputDoc,
    InputItem,
    InputProblem,
    decode_utf8,
    json_type,
    location,
    scrub_surrogates,
)


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
                seen[item.doc_id] = location(item.source, item.line)
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


def _read_whole(path: Path, doc_id: str, max_bytes: int) -> Union[bytes, InputProblem]:
    """A file that is one document, or the skip that says why it cannot be read."""
    try:
        return _read_bounded(path, max_bytes)
    except RecordTooLarge as err:
        return InputProblem(str(path), None, doc_id, f"file {err}", True)
    except READ_ERRORS as err:
        return InputProblem(str(path), None, doc_id, f"cannot read: {err}", True)


def read_txt(path: Path, max_bytes: int = DEFAULT_MAX_RECORD_BYTES) -> list[InputItem]:
    """One `.txt` file: its warnings, then the document (or one skip).

    Read whole: a text file is one document. Meta comes from the sidecar
    `<stem>.meta.json` beside it, as in `corpus/`.
    """
    source = str(path)
    doc_id = file_stem(path.name)
    data = _read_whole(path, doc_id, max_bytes)
    if isinstance(data, InputProblem):
        return [data]
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
    from ..readers import NoText, read_bytes  # trafilatura and pypdf load only when needed

    source = str(path)
    doc_id = file_stem(path.name)
    data = _read_whole(path, doc_id, max_bytes)
    if isinstance(data, InputProblem):
        return [data]
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
