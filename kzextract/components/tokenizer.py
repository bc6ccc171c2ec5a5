"""The view tokenizer: raw text in, a Doc over the matching view out.

Articles wrap names across line breaks and hyphenate words at page breaks.
The tokenizer builds the matching view (`textview.make_view`), tokenizes it
with spaCy's English tokenizer (plus the citation infixes of the rules), and
keeps what maps it back in Doc extensions: the raw text, the view's edit
points and the paragraph starts. So `nlp(raw_text)` and a loaded pipeline
see exactly what `kzextract extract` sees.
"""

from __future__ import annotations

from typing import Callable, Iterable, Iterator, Optional

import spacy
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import registry

from ..ruleset import load_rules
from ..textview import make_view, paragraph_starts
from . import extensions  # noqa: F401  (registers the Doc extensions)
from .matching import ViewTexts

TOKENIZER_NAME = "kzextract.view_tokenizer.v1"


class ViewTokenizer:
    """Wraps spaCy's tokenizer (`inner`); serializes as the inner one does."""

    def __init__(self, inner):
        self.inner = inner
        self.vocab = inner.vocab

    def __call__(self, raw: str) -> Doc:
        view = make_view(raw)
        doc = self.inner(view.view)
        ViewTexts.remember(doc, view.view)
        if view.view != raw:
            doc._.kz_raw_text = raw
            doc._.kz_view_edits = view.edits
        paragraphs = sorted({view.view_offset(p) for p in paragraph_starts(raw)})
        doc._.kz_paragraphs = paragraphs
        return doc

    def pipe(self, texts: Iterable[str], batch_size: int = 1000) -> Iterator[Doc]:
        for text in texts:
            yield self(text)

    def to_bytes(self, **kwargs) -> bytes:
        return self.inner.to_bytes(**kwargs)

    def from_bytes(self, data: bytes, **kwargs) -> "ViewTokenizer":
        self.inner.from_bytes(data, **kwargs)
        return self

    def to_disk(self, path, **kwargs) -> None:
        self.inner.to_disk(path, **kwargs)

    def from_disk(self, path, **kwargs) -> "ViewTokenizer":
        self.inner.from_disk(path, **kwargs)
        return self


@registry.tokenizers(TOKENIZER_NAME)
def make_view_tokenizer(rules_path: Optional[str] = None) -> Callable[[Language], ViewTokenizer]:
    def create(nlp: Language) -> ViewTokenizer:
        inner = registry.tokenizers.get("spacy.Tokenizer.v1")()(nlp)
        lexicons = load_rules(rules_path).lexicons
        infixes = lexicons.get("TOKENIZER_INFIXES", [])
        if infixes:
            # Citation glue such as "Pravda.2009" or ".–Shanghai" is split into tokens.
            patterns = [*nlp.Defaults.infixes, *infixes]
            inner.infix_finditer = spacy.util.compile_infix_regex(patterns).finditer
        # A news agency between slashes in a dateline ("June 10. /TASS/. The …").
        prefixes, suffixes = lexicons.get("TOKENIZER_PREFIXES", []), lexicons.get("TOKENIZER_SUFFIXES", [])
        if prefixes:
            inner.prefix_search = spacy.util.compile_prefix_regex([*nlp.Defaults.prefixes, *prefixes]).search
        if suffixes:
            inner.suffix_search = spacy.util.compile_suffix_regex([*nlp.Defaults.suffixes, *suffixes]).search
        return ViewTokenizer(inner)

    return create
