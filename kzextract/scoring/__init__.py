"""Scoring extractor output against gold: `score()` (core), the text
report and error listings (report), record grouping (records)."""

from .core import (
    ATTR_KEYS,
    DOCUMENT_ATTRS,
    SUMMIT_ATTRS,
    Counts,
    bootstrap_f1_ci,
    check_min_f1,
    lenient_counts,
    pairwise_id_agreement,
    prf,
    score,
)
from .records import predicted_records, record_scores
from .report import format_table, list_errors

__all__ = [
    "ATTR_KEYS",
    "DOCUMENT_ATTRS",
    "SUMMIT_ATTRS",
    "Counts",
    "bootstrap_f1_ci",
    "check_min_f1",
    "format_table",
    "lenient_counts",
    "list_errors",
    "pairwise_id_agreement",
    "predicted_records",
    "prf",
    "record_scores",
    "score",
]
