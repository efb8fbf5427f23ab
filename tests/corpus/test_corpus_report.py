"""Bad inputs give a clear InputError (errors="raise") or a load-report line (errors="skip")."""

import gzip
import json
import warnings

import pandas as pd
import pytest

from framing import load_corpus
from framing.cli import main
from framing.corpus import load_corpus_with_report
from framing.errors import InputError

GOOD = '{"text": "A good document."}\n'


def _bad_inputs(folder):
    (folder / "empty.jsonl").write_bytes(b"")
    (folder / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10")
    (folder / "truncated.jsonl.gz").write_bytes(gzip.compress(GOOD.encode() * 200)[:60])
    (folder / "notext.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    (folder / "broken.jsonl").write_text('{"text": "ok one"}\n{"text": \n{"text": "ok two"}\n', encoding="utf-8")
    (folder / "good.jsonl").write_text(GOOD, encoding="utf-8")


@pytest.mark.parametrize("name, message", [
    ("empty.jsonl", r"empty\.jsonl: the file is empty"),
    ("binary.txt", r"binary\.txt: binary data, not text"),
    ("truncated.jsonl.gz", r"truncated\.jsonl\.gz: truncated or corrupt gzip"),
    ("notext.csv", r"notext\.csv: no text column \(columns: a, b\).*--text-col"),
    ("broken.jsonl", r"broken\.jsonl:2: broken JSON"),
])
def test_each_bad_input_raises_a_clear_error(tmp_path, name, message):
    _bad_inputs(tmp_path)
    with pytest.raises(InputError, match=message):
        load_corpus(tmp_path / name)


def test_skip_mode_reports_every_bad_input_and_keeps_the_rest(tmp_path):
    _bad_inputs(tmp_path)
    corpus, report = load_corpus_with_report(tmp_path, errors="skip")
    assert sorted(corpus["text"]) == ["A good document.", "ok one", "ok two"]
    files = report.files_table().set_index(report.files_table()["source"].str.rsplit("/", n=1).str[-1])
    assert files.loc["broken.jsonl", ["read", "kept", "skipped"]].tolist() == [3, 2, 1]
    assert files.loc["notext.csv", "status"] == "missing column"
    for name in ("empty.jsonl", "binary.txt", "truncated.jsonl.gz"):
        assert files.loc[name, "status"] == "unreadable"
    issues = report.issues_table()
    issues["file"] = issues["source"].str.rsplit("/", n=1).str[-1]
    assert set(issues["file"]) == {"empty.jsonl", "binary.txt", "truncated.jsonl.gz", "notext.csv", "broken.jsonl"}
    assert issues.set_index("file").loc["broken.jsonl", "line"] == 2


def test_files_of_unknown_type_in_a_folder_are_listed(tmp_path):
    (tmp_path / "a.jsonl").write_text(GOOD, encoding="utf-8")
    (tmp_path / "notes.docx").write_bytes(b"PK\x03\x04")
    (tmp_path / ".hidden.json").write_text("{}", encoding="utf-8")
    corpus, report = load_corpus_with_report(tmp_path)
    assert len(corpus) == 1
    assert [(i["reason"], i["action"]) for i in report.issues] == [("unknown file type", "file ignored")]
    assert report.issues[0]["source"].endswith("notes.docx")


def test_empty_and_duplicate_documents_are_skipped_with_lines(tmp_path):
    path = tmp_path / "rows.jsonl"
    rows = [{"id": "1", "text": "Same text."}, {"id": "2", "text": "   "}, {"id": "1", "text": "Same text."},
            {"id": "3", "text": "Advertisement"}]
    path.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    with pytest.warns(UserWarning, match=r"skipped 2 \(empty text\), 1 \(duplicate\)"):
        corpus = load_corpus(path)
    assert corpus["doc_id"].tolist() == ["1"]
    _, report = load_corpus_with_report(path)
    assert [(i["line"], i["reason"]) for i in report.issues] == [(2, "empty text"), (3, "duplicate"), (4, "empty text")]
    assert "left after cleaning" in report.issues[2]["detail"]
    f = report.files[0]
    assert (f.read, f.kept, f.skipped) == (4, 1, 3)


def test_same_id_with_different_text_raises_or_is_reported(tmp_path):
    path = tmp_path / "ids.jsonl"
    path.write_text('{"id": "1", "text": "One."}\n{"id": "1", "text": "Other."}\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"ids\.jsonl:2: doc_id '1' occurs more than once"):
        load_corpus(path)
    corpus, report = load_corpus_with_report(path, errors="skip")
    assert corpus["text"].tolist() == ["One."] and report.issues[0]["reason"] == "duplicate id"


def test_good_inputs_give_no_warning(mini_corpus):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert len(load_corpus(mini_corpus)) == 6


def test_cli_load_prints_report_not_traceback(tmp_path, capsys):
    _bad_inputs(tmp_path)
    assert main(["load", str(tmp_path)]) == 0
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    assert "truncated.jsonl.gz" in out and "file skipped: unreadable" in out and "broken JSON" in out
    assert "missing column: a required column is missing" in out
    assert main(["load", "--strict", str(tmp_path)]) == 2
    out, err = capsys.readouterr()
    assert err.startswith("framing: error:") and "Traceback" not in err


def test_cli_load_writes_parquet(tmp_path, capsys, corpus_fixtures):
    out = tmp_path / "corpus.parquet"
    assert main(["load", str(corpus_fixtures / "wire"), "example-article", "--out", str(out), "--chunksize", "2"]) == 0
    printed = capsys.readouterr().out
    assert "5 document(s) read, 5 kept, 0 skipped" in printed and "wrote 5 documents" in printed
    written = pd.read_parquet(out)
    expected = load_corpus([corpus_fixtures / "wire", "example-article"])
    assert written["doc_id"].tolist() == expected["doc_id"].tolist()
    assert written["dup_cluster"].tolist() == expected["dup_cluster"].tolist()
    assert str(written["published"].dt.tz) == "UTC"
    assert not list(tmp_path.glob(".*tmp"))


def test_cli_load_writes_csv_and_rejects_other_types(tmp_path, capsys):
    out = tmp_path / "corpus.csv"
    assert main(["load", "example-article", "--out", str(out)]) == 0
    written = pd.read_csv(out, keep_default_na=False)
    assert written.loc[0, "text"] == load_corpus("example-article").loc[0, "text"]
    assert main(["load", "example-article", "--out", str(tmp_path / "corpus.xlsx")]) == 2
    assert "name the output *.parquet or *.csv" in capsys.readouterr().err


def test_non_object_jsonl_lines_are_records_not_a_broken_file(tmp_path):
    path = tmp_path / "mixed.jsonl"
    path.write_text('[1, 2]\n"text"\n{"text": "fine"}\n', encoding="utf-8")
    corpus, report = load_corpus_with_report(path, errors="skip")
    assert corpus["text"].tolist() == ["fine"]
    assert [(i["line"], i["reason"]) for i in report.issues] == [(1, "broken record"), (2, "broken record")]


def test_text_report_puts_file_problems_first_and_collapses_repeats(tmp_path):
    rows = "\n".join(json.dumps({"id": "same", "text": "Same."}) for _ in range(30))
    (tmp_path / "a.jsonl").write_text(rows, encoding="utf-8")
    (tmp_path / "b.csv").write_text("x\n1\n", encoding="utf-8")
    _, report = load_corpus_with_report(tmp_path, errors="skip")
    text = str(report).splitlines()
    notes = text[text.index("skipped / notes:") + 1:]
    assert "b.csv" in notes[0] and "file skipped: missing column" in notes[0]
    assert sum("skipped: duplicate: same doc_id" in line for line in notes) == 10
    assert any("... and 19 more 'duplicate'" in line for line in notes)
    assert len(report.issues_table()) == 30


def test_load_provenance_for_run_manifests(tmp_path):
    from framing.corpus import rules_provenance

    path = tmp_path / "r.jsonl"
    path.write_text('{"id": "x", "text": "Recommended articles\\n\\nThe minister said talks may resume."}\n'
                    '{"id": "y", "text": "Advertisement"}\n{"id": "z", "text": "Talks resumed."}\n{"id": "z", "text": "Talks resumed."}\n',
                    encoding="utf-8")
    _, report = load_corpus_with_report(path)
    prov = report.provenance()
    assert prov["clean_rules"]["sha256"] == rules_provenance()["sha256"]
    assert prov["documents"] == {"read": 4, "kept": 2, "skipped": 2}
    assert prov["skipped"] == {"duplicate": 1, "empty text": 1} and prov["emptied_by_cleaning"] == 1
    assert prov["removals"] == {"advertisement": 1, "similar_content": 1}
    assert json.loads(json.dumps(prov)) == prov  # JSON-safe, as a manifest needs


def test_rules_hash_follows_user_rules(tmp_path):
    rules = tmp_path / "rules.yaml"
    rules.write_text("disable: [edge_line]\n", encoding="utf-8")
    _, a = load_corpus_with_report("example-article")
    _, b = load_corpus_with_report("example-article", clean_rules=rules)
    assert a.clean_rules_sha256 != b.clean_rules_sha256 and "rules.yaml" in b.provenance()["clean_rules"]["sources"]
