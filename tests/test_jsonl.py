"""The one JSON Lines reader (kzextract.jsonl) and its users."""

from __future__ import annotations

import gzip
import io
import re
from pathlib import Path

import pytest

from kzextract import jsonl
from kzextract.jsonl import JsonLine, decode_line, read_json_file, read_json_lines, read_json_text

PACKAGE = Path(jsonl.__file__).parent


def lines(data: bytes, **options) -> list[JsonLine]:
    return list(read_json_lines(io.BytesIO(data), **options))


def test_numbers_values_and_blank_lines():
    got = lines(b'{"a": 1}\n\n   \n[2]\n"x"')
    assert [(line.number, line.value, line.error) for line in got] == [(1, {"a": 1}, None), (4, [2], None), (5, "x", None)]
    assert [line.terminated for line in got] == [True, True, False]
    assert [line.end for line in got] == [9, 18, 21]


def test_u2028_and_u0085_inside_a_string_do_not_split_the_line():
    raw = '{"t": "a\u2028b\u0085c"}\n{"t": 2}\n'.encode("utf-8")
    got = lines(raw)
    assert [line.value for line in got] == [{"t": "a\u2028b\u0085c"}, {"t": 2}]


def test_null_is_a_value_not_an_error():
    (line,) = lines(b"null\n")
    assert line.value is None and line.error is None


def test_bad_json_names_the_column():
    (line,) = lines(b'{"a": }\n')
    assert line.error == "not valid JSON: Expecting value (column 7)"


def test_nesting_too_deep_is_an_error_not_a_crash():
    (line,) = lines(b"[" * 100_000 + b"]" * 100_000)
    assert line.error == "not valid JSON: nested too deeply"


@pytest.mark.parametrize(
    "raw,note",
    [
        (b'{"x": NaN}', "non-standard JSON NaN read as null"),
        (b'{"x": -Infinity}', "non-standard JSON -Infinity read as null"),
        (b'{"x": 1e400}', "non-standard JSON out-of-range number 1e400 read as null"),
        (b'{"x": -1.5E999}', "non-standard JSON out-of-range number -1.5E999 read as null"),
        (b'{"x": ' + b"9" * 5000 + b"}", "non-standard JSON out-of-range number 999999999999… read as null"),
    ],
)
def test_non_standard_and_out_of_range_numbers_become_null_with_a_note(raw, note):
    (line,) = lines(raw)
    assert line.value == {"x": None}
    assert line.notes == (note,)


def test_finite_numbers_are_kept():
    (line,) = lines(b'{"f": 1.5e300, "i": -12, "e": 2E-5}')
    assert line.value == {"f": 1.5e300, "i": -12, "e": 2e-5} and line.notes == ()


def test_invalid_utf8_is_replaced_with_a_note_or_is_an_error_when_strict():
    (line,) = lines(b'{"t": "a\xffb"}')
    assert line.value == {"t": "a\ufffdb"}
    assert line.notes == ("invalid UTF-8 at byte 8, replaced with U+FFFD",)
    (strict,) = lines(b'{"t": "a\xffb"}', strict_utf8=True)
    assert strict.error == "invalid UTF-8 at byte 8" and strict.value is None


def test_bom_on_line_one_is_dropped():
    (line,) = lines('\ufeff{"a": 1}\n'.encode("utf-8"))
    assert line.value == {"a": 1} and line.error is None


def test_truncated_gzip_is_reported_on_the_line_where_reading_stopped(tmp_path):
    data = gzip.compress(b"".join(b'{"i": %d, "pad": "%s"}\n' % (i, b"x" * 300) for i in range(100)))
    path = tmp_path / "t.jsonl.gz"
    path.write_bytes(data[: len(data) // 2])
    got = list(read_json_file(path))
    assert got[-1].ended and got[-1].error.startswith("cannot read further:")
    assert got[-1].number == len(got)  # the first line that could not be read
    assert all(line.error is None for line in got[:-1])


def test_gzip_is_read_by_name(tmp_path):
    path = tmp_path / "a.JSONL.GZ"
    path.write_bytes(gzip.compress(b'{"a": 1}\n'))
    assert [line.value for line in read_json_file(path)] == [{"a": 1}]


def test_a_line_over_max_bytes_is_reported_and_reading_goes_on():
    big = b'{"t": "' + b"x" * 5000 + b'"}'
    got = lines(b'{"a": 1}\n' + big + b'\n{"b": 2}\n', max_bytes=1000)
    assert [line.number for line in got] == [1, 2, 3]
    assert got[1].error == "record larger than the limit of 1000 bytes (--max-record-bytes): 5,010 bytes"
    assert [got[0].value, got[2].value] == [{"a": 1}, {"b": 2}]
    exact = b"[" + b"1" * 998 + b"]"
    assert lines(exact + b"\n", max_bytes=1000)[0].value == [int("1" * 998)]


class Zeros:
    """`size` NUL bytes without a newline, as /dev/zero gives them, then one record."""

    def __init__(self, size: int):
        self.left, self.largest, self.tail = size, 0, [b'{"ok": 1}\n']

    def readline(self, limit: int = -1) -> bytes:
        if self.left <= 0:
            return self.tail.pop() if self.tail else b""
        n = self.left if limit < 0 else min(limit, self.left)
        self.left -= n
        self.largest = max(self.largest, n)
        return b"\0" * n if self.left else b"\0" * n + b"\n"


def test_a_line_over_max_bytes_is_read_past_in_pieces():
    stream = Zeros(50 << 20)
    got = list(read_json_lines(stream, max_bytes=1 << 20))
    assert got[0].error == "record larger than the limit of 1 MiB (--max-record-bytes): 52,428,801 bytes"
    assert got[1].value == {"ok": 1}
    assert stream.largest <= (1 << 20) + 1  # never more than the limit at once


def test_decode_line_and_read_json_text():
    assert decode_line(b"  ") is None
    assert decode_line(b'{"a": 1}', 7) == JsonLine(7, {"a": 1}, end=8, terminated=False)
    assert [line.number for line in read_json_text('{}\n\n{}\n')] == [1, 3]


def test_no_other_module_parses_json_lines():
    """One reader: no module but jsonl.py calls json.loads, opens gzip or splits
    lines of a JSONL file itself."""
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        if path.name == "jsonl.py":
            continue
        source = path.read_text(encoding="utf-8")
        if re.search(r"json\.loads\b|gzip\.open\b|jsonlines\.", source):
            offenders.append(path.name)
    assert offenders == []
