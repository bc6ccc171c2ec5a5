"""Extraction output as a self-contained HTML page, drawn by displaCy.

Plain functions over `DocRecord`s; no spaCy `Doc` is built. displaCy's
entity renderer in manual mode draws the marks from span dicts; a custom
template gives each mark a CSS class, a visible tag and a `title` tooltip
(EntityRenderer formats the template with the span dict's `params`).

Without gold, every predicted mention is a mark coloured by label, with its
norm and attributes in the tooltip. With gold, documents are paired by
doc_id and each mention is classified as the scorer does it (strict: same
start, end and label; a span repeated with the same offsets and label
counts once):

- `tp`: in both; `tp attr-diff` when norm or attributes differ;
- `fp`: predicted, not in gold (dashed red outline, tag "FP");
- `fn`: in gold, not predicted (dotted blue outline, tag "FN");
- `mismatch`: overlapping fp and fn (a boundary or label error). displaCy's
  ent style needs marks that do not overlap, so each group of overlapping
  mentions becomes one mark over all of them; the tooltip lists every side
  and the parts of the text each side covers are under- and overlined.

Everything taken from the files is HTML-escaped, and the page has no
external resources (styles are inline, nothing is linked).
"""

from .classify import Item, classify, group_overlaps, org_id_renamings, resolve_org_ids
from .page import DocView, RenderSummary, build_views, render_file, render_page

__all__ = [
    "DocView",
    "Item",
    "RenderSummary",
    "build_views",
    "classify",
    "group_overlaps",
    "org_id_renamings",
    "render_file",
    "render_page",
    "resolve_org_ids",
]
