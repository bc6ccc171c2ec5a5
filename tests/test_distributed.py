"""`extract --dask`: the same output, errors file and exit codes as a local
run, on a real LocalCluster of 2 worker processes, with the faults a cluster
has (a worker killed mid-run, a document that fails or kills its worker, no
scheduler at the address)."""

from __future__ import annotations

import json
import logging
import shutil
import socket
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

distributed = pytest.importorskip("distributed")  # kzextract[dask]; `make test` installs it

import dask  # noqa: E402

import kzextract.distributed as kzd  # noqa: E402
from kzextract.batch import run_extraction  # noqa: E402
from kzextract.cli import app  # noqa: E402
from kzextract.inputs import InputDoc  # noqa: E402
from kzextract.outputs import partial_path_for  # noqa: E402
from kzextract.pipeline import RenewedPipeline, extract_line  # noqa: E402
from kzextract.rule_schema import RuleFileError, rules_dir  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "corpus"


def quiet(message: str) -> None:
    pass


def run_cli(*args: str):
    return CliRunner().invoke(app, list(args), catch_exceptions=False)


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_bytes().split(b"\n") if line.strip()]


def write_input(path: Path, n: int, *, bad_line_at: int | None = 3) -> Path:
    """`n` short documents cut from the seed articles, with one line that is not JSON."""
    paragraphs = []
    for source in sorted(CORPUS.glob("*.txt")):
        paragraphs.extend(p for p in source.read_text(encoding="utf-8").split("\n\n") if len(p) > 200)
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            if i == bad_line_at:
                fh.write("{not json\n")
            text = "\n\n".join(paragraphs[(i + k) % len(paragraphs)] for k in range(2))
            fh.write(json.dumps({"id": f"doc-{i:03d}", "text": text, "meta": {"published": "2023-12"}}) + "\n")
    return path


@pytest.fixture(scope="module")
def cluster():
    """A LocalCluster of 2 processes, reached by address as a remote one is."""
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0", silence_logs=logging.ERROR
    ) as local, distributed.Client(local, set_as_default=False) as client:
        yield local.scheduler_address, client, local.scheduler


@pytest.fixture
def small_partitions(monkeypatch):
    monkeypatch.setattr(kzd, "PARTITION_DOCS", 4)


def kzextract_tasks(stream) -> list[str]:
    return [t["key"] for t in stream.data if str(t["key"]).startswith("kzextract-partition-")]


# ------------------------------------------------------------------ output


def test_same_output_and_errors_as_one_local_worker_on_many_partitions(cluster, tmp_path, small_partitions):
    address, client, _ = cluster
    source = write_input(tmp_path / "in.jsonl", 30)
    local = run_extraction([str(source)], tmp_path / "local" / "out.jsonl", report=quiet)
    with distributed.get_task_stream(client) as stream:
        remote = run_extraction([str(source)], tmp_path / "dask" / "out.jsonl", report=quiet, dask=address)
    assert len(set(kzextract_tasks(stream))) == 8  # 30 documents in partitions of 4
    assert (tmp_path / "dask" / "out.jsonl").read_bytes() == (tmp_path / "local" / "out.jsonl").read_bytes()
    assert (tmp_path / "dask" / "out.errors.jsonl").read_bytes() == (tmp_path / "local" / "out.errors.jsonl").read_bytes()
    assert (remote.documents, remote.skipped, remote.words, remote.mentions) == (
        local.documents, local.skipped, local.words, local.mentions)
    assert remote.exit_code == local.exit_code == 3


def test_cli_on_a_local_cluster(tmp_path):
    """`--dask local:2` starts its own LocalCluster of 2 worker processes."""
    source = write_input(tmp_path / "in.jsonl", 6, bad_line_at=None)
    local = tmp_path / "local.jsonl"
    run_extraction([str(source)], local, report=quiet)
    out = tmp_path / "dask.jsonl"
    result = run_cli("extract", str(source), "-o", str(out), "--dask", "local:2")
    assert result.exit_code == 0, result.stderr
    assert out.read_bytes() == local.read_bytes()
    assert "2 workers, 2 threads" in result.stderr
    assert "6 documents, 0 skipped" in result.stderr


def test_the_client_holds_a_bounded_number_of_partitions(tmp_path, monkeypatch):
    """Memory of the client stays flat as the input grows: at most
    PARTITIONS_IN_FLIGHT_PER_THREAD futures per worker thread, and Dask's
    logs of the messages it sent (which held every partition under 1 MB)
    cut to DASK_LOG_LENGTH, on the client's stream and on the in-process
    scheduler's streams to the `local:2` workers."""
    monkeypatch.setattr(kzd, "PARTITION_DOCS", 1)
    source = write_input(tmp_path / "in.jsonl", 40, bad_line_at=None)
    reference = tmp_path / "ref.jsonl"
    run_extraction([str(source)], reference, report=quiet)
    seen = {"in_flight": 0, "logs": 0, "streams": 0, "collected": 0}
    real_submit, real_collect = kzd.DaskRunner._submit, kzd.DaskRunner._collect

    def submit(self, *args, **kwargs):
        future = real_submit(self, *args, **kwargs)
        seen["in_flight"] = max(seen["in_flight"], self.submitted - seen["collected"])
        return future

    def collect(self, *args, **kwargs):
        client = self.client
        logs = [client.scheduler_comm.recent_message_log]
        logs += [comm.recent_message_log for comm in client.cluster.scheduler.stream_comms.values()]
        seen["logs"] = max(seen["logs"], *(len(log) for log in logs))
        seen["streams"] = max(seen["streams"], len(logs))
        seen["collected"] += 1
        return real_collect(self, *args, **kwargs)

    monkeypatch.setattr(kzd.DaskRunner, "_submit", submit)
    monkeypatch.setattr(kzd.DaskRunner, "_collect", collect)
    out = tmp_path / "out.jsonl"
    run_extraction([str(source)], out, report=quiet, dask="local:2")
    assert out.read_bytes() == reference.read_bytes()
    assert seen["collected"] == 40 and seen["streams"] == 3  # the client's stream, the scheduler's to each worker
    assert 0 < seen["in_flight"] <= 2 * kzd.PARTITIONS_IN_FLIGHT_PER_THREAD
    assert 0 < seen["logs"] <= kzd.DASK_LOG_LENGTH


def _interrupted_at(monkeypatch, source: Path, out: Path, doc_id: str) -> None:
    """A local run stopped (as by Ctrl-C) at `doc_id`: the partial and its
    provenance stay, as a kill leaves them (resume trusts nothing else)."""
    import kzextract.pipeline as pipeline
    from kzextract.batch import RunStopped

    real = pipeline.extract

    def stop(nlp, this_id, *args, **kwargs):
        if this_id == doc_id:
            raise KeyboardInterrupt
        return real(nlp, this_id, *args, **kwargs)

    with monkeypatch.context() as patch:
        patch.setattr(pipeline, "extract", stop)
        with pytest.raises(RunStopped):
            run_extraction([str(source)], out, report=quiet)


def test_resume_on_the_cluster_is_byte_identical(cluster, tmp_path, small_partitions, monkeypatch):
    address, _, _ = cluster
    source = write_input(tmp_path / "in.jsonl", 20)
    reference = tmp_path / "ref.jsonl"
    run_extraction([str(source)], reference, report=quiet)
    data = reference.read_bytes()
    out = tmp_path / "out.jsonl"
    _interrupted_at(monkeypatch, source, out, "doc-012")
    partial = partial_path_for(out)
    kept = partial.read_bytes()
    partial.write_bytes(kept[: kept.rindex(b"\n", 0, -1) + 40])  # a torn last line
    summary = run_extraction([str(source)], out, resume=True, report=quiet, dask=address)
    assert out.read_bytes() == data
    assert (summary.documents, summary.kept) == (20, 11)
    assert not partial.exists()


def test_resume_on_the_cluster_after_an_input_changed(cluster, tmp_path, small_partitions, monkeypatch):
    """Lines the partial holds out of place are copied in order between the
    cluster's results."""
    address, _, _ = cluster
    source = write_input(tmp_path / "in.jsonl", 20, bad_line_at=None)
    out = tmp_path / "out.jsonl"
    _interrupted_at(monkeypatch, source, out, "doc-014")
    lines = source.read_text(encoding="utf-8").splitlines(keepends=True)
    del lines[2]  # doc-002 deleted: doc-003 … doc-013 are copied, the rest computed
    source.write_text("".join(lines), encoding="utf-8")
    fresh = tmp_path / "fresh.jsonl"
    run_extraction([str(source)], fresh, report=quiet)
    summary = run_extraction([str(source)], out, resume=True, report=quiet, dask=address)
    assert out.read_bytes() == fresh.read_bytes()
    assert (summary.documents, summary.kept) == (19, 13)


def test_rules_of_the_client_are_used(cluster, tmp_path):
    """--rules on the client: the workers build from the files it sends."""
    address, _, _ = cluster
    rules = tmp_path / "rules"
    shutil.copytree(rules_dir(), rules, ignore=shutil.ignore_patterns("__init__.py", "__pycache__"))
    with (rules / "orgs.jsonl").open("a", encoding="utf-8") as fh:
        fh.write(json.dumps({"id": "ZORBLAX", "name": "Zorblax Council", "acronyms": ["ZBX"]}) + "\n")
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"id": "z", "text": "The ZBX met the UN in Astana."}) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    run_extraction([str(source)], out, rules_path=str(rules), report=quiet, dask=address)
    (record,) = read_jsonl(out)
    assert [s["norm"] for s in record["spans"] if s["label"] == "ORG"] == ["ZORBLAX", "UN"]


# ------------------------------------------------------------------ faults


def test_a_worker_killed_mid_run_loses_nothing(cluster, tmp_path, small_partitions, monkeypatch):
    """The worker running doc-013 is killed (SIGKILL) the first time; Dask
    runs its partition again on a live worker and the output is complete."""
    address, client, _ = cluster
    source = write_input(tmp_path / "in.jsonl", 30)
    reference = tmp_path / "ref.jsonl"
    run_extraction([str(source)], reference, report=quiet)
    marker = tmp_path / "killed"
    pids_before = set(client.run(lambda: __import__("os").getpid()).values())

    def kill_once(nlp, task):
        import os
        import signal

        if task[0] == "doc-013" and not marker.exists():
            marker.write_text(str(os.getpid()))
            os.kill(os.getpid(), signal.SIGKILL)
        return extract_line(nlp, task)

    monkeypatch.setattr(kzd, "extract_line", kill_once)
    messages: list[str] = []
    out = tmp_path / "out.jsonl"
    with distributed.get_task_stream(client) as stream:
        summary = run_extraction([str(source)], out, report=messages.append, dask=address)
    assert int(marker.read_text()) in pids_before  # a worker of the cluster did die
    assert any(m.startswith("dask: Restarting worker") for m in messages), messages  # Dask's word, through report
    assert len(set(kzextract_tasks(stream))) == 8  # Dask ran the lost partition again, not split up
    assert out.read_bytes() == reference.read_bytes()
    assert summary.documents == 30 and summary.skipped == 1  # the line that is not JSON
    client.wait_for_workers(2, timeout=60)  # the nanny restarted it


def test_a_document_that_crashes_the_pipeline_goes_to_the_errors_file(cluster, tmp_path, monkeypatch):
    address, _, _ = cluster

    def flaky(nlp, task):
        if task[0] == "boom":
            raise RuntimeError("component exploded")
        return extract_line(nlp, task)

    monkeypatch.setattr(kzd, "extract_line", flaky)
    source = tmp_path / "in.jsonl"
    source.write_text(
        "".join(json.dumps({"id": i, "text": "The UN and the SCO."}) + "\n" for i in ("a", "boom", "b")),
        encoding="utf-8",
    )
    out = tmp_path / "out.jsonl"
    summary = run_extraction([str(source)], out, report=quiet, dask=address)
    assert summary.exit_code == 3 and summary.documents == 2 and summary.skipped == 1
    assert [r["doc_id"] for r in read_jsonl(out)] == ["a", "b"]
    (error,) = read_jsonl(tmp_path / "out.errors.jsonl")
    assert error["doc_id"] == "boom" and error["line"] == 2
    assert error["reason"] == "extraction failed: RuntimeError: component exploded"  # as a local run writes it


def test_a_document_that_kills_every_worker_is_skipped_alone(cluster, tmp_path, monkeypatch):
    """Its partition dies on every try (KilledWorker); run one document at a
    time, the others get their lines and only the culprit is skipped."""
    address, client, scheduler = cluster
    monkeypatch.setattr(scheduler, "allowed_failures", 0)  # one death is enough here

    def poison(nlp, task):
        if task[0] == "poison":
            import os

            os._exit(1)
        return extract_line(nlp, task)

    monkeypatch.setattr(kzd, "extract_line", poison)
    source = tmp_path / "in.jsonl"
    source.write_text(
        "".join(json.dumps({"id": i, "text": "The OSCE met in Astana."}) + "\n" for i in ("a", "poison", "b")),
        encoding="utf-8",
    )
    out = tmp_path / "out.jsonl"
    summary = run_extraction([str(source)], out, report=quiet, dask=address)
    assert summary.exit_code == 3 and summary.documents == 2
    assert [r["doc_id"] for r in read_jsonl(out)] == ["a", "b"]
    (error,) = read_jsonl(tmp_path / "out.errors.jsonl")
    assert error["doc_id"] == "poison"
    assert error["reason"] == "extraction failed: KilledWorker: the worker running it died, 1 of 1 tries"
    client.wait_for_workers(2, timeout=60)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_an_unreachable_scheduler_is_fatal_and_leaves_no_file(tmp_path):
    address = f"tcp://127.0.0.1:{_free_port()}"
    out = tmp_path / "out.jsonl"
    with dask.config.set({"distributed.comm.timeouts.connect": "1s"}):
        result = run_cli("extract", str(CORPUS), "-o", str(out), "--dask", address)
    assert result.exit_code == 1
    assert f"error: cannot reach the Dask scheduler at {address}" in result.stderr
    assert list(tmp_path.iterdir()) == []  # no output, partial or errors file


def test_without_dask_the_option_says_what_to_install(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)  # `import distributed` now fails
    monkeypatch.delitem(sys.modules, "kzextract.distributed")
    result = run_cli("extract", str(CORPUS), "-o", str(tmp_path / "out.jsonl"), "--dask", "local:2")
    assert result.exit_code == 1
    assert "pip install 'kzextract[dask]'" in result.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "args, message",
    [
        (["--dask", "local:0"], "expected local:N with N ≥ 1"),
        (["--dask", "local:two"], "expected local:N with N ≥ 1"),
        (["--dask", "local:2", "--workers", "2"], "--workers and --dask do not go together"),
    ],
)
def test_bad_dask_options_exit_1(tmp_path, args, message):
    result = run_cli("extract", str(CORPUS), "-o", str(tmp_path / "out.jsonl"), *args)
    assert result.exit_code == 1
    assert message in result.stderr


# ------------------------------------------------------------------ parts


def _doc(doc_id: str, chars: int) -> InputDoc:
    return InputDoc(doc_id, "x" * chars, {}, "test", None)


def test_partitions_are_bounded_in_documents_and_characters():
    docs = [_doc(str(i), 10) for i in range(7)]
    assert [len(p) for p in kzd.partitions(docs, max_chars=1000, max_docs=3)] == [3, 3, 1]
    assert [len(p) for p in kzd.partitions(docs, max_chars=25, max_docs=100)] == [2, 2, 2, 1]
    long = [_doc("a", 5), _doc("long", 100), _doc("b", 5)]
    assert [[d.doc_id for d in p] for p in kzd.partitions(long, max_chars=50, max_docs=10)] == [["a"], ["long"], ["b"]]


def test_partitions_read_the_input_lazily():
    read = []

    def docs():
        for i in range(100):
            read.append(i)
            yield _doc(str(i), 1)

    first = next(kzd.partitions(docs(), max_chars=1000, max_docs=4))
    assert len(first) == 4 and len(read) == 5  # the fifth document starts the next partition


class _FakeWorker:
    def __init__(self, directory: Path):
        self.local_directory = str(directory)
        self.address = "tcp://fake:1"


def test_a_worker_builds_the_pipeline_once_from_the_rules_it_is_sent(tmp_path):
    rules = tmp_path / "client-rules"
    shutil.copytree(rules_dir(), rules, ignore=shutil.ignore_patterns("__init__.py", "__pycache__"))
    with (rules / "orgs.jsonl").open("a", encoding="utf-8") as fh:
        fh.write(json.dumps({"id": "ZORBLAX", "name": "Zorblax Council", "acronyms": ["ZBX"]}) + "\n")
    job = kzd.PipelineJob.of(RenewedPipeline(None, str(rules)))
    shutil.rmtree(rules)  # the worker has only what the job carries
    plugin = kzd.PipelinePlugin(job, "kzextract-test")
    plugin.setup(_FakeWorker(tmp_path / "worker"))
    pipeline = plugin.pipeline()
    assert plugin.pipeline() is pipeline and plugin.builds == 1
    line, labels = extract_line(pipeline.next(), ("z", "The ZBX met.", {}, False))
    assert json.loads(line)["spans"][0]["norm"] == "ZORBLAX"
    plugin.teardown(None)
    assert not (tmp_path / "worker" / "kzextract-test").exists()


def test_a_worker_whose_model_has_other_rules_refuses_the_job(tmp_path):
    job = kzd.PipelineJob.of(RenewedPipeline())
    wrong = kzd.PipelineJob(job.model, job.files, "0" * 64)
    plugin = kzd.PipelinePlugin(wrong, "kzextract-test")
    plugin.setup(_FakeWorker(tmp_path))
    with pytest.raises(RuleFileError, match="other rules here"):
        plugin.pipeline()
