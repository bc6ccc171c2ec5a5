"""Output names and files: what `-o` names, the partial and errors files
beside it, locked opening, whole writes and the one JSON line form."""

from __future__ import annotations

import errno
import json
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any, BinaryIO, Optional, Union

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


def open_locked(path: Path) -> tuple[BinaryIO, bool]:
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


def fsync_directory(directory: Path) -> None:
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


def write_all(fh: BinaryIO, data: bytes, path: Path) -> None:
    try:
        fh.write(data)
        fh.flush()
    except OSError as err:
        raise OutputWriteError(f"cannot write {path}: {err.strerror or err}") from None


def close_quietly(fh: Optional[BinaryIO]) -> None:
    """Close even after a failed write (the file is closed; what could not be
    flushed is lost, and was reported when the write failed)."""
    if fh is None:
        return
    try:
        fh.close()
    except OSError:
        pass


class ClosesOnExit:
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
