"""The results file of one run: locked, resumable, published atomically."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any, BinaryIO, Optional, TextIO, Union

from ..inputs import InputDoc
from ..resume import PartialState, line_digest, provenance
from .files import (
    PROVENANCE_SUFFIX,
    STASH_SUFFIX,
    ClosesOnExit,
    OutputError,
    OutputWriteError,
    Target,
    close_quietly,
    dumps_line,
    fsync_directory,
    open_locked,
    partial_path_for,
    resolve_target,
    write_all,
)


class OutputSink(ClosesOnExit):
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
        self._partial, existed = open_locked(partial)
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
            write_all(self._stream, data + b"\n", self.target.given or Path("-"))
        else:
            self._start()
            assert self._partial is not None and self._sidecar is not None
            if prov is None:
                raise ValueError("a line written to a file needs its provenance")
            write_all(self._partial, data + b"\n", self.partial_path)
            entry = dumps_line({**prov, "line": line_digest(data)})
            write_all(self._sidecar, entry.encode("utf-8") + b"\n", self.sidecar_path)
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
        fsync_directory(self.path.parent)
        self._committed = True
        self._close_sidecar(remove=True)

    def _close_sidecar(self, remove: bool) -> None:
        close_quietly(self._sidecar)
        self._sidecar = None
        if remove:
            self.sidecar_path.unlink(missing_ok=True)
            self.stash_path.unlink(missing_ok=True)

    def close(self) -> None:
        """Release everything; a partial this run created and never wrote to goes."""
        close_quietly(self._stream)
        self._stream = None
        if self._state is not None:
            self._state.close()
        if self._partial is None:
            return
        untouched = self._created and self.written == 0 and not self._committed
        self._close_sidecar(remove=untouched)
        if untouched:
            self.partial_path.unlink(missing_ok=True)
        close_quietly(self._partial)  # releases the lock
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
