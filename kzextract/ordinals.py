"""Ordinal numbers of summits: `VI` -> 6, `Sixth` -> 6, `24th` -> 24."""

from __future__ import annotations

import re
from typing import Optional

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
