"""ORG candidates: knowledge-base names and acronyms, name shapes (`…
Council`, `Ministry of …`) and document-local acronym definitions.

Each candidate keeps the rule that found it (`span.id_`); organization ids
are given later, by the attributes step, from the resolved mentions."""

from __future__ import annotations

from typing import Optional

import numpy
from spacy.language import Language
from spacy.tokens import Doc, Span

from ..acronyms import is_acronym_shape
from ..names import NameGrammar
from ..ordinals import parse_ordinal
from ..ruleset import RuleSet
from ..words import bracketed_word_at
from ..sources import dateline_source, reported_by
from .base import RuleComponent
from .matching import (
    AnchoredMatcher,
    TokenArrays,
    token_texts,
    acronym_definitions,
    hashes,
    paragraph_piece,
    phrase_matcher,
    token_positions,
)

ORG_KEY = "kz_org"
KB_NAME, KB_ACRONYM, LONG_FORM, DEFINED_ACRONYM = "kb-name", "kb-acronym", "acronym-long-form", "defined-acronym"
BRACKETED_ACRONYM, AND_JOINED = "bracketed-acronym", "name-and-name-head"
CITED_SOURCE = "cited-source"


class OrgCandidates(RuleComponent):
    def setup(self, rules: RuleSet) -> None:
        nlp = self.nlp
        self.kb = rules.orgs
        self.office_titles = rules.words("OFFICE_TITLES")
        self.heads = rules.words("ORG_HEADS")
        self.document_heads = rules.words("DOCUMENT_HEADS")
        self.state_names = rules.words("STATE_NAMES")
        self.name_stopwords = rules.words("NAME_STOPWORDS")
        self.cities = rules.cities
        self.names = phrase_matcher(nlp, self.kb.name_patterns(), "LOWER")
        self.acronyms = phrase_matcher(nlp, self.kb.acronym_patterns(), "ORTH")
        name_chain_preps = rules.words("ORG_CHAIN_PREPS")
        chain_preps = hashes(nlp.vocab, sorted(name_chain_preps))

        def name_can_form(tokens: TokenArrays, anchors: numpy.ndarray) -> numpy.ndarray:
            # A capitalized head with a name word before it or an `of …` chain
            # after it; a lone head ("the Organization") is never a mention.
            return anchors & ~tokens.is_lower & (tokens.name_word_before() | tokens.next_in(chain_preps))

        self.chain = NameGrammar(
            chain_preps=frozenset(name_chain_preps),
            apposition=rules.words("APPOSITION_WORDS"),
            stopwords=rules.words("CHAIN_STOPWORDS"),
            heads=self.heads,
            known_end=self._known_end,
            known_between=self._known_between,
        )
        self.event_heads = rules.words("ORG_EVENT_HEADS")
        self.chain_only_heads = rules.words("ORG_HEADS_WITH_CHAIN")
        self.places = rules.places
        self.source_verbs = hashes(nlp.vocab, sorted(rules.words("SOURCE_VERBS")))
        self.not_sources = frozenset(w.lower() for w in rules.words("COUNTRIES") | rules.words("STATE_NAMES"))
        self.shapes = AnchoredMatcher(
            nlp.vocab,
            rules.org_patterns,
            lower=self.heads,
            left=10,
            right=16,
            refine=name_can_form,
            longest_across_rules=True,
        )

    def __call__(self, doc: Doc) -> Doc:
        self.ready()
        words = token_texts(doc)
        spans: dict[tuple[int, int], Span] = {}
        for _, start, end in self.names(doc):
            if doc[start].is_lower or doc[end - 1].is_lower:
                continue  # "council of heads of government of the SCO", "CSTO joint staff": a description, not the name
            spans[(start, end)] = Span(doc, start, end, "ORG", span_id=KB_NAME)
        for _, start, end in self.acronyms(doc):
            spans.setdefault((start, end), Span(doc, start, end, "ORG", span_id=KB_ACRONYM))
        for start, end in self._organs_after_parent_acronym(doc, spans):
            spans[(start, end)] = Span(doc, start, end, "ORG", span_id=KB_NAME)
        breaks = TokenArrays.of(doc).paragraph_tokens
        for rule, start, end in self.shapes(doc):
            head = next((i for i in range(start, end) if doc[i].lower_ in self.heads and not doc[i].is_lower), end - 1)
            start, end = paragraph_piece(breaks, start, end, head)
            end = self.chain.extend(words, self._through_known_name(words, start, end, breaks), breaks)
            if doc[head].lower_ in self.chain_only_heads and (head + 1 >= end or doc[head + 1].lower_ != "of"):
                continue  # "Government of Kazakhstan" is a body; "the Georgian Government" stands for the state
            start = self.chain.heads_of_state_start(words, start)
            whole_end, end = end, self.chain.person_cut(words, start, end)
            end = next((k for k in range(start + 1, end - 1) if words[k] == "and" and words[k + 1].lower() in self.office_titles), end)  # "… of Turkmenistan | and Chairman of …": another person's office
            start = _skip_leading_noise(doc, start, end)
            start = _known_name_start(spans, start, head)
            end = self._known_name_before_on(words, start, head, end)
            if start > 1 and words[start - 1] == "State" and words[start - 2].lower() == "the" and start == head:
                start -= 1  # "the State Council of …", "the State Committee for …": `State` (a stopword in "Heads of State") names the body
            if _numbered_meeting(doc[start]):
                continue  # "III CICA Ministerial Council", "5th Review Conference": a meeting
            if doc[head].lower_ in self.event_heads and self.kb.org_id(doc[start:end].text) not in self.kb.by_id:
                continue  # "the Astana International Forum", "the C5+1 Business Forum": events (DECISIONS.md), unless a known body
            if end - start < 2 or (start, end) in spans or doc[start:end].text.lower() in self.state_names:
                continue
            if end == whole_end and self._continues_past_head(doc, words, end):
                continue  # "United Nations Public Service Award": the name is of something else (a person's name cut off is not)
            start = self._drop_leading_city(doc, words, start, end)
            if rule == AND_JOINED and self._known_after_and(doc, start, end):
                continue  # "the Nordic and European Community": a known name after `and` is its own
            spans[(start, end)] = Span(doc, start, end, "ORG", span_id=rule)
        tokens = TokenArrays.of(doc)
        verbs = numpy.flatnonzero(tokens.has("orth", self.source_verbs)).tolist()
        for start, end in [*reported_by(words, verbs, self.not_sources), *dateline_source(words, [0, *sorted(breaks)])]:
            spans.setdefault((start, end), Span(doc, start, end, "ORG", span_id=CITED_SOURCE))
        for acronym, long_start, paren in acronym_definitions(doc):
            long_form = doc[long_start:paren]
            if long_form[0].lower_ in self.document_heads or not long_form[0].is_title:
                continue
            if not self._names_an_org(doc, spans, long_start, paren):
                continue
            spans.setdefault((long_start, paren), Span(doc, long_start, paren, "ORG", span_id=LONG_FORM))
            for i in token_positions(doc, acronym):
                spans[(i, i + 1)] = Span(doc, i, i + 1, "ORG", span_id=DEFINED_ACRONYM)
        for start, end in _bracketed_acronyms(words, spans):
            for i in token_positions(doc, doc[start].text):
                spans.setdefault((i, i + 1), Span(doc, i, i + 1, "ORG", span_id=BRACKETED_ACRONYM))
        doc.spans[ORG_KEY] = list(spans.values())
        return doc

    def _known_name_before_on(self, words, start: int, head: int, end: int) -> int:
        """"briefed the Security Council | on Afghanistan": a known name ends
        before `on`, unless the longer name is known too ("Committee on the
        Peaceful Uses of Outer Space")."""
        on = head + 1
        if on >= end or words[on] != "on" or self.kb.id_for_name(" ".join(words[start:end])):
            return end
        return on if self.kb.id_for_name(" ".join(words[start:on])) else end

    def _known_after_and(self, doc: Doc, start: int, end: int) -> bool:
        joint = next((i for i in range(start, end) if doc[i].lower_ == "and"), None)
        return joint is not None and self.kb.org_id(doc[joint + 1 : end].text) in self.kb.by_id

    def _organs_after_parent_acronym(self, doc: Doc, spans: dict) -> list[tuple[int, int]]:
        """"UN First Committee", "OSCE Permanent Council": the acronym of the
        organization a known organ belongs to, right before the organ's name,
        is part of that name."""
        found = []
        for (start, end), span in spans.items():
            if span.id_ != KB_NAME or start == 0 or spans.get((start - 1, start)) is None:
                continue
            organ = self.kb.id_for_name(span.text)
            parent = self.kb.id_for_acronym(doc[start - 1].text)
            if organ and parent and parent in self.kb.ancestors(organ):
                found.append((start - 1, end))
        return found

    def _through_known_name(self, words, start: int, end: int, breaks) -> int:
        """"Board of the International Fund for Saving | the Aral Sea": a
        known name begun after `of`/`the` inside the match is whole."""
        for k in range(start + 1, end):
            if words[k - 1].lower() in {"of", "the"}:
                known = self._known_end(words, k)
                if known is not None and known > end and not any(b in breaks for b in range(end, known)):
                    return known
        return end

    def _known_end(self, words, i: int) -> Optional[int]:
        """End of a place or known organization name written at token i."""
        place = self.places.span_at(words, i)
        if place:
            return place[1]
        # Only a name that starts at i counts, so the rest of the window is not searched.
        found = self.kb.name_at(words, i, 16) if 0 <= i < len(words) else None
        return found[1] if found else None

    def _known_between(self, words, i: int, j: int) -> bool:
        place = self.places.span_at(words, i)
        if place is not None and place[1] == j:
            return True
        if j - i == 1 and words[i] in self.kb.by_acronym:
            return True
        return self.kb.id_for_name(" ".join(words[i:j])) is not None

    def _continues_past_head(self, doc: Doc, words, end: int) -> bool:
        if end >= len(doc):
            return False
        nxt = doc[end]
        return (
            nxt.is_title
            and nxt.is_alpha
            and nxt.lower_ not in self.name_stopwords
            and nxt.lower_ not in self.document_heads
            and self.cities.match_at(words, end) is None  # "… University Almaty": name, then its city
        )

    def _drop_leading_city(self, doc: Doc, words, start: int, end: int) -> int:
        """"Davos World Economic Forum": a city before a known name is not part of it."""
        city = self.cities.span_at(words, start)
        if city is None:
            return start
        rest = city[1]
        if rest < end and self.kb.id_for_name(doc[rest:end].text):
            return rest
        return start

    def _names_an_org(self, doc: Doc, spans: dict, long_start: int, paren: int) -> bool:
        """Whether a definition's long form names an organization."""
        if any(e == paren and b <= long_start + 1 for (b, e) in spans):
            return True
        long_form = doc[long_start:paren]
        return long_form[-1].lower_ in self.heads or any(t.lower_ in self.heads for t in long_form[:2])


def _bracketed_acronyms(words, spans: dict) -> list[tuple[int, int]]:
    """"the Turkish Disaster and Emergency Management Authority (AFAD)": an
    acronym in brackets right after a name abbreviates it, spelled from its
    words or not (a name translated from another language)."""
    covered = {i for start, end in spans for i in range(start, end)}
    return [
        (end + 1, end + 2)
        for start, end in spans
        if end - start >= 2 and bracketed_word_at(words, end) and end + 1 not in covered
        and is_acronym_shape(words[end + 1]) and words[end + 1].isalpha()
    ]


def _known_name_start(spans: dict, start: int, head: int) -> int:
    """"First Committee | of the General Assembly": a known name that ends at
    the head begins the body's name, though its first word ("First") is a
    stopword of names."""
    return min((b for (b, e), span in spans.items() if e == head + 1 and b < start and span.id_ == KB_NAME), default=start)


def _numbered_meeting(first) -> bool:
    """A Roman numeral or numeric ordinal before a name marks one session of it."""
    text = first.text
    return (text.isupper() and len(text) > 1 and parse_ordinal(text) is not None) or (
        first.shape_ in ("dxx", "ddxx") and parse_ordinal(text) is not None
    )


def _skip_leading_noise(doc: Doc, start: int, end: int) -> int:
    while start < end and (doc[start].is_punct or doc[start].lower_ in {"–", "-"}):
        start += 1
    return start


@Language.factory(
    "kz_org_candidates",
    default_config={"rules_path": None},
    assigns=["doc.spans"],
)
def make_org_candidates(nlp: Language, name: str, rules_path: Optional[str]) -> OrgCandidates:
    return OrgCandidates(nlp, name, rules_path)
