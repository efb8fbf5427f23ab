"""A tiny report notebook for runner tests (starts a kernel fast: no corpus, no figures)."""

from pathlib import Path

import nbformat
import pytest

TINY_SOURCE = """\
if x == 2:
    raise ValueError("x is two")
import pandas as pd
from framing.report import save_table
text = open(data, encoding="utf-8").read() if data else ""
save_table(pd.DataFrame({"x": [x], "chars": [len(text)]}), "tiny", "Tiny table.", run_dir)
"""


def write_tiny(path: Path) -> Path:
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("from framing.report.types import File\n\n"
                                  "x: int = 1  # a number; 2 makes the notebook fail\n"
                                  "data: File = ''  # a text file whose length goes into the table\n"
                                  "run_dir: str = ''  # set by the runner", metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell(TINY_SOURCE)])
    nb.metadata["kernelspec"] = {"name": "framing", "display_name": "Python (framing)", "language": "python"}
    nbformat.write(nb, path)
    return path


@pytest.fixture
def tiny(tmp_path) -> Path:
    """Path of a tiny notebook: parameters ``x`` (2 fails) and ``data`` (a File), one table ``tiny``."""
    return write_tiny(tmp_path / "tiny.ipynb")
