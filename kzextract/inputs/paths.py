"""Which paths are inputs: kinds by suffix, directory listings, and the checks
made on every path before any record is read."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import Collection, Optional, Sequence, Union

from .records import HTML_SUFFIXES, JSONL_SUFFIXES, PDF_SUFFIX, STDIN, TXT_SUFFIX, InputError, InputProblem


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
