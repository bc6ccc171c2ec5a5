"""What a partial output was computed from, so `--resume` never keeps a stale line.

Every line written to `<out>.partial` gets a provenance line, in the same
order, in the sidecar `<out>.partial.provenance`:

    {"doc_id": …, "source": <input path>, "sha256": <the input record: id, text, meta>,
     "rules": <RuleSet.digest>, "version": <kzextract version>, "options": {…},
     "line": <sha256 of the output line>}

The final output never holds provenance: the sidecar is removed when the
partial is published, and the output schema does not change.

On resume, a line of the partial is kept only when its provenance matches
what the current run would compute it from, its hash matches the line, and
the line validates against the output schema. The kept lines are matched to
the inputs in input order:

- while the partial's lines are the inputs' documents in order (the usual
  case: an interrupted run over unchanged inputs), they stay where they are
  and the run appends after them;
- at the first document that differs (edited, deleted, added, reordered,
  other rules or version, a line that does not validate), the valid lines
  after that point move to `<out>.partial.stash` and the partial is cut
  there. Later documents whose line is in the stash are copied from it in
  order; all others are computed. A deleted document's line is never copied,
  so it is dropped.

The stash is written and flushed before the partial is cut, so a run killed
at any moment resumes again with nothing lost. Stash and sidecar go when the
output is published.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from typing import Any, BinaryIO, Optional

from pydantic import ValidationError

from .jsonl import decode_line, read_json_lines
from .schema import DocRecord

PROVENANCE_KEYS = ("doc_id", "source", "sha256", "rules", "version", "options")


def record_digest(doc_id: str, text: str, meta: dict) -> str:
    """sha256 of one input record as the pipeline sees it: its id and meta as
    JSON, a NUL byte (JSON escapes its own), then the text as UTF-8.

    The text is hashed as it is, not as a JSON string: escaping a speech
    costs five times hashing it (0.26 against 0.06 ms a UNGDC speech)."""
    head = json.dumps([doc_id, meta], ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)
    digest = hashlib.sha256(head.encode("utf-8", errors="surrogatepass"))
    digest.update(b"\0")
    digest.update(text.encode("utf-8", errors="surrogatepass"))
    return digest.hexdigest()


def line_digest(line: bytes) -> str:
    return hashlib.sha256(line).hexdigest()


def provenance(doc_id: str, source: str, text: str, meta: dict, stamp: dict[str, Any]) -> dict[str, Any]:
    """What one output line is computed from (without the line's own hash).

    `stamp` holds what is the same for the whole run: rules digest, version, options."""
    where = source if source.startswith("<") else os.path.abspath(source)
    return {"doc_id": doc_id, "source": where, "sha256": record_digest(doc_id, text, meta), **stamp}


def valid_line(raw: bytes, doc_id: str) -> bool:
    """The line is an output record (the schema) of `doc_id`."""
    line = decode_line(raw)
    if line is None or line.error is not None or line.notes:
        return False
    try:
        record = DocRecord.model_validate(line.value)
    except ValidationError:
        return False
    return record.doc_id == doc_id


def _key(prov: Any) -> Optional[tuple]:
    """What must be equal for a line to be reused (everything but the line's hash)."""
    if not isinstance(prov, dict) or not all(k in prov for k in PROVENANCE_KEYS) or not isinstance(prov.get("line"), str):
        return None
    return tuple(json.dumps(prov[k], sort_keys=True) for k in PROVENANCE_KEYS)


@dataclass(frozen=True)
class _Entry:
    prov: dict  # with the line's hash
    key: tuple
    start: int  # byte range of the line (partial) or stash record (stash), without the newline
    end: int
    prov_end: int = 0  # in the sidecar, just after this entry's provenance line (partial entries)

    @property
    def doc_id(self) -> str:
        return self.prov["doc_id"]


class PartialState:
    """Which documents of a resumed partial output are still good, in input order.

    `partial` and `sidecar` are the open (locked) partial output and its
    provenance file; `stash` is opened in append mode on first use.
    """

    KEPT = object()  # the line is already in place in the partial

    def __init__(self, partial: BinaryIO, sidecar: BinaryIO, stash_path: os.PathLike) -> None:
        self.partial, self.sidecar, self.stash_path = partial, sidecar, stash_path
        self.kept_in_place = 0
        self.copied = 0
        self._stash: Optional[BinaryIO] = None
        self._pool: dict[str, list[_Entry]] = {}
        self._index_stash()
        self._prefix, later = self._scan()
        self._next = 0
        self._diverged = False
        # Good lines after the first bad one go to the stash; the partial (and
        # its sidecar) are cut after the prefix, dropping a torn last line.
        self._move_and_cut(len(self._prefix), later or [])

    @property
    def kept(self) -> int:
        return self.kept_in_place + self.copied

    # -- reading

    def _scan(self) -> tuple[list[_Entry], Optional[list[_Entry]]]:
        """The leading run of partial lines whose line and provenance agree
        (they can stay in place), and the good lines after the first bad one
        (None if there is no bad one)."""
        self.partial.seek(0)
        self.sidecar.seek(0)
        provs = read_json_lines(self.sidecar)
        prefix: list[_Entry] = []
        later: Optional[list[_Entry]] = None
        for line in read_json_lines(self.partial, keep_raw=True):
            entry = self._entry(line, next(provs, None))
            if later is None and entry is not None:
                prefix.append(entry)
                continue
            later = later if later is not None else []
            if entry is not None:
                later.append(entry)
        return prefix, later

    def _entry(self, line, prov) -> Optional[_Entry]:
        if prov is None or prov.error is not None or not line.terminated or line.error is not None:
            return None
        key = _key(prov.value)
        if key is None or line.raw is None:
            return None
        if prov.value["line"] != line_digest(line.raw) or not valid_line(line.raw, prov.value["doc_id"]):
            return None
        return _Entry(prov.value, key, line.end - len(line.raw) - 1, line.end - 1, prov.end)

    def _index_stash(self) -> None:
        if not os.path.exists(self.stash_path):
            return
        with open(self.stash_path, "rb") as fh:
            for line in read_json_lines(fh, keep_raw=True):
                value = line.value
                if line.error or not line.terminated or not isinstance(value, dict):
                    continue
                key = _key(value.get("prov"))
                if key is None or not isinstance(value.get("line"), str):
                    continue
                entry = _Entry(value["prov"], key, line.end - len(line.raw or b"") - 1, line.end - 1)
                self._pool.setdefault(entry.doc_id, []).append(entry)

    # -- deciding

    def claim(self, prov: dict[str, Any]) -> Any:
        """For the next input document: `KEPT`, the line to copy (str), or None (compute it)."""
        key = _key({**prov, "line": ""})
        doc_id = prov["doc_id"]
        if not self._diverged:
            if self._next < len(self._prefix) and self._prefix[self._next].doc_id == doc_id and self._prefix[self._next].key == key:
                self._next += 1
                self.kept_in_place += 1
                return self.KEPT
            self._diverged = True
            self._move_and_cut(self._next, self._prefix[self._next :])
        for entry in reversed(self._pool.get(doc_id, [])):
            if entry.key == key:
                line = self._stashed_line(entry)
                if line is not None:
                    self.copied += 1
                    return line
        return None

    def finish(self) -> None:
        """Before publishing: drop partial lines no input document claimed."""
        if not self._diverged:
            self._move_and_cut(self._next, [])

    # -- the stash

    def _move_and_cut(self, index: int, moved: list[_Entry]) -> None:
        """Move `moved` (good lines at or after `index`) into the stash, then
        cut the partial and its sidecar after the first `index` prefix entries."""
        if moved:
            try:
                self._stash_lines(moved)
            except OSError as err:
                raise OSError(err.errno, err.strerror, os.fspath(self.stash_path)) from None
        cut = self._prefix[index - 1] if index else None
        self.partial.truncate(cut.end + 1 if cut else 0)
        self.sidecar.truncate(cut.prov_end if cut else 0)
        self.partial.seek(0, os.SEEK_END)
        self.sidecar.seek(0, os.SEEK_END)

    def _stash_lines(self, moved: list[_Entry]) -> None:
        """Append `moved` to the stash and make them durable, before the partial is cut."""
        stash = self._open_stash()
        for entry in moved:
            self.partial.seek(entry.start)
            raw = self.partial.read(entry.end - entry.start)
            record = {"prov": entry.prov, "line": raw.decode("utf-8")}
            offset = stash.seek(0, os.SEEK_END)
            stash.write(json.dumps(record, ensure_ascii=False, separators=(",", ":")).encode("utf-8") + b"\n")
            self._pool.setdefault(entry.doc_id, []).append(_Entry(entry.prov, entry.key, offset, stash.tell() - 1))
        stash.flush()
        os.fsync(stash.fileno())

    def _open_stash(self) -> BinaryIO:
        if self._stash is None:
            self._stash = open(self.stash_path, "ab")
        return self._stash

    def _stashed_line(self, entry: _Entry) -> Optional[str]:
        if self._stash is not None:
            self._stash.flush()
        with open(self.stash_path, "rb") as fh:
            fh.seek(entry.start)
            line = decode_line(fh.read(entry.end - entry.start))
        if line is None or line.error or not isinstance(line.value, dict) or not isinstance(line.value.get("line"), str):
            return None
        raw = line.value["line"].encode("utf-8")
        if line_digest(raw) != entry.prov["line"] or not valid_line(raw, entry.doc_id):
            return None
        return line.value["line"]

    def close(self) -> None:
        if self._stash is not None:
            try:
                self._stash.close()
            except OSError:  # a failed write was reported when it failed
                pass
            self._stash = None
