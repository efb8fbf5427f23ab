"""Security: safe YAML, no pickle/eval/exec of inputs, sanitised run folders, escaped corpus text,
parameters that stay literals, and a JupyterLab bound to 127.0.0.1 with a token."""

from __future__ import annotations

import ast
import json
import re
import uuid
from pathlib import Path

import nbformat
import pandas as pd
import pytest
import yaml

from framing import kwic
from framing.lexicons.format import _LexiconLoader
from framing.report import run_report
from framing.report.batch import load_batch, plan_batch
from framing.report.html import heading
from framing.report.params import _TextDatesLoader
from framing.report.run import plan_run
from framing.safe_yaml import SAFE_LOADER

ROOT = Path(__file__).resolve().parents[1]
SOURCES = sorted((ROOT / "src" / "framing").rglob("*.py"))
NOTEBOOK_CODE = [(p, "\n".join(c.source for c in nbformat.read(p, as_version=4).cells if c.cell_type == "code"))
                 for p in sorted((ROOT / "notebooks").glob("*.ipynb"))]
HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)> & "quotes" \'single\''


def _calls(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            f = node.func
            name = f.attr if isinstance(f, ast.Attribute) else f.id if isinstance(f, ast.Name) else ""
            owner = f.value.id if isinstance(f, ast.Attribute) and isinstance(f.value, ast.Name) else ""
            yield node, owner, name


def _all_code():
    yield from ((p, p.read_text(encoding="utf-8")) for p in SOURCES)
    yield from NOTEBOOK_CODE


def test_sources_were_found():
    assert len(SOURCES) > 30 and len(NOTEBOOK_CODE) >= 4


def test_yaml_only_through_safe_loaders():
    """Every YAML parse is ``yaml.safe_load`` or ``yaml.load`` with a safe loader: a SafeLoader subclass, or
    libyaml's CSafeLoader (the same SafeConstructor), ``framing.safe_yaml.SAFE_LOADER``."""
    assert issubclass(_TextDatesLoader, yaml.SafeLoader)
    for loader in (SAFE_LOADER, _LexiconLoader):  # libyaml's CSafeLoader; the lexicon's refuses duplicate keys
        assert issubclass(loader, yaml.constructor.SafeConstructor)
        assert not issubclass(loader, yaml.constructor.FullConstructor)
    seen = 0
    for path, code in _all_code():
        assert not re.search(r"yaml\.(unsafe_load|full_load|load_all|unsafe_load_all)\b|FullLoader|UnsafeLoader"
                             r"|yaml\.Loader\b|CLoader", code), path
        for node, owner, name in _calls(ast.parse(code)):
            if owner == "yaml" and name == "load":
                seen += 1
                loader = {k.arg: k.value for k in node.keywords}.get("Loader")
                assert isinstance(loader, ast.Name) and loader.id in ("_TextDatesLoader", "SAFE_LOADER", "_LexiconLoader"), \
                    f"{path}:{node.lineno}"
    assert seen >= 1


def test_unsafe_yaml_tags_are_refused(tmp_path):
    marker = tmp_path / "pwned"
    bad = tmp_path / "b.yaml"
    bad.write_text(f"notebook: !!python/object/apply:os.system ['touch {marker}']\n", encoding="utf-8")
    from framing.errors import InputError

    with pytest.raises(InputError, match="b.yaml"):
        load_batch(bad)
    assert not marker.exists()


def test_no_pickle_eval_or_exec_anywhere_in_the_kit():
    """No pickle/marshal/shelve, no eval/exec/compile of text (``ast.literal_eval`` only)."""
    for path, code in _all_code():
        assert not re.search(r"\b(import|from)\s+(pickle|cPickle|dill|cloudpickle|marshal|shelve)\b", code), path
        assert not re.search(r"\.(to|read)_pickle\(|pickle\.loads?\(", code), path
        for node, owner, name in _calls(ast.parse(code)):
            assert not (owner == "" and name in {"eval", "exec", "compile", "__import__"}), f"{path}:{node.lineno}"
            if name == "literal_eval":
                assert owner == "ast", f"{path}:{node.lineno}"


def test_kwic_html_escapes_corpus_text():
    corpus = pd.DataFrame({"doc_id": ["<d>"], "text": [f"{HOSTILE} he might accept {HOSTILE}"]})
    start = corpus.text[0].index("might")
    matches = pd.DataFrame({"doc_id": ["<d>"], "sent_id": [0], "start": [start], "end": [start + 5],
                            "lexicon": ["hedging"], "category": ["<b>cat</b>"], "subcategory": [""],
                            "term": ["might"], "matched_text": ["might"], "negated": [False]})
    table = kwic.kwic(corpus, matches, window=20)
    out = kwic.to_html(table)
    assert "<script>" not in out and "<img" not in out and "<b>cat" not in out
    assert "&lt;script&gt;" in out and "<mark>might</mark>" in out


def test_report_matches_html_escapes_corpus_text():
    examples = pd.DataFrame({"doc_id": ["d"], "lexicon": ["hedging"], "category": ["<i>c</i>"], "left": [HOSTILE],
                             "match": ["<svg onload=alert(1)>"], "right": [HOSTILE]})
    out = kwic.to_html(examples)
    assert "<script>" not in out and "<svg" not in out and "<img" not in out and "<i>c" not in out
    assert "&lt;svg onload=alert(1)&gt;" in out
    assert "<script>" not in heading(HOSTILE)


def _tiny(tmp_path: Path) -> Path:
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("label: str = 'a'  # free text\nrun_dir: str = ''  # set by the runner",
                                  metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell("import json, pathlib\n"
                                  "pathlib.Path(run_dir, 'label.json').write_text(json.dumps(label))")])
    nb.metadata["kernelspec"] = {"name": "framing", "display_name": "Python (framing)", "language": "python"}
    path = tmp_path / "nb" / "tiny.ipynb"
    path.parent.mkdir(exist_ok=True)
    nbformat.write(nb, path)
    return path


@pytest.mark.parametrize("value", ["../../etc", "../../../../tmp/x", "/etc/passwd", "..", "a/../../b", "~/x"])
def test_run_ids_never_leave_reports(tmp_path, reports, value):
    plan = plan_run(_tiny(tmp_path), {"label": value})
    assert plan.run_dir.parent == reports.resolve() and ".." not in plan.run_id and "/" not in plan.run_id


def test_batch_run_names_never_leave_reports(tmp_path, reports):
    _tiny(tmp_path)
    batch = tmp_path / "nb" / "..yaml"
    batch.write_text("notebook: tiny.ipynb\nruns:\n  - {label: ../../etc}\n  - {label: /etc/cron.d/x}\n",
                     encoding="utf-8")
    runs = plan_batch(load_batch(batch))
    assert len(runs) == 2 and all(r.plan.run_dir.parent == reports.resolve() for r in runs)


def test_out_dir_param_cannot_be_set_by_users(tmp_path, reports):
    from framing.errors import ParameterError

    with pytest.raises(ParameterError, match="run_dir"):
        plan_run(_tiny(tmp_path), {"run_dir": "../../etc"})


@pytest.mark.slow  # runs a notebook twice
def test_parameters_reach_the_notebook_as_literals(tmp_path, reports):
    marker = Path("/tmp") / f"framing-pwned-{uuid.uuid4().hex}"
    payload = f'"); import os; os.system("touch {marker}")  #'
    payload2 = f"'''\nimport os; os.system('touch {marker}')\n'''"
    notebook = _tiny(tmp_path)
    for value in (payload, payload2):
        result = run_report(notebook, {"label": value})
        assert result.status == "ok", result.error
        assert json.loads((result.run_dir / "label.json").read_text(encoding="utf-8")) == value
        assert result.run_dir.parent == reports.resolve()
    assert not marker.exists()
    assert not Path("/tmp/pwned").exists() or Path("/tmp/pwned").stat().st_mtime < reports.stat().st_mtime


def test_make_lab_binds_localhost_with_a_token():
    """`make lab` runs framing.lab, whose command line binds 127.0.0.1 and always sets a token."""
    lines = (ROOT / "Makefile").read_text(encoding="utf-8").splitlines()
    recipe = lines[lines.index(next(line for line in lines if line.startswith("lab:"))) + 1]
    assert recipe.strip().endswith("-m framing.lab")
    from framing.lab import lab_command, lab_environment

    cmd = lab_command(ROOT / "notebooks")
    assert "--ServerApp.ip=127.0.0.1" in cmd and "--no-browser" in cmd
    assert not any("token" in a.lower() for a in cmd)  # the token goes in the environment, not in `ps`
    assert len(lab_environment()["JUPYTER_TOKEN"]) >= 32
    assert not any(re.search(r"0\.0\.0\.0|--ip=\*|allow_origin|password", a) for a in cmd)
