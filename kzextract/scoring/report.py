"""Scores as text: the table of `score()` and the error listings."""

from __future__ import annotations

from typing import Any, Iterable, Mapping, Optional, Sequence

from ..schema import LABELS, DocRecord, MentionRecord
from .core import ATTR_KEYS, _align, _attr_value, _strict_match, _summit_offsets


def _fmt(value: float) -> str:
    return f"{value:.3f}"


def format_table(report: Mapping[str, Any]) -> str:
    """The report as a plain-text table for a terminal."""
    strict, lenient = report["strict"], report["lenient"]
    has_ci = "ci" in strict["micro"]
    header = f"{'label':<9} {'P':>6} {'R':>6} {'F':>6} {'tp':>5} {'fp':>5} {'fn':>5}"
    if has_ci:
        header += f"  {'F 95% CI':<15}"
    header += f" | {'P':>6} {'R':>6} {'F':>6} {'tp':>5} {'fp':>5} {'fn':>5}"
    bar = header.index("|")
    title = f"{'':10}{'strict':<{bar - 10}}| lenient"
    lines = [f"documents: {report['n_docs']}"]
    if report["unmatched_docs"]:
        lines.append(
            f"predicted documents not in gold (ignored): {len(report['unmatched_docs'])}: "
            + ", ".join(report["unmatched_docs"])
        )
    lines += ["", title, header, "-" * len(header)]
    for name in (*LABELS, "micro"):
        s, le = strict[name], lenient[name]
        row = f"{name:<9} {_fmt(s['p']):>6} {_fmt(s['r']):>6} {_fmt(s['f']):>6} {s['tp']:>5} {s['fp']:>5} {s['fn']:>5}"
        if has_ci:
            row += f"  {'[' + _fmt(s['ci'][0]) + ', ' + _fmt(s['ci'][1]) + ']':<15}"
        row += f" | {_fmt(le['p']):>6} {_fmt(le['r']):>6} {_fmt(le['f']):>6} {le['tp']:>5} {le['fp']:>5} {le['fn']:>5}"
        lines.append(row)
    macro_row = f"{'macro':<9} {'':>6} {'':>6} {_fmt(strict['macro']['f']):>6} {'':>5} {'':>5} {'':>5}"
    if has_ci:
        macro_row += " " * 17
    macro_row += f" | {'':>6} {'':>6} {_fmt(lenient['macro']['f']):>6}"
    lines.append(macro_row.rstrip())

    date = report["date"]
    lines += [
        "",
        f"DATE norms: accuracy {_fmt(date['norm_accuracy'])} over {date['n']} strict matches; "
        f"value P {_fmt(date['value_p'])} R {_fmt(date['value_r'])} F {_fmt(date['value_f'])}",
    ]
    ids = report["org_ids"]
    lines.append(
        f"ORG ids (pairwise, {ids['n_mentions']} matched mentions, {ids['n_pairs']} pairs): "
        f"P {_fmt(ids['p'])} R {_fmt(ids['r'])} F {_fmt(ids['f'])}"
    )
    lines.append("attributes (accuracy over strict matches):")
    for label, keys in report["attrs"].items():
        cells = [f"{key} {_fmt(v['accuracy'])} ({v['correct']}/{v['n']})" for key, v in keys.items()]
        lines.append(f"  {label:<9} " + "  ".join(cells))
    records = report.get("records")
    if records:
        lines.append(f"records (pairwise over strict matches, across documents; predicted by {records['source']}):")
        for label in ("SUMMIT", "DOCUMENT"):
            r = records[label]
            lines.append(
                f"  {label:<9} P {_fmt(r['p'])} R {_fmt(r['r'])} F {_fmt(r['f'])}  "
                f"({r['n_mentions']} mentions; gold {r['gold_records']} records, predicted {r['pred_records']})"
            )
    counts = report["counts"]
    lines.append(
        "spans: gold "
        + ", ".join(f"{label} {counts['gold'][label]}" for label in LABELS)
        + "; predicted "
        + ", ".join(f"{label} {counts['pred'][label]}" for label in LABELS)
    )
    return "\n".join(lines)


def _context(text: Optional[str], span: MentionRecord, width: int = 40) -> str:
    """`left⟦span⟧right` with about `width` characters each side, one line."""
    if text is None or span.end > len(text):
        return f"⟦{span.text}⟧".replace("\n", "⏎")
    left = text[max(0, span.start - width) : span.start]
    right = text[span.end : span.end + width]
    snippet = f"{left}⟦{text[span.start:span.end]}⟧{right}"
    return snippet.replace("\r\n", "⏎").replace("\n", "⏎").replace("\r", "⏎")


def _overlapping(span: MentionRecord, others: Iterable[MentionRecord]) -> list[MentionRecord]:
    return [o for o in others if o.start < span.end and span.start < o.end]


def list_errors(gold: Sequence[DocRecord], pred: Sequence[DocRecord], n: int = 10) -> str:
    """The first `n` strict false positives and false negatives per label,
    in gold document order, each with context from the gold text.

    Each line also names the spans of the other side that overlap it (any
    label), which tells a boundary miss or a label miss from a plain miss.
    """
    pairs, _ = _align(gold, pred)
    found: dict[str, dict[str, list[tuple[DocRecord, DocRecord, MentionRecord]]]] = {
        label: {"false positives": [], "false negatives": []} for label in LABELS
    }
    wrong_norms: list[tuple[DocRecord, MentionRecord, MentionRecord]] = []
    for gold_doc, pred_doc in pairs:
        for label in LABELS:
            match = _strict_match(gold_doc, pred_doc, label)
            found[label]["false positives"] += [(gold_doc, pred_doc, s) for s in match.false_pos]
            found[label]["false negatives"] += [(gold_doc, pred_doc, s) for s in match.false_neg]
            if label == "DATE":
                wrong_norms += [(gold_doc, g, p) for g, p in match.pairs if g.norm != p.norm]
    lines = []
    for label in LABELS:
        for kind, items in found[label].items():
            shown = items[: max(n, 0)]
            more = f", first {len(shown)} shown" if len(shown) < len(items) else ""
            lines.append(f"{label} {kind}: {len(items)}{more}")
            for gold_doc, pred_doc, span in shown:
                text = gold_doc.text if gold_doc.text is not None else pred_doc.text
                other_side = gold_doc if kind == "false positives" else pred_doc
                others = _overlapping(span, other_side.spans)
                hint = ""
                if others:
                    side = "gold" if kind == "false positives" else "pred"
                    hint = f"  [{side}: " + "; ".join(f"{o.label} {o.start}-{o.end} {o.text!r}" for o in others) + "]"
                norm = f" norm={span.norm}" if span.norm else ""
                lines.append(f"  {gold_doc.doc_id} {span.start}-{span.end}{norm}  {_context(text, span)}{hint}")
    lines.extend(_attribute_errors(pairs, n))
    shown_norms = wrong_norms[: max(n, 0)]
    more = f", first {len(shown_norms)} shown" if len(shown_norms) < len(wrong_norms) else ""
    lines.append(f"DATE wrong norms (span right): {len(wrong_norms)}{more}")
    for gold_doc, g, p in shown_norms:
        lines.append(
            f"  {gold_doc.doc_id} {g.start}-{g.end} gold={g.norm} pred={p.norm}  {_context(gold_doc.text, g)}"
        )
    return "\n".join(lines)


def _show(value: Any, span_by_id: Mapping[str, MentionRecord]) -> str:
    """An attribute value for a listing; a summit link as the SUMMIT it names."""
    if isinstance(value, str) and value in span_by_id:
        target = span_by_id[value]
        return f"{value}:{target.start}-{target.end} {target.text!r}"
    return "-" if value is None else repr(value)


def _attribute_errors(pairs: Sequence[tuple[DocRecord, DocRecord]], n: int) -> list[str]:
    """Strictly matched SUMMIT/DOCUMENT mentions whose attribute differs:
    doc, span, key, gold value, predicted value and context, per label."""
    lines = []
    for label, keys in ATTR_KEYS.items():
        found = []
        for gold_doc, pred_doc in pairs:
            gold_summits, pred_summits = _summit_offsets(gold_doc), _summit_offsets(pred_doc)
            gold_ids = {s.id: s for s in gold_doc.spans}
            pred_ids = {s.id: s for s in pred_doc.spans}
            for g, p in _strict_match(gold_doc, pred_doc, label).pairs:
                for key in keys:
                    if _attr_value(g, key, gold_summits) != _attr_value(p, key, pred_summits):
                        gold_value = _show(getattr(g.attrs, key), gold_ids if key == "summit" else {})
                        pred_value = _show(getattr(p.attrs, key), pred_ids if key == "summit" else {})
                        found.append(
                            f"  {gold_doc.doc_id} {g.start}-{g.end} {key}: gold={gold_value} pred={pred_value}  "
                            f"{_context(gold_doc.text if gold_doc.text is not None else pred_doc.text, g)}"
                        )
        shown = found[: max(n, 0)]
        more = f", first {len(shown)} shown" if len(shown) < len(found) else ""
        lines.append(f"{label} wrong attributes (span right): {len(found)}{more}")
        lines.extend(shown)
    return lines
