"""Batch extraction: inputs streamed in, one JSON line out per document, in
input order, with bounded memory, optional worker processes, progress and a
summary on stderr, problems in an errors file.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import sys
import time
from collections import Counter, deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Optional, Sequence, TextIO, Union

from .inputs import InputDoc, InputProblem, count_inputs, read_inputs
from .outputs import ErrorLog, OutputSink, errors_path_for

EXIT_OK, EXIT_FATAL, EXIT_SKIPPED = 0, 1, 3
# Documents handed to a worker at once, and batches in flight per worker:
# enough to keep workers busy, few enough that memory does not grow with input.
BATCH_DOCS = 16
BATCHES_IN_FLIGHT_PER_WORKER = 4


@dataclass
class Summary:
    documents: int = 0
    skipped: int = 0
    warnings: int = 0
    words: int = 0
    mentions: Counter = field(default_factory=Counter)
    elapsed: float = 0.0

    @property
    def exit_code(self) -> int:
        return EXIT_SKIPPED if self.skipped else EXIT_OK

    def line(self) -> str:
        labels = ", ".join(f"{label} {self.mentions[label]}" for label in ("ORG", "DATE", "SUMMIT", "DOCUMENT"))
        rate = self.words / self.elapsed if self.elapsed else 0.0
        return (
            f"{self.documents} documents, {self.skipped} skipped, {self.warnings} warnings; "
            f"mentions: {labels}; {self.elapsed:.1f}s, {rate:,.0f} words/s"
        )


def resolve_workers(workers: int) -> int:
    return os.cpu_count() or 1 if workers == 0 else max(1, workers)


def run_extraction(
    paths: Sequence[str],
    output: Optional[Path],
    *,
    workers: int = 1,
    include_text: bool = False,
    resume: bool = False,
    model: Optional[str] = None,
    rules_path: Optional[str] = None,
    progress: bool = False,
    report: Callable[[str], None] = lambda message: print(message, file=sys.stderr),
    stdin=None,
    dask: Optional[str] = None,
) -> Summary:
    """Extract every input document of `paths` into `output` (stdout if None);
    on the Dask cluster at `dask` (`tcp://host:8786`, `local:N`) if given."""
    from .pipeline import RenewedPipeline  # spaCy is imported only when there is work

    workers = resolve_workers(workers)
    summary = Summary()
    started = time.perf_counter()
    total = count_inputs(paths) if progress else None
    bar = ProgressBar(total, sys.stderr) if progress else None
    errors_path = errors_path_for(output) if output is not None else None
    # Checked before any file is opened: a bad path, rules directory or model
    # fails at once and leaves nothing behind. The pipeline is built here even
    # when workers do the work, because a Pool respawns a worker whose
    # initializer raised, forever.
    items = read_inputs(paths, stdin=stdin)
    cluster = _dask_runner(dask, report)  # first: local Dask workers get ready while the pipeline is built
    pipeline = RenewedPipeline(model, rules_path)
    # The cluster is reached before the output is opened: if it cannot be, no file is left.
    with cluster.running(pipeline) if cluster else contextlib.nullcontext(), \
            OutputSink(output, resume=resume) as sink, ErrorLog(errors_path) as errors:
        done_ids = sink.done_ids

        def documents() -> Iterator[InputDoc]:
            for item in items:
                if isinstance(item, InputProblem):
                    errors.add(item)
                    report(f"warning: {item}" if not item.skipped else f"skipped: {item}")
                    continue
                if item.doc_id in done_ids:
                    if bar:
                        bar.advance(len(item.text.split()))
                    continue
                yield item

        if cluster is not None:
            results = cluster.process(documents(), include_text)
        else:
            results = _process(documents(), pipeline, workers, include_text)
        for doc, result in results:
            words = len(doc.text.split())
            if isinstance(result, Exception):
                problem = errors.add_failure(doc, f"extraction failed: {type(result).__name__}: {result}")
                report(f"skipped: {problem}")
            else:
                line, labels = result
                sink.write_line(doc.doc_id, line)
                summary.documents += 1
                summary.words += words
                summary.mentions.update(labels)
            if bar:
                bar.advance(words)
        errors.commit()
        sink.commit()
        summary.skipped, summary.warnings = errors.skipped, errors.warnings
    if bar:
        bar.close()
    summary.elapsed = time.perf_counter() - started
    return summary


def _dask_runner(address: Optional[str], report):
    if address is None:
        return None
    from .distributed import DaskRunner  # Dask is imported only when it is asked for

    return DaskRunner(address, report=report)


def _process(docs: Iterable[InputDoc], pipeline, workers: int, include_text: bool):
    from .pipeline import extract_line

    if workers == 1:
        for doc in docs:
            try:
                result: Union[tuple[str, dict], Exception] = extract_line(pipeline.next(), _task(doc, include_text))
            except Exception as err:  # one bad document must not stop the run
                result = err
            yield doc, result
        return
    yield from _process_in_pool(docs, pipeline, workers, include_text)


def _process_in_pool(docs: Iterable[InputDoc], pipeline, workers: int, include_text: bool):
    from .pipeline import init_worker, share_with_workers

    # Forked workers start at once with the pipeline built above; where fork
    # does not exist (Windows, macOS default) each spawned worker builds its own.
    if "fork" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("fork")
        share_with_workers(pipeline)
    else:
        context = multiprocessing.get_context("spawn")
    with context.Pool(workers, initializer=init_worker, initargs=(pipeline.model, pipeline.rules_path)) as pool:
        in_flight: deque = deque()
        limit = workers * BATCHES_IN_FLIGHT_PER_WORKER

        def submit(batch: list[InputDoc]) -> None:
            in_flight.append((batch, pool.apply_async(extract_batch, ([_task(d, include_text) for d in batch],))))

        batch: list[InputDoc] = []
        for doc in docs:
            batch.append(doc)
            if len(batch) == BATCH_DOCS:
                submit(batch)
                batch = []
                while len(in_flight) >= limit:
                    yield from _collect(in_flight.popleft())
        if batch:
            submit(batch)
        while in_flight:
            yield from _collect(in_flight.popleft())


def _task(doc: InputDoc, include_text: bool) -> tuple[str, str, dict, bool]:
    return doc.doc_id, doc.text, doc.meta, include_text


def _collect(entry) -> Iterator[tuple[InputDoc, Union[tuple[str, dict], Exception]]]:
    batch, pending = entry
    for doc, result in zip(batch, pending.get()):
        yield doc, (RuntimeError(result["error"]) if "error" in result else result["line"])


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


class ProgressBar:
    """A one-line progress display on a terminal; redrawn at most 4 times a second."""

    def __init__(self, total: Optional[int], stream: TextIO):
        self.total = total
        self.stream = stream
        self.done = 0
        self.words = 0
        self.started = time.perf_counter()
        self.last_draw = 0.0

    def advance(self, words: int) -> None:
        self.done += 1
        self.words += words
        now = time.perf_counter()
        if now - self.last_draw >= 0.25:
            self.last_draw = now
            self._draw(now)

    def _draw(self, now: float) -> None:
        elapsed = max(now - self.started, 1e-9)
        rate = self.words / elapsed
        if self.total:
            eta = (self.total - self.done) * elapsed / max(self.done, 1)
            text = f"{self.done}/{self.total} docs ({100 * self.done / self.total:.0f}%), {rate:,.0f} words/s, ETA {eta:,.0f}s"
        else:
            text = f"{self.done} docs, {rate:,.0f} words/s"
        self.stream.write("\r" + text.ljust(70))
        self.stream.flush()

    def close(self) -> None:
        self._draw(time.perf_counter())
        self.stream.write("\n")
        self.stream.flush()
