"""Saved web pages: the article's main text and the page's own metadata.

trafilatura finds the main text and leaves out navigation, menus, cookie
banners, related-article lists, image captions and footers; with it,
htmldate reads the publication date from `<meta>` tags, JSON-LD and the
dates a page shows in `<time>` or a dateline. Only `trafilatura.bare_extraction` is called, on the
file's bytes and without a URL, so nothing is fetched.

The text that offsets index is built here from trafilatura's document tree:
one paragraph per block (heading, paragraph, list item, table row, quote),
separated by blank lines; a `<br>` stays a line break inside its paragraph.
"""

from __future__ import annotations

import datetime
from typing import Any, Mapping, Optional

import trafilatura

from .common import Extracted, NoText, captured_logs, iso_date, join_paragraphs, summarize_logs

# Tags of trafilatura's output tree that start a paragraph of their own.
BLOCK_TAGS = frozenset({"head", "p", "list", "item", "quote", "code", "table", "row", "div"})
CELL_SEPARATOR = " | "
# Where trafilatura and the libraries it calls log their complaints.
LOGGERS = ("trafilatura", "htmldate", "courlan", "justext")

# meta key <- trafilatura field, in output order
META_FIELDS = (("title", "title"), ("source", "sitename"), ("url", "url"), ("author", "author"))

NO_ARTICLE = "no main text found in the page (only navigation, link lists or boilerplate?)"


def date_search() -> dict[str, Any]:
    """How htmldate looks for the publication date.

    It reads `<meta>`, JSON-LD, `<time>` and elements marked as dates (a
    byline). Its extensive search, a free-text scan of the whole page, is
    left out: it takes a footer's "© 2025" for the date of any article. A
    date after today is refused (trafilatura 2.0 needs `max_date` given).
    """
    return {"extensive_search": False, "original_date": True, "max_date": datetime.date.today().isoformat()}


def read_html(data: bytes) -> Extracted:
    """The main text and meta of one HTML page (bytes; the charset is detected)."""
    with captured_logs(*LOGGERS) as logs:
        document = trafilatura.bare_extraction(
            data,
            url=None,
            with_metadata=True,
            include_comments=False,
            include_images=False,
            include_tables=True,
            favor_precision=True,  # a related-news teaser is worse than a lost paragraph
            date_extraction_params=date_search(),
        )
    body = getattr(document, "body", None)
    if body is None:
        raise NoText(NO_ARTICLE)
    text = join_paragraphs(tree_paragraphs(body))
    if not text.strip():
        raise NoText(NO_ARTICLE)
    found = {field: getattr(document, field, None) for field in ("date", *(f for _, f in META_FIELDS))}
    return Extracted(text, page_meta(found), tuple(summarize_logs("trafilatura", logs)))


def page_meta(found: Mapping[str, Any]) -> dict:
    """`meta` from what trafilatura found: published (ISO), title, source, url, author."""
    meta: dict = {}
    published = iso_date(found.get("date"))
    if published:
        meta["published"] = published
    for key, field in META_FIELDS:
        value = found.get(field)
        if isinstance(value, str) and value.strip():
            meta[key] = value.strip()
    return meta


def tree_paragraphs(element) -> list[str]:
    """The paragraphs of a trafilatura tree (`<body>` with `<head>`, `<p>`, …).

    Inline content (text, `<hi>`, `<ref>`, `<lb/>`) between blocks forms one
    paragraph; each block child gives its own paragraphs, recursively; a
    table gives one paragraph per row, cells joined by " | ".
    """
    out: list[str] = []
    _blocks(element, out)
    return out


def _blocks(element, out: list[str]) -> None:
    if element.tag == "table":
        for row in element.iter("row"):
            cells = [" ".join(_inline(cell).split()) for cell in row.iter("cell")]
            _append(out, CELL_SEPARATOR.join(c for c in cells if c))
        return
    run = [element.text or ""]
    for child in element:
        if child.tag in BLOCK_TAGS:
            _append(out, _clean("".join(run)))
            _blocks(child, out)
            run = [child.tail or ""]
        else:
            run += [_inline(child), child.tail or ""]
    _append(out, _clean("".join(run)))


def _inline(element) -> str:
    """Text of an element with `<lb/>` as a line break and images left out."""
    if element.tag == "lb":
        return "\n"
    if element.tag == "graphic":
        return ""
    parts = [element.text or ""]
    for child in element:
        inner = _inline(child)  # a block inside inline content (a <p> in a cell) is set off by spaces
        parts += [f" {inner} " if child.tag in BLOCK_TAGS else inner, child.tail or ""]
    return "".join(parts)


def _clean(text: str) -> str:
    """Each line trimmed, blank lines left out: the layout's indentation is not text."""
    return "\n".join(line.strip() for line in text.split("\n") if line.strip())


def _append(out: list[str], paragraph: Optional[str]) -> None:
    if paragraph:
        out.append(paragraph)
