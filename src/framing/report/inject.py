"""Parameterised copies of report notebooks: parameters injected exactly as a report run injects them.

:func:`parameterize` writes a copy of a report notebook with one parameter set applied the way a
report run applies it: the run planner (:func:`framing.report.run.plan_run`) checks them against
the notebook's typed ``parameters`` cell and checks the input files (all problems reported at
once) and makes relative file paths absolute; papermill injects them as an ``injected-parameters`` cell
(:func:`papermill.parameterize.parameterize_notebook`, the function ``papermill.execute_notebook``
calls). The copy goes to a scratch folder (``notebooks/scratch/``, git-ignored); the committed
notebook is never written. :func:`framing.lab.open_in_lab` opens such a copy in JupyterLab;
:func:`report_command` gives the equivalent ``framing report`` command line.
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import shlex
from pathlib import Path
from typing import Any

import nbformat
from IPython.display import HTML
from papermill.iorw import load_notebook_node
from papermill.parameterize import parameterize_notebook

from ..atomic import atomic_path
from ..notebook_tools import strip
from ..paths import notebooks_dir
from .params import notebook_path
from .run import plan_run

SCRATCH = "scratch"  # sub-folder of notebooks/ for parameterised copies (git-ignored)


def scratch_dir() -> Path:
    """``notebooks/scratch/``: where parameterised copies go (inside the folder Lab serves)."""
    return notebooks_dir() / SCRATCH


def resolve_parameters(notebook: str | Path, parameters: dict[str, Any] | None = None) -> dict[str, Any]:
    """The values a report run of ``notebook`` injects into its kernel: the run planner's own
    (:func:`framing.report.run.plan_run`): defaults merged with ``parameters``, each checked and
    typed, input files and lexicons checked, relative file paths made absolute. Raises
    :class:`ParameterError` listing the problems; nothing is executed or written.

    >>> resolve_parameters("framing_report", {"n_boot": "200"})["n_boot"]
    200
    """
    return dict(plan_run(notebook, parameters).kernel_values)


def _slug(parameters: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(parameters, sort_keys=True, default=str).encode()).hexdigest()[:8]


def parameterize(notebook: str | Path, parameters: dict[str, Any] | None = None, *,
                 out_dir: str | Path | None = None) -> Path:
    """Write a copy of ``notebook`` with ``parameters`` injected as a report run injects them.

    As in ``framing report``, every parameter (defaults merged with yours, checked and typed; relative
    paths made absolute) is injected in an ``injected-parameters`` cell after the ``parameters`` cell;
    only ``run_dir`` is left at its default, so figures are shown, not saved. The copy is
    ``<out_dir>/<notebook>__<hash of the values>.ipynb`` (default ``notebooks/scratch/``), stored
    without outputs; an existing copy is replaced, the source notebook is never written.

    >>> import tempfile
    >>> copy = parameterize("framing_report", {"n_boot": "200"}, out_dir=tempfile.mkdtemp())
    >>> cell = [c for c in nbformat.read(copy, 4).cells if "injected-parameters" in c.metadata.get("tags", [])][0]
    >>> "n_boot = 200" in cell.source.splitlines()
    True
    """
    source = notebook_path(notebook)
    values = resolve_parameters(source, parameters)
    nb = load_notebook_node(str(source))  # as papermill.execute_notebook reads it
    kernel = nb.metadata.get("kernelspec", {}).get("name")
    injected = strip(parameterize_notebook(nb, values, kernel_name=kernel))
    injected.metadata["framing"] = {"source_notebook": source.name, "parameters": values}
    folder = Path(out_dir) if out_dir else scratch_dir()
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{source.stem}__{_slug(values)}.ipynb"
    with atomic_path(target) as tmp:
        nbformat.write(injected, tmp)
    return target


def report_command(notebook: str, parameters: dict[str, Any]) -> str:
    """The ``framing report`` command line that runs ``notebook`` with ``parameters``.

    >>> report_command("framing_report", {"corpus": "my files/*.csv", "lexicons": ["hedging", "security"]})
    "framing report framing_report -p corpus 'my files/*.csv' -p lexicons hedging,security"
    """
    parts = ["framing", "report", notebook]
    for name, value in parameters.items():
        text = ",".join(map(str, value)) if isinstance(value, list) else str(value)
        parts += ["-p", name, shlex.quote(text)]
    return " ".join(parts)


def notebook_link(path: str | Path) -> HTML:
    """A link (``IPython.display.HTML``) to a notebook, relative to the kernel's folder, which
    JupyterLab opens in a new tab."""
    rel = Path(os.path.relpath(Path(path).resolve(), Path.cwd())).as_posix()
    return HTML(f'<a class="framing-notebook-link" href="{html.escape(rel)}">open {html.escape(rel)}</a>')
