"""News outlets cited as the source, in their two set places (kzextract.sources),
table-driven over sentences written for these tests, and in the pipeline."""

from __future__ import annotations

import pytest

from kzextract.pipeline import build_pipeline, extract
from kzextract.sources import dateline_source, reported_by

VERBS = frozenset({"reports", "writes", "informs"})
STATES = frozenset({"kazakhstan", "russian federation"})


def _cited(sentence: str) -> list[str]:
    words = sentence.split()
    verbs = [k for k, w in enumerate(words) if w in VERBS]
    return [" ".join(words[s:e]) for s, e in reported_by(words, verbs, STATES)]


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("The talks ended , SteppeNews reports .", ["SteppeNews"]),
        ("The talks ended , Steppe Daily reports with reference to the ministry .", ["Steppe Daily"]),
        ("The talks ended , SteppeNews writes citing a source .", ["SteppeNews"]),
        ("The talks ended , The Steppe Times reports .", ["Steppe Times"]),  # the article stays outside
        ("Each year , Kazakhstan reports to the Committee .", []),  # a state, and `to` after the verb
        ("Each year , Russian Federation reports .", []),
        ("SteppeNews reports that the talks ended .", []),  # no comma before: not the cited-source place
        ("The talks ended , the agency reports .", []),  # lower case: no name
    ],
)
def test_reported_by(sentence, expected):
    assert _cited(sentence) == expected


@pytest.mark.parametrize(
    "paragraph, expected",
    [
        ("TARAZ , 4 October ( SteppeNews ) – A meeting took place .", ["SteppeNews"]),
        ("ASTANA ( SteppeNews ) – A meeting took place .", ["SteppeNews"]),
        ("TARAZ , 14 October ( Steppe News ) – A meeting took place .", ["Steppe News"]),  # up to three name words
        ("Taraz , 6 November / SteppeNews / . A meeting took place .", ["SteppeNews"]),  # between slashes
        ("It acted under resolution 1514 ( XV ) . Otherwise it did not .", []),  # brackets end with a dash only
        ("The Steppe Union ( TSU ) – a new body – met .", []),  # an acronym after a name, not after a place or date
        ("A meeting ( SteppeNews ) – took place .", []),  # lower case before the brackets: not a dateline
    ],
)
def test_dateline_source(paragraph, expected):
    words = paragraph.split()
    found = [" ".join(words[s:e]) for s, e in dateline_source(words, [0])]
    assert found == expected


def test_cited_outlets_are_orgs():
    nlp = build_pipeline()
    text = "TARAZ, 4 October (SteppeNews) – A meeting took place today.\n\nThe leaders spoke of trade, SteppeNews reports."
    orgs = [(s.text, s.norm) for s in extract(nlp, "d", text, {"published": "2031-10-04"}).spans if s.label == "ORG"]
    assert orgs == [("SteppeNews", "STEPPENEWS"), ("SteppeNews", "STEPPENEWS")]


def test_an_outlet_between_slashes_in_a_dateline_is_an_org():
    # the tokenizer splits "/SteppeNews/." into its slashes and stop
    text = "Taraz, 6 November /SteppeNews/. A meeting of the Steppe Council took place today."
    orgs = [s.text for s in extract(build_pipeline(), "d", text, {"published": "2031-11-06"}).spans if s.label == "ORG"]
    assert orgs[0] == "SteppeNews"
