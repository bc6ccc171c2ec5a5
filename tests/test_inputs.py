"""Reading inputs: every bad record becomes a problem, none is dropped silently."""

from __future__ import annotations

import gzip
import io
import json
import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kzextract.inputs import (
    InputDoc,
    InputError,
    InputProblem,
    parse_jsonl_line,
    read_inputs,
)


def read(paths, **kwargs):
    items = list(read_inputs([str(p) for p in paths], **kwargs))
    docs = [i for i in items if isinstance(i, InputDoc)]
    problems = [i for i in items if isinstance(i, InputProblem)]
    return items, docs, problems


def write_jsonl(path: Path, lines: list) -> Path:
    """Objects are dumped; str/bytes lines are written as they are."""
    out = b""
    for line in lines:
        if isinstance(line, bytes):
            out += line + b"\n"
        elif isinstance(line, str):
            out += line.encode("utf-8") + b"\n"
        else:
            out += json.dumps(line).encode("utf-8") + b"\n"
    path.write_bytes(out)
    return path


def parse(raw: bytes, line: int = 3):
    return parse_jsonl_line(raw, source="in.jsonl", line=line, fallback_id=f"in:{line}")


def records_in(paths) -> int:
    """Records the inputs hold: one per .txt, HTML or PDF file, one per non-blank JSONL line."""
    files = []
    for path in map(Path, paths):
        files.extend(sorted(p for p in path.iterdir() if p.is_file()) if path.is_dir() else [path])
    total = 0
    for file in files:
        name = file.name.lower()
        if name.endswith((".jsonl", ".jsonl.gz")):
            data = gzip.decompress(file.read_bytes()) if name.endswith(".gz") else file.read_bytes()
            total += sum(1 for line in data.split(b"\n") if line.strip())
        elif name.endswith((".txt", ".html", ".htm", ".html.gz", ".pdf")):
            total += 1
    return total


def assert_no_silent_drop(paths, **kwargs):
    """Records in == documents + skips (warnings are extra)."""
    _, docs, problems = read(paths, **kwargs)
    assert records_in(paths) == len(docs) + sum(p.skipped for p in problems)


# --- .txt files --------------------------------------------------------------


def test_txt_file_with_sidecar_meta(tmp_path):
    (tmp_path / "art.txt").write_bytes(b"The SCO summit.\r\nSecond line.\n")
    (tmp_path / "art.meta.json").write_text('{"published": "2024-02"}', encoding="utf-8")
    items, docs, problems = read([tmp_path / "art.txt"])
    assert problems == []
    assert docs == [
        InputDoc(
            "art",
            "The SCO summit.\r\nSecond line.\n",
            {"published": "2024-02"},
            str(tmp_path / "art.txt"),
            None,
        )
    ]


def test_txt_without_sidecar_has_empty_meta(tmp_path):
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    _, docs, _ = read([tmp_path / "a.txt"])
    assert docs[0].meta == {}


def test_bad_sidecar_is_a_warning(tmp_path):
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    (tmp_path / "a.meta.json").write_text("[1, 2]", encoding="utf-8")
    items, docs, problems = read([tmp_path / "a.txt"])
    assert [type(i) for i in items] == [InputProblem, InputDoc]
    assert not problems[0].skipped and "a.meta.json" in problems[0].reason
    assert docs[0].meta == {}


def test_txt_invalid_utf8_warns_before_the_doc(tmp_path):
    (tmp_path / "bad.txt").write_bytes(b"Astana \xff summit")
    items, _, _ = read([tmp_path / "bad.txt"])
    warning, doc = items
    assert isinstance(warning, InputProblem) and isinstance(doc, InputDoc)
    assert warning.skipped is False
    assert warning.doc_id == "bad"
    assert warning.reason == "invalid UTF-8 at byte 7, replaced with U+FFFD"
    assert doc.text == "Astana \ufffd summit"


@pytest.mark.parametrize("text", ["", "   \n\t  \n"])
def test_empty_or_whitespace_text_is_a_document(tmp_path, text):
    (tmp_path / "e.txt").write_text(text, encoding="utf-8")
    write_jsonl(tmp_path / "e2.jsonl", [{"id": "e2", "text": text}])
    items, docs, problems = read([tmp_path / "e.txt", tmp_path / "e2.jsonl"])
    assert problems == []
    assert [d.text for d in docs] == [text, text]


def test_binary_txt_in_directory_is_skipped_and_the_rest_goes_on(tmp_path):
    (tmp_path / "a.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (tmp_path / "b.txt").write_text("fine", encoding="utf-8")
    items, docs, problems = read([tmp_path])
    assert [d.doc_id for d in docs] == ["b"]
    assert len(problems) == 1 and problems[0].skipped and problems[0].doc_id == "a"
    assert "binary" in problems[0].reason
    assert_no_silent_drop([tmp_path])


def test_bom_in_txt_is_kept_like_gold(tmp_path):
    # Offsets must agree with gold/build.py, which decodes bytes as plain UTF-8.
    (tmp_path / "b.txt").write_bytes("\ufeffOSCE".encode("utf-8"))
    _, docs, _ = read([tmp_path / "b.txt"])
    assert docs[0].text == "\ufeffOSCE"


# --- directories ---------------------------------------------------------------


def test_directory_is_sorted_flat_and_ignores_other_files(tmp_path):
    (tmp_path / "c.txt").write_text("c", encoding="utf-8")
    (tmp_path / "c.meta.json").write_text('{"k": 1}', encoding="utf-8")
    write_jsonl(tmp_path / "a.jsonl", [{"id": "a1", "text": "1"}, {"id": "a2", "text": "2"}])
    with gzip.open(tmp_path / "b.jsonl.gz", "wb") as fh:
        fh.write(b'{"id": "b1", "text": "gz"}\n')
    (tmp_path / "README.md").write_text("# not an input", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "deep.txt").write_text("not read", encoding="utf-8")
    items, docs, problems = read([tmp_path])
    assert problems == []
    assert [(d.doc_id, d.text, d.meta) for d in docs] == [
        ("a1", "1", {}),
        ("a2", "2", {}),
        ("b1", "gz", {}),
        ("c", "c", {"k": 1}),
    ]
    assert [d.line for d in docs] == [1, 2, 1, None]
    assert records_in([tmp_path]) == 4


# --- JSONL records ---------------------------------------------------------------


def test_jsonl_fields_and_blank_lines(tmp_path):
    path = write_jsonl(
        tmp_path / "in.jsonl",
        [{"id": "x", "text": "T", "meta": {"year": 2020}}, "", "   ", {"doc_id": "y", "text": "U"}],
    )
    items, docs, problems = read([path])
    assert problems == []
    assert docs == [
        InputDoc("x", "T", {"year": 2020}, str(path), 1),
        InputDoc("y", "U", {}, str(path), 4),
    ]


def test_gz_input_is_streamed(tmp_path):
    path = tmp_path / "c.jsonl.gz"
    with gzip.open(path, "wb") as fh:
        for i in range(3):
            line = json.dumps({"id": f"d{i}", "text": "Ақорда"}, ensure_ascii=False)
            fh.write(line.encode() + b"\n")
    items, docs, problems = read([path])
    assert problems == []
    assert [d.doc_id for d in docs] == ["d0", "d1", "d2"]
    assert docs[0].text == "Ақорда"


def test_truncated_gz_is_a_problem_not_a_crash(tmp_path):
    lines = (b'{"id": "d%d", "text": "%s"}\n' % (i, b"x" * 500) for i in range(50))
    data = gzip.compress(b"".join(lines))
    path = tmp_path / "t.jsonl.gz"
    path.write_bytes(data[: len(data) // 2])
    items, docs, problems = read([path])
    assert problems and problems[-1].skipped and "cannot read further" in problems[-1].reason


def test_stdin(tmp_path):
    stdin = io.BytesIO(b'{"id": "s1", "text": "a"}\n\n{"text": "b"}\n')
    items, docs, problems = read(["-"], stdin=stdin)
    assert [(d.doc_id, d.source, d.line) for d in docs] == [
        ("s1", "<stdin>", 1),
        ("stdin:3", "<stdin>", 3),
    ]
    assert [p.reason for p in problems] == ["no doc_id or id; using 'stdin:3'"]


def test_not_json():
    (skip,) = parse(b'{"id": "a", "text": ')
    assert skip.skipped and skip.reason.startswith("not valid JSON") and skip.line == 3


@pytest.mark.parametrize("raw,got", [(b"[1, 2]", "array"), (b'"text"', "string"), (b"3", "number")])
def test_not_an_object(raw, got):
    (skip,) = parse(raw)
    assert skip.skipped and skip.reason == f"not a JSON object (got {got})"


def test_missing_text():
    (skip,) = parse(b'{"id": "a", "body": "x"}')
    assert skip.skipped and skip.doc_id == "a" and skip.reason == "no text field"


@pytest.mark.parametrize("value,got", [("null", "null"), ("3", "number"), ('["a"]', "array")])
def test_non_string_text(value, got):
    (skip,) = parse(b'{"id": "a", "text": %s}' % value.encode())
    assert skip.skipped and skip.reason == f"text is not a string (got {got})"


def test_missing_id_uses_file_and_line_with_a_warning(tmp_path):
    path = write_jsonl(tmp_path / "speeches.jsonl", ["", {"text": "x"}])
    items, docs, problems = read([path])
    assert [type(i) for i in items] == [InputProblem, InputDoc]
    assert docs[0].doc_id == "speeches:2"
    reason = "no doc_id or id; using 'speeches:2'"
    assert problems[0] == InputProblem(str(path), 2, "speeches:2", reason, False)


@pytest.mark.parametrize("value", ['""', '"  "', "null"])
def test_blank_or_null_id_counts_as_missing(value):
    warning, doc = parse(b'{"id": %s, "text": "x"}' % value.encode())
    assert doc.doc_id == "in:3" and not warning.skipped


def test_integer_id_is_coerced():
    (doc,) = parse(b'{"id": 7, "text": "x"}')
    assert doc.doc_id == "7"


@pytest.mark.parametrize(
    "value,got", [("1.5", "number"), ("true", "boolean"), ('{"a": 1}', "object")]
)
def test_other_id_types_are_skipped(value, got):
    (skip,) = parse(b'{"id": %s, "text": "x"}' % value.encode())
    assert skip.skipped and skip.reason == f"id must be a string or an integer (got {got})"


def test_doc_id_wins_over_id():
    (doc,) = parse(b'{"id": "short", "doc_id": "long", "text": "x"}')
    assert doc.doc_id == "long"


def test_meta_not_an_object_is_a_warning():
    warning, doc = parse(b'{"id": "a", "text": "x", "meta": [1]}')
    assert not warning.skipped and warning.reason == "meta is not an object (got array); using {}"
    assert doc.meta == {}


def test_invalid_utf8_in_jsonl_warns_before_the_doc_with_its_id():
    warning, doc = parse(b'{"id": "a", "text": "x\xc3("}')
    reason = "invalid UTF-8 at byte 22, replaced with U+FFFD"
    assert warning == InputProblem("in.jsonl", 3, "a", reason, False)
    assert doc.text == "x\ufffd("


def test_lone_surrogate_is_replaced_with_a_warning():
    raw = b'{"id": "a", "text": "ab\\ud800cd \\ud83d\\ude00", "meta": {"t": "\\udfff"}}'
    warning, doc = parse(raw)
    assert not warning.skipped and warning.reason == "2 lone surrogate(s) replaced with U+FFFD"
    assert doc.text == "ab\ufffdcd \U0001f600"  # a valid pair stays one character
    assert doc.meta == {"t": "\ufffd"}


def test_control_characters_are_kept():
    (doc,) = parse(b'{"id": "a", "text": "a\\u0000b\\u0007\\u2028c"}')
    assert doc.text == "a\x00b\x07\u2028c"


def test_nan_is_read_as_null_with_a_warning():
    warning, doc = parse(b'{"id": "a", "text": "x", "meta": {"score": NaN}}')
    assert not warning.skipped and "NaN" in warning.reason
    assert doc.meta == {"score": None}


def test_bom_before_first_jsonl_line_is_ignored():
    (doc,) = parse('\ufeff{"id": "a", "text": "x"}'.encode("utf-8"), line=1)
    assert doc.doc_id == "a"


def test_duplicate_id_is_skipped_naming_the_first(tmp_path):
    (tmp_path / "a.txt").write_text("first", encoding="utf-8")
    path = write_jsonl(
        tmp_path / "more.jsonl",
        [{"id": "b", "text": "1"}, {"id": "a", "text": "2"}, {"id": "b", "text": "3"}],
    )
    items, docs, problems = read([tmp_path / "a.txt", path])
    assert [d.text for d in docs] == ["first", "1"]
    assert [(p.doc_id, p.line, p.skipped) for p in problems] == [("a", 2, True), ("b", 3, True)]
    assert problems[0].reason == f"duplicate doc_id, first seen at {tmp_path / 'a.txt'}"
    assert problems[1].reason == f"duplicate doc_id, first seen at {path}:1"


def test_no_silent_drop_over_every_bad_case(tmp_path):
    write_jsonl(
        tmp_path / "mixed.jsonl",
        [
            {"id": "ok", "text": "fine"},
            "not json",
            "[1]",
            {"id": "no-text"},
            {"id": "num-text", "text": 3},
            {"text": "no id"},
            {"id": 1.5, "text": "float id"},
            {"id": "m", "text": "x", "meta": "bad"},
            {"id": "ok", "text": "duplicate"},
            b'{"id": "u", "text": "\xff"}',
            "",
            {"id": "empty", "text": ""},
        ],
    )
    (tmp_path / "bin.txt").write_bytes(b"\x00\x01")
    (tmp_path / "t.txt").write_bytes(b"\xfe")
    _, docs, problems = read([tmp_path])
    assert [d.doc_id for d in docs] == ["ok", "mixed:6", "m", "u", "empty", "t"]
    assert sum(p.skipped for p in problems) == 7
    assert_no_silent_drop([tmp_path])
    assert records_in([tmp_path]) == 13


LINES = st.binary().filter(lambda b: b"\n" not in b) | st.sampled_from(
    [b'{"id": "a", "text": "x"}', b'{"text": 1}', b"{}", b"null", b'{"id": 2, "text": ""}']
)


@settings(max_examples=200, deadline=None)
@given(st.lists(LINES, max_size=12))
def test_any_bytes_give_one_item_per_record_and_never_raise(lines):
    data = b"".join(line + b"\n" for line in lines)
    items = list(read_inputs(["-"], stdin=io.BytesIO(data)))
    records = sum(1 for line in lines if line.strip())
    assert sum(isinstance(i, InputDoc) or i.skipped for i in items) == records


# --- paths that cannot be used: fatal, before any work ---------------------------


def test_missing_path_fails_before_reading(tmp_path):
    good = write_jsonl(tmp_path / "good.jsonl", [{"id": "a", "text": "x"}])
    with pytest.raises(InputError, match="nope.txt: no such file"):
        read_inputs([str(good), str(tmp_path / "nope.txt")])  # raises at the call, not on iteration


def test_unsupported_file_type_is_fatal(tmp_path):
    (tmp_path / "notes.md").write_text("x", encoding="utf-8")
    with pytest.raises(InputError, match="not an input"):
        read_inputs([str(tmp_path / "notes.md")])


def test_no_paths_and_double_stdin_are_fatal():
    with pytest.raises(InputError):
        read_inputs([])
    with pytest.raises(InputError, match="more than once"):
        read_inputs(["-", "-"])


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root reads anything")
def test_unreadable_file_is_fatal(tmp_path):
    path = write_jsonl(tmp_path / "secret.jsonl", [{"id": "a", "text": "x"}])
    path.chmod(0)
    try:
        with pytest.raises(InputError, match="secret.jsonl: cannot read"):
            read_inputs([str(path)])
    finally:
        path.chmod(0o644)
