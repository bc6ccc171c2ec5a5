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

from .paths import check_paths, file_stem, input_kind, list_directory, same_file
from .read import parse_jsonl_line, read_converted, read_inputs, read_txt
from .records import DEFAULT_MAX_RECORD_BYTES, InputDoc, InputError, InputItem, InputProblem

__all__ = [
    "DEFAULT_MAX_RECORD_BYTES",
    "InputDoc",
    "InputError",
    "InputItem",
    "InputProblem",
    "check_paths",
    "file_stem",
    "input_kind",
    "list_directory",
    "parse_jsonl_line",
    "read_converted",
    "read_inputs",
    "read_txt",
    "same_file",
]
