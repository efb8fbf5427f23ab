"""Table-driven bad-input suite: every case goes through the ``framing`` CLI in-process.

Each case writes a small bad input into ``tmp_path``, runs one command, and checks the outcome a
user sees: the exit code, a message that names the file / line / parameter and says what to do
(or, for inputs the loader recovers from, a load-report line), and never a Python traceback.
``--debug`` re-raises the same error with its traceback.
"""

from __future__ import annotations

import gzip
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pytest

from framing.cli import main
from framing.errors import FramingError
from report.conftest import write_tiny  # tests/report: x == 2 raises ValueError("x is two")

GOOD_TEXT = "Officials said they might accept a cease-fire if security guarantees were offered.\n"
LEXICON_HEAD = "name: mine\nversion: 1.0.0\ndescription: test lexicon\n"


@dataclass
class Case:
    id: str
    make: Callable[[Path], list[str]]  # writes inputs into tmp_path, returns the CLI arguments
    code: int  # expected exit code
    expect: list[str] = field(default_factory=list)  # substrings of stdout + stderr ({tmp} = tmp_path)
    debug: bool = True  # ``--debug`` re-raises (False where the command reports and carries on)
    kernel: bool = False  # the command starts a Jupyter kernel (the case is marked slow)


def w(tmp: Path, name: str, data: bytes | str) -> str:
    path = tmp / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return str(path)


def gz_truncated(tmp: Path, name: str, payload: str) -> str:
    data = gzip.compress(payload.encode() * 200)
    return w(tmp, name, data[: len(data) // 2])


def parquet(tmp: Path, name: str, frame: pd.DataFrame) -> str:
    path = tmp / name
    frame.to_parquet(path)
    return str(path)


def lexicon(tmp: Path, body: str, name: str = "mine.yaml") -> list[str]:
    return ["lexicon", "check", w(tmp, name, body)]


def link_loop(tmp: Path, name: str) -> str:
    """``name`` -> ``name.2`` -> ``name``: a symbolic link that leads round in a loop."""
    (tmp / name).symlink_to(tmp / f"{name}.2")
    (tmp / f"{name}.2").symlink_to(tmp / name)
    return str(tmp / name)


def dangling(tmp: Path, name: str) -> str:
    (tmp / name).symlink_to(tmp / "gone.csv")
    return str(tmp / name)


def batch(tmp: Path, body: str) -> list[str]:
    write_tiny(tmp / "tiny.ipynb")
    return ["batch", w(tmp, "b.yaml", body)]


def load(*paths: str, strict: bool = False) -> list[str]:
    return ["load", *paths, *(["--strict"] if strict else [])]


CSV_OK = "title,text,date\nA,One sentence here about talks.,2022-03-01\n"

CASES = [
    # --- empty, whitespace-only, binary -------------------------------------------------------
    Case("empty-txt", lambda t: load(w(t, "empty.txt", b"")), 2, ["empty.txt", "the file is empty", "Fix:"]),
    Case("empty-txt-strict", lambda t: load(w(t, "empty.txt", b""), strict=True), 2,
         ["empty.txt: the file is empty. Fix: remove it or re-export it"]),
    Case("whitespace-txt", lambda t: load(w(t, "blank.txt", " \n\t\n   \n")), 2,
         # issue 17: load keeps every document's row (status 'empty'); was 'skipped' / 'no documents kept'
         ["blank.txt", "kept: empty text", "no document with text in 1 input file"]),
    Case("whitespace-csv", lambda t: load(w(t, "blank.csv", "\n\n  \n")), 2, ["blank.csv"]),
    Case("empty-jsonl", lambda t: load(w(t, "e.jsonl", b"")), 2, ["e.jsonl", "empty"]),
    Case("whitespace-jsonl", lambda t: load(w(t, "ws.jsonl", "\n   \n\n")), 2, ["no records at all in", "ws.jsonl"]),
    Case("empty-parquet-file", lambda t: load(w(t, "e.parquet", b"")), 2, ["e.parquet", "empty"]),
    Case("binary-unknown-ext", lambda t: load(w(t, "blob.bin", bytes(range(256)) * 40), strict=True), 2,
         ["blob.bin", "binary data, not text", "Fix:"]),
    Case("binary-as-txt", lambda t: load(w(t, "photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 300)), 2,
         ["photo.txt", "binary", "file skipped"]),
    Case("binary-as-csv", lambda t: load(w(t, "x.csv", bytes(range(256)) * 20), strict=True), 2,
         ["x.csv", "binary"]),
    Case("binary-as-parquet", lambda t: load(w(t, "x.parquet", b"not parquet at all" * 10), strict=True), 2,
         ["x.parquet", "Parquet", "Fix:"]),
    # --- compression and encodings --------------------------------------------------------------
    Case("truncated-gzip-jsonl", lambda t: load(gz_truncated(t, "a.jsonl.gz", '{"text": "talks went on"}\n'),
                                                strict=True), 2, ["a.jsonl.gz", "truncated or corrupt gzip", "Fix:"]),
    Case("truncated-gzip-txt", lambda t: load(gz_truncated(t, "a.txt.gz", GOOD_TEXT)), 2,
         ["a.txt.gz", "gzip", "file skipped"]),
    Case("truncated-gzip-csv", lambda t: load(gz_truncated(t, "a.csv.gz", CSV_OK)), 2, ["a.csv.gz", "gzip"]),
    Case("utf16-no-bom", lambda t: load(w(t, "u16.txt", GOOD_TEXT.encode("utf-16-le"))), 0,
         ["u16.txt", "utf-16-le", "1 kept"]),
    Case("utf16-be-no-bom-csv", lambda t: load(w(t, "u16.csv", CSV_OK.encode("utf-16-be"))), 0,
         ["u16.csv", "utf-16-be"]),
    Case("cp1252", lambda t: load(w(t, "w.txt", ("Caf\u00e9 talks \u2013 \u201cmaybe\u201d. " * 20).encode("cp1252"))),
         0, ["w.txt", "cp1252"]),
    Case("mixed-encodings-txt", lambda t: load(w(t, "mixed.txt", ("plain ascii text here. " * 60000).encode()
                                                   + "Caf\u00e9 \u201cx\u201d".encode("cp1252"))),
         0, ["mixed.txt", "1 kept"]),  # the whole file is read: one single-byte code page, named in the report
    Case("mixed-encodings-skip", lambda t: load(w(t, "mixed.csv", ("title,text\n" + "a,plain text\n" * 100000).encode()
                                                   + "b,Caf\u00e9\n".encode("cp1252"))),
         0, ["mixed.csv"]),
    Case("nul-bytes-in-text", lambda t: load(w(t, "nul.txt", b"Talks went on\x00\x00 and on.\x00 " * 50), strict=True),
         2, ["nul.txt", "NUL", "Fix:"]),
    # one bad byte, or a stray NUL, in a small UTF-8 file: that record is skipped and named, the rest kept
    Case("utf8-bad-byte-jsonl", lambda t: load(w(t, "b.jsonl", '{"text": "Caf\u00e9 talks \u2014 on"}\n'.encode()
                                                  + b'{"text": "it\x92s"}\n{"text": "third \xc3\xa9"}\n')), 0,
         ["b.jsonl:2: skipped", "not valid utf-8 text (byte 0x92", "2 kept", "utf-8"]),
    Case("utf8-bad-byte-csv", lambda t: load(w(t, "b.csv", "text\nCaf\u00e9 \u2014 one\n".encode() + b"it\x92s\n"
                                                + "third \u00e9\n".encode())), 0,
         ["b.csv:2: skipped", "byte 0x92", "2 kept"]),
    Case("utf8-bad-byte-txt", lambda t: load(w(t, "b.txt", "Title \u00e9\n\nCaf\u00e9 \u2014 one.\n".encode()
                                                + b"it\x92s on\n")), 0,
         ["b.txt:4: kept: bad bytes", "byte 0x92", "replaced by U+FFFD", "1 kept"]),
    Case("utf8-bad-byte-txt-strict", lambda t: load(w(t, "b.txt", "Caf\u00e9 \u2014 one.\n".encode() + b"it\x92s\n"),
                                                    strict=True), 2, ["b.txt:2:", "byte 0x92", "Fix:"]),
    Case("utf8-bad-byte-html", lambda t: load(w(t, "p.html", "<html><head><title>Talks \u2014 News</title></head><body>"
                                                 "<article><p>Caf\u00e9 talks may resume next week, officials said on "
                                                 "Monday in a long statement.</p><p>It\u2019s ".encode() + b"\x92"
                                                 + b" likely, they said.</p></article></body></html>")), 0,
         ["p.html:1: kept: bad bytes", "byte 0x92", "1 kept"]),
    Case("nul-in-jsonl", lambda t: load(w(t, "n.jsonl", b'{"text": "first one"}\n{"text": "se\x00cond"}\n'
                                          b'{"text": "third one"}\n')), 0, ["n.jsonl:2: skipped", "2 kept"]),
    Case("nul-in-csv", lambda t: load(w(t, "n.csv", b"text\nfirst one here\nse\x00cond\nthird one here\n")), 0,
         ["n.csv:2: skipped", "byte 0x00", "2 kept"]),
    Case("nul-in-txt", lambda t: load(w(t, "n.txt", b"A title\n\nSome text with a NUL\x00 in it, and more text.\n")), 0,
         ["n.txt:3: kept: bad bytes", "a NUL byte", "1 kept"]),
    # --- CSV ------------------------------------------------------------------------------------
    Case("csv-no-text-column", lambda t: load(w(t, "notext.csv", "title,date\nA,2022-01-01\n"), strict=True), 2,
         ["notext.csv", "column", "--text-col"]),
    Case("csv-no-text-column-skip", lambda t: load(w(t, "notext.csv", "title,date\nA,2022-01-01\n")), 2,
         ["notext.csv", "missing column", "file skipped"]),
    Case("csv-text-col-missing", lambda t: ["load", w(t, "a.csv", CSV_OK), "--text-col", "body", "--strict"], 2,
         ["a.csv", "body"]),
    Case("csv-ragged-first-row", lambda t: load(w(t, "ragged.csv", "title,text\nA,one,extra,more\nB\nC,three\n"),
                                                strict=True), 2,
         ["ragged.csv", "more fields than the header", "Fix: give every row as many fields as the header"]),
    # a ragged row is one skipped record, named by its data row; the other rows are kept (was: the file skipped)
    Case("csv-ragged-later-row", lambda t: load(w(t, "ragged.csv", "title,text\nA,one\nB,two,three\nC,x\n")), 0,
         ["ragged.csv:2: skipped", "more fields than the header (3, not 2)", "2 kept", "quote"]),
    Case("csv-ragged-first-row-kept", lambda t: load(w(t, "ragged.csv", "title,text\nA,one,extra\nB,two\n"
                                                          "C,\"x\ny\"\nD,four,five\n")), 0,
         ["ragged.csv:1: skipped", "ragged.csv:4: skipped", "2 kept"]),
    Case("csv-ragged-later-row-strict", lambda t: load(w(t, "ragged.csv", "title,text\nA,one\nB,two,three\n"),
                                                       strict=True), 2,
         ["ragged.csv:2:", "more fields than the header", "Fix: give every row as many fields as the header"]),
    Case("csv-short-rows", lambda t: load(w(t, "short.csv", "title,text\nA,one\nB\nC,three\n")), 0,
         ["short.csv:2", "kept: empty text", "3 kept"]),  # issue 17: load keeps every document's row (status 'empty'); was 'skipped'
    Case("csv-embedded-newlines", lambda t: load(w(t, "nl.csv", 'title,text\nA,"line one\nline two\nline three"\n'
                                                  'B,"second, doc"\n')), 0, ["nl.csv", "2 kept"]),
    Case("csv-unclosed-quote", lambda t: load(w(t, "q.csv", 'title,text\nA,"never closed\nB,x\n'), strict=True), 2,
         ["q.csv"]),
    Case("csv-header-only", lambda t: load(w(t, "h.csv", "title,text\n")), 2, ["no records at all in", "h.csv"]),
    # --- JSONL ----------------------------------------------------------------------------------
    Case("jsonl-broken-middle-line", lambda t: load(w(t, "b.jsonl", '{"text": "one doc"}\n{"text": "two\n'
                                                    '{"text": "three doc"}\n')), 0,
         ["b.jsonl:2", "broken", "2 kept"]),
    Case("jsonl-broken-middle-line-strict", lambda t: load(w(t, "b.jsonl", '{"text": "one"}\n{"text": \n'
                                                           '{"text": "three"}\n'), strict=True), 2,
         ["b.jsonl:2", "broken JSON", "Fix:"]),
    Case("jsonl-not-objects", lambda t: load(w(t, "n.jsonl", "1\n2\n3\n"), strict=True), 2, ["n.jsonl"]),
    Case("jsonl-text-not-string", lambda t: load(w(t, "n.jsonl", '{"text": {"a": 1}}\n{"text": "fine text"}\n')),
         0, ["n.jsonl"]),
    # --- Parquet --------------------------------------------------------------------------------
    Case("parquet-wrong-schema", lambda t: load(parquet(t, "w.parquet", pd.DataFrame({"a": [1], "b": ["x"]})),
                                                strict=True), 2, ["w.parquet", "column", "Fix:"]),
    Case("parquet-text-is-int", lambda t: load(parquet(t, "i.parquet", pd.DataFrame({"text": [1, 2]}))), 0,
         ["i.parquet"]),
    # --- HTML, dates ----------------------------------------------------------------------------
    Case("html-only-scripts", lambda t: load(w(t, "s.html", "<html><head><script>var a=1;</script></head><body>"
                                               "<script>document.write('x')</script></body></html>")), 2,
         ["s.html", "kept: empty text"]),  # issue 17: load keeps every document's row (status 'empty'); was 'skipped'
    Case("dates-do-not-parse", lambda t: load(w(t, "d.csv", "title,text,date\nA,Talks in Istanbul.,31/31/2022\n"
                                                "B,Talks in Minsk.,yesterday\n")), 0,
         ["d.csv:1", "unparsed date", "'31/31/2022' is not a date", "d.csv:2", "2 kept"]),
    # --- missing inputs -------------------------------------------------------------------------
    Case("missing-file", lambda t: load(str(t / "nope.csv")), 2, ["nope.csv", "no such file"]),
    Case("unknown-corpus-name", lambda t: load("no-such-corpus"), 2, ["no-such-corpus"]),
    # --- score ----------------------------------------------------------------------------------
    Case("score-empty-file", lambda t: ["score", w(t, "e.csv", b"")], 2, ["e.csv", "empty"]),
    Case("score-binary", lambda t: ["score", w(t, "b.txt", b"\x00\x01\x02\x03" * 500)], 2, ["b.txt", "binary"]),
    # without --strict an unreadable file is skipped with a note naming it (why, what to do) and counted, as in load
    Case("score-unreadable-file-skipped", lambda t: ["score", w(t, "a.txt", GOOD_TEXT), w(t, "e.txt", b"")], 0,
         ["e.txt: file skipped: unreadable: the file is empty. Fix:", "1 file(s) skipped", "doc_id"]),
    Case("matches-unreadable-file-skipped", lambda t: ["matches", w(t, "a.txt", GOOD_TEXT), w(t, "e.txt", b"")], 0,
         ["e.txt: file skipped", "1 file(s) skipped"]),
    Case("voices-unreadable-file-skipped", lambda t: ["voices", w(t, "a.txt", GOOD_TEXT), w(t, "e.txt", b"")], 0,
         ["e.txt: file skipped", "1 file(s) skipped"]),
    Case("dedup-unreadable-file-skipped", lambda t: ["dedup", w(t, "a.txt", GOOD_TEXT), w(t, "e.txt", b""),
                                                     "--out", str(t / "d.csv")], 0,
         ["e.txt: file skipped", "1 file(s) skipped", "wrote 1 rows"]),
    Case("score-ragged-row-skipped", lambda t: ["score", w(t, "r.csv", "title,text\nA,one talk\nB,two,three\n")], 0,
         ["r.csv:2: skipped: broken record", "more fields than the header", "1 record(s) skipped"]),
    Case("score-unreadable-file-strict", lambda t: ["score", w(t, "a.txt", GOOD_TEXT), w(t, "e.txt", b""), "--strict"],
         2, ["e.txt: the file is empty. Fix:"]),
    Case("matches-every-file-unreadable", lambda t: ["matches", w(t, "e.txt", b""), w(t, "b.txt", b"\x00\x01" * 99)],
         2, ["e.txt: file skipped", "b.txt: file skipped", "no input file could be read (2 skipped)"]),
    # a different text under a known doc_id keeps its row (status 'duplicate id'), as every input document does
    Case("score-duplicate-id-kept", lambda t: ["score", w(t, "ids.jsonl", '{"id": "1", "text": "One talk."}\n'
                                                          '{"id": "1", "text": "Another talk."}\n')], 0,
         ["ids.jsonl:2: kept: duplicate id", "duplicate id\n", "1 kept under a duplicate id (same doc_id, other text)"]),
    Case("load-encoding-forced", lambda t: load(w(t, "ru.txt", "Переговоры продолжатся, заявил министр.".encode("koi8_r")),
                                                "--encoding", "koi8-r"), 0, ["ru.txt", "koi8-r", "1 kept"]),
    Case("score-bad-out-ext", lambda t: ["score", w(t, "a.csv", CSV_OK), "--out", str(t / "o.xlsx")], 2,
         ["o.xlsx", "unknown output type", "Fix: end the file name in .parquet or .csv"]),
    Case("score-bad-chunksize", lambda t: ["score", w(t, "a.csv", CSV_OK), "--chunksize", "0"], 4, ["chunksize"]),
    Case("score-unknown-lexicon", lambda t: ["score", w(t, "a.csv", CSV_OK), "--lexicon", "nonsense"], 3,
         ["nonsense", "unknown lexicon", "Fix:"]),
    Case("score-bad-lexicon-file", lambda t: ["score", w(t, "a.csv", CSV_OK), "--lexicon",
                                              w(t, "l.yaml", LEXICON_HEAD + "categories: [a, b]\n")], 3, ["l.yaml"]),
    # --- lexicon check --------------------------------------------------------------------------
    Case("lexicon-duplicate-terms", lambda t: lexicon(t, LEXICON_HEAD + "categories:\n  a:\n    terms: [maybe, perhaps]\n"
                                                      "  b:\n    terms: [maybe]\n"), 3,
         ["mine.yaml:", "duplicate term 'maybe'", "Fix:"]),
    Case("lexicon-bad-regex", lambda t: lexicon(t, LEXICON_HEAD + "categories:\n  a:\n    terms:\n"
                                                "      - {term: modal, regex: 'might(('}\n"), 3, ["mine.yaml:", "bad regex", "Fix:"]),
    Case("lexicon-unknown-key", lambda t: lexicon(t, LEXICON_HEAD + "colour: blue\ncategories:\n  a:\n"
                                                  "    terms: [maybe]\n"), 3, ["mine.yaml", "colour"]),
    Case("lexicon-categories-is-list", lambda t: lexicon(t, LEXICON_HEAD + "categories: [a, b]\n"), 3,
         ["mine.yaml", "categories"]),
    Case("lexicon-terms-is-string", lambda t: lexicon(t, LEXICON_HEAD + "categories:\n  a:\n    terms: maybe\n"), 3,
         ["mine.yaml", "terms"]),
    Case("lexicon-term-is-number", lambda t: lexicon(t, LEXICON_HEAD + "categories:\n  a:\n    terms: [maybe, 42]\n"),
         3, ["mine.yaml", "42"]),
    Case("lexicon-every-problem-at-once", lambda t: lexicon(t, LEXICON_HEAD + "categories:\n  a:\n    terms:\n"
                                                            "      - venue\n      - no\n      - venue\n      - \"a(b\"\n"),
         3, ["mine.yaml: 3 problems", "mine.yaml:8: the unquoted term of 'a' `no`", 'quote it: "no"',
             "mine.yaml:9: duplicate term 'venue': first at line 7", "mine.yaml:10: term 'a(b'"]),
    Case("load-link-loop", lambda t: ["load", link_loop(t, "a.csv")], 2,
         ["a.csv: a symbolic link that leads round in a loop", "Fix: point the link at a file"]),
    Case("score-dangling-link", lambda t: ["score", dangling(t, "a.csv")], 2,
         ["a.csv: a symbolic link to ", "gone.csv, which does not exist", "Fix:"]),
    Case("lexicon-link-loop", lambda t: ["lexicon", "check", link_loop(t, "l.yaml")], 3,
         ["l.yaml: a symbolic link that leads round in a loop", "Fix: point the link at a lexicon file"]),
    Case("score-lexicon-link-loop", lambda t: ["score", w(t, "a.csv", CSV_OK), "--lexicon", link_loop(t, "l")], 3,
         ["a symbolic link that leads round in a loop"]),
    Case("lexicon-not-a-mapping", lambda t: lexicon(t, "- just\n- a list\n"), 3, ["mine.yaml", "mapping"]),
    Case("lexicon-missing-keys", lambda t: lexicon(t, "name: mine\ncategories:\n  a:\n    terms: [maybe]\n"), 3,
         ["mine.yaml", "missing key"]),
    Case("lexicon-bad-yaml-syntax", lambda t: lexicon(t, LEXICON_HEAD + "categories:\n  a: [unclosed\n"), 3,
         ["mine.yaml", "not valid YAML", "Fix:"]),
    Case("lexicon-empty-file", lambda t: lexicon(t, ""), 3, ["mine.yaml"]),
    Case("lexicon-binary-file", lambda t: ["lexicon", "check", w(t, "bin.yaml", b"\xff\xfe\x00\x01\x80\x81" * 30)], 3,
         ["bin.yaml"]),
    Case("lexicon-extends-unknown", lambda t: lexicon(t, LEXICON_HEAD + "extends: nothing\ncategories:\n  a:\n"
                                                      "    terms: [maybe]\n"), 3, ["mine.yaml", "nothing"]),
    Case("lexicon-file-not-found", lambda t: ["lexicon", "check", str(t / "gone.yaml")], 3, ["gone.yaml", "not found"]),
    Case("lexicon-yaml-python-tag", lambda t: lexicon(t, LEXICON_HEAD + "categories: !!python/object/apply:os.system "
                                                      "['touch " + str(t / "pwned") + "']\n"), 3, ["mine.yaml"]),
    # --- report ---------------------------------------------------------------------------------
    Case("report-unknown-notebook", lambda t: ["report", "no_such_notebook"], 4,
         ["no_such_notebook", "not found", "available"]),
    Case("report-wrong-param-type", lambda t: ["report", str(write_tiny(t / "tiny.ipynb")), "-p", "x", "many"], 4,
         ["'x'", "many"]),
    Case("report-unknown-param", lambda t: ["report", str(write_tiny(t / "tiny.ipynb")), "-p", "bogus", "1"], 4,
         ["'bogus'"]),
    Case("report-bad-date", lambda t: ["report", "-p", "date_from", "2022-13-45"], 4, ["date_from", "2022-13-45"]),
    Case("report-missing-corpus", lambda t: ["report", "-p", "corpus", str(t / "none.csv")], 4, ["corpus", "none.csv"]),
    Case("report-params-file-bad-yaml", lambda t: ["report", "-f", w(t, "p.yaml", "x: [1,\n")], 2,
         ["p.yaml", "not valid YAML"]),
    Case("report-params-file-not-mapping", lambda t: ["report", "-f", w(t, "p.yaml", "- 1\n- 2\n")], 2,
         ["p.yaml", "mapping", "Fix:"]),
    Case("report-params-file-binary", lambda t: ["report", "-f", w(t, "p.yaml", b"\xff\xfe\x81\x82\x00" * 20)], 2,
         ["p.yaml"]),
    Case("report-runner-param", lambda t: ["report", str(write_tiny(t / "tiny.ipynb")), "-p", "run_dir", "/tmp"], 4,
         ["run_dir", "set by the runner"]),
    Case("report-notebook-raises", lambda t: ["report", str(write_tiny(t / "tiny.ipynb")), "-p", "x", "2"], 5,
         ["FAILED", "ValueError", "x is two", "partial notebook"], debug=False, kernel=True),
    # --- batch ----------------------------------------------------------------------------------
    Case("batch-missing-file", lambda t: ["batch", str(t / "none.yaml")], 2, ["none.yaml", "no such batch file"]),
    Case("batch-unknown-notebook", lambda t: batch(t, "notebook: no_such_nb\nruns:\n  - {x: 1}\n"), 4,
         ["no_such_nb", "not found"]),
    Case("batch-wrong-param-types", lambda t: batch(t, "notebook: tiny.ipynb\nruns:\n  - {x: 1}\n  - {x: lots}\n"
                                                    "  - {x: [1, 2]}\n"), 4, ["run 2", "run 3", "'x'"]),
    Case("batch-duplicate-run-names", lambda t: batch(t, "notebook: tiny.ipynb\nruns:\n  - {x: 1, x: 3}\n"), 2,
         ["b.yaml:3", "duplicate key 'x'", "Fix:"]),
    Case("batch-duplicate-top-key", lambda t: batch(t, "notebook: tiny.ipynb\nruns: [{x: 1}]\nruns: [{x: 3}]\n"), 2,
         ["b.yaml:3", "duplicate key 'runs'"]),
    Case("batch-unknown-key", lambda t: batch(t, "notebook: tiny.ipynb\nrunz: []\n"), 2, ["b.yaml", "runz", "Fix:"]),
    Case("batch-runs-not-list", lambda t: batch(t, "notebook: tiny.ipynb\nruns: {x: 1}\n"), 2, ["b.yaml", "runs"]),
    Case("batch-grid-empty", lambda t: batch(t, "notebook: tiny.ipynb\ngrid: {x: []}\n"), 2, ["b.yaml", "grid"]),
    Case("batch-no-notebook", lambda t: batch(t, "runs: [{x: 1}]\n"), 2, ["b.yaml", "notebook", "Fix:"]),
    Case("batch-bad-yaml", lambda t: batch(t, "notebook: tiny.ipynb\nruns: [\n"), 2, ["b.yaml", "not valid YAML"]),
    Case("batch-notebook-raises", lambda t: batch(t, "notebook: tiny.ipynb\nruns:\n  - {x: 1}\n  - {x: 2}\n"), 5,
         ["FAILED run 2", "x is two", "1 ok, 1 failed"], debug=False, kernel=True),
]


def test_enough_cases():
    assert len(CASES) >= 40 and len({c.id for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", [pytest.param(c, id=c.id, marks=[pytest.mark.slow] if c.kernel else [])
                                  for c in CASES])
def test_bad_input(case: Case, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    args = case.make(tmp_path)
    code = main(args)
    out, err = capsys.readouterr()
    both = out + err
    assert code == case.code, both
    assert "Traceback" not in both
    for text in case.expect:
        assert text.replace("{tmp}", str(tmp_path)) in both, f"{text!r} not in:\n{both}"
    if code:
        assert err.count("framing: error:") == 1 or "FAILED" in err  # one clear line, not a crash
    if out.startswith("Load report") and (code or ", 0 skipped" not in out) and "no records at all" not in err:
        assert "skipped / notes:" in out  # every skipped file or record has a load-report line
    assert not (tmp_path / "pwned").exists()


DEBUG_CASES = [c for c in CASES if c.code in (2, 3, 4) and c.debug][::6]


@pytest.mark.parametrize("case", DEBUG_CASES, ids=[c.id for c in DEBUG_CASES])
def test_debug_shows_the_traceback(case: Case, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    args = case.make(tmp_path)
    main(args)
    capsys.readouterr()
    if "load" in args and "--strict" not in args:
        args = [*args, "--strict"]
    with pytest.raises((FramingError, OSError)):
        main(["--debug", *args])


def test_unexpected_error_is_one_line_without_traceback(monkeypatch, capsys, tmp_path):
    """A bug (an exception the kit did not raise on purpose) still gives one line, exit 1, and a hint."""
    import framing.cli as cli

    def boom(args):
        raise ValueError("something unexpected")

    monkeypatch.setattr(cli, "_cmd_load", boom)
    assert cli.main(["load", "x"]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and "something unexpected" in err and "--debug" in err
    with pytest.raises(ValueError):
        cli.main(["--debug", "load", "x"])


@pytest.mark.slow  # writes and loads 50 MB
def test_fifty_megabyte_single_line(tmp_path, capsys):
    """A 50 MB file with no line break loads as one document (bounded work, no crash)."""
    path = tmp_path / "oneline.txt"
    word = b"ceasefire talks maybe "
    with open(path, "wb") as fh:
        for _ in range(50 * 1024 * 1024 // (len(word) * 4096) + 1):
            fh.write(word * 4096)
    assert path.stat().st_size >= 50 * 1024 * 1024
    code = main(["load", str(path)])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    assert code == 0 and "oneline.txt" in out and "1 kept" in out, out + err


@pytest.mark.parametrize("files, strict", [
    ({"e.txt": b"", "b.txt": b"\x00\x01" * 99}, False),  # no input file could be read
    ({"a.jsonl": '{"id": "a", "text": "Talks resumed."}\n{"id": "b", "text": ""}\n'}, True),  # --strict: no text
])
def test_dedup_writes_nothing_when_it_refuses(files, strict, tmp_path, capsys):
    # dedup used to write --out (a header-only table) and then exit 2; the other commands write nothing
    inputs = [str(w(tmp_path, name, data)) for name, data in files.items()]
    out = tmp_path / "d.csv"
    assert main(["dedup", *inputs, "--out", str(out)] + (["--strict"] if strict else [])) == 2
    assert not out.exists()


def test_messages_say_what_happened_under_strict_and_encoding(tmp_path, capsys):
    # --strict stops at a ragged row: the message must not say the row was left out and the rest kept;
    # a bad byte under a named --encoding must not say the encoding was detected
    ragged = w(tmp_path, "r.csv", "title,text\nA,one talk\nB,two,three\n")
    assert main(["load", ragged, "--strict", "--out", str(tmp_path / "o.csv")]) == 2
    err = capsys.readouterr().err
    assert "r.csv:2: a row with more fields than the header" in err and "left out" not in err
    bad = w(tmp_path, "b.jsonl", b'{"id": "a", "text": "ok"}\n{"id": "b", "text": "it\x92s"}\n')
    assert main(["load", bad, "--encoding", "utf-8", "--out", str(tmp_path / "o2.csv")]) == 0
    said = "".join(capsys.readouterr())  # the load report (stdout) names each skipped record
    assert "b.jsonl:2: skipped" in said and "named with --encoding" in said and "encoding was detected" not in said
