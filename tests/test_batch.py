"""run_extraction: the progress bar (tqdm, no counting pass) and resume
through the worker pool."""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path

import pytest

from kzextract.batch import run_extraction
from interrupt import interrupted_run

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "corpus"


def docs(n: int) -> list[dict]:
    paragraphs = [p for p in (CORPUS / "kazinform-2024-chairs.txt").read_text(encoding="utf-8").split("\n\n") if len(p) > 100]
    return [{"id": f"d{i:02d}", "text": paragraphs[i % len(paragraphs)]} for i in range(n)]


def write(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def test_progress_goes_to_stderr_without_a_counting_pass(tmp_path, capfd):
    """The input is a FIFO: a first pass to count records would consume it."""
    fifo = tmp_path / "in.jsonl"
    os.mkfifo(fifo)
    data = "".join(json.dumps(r) + "\n" for r in docs(12)).encode()
    writer = threading.Thread(target=lambda: fifo.write_bytes(data))
    writer.start()
    out = tmp_path / "out.jsonl"
    summary = run_extraction([str(fifo)], out, progress=True, report=lambda message: None)
    writer.join(timeout=30)
    assert summary.documents == 12
    captured = capfd.readouterr()
    assert captured.out == ""
    assert "12 docs" in captured.err and "words/s" in captured.err  # tqdm's count, no total
    assert "/12" not in captured.err


@pytest.mark.parametrize("workers", [1, 2])
def test_resume_through_the_pool_copies_lines_in_order(tmp_path, monkeypatch, workers):
    records = docs(30)
    source = write(tmp_path / "in.jsonl", records)
    out = tmp_path / "out.jsonl"
    interrupted_run(monkeypatch, source, out, stop_at="d20")
    del records[4]  # the lines after it are out of place now: stashed, then copied in order
    records.insert(10, {"id": "new", "text": "The OSCE met in Vienna."})
    write(source, records)
    summary = run_extraction([str(source)], out, resume=True, workers=workers, report=lambda message: None)
    fresh = tmp_path / "fresh.jsonl"
    run_extraction([str(source)], fresh, report=lambda message: None)
    assert out.read_bytes() == fresh.read_bytes()
    assert (summary.documents, summary.kept) == (30, 19)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fresh.jsonl", "in.jsonl", "out.jsonl"]
