"""Seconds per MB of hostile text against prose (issue 14, item 6).

spaCy's tokenizer is quadratic in a run of punctuation, and in some long
stretches without whitespace ("a:a:a:…"). The matching view cuts runs of
more than 16 non-word characters and puts a space into stretches longer
than 256 characters, so these cost what prose costs, or less.

Prose is the corpus articles (corpus/**/*.txt), each its own document,
repeated to 1 MB. Each hostile text is one document of SIZE characters of
one repeated unit. `extract()` in-process, reading and writing excluded.

    python bench/hostile.py [--mb 1] [--results bench/hostile.json]
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from kzextract.pipeline import build_pipeline, extract  # noqa: E402

UNITS = ["(", ")", '"', "*", "_", "!", "?", "[", "'", "=", "$", "%", "&", "#", "\u2014", "()", "!?", "<>", "a:", "1:", "( "]
MB = 1 << 20


def prose_articles(size: int) -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted((REPO / "corpus").rglob("*.txt"))]
    out, total = [], 0
    while total < size:
        for text in texts:
            out.append(text)
            total += len(text)
    return out


def seconds(nlp, texts: list[str]) -> float:
    start = time.perf_counter()
    for i, text in enumerate(texts):
        extract(nlp, f"d{i}", text)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mb", type=float, default=1.0, help="size of each hostile document, in MB")
    parser.add_argument("--results", type=Path, default=Path(__file__).with_name("hostile.json"))
    args = parser.parse_args()
    size = int(args.mb * MB)
    nlp = build_pipeline()
    articles = prose_articles(MB)
    prose = seconds(nlp, articles) * MB / sum(map(len, articles))
    rows = {"prose (articles)": prose}
    for unit in UNITS:
        rows[repr(unit)] = seconds(nlp, [(unit * (size // len(unit) + 1))[:size]]) * MB / size
    growth = {}
    for fraction in (0.25, 0.5, 1.0):
        n = int(fraction * size)
        growth[f"{fraction:g}"] = seconds(nlp, ["(" * n])
    print(f"{'text':<20} {'s/MB':>8} {'× prose':>8}")
    for name, value in rows.items():
        print(f"{name:<20} {value:8.3f} {value / prose:8.2f}")
    print("'(' as one document: " + ", ".join(f"{k} MB {v:.3f} s" for k, v in growth.items()))
    result = {
        "date": time.strftime("%Y-%m-%d"),
        "python": platform.python_version(),
        "size_mb": args.mb,
        "seconds_per_mb": {k: round(v, 4) for k, v in rows.items()},
        "ratio_to_prose": {k: round(v / prose, 3) for k, v in rows.items()},
        "open_paren_seconds_by_mb": {k: round(v, 4) for k, v in growth.items()},
    }
    args.results.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
