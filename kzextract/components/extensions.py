"""The custom attributes kzextract keeps on Docs and Spans.

All values are plain (str, int, lists and dicts of them), so `Doc.to_bytes`,
`DocBin(store_user_data=True)` and `nlp.pipe(n_process=…)` carry them.

Doc:
- `kz_raw_text`: the text as given, before the matching view;
- `kz_view_edits`: [view positions, raw shifts] where the view's length
  differs from the raw text's (see `textview.TextView`);
- `kz_paragraphs`: view offsets where paragraphs start;
- `kz_published`: the publication date (ISO, `YYYY[-MM[-DD]]`), from meta
  when the caller sets it, else from the article's dateline.

Span (on SUMMIT and DOCUMENT candidates, kept on the resolved mention):
- `kz_orgs`: [[start, end, rule], …] of the organization names written
  inside it, token offsets relative to the span (what the summit or
  document finder saw inside the phrase; attributes give their ids).

Span (on `doc.ents`):
- `kz_norm`: ORG id or DATE ISO value;
- `kz_attrs`: SUMMIT/DOCUMENT attributes, a dict; `summit` is the id
  (`m<n>`, 1-based position in `doc.ents`) of the adopting SUMMIT;
- `kz_raw_offsets` (read-only): `[start, end)` of the span in `kz_raw_text`.
"""

from __future__ import annotations

from typing import Callable

from spacy.tokens import Doc, Span

from ..textview import raw_span_in

DOC_EXTENSIONS = ("kz_raw_text", "kz_view_edits", "kz_paragraphs", "kz_published")
SPAN_EXTENSIONS = ("kz_norm", "kz_attrs", "kz_orgs")


def raw_span_mapper(doc: Doc) -> Callable[[int, int], tuple[int, int]]:
    """View `[start, end)` -> raw `[start, end)` for the spans of `doc`, with
    the doc's extensions read once (a doc's mentions are mapped together)."""
    edits = doc._.kz_view_edits
    if not edits:
        return lambda start, end: (start, end)
    # From the stored edit points directly: building the view would cost the
    # whole text for every mention.
    raw = doc._.kz_raw_text
    points, shifts = edits
    return lambda start, end: raw_span_in(raw, points, shifts, start, end)


def _raw_offsets(span: Span) -> tuple[int, int]:
    return raw_span_mapper(span.doc)(span.start_char, span.end_char)


def register() -> None:
    for name in DOC_EXTENSIONS:
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)
    for name in SPAN_EXTENSIONS:
        if not Span.has_extension(name):
            Span.set_extension(name, default=None)
    if not Span.has_extension("kz_raw_offsets"):
        Span.set_extension("kz_raw_offsets", getter=_raw_offsets)



register()
