"""The `type` of a DOCUMENT mention, as a plain function over the mention
and token texts. Used by `document_attrs`; tested through
`tests/test_attributes.py`."""

from __future__ import annotations

from typing import Mapping, Optional, Sequence

from .kb import OrgKB, org_key
from .mention import Mention
from .shared_attrs import LIST_ITEM_RULES
from .title_tokens import quoted_title_kind
from .document_dates import KB_NAME_RULES

KB_DOCUMENT_ACRONYM_RULES = frozenset({"kb-document-acronym"})
BRACKETED_ACRONYM_RULES = frozenset({"bracketed-document-acronym"})
ACRONYM_TITLE_REACH = 40


def document_type(document: Mention, words: Sequence[str], types: Mapping[str, str], known_types: Mapping[str, str], kb: OrgKB) -> Optional[str]:
    """A DOCUMENT's `type`: a known instrument's, the head word's (`types`:
    head word -> type), the quoted title's kind, or `decision` for a list
    item named by its own title."""
    if document.rule in KB_NAME_RULES:
        known = known_types.get(org_key(document.text))
        if known:
            return known
    if document.rule in KB_DOCUMENT_ACRONYM_RULES and document.text in known_types:
        return known_types[document.text]
    if document.rule in BRACKETED_ACRONYM_RULES and document.first > 1 and words[document.first - 1] == "(":
        # "… the Aral Sea Basin Programme for 2011-2015 (ASBP-3)": the last head before the bracket
        k = document.first - 2
        while k >= max(0, document.first - ACRONYM_TITLE_REACH) and words[k] not in {".", ";", "\n\n"}:
            if words[k].lower() in types:
                return types[words[k].lower()]
            k -= 1
    if document.rule in LIST_ITEM_RULES and words[document.first].lower() == "on":
        return "decision"  # a decision named by its own title ("On the Interstate Targeted Programme …")
    inside_names = {k for start, end, org in document.inner_orgs if org in kb.by_id for k in range(start, end)}
    for k in range(document.first, document.last):
        found = types.get(words[k].lower())
        if found and k not in inside_names:  # "… the Collective Security Treaty Organization"
            return found
    quoted = quoted_title_kind(words, document.first, types)
    if quoted:
        return quoted  # 'the initiative "On World Unity …"', 'resolution 67/104 entitled "Promotion of …"'
    # An adopted list item with no instrument word ("Granting Kuwait the status …") is a decision.
    return "decision" if document.rule in LIST_ITEM_RULES else None
