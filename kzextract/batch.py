"""Batch extraction: inputs streamed in, one JSON line out per document, in
input order, with bounded memory, optional worker processes, progress and a
summary on stderr, problems in an errors file.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections import Counter, deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Optional, Sequence, Union

from . import __version__
from .inputs import DEFAULT_MAX_RECORD_BYTES, InputDoc, InputProblem, read_inputs
from .outputs import ErrorLog, OutputSink, OutputWriteError, Target, resolve_target

# Exit status of `extract` (and `score` below a threshold), as the README lists them.
EXIT_OK, EXIT_FATAL, EXIT_BELOW_THRESHOLD, EXIT_SKIPPED, EXIT_STOPPED = 0, 1, 2, 3, 4
EXIT_INTERRUPTED = {signal.SIGINT: 130, signal.SIGTERM: 143}
# Documents handed to a worker at once, and batches in flight per worker:
# enough to keep workers busy, few enough that memory does not grow with input.
BATCH_DOCS = 16
BATCHES_IN_FLIGHT_PER_WORKER = 4


@dataclass
class Summary:
    documents: int = 0  # lines in the output (kept from a resumed partial + extracted)
    kept: int = 0
    skipped: int = 0
    warnings: int = 0
    words: int = 0
    mentions: Counter = field(default_factory=Counter)
    elapsed: float = 0.0
    output: Optional[str] = None
    errors_file: Optional[str] = None
    resumed: bool = False

    @property
    def extracted(self) -> int:
        return self.documents - self.kept

    @property
    def exit_code(self) -> int:
        return EXIT_SKIPPED if self.skipped else EXIT_OK

    def line(self) -> str:
        labels = ", ".join(f"{label} {self.mentions[label]}" for label in ("ORG", "DATE", "SUMMIT", "DOCUMENT"))
        rate = self.words / self.elapsed if self.elapsed else 0.0
        resumed = f" ({self.kept} kept from the partial output, {self.extracted} extracted)" if self.resumed else ""
        where = f"; output {self.output}" if self.output else ""
        if self.errors_file:
            where += f", problems in {self.errors_file}"
        return (
            f"{self.documents} documents, {self.skipped} skipped, {self.warnings} warnings{resumed}; "
            f"mentions: {labels}; {self.elapsed:.1f}s, {rate:,.0f} words/s{where}"
        )


class RunStopped(Exception):
    """The run stopped part-way (a signal, a write error); the message says what was kept."""

    def __init__(self, message: str, exit_code: int):
        super().__init__(message)
        self.exit_code = exit_code


class _Terminated(BaseException):
    """SIGTERM, raised like KeyboardInterrupt so that every `with` block unwinds."""


def cpu_count() -> int:
    """CPUs this process may run on (a container's or taskset's limit included)."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def resolve_workers(workers: int) -> int:
    """0 = all CPUs; more worker processes than CPUs only cost memory, so at most the CPU count."""
    return cpu_count() if workers == 0 else max(1, min(workers, cpu_count()))


def workers_note(requested: int) -> Optional[str]:
    used = resolve_workers(requested)
    if requested > used:
        return f"note: --workers {requested} is more than the {used} CPUs here; using {used}"
    return None


def run_extraction(
    paths: Sequence[str],
    output: Union[None, Path, str, Target],
    *,
    workers: int = 1,
    include_text: bool = False,
    resume: bool = False,
    model: Optional[str] = None,
    rules_path: Optional[str] = None,
    max_record_bytes: int = DEFAULT_MAX_RECORD_BYTES,
    progress: bool = False,
    report: Callable[[str], None] = lambda message: print(message, file=sys.stderr),
    stdin=None,
    dask: Optional[str] = None,
) -> Summary:
    """Extract every input document of `paths` into `output` (stdout if None);
    on the Dask cluster at `dask` (`tcp://host:8786`, `local:N`) if given.

    Raises `InputError`, `OutputError` or `RuleFileError` before anything is
    written, and `RunStopped` when a signal or a write error stops the run
    part-way (the partial output is kept for `--resume`).
    """
    from .pipeline import RenewedPipeline  # spaCy is imported only when there is work

    target = output if isinstance(output, Target) else resolve_target(output)
    note = workers_note(workers)
    if note:
        report(note)
    workers = resolve_workers(workers)
    summary = Summary(resumed=resume)
    started = time.perf_counter()
    # Checked before any file is opened: a bad path, an input that is also the
    # output, a busy output, a bad rules directory or model fail at once and
    # leave nothing behind. The pipeline is built here even when workers do
    # the work, because a Pool respawns a worker whose initializer raised, forever.
    items = read_inputs(paths, stdin=stdin, written=target.files(), max_record_bytes=max_record_bytes)
    cluster = _dask_runner(dask, report)  # first: local Dask workers get ready while the pipeline is built
    with OutputSink(target, resume=resume) as sink, ErrorLog(target.errors_path) as errors, \
            _stop_on_sigterm(), contextlib.ExitStack() as stack:
        bar = None
        try:
            # Outside the write-error handling below: a model that cannot be
            # loaded or a cluster that cannot be reached (OSErrors too) is
            # fatal, nothing ran (and the partial this run created goes).
            pipeline = RenewedPipeline(model, rules_path)
            if cluster is not None:
                stack.enter_context(cluster.running(pipeline))
        except (KeyboardInterrupt, _Terminated) as stop:
            raise RunStopped(_kept_message("interrupted", target, sink, errors), _interrupt_code(stop)) from None
        try:
            sink.stamp = {
                "rules": rules_digest(pipeline.nlp),
                "version": __version__,
                "options": {"include_text": include_text, "model": model},
            }
            if sink.note:
                report(f"note: {sink.note}")
            bar = _progress_bar(progress)
            say = (lambda message: bar.write(message, file=sys.stderr)) if bar is not None else report

            def documents() -> Iterator[tuple[InputDoc, Any, Any]]:
                for item in items:
                    if isinstance(item, InputProblem):
                        errors.add(item)
                        say(f"warning: {item}" if not item.skipped else f"skipped: {item}")
                        continue
                    prov = sink.provenance(item)
                    claim = sink.claim(prov)
                    if claim is OutputSink.KEPT:
                        summary.documents += 1
                        _advance(bar, summary, started)
                        continue
                    yield item, prov, claim

            if cluster is not None:
                results = _in_order(documents(), lambda docs: cluster.process(docs, include_text))
            else:
                results = _process(documents(), pipeline, workers, include_text)
            for doc, prov, result in results:
                if isinstance(result, Exception):
                    problem = errors.add_failure(doc, f"extraction failed: {type(result).__name__}: {result}")
                    say(f"skipped: {problem}")
                else:
                    line, labels = result
                    sink.write_line(line, prov)
                    summary.documents += 1
                    if labels is not None:  # None: copied from the resumed partial
                        summary.words += len(doc.text.split())
                        summary.mentions.update(labels)
                _advance(bar, summary, started)
            errors.commit()
            sink.commit()
        except (KeyboardInterrupt, _Terminated) as stop:
            raise RunStopped(_kept_message("interrupted", target, sink, errors), _interrupt_code(stop)) from None
        except OutputWriteError as err:
            raise RunStopped(_kept_message(str(err), target, sink, errors), EXIT_STOPPED) from None
        except BrokenPipeError:
            raise  # `extract … | head`: the reader has what it wanted (the CLI ends quietly)
        except OSError as err:  # reading problems are records' problems: this is a write (the stash)
            message = f"cannot write {err.filename}: {err.strerror}" if err.filename else f"cannot write: {err}"
            raise RunStopped(_kept_message(message, target, sink, errors), EXIT_STOPPED) from None
        finally:
            if bar is not None:
                bar.close()
        summary.kept = sink.kept
        summary.skipped, summary.warnings = errors.skipped, errors.warnings
    summary.output = str(target.given) if target.kind != "stdout" else None
    summary.errors_file = str(target.errors_path) if errors.total and target.errors_path else None
    summary.elapsed = time.perf_counter() - started
    return summary


def _dask_runner(address: Optional[str], report):
    if address is None:
        return None
    from .distributed import DaskRunner  # Dask is imported only when it is asked for

    return DaskRunner(address, report=report)


def _in_order(entries: Iterable[tuple[InputDoc, Any, Any]], compute: Callable[[Iterable[InputDoc]], Iterable[tuple[InputDoc, Any]]]):
    """(doc, provenance, result) in input order, where `compute` (the Dask
    runner) gets only the documents whose line a resumed partial does not hold;
    the others pass through with their claimed line."""
    pending: deque = deque()

    def to_compute() -> Iterator[InputDoc]:
        for entry in entries:
            pending.append(entry)
            if entry[2] is None:
                yield entry[0]

    for doc, result in compute(to_compute()):
        while pending[0][2] is not None:
            claimed_doc, prov, claimed = pending.popleft()
            yield claimed_doc, prov, (claimed, None)
        _, prov, _ = pending.popleft()
        yield doc, prov, result
    while pending:
        claimed_doc, prov, claimed = pending.popleft()
        yield claimed_doc, prov, (claimed, None)


def rules_digest(nlp) -> str:
    """The digest of the rule set the pipeline's components use (`RuleSet.digest`)."""
    from .components.base import RuleComponent

    digests = sorted({component.rules.digest for _, component in nlp.pipeline if isinstance(component, RuleComponent)})
    return "+".join(digests)


def _kept_message(what: str, target: Target, sink: OutputSink, errors: ErrorLog) -> str:
    if target.kind != "file":
        where = "standard output" if target.kind == "stdout" else str(target.given)
        return f"{what}: {sink.written} documents were written to {where}"
    if sink.written + sink.kept == 0:
        return f"{what}: no document was written; {target.given} is unchanged"
    problems = f", {errors.total} problems in {errors.partial_path}" if errors.total else ""
    return (
        f"{what}: {sink.written + sink.kept} documents are kept in {sink.partial_path}{problems}; "
        f"{target.given} is unchanged; run the same command with --resume to continue"
    )


def _interrupt_code(stop: BaseException) -> int:
    return EXIT_INTERRUPTED[signal.SIGTERM if isinstance(stop, _Terminated) else signal.SIGINT]


@contextlib.contextmanager
def _stop_on_sigterm():
    """SIGTERM ends the run like Ctrl-C: quietly, keeping what was written."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def terminate(signum, frame):
        raise _Terminated()

    previous = signal.signal(signal.SIGTERM, terminate)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _progress_bar(enabled: bool):
    if not enabled:
        return None
    from tqdm import tqdm

    # The total is unknown: counting it would read every input twice.
    return tqdm(unit=" docs", file=sys.stderr, dynamic_ncols=True, mininterval=0.25, leave=True)


def _advance(bar, summary: Summary, started: float) -> None:
    if bar is None:
        return
    bar.update(1)
    elapsed = time.perf_counter() - started
    bar.set_postfix_str(f"{summary.words / elapsed if elapsed else 0:,.0f} words/s", refresh=False)


Result = Union[tuple[str, Optional[dict]], Exception]


def _process(docs: Iterable[tuple[InputDoc, Any, Any]], pipeline, workers: int, include_text: bool) -> Iterator[tuple[InputDoc, Any, Result]]:
    """(doc, provenance, (line, labels) or the exception), in input order. A
    document whose line was claimed from a resumed partial passes through
    with labels None."""
    from .pipeline import extract_line

    if workers == 1:
        for doc, prov, claimed in docs:
            if claimed is not None:
                yield doc, prov, (claimed, None)
                continue
            try:
                result: Result = extract_line(pipeline.next(), _task(doc, include_text))
            except Exception as err:  # one bad document must not stop the run
                result = err
            yield doc, prov, result
        return
    yield from _process_in_pool(docs, pipeline, workers, include_text)


def _process_in_pool(docs: Iterable[tuple[InputDoc, Any, Any]], pipeline, workers: int, include_text: bool):
    from .pipeline import share_with_workers

    # Forked workers start at once with the pipeline built above; where fork
    # does not exist (Windows, macOS default) each spawned worker builds its own.
    if "fork" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("fork")
        share_with_workers(pipeline)
    else:
        context = multiprocessing.get_context("spawn")
    with context.Pool(workers, initializer=_init_worker, initargs=(pipeline.model, pipeline.rules_path)) as pool:
        in_flight: deque = deque()
        limit = workers * BATCHES_IN_FLIGHT_PER_WORKER

        def submit(batch: list[tuple[InputDoc, Any, Any]]) -> None:
            tasks = [_task(doc, include_text) for doc, _, claimed in batch if claimed is None]
            in_flight.append((batch, pool.apply_async(extract_batch, (tasks,)) if tasks else None))

        batch: list[tuple[InputDoc, Any, Any]] = []
        for entry in docs:
            batch.append(entry)
            if len(batch) == BATCH_DOCS:
                submit(batch)
                batch = []
                while len(in_flight) >= limit:
                    yield from _collect(in_flight.popleft())
        if batch:
            submit(batch)
        while in_flight:
            yield from _collect(in_flight.popleft())


def _init_worker(model: Optional[str], rules_path: Optional[str]) -> None:
    """A worker leaves Ctrl-C and SIGTERM to the parent, which stops the pool
    (a worker killed by the pool's SIGTERM ends without a traceback)."""
    from .pipeline import init_worker

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    init_worker(model, rules_path)


def _task(doc: InputDoc, include_text: bool) -> tuple[str, str, dict, bool]:
    return doc.doc_id, doc.text, doc.meta, include_text


def _collect(entry) -> Iterator[tuple[InputDoc, Any, Result]]:
    batch, pending = entry
    results = iter(pending.get() if pending is not None else ())
    for doc, prov, claimed in batch:
        if claimed is not None:
            yield doc, prov, (claimed, None)
            continue
        result = next(results)
        yield doc, prov, (RuntimeError(result["error"]) if "error" in result else result["line"])


def extract_batch(tasks: list[tuple[str, str, dict, bool]]) -> list[dict[str, Any]]:
    """Worker side: each document's output line, or its error, never an exception."""
    from .pipeline import run_worker

    out = []
    for task in tasks:
        try:
            out.append({"line": run_worker(task)})
        except Exception as err:
            out.append({"error": f"{type(err).__name__}: {err}"})
    return out
