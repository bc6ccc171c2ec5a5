"""Bad input, failures and crash safety: every record ends up in the output or
in the errors file, a bad record never stops a run, and a killed run leaves
the previous results untouched and resumes to a byte-identical result."""

from __future__ import annotations

import gzip
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

import kzextract.pipeline as pipeline
from kzextract.batch import EXIT_SKIPPED, RunStopped, run_extraction
from kzextract.cli import app
from kzextract.outputs import partial_path_for

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "corpus"
ERROR_KEYS = ["source", "line", "doc_id", "reason", "skipped"]


def run(*args: str, input: bytes | None = None):
    return CliRunner().invoke(app, list(args), input=input, catch_exceptions=False)


def read_jsonl(path: Path) -> list[dict]:
    """Split on b"\\n" only: output strings may hold a raw U+2028, which splitlines() would cut."""
    return [json.loads(line) for line in path.read_bytes().split(b"\n") if line.strip()]


def quiet(message: str) -> None:
    pass


# A JSONL file with one of each kind of bad record. Blank lines are not records.
MESSY_LINES: list[bytes] = [
    b'{"id": "ok1", "text": "The SCO met in Astana in June 2001."}',
    b"not json at all",
    b"",
    b'["an", "array"]',
    b'{"id": "no-text"}',
    b'{"id": "num-text", "text": 42}',
    b'{"id": true, "text": "id is a boolean"}',
    b'{"id": "ok1", "text": "duplicate id"}',
    b'   ',
    b'{"id": "empty", "text": ""}',
    b'{"id": "blank", "text": " \\n\\t \\u2028 "}',
    b'{"text": "no id at all; the OSCE"}',
    b'{"id": 7, "text": "integer id; NATO", "meta": [1]}',
    b'{"id": "nan", "text": "CICA", "meta": {"x": NaN}}',
    b'{"id": "surrogate", "text": "bad \\ud800 surrogate in UN text"}',
    b'{"id": "bad-utf8", "text": "The CSTO \xff\xfe met."}',
    b'{"id": "sep", "text": "line\\u2028separator and BRICS"}',
    b'{"id": "truncated", "text": "cut off',
    b'{"id": "ok2", "text": "Kazakhstan joined the UN in 1992."}',
]


@pytest.fixture
def messy(tmp_path) -> Path:
    path = tmp_path / "messy.jsonl"
    path.write_bytes(b"\n".join(MESSY_LINES) + b"\n")
    return path


def test_every_record_is_in_the_output_or_the_errors_file(messy, tmp_path):
    out = tmp_path / "x.jsonl"
    result = run("extract", str(messy), "-o", str(out))
    assert result.exit_code == EXIT_SKIPPED == 3
    records_in = sum(1 for line in MESSY_LINES if line.strip())
    output = read_jsonl(out)
    errors = read_jsonl(tmp_path / "x.errors.jsonl")
    skipped = [e for e in errors if e["skipped"]]
    assert len(output) + len(skipped) == records_in
    # Each record's line is either an output doc or exactly one skip.
    assert [r["doc_id"] for r in output] == [
        "ok1", "empty", "blank", "messy:12", "7", "nan", "surrogate", "bad-utf8", "sep", "ok2",
    ]
    assert sorted(e["line"] for e in skipped) == [2, 4, 5, 6, 7, 8, 18]


def test_errors_file_is_next_to_the_output(messy, tmp_path):
    out = tmp_path / "x.jsonl"
    run("extract", str(messy), "-o", str(out))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["messy.jsonl", "x.errors.jsonl", "x.jsonl"]
    errors = read_jsonl(tmp_path / "x.errors.jsonl")
    for error in errors:
        assert list(error) == ERROR_KEYS
        assert error["source"] == str(messy)
        assert isinstance(error["line"], int)
        assert error["reason"]
    by_line = {(e["line"], e["skipped"]): e for e in errors}
    assert by_line[(2, True)]["doc_id"] is None
    assert by_line[(2, True)]["reason"].startswith("not valid JSON")
    assert by_line[(5, True)] == {
        "source": str(messy), "line": 5, "doc_id": "no-text", "reason": "no text field", "skipped": True,
    }
    assert "duplicate doc_id" in by_line[(8, True)]["reason"]
    assert by_line[(12, False)]["doc_id"] == "messy:12"  # a warning: processed under a fallback id
    assert "invalid UTF-8" in by_line[(16, False)]["reason"]


def test_skips_and_warnings_are_reported_on_stderr(messy):
    result = run("extract", str(messy))
    assert result.exit_code == 3
    assert f"skipped: {messy}:2: not valid JSON" in result.stderr
    assert f"warning: {messy}:16: bad-utf8: invalid UTF-8" in result.stderr
    assert "10 documents, 7 skipped" in result.stderr
    assert len(result.stdout.splitlines()) == 10


def test_output_of_messy_input_validates(messy, tmp_path):
    out = tmp_path / "x.jsonl"
    run("extract", str(messy), "-o", str(out), "--include-text")
    assert run("validate", str(out)).exit_code == 0
    for record in read_jsonl(out):
        for span in record["spans"]:
            assert record["text"][span["start"] : span["end"]] == span["text"]


def test_empty_and_whitespace_texts_give_a_line_without_spans(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "a-empty.txt").write_bytes(b"")
    (inputs / "b-space.txt").write_bytes(b"  \n\n\t \r\n ")
    (inputs / "c.jsonl").write_text(
        '{"id": "c1", "text": ""}\n{"id": "c2", "text": "\\n\\n   \\u00a0\\u3000"}\n', encoding="utf-8"
    )
    out = tmp_path / "out.jsonl"
    result = run("extract", str(inputs), "-o", str(out), "--include-text")
    assert result.exit_code == 0, result.stderr
    records = read_jsonl(out)
    assert [(r["doc_id"], r["spans"]) for r in records] == [
        ("a-empty", []), ("b-space", []), ("c1", []), ("c2", []),
    ]
    assert records[1]["text"] == "  \n\n\t \r\n "


def test_invalid_utf8_txt_is_processed_with_a_warning(tmp_path):
    source = tmp_path / "bad.txt"
    source.write_bytes(b"The Shanghai Cooperation Organisation \xff\xfe(SCO) met in 2001.")
    out = tmp_path / "bad.jsonl"
    result = run("extract", str(source), "-o", str(out), "--include-text")
    assert result.exit_code == 0  # a warning is not a skip
    assert "invalid UTF-8 at byte 38" in result.stderr
    (record,) = read_jsonl(out)
    assert "\ufffd" in record["text"]
    assert ("SCO", "SCO") in [(s["text"], s["norm"]) for s in record["spans"]]
    (warning,) = read_jsonl(tmp_path / "bad.errors.jsonl")
    assert warning["skipped"] is False and warning["doc_id"] == "bad"


def test_binary_file_in_a_directory_is_skipped_with_a_reason(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "good.txt").write_text("The OSCE summit in Astana.", encoding="utf-8")
    (inputs / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (inputs / "notes.md").write_text("not an input", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = run("extract", str(inputs), "-o", str(out))
    assert result.exit_code == 3
    assert [r["doc_id"] for r in read_jsonl(out)] == ["good"]
    (error,) = read_jsonl(tmp_path / "out.errors.jsonl")
    assert error["source"] == str(inputs / "image.txt")
    assert error["skipped"] is True and error["line"] is None
    assert error["reason"].startswith("binary file")


def test_gzip_input_and_truncated_gzip(tmp_path):
    good = tmp_path / "a.jsonl.gz"
    with gzip.open(good, "wt", encoding="utf-8") as fh:
        for i in range(5):
            fh.write(json.dumps({"id": f"g{i}", "text": f"The SCO met in {2000 + i}."}) + "\n")
    out = tmp_path / "out.jsonl"
    assert run("extract", str(good), "-o", str(out)).exit_code == 0
    assert [r["doc_id"] for r in read_jsonl(out)] == [f"g{i}" for i in range(5)]

    data = good.read_bytes()
    broken = tmp_path / "b.jsonl.gz"
    broken.write_bytes(data[: len(data) - 12])
    result = run("extract", str(broken), "-o", str(out))
    assert result.exit_code == 3
    errors = read_jsonl(tmp_path / "out.errors.jsonl")
    assert errors[-1]["skipped"] and "cannot read further" in errors[-1]["reason"]


def test_clean_rerun_removes_a_stale_errors_file(messy, tmp_path):
    out = tmp_path / "x.jsonl"
    run("extract", str(messy), "-o", str(out))
    assert (tmp_path / "x.errors.jsonl").exists()
    assert run("extract", str(CORPUS), "-o", str(out)).exit_code == 0
    assert not (tmp_path / "x.errors.jsonl").exists()
    assert len(read_jsonl(out)) == 3


def test_a_document_that_crashes_the_pipeline_is_skipped(tmp_path, monkeypatch):
    real_extract = pipeline.extract

    def flaky(nlp, doc_id, text, meta=None, **kwargs):
        if doc_id == "boom":
            raise RuntimeError("component exploded")
        return real_extract(nlp, doc_id, text, meta, **kwargs)

    monkeypatch.setattr(pipeline, "extract", flaky)
    source = tmp_path / "in.jsonl"
    source.write_text(
        "".join(json.dumps({"id": i, "text": "The UN and the SCO."}) + "\n" for i in ("a", "boom", "b")),
        encoding="utf-8",
    )
    out = tmp_path / "out.jsonl"
    summary = run_extraction([str(source)], out, report=quiet)
    assert summary.exit_code == 3 and summary.documents == 2 and summary.skipped == 1
    assert [r["doc_id"] for r in read_jsonl(out)] == ["a", "b"]
    (error,) = read_jsonl(tmp_path / "out.errors.jsonl")
    assert error["doc_id"] == "boom" and error["line"] == 2
    assert error["reason"] == "extraction failed: RuntimeError: component exploded"


def test_stdin_with_bad_lines(tmp_path):
    data = b'{"id": "a", "text": "NATO"}\n{broken\n{"id": "b", "text": "ASEAN"}\n'
    result = run("extract", "-", input=data)
    assert result.exit_code == 3
    assert [json.loads(line)["doc_id"] for line in result.stdout.splitlines()] == ["a", "b"]
    assert "<stdin>:2: not valid JSON" in result.stderr


def test_stdin_given_twice_is_fatal():
    result = run("extract", "-", "-", input=b"")
    assert result.exit_code == 1
    assert "more than once" in result.stderr


def test_output_over_an_input_directory_does_not_read_itself(tmp_path):
    """The output and errors file land in the input directory; a rerun does not read them."""
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "a.txt").write_text("The SCO summit in Astana.", encoding="utf-8")
    (inputs / "b.txt").write_bytes(b"\x00binary")
    out = inputs / "results.jsonl"
    assert run("extract", str(inputs), "-o", str(out)).exit_code == 3
    # The second run now sees results.jsonl and results.errors.jsonl as inputs:
    # they are JSONL with doc_id and no text, so they are skipped, never crash.
    second = run("extract", str(inputs), "-o", str(tmp_path / "again.jsonl"))
    assert second.exit_code == 3
    assert [r["doc_id"] for r in read_jsonl(tmp_path / "again.jsonl")] == ["a"]


# ------------------------------------------------------------- crash safety


def _big_input(path: Path, n: int) -> None:
    """`n` small documents cut from the corpus, with one bad line near the start."""
    texts = []
    for source in sorted(CORPUS.glob("*.txt")):
        texts.extend(p for p in source.read_text(encoding="utf-8").split("\n\n") if len(p) > 200)
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            if i == 3:
                fh.write("{not json\n")
            text = "\n\n".join(texts[(i + k) % len(texts)] for k in range(4))
            fh.write(json.dumps({"id": f"doc-{i:04d}", "text": text, "meta": {"published": "2023-12"}}) + "\n")


def _count_lines(path: Path) -> int:
    try:
        return path.read_bytes().count(b"\n")
    except FileNotFoundError:
        return 0


def test_killed_run_leaves_output_untouched_and_resume_is_byte_identical(tmp_path):
    source = tmp_path / "big.jsonl"
    _big_input(source, 250)

    reference = tmp_path / "ref" / "out.jsonl"
    summary = run_extraction([str(source)], reference, report=quiet)
    assert summary.documents == 250 and summary.skipped == 1

    out = tmp_path / "run" / "out.jsonl"
    out.parent.mkdir()
    previous = b'{"doc_id":"from-an-earlier-run","meta":{},"spans":[]}\n'
    out.write_bytes(previous)
    partial = partial_path_for(out)
    command = [sys.executable, "-m", "kzextract", "extract", str(source), "-o", str(out), "--quiet"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while _count_lines(partial) < 25:
            assert process.poll() is None, "the run finished before it could be killed"
            assert time.monotonic() < deadline
            time.sleep(0.005)
        os.kill(process.pid, signal.SIGKILL)
    finally:
        process.wait(timeout=60)
    assert process.returncode == -signal.SIGKILL
    done = _count_lines(partial)
    assert 25 <= done < 250
    assert out.read_bytes() == previous  # untouched until the run completes
    assert not (out.parent / "out.errors.jsonl").exists()

    resumed = subprocess.run(command + ["--resume"], capture_output=True, timeout=300)
    assert resumed.returncode == 3, resumed.stderr
    assert out.read_bytes() == reference.read_bytes()
    assert (out.parent / "out.errors.jsonl").read_bytes() == (reference.parent / "out.errors.jsonl").read_bytes()
    assert not partial.exists()


def test_resume_after_a_torn_last_line(tmp_path, monkeypatch):
    """A kill in the middle of a write leaves half a line; resume drops it
    and keeps the lines before it."""
    source = tmp_path / "in.jsonl"
    _big_input(source, 20)
    reference = tmp_path / "ref.jsonl"
    run_extraction([str(source)], reference, report=quiet)
    out = tmp_path / "out.jsonl"
    real_extract = pipeline.extract

    def stop_at_twelve(nlp, doc_id, text, meta=None, **kwargs):
        if doc_id == "doc-0012":
            raise KeyboardInterrupt
        return real_extract(nlp, doc_id, text, meta, **kwargs)

    monkeypatch.setattr(pipeline, "extract", stop_at_twelve)
    with pytest.raises(RunStopped) as stopped:
        run_extraction([str(source)], out, report=quiet)
    assert stopped.value.exit_code == 130 and "12 documents are kept" in str(stopped.value)
    monkeypatch.setattr(pipeline, "extract", real_extract)
    partial = partial_path_for(out)
    data = partial.read_bytes()
    partial.write_bytes(data[: data.rindex(b"\n", 0, -1) + 40])  # the 12th line torn
    summary = run_extraction([str(source)], out, resume=True, report=quiet)
    assert out.read_bytes() == reference.read_bytes()
    assert (summary.documents, summary.kept, summary.extracted) == (20, 11, 9)


def test_resume_of_a_complete_run_recomputes_to_the_same_output(tmp_path):
    """A complete output has no provenance: nothing in it can be trusted, so
    --resume without a partial is a fresh run (and says so)."""
    out = tmp_path / "out.jsonl"
    run_extraction([str(CORPUS)], out, report=quiet)
    before = out.read_bytes()
    notes = []
    summary = run_extraction([str(CORPUS)], out, resume=True, report=notes.append)
    assert (summary.documents, summary.kept) == (3, 0)
    assert "note: no partial output of an interrupted run to resume: starting from the beginning" in notes
    assert out.read_bytes() == before
