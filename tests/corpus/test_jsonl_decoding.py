"""JSON Lines are read by orjson and split in big chunks, with the stdlib as the exact reference:
every line gives the same value, or the same error at the same line, as ``json.loads`` on the lines
of a text stream (NaN, big integers, lone surrogates, duplicate keys, deep nesting, BOM, CR/CRLF,
bytes not valid UTF-8)."""

import copy
import io
import json
import re
import tempfile
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from framing.corpus import formats
from framing.corpus.formats import Limits, byte_lines, decode_json_line, read_jsonl
from framing.errors import InputError

SOME = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def stdlib(line: str) -> str:
    """What ``json.loads`` (and the surrogate repair) makes of ``line``: the value's repr, or the error."""
    try:
        value = json.loads(line)
        return repr(formats._json_without_surrogates(value) if formats._SURROGATE_ESCAPE.search(line) else value)
    except json.JSONDecodeError as exc:
        return f"JSONDecodeError {exc.msg} {exc.pos}"
    except RecursionError:
        return "RecursionError"


def ours(line: str) -> str:
    try:
        return repr(decode_json_line(line))
    except json.JSONDecodeError as exc:
        return f"JSONDecodeError {exc.msg} {exc.pos}"
    except RecursionError:
        return "RecursionError"


ODD = ['{"a":1,"a":2,"b":3}', '{"b":1,"a":[2],"b":3.5}', '{"a":NaN}', '{"a":-Infinity}', '{"a":1e400}',
       '{"a":"\\ud800"}', '{"a":"\\udc00x","b":["\\ud800"]}', '{"a":"\\ud83d\\ude00"}', '{"a":"\\\\ud800"}',
       '{"a":123456789012345678901234567890}', '{"a":18446744073709551616, "b": 1.5}', '{"a":[-9223372036854775809]}',
       '{"a":18446744073709551615}', '{"a":-0,"b":-0.0}', '{"a":"\t"}', '{"a":1,}', "{'a':1}", '{"a":.5}', '{"a":01}',
       '[1,2]', '"s"', '3', 'null', '{"a":{"b":[1,{"c":2.0}]}}', '{"a":' + '[' * 60 + ']' * 60 + '}',
       '{"a":' + '[' * 2000 + ']' * 2000 + '}', '{"a":' + '[' * 1010 + ']' * 1010 + '}', '{"a":1} x', '',
       '{"a":"\u2028\x85"}', '{"\\u0000":1.0}', '{"a":9007199254740993.0}', '{"a":4.9e-324,"b":[1e-400]}']


@pytest.mark.parametrize("line", ODD)
def test_odd_lines_decode_as_the_stdlib_does(line):
    assert ours(line) == stdlib(line)


JSONISH = st.text(alphabet=list('{}[]",:.-+eE0123456789 \tntrufalsNIiy\\u') + ["\ud800", "\x85", "é"], max_size=40)
VALUES = st.recursive(st.none() | st.booleans() | st.integers(min_value=-2 ** 70, max_value=2 ** 70) | st.floats()
                      | st.text(max_size=8), lambda inner: st.lists(inner, max_size=3)
                      | st.dictionaries(st.text(max_size=3), inner, max_size=3), max_leaves=8)


@SOME
@given(JSONISH)
@example('{"a": 1e5, "b": [12345678901234567890123]}')
def test_any_text_decodes_as_the_stdlib_does(line):
    assert ours(line) == stdlib(line)


@SOME
@given(VALUES, st.booleans())
def test_any_value_decodes_as_the_stdlib_does(value, ascii_only):
    line = json.dumps({"v": value}, ensure_ascii=ascii_only)
    assert ours(line) == stdlib(line)


LINE_BYTES = st.lists(st.sampled_from([b"a", b"\xc3\xa9", b"\r", b"\n", b"\xc2\x85", b"\x0b"]), max_size=30).map(b"".join)


@SOME
@given(LINE_BYTES, st.integers(min_value=1, max_value=7))
def test_byte_lines_are_the_lines_of_the_text_stream(data, size):
    expected = [line.rstrip("\r\n").encode() for line in io.TextIOWrapper(io.BytesIO(data), "utf-8", newline="")]
    assert list(byte_lines(io.BytesIO(data), size=size)) == expected


def old_reading(path, chunksize, limits):
    """The reader as it was: line by line from the text stream, each decoded by ``json.loads``."""
    frames, rows, said = [], [], []
    with formats.open_text(path, limits) as (stream, encoding):
        for lineno, line in enumerate(stream, start=1):
            line = line.lstrip("\ufeff").strip()
            if not line:
                continue
            if len(line) > limits.doc_chars:
                said.append((lineno, formats.doc_too_big(limits, len(line))[0]))
                continue
            try:
                obj = json.loads(line)
                obj = formats._json_without_surrogates(obj) if formats._SURROGATE_ESCAPE.search(line) else obj
            except json.JSONDecodeError as exc:
                said.append((lineno, f"broken JSON ({exc.msg})"))
                continue
            except RecursionError:
                said.append((lineno, "JSON nested too deeply"))
                continue
            if not isinstance(obj, dict):
                said.append((lineno, f"record is a JSON {type(obj).__name__}, not an object"))
            elif byte := formats.bad_byte(obj):
                said.append((lineno, formats._bad_byte_problem(encoding, byte)[0]))
            else:
                rows.append({**obj, "_row": lineno})
                if len(rows) == chunksize:
                    frames.append(pd.DataFrame(rows))
                    rows = []
    return frames + ([pd.DataFrame(rows)] if rows else []), said


def same_reading(path, limits):
    try:
        old_frames, old_said = old_reading(path, 3, limits)
    except InputError as exc:  # not text at all (NUL bytes)
        with pytest.raises(InputError, match=re.escape(str(exc))):
            list(read_jsonl(path, 3, print, limits))
        return [], []
    said: list = []
    frames = [frame for frame, _ in read_jsonl(path, 3, lambda src, what, fix, line: said.append((line, what)), limits)]
    assert said == old_said
    assert len(frames) == len(old_frames)
    for frame, old in zip(frames, old_frames):
        if "text" in old and frame["text"].dtype == object:  # strings only: kept as they are (records_frame)
            old = old.assign(text=old["text"].astype(object))
        pd.testing.assert_frame_equal(frame, old, check_exact=True)
    return said, frames


ODD_BYTES = [b"\xef\xbb\xbf", b"\xe9", b"\xed\xa0\x80", b"\xc2\xa0", b"\xc2\x85", b"\x1c", b"\x0b", b" ", b"\t", b"\r",
             b"\n", b"\r\n", b'"', b"{", b"}", b"[", b"]", b":", b",", b"1", b"2.5", b"NaN", b"\\ud800", b'"text"',
             b'{"text": "x"}', b"\x00", b"\xf4\x90\x80\x80", b"\xc0\xaf", b"123456789012345678901"]


@SOME
@given(st.lists(st.sampled_from(ODD_BYTES), max_size=25).map(b"".join))
def test_any_bytes_read_as_before(data):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "odd.jsonl"
        path.write_bytes(b'{"text": "first"}\n' + data)
        same_reading(path, Limits(max_doc_mb=12 / 2 ** 20))


def test_a_file_of_odd_lines_reads_as_before(tmp_path):
    lines = [line.encode() for line in ODD] + [b'{"text": "caf\xe9 bad byte"}', b'{"text": "ok", "n": 1}',
                                               b'\xef\xbb\xbf{"text": "bom"}', b'  {"text": "padded"} \xc2\xa0',
                                               b'{"text": "x' + b"y" * 300 + b'"}', b'{"text": "\\ud800 lone"}']
    path = tmp_path / "odd.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + b"\r\n".join(lines[:12]) + b"\r" + b"\n".join(lines[12:]) + b"\r\n\r\n")
    said, frames = same_reading(path, Limits(max_doc_mb=200 / 2 ** 20))
    assert len(said) > 10 and len(frames) > 2


_KEYS = st.sampled_from(["text", "id", "title", "x"])
_VALUES = st.one_of(st.text(max_size=5), st.integers(-3, 3), st.none(), st.floats(allow_nan=True), st.booleans())


@SOME
@given(st.lists(st.dictionaries(_KEYS, _VALUES, max_size=4), min_size=1, max_size=5), st.booleans())
def test_records_frame_is_pandas_frame_with_the_texts_as_they_are(rows, all_texts):
    """The same columns in the same order and the same values as ``pd.DataFrame(rows)`` (the other
    columns with the same dtypes); a text column of strings only is those strings, dtype object."""
    if all_texts:
        rows = [{**row, "text": str(row.get("text"))} for row in rows]
    expected = pd.DataFrame(copy.deepcopy(rows))
    got = formats.records_frame(copy.deepcopy(rows))
    assert got.columns.tolist() == expected.columns.tolist()
    assert got.index.equals(expected.index)
    for col in expected.columns:
        assert repr(got[col].tolist()) == repr(expected[col].tolist()), col
        if col != "text":
            assert got[col].dtype == expected[col].dtype, col
    if all_texts:
        assert got["text"].dtype == object and all(type(t) is str for t in got["text"].tolist())


def test_read_jsonl_gives_the_texts_as_python_strings(tmp_path):
    path = tmp_path / "c.jsonl"
    path.write_text('{"id": 1, "text": "Talks. "}\n{"text": "Caf\\u00e9", "id": 2, "x": "y"}\n', encoding="utf-8")
    [(frame, _)] = read_jsonl(path, 10, lambda *a: pytest.fail(str(a)))
    assert frame.columns[:2].tolist() == ["id", "text"] and frame.columns[-1] == "x"
    assert frame["text"].dtype == object and frame["text"].tolist() == ["Talks. ", "Café"]
    assert frame["x"].dtype == pd.DataFrame([{"x": None}, {"x": "y"}])["x"].dtype
