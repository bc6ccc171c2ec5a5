"""Seconds per MB and peak memory of one long document (issue 14, item 7).

Realistic text is UNGDC speeches joined by blank lines (read streaming from
the shared corpus, never copied here), cut to 0.1, 1, 4 and 20 MB at a
space. Each size is one document, extracted in a fresh subprocess (this
script re-invoked with `--measure MB`), so each peak RSS is its own. The
same text as separate articles (the speeches as they are) gives the s/MB a
long document is compared with.

Targets: seconds per MB flat within 1.5x across the sizes, and peak RSS
below 600 MB at 20 MB. One document of nothing but summit phrases, at 0.25
and 1 MB, shows that attribute lookups stay linear where every mention is a
candidate for every other.

    python bench/long.py [--sizes 0.1,1,4,20] [--results bench/long.json]
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Iterator

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
CORPUS = Path(os.environ.get("KZ_CORPUS", REPO.parent / "shared" / "corpora" / "ungdc-public.jsonl.gz"))
MB = 1 << 20
TARGETS = {"seconds_per_mb_spread_max": 1.5, "peak_rss_mb_at_20_max": 600.0}


def speeches() -> Iterator[str]:
    with gzip.open(CORPUS, "rt", encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)["text"]


def speeches_up_to(size: int) -> list[str]:
    out, total = [], 0
    for text in speeches():
        if total >= size:
            break
        out.append(text)
        total += len(text) + 2
    return out


def long_text(size: int) -> str:
    """`size` characters of speeches joined by blank lines, cut at a space."""
    text = "\n\n".join(speeches_up_to(size))[:size]
    return text[: text.rfind(" ")] if " " in text[-200:] else text


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# One summit phrase after another: every summit looks for its attributes among
# all the others, so a lookup that scans all pairs shows here first.
SUMMIT_RUN = "Summit of the Council of the Heads of State of the Shanghai Cooperation Organization held in Astana on 4 July 2024. "


def measure(mb: float, as_articles: bool, summits: bool = False) -> dict:
    from kzextract.pipeline import build_pipeline, extract

    size = int(mb * MB)
    if summits:
        texts = [(SUMMIT_RUN * (size // len(SUMMIT_RUN) + 1))[:size]]
    else:
        texts = speeches_up_to(size) if as_articles else [long_text(size)]
    nlp = build_pipeline()
    # Warmed up on a megabyte of the text itself: the first dates, names and
    # titles load dateparser's data and fill caches, a second or so that
    # would otherwise land on the smallest documents.
    extract(nlp, "warm-up", "\n\n".join(texts)[:MB])
    base_rss = peak_rss_mb()
    chars = sum(map(len, texts))
    # A document under a megabyte runs until a megabyte is done; its time is the median run's.
    runs = []
    for _ in range(max(1, round(MB / chars))):
        start = time.perf_counter()
        mentions = sum(len(extract(nlp, f"d{i}", text).spans) for i, text in enumerate(texts))
        runs.append(time.perf_counter() - start)
    seconds = sorted(runs)[len(runs) // 2]
    return {
        "mb": round(chars / MB, 3),
        "documents": len(texts),
        "mentions": mentions,
        "seconds": round(seconds, 3),
        "seconds_per_mb": round(seconds * MB / chars, 3),
        "peak_rss_mb": round(peak_rss_mb(), 1),
        "pipeline_rss_mb": round(base_rss, 1),
    }


def run_child(mb: float, as_articles: bool, summits: bool = False) -> dict:
    command = [sys.executable, __file__, "--measure", str(mb)] + (["--as-articles"] if as_articles else []) + (["--summits"] if summits else [])
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode:
        raise SystemExit(f"bench/long.py --measure {mb} failed:\n{done.stderr}")
    return json.loads(done.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="0.1,1,4,20", help="document sizes in MB, comma-separated")
    parser.add_argument("--results", type=Path, default=Path(__file__).with_name("long.json"))
    parser.add_argument("--measure", type=float, help=argparse.SUPPRESS)
    parser.add_argument("--as-articles", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--summits", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure is not None:
        print(json.dumps(measure(args.measure, args.as_articles, args.summits)))
        return
    if not CORPUS.exists():
        raise SystemExit(f"{CORPUS}: the UNGDC corpus is missing (set KZ_CORPUS)")
    sizes = [float(s) for s in args.sizes.split(",")]
    rows = {f"{mb:g} MB": run_child(mb, False) for mb in sizes}
    articles = run_child(4.0, True)
    summit_rows = {f"{mb:g} MB of summit phrases": run_child(mb, False, True) for mb in (0.25, 1.0)}
    rates = [row["seconds_per_mb"] for row in rows.values()]
    spread = max(rates) / min(rates)
    largest = rows[f"{max(sizes):g} MB"]
    print(f"{'document':<22}{'MB':>8}{'mentions':>10}{'seconds':>10}{'s/MB':>8}{'peak RSS':>11}")
    for name, row in [*rows.items(), (f"as {articles['documents']} articles", articles), *summit_rows.items()]:
        print(f"{name:<22}{row['mb']:>8.2f}{row['mentions']:>10}{row['seconds']:>10.2f}{row['seconds_per_mb']:>8.2f}{row['peak_rss_mb']:>9.0f}MB")
    summit_spread = max(r["seconds_per_mb"] for r in summit_rows.values()) / min(r["seconds_per_mb"] for r in summit_rows.values())
    spread_ok = spread <= TARGETS["seconds_per_mb_spread_max"]
    rss_ok = largest["peak_rss_mb"] < TARGETS["peak_rss_mb_at_20_max"]
    print(f"s/MB spread (max/min) {spread:.2f} (target <= 1.5): {'ok' if spread_ok else 'MISSED'}")
    print(f"summit phrases: s/MB spread (max/min) at 0.25 and 1 MB {summit_spread:.2f} (linear: about 1)")
    print(f"peak RSS at {max(sizes):g} MB {largest['peak_rss_mb']:.0f} MB (target < 600): {'ok' if rss_ok else 'MISSED'}")
    result = {
        "date": time.strftime("%Y-%m-%d"),
        "python": platform.python_version(),
        "one_document": rows,
        "as_articles_4mb": articles,
        "seconds_per_mb_spread": round(spread, 3),
        "summit_phrases": summit_rows,
        "summit_phrases_seconds_per_mb_spread": round(summit_spread, 3),
        "long_vs_articles_seconds_per_mb": round(largest["seconds_per_mb"] / articles["seconds_per_mb"], 3),
        "targets": TARGETS,
        "met": {"spread": spread_ok, "peak_rss": rss_ok},
    }
    args.results.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
