"""Nothing lost: atomic writers, run folders never overwritten, read-only inputs, and a batch that
is interrupted (SIGTERM) keeps its finished runs, marks the others and resumes."""

from __future__ import annotations

import builtins
import gzip
import hashlib
import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from framing import load_corpus
from framing.cli import main, write_table
from framing.corpus.load import write_corpus
from framing.report import run_report
from framing.report.run import execute_plan, plan_run
from framing.scale import write_scores

ROW = pd.DataFrame({"doc_id": ["a"], "text": ["Talks may resume."]})


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".") or "tmp" in p.name)


class Boom(Exception):
    pass


def _chunks_then_fail(exc=Boom):
    yield ROW
    raise exc("stopped half way")


@pytest.mark.parametrize("name", ["out.csv", "out.parquet"])
@pytest.mark.parametrize("writer", ["write_corpus", "write_scores"])
def test_streaming_writers_are_atomic(tmp_path, name, writer):
    out = tmp_path / name
    out.write_bytes(b"the earlier result")
    fn = write_corpus if writer == "write_corpus" else write_scores
    for exc in (Boom, KeyboardInterrupt):
        with pytest.raises(exc):
            fn(_chunks_then_fail(exc), out)
        assert out.read_bytes() == b"the earlier result" and _leftovers(tmp_path) == []
    fn(iter([ROW]), out)
    assert out.read_bytes() != b"the earlier result" and _leftovers(tmp_path) == []


@pytest.mark.parametrize("name", ["t.csv", "t.parquet"])
def test_write_table_is_atomic(tmp_path, name, monkeypatch, capsys):
    out = tmp_path / name
    out.write_bytes(b"the earlier result")

    def half(self, path=None, *args, **kwargs):
        if path is not None:
            Path(path).write_bytes(b"half a tab")
        raise KeyboardInterrupt

    import pyarrow.parquet as pq

    if name.endswith(".csv"):  # the CSV text of framing.scale.write_scores, which write_table uses
        monkeypatch.setattr("framing.scale.csv_text", lambda *a, **k: half(None))
    else:  # the Parquet writer of framing.scale.write_scores, which write_table uses
        monkeypatch.setattr(pq.ParquetWriter, "write_table", lambda self, *a, **k: half(None, self.where))
    with pytest.raises(KeyboardInterrupt):
        write_table(ROW, str(out))
    assert out.read_bytes() == b"the earlier result" and _leftovers(tmp_path) == []
    monkeypatch.undo()
    write_table(ROW, str(out))
    assert _leftovers(tmp_path) == [] and out.read_bytes() != b"the earlier result"


def _tiny(folder: Path) -> Path:
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("x: int = 1  # a number\nhold: str = ''  # while this file exists, wait\n"
                                  "run_dir: str = ''  # set by the runner", metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell(
            "import pathlib, time\n"
            "if hold:\n"
            "    pathlib.Path(hold + '.started').touch()\n"
            "    for _ in range(1200):\n"
            "        if not pathlib.Path(hold).exists():\n"
            "            break\n"
            "        time.sleep(0.1)\n"
            "pathlib.Path(run_dir, 'x.txt').write_text(str(x))")])
    nb.metadata["kernelspec"] = {"name": "framing", "display_name": "Python (framing)", "language": "python"}
    folder.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, folder / "tiny.ipynb")
    return folder / "tiny.ipynb"


def _snapshot(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.slow  # runs a notebook
def test_a_run_folder_is_never_overwritten(tmp_path, reports):
    notebook = _tiny(tmp_path / "nb")
    plan = plan_run(notebook, {"x": 5})
    plan.run_dir.mkdir(parents=True)
    (plan.run_dir / "keep.txt").write_text("an earlier run's file")  # the folder is taken (e.g. a crashed run)
    before = _snapshot(plan.run_dir)
    result = execute_plan(plan)
    assert result.status == "ok" and result.run_dir != plan.run_dir
    assert result.run_dir.name.startswith(plan.run_id + "__")
    assert _snapshot(plan.run_dir) == before
    forced = run_report(notebook, {"x": 5}, force=True)
    assert forced.run_dir not in (plan.run_dir, result.run_dir) and _snapshot(plan.run_dir) == before
    assert not [p for p in reports.iterdir() if p.name.startswith(".tmp")]


def test_batch_summaries_are_never_overwritten(tmp_path, reports, monkeypatch):
    import framing.report.batch as batch

    _tiny(tmp_path / "nb")
    spec = tmp_path / "nb" / "b.yaml"
    spec.write_text("notebook: tiny.ipynb\nruns: [{x: 1}]\n", encoding="utf-8")
    monkeypatch.setattr(batch, "plan_batch", lambda *a, **k: [])  # nothing to run: only the summary is written

    class Frozen(batch.datetime):
        @classmethod
        def now(cls, tz=None):
            return batch.datetime(2026, 1, 1, tzinfo=tz)

    monkeypatch.setattr(batch, "datetime", Frozen)
    first, second = batch.run_batch(spec), batch.run_batch(spec)
    assert first.summary_dir != second.summary_dir
    assert (first.summary_dir / "summary.json").is_file() and (second.summary_dir / "summary.json").is_file()


def test_inputs_are_opened_read_only(tmp_path, monkeypatch):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.csv").write_text("title,text\nA,Talks may resume.\n", encoding="utf-8")
    (folder / "b.jsonl").write_text('{"text": "He might accept."}\n', encoding="utf-8")
    (folder / "c.txt").write_text("Title\n\nA cease-fire was offered.\n", encoding="utf-8")
    (folder / "d.html").write_text("<html><body><article><p>Kyiv may cede nothing, officials said today."
                                   "</p></article></body></html>", encoding="utf-8")
    (folder / "e.jsonl.gz").write_bytes(gzip.compress(b'{"text": "Perhaps talks go on."}\n'))
    ROW.to_parquet(folder / "f.parquet")
    before = {p.name: (p.stat().st_mtime_ns, p.read_bytes()) for p in folder.iterdir()}
    modes = []
    real_open = builtins.open

    def spy(file, mode="r", *args, **kwargs):
        if isinstance(file, (str, Path)) and str(folder) in str(file):
            modes.append((str(file), mode))
        return real_open(file, mode, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", spy)
    monkeypatch.setattr(io, "open", spy)  # Path.open calls io.open
    corpus = load_corpus(folder)
    monkeypatch.undo()
    assert len(corpus) == 6 and modes
    assert all(not set(mode) & set("wax+") for _, mode in modes), modes
    assert {p.name: (p.stat().st_mtime_ns, p.read_bytes()) for p in folder.iterdir()} == before


@pytest.mark.slow
def test_interrupted_batch_keeps_finished_runs_marks_the_rest_and_resumes(tmp_path, reports, capsys):
    notebook_dir = tmp_path / "nb"
    _tiny(notebook_dir)
    hold = tmp_path / "hold"
    hold.write_text("wait")
    spec = notebook_dir / "b.yaml"
    spec.write_text(f"notebook: tiny.ipynb\nruns:\n  - {{x: 1}}\n  - {{x: 2, hold: '{hold}'}}\n  - {{x: 3}}\n",
                    encoding="utf-8")
    env = {**os.environ, "FRAMING_REPORTS": str(reports)}
    proc = subprocess.Popen([sys.executable, "-m", "framing.cli", "batch", str(spec)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 240
        while not Path(f"{hold}.started").exists() and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.2)
        assert Path(f"{hold}.started").exists(), "run 2 never started"
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 130, out + err
    assert "Traceback" not in err and "interrupted" in err and "again to resume" in err
    done = [p for p in reports.iterdir() if p.is_dir() and p.name.startswith("tiny__")]
    assert len(done) == 1 and json.loads((done[0] / "manifest.json").read_text())["status"] == "ok"
    assert (done[0] / "x.txt").read_text() == "1"
    kept = _snapshot(done[0])
    assert not [p for p in reports.iterdir() if p.name.startswith(".tmp")]  # no half-built run folder
    summary = json.loads(next((reports / "_batches").glob("b__*/summary.json")).read_text())
    assert [r["status"] for r in summary["runs"]] == ["ok", "interrupted", "interrupted"]
    assert summary["counts"]["interrupted"] == 2

    hold.unlink()
    capsys.readouterr()
    assert main(["batch", str(spec)]) == 0
    out, err = capsys.readouterr()
    assert "3 runs (1 up to date)" in err and "2 ok, 0 failed, 1 cached" in out
    assert _snapshot(done[0]) == kept
    finished = sorted((p / "x.txt").read_text() for p in reports.iterdir() if p.name.startswith("tiny__"))
    assert finished == ["1", "2", "3"]
