"""Numbered word lists of the packaged rules (`rules/lexicon.jsonl`): month
numbers, ordinal values, relative-year shifts. The lexicon is their one
definition; the plain date and ordinal functions read them from here."""

from __future__ import annotations

from functools import lru_cache

from .rule_schema import Lexicon, read_rule_file, rules_dir


@lru_cache(maxsize=None)
def numbered(name: str) -> dict[str, int]:
    """word (lower case, without a final dot) -> value of the lexicon `name`."""
    for lexicon in read_rule_file(rules_dir() / "lexicon.jsonl", Lexicon):
        if lexicon.name == name:
            if lexicon.values is None:
                raise ValueError(f"lexicon {name} has no values")
            return {w.lower().rstrip("."): v for w, v in zip(lexicon.words, lexicon.values)}
    raise KeyError(f"no lexicon {name} in {rules_dir() / 'lexicon.jsonl'}")
