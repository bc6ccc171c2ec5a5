"""PDF files: the text layer, page by page, without running headers and footers.

pypdf extracts each page's text in the order the page draws it. Pages are
joined with a line break, so a sentence that runs over a page break stays
one paragraph (see `kzextract.textview.paragraph_starts`). Hard line breaks
and hyphenation at line ends are left as they are: the matching view reads
`Organiza-\\ntion` as one word, and offsets must index the text as written.
Only lines that repeat at the top or bottom of most pages are dropped
(`boilerplate.strip_page_furniture`).

A PDF that is encrypted with a password, damaged, or has no text layer (a
scan) raises `NoText` with the reason. One whose password is empty (only
printing or copying restricted, as many publishers' are) is read as usual.
"""

from __future__ import annotations

import io
import re
from typing import Any, Mapping, Optional

from pypdf import PdfReader
from pypdf.errors import DependencyError, FileNotDecryptedError

from .boilerplate import strip_page_furniture
from .common import Extracted, NoText, captured_logs, date_parts, summarize_logs

PAGE_BREAK = "\n"
LOGGERS = ("pypdf",)

# "D:YYYYMMDDHHmmSSOHH'mm'" (PDF 32000-1, 7.9.4); everything after the year is optional.
_PDF_DATE = re.compile(r"^\s*(?:D:)?(\d{4})(\d{2})?(\d{2})?")

NO_PAGES = "the PDF has no pages (damaged, or an empty document)"
NEEDS_PASSWORD = "encrypted PDF: it needs a password to open"
NO_TEXT_LAYER = "no text layer in any of its {pages} page(s) (a scan or images only; run OCR first)"


def read_pdf(data: bytes) -> Extracted:
    """The text and meta of one PDF file (its bytes)."""
    with captured_logs(*LOGGERS) as logs:
        reader = _open(data)
        pages, failed = _page_texts(reader)
        info = _info(reader)
    notes = [f"page {n}: no text extracted ({reason})" for n, reason in failed]
    if not pages:
        raise NoText(NO_PAGES)
    if not any(page.strip() for page in pages):
        if failed and len(failed) == len(pages):
            raise NoText(f"cannot extract text from any page of the PDF ({failed[0][1]})")
        raise NoText(NO_TEXT_LAYER.format(pages=len(pages)))
    kept, _dropped = strip_page_furniture(pages)
    text = PAGE_BREAK.join(t for t in (page.strip("\n") for page in kept) if t.strip())
    notes += summarize_logs("pypdf", logs)
    return Extracted(text, pdf_meta(info), tuple(notes))


def _open(data: bytes) -> PdfReader:
    try:
        reader = PdfReader(io.BytesIO(data))  # an empty user password is tried here
        len(reader.pages)  # a password still missing, or a damaged page tree, fails here
    except FileNotDecryptedError:
        raise NoText(NEEDS_PASSWORD) from None
    except DependencyError as err:  # AES without the cryptography package
        raise NoText(f"encrypted PDF that cannot be decrypted here: {err}") from None
    except Exception as err:  # pypdf on a damaged file can raise nearly anything
        raise NoText(f"cannot read the PDF (damaged, or not a PDF): {_describe(err)}") from None
    return reader


def _page_texts(reader: PdfReader) -> tuple[list[str], list[tuple[int, str]]]:
    """Each page's text ('' where it failed) and the pages that failed, 1-based."""
    pages: list[str] = []
    failed: list[tuple[int, str]] = []
    for number, page in enumerate(reader.pages, start=1):
        try:
            pages.append(page.extract_text() or "")
        except Exception as err:  # one bad page (a broken font or stream) should not lose the rest
            pages.append("")
            failed.append((number, _describe(err)))
    return pages, failed


def _info(reader: PdfReader) -> dict[str, Any]:
    """The document information dictionary as plain values; {} if it is unreadable."""
    try:
        info = reader.metadata
        return {str(key): info[key] for key in info} if info else {}
    except Exception:  # a broken /Info costs the meta, not the text
        return {}


def _describe(err: Exception) -> str:
    return f"{type(err).__name__}: {err}" if str(err) else type(err).__name__


def pdf_meta(info: Mapping[str, Any]) -> dict:
    """`meta` from a PDF's document information: published (from /CreationDate), title, author."""
    meta: dict = {}
    published = pdf_date(info.get("/CreationDate"))
    if published:
        meta["published"] = published
    for key, field in (("title", "/Title"), ("author", "/Author")):
        value = info.get(field)
        if isinstance(value, str) and value.strip():
            meta[key] = value.strip()
    return meta


def pdf_date(value: Any) -> Optional[str]:
    """A PDF date string as ISO: "D:20240323101500+05'00'" -> "2024-03-23".

    Only the calendar date is kept (as far as it is given: "D:2024" ->
    "2024"); an impossible date gives None.
    """
    if not isinstance(value, str):
        return None
    m = _PDF_DATE.match(value)
    if not m:
        return None
    year, month, day = (int(g) if g else None for g in m.groups())
    return date_parts(year, month, day)  # type: ignore[arg-type]  (the year group always matches)
