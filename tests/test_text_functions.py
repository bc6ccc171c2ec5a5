"""Pure functions: the matching view, acronyms, ordinals, organization keys."""

import re

import pytest

from kzextract.acronyms import find_long_form, is_acronym_shape
from kzextract.kb import load_kb, org_key, slug_id, spelling_variants
from kzextract.ordinals import parse_ordinal
from kzextract.textview import make_view, paragraph_starts


@pytest.mark.parametrize(
    "raw",
    [
        "Conference on\nInteraction and Confidence-\nBuilding Measures\nin Asia",
        "the As-\n\ntana International Financial Centre (2019)",
        "a\n\n\nb  c\td e\r\nf",
        "no edits at all",
        "",
    ],
)
def test_view_maps_every_word_back_to_its_raw_text(raw):
    view = make_view(raw)
    for match in re.finditer(r"\w+", view.view):
        start, end = view.raw_span(match.start(), match.end())
        assert re.sub(r"[-\s]", "", raw[start:end]) == match.group()


def test_hyphenated_line_break_is_one_word_in_the_view():
    view = make_view("the As-\n\ntana Centre")
    assert view.view == "the Astana Centre"
    assert view.raw[slice(*view.raw_span(4, 10))] == "As-\n\ntana"


def test_compound_hyphen_at_line_break_is_kept_as_a_space():
    assert make_view("Confidence-\nBuilding").view == "Confidence Building"


def test_paragraphs_of_a_hard_wrapped_text():
    line = "word " * 13
    text = "\n".join([line.strip()] * 5 + ["end of paragraph.", line.strip(), line.strip()] * 2)
    starts = paragraph_starts(text)
    assert len(starts) >= 2 and text[starts[1] - 1] == "\n"


@pytest.mark.parametrize(
    "acronym, words, long_form",
    [
        ("CICA", "the Conference on Interaction and Confidence Building Measures in Asia", "Confidence Building Measures in Asia"),
        ("SCO", "heads of the Shanghai Cooperation Organization", "Shanghai Cooperation Organization"),
        ("KazISS", "the Kazakhstan Institute for Strategic Studies", "Kazakhstan Institute for Strategic Studies"),
        ("IOFS", "the Islamic Organization for Food Security", "Islamic Organization for Food Security"),
    ],
)
def test_schwartz_hearst_long_forms(acronym, words, long_form):
    tokens = words.split()
    assert " ".join(tokens[find_long_form(acronym, tokens) :]) == long_form


def test_no_long_form_when_letters_do_not_match():
    assert find_long_form("XYZ", "the Shanghai Cooperation Organization".split()) is None


@pytest.mark.parametrize("word, shape", [("SCO", True), ("KazISS", True), ("I", False), ("Asia", False), ("G-8", False)])
def test_acronym_shape(word, shape):
    assert is_acronym_shape(word) is shape


@pytest.mark.parametrize(
    "word, value",
    [("VI", 6), ("XXIV", 24), ("Sixth", 6), ("24th", 24), ("twenty-fourth", 24), ("sixth", 6), ("Summit", None), ("MIX", None)],
)
def test_parse_ordinal(word, value):
    assert parse_ordinal(word) == value


def test_org_key_ignores_case_spelling_hyphens_and_determiner():
    assert org_key("the Shanghai Co-operation Organisation's") == org_key("Shanghai Cooperation Organization")
    assert org_key("Regional Anti-Terrorist Structure") == org_key("Regional Anti-Terrorism Structure")
    # `the` after `of` is optional in news
    assert org_key("Organization of the Turkic States") == org_key("Organization of Turkic States")
    kb = load_kb()
    assert kb.top_level(kb.org_id("Council of the Heads of State of the Organization of the Turkic States")) == "OTS"


def test_slug_id_is_stable_across_spellings():
    assert slug_id("Turkic Investment Fund") == "TURKIC-INVESTMENT-FUND"
    assert slug_id("the Turkic  Investment fund") == slug_id("Turkic Investment Fund")


def test_spelling_variants_cover_british_american_and_hyphenation():
    variants = spelling_variants("Conference on Interaction and Confidence-Building Measures in Asia")
    assert "Conference on Interaction and Confidence Building Measures in Asia" in variants
    assert "Shanghai Cooperation Organisation" in spelling_variants("Shanghai Cooperation Organization")


def test_knowledge_base_resolves_names_and_acronyms():
    kb = load_kb()
    assert kb.id_for_name("Shanghai Cooperation Organisation") == kb.id_for_acronym("SCO") == "SCO"
    assert kb.id_for_acronym("IFSO") == kb.id_for_acronym("IOFS")
    assert all(entry.parent is None or entry.parent in kb.by_id for entry in kb.entries)


@pytest.mark.parametrize("raw, view", [("a\xa0b", "a b"), ("  \ra", " a"), ("a \u2028\xa0 b", "a b"), ("x\r\ny", "x y"), ("p.\n\nNext", "p. Next")])
def test_every_whitespace_run_is_one_space(raw, view):
    assert make_view(raw).view == view


def test_view_offset_inside_a_collapsed_run_is_the_next_kept_character():
    """Every raw offset inside "\\n\\n    " maps to the view position of "13",
    so a paragraph start there never lands inside the next word."""
    raw = "adopted\n\n    13 October"
    view = make_view(raw)
    assert view.view == "adopted 13 October"
    at = view.view.index("13")
    assert [view.view_offset(p) for p in range(len("adopted") + 1, raw.index("13") + 1)] == [at] * 6
    assert view.view_offset(raw.index("October")) == view.view.index("October")
