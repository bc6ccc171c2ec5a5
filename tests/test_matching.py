"""The anchored matcher's windows: cut to the tokens the patterns can match,
and never losing a match the uncut windows find."""

from pathlib import Path

import numpy
import pytest

from kzextract.components.matching import (
    AnchoredMatcher,
    TokenArrays,
    TokenBound,
    clipped_windows,
    hashes,
    member,
    run_around,
    token_bound,
    token_texts,
)
from kzextract.pipeline import build_pipeline

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


@pytest.mark.parametrize(
    "patterns, expected",
    [
        ([[{"LOWER": "summit"}]], TokenBound(False, frozenset({"summit"}), frozenset(), frozenset())),
        ([[{"LOWER": {"IN": ["of", "for"]}}, {"ORTH": "("}]], TokenBound(False, frozenset({"of", "for"}), frozenset({"("}), frozenset())),
        ([[{"TEXT": "UN"}, {"SHAPE": {"IN": ["dddd"]}}]], TokenBound(False, frozenset(), frozenset({"UN"}), frozenset({"dddd"}))),
        ([[{"IS_LOWER": False, "LOWER": {"NOT_IN": ["the"]}, "OP": "*"}, {"LOWER": "council"}]], TokenBound(True, frozenset({"council"}), frozenset(), frozenset())),
        ([[{"IS_TITLE": True, "LOWER": {"REGEX": "^dec"}}]], TokenBound(True, frozenset(), frozenset(), frozenset())),
        # A listed attribute bounds a token more narrowly than its case does.
        ([[{"IS_TITLE": True, "LOWER": {"IN": ["may"]}}]], TokenBound(False, frozenset({"may"}), frozenset(), frozenset())),
        # Any token may match: no bound.
        ([[{"LOWER": "summit"}], [{"IS_LOWER": True}]], None),
        ([[{"LOWER": {"NOT_IN": ["the"]}}]], None),
        ([[{"LOWER": {"IN": ["a"], "NOT_IN": ["b"]}}]], None),
        ([[{"OP": "?"}]], None),
        (["a phrase"], None),
    ],
)
def test_token_bound(patterns, expected):
    assert token_bound(patterns) == expected


@pytest.mark.parametrize(
    "allowed, anchors, expected",
    [
        ("1111", [2], ([0], [4])),
        ("0110110", [1, 2, 4], ([1, 1, 4], [3, 3, 6])),
        ("0110", [0, 3], ([0, 3], [0, 3])),  # an anchor the patterns cannot match: empty
        ("1", [0], ([0], [1])),
    ],
)
def test_run_around(allowed, anchors, expected):
    mask = numpy.array([c == "1" for c in allowed])
    starts, ends = run_around(mask, anchors)
    assert (starts.tolist(), ends.tolist()) == expected


@pytest.mark.parametrize(
    "anchors, runs, left, right, expected",
    [
        ([10], [(0, 100)], 3, 2, [(7, 13)]),
        ([10], [(9, 12)], 3, 2, [(9, 12)]),
        ([10, 14], [(0, 100), (0, 100)], 3, 2, [(7, 17)]),
        ([10, 14], [(8, 12), (13, 20)], 3, 2, [(8, 12), (13, 17)]),
        ([10], [(10, 10)], 3, 2, []),
    ],
)
def test_clipped_windows(anchors, runs, left, right, expected):
    assert clipped_windows(anchors, [s for s, _ in runs], [e for _, e in runs], left, right) == expected


@pytest.fixture(scope="module")
def nlp():
    return build_pipeline()


def _anchored_matchers(nlp):
    return [(name, value) for name, component in nlp.pipeline for value in vars(component).values() if isinstance(value, AnchoredMatcher)]


def test_window_stops_at_words_no_name_pattern_matches(nlp):
    orgs = nlp.get_pipe("kz_org_candidates").shapes
    doc = nlp.make_doc("they said that the Steppe Innovation Council met in a hall on Monday")
    head = [t.i for t in doc if t.text == "Council"]
    assert orgs._windows(TokenArrays.of(doc), head, len(doc)) == [(3, 7)]


def test_cut_windows_find_every_anchored_match_the_whole_windows_find(nlp):
    # The whole windows also find pieces without an anchor of their own inside
    # a neighbour's window ("the Organization"); the finders drop those.
    texts = [path.read_text(encoding="utf-8") for path in sorted(CORPUS.rglob("*.txt"))]
    matchers = _anchored_matchers(nlp)
    assert {name for name, _ in matchers} >= {"kz_org_candidates", "kz_date_candidates", "kz_document_candidates"}
    assert sum(m.bound is not None for _, m in matchers) >= 3
    for name, matcher in matchers:
        bound = matcher.bound
        for text in texts:
            doc = nlp.make_doc(text)
            cut = matcher(doc)
            matcher.bound = None
            try:
                whole = matcher(doc)
            finally:
                matcher.bound = bound
            anchors = set(matcher.anchors(doc))
            assert {m for m in whole if anchors.intersection(range(m[1], m[2]))} <= set(cut), name


@pytest.mark.parametrize("column", ["lower", "orth", "shape"])
@pytest.mark.parametrize("words", [[], ["the"], ["The", "council", "xxxx", "dddd", "Council", "of", "."], ["absent"]])
def test_distinct_value_lookup_is_plain_membership(nlp, column, words):
    doc = nlp.make_doc("The Council of the Council met. the council, THE COUNCIL; 2024 and 1999.")
    tokens = TokenArrays(doc)
    sorted_hashes = hashes(nlp.vocab, words)
    assert tokens.has(column, sorted_hashes).tolist() == member(getattr(tokens, column), sorted_hashes).tolist()


def test_token_texts_are_the_token_texts(nlp):
    doc = nlp.make_doc("The Council of the Council met, the council.")
    assert token_texts(doc) == [t.text for t in doc]
