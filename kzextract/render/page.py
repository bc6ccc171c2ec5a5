"""Documents paired by doc_id from the predicted and gold files, and the
self-contained page drawn from them."""

from __future__ import annotations

import html
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional, Sequence, Union

from ..schema import LABELS, DocRecord, MentionRecord
from ..scoring import prf
from ..validation import read_numbered_records
from .classify import Item, classify, group_overlaps, org_id_renamings, resolve_org_ids
from .marks import LABEL_COLORS, TEMPLATE, mark

CSS = """
body { background: #fff; color: #111; }
header.kz-file { margin-bottom: 3rem; line-height: 1.6; }
header.kz-file h1 { margin: 0 0 .5rem; font-size: 1.6rem; }
header.kz-file table { border-collapse: collapse; margin: .5rem 0 1rem; font-size: .9rem; }
header.kz-file td, header.kz-file th { padding: .1rem .7rem; border-bottom: 1px solid #ddd; text-align: right; }
header.kz-file td:first-child, header.kz-file th:first-child { text-align: left; }
.kz-legend mark { margin-right: .8rem; white-space: nowrap; }
h2 .kz-counts { font-size: .8rem; font-weight: normal; color: #333; margin-left: 1rem; }
h2 .kz-note { display: block; font-size: .8rem; font-weight: normal; color: #9a3412; }
mark.entity { background: var(--bg); padding: .3em .45em; margin: 0 .2em; line-height: 1;
  border-radius: .35em; box-decoration-break: clone; -webkit-box-decoration-break: clone; }
mark.entity .kz-tag { font-size: .7em; font-weight: bold; margin-left: .45rem; vertical-align: middle; }
mark.fp { outline: 2px dashed #dc2626; outline-offset: 1px; }
mark.fn { background: #fff; outline: 2px dotted #1d4ed8; outline-offset: 1px; }
mark.fn .kz-tag { background: var(--bg); padding: .1em .3em; border-radius: .3em; }
mark.mismatch { outline: 3px double #ea580c; outline-offset: 1px; }
mark.mismatch .kz-tag { color: #9a3412; }
mark.mismatch .in-fp { border-top: 2px dashed #dc2626; }
mark.mismatch .in-fn { border-bottom: 2px dotted #1d4ed8; }
mark.attr-diff { outline: 2px solid #ca8a04; outline-offset: 1px; }
"""


@dataclass
class DocView:
    """One document to draw: its text, its verdicts, whether it was paired
    with gold, and notes for its header."""

    doc_id: str
    text: str
    items: list[Item]
    pred_spans: list[MentionRecord]
    gold_spans: list[MentionRecord]
    scored: bool
    notes: list[str] = field(default_factory=list)

    def counts(self) -> Counter[str]:
        counts = Counter(item.status for item in self.items)
        counts["attr-diff"] = sum(1 for item in self.items if item.diffs)
        return counts


@dataclass(frozen=True)
class _Line:
    path: Path
    line: int
    record: DocRecord

    @property
    def where(self) -> str:
        return f"{self.path}:{self.line}"


def _read(path: Path) -> dict[str, _Line]:
    """Records by doc_id, in file order; a repeated doc_id is an error."""
    out: dict[str, _Line] = {}
    for line_no, record in read_numbered_records(path):
        if record.doc_id in out:
            raise ValueError(
                f"{path}:{line_no}: duplicate doc_id {record.doc_id!r} (first on line {out[record.doc_id].line})"
            )
        out[record.doc_id] = _Line(path, line_no, record)
    return out


def _text(pred: Optional[_Line], gold: Optional[_Line], notes: list[str]) -> str:
    """The predictions' text, else the gold's; an error naming file and line
    when neither has one."""
    for side in (pred, gold):
        if side is not None and side.record.text is not None:
            if side is pred and gold is not None and gold.record.text not in (None, pred.record.text):
                notes.append("the predictions' text differs from the gold's: marks are drawn on the predictions' text")
            return side.record.text
    where = " and ".join(side.where for side in (pred, gold) if side is not None)
    doc_id = (pred or gold).record.doc_id  # type: ignore[union-attr]
    hint = "extract with --include-text" + ("" if gold is not None else ", or pass --gold with a file that has the text")
    raise ValueError(f"{where}: document {doc_id!r} has no text to render ({hint})")


def _check_offsets(side: Optional[_Line], text: str) -> None:
    if side is None:
        return
    for span in side.record.spans:
        if not 0 <= span.start < span.end <= len(text):
            raise ValueError(
                f"{side.where}: doc={side.record.doc_id} span={span.id}: offsets {span.start}:{span.end} "
                f"do not index the text (length {len(text)}); `kzextract validate` lists such problems"
            )


def _view(pred: Optional[_Line], gold: Optional[_Line], with_gold: bool) -> DocView:
    notes: list[str] = []
    text = _text(pred, gold, notes)
    _check_offsets(pred, text)
    _check_offsets(gold, text)
    pred_spans = list(pred.record.spans) if pred is not None else []
    gold_spans = list(gold.record.spans) if gold is not None else []
    scored = gold is not None
    if with_gold and pred is None:
        notes.append("not in the predictions: every gold mention is a false negative")
    if with_gold and gold is None:
        notes.append("not in gold: predictions only, not scored")
    doc_id = (pred or gold).record.doc_id  # type: ignore[union-attr]
    items = classify(pred_spans, gold_spans if scored else None)
    return DocView(doc_id, text, items, pred_spans, gold_spans, scored, notes)


def build_views(pred_path: Union[str, Path], gold_path: Union[str, Path, None] = None) -> list[DocView]:
    """Documents in prediction order, then gold documents missing from the
    predictions in gold order. Raises ValueError naming file and line."""
    preds = _read(Path(pred_path))
    golds = _read(Path(gold_path)) if gold_path is not None else {}
    with_gold = gold_path is not None
    views = [_view(pred, golds.get(doc_id), with_gold) for doc_id, pred in preds.items()]
    views += [_view(None, gold, with_gold) for doc_id, gold in golds.items() if doc_id not in preds]
    given = org_id_renamings(
        (item.gold.norm, item.span.norm)
        for view in views
        for item in view.items
        if item.gold is not None and item.span.label == "ORG"
    )
    for view in views:
        view.items = resolve_org_ids(view.items, given)
    return views


# ---------------------------------------------------------------- page


def _score_text(tp: int, fp: int, fn: int) -> str:
    p, r, f = prf(tp, fp, fn)
    return f"P {p:.3f} · R {r:.3f} · F1 {f:.3f}"


def _label_counts(items: Sequence[Item]) -> str:
    labels = Counter(item.span.label for item in items)
    noun = "mention" if len(items) == 1 else "mentions"
    return f"{len(items)} {noun}: " + " · ".join(f"{label} {labels[label]}" for label in LABELS)


def _doc_summary(view: DocView) -> str:
    counts = view.counts()
    if view.scored:
        return (
            f"tp {counts['tp']} · fp {counts['fp']} · fn {counts['fn']} · attr-diff {counts['attr-diff']} · "
            + _score_text(counts["tp"], counts["fp"], counts["fn"])
        )
    return _label_counts(view.items)


def _doc_title(index: int, view: DocView) -> str:
    notes = "".join(f'<span class="kz-note">{html.escape(note)}</span>' for note in view.notes)
    return (
        f'<span id="doc-{index}">{html.escape(view.doc_id)}</span>'
        f'<span class="kz-counts">{html.escape(_doc_summary(view))}</span>{notes}'
    )


def totals(views: Sequence[DocView]) -> Counter[str]:
    """tp/fp/fn/attr-diff over the documents paired with gold; `pred` over
    the others."""
    out: Counter[str] = Counter()
    for view in views:
        out.update(view.counts())
    return out


def _legend(with_gold: bool) -> str:
    def sample(label: str, css: str, tag: str, tooltip: str, text: str) -> str:
        return TEMPLATE.format(css=css, tooltip=tooltip, bg=LABEL_COLORS[label], text=text, tag=tag)

    marks = [sample(label, "pred" if not with_gold else "tp", label, label, label.lower()) for label in LABELS]
    if with_gold:
        marks += [
            sample("ORG", "fp", "FP ORG", "predicted, not in gold", "false positive"),
            sample("ORG", "fn", "FN ORG", "in gold, not predicted", "false negative"),
            sample("MISMATCH", "mismatch", "FP ORG · FN ORG", "overlapping FP and FN", "mismatch"),
            sample("ORG", "tp attr-diff", "ORG \u2260 norm", "true positive, norm or attributes differ", "attr-diff"),
        ]
    return '<p class="kz-legend">' + "".join(marks) + " (hover a mark for its norm and attributes)</p>"


def _file_header(views: Sequence[DocView], pred_path: Path, gold_path: Optional[Path]) -> str:
    with_gold = gold_path is not None
    sums = totals(views)
    sources = f"predictions: {html.escape(str(pred_path))}"
    rows = []
    if with_gold:
        sources += f" · gold: {html.escape(str(gold_path))}"
        scored = [view for view in views if view.scored]
        line = (
            f"{len(views)} documents, {len(scored)} paired with gold · tp {sums['tp']} · fp {sums['fp']} · "
            f"fn {sums['fn']} · attr-diff {sums['attr-diff']} · {_score_text(sums['tp'], sums['fp'], sums['fn'])}"
        )
        head = "<tr><th>document</th><th>tp</th><th>fp</th><th>fn</th><th>attr-diff</th><th>F1</th></tr>"
        for index, view in enumerate(views):
            c = view.counts()
            f1 = f"{prf(c['tp'], c['fp'], c['fn'])[2]:.3f}" if view.scored else "not scored"
            rows.append(
                f'<tr><td><a href="#doc-{index}">{html.escape(view.doc_id)}</a></td><td>{c["tp"]}</td>'
                f'<td>{c["fp"]}</td><td>{c["fn"]}</td><td>{c["attr-diff"]}</td><td>{f1}</td></tr>'
            )
    else:
        line = f"{len(views)} documents · " + _label_counts([item for view in views for item in view.items])
        head = "<tr><th>document</th>" + "".join(f"<th>{label}</th>" for label in LABELS) + "</tr>"
        for index, view in enumerate(views):
            by_label = Counter(item.span.label for item in view.items)
            cells = "".join(f"<td>{by_label[label]}</td>" for label in LABELS)
            rows.append(f'<tr><td><a href="#doc-{index}">{html.escape(view.doc_id)}</a></td>{cells}</tr>')
    return (
        '<header class="kz-file"><h1>kzextract</h1>'
        f"<div>{sources}</div><div><strong>{html.escape(line)}</strong></div>"
        f"{_legend(with_gold)}<table>{head}{''.join(rows)}</table></header>"
    )


def _insert(page: str, pattern: str, make: Any) -> str:
    """Put markup into displaCy's page at the one place `pattern` matches."""
    page, n = re.subn(pattern, make, page, count=1)
    if n != 1:
        raise RuntimeError(f"displaCy's page template changed: {pattern!r} not found")
    return page


def render_page(views: Sequence[DocView], pred_path: Path, gold_path: Optional[Path] = None) -> str:
    """The whole HTML page: displaCy's page with our styles and file header."""
    from spacy import displacy

    parsed = [
        {
            "text": view.text,
            "ents": [mark(group, view.text, view.pred_spans, view.gold_spans) for group in group_overlaps(view.items)],
            "title": _doc_title(index, view),
        }
        for index, view in enumerate(views)
    ]
    page = displacy.render(
        parsed,
        style="ent",
        manual=True,
        page=True,
        jupyter=False,
        options={"template": TEMPLATE, "colors": LABEL_COLORS},
    )
    title = f"kzextract: {pred_path.name}" + (f" vs {gold_path.name}" if gold_path is not None else "")
    head = f'<meta charset="utf-8"><title>{html.escape(title)}</title><style>{CSS}</style>'
    page = _insert(page, r"<title>displaCy</title>", lambda _: head)
    header = _file_header(views, pred_path, gold_path)
    return _insert(page, r"<body[^>]*>", lambda match: match.group(0) + header)


@dataclass(frozen=True)
class RenderSummary:
    documents: int
    counts: Counter[str]
    with_gold: bool

    def line(self) -> str:
        if self.with_gold:
            c = self.counts
            return f"{self.documents} documents: tp {c['tp']}, fp {c['fp']}, fn {c['fn']}, attr-diff {c['attr-diff']}"
        return f"{self.documents} documents, {self.counts['pred']} mentions"


def render_file(
    pred_path: Union[str, Path], gold_path: Union[str, Path, None] = None
) -> tuple[str, RenderSummary]:
    """The page for a predictions file (and a gold file), with a summary."""
    pred_path = Path(pred_path)
    gold = Path(gold_path) if gold_path is not None else None
    views = build_views(pred_path, gold)
    return render_page(views, pred_path, gold), RenderSummary(len(views), totals(views), gold is not None)
