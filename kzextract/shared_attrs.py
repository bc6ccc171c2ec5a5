"""What mentions of one instrument, coordinated complements of one head and
the items of one adopted list share: plain functions over DOCUMENT
mentions and token texts, run after each document has its own attributes
(`document_attrs.DocumentAttributes`)."""

from __future__ import annotations

from typing import Any, Optional, Sequence

from .kb import org_key
from .mention import Mention
from .summit_links import may_be_same_summit
from .title_tokens import COORDINATORS

LIST_ITEM_RULES = frozenset({"list-item"})
COORDINATED_RULES = frozenset({"coordinated-title"})


def title_key(m: Mention, words: Sequence[str]) -> str:
    """A title with the organizations inside it written as their ids, so that
    "Strategy of the CSTO for …" and "Strategy of the Collective Security
    Treaty Organization for …" are one title."""
    parts: list[str] = []
    k = m.first
    for start, end, org in sorted(m.inner_orgs):
        if start < k:
            continue
        parts.extend(words[k:start])
        parts.append(org)
        k = end
    parts.extend(words[k : m.last])
    return org_key(" ".join(p for p in parts if p.lower() not in {"the", "a", "an"}))


def share_title_attrs(mentions: Sequence[Mention], words: Sequence[str] = ()) -> None:
    """One instrument named twice in a text is one instrument: what one
    mention of a title states (org, date, adopting summit) holds for all."""
    for key in (lambda m: org_key(m.text), lambda m: title_key(m, words)) if words else (lambda m: org_key(m.text),):
        _share_by(mentions, key)


def share_acronym_attrs(mentions: Sequence[Mention], words: Sequence[str]) -> None:
    """"the Comprehensive Nuclear-Test-Ban Treaty (CTBT), adopted in 1996":
    an acronym the text gives a title in brackets names that instrument
    wherever it is written: its mentions take what the title states, and
    the title what they state that it does not. An acronym of another kind
    than its title ("decisions on the development of the … Programme for
    2011-2015 (ASBP-3)") names the text the title is about: only the type
    and organization."""
    titles: dict[str, tuple[Mention, Optional[str]]] = {}
    for title, acronym in zip(mentions, mentions[1:]):
        if (
            title.label == acronym.label == "DOCUMENT"
            and acronym.last - acronym.first == 1
            and acronym.first == title.last + 1
            and words[title.last] == "("
        ):
            # "decisions on the development of the … Programme for 2011-2015 (ASBP-3)": the acronym's own type, the programme's
            titles.setdefault(acronym.text, (title, acronym.attrs.get("type")))
    for acronym_text, (title, own_type) in titles.items():
        acronyms = [m for m in mentions if m.label == "DOCUMENT" and m.text == acronym_text]
        if own_type and title.attrs.get("type") and own_type != title.attrs["type"]:
            # the programme a decision is about, not the decision: adopted neither with it nor then
            for m in acronyms:
                org = title.attrs.get("org") or m.attrs.get("org")
                m.attrs = {"type": own_type, **({"org": org} if org else {})}
                m.summit = None
            continue
        for m in acronyms:  # what the title states holds for the acronym ("… (CTBT), adopted in 1996")
            m.attrs = {**m.attrs, **title.attrs, **({"type": own_type} if own_type else {})}
            if title.summit is not None:
                m.summit = title.summit
        for m in acronyms:  # and what an acronym states that the title does not, for the title
            title.attrs = {**m.attrs, **title.attrs}
            if title.summit is None:
                title.summit = m.summit


def _share_by(mentions: Sequence[Mention], key) -> None:
    by_title: dict[str, list[Mention]] = {}
    for m in mentions:
        if m.label == "DOCUMENT" and m.last - m.first > 1:
            by_title.setdefault(key(m), []).append(m)
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


def share_coordinated_head(mentions: Sequence[Mention], words: Sequence[str]) -> None:
    """"Statements on A, on B and on C": a coordinated `on …` complement is a
    text of the head it shares, so it takes that head's type, and what the
    head states (org, date, adopting summit) unless it states its own."""
    previous: Optional[Mention] = None
    for m in mentions:
        if m.label != "DOCUMENT":
            continue
        if previous is not None and shares_head(previous, m, words):
            if previous.attrs.get("type"):
                m.attrs = {**m.attrs, "type": previous.attrs["type"]}
            m.attrs = {**{k: v for k, v in previous.attrs.items() if k != "type"}, **m.attrs}
            if m.summit is None:
                m.summit = previous.summit
        previous = m


def shares_head(previous: Mention, document: Mention, words: Sequence[str]) -> bool:
    """A coordinated complement: found as one, or a list item `on …` joined to
    the item before it by `,`/`and`/`as well as` only."""
    if document.rule in COORDINATED_RULES:
        return True
    if document.rule not in LIST_ITEM_RULES or document.first >= len(words) or words[document.first].lower() != "on":
        return False
    joint = tuple(w.lower() for w in words[previous.last : document.first])
    return joint in COORDINATORS


def two_party(title: str) -> bool:
    """"memorandum between the SCO Secretariat and the Eurasian Economic
    Commission": an instrument of two parties has no one organization
    (DECISIONS.md); "Relations between the CICA Member States" is one body's."""
    _, between, parties = title.partition(" between ")
    return bool(between) and " and " in parties


def adopted_lists(mentions: Sequence[Mention]) -> list[list[Mention]]:
    """The lists of adopted documents, each a run of two or more list items
    with no other DOCUMENT between them."""
    runs: list[list[Mention]] = [[]]
    for m in mentions:
        if m.label != "DOCUMENT":
            continue
        if m.rule in LIST_ITEM_RULES:
            runs[-1].append(m)
        elif runs[-1]:
            runs.append([])
    return [run for run in runs if len(run) > 1]


def share_list_org(mentions: Sequence[Mention]) -> None:
    """The items of one list of adopted documents were adopted under one
    organization: when the items that state an organization all state the
    same one, or most of them do, the others take it ("– On approval of the
    Plan … of the CSTO member states; – To approve the Programme of
    cooperation of the member states …"; an item that names the CIS as its
    topic does not outvote three that name the CSTO)."""
    for run in adopted_lists(mentions):
        stated = [item.attrs["org"] for item in run if item.attrs.get("org")]
        counts = {org: stated.count(org) for org in stated}
        org = max(counts, key=lambda o: counts[o], default=None)
        if org is not None and counts[org] * 2 > len(stated):
            for item in run:
                if not two_party(item.text):
                    item.attrs.setdefault("org", org)


def share_list_summit(mentions: Sequence[Mention]) -> None:
    """The items of one list were adopted at one summit: when most of the
    linked items link to one summit, an item linked to another takes it, and
    the date and organization it had from that other summit. An item that
    names no organization is drawn to the summit named nearest ("the Second
    China – Central Asia Summit" named between the EAEU summit and its list)."""
    for run in adopted_lists(mentions):
        linked = [item for item in run if item.summit is not None]
        if not linked:
            continue
        counts: dict[int, int] = {}
        for item in linked:
            counts[item.summit] = counts.get(item.summit, 0) + 1
        summit = max(counts, key=lambda k: counts[k])
        if counts[summit] * 2 <= len(linked):
            continue
        model = next(item for item in linked if item.summit == summit)
        for item in linked:
            other = mentions[item.summit].attrs
            if item.summit == summit or may_be_same_summit(other, mentions[summit].attrs):
                continue  # another mention of the same summit: the nearest stays
            if item.attrs.get("date") == other.get("date") or item.attrs.get("date") is None:
                item.attrs = {**item.attrs, "date": model.attrs.get("date")}
            if item.attrs.get("org") is None:  # an organization it names stays
                item.attrs = {**item.attrs, "org": model.attrs.get("org")}
            item.attrs = {k: v for k, v in item.attrs.items() if v is not None}
            item.summit = summit


ENTITLING_WORDS = frozenset({"entitled", "titled"})


def share_entitled_attrs(mentions: Sequence[Mention], words: Sequence[str]) -> None:
    """'resolution 67/104 entitled "Promotion of …"': the title in quotes
    names the numbered text before it, with what that one states."""
    for numbered, title in zip(mentions, mentions[1:]):
        if (
            numbered.label == title.label == "DOCUMENT"
            and numbered.last + 2 == title.first
            and words[numbered.last].lower() in ENTITLING_WORDS
        ):
            title.attrs = {**title.attrs, **{k: v for k, v in numbered.attrs.items() if k != "type" or "type" not in title.attrs}}
            if title.summit is None:
                title.summit = numbered.summit


HEADLINE_SUBJECT_RULES = frozenset({"headline-subject-title"})


def share_headline_conjuncts(mentions: Sequence[Mention], words: Sequence[str]) -> None:
    """"CIS prime ministers sign e-commerce agreement, interregional
    programme in Minsk": a headline's text joined to the one before it
    shares what that one states and it does not (its issuer, date, summit)."""
    for first, second in zip(mentions, mentions[1:]):
        if first.label != "DOCUMENT" or second.label != "DOCUMENT" or second.rule not in HEADLINE_SUBJECT_RULES:
            continue
        between = [w.lower() for w in words[first.last : second.first]]
        if between in ([","], ["and"]):
            second.attrs = {**{k: v for k, v in first.attrs.items() if k != "type"}, **second.attrs}
            if second.summit is None:
                second.summit = first.summit
