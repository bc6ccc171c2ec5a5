"""The command line: verbs, options, exit codes (0 ok, 1 fatal, 3 skipped)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kzextract import __version__
from kzextract.cli import app
from kzextract.rule_schema import rules_dir

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "corpus"
SEEDS = REPO / "gold" / "seeds.jsonl"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def run(runner: CliRunner, *args: str, input: str | bytes | None = None):
    return runner.invoke(app, list(args), input=input, catch_exceptions=False)


def lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_help_lists_the_verbs(runner):
    result = run(runner, "--help")
    assert result.exit_code == 0
    for verb in ("extract", "score", "validate", "schema"):
        assert verb in result.stdout


def test_version(runner):
    result = run(runner, "--version")
    assert result.exit_code == 0
    assert result.stdout.strip() == __version__


def test_python_dash_m_runs_the_cli():
    result = subprocess.run(
        [sys.executable, "-m", "kzextract", "--version"], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == __version__


# ------------------------------------------------------------------ extract


def test_extract_corpus_to_stdout(runner):
    result = run(runner, "extract", str(CORPUS))
    assert result.exit_code == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["doc_id"] for r in records] == sorted(p.stem for p in CORPUS.glob("*.txt"))
    assert all("text" not in r for r in records)
    assert records[0]["meta"]["published"] == "2023-12"
    assert "3 documents, 0 skipped, 0 warnings" in result.stderr


def test_extract_to_file_writes_nothing_on_stdout(runner, tmp_path):
    out = tmp_path / "sub" / "out.jsonl"
    result = run(runner, "extract", str(CORPUS), "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert len(lines(out)) == 3
    assert sorted(p.name for p in out.parent.iterdir()) == ["out.jsonl"]  # no errors file, no partial


def test_quiet_clean_run_prints_nothing_on_stderr(runner, tmp_path):
    result = run(runner, "extract", str(CORPUS), "--quiet", "-o", str(tmp_path / "out.jsonl"))
    assert result.exit_code == 0
    assert result.stderr == ""
    assert result.stdout == ""


def test_include_text(runner, tmp_path):
    out = tmp_path / "out.jsonl"
    assert run(runner, "extract", str(CORPUS), "--include-text", "-o", str(out)).exit_code == 0
    for record in lines(out):
        text = (CORPUS / f"{record['doc_id']}.txt").read_bytes().decode("utf-8")
        assert record["text"] == text
        assert list(record) == ["doc_id", "text", "meta", "spans"]
        for span in record["spans"]:
            assert text[span["start"] : span["end"]] == span["text"]


def test_stdin(runner):
    data = '{"id": "s1", "text": "The SCO met in June 2001."}\n{"doc_id": "s2", "text": "NATO"}\n'
    result = run(runner, "extract", "-", input=data.encode("utf-8"))
    assert result.exit_code == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["doc_id"] for r in records] == ["s1", "s2"]
    assert [(s["label"], s["text"], s["norm"]) for s in records[0]["spans"]] == [
        ("ORG", "SCO", "SCO"),
        ("DATE", "June 2001", "2001-06"),
    ]


def test_stdin_through_a_real_pipe(tmp_path):
    data = '{"id": "p1", "text": "Kazakhstan joined the OSCE in 1992."}\n'
    result = subprocess.run(
        [sys.executable, "-m", "kzextract", "extract", "-", "--quiet"],
        input=data.encode("utf-8"), capture_output=True, timeout=120, cwd=tmp_path,  # packaged rules, any cwd
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == b""
    (record,) = [json.loads(line) for line in result.stdout.decode("utf-8").splitlines()]
    assert [s["text"] for s in record["spans"]] == ["OSCE", "1992"]


@pytest.mark.parametrize("workers", ["1", "2"])
def test_workers_option(runner, tmp_path, workers):
    out = tmp_path / "out.jsonl"
    assert run(runner, "extract", str(CORPUS), "--workers", workers, "-o", str(out)).exit_code == 0
    reference = run(runner, "extract", str(CORPUS)).stdout
    assert out.read_text(encoding="utf-8") == reference


# ---------------------------------------------------------------- exit 1


def test_missing_path_exits_1_and_writes_nothing(runner, tmp_path):
    out = tmp_path / "out.jsonl"
    result = run(runner, "extract", str(CORPUS), str(tmp_path / "nope.txt"), "-o", str(out))
    assert result.exit_code == 1
    assert "nope.txt: no such file or directory" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_not_an_input_file_exits_1(runner, tmp_path):
    (tmp_path / "notes.md").write_text("hello", encoding="utf-8")
    result = run(runner, "extract", str(tmp_path / "notes.md"))
    assert result.exit_code == 1
    assert "not an input" in result.stderr


@pytest.mark.parametrize("workers", ["1", "2"])
def test_bad_rules_dir_exits_1_naming_file_and_line(runner, tmp_path, workers):
    rules = tmp_path / "rules"
    shutil.copytree(rules_dir(), rules)
    path = rules / "org_patterns.jsonl"
    raw = path.read_text(encoding="utf-8").splitlines()
    obj = json.loads(raw[1])
    obj["lable"] = obj.pop("label")
    raw[1] = json.dumps(obj)
    path.write_text("\n".join(raw) + "\n", encoding="utf-8")
    out = tmp_path / "out" / "x.jsonl"
    result = run(runner, "extract", str(CORPUS), "--rules", str(rules), "--workers", workers, "-o", str(out))
    assert result.exit_code == 1
    assert f"{path}:2:" in result.stderr
    assert "lable" in result.stderr
    assert not out.parent.exists() or list(out.parent.iterdir()) == []


def test_missing_rules_dir_exits_1(runner, tmp_path):
    result = run(runner, "extract", str(CORPUS), "--rules", str(tmp_path / "none"))
    assert result.exit_code == 1
    assert "rules directory not found" in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--workers", "-1"], "--workers"),
        (["--resume"], "--resume needs -o/--output"),
    ],
)
def test_bad_option_exits_1(runner, args, message):
    result = run(runner, "extract", str(CORPUS), *args)
    assert result.exit_code == 1
    assert message in result.stderr
    assert result.stdout == ""


def test_output_that_is_a_directory_exits_1_before_any_work(runner, tmp_path):
    """It used to run everything, fail at the final rename and leave <dir>.partial."""
    result = run(runner, "extract", str(CORPUS), "-o", str(tmp_path))
    assert result.exit_code == 1
    assert "is a directory" in result.stderr
    assert not Path(str(tmp_path) + ".partial").exists()


def test_unknown_model_exits_1(runner):
    result = run(runner, "extract", str(CORPUS), "--model", "no_such_model_xx")
    assert result.exit_code == 1
    assert "no_such_model_xx" in result.stderr


# ---------------------------------------------------------- schema, validate


def test_schema_prints_json_schema(runner):
    result = run(runner, "schema")
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert set(schema["properties"]) == {"doc_id", "text", "meta", "spans"}
    assert schema["$schema"].startswith("https://json-schema.org/")


def test_validate_gold_seeds(runner):
    result = run(runner, "validate", str(SEEDS))
    assert result.exit_code == 0, result.stderr
    assert "1 files, 0 problems" in result.stderr


def test_validate_extract_output(runner, tmp_path):
    out = tmp_path / "out.jsonl"
    assert run(runner, "extract", str(CORPUS), "--include-text", "-o", str(out)).exit_code == 0
    result = run(runner, "validate", str(out))
    assert result.exit_code == 0, result.stderr


def test_validate_corrupted_copy_names_the_line(runner, tmp_path):
    records = [json.loads(line) for line in SEEDS.read_text(encoding="utf-8").splitlines()]
    records[1]["spans"][0]["start"] += 1  # text no longer matches the slice
    bad = tmp_path / "bad.jsonl"
    bad.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    result = run(runner, "validate", str(bad))
    assert result.exit_code == 1
    span_id = records[1]["spans"][0]["id"]
    assert f"{bad}:2 doc={records[1]['doc_id']} span={span_id}: text" in result.stderr


def test_validate_not_json_line(runner, tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text(SEEDS.read_text(encoding="utf-8").splitlines()[0] + "\n{oops\n", encoding="utf-8")
    result = run(runner, "validate", str(bad))
    assert result.exit_code == 1
    assert f"{bad}:2: not valid JSON" in result.stderr


def test_score_gold_against_itself(runner):
    result = run(runner, "score", str(SEEDS), str(SEEDS), "--bootstrap", "0", "--json")
    assert result.exit_code == 0, result.stderr
    json.loads(result.stdout)


def test_extract_into_a_pipe_closed_early_ends_quietly():
    """`kzextract extract … | head`: exit 0, no traceback, not a write error (exit 4)."""
    script = f"{sys.executable} -m kzextract extract {CORPUS} {CORPUS / 'dev'} | head -c 10 > /dev/null; echo $? ${{PIPESTATUS[0]}}"
    result = subprocess.run(["bash", "-c", script], capture_output=True, text=True, timeout=300)
    assert result.stdout.split() == ["0", "0"]
    assert "Traceback" not in result.stderr and "error" not in result.stderr
