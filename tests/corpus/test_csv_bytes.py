"""A CSV part, or a small CSV file, that is valid UTF-8 is given to pandas as bytes (pandas decodes
each field as it parses); the text stream it reads otherwise is the reference: the same frames, the
same problems at the same rows, the same errors, on any mix of quotes, line ends, delimiters, NULs,
byte order marks and bytes not valid UTF-8."""

import csv
import io
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from framing.corpus import formats
from framing.corpus.formats import read_csv, split_text_table
from framing.errors import InputError

SOME = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

TOKENS = [b"a", b"b c", b"1", b",", b";", b"\t", b'"', b'""', b"\n", b"\r\n", b"\r", b"\x00", b"\xc3\xa9",
          b"\xe2\x80\xa6", b"\xe2", b"\x80", b"\xa6", b"\xef\xbb\xbf"]
HEADERS = [b"id,text\n", b"\xef\xbb\xbfid,text\n", b"text\r\n", b"id;text;x\n", b'"id","text"\n', b""]
CSV_BYTES = st.builds(lambda head, body: head + b"".join(body), st.sampled_from(HEADERS),
                      st.lists(st.sampled_from(TOKENS), max_size=50))


def reading(path: Path, part: formats.Part | None = None) -> tuple:
    """Everything ``read_csv`` gives: each frame's columns, dtypes and values, and each problem; or the error."""
    said: list = []
    try:
        frames = [(list(frame.columns), frame.dtypes.astype(str).tolist(), frame.to_numpy().tolist(), encoding)
                  for frame, encoding in read_csv(path, 3, lambda *a: said.append(a), part=part)]
    except InputError as exc:
        return "error", str(exc), said
    return frames, said


def both_ways(path: Path, part: formats.Part | None = None) -> tuple[tuple, tuple]:
    """``reading`` as it is, and with the text stream only (the reference)."""
    fast = reading(path, part)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(formats, "_utf8_bytes", lambda raw, encoding: None)
        return fast, reading(path, part)


@SOME
@given(CSV_BYTES)
@example(b'id,text\n1,"x\xe2"\x80\xa6"\n2,ok\n')  # as bytes, pandas would join the bytes around the quote: "x…"
@example(b'\xef\xbb\xbf"id","text"\r\n1,"two\nlines"\r\n2,"a ""quote"""\r\n3,se\x00cond\r\n4,x,y\r\n')
def test_csv_bytes_read_as_the_text_stream(data):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "t.csv"
        path.write_bytes(data)
        fast, reference = both_ways(path)
        assert fast == reference
        for part in split_text_table(path, "csv", 8) or []:  # parts of about 8 bytes
            fast, reference = both_ways(path, part)
            assert fast == reference


# (no lone CR, no NUL: a file with either is not cut into parts; U+10FE92: a bad byte, below)
FIELD = st.text(alphabet=list("ab" * 8 + ' ,;"\né…') + ["\U0010fe92"], min_size=1, max_size=8)
TABLE = st.lists(st.lists(FIELD, min_size=1, max_size=4), min_size=3, max_size=12)


@SOME
@given(TABLE, st.sampled_from(["\n", "\r\n"]), st.integers(min_value=8, max_value=40))
def test_csv_parts_read_as_the_text_stream(rows, end, part_bytes):
    """Well-quoted rows (the ones a file is cut into parts at), ragged or short, a byte not valid
    UTF-8 (0x92) here and there, read in parts of about ``part_bytes``."""
    out = io.StringIO()
    csv.writer(out, lineterminator=end).writerows([["id", "text"], *rows])
    data = out.getvalue().encode("utf-8").replace("\U0010fe92".encode(), b"\x92")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "t.csv"
        path.write_bytes(data)
        for part in split_text_table(path, "csv", part_bytes) or [None]:
            fast, reference = both_ways(path, part)
            assert fast == reference


def test_valid_utf8_is_read_as_bytes(tmp_path, monkeypatch):
    path = tmp_path / "t.csv"
    path.write_bytes("\ufeffid,text\n1,Café\n".encode())
    given = []
    monkeypatch.setattr(formats.pd, "read_csv", lambda source, **kw: given.append(source) or iter(()))
    list(read_csv(path, 10))
    assert given[0].getvalue() == "id,text\n1,Café\n".encode()  # bytes, without the byte order mark
    path.write_bytes(b"id,text\n1,it\x92s\n")
    list(read_csv(path, 10))
    assert not hasattr(given[1], "getvalue")  # a byte not valid UTF-8: the text stream


@pytest.mark.parametrize("data", [b"a" * (formats.MB - 1) + "é…".encode(), b"a" * (formats.MB - 1) + b"\xc3",
                                  b"a" * formats.MB + b"\x92", "…".encode() * formats.MB, b""])
def test_valid_utf8_a_mib_at_a_time(data):
    """A character cut at a MiB boundary is whole; one cut at the end is not."""
    try:
        data.decode("utf-8")
        valid = True
    except UnicodeDecodeError:
        valid = False
    assert formats._valid_utf8(data) == valid
