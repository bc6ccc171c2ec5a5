"""Small PDFs written object by object, for tests and bench/readers.py.

pypdf reads PDFs and can encrypt them, but it has no way to lay out text, so
the text pages are written here by hand: one Helvetica font (WinAnsi), one
`Tj` per line, a cross-reference table with the real byte offsets. That is
the smallest valid PDF whose text layer pypdf extracts line by line.
"""

from __future__ import annotations

from typing import Optional, Sequence

PAGE_WIDTH, PAGE_HEIGHT = 612, 792  # US Letter, in points
TOP, LEADING, FONT_SIZE = 740, 14, 11


def pdf_string(text: str) -> bytes:
    """A PDF literal string `(...)` in WinAnsi (cp1252), with its escapes."""
    raw = text.encode("cp1252")
    out = bytearray(b"(")
    for byte in raw:
        if byte in b"()\\":
            out += b"\\" + bytes([byte])
        elif byte < 32 or byte > 126:
            out += b"\\%03o" % byte
        else:
            out.append(byte)
    return bytes(out + b")")


def text_content(lines: Sequence[str]) -> bytes:
    """A content stream drawing `lines` top down, one `Tj` a line."""
    ops = [b"BT", b"/F1 %d Tf" % FONT_SIZE, b"%d TL" % LEADING, b"72 %d Td" % TOP]
    for line in lines:
        ops.append(pdf_string(line) + b" Tj T*")
    ops.append(b"ET")
    return b"\n".join(ops)


RECTANGLE = b"0.2 0.4 0.8 rg 100 300 400 300 re f"  # a filled box: drawing, no text


def make_pdf(pages: Sequence[bytes], info: Optional[dict[str, str]] = None) -> bytes:
    """A PDF whose pages have the given content streams (see `text_content`).

    `info` fills the document information dictionary (`/Title`,
    `/CreationDate`, …), keys without the slash.
    """
    objects: list[bytes] = []  # object n is objects[n - 1]

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    catalog = add(b"")  # filled in once the page tree's number is known
    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    tree = add(b"")
    kids = []
    for content in pages:
        stream = add(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
        kids.append(
            add(
                b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 %d %d] /Resources << /Font << /F1 %d 0 R >> >> /Contents %d 0 R >>"
                % (tree, PAGE_WIDTH, PAGE_HEIGHT, font, stream)
            )
        )
    objects[catalog - 1] = b"<< /Type /Catalog /Pages %d 0 R >>" % tree
    objects[tree - 1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % k for k in kids),
        len(kids),
    )
    info_ref = None
    if info:
        entries = b" ".join(b"/" + key.encode("ascii") + b" " + pdf_string(value) for key, value in info.items())
        info_ref = add(b"<< " + entries + b" >>")

    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    trailer = b"<< /Size %d /Root %d 0 R" % (len(objects) + 1, catalog)
    if info_ref:
        trailer += b" /Info %d 0 R" % info_ref
    out += b"trailer\n" + trailer + b" >>\nstartxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def text_pdf(pages: Sequence[Sequence[str]], info: Optional[dict[str, str]] = None) -> bytes:
    """A PDF with one page per list of lines."""
    return make_pdf([text_content(lines) for lines in pages], info)
