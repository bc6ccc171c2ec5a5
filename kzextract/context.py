"""Where a mention stands: its sentence, its paragraph, nearby places and
organizations. Plain functions over the doc's text and offsets."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from typing import Optional, Sequence

# A sentence ends at . ! ? followed by space and an upper-case letter, digit or
# opening quote; "St. Petersburg" and "N.A. Nazarbayev" are guarded below.
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’']?\s+(?=[A-Z0-9“\"‘(])")
_ABBREVIATIONS = re.compile(r"(?:\b(?:St|Mr|Mrs|Ms|Dr|No|Nos|Art|Vol|pp|P|Yu|vs|etc|[A-Z]))\.$")

class Layout:
    """Sentence and paragraph boundaries of one text (computed lazily)."""

    def __init__(self, text: str, paragraph_starts: Optional[Sequence[int]] = None):
        self.text = text
        self.paragraph_starts = list(paragraph_starts) if paragraph_starts else [0]
        self._sentence_starts: Optional[list[int]] = None

    def paragraph_of(self, offset: int) -> int:
        return bisect_right(self.paragraph_starts, offset) - 1

    def paragraph_bounds(self, offset: int) -> tuple[int, int]:
        i = self.paragraph_of(offset)
        end = self.paragraph_starts[i + 1] if i + 1 < len(self.paragraph_starts) else len(self.text)
        return self.paragraph_starts[max(i, 0)], end

    def sentence_of(self, offset: int) -> tuple[int, int]:
        """[start, end) of the sentence around `offset`, never crossing a paragraph."""
        if self._sentence_starts is None:
            starts = set(self.paragraph_starts)
            for m in _SENTENCE_END.finditer(self.text):
                if not _ABBREVIATIONS.search(self.text[max(0, m.start() - 6) : m.start()]):
                    starts.add(m.end())
            self._sentence_starts = sorted(starts)
        i = bisect_right(self._sentence_starts, offset) - 1
        start = self._sentence_starts[max(i, 0)]
        end = self._sentence_starts[i + 1] if i + 1 < len(self._sentence_starts) else len(self.text)
        return start, end

    def nearest_org(self, span, mentions, records, is_main_org=lambda norm: True) -> Optional[str]:
        """The organization a summit belongs to when its phrase names none: the
        nearest main organization in its sentence, else the one its paragraph
        names most, else the last one named in the paragraph before."""
        orgs = [(m.start_char, r.norm) for m, r in zip(mentions, records) if m.label_ == "ORG" and r.norm and is_main_org(r.norm)]

        def named_in(bounds: tuple[int, int]) -> list[tuple[int, str]]:
            return [(offset, norm) for offset, norm in orgs if bounds[0] <= offset < bounds[1]]

        in_sentence = named_in(self.sentence_of(span.start_char))
        if in_sentence:
            return min((abs(offset - span.start_char), norm) for offset, norm in in_sentence)[1]
        paragraph = self.paragraph_bounds(span.start_char)
        counts = Counter(norm for _, norm in named_in(paragraph))
        if not counts:
            before = named_in(self.paragraph_bounds(paragraph[0] - 1)) if paragraph[0] > 0 else []
            return before[-1][1] if before else None
        ranked = counts.most_common(2)
        if len(ranked) == 2 and ranked[0][1] == ranked[1][1]:
            return None  # two organizations equally present: not unambiguous
        return ranked[0][0]


class CityGazetteer:
    """City names (`rules/lexicon.jsonl`, CITIES), matched on tokens."""

    def __init__(self, cities: Sequence[str]):
        # Token sequences as they appear in the view ("Cholpon Ata", "St."),
        # each with the city's written form.
        self.by_first: dict[str, list[tuple[list[str], str]]] = {}
        for city in cities:
            words = _token_words(city.replace("-", " ").replace(".", " . ").split())
            self.by_first.setdefault(words[0], []).append((words, city))
        for options in self.by_first.values():
            options.sort(key=lambda option: len(option[0]), reverse=True)

    def span_at(self, doc, i: int) -> Optional[tuple[str, int]]:
        """(city as listed, end token) of a city written at token `i`, or None."""
        for words, city in self.by_first.get(doc[i].text, ()):
            end = i + len(words)
            if end <= len(doc) and [t.text for t in doc[i:end]] == words:
                return city, end
        return None

    def match_at(self, doc, i: int) -> Optional[str]:
        """The city written at token `i`, as listed, or None."""
        found = self.span_at(doc, i)
        return found[0] if found else None

    def find_in(self, doc, start: int, end: int, skip: frozenset = frozenset()) -> Optional[str]:
        """The first city in tokens [start, end), leaving out positions in `skip`."""
        for i in range(start, end):
            if i not in skip:
                found = self.match_at(doc, i)
                if found:
                    return found
        return None

    def city_after(self, doc, end: int, clause_end: frozenset, window: int = 8) -> Optional[str]:
        """"… summit in Astana": a city after `in`/`at` before the clause ends."""
        for i in range(end, min(end + window, len(doc))):
            if doc[i].text in clause_end:
                return None
            if doc[i - 1].lower_ in {"in", "at"}:
                found = self.match_at(doc, i)
                if found:
                    return found
        return None


def _token_words(words: list[str]) -> list[str]:
    # "St." is one spaCy token; "Cholpon-Ata" is three.
    out: list[str] = []
    for w in words:
        if out and w == "." :
            out[-1] += "."
        else:
            out.append(w)
    return out
