"""Build `gold/seeds.jsonl`, `gold/dev.jsonl`, `gold/news.jsonl`,
`gold/news-test.jsonl`, `gold/news-test2.jsonl`, `gold/news-test3.jsonl`,
`gold/news-test4.jsonl`, `gold/news-test5.jsonl`, `gold/news-test6.jsonl`,
`gold/news-test7.jsonl`, `gold/news-test8.jsonl`, `gold/news-test9.jsonl`,
`gold/news-test10.jsonl`, `gold/news-test11.jsonl`, `gold/news-test12.jsonl`, `gold/news-test13.jsonl`, `gold/news-test14.jsonl`, `gold/news-test15.jsonl`, `gold/news-test16.jsonl`, `gold/news-test17.jsonl`, `gold/news-test18.jsonl`, `gold/news-test19.jsonl`, `gold/news-test20.jsonl` and `gold/news-test21.jsonl` from the hand-written annotation sheets in
`gold/src/<doc_id>.tsv` (or `<doc_id>.part1.tsv`, `<doc_id>.part2.tsv`, … read
in that order, when a long article was split).

The sheets are what annotators write while reading the text: one mention a
row, in document order, so a reviewer can read them beside the article.
This script only turns them into offsets; it never looks at extractor output.

Sheet format (tab-separated; trailing empty columns may be left out):

    LABEL  text  norm  attrs  ref  ctx

- `text`: the mention exactly as written; `\\n` stands for a line break.
- `norm`: ORG id or DATE ISO value; empty for SUMMIT/DOCUMENT.
- `attrs`: a JSON object (`{"org": "SCO", "ordinal": 6}`) or empty. A
  DOCUMENT's `"summit"` names the `ref` of a SUMMIT row of the same sheet.
- `ref`: a name other rows can point to.
- `ctx`: only when the next occurrence of `text` is not the one meant: a
  longer string (also with `\\n`) that contains `text` at the intended place.

Each row is searched from the end of the previous mention, so rows must be in
document order. Lines starting with `#` are comments.

Usage: python gold/build.py [--check]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "gold" / "src"
SETS = {
    "seeds": ROOT / "corpus",
    "dev": ROOT / "corpus" / "dev",
    "news": ROOT / "corpus" / "news",
    "news-test": ROOT / "corpus" / "news-test",
    "news-test2": ROOT / "corpus" / "news-test2",
    "news-test3": ROOT / "corpus" / "news-test3",
    "news-test4": ROOT / "corpus" / "news-test4",
    "news-test5": ROOT / "corpus" / "news-test5",
    "news-test6": ROOT / "corpus" / "news-test6",
    "news-test7": ROOT / "corpus" / "news-test7",
    "news-test8": ROOT / "corpus" / "news-test8",
    "news-test9": ROOT / "corpus" / "news-test9",
    "news-test10": ROOT / "corpus" / "news-test10",
    "news-test11": ROOT / "corpus" / "news-test11",
    "news-test12": ROOT / "corpus" / "news-test12",
    "news-test13": ROOT / "corpus" / "news-test13",
    "news-test14": ROOT / "corpus" / "news-test14",
    "news-test15": ROOT / "corpus" / "news-test15",
    "news-test16": ROOT / "corpus" / "news-test16",
    "news-test17": ROOT / "corpus" / "news-test17",
    "news-test18": ROOT / "corpus" / "news-test18",
    "news-test19": ROOT / "corpus" / "news-test19",
    "news-test20": ROOT / "corpus" / "news-test20",
    "news-test21": ROOT / "corpus" / "news-test21",
}


class SheetError(ValueError):
    pass


def unescape(value: str) -> str:
    return value.replace("\\n", "\n").replace("\\t", "\t")


def sheet_rows(sheets: list[Path]):
    """(sheet, line number, raw line) over a document's sheets, in order."""
    for sheet in sheets:
        for line_no, raw in enumerate(sheet.read_text(encoding="utf-8").splitlines(), start=1):
            yield sheet, line_no, raw


def sheets_for(doc_id: str) -> list[Path]:
    """`<doc_id>.tsv`, or its parts `<doc_id>.part1.tsv`, … read in order."""
    whole = SRC / f"{doc_id}.tsv"
    return [whole] if whole.exists() else sorted(SRC.glob(f"{doc_id}.part*.tsv"))


def build_document(doc_id: str, text: str, meta: dict, sheets: list[Path]) -> dict:
    spans: list[dict] = []
    refs: dict[str, str] = {}
    pending_summit_links: list[tuple[dict, str, str]] = []
    cursor = 0
    for sheet, line_no, raw in sheet_rows(sheets):
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        cols = raw.split("\t") + [""] * 6
        label, mention, norm, attrs_raw, ref, ctx = (c.strip() if i != 1 else c for i, c in enumerate(cols[:6]))
        where = f"{sheet}:{line_no}"
        if label not in {"ORG", "DATE", "SUMMIT", "DOCUMENT"}:
            raise SheetError(f"{where}: unknown label {label!r}")
        mention = unescape(mention)
        if not mention or mention != mention.strip():
            raise SheetError(f"{where}: empty mention or surrounding whitespace: {mention!r}")
        if ctx:
            ctx = unescape(ctx)
            at = text.find(ctx, cursor)
            if at < 0:
                raise SheetError(f"{where}: context {ctx!r} not found after offset {cursor}")
            inner = ctx.find(mention)
            if inner < 0:
                raise SheetError(f"{where}: context does not contain {mention!r}")
            start = at + inner
        else:
            start = text.find(mention, cursor)
            if start < 0:
                raise SheetError(f"{where}: {mention!r} not found after offset {cursor} "
                                 f"(…{text[max(0, cursor - 40):cursor]!r})")
        end = start + len(mention)
        attrs = json.loads(attrs_raw) if attrs_raw else {}
        if not isinstance(attrs, dict):
            raise SheetError(f"{where}: attrs must be a JSON object")
        span = {
            "id": f"m{len(spans) + 1}",
            "start": start,
            "end": end,
            "label": label,
            "text": mention,
            "norm": norm or None,
            "attrs": attrs,
        }
        if ref:
            if ref in refs:
                raise SheetError(f"{where}: ref {ref!r} defined twice")
            refs[ref] = span["id"]
        if "summit" in attrs:
            pending_summit_links.append((span, attrs["summit"], where))
        spans.append(span)
        cursor = end
    for span, ref, where in pending_summit_links:
        if ref not in refs:
            raise SheetError(f"{where}: summit ref {ref!r} is not defined")
        span["attrs"]["summit"] = refs[ref]
    return {"doc_id": doc_id, "text": text, "meta": meta, "spans": spans}


def load_article(folder: Path, doc_id: str) -> tuple[str, dict]:
    text = (folder / f"{doc_id}.txt").read_bytes().decode("utf-8")
    meta_path = folder / f"{doc_id}.meta.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.exists() else {}
    return text, meta


def main(argv: list[str]) -> int:
    check_only = "--check" in argv
    failures = 0
    for set_name, folder in SETS.items():
        lines = []
        for article in sorted(folder.glob("*.txt")):
            doc_id = article.stem
            sheets = sheets_for(doc_id)
            if not sheets:
                print(f"{set_name}: no sheet for {doc_id} in {SRC}", file=sys.stderr)
                continue
            text, meta = load_article(folder, doc_id)
            try:
                lines.append(build_document(doc_id, text, meta, sheets))
            except (SheetError, json.JSONDecodeError) as err:
                print(f"error: {err}", file=sys.stderr)
                failures += 1
        out = ROOT / "gold" / f"{set_name}.jsonl"
        body = "".join(json.dumps(doc, ensure_ascii=False) + "\n" for doc in lines)
        if check_only:
            if not out.exists() or out.read_text(encoding="utf-8") != body:
                print(f"{out} is not up to date with gold/src; run python gold/build.py", file=sys.stderr)
                failures += 1
        elif lines:
            out.write_text(body, encoding="utf-8")
            n = sum(len(d["spans"]) for d in lines)
            print(f"{out.relative_to(ROOT)}: {len(lines)} documents, {n} mentions", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
