"""SUMMIT candidates: noun phrases headed by `summit`, with a directly
following `of <ORG>`; a bare `summit` only when its clause pins it to one
event by a place or a date."""

from __future__ import annotations

from typing import Iterable, Optional

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..ruleset import RuleSet
from ..summit_spans import SummitGrammar
from ..titles import TitleGrammar
from ..words import CLAUSE_END, shape
from .base import RuleComponent
from .dates import DATE_KEY
from .matching import AnchoredMatcher, InnerNames, TokenArrays, token_texts, paragraph_piece
from .orgs import ORG_KEY

SUMMIT_KEY = "kz_summit"


class SummitCandidates(RuleComponent):
    def setup(self, rules: RuleSet) -> None:
        self.matcher = AnchoredMatcher(
            self.nlp.vocab,
            rules.summit_patterns,
            lower=rules.lexicons["SUMMIT_HEADS"],
            left=10,
            right=2,
            longest_across_rules=True,
        )
        self.heads = rules.words("SUMMIT_HEADS")
        self.as_modifier = rules.words("SUMMIT_AS_MODIFIER_WORDS")
        self.cities = rules.cities
        # A summit's complement ends where a title's would ("World Summit on the Information Society").
        titles = TitleGrammar.from_lexicons(rules.lexicons, rules.document_types, rules.cities)
        premodifiers = rules.words("ORDINAL_WORDS") | rules.words("SUMMIT_PREMOD_WORDS")
        ordinal_shapes = rules.words("ORDINAL_SHAPES")
        self.phrases = SummitGrammar(
            apposition=rules.words("APPOSITION_WORDS"),
            complement_end=titles.extend,
            is_premodifier=lambda word: (word.isalpha() and word.lower() in premodifiers) or shape(word) in ordinal_shapes,
            premodifier_phrases=tuple(tuple(phrase.lower().split()) for phrase in rules.lexicons["SUMMIT_PREMOD_PHRASES"]),
        )

    def __call__(self, doc: Doc) -> Doc:
        self.ready()
        words = token_texts(doc)
        orgs_by_start = {start: span.end for start, span in _longest_by_start(doc.spans[ORG_KEY]).items()}
        orgs_by_end = _longest_by_end(doc.spans[ORG_KEY])
        date_starts = {s.start for s in doc.spans[DATE_KEY]}
        inner = InnerNames(doc.spans[ORG_KEY])
        spans = []
        breaks = TokenArrays.of(doc).paragraph_tokens
        for rule, start, end in self.matcher(doc):
            head = next((i for i in range(end - 1, start - 1, -1) if doc[i].lower_ in self.heads), end - 1)
            if head + 1 < len(doc) and doc[head + 1].lower_ in self.as_modifier:
                continue  # "the first summit-level gathering" is no summit
            start, end = paragraph_piece(breaks, start, end, head)
            extended = self.phrases.extend_right(
                words, end, orgs_by_start, breaks, named=not doc[head].is_lower, date_starts=date_starts
            )
            left = self.cities.start_through(words, self.phrases.extend_left(words, start, orgs_by_end))
            if not any(left < i <= start for i in breaks):  # "Photo: Akorda⏎⏎Second … Summit": not across a paragraph
                start = left
            bare = doc[start].lower_ in self.heads  # "summit" or "summit meeting", no modifier
            if bare and extended == end and not self._pinned(doc, words, end, date_starts):
                continue
            span = Span(doc, start, extended, "SUMMIT", span_id=rule)
            span._.kz_orgs = inner.within(start, extended)
            spans.append(span)
        doc.spans[SUMMIT_KEY] = spans
        return doc

    def _pinned(self, doc: Doc, words, end: int, date_starts: set[int]) -> bool:
        """A place or a date in the same clause: "a summit in Shanghai in June
        2001", "the previous summit, held in Astrakhan", "the next summit, to be
        held in Astana"."""
        if end + 1 < len(doc) and doc[end].text == ",":
            # "the previous summit, held in Astrakhan", "the next summit, to be held in Astana in July 2024"
            k = end + 3 if [t.lower_ for t in doc[end + 1 : end + 3]] == ["to", "be"] else end + 1
            if k < len(doc) and doc[k].lower_ in {"held", "convened", "hosted"}:
                end = k
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


def _longest_by_end(spans: Iterable[Span]) -> dict[int, int]:
    out: dict[int, int] = {}
    for span in spans:
        if span.end not in out or span.start < out[span.end]:
            out[span.end] = span.start
    return out


@Language.factory(
    "kz_summit_candidates",
    default_config={"rules_path": None},
    requires=["doc.spans"],
    assigns=["doc.spans"],
)
def make_summit_candidates(nlp: Language, name: str, rules_path: Optional[str]) -> SummitCandidates:
    return SummitCandidates(nlp, name, rules_path)
