"""Where an organization's name ends: plain functions over token texts.

News names bodies with long chains and member suffixes ("Council of the
Heads of the Founding States of the International Fund for Saving the Aral
Sea", "Council of Heads of State – Members of the SCO", "Press Service of
the Ministry of Foreign Affairs of the Republic of Kazakhstan") and writes a
person's name right after a body ("Head of the UN Regional Centre for
Preventive Diplomacy for Central Asia Ivan Petrov": the name ends at `Asia`).
The token patterns find the head; these functions take the name to its end.
Tested table-driven in `tests/test_names.py`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Collection, Optional, Sequence

from .words import is_lower, is_punct

DASHES = frozenset({"–", "—", "-"})
# "… of the SCO member states", "… (SCO) littoral states": who a body or summit is of.
MEMBER_SUFFIXES = (("member", "states"), ("member", "countries"), ("littoral", "states"), ("states",), ("countries",))
# "Heads of State Council": a name word group with its own `of`.
INNER_GROUPS = (("heads", "of", "state"), ("heads", "of", "government"), ("ministers", "of", "foreign", "affairs"))


@dataclass(frozen=True)
class NameGrammar:
    chain_preps: frozenset[str]  # ORG_CHAIN_PREPS: "of", "for", "on", "against"
    apposition: frozenset[str]  # "members", "founders" …
    stopwords: frozenset[str]  # words that never continue a name (months, pronouns, titles)
    heads: frozenset[str]  # head nouns of names ("Council", "Group"): never a person's name
    # End of a known place or name written at a token ("Central Asia", "Eurasian
    # Economic Commission"), or None: after one, more capitalized words are a person.
    known_end: Callable[[Sequence[str], int], Optional[int]]
    # Whether tokens [i, j) are exactly a known place or name.
    known_between: Callable[[Sequence[str], int, int], bool]

    def extend(self, words: Sequence[str], end: int, breaks: Collection[int] = frozenset()) -> int:
        """End of a name whose head ends at token `end`, through its `of`/`for`/`on`
        chains and a member suffix ("… – Founders of IFAS")."""
        n = len(words)
        while end < n and end not in breaks:
            word = words[end].lower()
            k = end + 1
            if word in self.chain_preps:
                pass
            elif word in {"'s", "’s"} and k < n and words[k] == "Republic":
                end = self.name_run(words, k, breaks)  # "… of the People's Republic of China"
                continue
            elif word in DASHES and k + 1 < n and words[k].lower() in self.apposition and words[k + 1].lower() == "of":
                k += 2
            else:
                break
            if k < n and words[k].lower() == "the":
                k += 1
            run_end = max(self.name_run(words, k, breaks), self.known_end(words, k) or k)
            if run_end == k:
                break
            end = run_end
        if end not in breaks and tuple(w.lower() for w in words[end : end + 2]) in MEMBER_SUFFIXES and self._ends_a_chain(words, end):
            end += 2  # "Club of Ambassadors of the CICA member states": whose body it is
        return end

    def _ends_a_chain(self, words: Sequence[str], end: int) -> bool:
        """The name's last words follow `of (the)` ("… of the CICA"), not its head ("SCO")."""
        k = end - 1
        while k > 0 and self._name_word(words[k]):
            k -= 1
        return k < end - 1 and (words[k].lower() in self.chain_preps or (words[k].lower() == "the" and k > 0 and words[k - 1].lower() in self.chain_preps))

    def name_run(self, words: Sequence[str], k: int, breaks: Collection[int] = frozenset()) -> int:
        """End of a run of capitalized name words at `k` ("Foreign Affairs",
        "Democratic Institutions and Human Rights", "Heads of State")."""
        n = len(words)
        end = k
        i = k
        while i < n and (i == k or i not in breaks):
            group = self._inner_group(words, i)
            if group:
                i = end = group
                continue
            word = words[i]
            if self._name_word(word):
                i = end = i + 1
                continue
            if word.lower() == "and" and i > k and i + 1 < n and self._name_word(words[i + 1]) and words[i + 1].lower() != "the":
                i += 1
                continue
            if word in DASHES and i > k and i + 1 < n and self._name_word(words[i + 1]) and words[i + 1].lower() not in self.apposition:
                i += 1  # "Anti-Drug", "Turkic-Speaking" as the view writes them
                continue
            break
        return end

    def _inner_group(self, words: Sequence[str], i: int) -> Optional[int]:
        for group in INNER_GROUPS:
            if tuple(w.lower() for w in words[i : i + len(group)]) == group and not is_lower(words[i]):
                return i + len(group)
        return None

    def _name_word(self, word: str) -> bool:
        return not is_lower(word) and not is_punct(word) and word.lower() not in self.stopwords and not word.isdigit()

    def heads_of_state_start(self, words: Sequence[str], start: int) -> int:
        """"CIS Heads of State Council": a head written after an inner group and
        the names before it belongs with them."""
        for group in INNER_GROUPS:
            begin = start - len(group) + 1
            if begin >= 0 and tuple(w.lower() for w in words[begin : start + 1]) == group and not is_lower(words[begin]):
                while begin > 0 and self._name_word(words[begin - 1]):
                    begin -= 1
                return begin
        return start

    def person_cut(self, words: Sequence[str], start: int, end: int) -> int:
        """Where a name ends when a person's name follows it: after a known
        place or name, two or three capitalized words that end the match or
        run into `and`/`,` ("… of the Kyrgyz Republic Adylbek Kasymaliev and
        Chairman of the Government …")."""
        for cut in range(start + 1, end - 1):
            for size in (2, 3):
                stop = cut + size
                if stop > end or (stop < end and words[stop].lower() not in {"and", ","}):
                    continue
                if not all(self._person_word(w) for w in words[cut:stop]) or tuple(w.lower() for w in words[cut:stop]) in MEMBER_SUFFIXES:
                    continue  # "… of the CIS Member States" is no person
                if any(self.known_between(words, i, cut) for i in range(max(start, cut - 10), cut)):
                    return cut
        return end

    def _person_word(self, word: str) -> bool:
        return word[:1].isupper() and word.isalpha() and word.lower() not in self.stopwords | self.heads
