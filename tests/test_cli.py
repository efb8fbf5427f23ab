import io
import json
import os
import subprocess
import sys

import pandas as pd
import pytest

from framing import __version__
from framing.cli import main


def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "framing.cli", *args], capture_output=True, text=True, timeout=300)


def test_version_and_help():
    assert run_cli("--version").stdout.strip() == f"framing {__version__}"
    help_text = run_cli("--help").stdout
    assert "report" in help_text and "score" in help_text and "examples:" in help_text


def test_score_to_stdout_with_id_col(mini_corpus):
    proc = run_cli("score", str(mini_corpus), "--id-col", "id", "--lexicon", "hedging", "--lexicon", "security")
    assert proc.returncode == 0, proc.stderr
    table = pd.read_csv(io.StringIO(proc.stdout))
    assert list(table.columns)[:5] == ["doc_id", "n_tokens", "hedging_count", "hedging_negated", "hedging_per_1k"]
    assert {"security_count", "security_negated", "security_per_1k", "security.alliance_count"} <= set(table.columns)
    assert table["doc_id"].tolist() == ["a1", "a2", "a3", "b1", "b2", "b3"]
    assert table.set_index("doc_id").loc["b1", "security_count"] == 1


@pytest.mark.parametrize("ids", [["a1", "b2", "c3"], ["a,1", 'b"2', "c3"]])  # (plain ids; ids CSV quotes)
@pytest.mark.parametrize("level", ["doc", "sentence"])
def test_score_to_stdout_is_the_csv_pandas_writes_of_the_table(tmp_path, capsys, ids, level):
    # stdout is written a column at a time (scale.csv_text), not by pandas: the same text, quotes included
    texts = ["He suggested he'd accept talks. Officials may be open to a cease-fire.", "", "A NATO umbrella, they said."]
    corpus = tmp_path / "c.jsonl"
    corpus.write_text("".join(json.dumps({"id": i, "text": t}) + "\n" for i, t in zip(ids, texts)), encoding="utf-8")
    command = ["score", str(corpus), "--id-col", "id", "--level", level, "--lexicon", "hedging", "--lexicon", "security"]
    assert main(command) == 0
    printed = capsys.readouterr().out
    assert main(command + ["--out", str(tmp_path / "s.parquet")]) == 0
    table = pd.read_parquet(tmp_path / "s.parquet")
    assert ids[0] in table["doc_id"].tolist() and len(printed.splitlines()) > 2
    assert printed == table.to_csv(index=False, lineterminator="\n")


def test_score_all_builtin_lexicons_to_parquet(tmp_path, mini_corpus, capsys):
    out = tmp_path / "scores.parquet"
    assert main(["score", str(mini_corpus), "--out", str(out)]) == 0
    table = pd.read_parquet(out)
    assert {"hedging_count", "concession_per_1k", "security_count"} <= set(table.columns)


def test_bad_input_gives_message_and_exit_code_without_traceback(tmp_path, capsys):
    assert main(["score", str(tmp_path / "missing.csv")]) == 2  # in this process: the same exit codes and messages
    err = capsys.readouterr().err
    assert "missing.csv: no such file" in err and "Traceback" not in err
    assert main(["score", "example-article", "--lexicon", "nonsense"]) == 3
    assert "unknown lexicon" in capsys.readouterr().err
    proc = run_cli("report", "-p", "n_boot", "lots", "-p", "bogus", "1")  # and from a `framing` process
    assert proc.returncode == 4 and "'n_boot'" in proc.stderr and "'bogus'" in proc.stderr


def test_a_reader_that_stops_early_ends_the_command_quietly():
    # `framing lexicon show concession | head -1`, made deterministic: the pipe's reading end is
    # closed before the command starts, so its first write finds no reader.
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        done = subprocess.run([sys.executable, "-m", "framing.cli", "lexicon", "show", "concession"],
                              stdout=write_end, stderr=subprocess.PIPE, text=True, timeout=300)
    finally:
        os.close(write_end)
    assert done.returncode == 141
    assert done.stderr == ""  # no "Broken pipe" message, no traceback, nothing at exit either


def test_lang_must_name_a_language(capsys):
    import pytest

    for typo in ("xx", "zz"):  # two letters, but no language: an error, not English lexicons with a note
        with pytest.raises(SystemExit) as stop:
            main(["score", "tests/fixtures/mini_corpus.jsonl", "--lang", typo])
        assert stop.value.code == 2 and f"'{typo}' is not a two-letter language code of a language" in capsys.readouterr().err


def test_a_load_that_ends_in_an_error_leaves_an_earlier_out_file_as_it_was(tmp_path, capsys):
    good, empty, out = tmp_path / "good.jsonl", tmp_path / "empty.jsonl", tmp_path / "keep.csv"
    good.write_text('{"id": "a", "text": "Talks may resume."}\n', encoding="utf-8")
    empty.write_text('{"id": "z", "text": ""}\n', encoding="utf-8")
    assert main(["load", str(good), "--out", str(out)]) == 0
    before = out.read_bytes()
    assert main(["load", str(empty), "--out", str(out)]) == 2  # no document with text: an error, nothing written
    assert out.read_bytes() == before and "nothing was written to" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty.jsonl", "good.jsonl", "keep.csv"]  # no temp file left


def test_a_missing_text_column_lists_only_the_inputs_own_columns(tmp_path, capsys):
    path = tmp_path / "t.jsonl"
    path.write_text('{"id": "a", "txt": "Talks may resume."}\n', encoding="utf-8")
    assert main(["load", str(path), "--text-col", "text"]) == 2
    out, err = capsys.readouterr()
    assert "no column 'text' (columns: id, txt). Fix: pass the name of the text column with --text-col" in out
    assert "_row" not in out + err and "Fix: follow the Fix on each file's line above" in err


def test_the_framing_command_exits_with_mains_code_its_objects_left_out_of_the_last_collections(monkeypatch):
    import gc

    import pytest

    from framing import cli

    monkeypatch.setattr(cli, "main", lambda: 3)
    try:
        with pytest.raises(SystemExit) as stopped:
            cli.run()
        assert stopped.value.code == 3
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
