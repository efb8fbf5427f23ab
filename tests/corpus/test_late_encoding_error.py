"""Issue 22.5: the encoding is detected on the first 8 MiB; a bad byte after that must not lose rows.

Every good row is kept and counted, the bad record is skipped and named (file and line/row) in the
load report; with ``errors="raise"`` / ``--strict`` it is an error naming that line."""

import gzip

import pytest

from framing import iter_corpus
from framing.cli import main
from framing.corpus import LoadReport
from framing.corpus.formats import SAMPLE_BYTES
from framing.errors import InputError

BEFORE, AFTER = 900, 150  # 900 rows of ~10 KB: the bad byte comes after the first 8 MiB


def write_big(path, kind: str) -> int:
    """Write a JSONL or CSV file with one cp1252 byte after the first 8 MiB; returns the bad line number."""
    pad = "word " * 2000
    lines = [b"id,text"] if kind == "csv" else []
    for i in range(BEFORE + AFTER + 1):
        text = b"Document %d says it\x92s over." % i if i == BEFORE else f"Document {i} says talks may resume. {pad}".encode()
        lines.append(b'{"id": "d%d", "text": "%s"}' % (i, text) if kind == "jsonl" else b'd%d,"%s"' % (i, text))
    data = b"\n".join(lines) + b"\n"
    assert data.index(b"\x92") > SAMPLE_BYTES
    path.write_bytes(gzip.compress(data, compresslevel=1) if path.suffix == ".gz" else data)
    return BEFORE + 1  # JSONL: the line; CSV: the data row


@pytest.mark.parametrize("name", ["big.jsonl", "big.csv", "big.jsonl.gz"])
def test_every_good_row_is_kept_and_the_bad_one_named(tmp_path, name):
    path = tmp_path / name
    bad = write_big(path, "csv" if ".csv" in name else "jsonl")
    report = LoadReport()
    ids = [i for chunk in iter_corpus(path, dedup=False, errors="skip", report=report) for i in chunk["doc_id"]]
    assert len(ids) == BEFORE + AFTER
    assert report.skipped == 1 and report.files[0].read == BEFORE + AFTER + 1
    [issue] = report.issues
    assert issue["line"] == bad and "not valid utf-8 text (byte 0x92" in issue["detail"]


def test_strict_names_the_bad_line(tmp_path, capsys):
    path = tmp_path / "big.jsonl"
    bad = write_big(path, "jsonl")
    with pytest.raises(InputError) as exc:
        list(iter_corpus(path, dedup=False, errors="raise"))
    assert exc.value.line == bad
    assert main(["load", str(path), "--strict"]) == 2
    assert f"big.jsonl:{bad}: not valid utf-8 text (byte 0x92" in capsys.readouterr().err


def test_a_file_without_bad_bytes_keeps_private_use_characters(tmp_path):
    path = tmp_path / "pua.jsonl"
    path.write_text('{"id": "a", "text": "private \\udbff\\ude41 use"}\n{"id": "b", "text": "plain"}\n')
    report = LoadReport()
    corpus = next(iter_corpus(path, dedup=False, errors="skip", report=report))
    assert len(corpus) == 2 and report.skipped == 0
