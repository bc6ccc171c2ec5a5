"""What reading HTML and PDF costs: `kzextract extract` on a ~1 MB web page and
a 50-page PDF, against the same text as `.txt`.

The inputs are made from UNGDC speeches (read streaming from
../shared/corpora/ungdc-public.jsonl.gz, into a temporary directory, never
into the repository):

  html-text   a ~1 MB page that is almost all article: <p> paragraphs in an
              <article>, with a header, menu, related-news list and footer;
  html-news   a ~1 MB page shaped like a real news page: one speech as the
              article, and the rest scripts, styles, menus and link lists;
  pdf         50 pages of hard-wrapped lines (Helvetica, tests/pdfmaker.py)
              with a running header and a page number on every page.

For each, the text and meta kzextract extracts from it are written as a
`.txt` and its `.meta.json`, so both runs do the same extraction work. Each command runs `--repeat` times in
a fresh process (`python -m kzextract extract FILE -o OUT --quiet`, start-up
included); the table gives the fastest run. "reading" is the reader alone
(`kzextract.readers.read_bytes`, in this process, fastest of the repeats);
"cold" is the same in a fresh process, trafilatura's or pypdf's import
included, as the command pays it once per run. The share is cold reading /
the HTML or PDF run. The spans of the two runs must be identical.

    python bench/readers.py            # --repeat 5 --results bench/readers.json
"""

from __future__ import annotations

import argparse
import datetime
import gzip
import html
import json
import os
import platform
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path
from typing import Callable, Iterator

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))  # the PDF writer the tests use

from pdfmaker import text_pdf  # noqa: E402

from kzextract.readers import read_bytes  # noqa: E402

CORPUS = Path(os.environ.get("KZ_CORPUS", REPO.parent / "shared" / "corpora" / "ungdc-public.jsonl.gz"))
RESULTS = Path(__file__).with_name("readers.json")
PAGE_BYTES = 1_000_000
PDF_PAGES, LINES_PER_PAGE, LINE_WIDTH = 50, 50, 90


def speeches() -> Iterator[str]:
    with gzip.open(CORPUS, "rt", encoding="utf-8") as fh:
        for line in fh:
            yield json.loads(line)["text"]


def paragraphs(limit_chars: int) -> list[str]:
    out: list[str] = []
    total = 0
    for text in speeches():
        for para in text.split("\n"):
            if para.strip():
                out.append(" ".join(para.split()))
                total += len(out[-1])
        if total >= limit_chars:
            return out
    return out


CHROME_TOP = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>General Debate | UN News Desk</title>
<meta property="og:site_name" content="UN News Desk">
<meta property="article:published_time" content="2019-09-24T10:00:00Z">
<link rel="canonical" href="https://news.example/general-debate">
{head_extra}</head><body>
<header><div class="logo">UN News Desk</div><nav class="menu"><ul>
<li><a href="/">Home</a></li><li><a href="/world">World</a></li><li><a href="/economy">Economy</a></li>
</ul></nav></header>
<div class="cookie-consent">We use cookies. Accept all cookies</div>
<main>{before}<article><h1>Statements in the General Debate</h1>
"""
CHROME_BOTTOM = """</article>
<aside class="related"><h3>Related news</h3><ul>{related}</ul></aside></main>
<footer class="site-footer"><p>© 2019 UN News Desk. All rights reserved.</p></footer>
</body></html>
"""


def related(n: int) -> str:
    return "".join(f'<li><a href="/n/{i}">Ministers meet in Astana on October {i % 28 + 1}</a></li>' for i in range(n))


def text_page() -> bytes:
    """~1 MB, nearly all of it article paragraphs."""
    top = CHROME_TOP.format(head_extra="", before="")
    bottom = CHROME_BOTTOM.format(related=related(10))
    body, size = [], len(top) + len(bottom)
    for para in paragraphs(PAGE_BYTES):
        chunk = f"<p>{html.escape(para)}</p>\n"
        if size + len(chunk) > PAGE_BYTES:
            break
        body.append(chunk)
        size += len(chunk)
    return (top + "".join(body) + bottom).encode("utf-8")


def news_page() -> bytes:
    """~1 MB, shaped like a news site: one speech, and scripts, styles and link lists."""
    speech = next(speeches())
    article = "".join(f"<p>{html.escape(' '.join(p.split()))}</p>\n" for p in speech.split("\n") if p.strip())
    script = "<script>window.__STATE__ = " + json.dumps({"items": [{"id": i, "t": "x" * 40} for i in range(4000)]}) + ";</script>\n"
    style = "<style>" + "".join(f".c{i}{{margin:{i % 9}px;color:#{i % 999:03d}}}\n" for i in range(6000)) + "</style>\n"
    menus = "<nav class='mega-menu'><ul>" + "".join(f"<li><a href='/s/{i}'>Section {i}</a></li>" for i in range(1500)) + "</ul></nav>"
    top = CHROME_TOP.format(head_extra=style + script, before=menus)
    page = top + article + CHROME_BOTTOM.format(related=related(200))
    padding = max(0, PAGE_BYTES - len(page.encode("utf-8")))
    page = page.replace("</body>", f"<script>/*{'-' * padding}*/</script></body>")
    return page.encode("utf-8")


def paper_pdf() -> bytes:
    """50 pages of wrapped speech text, a running header and page numbers."""
    lines: list[str] = []
    for para in paragraphs(PDF_PAGES * LINES_PER_PAGE * LINE_WIDTH):
        safe = para.encode("cp1252", "replace").decode("cp1252")
        lines.extend(textwrap.wrap(safe, LINE_WIDTH))
    pages = [
        ["United Nations General Assembly, Seventy-fourth session, General Debate"]
        + lines[n * LINES_PER_PAGE : (n + 1) * LINES_PER_PAGE]
        + [f"- {n + 1} -"]
        for n in range(PDF_PAGES)
    ]
    return text_pdf(pages, {"Title": "General Debate", "CreationDate": "D:20190924"})


def fastest(repeat: int, run: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - started)
    return best


def cli_seconds(path: Path, out: Path, repeat: int) -> float:
    command = [sys.executable, "-m", "kzextract", "extract", str(path), "-o", str(out), "--quiet"]
    return fastest(repeat, lambda: subprocess.run(command, check=True, cwd=REPO))


COLD_READ = """
import sys, time
started = time.perf_counter()
from kzextract.readers import read_bytes
read_bytes(sys.argv[1], open(sys.argv[2], "rb").read())
print(time.perf_counter() - started)
"""


def cold_reading_seconds(kind: str, path: Path, repeat: int) -> float:
    command = [sys.executable, "-c", COLD_READ, kind, str(path)]
    runs = [float(subprocess.run(command, check=True, capture_output=True, text=True).stdout) for _ in range(repeat)]
    return min(runs)


def spans(path: Path) -> list:
    (line,) = path.read_text(encoding="utf-8").splitlines()
    return json.loads(line)["spans"]


def measure(name: str, kind: str, suffix: str, data: bytes, work: Path, repeat: int) -> dict:
    source = work / f"{name}{suffix}"
    source.write_bytes(data)
    reading = fastest(repeat, lambda: read_bytes(kind, data))
    cold = cold_reading_seconds(kind, source, repeat)
    extracted = read_bytes(kind, data)
    text = extracted.text
    plain = work / f"{name}-text.txt"
    plain.write_text(text, encoding="utf-8")
    # the same meta too, so that year inference, and so every span, is the same
    (work / f"{name}-text.meta.json").write_text(json.dumps(extracted.meta), encoding="utf-8")
    out_file, out_txt = work / f"{name}.out.jsonl", work / f"{name}-text.out.jsonl"
    total = cli_seconds(source, out_file, repeat)
    total_txt = cli_seconds(plain, out_txt, repeat)
    same = spans(out_file) == spans(out_txt)
    return {
        "input": name,
        "file_bytes": len(data),
        "text_chars": len(text),
        "words": len(text.split()),
        "mentions": len(spans(out_file)),
        "reading_s": round(reading, 3),
        "reading_cold_s": round(cold, 3),
        "extract_file_s": round(total, 3),
        "extract_txt_s": round(total_txt, 3),
        "reading_share": round(cold / total, 3),
        "same_spans": same,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--results", type=Path, default=RESULTS)
    args = parser.parse_args()
    if not CORPUS.exists():
        print(f"corpus not found: {CORPUS} (set KZ_CORPUS)", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        empty = work / "empty.txt"
        empty.write_text("", encoding="utf-8")
        startup = cli_seconds(empty, work / "empty.out.jsonl", args.repeat)
        rows = [
            measure("html-text", "html", ".html", text_page(), work, args.repeat),
            measure("html-news", "html", ".html", news_page(), work, args.repeat),
            measure("pdf", "pdf", ".pdf", paper_pdf(), work, args.repeat),
        ]
    print(f"start-up (empty .txt): {startup:.2f} s")
    print(
        f"{'input':10} {'file':>9} {'text':>9} {'words':>7} {'reading':>8} {'cold':>6} "
        f"{'file run':>9} {'.txt run':>9} {'share':>6} same"
    )
    for r in rows:
        print(
            f"{r['input']:10} {r['file_bytes']:>9,} {r['text_chars']:>9,} {r['words']:>7,} {r['reading_s']:>7.2f}s "
            f"{r['reading_cold_s']:>5.2f}s {r['extract_file_s']:>8.2f}s {r['extract_txt_s']:>8.2f}s "
            f"{r['reading_share']:>6.1%} {r['same_spans']}"
        )
    import pypdf
    import trafilatura

    results = {
        "date": datetime.date.today().isoformat(),
        "python": platform.python_version(),
        "cores": os.cpu_count(),
        "trafilatura": trafilatura.__version__,
        "pypdf": pypdf.__version__,
        "repeat": args.repeat,
        "startup_s": round(startup, 3),
        "rows": rows,
    }
    args.results.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0 if all(r["same_spans"] for r in rows) else 2


if __name__ == "__main__":
    sys.exit(main())
