"""Execute a report notebook with papermill into a new run folder, and record its provenance.

A run folder ``reports/<notebook>__<params>__<hash>/`` holds ``notebook.ipynb`` (executed),
``report.html`` (code hidden), ``figures/``, ``tables/`` and ``manifest.json``. The hash covers
the notebook, the parameters, the input files, the lexicons and the kit version, so an unchanged
run is found again and not repeated; a run folder is never overwritten. The run is built in a
temporary folder and renamed into place, so a folder under ``reports/`` is always complete.

The runner, not papermill, decides failure: a cell error, a missing kernel or a timeout gives
``status == "failed"``; the partial notebook and its HTML are still saved.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import nbformat

from .. import __version__
from ..corpus import resolve_inputs
from ..errors import FramingError, ParameterError, ReportError
from ..lexicons import load_lexicons
from ..paths import notebooks_dir, project_root, reports_dir
from .manifest import environment, git_state, package_versions, read_registry, sha256_file, write_json
from .params import check_parameters, describe_parameters

RESERVED = {"run_dir"}  # injected by the runner, never set by users
DEFAULT_NOTEBOOK = "framing_report"


@dataclass
class RunResult:
    """Outcome of :func:`run_report`. ``status`` is ``ok``, ``failed`` or ``cached``."""

    run_id: str
    run_dir: Path
    status: str
    error: str = ""

    @property
    def html(self) -> Path:
        return self.run_dir / "report.html"

    @property
    def manifest(self) -> dict:
        return json.loads((self.run_dir / "manifest.json").read_text(encoding="utf-8"))


def notebook_path(notebook: str | Path) -> Path:
    """A notebook by name (``framing_report``) or path; raises a clear error if missing."""
    path = Path(notebook)
    if path.suffix != ".ipynb":
        path = notebooks_dir() / f"{notebook}.ipynb"
    if not path.is_file():
        names = sorted(p.stem for p in notebooks_dir().glob("*.ipynb"))
        raise ParameterError(f"notebook {str(notebook)!r} not found; available: {', '.join(names)}")
    return path


def _slug(values: dict[str, Any], defaults: dict[str, Any]) -> str:
    changed = [(k, v) for k, v in sorted(values.items()) if defaults.get(k) != v and k not in RESERVED]
    if not changed:
        return "default"
    parts = []
    for key, value in changed:
        text = ",".join(map(str, value)) if isinstance(value, list) else str(value)
        text = Path(text).stem if ("/" in text or "\\" in text) else text
        parts.append(f"{key}-{text}")
    return re.sub(r"[^A-Za-z0-9._-]+", "_", "_".join(parts)).strip("._-")[:60] or "params"


def _inputs(values: dict[str, Any]) -> tuple[list[dict], list[dict], list[str]]:
    """Hash the corpus files and lexicons a run reads (validated before any kernel starts)."""
    problems, inputs, lexicons = [], [], []
    if "corpus" in values:
        try:
            for spec in resolve_inputs(values["corpus"]):
                path = spec.path.resolve()
                shown = path.relative_to(project_root()).as_posix() if path.is_relative_to(project_root()) else str(path)
                inputs.append({"path": shown, "sha256": sha256_file(path), "bytes": path.stat().st_size})
        except FramingError as exc:
            problems.append(f"parameter 'corpus': {exc}")
    if "lexicons" in values:
        try:
            lexicons = [lex.provenance() for lex in load_lexicons(values["lexicons"])]
        except FramingError as exc:
            problems.append(f"parameter 'lexicons': {exc}")
    return inputs, lexicons, problems


def _absolute_paths(values: dict[str, Any]) -> dict[str, Any]:
    """The kernel runs inside the run folder: turn relative file arguments into absolute ones."""
    out = dict(values)
    corpus = out.get("corpus")
    if isinstance(corpus, str) and Path(corpus).exists():
        out["corpus"] = str(Path(corpus).resolve())
    if isinstance(out.get("lexicons"), list):
        out["lexicons"] = [str(Path(x).resolve()) if Path(str(x)).is_file() else x for x in out["lexicons"]]
    return out


def _export_html(notebook_file: Path, html_file: Path) -> None:
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True,
                            template_file=str(Path(__file__).parent / "templates" / "offline.html.j2"))
    body, _ = exporter.from_notebook_node(nbformat.read(notebook_file, as_version=4))
    html_file.write_text(body, encoding="utf-8")


def _execute(source: Path, target: Path, values: dict[str, Any], cwd: Path, timeout: int) -> str:
    """Run papermill; return "" on success or a one-line reason for the failure."""
    import papermill
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    nb = nbformat.read(source, as_version=4)
    kernel = nb.metadata.get("kernelspec", {}).get("name", "python3")
    try:
        KernelSpecManager().get_kernel_spec(kernel)
    except NoSuchKernel:
        shutil.copyfile(source, target)
        return (f"Jupyter kernel {kernel!r} is not installed. Fix: run `make setup`, or "
                f"`python -m ipykernel install --sys-prefix --name {kernel} --display-name \"Python (framing)\"`")
    try:
        papermill.execute_notebook(str(source), str(target), parameters=values, cwd=str(cwd), kernel_name=kernel,
                                   progress_bar=False, log_output=False, execution_timeout=timeout)
    except papermill.PapermillExecutionError as exc:
        return f"cell {exc.exec_count} raised {exc.ename}: {exc.evalue}"
    except Exception as exc:  # noqa: BLE001 - any kernel/timeout failure marks the run failed
        return f"{type(exc).__name__}: {exc}"
    executed = nbformat.read(target, as_version=4)
    errors = [o for c in executed.cells if c.cell_type == "code" for o in c.get("outputs", []) if o.output_type == "error"]
    if errors:
        return f"a cell raised {errors[0].ename}: {errors[0].evalue}"
    return ""


def run_report(notebook: str | Path = DEFAULT_NOTEBOOK, parameters: dict[str, Any] | None = None, *,
               force: bool = False, timeout: int = 1800, out_dir: str | Path | None = None) -> RunResult:
    """Validate parameters, execute the notebook into a new run folder, write the manifest.

    Returns a :class:`RunResult`; an unchanged earlier run is returned as ``cached`` unless
    ``force`` (then a new, time-stamped folder is made: runs are never overwritten).
    """
    source = notebook_path(notebook)
    parameters = dict(parameters or {})
    bad = RESERVED & set(parameters)
    if bad:
        raise ParameterError([f"parameter {name!r} is set by the runner, not by users" for name in sorted(bad)])
    declared = describe_parameters(source)
    values, problems = check_parameters([p for p in declared if p.name not in RESERVED], parameters)
    inputs, lexicons, input_problems = _inputs(values)
    if problems or input_problems:
        raise ParameterError(problems + input_problems)
    fingerprint = hashlib.sha256(json.dumps({
        "notebook": sha256_file(source), "parameters": values, "inputs": inputs, "lexicons": lexicons,
        "framing": __version__}, sort_keys=True, default=str).encode()).hexdigest()
    defaults = {p.name: p.default for p in declared}
    run_id = f"{source.stem}__{_slug(values, defaults)}__{fingerprint[:8]}"
    base = Path(out_dir) if out_dir else reports_dir()
    final = base / run_id
    if final.exists():
        previous = final / "manifest.json"
        if not force and previous.is_file() and json.loads(previous.read_text())["status"] == "ok":
            return RunResult(run_id, final, "cached")
        run_id = f"{run_id}__{datetime.now(timezone.utc).strftime('%Y%m%dT%H%M%S%fZ')}"
        final = base / run_id
    tmp = base / f".tmp-{run_id}-{os.getpid()}"
    tmp.mkdir(parents=True)
    started = datetime.now(timezone.utc)
    os.environ.setdefault("FRAMING_HOME", str(project_root()))
    error = _execute(source, tmp / "notebook.ipynb", {**_absolute_paths(values), "run_dir": "."}, tmp, timeout)
    finished = datetime.now(timezone.utc)
    if (tmp / "notebook.ipynb").is_file():
        _export_html(tmp / "notebook.ipynb", tmp / "report.html")
    registry = read_registry(tmp)
    write_json(tmp / "manifest.json", {
        "run_id": run_id, "status": "failed" if error else "ok", "error": error,
        "notebook": {"name": source.stem, "sha256": sha256_file(source)},
        "parameters": values, "fingerprint": fingerprint, "inputs": inputs, "lexicons": lexicons,
        "packages": package_versions(), "environment": environment(), "git": git_state(),
        "started": started.isoformat(), "finished": finished.isoformat(),
        "figures": [e for e in registry if e["kind"] == "figure"],
        "tables": [e for e in registry if e["kind"] == "table"],
    })
    (tmp / ".registry.jsonl").unlink(missing_ok=True)
    tmp.rename(final)
    return RunResult(run_id, final, "failed" if error else "ok", error)


def require_ok(result: RunResult) -> RunResult:
    """Raise :class:`ReportError` for a failed run (message names the run folder)."""
    if result.status == "failed":
        raise ReportError(f"report run failed: {result.error}\n  partial notebook and HTML: {result.run_dir}")
    return result
