"""Issue 22.4: provenance is checked after the run, and the run fingerprint covers the kit's own code."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

import framing
from framing import run_report
from framing.paths import project_root
from framing.report.manifest import kit_sha256
from framing.report.run import plan_run

PACKAGE = Path(framing.__file__).resolve().parent


def _editing_notebook(path: Path) -> Path:
    """A notebook that reads its ``data`` file and then appends to it (an edit during the run)."""
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("from framing.report.types import File\n\ndata: File = ''  # a text file\n"
                                  "run_dir: str = ''  # set by the runner", metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell("import pandas as pd\nfrom framing.report import save_table\n"
                                  "text = open(data, encoding='utf-8').read()\n"
                                  "save_table(pd.DataFrame({'chars': [len(text)]}), 'n', 'Length.', run_dir)\n"
                                  "open(data, 'a', encoding='utf-8').write(' edited')")])
    nb.metadata["kernelspec"] = {"name": "framing", "display_name": "Python (framing)", "language": "python"}
    nbformat.write(nb, path)
    return path


@pytest.mark.slow
def test_an_input_changed_during_the_run_fails_the_run_and_names_it(tmp_path, reports):
    notebook = _editing_notebook(tmp_path / "edit.ipynb")
    data = tmp_path / "data.txt"
    data.write_text("abc")
    result = run_report(notebook, {"data": str(data)})
    assert result.status == "failed"
    assert f"input {data} changed during the run" in result.error
    manifest = result.manifest
    assert manifest["status"] == "failed" and "changed during the run" in manifest["error"]
    data.write_text("abc")  # restored: the earlier run is not taken as up to date
    plan = plan_run(notebook, {"data": str(data)})
    assert not plan.cached and "earlier identical run failed" in plan.reason


def _copy_package(target: Path) -> Path:
    shutil.copytree(PACKAGE, target / "framing", ignore=shutil.ignore_patterns("__pycache__"))
    return target / "framing"


def test_kit_sha256_covers_every_kit_file_and_nothing_else(tmp_path):
    copy = _copy_package(tmp_path)
    assert kit_sha256(copy) == kit_sha256(PACKAGE) == kit_sha256()
    (copy / "__pycache__").mkdir(exist_ok=True)
    (copy / "__pycache__" / "x.cpython-311.pyc").write_bytes(b"compiled")
    assert kit_sha256.__wrapped__(copy) == kit_sha256(PACKAGE)
    match = copy / "match.py"
    match.write_text(match.read_text() + "\n# an edit\n")
    assert kit_sha256.__wrapped__(copy) != kit_sha256(PACKAGE)
    match.write_text(match.read_text().removesuffix("\n# an edit\n"))
    (copy / "lexicons" / "data" / "hedging.yaml").write_text("changed")  # package data counts too
    assert kit_sha256.__wrapped__(copy) != kit_sha256(PACKAGE)


@pytest.mark.slow
def test_editing_the_kits_code_makes_a_run_no_longer_up_to_date(tmp_path, tiny, reports):
    assert run_report(tiny, {}).status == "ok"
    copy = _copy_package(tmp_path / "src")
    env = {**os.environ, "PYTHONPATH": str(copy.parent), "FRAMING_HOME": str(project_root()),
           "FRAMING_REPORTS": str(reports)}
    ask = (f"from framing.report.run import plan_run; p = plan_run({str(tiny)!r}); "
           "import json; print(json.dumps([p.cached, p.reason]))")

    def plan_with_the_copy():
        proc = subprocess.run([sys.executable, "-c", ask], env=env, capture_output=True, text=True, timeout=120)
        assert proc.returncode == 0, proc.stderr
        return json.loads(proc.stdout)

    assert plan_with_the_copy()[0] is True  # the same code elsewhere: up to date
    match = copy / "match.py"
    match.write_text(match.read_text() + "\n# an edit\n")
    cached, reason = plan_with_the_copy()
    assert cached is False and "kit code changed" in reason
