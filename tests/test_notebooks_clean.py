from pathlib import Path

import nbformat
import pytest

from framing.notebook_tools import problems

NOTEBOOKS = sorted((Path(__file__).parent.parent / "notebooks").glob("*.ipynb"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_committed_notebooks_are_clean(path):
    nb = nbformat.read(path, as_version=4)
    assert problems(nb) == []
    assert any("parameters" in c.metadata.get("tags", []) for c in nb.cells), "no parameters cell"


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
