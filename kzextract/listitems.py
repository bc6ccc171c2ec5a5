"""Items of a list of adopted documents: plain functions over token texts.

News about a summit lists what it adopted (ANNOTATION.md v2, "Lists of
adopted documents"): an introduction ("the heads of state signed the
following documents:", "about 20 decisions were adopted, including", "The
package includes:", "Among the adopted decisions are") and items, bulleted
or numbered one a line, separated by semicolons, or run on with commas and
`and`. Each item that names an instrument is a DOCUMENT; the action words
that introduce it ("To approve the", "On approval of the", "the draft",
"signing a") stay outside, a decision named by its own title ("On the
association of investors …") keeps `On`, and coordinated instruments
("… for 2024-2029 and the action programme for its implementation",
"statements on A, on B and on C") are one item each.

Tested table-driven in `tests/test_listitems.py`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Collection, Mapping, Optional, Sequence

from .listlayout import (
    ARTICLES,
    CLOSING_QUOTES,
    OPENING_QUOTES,
    coordinator_length,
    marker_end,
    sentence_end,
    split_on,
    strip_edges,
    title_case_list_goes_on,
)
from .words import is_lower, is_punct

ITEM_ENDS = frozenset({";", "."})
# The words that can end an introduction.
INCLUDES = frozenset({"include", "includes", "included"})
TRIGGERS = frozenset({":", "including", "are", "were", "follows"}) | INCLUDES
# How far back an introduction may be, and how long an item may run.
MAX_INTRO_TOKENS = 30
MAX_ITEM_TOKENS = 80


@dataclass(frozen=True)
class ListGrammar:
    intro_verbs: frozenset[str]  # "adopted", "signed": an introduction of adopted documents
    intro_nouns: frozenset[str]  # "documents", "decisions" …
    intro_markers: frozenset[str]  # … with "following", "include", "among", "package": an introduction too
    result_nouns: frozenset[str]  # "The main results of the summit include:" (not "results from … included")
    stopwords: frozenset[str]  # a comma and one of these end a list written in a sentence
    prefixes: tuple[tuple[str, ...], ...]  # action words before an item, lower case, longest first
    non_instruments: frozenset[str]  # heads that are never an instrument ("report")
    types: Mapping[str, str]  # document type words (lower case) -> type
    cut_words: frozenset[str]  # words after which an item's title has ended ("dated")

    @classmethod
    def from_lexicons(cls, lexicons: Mapping[str, Sequence[str]], types: Mapping[str, str]) -> "ListGrammar":
        prefixes = sorted((tuple(p.split()) for p in lexicons["LIST_ITEM_PREFIXES"]), key=len, reverse=True)
        return cls(
            intro_verbs=frozenset(lexicons["LIST_INTRO_VERBS"]),
            intro_nouns=frozenset(lexicons["LIST_INTRO_NOUNS"]),
            intro_markers=frozenset(lexicons["LIST_INTRO_MARKERS"]),
            result_nouns=frozenset(lexicons["LIST_INTRO_RESULT_NOUNS"]),
            stopwords=frozenset(lexicons["TITLE_STOPWORDS"]),
            prefixes=tuple(prefixes),
            non_instruments=frozenset(lexicons["NOT_INSTRUMENT_HEADS"]),
            types=types,
            cut_words=frozenset(lexicons["LIST_ITEM_CUT_WORDS"]),
        )

    # ---------------------------------------------------------------- lists

    def items(
        self, words: Sequence[str], breaks: Collection[int] = frozenset(), positions: Optional[Sequence[int]] = None
    ) -> list[tuple[int, int]]:
        """[start, end) token ranges of the items of every adopted-documents list.
        `positions`: the tokens that may end an introduction (TRIGGERS), when
        the caller has found them faster; else every token is tried."""
        found: list[tuple[int, int]] = []
        candidates = range(len(words)) if positions is None else sorted(positions)
        done = 0
        for i in candidates:
            if i < done or self._trigger_at(words, breaks, i) is None:
                continue
            region = self._regions(words, breaks, i + 1)
            items: list[tuple[int, int]] = []
            plural = False
            for start, end in region:
                # "statements on A, on B and on C": the later pieces share the plural head.
                plural = self._plural_head(words, start, end) or (plural and words[start].lower() == "on")
                items.extend(self.split_item(words, start, end, plural))
            if any(self._names_an_instrument(words, s, e) for s, e in items):
                found.extend(items)  # "the founding documents state: - the principle of …" lists no texts
            done = region[-1][1] if region else i + 1
        return found

    def _trigger_at(self, words: Sequence[str], breaks: Collection[int], i: int) -> Optional[int]:
        """`i` if token i ends an introduction: a colon, `including`, `as follows`
        or `Among … are` after a clause with an adoption or document word."""
        word = words[i].lower()
        if word == ":" or word == "including" or word in INCLUDES:
            pass  # "The documents also include a protocol …": a marker, so the clause must name what is listed
        elif word in {"are", "were"}:
            if "among" not in (w.lower() for w in self._clause_before(words, breaks, i)):
                return None
        elif word == "follows" and i > 0 and words[i - 1].lower() == "as":
            pass
        else:
            return None
        clause = [w.lower() for w in self._clause_before(words, breaks, i)]
        if len(clause) <= 4 and word == ":":
            # "Among them:" — the sentence before says what "them" are.
            start = i - len(clause)
            clause = [w.lower() for w in words[max(0, start - MAX_INTRO_TOKENS) : start]] + clause
        elif len(clause) <= 3 and word in {"are", "were", "include", "includes"} and not set(clause) & (self.intro_nouns | {"package"}):
            # "… signed 23 documents. Among them are …": only when the sentence
            # before adopts texts ("Among them are the Global Forum …" lists events)
            start = i - len(clause)
            before = {w.lower() for w in words[max(0, start - MAX_INTRO_TOKENS) : start]}
            if not (before & self.intro_verbs and before & self.intro_nouns):
                return None
            clause = [*before, *clause]
        words_in = set(clause) | {word}
        results = bool(words_in & self.result_nouns) and word in {":", "include", "includes"}
        if not (words_in & self.intro_verbs or (words_in & self.intro_nouns and words_in & self.intro_markers) or "package" in words_in or results):
            return None
        if i + 1 >= len(words) or words[i + 1] in ITEM_ENDS or (word != ":" and words[i + 1] == ":"):
            return None  # "Among the adopted decisions are:": the colon introduces them
        return i

    @staticmethod
    def _clause_before(words: Sequence[str], breaks: Collection[int], i: int) -> Sequence[str]:
        start = i
        while start > 0 and i - start < MAX_INTRO_TOKENS and start not in breaks and words[start - 1] not in {".", ";", ":", "!", "?"}:
            start -= 1
        return words[start:i]

    def _regions(self, words: Sequence[str], breaks: Collection[int], start: int) -> list[tuple[int, int]]:
        """Raw item ranges after an introduction ending before `start`."""
        n = len(words)
        if start in breaks or marker_end(words, start) > start:
            return self._line_items(words, breaks, start)
        end = start
        while end < n and end not in breaks and not sentence_end(words, end) and end - start < 4 * MAX_ITEM_TOKENS:
            if words[end] == "," and end + 1 < n and self._ends_clause(words[end + 1]):
                break  # "…, including the plan for …, highlighted Kazakhstan's approach"
            end += 1
        return self._inline_items(words, start, end)

    def _ends_clause(self, word: str) -> bool:
        """A word after a comma that starts a new clause, not another item."""
        lower = word.lower()
        return lower in self.stopwords or (is_lower(word) and lower.endswith("ed") and lower not in self.types)

    def _line_items(self, words: Sequence[str], breaks: Collection[int], start: int) -> list[tuple[int, int]]:
        """One item a line (or a bullet), until the layout stops. An item that
        ends with a colon opens a list of its own ("· Resolution … on the
        adoption of the following documents:"): its unmarked lines are items,
        and the bullets after them go on with the outer list."""
        items: list[tuple[int, int]] = []
        n = len(words)
        bulleted = marker_end(words, start) > start
        nested = False
        i = start
        while i < n:
            body = marker_end(words, i)
            marked = body > i
            if bulleted and not marked and not nested:
                break
            end = body
            while end < n and (end == body or end not in breaks) and end - body < MAX_ITEM_TOKENS:
                if end > body and marker_end(words, end) > end and words[end - 1] in {";", "."}:
                    break  # "…; - next item" on one line
                end += 1
            if end == body or (not marked and items and end - body > MAX_ITEM_TOKENS // 2):
                break  # an unmarked long line after the items is prose again
            last = words[end - 1]
            if not marked and items and last not in {";", ",", ":"} and not self._names_an_instrument(words, body, end):
                break  # "The ministers then met the press.": prose after the items
            if last == ":":
                items.extend(split_on(words, body, end - 1, ";"))
                nested = True
                i = end
                continue
            items.extend(split_on(words, body, end, ";"))
            if not marked and last == ".":
                break
            i = end
            if not marked and last not in {";", ","} and not (i < n and (self._starts_item(words, i) or (nested and marker_end(words, i) > i))):
                break
        return items

    def _starts_item(self, words: Sequence[str], i: int) -> bool:
        """Whether an unmarked line starting at `i` reads as another item."""
        first = words[i].lower()
        return first in ARTICLES or first == "on" or first in self.types or is_lower(words[i])

    def _inline_items(self, words: Sequence[str], start: int, end: int) -> list[tuple[int, int]]:
        """Items of a list written in a sentence: semicolons, else commas and `and`."""
        if any(words[k] == ";" for k in range(start, end)):
            return split_on(words, start, end, ";")
        pieces: list[tuple[int, int]] = []
        piece_start = start
        depth = 0
        for k in range(start, end):
            word = words[k]
            if word in OPENING_QUOTES and not (word in CLOSING_QUOTES and depth):
                depth += 1
                continue
            if word in CLOSING_QUOTES and depth:
                depth -= 1
                continue
            if depth or word != ",":
                continue
            if self._new_item_after(words, k + 1, end):
                pieces.append((piece_start, k))
                piece_start = k + 1
        pieces.append((piece_start, end))
        return pieces

    def _new_item_after(self, words: Sequence[str], k: int, end: int) -> bool:
        """A comma followed by the start of another item ("…, the decision on …",
        "…, On the main directions …"), not by more of one title ("Treaty of
        Friendship, Good Neighbourhood and Cooperation", "terrorism, separatism
        and extremism")."""
        if k < end and words[k].lower() == "and":
            k += 1
        else:
            k += coordinator_length(words, k, end)
        if k >= end:
            return False
        if title_case_list_goes_on(words, k, end):
            return False
        first = words[k].lower()
        if first in ARTICLES or first == "on" or words[k] in OPENING_QUOTES:
            return True
        piece_end = next((j for j in range(k, end) if words[j] == ","), end)
        return any(w.lower() in self.types for w in words[k:piece_end])

    # ---------------------------------------------------------------- items

    def split_item(self, words: Sequence[str], start: int, end: int, plural: bool = False) -> list[tuple[int, int]]:
        """An item's instruments: coordinated ones apart, each cleaned. `plural`:
        the item continues a list headed by a plural type word."""
        start, end = strip_edges(words, start, end)
        parts: list[tuple[int, int]] = []
        piece_start = start
        head_is_plural = plural or self._plural_head(words, start, end)
        k = start
        depth = 0
        while k < end:
            word = words[k]
            if word in OPENING_QUOTES and not (word in CLOSING_QUOTES and depth):
                depth += 1
            elif word in CLOSING_QUOTES and depth:
                depth -= 1
            elif not depth and k > piece_start:
                joint = self._coordination(words, k, end, head_is_plural)
                if joint is not None:
                    parts.append((piece_start, k))
                    piece_start = joint
                    k = joint
                    continue
            k += 1
        parts.append((piece_start, end))
        cleaned = [self.clean(words, s, e) for s, e in parts]
        # "Report of the Secretary-General on …": a report is never a DOCUMENT
        # (ANNOTATION.md), listed or not; "On the report on …" is a decision.
        return [(s, e) for s, e in cleaned if e > s and any(not is_punct(w) for w in words[s:e]) and words[s].lower() not in self.non_instruments]

    def _plural_head(self, words: Sequence[str], start: int, end: int) -> bool:
        """"Statements on …", "decisions on …": a plural type word heads the item."""
        for word in words[start : min(end, start + 4)]:
            lower = word.lower()
            if lower in self.types and lower.endswith("s") and lower[:-1] in self.types:
                return True
        return False

    def _coordination(self, words: Sequence[str], k: int, end: int, head_is_plural: bool) -> Optional[int]:
        """Where a second instrument starts at `and`/`as well as`/`, on` (token k),
        or None. "… for 2024-2029 and the action programme for its implementation"."""
        word = words[k].lower()
        after = k + 1
        if word == "," and after < end and words[after].lower() == "and":
            after += 1
        elif word == "as" and words[k + 1 : k + 3] and [w.lower() for w in words[k + 1 : k + 3]] == ["well", "as"]:
            after = k + 3
        elif word != "and" and not (word == "," and head_is_plural):
            return None
        if after >= end:
            return None
        if head_is_plural and words[after].lower() == "on":
            return after  # "statements on A, on B and on C"
        if word == ",":
            return None
        if words[after].lower() not in ARTICLES:
            return None
        window = [w.lower() for w in words[after + 1 : min(end, after + 6)]]
        return after if any(w in self.types for w in window) else None

    def clean(self, words: Sequence[str], start: int, end: int) -> tuple[int, int]:
        """Drop the action words before an item and what follows its title."""
        start, end = strip_edges(words, start, end)
        lowered = [w.lower() for w in words[start:end]]
        for prefix in self.prefixes:
            if tuple(lowered[: len(prefix)]) == prefix and len(prefix) < len(lowered):
                rest = start + len(prefix)
                # "Decision to approve the report of …": a report is no instrument, the decision is the item.
                if not self._names_a_non_instrument(words, rest, end):
                    start = rest
                break
        else:
            if len(lowered) > 3 and lowered[0] in self.intro_nouns and lowered[1].endswith("ing"):
                start += 2  # "documents endorsing the 2018-2022 Action Plan …": what they name is the item
        for k in range(start + 1, end):
            # "… dated 5 May", "…, signed by the heads of eight states": the title has ended
            if words[k].lower() in self.cut_words or (words[k] == "," and k + 1 < end and words[k + 1].lower() in self.stopwords):
                end = k
                break
        return strip_edges(words, start, end)

    def _names_an_instrument(self, words: Sequence[str], start: int, end: int) -> bool:
        """A type word in the item, or a decision's own title ("On …", "Decision …")."""
        return words[start].lower() in {"on", "decision"} or any(w.lower() in self.types for w in words[start:end])

    def _names_a_non_instrument(self, words: Sequence[str], start: int, end: int) -> bool:
        for word in words[start : min(end, start + 3)]:
            lower = word.lower()
            if lower in self.non_instruments:
                return True
            if lower in self.types:
                return False
        return False
