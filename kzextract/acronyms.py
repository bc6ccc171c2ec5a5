"""Document-local acronym definitions, `Long Form (ACR)`, by the
Schwartz–Hearst algorithm (Schwartz & Hearst, PSB 2003), as scispaCy's
`find_abbreviation` does it, on plain lists of words.
"""

from __future__ import annotations

from typing import Optional, Sequence


def is_acronym_shape(word: str) -> bool:
    """2–10 characters, starts with a letter, mostly upper case: `SCO`, `OSCE PA`-parts, `CoE`."""
    if not 2 <= len(word) <= 10 or not word[0].isalpha():
        return False
    letters = [c for c in word if c.isalpha()]
    upper = sum(c.isupper() for c in letters)
    return upper >= 2 and upper >= len(letters) * 0.6


def find_long_form(short: str, words: Sequence[str]) -> Optional[int]:
    """Index into `words` where the long form of `short` starts, or None.

    `words` are the words right before the opening bracket. Characters of the
    short form are matched right to left against the words; the first
    character must start a word (Schwartz–Hearst). At most
    min(len(short) + 5, 2 * len(short)) words are considered.
    """
    letters = [c.lower() for c in short if c.isalnum()]
    if not letters:
        return None
    window = min(len(letters) + 5, 2 * len(letters))
    candidates = list(words[-window:])
    offset = len(words) - len(candidates)
    text = " ".join(candidates).lower()
    s_index = len(letters) - 1
    l_index = len(text) - 1
    while s_index >= 0:
        c = letters[s_index]
        while l_index >= 0 and (
            text[l_index] != c or (s_index == 0 and l_index > 0 and text[l_index - 1].isalnum())
        ):
            l_index -= 1
        if l_index < 0:
            return None
        l_index -= 1
        s_index -= 1
    start_char = l_index + 1
    # Map the character position back to the word it falls in.
    position = 0
    for i, word in enumerate(candidates):
        if position <= start_char < position + len(word) + 1:
            return offset + i
        position += len(word) + 1
    return None
