"""Writing results: one JSON line per document, published atomically.

What `-o` names decides how lines are written (`resolve_target`):

- a regular file, or a name that does not exist yet: lines go to
  `<file>.partial` beside it (same directory, so the final rename is
  atomic), each line whole and flushed; `commit()` fsyncs and renames. A
  results file is thus either absent, the previous complete run, or this
  complete run; never half-written. A symlink is followed: its target is
  written, the link stays.
- a character device, a FIFO or a socket (`/dev/null`, `<(…)`, a named
  pipe): written through, no partial and no rename, never replaced.
- `-`, `/dev/stdout`: standard output.

While a run writes `<file>.partial` it holds an exclusive lock on it (and,
after the rename, on the output), so a second run on the same output fails
at once instead of mixing lines. If the process dies, the partial stays and
`--resume` continues it; `kzextract.resume` decides which of its lines are
still good, from the provenance sidecar written with every line.

The errors file works the same way but is never resumed: problems are
found again when the inputs are re-read.
"""

from __future__ import annotations

import errno
import json
import os
import stat
import sys
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any, BinaryIO, Optional, TextIO, Union

from .inputs import InputDoc, InputProblem
from .resume import PartialState, line_digest, provenance

try:
    import fcntl
except ImportError:  # Windows: no advisory locks; a second run is not detected
    fcntl = None  # type: ignore[assignment]

PARTIAL_SUFFIX = ".partial"
PROVENANCE_SUFFIX = ".provenance"  # <out>.partial.provenance
STASH_SUFFIX = ".stash"  # <out>.partial.stash
STDOUT_NAMES = ("-", "/dev/stdout", "/dev/fd/1", "/proc/self/fd/1")


class OutputError(Exception):
    """The output cannot be used: nothing was written (exit 1)."""


class OutputWriteError(Exception):
    """Writing failed part-way (a full disk); what was written is kept. The
    message names the file."""


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


# --------------------------------------------------------------------------
# What -o names


@dataclass(frozen=True)
class Target:
    """Where the results go. `kind` is "file", "stream" or "stdout"."""

    kind: str
    given: Optional[Path] = None  # as on the command line
    path: Optional[Path] = None  # the file written (symlinks followed) or the stream

    @property
    def errors_path(self) -> Optional[Path]:
        """The errors file: beside the name given, for a file only (a device or
        stdout has no "beside"; its problems go to stderr only)."""
        if self.kind != "file" or self.given is None:
            return None
        return Path(os.path.realpath(errors_path_for(self.given)))

    @property
    def partial(self) -> Optional[Path]:
        return partial_path_for(self.path) if self.kind == "file" and self.path else None

    def files(self) -> list[Path]:
        """Every file this run writes or publishes (for the input checks)."""
        if self.kind != "file" or self.path is None:
            return [self.path] if self.path is not None else []
        partial = partial_path_for(self.path)
        errors = self.errors_path
        assert errors is not None
        return [
            self.path,
            partial,
            partial.with_name(partial.name + PROVENANCE_SUFFIX),
            partial.with_name(partial.name + STASH_SUFFIX),
            errors,
            partial_path_for(errors),
        ]


def resolve_target(output: Union[None, str, os.PathLike]) -> Target:
    """What `-o OUTPUT` means; raises `OutputError` for a directory."""
    if output is None or os.fspath(output) in STDOUT_NAMES:
        return Target("stdout")
    given = Path(output)
    try:
        mode = os.stat(given).st_mode
    except FileNotFoundError:
        mode = None  # a new file (or a dangling symlink: its target is created)
    except OSError as err:
        raise OutputError(f"{given}: cannot use as output: {err.strerror or err}") from None
    if mode is not None and stat.S_ISDIR(mode):
        raise OutputError(f"{given}: is a directory; -o/--output needs a file name")
    if mode is not None and not stat.S_ISREG(mode):
        return Target("stream", given, given)
    return Target("file", given, Path(os.path.realpath(given)))


# --------------------------------------------------------------------------
# Files


def _open_locked(path: Path) -> tuple[BinaryIO, bool]:
    """`path` opened read-write without truncating it, under an exclusive lock;
    and whether it existed. Raises `OutputError` when another process holds it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    while True:
        existed = path.exists()
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
        if fcntl is None:
            break
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as err:
            os.close(fd)
            if err.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                raise OutputError(
                    f"{path}: another kzextract run is writing this output (it holds the lock);"
                    " wait for it to finish or choose another -o"
                ) from None
            raise
        # The file may have been renamed onto the output (the other run
        # finished) between open and lock: then lock the new partial.
        try:
            same = os.path.samestat(os.fstat(fd), os.stat(path))
        except FileNotFoundError:
            same = False
        if same:
            break
        os.close(fd)
    fh = os.fdopen(fd, "r+b")
    fh.seek(0, os.SEEK_END)
    return fh, existed


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


def _write(fh: BinaryIO, data: bytes, path: Path) -> None:
    try:
        fh.write(data)
        fh.flush()
    except OSError as err:
        raise OutputWriteError(f"cannot write {path}: {err.strerror or err}") from None


def _close(fh: Optional[BinaryIO]) -> None:
    """Close even after a failed write (the file is closed; what could not be
    flushed is lost, and was reported when the write failed)."""
    if fh is None:
        return
    try:
        fh.close()
    except OSError:
        pass


class _Owner:
    """Closes what it opened when its `with` block ends, committed or not."""

    def close(self) -> None:  # pragma: no cover - subclasses
        pass

    def __enter__(self):
        return self

    def __exit__(
        self,
        exc_type: Optional[type[BaseException]],
        exc: Optional[BaseException],
        tb: Optional[TracebackType],
    ) -> None:
        self.close()


class OutputSink(_Owner):
    """Where result lines go (a `Target`, or a path for a file).

    Use as a context manager and call `commit()` once every line is
    written; leaving the block without it (an exception, Ctrl-C) keeps the
    previous output as it was and the new lines in `<out>.partial`.

    For each input document, in input order, call `claim(doc)`: it says
    whether a resumed partial already holds the document's line (`KEPT`,
    nothing to do), holds it elsewhere (the line, to write in order), or
    not (None: compute it). Then `write_line(doc, line)`.
    """

    KEPT = PartialState.KEPT

    def __init__(
        self,
        target: Union[Target, str, os.PathLike, None],
        *,
        resume: bool = False,
        stamp: Optional[dict[str, Any]] = None,
        stdout: Optional[TextIO] = None,
    ) -> None:
        self.target = target if isinstance(target, Target) else resolve_target(target)
        self.path = self.target.path
        self.stamp = stamp or {}
        self.written = 0
        self.note: Optional[str] = None
        self._stdout: Optional[TextIO] = None
        self._stream: Optional[BinaryIO] = None
        self._partial: Optional[BinaryIO] = None
        self._sidecar: Optional[BinaryIO] = None
        self._state: Optional[PartialState] = None
        self._created = False
        self._fresh = False  # a stale partial still to be emptied on the first write
        self._committed = False
        if self.target.kind != "file" and resume:
            raise ValueError("resume needs an output file: stdout or a device cannot be resumed")
        if self.target.kind == "stdout":
            self._stdout = stdout if stdout is not None else sys.stdout
            return
        if self.target.kind == "stream":
            try:
                self._stream = open(self.target.path, "wb")  # type: ignore[arg-type]
            except OSError as err:
                raise OutputError(f"{self.target.given}: cannot write: {err.strerror or err}") from None
            return
        assert self.path is not None
        partial = partial_path_for(self.path)
        self.partial_path = partial
        self.sidecar_path = partial.with_name(partial.name + PROVENANCE_SUFFIX)
        self.stash_path = partial.with_name(partial.name + STASH_SUFFIX)
        self._partial, existed = _open_locked(partial)
        self._created = not existed
        self._sidecar = open(self.sidecar_path, "r+b" if self.sidecar_path.exists() else "w+b")
        if resume and existed:
            self._state = PartialState(self._partial, self._sidecar, self.stash_path)
        else:
            if resume:
                self.note = "no partial output of an interrupted run to resume: starting from the beginning"
            self._fresh = existed

    # -- per document

    def provenance(self, doc: InputDoc) -> Optional[dict[str, Any]]:
        """What the document's line is computed from (files only)."""
        if self._partial is None:
            return None
        return provenance(doc.doc_id, doc.source, doc.text, doc.meta, self.stamp)

    def claim(self, prov: Optional[dict[str, Any]]) -> Any:
        """`KEPT`, a line to write (str), or None: see the class doc."""
        if self._state is None or prov is None:
            return None
        return self._state.claim(prov)

    @property
    def kept(self) -> int:
        """Lines of a resumed partial that were kept (in place or copied)."""
        return self._state.kept if self._state is not None else 0

    def write(self, record_json: dict, prov: Optional[dict[str, Any]] = None) -> None:
        """Write one record (a `to_json_dict()`) as one flushed line."""
        self.write_line(dumps_line(record_json), prov)

    def write_line(self, line: str, prov: Optional[dict[str, Any]] = None) -> None:
        """Write one record already serialized by `dumps_line` (in a worker)."""
        # Encoded first: a line that cannot be encoded writes nothing at all.
        data = line.encode("utf-8")
        if self._stdout is not None:
            _write_stdout(self._stdout, line)
        elif self._stream is not None:
            _write(self._stream, data + b"\n", self.target.given or Path("-"))
        else:
            self._start()
            assert self._partial is not None and self._sidecar is not None
            if prov is None:
                raise ValueError("a line written to a file needs its provenance")
            _write(self._partial, data + b"\n", self.partial_path)
            entry = dumps_line({**prov, "line": line_digest(data)})
            _write(self._sidecar, entry.encode("utf-8") + b"\n", self.sidecar_path)
        self.written += 1

    def _start(self) -> None:
        if self._fresh:
            assert self._partial is not None and self._sidecar is not None
            for fh in (self._partial, self._sidecar):
                fh.seek(0)
                fh.truncate()
            self.stash_path.unlink(missing_ok=True)
            self._fresh = False

    def commit(self) -> None:
        """Publish the output: fsync `<out>.partial` and rename it onto the output."""
        if self._stdout is not None:
            self._stdout.flush()
            return
        if self._stream is not None:
            self._stream.flush()
            return
        assert self._partial is not None and self.path is not None
        self._start()
        if self._state is not None:
            self._state.finish()
            self._state.close()
        try:
            self._partial.flush()
            os.fsync(self._partial.fileno())
            os.replace(self.partial_path, self.path)
        except OSError as err:
            raise OutputWriteError(f"cannot publish {self.path}: {err.strerror or err}") from None
        _fsync_directory(self.path.parent)
        self._committed = True
        self._close_sidecar(remove=True)

    def _close_sidecar(self, remove: bool) -> None:
        _close(self._sidecar)
        self._sidecar = None
        if remove:
            self.sidecar_path.unlink(missing_ok=True)
            self.stash_path.unlink(missing_ok=True)

    def close(self) -> None:
        """Release everything; a partial this run created and never wrote to goes."""
        _close(self._stream)
        self._stream = None
        if self._state is not None:
            self._state.close()
        if self._partial is None:
            return
        untouched = self._created and self.written == 0 and not self._committed
        self._close_sidecar(remove=untouched)
        if untouched:
            self.partial_path.unlink(missing_ok=True)
        _close(self._partial)  # releases the lock
        self._partial = None


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


class ErrorLog(_Owner):
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
        self._fh: Optional[BinaryIO] = None

    @property
    def total(self) -> int:
        return self.skipped + self.warnings

    @property
    def partial_path(self) -> Optional[Path]:
        return partial_path_for(self.path) if self.path is not None else None

    def add(self, problem: InputProblem) -> None:
        if problem.skipped:
            self.skipped += 1
        else:
            self.warnings += 1
        if self.path is None:
            return
        partial = partial_path_for(self.path)
        if self._fh is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._fh = open(partial, "wb")  # opened on the first problem only
        _write(self._fh, (dumps_line(problem.to_json_dict()) + "\n").encode("utf-8"), partial)

    def add_failure(self, doc: InputDoc, reason: str) -> InputProblem:
        """Record a document the pipeline failed on (it has no output line)."""
        problem = InputProblem(doc.source, doc.line, doc.doc_id, reason, skipped=True)
        self.add(problem)
        return problem

    def commit(self) -> None:
        """Publish this run's errors file, or remove a stale one if there were none."""
        if self.path is None:
            return
        partial = partial_path_for(self.path)
        if self._fh is not None:
            try:
                self._fh.flush()
                os.fsync(self._fh.fileno())
                self._fh.close()
                self._fh = None
                os.replace(partial, self.path)
            except OSError as err:
                raise OutputWriteError(f"cannot publish {self.path}: {err.strerror or err}") from None
            _fsync_directory(self.path.parent)
        else:
            self.path.unlink(missing_ok=True)
            partial.unlink(missing_ok=True)

    def close(self) -> None:
        _close(self._fh)
        self._fh = None
