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


@pytest.fixture(scope="session")
def overview_of_mixed_languages(tmp_path_factory):
    """corpus_overview run once for the session on the mixed-language fixture corpus (12 dated articles,
    three languages, two outlets); tests only read it (test_notebooks_run: the run's files; test_languages_report:
    the language table)."""
    from framing import run_report

    corpus = Path(__file__).parents[1] / "fixtures" / "mixed_languages.jsonl"  # as conftest's mixed_languages
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("FRAMING_REPORTS", str(tmp_path_factory.mktemp("overview") / "reports"))
        return run_report("corpus_overview", {"corpus": str(corpus)})


@pytest.fixture
def tiny(tmp_path) -> Path:
    """Path of a tiny notebook: parameters ``x`` (2 fails) and ``data`` (a File), one table ``tiny``."""
    return write_tiny(tmp_path / "tiny.ipynb")
