"""The matching view: web artefacts folded, punctuation runs cut, offsets mapped back."""

from __future__ import annotations

import html
import re
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kzextract.textview import LONG_STRETCH, PUNCT_RUN_LIMIT, TextView, make_view, raw_span_in


def clean(raw_piece: str) -> str:
    """What a raw stretch reads as: entities decoded, NFC, invisible characters,
    hyphens and whitespace gone."""
    # Invisible characters go before composing: a combining mark after a soft
    # hyphen composes with the letter before it once the hyphen is gone.
    text = re.sub("[-\u2010\u2011\\s\u00ad\u200b-\u200d\u2060\ufeff]", "", html.unescape(raw_piece))
    return unicodedata.normalize("NFC", text)


def assert_maps_back(view: TextView) -> None:
    for match in re.finditer("[\\w\u0300-\u036f]+", view.view):
        start, end = view.raw_span(match.start(), match.end())
        assert clean(view.raw[start:end]) == unicodedata.normalize("NFC", match.group()), (match.group(), view.raw[start:end])
    for v in range(len(view.view)):
        assert view.view_offset(view.raw_offset(v)) == v


@pytest.mark.parametrize(
    "raw,expected",
    [
        ("Co\u00adoperation", "Cooperation"),
        ("Organ\u200bization of\u200c Turkic\u200d States", "Organization of Turkic States"),
        ("a \u200b b", "a b"),  # an invisible character between spaces leaves one space
        ("Co\u00ad\noperation", "Cooperation"),  # a soft hyphen at a line break joins the word
        ("Co\u2011operation and Confidence\u2010Building", "Co operation and Confidence Building"),
        ("Confidence\u2010\nBuilding", "Confidence Building"),
        (unicodedata.normalize("NFD", "Türkiye and Қазақстан"), "Türkiye and Қазақстан"),
        ("Research &amp; Development, Children&#8217;s Fund, &#x41;SEAN", "Research & Development, Children's Fund, ASEAN"),
        ("AT&T; &notanentity; & more", "AT&T; &notanentity; & more"),
        ("a" + "(" * 40 + "b", "a" + "(" * PUNCT_RUN_LIMIT + "b"),
        ("x " + "()" * 30 + " y", "x " + "()" * (PUNCT_RUN_LIMIT // 2) + " y"),
        ("x " + "_" * 20, "x " + "_" * PUNCT_RUN_LIMIT),
    ],
)
def test_view_folds(raw, expected):
    view = make_view(raw)
    assert view.view == expected
    assert_maps_back(view)


def test_every_other_whitespace_character_becomes_a_space():
    """The view looks for the other whitespace characters one by one: the
    list is every character the pattern matches, in the whole of Unicode."""
    from kzextract import textview

    every = [c for c in map(chr, range(0x110000)) if textview._OTHER_SPACE.match(c)]
    assert list(textview._OTHER_SPACES) == every and len(every) == 25
    raw = "UN" + "".join(f"{c}x" for c in every) + "\u00a0SCO\u3000end"
    assert make_view(raw).view == "UN" + " x" * len(every) + " SCO end"



def test_spans_of_folded_words_slice_the_raw_text():
    raw = "the Children&#8217;s Fund, Caf\u0065\u0301 Organ\u00adization, R&amp;D"
    view = make_view(raw)
    spans = {m.group(): view.raw_span(m.start(), m.end()) for m in re.finditer(r"[\w'&]+", view.view)}
    assert raw[slice(*spans["Children's"])] == "Children&#8217;s"
    assert raw[slice(*spans["Café"])] == "Cafe\u0301"  # the accent is inside the span
    assert raw[slice(*spans["Organization"])] == "Organ\u00adization"
    assert raw[slice(*spans["R&D"])] == "R&amp;D"


def test_raw_span_in_from_stored_edit_points_matches_the_view():
    """What a Doc stores (edit points and shifts) maps spans as the view does."""
    raw = "the Children&#8217;s Fund of Caf\u0065\u0301 and R&amp;D"
    view = make_view(raw)
    points, shifts = view.edits
    for m in re.finditer(r"[\w'&]+", view.view):
        assert raw_span_in(raw, points, shifts, m.start(), m.end()) == view.raw_span(m.start(), m.end())
    last = re.search("Café", view.view)
    assert raw[slice(*raw_span_in(raw, points, shifts, last.start(), last.end()))] == "Cafe\u0301"


def test_long_stretch_gets_spaces_and_keeps_its_length():
    raw = "a:" * 1000
    view = make_view(raw)
    assert len(view.view) == len(raw)
    assert max(len(piece) for piece in view.view.split(" ")) == LONG_STRETCH
    assert view.view.count(" ") == len(raw) // (LONG_STRETCH + 1)


def test_clean_text_is_untouched():
    raw = "The Shanghai Cooperation Organisation (SCO) met in Astana on 4 July 2024 -- again!"
    assert make_view(raw).view == raw and make_view(raw).edits == [[], []]


PIECES = st.sampled_from(
    ["Co", "operation", " ", "\n", "\n\n", "-", "-\n", "\u00ad", "\u200b", "\u2011", "e\u0301", "\u0308",
     "&amp;", "&#8217;", "&nbsp;", "&bogus;", "(" * 20, "!?" * 9, "a", "Ü", "  \t", ".", "x" * 300]
)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.lists(PIECES, max_size=25))
def test_any_mix_maps_every_word_back(pieces):
    assert_maps_back(make_view("".join(pieces)))
