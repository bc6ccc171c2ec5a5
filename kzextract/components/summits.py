"""SUMMIT candidates: noun phrases headed by `summit`, with a directly
following `of <ORG>`; a bare `summit` only when its clause pins it to one
event by a place or a date."""

from __future__ import annotations

from typing import Iterable, Optional

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..ruleset import RuleSet
from .base import RuleComponent
from .dates import DATE_KEY
from .matching import AnchoredMatcher, InnerNames, TokenArrays, TokenTexts, paragraph_piece, rule_matcher
from .orgs import ORG_KEY

SUMMIT_KEY = "kz_summit"
CLAUSE_END = frozenset({",", ";", ".", ":", "(", ")", "!", "?", "—"})


class SummitCandidates(RuleComponent):
    def setup(self, rules: RuleSet) -> None:
        self.matcher = AnchoredMatcher(
            rule_matcher(self.nlp.vocab, rules.summit_patterns),
            self.nlp.vocab,
            lower=rules.lexicons["SUMMIT_HEADS"],
            left=10,
            right=2,
            longest_across_rules=True,
        )
        self.heads = rules.words("SUMMIT_HEADS")
        self.cities = rules.cities

    def __call__(self, doc: Doc) -> Doc:
        self.ready()
        words = TokenTexts(doc)
        orgs_by_start = _longest_by_start(doc.spans[ORG_KEY])
        date_starts = {s.start for s in doc.spans[DATE_KEY]}
        inner = InnerNames(doc.spans[ORG_KEY])
        spans = []
        breaks = TokenArrays.of(doc).paragraph_tokens
        for rule, start, end in self.matcher(doc):
            head = next((i for i in range(end - 1, start - 1, -1) if doc[i].lower_ in self.heads), end - 1)
            start, end = paragraph_piece(breaks, start, end, head)
            bare = doc[start].lower_ in self.heads  # "summit" or "summit meeting", no modifier
            extended = _extend_with_of_org(doc, end, orgs_by_start, breaks)
            if bare and extended == end and not self._pinned(doc, words, end, date_starts):
                continue
            span = Span(doc, start, extended, "SUMMIT", span_id=rule)
            span._.kz_orgs = inner.within(start, extended)
            spans.append(span)
        doc.spans[SUMMIT_KEY] = spans
        return doc

    def _pinned(self, doc: Doc, words, end: int, date_starts: set[int]) -> bool:
        """A place or a date in the same clause: "a summit in Shanghai in June 2001"."""
        if self.cities.city_after(words, end, CLAUSE_END):
            return True
        for i in range(end, min(end + 8, len(doc))):
            if doc[i].text in CLAUSE_END:
                return False
            if i in date_starts and doc[i - 1].lower_ in {"in", "on", "of"}:
                return True
        return False


def _longest_by_start(spans: Iterable[Span]) -> dict[int, Span]:
    out: dict[int, Span] = {}
    for span in spans:
        if span.start not in out or len(span) > len(out[span.start]):
            out[span.start] = span
    return out


def _extend_with_of_org(doc: Doc, end: int, orgs_by_start: dict[int, Span], breaks: frozenset[int]) -> int:
    """Take in a directly following `of (the) <ORG>` chain."""
    while end + 1 < len(doc) and doc[end].lower_ == "of" and end not in breaks:
        j = end + 1
        if doc[j].lower_ == "the":
            j += 1
        org = orgs_by_start.get(j)
        if org is None:
            break
        end = org.end
    return end


@Language.factory(
    "kz_summit_candidates",
    default_config={"rules_path": None},
    requires=["doc.spans"],
    assigns=["doc.spans"],
)
def make_summit_candidates(nlp: Language, name: str, rules_path: Optional[str]) -> SummitCandidates:
    return SummitCandidates(nlp, name, rules_path)
