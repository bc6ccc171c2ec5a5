"""Throughput and memory of kzextract on the UNGDC corpus.

Over the first N documents of the corpus (read streaming, never copied into
the repository), one run measures:

  (a) tokenize      spacy.blank("en") tokenization alone (`nlp.make_doc`),
                    the floor any spaCy pipeline pays;
  (b) one_worker    `run_extraction(..., workers=1)` from a temporary
                    .jsonl.gz subset to a temporary output (reading,
                    extraction and writing included);
      extract_loop  the in-process `extract()` loop alone, reading excluded;
  (c) two_workers   `run_extraction(..., workers=2)`;
  (d) naive         `dateparser.search_dates(text, languages=["en"])` on a
                    small sample, the alternative the rulers replace;
  (e) load          `kzextract load` of (b)'s output into a new SQLite
                    database (`store.load_files`: validation, bulk inserts,
                    record resolution), against (b)'s time;
  (f) dask_local    `run_extraction(..., dask="local:2")`: a Dask LocalCluster
                    of 2 worker processes, started and stopped in the run.

Throughput is words/s, words being the whitespace-split count of each text.
Each configuration runs in a fresh subprocess (this script re-invoked with
`--measure NAME`, printing one JSON object), so its peak RSS
(`getrusage` RUSAGE_SELF / RUSAGE_CHILDREN `ru_maxrss`) is its own and not
inflated by another configuration run before it.

The targets are ratios, not absolute times: machines are shared and noisy,
and a ratio against tokenization on the same texts, on the same machine, in
the same run, cancels most of that. Only the full-corpus time on 2 cores is
absolute; it is projected from the 2-worker rate unless all documents run.

    python bench/bench.py --docs 1000          # or --docs all
    python bench/bench.py --docs 300 --profile # cProfile of the extract loop

Prints a table to stdout and writes bench/results.json.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime
import filecmp
import gzip
import importlib.util
import io
import itertools
import json
import os
import platform
import pstats
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Iterator, Optional

# The corpus sits in shared/ beside the checkout (as in CI); KZ_CORPUS overrides.
CORPUS = Path(os.environ.get("KZ_CORPUS", Path(__file__).resolve().parents[2] / "shared" / "corpora" / "ungdc-public.jsonl.gz"))
RESULTS = Path(__file__).with_name("results.json")
NAIVE_DOCS = 20

TARGETS = {
    "pipeline_vs_tokenize_min": 0.33,  # (b)/(a)
    "two_vs_one_worker_min": 1.7,  # (c)/(b)
    "dask_vs_local_min": 0.8,  # (f)/(c)
    "peak_rss_mb_max": 600.0,
    "full_corpus_seconds_max": 300.0,  # on 2 cores
    "rss_growth_max": 0.10,  # 1,000 docs vs all
    "load_vs_one_worker_max": 0.20,  # (e)/(b), seconds
}


# --------------------------------------------------------------------------
# Pure helpers


def word_count(text: str) -> int:
    return len(text.split())


def rate(words: int, seconds: float) -> float:
    return words / seconds if seconds > 0 else 0.0


def peak_rss_mb() -> dict[str, float]:
    """Peak resident set size of this process and of its largest waited-for child, in MB."""
    to_mb = 1 / 1024 if sys.platform != "darwin" else 1 / (1024 * 1024)  # KB on Linux, bytes on macOS
    return {
        "self": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * to_mb,
        "children": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * to_mb,
    }


def cpu_seconds() -> float:
    """User + system CPU time of this process and its waited-for children."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def read_lines(path: Path, limit: Optional[int]) -> Iterator[bytes]:
    """The first `limit` non-blank lines of a .jsonl.gz (all if None), streaming."""
    with gzip.open(path, "rb") as fh:
        yield from itertools.islice((line for line in fh if line.strip()), limit)


def read_docs(path: Path, limit: Optional[int] = None) -> Iterator[dict[str, Any]]:
    for line in read_lines(path, limit):
        yield json.loads(line)


def write_subset(source: Path, target: Path, limit: Optional[int]) -> dict[str, int]:
    """Copy the first `limit` lines of `source` to `target` unchanged; count docs and words."""
    docs = words = 0
    with gzip.open(target, "wb", compresslevel=1) as out:
        for line in read_lines(source, limit):
            out.write(line if line.endswith(b"\n") else line + b"\n")
            docs += 1
            words += word_count(json.loads(line)["text"])
    return {"docs": docs, "words": words}


def corpus_words(path: Path) -> dict[str, int]:
    docs = words = 0
    for doc in read_docs(path):
        docs += 1
        words += word_count(doc["text"])
    return {"docs": docs, "words": words}


# --------------------------------------------------------------------------
# Measurements: each returns plain values and runs in its own process


def measure_tokenize(subset: Path, **_: Any) -> dict[str, Any]:
    import spacy

    nlp = spacy.blank("en")
    words = docs = 0
    seconds = 0.0
    for doc in read_docs(subset):
        started = time.perf_counter()
        nlp.make_doc(doc["text"])
        seconds += time.perf_counter() - started
        docs += 1
        words += word_count(doc["text"])
    return {"docs": docs, "words": words, "seconds": seconds}


def measure_extract_loop(subset: Path, **_: Any) -> dict[str, Any]:
    from kzextract.pipeline import RenewedPipeline, extract

    started = time.perf_counter()
    pipeline = RenewedPipeline()  # as the batch runner does, so memory stays flat
    build_seconds = time.perf_counter() - started
    words = docs = mentions = 0
    seconds = 0.0
    for doc in read_docs(subset):
        started = time.perf_counter()
        record = extract(pipeline.next(), doc["id"], doc["text"], doc.get("meta"))
        seconds += time.perf_counter() - started
        docs += 1
        words += word_count(doc["text"])
        mentions += len(record.spans)
    return {"docs": docs, "words": words, "seconds": seconds, "build_seconds": build_seconds, "mentions": mentions}


def measure_batch(subset: Path, output: Path, workers: int, dask: Optional[str] = None) -> dict[str, Any]:
    from kzextract.batch import run_extraction

    # Dask's local workers are forked by a fork server, so they are not this
    # process's children and getrusage does not see them: sample them.
    sampler = DescendantSampler() if dask else None
    started = time.perf_counter()
    summary = run_extraction([str(subset)], output, workers=workers, progress=False, report=lambda message: None, dask=dask)
    seconds = time.perf_counter() - started
    result = {
        "docs": summary.documents,
        "skipped": summary.skipped,
        "words": summary.words,
        "seconds": seconds,
        "mentions": dict(summary.mentions),
    }
    if sampler:
        result["descendants"] = sampler.stop()
    return result


class DescendantSampler:
    """Peak RSS and CPU time of every process below this one, sampled every
    0.2 s (psutil, which Dask requires) until `stop()`."""

    def __init__(self, interval: float = 0.2):
        import threading

        import psutil

        self.root, self.interval = psutil.Process(), interval
        self.peak_rss: dict[int, float] = {}
        self.cpu: dict[int, float] = {}
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        import psutil

        while not self.done.wait(self.interval):
            for child in self.root.children(recursive=True):
                try:
                    rss, times = child.memory_info().rss / (1024 * 1024), child.cpu_times()
                except psutil.Error:
                    continue
                self.peak_rss[child.pid] = max(self.peak_rss.get(child.pid, 0.0), rss)
                self.cpu[child.pid] = times.user + times.system

    def stop(self) -> dict[str, float]:
        self.done.set()
        self.thread.join()
        return {"peak_rss_mb": max(self.peak_rss.values(), default=0.0), "cpu_seconds": sum(self.cpu.values())}


def measure_naive(subset: Path, **_: Any) -> dict[str, Any]:
    import warnings

    from dateparser.search import search_dates

    words = docs = found = 0
    seconds = 0.0
    for doc in read_docs(subset, NAIVE_DOCS):
        started = time.perf_counter()
        with warnings.catch_warnings():  # dateparser's own deprecation noise, not ours
            warnings.simplefilter("ignore", DeprecationWarning)
            hits = search_dates(doc["text"], languages=["en"]) or []
        seconds += time.perf_counter() - started
        docs += 1
        words += word_count(doc["text"])
        found += len(hits)
    return {"docs": docs, "words": words, "seconds": seconds, "dates_found": found}


def measure_load(subset: Path, output: Path) -> dict[str, Any]:
    """(e): `output` is (b)'s extraction output; loaded into a new SQLite file."""
    from kzextract.store import load_files

    words = sum(word_count(doc["text"]) for doc in read_docs(subset))
    database = output.with_suffix(".db")
    database.unlink(missing_ok=True)
    started = time.perf_counter()
    summary = load_files([output], f"sqlite:///{database}", batch_size=100_000, report=lambda message: None)
    seconds = time.perf_counter() - started
    return {"docs": summary.added, "words": words, "seconds": seconds, "mentions": summary.mentions,
            "db_mb": database.stat().st_size / 1e6}


MEASURES = {
    "tokenize": lambda subset, output: measure_tokenize(subset),
    "extract_loop": lambda subset, output: measure_extract_loop(subset),
    "one_worker": lambda subset, output: measure_batch(subset, output, 1),
    "two_workers": lambda subset, output: measure_batch(subset, output, 2),
    "dask_local": lambda subset, output: measure_batch(subset, output, 1, dask="local:2"),
    "naive": lambda subset, output: measure_naive(subset),
    "load": measure_load,
}
LABELS = {
    "tokenize": "(a) spacy.blank tokenize",
    "extract_loop": "    extract() loop, in-process",
    "one_worker": "(b) run_extraction, 1 worker",
    "two_workers": "(c) run_extraction, 2 workers",
    "dask_local": "(f) run_extraction, --dask local:2",
    "naive": "(d) dateparser.search_dates",
    "load": "(e) kzextract load (b)'s output",
}


def measure(name: str, subset: Path, output: Optional[Path]) -> dict[str, Any]:
    """One configuration, in this process; adds words/s, CPU use and peak RSS.

    `cores_used` (CPU seconds / wall seconds, setup included) near 1 per
    worker means the machine was free; well below it, something else ran.
    """
    load = os.getloadavg()[0]
    cpu, wall = cpu_seconds(), time.perf_counter()
    result = MEASURES[name](subset, output)
    descendants = result.pop("descendants", {"cpu_seconds": 0.0, "peak_rss_mb": 0.0})
    result["words_per_s"] = rate(result["words"], result["seconds"])
    result["cores_used"] = (cpu_seconds() - cpu + descendants["cpu_seconds"]) / (time.perf_counter() - wall)
    result["load_before"] = load
    result["peak_rss_mb"] = peak_rss_mb()
    result["peak_rss_mb"]["children"] = max(result["peak_rss_mb"]["children"], descendants["peak_rss_mb"])
    return result


def measure_in_subprocess(name: str, subset: Path, output: Path) -> dict[str, Any]:
    command = [sys.executable, __file__, "--measure", name, "--subset", str(subset), "--output", str(output)]
    done = subprocess.run(command, check=True, stdout=subprocess.PIPE, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


# --------------------------------------------------------------------------
# Report


def peak_of(result: dict[str, Any]) -> float:
    """The largest single process of a configuration (the parent or one worker)."""
    return max(result["peak_rss_mb"].values())


def check(value: float, target: Optional[str], met: Optional[bool], **extra: Any) -> dict[str, Any]:
    return {"value": value, "target": target, "met": met, **extra}


def checks(results: dict[str, Any], full_words: int, all_docs: bool) -> dict[str, Any]:
    """Each target whose configurations were measured (`--workers-only` skips some)."""
    speed = {name: r["words_per_s"] for name, r in results.items()}
    out = {}
    if {"tokenize", "one_worker"} <= speed.keys():
        ratio = speed["one_worker"] / speed["tokenize"]
        out["pipeline_vs_tokenize"] = check(ratio, f">= {TARGETS['pipeline_vs_tokenize_min']}",
                                            ratio >= TARGETS["pipeline_vs_tokenize_min"])
    if {"tokenize", "extract_loop"} <= speed.keys():
        out["extract_loop_vs_tokenize"] = check(speed["extract_loop"] / speed["tokenize"], None, None)
    if {"one_worker", "two_workers"} <= speed.keys():
        ratio = speed["two_workers"] / speed["one_worker"]
        out["two_vs_one_worker"] = check(ratio, f">= {TARGETS['two_vs_one_worker_min']}",
                                         ratio >= TARGETS["two_vs_one_worker_min"])
    if {"one_worker", "load"} <= speed.keys():
        ratio = results["load"]["seconds"] / results["one_worker"]["seconds"]
        out["load_vs_one_worker_seconds"] = check(ratio, f"< {TARGETS['load_vs_one_worker_max']}",
                                                  ratio < TARGETS["load_vs_one_worker_max"])
    if {"two_workers", "dask_local"} <= speed.keys():
        ratio = speed["dask_local"] / speed["two_workers"]
        out["dask_vs_two_workers"] = check(ratio, f">= {TARGETS['dask_vs_local_min']}",
                                           ratio >= TARGETS["dask_vs_local_min"])
    peaks = [peak_of(results[k]) for k in ("extract_loop", "one_worker", "two_workers", "dask_local") if k in results]
    out["peak_rss_mb"] = check(max(peaks), f"< {TARGETS['peak_rss_mb_max']:.0f}", max(peaks) < TARGETS["peak_rss_mb_max"])
    if "two_workers" in speed:
        seconds = results["two_workers"]["seconds"] if all_docs else full_words / speed["two_workers"]
        out["full_corpus_seconds_2_workers"] = check(seconds, f"< {TARGETS['full_corpus_seconds_max']:.0f}",
                                                     seconds < TARGETS["full_corpus_seconds_max"], projected=not all_docs)
    return out


def table(results: dict[str, Any], verdicts: dict[str, Any], info: dict[str, Any]) -> str:
    lines = [
        f"kzextract bench: {info['docs']:,} docs, {info['words']:,} words "
        f"({info['cpu_count']} CPUs, Python {info['python']}, spaCy {info['spacy']}, {info['date']})",
        "",
        f"{'configuration':<34}{'docs':>7}{'words':>12}{'seconds':>10}{'words/s':>12}{'cores':>7}{'RSS self':>10}{'RSS child':>11}",
    ]
    for name, label in LABELS.items():
        if name not in results:
            continue
        r = results[name]
        rss = r["peak_rss_mb"]
        lines.append(
            f"{label:<34}{r['docs']:>7,}{r['words']:>12,}{r['seconds']:>10.2f}{r['words_per_s']:>12,.0f}{r['cores_used']:>7.2f}"
            f"{rss['self']:>8.0f}MB{rss['children']:>9.0f}MB"
        )
    lines += ["", f"{'check':<44}{'value':>12}  {'target':<10}result"]
    for name, v in verdicts.items():
        value = f"{v['value']:.1f}s" if name.endswith("seconds_2_workers") else f"{v['value']:.1f}MB" if name == "peak_rss_mb" else f"{v['value']:.3f}"
        label = name + (" (projected)" if v.get("projected") else "")
        result = "-" if v["met"] is None else "met" if v["met"] else "NOT MET"
        lines.append(f"{label:<44}{value:>12}  {v['target'] or '':<10}{result}")
    for key, label in (("two_workers_output_identical", "2-worker output == 1-worker output"),
                       ("dask_output_identical", "Dask output == 1-worker output")):
        same = info.get(key)
        if same is not None:
            lines.append(f"{label:<44}{'yes' if same else 'NO':>12}")
    lines.append("(cores: CPU s / wall s of the configuration; ~1 per worker on a free machine)")
    return "\n".join(lines)


# --------------------------------------------------------------------------
# Profile


def profile(subset: Path, top: int) -> str:
    """cProfile of the in-process extract() loop, kzextract's own functions only."""
    profiler = cProfile.Profile()
    profiler.enable()
    measure_extract_loop(subset)
    profiler.disable()
    out = io.StringIO()
    for order in ("cumulative", "tottime"):
        stats = pstats.Stats(profiler, stream=out).sort_stats(order)
        out.write(f"\n=== all, by {order} ===\n")
        stats.print_stats(top)
        out.write(f"\n=== kzextract, by {order} ===\n")
        stats.print_stats("kzextract", top)
    return out.getvalue()


# --------------------------------------------------------------------------
# Main


def run(docs: Optional[int], names: list[str], results_path: Path) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="kzbench-") as tmp:
        subset = Path(tmp, "subset.jsonl.gz")
        counted = write_subset(CORPUS, subset, docs)
        full = counted if docs is None else corpus_words(CORPUS)
        outputs = {n: Path(tmp, f"{n}.jsonl") for n in names}
        results = {}
        for name in names:
            print(f"measuring {name} ...", file=sys.stderr, flush=True)
            # (e) loads (b)'s output, so it runs after it.
            target = outputs["one_worker"] if name == "load" else outputs[name]
            results[name] = measure_in_subprocess(name, subset, target)

        def identical(other: str) -> Optional[bool]:
            compared = [outputs.get("one_worker"), outputs.get(other)]
            return filecmp.cmp(*compared, shallow=False) if all(compared) else None

        two_identical, dask_identical = identical("two_workers"), identical("dask_local")

    import spacy

    info = {
        "date": datetime.datetime.now().isoformat(timespec="seconds"),
        "cpu_count": os.cpu_count(),
        "python": platform.python_version(),
        "spacy": spacy.__version__,
        "corpus": str(CORPUS),
        "docs": counted["docs"],
        "words": counted["words"],
        "corpus_docs": full["docs"],
        "corpus_words": full["words"],
        "naive_docs": NAIVE_DOCS,
        "two_workers_output_identical": two_identical,
        "dask_output_identical": dask_identical,
    }
    verdicts = checks(results, full["words"], docs is None)
    report = {**info, "results": results, "checks": verdicts, "targets": TARGETS}
    results_path.write_text(json.dumps(report, indent=2) + "\n")
    print(table(results, verdicts, info))
    print(f"\nwritten: {results_path}")
    return report


def parse_docs(value: str) -> Optional[int]:
    return None if value == "all" else int(value)


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=parse_docs, default=1000, help="first N documents, or 'all' (default 1000)")
    parser.add_argument("--skip-naive", action="store_true", help="skip (d), dateparser.search_dates")
    parser.add_argument("--workers-only", action="store_true", help="only (b), (c) and (f): the worker scaling")
    parser.add_argument("--load-only", action="store_true", help="only (b) and (e): loading against extracting")
    parser.add_argument("--skip-dask", action="store_true", help="skip (f), the Dask LocalCluster")
    parser.add_argument("--results", type=Path, default=RESULTS, help=f"JSON results file (default {RESULTS})")
    parser.add_argument("--profile", action="store_true", help="cProfile the extract() loop instead of benchmarking")
    parser.add_argument("--top", type=int, default=30, help="entries per profile listing")
    parser.add_argument("--measure", choices=list(MEASURES), help=argparse.SUPPRESS)  # internal: one configuration
    parser.add_argument("--subset", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--output", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.measure:
        print(json.dumps(measure(args.measure, args.subset, args.output)))
        return 0
    if args.profile:
        with tempfile.TemporaryDirectory(prefix="kzbench-") as tmp:
            subset = Path(tmp, "subset.jsonl.gz")
            write_subset(CORPUS, subset, args.docs)
            print(profile(subset, args.top))
        return 0
    names = ["one_worker", "two_workers", "dask_local"] if args.workers_only else ["one_worker", "load"] if args.load_only else [
        n for n in MEASURES if not (args.skip_naive and n == "naive")]
    if (args.skip_dask or importlib.util.find_spec("distributed") is None) and "dask_local" in names:
        names.remove("dask_local")  # skipped, or kzextract[dask] not installed
    run(args.docs, names, args.results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
