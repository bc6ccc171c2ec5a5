"""`kzextract render`: displaCy pages of predictions, alone or against gold."""

from __future__ import annotations

import html
import json
import re
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kzextract.cli import app
from kzextract.render import Item, classify, group_overlaps, org_id_renamings, render_file
from kzextract.schema import MentionRecord
from kzextract.scoring import score
from kzextract.validation import read_records

TEXT = (
    "The Shanghai Cooperation Organisation (SCO) met at the Astana SCO Summit on 4 July 2024 "
    "& adopted the Astana Declaration <final>. Astana hosted it."
)
GOLD_ONLY_TEXT = "The OSCE met in Vienna in 2023."
PRED_ONLY_TEXT = "CICA met in 2022."


def mention(text: str, sub: str, label: str, mid: str, *, norm=None, attrs=None, nth: int = 0) -> dict:
    start = -1
    for _ in range(nth + 1):
        start = text.index(sub, start + 1)
    return {"id": mid, "start": start, "end": start + len(sub), "label": label, "text": sub, "norm": norm,
            "attrs": attrs or {}}


def write_jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def gold_records() -> list[dict]:
    return [
        {"doc_id": "d1", "text": TEXT, "spans": [
            mention(TEXT, "Shanghai Cooperation Organisation", "ORG", "g1", norm="SCO"),
            mention(TEXT, "SCO", "ORG", "g2", norm="SCO"),
            mention(TEXT, "Astana SCO Summit", "SUMMIT", "g3", attrs={"org": "SCO", "place": "Astana", "date": "2024-07-04"}),
            mention(TEXT, "4 July 2024", "DATE", "g4", norm="2024-07-04"),
            mention(TEXT, "Astana Declaration", "DOCUMENT", "g5", attrs={"type": "declaration", "summit": "g3"}),
        ]},
        {"doc_id": "gold-only", "text": GOLD_ONLY_TEXT, "spans": [
            mention(GOLD_ONLY_TEXT, "OSCE", "ORG", "g1", norm="OSCE"),
            mention(GOLD_ONLY_TEXT, "2023", "DATE", "g2", norm="2023"),
        ]},
    ]


def pred_records() -> list[dict]:
    return [
        {"doc_id": "d1", "text": TEXT, "spans": [
            mention(TEXT, "Shanghai Cooperation Organisation", "ORG", "m1", norm="SCO"),
            # strict match, another id than gold gives it (and gold's SCO is also predicted as SCO)
            mention(TEXT, "SCO", "ORG", "m2", norm="SCO-X&<Y>"),
            # strict match, a wrong place
            mention(TEXT, "Astana SCO Summit", "SUMMIT", "m3", attrs={"org": "SCO", "place": "A&B <Astana>", "date": "2024-07-04"}),
            mention(TEXT, "4 July 2024", "DATE", "m4", norm="2024-07-04"),
            # a boundary error: overlaps gold's DOCUMENT (FP) ...
            mention(TEXT, "the Astana Declaration", "DOCUMENT", "m5", attrs={"type": "declaration", "summit": "m3"}),
            # ... and a plain false positive
            mention(TEXT, "Astana", "ORG", "m6", norm="ASTANA", nth=2),
        ]},
        {"doc_id": "pred-only", "text": PRED_ONLY_TEXT, "spans": [
            mention(PRED_ONLY_TEXT, "CICA", "ORG", "m1", norm="CICA"),
        ]},
    ]


@pytest.fixture
def files(tmp_path):
    return write_jsonl(tmp_path / "pred.jsonl", pred_records()), write_jsonl(tmp_path / "gold.jsonl", gold_records())


def run(*args: str):
    return CliRunner().invoke(app, list(args), catch_exceptions=False)


def marks(page: str) -> list[dict]:
    """Every mark on the page: class, tooltip (unescaped), tag."""
    found = []
    for m in re.finditer(
        r'<mark class="entity ([^"]*)" title="([^"]*)" style="[^"]*">(.*?)<span class="kz-tag">(.*?)</span></mark>',
        page,
        flags=re.S,
    ):
        found.append({"class": m.group(1), "title": html.unescape(m.group(2)), "text": m.group(3), "tag": html.unescape(m.group(4))})
    return found


def document(page: str, doc_id: str) -> str:
    """The markup of one document's figure."""
    for figure in re.findall(r"<figure.*?</figure>", page, flags=re.S):
        if f">{html.escape(doc_id)}</span>" in figure:
            return figure
    raise AssertionError(f"no figure for {doc_id}")


# ------------------------------------------------------------------ with gold


def test_marks_against_gold(files, tmp_path):
    pred, gold = files
    out = tmp_path / "view.html"
    result = run("render", str(pred), "--gold", str(gold), "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert "3 documents: tp 4, fp 2, fn 3, attr-diff 2" in result.stderr
    page = out.read_text(encoding="utf-8")
    d1 = marks(document(page, "d1"))
    by_text = {re.sub(r"<[^>]+>", "", m["text"]).strip(): m for m in d1}

    tp = by_text["Shanghai Cooperation Organisation"]
    assert tp["class"] == "tp" and tp["tag"] == "ORG"
    assert "true positive" in tp["title"] and "norm: SCO" in tp["title"]

    # attribute differences on true positives: class, keys in the tag, both values in the tooltip
    sco = by_text["SCO"]
    assert sco["class"] == "tp attr-diff" and sco["tag"] == "ORG \u2260 norm"
    assert "norm: gold SCO / predicted SCO-X&<Y>" in sco["title"]
    assert "gold id SCO is predicted as SCO, SCO-X&<Y> in this file" in sco["title"]
    summit = by_text["Astana SCO Summit"]
    assert summit["class"] == "tp attr-diff" and summit["tag"] == "SUMMIT \u2260 place"
    assert "place: gold Astana / predicted A&B <Astana>" in summit["title"]
    assert "attrs: org=SCO, place=A&B <Astana>, date=2024-07-04" in summit["title"]

    # a plain false positive, marked apart
    fp = by_text["Astana"]
    assert fp["class"] == "fp" and fp["tag"] == "FP ORG"
    assert "false positive" in fp["title"] and "norm: ASTANA" in fp["title"]

    # overlapping FP and FN: one mark over both, both sides in the tooltip and in the text
    mismatch = by_text["the Astana Declaration"]
    assert mismatch["class"] == "mismatch"
    assert mismatch["tag"] == "FP DOCUMENT · FN DOCUMENT"
    assert "FP DOCUMENT m5" in mismatch["title"] and "FN DOCUMENT g5" in mismatch["title"]
    assert "summit=m3 ('Astana SCO Summit')" in mismatch["title"] and "summit=g3 ('Astana SCO Summit')" in mismatch["title"]
    assert '<span class="in-fp">the </span><span class="in-fn in-fp">Astana Declaration</span>' in mismatch["text"]

    # the DOCUMENT's summit link points at the same SUMMIT on both sides: no difference
    assert len(d1) == 6


def test_gold_only_document_is_all_false_negatives(files):
    pred, gold = files
    page, _ = render_file(pred, gold)
    figure = document(page, "gold-only")
    found = marks(figure)
    assert [(m["class"], m["tag"], m["text"].strip()) for m in found] == [
        ("fn", "FN ORG", "OSCE"),
        ("fn", "FN DATE", "2023"),
    ]
    assert "false negative" in found[0]["title"] and "norm: OSCE" in found[0]["title"]
    assert "not in the predictions: every gold mention is a false negative" in figure
    assert "tp 0 · fp 0 · fn 2" in figure


def test_document_not_in_gold_is_drawn_unscored(files):
    pred, gold = files
    page, _ = render_file(pred, gold)
    figure = document(page, "pred-only")
    assert [(m["class"], m["tag"]) for m in marks(figure)] == [("pred", "ORG")]
    assert "not in gold: predictions only, not scored" in figure


def test_summaries_per_document_and_file_agree_with_the_scorer(files):
    pred, gold = files
    page, summary = render_file(pred, gold)
    report = score(read_records(gold), read_records(pred), bootstrap=0)["strict"]["micro"]
    assert (summary.counts["tp"], summary.counts["fp"], summary.counts["fn"]) == (report["tp"], report["fp"], report["fn"])
    header = page[page.index('<header class="kz-file">'):page.index("</header>")]
    assert "3 documents, 2 paired with gold · tp 4 · fp 2 · fn 3 · attr-diff 2" in header
    assert "tp 4 · fp 2 · fn 1 · attr-diff 2" in document(page, "d1")


def test_everything_from_the_files_is_escaped(files, tmp_path):
    pred, gold = files
    page, _ = render_file(pred, gold)
    assert "<final>" not in page and "&lt;final&gt;" in page
    assert " &amp; adopted" in page and " & adopted" not in page
    assert "SCO-X&amp;&lt;Y&gt;" in page and "<Y>" not in page and "<Astana>" not in page
    # a doc_id is escaped in the headers too
    records = pred_records()
    records[1]["doc_id"] = "<b>x&y</b>"
    page, _ = render_file(write_jsonl(tmp_path / "odd.jsonl", records))
    assert "<b>" not in page and "&lt;b&gt;x&amp;y&lt;/b&gt;" in page


def test_the_page_is_self_contained(files):
    page, _ = render_file(*files)
    assert page.lstrip().startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in page
    for external in ("<link", "<script", "src=", "@import", "url(", "http:", "https:"):
        assert external not in page


# ------------------------------------------------------------------ without gold


def test_predictions_alone(files):
    pred, _ = files
    page, summary = render_file(pred)
    found = marks(document(page, "d1"))
    assert {m["class"] for m in found} == {"pred"}
    assert [m["tag"] for m in found] == ["ORG", "ORG", "SUMMIT", "DATE", "DOCUMENT", "ORG"]
    date = found[3]
    assert "norm: 2024-07-04" in date["title"] and "predicted" in date["title"]
    assert "attrs: type=declaration, summit=m3 ('Astana SCO Summit')" in found[4]["title"]
    assert "FP" not in page and "FN " not in page
    # coloured by label
    styles = re.findall(r'<mark class="entity pred" title="[^"]*" style="--bg: ([^"]*)"', document(page, "d1"))
    assert styles[:3] == ["#7aecec", "#7aecec", "#feca74"]
    assert "6 mentions: ORG 3 · DATE 1 · SUMMIT 1 · DOCUMENT 1" in page
    assert summary.line() == "2 documents, 7 mentions"


def test_text_from_gold_when_predictions_lack_it(files, tmp_path):
    _, gold = files
    records = pred_records()
    for record in records:
        del record["text"]
    pred = write_jsonl(tmp_path / "no-text.jsonl", records)
    result = run("render", str(pred), "--gold", str(gold), "-o", str(tmp_path / "v.html"))
    assert result.exit_code == 1
    # d1 takes gold's text; pred-only has none anywhere: file and line of it
    assert f"{pred}:2: document 'pred-only' has no text to render" in result.stderr
    assert "--include-text" in result.stderr
    page, _ = render_file(write_jsonl(tmp_path / "first.jsonl", records[:1]), gold)
    assert "&lt;final&gt;" in document(page, "d1")


def test_missing_text_names_file_and_line_and_exits_1(tmp_path):
    records = pred_records()
    del records[1]["text"]
    pred = write_jsonl(tmp_path / "pred.jsonl", records)
    out = tmp_path / "view.html"
    result = run("render", str(pred), "-o", str(out))
    assert result.exit_code == 1
    assert f"error: {pred}:2: document 'pred-only' has no text to render" in result.stderr
    assert not out.exists()


def test_offsets_beyond_the_text_are_an_error(tmp_path):
    records = pred_records()
    records[1]["spans"][0]["end"] = 99
    result = run("render", str(write_jsonl(tmp_path / "p.jsonl", records)))
    assert result.exit_code == 1
    assert "p.jsonl:2: doc=pred-only span=m1: offsets 0:99 do not index the text" in result.stderr


def test_stdout_without_output_option(files):
    result = run("render", str(files[0]))
    assert result.exit_code == 0
    assert result.stdout.lstrip().startswith("<!DOCTYPE html>")


# ------------------------------------------------------------------ pure functions


def span(start: int, end: int, label: str = "ORG", norm: str | None = None) -> MentionRecord:
    return MentionRecord(id=f"{start}-{end}", start=start, end=end, label=label, text="x" * (end - start), norm=norm)


def test_classify_strict_by_offsets_and_label():
    gold = [span(0, 5), span(10, 15, "DATE"), span(20, 25)]
    pred = [span(0, 5), span(10, 15, "ORG"), span(30, 35), span(30, 35)]
    assert [(i.status, i.span.start, i.span.label) for i in classify(pred, gold)] == [
        ("tp", 0, "ORG"),
        ("fn", 10, "DATE"),
        ("fp", 10, "ORG"),
        ("fn", 20, "ORG"),
        ("fp", 30, "ORG"),  # a repeat counts once, as in the scorer
    ]
    assert {i.status for i in classify(pred, None)} == {"pred"}


def test_group_overlaps_chains_and_keeps_neighbours_apart():
    items = [Item("fp", span(0, 5)), Item("fn", span(3, 8)), Item("fp", span(7, 9)), Item("fn", span(9, 12))]
    assert [[i.span.start for i in group] for group in group_overlaps(items)] == [[0, 3, 7], [9]]


def test_org_id_renaming_is_not_a_difference():
    # gold A is always predicted as X: a consistent renaming; gold B is split over Y and Z
    given = org_id_renamings([("A", "X"), ("A", "X"), ("B", "Y"), ("B", "Z"), (None, "W")])
    assert given == {"A": {"X"}, "B": {"Y", "Z"}}


def test_consistently_renamed_org_ids_are_not_marked(tmp_path):
    text = "SCO and SCO."
    gold = [{"doc_id": "d", "text": text, "spans": [mention(text, "SCO", "ORG", "g1", norm="SCO"),
                                                  mention(text, "SCO", "ORG", "g2", norm="SCO", nth=1)]}]
    pred = [{"doc_id": "d", "text": text, "spans": [mention(text, "SCO", "ORG", "m1", norm="SHANGHAI"),
                                                  mention(text, "SCO", "ORG", "m2", norm="SHANGHAI", nth=1)]}]
    page, summary = render_file(write_jsonl(tmp_path / "p.jsonl", pred), write_jsonl(tmp_path / "g.jsonl", gold))
    found = marks(page.split("</header>")[1])
    assert [m["class"] for m in found] == ["tp", "tp"]
    assert "gold id SCO: the same organization under another id" in found[0]["title"]
    assert summary.counts["attr-diff"] == 0


# ------------------------------------------------------------------ screenshot


def png_pixels(data: bytes) -> tuple[int, int, list[bytes]]:
    """Width, height and rows of a non-interlaced 8-bit RGB/RGBA PNG (what
    chromium writes), decoded with zlib and the five PNG row filters."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, header = 8, b"", None
    while pos < len(data):
        (length,), kind = struct.unpack(">I", data[pos:pos + 4]), data[pos + 4:pos + 8]
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    width, height, depth, color, _, _, interlace = header
    assert depth == 8 and color in (2, 6) and interlace == 0, header
    bpp = 3 if color == 2 else 4
    raw = zlib.decompress(idat)
    stride = width * bpp
    rows, previous = [], bytearray(stride)
    for y in range(height):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        if kind == 1:
            for x in range(bpp, stride):
                line[x] = (line[x] + line[x - bpp]) & 0xFF
        elif kind == 2:
            line = bytearray((a + b) & 0xFF for a, b in zip(line, previous))
        elif kind == 3:
            for x in range(stride):
                left = line[x - bpp] if x >= bpp else 0
                line[x] = (line[x] + ((left + previous[x]) >> 1)) & 0xFF
        elif kind == 4:
            for x in range(stride):
                a = line[x - bpp] if x >= bpp else 0
                b, c = previous[x], previous[x - bpp] if x >= bpp else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 0xFF
        rows.append(bytes(b for x in range(0, stride, bpp) for b in line[x:x + 3]))  # RGB, alpha dropped
        previous = line
    return width, height, rows


@pytest.mark.skipif(shutil.which("chromium") is None, reason="Debian's chromium is not installed")
def test_headless_screenshot_is_not_blank(files, tmp_path):
    pred, gold = files
    view = tmp_path / "view.html"
    assert run("render", str(pred), "--gold", str(gold), "-o", str(view)).exit_code == 0
    png = tmp_path / "view.png"
    subprocess.run(
        [
            "chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            f"--user-data-dir={tmp_path / 'profile'}", f"--screenshot={png}", "--window-size=1200,800",
            view.as_uri(),
        ],
        capture_output=True, timeout=180, check=True,
    )
    width, height, rows = png_pixels(png.read_bytes())
    assert (width, height) == (1200, 800)
    colors = {row[x:x + 3] for row in rows[::4] for x in range(0, len(row), 12)}
    assert len(colors) > 10, "the screenshot is blank"
    # the label colour of ORG marks (#7aecec) is on the page
    assert any(bytes.fromhex("7aecec") in row for row in rows)
