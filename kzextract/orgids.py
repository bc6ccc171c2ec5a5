"""Organization ids (`norm` of ORG mentions): plain functions over mentions.

An id comes from the knowledge base (a name, with a parent acronym or a
country word before it allowed, or an acronym); an acronym defined in the
text (`Long Form (ACR)`) takes its long form's id everywhere in that text,
over the knowledge base; anything else gets a stable slug of its name.
"""

from __future__ import annotations

from typing import Mapping, Sequence

from .kb import OrgKB, slug_id
from .mention import Mention

KB_ACRONYM_RULES = frozenset({"kb-acronym"})
DEFINED_ACRONYM_RULES = frozenset({"defined-acronym"})


def base_org_id(text: str, rule: str, kb: OrgKB) -> str:
    """The id of one organization name on its own, without the text's definitions."""
    if rule in KB_ACRONYM_RULES:
        return kb.id_for_acronym(text) or slug_id(text)
    return kb.org_id(text)


def org_id_in_text(text: str, rule: str, kb: OrgKB, defined: Mapping[str, str]) -> str:
    """The id of an organization name found by `rule`, with the text's definitions."""
    if rule in DEFINED_ACRONYM_RULES and text in defined:
        return defined[text]
    return base_org_id(text, rule, kb)


def long_form_id(words: Sequence[str], long_start: int, paren: int, kb: OrgKB, reach: int = 12) -> str:
    """The id of a definition's long form that is not a mention of its own
    (inside a title, say): a known name ending at the bracket, else its slug."""
    start = max(0, long_start - reach)
    ending = [(s, org) for s, e, org in kb.names_in(words[start:paren]) if start + e == paren and start + s <= long_start + 1]
    if ending:
        return ending[0][1]
    return kb.org_id(" ".join(words[long_start:paren]))


def set_org_norms(
    mentions: Sequence[Mention], kb: OrgKB, definitions: Sequence[tuple[str, int, int]], words: Sequence[str]
) -> dict[str, str]:
    """Set `norm` of every ORG mention.

    `definitions` are (acronym, long-form start token, "(" token) of the
    text's `Long Form (ACR)` definitions, in text order; they
    apply to the mentions the ORG finder took as defined acronyms, and a
    later definition of the same acronym wins. Returns acronym -> id.
    """
    orgs = [m for m in mentions if m.label == "ORG"]
    for m in orgs:
        m.norm = base_org_id(m.text, m.rule, kb)
    share_short_names(orgs, kb)
    if not definitions:
        return {}
    ending_at: dict[int, list[Mention]] = {}
    for m in orgs:
        ending_at.setdefault(m.last, []).append(m)
    defined: dict[str, str] = {}
    for acronym, long_start, paren in definitions:
        names = [m for m in ending_at.get(paren, []) if m.first <= long_start + 1]
        known = kb.id_for_name(" ".join(words[long_start:paren]))
        if known and all(m.first < long_start - 1 for m in names):
            # "Board of the International Fund for Saving the Aral Sea (IFAS)":
            # the acronym is of the known name it spells, not of its organ
            defined[acronym] = known
        elif names:
            defined[acronym] = max(names, key=lambda m: m.last - m.first).norm
        else:
            defined[acronym] = long_form_id(words, long_start, paren, kb)
    for m in orgs:
        if m.rule in DEFINED_ACRONYM_RULES and m.text in defined:
            m.norm = defined[m.text]
    return defined


def share_short_names(orgs: Sequence[Mention], kb: OrgKB) -> None:
    """A body named again without its qualifier is the body named before
    ("the OSCE Ministerial Council … the Ministerial Council"): an unknown
    name that ends an earlier, longer name takes that name's id."""
    seen: list[Mention] = []
    for m in orgs:
        if m.norm not in kb.by_id:
            longer = next((p for p in reversed(seen) if p.text.endswith(" " + m.text)), None)
            if longer is not None:
                m.norm = longer.norm
        seen.append(m)


def organization_of(norm: str, kb: OrgKB) -> str | None:
    """The organization a body's id belongs to: its top-level body when the
    knowledge base knows it, else the known id its slug starts with
    ("OSCE-MINISTERIAL-COUNCIL" → OSCE)."""
    if norm in kb.by_id:
        return kb.top_level(norm)
    head = norm.split("-")[0]
    return kb.top_level(head) if head in kb.by_id else None
