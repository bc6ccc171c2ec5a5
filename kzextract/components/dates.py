"""DATE candidates: the date grammar of `rules/dates.jsonl`; a match must
also parse (`dates.parse_date`). Normalization happens in the attributes step."""

from __future__ import annotations

from typing import Optional

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..dates import MAX_YEAR, MIN_YEAR, parse_date
from ..ruleset import RuleSet
from .base import RuleComponent
from .matching import AnchoredMatcher, TokenArrays, paragraph_piece

DATE_KEY = "kz_date"
DATE_SHAPE_LEXICONS = ("DATE_SHAPES_YEAR", "DATE_SHAPES_RANGE", "DATE_SHAPES_NUMERIC", "DECADE_SHAPES")


class DateCandidates(RuleComponent):
    def setup(self, rules: RuleSet) -> None:
        self.matcher = AnchoredMatcher(
            self.nlp.vocab,
            rules.date_patterns,
            lower=rules.lexicons["MONTHS"],
            shapes=[s for name in DATE_SHAPE_LEXICONS for s in rules.lexicons[name]],
            left=6,
            right=8,
            longest_across_rules=True,
        )
        self.prepositions = rules.words("DATE_PREPOSITIONS")
        self.relative = rules.words("RELATIVE_YEAR_WORDS")
        self.quantity_words = rules.words("QUANTITY_AFTER_NUMBER")

    def __call__(self, doc: Doc) -> Doc:
        self.ready()
        spans = []
        breaks = TokenArrays.of(doc).paragraph_tokens
        for rule, start, end in self.matcher(doc):
            if paragraph_piece(breaks, start, end, start) != (start, end):
                continue  # "Nov. 11.⏎⏎2019 …": a dateline and the next paragraph
            while start < end and doc[start].lower_ == "between":
                start += 1
            while end > start and doc[end - 1].is_punct and doc[end - 1].text not in {")"}:
                end -= 1  # "Sept. 15-16," — an optional comma at the end is not the date's
            if rule.startswith("consecutive-days") and not _consecutive(doc[start].text, doc[start + 2 if rule == "consecutive-days-and" else start + 3].text):
                # "the 4 and 13 September addresses": two dates; only the one with its month is written whole.
                start += 2 if rule == "consecutive-days-and" else 3
            span = doc[start:end]
            if end - start == 1 and not self._plausible_single(doc, start):
                continue
            if parse_date(span.text) is None:
                continue
            spans.append(Span(doc, start, end, "DATE", span_id=rule))
        doc.spans[DATE_KEY] = spans
        return doc

    def _plausible_single(self, doc: Doc, i: int) -> bool:
        token = doc[i]
        if token.shape_ == "dddd":
            if not MIN_YEAR <= int(token.text) <= MAX_YEAR:
                return False
            nxt = doc[i + 1] if i + 1 < len(doc) else None
            return not (nxt is not None and nxt.text in self.quantity_words)
        if token.lower_ == "may":  # the month, not the modal verb
            prev = doc[i - 1].lower_ if i else ""
            return prev in self.prepositions or prev in self.relative
        return True


def _consecutive(first: str, second: str) -> bool:
    """"3 and 4 April", "31 August and 1 September": two days of one event."""
    a, b = (int(x.rstrip("stndrh")) if x.rstrip("stndrh").isdigit() else -9 for x in (first, second))
    return b == a + 1 or (b == 1 and a >= 28)


@Language.factory("kz_date_candidates", default_config={"rules_path": None}, assigns=["doc.spans"])
def make_date_candidates(nlp: Language, name: str, rules_path: Optional[str]) -> DateCandidates:
    return DateCandidates(nlp, name, rules_path)
