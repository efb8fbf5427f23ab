"""framing verify: a run reproduces; a changed input is found and named."""

import json

import pytest

from framing import run_report
from framing.cli import main
from framing.report.verify import compare_outputs, verify_run


def test_compare_outputs_names_missing_new_and_changed():
    old = {"figures": [{"id": "f", "sha256": {"png": "1", "svg": "2"}}], "tables": [{"id": "t", "sha256": {"csv": "3"}}]}
    new = {"figures": [{"id": "f", "sha256": {"png": "1"}}], "tables": [{"id": "t", "sha256": {"csv": "4"}},
                                                                     {"id": "u", "sha256": {"csv": "5"}}]}
    assert compare_outputs(old, new) == ["figure f (svg): missing in the re-run", "table t (csv): sha256 3 -> 4",
                                         "table u (csv): new in the re-run"]


def test_verify_needs_a_run_folder(tmp_path, capsys):
    assert main(["verify", str(tmp_path)]) == 2
    assert "not a run folder" in capsys.readouterr().err


@pytest.mark.slow
def test_verify_passes_then_detects_a_changed_input(tmp_path, tiny, reports, capsys):
    data = tmp_path / "data.txt"
    data.write_text("abc")
    run = run_report(tiny, {"data": str(data)})
    assert run.status == "ok", run.error
    assert main(["verify", str(run.run_dir)]) == 0
    assert capsys.readouterr().out.startswith("OK: 1 figure and table files reproduce")

    data.write_text("abcdef")
    result = verify_run(run.run_dir)
    assert not result.ok
    assert any(d.startswith(f"input {data} changed since the run") for d in result.differences)
    assert any(d.startswith("table tiny (csv): sha256") for d in result.differences)
    assert json.loads((run.run_dir / "manifest.json").read_text())["status"] == "ok"  # the run is untouched
    assert sorted(p.name for p in reports.iterdir()) == [run.run_id]  # re-runs go to a temp folder
