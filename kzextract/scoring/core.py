"""Scoring extractor output against gold (both are `schema.DocRecord`s).

Everything here is a pure function of the records, so the CLI, tests and
notebooks get the same numbers. What is measured:

- spans, per label, micro and macro, *strict* (same start, end and label)
  and *lenient* (same label, overlapping, matched one-to-one);
- DATE norms (accuracy over strict matches, and "value" F1 where a DATE is
  right only when both span and norm are);
- ORG ids by pairwise agreement over the strictly matched ORG mentions of the
  whole corpus, so gold and extractor need not spell ids alike;
- SUMMIT and DOCUMENT attributes, per key, over strict matches;
- SUMMIT and DOCUMENT records (`attrs.record`), pairwise over the strictly
  matched mentions of all documents (`scoring.records`);
- a document bootstrap 95% interval for strict F1.

Conventions (chosen to agree with `spacy.scorer.PRFScore`):

- p = tp/(tp+fp), r = tp/(tp+fn), f = 2pr/(p+r), each 0.0 when its
  denominator is 0. So a label with no gold and no predicted spans scores
  p = r = f = 0.0; its tp/fp/fn of 0 show that it was simply absent.
- spaCy leaves such labels out of its per-type scores; likewise the macro F1
  here is the mean over the labels that occur (tp+fp+fn > 0) in gold or
  predictions; `macro["labels"]` names them. With all four labels present
  this is the mean over the four.
- Spans are compared as sets per document, as spaCy does: a span repeated
  with the same offsets and label counts once.
- Micro scores sum tp/fp/fn over labels and documents before dividing; no
  ratio is ever averaged across documents.
- Accuracies and pairwise scores with nothing to count are 0.0 with n = 0.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass
from typing import Any, Hashable, Iterable, Mapping, Optional, Sequence

import numpy as np

from ..schema import LABELS, DocRecord, MentionRecord
from .records import RECORD_LABELS, Assign, predicted_records, record_scores

SUMMIT_ATTRS: tuple[str, ...] = ("org", "place", "date", "ordinal")
DOCUMENT_ATTRS: tuple[str, ...] = ("type", "org", "date", "summit")
ATTR_KEYS: dict[str, tuple[str, ...]] = {"SUMMIT": SUMMIT_ATTRS, "DOCUMENT": DOCUMENT_ATTRS}

Offsets = tuple[int, int]


def _ratio(numerator: float, denominator: float) -> float:
    return numerator / denominator if denominator else 0.0


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    """Precision, recall and F1 with the module's 0.0-for-0/0 convention."""
    p = _ratio(tp, tp + fp)
    r = _ratio(tp, tp + fn)
    return p, r, _ratio(2 * p * r, p + r)


@dataclass
class Counts:
    """tp/fp/fn of one label; added up before any ratio is taken."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def __iadd__(self, other: Counts) -> Counts:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        return self

    def to_dict(self) -> dict[str, Any]:
        p, r, f = prf(self.tp, self.fp, self.fn)
        return {"p": p, "r": r, "f": f, "tp": self.tp, "fp": self.fp, "fn": self.fn}


# ---------------------------------------------------------------- matching


def _by_offsets(spans: Iterable[MentionRecord], label: str) -> dict[Offsets, MentionRecord]:
    """Spans of one label keyed by offsets; the first of any repeats wins."""
    out: dict[Offsets, MentionRecord] = {}
    for span in spans:
        if span.label == label:
            out.setdefault((span.start, span.end), span)
    return out


@dataclass
class _StrictMatch:
    pairs: list[tuple[MentionRecord, MentionRecord]]  # (gold, pred), in gold order
    false_pos: list[MentionRecord]
    false_neg: list[MentionRecord]

    @property
    def counts(self) -> Counts:
        return Counts(len(self.pairs), len(self.false_pos), len(self.false_neg))


def _position(span: MentionRecord) -> Offsets:
    return span.start, span.end


def _strict_match(gold: DocRecord, pred: DocRecord, label: str) -> _StrictMatch:
    """Same start, end and label."""
    gold_spans = _by_offsets(gold.spans, label)
    pred_spans = _by_offsets(pred.spans, label)
    pairs = [(g, pred_spans[key]) for key, g in gold_spans.items() if key in pred_spans]
    false_pos = [p for key, p in pred_spans.items() if key not in gold_spans]
    false_neg = [g for key, g in gold_spans.items() if key not in pred_spans]
    return _StrictMatch(
        sorted(pairs, key=lambda pair: _position(pair[0])),
        sorted(false_pos, key=_position),
        sorted(false_neg, key=_position),
    )


def lenient_counts(gold: Sequence[Offsets], pred: Sequence[Offsets]) -> Counts:
    """Counts for one label when overlapping spans match, one-to-one.

    Greedy by largest overlap: a prediction that overlaps two gold spans is
    credited once, to the one it covers most, and the other gold span may
    still match another prediction. Ties are broken by offsets so the result
    never depends on input order.
    """
    gold = sorted(set(gold))
    pred = sorted(set(pred))
    candidates = []
    for gi, (gs, ge) in enumerate(gold):
        for pi, (ps, pe) in enumerate(pred):
            overlap = min(ge, pe) - max(gs, ps)
            if overlap > 0:
                candidates.append((-overlap, gs, ge, ps, pe, gi, pi))
    candidates.sort()
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    for *_, gi, pi in candidates:
        if gi not in used_gold and pi not in used_pred:
            used_gold.add(gi)
            used_pred.add(pi)
    tp = len(used_gold)
    return Counts(tp, len(pred) - tp, len(gold) - tp)


def _offsets(record: DocRecord, label: str) -> list[Offsets]:
    return [(s.start, s.end) for s in record.spans if s.label == label]


def _align(gold: Sequence[DocRecord], pred: Sequence[DocRecord]) -> tuple[list[tuple[DocRecord, DocRecord]], list[str]]:
    """Pairs (gold, pred) by doc_id, in gold order.

    A gold document without a prediction is paired with an empty one, so
    all its spans count as false negatives. Predicted documents missing from
    gold are returned by id and not scored. Repeated doc ids are an error:
    which copy to score would be a guess.
    """
    for name, records in (("gold", gold), ("predictions", pred)):
        seen: set[str] = set()
        for record in records:
            if record.doc_id in seen:
                raise ValueError(f"duplicate doc_id {record.doc_id!r} in {name}")
            seen.add(record.doc_id)
    pred_by_id = {record.doc_id: record for record in pred}
    gold_ids = {record.doc_id for record in gold}
    pairs = [(g, pred_by_id.get(g.doc_id) or DocRecord(doc_id=g.doc_id)) for g in gold]
    unmatched = [record.doc_id for record in pred if record.doc_id not in gold_ids]
    return pairs, unmatched


# ---------------------------------------------------------------- sub-scores


def pairwise_id_agreement(pairs: Iterable[tuple[Optional[str], Optional[str]]]) -> dict[str, Any]:
    """Agreement of two clusterings of the same mentions, by pairs.

    `pairs` holds (gold id, pred id) per mention. Over all unordered pairs of
    mentions, precision is (same in both)/(same in pred) and recall is
    (same in both)/(same in gold). Counted from the gold × pred contingency
    table, C(n, 2) per cell, so thousands of mentions cost linear time. A
    missing id (None or "") never equals another one.
    """
    cells: Counter[tuple[Hashable, Hashable]] = Counter()
    n = 0
    for index, (gold_id, pred_id) in enumerate(pairs):
        gold_key = gold_id if gold_id else ("<missing>", index)
        pred_key = pred_id if pred_id else ("<missing>", index)
        cells[gold_key, pred_key] += 1
        n += 1
    gold_sizes: Counter[Hashable] = Counter()
    pred_sizes: Counter[Hashable] = Counter()
    for (gold_key, pred_key), size in cells.items():
        gold_sizes[gold_key] += size
        pred_sizes[pred_key] += size

    def same_pairs(sizes: Iterable[int]) -> int:
        return sum(k * (k - 1) // 2 for k in sizes)

    both = same_pairs(cells.values())
    same_gold = same_pairs(gold_sizes.values())
    same_pred = same_pairs(pred_sizes.values())
    p = _ratio(both, same_pred)
    r = _ratio(both, same_gold)
    return {
        "p": p,
        "r": r,
        "f": _ratio(2 * p * r, p + r),
        "n_pairs": n * (n - 1) // 2,
        "n_mentions": n,
        "same_both": both,
        "same_gold": same_gold,
        "same_pred": same_pred,
    }


def _summit_offsets(record: DocRecord) -> dict[str, Offsets]:
    return {span.id: (span.start, span.end) for span in record.spans if span.label == "SUMMIT"}


def _attr_value(span: MentionRecord, key: str, summits: Mapping[str, Offsets]) -> Any:
    """The comparable value of one attribute.

    A `summit` link is compared by the offsets of the SUMMIT it points to,
    since gold and extractor number their spans independently. A dangling
    link becomes a fresh object, equal to nothing.
    """
    value = getattr(span.attrs, key)
    if key == "summit" and value is not None:
        return summits.get(value, object())
    return value


def _date_scores(date_pairs: Sequence[tuple[MentionRecord, MentionRecord]], strict: Counts) -> dict[str, Any]:
    """Norm accuracy over strict DATE matches, and value P/R/F where a
    DATE is a true positive only when its span and its norm are right."""
    n = len(date_pairs)
    correct = sum(1 for g, p in date_pairs if g.norm == p.norm)
    value_fp = strict.tp + strict.fp - correct
    value_fn = strict.tp + strict.fn - correct
    value_p, value_r, value_f = prf(correct, value_fp, value_fn)
    return {
        "norm_accuracy": _ratio(correct, n),
        "correct": correct,
        "n": n,
        "value_p": value_p,
        "value_r": value_r,
        "value_f": value_f,
        "value_tp": correct,
        "value_fp": value_fp,
        "value_fn": value_fn,
    }


def _percentile_ci(values: np.ndarray) -> list[float]:
    low, high = np.percentile(values, [2.5, 97.5])
    return [float(low), float(high)]


def bootstrap_f1_ci(per_doc: np.ndarray, *, iterations: int, seed: int) -> dict[str, list[float]]:
    """95% intervals of strict F1 per label and micro, resampling documents.

    `per_doc` has shape (documents, labels, 3) with tp/fp/fn, computed once;
    each replicate draws documents with replacement from `random.Random(seed)`
    and adds up their counts (a weighted sum), so a replicate costs one
    matrix product instead of re-matching spans.
    """
    n_docs, n_labels, _ = per_doc.shape
    rng = random.Random(seed)
    flat = per_doc.reshape(n_docs, n_labels * 3).astype(np.float64)
    weights = np.zeros((iterations, n_docs))
    for i in range(iterations):
        drawn = rng.choices(range(n_docs), k=n_docs) if n_docs else []
        weights[i] = np.bincount(np.asarray(drawn, dtype=np.int64), minlength=n_docs)
    totals = (weights @ flat).reshape(iterations, n_labels, 3)
    totals = np.concatenate([totals, totals.sum(axis=1, keepdims=True)], axis=1)
    tp, fp, fn = totals[..., 0], totals[..., 1], totals[..., 2]
    p = np.divide(tp, tp + fp, out=np.zeros_like(tp), where=(tp + fp) > 0)
    r = np.divide(tp, tp + fn, out=np.zeros_like(tp), where=(tp + fn) > 0)
    f = np.divide(2 * p * r, p + r, out=np.zeros_like(tp), where=(p + r) > 0)
    names = list(LABELS[:n_labels]) + ["micro"]
    return {name: _percentile_ci(f[:, j]) for j, name in enumerate(names)}


def _table(per_label: Mapping[str, Counts]) -> dict[str, Any]:
    """Per-label, micro and macro scores from summed counts."""
    out: dict[str, Any] = {label: per_label[label].to_dict() for label in LABELS}
    micro = Counts()
    for label in LABELS:
        micro += per_label[label]
    out["micro"] = micro.to_dict()
    present = [label for label in LABELS if out[label]["tp"] + out[label]["fp"] + out[label]["fn"] > 0]
    macro_f = sum(out[label]["f"] for label in present) / len(present) if present else 0.0
    out["macro"] = {"f": macro_f, "labels": present}
    return out


# ---------------------------------------------------------------- public API


def score(
    gold: Sequence[DocRecord],
    pred: Sequence[DocRecord],
    *,
    bootstrap: int = 1000,
    seed: int = 0,
    assign: Optional[Assign] = None,
) -> dict[str, Any]:
    """Score `pred` against `gold`; the result is plain JSON-ready data.

    Shape::

        {"strict":  {LABEL: {p, r, f, tp, fp, fn, ci}, "micro": {...}, "macro": {f, labels}},
         "lenient": {LABEL: {p, r, f, tp, fp, fn},     "micro": {...}, "macro": {f, labels}},
         "date":    {norm_accuracy, correct, n, value_p, value_r, value_f, value_tp, value_fp, value_fn},
         "org_ids": {p, r, f, n_pairs, n_mentions, same_both, same_gold, same_pred},
         "attrs":   {"SUMMIT": {key: {correct, n, accuracy}}, "DOCUMENT": {...}},
         "records": {"source", "SUMMIT": {p, r, f, n_mentions, gold_records, pred_records, …}, "DOCUMENT": {...}},
         "n_docs", "unmatched_docs", "counts": {"gold": {LABEL: n}, "pred": {LABEL: n}}}

    `ci` ([low, high], strict per label and micro) is left out when
    `bootstrap` is 0. `n_docs` counts gold documents; `counts` count the
    spans of the scored documents (gold, and the predictions paired with
    them), repeats included.
    """
    pairs, unmatched = _align(gold, pred)
    strict = {label: Counts() for label in LABELS}
    lenient = {label: Counts() for label in LABELS}
    per_doc = np.zeros((len(pairs), len(LABELS), 3), dtype=np.int64)
    matched: dict[str, list[tuple[MentionRecord, MentionRecord]]] = {label: [] for label in LABELS}
    attr_tallies = {label: {key: [0, 0] for key in keys} for label, keys in ATTR_KEYS.items()}
    counts = {side: {label: 0 for label in LABELS} for side in ("gold", "pred")}
    record_pairs: dict[str, list] = {label: [] for label in RECORD_LABELS}

    for d, (gold_doc, pred_doc) in enumerate(pairs):
        for side, record in (("gold", gold_doc), ("pred", pred_doc)):
            for span in record.spans:
                counts[side][span.label] += 1
        gold_summits, pred_summits = _summit_offsets(gold_doc), _summit_offsets(pred_doc)
        for j, label in enumerate(LABELS):
            match = _strict_match(gold_doc, pred_doc, label)
            doc_counts = match.counts
            strict[label] += doc_counts
            per_doc[d, j] = (doc_counts.tp, doc_counts.fp, doc_counts.fn)
            lenient[label] += lenient_counts(_offsets(gold_doc, label), _offsets(pred_doc, label))
            matched[label].extend(match.pairs)
            if label in RECORD_LABELS:
                record_pairs[label].extend((gold_doc.doc_id, g, p) for g, p in match.pairs)
            for key in ATTR_KEYS.get(label, ()):
                tally = attr_tallies[label][key]
                for g, p in match.pairs:
                    gold_value = _attr_value(g, key, gold_summits)
                    pred_value = _attr_value(p, key, pred_summits)
                    if gold_value is None and pred_value is None:
                        continue
                    tally[1] += 1
                    tally[0] += gold_value == pred_value

    report: dict[str, Any] = {
        "strict": _table(strict),
        "lenient": _table(lenient),
        "date": _date_scores(matched["DATE"], strict["DATE"]),
        "org_ids": pairwise_id_agreement((g.norm, p.norm) for g, p in matched["ORG"]),
        "attrs": {
            label: {
                key: {"correct": correct, "n": n, "accuracy": _ratio(correct, n)}
                for key, (correct, n) in tallies.items()
            }
            for label, tallies in attr_tallies.items()
        },
        "records": record_scores(record_pairs, *predicted_records([p for _, p in pairs], assign)),
        "n_docs": len(pairs),
        "unmatched_docs": unmatched,
        "counts": counts,
    }
    if bootstrap > 0:
        for name, ci in bootstrap_f1_ci(per_doc, iterations=bootstrap, seed=seed).items():
            report["strict"][name]["ci"] = ci
    return report


def check_min_f1(report: Mapping[str, Any], thresholds: Mapping[str, float]) -> list[str]:
    """One message per label (or `micro`/`macro`) whose strict F1 is below
    its threshold; an empty list means all thresholds are met.

    Keys are matched case-insensitively (`org`, `ORG`, `Micro`). An unknown
    key raises ValueError: a typo must not pass a CI gate silently.
    """
    strict = report["strict"]
    by_lower = {name.lower(): name for name in strict}
    messages = []
    for key, threshold in thresholds.items():
        name = by_lower.get(key.lower())
        if name is None:
            raise ValueError(f"unknown label {key!r} in F1 thresholds; known: {', '.join(strict)}")
        f = strict[name]["f"]
        if f < threshold:
            note = ""
            if name in LABELS and strict[name]["tp"] + strict[name]["fp"] + strict[name]["fn"] == 0:
                note = " (no gold or predicted spans)"
            messages.append(f"strict F1 of {name} is {f:.3f}, below {threshold:.3f}{note}")
    return messages
