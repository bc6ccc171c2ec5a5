"""The spaCy side of kzextract: a view tokenizer and six thin components.

    kz_org_candidates, kz_date_candidates, kz_summit_candidates,
    kz_document_candidates   -> doc.spans["kz_org" | "kz_date" | …] (may overlap)
    kz_resolve               -> doc.ents (never overlap; span.id_ = rule)
    kz_attributes            -> span._.kz_norm, span._.kz_attrs

Importing this package registers the tokenizer, the factories and the
extensions; the `spacy_factories` and `spacy_tokenizers` entry points do it
for `spacy.load`.
"""

from . import attributes, dates, documents, extensions, orgs, resolve, summits, tokenizer  # noqa: F401
from .tokenizer import TOKENIZER_NAME

COMPONENTS = (
    "kz_org_candidates",
    "kz_date_candidates",
    "kz_summit_candidates",
    "kz_document_candidates",
    "kz_resolve",
    "kz_attributes",
)
__all__ = ["COMPONENTS", "TOKENIZER_NAME"]
