"""Where a document title ends: plain functions over token texts.

A title found by its head word ("Declaration", "Charter", …) runs on
through its `on …`/`of …`/`for …`/`until …` complement; these functions
decide where that complement stops. Tested table-driven in
`tests/test_titles.py`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Collection, Mapping, Sequence

from .gazetteer import CityGazetteer
from .words import is_lower, is_punct, is_year, shape

MAX_COMPLEMENT_TOKENS = 45
FUNCTION_WORDS = frozenset({"the", "a", "an", "of", "and", "on", "for", "in", "to", "with", "between", "-", "–"})
CLAUSE_END = frozenset({",", ";", ".", ":", "(", ")", "!", "?", "—"})
RESOLUTION_NUMBER_SHAPES = frozenset({"dddd", "ddd", "dd", "dd/d", "dd/dd", "dd/ddd", "ddd/d"})


@dataclass(frozen=True)
class TitleGrammar:
    complement_preps: frozenset[str]
    stopwords: frozenset[str]
    types: Mapping[str, str]  # head word (lower case) -> document type
    cities: CityGazetteer

    def extend(
        self,
        words: Sequence[str],
        end: int,
        date_starts: Collection[int] = frozenset(),
        breaks: Collection[int] = frozenset(),
    ) -> int:
        """End of the complement of a title whose head ends at token `end`;
        it stops before `of <date>`/`in <place>`, which date or place the text,
        and at a paragraph start (`breaks`)."""
        n = len(words)
        if end >= n or end in breaks or words[end].lower() not in self.complement_preps or dates_the_text(words, end, date_starts):
            return end
        j = end + 1
        last_word = end
        limit = min(n, end + MAX_COMPLEMENT_TOKENS)
        while j < limit:
            if j in breaks:
                break
            word = words[j]
            lower = word.lower()
            if dates_the_text(words, j, date_starts) or (lower == "in" and j + 1 < n and self.cities.match_at(words, j + 1)):
                break  # "the Almaty Act of 2002", "Declaration in Budapest": date and place are not title
            if word == "," and self.comma_inside_list(words, j):
                j += 1
                continue
            if word.isspace() or (is_punct(word) and word not in {"-", "–"}) or word in CLAUSE_END:
                break
            if lower in self.stopwords:
                break
            if lower == "and" and self.starts_another_title(words, j + 1):
                break
            if lower not in FUNCTION_WORDS:
                last_word = j + 1
            j += 1
        return last_word if last_word > end else end

    def starts_another_title(self, words: Sequence[str], j: int) -> bool:
        """"… of the SCO and the Shanghai Convention on …": a second title begins."""
        if j < len(words) and words[j].lower() in {"the", "a", "an"}:
            j += 1
        for word in words[j : j + 6]:
            if word.lower() in self.types and not is_lower(word):
                return True
            if is_lower(word) or is_punct(word):
                return False
        return False

    def comma_inside_list(self, words: Sequence[str], j: int) -> bool:
        """"terrorism, separatism and extremism": a comma in a list of nouns, inside
        the title; "…, verified and synthesizing": a participle clause, which ends it."""
        following = words[j + 1 : j + 6]
        if not following or not following[0].isalpha() or following[0].lower() in self.stopwords | FUNCTION_WORDS:
            return False
        for k, word in enumerate(following):
            lower = word.lower()
            if lower.endswith(("ing", "ed")) and is_lower(word):
                return False
            if lower == "and":
                at = j + 1 + k + 2
                after = words[at] if at < len(words) else None
                return after is None or is_punct(after) or after.lower() in self.stopwords
            if is_punct(word):
                return False
        return False


def dates_the_text(words: Sequence[str], j: int, date_starts: Collection[int]) -> bool:
    """`of 2002`, `of 12 February 2015`: a date after a title dates the text."""
    return words[j].lower() in {"of", "in"} and j + 1 < len(words) and (is_year(words[j + 1]) or j + 1 in date_starts)


def listed_numbers(words: Sequence[str], i: int) -> list[tuple[int, int]]:
    """"resolutions 822 (1993), 853 (1993) and 884 (1993)": the later numbers,
    each with its bracketed year, are resolutions too."""
    items = []
    n = len(words)
    while i < n:
        j = i
        while j < n and words[j].lower() in {",", "and"}:
            j += 1
        if j == i or j >= n or shape(words[j]) not in RESOLUTION_NUMBER_SHAPES:
            break
        end = j + 1
        if end + 2 < n and words[end] == "(" and is_year(words[end + 1]) and words[end + 2] == ")":
            end += 3
        items.append((j, end))
        i = end
    return items


def has_name_word(words: Sequence[str]) -> bool:
    """A capitalized word or a year: what makes "… Declaration" a title."""
    return any(w.isalpha() and not is_lower(w) for w in words) or any(is_year(w) for w in words)
