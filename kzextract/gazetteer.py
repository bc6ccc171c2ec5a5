"""City names (`rules/lexicon.jsonl`, CITIES), matched on token texts.

Plain functions over a sequence of token strings, so they are tested
without spaCy; components pass a doc's token texts."""

from __future__ import annotations

from typing import Optional, Sequence


class CityGazetteer:
    def __init__(self, cities: Sequence[str]):
        # Token sequences as they appear in the view ("Cholpon Ata", "St."),
        # each with the city's written form.
        self.by_first: dict[str, list[tuple[list[str], str]]] = {}
        for city in cities:
            words = _token_words(city.replace("-", " ").replace(".", " . ").split())
            self.by_first.setdefault(words[0], []).append((words, city))
        for options in self.by_first.values():
            options.sort(key=lambda option: len(option[0]), reverse=True)

    def span_at(self, words: Sequence[str], i: int) -> Optional[tuple[str, int]]:
        """(city as listed, end token) of a city written at token `i`, or None."""
        if not 0 <= i < len(words):
            return None
        for city_words, city in self.by_first.get(words[i], ()):
            end = i + len(city_words)
            if end <= len(words) and list(words[i:end]) == city_words:
                return city, end
        return None

    def match_at(self, words: Sequence[str], i: int) -> Optional[str]:
        """The city written at token `i`, as listed, or None."""
        found = self.span_at(words, i)
        return found[0] if found else None

    def start_through(self, words: Sequence[str], start: int, longest: int = 3) -> int:
        """Where a city that runs into token `start` begins, else `start`:
        "New Delhi summit" starts at "New", which alone is no name word."""
        for i in range(max(0, start - longest), start):
            found = self.span_at(words, i)
            if found and found[1] > start:
                return i
        return start

    def find_in(self, words: Sequence[str], start: int, end: int, skip: frozenset = frozenset()) -> Optional[str]:
        """The first city in tokens [start, end), leaving out positions in `skip`."""
        for i in range(start, end):
            if i not in skip:
                found = self.match_at(words, i)
                if found:
                    return found
        return None

    def city_after(self, words: Sequence[str], end: int, clause_end: frozenset, window: int = 8) -> Optional[str]:
        """"… summit in Astana", "… held in the Russian city of Ufa": a city
        after `in`/`at`/`city of` before the clause ends."""
        for i in range(end, min(end + window, len(words))):
            if words[i] in clause_end:
                return None
            if i > 0 and (words[i - 1].lower() in {"in", "at"} or (i > 1 and words[i - 1].lower() == "of" and words[i - 2].lower() == "city")):
                found = self.match_at(words, i)
                if found:
                    return found
        return None


def _token_words(words: list[str]) -> list[str]:
    # "St." is one spaCy token; "Cholpon-Ata" is three.
    out: list[str] = []
    for w in words:
        if out and w == ".":
            out[-1] += "."
        else:
            out.append(w)
    return out
