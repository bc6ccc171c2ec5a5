"""Ordinal numbers of summits: `VI` -> 6, `Sixth` -> 6, `24th` -> 24; and
when an ordinal before `summit` is the summit's (`summit_ordinal`), not a
first for a while or for a person."""

from __future__ import annotations

import re
from typing import Optional, Sequence

from .vocab import numbered

_WORDS = numbered("ORDINAL_WORDS")
_TENS = numbered("ORDINAL_TENS")
_ROMAN = re.compile(r"^(?=[IVXLC])(C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
_NUMERIC = re.compile(r"^(\d{1,3})(?:st|nd|rd|th)$", re.I)


def parse_ordinal(word: str) -> Optional[int]:
    """The integer of an ordinal word, numeral or Roman numeral, else None.

    Roman numerals must be upper case, so the pronoun `I` is not 1 unless
    the caller has decided the word is a summit's ordinal.
    """
    word = word.strip().rstrip(".")
    m = _NUMERIC.match(word)
    if m:
        return int(m.group(1)) or None
    lower = word.lower()
    if lower in _WORDS:
        return _WORDS[lower]
    if "-" in lower:  # "twenty-fourth"
        tens, _, unit = lower.partition("-")
        if tens in _TENS and unit in _WORDS and _WORDS[unit] < 10:
            return _TENS[tens] + _WORDS[unit]
    if _ROMAN.match(word):
        return _roman_value(word)
    return None


def _roman_value(word: str) -> int:
    total = 0
    for i, c in enumerate(word):
        value = _ROMAN_VALUES[c]
        if i + 1 < len(word) and _ROMAN_VALUES[word[i + 1]] > value:
            total -= value
        else:
            total += value
    return total


SINCE_WORDS = frozenset({"since"})


def first_in_a_while(after: Sequence[str]) -> bool:
    """"the first summit hosted by Kazakhstan since 2017", "the first summit of
    the organization in eleven years": first for a while, not the first one."""
    lowered = [w.lower() for w in after]
    if any(w in SINCE_WORDS for w in lowered):
        return True
    return any(w == "in" and k + 2 < len(lowered) and lowered[k + 2] in {"years", "decades"} for k, w in enumerate(lowered))


COPULAS = frozenset({"was", "is", "be", "became", "becomes", "will"})
RESTRICTING_PARTICIPLES = frozenset({"held", "hosted", "convened", "organized", "organised"})


def first_of_a_kind(before: Sequence[str], after: Sequence[str]) -> bool:
    """"It was the first CIS summit held in Kazan": said of a summit, `the
    first … held in <place>` counts the summits held there, not the series
    ("The first CICA summit, held in Almaty in 2002, …" is the first one)."""
    lowered = [w.lower() for w in before[-2:]]
    return len(lowered) == 2 and lowered[0] in COPULAS and lowered[1] == "the" and bool(after) and after[0].lower() in RESTRICTING_PARTICIPLES


PERSONAL_POSSESSIVES = frozenset({"his", "her", "my", "your"})


def counted_from_a_person(before: Sequence[str]) -> bool:
    """"attending his first Caspian summit as head of state": first for him,
    not the first of the series ("its first summit" stays the organization's)."""
    return bool(before) and before[-1].lower() in PERSONAL_POSSESSIVES


def summit_ordinal(phrase: Sequence[str]) -> Optional[int]:
    """"VI CICA summit" -> 6, "24th summit" -> 24; "10th anniversary summit" and
    the pronoun "I" are no ordinal."""
    if len(phrase) < 2 or phrase[1].lower() == "anniversary" or phrase[0] == "I":
        return None
    first = phrase[0]
    if first.isupper() or first.istitle() or first.islower() or first[:1].isdigit():
        found = parse_ordinal(first)
        if found is None and first.islower() and len(phrase) > 2:
            return summit_ordinal(phrase[1:])  # "jubilee tenth OTS summit"
        return found
    return None


def apposition_ordinal(after: Sequence[str]) -> Optional[int]:
    """"The New Delhi summit, the 23rd in the history of the organization":
    an apposition that numbers the summit itself, given the words after the
    summit. "…, the first since 2019", "…, the first in Central Asia" count
    something narrower, so give none."""
    if len(after) < 4 or after[0] != "," or after[1].lower() != "the":
        return None
    ordinal = parse_ordinal(after[2]) if after[2].islower() or after[2][:1].isdigit() else None
    if ordinal is None:
        return None
    rest = [w.lower() for w in after[3:6]]
    return ordinal if rest[:1] == [","] or rest[:3] in (["in", "the", "history"], ["in", "its", "history"]) else None
