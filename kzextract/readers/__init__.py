"""Articles as users have them: saved web pages (HTML) and PDF files.

Each reader turns a file's bytes into the text that offsets index and the
`meta` found in the file, or raises `NoText` with the reason the file has
nothing to extract. `kzextract.inputs` wraps the result into the same
`InputDoc`/`InputProblem` items as for `.txt` (sidecar meta, doc id, skips).

trafilatura and pypdf are imported only when such a file is read, so plain
text and JSONL runs do not pay for them. Nothing is ever fetched: the
readers only see the bytes they are given.
"""

from __future__ import annotations

from .common import Extracted, NoText

__all__ = ["Extracted", "NoText", "read_bytes"]


def read_bytes(kind: str, data: bytes) -> Extracted:
    """The text and meta of an `"html"` page or a `"pdf"` file."""
    if kind == "html":
        from .html import read_html

        return read_html(data)
    if kind == "pdf":
        from .pdf import read_pdf

        return read_pdf(data)
    raise ValueError(f"no reader for {kind!r}")
