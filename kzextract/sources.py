"""News outlets a text cites as its source (ANNOTATION.md v2, media names):
plain functions over token texts.

News names its source in two set places, whatever the outlet: after a
comma before a verb of reporting ("…, BelTA reports with reference to the
press service"), and in brackets in the dateline ("MINSK, 25 October
(BelTA) – A meeting …"). An outlet the knowledge base lists is found by
name anywhere; these find the others, in those places only.
"""

from __future__ import annotations

from typing import Collection, Iterable, Sequence

from .dates import MONTHS
from .names import DASHES
from .words import is_name_word

MAX_NAME_WORDS = 4
LEADING_ARTICLES = frozenset({"The", "A", "An"})
# What may follow "BelTA reports": the end of the clause, or how it cites.
AFTER_REPORTING = frozenset({".", ",", ";", "with", "citing", "quoting", "referring"})
# A dateline's bracketed source stands within the first tokens of its paragraph.
DATELINE_TOKENS = 12


def reported_by(words: Sequence[str], verbs: Iterable[int], not_names: Collection[str]) -> list[tuple[int, int]]:
    """[start, end) of the name before each reporting verb at `verbs` in
    ", <Name> reports." form; never a state ("…, Kazakhstan reports to the Committee")."""
    found = []
    for k in verbs:
        if k + 1 < len(words) and words[k + 1].lower() not in AFTER_REPORTING:
            continue
        start = k
        while start > 0 and k - start < MAX_NAME_WORDS and is_name_word(words[start - 1]) and words[start - 1] != ",":
            start -= 1
        if start == k or start == 0 or words[start - 1] != ",":
            continue
        if words[start] in LEADING_ARTICLES and k - start > 1:
            start += 1  # "…, The Astana Times reports": the article stays outside
        if " ".join(words[start:k]).lower() in not_names or not words[start][:1].isupper():
            continue
        found.append((start, k))
    return found


def dateline_source(words: Sequence[str], paragraph_starts: Iterable[int]) -> list[tuple[int, int]]:
    """[start, end) of "(BelTA)" in "MINSK, 25 October (BelTA) – …": one
    name word in brackets before a dash, near a paragraph's start, after
    nothing in lower case, right after a date or a place in capitals
    ("ASTANA (Kazinform) –"; not "The Turkic Union (TU) – …")."""
    found = []
    for p in paragraph_starts:
        for k in range(p, min(len(words) - 3, p + DATELINE_TOKENS)):
            if words[k].islower():
                break
            if words[k] == "(" and words[k + 2] == ")" and words[k + 3] in DASHES and k > p and words[k + 1][:1].isupper() and _place_or_date(words[k - 1]):
                found.append((k + 1, k + 2))
                break
    return found


def _place_or_date(word: str) -> bool:
    return any(c.isdigit() for c in word) or (word.isupper() and word.isalpha()) or word.lower().rstrip(".") in MONTHS
