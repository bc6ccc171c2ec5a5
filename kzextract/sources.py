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
    """[start, end) of "(BelTA)" in "MINSK, 25 October (BelTA) – …" or of
    "/Kabar/" in "Bishkek, 6 November /Kabar/. …": up to three name words
    in brackets or slashes before a dash or a full stop, near a paragraph's
    start, after nothing in lower case, right after a date or a place in
    capitals ("ASTANA (Kazinform) –"; not "The Turkic Union (TU) – …")."""
    found = []
    for p in paragraph_starts:
        for k in range(p + 1, min(len(words) - 2, p + DATELINE_TOKENS)):
            if words[k].islower():
                break
            close = SOURCE_BRACKETS.get(words[k])
            if close is None or not _place_or_date(words[k - 1]):
                continue
            end = next((e for e in range(k + 2, min(len(words), k + 2 + MAX_NAME_WORDS)) if words[e] == close), None)
            if end is None or end + 1 >= len(words) or not (words[end + 1] in DASHES or (close == "/" and words[end + 1] == ".")):
                continue  # "(BelTA) –", "/Kabar/."; not "resolution 1514 (XV)."
            if all(w[:1].isupper() and is_name_word(w) for w in words[k + 1 : end]):
                found.append((k + 1, end))
                break
    return found


SOURCE_BRACKETS = {"(": ")", "/": "/"}


def _place_or_date(word: str) -> bool:
    return any(c.isdigit() for c in word) or (word.isupper() and word.isalpha()) or word.lower().rstrip(".") in MONTHS
