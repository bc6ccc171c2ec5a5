"""Properties of `extract()` over arbitrary text: it never raises, spans slice
to their text and never overlap, records round-trip through JSON, and a
second run gives the same output."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kzextract.pipeline as pipeline
from kzextract.pipeline import build_pipeline, chunk_bounds, extract
from kzextract.schema import DocRecord
from kzextract.validation import validate_records

PROPERTY_SETTINGS = settings(
    max_examples=int(__import__("os").environ.get("KZ_EXAMPLES", "150")),
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

NLP = build_pipeline()  # one pipeline for every example (a fixture would be rebuilt per test only)

SPECIAL = (
    "\x00\x01\x07\x08\x0b\x0c\x1b\x7f\x85\xa0\xad"  # controls, NEL, NBSP, soft hyphen
    "\u0300\u0301\u0308\u20dd"  # combining marks
    "\u05d0\u05d1\u0627\u0644\u200f\u200e\u202e\u2066"  # Hebrew, Arabic, bidi controls
    "\U0001f600\U0001f1f0\U0001f1ff\u200d\ufe0f"  # emoji, flags, ZWJ, VS16
    "\u2028\u2029\r\n\t -–—‐-.,;:()[]\"'“”‘’«»/"
    "\ufeff\ufffd\u3000\u200b"
)
FRAGMENTS = [
    "SCO", "CICA", "UN", "the", "Shanghai Cooperation Organization", "June 12–13", "June", "12", "–", "2006",
    "1990s", "2022-2024", "May", "\n", "\n\n", "-\n\n", "-\n", "Summit", "summit", "VI", "Sixth", "24th", "(",
    ")", "(SCO)", "Declaration on", "Charter of the", "Astana", "Declaration", "resolution 1540 (2004)",
    "of", "on", "in", " ", ".", ",", "Foo Bar Council", "(FBC)", "FBC", "As-", "tana", "Confidence-Building",
    "Conference on", "Interaction", "the following documents were adopted:", "- ", "; ", "•",
    "x" * 300, "A" * 120, "1" * 50, "\u0301", "\U0001f600", "\u05d0\u05d1", "\x00", "\r\n", "\t",
]

arbitrary_text = st.one_of(
    st.text(max_size=300),
    st.text(alphabet=st.sampled_from(SPECIAL + "abcXYZ019"), max_size=200),
    st.lists(st.sampled_from(FRAGMENTS), max_size=40).map(" ".join),
    st.lists(st.sampled_from(FRAGMENTS + list(SPECIAL)), max_size=60).map("".join),
)
metas = st.one_of(
    st.just({}),
    st.fixed_dictionaries({"published": st.sampled_from(["2006", "2023-12", "2024-03-23", "", "soon", "0001"])}),
    st.fixed_dictionaries({"published": st.one_of(st.integers(1700, 2099), st.none(), st.lists(st.integers()))}),
)


def check_record(text: str, record: DocRecord) -> None:
    previous_end = 0
    ids = set()
    for span in record.spans:
        assert 0 <= span.start < span.end <= len(text), span
        assert text[span.start : span.end] == span.text, span
        assert span.start >= previous_end, f"{span} overlaps the span before it"
        previous_end = span.end
        assert span.id not in ids
        ids.add(span.id)


@PROPERTY_SETTINGS
@given(text=arbitrary_text, meta=metas)
def test_extract_never_raises_and_spans_slice(text, meta):
    record = extract(NLP, "p", text, meta)
    check_record(text, record)


@PROPERTY_SETTINGS
@given(text=arbitrary_text, meta=metas)
def test_record_round_trips_through_json(text, meta):
    record = extract(NLP, "p", text, meta, include_text=True)
    line = json.dumps(record.to_json_dict(), ensure_ascii=False, allow_nan=False)
    assert DocRecord.model_validate(json.loads(line)) == record
    assert DocRecord.model_validate(record.to_json_dict()) == record


@PROPERTY_SETTINGS
@given(text=arbitrary_text, meta=metas)
def test_running_twice_gives_identical_output(text, meta):
    first = extract(NLP, "p", text, meta).to_json_dict()
    second = extract(NLP, "p", text, meta).to_json_dict()
    assert first == second


@PROPERTY_SETTINGS
@given(text=arbitrary_text, meta=metas)
def test_output_follows_the_annotation_contract(text, meta):
    record = extract(NLP, "p", text, meta, include_text=True)
    assert [str(p) for p in validate_records([record])] == []


@PROPERTY_SETTINGS
@given(text=arbitrary_text)
def test_small_chunks_keep_offsets_document_level(text):
    """With tiny chunks every cut is somewhere odd; offsets must still be right."""
    original = pipeline.CHUNK_CHARS
    pipeline.CHUNK_CHARS = 40
    try:
        record = extract(NLP, "p", text * 3, {})
    finally:
        pipeline.CHUNK_CHARS = original
    check_record(text * 3, record)


@settings(max_examples=300, deadline=None, database=None)
@given(text=st.text(alphabet=st.sampled_from("ab .!?\nA\n\n"), max_size=400), size=st.integers(1, 60))
def test_chunk_bounds_partition_the_text(text, size):
    bounds = list(chunk_bounds(text, size))
    assert bounds[0][0] == 0 and bounds[-1][1] == len(text)
    for (_, end), (start, _) in zip(bounds, bounds[1:]):
        assert end == start
    for start, end in bounds:
        assert end - start <= size
        assert end > start or len(text) == 0


# ------------------------------------------ minimal failing examples, pinned
# Found by the properties above and by the same strategies with the span-edge
# rule of ANNOTATION.md added ("never include ... surrounding quotes or
# brackets, or trailing punctuation"); each was a bug, now fixed. The
# strategies above leave these inputs out (integer `published` values) or do
# not check span edges, so they are kept here as explicit regressions.


def check_span_edges(record: DocRecord) -> None:
    for span in record.spans:
        assert span.text == span.text.strip(), span
        assert span.text[0] not in ".,;:)]\"“”'", span
        assert span.text[-1] not in ".,;:([\"“”'", span


REGRESSIONS = [
    pytest.param("see resolution 12 (see above)", {}, id="resolution-bracket-without-year"),
    pytest.param("RESOLUTION 00(", {}, id="resolution-open-bracket"),
    pytest.param(".–Shanghai Cooperation Organization", {}, id="dash-glued-to-name"),
    pytest.param("They met on January 15.", {"published": 12345}, id="published-out-of-range"),
    pytest.param("They met on January 15.", {"published": -5}, id="published-negative"),
    pytest.param("see resolution 1540 (2004) and resolution 70/1.", {}, id="resolution-ok"),
    pytest.param("The SCO met on June 12–13 in Astana.", {"published": 2006}, id="int-published-ok"),
]


@pytest.mark.parametrize(("text", "meta"), REGRESSIONS)
def test_property_regression(text, meta):
    record = extract(NLP, "p", text, meta, include_text=True)
    check_record(text, record)
    assert DocRecord.model_validate(record.to_json_dict()) == record
    assert [str(p) for p in validate_records([record])] == []
    check_span_edges(record)
