"""Each kind of problem the validator knows, on a tiny crafted record, and a
clean record that gives none."""

from __future__ import annotations

import copy
import gzip
import json
from pathlib import Path
from typing import Any

import pytest

from kzextract.schema import DocRecord
from kzextract.validation import (
    Problem,
    is_iso_date_norm,
    read_records,
    validate_file,
    validate_records,
)

pytestmark = pytest.mark.filterwarnings("error")

TEXT = "The VI CICA summit in Astana on 12 October 2022 adopted the Astana Statement of CICA ."


def _span(sid: str, surface: str, label: str, norm: Any = None, **attrs: Any) -> dict:
    start = TEXT.index(surface)
    return {"id": sid, "start": start, "end": start + len(surface), "label": label, "text": surface, "norm": norm, "attrs": attrs}


def clean() -> dict:
    return {
        "doc_id": "x",
        "text": TEXT,
        "meta": {"published": "2022-10"},
        "spans": [
            _span("m1", "VI CICA summit", "SUMMIT", org="CICA", place="Astana", date="2022-10-12", ordinal=6),
            _span("m2", "12 October 2022", "DATE", "2022-10-12"),
            _span("m3", "Astana Statement of CICA", "DOCUMENT", type="statement", org="CICA", summit="m1"),
        ],
    }


def messages(records: list) -> list[str]:
    return [p.message for p in validate_records(records)]


def with_span(change: dict, index: int = 0) -> dict:
    record = clean()
    record["spans"][index].update(change)
    return record


def write_jsonl(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# ---------------------------------------------------------------- clean input


def test_clean_record_has_no_problems(tmp_path):
    assert validate_records([clean()]) == []
    assert validate_records([DocRecord.model_validate(clean())]) == []
    path = write_jsonl(tmp_path / "gold.jsonl", [json.dumps(clean(), ensure_ascii=False)])
    assert validate_file(path) == []


def test_output_without_text_skips_only_text_checks():
    record = with_span({"text": "not what the offsets say"})
    del record["text"]
    assert messages([record]) == []
    record["spans"][0]["end"] = record["spans"][0]["start"]
    assert messages([record]) == [f"start {record['spans'][0]['start']} is not before end {record['spans'][0]['start']}"]


# ---------------------------------------------------------------- each problem kind


def test_json_parse_error_is_reported_with_its_line_and_later_lines_still_checked(tmp_path):
    bad = copy.deepcopy(clean())
    bad["doc_id"] = "y"
    bad["spans"][1]["norm"] = "12 Oct 2022"
    path = write_jsonl(tmp_path / "g.jsonl", [json.dumps(clean()), "{not json", "", json.dumps(bad)])
    problems = validate_file(path)
    assert [(p.line, p.doc_id) for p in problems] == [(2, None), (4, "y")]
    assert problems[0].message.startswith("not valid JSON")
    assert str(problems[1]).startswith(f"{path}:4 doc=y span=m2: DATE norm '12 Oct 2022'")


def test_model_errors_are_reported_not_raised():
    record = clean()
    del record["doc_id"]
    record["spans"][0]["start"] = -1
    found = validate_records([record])
    assert any("doc_id" in p.message for p in found)
    # A span-level schema error names the span.
    record = with_span({"start": -1})
    [problem] = validate_records([record])
    assert problem.span_id == "m1"
    assert problem.message.startswith("start:")
    assert messages(["not an object"]) == ["line is not a JSON object"]


def test_unknown_label_names_the_span_and_other_checks_still_run():
    record = with_span({"label": "PERSON"})
    record["spans"][2]["norm"] = None
    last_cica = TEXT.rindex("CICA")
    record["spans"].append({**_span("m4", "CICA", "ORG", ""), "start": last_cica, "end": last_cica + 4})
    found = validate_records([record])
    by_message = {p.message: p.span_id for p in found}
    assert by_message["unknown label 'PERSON' (known: ORG, DATE, SUMMIT, DOCUMENT)"] == "m1"
    assert by_message["overlaps m3"] == "m4"
    assert by_message["ORG has no norm (organization id)"] == "m4"
    # m3 links to the invalid m1: reported once, on m1, not again as a dangling link.
    assert len(found) == 3


def test_offsets_must_slice_to_text():
    record = with_span({"text": "VI CICA Summit"})
    assert messages([record]) == ["text 'VI CICA Summit' does not match text[4:18] = 'VI CICA summit'"]
    record = with_span({"end": len(TEXT) + 5}, 2)
    assert messages([record]) == [f"end {len(TEXT) + 5} is beyond the text (length {len(TEXT)})"]


def test_start_must_be_before_end():
    record = with_span({"end": 4})
    assert messages([record]) == ["start 4 is not before end 4"]


def test_overlapping_spans_and_problem_str():
    record = clean()
    record["spans"].append(_span("m14", "Statement of CICA", "DOCUMENT", type="statement"))
    [problem] = validate_records([record], file="gold/seeds.jsonl")
    assert problem == Problem("gold/seeds.jsonl", 1, "x", "m14", "overlaps m3")
    # Equal starts: reported on the later in (start, end) order, once.
    record["spans"][3] = _span("m0", "Astana Statement", "DOCUMENT")
    assert [str(p) for p in validate_records([{"doc_id": "q"}, record], file="gold/seeds.jsonl")] == [
        "gold/seeds.jsonl:2 doc=x span=m3: overlaps m0"
    ]


def test_touching_spans_do_not_overlap():
    record = clean()
    record["spans"].append({**_span("m4", "in", "DATE", "2022"), "start": 18, "end": 21, "text": " in"})
    assert "overlaps" not in " ".join(messages([record]))


def test_duplicate_span_ids():
    record = clean()
    record["spans"][1]["id"] = "m1"
    assert messages([record]) == ["duplicate span id 'm1'"]


@pytest.mark.parametrize(
    "norm, expected",
    [
        (None, "DATE has no norm"),
        ("October 2022", "DATE norm 'October 2022' is not ISO 8601"),
        ("2022-13", "DATE norm '2022-13' is not ISO 8601"),
    ],
)
def test_date_norm_must_be_iso(norm, expected):
    assert messages([with_span({"norm": norm}, 1)])[0].startswith(expected)


@pytest.mark.parametrize("norm", [None, "", "  "])
def test_org_norm_required(norm):
    record = clean()
    record["spans"].append(_span("m4", "Astana", "ORG", norm))
    record["spans"][0]["attrs"].pop("place")  # keep only the problem under test
    assert messages([record]) == ["ORG has no norm (organization id)"]


def test_attribute_keys_per_label():
    record = clean()
    record["spans"][0]["attrs"]["type"] = "statement"
    record["spans"][1]["attrs"]["org"] = "CICA"
    assert messages([record]) == [
        "attribute 'type' is not allowed on SUMMIT (allowed: date, ordinal, org, place, record)",
        "DATE takes no attributes, found 'org'",
    ]


def test_unknown_attribute_key_and_document_type():
    record = clean()
    record["spans"][0]["attrs"]["city"] = "Astana"
    record["spans"][2]["attrs"]["type"] = "manifesto"
    found = validate_records([record])
    assert [(p.span_id, p.message.split(" (")[0]) for p in found] == [
        ("m1", "unknown attribute key 'city'"),
        ("m3", "unknown document type 'manifesto'"),
    ]


def test_attr_date_must_be_iso():
    record = clean()
    record["spans"][0]["attrs"]["date"] = "12.10.2022"
    assert messages([record]) == ["attrs.date '12.10.2022' is not ISO 8601"]


def test_summit_link_must_point_to_a_summit_of_the_document():
    record = clean()
    record["spans"][2]["attrs"]["summit"] = "m2"
    assert messages([record]) == ["attrs.summit 'm2' is not a SUMMIT span"]
    record["spans"][2]["attrs"]["summit"] = "m99"
    assert messages([record]) == ["attrs.summit 'm99' is not a span of this document"]


def test_duplicate_doc_id_within_a_file(tmp_path):
    path = write_jsonl(tmp_path / "g.jsonl", [json.dumps(clean())] * 2)
    assert [str(p) for p in validate_file(path)] == [f"{path}:2 doc=x: duplicate doc_id (first on line 1)"]


def test_unreadable_file_is_a_problem_not_an_exception(tmp_path):
    [problem] = validate_file(tmp_path / "missing.jsonl")
    assert problem.line is None and problem.message.startswith("cannot read")


# ---------------------------------------------------------------- ISO dates


@pytest.mark.parametrize(
    "value",
    [
        "1996",
        "2001-12",
        "2002-06-07",
        "199X",
        "XXXX-01",
        "XXXX-01-15",
        "XXXX-02-29",
        "2024-02-29",
        "2022/2024",
        "2006-05-29/2006-06-02",
        "2022-05/2022",
        "XXXX-06-12/XXXX-06-13",
        "199X/2005",
    ],
)
def test_iso_date_norm_accepts(value):
    assert is_iso_date_norm(value)


@pytest.mark.parametrize(
    "value",
    [
        "",
        "XXXX",
        "96",
        "2001-1",
        "2001-13",
        "2001-00",
        "2023-02-29",
        "2002-06-31",
        "2002-06-07T10:00",
        "19XX",
        "1990s",
        "June 2002",
        "2024/2022",
        "2006-06-02/2006-05-29",
        "2022/",
        "2022/2023/2024",
        " 2022",
    ],
)
def test_iso_date_norm_rejects(value):
    assert not is_iso_date_norm(value)


# ---------------------------------------------------------------- reading for the scorer


def test_read_records_plain_and_gzip(tmp_path):
    line = json.dumps(clean(), ensure_ascii=False)
    plain = write_jsonl(tmp_path / "g.jsonl", [line, "", line.replace('"x"', '"y"', 1)])
    packed = tmp_path / "g.jsonl.gz"
    with gzip.open(packed, "wt", encoding="utf-8") as handle:
        handle.write(plain.read_text(encoding="utf-8"))
    for path in (plain, packed):
        records = read_records(path)
        assert [r.doc_id for r in records] == ["x", "y"]
        assert records[0].spans[2].attrs.summit == "m1"


def test_read_records_keeps_unicode_line_separators_inside_strings(tmp_path):
    record = clean()
    record["text"] = TEXT + "\u2028more"
    path = write_jsonl(tmp_path / "g.jsonl", [json.dumps(record, ensure_ascii=False)])
    assert read_records(path)[0].text.endswith("\u2028more")
    assert validate_file(path) == []


def test_read_records_raises_naming_file_and_line(tmp_path):
    path = write_jsonl(tmp_path / "g.jsonl", [json.dumps(clean()), "{oops"])
    with pytest.raises(ValueError, match=r"g\.jsonl:2: not valid JSON"):
        read_records(path)
    path = write_jsonl(tmp_path / "h.jsonl", [json.dumps(with_span({"label": "PERSON"}))])
    with pytest.raises(ValueError, match=r"h\.jsonl:1: span=m1: unknown label 'PERSON'"):
        read_records(path)
    with pytest.raises(ValueError, match="cannot read"):
        read_records(tmp_path / "missing.jsonl")
