"""Attributes of a DOCUMENT mention: plain functions over mentions, offsets
and token texts (ANNOTATION.md, DOCUMENT attributes; gold/DECISIONS.md).

- type: from a well-known instrument, else the first type word of the title,
  else `decision` for an item of an adopted-documents list;
- org: an organization named in the title (rolled up to its top-level body),
  else the issuing body written just before it, else its adopting summit's;
- summit: the adopting summit (`adopting_summit`);
- date: `of <date>` after the title, a date after an adoption verb in its
  clause, a bracketed year, else its adopting summit's date.
Mentions of one title share what any of them states.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from typing import Any, Collection, Mapping, Optional, Sequence

from .kb import OrgKB, org_key
from .layout import Layout
from .mention import Mention, MentionIndex

_WORDS = re.compile(r"[a-z]+")
_BRACKETED_YEAR = re.compile(r"\((\d{4})\)$")
LIST_ITEM_RULES = frozenset({"list-item"})
NUMBERED_ITEM_RULES = frozenset({"numbered-resolution-item"})
KB_NAME_RULES = frozenset({"kb-document"})
KB_ACRONYM_RULES = frozenset({"kb-document-acronym"})


class DocumentAttributes:
    def __init__(
        self,
        kb: OrgKB,
        types: Mapping[str, str],
        known_types: Mapping[str, str],
        adoption_verbs: Collection[str],
    ):
        self.kb = kb
        self.types = types  # title head word -> type
        self.known_types = known_types  # org_key of a known instrument's name, or its acronym -> type
        self.adoption_verbs = frozenset(adoption_verbs)

    def __call__(self, mentions: Sequence[Mention], words: Sequence[str], layout: Layout) -> None:
        """Fill `attrs` and `summit` of every DOCUMENT mention (after the SUMMITs')."""
        index = MentionIndex(mentions)
        sentence_words: dict[int, frozenset[str]] = {}
        last_resolutions: Optional[Mention] = None
        for i in index.of("DOCUMENT"):
            document = mentions[i]
            if document.rule in NUMBERED_ITEM_RULES:
                # "853 (1993)" in "resolutions 822 (1993), 853 (1993)": as the list's first item.
                base = last_resolutions.attrs if last_resolutions else {"type": "resolution"}
                document.attrs = {**base, **bracketed_year(document.text)}
                continue
            if document.text.lower().startswith("resolutions"):
                last_resolutions = document
            attrs: dict[str, Any] = {}
            doc_type = self.type_of(document, words)
            if doc_type:
                attrs["type"] = doc_type
            inner = [self.kb.top_level(org) for _, _, org in document.inner_orgs if org in self.kb.by_id]
            summit = self.adopting_summit(i, mentions, index, layout, sentence_words)
            issuer = issuing_org(i, mentions, words, self.adoption_verbs)
            if inner:
                attrs["org"] = inner[0]
            elif issuer:
                attrs["org"] = issuer
            elif summit is not None and "org" in mentions[summit].attrs:
                attrs["org"] = mentions[summit].attrs["org"]
            date = adoption_date(document, index, mentions, words, self.adoption_verbs) or bracketed_year(document.text).get("date")
            if date is None and summit is not None:
                date = mentions[summit].attrs.get("date")
            if date:
                attrs["date"] = date
            document.attrs = attrs
            document.summit = summit
        share_title_attrs(mentions)

    def type_of(self, document: Mention, words: Sequence[str]) -> Optional[str]:
        if document.rule in KB_NAME_RULES:
            known = self.known_types.get(org_key(document.text))
            if known:
                return known
        if document.rule in KB_ACRONYM_RULES and document.text in self.known_types:
            return self.known_types[document.text]
        for word in words[document.first : document.last]:
            found = self.types.get(word.lower())
            if found:
                return found
        # An adopted list item with no instrument word ("Granting Kuwait the status …") is a decision.
        return "decision" if document.rule in LIST_ITEM_RULES else None

    def adopting_summit(
        self, i: int, mentions: Sequence[Mention], index: MentionIndex, layout: Layout, cache: dict
    ) -> Optional[int]:
        document = mentions[i]
        sentence = layout.sentence_of(document.start)
        if document.rule in LIST_ITEM_RULES:
            # The list's introduction ("As a result of the VI CICA summit, …:") names it.
            intro_start = layout.sentence_of(max(0, document.start - 1))[0]
            return index.last_before("SUMMIT", document.start, intro_start - 400)
        if sentence[0] not in cache:
            cache[sentence[0]] = frozenset(_WORDS.findall(layout.text[sentence[0] : sentence[1]].lower()))
        words = cache[sentence[0]]
        if not words & self.adoption_verbs:
            return None
        in_sentence = index.between("SUMMIT", *sentence)
        if in_sentence:
            starts = [mentions[j].start for j in in_sentence]
            k = bisect_left(starts, document.start)
            near = [in_sentence[j] for j in (k - 1, k) if 0 <= j < len(in_sentence)]
            return min(near, key=lambda j: abs(mentions[j].start - document.start))
        # "Following the meeting, the heads of state signed …": a back-reference
        # to the summit of the sentence before, in the same paragraph.
        if not words & {"summit", "meeting"} or sentence[0] == 0:
            return None
        previous = layout.sentence_of(sentence[0] - 1)
        if layout.paragraph_of(previous[0]) != layout.paragraph_of(sentence[0]):
            return None
        return index.last_before("SUMMIT", previous[1], previous[0])


def issuing_org(i: int, mentions: Sequence[Mention], words: Sequence[str], adoption_verbs: Collection[str]) -> Optional[str]:
    """"Security Council resolution 1373", "the Council's resolution", "the
    Security Council adopted resolutions …": the ORG just before issued it."""
    if i == 0 or mentions[i - 1].label != "ORG":
        return None
    org, document = mentions[i - 1], mentions[i]
    between = [w.lower() for w in words[org.last : document.first]]
    if not between or between in (["'s"], ["'"]) or (len(between) == 1 and between[0] in adoption_verbs):
        return org.norm
    return None


def adoption_date(
    document: Mention, index: MentionIndex, mentions: Sequence[Mention], words: Sequence[str], adoption_verbs: Collection[str]
) -> Optional[str]:
    """A date right after the title ("of 1999") or in its clause after an adoption verb."""
    i = document.last
    if i + 1 < len(words) and words[i].lower() in {"of", "in"}:
        after = index.at_token("DATE", i + 1)
        if after is not None:
            return mentions[after].norm
    saw_verb = False
    for j in range(document.last, min(document.last + 10, len(words))):
        word = words[j]
        if word in {".", ";", "(", ")"}:
            break
        if word.lower() in adoption_verbs:
            saw_verb = True
        if saw_verb:
            found = index.at_token("DATE", j)
            if found is not None:
                return mentions[found].norm
    return None


def bracketed_year(title: str) -> dict[str, str]:
    """"resolution 1540 (2004)": the year in brackets is the adoption year."""
    m = _BRACKETED_YEAR.search(title)
    return {"date": m.group(1)} if m else {}


def share_title_attrs(mentions: Sequence[Mention]) -> None:
    """One instrument named twice in a text is one instrument: what one
    mention of a title states (org, date, adopting summit) holds for all."""
    by_title: dict[str, list[Mention]] = {}
    for m in mentions:
        if m.label == "DOCUMENT" and m.last - m.first > 1:
            by_title.setdefault(org_key(m.text), []).append(m)
    for group in by_title.values():
        if len(group) < 2:
            continue
        known: dict[str, Any] = {}
        summit = next((m.summit for m in group if m.summit is not None), None)
        for m in group:
            for key, value in m.attrs.items():
                known.setdefault(key, value)
        for m in group:
            m.attrs = {**known, **m.attrs}
            if m.summit is None:
                m.summit = summit
