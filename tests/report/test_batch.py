"""Batches: expansion, checking all runs first, process pool with a failing run, cache, Dask."""

import json
import time
from pathlib import Path

import nbformat
import pytest

from framing.cli import main
from framing.errors import InputError, ParameterError
from framing.paths import project_root
from framing.report.batch import BatchInterrupted, expand_runs, load_batch, plan_batch, run_batch
from framing.report.run import plan_run


def test_runs_times_grid_over_shared_parameters():
    runs = expand_runs({"n_boot": 10, "seed": 0}, [{"seed": 1}, {"seed": 2}], {"lexicons": [["a"], ["b"]], "k": [1]})
    assert runs == [{"n_boot": 10, "seed": 1, "k": 1, "lexicons": ["a"]}, {"n_boot": 10, "seed": 1, "k": 1, "lexicons": ["b"]},
                    {"n_boot": 10, "seed": 2, "k": 1, "lexicons": ["a"]}, {"n_boot": 10, "seed": 2, "k": 1, "lexicons": ["b"]}]
    assert expand_runs({"a": 1}, None, None) == [{"a": 1}]


def test_batch_file_errors_name_the_problem(tmp_path):
    bad = tmp_path / "b.yaml"
    bad.write_text("notebook: framing_report\nrepeat: 3\n")
    with pytest.raises(InputError, match="unknown key"):
        load_batch(bad)
    bad.write_text("notebook: framing_report\ngrid: {seed: 3}\n")
    with pytest.raises(InputError, match="non-empty list"):
        load_batch(bad)
    bad.write_text("notebook: framing_report\nruns: [{seed: 1}\n")
    with pytest.raises(InputError) as err:
        load_batch(bad)
    assert err.value.line is not None
    bad.write_text("notebook: framing_report\nruns: []\n")  # no run: an error, not the default report once
    with pytest.raises(InputError, match="`runs` is an empty list"):
        load_batch(bad)


def test_all_problems_of_all_runs_before_anything_runs(tmp_path, reports, mini_corpus):
    batch = tmp_path / "b.yaml"
    batch.write_text(f"notebook: framing_report\nparameters: {{corpus: {mini_corpus}}}\n"
                     "runs:\n  - {date_from: 2022-02-30}\n  - {seed: 1}\n  - {seed: x, colour: red}\n")
    with pytest.raises(ParameterError) as err:
        run_batch(batch)
    problems = err.value.problems
    assert len(problems) == 3
    assert problems[0].startswith("run 1 ") and "2022-02-30" in problems[0]
    assert all(p.startswith("run 3 ") for p in problems[1:])
    assert not reports.exists()


def test_example_batch_has_four_distinct_runs_over_the_bundled_corpus(reports):
    spec = load_batch(project_root() / "batches" / "press_releases.yaml")
    runs = plan_batch(spec)
    assert len(runs) == 4 and len({r.plan.run_id for r in runs}) == 4
    assert all(r.plan.values["corpus"] == "press-releases" for r in runs)
    assert {r.plan.inputs[0]["path"] for r in runs} == {"data/raw/press-releases/putin.csv"}


def test_identical_entries_run_once(tmp_path, tiny, reports):
    batch = tmp_path / "b.yaml"
    batch.write_text(f"notebook: {tiny}\nruns: [{{x: 1}}, {{x: '1'}}, {{x: 3}}]\n")
    assert [r.index for r in plan_batch(load_batch(batch))] == [1, 3]


@pytest.mark.slow
def test_batch_goes_on_past_a_failure_then_is_cached_with_reasons(tmp_path, tiny, reports, capsys):
    data = tmp_path / "data.txt"
    data.write_text("abc")
    batch = tmp_path / "b.yaml"
    batch.write_text(f"notebook: {tiny}\nparameters: {{data: {data}}}\ngrid: {{x: [1, 2, 3]}}\n")
    code = main(["batch", str(batch), "--jobs", "2"])
    captured = capsys.readouterr()
    assert code == 5, captured.err
    assert "[3/3] done 2 | failed 1 | cached 0 | running 0" in captured.err
    assert "FAILED run 2: cell" in captured.err and "ValueError: x is two" in captured.err
    summary_dir = next((reports / "_batches").iterdir())
    summary = json.loads((summary_dir / "summary.json").read_text())
    assert summary["counts"] == {"ok": 2, "failed": 1, "cached": 0}
    failed = next(r for r in summary["runs"] if r["status"] == "failed")
    log = (reports / failed["run_id"] / "run.log").read_text()
    assert "status failed" in log and "x is two" in log
    ok = next(r for r in summary["runs"] if r["status"] == "ok")
    assert json.loads((reports / ok["run_id"] / "manifest.json").read_text())["tables"][0]["id"] == "tiny"

    # unchanged: the two good runs are up to date; the failed one is run again, and says why
    again = run_batch(batch)  # in this process: the pool ran above, and up-to-date checks happen before any run
    by_x = {r.plan.values["x"]: r for r in again.runs}
    assert by_x[1].status == "cached" and by_x[1].plan.reason.startswith("up to date")
    assert by_x[2].status == "failed" and "earlier identical run failed" in by_x[2].plan.reason

    # a changed input is named in the reason for the re-run
    data.write_text("abcd")
    plan = plan_run(tiny, {"data": str(data), "x": 1})
    assert not plan.cached and f"input {data} sha256" in plan.reason
    tiny.write_text(tiny.read_text().replace("Tiny table.", "Tiny table!"))
    assert "notebook code changed" in plan_run(tiny, {"data": str(data), "x": 1}).reason


@pytest.mark.slow
def test_dask_cluster_on_loopback_runs_the_batch(tmp_path, tiny, reports):
    from distributed import LocalCluster

    batch = tmp_path / "b.yaml"
    batch.write_text(f"notebook: {tiny}\ngrid: {{x: [4, 5]}}\n")
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None) as cluster:
        result = run_batch(batch, scheduler=cluster.scheduler_address)
    assert result.counts == {"ok": 2, "failed": 0, "cached": 0}
    for run in result.runs:
        assert json.loads((run.result.run_dir / "manifest.json").read_text())["status"] == "ok"


def _holding_notebook(path):
    """A notebook whose run waits while the file ``hold`` exists (touches ``hold.started`` first)."""
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("x: int = 1  # a number\nhold: str = ''  # while this file exists, wait\n"
                                  "run_dir: str = ''  # set by the runner", metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell("import pathlib, time\nif hold:\n    pathlib.Path(hold + '.started').touch()\n"
                                  "    for _ in range(1200):\n        if not pathlib.Path(hold).exists():\n"
                                  "            break\n        time.sleep(0.1)\n")])
    nb.metadata["kernelspec"] = {"name": "framing", "display_name": "Python (framing)", "language": "python"}
    nbformat.write(nb, path)
    return path


@pytest.mark.slow
def test_interrupted_batch_removes_only_its_own_temp_folders(tmp_path, reports):
    """Another report or batch with the same run-id prefix builds in `.tmp-<run id>-...` too: it must survive."""
    notebook = _holding_notebook(tmp_path / "hold.ipynb")
    hold = tmp_path / "hold"
    hold.write_text("wait")
    batch = tmp_path / "b.yaml"
    batch.write_text(f"notebook: {notebook}\nruns:\n  - {{x: 1}}\n  - {{x: 2, hold: '{hold}'}}\n")
    planned, others = [], []

    def plant(runs):  # a concurrent process's half-built run for each planned run id
        planned.extend(runs)
        for run in runs:
            other = run.plan.base / f".tmp-{run.plan.run_id[:40]}-concurrent"
            other.mkdir(parents=True)
            (other / ".manifest.json.tmp").write_text("{}")
            others.append(other)

    class InterruptAfterFirst:
        def write(self, line):
            if "done 1" in line:  # run 1 finished; run 2 is building in its temp folder: Ctrl-C now
                deadline = time.monotonic() + 120
                while not Path(f"{hold}.started").exists() and time.monotonic() < deadline:
                    time.sleep(0.1)
                assert planned[1].plan.tmp_dir.is_dir()
                raise KeyboardInterrupt

        def flush(self):
            pass

    try:
        with pytest.raises(BatchInterrupted) as stop:
            run_batch(batch, jobs=2, stream=InterruptAfterFirst(), on_plan=plant)
    finally:
        hold.unlink()
    assert [r.status for r in stop.value.result.runs] == ["ok", "interrupted"]
    assert all((other / ".manifest.json.tmp").is_file() for other in others)
    assert not planned[1].plan.tmp_dir.exists()
    assert sorted(p for p in reports.iterdir() if p.name.startswith(".tmp")) == sorted(others)


def test_each_plan_has_its_own_temp_folder(tmp_path, tiny, reports):
    one, two = plan_run(tiny, {}), plan_run(tiny, {})
    assert one.run_id == two.run_id and one.tmp_dir != two.tmp_dir
    assert one.tmp_dir.parent == reports and one.tmp_dir.name.startswith(f".tmp-{one.run_id[:40]}-")
