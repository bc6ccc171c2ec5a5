"""Scoring the grouping of SUMMIT and DOCUMENT mentions into records.

Gold mentions carry `attrs.record`, a key shared by every mention of one
real-world summit or document across all documents of the file. A
prediction's record is its own `attrs.record`, or, when no predicted
mention carries one, what `assign` (the record resolver) gives it. Over the
strictly matched mentions of each label, across all documents, the
clusterings are compared by pairs (`core.pairwise_id_agreement`): the
spelling of the keys never matters, only which mentions they group.
"""

from __future__ import annotations

from typing import Any, Callable, Mapping, Optional, Sequence

from ..schema import RECORD_LABELS, DocRecord, MentionRecord


# Given the predicted documents, a record key for every (doc_id, span id).
Assign = Callable[[Sequence[DocRecord]], Mapping[tuple[str, str], str]]


def predicted_records(pred: Sequence[DocRecord], assign: Optional[Assign]) -> tuple[dict[tuple[str, str], str], str]:
    """(record key per (doc_id, span id), where the keys came from)."""
    keys = {
        (record.doc_id, span.id): span.attrs.record
        for record in pred
        for span in record.spans
        if span.label in RECORD_LABELS and span.attrs.record
    }
    if keys or assign is None:
        return keys, "attrs.record"
    return dict(assign(pred)), "resolver"


def record_scores(
    matched: Mapping[str, Sequence[tuple[str, MentionRecord, MentionRecord]]],
    keys: Mapping[tuple[str, str], str],
    source: str,
) -> dict[str, Any]:
    """Pairwise record agreement per label; `matched[label]` holds
    (doc_id, gold span, predicted span) for the strict matches."""
    from .core import pairwise_id_agreement

    out: dict[str, Any] = {"source": source}
    for label in RECORD_LABELS:
        pairs = [(g.attrs.record, keys.get((doc_id, p.id))) for doc_id, g, p in matched.get(label, ())]
        scored = pairwise_id_agreement(pairs)
        scored["gold_records"] = len({g for g, _ in pairs if g})
        scored["pred_records"] = len({p for _, p in pairs if p})
        out[label] = scored
    return out
