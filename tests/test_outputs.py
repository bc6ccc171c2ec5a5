"""Writing outputs: never a half-written results file; resume is byte-identical."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from kzextract.inputs import InputDoc, InputProblem
from kzextract.outputs import (
    ErrorLog,
    OutputSink,
    dumps_line,
    errors_path_for,
    partial_path_for,
)
from kzextract.schema import DocRecord, MentionRecord

REPO = Path(__file__).resolve().parents[1]


def records(n: int) -> list[dict]:
    """Output lines as the pipeline makes them (with non-ASCII text)."""
    out = []
    for i in range(n):
        text = f"Саммит ШОС {i} in Astana"
        span = MentionRecord(id="m1", start=0, end=6, label="SUMMIT", text="Саммит")
        out.append(DocRecord(doc_id=f"d{i}", text=text, meta={"i": i}, spans=[span]).to_json_dict())
    return out


def uninterrupted(path: Path, recs: list[dict]) -> bytes:
    with OutputSink(path) as sink:
        for rec in recs:
            sink.write(rec)
        sink.commit()
    return path.read_bytes()


def resume_run(path: Path, recs: list[dict]) -> frozenset[str]:
    """What the caller does with --resume: skip done ids, write the rest in order."""
    with OutputSink(path, resume=True) as sink:
        done = sink.done_ids
        for rec in recs:
            if rec["doc_id"] not in done:
                sink.write(rec)
        sink.commit()
    return done


def test_dumps_line_is_compact_utf8_and_ordered():
    assert dumps_line({"b": 1, "a": ["é", None]}) == '{"b":1,"a":["é",null]}'
    with pytest.raises(ValueError):
        dumps_line({"x": float("nan")})


def test_errors_path_for():
    assert errors_path_for(Path("out/results.jsonl")) == Path("out/results.errors.jsonl")
    assert errors_path_for(Path("results")) == Path("results.errors.jsonl")
    assert partial_path_for(Path("out/results.jsonl")) == Path("out/results.jsonl.partial")


def test_commit_renames_partial_to_final(tmp_path):
    out = tmp_path / "new" / "results.jsonl"  # the directory is created
    with OutputSink(out) as sink:
        sink.write(records(1)[0])
        assert partial_path_for(out).exists() and not out.exists()
        sink.commit()
    assert not partial_path_for(out).exists()
    lines = out.read_bytes().decode("utf-8").splitlines()
    assert [json.loads(line)["doc_id"] for line in lines] == ["d0"]
    assert lines[0] == dumps_line(records(1)[0])


def test_each_line_is_flushed_as_written(tmp_path):
    out = tmp_path / "r.jsonl"
    with OutputSink(out) as sink:
        sink.write(records(1)[0])
        assert partial_path_for(out).read_bytes().endswith(b"\n")


def test_exception_leaves_partial_and_previous_final_untouched(tmp_path):
    out = tmp_path / "r.jsonl"
    out.write_bytes(b"previous complete run\n")
    with pytest.raises(RuntimeError):
        with OutputSink(out) as sink:
            sink.write(records(1)[0])
            raise RuntimeError("pipeline crashed")
    assert out.read_bytes() == b"previous complete run\n"
    assert partial_path_for(out).read_bytes() == dumps_line(records(1)[0]).encode() + b"\n"


def test_without_resume_a_stale_partial_is_overwritten(tmp_path):
    out = tmp_path / "r.jsonl"
    partial_path_for(out).write_bytes(b'{"doc_id":"old"}\n')
    with OutputSink(out) as sink:
        assert sink.done_ids == frozenset()
    assert partial_path_for(out).read_bytes() == b""


def test_resume_after_kill_truncates_half_line_and_matches_uninterrupted(tmp_path):
    recs = records(5)
    expected = uninterrupted(tmp_path / "full.jsonl", recs)
    out = tmp_path / "r.jsonl"
    lines = expected.split(b"\n")
    half = lines[2][: len(lines[2]) // 2]
    partial_path_for(out).write_bytes(lines[0] + b"\n" + lines[1] + b"\n" + half)

    with OutputSink(out, resume=True) as sink:
        assert sink.done_ids == {"d0", "d1"}
        assert partial_path_for(out).read_bytes() == lines[0] + b"\n" + lines[1] + b"\n"
        for rec in recs:
            if rec["doc_id"] not in sink.done_ids:
                sink.write(rec)
        sink.commit()
    assert out.read_bytes() == expected
    assert not partial_path_for(out).exists()


def test_resume_drops_a_complete_line_without_newline(tmp_path):
    recs = records(3)
    expected = uninterrupted(tmp_path / "full.jsonl", recs)
    out = tmp_path / "r.jsonl"
    partial_path_for(out).write_bytes(expected.split(b"\n")[0])  # killed before the newline
    assert resume_run(out, recs) == frozenset()
    assert out.read_bytes() == expected


def test_resume_keeps_only_the_prefix_before_a_corrupt_line(tmp_path):
    recs = records(4)
    expected = uninterrupted(tmp_path / "full.jsonl", recs)
    lines = expected.split(b"\n")
    out = tmp_path / "r.jsonl"
    partial_path_for(out).write_bytes(lines[0] + b"\n" + b"garbage\n" + lines[2] + b"\n")
    assert resume_run(out, recs) == {"d0"}
    assert out.read_bytes() == expected


def test_resume_from_a_complete_final_and_from_nothing(tmp_path):
    recs = records(3)
    expected = uninterrupted(tmp_path / "full.jsonl", recs)
    out = tmp_path / "r.jsonl"
    out.write_bytes(expected)
    assert resume_run(out, recs) == {"d0", "d1", "d2"}
    assert out.read_bytes() == expected

    fresh = tmp_path / "fresh.jsonl"
    assert resume_run(fresh, recs) == frozenset()
    assert fresh.read_bytes() == expected


def test_writing_a_done_id_again_is_refused(tmp_path):
    out = tmp_path / "r.jsonl"
    partial_path_for(out).write_bytes(dumps_line(records(1)[0]).encode() + b"\n")
    with OutputSink(out, resume=True) as sink:
        with pytest.raises(ValueError, match="d0"):
            sink.write(records(1)[0])


def test_stdout_mode_writes_utf8_lines(capsysbinary):
    recs = records(2)
    with OutputSink(None) as sink:
        for rec in recs:
            sink.write(rec)
        sink.commit()
    expected = "".join(dumps_line(r) + "\n" for r in recs).encode("utf-8")
    assert capsysbinary.readouterr().out == expected


def test_stdout_mode_with_a_text_stream():
    stream = io.StringIO()
    with OutputSink(None, stdout=stream) as sink:
        sink.write({"doc_id": "a", "meta": {}, "spans": []})
        sink.commit()
    assert stream.getvalue() == '{"doc_id":"a","meta":{},"spans":[]}\n'


def test_resume_without_a_path_is_refused():
    with pytest.raises(ValueError):
        OutputSink(None, resume=True)


# --- errors file -----------------------------------------------------------------


def problem(doc_id: str, skipped: bool) -> InputProblem:
    return InputProblem("in.jsonl", 3, doc_id, "bad", skipped)


def test_error_log_writes_problems_and_counts(tmp_path):
    path = errors_path_for(tmp_path / "r.jsonl")
    with ErrorLog(path) as log:
        log.add(problem("a", True))
        log.add(problem("b", False))
        doc = InputDoc("c", "text", {}, "in.jsonl", 4)
        failure = log.add_failure(doc, "pipeline error: boom")
        assert not path.exists()
        log.commit()
    assert (log.skipped, log.warnings, log.total) == (2, 1, 3)
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert rows[0] == {
        "source": "in.jsonl", "line": 3, "doc_id": "a", "reason": "bad", "skipped": True
    }
    assert rows[2] == failure.to_json_dict() == {
        "source": "in.jsonl",
        "line": 4,
        "doc_id": "c",
        "reason": "pipeline error: boom",
        "skipped": True,
    }


def test_error_log_is_rewritten_and_removed_when_clean(tmp_path):
    path = errors_path_for(tmp_path / "r.jsonl")
    path.write_text('{"stale": true}\n', encoding="utf-8")
    partial_path_for(path).write_text('{"stale partial": true}\n', encoding="utf-8")
    with ErrorLog(path) as log:
        log.add(problem("a", True))
        log.commit()
    rows = path.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["doc_id"] for line in rows] == ["a"]

    partial_path_for(path).write_text('{"stale partial": true}\n', encoding="utf-8")
    with ErrorLog(path) as log:
        log.commit()
    assert not path.exists() and not partial_path_for(path).exists()


def test_error_log_interrupted_keeps_the_previous_file(tmp_path):
    path = errors_path_for(tmp_path / "r.jsonl")
    path.write_text('{"previous": true}\n', encoding="utf-8")
    with pytest.raises(KeyboardInterrupt):
        with ErrorLog(path) as log:
            log.add(problem("a", True))
            raise KeyboardInterrupt
    assert path.read_text(encoding="utf-8") == '{"previous": true}\n'


def test_error_log_without_path_only_counts(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with ErrorLog(None) as log:
        log.add(problem("a", False))
        log.commit()
    assert (log.skipped, log.warnings) == (0, 1)
    assert list(tmp_path.iterdir()) == []


# --- a real process, killed part-way ------------------------------------------------

WRITER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from kzextract.outputs import OutputSink

    out, resume, delay = Path(sys.argv[1]), sys.argv[2] == "resume", float(sys.argv[3])
    records = [
        {"doc_id": f"d{i}", "text": "Астана " * (i + 1), "meta": {"i": i}, "spans": []}
        for i in range(40)
    ]
    with OutputSink(out, resume=resume) as sink:
        for record in records:
            if record["doc_id"] in sink.done_ids:
                continue
            sink.write(record)
            print(record["doc_id"], flush=True)
            time.sleep(delay)
        sink.commit()
    """
)


def run_writer(script: Path, out: Path, *args: str) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.Popen(
        [sys.executable, str(script), str(out), *args], stdout=subprocess.PIPE, text=True, env=env
    )


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_sigkill_then_resume_equals_uninterrupted_run(tmp_path):
    script = tmp_path / "writer.py"
    script.write_text(WRITER, encoding="utf-8")

    full = tmp_path / "full.jsonl"
    first = run_writer(script, full, "fresh", "0")
    first.communicate(timeout=60)
    assert first.returncode == 0

    out = tmp_path / "killed.jsonl"
    proc = run_writer(script, out, "fresh", "0.05")
    assert proc.stdout is not None
    for _ in range(5):
        proc.stdout.readline()
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=60)
    proc.stdout.close()
    assert proc.returncode == -signal.SIGKILL
    assert not out.exists() and partial_path_for(out).exists()

    resumed = run_writer(script, out, "resume", "0")
    written, _ = resumed.communicate(timeout=60)
    assert resumed.returncode == 0
    assert 0 < len(written.split()) <= 35  # the done ids were not written again
    assert out.read_bytes() == full.read_bytes()
    assert not partial_path_for(out).exists()
