"""Commas inside a document title: where a list of nouns inside a title
("on combating the illicit trade in arms, ammunition and explosives") goes
on, and where a comma ends the title. Plain functions over token texts,
tested table-driven in `tests/test_titles.py`."""

from __future__ import annotations

from typing import Sequence

from .words import is_lower, is_punct

FUNCTION_WORDS = frozenset({"the", "a", "an", "of", "and", "on", "for", "in", "to", "with", "between", "-", "–"})


def comma_inside_list(words: Sequence[str], j: int, stopwords: frozenset, complement_preps: frozenset) -> bool:
    """"terrorism, separatism(,) and extremism", "Treaty of Friendship, Good
    Neighbourhood and Cooperation for …": a comma in a list of nouns inside
    the title; "…, verified and synthesizing": a participle clause, which ends it."""
    following = words[j + 1 : j + 7]
    if following and following[0].lower() == "and" and "," in words[max(0, j - 4) : j]:
        # "Smuggling, Piracy, and Trafficking": the serial comma of a list already inside
        return _list_ends_after(words, j + 2, stopwords, complement_preps, title_case=j + 2 < len(words) and not is_lower(words[j + 2]))
    if not following or not following[0].isalpha() or following[0].lower() in stopwords | FUNCTION_WORDS:
        return False
    for k, word in enumerate(following):
        lower = word.lower()
        if lower.endswith(("ing", "ed")) and is_lower(word):
            return False
        if lower == "and":
            return _list_ends_after(words, j + 1 + k + 1, stopwords, complement_preps, title_case=not is_lower(following[0]), short_items=k <= 2)
        if word == "," and k + 1 < len(following) and following[k + 1].lower() == "and":
            continue  # the serial comma
        if is_punct(word):
            return False
    return False


def _list_ends_after(words: Sequence[str], last: int, stopwords: frozenset, complement_preps: frozenset, title_case: bool, short_items: bool = False) -> bool:
    """Whether the list ends after the one to three words of its last item
    starting at `last`: at punctuation, a stop word, or the title's next
    complement: in a title-case list ("… and Cooperation for the
    Development of …"), or in a lower-case list of items of one or two
    words ("on friendship, good-neighbourliness and cooperation for the
    development of …"; "…, raise issues and help to …" is a clause)."""
    if last >= len(words) or not words[last].isalpha() or words[last].lower() in FUNCTION_WORDS:
        return False
    for k, after in enumerate(words[last + 1 : last + 4], start=1):
        lower = after.lower()
        if is_punct(after) or lower in stopwords:
            return True
        complement = lower in complement_preps or lower == "between"
        if complement and (title_case or (short_items and k <= 2 and lower != "to")):
            return True
        if not after.isalpha() or lower in FUNCTION_WORDS:
            return False
    return last + 1 >= len(words)
