"""Extraction on a Dask cluster (`kzextract extract … --dask ADDRESS`).

The local runner (`batch.run_extraction`) still reads the inputs, writes the
output, the errors file and the progress, and resumes; only `extract_line`
runs elsewhere. So the output is the one a local run writes, byte for byte:

    inputs (streamed) ─▶ partitions of documents ─▶ Dask tasks, a bounded
      number in flight ─▶ on a worker: the job's pipeline, built once per
      worker thread, `extract_line` per document ─▶ lines back in input order

The rules travel with the job: the client sends the files of the rule set its
own pipeline was built from, in a worker plugin registered for this run, and
each worker builds from those contents, whatever rules it has installed. A
task holds its documents, so a partition whose worker dies is simply run
again elsewhere (Dask's own retries); a document that fails raises inside
the task and becomes an error entry, as it does locally; a partition that
kills every worker that tries it is run again one document at a time, so
only its culprit is skipped.

The client's memory does not grow with the input: it holds at most a few
partitions per worker thread, and Dask's logs of the messages it sent are
kept short while it is connected (`DASK_LOG_LENGTH`; a remote scheduler
keeps its own settings).

Dask is an optional dependency (`pip install 'kzextract[dask]'`); this module
is imported only when `--dask` is given.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import multiprocessing.forkserver
import shutil
import threading
import time
import uuid
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Optional, Union

try:
    import dask
    from distributed import Client, KilledWorker, LocalCluster, WorkerPlugin, get_worker
except ImportError as err:  # pragma: no cover - the message is what matters
    raise ImportError(
        f"--dask needs Dask's distributed scheduler ({err}); install it with: pip install 'kzextract[dask]'"
    ) from err

from .components.base import RuleComponent
from .inputs import InputDoc
from .pipeline import RenewedPipeline, extract_line
from .ruleset import RuleSet
from .rule_schema import RuleFileError

LOCAL_PREFIX = "local:"
# A partition is a few hundred thousand characters of text (about a tenth of
# a second of work on one core): large enough that Dask's per-task cost is
# small beside it, small enough that the last partitions do not leave
# workers idle for long, and that the client holds little text in flight.
PARTITION_CHARS = 500_000
PARTITION_DOCS = 256
PARTITIONS_IN_FLIGHT_PER_THREAD = 4
# How often the number of worker threads (and so the in-flight bound) is
# asked again: an adaptive cluster grows and shrinks during a run.
REFRESH_SECONDS = 5.0
# Dask keeps the last `distributed.admin.low-level-log-length` (1,000)
# batches every comm stream sent, whole when under 1 MB: a partition's
# update-graph message on the client's stream and, for `local:N`, its
# compute-task message on the in-process scheduler's stream to each worker.
# Partitions are under 1 MB, so the client held every partition of a run of
# up to 1,000 partitions, twice (867 MB on UNGDC's 10,796 speeches). These
# are developers' logs; a few entries keep a little for debugging.
DASK_LOG_LENGTH = 8

Result = Union[tuple[str, dict], Exception]


class ClusterError(Exception):
    """The cluster cannot run the job: scheduler unreachable, a task that
    cannot run on the workers (a worker without kzextract, other rules)."""


def local_workers(address: str) -> Optional[int]:
    """N of `local:N`, None for a scheduler address; a bad N raises ValueError."""
    if not address.startswith(LOCAL_PREFIX):
        return None
    value = address[len(LOCAL_PREFIX):]
    if not value.isdigit() or int(value) < 1:
        raise ValueError(f"--dask {address}: expected local:N with N ≥ 1 worker processes")
    return int(value)


def partitions(docs: Iterable[InputDoc], *, max_chars: int = PARTITION_CHARS, max_docs: int = PARTITION_DOCS) -> Iterator[list[InputDoc]]:
    """Consecutive documents in groups of at most `max_docs` and, unless one
    document is longer by itself, at most `max_chars` characters; read lazily."""
    batch: list[InputDoc] = []
    chars = 0
    for doc in docs:
        if batch and (len(batch) == max_docs or chars + len(doc.text) > max_chars):
            yield batch
            batch, chars = [], 0
        batch.append(doc)
        chars += len(doc.text)
    if batch:
        yield batch


def pipeline_rules(nlp) -> RuleSet:
    """The rule set a built pipeline's components use."""
    return next(component.rules for _, component in nlp.pipeline if isinstance(component, RuleComponent))


@dataclass(frozen=True)
class PipelineJob:
    """What a worker needs to build the client's pipeline: the rule files
    (None: the model's own rules), the model, and the digest to check."""

    model: Optional[str]
    files: Optional[dict[str, str]]
    digest: str

    @classmethod
    def of(cls, pipeline: RenewedPipeline) -> "PipelineJob":
        rules = pipeline_rules(pipeline.nlp)
        # A saved kzextract pipeline (`--model` without `--rules`) carries
        # its rules; any other pipeline is built from a rules directory.
        own_rules = pipeline.model is not None and pipeline.rules_path is None
        return cls(pipeline.model, None if own_rules else dict(rules.files), rules.digest)


class PipelinePlugin(WorkerPlugin):
    """The job's pipeline on a worker: built on first use by each worker
    thread, then reused for every partition (and renewed when its
    vocabulary has grown, as locally). Registered for one run and removed after it."""

    def __init__(self, job: PipelineJob, name: str):
        self.job = job
        self.name = name
        self.builds = 0

    def setup(self, worker) -> None:
        self.directory = Path(worker.local_directory) / self.name
        self.rules_path: Optional[str] = None
        if self.job.files is not None:
            rules = self.directory / "rules"
            rules.mkdir(parents=True, exist_ok=True)
            for name, text in self.job.files.items():
                (rules / name).write_text(text, encoding="utf-8")
            self.rules_path = str(rules)
        self.address = worker.address
        self._local = threading.local()
        self._lock = threading.Lock()

    def pipeline(self) -> RenewedPipeline:
        pipeline = getattr(self._local, "pipeline", None)
        if pipeline is None:
            pipeline = RenewedPipeline(self.job.model, self.rules_path)
            digest = pipeline_rules(pipeline.nlp).digest
            if digest != self.job.digest:
                raise RuleFileError(
                    f"worker {self.address}: {self.job.model or 'kzextract'} has other rules here ({digest[:12]}) "
                    f"than on the client ({self.job.digest[:12]}); install the same pipeline on every worker"
                )
            self._local.pipeline = pipeline
            with self._lock:
                self.builds += 1
        return pipeline

    def teardown(self, worker) -> None:
        shutil.rmtree(self.directory, ignore_errors=True)


def extract_partition(plugin_name: str, tasks: list[tuple[str, str, dict, bool]], extract: Callable = extract_line) -> list[dict[str, Any]]:
    """Worker side: each document's output line, or its error (class name and
    message), never an exception for one bad document. `extract` is
    `pipeline.extract_line`; tests pass another to make a document fail."""
    pipeline = get_worker().plugins[plugin_name].pipeline()
    out: list[dict[str, Any]] = []
    for task in tasks:
        try:
            out.append({"line": extract(pipeline.next(), task)})
        except Exception as err:
            out.append({"error": [type(err).__name__, str(err)]})
    return out


def worker_error(class_name: str, message: str) -> Exception:
    """A stand-in for an exception raised on a worker, with its class name,
    so the errors file reads `extraction failed: ValueError: …` as it does
    after a local run (the class itself may not exist on the client)."""
    cls = _ERROR_CLASSES.get(class_name)
    if cls is None:
        cls = _ERROR_CLASSES[class_name] = type(class_name, (RuntimeError,), {"__module__": __name__})
    return cls(message)


_ERROR_CLASSES: dict[str, type] = {}


def _start_fork_server() -> None:
    """Start the server `local:N` workers are forked from, in the background.

    Dask starts a worker in a fresh interpreter by default, which imports
    Dask, spaCy and kzextract again: seconds per worker on a small machine.
    A fork server imports them once, while the client builds its own
    pipeline, and forks each worker from itself. It is a clean single-threaded
    process: this one, with Dask's threads, is never forked."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        # No effect if the server already runs (started earlier in this
        # process): workers are forked from it all the same, importing more.
        multiprocessing.get_context("forkserver").set_forkserver_preload(["distributed", __name__])
        multiprocessing.forkserver.ensure_running()


def _bounded_logs():
    """Dask's message and event logs in this process (and in `local:N`
    workers, which get the client's config) kept short: see DASK_LOG_LENGTH."""
    return dask.config.set({"distributed.admin.low-level-log-length": DASK_LOG_LENGTH})


def _local_worker_config():
    """Dask settings for `local:N` workers, while the cluster lasts (so a
    worker restarted after a crash starts the same way): forked from the fork
    server, and without the statistical profiler, which samples every worker
    thread's stack 100 times a second for a dashboard `local:N` does not show
    (about a tenth of a worker's time on this CPU-bound work)."""
    config = {"distributed.worker.profile.enabled": False}
    if "forkserver" in multiprocessing.get_all_start_methods():
        config["distributed.worker.multiprocessing-method"] = "forkserver"
    return dask.config.set(config)


@contextlib.contextmanager
def _logs_to(report: Callable[[str], None]) -> Iterator[None]:
    """While a run lasts, Dask's warnings and errors in this process (a
    worker died, its results are computed again) go to `report`, as
    kzextract's own do, so `--quiet` silences them: a fault Dask cannot
    recover from ends the run with its own error."""
    logger = logging.getLogger("distributed")
    own = [h for h in logger.handlers if isinstance(h, logging.StreamHandler)]
    levels = [h.level for h in own]
    for h in own:
        h.setLevel(logging.CRITICAL + 1)
    handler = _ReportHandler(report)
    logger.addHandler(handler)
    try:
        yield
    finally:
        logger.removeHandler(handler)
        for h, level in zip(own, levels):
            h.setLevel(level)


class _ReportHandler(logging.Handler):
    def __init__(self, report: Callable[[str], None]):
        super().__init__(logging.WARNING)
        self.report = report

    def emit(self, record: logging.LogRecord) -> None:
        self.report(f"dask: {record.getMessage()}")


class DaskRunner:
    """One run on the cluster at `address`.

    Made before the client builds its own pipeline, so `local:N` workers get
    ready meanwhile; `running(pipeline)` connects before the caller opens any
    output, so an unreachable scheduler leaves no file behind. Dask's own
    warnings (a worker died and was restarted) go to `report` like
    kzextract's."""

    def __init__(self, address: str, *, report: Callable[[str], None] = lambda message: None):
        self.address = address
        self.local = local_workers(address)
        self.report = report
        self.extract = extract_line  # looked up now, so a test can monkeypatch it
        self.run_id = uuid.uuid4().hex[:12]
        self.client: Optional[Client] = None
        self.submitted = 0
        self._limit = 1
        self._limit_at = 0.0
        if self.local is not None:
            _start_fork_server()

    @contextlib.contextmanager
    def running(self, pipeline: RenewedPipeline) -> Iterator["DaskRunner"]:
        """Connected, with `pipeline`'s rules and model registered on every worker."""
        job = PipelineJob.of(pipeline)
        self.plugin_name = f"kzextract-{job.digest[:12]}-{self.run_id}"
        with _logs_to(self.report), self._connect() as client:
            if not client.nthreads():
                self.report(f"dask: waiting for a worker to join {client.scheduler.address}")
                client.wait_for_workers(1)
            client.register_plugin(PipelinePlugin(job, self.plugin_name), name=self.plugin_name)
            workers = client.nthreads()
            self.report(f"dask: {client.scheduler.address}, {len(workers)} workers, {sum(workers.values())} threads")
            self.client = client
            try:
                yield self
            finally:
                self.client = None
                if client.status == "running":
                    with contextlib.suppress(Exception):  # the cluster is gone: nothing to clean up there
                        client.unregister_worker_plugin(self.plugin_name)

    @contextlib.contextmanager
    def _connect(self) -> Iterator[Client]:
        n = self.local
        where = f"a local Dask cluster of {n} workers" if n is not None else f"the Dask scheduler at {self.address}"
        with contextlib.ExitStack() as stack:
            # For the whole connection: a stream's log is sized when the
            # stream opens, and a restarted worker's stream opens mid-run.
            stack.enter_context(_bounded_logs())
            try:
                if n is not None:
                    stack.enter_context(_local_worker_config())
                    cluster = stack.enter_context(
                        LocalCluster(
                            n_workers=n,
                            threads_per_worker=1,  # spaCy is Python: threads of one process share a core
                            processes=True,
                            dashboard_address=":0",  # any free port: never 8787 taken by another cluster
                            silence_logs=logging.ERROR,  # the workers'; warnings here go to _logs_to
                        )
                    )
                    client = stack.enter_context(Client(cluster, set_as_default=False))
                else:
                    client = stack.enter_context(Client(self.address, set_as_default=False))
            except (OSError, TimeoutError) as err:
                raise ClusterError(f"cannot reach {where}: {err}") from err
            yield client

    # ------------------------------------------------------------ work

    def process(self, docs: Iterable[InputDoc], include_text: bool) -> Iterator[tuple[InputDoc, Result]]:
        """Each document with its (line, label counts) or its exception, in input order."""
        in_flight: deque = deque()
        for batch in partitions(docs, max_chars=PARTITION_CHARS, max_docs=PARTITION_DOCS):
            in_flight.append((batch, self._submit(batch, include_text)))
            while len(in_flight) >= self.limit():
                yield from self._collect(*in_flight.popleft(), include_text)
        while in_flight:
            yield from self._collect(*in_flight.popleft(), include_text)

    def limit(self) -> int:
        """Partitions in flight: a few per worker thread, so workers never wait
        for the client and the client never holds more than that."""
        now = time.monotonic()
        if now - self._limit_at > REFRESH_SECONDS:
            threads = sum(self.client.nthreads().values())
            self._limit, self._limit_at = max(1, threads) * PARTITIONS_IN_FLIGHT_PER_THREAD, now
        return self._limit

    def _submit(self, batch: list[InputDoc], include_text: bool):
        self.submitted += 1
        tasks = [(d.doc_id, d.text, d.meta, include_text) for d in batch]
        key = f"kzextract-partition-{self.submitted}-{self.run_id}"
        return self.client.submit(extract_partition, self.plugin_name, tasks, self.extract, key=key, pure=False)

    def _collect(self, batch: list[InputDoc], future, include_text: bool, *, alone: bool = False) -> Iterator[tuple[InputDoc, Result]]:
        try:
            results = future.result()
        except KilledWorker as err:
            if not alone:
                # One of its documents may kill whatever worker runs it. Run
                # each alone, one after the other (Dask blames every task a
                # dying worker held), so only a document that kills its worker
                # by itself is skipped.
                for doc in batch:
                    yield from self._collect([doc], self._submit([doc], include_text), include_text, alone=True)
                return
            tries = err.allowed_failures + 1
            results = [{"error": ["KilledWorker", f"the worker running it died, {tries} of {tries} tries"]}]
        except Exception as err:
            raise ClusterError(f"a Dask task failed: {type(err).__name__}: {err}") from err
        finally:
            future.release()
        for doc, result in zip(batch, results):
            yield doc, (worker_error(*result["error"]) if "error" in result else result["line"])
