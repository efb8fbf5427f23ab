"""Issue 18 (items 2-6, 8, 18) and issue 17 item 3: no row lost, every report parameter checked
before a kernel starts, and interrupts that stop in a fixed order with no traceback.

Every case is bounded: commands run in-process or in a subprocess with a timeout guard; the
interrupt tests trigger the signal from inside the notebook's cell (no dependence on load).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from framing.cli import main
from framing.corpus import load_corpus
from framing.errors import ParameterError
from framing.report.run import execute_plan, plan_run, sweep_stale_temp

ROWS = [{"id": "a", "text": "Talks may resume."},
        {"id": "b", "text": ""},  # empty
        {"id": "c", "text": "WASHINGTON (AP) --"},  # a dateline alone: emptied by cleaning
        {"id": "d", "text": "Perhaps not."},
        {"id": "a", "text": "Talks may resume."}]  # the same document again


def _jsonl(tmp: Path, rows: list[dict], name: str = "r.jsonl") -> Path:
    path = tmp / name
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def _problems(notebook: str, params: dict) -> list[str]:
    with pytest.raises(ParameterError) as err:
        plan_run(notebook, params)
    return err.value.problems


# -- 2 / 17.3: no row lost ------------------------------------------------------------------------

def test_score_keeps_a_row_for_every_document_with_its_status(tmp_path, capsys):
    out = tmp_path / "s.csv"
    assert main(["score", str(_jsonl(tmp_path, ROWS)), "--lexicon", "hedging", "--out", str(out)]) == 0
    table = pd.read_csv(out, keep_default_na=False)
    assert table["doc_id"].tolist() == ["a", "b", "c", "d", "a"]  # one row per input document, in input order
    assert table["status"].tolist() == ["ok", "empty", "emptied by cleaning", "ok", "repeated"]
    assert table["n_tokens"].tolist()[1:3] == [0, 0] and table.columns[-1] == "status"
    assert ("2 document(s) with no text (1 empty, 1 emptied by cleaning), 0 record(s) skipped, 0 file(s) skipped, "
            "1 repeat(s) kept") in capsys.readouterr().err


def test_score_counts_a_duplicate_id_apart_from_repeats(tmp_path, capsys):
    """A different text under a known doc_id is its own kind in the summary line, not a repeat."""
    rows = [*ROWS, {"id": "d", "text": "Another text under d."}]
    out = tmp_path / "s.csv"
    assert main(["score", str(_jsonl(tmp_path, rows)), "--lexicon", "hedging", "--out", str(out)]) == 0
    assert pd.read_csv(out, keep_default_na=False)["status"].tolist()[-2:] == ["repeated", "duplicate id"]
    assert (", 0 file(s) skipped, 1 repeat(s) kept, 1 kept under a duplicate id (same doc_id, other text)"
            in capsys.readouterr().err)


@pytest.mark.parametrize("ext", ["csv", "parquet"])
def test_load_out_keeps_a_row_for_every_document_with_its_status(tmp_path, capsys, ext):
    out = tmp_path / f"c.{ext}"
    assert main(["load", str(_jsonl(tmp_path, ROWS)), "--out", str(out)]) == 0
    table = pd.read_csv(out, keep_default_na=False) if ext == "csv" else pd.read_parquet(out)
    assert table["doc_id"].tolist() == ["a", "b", "c", "d", "a"]  # one row per input document, in input order
    assert table["status"].tolist() == ["ok", "empty", "emptied by cleaning", "ok", "repeated"]  # score's vocabulary
    assert table["text"].tolist()[1:3] == ["", ""]
    printed = capsys.readouterr().out
    assert "2 document(s) with no text (1 empty, 1 emptied by cleaning)" in printed and "wrote 5 documents" in printed


def test_load_corpus_keep_all_keeps_every_row_and_the_default_still_leaves_them_out(tmp_path):
    path = _jsonl(tmp_path, ROWS)
    kept = load_corpus(path, keep_all=True)
    assert kept["doc_id"].tolist() == ["a", "b", "c", "d", "a"]
    assert kept["status"].tolist() == ["ok", "empty", "emptied by cleaning", "ok", "repeated"]
    with pytest.warns(UserWarning, match="load_corpus skipped"):
        assert load_corpus(path)["doc_id"].tolist() == ["a", "d"]  # the library default is unchanged


def test_load_out_strict_is_an_error_and_writes_nothing(tmp_path, capsys):
    out = tmp_path / "c.csv"
    assert main(["load", str(_jsonl(tmp_path, ROWS)), "--out", str(out), "--strict"]) == 2
    assert "(--strict)" in capsys.readouterr().err and not out.exists()


def test_load_out_with_no_text_at_all_is_an_error(tmp_path, capsys):
    rows = [{"id": "b", "text": ""}, {"id": "c", "text": "WASHINGTON (AP) --"}]
    assert main(["load", str(_jsonl(tmp_path, rows)), "--out", str(tmp_path / "c.csv")]) == 2
    assert "no document with text in 1 input file(s)" in capsys.readouterr().err


def test_strict_makes_a_document_without_text_an_error_and_writes_nothing(tmp_path, capsys):
    out = tmp_path / "s.csv"
    inputs = str(_jsonl(tmp_path, ROWS))
    assert main(["score", inputs, "--lexicon", "hedging", "--strict", "--out", str(out)]) == 2
    assert "(--strict)" in capsys.readouterr().err and not out.exists()
    assert main(["matches", inputs, "--lexicon", "hedging", "--strict"]) == 2
    assert main(["load", inputs, "--strict"]) == 2
    err = capsys.readouterr().err
    assert err.count("2 document(s) with no text") == 2


def test_matches_and_load_say_how_many_documents_had_no_text(tmp_path, capsys):
    inputs = str(_jsonl(tmp_path, ROWS))
    assert main(["matches", inputs, "--lexicon", "hedging"]) == 0
    assert "framing: note: 2 document(s) with no text" in capsys.readouterr().err
    assert main(["load", inputs]) == 0
    assert "2 document(s) with no text (1 empty, 1 emptied by cleaning)" in capsys.readouterr().out


def test_text_col_accepts_the_canonical_column_name(tmp_path, capsys):
    path = tmp_path / "c.csv"
    pd.DataFrame({"title": ["T"], "text": ["Talks may resume."]}).to_csv(path, index=False)
    assert load_corpus(path, text_col="text")["text"].tolist() == ["Talks may resume."]
    assert main(["score", str(path), "--text-col", "text", "--lexicon", "hedging"]) == 0
    assert ",1,0,333.3333333333333," in capsys.readouterr().out


def test_bundled_corpus_scores_keep_every_row_with_status_ok(capsys):
    assert main(["score", "example-article", "--lexicon", "hedging"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2 and lines[0].endswith(",status") and lines[1].endswith(",ok")


# -- 3, 4, 5, 18: every parameter checked before a kernel, all at once ---------------------------

def test_an_empty_date_window_is_named_with_the_corpus_span(capsys, reports):
    assert main(["report", "-p", "date_from", "2030-01-01"]) == 4
    err = capsys.readouterr().err
    assert "no documents between 2030-01-01 and the end; the corpus spans 2021-10-24 to 2022-06-24" in err
    assert "Traceback" not in err and not reports.exists()  # nothing written


def test_all_problems_at_once_with_close_matches(reports):
    problems = _problems("framing_report", {"group_col": "outlett", "lexicons": "hedgin,concesion",
                                            "n_bootstrap": "5"})
    text = "\n".join(problems)
    assert "unknown parameter 'n_bootstrap'; did you mean 'n_boot'?" in text
    assert "hedgin: unknown lexicon" in text and "did you mean 'hedging'?" in text
    assert "concesion: unknown lexicon" in text and "did you mean 'concession'?" in text
    assert "'group_col' = 'outlett': not a column of corpus 'press-releases'; did you mean 'outlet'?" in text
    assert len(problems) == 4


def test_voices_report_types_its_dates_as_dates(reports):
    assert any("'date_from' = '24/02/2022': not a date" in p
               for p in _problems("voices_report", {"date_from": "24/02/2022"}))


def test_a_corpus_that_loads_to_nothing_is_named_before_a_kernel(tmp_path, reports):
    empty = _jsonl(tmp_path, [{"id": "x", "text": ""}])
    problems = _problems("framing_report", {"corpus": str(empty)})
    assert any("no documents loaded" in p for p in problems), problems


def test_an_empty_group_column_is_a_clear_message_not_a_single_bar(tmp_path, reports):
    rows = [{"id": f"d{i}", "text": f"Talks may resume {i}.", "date": "2022-03-01"} for i in range(3)]
    problems = _problems("framing_report", {"corpus": str(_jsonl(tmp_path, rows))})
    assert any("'group_col' = 'outlet': the column is empty in every document" in p for p in problems), problems


def test_corpus_facts_are_loaded_once_then_cached(tmp_path, reports, monkeypatch):
    import framing.report.checks as checks

    corpus = _jsonl(tmp_path, [{"id": "a", "text": "Talks may resume.", "outlet": "X", "date": "2022-03-01"},
                               {"id": "b", "text": "He might.", "outlet": "Y", "date": "2022-03-02"}])
    plan_run("framing_report", {"corpus": str(corpus)})
    assert len(list((reports / "_cache").glob("corpus-facts-*.json"))) == 1
    monkeypatch.setattr(checks, "_MEMO", {})
    monkeypatch.setattr("framing.corpus.load_corpus", lambda *a, **k: pytest.fail("loaded again"))
    plan_run("framing_report", {"corpus": str(corpus), "date_from": "2022-03-02"})  # from the cache file


@pytest.mark.parametrize(("yaml_text", "expect"), [
    ("lexicons: {hedging: 1}\n", "'lexicons' = {'hedging': 1}: expected list, got dict"),
    ("lexicons: 3\n", "'lexicons' = 3: expected list, got int"),
    ("lexicons: [hedging, {a: 1}]\n", "item {'a': 1} is a dict"),
    ("n_boot: 1000000000\n", "'n_boot' = 1000000000: must be between 1 and 100000"),
    ("n_boot: -5\n", "'n_boot' = -5: must be between 1 and 100000"),
    ("seed: -1\n", "'seed' = -1: must be between 0 and"),
])
def test_bad_params_file_values_are_parameter_errors(tmp_path, capsys, reports, yaml_text, expect):
    params = tmp_path / "p.yaml"
    params.write_text(yaml_text, encoding="utf-8")
    assert main(["report", "-f", str(params)]) == 4
    err = capsys.readouterr().err
    assert expect in err and "internal error" not in err and not reports.exists()


# -- 8: stale temp folders ------------------------------------------------------------------------

def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait(30)
    return proc.pid


def test_stale_temp_folders_of_gone_processes_are_swept_with_a_log_line(tmp_path, caplog):
    old = time.time() - 7200
    stale = tmp_path / f".tmp-tiny__default__1a2b3c4d-{_dead_pid()}-0123456789ab"
    live = tmp_path / f".tmp-tiny__default__1a2b3c4d-{os.getppid()}-0123456789ab"  # a live process
    fresh = tmp_path / f".tmp-tiny__default__1a2b3c4d-{_dead_pid()}-ba9876543210"  # gone, but recent
    other = tmp_path / ".tmp-tiny__default__1a2b3c4d-concurrent"  # not a name the runner makes
    for folder in (stale, live, fresh, other):
        folder.mkdir()
        (folder / "run.log").write_text("x")
    for folder in (stale, live, other):
        os.utime(folder / "run.log", (old, old))
        os.utime(folder, (old, old))
    with caplog.at_level("WARNING", logger="framing.report"):
        assert sweep_stale_temp(tmp_path, older_than=1800) == [stale]
    assert not stale.exists() and live.is_dir() and fresh.is_dir() and other.is_dir()
    assert "removed a stale temp run folder" in caplog.text and str(stale) in caplog.text


# -- 6: interrupts in a fixed order, no traceback ---------------------------------------------------

def _signalling_notebook(folder: Path) -> Path:
    """Run ``x == 2`` sends SIGTERM to the pid in ``pid_file`` (the batch) from inside its cell, then waits."""
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("x: int = 1  # a number\npid_file: str = ''  # signal this pid\n"
                                  "run_dir: str = ''  # set by the runner", metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell(
            "import os, pathlib, signal, time\n"
            "if pid_file:\n"
            "    os.kill(int(pathlib.Path(pid_file).read_text()), signal.SIGTERM)\n"
            "    time.sleep(120)\n"
            "pathlib.Path(run_dir, 'x.txt').write_text(str(x))")])
    nb.metadata["kernelspec"] = {"name": "framing", "display_name": "Python (framing)", "language": "python"}
    folder.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, folder / "sig.ipynb")
    return folder / "sig.ipynb"


@pytest.mark.slow
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_sigterm_from_inside_a_run_marks_stops_and_summarises_without_traceback(tmp_path, reports, jobs):
    _signalling_notebook(tmp_path / "nb")
    pid_file = tmp_path / "batch.pid"
    spec = tmp_path / "nb" / "b.yaml"
    runs = "  - {x: 1}\n" if jobs == "1" else ""
    spec.write_text(f"notebook: sig.ipynb\nruns:\n{runs}  - {{x: 2, pid_file: '{pid_file}'}}\n", encoding="utf-8")
    env = {**os.environ, "FRAMING_REPORTS": str(reports)}
    proc = subprocess.Popen([sys.executable, "-m", "framing.cli", "batch", str(spec), "--jobs", jobs], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    pid_file.write_text(str(proc.pid))
    try:
        out, err = proc.communicate(timeout=300)  # a guard, not a measurement
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 130, out + err
    assert "Traceback" not in err and "DeadKernelError" not in err and "again to resume" in err, err
    summary = json.loads(next((reports / "_batches").glob("b__*/summary.json")).read_text())
    statuses = [r["status"] for r in summary["runs"]]
    assert statuses[-1] == "interrupted" and (jobs == "2" or statuses == ["ok", "interrupted"]), statuses
    assert not [p for p in reports.iterdir() if p.name.startswith(".tmp")]  # its temp folder removed


@pytest.mark.slow
def test_an_interrupted_report_raises_the_interrupt_and_leaves_no_folder(tmp_path, reports):
    notebook = _signalling_notebook(tmp_path / "nb")
    pid_file = tmp_path / "me.pid"
    pid_file.write_text(str(os.getpid()))
    plan = plan_run(notebook, {"x": 2, "pid_file": str(pid_file)})
    import signal

    def as_interrupt(signum, frame):
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, as_interrupt)
    try:
        with pytest.raises(KeyboardInterrupt):
            execute_plan(plan, timeout=300)
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert not plan.tmp_dir.exists() and not plan.run_dir.exists()
