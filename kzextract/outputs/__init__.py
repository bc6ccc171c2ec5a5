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

from .errorlog import ErrorLog
from .files import (
    PARTIAL_SUFFIX,
    PROVENANCE_SUFFIX,
    STASH_SUFFIX,
    STDOUT_NAMES,
    OutputError,
    OutputWriteError,
    Target,
    dumps_line,
    errors_path_for,
    partial_path_for,
    resolve_target,
)
from .sink import OutputSink

__all__ = [
    "PARTIAL_SUFFIX",
    "PROVENANCE_SUFFIX",
    "STASH_SUFFIX",
    "STDOUT_NAMES",
    "ErrorLog",
    "OutputError",
    "OutputSink",
    "OutputWriteError",
    "Target",
    "dumps_line",
    "errors_path_for",
    "partial_path_for",
    "resolve_target",
]
