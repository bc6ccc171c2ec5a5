"""HTML pages and PDF files as inputs (issue 12).

The pages are written here and the PDFs generated here (tests/pdfmaker.py),
so each test shows the whole file it reads.
"""

from __future__ import annotations

import gzip
import io
import json
import logging
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

import pypdf
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree
from typer.testing import CliRunner

from kzextract.cli import app
from kzextract.inputs import InputDoc, InputProblem, file_stem, input_kind, read_converted, read_inputs
from kzextract.readers import NoText, read_bytes
from kzextract.readers.boilerplate import line_key, min_repeats, strip_page_furniture
from kzextract.readers.common import captured_logs, iso_date, summarize_logs
from kzextract.readers.html import page_meta, tree_paragraphs
from kzextract.readers.pdf import pdf_date, pdf_meta
from pdfmaker import RECTANGLE, make_pdf, text_pdf

NEWS_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Kazakhstan takes over SCO chairmanship | Steppe News</title>
<meta property="og:site_name" content="Steppe News">
<meta property="og:title" content="Kazakhstan takes over SCO chairmanship">
<meta name="author" content="Aigerim Nurlanova">
<meta property="article:published_time" content="2024-07-05T09:30:00+05:00">
<link rel="canonical" href="https://steppe.example/news/sco-chair">
</head><body>
<header><div class="logo">Steppe News</div>
<nav class="menu"><ul><li><a href="/">Home</a></li><li><a href="/politics">Politics</a></li>
<li><a href="/economy">Economy</a></li><li><a href="/sport">Sport</a></li></ul></nav></header>
<div id="cookie-banner" class="cookie-consent">We use cookies to improve your experience. Accept all cookies</div>
<main><article>
<h1>Kazakhstan takes over SCO chairmanship</h1>
<p>ASTANA – Kazakhstan took over the chairmanship of the Shanghai Cooperation Organization at the
Astana SCO Summit on July 4, the Ministry of Foreign Affairs said on Friday.</p>
<figure><img src="/img/summit.jpg" alt="Leaders at the summit">
<figcaption>Leaders pose for a photo at the Palace of Independence in Astana.</figcaption></figure>
<h2>Astana Declaration adopted</h2>
<p>The heads of state signed the Astana Declaration and adopted the SCO Development Strategy until 2035,
which the Council of Foreign Ministers had prepared over the year.</p>
<p>The next meeting of the Council of Heads of State will be held in China in 2025, the
Secretary-General of the organization told reporters.</p>
</article>
<aside class="related"><h3>Related news</h3><ul>
<li><a href="/n/1">CICA ministers meet in Baku on October 12</a></li>
<li><a href="/n/2">OSCE chairman visits Almaty</a></li></ul></aside>
</main>
<footer class="site-footer"><p>© 2024 Steppe News. All rights reserved. Contact: editor@steppe.example</p>
<p>Follow us on social media</p></footer>
</body></html>
"""

# The only date is in JSON-LD; the year-less dates of the text take their year from it.
JSON_LD_PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>CICA ministers meet</title>
<script type="application/ld+json">
{"@context": "https://schema.org", "@type": "NewsArticle", "headline": "CICA ministers meet in Astana",
 "datePublished": "2023-12-14T10:00:00Z", "author": {"@type": "Person", "name": "Dana Seitova"},
 "publisher": {"@type": "Organization", "name": "Astana Herald"}}
</script></head>
<body><div class="content">
<h1>CICA ministers meet in Astana</h1>
<p>The Senior Officials Committee of the Conference on Interaction and Confidence Building Measures in Asia
met in Astana on December 12 and 13 to prepare the ministerial meeting.</p>
<p>Delegates discussed the transformation of CICA into a full-fledged international organization.</p>
</div></body></html>
"""

NO_ARTICLE_PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Steppe News – Home</title></head>
<body>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/politics">Politics</a></li></ul></nav></header>
<div class="cookie-banner">We use cookies. Accept</div>
<main><ul class="teasers">
<li><a href="/n/1">SCO summit opens in Astana</a></li>
<li><a href="/n/2">OSCE chairman visits Almaty</a></li>
<li><a href="/n/3">CICA ministers meet in Baku</a></li>
</ul></main>
<footer><p>© 2024 Steppe News. All rights reserved.</p></footer>
</body></html>
"""

# Only the footer has a year: that is the site's copyright, not the article's date.
COPYRIGHT_ONLY_PAGE = """<html><head><title>OSCE visit</title></head><body>
<nav><a href="/">Home</a></nav>
<article><h1>OSCE visit</h1><p>The OSCE chairman visited Almaty on Monday and met the foreign minister.</p></article>
<footer>© 2019 Steppe News</footer></body></html>
"""

HEADER = "European Science Review, No 1-2 (2024)"
# Two pages: a running header, page numbers, a hyphenated line break inside
# page 1 and a word hyphenated across the page break.
PAPER_PAGES = [
    [
        HEADER,
        "Kazakhstan joined the Shanghai Cooperation Organiza-",
        "tion in 2001. The heads of state met at the Astana",
        "summit on July 4, and the leaders of the Shang-",
        "1",
    ],
    [
        HEADER,
        "hai Cooperation Organization adopted the Astana Declaration.",
        "2",
    ],
]
PAPER_INFO = {"Title": "Foreign policy projects of Kazakhstan", "CreationDate": "D:20240323101500+05'00'"}


def paper_pdf() -> bytes:
    return text_pdf(PAPER_PAGES, PAPER_INFO)


def encrypted(data: bytes, user_password: str) -> bytes:
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(data)))
    writer.encrypt(user_password=user_password, owner_password="owner", algorithm="AES-256")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def read(*paths):
    items = list(read_inputs([str(p) for p in paths]))
    return [i for i in items if isinstance(i, InputDoc)], [i for i in items if isinstance(i, InputProblem)]


def mentions(record: dict) -> set[tuple]:
    return {(s["label"], s["text"], s["norm"]) for s in record["spans"]}


def assert_spans_slice(record: dict) -> None:
    for span in record["spans"]:
        assert record["text"][span["start"] : span["end"]] == span["text"], span


@pytest.fixture
def no_network(monkeypatch):
    """Any attempt to open a connection fails the test."""

    def refuse(*args, **kwargs):
        raise AssertionError(f"network access attempted: {args}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


def extract_cli(tmp_path: Path, *paths: Path) -> tuple[int, list[dict], list[dict], str]:
    """`kzextract extract PATHS --include-text -o out.jsonl`: exit code, records, errors, stderr."""
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(
        app, ["extract", *map(str, paths), "--include-text", "-o", str(out)], catch_exceptions=False
    )
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    errors_file = tmp_path / "out.errors.jsonl"
    errors = [json.loads(line) for line in errors_file.read_text(encoding="utf-8").splitlines()] if errors_file.exists() else []
    return result.exit_code, records, errors, result.stderr


# ------------------------------------------------------------------ which files


@pytest.mark.parametrize(
    "name,kind,stem",
    [
        ("page.html", "html", "page"),
        ("Page.HTM", "html", "Page"),
        ("page.html.gz", "html", "page"),
        ("paper.pdf", "pdf", "paper"),
        ("paper.PDF", "pdf", "paper"),
        ("notes.txt", "txt", "notes"),
        ("speeches.jsonl.gz", "jsonl", "speeches"),
        ("page.htm.gz", None, "page.htm.gz"),
        ("page.meta.json", None, "page.meta.json"),
    ],
)
def test_input_kind_and_stem(name, kind, stem):
    assert input_kind(name) == kind
    assert file_stem(name) == stem


# ------------------------------------------------------------------ pure helpers


@pytest.mark.parametrize(
    "value,iso",
    [
        ("2024-07-05", "2024-07-05"),
        ("2024-07-05T09:30:00+05:00", "2024-07-05"),
        ("2024-07", "2024-07"),
        ("2024", "2024"),
        (" 2023-12-14 ", "2023-12-14"),
        ("2024-02-30", None),
        ("2024-13", None),
        ("20240705", None),
        ("July 2024", None),
        ("0999-01-01", None),
        (None, None),
        (2024, None),
    ],
)
def test_iso_date(value, iso):
    assert iso_date(value) == iso


@pytest.mark.parametrize(
    "value,iso",
    [
        ("D:20240323101500+05'00'", "2024-03-23"),
        ("D:20240323", "2024-03-23"),
        ("D:202403", "2024-03"),
        ("D:2024", "2024"),
        ("20240323101500Z", "2024-03-23"),
        ("D:20241301", None),
        ("D:20240230", None),
        ("D:00000101000000", None),
        ("yesterday", None),
        (None, None),
    ],
)
def test_pdf_date(value, iso):
    assert pdf_date(value) == iso


@pytest.mark.parametrize(
    "info,meta",
    [
        (
            {"/Title": " Foreign policy ", "/Author": "B. Kuppaeva", "/CreationDate": "D:20240323", "/Producer": "x"},
            {"published": "2024-03-23", "title": "Foreign policy", "author": "B. Kuppaeva"},
        ),
        ({"/Title": "", "/CreationDate": "D:9"}, {}),
        ({}, {}),
    ],
)
def test_pdf_meta(info, meta):
    assert pdf_meta(info) == meta


@pytest.mark.parametrize(
    "found,meta",
    [
        (
            {"date": "2024-07-05", "title": "T", "sitename": "Steppe News", "url": "https://s.example/a", "author": "A"},
            {"published": "2024-07-05", "title": "T", "source": "Steppe News", "url": "https://s.example/a", "author": "A"},
        ),
        ({"date": "not a date", "title": "  ", "sitename": None}, {}),
    ],
)
def test_page_meta(found, meta):
    assert page_meta(found) == meta


@pytest.mark.parametrize(
    "xml,paragraphs",
    [
        ("<body><head>Title</head><p>One.</p><p>Two.</p></body>", ["Title", "One.", "Two."]),
        ("<body><p>Line one<lb/>line two</p></body>", ["Line one\nline two"]),
        ("<body><p>The <hi>SCO</hi> met in <ref>Astana</ref>.</p></body>", ["The SCO met in Astana."]),
        (
            "<body><list><item>first</item><item>second<list><item>nested</item></list></item></list></body>",
            ["first", "second", "nested"],
        ),
        ("<body><quote><p>We stand together.</p></quote></body>", ["We stand together."]),
        (
            "<body><table><row><cell>Date</cell><cell>Event</cell></row>"
            "<row><cell>4 July</cell><cell><p>Opening</p><p>session</p></cell></row></table></body>",
            ["Date | Event", "4 July | Opening session"],
        ),
        ("<body><p>Text<graphic src='x.jpg'/> after</p><p>  </p></body>", ["Text after"]),
        ("<body>loose text<p>para</p>tail text</body>", ["loose text", "para", "tail text"]),
    ],
)
def test_tree_paragraphs(xml, paragraphs):
    assert tree_paragraphs(etree.fromstring(xml)) == paragraphs


@pytest.mark.parametrize(
    "line,key",
    [
        ("European Science Review, No 1-2 (2024)", "european science review, no #-# (#)"),
        ("Page 3 of 12", "page # of #"),
        ("  - 27 -  ", "- # -"),
        ("xiv", "#"),
        ("II", "#"),
        ("did", "did"),
        ("civil", "civil"),
        ("Kuppaeva  B.", "kuppaeva b."),
        ("", ""),
    ],
)
def test_line_key(line, key):
    assert line_key(line) == key


@pytest.mark.parametrize("pages,needed", [(1, 2), (2, 2), (3, 2), (4, 2), (5, 2), (10, 5), (51, 25)])
def test_min_repeats(pages, needed):
    assert min_repeats(pages) == needed


@pytest.mark.parametrize(
    "pages,kept,dropped",
    [
        # running header and page numbers on every page
        (
            ["Journal 2024\nFirst page text.\n1", "Journal 2024\nSecond page text.\n2"],
            ["First page text.", "Second page text."],
            ["Journal 2024", "1", "Journal 2024", "2"],
        ),
        # "Page N of M" footers; the title page has no header
        (
            ["Title\nIntro.\nPage 1 of 3", "Head\nBody a.\nPage 2 of 3", "Head\nBody b.\nPage 3 of 3"],
            ["Title\nIntro.", "Body a.", "Body b."],
            ["Page 1 of 3", "Head", "Page 2 of 3", "Head", "Page 3 of 3"],
        ),
        # alternating running heads (author on even pages, title on odd ones)
        (
            ["Author\nA.", "Title\nB.", "Author\nC.", "Title\nD."],
            ["A.", "B.", "C.", "D."],
            ["Author", "Title", "Author", "Title"],
        ),
        # one page: nothing repeats
        (["Journal 2024\nText.\n1"], ["Journal 2024\nText.\n1"], []),
        # a repeated line in the middle of a page is text, not furniture
        (
            ["One\nTwo\nThree\nSame line\nFour\nFive\nSix", "Seven\nEight\nNine\nSame line\nTen\nEleven\nTwelve"],
            ["One\nTwo\nThree\nSame line\nFour\nFive\nSix", "Seven\nEight\nNine\nSame line\nTen\nEleven\nTwelve"],
            [],
        ),
        # a top line repeated at the bottom of another page is not a running head
        (
            ["Astana\na1\na2\na3\na4\na5\na6", "b1\nb2\nb3\nb4\nb5\nb6\nAstana"],
            ["Astana\na1\na2\na3\na4\na5\na6", "b1\nb2\nb3\nb4\nb5\nb6\nAstana"],
            [],
        ),
        # blank lines at the edges are skipped, and kept
        (["\nHead\nOne.\n", "\nHead\nTwo.\n"], ["\nOne.\n", "\nTwo.\n"], ["Head", "Head"]),
        # pages without text do not count towards "most pages"
        (["Head\nOne.", "", "", "Head\nTwo."], ["One.", "", "", "Two."], ["Head", "Head"]),
    ],
)
def test_strip_page_furniture(pages, kept, dropped):
    assert strip_page_furniture(pages) == (kept, dropped)


def test_captured_logs_collects_and_restores():
    logger = logging.getLogger("pypdf._test")
    parent = logging.getLogger("pypdf")
    with captured_logs("pypdf") as messages:
        logger.warning("incorrect startxref pointer(%d)", 3)
        logger.debug("not collected")
    assert messages == ["incorrect startxref pointer(3)"]
    assert parent.handlers == [] and parent.propagate is True


def test_summarize_logs():
    assert summarize_logs("pypdf", []) == []
    assert summarize_logs("pypdf", ["a", "b", "a", " "]) == ["pypdf: a (and 1 more)"]


# ------------------------------------------------------------------ HTML


def test_news_page_keeps_the_article_and_drops_the_rest(no_network):
    extracted = read_bytes("html", NEWS_PAGE.encode("utf-8"))
    assert extracted.text.split("\n\n") == [
        "Kazakhstan takes over SCO chairmanship",
        "ASTANA – Kazakhstan took over the chairmanship of the Shanghai Cooperation Organization at the"
        " Astana SCO Summit on July 4, the Ministry of Foreign Affairs said on Friday.",
        "Astana Declaration adopted",
        "The heads of state signed the Astana Declaration and adopted the SCO Development Strategy until 2035,"
        " which the Council of Foreign Ministers had prepared over the year.",
        "The next meeting of the Council of Heads of State will be held in China in 2025, the"
        " Secretary-General of the organization told reporters.",
    ]
    for dropped in ("Politics", "cookies", "Palace of Independence", "Related news", "Baku", "All rights reserved"):
        assert dropped not in extracted.text
    assert extracted.meta == {
        "published": "2024-07-05",
        "title": "Kazakhstan takes over SCO chairmanship",
        "source": "Steppe News",
        "url": "https://steppe.example/news/sco-chair",
        "author": "Aigerim Nurlanova",
    }


def test_json_ld_date_is_published(no_network):
    extracted = read_bytes("html", JSON_LD_PAGE.encode("utf-8"))
    assert extracted.meta["published"] == "2023-12-14"
    assert extracted.meta["source"] == "Astana Herald"


def test_copyright_year_is_not_a_publication_date():
    assert "published" not in read_bytes("html", COPYRIGHT_ONLY_PAGE.encode("utf-8")).meta


def test_page_without_article_has_no_text():
    with pytest.raises(NoText, match="no main text"):
        read_bytes("html", NO_ARTICLE_PAGE.encode("utf-8"))


def test_page_in_another_charset():
    page = NEWS_PAGE.replace('charset="utf-8"', 'charset="windows-1251"').replace("ASTANA", "АСТАНА")
    assert read_bytes("html", page.encode("cp1251")).text.split("\n\n")[1].startswith("АСТАНА – Kazakhstan")


def test_html_cli_mentions_and_spans(tmp_path):
    (tmp_path / "news.html").write_text(NEWS_PAGE, encoding="utf-8")
    (tmp_path / "cica.htm").write_text(JSON_LD_PAGE, encoding="utf-8")
    code, records, errors, _ = extract_cli(tmp_path, tmp_path / "news.html", tmp_path / "cica.htm")
    assert code == 0 and errors == []
    news, cica = records
    assert news["doc_id"] == "news" and news["meta"]["published"] == "2024-07-05"
    assert {
        ("ORG", "Shanghai Cooperation Organization", "SCO"),
        ("SUMMIT", "Astana SCO Summit", None),
        ("DATE", "July 4", "2024-07-04"),  # the year from the page's date
        ("DOCUMENT", "SCO Development Strategy until 2035", None),
    } <= mentions(news)
    assert not {s["text"] for s in news["spans"]} & {"CICA", "OSCE", "October 12", "Palace of Independence"}
    assert ("DATE", "December 12", "2023-12-12") in mentions(cica)  # the year from JSON-LD
    for record in records:
        assert_spans_slice(record)


def test_html_gz_and_sidecar_override(tmp_path):
    (tmp_path / "news.html.gz").write_bytes(gzip.compress(NEWS_PAGE.encode("utf-8")))
    (tmp_path / "news.meta.json").write_text('{"published": "2023-07", "desk": "politics"}', encoding="utf-8")
    (doc,), problems = read(tmp_path / "news.html.gz")
    assert problems == []
    assert doc.doc_id == "news"
    assert doc.meta["published"] == "2023-07"  # the sidecar wins
    assert doc.meta["desk"] == "politics" and doc.meta["source"] == "Steppe News"  # the rest is merged


def test_bad_sidecar_beside_a_page_keeps_the_page_meta(tmp_path):
    (tmp_path / "news.html").write_text(NEWS_PAGE, encoding="utf-8")
    (tmp_path / "news.meta.json").write_text("[1]", encoding="utf-8")
    (doc,), (warning,) = read(tmp_path / "news.html")
    assert not warning.skipped and warning.reason.endswith("using the HTML meta")
    assert doc.meta["published"] == "2024-07-05"


def test_truncated_html_gz_is_skipped(tmp_path):
    data = gzip.compress(NEWS_PAGE.encode("utf-8"))
    (tmp_path / "cut.html.gz").write_bytes(data[: len(data) // 2])
    docs, (problem,) = read(tmp_path / "cut.html.gz")
    assert docs == [] and problem.skipped and problem.reason.startswith("cannot read")


# ------------------------------------------------------------------ PDF


def test_pdf_text_without_running_header_and_page_numbers():
    extracted = read_bytes("pdf", paper_pdf())
    assert extracted.text == (
        "Kazakhstan joined the Shanghai Cooperation Organiza-\n"
        "tion in 2001. The heads of state met at the Astana\n"
        "summit on July 4, and the leaders of the Shang-\n"
        "hai Cooperation Organization adopted the Astana Declaration."
    )
    assert extracted.meta == {"published": "2024-03-23", "title": "Foreign policy projects of Kazakhstan"}
    assert extracted.notes == ()


def test_pdf_cli_mentions_and_spans(tmp_path):
    (tmp_path / "paper.pdf").write_bytes(paper_pdf())
    code, (record,), errors, _ = extract_cli(tmp_path, tmp_path / "paper.pdf")
    assert code == 0 and errors == []
    assert record["doc_id"] == "paper" and record["meta"]["published"] == "2024-03-23"
    assert {
        ("ORG", "Shanghai Cooperation Organiza-\ntion", "SCO"),  # hyphenation at a line end, not repaired
        ("ORG", "Shang-\nhai Cooperation Organization", "SCO"),  # across the page break
        ("DATE", "July 4", "2024-07-04"),  # the year from the PDF's /CreationDate
        ("DOCUMENT", "Astana Declaration", None),
    } <= mentions(record)
    assert "European Science Review" not in record["text"]
    assert_spans_slice(record)


def test_pdf_sidecar_overrides_creation_date(tmp_path):
    (tmp_path / "paper.pdf").write_bytes(paper_pdf())
    (tmp_path / "paper.meta.json").write_text('{"published": "2024-01"}', encoding="utf-8")
    (doc,), _ = read(tmp_path / "paper.pdf")
    assert doc.meta == {"published": "2024-01", "title": "Foreign policy projects of Kazakhstan"}


def test_pdf_with_only_an_owner_password_is_read():
    assert read_bytes("pdf", encrypted(paper_pdf(), "")).text == read_bytes("pdf", paper_pdf()).text


@pytest.mark.parametrize(
    "data,reason",
    [
        (encrypted(paper_pdf(), "secret"), "encrypted PDF: it needs a password to open"),
        (make_pdf([RECTANGLE, RECTANGLE]), "no text layer in any of its 2 page(s) (a scan or images only; run OCR first)"),
        (paper_pdf()[:400], "cannot read the PDF (damaged, or not a PDF): "),
        (b"<html>not a pdf</html>", "cannot read the PDF (damaged, or not a PDF): "),
        (b"", "cannot read the PDF (damaged, or not a PDF): "),
    ],
    ids=["encrypted", "image-only", "truncated", "not-a-pdf", "empty"],
)
def test_unreadable_pdfs(data, reason):
    with pytest.raises(NoText) as raised:
        read_bytes("pdf", data)
    assert str(raised.value).startswith(reason)


def test_pdf_without_pages():
    with pytest.raises(NoText, match="no pages"):
        read_bytes("pdf", make_pdf([]))


PAPER = paper_pdf()


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.integers(0, len(PAPER) - 1), st.integers(0, 255)), min_size=1, max_size=8))
def test_damaged_pdf_gives_one_doc_or_one_skip(edits):
    data = bytearray(PAPER)
    for at, byte in edits:
        data[at] = byte
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "damaged.pdf"
        path.write_bytes(bytes(data))
        *warnings, last = read_converted(path, "pdf")
    assert all(isinstance(w, InputProblem) and not w.skipped for w in warnings)
    assert isinstance(last, InputDoc) or last.skipped


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=2000) | st.text(max_size=500).map(lambda t: f"<html><body><p>{t}</p></body></html>".encode()))
def test_any_bytes_as_html_give_one_doc_or_one_skip(data):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "page.html"
        path.write_bytes(data)
        *warnings, last = read_converted(path, "html")
    assert all(isinstance(w, InputProblem) and not w.skipped for w in warnings)
    assert isinstance(last, InputDoc) or last.skipped


# ------------------------------------------------------------------ the whole run


def test_mixed_directory_one_line_per_article_in_name_order(tmp_path):
    (tmp_path / "alpha.pdf").write_bytes(paper_pdf())
    (tmp_path / "beta.txt").write_text("The OSCE met in Vienna in 2023.", encoding="utf-8")
    with gzip.open(tmp_path / "gamma.jsonl.gz", "wt", encoding="utf-8") as fh:
        fh.write('{"id": "g1", "text": "NATO"}\n{"id": "g2", "text": "The CIS summit."}\n')
    (tmp_path / "news.html").write_text(NEWS_PAGE, encoding="utf-8")
    (tmp_path / "zeta.htm").write_text(JSON_LD_PAGE, encoding="utf-8")
    (tmp_path / "zeta.meta.json").write_text('{"source": "sidecar"}', encoding="utf-8")
    code, records, errors, _ = extract_cli(tmp_path, tmp_path)
    assert code == 0 and errors == []
    assert [r["doc_id"] for r in records] == ["alpha", "beta", "g1", "g2", "news", "zeta"]
    assert records[-1]["meta"]["source"] == "sidecar"
    for record in records:
        assert_spans_slice(record)


def test_bad_files_are_skipped_with_reasons_and_exit_3(tmp_path):
    """A real process: no traceback, the reasons in the errors file, the good files done."""
    (tmp_path / "good.pdf").write_bytes(paper_pdf())
    (tmp_path / "home.html").write_text(NO_ARTICLE_PAGE, encoding="utf-8")
    (tmp_path / "locked.pdf").write_bytes(encrypted(paper_pdf(), "secret"))
    (tmp_path / "scan.pdf").write_bytes(make_pdf([RECTANGLE]))
    (tmp_path / "torn.pdf").write_bytes(paper_pdf()[:400])
    (tmp_path / "z.txt").write_text("The SCO.", encoding="utf-8")
    out = tmp_path / "out" / "run.jsonl"
    result = subprocess.run(
        [sys.executable, "-m", "kzextract", "extract", str(tmp_path), "-o", str(out)],
        capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 3, result.stderr
    assert "Traceback" not in result.stderr
    *reports, summary = result.stderr.splitlines()
    assert all(line.startswith("skipped: ") for line in reports), reports  # pypdf's own log lines are not printed
    assert summary.startswith("2 documents, 4 skipped")
    assert [json.loads(line)["doc_id"] for line in out.read_text(encoding="utf-8").splitlines()] == ["good", "z"]
    errors = [json.loads(line) for line in (out.parent / "run.errors.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [(e["doc_id"], e["skipped"]) for e in errors] == [("home", True), ("locked", True), ("scan", True), ("torn", True)]
    assert errors[0]["reason"].startswith("no main text")
    assert errors[1]["reason"] == "encrypted PDF: it needs a password to open"
    assert errors[2]["reason"].startswith("no text layer")
    assert errors[3]["reason"].startswith("cannot read the PDF")


def test_help_names_html_and_pdf():
    result = CliRunner().invoke(app, ["extract", "--help"])
    assert ".html" in result.stdout and ".pdf" in result.stdout
