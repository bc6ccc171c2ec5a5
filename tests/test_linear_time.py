"""Issue 14, item 6: a run of punctuation costs what prose costs.

spaCy's tokenizer is quadratic in a run of prefix/suffix characters (32,000
"(" took 120 s; 1 MB would take hours). The matching view cuts such runs, so
1 MB of each character class, as one document, must take no longer than a
small multiple of 1 MB of prose (separate articles; timed on a quarter MB). Timing on a shared
machine is noisy, so the bound is generous (the runs take about a tenth of
the prose); and each document is timed in a child process that is killed
at the bound, so a regression fails instead of hanging the suite. The
precise figures are in `make bench` (bench/hostile.py).
"""

from __future__ import annotations

import os
import queue
import subprocess
import sys
import threading
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CLASSES = ["(", ")", '"', "*", "_", "!", "?", "[", "'", "=", "$", "%", "&", "#", "\u2014", "()", "!?", "<>"]
BOUND = 3.0  # a class may take this many times the prose

CHILD = r"""
import sys, time
from pathlib import Path
from kzextract.pipeline import build_pipeline, extract

MB = 1 << 20
nlp = build_pipeline()
articles, size = [], 0
texts = [p.read_text(encoding="utf-8") for p in sorted(Path(sys.argv[1]).rglob("*.txt"))]
while size < MB // 4:  # a quarter MB of articles is enough for seconds per MB
    for text in texts:
        articles.append(text); size += len(text)
start = time.perf_counter()
for i, text in enumerate(articles):
    extract(nlp, f"a{i}", text)
print("prose", (time.perf_counter() - start) * MB / size, flush=True)
for unit in sys.argv[2:]:
    text = (unit * (MB // len(unit) + 1))[:MB]
    start = time.perf_counter()
    extract(nlp, "run", text)
    print(repr(unit), time.perf_counter() - start, flush=True)
"""


def test_a_megabyte_of_each_punctuation_run_costs_no_more_than_prose():
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(REPO / "corpus"), *CLASSES],
        stdout=subprocess.PIPE, text=True, env=env,
    )
    lines: queue.Queue = queue.Queue()
    reader = threading.Thread(target=lambda: [lines.put(line) for line in child.stdout], daemon=True)
    reader.start()
    try:
        name, prose = lines.get(timeout=600).split()
        assert name == "prose"
        prose_seconds = float(prose)
        limit = max(BOUND * prose_seconds, 2.0)
        for unit in CLASSES:
            try:
                got, seconds = lines.get(timeout=limit + 5).rsplit(" ", 1)
            except queue.Empty:
                raise AssertionError(f"1 MB of {unit!r} took over {limit:.1f} s (prose: {prose_seconds:.1f} s/MB)") from None
            assert got == repr(unit)
            assert float(seconds) < limit, f"1 MB of {unit!r}: {float(seconds):.1f} s, prose {prose_seconds:.1f} s/MB"
    finally:
        child.kill()
        child.wait()
        reader.join(timeout=30)
        child.stdout.close()
