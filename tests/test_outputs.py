"""Writing outputs: never a half-written results file; resume is byte-identical."""

from __future__ import annotations

import io
import json
import os
import signal
import stat
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

from kzextract.inputs import InputDoc, InputProblem
from kzextract.outputs import (
    ErrorLog,
    OutputError,
    OutputSink,
    dumps_line,
    errors_path_for,
    partial_path_for,
    resolve_target,
)
from kzextract.schema import DocRecord, MentionRecord

try:
    import fcntl
except ImportError:  # pragma: no cover
    fcntl = None

REPO = Path(__file__).resolve().parents[1]


def records(n: int) -> list[dict]:
    """Output lines as the pipeline makes them (with non-ASCII text)."""
    out = []
    for i in range(n):
        text = f"Саммит ШОС {i} in Astana"
        span = MentionRecord(id="m1", start=0, end=6, label="SUMMIT", text="Саммит")
        out.append(DocRecord(doc_id=f"d{i}", text=text, meta={"i": i}, spans=[span]).to_json_dict())
    return out


STAMP = {"rules": "r1", "version": "test", "options": {}}


def doc_of(rec: dict) -> InputDoc:
    """The input document a record was computed from."""
    return InputDoc(rec["doc_id"], rec.get("text", ""), rec["meta"], "in.jsonl", int(rec["doc_id"][1:]) + 1)


def write_all(sink: OutputSink, recs: list[dict]) -> list[str]:
    """What batch does: claim each document in input order, write what is not kept.
    Returns how each was handled: kept, copied or computed."""
    how = []
    for rec in recs:
        prov = sink.provenance(doc_of(rec))
        claim = sink.claim(prov)
        if claim is OutputSink.KEPT:
            how.append("kept")
            continue
        how.append("copied" if claim is not None else "computed")
        sink.write_line(claim if claim is not None else dumps_line(rec), prov)
    return how


def uninterrupted(path: Path, recs: list[dict]) -> bytes:
    with OutputSink(path, stamp=STAMP) as sink:
        write_all(sink, recs)
        sink.commit()
    return path.read_bytes()


def resume_run(path: Path, recs: list[dict], stamp: dict = STAMP) -> list[str]:
    with OutputSink(path, resume=True, stamp=stamp) as sink:
        how = write_all(sink, recs)
        sink.commit()
    return how


def interrupted(path: Path, recs: list[dict], stamp: dict = STAMP) -> None:
    """A run killed after writing `recs`: the partial and its provenance stay."""
    with pytest.raises(KeyboardInterrupt):
        with OutputSink(path, stamp=stamp) as sink:
            write_all(sink, recs)
            raise KeyboardInterrupt


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
    with OutputSink(out, stamp=STAMP) as sink:
        write_all(sink, records(1))
        assert partial_path_for(out).exists() and not out.exists()
        sink.commit()
    assert sorted(p.name for p in out.parent.iterdir()) == ["results.jsonl"]  # no partial, provenance or stash
    lines = out.read_bytes().decode("utf-8").splitlines()
    assert [json.loads(line)["doc_id"] for line in lines] == ["d0"]
    assert lines[0] == dumps_line(records(1)[0])


def test_each_line_is_flushed_as_written(tmp_path):
    out = tmp_path / "r.jsonl"
    with OutputSink(out, stamp=STAMP) as sink:
        write_all(sink, records(1))
        assert partial_path_for(out).read_bytes().endswith(b"\n")


def test_exception_leaves_partial_and_previous_final_untouched(tmp_path):
    out = tmp_path / "r.jsonl"
    out.write_bytes(b"previous complete run\n")
    with pytest.raises(RuntimeError):
        with OutputSink(out, stamp=STAMP) as sink:
            write_all(sink, records(1))
            raise RuntimeError("pipeline crashed")
    assert out.read_bytes() == b"previous complete run\n"
    assert partial_path_for(out).read_bytes() == dumps_line(records(1)[0]).encode() + b"\n"


def test_a_run_that_fails_before_writing_leaves_nothing(tmp_path):
    out = tmp_path / "r.jsonl"
    with pytest.raises(RuntimeError):
        with OutputSink(out, stamp=STAMP):
            raise RuntimeError("bad rules")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "other",
    [
        ("b", "text", {}),  # another id
        ("a", "text ", {}),  # another text
        ("a", "text", {"published": "2023"}),  # other meta
        ("a", "", {"x": "text"}),  # the same characters moved from the text into the meta
        ("a\x00", "text", {}),  # a NUL in the id cannot pose as the separator (JSON escapes it)
    ],
)
def test_the_record_digest_changes_with_id_text_and_meta(other):
    """What resume compares: a record whose id, text or meta changed never
    keeps its old line."""
    from kzextract.resume import record_digest

    assert record_digest("a", "text", {}) == record_digest("a", "text", {})
    assert record_digest(*other) != record_digest("a", "text", {})
    assert record_digest("a", "x\ud800", {}) != record_digest("a", "x\ufffd", {})  # a lone surrogate is its own bytes


def test_without_resume_a_stale_partial_is_replaced(tmp_path):
    out = tmp_path / "r.jsonl"
    partial_path_for(out).write_bytes(b'{"doc_id":"old"}\n')
    with OutputSink(out, stamp=STAMP) as sink:
        assert write_all(sink, records(1)) == ["computed"]
        assert partial_path_for(out).read_bytes() == dumps_line(records(1)[0]).encode() + b"\n"


def test_resume_after_kill_truncates_half_line_and_matches_uninterrupted(tmp_path):
    recs = records(5)
    expected = uninterrupted(tmp_path / "full.jsonl", recs)
    out = tmp_path / "r.jsonl"
    interrupted(out, recs[:3])
    partial = partial_path_for(out)
    lines = expected.split(b"\n")
    partial.write_bytes(partial.read_bytes()[: -len(lines[2]) // 2])  # killed in the middle of a write

    with OutputSink(out, resume=True, stamp=STAMP) as sink:
        assert partial.read_bytes() == lines[0] + b"\n" + lines[1] + b"\n"
        assert write_all(sink, recs) == ["kept", "kept", "computed", "computed", "computed"]
        sink.commit()
    assert out.read_bytes() == expected
    assert sorted(p.name for p in tmp_path.iterdir()) == ["full.jsonl", "r.jsonl"]


def test_resume_drops_a_complete_line_without_newline(tmp_path):
    recs = records(3)
    expected = uninterrupted(tmp_path / "full.jsonl", recs)
    out = tmp_path / "r.jsonl"
    interrupted(out, recs[:1])
    partial_path_for(out).write_bytes(expected.split(b"\n")[0])  # killed before the newline
    assert resume_run(out, recs) == ["computed"] * 3
    assert out.read_bytes() == expected


def test_resume_recomputes_a_corrupt_line_and_keeps_the_good_ones_after_it(tmp_path):
    recs = records(4)
    expected = uninterrupted(tmp_path / "full.jsonl", recs)
    lines = expected.split(b"\n")
    out = tmp_path / "r.jsonl"
    interrupted(out, recs[:3])
    partial = partial_path_for(out)
    partial.write_bytes(lines[0] + b"\n" + b"garbage\n" + lines[2] + b"\n")
    assert resume_run(out, recs) == ["kept", "computed", "copied", "computed"]
    assert out.read_bytes() == expected


def test_resume_recomputes_a_line_that_does_not_validate(tmp_path):
    """Issue 14, item 4: {"doc_id":"d1","spans":"x"} reached the final file."""
    recs = records(3)
    expected = uninterrupted(tmp_path / "full.jsonl", recs)
    out = tmp_path / "r.jsonl"
    interrupted(out, recs)
    partial = partial_path_for(out)
    lines = partial.read_bytes().split(b"\n")
    lines[1] = b'{"doc_id":"d1","spans":"x"}'
    partial.write_bytes(b"\n".join(lines))
    assert resume_run(out, recs) == ["kept", "computed", "copied"]
    assert out.read_bytes() == expected


def test_resume_recomputes_a_line_whose_provenance_was_forged(tmp_path):
    recs = records(2)
    expected = uninterrupted(tmp_path / "full.jsonl", recs)
    out = tmp_path / "r.jsonl"
    interrupted(out, recs)
    partial = partial_path_for(out)
    # A valid line for d0, but not the one that was computed (its hash differs).
    forged = dict(recs[0], spans=[])
    partial.write_bytes(dumps_line(forged).encode() + b"\n" + partial.read_bytes().split(b"\n", 1)[1])
    assert resume_run(out, recs) == ["computed", "copied"]
    assert out.read_bytes() == expected


def test_resume_with_changed_input_equals_a_fresh_run(tmp_path):
    """Issue 14, item 4: an edited record, a deleted one and an added one."""
    old = records(6)
    out = tmp_path / "r.jsonl"
    interrupted(out, old[:5])
    new = [dict(r) for r in old]
    new[1] = dict(new[1], meta={"i": 1, "edited": True})  # edited
    del new[3]  # deleted
    new.insert(4, dict(records(9)[8]))  # added (d8)
    expected = uninterrupted(tmp_path / "fresh.jsonl", new)
    how = resume_run(out, new)
    assert how == ["kept", "computed", "copied", "copied", "computed", "computed"]
    assert out.read_bytes() == expected
    assert b'"d3"' not in out.read_bytes()


@pytest.mark.parametrize("change", [{"rules": "r2"}, {"version": "other"}, {"options": {"include_text": True}}])
def test_resume_with_other_rules_version_or_options_recomputes_everything(tmp_path, change):
    recs = records(3)
    out = tmp_path / "r.jsonl"
    interrupted(out, recs[:2])
    assert resume_run(out, recs, stamp={**STAMP, **change}) == ["computed"] * 3


def test_resume_from_the_same_input_at_another_path_recomputes(tmp_path):
    recs = records(2)
    out = tmp_path / "r.jsonl"
    interrupted(out, recs)
    with OutputSink(out, resume=True, stamp=STAMP) as sink:
        moved = InputDoc("d0", recs[0]["text"], recs[0]["meta"], "elsewhere.jsonl", 1)
        assert sink.claim(sink.provenance(moved)) is None


def test_resume_killed_again_after_a_divergence_loses_nothing(tmp_path):
    recs = records(6)
    expected = uninterrupted(tmp_path / "full.jsonl", recs)
    out = tmp_path / "r.jsonl"
    interrupted(out, [recs[0], recs[2], recs[3], recs[4]])  # d1 is missing: the rest goes to the stash
    with pytest.raises(KeyboardInterrupt):
        with OutputSink(out, resume=True, stamp=STAMP) as sink:
            assert write_all(sink, recs[:2]) == ["kept", "computed"]
            raise KeyboardInterrupt
    assert resume_run(out, recs) == ["kept", "kept", "copied", "copied", "copied", "computed"]
    assert out.read_bytes() == expected
    assert sorted(p.name for p in tmp_path.iterdir()) == ["full.jsonl", "r.jsonl"]


def test_resume_without_a_partial_starts_from_the_beginning(tmp_path):
    """A complete output holds no provenance, so nothing in it can be trusted."""
    recs = records(3)
    expected = uninterrupted(tmp_path / "full.jsonl", recs)
    out = tmp_path / "r.jsonl"
    out.write_bytes(expected)
    with OutputSink(out, resume=True, stamp=STAMP) as sink:
        assert sink.note and "starting from the beginning" in sink.note
        assert write_all(sink, recs) == ["computed"] * 3
        sink.commit()
    assert out.read_bytes() == expected


def test_the_final_output_holds_no_provenance(tmp_path):
    out = tmp_path / "r.jsonl"
    uninterrupted(out, records(2))
    for line in out.read_bytes().splitlines():
        DocRecord.model_validate_json(line)  # extra="forbid": nothing but the record
        assert b"sha256" not in line


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


# --- what -o names (issue 14, item 2) ----------------------------------------------


@pytest.mark.parametrize("name", ["-", "/dev/stdout"])
def test_dash_and_dev_stdout_are_standard_output(name):
    assert resolve_target(name).kind == "stdout"


def test_a_character_device_is_written_through_and_kept(tmp_path):
    target = resolve_target("/dev/null")
    assert target.kind == "stream" and target.errors_path is None and target.files() == [Path("/dev/null")]
    before = os.stat("/dev/null")
    with OutputSink(target) as sink:
        sink.write(records(1)[0])
        sink.commit()
    after = os.lstat("/dev/null")
    assert stat.S_ISCHR(after.st_mode) and after.st_rdev == before.st_rdev


def test_a_fifo_is_written_through(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    with OutputSink(fifo) as sink:
        sink.write(records(1)[0])
        sink.commit()
    reader.join(timeout=30)
    assert got == [dumps_line(records(1)[0]).encode() + b"\n"]
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode) and sorted(p.name for p in tmp_path.iterdir()) == ["pipe"]


def test_a_symlink_is_written_through_to_its_target(tmp_path):
    real = tmp_path / "data" / "real.jsonl"
    real.parent.mkdir()
    real.write_bytes(b"old\n")
    link = tmp_path / "link.jsonl"
    link.symlink_to(real)
    target = resolve_target(link)
    assert target.path == real and target.errors_path == tmp_path / "link.errors.jsonl"
    expected = uninterrupted(tmp_path / "full.jsonl", records(2))
    with OutputSink(target, stamp=STAMP) as sink:
        write_all(sink, records(2))
        sink.commit()
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_bytes() == expected
    assert sorted(p.name for p in real.parent.iterdir()) == ["real.jsonl"]


def test_a_dangling_symlink_creates_its_target(tmp_path):
    link = tmp_path / "link.jsonl"
    link.symlink_to(tmp_path / "new.jsonl")
    uninterrupted(link, records(1))
    assert link.is_symlink() and (tmp_path / "new.jsonl").read_bytes().count(b"\n") == 1


def test_a_directory_is_refused():
    with pytest.raises(OutputError, match="is a directory"):
        resolve_target("/tmp")


# --- one run per output (issue 14, item 3) -------------------------------------------


@pytest.mark.skipif(fcntl is None, reason="needs fcntl locks")
def test_a_second_sink_on_the_same_output_fails_at_once(tmp_path):
    out = tmp_path / "r.jsonl"
    with OutputSink(out, stamp=STAMP) as first:
        write_all(first, records(1))
        with pytest.raises(OutputError, match="another kzextract run is writing this output"):
            OutputSink(out, stamp=STAMP)
        link = tmp_path / "link.jsonl"
        link.symlink_to(out)
        with pytest.raises(OutputError):  # the same output under another name
            OutputSink(link, resume=True, stamp=STAMP)
        first.commit()
    # Once the first run is done, the output is free again.
    with OutputSink(out, resume=True, stamp=STAMP) as again:
        again.commit()


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

    from kzextract.inputs import InputDoc

    out, resume, delay = Path(sys.argv[1]), sys.argv[2] == "resume", float(sys.argv[3])
    records = [
        {"doc_id": f"d{i}", "text": "Астана " * (i + 1), "meta": {"i": i}, "spans": []}
        for i in range(40)
    ]
    with OutputSink(out, resume=resume, stamp={"rules": "r", "version": "v", "options": {}}) as sink:
        for i, record in enumerate(records):
            prov = sink.provenance(InputDoc(record["doc_id"], record["text"], record["meta"], "in.jsonl", i + 1))
            if sink.claim(prov) is OutputSink.KEPT:
                continue
            sink.write(record, prov)
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
