"""Matching machinery shared by the candidate finders: token arrays read once
per doc, a Matcher run only around anchor tokens, phrase matchers over
knowledge-base names, and document-local acronym definitions."""

from __future__ import annotations

from bisect import bisect_left
from collections import OrderedDict
from dataclasses import dataclass
from typing import Callable, Iterable, Optional, Sequence

import numpy
from spacy.attrs import IDX, IS_LOWER, IS_PUNCT, LOWER, ORTH, SHAPE
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span

from ..acronyms import find_long_form, is_acronym_shape
from ..rule_schema import PatternRule
from ..textview import unhyphenate


class TokenArrays:
    """Per-token attributes of a doc as numpy arrays, read once per doc.

    The finders of one doc share them through a one-slot cache that holds
    the doc itself, so nothing unserializable is put into `doc.user_data`."""

    _last: Optional[tuple[Doc, "TokenArrays"]] = None

    def __init__(self, doc: Doc):
        columns = doc.to_array([LOWER, IS_LOWER, IS_PUNCT, SHAPE, ORTH, IDX])
        self.lower = columns[:, 0]
        self.is_lower = columns[:, 1].astype(bool)
        self.is_punct = columns[:, 2].astype(bool)
        self.shape = columns[:, 3]
        self.orth = columns[:, 4]
        self.idx = columns[:, 5].astype("int64")
        distinct, first, inverse = numpy.unique(self.orth, return_index=True, return_inverse=True)
        self._inverse = inverse
        self._distinct: dict[str, tuple[numpy.ndarray, numpy.ndarray]] = {"orth": (distinct, inverse)}
        # LOWER and SHAPE are the lexeme's, the same for every token of a word,
        # so they are asked of the doc's distinct words without a unique of their own.
        self._by_word = {"orth": distinct, "lower": self.lower[first], "shape": self.shape[first]}
        self._paragraph_tokens: Optional[frozenset[int]] = None
        self._texts: Optional[list[str]] = None
        self._doc_paragraphs = doc._.kz_paragraphs or [0]

    @property
    def paragraph_tokens(self) -> frozenset[int]:
        """Tokens that begin a paragraph (other than the first): no name or
        title runs across one ("…the Conference⏎⏎13.10.2022 | 18:20")."""
        if self._paragraph_tokens is None:
            found = numpy.searchsorted(self.idx, numpy.asarray(self._doc_paragraphs, dtype="int64"))
            self._paragraph_tokens = frozenset(int(i) for i in found if 0 < i < len(self.idx))
        return self._paragraph_tokens

    @classmethod
    def of(cls, doc: Doc) -> "TokenArrays":
        last = cls._last
        if last is not None and last[0] is doc and len(last[1].orth) == len(doc):
            return last[1]
        arrays = cls(doc)
        cls._last = (doc, arrays)
        return arrays

    def has(self, column: str, sorted_hashes: numpy.ndarray) -> numpy.ndarray:
        """`member(self.<column>, sorted_hashes)`, searched among the doc's
        distinct words only: a doc has about a third as many distinct words
        as tokens, and the finders ask some twenty such questions a doc."""
        by_word = self._by_word.get(column)
        if by_word is None:
            distinct, inverse = self.distinct(column)
            return member(distinct, sorted_hashes)[inverse]
        return member(by_word, sorted_hashes)[self._inverse]

    def distinct(self, column: str) -> tuple[numpy.ndarray, numpy.ndarray]:
        """The column's distinct values and, for each token, the index of its own."""
        found = self._distinct.get(column)
        if found is None:
            found = self._distinct[column] = numpy.unique(getattr(self, column), return_inverse=True)
        return found

    def name_word_before(self) -> numpy.ndarray:
        """Whether the token before each token could be part of a name."""
        name_like = ~self.is_lower & ~self.is_punct
        return numpy.concatenate(([False], name_like[:-1]))

    def next_in(self, words: numpy.ndarray) -> numpy.ndarray:
        return numpy.concatenate((self.has("lower", words)[1:], [False]))


class ViewTexts:
    """The view text of the docs the tokenizer made last, so components need
    not rebuild `doc.text` from the tokens (a cost the size of the text).
    Not stored on the Doc: `doc.text` is that text, and a loaded or copied Doc
    simply rebuilds it."""

    _recent: "OrderedDict[int, tuple[Doc, str]]" = OrderedDict()
    SIZE = 8

    @classmethod
    def remember(cls, doc: Doc, text: str) -> None:
        cls._recent[id(doc)] = (doc, text)
        while len(cls._recent) > cls.SIZE:
            cls._recent.popitem(last=False)

    @classmethod
    def of(cls, doc: Doc) -> str:
        found = cls._recent.get(id(doc))
        return found[1] if found is not None and found[0] is doc else doc.text


def hashes(vocab, words: Iterable[str]) -> numpy.ndarray:
    """Sorted, as `member` needs."""
    return numpy.array(sorted(vocab.strings.add(w) for w in words), dtype="uint64")


def member(values: numpy.ndarray, sorted_hashes: numpy.ndarray) -> numpy.ndarray:
    """`numpy.isin(values, sorted_hashes)` for an array made by `hashes`.

    isin sorts both arrays together on every call, about 0.1 ms even for a
    short doc, and the finders make a dozen such calls per doc; a binary
    search into the already sorted hashes is 4-15 times faster."""
    if not len(sorted_hashes):
        return numpy.zeros(len(values), dtype=bool)
    found = numpy.searchsorted(sorted_hashes, values)
    numpy.minimum(found, len(sorted_hashes) - 1, out=found)
    return sorted_hashes[found] == values


def token_positions(doc: Doc, text: str) -> list[int]:
    orths = TokenArrays.of(doc).orth
    return numpy.flatnonzero(orths == doc.vocab.strings.add(text)).tolist()


def rule_matcher(vocab, rules: Iterable[PatternRule], *, greedy: Optional[str] = "LONGEST") -> Matcher:
    """One Matcher key per rule id, so every match names the rule that made it."""
    matcher = Matcher(vocab, validate=True)
    by_id: dict[str, list] = {}
    for rule in rules:
        by_id.setdefault(rule.id or rule.label, []).append(rule.pattern)
    for rule_id, patterns in by_id.items():
        matcher.add(rule_id, patterns, greedy=greedy)
    return matcher


def phrase_matcher(nlp: Language, pairs: Iterable[tuple[str, str]], attr: str) -> PhraseMatcher:
    """Phrases (key, text) written as the matching view writes them."""
    by_key: dict[str, list[str]] = {}
    for key, text in pairs:
        by_key.setdefault(key, []).append(unhyphenate(text))
    matcher = PhraseMatcher(nlp.vocab, attr=attr)
    make_doc = getattr(nlp.tokenizer, "inner", nlp.tokenizer)
    for key, texts in by_key.items():
        matcher.add(key, [make_doc(t) for t in sorted(set(texts))])
    return matcher


@dataclass(frozen=True)
class TokenBound:
    """What every token of every match is, by the patterns alone: not lower
    case (when `non_lower`), or one of these lower forms, texts or shapes."""

    non_lower: bool
    lower: frozenset[str]
    orth: frozenset[str]
    shape: frozenset[str]


_CASE_BOUNDS = (("IS_LOWER", False), ("IS_TITLE", True), ("IS_UPPER", True))


def token_bound(patterns: Iterable[Sequence[dict]]) -> Optional[TokenBound]:
    """The bound every matched token keeps, or None when some pattern token
    may be any token (then a match can run through anything)."""
    non_lower = False
    values: dict[str, set[str]] = {"LOWER": set(), "ORTH": set(), "SHAPE": set()}
    for pattern in patterns:
        if isinstance(pattern, str):
            return None
        for token in pattern:
            words = _listed_values(token)
            if words is not None:
                values[words[0]].update(words[1])
            elif any(token.get(key) is value for key, value in _CASE_BOUNDS):
                non_lower = True
            else:
                return None
    return TokenBound(non_lower, frozenset(values["LOWER"]), frozenset(values["ORTH"]), frozenset(values["SHAPE"]))


def _listed_values(token: dict) -> Optional[tuple[str, list[str]]]:
    """(attribute, the values it must be one of) of a token that lists them."""
    for key in ("LOWER", "ORTH", "TEXT", "SHAPE"):
        value = token.get(key)
        if isinstance(value, str):
            return ("ORTH" if key == "TEXT" else key), [value]
        if isinstance(value, dict) and isinstance(value.get("IN"), list) and set(value) == {"IN"}:
            return ("ORTH" if key == "TEXT" else key), list(value["IN"])
    return None


def run_around(allowed: numpy.ndarray, anchors: list[int]) -> tuple[numpy.ndarray, numpy.ndarray]:
    """For each anchor, [start, end) of the run of allowed tokens holding it
    (empty, start == end, when the anchor itself is not allowed)."""
    blocked = numpy.concatenate(([-1], numpy.flatnonzero(~allowed), [len(allowed)]))
    at = numpy.asarray(anchors, dtype="int64")
    after = numpy.searchsorted(blocked, at, side="right")
    inside = allowed[at]
    return numpy.where(inside, blocked[after - 1] + 1, at), numpy.where(inside, blocked[after], at)


class AnchoredMatcher:
    """A Matcher run only around anchor tokens.

    Name and title patterns begin with `*`/`+` runs of capitalized words, so
    a plain Matcher starts a partial match at almost every token. Each pattern
    here also contains a rarer anchor word (a head noun, `summit`, a month, a
    year shape); one numpy pass finds those, and the same patterns run over
    windows around them only. Matches are those of the plain Matcher as long
    as no match reaches further than `left`/`right` tokens from its anchor.
    Windows are also cut to the run of tokens around the anchor that the
    patterns' token bound allows (most anchors have a lower-case word a few
    tokens away, which no name pattern matches).
    """

    def __init__(
        self,
        vocab,
        rules: Sequence[PatternRule],
        *,
        lower: Iterable[str] = (),
        shapes: Iterable[str] = (),
        left: int,
        right: int,
        refine: Optional[Callable[[TokenArrays, numpy.ndarray], numpy.ndarray]] = None,
        longest_across_rules: bool = False,
    ):
        self.matcher = rule_matcher(vocab, rules)
        self.bound = token_bound(rule.pattern for rule in rules)
        if self.bound is not None:
            self.bound_hashes = [hashes(vocab, words) for words in (self.bound.lower, self.bound.orth, self.bound.shape)]
        self.longest_across_rules = longest_across_rules
        self.lower = hashes(vocab, (w.lower() for w in lower))
        self.shapes = hashes(vocab, shapes)
        self.left, self.right = left, right
        self.refine = refine
        self.strings = vocab.strings

    def __call__(self, doc: Doc) -> list[tuple[str, int, int]]:
        """(rule id, start, end) of every match."""
        tokens = TokenArrays.of(doc)
        matches = []
        for start, end in self._windows(tokens, self.anchors(doc), len(doc)):
            found = self.matcher(doc[start:end])
            if self.longest_across_rules:
                found = longest_first(found)
            matches.extend((self.strings[key], start + s, start + e) for key, s, e in found)
        return matches

    def anchors(self, doc: Doc) -> list[int]:
        """The anchor tokens of `doc`; every match holds one."""
        tokens = TokenArrays.of(doc)
        anchors = numpy.zeros(len(doc), dtype=bool)
        if len(self.lower):
            anchors |= tokens.has("lower", self.lower)
        if len(self.shapes):
            anchors |= tokens.has("shape", self.shapes)
        if self.refine is not None:
            anchors = self.refine(tokens, anchors)
        return numpy.flatnonzero(anchors).tolist()

    def _windows(self, tokens: TokenArrays, anchors: list[int], n: int) -> list[tuple[int, int]]:
        if self.bound is None or not anchors:
            return clipped_windows(anchors, [0] * len(anchors), [n] * len(anchors), self.left, self.right)
        lower, orth, shape = self.bound_hashes
        allowed = tokens.has("lower", lower) | tokens.has("orth", orth) | tokens.has("shape", shape)
        if self.bound.non_lower:
            allowed |= ~tokens.is_lower
        starts, ends = run_around(allowed, anchors)
        return clipped_windows(anchors, starts.tolist(), ends.tolist(), self.left, self.right)


def clipped_windows(anchors: list[int], run_starts: list[int], run_ends: list[int], left: int, right: int) -> list[tuple[int, int]]:
    """Merged [anchor - left, anchor + right] windows, each cut to its run
    (the whole doc, [0, n), when the patterns bound no token)."""
    merged: list[tuple[int, int]] = []
    for a, run_start, run_end in zip(anchors, run_starts, run_ends):
        start, end = max(run_start, a - left), min(run_end, a + right + 1)
        if start >= end:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def longest_first(matches: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """Non-overlapping matches, longest first, then earliest: what spaCy's
    `greedy="LONGEST"` does within one key, applied across keys (rules)."""
    taken: list[tuple[int, int, int]] = []
    occupied: set[int] = set()
    for match in sorted(matches, key=lambda m: (m[2] - m[1], -m[1]), reverse=True):
        if not occupied.intersection(range(match[1], match[2])):
            occupied.update(range(match[1], match[2]))
            taken.append(match)
    return sorted(taken, key=lambda m: (m[1], m[2]))


def acronym_definitions(doc: Doc) -> list[tuple[str, int, int]]:
    """(acronym, long-form start token, "(" token) for `Long Form (ACR)`."""
    found = []
    orths = TokenArrays.of(doc).orth
    if len(orths) < 3:
        return found
    strings = doc.vocab.strings
    opening = numpy.flatnonzero(orths[:-2] == strings.add("("))
    for i in opening[orths[opening + 2] == strings.add(")")].tolist():
        acronym = doc[i + 1].text
        if not is_acronym_shape(acronym):
            continue
        start = i
        while start > 0 and i - start < 12 and not doc[start - 1].is_punct and not doc[start - 1].is_space:
            start -= 1
        words = [t.text for t in doc[start:i]]
        first = find_long_form(acronym, words)
        if first is not None:
            found.append((acronym, start + first, i))
    return found


def token_texts(doc: Doc) -> list[str]:
    """A doc's token texts as plain strings, for the decision functions that
    work on words rather than Docs. Read from the token arrays the finders
    share: one string lookup a token instead of a Token object a read."""
    tokens = TokenArrays.of(doc)
    if tokens._texts is None:
        strings = doc.vocab.strings
        distinct, inverse = tokens.distinct("orth")
        texts = numpy.array([strings[orth] for orth in distinct.tolist()], dtype=object)
        tokens._texts = texts[inverse].tolist()
    return tokens._texts


class InnerNames:
    """The ORG candidates inside a span as plain [start, end, rule] offsets
    relative to the span, in text order: what a SUMMIT or DOCUMENT candidate
    records about the names in its phrase."""

    def __init__(self, orgs: Iterable[Span]):
        self.orgs = sorted(orgs, key=lambda s: (s.start, -len(s)))
        self.starts = [s.start for s in self.orgs]

    def within(self, start: int, end: int) -> list[list]:
        inside = self.orgs[bisect_left(self.starts, start) : bisect_left(self.starts, end)]
        return [[s.start - start, s.end - start, s.id_] for s in inside if s.end <= end]


def paragraph_piece(breaks: frozenset[int], start: int, end: int, anchor: int) -> tuple[int, int]:
    """The part of tokens [start, end) in the paragraph of token `anchor`."""
    for i in range(start + 1, end):
        if i in breaks:
            if i <= anchor:
                start = i
            else:
                return start, i
    return start, end
