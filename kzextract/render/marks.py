"""One displaCy span dict per group of overlapping items: its CSS class,
visible tag and tooltip."""

from __future__ import annotations

import html
from collections import Counter
from typing import Any, Sequence

from ..schema import MentionRecord
from .classify import Item

LABEL_COLORS: dict[str, str] = {
    "ORG": "#7aecec",
    "DATE": "#bfe1d9",
    "SUMMIT": "#feca74",
    "DOCUMENT": "#c9b3f5",
    "MISMATCH": "#ffe4d1",
}

STATUS_NAMES = {"pred": "predicted", "tp": "true positive", "fp": "false positive", "fn": "false negative"}
STATUS_NOTES = {"fp": " (predicted, not in gold)", "fn": " (in gold, not predicted)"}

# One mark. `{label}` picks displaCy's colour (`bg`); the rest are params.
TEMPLATE = (
    '<mark class="entity {css}" title="{tooltip}" style="--bg: {bg}">{text}'
    '<span class="kz-tag">{tag}</span></mark>'
)


def _value(span: MentionRecord, key: str, spans: Sequence[MentionRecord]) -> str:
    """An attribute value as shown: a summit link with the summit's text."""
    value = span.norm if key == "norm" else getattr(span.attrs, key)
    if value is None:
        return "none"
    if key == "summit":
        target = next((s for s in spans if s.id == value), None)
        return f"{value} ({target.text!r})" if target is not None else f"{value} (not a span of this document)"
    return str(value)


def _describe(span: MentionRecord, spans: Sequence[MentionRecord]) -> str:
    """`norm` and attributes of one mention, one line."""
    parts = [f"norm: {_value(span, 'norm', spans)}"]
    attrs = span.attrs.present()
    if attrs:
        parts.append("attrs: " + ", ".join(f"{key}={_value(span, key, spans)}" for key in attrs))
    return "; ".join(parts)


def _heading(item: Item) -> str:
    span = item.span
    return f"{item.status.upper()} {span.label} {span.id} [{span.start}:{span.end}] {span.text!r}"


def _tooltip(item: Item, pred_spans: Sequence[MentionRecord], gold_spans: Sequence[MentionRecord]) -> str:
    """Plain text (escaped later): what a reviewer needs about one mention."""
    span = item.span
    spans = gold_spans if item.status == "fn" else pred_spans
    status = STATUS_NAMES[item.status] + STATUS_NOTES.get(item.status, "")
    lines = [f"{span.label} {span.id} [{span.start}:{span.end}]: {status}"]
    if item.gold is not None and item.diffs:
        lines.append("differs from gold in: " + ", ".join(item.diffs))
        for key in item.diffs:
            lines.append(
                f"  {key}: gold {_value(item.gold, key, gold_spans)} / predicted {_value(span, key, pred_spans)}"
            )
        lines.append(f"gold ({item.gold.id}): {_describe(item.gold, gold_spans)}")
        lines.append(f"predicted: {_describe(span, spans)}")
    else:
        lines.append(_describe(span, spans))
    lines += item.notes
    return "\n".join(lines)


def _mismatch_text(text: str, group: Sequence[Item]) -> str:
    """The escaped text of a group, cut where any member starts or ends, each
    piece classed by the sides that cover it (`in-fp`, `in-fn`, …)."""
    start = min(item.span.start for item in group)
    end = max(item.span.end for item in group)
    cuts = sorted({start, end, *(i.span.start for i in group), *(i.span.end for i in group)})
    pieces = []
    for left, right in zip(cuts, cuts[1:]):
        sides = sorted({f"in-{i.status}" for i in group if i.span.start <= left and right <= i.span.end})
        piece = html.escape(text[left:right])
        pieces.append(f'<span class="{" ".join(sides)}">{piece}</span>' if sides else piece)
    return "".join(pieces)


def mark(
    group: Sequence[Item], text: str, pred_spans: Sequence[MentionRecord], gold_spans: Sequence[MentionRecord]
) -> dict[str, Any]:
    """The displaCy span dict of one group of overlapping items."""
    if len(group) == 1:
        item = group[0]
        css = item.status + (" attr-diff" if item.diffs else "")
        tag = item.span.label
        if item.status in ("fp", "fn"):
            tag = f"{item.status.upper()} {tag}"
        if item.diffs:
            tag += " \u2260 " + ", ".join(item.diffs)
        return {
            "start": item.span.start,
            "end": item.span.end,
            "label": item.span.label,
            "params": {
                "css": css,
                "tag": html.escape(tag),
                "tooltip": html.escape(_tooltip(item, pred_spans, gold_spans)),
            },
        }
    counts = Counter(item.status for item in group)
    summary = ", ".join(f"{n} {STATUS_NAMES[status]}" for status, n in sorted(counts.items()))
    lines = [f"mismatch: {summary}"]
    for item in group:
        spans = gold_spans if item.status == "fn" else pred_spans
        lines.append(f"{_heading(item)}; {_describe(item.span, spans)}")
    return {
        "start": min(item.span.start for item in group),
        "end": max(item.span.end for item in group),
        "label": "MISMATCH",
        "params": {
            "css": "mismatch",
            "tag": html.escape(" · ".join(f"{item.status.upper()} {item.span.label}" for item in group)),
            "tooltip": html.escape("\n".join(lines)),
            # The pieces of the text each side covers, escaped here; this
            # replaces the escaped text displaCy would put in `{text}`.
            "text": _mismatch_text(text, group),
        },
    }
