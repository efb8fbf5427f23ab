"""framing verify: the folder, the manifest and a re-run must agree; a changed input is found and named."""

import hashlib
import json
import shutil

import pytest

from framing import run_report
from framing.cli import main
from framing.paths import notebooks_dir
from framing.report.verify import compare_files, folder_files, recorded_files, verify_run


def test_compare_files_names_missing_extra_and_changed():
    recorded = {"figures/f.png": ("figure f (png)", "1"), "figures/f.svg": ("figure f (svg)", "2"),
                "tables/t.csv": ("table t (csv)", "3")}
    found = {"figures/f.png": "1", "tables/t.csv": "4", "tables/u.csv": "5"}
    assert compare_files(recorded, found, "run folder") == [
        "figure f (svg): figures/f.svg missing from the run folder",
        "table t (csv): tables/t.csv changed in the run folder: sha256 3 -> 4",
        "tables/u.csv: in the run folder but not in the manifest"]


def test_recorded_paths_outside_figures_and_tables_are_problems():
    files, problems = recorded_files({"tables": [{"id": "t", "files": {"csv": "../../etc/passwd"}, "sha256": {"csv": "1"}}]})
    assert files == {} and problems == ["table t (csv): the manifest records the path '../../etc/passwd', outside figures/ and tables/"]


def test_folder_files_hashes_what_is_on_disk(tmp_path):
    (tmp_path / "figures" / "sub").mkdir(parents=True)
    (tmp_path / "figures" / "sub" / "a.png").write_bytes(b"x")
    (tmp_path / "tables").mkdir()
    (tmp_path / "tables" / ".hidden.csv").write_bytes(b"")
    (tmp_path / "report.html").write_text("not an output")
    (tmp_path / "tables" / "linked").symlink_to(tmp_path / "figures", target_is_directory=True)
    found = folder_files(tmp_path)
    assert sorted(found) == ["figures/sub/a.png", "tables/.hidden.csv", "tables/linked"]
    assert found["tables/linked"] == "a link to a folder"


def _fake_run(tmp_path, notebook_path, tables=()):
    run = tmp_path / "run"
    (run / "tables").mkdir(parents=True)
    entries = []
    for name, data in tables:
        (run / "tables" / f"{name}.csv").write_bytes(data)
        entries.append({"id": name, "files": {"csv": f"tables/{name}.csv"},
                        "sha256": {"csv": hashlib.sha256(data).hexdigest()}})
    manifest = {"status": "ok", "notebook": {"name": "x", "path": str(notebook_path), "sha256": ""},
                "parameters": {}, "figures": [], "tables": entries}
    (run / "manifest.json").write_text(json.dumps(manifest))
    return run


def test_verify_fails_when_there_is_nothing_to_check(tmp_path, capsys):
    run = _fake_run(tmp_path, tmp_path / "elsewhere.ipynb")
    result = verify_run(run)
    assert not result.ok
    assert "nothing to check: the manifest records no figure or table file" in result.differences
    assert main(["verify", str(run)]) == 6
    assert "OK" not in capsys.readouterr().out


def test_verify_never_runs_a_notebook_outside_notebooks(tmp_path, tiny):
    marker = tmp_path / "ran"
    evil = tmp_path / "evil.ipynb"
    shutil.copyfile(tiny, evil)
    text = json.loads(evil.read_text())
    text["cells"][1]["source"] = f"open({str(marker)!r}, 'w').write('ran')"
    evil.write_text(json.dumps(text))
    run = _fake_run(tmp_path, evil, [("t", b"a\n")])
    result = verify_run(run)
    assert not result.ok and not marker.exists()
    assert any("outside the project's notebooks/ folder" in d and "--allow-notebook" in d for d in result.differences)
    # a name that climbs out of notebooks/ is refused too
    manifest = json.loads((run / "manifest.json").read_text())
    manifest["notebook"] = {"name": "../" * 3 + str(evil.with_suffix("")), "path": ""}
    (run / "manifest.json").write_text(json.dumps(manifest))
    assert not verify_run(run).ok and not marker.exists()


def test_the_project_notebooks_folder_is_allowed(tmp_path):
    run = _fake_run(tmp_path, notebooks_dir() / "no_such_notebook.ipynb", [("t", b"a\n")])
    assert verify_run(run).differences == [
        f"the run's notebook {notebooks_dir().resolve() / 'no_such_notebook.ipynb'} is not there any more; "
        "restore it to verify the run"]


def test_verify_needs_a_run_folder(tmp_path, capsys):
    assert main(["verify", str(tmp_path)]) == 2
    assert "not a run folder" in capsys.readouterr().err


@pytest.mark.parametrize("manifest, problem", [
    ("[1, 2]", "it is a list, not a mapping"),
    ('{"status": "ok", "figures": "x"}', "`figures` is not a list of mappings"),
    ('{"status": "ok", "figures": [5]}', "`figures` is not a list of mappings"),
    ('{"status": "ok", "notebook": 5}', "`notebook` is not a mapping"),
    ('{"status": "ok", "tables": [{"id": "t", "sha256": "x"}]}', "an entry of `tables` has a `sha256` that is not a mapping"),
    ("{}", "no `status` text"),
])
def test_a_manifest_of_another_shape_is_a_clear_error(tmp_path, capsys, manifest, problem):
    (tmp_path / "manifest.json").write_text(manifest)
    assert main(["verify", str(tmp_path)]) == 2  # not "internal error" (exit 1), not "the recorded run failed"
    err = capsys.readouterr().err
    assert f"not a framing run manifest: {problem}. Fix:" in err and "internal error" not in err


@pytest.mark.slow
def test_verify_passes_then_detects_a_changed_input(tmp_path, tiny, reports, capsys):
    data = tmp_path / "data.txt"
    data.write_text("abc")
    run = run_report(tiny, {"data": str(data)})
    assert run.status == "ok", run.error
    assert main(["verify", str(run.run_dir)]) == 6  # a notebook outside notebooks/ needs --allow-notebook
    assert "--allow-notebook" in capsys.readouterr().out
    assert main(["verify", str(run.run_dir), "--allow-notebook", str(tiny)]) == 0
    # one table: its CSV, and the LaTeX and Markdown beside it
    assert capsys.readouterr().out.startswith("OK: 3 figure and table files in the folder match the manifest")

    data.write_text("abcdef")
    result = verify_run(run.run_dir, allow_notebook=tiny)
    assert not result.ok
    assert any(d.startswith(f"input {data} changed since the run") for d in result.differences)
    assert any(d.startswith("table tiny (csv): tables/tiny.csv changed in the re-run") for d in result.differences)
    assert json.loads((run.run_dir / "manifest.json").read_text())["status"] == "ok"  # the run is untouched
    assert sorted(p.name for p in reports.iterdir()) == [run.run_id]  # re-runs go to a temp folder


@pytest.mark.slow
def test_verify_checks_the_files_in_the_folder_not_only_the_manifest(tmp_path, tiny, reports):
    run = run_report(tiny, {})
    assert run.status == "ok", run.error
    (run.run_dir / "tables" / "tiny.csv").write_text("x,chars\n9,9\n")  # replaced by hand
    (run.run_dir / "figures").mkdir()
    (run.run_dir / "figures" / "planted.png").write_bytes(b"png")  # not in the manifest
    result = verify_run(run.run_dir, allow_notebook=tiny)
    assert not result.ok
    assert any(d.startswith("table tiny (csv): tables/tiny.csv changed in the run folder") for d in result.differences)
    assert "figures/planted.png: in the run folder but not in the manifest" in result.differences
    (run.run_dir / "tables" / "tiny.csv").unlink()
    assert "table tiny (csv): tables/tiny.csv missing from the run folder" in verify_run(
        run.run_dir, allow_notebook=tiny).differences
