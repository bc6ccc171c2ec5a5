"""The extraction pipeline: raw text in, a `DocRecord` out.

    raw text ─▶ chunks (long texts) ─▶ nlp: view tokenizer, candidates,
      resolver, attributes ─▶ doc.ents mapped back to raw offsets ─▶ DocRecord

Everything a component needs travels in the Doc, so `nlp(raw_text)` on a
pipeline built here or loaded with `spacy.load` finds the same mentions.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Iterator, Optional, Union

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from .components import COMPONENTS, TOKENIZER_NAME
from .components.base import RuleComponent
from .components.extensions import raw_span_mapper
from .components.tokenizer import ViewTokenizer, make_view_tokenizer
from .dateline import dateline_date
from .dates import published_date
from .outputs import dumps_line
from .schema import Attrs, DocRecord, MentionRecord
from .rule_schema import RuleFileError

# Texts longer than this are processed in pieces cut at paragraph or sentence
# ends, so memory stays bounded and spaCy's max_length is never raised.
CHUNK_CHARS = 200_000


def build_pipeline(model: Optional[str] = None, rules_path: Optional[str] = None) -> Language:
    """`spacy.blank("en")` with the view tokenizer and the kz components; or a
    saved kzextract pipeline (`model`, with its own rules); or another spaCy
    pipeline with the kz components added."""
    if model:
        nlp = spacy.load(model, exclude=["ner"])
        if all(name in nlp.pipe_names for name in COMPONENTS):
            if rules_path:
                raise RuleFileError(
                    f"{model}: a saved kzextract pipeline carries its own rules; "
                    "save one with other rules with `kzextract save DIR --rules RULES`"
                )
        else:
            if not isinstance(nlp.tokenizer, ViewTokenizer):
                nlp.tokenizer = make_view_tokenizer(rules_path)(nlp)
            for name in COMPONENTS:
                if name in nlp.pipe_names:
                    nlp.remove_pipe(name)
            _add_components(nlp, rules_path)
    else:
        config = {"nlp": {"tokenizer": {"@tokenizers": TOKENIZER_NAME, "rules_path": rules_path}}}
        nlp = spacy.blank("en", config=config)
        _add_components(nlp, rules_path)
    for _, component in nlp.pipeline:
        if isinstance(component, RuleComponent):
            component.ready()  # built before any fork, so workers share it
    return nlp


def _add_components(nlp: Language, rules_path: Optional[str]) -> None:
    for name in COMPONENTS:
        nlp.add_pipe(name, config={} if name == "kz_resolve" else {"rules_path": rules_path})


def save_pipeline(nlp: Language, directory: Union[str, Path]) -> None:
    """Write a complete pipeline folder: `spacy.load(directory)` gives the
    same mentions, with the rules saved inside it, wherever it is loaded."""
    directory = Path(directory)
    nlp.to_disk(directory)
    config = spacy.util.load_config(directory / "config.cfg")
    # The rules are in the components' folders; a path on this machine would
    # not exist where the folder is loaded.
    config["nlp"]["tokenizer"]["rules_path"] = None
    for name in COMPONENTS:
        if "rules_path" in config["components"].get(name, {}):
            config["components"][name]["rules_path"] = None
    config.to_disk(directory / "config.cfg")


def extract(nlp: Language, doc_id: str, text: str, meta: Optional[dict] = None, *, include_text: bool = False) -> DocRecord:
    """All mentions of one document, with offsets into `text` as given."""
    meta = meta if isinstance(meta, dict) else {}
    # Without meta, the article's own dateline dates it; it is read once here
    # because only the first chunk holds it.
    published = published_date(meta) or (dateline_date(text) if len(text) > CHUNK_CHARS else None)
    mentions: list[MentionRecord] = []
    chunks = list(chunk_bounds(text, CHUNK_CHARS))

    def chunk_docs() -> Iterator[Doc]:
        for start, end in chunks:
            doc = nlp.make_doc(text[start:end])
            doc._.kz_published = published
            yield doc

    for (chunk_start, chunk_end), doc in zip(chunks, nlp.pipe(chunk_docs())):
        mentions.extend(doc_mentions(doc, text, offset=chunk_start, first_id=len(mentions) + 1))
    return DocRecord(doc_id=doc_id, text=text if include_text else None, meta=meta, spans=mentions)


def doc_mentions(doc: Doc, text: Optional[str] = None, *, offset: int = 0, first_id: int = 1) -> list[MentionRecord]:
    """The mentions of a processed Doc as output records, with offsets into
    its raw text (or into `text`, of which the doc is the piece at `offset`)."""
    text = text if text is not None else (doc._.kz_raw_text if doc._.kz_raw_text is not None else doc.text)
    shift = first_id - 1
    out = []
    raw_span = raw_span_mapper(doc)
    for ent in doc.ents:
        extensions = ent._
        start, end = raw_span(ent.start_char, ent.end_char)
        start, end = start + offset, end + offset
        attrs = dict(extensions.kz_attrs or {})
        if "summit" in attrs:
            attrs["summit"] = f"m{int(attrs['summit'][1:]) + shift}"
        out.append(
            MentionRecord(
                id=f"m{first_id + len(out)}",
                start=start,
                end=end,
                label=ent.label_,
                text=text[start:end],
                norm=extensions.kz_norm,
                attrs=Attrs(**attrs),
            )
        )
    return out


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


# Each string a vocabulary gains costs about 0.5 KB with its lexeme and its
# tokenizer-cache entry (all of UNGDC through the view tokenizer: 117k new
# strings, 66 MB; its whole extraction peaks at 214 MB without renewal),
# so this bounds the growth at about 100 MB, well below the 600 MB target.
MAX_NEW_STRINGS = 200_000


def needs_renewal(strings: int, strings_when_built: int, max_new_strings: int) -> bool:
    """Whether a vocabulary has grown too much since its pipeline was built."""
    return strings - strings_when_built > max_new_strings


class RenewedPipeline:
    """A pipeline that is built anew once its vocabulary has grown by more
    than `max_new_strings` strings.

    spaCy keeps every new word it sees in its vocabulary, so a long run's
    memory grows with the corpus. Building the pipeline again (about 0.3 s)
    drops the old vocabulary; output is the same. It is measured in strings,
    not documents, because that is what grows, and renewing costs more than
    the build: the new tokenizer cache and vocabulary start cold, which cost
    about a fifth more CPU per word on UNGDC (renewing every 1,000 documents,
    as before, lost that on the whole corpus). (spaCy's memory zones drop the
    vocabulary too, but they bypass the tokenizer cache and halved the speed.)
    """

    def __init__(self, model: Optional[str] = None, rules_path: Optional[str] = None, *,
                 max_new_strings: int = MAX_NEW_STRINGS):
        self.model, self.rules_path, self.max_new_strings = model, rules_path, max_new_strings
        self.count = self.renewals = 0
        self._build()

    def _build(self) -> None:
        self.nlp = build_pipeline(self.model, self.rules_path)
        self.strings_when_built = len(self.nlp.vocab.strings)

    def next(self) -> Language:
        """The pipeline for the next document."""
        if needs_renewal(len(self.nlp.vocab.strings), self.strings_when_built, self.max_new_strings):
            self._build()
            self.renewals += 1
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
