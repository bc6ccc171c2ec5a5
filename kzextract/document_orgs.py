"""The organization a DOCUMENT was adopted under, from what the text names
(ANNOTATION.md, DOCUMENT `org`): an organization in its title (rolled up to
its top-level body), the issuing body written just before it, the organ in
`adopted by …` after it, the issuer its form or its record says (a UN
symbol, a known instrument), the one organization the items of its list
name, a short name in its title ("… of the Union") for the one organization
of the text so called. The adopting summit's organization comes later, in
`document_attrs`."""

from __future__ import annotations

import re

from typing import Collection, Iterable, Mapping, Optional, Sequence

from .adopters import issuing_org
from .adoption import named_after_title
from .kb import OrgKB, org_key
from .mention import Mention, MentionIndex
from .orgids import organization_of
from .shared_attrs import adopted_lists, two_party
from .title_tokens import founds_the_org


_NUMBERED = re.compile(r"\s*-\s*\d{1,2}$")  # "Aral Sea Basin Programme-4": one of a known series


class DocumentOrgs:
    def __init__(
        self,
        kb: OrgKB,
        adoption_verbs: Collection[str],
        rule_issuers: Mapping[str, str] = {},
        known_issuers: Mapping[str, str] = {},
        short_names: Collection[str] = frozenset(),
    ):
        self.kb = kb
        self.adoption_verbs = frozenset(adoption_verbs)
        self.rule_issuers = rule_issuers  # rule id -> the ORG id its form says issued the text
        self.known_issuers = known_issuers  # org_key of a known instrument's name, alias or acronym -> the ORG id it was adopted under
        self.short_names = frozenset(short_names)  # "Union", "Organization": what a title calls its organization

    def founding(self, document: Mention, words: Sequence[str]) -> bool:
        """The title founds the organization it names ("Agreement on the Establishment of the CIS")."""
        return any(founds_the_org(words, document.first, start, end, document.last) for start, end, _ in document.inner_orgs)

    def named_org(
        self, i: int, mentions: Sequence[Mention], index: MentionIndex, words: Sequence[str], list_org: Mapping[int, str], founding: bool
    ) -> Optional[str]:
        """`founding`: what `founding` says of the document, asked once by the caller."""
        document = mentions[i]
        known = self.known_issuers.get(org_key(document.text)) or self.known_issuers.get(org_key(_NUMBERED.sub("", document.text)))
        if known:
            return known  # "the Almaty Act", whoever's summit the text names it with
        inner = [] if founding else [self.kb.top_level(org) for _, _, org in document.inner_orgs if org in self.kb.by_id]
        if two_party(document.text):
            inner = []  # "memorandum between the SCO Secretariat and …": two parties, no one organization
        issuer = issuing_org(i, mentions, words, self.adoption_verbs)
        adopter = named_after_title(mentions, index, words, document, "ORG", "by", self.adoption_verbs) if inner or not issuer else None
        # "…, adopted by the General Assembly on 7 December", "… was approved by the Board of IFAS"
        organ = mentions[adopter].norm if adopter is not None else None
        if inner:
            if organ in self.kb.by_id and organ != inner[0] and self.kb.top_level(organ) == inner[0]:
                return self.kb.issuing_org_id(organ)  # "the UN Global Counter-Terrorism Strategy, adopted by the General Assembly"
            return inner[0]
        if issuer:
            return self.kb.issuing_org_id(issuer)
        if organ:
            return self.kb.issuing_org_id(organ) if organ in self.kb.by_id else organization_of(organ, self.kb)
        if document.rule in self.rule_issuers:
            return self.rule_issuers[document.rule]  # "resolution 57/69 (2002)": the Assembly's symbol
        if id(document) in list_org and not two_party(document.text):
            return list_org[id(document)]  # the organization the list's other items name, before its summit is chosen
        if document.inner_orgs:
            return None  # "Agreement on the Establishment of the Commonwealth of Independent States" names it in full
        # a generator: the text's organizations are read only when the title has a short name
        named = (self.kb.top_level(m.norm) for m in mentions if m.label == "ORG" and m.norm in self.kb.by_id)
        return short_name_org(document.text, self.short_names, ((self.kb.by_id[org].name, org) for org in named))

    def list_orgs(self, mentions: Sequence[Mention]) -> dict[int, str]:
        """id() of each item of an adopted list -> the one organization its
        items name in their titles, when they name exactly one."""
        found: dict[int, str] = {}
        for run in adopted_lists(mentions):
            orgs = {self.kb.top_level(org) for m in run if not two_party(m.text) for _, _, org in m.inner_orgs if org in self.kb.by_id}
            if len(orgs) == 1:
                org = orgs.pop()
                found.update((id(m), org) for m in run)
        return found


def short_name_org(title: str, short_names: Collection[str], orgs: Iterable[tuple[str, str]]) -> Optional[str]:
    """The organization a title calls by a short name ("programme of
    cooperation of the member states of the Union"): the one top-level
    organization the text names, among `orgs` ((full name, id), read only
    when the title has such a word), whose name begins or ends with that
    word ("Eurasian Economic Union"); None when there is no such word or no
    one such organization."""
    words = title.split()
    named = {w.strip(",.;:") for before, w in zip(words, words[1:]) if before == "the"} & set(short_names)
    if not named:
        return None
    found = {org for name, org in orgs if name.split()[0] in named or name.split()[-1] in named}
    return found.pop() if len(found) == 1 else None
