"""No row lost to one bad record: a ragged CSV row, a byte that is not valid in the file's encoding
or a stray NUL skips that record only (named by its row/line), read whole or in parts, with any jobs."""

from __future__ import annotations

import csv
import io

import pandas as pd
import pytest

from framing import load_lexicons
from framing.corpus import LoadReport, iter_corpus
from framing.corpus.formats import read_csv
from framing.errors import InputError
from framing.scale import score_inputs

LEXICONS = load_lexicons(["hedging"])


def _csv(n: int = 300) -> tuple[bytes, set[int]]:
    """A UTF-8 CSV (quoted newlines, accents) with ragged rows, an invalid byte and a NUL; the bad data rows."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["id", "text"])
    for i in range(1, n + 1):
        writer.writerow([f"d{i}", f"Talks may resume, caf\u00e9 {i}.\nSecond line {i}."])
    data = out.getvalue().encode()
    lines = data.split(b"\n")
    bad = {40: b'd40,"ragged",extra', 151: b'd151,"it\x92s bad"', 260: b'd260,"nul \x00 here"', 299: b"d299,a,b,c"}
    for row, record in bad.items():  # each record is two lines (quoted newline): row r starts at line 2r - 1
        lines[2 * row - 1] = record
        lines[2 * row] = b""
    return b"\n".join(lines), set(bad)


def test_each_bad_row_is_named_and_the_rest_kept(tmp_path):
    data, bad = _csv()
    path = tmp_path / "news.csv"
    path.write_bytes(data)
    report = LoadReport()
    whole = pd.concat(iter_corpus(str(path), dedup=False, errors="skip", report=report), ignore_index=True)
    assert sorted(i["line"] for i in report.issues if i["action"] == "skipped") == sorted(bad)
    assert len(whole) == 300 - len(bad) and not {f"d{r}" for r in bad} & set(whole["doc_id"])
    parts_report = LoadReport()
    parts = pd.concat(score_inputs(str(path), LEXICONS, jobs=1, chunksize=7, part_mb=0.002, errors="skip",
                                   report=parts_report), ignore_index=True)
    assert parts["doc_id"].tolist() == whole["doc_id"].tolist()
    assert sorted((i["line"], i["reason"]) for i in parts_report.issues) == sorted((i["line"], i["reason"]) for i in report.issues)
    with pytest.raises(InputError, match=r"news\.csv:40: a row with more fields than the header \(3, not 2\)"):
        list(score_inputs(str(path), LEXICONS, part_mb=0.002))


def test_first_row_ragged_is_read_by_the_csv_module(tmp_path):
    path = tmp_path / "r.csv"
    path.write_text('title,text\nA,one,extra\nB,"two\nlines"\nC\n,\nD,four,five,six\nE,five\n', encoding="utf-8")
    seen: list[tuple[int | None, str]] = []
    frames = list(read_csv(path, 2, lambda source, what, fix, line: seen.append((line, what))))
    table = pd.concat([f for f, _ in frames], ignore_index=True)
    assert table.to_dict("list") == {"title": ["B", "C", "", "E"], "text": ["two\nlines", "", "", "five"],
                                     "_row": [2, 3, 4, 6]}
    assert [line for line, _ in seen] == [1, 5] and "(4, not 2)" in seen[1][1]
    with pytest.raises(InputError, match=r"r\.csv:1: a row with more fields than the header \(3, not 2\)"):
        list(read_csv(path, 2))
