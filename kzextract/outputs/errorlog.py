"""The errors file of one run, written through its own partial."""

from __future__ import annotations

import os
from pathlib import Path
from typing import BinaryIO, Optional

from ..inputs import InputDoc, InputProblem
from .files import (
    ClosesOnExit,
    OutputWriteError,
    close_quietly,
    dumps_line,
    fsync_directory,
    partial_path_for,
    write_all,
)


class ErrorLog(ClosesOnExit):
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
        write_all(self._fh, (dumps_line(problem.to_json_dict()) + "\n").encode("utf-8"), partial)

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
            fsync_directory(self.path.parent)
        else:
            self.path.unlink(missing_ok=True)
            partial.unlink(missing_ok=True)

    def close(self) -> None:
        close_quietly(self._fh)
        self._fh = None
