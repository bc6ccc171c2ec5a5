"""Writing results: one JSON line per document, published atomically.

A results file is either absent, the previous complete run, or this
complete run; never half-written. Lines go to `<out>.partial` beside it
(same directory, so the final rename is atomic), each line whole and
flushed; `commit()` fsyncs and renames. If the process dies first, the
partial stays, and `--resume` continues it: the result is byte-identical
to an uninterrupted run because the caller writes in input order and skips
the ids already done.

The errors file works the same way but is never resumed: problems are
found again when the inputs are re-read.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path
from types import TracebackType
from typing import Any, BinaryIO, Optional, TextIO

from .inputs import InputDoc, InputProblem
from .jsonl import read_json_lines

PARTIAL_SUFFIX = ".partial"


def dumps_line(obj: Any) -> str:
    """The one JSON form of every line kzextract writes (without the newline).

    Compact and deterministic: keys in the order given (`to_json_dict`
    documents it), non-ASCII as UTF-8 rather than `\\u` escapes (as gold is
    written), and NaN refused, since it is not JSON.
    """
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def errors_path_for(out: Path) -> Path:
    """`results.jsonl` -> `results.errors.jsonl` (beside the results)."""
    stem = out.name[: -len(".jsonl")] if out.name.endswith(".jsonl") else out.name
    return out.with_name(stem + ".errors.jsonl")


def partial_path_for(out: Path) -> Path:
    """`results.jsonl` -> `results.jsonl.partial`: same directory, same filesystem."""
    return out.with_name(out.name + PARTIAL_SUFFIX)


def scan_complete_lines(path: Path) -> tuple[list[str], int]:
    """Doc ids of the leading complete lines of a partial output, and where they end.

    A line counts only if it ends in a newline and is a JSON object with a
    string `doc_id`. Scanning stops at the first line that is not, so what
    is kept is always a prefix of the run that wrote it (a killed write
    leaves at most one half line, at the end).
    """
    ids: list[str] = []
    end = 0
    with open(path, "rb") as fh:
        for line in read_json_lines(fh):
            obj = line.value
            if line.error or not line.terminated or not (isinstance(obj, dict) and isinstance(obj.get("doc_id"), str)):
                break
            ids.append(obj["doc_id"])
            end = line.end
    return ids, end


def prepare_resume(out: Path) -> frozenset[str]:
    """Make `<out>.partial` ready to append to; return the ids it holds.

    From the partial of an interrupted run if there is one, else from a
    complete `<out>` (copied, so `<out>` stays untouched until commit).
    Anything after the last complete line is truncated away.
    """
    partial = partial_path_for(out)
    if not partial.exists():
        if not out.exists():
            return frozenset()
        shutil.copyfile(out, partial)
    ids, end = scan_complete_lines(partial)
    if end < partial.stat().st_size:
        os.truncate(partial, end)
    return frozenset(ids)


class _PartialFile:
    """`<target>.partial`, moved onto `<target>` only by `commit()`."""

    def __init__(self, target: Path, *, append: bool = False) -> None:
        self.target = target
        self.partial = partial_path_for(target)
        target.parent.mkdir(parents=True, exist_ok=True)
        self._fh: BinaryIO = open(self.partial, "ab" if append else "wb")

    def write_line(self, line: str) -> None:
        # Encoded first: a line that cannot be encoded writes nothing at all.
        data = (line + "\n").encode("utf-8")
        self._fh.write(data)
        self._fh.flush()

    def commit(self) -> None:
        self._fh.flush()
        os.fsync(self._fh.fileno())
        self._fh.close()
        os.replace(self.partial, self.target)
        _fsync_directory(self.target.parent)

    def close(self) -> None:
        self._fh.close()


def _fsync_directory(directory: Path) -> None:
    """Make the rename itself durable; not possible on every platform."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


class _PartialFileOwner:
    """Closes its partial file when its `with` block ends, committed or not."""

    _file: Optional["_PartialFile"] = None

    def close(self) -> None:
        if self._file is not None:
            self._file.close()

    def __enter__(self):
        return self

    def __exit__(
        self,
        exc_type: Optional[type[BaseException]],
        exc: Optional[BaseException],
        tb: Optional[TracebackType],
    ) -> None:
        self.close()


class OutputSink(_PartialFileOwner):
    """Where result lines go: `path` (atomically, resumable) or stdout.

    Use as a context manager and call `commit()` once every line is
    written; leaving the block without it (an exception, Ctrl-C) keeps the
    previous `<out>` as it was and the new lines in `<out>.partial`.
    """

    def __init__(
        self, path: Optional[Path], *, resume: bool = False, stdout: Optional[TextIO] = None
    ) -> None:
        self.path = Path(path) if path is not None else None
        self.done_ids: frozenset[str] = frozenset()
        self.written = 0
        self._file: Optional[_PartialFile] = None
        self._stdout: Optional[TextIO] = None
        if path is None:
            if resume:
                raise ValueError("resume needs an output file: stdout cannot be resumed")
            self._stdout = stdout if stdout is not None else sys.stdout
            return
        if resume:
            self.done_ids = prepare_resume(self.path)
        self._file = _PartialFile(self.path, append=resume)

    def write(self, record_json: dict) -> None:
        """Write one record (a `to_json_dict()`) as one flushed line."""
        self.write_line(record_json.get("doc_id"), dumps_line(record_json))

    def write_line(self, doc_id: Optional[str], line: str) -> None:
        """Write one record already serialized by `dumps_line` (in a worker)."""
        if doc_id in self.done_ids:
            # A second line for a done id would break the resumed file.
            raise ValueError(f"doc_id {doc_id!r} is already in the resumed output")
        if self._file is not None:
            self._file.write_line(line)
        else:
            _write_stdout(self._stdout, line)
        self.written += 1

    def commit(self) -> None:
        """Publish the output: fsync `<out>.partial` and rename it to `<out>`."""
        if self._file is not None:
            self._file.commit()
        elif self._stdout is not None:
            self._stdout.flush()



def _write_stdout(stream: TextIO, line: str) -> None:
    """Write a line as UTF-8 whatever the locale says (a Windows pipe is cp1252).

    Through the stream's byte buffer when it has one; a plain text stream
    (`io.StringIO`) gets the text.
    """
    buffer = getattr(stream, "buffer", None)
    if buffer is None:
        stream.write(line + "\n")
        stream.flush()
        return
    stream.flush()
    buffer.write((line + "\n").encode("utf-8"))
    buffer.flush()


class ErrorLog(_PartialFileOwner):
    """Problems of one run: counted always, written to `path` if given.

    The file (one `InputProblem.to_json_dict()` a line) is written through
    `<path>.partial` like the results, always from scratch. A run without
    problems leaves no errors file, and `commit()` removes a stale one, so
    the errors file always belongs to the results beside it. Commit it
    before the results: a run killed between the two then still looks
    unfinished.
    """

    def __init__(self, path: Optional[Path]) -> None:
        self.path = Path(path) if path is not None else None
        self.skipped = 0
        self.warnings = 0
        self._file: Optional[_PartialFile] = None

    @property
    def total(self) -> int:
        return self.skipped + self.warnings

    def add(self, problem: InputProblem) -> None:
        if problem.skipped:
            self.skipped += 1
        else:
            self.warnings += 1
        if self.path is None:
            return
        if self._file is None:
            self._file = _PartialFile(self.path)  # opened on the first problem only
        self._file.write_line(dumps_line(problem.to_json_dict()))

    def add_failure(self, doc: InputDoc, reason: str) -> InputProblem:
        """Record a document the pipeline failed on (it has no output line)."""
        problem = InputProblem(doc.source, doc.line, doc.doc_id, reason, skipped=True)
        self.add(problem)
        return problem

    def commit(self) -> None:
        """Publish this run's errors file, or remove a stale one if there were none."""
        if self._file is not None:
            self._file.commit()
        elif self.path is not None:
            self.path.unlink(missing_ok=True)
            partial_path_for(self.path).unlink(missing_ok=True)

