"""Word lists of the packaged rules (`rules/lexicon.jsonl`) for the plain
functions: month numbers, ordinal values, relative-year shifts, ordinal
shapes. The lexicon is their one definition; patterns name the same lists
as `$NAME`."""

from __future__ import annotations

from functools import lru_cache

from .rule_schema import Lexicon, read_rule_file, rules_dir


@lru_cache(maxsize=None)
def _lexicons() -> dict[str, Lexicon]:
    return {lexicon.name: lexicon for lexicon in read_rule_file(rules_dir() / "lexicon.jsonl", Lexicon)}


@lru_cache(maxsize=None)
def listed(name: str) -> frozenset[str]:
    """The words of the lexicon `name`, as written."""
    try:
        return frozenset(_lexicons()[name].words)
    except KeyError:
        raise KeyError(f"no lexicon {name} in {rules_dir() / 'lexicon.jsonl'}") from None


@lru_cache(maxsize=None)
def numbered(name: str) -> dict[str, int]:
    """word (lower case, without a final dot) -> value of the lexicon `name`."""
    listed(name)  # a missing lexicon is named
    lexicon = _lexicons()[name]
    if lexicon.values is None:
        raise ValueError(f"lexicon {name} has no values")
    return {w.lower().rstrip("."): v for w, v in zip(lexicon.words, lexicon.values)}
