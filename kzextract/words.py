"""Lexical properties of a token's text, computed exactly as spaCy's English
lexeme attributes are (`spacy.lang.lex_attrs`), so decision functions can
work on plain strings and agree with `Token.is_punct`, `Token.shape_`, …"""

from __future__ import annotations

from functools import lru_cache
from typing import Sequence

from spacy.lang.lex_attrs import is_punct as _is_punct
from spacy.lang.lex_attrs import word_shape

# Double quotes open and close a quoted name. Single curly quotes are left to
# the callers that can tell them from an apostrophe ("Kazakhstan’s").
OPENING_QUOTES = frozenset({"“", "«", "„", '"'})
ARTICLES = frozenset({"the", "a", "an"})
CLOSING_QUOTES = frozenset({"”", "»", '"'})
# Punctuation after which a name or a clause cannot go on.
CLAUSE_END = frozenset({",", ";", ".", ":", "(", ")", "!", "?", "—"})


@lru_cache(maxsize=65536)
def is_punct(word: str) -> bool:
    return bool(_is_punct(word))


@lru_cache(maxsize=65536)
def shape(word: str) -> str:
    return word_shape(word)


def is_lower(word: str) -> bool:
    return word.islower()


def is_year(word: str) -> bool:
    """Shape `dddd`."""
    return shape(word) == "dddd"


def is_name_word(word: str) -> bool:
    """A capitalized or upper-case word (not lower case, not punctuation)."""
    return not word.islower() and not is_punct(word)


HEADLINE_LONGEST_CHARS = 200


def is_headline(line: str) -> bool:
    """A page's first line that is its headline: short, and no sentence
    ("SCO leaders sign friendship treaty in Bishkek")."""
    line = line.strip()
    return 0 < len(line) <= HEADLINE_LONGEST_CHARS and not line.endswith((".", "!", "?"))


def bracketed_word_at(words: Sequence[str], k: int) -> bool:
    """One word in brackets at token k: "(ASBP-4)", "(AFAD)"."""
    return k + 2 < len(words) and words[k] == "(" and words[k + 2] == ")"
