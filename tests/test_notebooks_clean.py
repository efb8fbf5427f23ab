"""The committed notebooks are the source of truth: clean (no outputs), thin (parameters, then
calls into the public library) and typed (dates are Dates, so bad ones fail before a kernel starts)."""

import ast
import re
from pathlib import Path

import nbformat
import pytest

from framing.errors import ParameterError
from framing.notebook_tools import problems
from framing.report import plan_run

NOTEBOOKS = sorted((Path(__file__).parent.parent / "notebooks").glob("*.ipynb"))
MAX_LINES = 15  # per code cell: more is logic that belongs in the library
TYPES = {"str", "int", "float", "bool", "list", "Date", "File"}  # framing.report.params / framing.report.types
PARAMETER = re.compile(r"^(?P<name>\w+): (?P<type>\w+) = .+  # \S.*$")
PANDAS_LOGIC = ("merge", "apply", "agg", "aggregate", "pivot", "pivot_table", "assign", "concat", "transform", "map")
ALLOWED_IMPORTS = ("framing", "IPython.display")


def code_cells(path: Path) -> list[nbformat.NotebookNode]:
    return [c for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code"]


def test_all_notebooks_are_here():
    assert [p.stem for p in NOTEBOOKS] == ["coded_sample_report", "corpus_overview", "explore", "framing_report",
                                           "lexicon_validation", "outlet_comparison", "voices_report"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_committed_notebooks_are_clean(path):
    nb = nbformat.read(path, as_version=4)
    assert problems(nb) == []


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_first_code_cell_holds_typed_commented_parameters(path):
    first = code_cells(path)[0]
    assert "parameters" in first.metadata.get("tags", []), "the first code cell must be tagged `parameters`"
    for line in first.source.splitlines():
        if not line or line.startswith("from framing.report.types import "):
            continue
        m = PARAMETER.match(line)
        assert m, f"{path.name}: parameter line {line!r} is not `name: type = default  # what it is`"
        assert m["type"] in TYPES, f"{path.name}: {m['name']} has type {m['type']}; use one of {sorted(TYPES)}"
        if m["name"].startswith("date_"):
            assert m["type"] == "Date", f"{path.name}: {m['name']} must be typed Date (framing.report.types)"


def _problems(tree: ast.AST) -> list[str]:
    out = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            out.append(f"line {node.lineno}: a definition; put it in the library")
        elif isinstance(node, (ast.For, ast.AsyncFor, ast.While, ast.ListComp, ast.SetComp, ast.DictComp,
                               ast.GeneratorExp)):
            out.append(f"line {node.lineno}: a loop; put it in the library")
        elif isinstance(node, (ast.Assign, ast.AugAssign)) and any(
                isinstance(t, (ast.Subscript, ast.Attribute))
                for t in (node.targets if isinstance(node, ast.Assign) else [node.target])):
            out.append(f"line {node.lineno}: changes a table in place; put it in the library")
        elif isinstance(node, ast.Attribute) and node.attr in PANDAS_LOGIC:
            out.append(f"line {node.lineno}: pandas logic (.{node.attr}); put it in the library")
        elif isinstance(node, ast.Import):
            out += [f"line {node.lineno}: imports {a.name}" for a in node.names if a.name != "framing"]
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if not module.startswith(ALLOWED_IMPORTS) or any(part.startswith("_") for part in module.split(".")):
                out.append(f"line {node.lineno}: imports from {module}; import the public framing library")
            out += [f"line {node.lineno}: imports private {a.name}" for a in node.names if a.name.startswith("_")]
    return out


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_other_code_cells_only_call_the_public_library(path):
    for k, cell in enumerate(code_cells(path)[1:], start=1):
        assert len(cell.source.splitlines()) <= MAX_LINES, f"{path.name} code cell {k}: over {MAX_LINES} lines"
        found = _problems(ast.parse(cell.source))
        assert not found, f"{path.name} code cell {k}: " + "; ".join(found)


def test_thinness_check_catches_logic():
    bad = "import numpy as np\ndef f(x):\n    return x\nfor i in range(3):\n    t['x'] = 1\nt = a.merge(b)\n"
    found = " ".join(_problems(ast.parse(bad)))
    for what in ("imports numpy", "definition", "loop", "in place", ".merge"):
        assert what in found


@pytest.mark.parametrize("notebook", ["voices_report", "framing_report", "outlet_comparison", "corpus_overview"])
def test_a_non_iso_date_is_rejected_before_a_kernel_starts(notebook):
    with pytest.raises(ParameterError, match="24/02/2022"):
        plan_run(notebook, {"date_from": "24/02/2022"})


def test_problems_detects_outputs():
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1", execution_count=3)])
    assert "kernelspec is not 'framing'" in problems(nb) and "cell 0 has outputs or an execution count" in problems(nb)


def test_strip_cleans_a_notebook_that_check_rejects(tmp_path, capsys):
    from framing.notebook_tools import main

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        "print(1)", execution_count=1, outputs=[nbformat.v4.new_output("stream", text="1\n")])])
    path = tmp_path / "dirty.ipynb"
    nbformat.write(nb, path)
    assert main(["check", str(path)]) == 1 and "dirty.ipynb: kernelspec is not 'framing'" in capsys.readouterr().out
    assert main(["strip", str(path)]) == 0 and main(["check", str(path)]) == 0
    cleaned = nbformat.read(path, as_version=4)
    assert cleaned.cells[0].source == "print(1)" and cleaned.cells[0].outputs == []
    assert cleaned.metadata.kernelspec.display_name == "Python (framing)"
