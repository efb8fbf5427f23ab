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

import contextlib
import functools
import gc
import glob
import hashlib
import json
import logging
import os
import re
import secrets
import shutil
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ..corpus import resolve_inputs, rules_provenance
from ..errors import FramingError, ParameterError, ReportError
from ..lexicons import Lexicon, builtin_names, load_lexicon, load_lexicons
from ..paths import project_root, reports_dir
from .checks import corpus_facts, corpus_problems, save_facts
from .index import INDEX_FILES, write_figure_index
from .manifest import (
    environment,
    git_state,
    kit_sha256,
    lexicon_key,
    lexicon_label,
    lexicon_versions,
    package_versions,
    read_registry,
    sha256_file,
    write_json,
)
from .params import Parameter, check_parameters, describe_parameters, did_you_mean, notebook_path, resolve_file

RESERVED = {"run_dir"}  # injected by the runner, never set by users
DEFAULT_NOTEBOOK = "framing_report"


@dataclass
class RunResult:
    """Outcome of :func:`run_report`. ``status`` is ``ok``, ``failed`` or ``cached``."""

    run_id: str
    run_dir: Path
    status: str
    error: str = ""
    reason: str = ""

    @property
    def html(self) -> Path:
        return self.run_dir / "report.html"

    @property
    def manifest(self) -> dict:
        return json.loads((self.run_dir / "manifest.json").read_text(encoding="utf-8"))


def _clean(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", text).strip("._-")


def _slug(values: dict[str, Any], defaults: dict[str, Any]) -> str:
    """Readable, file-name-safe summary of the parameters that differ from the defaults.

    >>> _slug({"corpus": "../../etc", "n": 2}, {"corpus": "x", "n": 2})
    'corpus-etc'
    """
    changed = [(k, v) for k, v in sorted(values.items()) if defaults.get(k) != v and k not in RESERVED]
    if not changed:
        return "default"
    parts = []
    for key, value in changed:
        text = ",".join(map(str, value)) if isinstance(value, list) else str(value)
        text = ",".join(Path(t).stem if ("/" in t or "\\" in t) else t for t in text.split(","))
        parts.append(f"{key}-{_cut(_clean(text), 20)}")  # every changed parameter gets a short say
    return _cut(_clean("_".join(parts)), 80) or "params"


def _cut(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters at a word boundary (``_ - . ,``) where one lies in the
    second half, so a folder name never ends mid-word; the run hash keeps names unique.

    >>> _cut("Framing_of_cease-fire_talks", 20)
    'Framing_of_cease'
    >>> _cut("Supercalifragilistic", 10)
    'Supercalif'
    """
    text = text.strip("._-")
    if len(text) <= limit:
        return text
    head = text[:limit + 1]
    cut = max(head.rfind(sep) for sep in "_-.,")
    return (head[:cut] if cut >= limit // 2 else text[:limit]).strip("._-")


def _shown(path: Path) -> str:
    path = path.resolve()
    root = project_root()
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)


def _file_entry(path: Path, param: str) -> dict:
    stat = path.stat()
    return {"path": _shown(path), "sha256": _input_sha256(str(path.resolve()), stat.st_size, stat.st_mtime_ns),
            "bytes": stat.st_size, "parameter": param}


@functools.lru_cache(maxsize=256)
def _input_sha256(path: str, size: int, mtime_ns: int) -> str:
    """Hash of an input file, once per process while its size and mtime stay the same (batches plan
    many runs over the same corpus)."""
    return sha256_file(path)


def _inputs(values: dict[str, Any], declared: list[Parameter]) -> tuple[list[dict], list[Lexicon], list[str]]:
    """Hash the files and load the lexicons a run reads (validated before any kernel starts)."""
    problems: list[str] = []
    inputs: list[dict] = []
    lexicons: list[Lexicon] = []
    if "corpus" in values:
        try:
            inputs += [_file_entry(spec.path, "corpus") for spec in resolve_inputs(values["corpus"])]
        except FramingError as exc:
            problems.append(f"parameter 'corpus': {exc}")
    for p in declared:
        found = resolve_file(values[p.name]) if p.type == "File" and values.get(p.name) else None
        if found is not None:
            inputs.append(_file_entry(found, p.name))
    if "lexicons" in values:
        key = json.dumps(values["lexicons"], default=str)
        try:
            if _LEXICON_MEMO is not None and key in _LEXICON_MEMO:
                lexicons = _LEXICON_MEMO[key]
            else:
                lexicons = load_lexicons(values["lexicons"])
            if _LEXICON_MEMO is not None:
                _LEXICON_MEMO[key] = lexicons
        except FramingError as exc:
            problems += _lexicon_problems(values["lexicons"]) or [f"parameter 'lexicons': {exc}"]
    return inputs, lexicons, problems


def _lexicon_problems(names: list) -> list[str]:
    """One problem per lexicon that does not load, each with the closest built-in name."""
    out = []
    for name in names:
        try:
            load_lexicon(name)
        except FramingError as exc:
            hint = "" if Path(str(name)).suffix in {".yaml", ".yml"} else did_you_mean(name, builtin_names())
            out.append(f"parameter 'lexicons': {exc}{hint}")
    return out


_LEXICON_MEMO: dict[str, list[Lexicon]] | None = None


@contextlib.contextmanager
def same_lexicons():
    """Within this block, lexicons named alike are read once (a batch plans many runs at one moment)."""
    global _LEXICON_MEMO
    outer, _LEXICON_MEMO = _LEXICON_MEMO, {} if _LEXICON_MEMO is None else _LEXICON_MEMO
    try:
        yield
    finally:
        _LEXICON_MEMO = outer


def _absolute_paths(values: dict[str, Any], declared: list[Parameter]) -> dict[str, Any]:
    """The kernel runs inside the run folder: turn relative file arguments into absolute ones."""
    out = dict(values)
    corpus = out.get("corpus")
    if isinstance(corpus, str) and Path(corpus).exists():
        out["corpus"] = str(Path(corpus).resolve())
    if isinstance(out.get("lexicons"), list):
        out["lexicons"] = [str(Path(x).resolve()) if Path(str(x)).is_file() else x for x in out["lexicons"]]
    for p in declared:
        if p.type == "File" and out.get(p.name):
            out[p.name] = str(resolve_file(out[p.name]) or out[p.name])
    return out


def _export_html(notebook_file: Path, html_file: Path, log_file: Path | None = None) -> None:
    """HTML of the executed notebook, code hidden. Text a cell wrote to stderr (warnings, with the
    paths of this machine) is left out of the HTML and appended to ``log_file`` (``run.log``)."""
    import nbformat
    from nbconvert import HTMLExporter

    nb = nbformat.read(notebook_file, as_version=4)
    moved = []
    for number, cell in enumerate(nb.cells):
        outputs = cell.get("outputs", [])
        kept = [o for o in outputs if not (o.get("output_type") == "stream" and o.get("name") == "stderr")]
        moved += [f"[cell {number}] {o.get('text', '')}" for o in outputs if o not in kept]
        if cell.cell_type == "code":
            cell.outputs = kept
    if moved and log_file is not None:
        with open(log_file, "a", encoding="utf-8") as fh:
            fh.write("--- stderr of cells (left out of report.html) ---\n" + "".join(moved))
    exporter = HTMLExporter(exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True,
                            template_file=str(Path(__file__).parent / "templates" / "offline.html.j2"))
    body, _ = exporter.from_notebook_node(nb)
    html_file.write_text(body, encoding="utf-8")


# A kernel that dies before it answers (e.g. another process bound one of the ports jupyter_client
# picked for it, between the pick and the kernel's bind) ran no cell: it is started again.
KERNEL_NOT_STARTED = "Kernel died before replying to kernel_info"
KERNEL_START_TRIES = 3
# How long a kernel may take to answer its first request. papermill's default (60 s) is short on a
# busy machine (a batch running many runs at once, a test suite beside other work): a run then
# failed without having run a cell. A kernel that dies is noticed at once whatever this is.
KERNEL_START_TIMEOUT = 600


def _execute(source: Path, target: Path, values: dict[str, Any], cwd: Path, timeout: int, log=None) -> str:
    """Run papermill; return "" on success or a one-line reason for the failure.

    The kernel starts in ``cwd`` (nbclient's ``resources``), and this process never changes its
    own working folder, so runs in threads or processes side by side cannot race on it.
    """
    import nbformat
    import papermill
    from jupyter_client import AsyncKernelManager
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    nb = nbformat.read(source, as_version=4)
    kernel = nb.metadata.get("kernelspec", {}).get("name", "python3")
    try:
        KernelSpecManager().get_kernel_spec(kernel)
    except NoSuchKernel:
        shutil.copyfile(source, target)
        return (f"Jupyter kernel {kernel!r} is not installed. Fix: run `make setup`, or "
                f"`python -m ipykernel install --sys-prefix --name {kernel} --display-name \"Python (framing)\"`")
    kernels: list = []  # the kernel manager of this run, once nbclient made it (to stop it on an interrupt)

    class TrackedKernelManager(AsyncKernelManager):
        def __init__(self, **kwargs: Any) -> None:
            super().__init__(**kwargs)
            kernels.append(self)

    outcome: dict[str, str] = {}

    stopping = threading.Event()  # set on an interrupt: a kernel that dies then is not started again

    def work() -> None:
        for attempt in range(1, KERNEL_START_TRIES + 1):
            try:
                papermill.execute_notebook(str(source), str(target), parameters=values, kernel_name=kernel,
                                           progress_bar=False, log_output=False, stdout_file=log,
                                           stderr_file=log, execution_timeout=timeout,
                                           start_timeout=KERNEL_START_TIMEOUT,
                                           resources={"metadata": {"path": str(cwd)}},
                                           kernel_manager_class=TrackedKernelManager,
                                           extra_arguments=["--IPKernelApp.log_level=CRITICAL"])  # no kernel log noise
                outcome["error"] = ""
            except papermill.PapermillExecutionError as exc:
                outcome["error"] = f"cell {exc.exec_count} raised {exc.ename}: {exc.evalue}"
            except BaseException as exc:
                outcome["error"] = f"{type(exc).__name__}: {exc}"
                if KERNEL_NOT_STARTED in str(exc) and attempt < KERNEL_START_TRIES and not stopping.is_set():
                    LOG.warning("the kernel did not start (%s); starting it again (%d of %d)",
                                exc, attempt + 1, KERNEL_START_TRIES)
                    continue  # no cell ran: e.g. another process took one of its ports first
            return

    # The kernel is driven from a thread; this (main) thread only waits, so an interrupt (Ctrl-C, or
    # SIGTERM through the CLI) always lands here, never half-way through nbclient: the run is
    # interrupted whatever the kernel thread reports next, then the kernel is stopped, then the
    # interrupt goes on up (a batch writes its summary).
    thread = threading.Thread(target=work, name="framing-kernel", daemon=True)
    thread.start()
    try:
        while thread.is_alive():
            thread.join(0.1)
    except KeyboardInterrupt:
        stopping.set()
        _stop_kernels(kernels, thread)
        raise
    error = outcome.get("error", "the kernel thread ended without a result")
    if "KeyboardInterrupt" in error and not error.startswith("cell "):
        raise KeyboardInterrupt  # the kernel thread saw the interrupt first: still an interrupt, not a failure
    if error:
        return error
    executed = nbformat.read(target, as_version=4)
    errors = [o for c in executed.cells if c.cell_type == "code" for o in c.get("outputs", []) if o.output_type == "error"]
    if errors:
        return f"a cell raised {errors[0].ename}: {errors[0].evalue}"
    return ""


STOP_WAIT_S = 120  # how long an interrupted run waits for its kernel thread (it ends once the kernel is gone)


def _stop_kernels(kernels: list, thread: threading.Thread) -> None:
    """Stop the run's kernel (SIGTERM, then SIGKILL after 5 s) and wait for the kernel thread to
    end, so that nothing writes into the run's temp folder once it is removed (on a loaded machine
    the thread can take longer than any fixed wait)."""
    quiet = [logging.getLogger(name) for name in ("papermill", "traitlets", "asyncio")]
    was = [logger.disabled for logger in quiet]
    for logger in quiet:  # the dying kernel is expected: no "kernel died" lines
        logger.disabled = True
    deadline = time.monotonic() + STOP_WAIT_S
    while True:  # again until the kernel thread has ended: a kernel may start after the interrupt
        procs = [p for p in (getattr(getattr(km, "provisioner", None), "process", None) for km in kernels) if p]
        for proc in procs:
            with contextlib.suppress(OSError):
                proc.terminate()
        for proc in procs:
            try:
                proc.wait(5)
            except Exception:
                with contextlib.suppress(OSError):
                    proc.kill()
        thread.join(1)
        if not thread.is_alive() or time.monotonic() > deadline:
            break
    gc.collect()  # the dead kernel's leftover tasks report here, while their loggers are quiet
    for logger, state in zip(quiet, was):
        logger.disabled = state


@dataclass
class RunPlan:
    """A validated run, before execution: what :func:`plan_run` decided (picklable, for workers)."""

    source: Path
    values: dict[str, Any]
    kernel_values: dict[str, Any]
    inputs: list[dict]
    lexicons: list[dict]
    fingerprint: str
    run_id: str
    base: Path
    cached: bool
    reason: str
    home: str = ""
    tmp_name: str = ""
    notebook_sha256: str = ""
    kit_sha256: str = ""
    languages: dict[str, int] = field(default_factory=dict)  # documents per language of the corpus

    @property
    def run_dir(self) -> Path:
        return self.base / self.run_id

    @property
    def tmp_dir(self) -> Path:
        """The one temp folder this plan's run is built in (unique to this plan, so whoever planned the
        run, e.g. an interrupted batch, can remove exactly it and nothing of another process)."""
        return self.base / self.tmp_name


def _read_manifest(run_dir: Path) -> dict | None:
    try:
        return json.loads((run_dir / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _changes(old: dict, new: dict) -> list[str]:
    """What differs between an earlier run's manifest and a planned run (for the re-run reason)."""
    out = []
    if old.get("notebook", {}).get("sha256") != new["notebook"]:
        out.append("notebook code changed")
    if old.get("parameters") != new["parameters"]:
        keys = sorted(k for k in set(old.get("parameters", {})) | set(new["parameters"])
                      if old.get("parameters", {}).get(k) != new["parameters"].get(k))
        out.append("parameters changed: " + ", ".join(keys))
    before = {e["path"]: e["sha256"] for e in old.get("inputs", [])}
    after = {e["path"]: e["sha256"] for e in new["inputs"]}
    for path in sorted(set(before) | set(after)):
        if before.get(path) != after.get(path):
            what = "added" if path not in before else "removed" if path not in after else (
                f"sha256 {before[path][:8]} -> {after[path][:8]}")
            out.append(f"input {path} {what}")
    lex_before = {lexicon_key(e): e for e in old.get("lexicons", [])}
    for lex in new["lexicons"]:
        prev = lex_before.get(lexicon_key(lex))
        if prev is None or prev.get("sha256") != lex.get("sha256"):
            out.append(f"lexicon {lexicon_label(lex)} " + ("added" if prev is None else
                       f"changed ({prev.get('version')} -> {lex.get('version')}, sha256 "
                       f"{str(prev.get('sha256'))[:8]} -> {str(lex.get('sha256'))[:8]})"))
    if old.get("packages", {}).get("framing") != new["framing"]:
        out.append(f"kit version {old.get('packages', {}).get('framing')} -> {new['framing']}")
    if old.get("kit_sha256") != new["kit"]:
        out.append(f"kit code changed (sha256 {str(old.get('kit_sha256'))[:8]} -> {new['kit'][:8]})")
    return out


def _rerun_reason(base: Path, run_id: str, prefix: str, parts: dict, force: bool) -> tuple[bool, str]:
    """``(cached, reason)``: is an identical successful run there, and if not, why run again."""
    same = _read_manifest(base / run_id)
    if same is not None and same.get("status") == "ok":
        if not force:
            return True, "up to date: same notebook code, parameters, inputs, lexicons, kit version and kit code"
        return False, "forced (--force): an identical run exists; writing a new time-stamped folder"
    if same is not None:
        return False, f"the earlier identical run failed ({same.get('error', '')[:80]})"
    earlier = [m for m in (_read_manifest(d) for d in base.glob(f"{glob.escape(prefix)}*") if d.is_dir())
               if m and m.get("status") == "ok"]
    if not earlier:
        return False, "new: no earlier run of this notebook with these parameters"
    latest = max(earlier, key=lambda m: m.get("finished", ""))
    changes = _changes(latest, parts) or ["fingerprint changed"]
    return False, f"changed since {latest.get('run_id')}: " + "; ".join(changes)


def plan_run(notebook: str | Path = DEFAULT_NOTEBOOK, parameters: dict[str, Any] | None = None, *,
             force: bool = False, out_dir: str | Path | None = None, keep_facts: bool = True) -> RunPlan:
    """Check every parameter and input (all problems at once) and decide the run folder; run nothing.

    Raises :class:`ParameterError` listing every problem before any kernel starts. The corpus facts
    the checks loaded are cached under the reports folder once the checks pass (``keep_facts=False``
    leaves that to the caller's :func:`framing.report.checks.save_facts`: a batch writes nothing
    until every run of it passed).
    """
    from .. import __version__  # (read from the package's metadata when first asked for)

    source = notebook_path(notebook)
    parameters = dict(parameters or {})
    bad = RESERVED & set(parameters)
    if bad:
        raise ParameterError([f"parameter {name!r} is set by the runner, not by users" for name in sorted(bad)])
    declared = [p for p in describe_parameters(source) if p.name not in RESERVED]
    values, problems = check_parameters(declared, parameters)
    inputs, loaded, input_problems = _inputs(values, declared)
    base = (Path(out_dir) if out_dir else reports_dir()).resolve()
    notebook_sha256, kit = sha256_file(source), kit_sha256()
    languages: dict[str, int] = {}
    if not any(p.startswith(("parameter 'corpus'", "parameter 'date_")) for p in problems + input_problems):
        # columns, groups and the date window against the corpus itself (loaded once, then cached)
        input_problems += corpus_problems(values, inputs, base / "_cache", kit)
        if loaded and isinstance(values.get("corpus"), str) and not input_problems:
            try:  # the corpus's languages decide which lexicon versions the run matches with
                languages = corpus_facts(values["corpus"], inputs, base / "_cache", kit).languages
            except FramingError as exc:
                input_problems.append(f"parameter 'corpus' = {values['corpus']!r}: {exc}")
    if problems or input_problems:
        raise ParameterError(problems + input_problems)
    lexicons = lexicon_versions(loaded, languages)
    if keep_facts:
        save_facts()
    parts = {"notebook": notebook_sha256, "parameters": values, "inputs": inputs, "lexicons": lexicons,
             "framing": __version__, "kit": kit}
    fingerprint = hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()
    prefix = f"{_clean(source.stem) or 'notebook'}__{_slug(values, {p.name: p.default for p in declared})}__"
    run_id = prefix + fingerprint[:8]
    if (base / run_id).resolve().parent != base:  # never write outside the reports folder
        raise ParameterError(f"run id {run_id!r} would leave {base}")
    cached, reason = _rerun_reason(base, run_id, prefix, parts, force)
    return RunPlan(source.resolve(), values, _absolute_paths(values, declared), inputs, lexicons, fingerprint,
                   run_id, base, cached, reason, home=str(project_root()), notebook_sha256=notebook_sha256,
                   kit_sha256=kit, languages=languages, tmp_name=f".tmp-{run_id[:40]}-{os.getpid()}-{secrets.token_hex(6)}")


def _place(tmp: Path, plan: RunPlan) -> tuple[str, Path]:
    """Rename the finished temp folder into place; a taken name gets a time stamp (never overwrite)."""
    run_id = plan.run_id
    while True:
        final = plan.base / run_id
        if not final.exists():
            try:
                tmp.rename(final)
                return run_id, final
            except OSError:
                if not final.exists():
                    raise
        run_id = f"{plan.run_id}__{datetime.now(UTC).strftime('%Y%m%dT%H%M%S%fZ')}"


def execute_plan(plan: RunPlan, timeout: int = 1800, log: bool = True) -> RunResult:
    """Execute a planned run into its folder (built in a temp folder, then renamed); never raises
    for a failing notebook: the result says ``failed`` and the partial notebook is kept."""
    if plan.cached:
        return RunResult(plan.run_id, plan.run_dir, "cached")
    os.environ.setdefault("FRAMING_HOME", plan.home or str(project_root()))
    plan.base.mkdir(parents=True, exist_ok=True)
    sweep_stale_temp(plan.base, older_than=timeout)
    tmp = plan.tmp_dir
    shutil.rmtree(tmp, ignore_errors=True)  # only an earlier, broken attempt of this very plan has its name
    tmp.mkdir()
    try:
        return _build(plan, tmp, timeout, log)
    except BaseException:  # interrupted (Ctrl-C, SIGTERM) or broken: remove this run's temp folder, only it
        shutil.rmtree(tmp, ignore_errors=True)
        raise


LOG = logging.getLogger("framing.report")


def sweep_stale_temp(base: Path, older_than: float) -> list[Path]:
    """Remove the temp run folders (``.tmp-<run id>-<pid>-<random>``) that a killed process left:
    its pid is gone and nothing in the folder changed for ``older_than`` seconds (a run's timeout, so
    a run of another machine on a shared folder is never swept while it may still be going). A
    folder of a live process, or with another name, is never touched. Logs a line for each.
    """
    swept = []
    now = time.time()
    for folder in base.glob(".tmp-*"):
        head, pid, rand = (folder.name.rsplit("-", 2) + ["", ""])[:3]
        if not (folder.is_dir() and pid.isdigit() and re.fullmatch(r"[0-9a-f]{12}", rand) and head.startswith(".tmp-")):
            continue
        if int(pid) == os.getpid() or _alive(int(pid)):
            continue
        try:
            newest = max([folder.stat().st_mtime] + [p.stat().st_mtime for p in folder.iterdir()])
        except OSError:
            continue  # vanished meanwhile
        if now - newest < older_than:
            continue
        shutil.rmtree(folder, ignore_errors=True)
        swept.append(folder)
        LOG.warning("removed a stale temp run folder %s (its process %s is gone; unchanged for %.0f min)",
                    folder, pid, (now - newest) / 60)
    return swept


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists, owned by someone else
        return True
    return True


def _build(plan: RunPlan, tmp: Path, timeout: int, log: bool) -> RunResult:
    """Execute into ``tmp``, export HTML, write the manifest and move the folder into place."""
    started = datetime.now(UTC)
    with open(tmp / "run.log", "w", encoding="utf-8") if log else _null() as fh:
        if fh:
            fh.write(f"run {plan.run_id}\nnotebook {plan.source}\nreason {plan.reason}\n"
                     f"parameters {json.dumps(plan.values, sort_keys=True, default=str)}\n"
                     f"started {started.isoformat()}\n--- kernel output ---\n")
            fh.flush()
        try:
            error = _execute(plan.source, tmp / "notebook.ipynb", {**plan.kernel_values, "run_dir": "."}, tmp,
                             timeout, fh)
        except Exception as exc:
            error = f"{type(exc).__name__}: {exc}"
        finished = datetime.now(UTC)
        if fh:
            fh.write(f"--- end ---\nfinished {finished.isoformat()}\nstatus {'failed' if error else 'ok'}\n"
                     + (f"error {error}\n" if error else ""))
    if (tmp / "notebook.ipynb").is_file():
        try:
            _export_html(tmp / "notebook.ipynb", tmp / "report.html", tmp / "run.log" if log else None)
        except Exception as exc:
            error = error or f"HTML export failed: {type(exc).__name__}: {exc}"
    error = error or "; ".join(changed_during_run(plan))
    registry = read_registry(tmp)
    manifest = {
        "run_id": plan.run_id, "status": "failed" if error else "ok", "error": error, "reason": plan.reason,
        "notebook": {"name": plan.source.stem, "path": _shown(plan.source),
                     "sha256": plan.notebook_sha256 or sha256_file(plan.source)},
        "parameters": plan.values, "kernel_parameters": plan.kernel_values, "fingerprint": plan.fingerprint,
        "kit_sha256": plan.kit_sha256,
        "inputs": plan.inputs, "lexicons": plan.lexicons, "languages": plan.languages,
        "clean_rules": rules_provenance(),  # the cleaning rules (files, version, sha256) corpora load with
        "packages": package_versions(), "environment": environment(), "git": git_state(),
        "started": started.isoformat(), "finished": finished.isoformat(),
        "duration_seconds": round((finished - started).total_seconds(), 3),
        "figures": [e for e in registry if e["kind"] == "figure"],
        "tables": [e for e in registry if e["kind"] == "table"],
        "figure_index": list(INDEX_FILES),
    }
    write_json(tmp / "manifest.json", manifest)
    write_figure_index(tmp, manifest)
    (tmp / ".registry.jsonl").unlink(missing_ok=True)
    run_id, final = _place(tmp, plan)
    if run_id != plan.run_id:
        manifest["run_id"] = run_id
        write_json(final / "manifest.json", manifest)
        write_figure_index(final, manifest)
    return RunResult(run_id, final, "failed" if error else "ok", error)


def changed_during_run(plan: RunPlan) -> list[str]:
    """Inputs, lexicons and the notebook whose sha256 is no longer the one recorded when the run was
    planned (hashed again, bypassing any cache): a run whose inputs changed under it is failed, so its
    manifest never pairs old hashes with results from new data."""
    out = []
    for entry in plan.inputs:
        path = Path(entry["path"]) if Path(entry["path"]).is_absolute() else Path(plan.home) / entry["path"]
        try:
            now = sha256_file(path)
        except OSError:
            now = "missing"
        if now != entry["sha256"]:
            out.append(f"input {entry['path']} changed during the run (sha256 {entry['sha256'][:12]} -> {now[:12]}); "
                       "the results may mix old and new data. Fix: run it again once the file no longer changes")
    if plan.lexicons and "lexicons" in plan.values:
        try:
            now_lex = {lexicon_key(e): e["sha256"]
                       for e in lexicon_versions(load_lexicons(plan.values["lexicons"]), plan.languages)}
        except FramingError as exc:
            now_lex = {}
            out.append(f"lexicons changed during the run ({exc})")
        out += [f"lexicon {lexicon_label(e)} changed during the run. Fix: run it again once the file no longer changes"
                for e in plan.lexicons if now_lex and now_lex.get(lexicon_key(e)) != e.get("sha256")]
    if plan.notebook_sha256 and sha256_file(plan.source) != plan.notebook_sha256:
        out.append(f"notebook {_shown(plan.source)} changed during the run. Fix: run it again")
    return out


@contextlib.contextmanager
def _null():
    yield None


def run_report(notebook: str | Path = DEFAULT_NOTEBOOK, parameters: dict[str, Any] | None = None, *,
               force: bool = False, timeout: int = 1800, out_dir: str | Path | None = None) -> RunResult:
    """Validate parameters, execute the notebook into a new run folder, write the manifest.

    Returns a :class:`RunResult`; an unchanged earlier run is returned as ``cached`` unless
    ``force`` (then a new, time-stamped folder is made: runs are never overwritten). Bad
    parameters raise :class:`framing.errors.ParameterError` (all problems at once) before a kernel
    starts; a failed cell gives ``status == "failed"`` (:func:`require_ok` raises instead). The
    folder goes under ``out_dir`` (default: :func:`framing.paths.reports_dir`). Example (starts a
    Jupyter kernel: about a minute on the bundled corpus, so not run as a doctest)::

        result = framing.run_report("framing_report", {"date_from": "2022-02-24", "lexicons": ["hedging"]})
        result.status, result.run_dir, result.html   # 'ok' / 'failed' / 'cached', the folder, its report.html
    """
    plan = plan_run(notebook, parameters, force=force, out_dir=out_dir)
    result = execute_plan(plan, timeout=timeout)
    result.reason = plan.reason
    return result


def require_ok(result: RunResult) -> RunResult:
    """Raise :class:`ReportError` for a failed run (message names the run folder)."""
    if result.status == "failed":
        raise ReportError(f"report run failed: {result.error}\n  partial notebook and HTML: {result.run_dir}")
    return result
