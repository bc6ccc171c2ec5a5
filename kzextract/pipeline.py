"""The extraction pipeline: raw text in, a `DocRecord` out.

    raw text ─▶ matching view ─▶ spaCy (candidates ─▶ resolve ─▶ attributes)
      ─▶ mentions mapped back to raw offsets ─▶ DocRecord
"""

from __future__ import annotations

import re
from typing import Any, Iterable, Iterator, Optional

import spacy
from spacy.language import Language

from . import components  # noqa: F401  (registers the factories)
from .components import Mention
from .dates import published_year
from .outputs import dumps_line
from .records import Attrs, DocRecord, Span
from .ruleset import load_rules
from .textview import make_view, paragraph_starts

COMPONENTS = (
    "kz_org_candidates",
    "kz_date_candidates",
    "kz_summit_candidates",
    "kz_document_candidates",
    "kz_resolve",
    "kz_attributes",
)
# Texts longer than this are processed in pieces cut at paragraph or sentence
# ends, so memory stays bounded and spaCy's max_length is never raised.
CHUNK_CHARS = 200_000


def build_pipeline(model: Optional[str] = None, rules_path: Optional[str] = None) -> Language:
    """`spacy.blank("en")` (or an installed pipeline `model`) with the kz components."""
    nlp = spacy.load(model, exclude=["ner"]) if model else spacy.blank("en")
    add_infixes(nlp, load_rules(rules_path).lexicons.get("TOKENIZER_INFIXES", []))
    config = {"rules_path": rules_path}
    for name in COMPONENTS:
        if name in nlp.pipe_names:  # a saved kzextract pipeline: rebuilt with this run's rules
            nlp.remove_pipe(name)
    for name in COMPONENTS:
        nlp.add_pipe(name, config={} if name == "kz_resolve" else config)
    return nlp


def add_infixes(nlp: Language, patterns: list[str]) -> None:
    """Split citation glue such as "Pravda.2009" or ".–Shanghai" into tokens."""
    if patterns:
        infixes = [*nlp.Defaults.infixes, *patterns]
        nlp.tokenizer.infix_finditer = spacy.util.compile_infix_regex(infixes).finditer


def extract(nlp: Language, doc_id: str, text: str, meta: Optional[dict] = None, *, include_text: bool = False) -> DocRecord:
    """All mentions of one document, with offsets into `text` as given."""
    meta = meta if isinstance(meta, dict) else {}
    view = make_view(text)
    raw_paragraphs = paragraph_starts(text)
    view_paragraphs = sorted({view.view_offset(p) for p in raw_paragraphs})
    year = published_year(meta)
    mentions: list[Mention] = []
    for chunk_start, chunk_end in chunk_bounds(view.view, CHUNK_CHARS):
        chunk = view.view[chunk_start:chunk_end]
        doc = nlp.make_doc(chunk)
        doc.user_data["kz_text"] = chunk
        doc._.kz_published_year = year
        doc._.kz_paragraph_starts = [p - chunk_start for p in view_paragraphs if chunk_start <= p < chunk_end] or [0]
        for _, proc in nlp.pipeline:
            doc = proc(doc)
        base = len(mentions)
        for m in doc._.kz_records or []:
            m.start += chunk_start
            m.end += chunk_start
            if m.ref is not None:
                m.ref += base
            mentions.append(m)
    spans = []
    for index, m in enumerate(mentions):
        start, end = view.raw_span(m.start, m.end)
        attrs = dict(m.attrs)
        if m.ref is not None:
            attrs["summit"] = f"m{m.ref + 1}"
        spans.append(
            Span(
                id=f"m{index + 1}",
                start=start,
                end=end,
                label=m.label,
                text=text[start:end],
                norm=m.norm,
                attrs=Attrs(**attrs),
            )
        )
    return DocRecord(doc_id=doc_id, text=text if include_text else None, meta=meta, spans=spans)


_BREAKS = (re.compile(r"\n\s*\n"), re.compile(r"\n"), re.compile(r"(?<=[.!?])\s+(?=[A-Z])"), re.compile(r"\s"))


def chunk_bounds(text: str, size: int) -> Iterator[tuple[int, int]]:
    """[start, end) pieces of at most ~`size` characters, cut at the latest
    paragraph break, else sentence end, else space, else anywhere."""
    start = 0
    n = len(text)
    while n - start > size:
        cut = None
        for pattern in _BREAKS:
            # Searched in place, not in a slice, so a look-behind sees the
            # character before the window ("end. Next" cut at the half).
            found = [m.end() for m in pattern.finditer(text, start + size // 2, start + size)]
            if found:
                cut = found[-1]
                break
        cut = cut or start + size
        yield start, cut
        start = cut
    yield start, n


def extract_line(nlp: Language, task: tuple[str, str, dict, bool]) -> tuple[str, dict[str, int]]:
    """One document to its output line and its mention count per label.

    Serializing here rather than in the writer lets worker processes do it."""
    doc_id, text, meta, include_text = task
    record = extract(nlp, doc_id, text, meta, include_text=include_text)
    labels: dict[str, int] = {}
    for span in record.spans:
        labels[span.label] = labels.get(span.label, 0) + 1
    return dumps_line(record.to_json_dict()), labels


class RenewedPipeline:
    """A pipeline that is built anew every `every` documents.

    spaCy keeps every new word it sees in its vocabulary, so a long run's
    memory grows with the corpus. Building the pipeline again (about 0.3 s)
    drops the old vocabulary; output is the same. (spaCy's memory zones do
    this too, but they bypass the tokenizer cache and halved the speed.)
    """

    def __init__(self, model: Optional[str] = None, rules_path: Optional[str] = None, *, every: int = 1000):
        self.model, self.rules_path, self.every = model, rules_path, every
        self.nlp = build_pipeline(model, rules_path)
        self.count = 0

    def next(self) -> Language:
        """The pipeline for the next document."""
        if self.count and self.count % self.every == 0:
            self.nlp = build_pipeline(self.model, self.rules_path)
        self.count += 1
        return self.nlp


def run_worker(task: tuple[str, str, dict, bool]) -> tuple[str, dict[str, int]]:
    """Process-pool entry: `extract_line` with this process's pipeline."""
    global _WORKER_PIPELINE
    if _WORKER_PIPELINE is None:
        _WORKER_PIPELINE = RenewedPipeline()
    return extract_line(_WORKER_PIPELINE.next(), task)


_WORKER_PIPELINE: Optional[RenewedPipeline] = None


def share_with_workers(pipeline: RenewedPipeline) -> None:
    """Let forked workers start from the pipeline the parent already built."""
    global _WORKER_PIPELINE
    _WORKER_PIPELINE = pipeline


def init_worker(model: Optional[str], rules_path: Optional[str]) -> None:
    """Pool initializer: a forked worker has the parent's pipeline; a spawned one builds it."""
    global _WORKER_PIPELINE
    if _WORKER_PIPELINE is None:
        _WORKER_PIPELINE = RenewedPipeline(model, rules_path)
