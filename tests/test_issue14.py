"""Issue 14 (hostile and careless input): each numbered item's probe, run as
the probe ran it, with the expected behaviour and exit code. Item 6 is in
test_linear_time.py and item 12 in test_web_artefacts.py; item 7 (long
documents) is not part of this work."""

from __future__ import annotations

import gzip
import json
import os
import resource
import shutil
import signal
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kzextract.batch import cpu_count, resolve_workers
from kzextract.cli import app
from kzextract.outputs import partial_path_for
from kzextract.rule_schema import rules_dir
from interrupt import interrupted_run

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "corpus"
SEEDS = REPO / "gold" / "seeds.jsonl"
ENV = {**os.environ, "PYTHONPATH": str(REPO)}
KZ = [sys.executable, "-m", "kzextract"]


def run(*args: str, input: bytes | None = None):
    return CliRunner().invoke(app, [str(a) for a in args], input=input, catch_exceptions=False)


def kz(*args, timeout: float = 300, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([*KZ, *map(str, args)], capture_output=True, timeout=timeout, env=ENV, **kwargs)


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_bytes().split(b"\n") if line.strip()]


def write_docs(path: Path, docs: list[tuple[str, str]]) -> Path:
    path.write_text("".join(json.dumps({"id": i, "text": t}) + "\n" for i, t in docs), encoding="utf-8")
    return path


def many_docs(n: int, words: int = 300) -> list[tuple[str, str]]:
    paragraphs = [p for p in (CORPUS / "esr-2024-kazakhstan-security.txt").read_text(encoding="utf-8").split("\n\n") if len(p) > 200]
    out = []
    for i in range(n):
        text = " ".join(" ".join(paragraphs[(i + k) % len(paragraphs)] for k in range(3)).split()[:words])
        out.append((f"d{i:03d}", text))
    return out


def wait_for_lines(path: Path, n: int, process: subprocess.Popen, timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    while not path.exists() or path.read_bytes().count(b"\n") < n:
        assert process.poll() is None, "the run ended before it could be interrupted"
        assert time.monotonic() < deadline, "the run wrote too slowly"
        time.sleep(0.02)


# ------------------------------------------------------------------ item 1


@pytest.mark.parametrize("name", ["a.txt", "same.jsonl"])
def test_item01_output_equal_to_an_input_is_refused_before_writing(tmp_path, name):
    source = tmp_path / name
    source.write_text('{"id": "x", "text": "The SCO."}\n' if name.endswith(".jsonl") else "The SCO met.", encoding="utf-8")
    before = source.read_bytes()
    result = run("extract", source, "-o", source)
    assert result.exit_code == 1
    assert "is also an output of this run" in result.stderr and "refusing to overwrite an input" in result.stderr
    assert source.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]  # no partial, no errors file


def test_item01_through_a_symlink_a_hard_link_or_the_errors_file(tmp_path):
    source = tmp_path / "a.txt"
    source.write_text("The SCO met.", encoding="utf-8")
    (tmp_path / "link.jsonl").symlink_to(source)
    os.link(source, tmp_path / "hard.jsonl")
    (tmp_path / "x.errors.jsonl").write_text('{"id": "e", "text": "NATO"}\n', encoding="utf-8")
    for args in (
        [source, "-o", tmp_path / "link.jsonl"],  # the output resolves to the input
        [tmp_path / "link.jsonl", "-o", source],
        [source, "-o", tmp_path / "hard.jsonl"],  # the same inode
        [tmp_path / "x.errors.jsonl", "-o", tmp_path / "x.jsonl"],  # the errors file would replace it
    ):
        result = run("extract", *args)
        assert result.exit_code == 1, args
        assert "refusing to overwrite an input" in result.stderr
    assert source.read_text(encoding="utf-8") == "The SCO met."
    assert not (tmp_path / "x.jsonl").exists()


# ------------------------------------------------------------------ item 2


def test_item02_dev_null_as_root_stays_a_device():
    before = os.stat("/dev/null")
    result = kz("extract", CORPUS / "cica-chairmanship-2023.txt", "-o", "/dev/null", "--quiet")
    assert result.returncode == 0, result.stderr
    after = os.lstat("/dev/null")
    assert stat.S_ISCHR(after.st_mode) and after.st_rdev == before.st_rdev
    assert not Path("/dev/null.errors.jsonl").exists() and not Path("/dev/null.partial").exists()


def _nobody() -> list[str] | None:
    if os.geteuid() != 0 or shutil.which("setpriv") is None:
        return None
    return ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]


def _others_can_enter(path: Path) -> bool:
    """Whether another user can reach `path` (the checkout and its .venv):
    not so below a directory of mode 0700, such as one from `mktemp -d`."""
    return all(os.stat(p).st_mode & stat.S_IXOTH for p in [path, *path.parents])


@pytest.mark.skipif(_nobody() is None, reason="needs root and setpriv to run as another user")
@pytest.mark.skipif(
    not _others_can_enter(Path(sys.executable).parent), reason="the checkout is in a directory other users cannot enter"
)
def test_item02_dev_null_as_a_normal_user():
    # It failed: a normal user cannot create /dev/null.partial.
    result = subprocess.run(
        [*_nobody(), *KZ, "extract", "-", "-o", "/dev/null", "--quiet"],
        input=b'{"id": "a", "text": "The SCO met in Astana."}\n',
        capture_output=True, timeout=300, env={**ENV, "HOME": "/"}, cwd="/",
    )
    assert result.returncode == 0, result.stderr.decode()
    assert stat.S_ISCHR(os.lstat("/dev/null").st_mode)


@pytest.mark.parametrize("name", ["/dev/stdout", "-"])
def test_item02_dev_stdout_and_dash_write_to_standard_output(tmp_path, name):
    result = kz("extract", CORPUS / "cica-chairmanship-2023.txt", "-o", name, "--quiet", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    (record,) = [json.loads(line) for line in result.stdout.splitlines()]
    assert record["doc_id"] == "cica-chairmanship-2023" and record["spans"]
    assert list(tmp_path.iterdir()) == []


def test_item02_a_fifo_is_written_through(tmp_path):
    fifo = tmp_path / "out.fifo"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    result = kz("extract", CORPUS / "cica-chairmanship-2023.txt", "-o", fifo, "--quiet")
    reader.join(timeout=60)
    assert result.returncode == 0, result.stderr
    assert json.loads(got[0])["doc_id"] == "cica-chairmanship-2023"
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_item02_a_symlink_is_written_through_to_its_target(tmp_path):
    real = tmp_path / "store" / "real.jsonl"
    real.parent.mkdir()
    real.write_text("old\n", encoding="utf-8")
    link = tmp_path / "out.jsonl"
    link.symlink_to(real)
    result = run("extract", CORPUS / "cica-chairmanship-2023.txt", "-o", link)
    assert result.exit_code == 0, result.stderr
    assert link.is_symlink() and link.resolve() == real
    assert [r["doc_id"] for r in read_jsonl(real)] == ["cica-chairmanship-2023"]


# ------------------------------------------------------------------ item 3


def test_item03_a_second_run_on_the_same_output_fails_at_once(tmp_path):
    # The first run reads a FIFO, so it is still running, whatever the machine's speed.
    fifo = tmp_path / "in.jsonl"
    os.mkfifo(fifo)
    docs = many_docs(40, 50)
    lines = [json.dumps({"id": i, "text": t}) + "\n" for i, t in docs]
    out = tmp_path / "c.jsonl"
    first = subprocess.Popen([*KZ, "extract", str(fifo), "-o", str(out), "--quiet"], env=ENV, stderr=subprocess.PIPE)
    try:
        with open(fifo, "w", encoding="utf-8") as writer:
            writer.writelines(lines[:5])
            writer.flush()
            wait_for_lines(partial_path_for(out), 5, first)
            started = time.monotonic()
            other = write_docs(tmp_path / "other.jsonl", many_docs(3))
            second = kz("extract", other, "-o", out)
            assert second.returncode == 1
            assert b"another kzextract run is writing this output" in second.stderr
            assert time.monotonic() - started < 60  # at once: before any extraction
            writer.writelines(lines[5:])
        _, stderr = first.communicate(timeout=300)
    finally:
        if first.poll() is None:
            first.kill()
            first.communicate()
    assert first.returncode == 0, stderr
    assert [r["doc_id"] for r in read_jsonl(out)] == [i for i, _ in docs]  # its own records, once each


# ------------------------------------------------------------------ item 4


def test_item04_resume_with_an_edited_a_deleted_and_an_added_record_equals_a_fresh_run(tmp_path):
    docs = many_docs(120)
    source = write_docs(tmp_path / "in.jsonl", docs)
    out = tmp_path / "out.jsonl"
    process = subprocess.Popen([*KZ, "extract", str(source), "-o", str(out), "--quiet"], env=ENV)
    try:
        wait_for_lines(partial_path_for(out), 60, process)
        process.send_signal(signal.SIGKILL)
    finally:
        process.wait(timeout=60)
    changed = list(docs)
    changed[5] = ("d005", "The Collective Security Treaty Organization met in Astana in 2024.")  # edited
    del changed[10]  # deleted
    changed.insert(20, ("new", "The Shanghai Cooperation Organisation met in Tianjin."))  # added
    write_docs(source, changed)
    # A line that does not validate, as the probe put there.
    partial = partial_path_for(out)
    partial.write_bytes(partial.read_bytes() + b'{"doc_id":"d301","spans":"x"}\n')

    resumed = kz("extract", source, "-o", out, "--resume", timeout=600)
    assert resumed.returncode == 0, resumed.stderr
    fresh = tmp_path / "fresh.jsonl"
    assert kz("extract", source, "-o", fresh, "--quiet", timeout=600).returncode == 0
    assert out.read_bytes() == fresh.read_bytes()
    ids = [r["doc_id"] for r in read_jsonl(out)]
    assert "d010" not in ids and "d301" not in ids and "new" in ids
    edited = next(r for r in read_jsonl(out) if r["doc_id"] == "d005")
    assert [s["norm"] for s in edited["spans"] if s["label"] == "ORG"] == ["CSTO"]
    assert b"kept from the partial output" in resumed.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fresh.jsonl", "in.jsonl", "out.jsonl"]


def test_item04_resume_with_other_rules_recomputes(tmp_path, monkeypatch):
    source = write_docs(tmp_path / "in.jsonl", many_docs(3))
    out = tmp_path / "out.jsonl"
    interrupted_run(monkeypatch, source, out, stop_at="d002")
    assert partial_path_for(out).read_bytes().count(b"\n") == 2
    rules = tmp_path / "rules"
    shutil.copytree(rules_dir(), rules)
    with (rules / "orgs.jsonl").open("a", encoding="utf-8") as fh:
        fh.write(json.dumps({"id": "NEW-ORG", "name": "New Organization of Somewhere"}) + "\n")
    result = run("extract", source, "-o", out, "--resume", "--rules", rules)
    assert result.exit_code == 0, result.stderr
    assert "(0 kept from the partial output, 3 extracted)" in result.stderr
    same_rules = tmp_path / "again.jsonl"
    interrupted_run(monkeypatch, source, same_rules, stop_at="d002")
    assert "(2 kept from the partial output, 1 extracted)" in run("extract", source, "-o", same_rules, "--resume").stderr


# ------------------------------------------------------------------ item 5


def test_item05_the_output_inside_an_input_directory_is_not_read_back(tmp_path):
    indir = tmp_path / "indir"
    indir.mkdir()
    (indir / "a.txt").write_text("The SCO summit in Astana.", encoding="utf-8")
    (indir / "b.jsonl").write_text('{"id": "b", "text": "NATO"}\n{"id": "c"}\n', encoding="utf-8")
    out = indir / "out.jsonl"
    first = run("extract", indir, "-o", out)
    assert first.exit_code == 3  # c has no text: out.errors.jsonl is written into indir too
    second = run("extract", indir, "-o", out)
    assert second.exit_code == 3
    assert [r["doc_id"] for r in read_jsonl(out)] == ["a", "b"]
    assert [e["doc_id"] for e in read_jsonl(indir / "out.errors.jsonl")] == ["c"]


# ------------------------------------------------------------------ item 8


def test_item08_a_record_without_end_is_skipped_in_bounded_memory(tmp_path):
    """`kzextract extract - < /dev/zero` grew to gigabytes: 100 MB of zeros
    (then one record) is one skip over the 64 MiB limit, and the run goes on."""
    probe = (
        "import resource, subprocess, sys\n"
        "zeros = subprocess.Popen(['head', '-c', '100000000', '/dev/zero'], stdout=subprocess.PIPE)\n"
        "cat = subprocess.Popen(['sh', '-c', 'cat; printf \"\\\\n{\\\\\"id\\\\\": \\\\\"after\\\\\", \\\\\"text\\\\\": \\\\\"NATO\\\\\"}\\\\n\"'],"
        " stdin=zeros.stdout, stdout=subprocess.PIPE)\n"
        f"kz = subprocess.run({KZ + ['extract', '-', '-o', str(tmp_path / 'out.jsonl')]!r}, stdin=cat.stdout, capture_output=True)\n"
        "print(kz.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024)\n"
        "sys.stderr.write(kz.stderr.decode())\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=600, env=ENV)
    code, peak_mb = map(int, result.stdout.split())
    assert code == 3, result.stderr
    assert peak_mb < 500, f"peak RSS {peak_mb} MB"
    (error,) = read_jsonl(tmp_path / "out.errors.jsonl")
    assert error["line"] == 1 and error["skipped"]
    assert error["reason"].startswith("record larger than the limit of 64 MiB (--max-record-bytes)")
    assert [r["doc_id"] for r in read_jsonl(tmp_path / "out.jsonl")] == ["after"]


def test_item08_max_record_bytes_option_for_lines_and_files(tmp_path):
    (tmp_path / "big.txt").write_text("The SCO met. " * 1000, encoding="utf-8")
    (tmp_path / "small.txt").write_text("NATO", encoding="utf-8")
    (tmp_path / "lines.jsonl").write_text(
        json.dumps({"id": "long", "text": "x" * 5000}) + "\n" + json.dumps({"id": "short", "text": "OSCE"}) + "\n",
        encoding="utf-8",
    )
    out = tmp_path / "out" / "r.jsonl"
    result = run("extract", tmp_path, "-o", out, "--max-record-bytes", "4096")
    assert result.exit_code == 3
    assert [r["doc_id"] for r in read_jsonl(out)] == ["short", "small"]
    reasons = {e["doc_id"] or e["line"]: e["reason"] for e in read_jsonl(out.parent / "r.errors.jsonl")}
    assert reasons == {
        "big": "file larger than the limit of 4 KiB (--max-record-bytes)",
        1: "record larger than the limit of 4 KiB (--max-record-bytes): 5,027 bytes",
    }


# ------------------------------------------------------------------ item 9


def test_item09_a_fifo_input_is_read_once_as_a_stream(tmp_path):
    fifo = tmp_path / "in.jsonl"
    os.mkfifo(fifo)
    data = b'{"id": "f1", "text": "The SCO met."}\n{"id": "f2", "text": "NATO"}\n'
    writer = threading.Thread(target=lambda: fifo.write_bytes(data))
    writer.start()
    result = kz("extract", fifo, "--quiet", timeout=120)
    writer.join(timeout=30)
    assert result.returncode == 0, result.stderr
    assert [json.loads(line)["doc_id"] for line in result.stdout.splitlines()] == ["f1", "f2"]


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash for <(…)")
def test_item09_process_substitution(tmp_path):
    gz = tmp_path / "x.jsonl.gz"
    gz.write_bytes(gzip.compress(b'{"id": "p1", "text": "The OSCE met."}\n'))
    script = f"{' '.join(map(str, KZ))} extract <(zcat {gz}) --quiet"
    result = subprocess.run(["bash", "-c", script], capture_output=True, timeout=120, env=ENV)
    assert result.returncode == 0, result.stderr
    (record,) = [json.loads(line) for line in result.stdout.splitlines()]
    assert record["doc_id"] == "p1" and [s["norm"] for s in record["spans"]] == ["OSCE"]


def test_item09_a_fifo_inside_a_directory_is_a_skip_not_a_hang(tmp_path):
    (tmp_path / "a.txt").write_text("NATO", encoding="utf-8")
    os.mkfifo(tmp_path / "b.jsonl")
    out = tmp_path / "out" / "r.jsonl"
    result = run("extract", tmp_path, "-o", out)
    assert result.exit_code == 3
    (error,) = read_jsonl(out.parent / "r.errors.jsonl")
    assert error["source"] == str(tmp_path / "b.jsonl") and "FIFO" in error["reason"]


# ------------------------------------------------------------------ item 10


def test_item10_workers_are_capped_at_the_cpu_count(tmp_path):
    assert resolve_workers(999) == cpu_count() and resolve_workers(0) == cpu_count()
    out = tmp_path / "out.jsonl"
    result = run("extract", CORPUS, "--workers", "999", "-o", out)
    assert result.exit_code == 0
    assert f"note: --workers 999 is more than the {cpu_count()} CPUs here; using {cpu_count()}" in result.stderr
    assert out.read_bytes() == kz("extract", CORPUS, "--quiet").stdout


# ------------------------------------------------------------------ item 11


@pytest.fixture
def rules_copy(tmp_path) -> Path:
    target = tmp_path / "rules"
    shutil.copytree(rules_dir(), target)
    return target


def _add_pattern(rules: Path, pattern: list) -> int:
    path = rules / "org_patterns.jsonl"
    with path.open("a", encoding="utf-8") as fh:
        fh.write(json.dumps({"label": "ORG", "pattern": pattern, "id": "hostile"}) + "\n")
    return len(path.read_text(encoding="utf-8").splitlines())


def test_item11_an_exponential_regex_is_refused_at_load_time(rules_copy):
    line = _add_pattern(rules_copy, [{"TEXT": {"REGEX": "^(a+)+$"}}])
    started = time.monotonic()
    result = kz("extract", "-", "--rules", rules_copy, input=json.dumps({"id": "x", "text": "a" * 28 + "b"}).encode())
    assert result.returncode == 1
    assert f"{rules_copy / 'org_patterns.jsonl'}:{line}:".encode() in result.stderr
    assert b"quantifier inside a quantified group" in result.stderr
    assert b"Traceback" not in result.stderr
    assert time.monotonic() - started < 120


@pytest.mark.parametrize(
    "change,message",
    [
        ("regex", "invalid regular expression '(unclosed'"),
        ("infix", "TOKENIZER_INFIXES entry 1: invalid regular expression '[broken'"),
        ("RELATIVE_YEAR_WORDS", "no lexicon 'RELATIVE_YEAR_WORDS', which the components need"),
        ("CITIES", "no lexicon 'CITIES', which the components need"),
    ],
)
def test_item11_a_bad_regex_infix_or_missing_lexicon_names_file_and_line(rules_copy, change, message):
    if change == "regex":
        line = _add_pattern(rules_copy, [{"LOWER": {"REGEX": "(unclosed"}}])
        where = f"{rules_copy / 'org_patterns.jsonl'}:{line}:"
    else:
        path = rules_copy / "lexicon.jsonl"
        lines = path.read_text(encoding="utf-8").splitlines()
        name = "TOKENIZER_INFIXES" if change == "infix" else change
        (index,) = [i for i, raw in enumerate(lines) if raw.strip() and json.loads(raw)["name"] == name]
        if change == "infix":
            entry = json.loads(lines[index])
            entry["words"][0] = "[broken"
            lines[index] = json.dumps(entry)
            where = f"{path}:{index + 1}:"
        else:
            del lines[index]
            where = f"{path}:"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = kz("extract", CORPUS / "cica-chairmanship-2023.txt", "--rules", rules_copy)
    assert result.returncode == 1
    stderr = result.stderr.decode()
    assert where in stderr and message in stderr
    assert "Traceback" not in stderr and len(stderr.splitlines()) == 1


@pytest.mark.parametrize("kind", ["fifo", "device"])
def test_item11_a_rule_file_that_is_a_fifo_or_a_device_is_refused(rules_copy, kind):
    path = rules_copy / "documents.jsonl"
    path.unlink()
    if kind == "fifo":
        os.mkfifo(path)
    else:
        path.symlink_to("/dev/zero")
    result = kz("extract", CORPUS / "cica-chairmanship-2023.txt", "--rules", rules_copy, timeout=120)
    assert result.returncode == 1
    assert f"{path}: not a regular file".encode() in result.stderr


# ------------------------------------------------------------------ item 13


def test_item13_usage_errors_exit_1(tmp_path):
    for args in (["extract", "--no-such-option", CORPUS], ["extract"], ["no-such-verb"], ["extract", CORPUS, "--workers", "many"]):
        result = kz(*args)
        assert result.returncode == 1, args
        assert b"Traceback" not in result.stderr


def test_item13_score_below_threshold_exits_2_distinct_from_usage_errors():
    result = run("score", SEEDS, SEEDS, "--bootstrap", "0", "--min-f1", "micro=1.01")
    assert result.exit_code == 2
    assert "below threshold" in result.stderr
    assert run("score", SEEDS, SEEDS, "--bootstrap", "0", "--min-f1", "micro=x").exit_code == 1


def _file_size_limit(limit: int):
    def apply() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG, as on a full disk
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


def test_item13_a_full_disk_mid_run_names_the_file_keeps_the_partial_and_exits_4(tmp_path):
    source = write_docs(tmp_path / "in.jsonl", many_docs(40))
    out = tmp_path / "out.jsonl"
    full = subprocess.run(
        [*KZ, "extract", str(source), "-o", str(out)], capture_output=True, timeout=600, env=ENV,
        preexec_fn=_file_size_limit(40_000),
    )
    assert full.returncode == 4, full.stderr
    stderr = full.stderr.decode()
    assert f"cannot write {partial_path_for(out)}: File too large" in stderr
    assert "documents are kept in" in stderr and "--resume" in stderr
    assert "Traceback" not in stderr and len(stderr.strip().splitlines()) == 1
    assert not out.exists()
    resumed = kz("extract", source, "-o", out, "--resume", timeout=600)
    assert resumed.returncode == 0, resumed.stderr
    fresh = tmp_path / "fresh.jsonl"
    kz("extract", source, "-o", fresh, timeout=600)
    assert out.read_bytes() == fresh.read_bytes()


# ------------------------------------------------------------------ item 14


@pytest.mark.parametrize("how", ["SIGTERM", "Ctrl-C"])
def test_item14_a_signal_with_two_workers_ends_quietly_with_one_line(tmp_path, how):
    source = write_docs(tmp_path / "in.jsonl", many_docs(300))
    out = tmp_path / "out.jsonl"
    process = subprocess.Popen(
        [*KZ, "extract", str(source), "-o", str(out), "--workers", "2", "--quiet"],
        env=ENV, stderr=subprocess.PIPE, start_new_session=True,
    )
    try:
        wait_for_lines(partial_path_for(out), 20, process)
        if how == "SIGTERM":
            process.send_signal(signal.SIGTERM)
        else:
            os.killpg(process.pid, signal.SIGINT)  # a terminal's Ctrl-C reaches the whole group
        _, stderr = process.communicate(timeout=120)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    lines = stderr.decode().strip().splitlines()
    assert process.returncode == (143 if how == "SIGTERM" else 130)
    assert len(lines) == 1, lines
    assert lines[0].startswith("interrupted: ") and "documents are kept in" in lines[0] and "--resume" in lines[0]
    assert not out.exists()
    resumed = kz("extract", source, "-o", out, "--resume", "--workers", "2", timeout=600)
    assert resumed.returncode == 0, resumed.stderr
    assert [r["doc_id"] for r in read_jsonl(out)] == [f"d{i:03d}" for i in range(300)]


# ------------------------------------------------------------------ item 15


def test_item15_broken_links_loops_and_directories_in_a_directory_are_skips(tmp_path):
    indir = tmp_path / "in"
    indir.mkdir()
    (indir / "good.txt").write_text("NATO", encoding="utf-8")
    (indir / "broken.txt").symlink_to(indir / "missing.txt")
    (indir / "loop.txt").symlink_to(indir / "loop.txt")
    (tmp_path / "folder").mkdir()
    (indir / "dir.txt").symlink_to(tmp_path / "folder")
    out = tmp_path / "out.jsonl"
    result = run("extract", indir, "-o", out)
    assert result.exit_code == 3
    assert [r["doc_id"] for r in read_jsonl(out)] == ["good"]
    reasons = {e["doc_id"]: e["reason"] for e in read_jsonl(tmp_path / "out.errors.jsonl")}
    assert reasons == {
        "broken": f"broken symbolic link (to {indir / 'missing.txt'})",
        "dir": "a directory, named like an input file (not read: directories are not recursed)",
        "loop": "symbolic link loop",
    }
    assert all(e["skipped"] for e in read_jsonl(tmp_path / "out.errors.jsonl"))


def test_item15_an_out_of_range_number_in_meta_warns_and_goes_on(tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_text(
        '{"id": "big", "text": "The SCO met.", "meta": {"score": 1e400, "n": 1}}\n'
        '{"id": "nan", "text": "NATO", "meta": {"score": NaN}}\n',
        encoding="utf-8",
    )
    (tmp_path / "side.txt").write_text("The OSCE met.", encoding="utf-8")
    (tmp_path / "side.meta.json").write_text('{"published": "2024", "weight": -1E999}', encoding="utf-8")
    out = tmp_path / "out" / "r.jsonl"
    result = run("extract", source, tmp_path / "side.txt", "-o", out)
    assert result.exit_code == 0, result.stderr
    records = {r["doc_id"]: r for r in read_jsonl(out)}
    assert records["big"]["meta"] == {"score": None, "n": 1} and records["big"]["spans"]
    assert records["side"]["meta"] == {"published": "2024", "weight": None}
    warnings = read_jsonl(out.parent / "r.errors.jsonl")
    assert [(w["doc_id"], w["skipped"]) for w in warnings] == [("big", False), ("nan", False), ("side", False)]
    assert warnings[0]["reason"] == "non-standard JSON out-of-range number 1e400 read as null"


# ------------------------------------------------------------------ item 16


def test_item16_validate_says_when_offsets_were_not_checked(tmp_path):
    out = tmp_path / "out.jsonl"
    assert run("extract", CORPUS, "-o", out).exit_code == 0
    result = run("validate", out)
    assert result.exit_code == 0
    assert "1 files, 0 problems (offsets and span texts not checked in 3 records without text" in result.stderr
    with_text = run("validate", SEEDS)
    assert with_text.stderr.strip() == "1 files, 0 problems"


def test_item16_score_warns_about_gold_documents_missing_from_the_predictions(tmp_path):
    pred = tmp_path / "pred.jsonl"
    lines = SEEDS.read_text(encoding="utf-8").splitlines()
    pred.write_text(lines[0] + "\n", encoding="utf-8")
    missing = [json.loads(line)["doc_id"] for line in lines[1:]]
    result = run("score", SEEDS, pred, "--bootstrap", "0")
    assert result.exit_code == 0
    assert f"warning: 2 of 3 gold documents have no line in {pred} (scored as all missed): {', '.join(missing)}" in result.stderr


def test_item16_the_summary_after_resume_counts_kept_documents_and_names_the_files(tmp_path, monkeypatch):
    source = write_docs(tmp_path / "in.jsonl", [*many_docs(4, 50), ("bad", None)])
    out = tmp_path / "out.jsonl"
    interrupted_run(monkeypatch, source, out, stop_at="d003")
    result = run("extract", source, "-o", out, "--resume")
    assert result.exit_code == 3
    summary = result.stderr.strip().splitlines()[-1]
    assert summary.startswith("4 documents, 1 skipped, 0 warnings (3 kept from the partial output, 1 extracted);")
    assert summary.endswith(f"; output {out}, problems in {tmp_path / 'out.errors.jsonl'}")


def test_item07_the_pieces_of_a_long_document_are_not_held_together(monkeypatch):
    """A long text goes through spaCy in pieces, and each piece's Doc is let go
    once its mentions are out: however many pieces, only the few the view
    tokenizer remembers stay alive (memory flat in the document's size; the
    time and RSS figures are in `make bench`, bench/long.json)."""
    import gc
    import weakref

    from kzextract import pipeline
    from kzextract.components.matching import ViewTexts

    nlp = pipeline.build_pipeline()
    live: weakref.WeakSet = weakref.WeakSet()
    peak = 0
    mentions_of = pipeline.doc_mentions

    def counting(doc, *args, **kwargs):
        nonlocal peak
        live.add(doc)
        gc.collect()
        peak = max(peak, len(live))
        return mentions_of(doc, *args, **kwargs)

    monkeypatch.setattr(pipeline, "CHUNK_CHARS", 3000)
    monkeypatch.setattr(pipeline, "doc_mentions", counting)
    paragraph = "The SCO summit in Astana on 4 July 2024 adopted the Astana Declaration. " * 8
    text = "\n\n".join([paragraph] * 200)
    pieces = len(list(pipeline.chunk_bounds(text, 3000)))
    record = pipeline.extract(nlp, "long", text)
    assert pieces > 3 * ViewTexts.SIZE
    assert len(record.spans) == 200 * 8 * 3  # summit, date, declaration in every sentence
    assert peak <= ViewTexts.SIZE + 1, (peak, pieces)
