"""framing.lab (the Lab command line) and framing.report.inject (parameterised copies for JupyterLab)."""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
import pytest

from framing import lab
from framing.errors import ParameterError
from framing.report import inject

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def home(tmp_path, monkeypatch) -> Path:
    """A project folder with a copy of the notebooks (the real ones are never written)."""
    root = tmp_path / "home"
    shutil.copytree(REPO / "notebooks", root / "notebooks", ignore=shutil.ignore_patterns("scratch"))
    (root / "data").symlink_to(REPO / "data", target_is_directory=True)
    monkeypatch.setenv("FRAMING_HOME", str(root))
    monkeypatch.setenv("FRAMING_REPORTS", str(root / "reports"))
    return root


def _injected(nb: nbformat.NotebookNode) -> list[str]:
    cells = [c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert len(cells) == 1
    return cells[0].source.splitlines()


@pytest.mark.slow
def test_lab_copy_gets_the_parameters_a_report_run_injects(home, mini_corpus, mini_report):
    result = mini_report[0]  # framing_report on mini_corpus, run with typed values (conftest)
    params = {"corpus": str(mini_corpus), "n_boot": "200", "lexicons": "hedging,concession,security"}  # as typed in Lab
    assert result.status == "ok", result.error
    assert "<script src=" not in result.html.read_text(encoding="utf-8")  # the report fetches nothing from a CDN
    batch = _injected(nbformat.read(result.run_dir / "notebook.ipynb", as_version=4))
    copy = nbformat.read(inject.parameterize("framing_report", params), as_version=4)
    explore = _injected(copy)
    # The same cell, line for line, but for run_dir, which only the runner sets.
    assert [line for line in batch if not line.startswith("run_dir")] == explore
    assert "n_boot = 200" in explore and 'lexicons = ["hedging", "concession", "security"]' in explore
    order = [c.metadata.get("tags", []) for c in copy.cells]
    assert order.index(["injected-parameters"]) == order.index(["parameters"]) + 1


def test_parameterize_writes_a_clean_copy_to_scratch_never_the_source(home):
    source = home / "notebooks" / "framing_report.ipynb"
    before = source.read_bytes()
    copy = inject.parameterize("framing_report", {"title": "Kyiv talks"})
    assert copy.parent == home / "notebooks" / "scratch" and copy.name.startswith("framing_report__")
    assert source.read_bytes() == before
    nb = nbformat.read(copy, as_version=4)
    assert nb.metadata.kernelspec.name == "framing" and nb.metadata.framing["parameters"]["title"] == "Kyiv talks"
    assert all(not c.get("outputs") and c.get("execution_count") is None for c in nb.cells if c.cell_type == "code")
    assert inject.parameterize("framing_report", {"title": "Kyiv talks"}) == copy  # same values, same copy
    assert inject.parameterize("framing_report", {"title": "Other"}) != copy


def test_bad_parameters_are_all_reported_and_nothing_is_written(home):
    with pytest.raises(ParameterError) as err:
        inject.parameterize("framing_report", {"n_boot": "many", "colour": "red", "corpus": "no/such/file.csv"})
    message = str(err.value)
    assert "'n_boot'" in message and "'colour'" in message and "no/such/file.csv" in message
    with pytest.raises(ParameterError, match="'run_dir' is set by the runner"):
        inject.parameterize("framing_report", {"run_dir": "/tmp"})
    assert not (home / "notebooks" / "scratch").exists()
    with pytest.raises(ParameterError, match="no_such_notebook"):
        inject.parameterize("no_such_notebook")


def test_relative_paths_become_absolute_for_the_kernel(home, tmp_path, monkeypatch, mini_corpus):
    work = tmp_path / "work"
    work.mkdir()
    shutil.copy(mini_corpus, work / "mine.jsonl")
    monkeypatch.chdir(work)
    values = inject.resolve_parameters("framing_report", {"corpus": "mine.jsonl", "lexicons": "hedging"})
    assert values["corpus"] == str(work / "mine.jsonl") and values["lexicons"] == ["hedging"]
    assert inject.resolve_parameters("framing_report", {})["corpus"] == "press-releases"  # a name stays a name


def test_lab_command_is_local_with_a_fresh_token_in_the_environment(tmp_path):
    copy = tmp_path / "scratch" / "x.ipynb"
    first = lab.lab_command(tmp_path, copy)
    assert "--ServerApp.ip=127.0.0.1" in first and f"--ServerApp.root_dir={tmp_path}" in first
    assert not any("token" in arg.lower() for arg in first)  # never on a command line (`ps` shows it)
    tokens = [lab.lab_environment()["JUPYTER_TOKEN"] for _ in range(2)]
    assert tokens[0] != tokens[1] and len(tokens[0]) >= 32
    assert "--LabApp.default_url=/lab/tree/scratch/x.ipynb" in first


def test_open_in_lab_opens_the_parameterised_copy_and_prints_its_url(home, monkeypatch, capsys):
    calls = []
    monkeypatch.setattr(lab, "_run", lambda cmd, env: calls.append((cmd, env)) or 0)
    port = lab.free_port(9123)
    assert lab.main(["framing_report", "-p", "n_boot", "300", "--port", str(port)]) == 0
    cmd, env = calls[0]
    default_url = next(a for a in cmd if a.startswith("--LabApp.default_url="))
    opened = home / "notebooks" / default_url.split("/lab/tree/", 1)[1]
    assert "n_boot = 300" in _injected(nbformat.read(opened, as_version=4))
    token = env["JUPYTER_TOKEN"]
    url = f"http://127.0.0.1:{port}/lab/tree/scratch/{opened.name}?token={token}"
    assert url in capsys.readouterr().out  # Jupyter masks a token it did not make, so we print it


def test_lab_main_reports_bad_parameters_without_traceback(home, capsys, monkeypatch):
    monkeypatch.setattr(lab, "_run", lambda cmd, env: pytest.fail("Lab must not start"))
    assert lab.main(["framing_report", "-p", "n_boot", "lots"]) == 4
    err = capsys.readouterr().err
    assert err.startswith("framing: error:") and "'n_boot'" in err and "Traceback" not in err
    assert lab.main(["-p", "n_boot", "3"]) == 4 and "need a NOTEBOOK" in capsys.readouterr().err
