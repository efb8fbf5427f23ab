"""The main report end to end: papermill on a small corpus, manifest, determinism, failures."""

import json
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from framing import run_report
from framing.errors import ParameterError
from framing.report.manifest import sha256_file
from framing.report.params import parse_parameters_cell

pytestmark = pytest.mark.slow

@pytest.fixture(scope="module")
def three_runs(mini_report):
    """The default report run once (API: the session's ``mini_report``), asked for again (cached), then
    forced from the command line.

    One fixture for two tests: the forced run is both the second kernel process whose outputs must be
    byte-identical to the first and the ``framing report`` command whose printed lines are checked,
    so the full report runs twice here (once of them shared with test_lab), not three times.
    """
    mini_corpus = Path(__file__).parent / "fixtures" / "mini_corpus.jsonl"  # as conftest's mini_corpus
    first, reports, params = mini_report
    assert params["corpus"] == str(mini_corpus)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("FRAMING_REPORTS", str(reports))
        again = run_report("framing_report", params)
        proc = subprocess.run([sys.executable, "-m", "framing.cli", "report", "-p", "corpus", str(mini_corpus),
                               "-p", "n_boot", str(params["n_boot"]), "-p", "lexicons", ",".join(params["lexicons"]),
                               "--force"],
                              capture_output=True, text=True, timeout=600)
    return {"reports": reports, "mini_corpus": mini_corpus, "first": first, "again": again, "cli": proc}


def _cli_run_dir(proc):
    run_line = next(line for line in proc.stdout.splitlines() if line.startswith("run:"))
    return run_line.split(maxsplit=1)[1]


def test_report_run_folder_manifest_cache_and_byte_identical_forced_run(three_runs):
    """One report run checked in full, then asked for again (cached) and forced (a second kernel)."""
    reports, mini_corpus, first = three_runs["reports"], three_runs["mini_corpus"], three_runs["first"]
    assert first.status == "ok", first.error
    run = first.run_dir
    assert run.parent == reports and run.name.startswith("framing_report__corpus-mini_corpus")
    for name in ("notebook.ipynb", "report.html", "manifest.json", "tables/rates-by-group.csv"):
        assert (run / name).is_file(), name
    manifest = first.manifest
    assert manifest["status"] == "ok"
    assert manifest["parameters"]["corpus"] == str(mini_corpus)
    assert manifest["inputs"] == [{"path": "tests/fixtures/mini_corpus.jsonl", "sha256": sha256_file(mini_corpus),
                                   "bytes": mini_corpus.stat().st_size, "parameter": "corpus"}]
    assert {lex["name"] for lex in manifest["lexicons"]} == {"hedging", "concession", "security"}
    from framing.corpus import rules_provenance  # the cleaning rules the corpus was loaded with

    assert manifest["clean_rules"] == rules_provenance() and len(manifest["clean_rules"]["sha256"]) == 64
    assert manifest["packages"]["papermill"] and manifest["git"].keys() == {"commit", "dirty"}
    ids = [fig["id"] for fig in manifest["figures"]]
    assert ids == ["rates-by-group", "group-differences", "monthly-rates", "voice-split", "keyness"]
    for fig in manifest["figures"]:
        assert fig["caption"]
        for fmt, digest in fig["sha256"].items():
            assert sha256_file(run / fig["files"][fmt]) == digest
    html = (run / "report.html").read_text(encoding="utf-8")
    assert "Fig. rates-by-group" in html and "def " not in html  # figure captions shown, code hidden

    again = three_runs["again"]
    assert again.status == "cached" and again.run_dir == first.run_dir
    proc = three_runs["cli"]  # `framing report ... --force`: the same parameters, a second kernel process
    assert proc.returncode == 0, proc.stderr
    forced_dir = Path(_cli_run_dir(proc))
    assert forced_dir.parent == reports
    forced = json.loads((forced_dir / "manifest.json").read_text(encoding="utf-8"))
    assert forced["status"] == "ok" and forced_dir != first.run_dir and first.run_dir.is_dir()
    assert forced["parameters"] == manifest["parameters"]  # the command line gave the very same run
    a = {f["id"]: f["sha256"] for f in manifest["figures"]}
    b = {f["id"]: f["sha256"] for f in forced["figures"]}
    assert a == b  # png, svg and pdf byte-identical across two kernel processes
    tables = [{t["id"]: t["sha256"] for t in m["tables"]} for m in (manifest, forced)]
    assert tables[0] == tables[1] and "rates-by-group" in tables[0]
    assert "forced" in forced["reason"] and (forced_dir / "figures.bib").read_text().count("@misc{") == 5


def test_bad_parameters_are_all_reported_before_a_kernel_starts(reports):
    with pytest.raises(ParameterError) as err:
        run_report("framing_report", {"n_boot": "many", "colour": "red", "corpus": "no/such/file.csv"})
    message = str(err.value)
    assert "'n_boot'" in message and "'colour'" in message and "no/such/file.csv" in message
    assert not reports.exists() or not any(reports.iterdir())


def test_failing_notebook_is_marked_failed_and_kept(reports, tmp_path):
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x: int = 1", metadata={"tags": ["parameters"]}),
                                         nbformat.v4.new_code_cell("raise ValueError('boom')")])
    nb.metadata["kernelspec"] = {"name": "framing", "display_name": "Python (framing)", "language": "python"}
    path = tmp_path / "fails.ipynb"
    nbformat.write(nb, path)
    result = run_report(path)
    assert result.status == "failed" and "ValueError: boom" in result.error
    assert (result.run_dir / "notebook.ipynb").is_file() and "boom" in result.html.read_text()
    assert result.manifest["status"] == "failed"


def test_missing_kernel_fails_the_run(reports, tmp_path):
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1")])
    nb.metadata["kernelspec"] = {"name": "no-such-kernel", "display_name": "x", "language": "python"}
    path = tmp_path / "nokernel.ipynb"
    nbformat.write(nb, path)
    result = run_report(path)
    assert result.status == "failed" and "no-such-kernel" in result.error


def test_parameters_cell_types_and_help():
    params = parse_parameters_cell('corpus: str = "x"  # the corpus\nn: int = 3\nflag = True  # on?')
    assert [(p.name, p.type, p.default, p.help) for p in params] == [
        ("corpus", "str", "x", "the corpus"), ("n", "int", 3, ""), ("flag", "bool", True, "on?")]


def test_cli_report_prints_run_and_html(three_runs):
    """`framing report` (here with --force, the fixture's second run of the same report) prints the run folder,
    its HTML and the figure captions, and writes the run under FRAMING_REPORTS."""
    proc, reports = three_runs["cli"], three_runs["reports"]
    assert proc.returncode == 0, proc.stderr
    run_dir = _cli_run_dir(proc)
    assert f"html: {run_dir}/report.html" in proc.stdout and "Fig. rates-by-group" in proc.stdout
    assert json.loads((reports / run_dir.rsplit("/", 1)[1] / "manifest.json").read_text())["status"] == "ok"
