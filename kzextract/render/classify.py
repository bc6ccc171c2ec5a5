"""Each mention of a document as the scorer sees it: true positive (with the
keys its two sides disagree on), false positive or false negative; org ids
renamed across files; overlapping mentions grouped."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Iterable, Optional, Sequence

from ..schema import Attrs, MentionRecord

# Attribute keys compared on true positives. `record` is left out: only its
# grouping across articles means something, as in the scorer.
COMPARED_ATTRS: tuple[str, ...] = tuple(key for key in Attrs.model_fields if key != "record")


@dataclass(frozen=True)
class Item:
    """One mention with its verdict. `span` is the predicted mention (the
    gold one for `fn`); `gold` is the gold side of a `tp`; `diffs` names the
    keys (`norm`, attribute keys) that differ on a `tp`; `notes` are extra
    tooltip lines."""

    status: str
    span: MentionRecord
    gold: Optional[MentionRecord] = None
    diffs: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()


def _unique(spans: Iterable[MentionRecord]) -> dict[tuple[int, int, str], MentionRecord]:
    """Spans keyed by (start, end, label); the first of any repeats wins."""
    out: dict[tuple[int, int, str], MentionRecord] = {}
    for span in spans:
        out.setdefault((span.start, span.end, span.label), span)
    return out


def _comparable(span: MentionRecord, key: str, spans: Sequence[MentionRecord]) -> Any:
    """A value to compare across files: a `summit` link by the offsets of the
    SUMMIT it points to, since each file numbers its spans itself."""
    value = span.norm if key == "norm" else getattr(span.attrs, key)
    if key == "summit" and value is not None:
        target = next((s for s in spans if s.id == value), None)
        return (target.start, target.end) if target is not None else ("dangling", value)
    return value


def attr_differences(
    gold: MentionRecord, pred: MentionRecord, gold_spans: Sequence[MentionRecord], pred_spans: Sequence[MentionRecord]
) -> tuple[str, ...]:
    """The keys among `norm` and the attributes on which a true positive's
    two sides disagree."""
    return tuple(
        key
        for key in ("norm", *COMPARED_ATTRS)
        if _comparable(gold, key, gold_spans) != _comparable(pred, key, pred_spans)
    )


def classify(pred: Sequence[MentionRecord], gold: Optional[Sequence[MentionRecord]]) -> list[Item]:
    """Every mention of one document with its verdict, in text order.

    Without gold (`gold is None`) every prediction is `pred`. With gold,
    `tp`/`fp`/`fn` by strict matching, as `scoring.score` counts them.
    """
    pred_unique = _unique(pred)
    if gold is None:
        items = [Item("pred", span) for span in pred_unique.values()]
    else:
        gold_unique = _unique(gold)
        items = []
        for key, span in pred_unique.items():
            if key in gold_unique:
                gold_span = gold_unique[key]
                items.append(Item("tp", span, gold_span, attr_differences(gold_span, span, gold, pred)))
            else:
                items.append(Item("fp", span))
        items += [Item("fn", span) for key, span in gold_unique.items() if key not in pred_unique]
    return sorted(items, key=lambda item: (item.span.start, item.span.end, item.status))


def org_id_renamings(pairs: Iterable[tuple[Optional[str], Optional[str]]]) -> dict[str, set[str]]:
    """For (gold id, predicted id) of the strictly matched ORG mentions of a
    file: the predicted ids each gold id is given.

    A gold id given exactly one predicted id that stands for no other gold id
    is a consistent renaming: the scorer's pairwise ORG-id agreement counts
    those mentions as right (ids need not be spelled alike).
    """
    given: dict[str, set[str]] = {}
    for gold_id, pred_id in pairs:
        if gold_id and pred_id:
            given.setdefault(gold_id, set()).add(pred_id)
    return given


def resolve_org_ids(items: Sequence[Item], given: dict[str, set[str]]) -> list[Item]:
    """Items with an ORG `norm` difference dropped where it is a consistent
    renaming (see `org_id_renamings`), and explained where it is not."""
    stands_for: dict[str, set[str]] = {}
    for gold_id, pred_ids in given.items():
        for pred_id in pred_ids:
            stands_for.setdefault(pred_id, set()).add(gold_id)
    out = []
    for item in items:
        if item.gold is None or item.span.label != "ORG" or "norm" not in item.diffs:
            out.append(item)
            continue
        gold_id, pred_id = item.gold.norm, item.span.norm
        if gold_id and pred_id and given.get(gold_id) == {pred_id} and stands_for.get(pred_id) == {gold_id}:
            note = f"gold id {gold_id}: the same organization under another id, consistently in this file"
            diffs = tuple(key for key in item.diffs if key != "norm")
            out.append(replace(item, diffs=diffs, notes=item.notes + (note,)))
            continue
        notes = list(item.notes)
        if gold_id and len(given.get(gold_id, ())) > 1:
            notes.append(f"gold id {gold_id} is predicted as {', '.join(sorted(given[gold_id]))} in this file")
        if pred_id and len(stands_for.get(pred_id, ())) > 1:
            notes.append(f"predicted id {pred_id} stands for gold {', '.join(sorted(stands_for[pred_id]))} in this file")
        out.append(replace(item, notes=tuple(notes)))
    return out


def group_overlaps(items: Sequence[Item]) -> list[list[Item]]:
    """Items in text order, in groups of mentions that overlap (directly or
    through another one), so that the groups never overlap each other."""
    groups: list[list[Item]] = []
    group_end = -1
    for item in sorted(items, key=lambda item: (item.span.start, item.span.end)):
        if groups and item.span.start < group_end:
            groups[-1].append(item)
            group_end = max(group_end, item.span.end)
        else:
            groups.append([item])
            group_end = item.span.end
    return groups
