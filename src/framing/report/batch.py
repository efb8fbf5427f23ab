"""Run one report notebook over many parameter sets: a process pool or a Dask cluster.

A batch file (YAML) names a notebook, shared ``parameters``, and a list of ``runs`` and/or a
``grid`` (every combination); each run set is the shared parameters updated by one list entry
and one grid combination::

    notebook: framing_report
    parameters: {corpus: press-releases, n_boot: 500}
    runs:
      - {date_from: 2022-02-24, date_to: 2022-03-31}
      - {date_from: 2022-04-01, date_to: 2022-05-31}
    grid:
      lexicons: [[hedging], [concession, security]]

Every run is checked before any kernel starts (all problems at once). Runs that are up to
date are skipped with the reason; the others run side by side, each in its own folder, and the
batch goes on past failures. A summary (``summary.csv``, ``summary.json``) goes to
``reports/_batches/<batch>__<time>/``; each run folder keeps its own ``run.log``.

>>> expand_runs({"n_boot": 100}, [{"seed": 1}, {"seed": 2}], {"lexicons": [["hedging"], ["security"]]})[1]
{'n_boot': 100, 'seed': 1, 'lexicons': ['security']}
"""

from __future__ import annotations

import concurrent.futures as cf
import csv
import io
import itertools
import json
import os
import shutil
import signal
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

from ..atomic import atomic_write
from ..errors import InputError, ParameterError
from ..paths import reports_dir
from ..pool import process_pool, resolve_jobs
from .checks import discard_facts, save_facts
from .manifest import write_json
from .params import read_yaml
from .run import RunPlan, RunResult, execute_plan, plan_run, same_lexicons

BATCH_KEYS = {"notebook", "parameters", "runs", "grid", "description"}


@dataclass
class BatchSpec:
    """A parsed batch file: the notebook and the parameter set of every run."""

    notebook: str
    runs: list[dict[str, Any]]
    name: str = "batch"
    source: Path | None = None


@dataclass
class BatchRun:
    """One run of a batch: its plan and, once finished, its result and duration."""

    index: int
    plan: RunPlan
    result: RunResult | None = None
    seconds: float = 0.0

    @property
    def status(self) -> str:
        return self.result.status if self.result else "pending"


@dataclass
class BatchResult:
    """All runs of a batch, the summary folder, and counts by status."""

    runs: list[BatchRun]
    summary_dir: Path
    seconds: float
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def failed(self) -> list[BatchRun]:
        return [r for r in self.runs if r.status == "failed"]


class BatchInterrupted(KeyboardInterrupt):
    """Ctrl-C / SIGTERM during a batch: finished runs are kept, the summary marks the others
    ``interrupted``, and running the batch again resumes (finished runs are up to date)."""

    def __init__(self, result: BatchResult):
        super().__init__("batch interrupted")
        self.result = result


def expand_runs(shared: dict[str, Any], runs: list[dict[str, Any]] | None,
                grid: dict[str, list[Any]] | None) -> list[dict[str, Any]]:
    """Shared parameters updated by each ``runs`` entry times each ``grid`` combination."""
    grid = grid or {}
    names = sorted(grid)
    combos = [dict(zip(names, values)) for values in itertools.product(*[grid[n] for n in names])] if names else [{}]
    return [{**shared, **run, **combo} for run in (runs or [{}]) for combo in combos]


def load_batch(path: str | Path) -> BatchSpec:
    """Read and check a batch YAML file (errors name the file, line and fix)."""
    path = Path(path)
    data = read_yaml(path, "batch file", "give a YAML file, e.g. batches/press_releases.yaml")
    if not isinstance(data, dict) or "notebook" not in data:
        raise InputError(path, "expected a mapping with a `notebook` key",
                         fix="start with `notebook: framing_report`; see batches/ for an example")
    unknown = sorted(set(data) - BATCH_KEYS)
    if unknown:
        raise InputError(path, f"unknown key(s) {', '.join(unknown)}", fix=f"use only {', '.join(sorted(BATCH_KEYS))}")
    shared, runs, grid = data.get("parameters") or {}, data.get("runs"), data.get("grid")
    if not isinstance(shared, dict):
        raise InputError(path, "`parameters` must be a mapping of NAME: VALUE", fix="indent NAME: VALUE lines under it")
    if runs is not None and not (isinstance(runs, list) and all(isinstance(r, dict) for r in runs)):
        raise InputError(path, "`runs` must be a list of mappings", fix="write each run as `- {NAME: VALUE, ...}`")
    if runs == []:  # (with `runs` left out, the shared parameters are one run; an empty list is a mistake)
        raise InputError(path, "`runs` is an empty list: the batch has no run",
                         fix="give at least one run (`- {NAME: VALUE}`), or leave `runs` out to run `parameters` once")
    if grid is not None and not (isinstance(grid, dict) and all(isinstance(v, list) and v for v in grid.values())):
        raise InputError(path, "`grid` must map each parameter to a non-empty list of values",
                         fix="e.g. `grid: {lexicons: [[hedging], [security]]}`")
    notebook = str(data["notebook"])
    if "/" in notebook or notebook.endswith(".ipynb"):  # a path: relative to the batch file
        candidate = (path.parent / notebook)
        notebook = str(candidate if candidate.is_file() else Path(notebook))
    return BatchSpec(notebook, expand_runs(shared, runs, grid), name=path.stem, source=path)


def plan_batch(spec: BatchSpec, force: bool = False, out_dir: str | Path | None = None) -> list[BatchRun]:
    """Plan every run; raise one :class:`ParameterError` listing the problems of all runs.

    Two entries that come to the same run (same fingerprint) are run once.
    """
    runs, problems, seen = [], [], set()
    varying = {k for k in set().union(*spec.runs) if len({json.dumps(r.get(k), default=str) for r in spec.runs}) > 1}
    with same_lexicons():
        for i, params in enumerate(spec.runs, 1):
            try:
                plan = plan_run(spec.notebook, params, force=force, out_dir=out_dir, keep_facts=False)
            except ParameterError as exc:
                label = _short({k: v for k, v in params.items() if k in varying})
                problems += [f"run {i} {label}: {p}" for p in exc.problems]
                continue
            if plan.fingerprint not in seen:
                seen.add(plan.fingerprint)
                runs.append(BatchRun(i, plan))
    if problems:
        discard_facts()  # a refused batch writes nothing, not even the corpus facts of its good runs
        raise ParameterError(problems)
    save_facts()
    return runs


def _short(params: dict[str, Any]) -> str:
    text = json.dumps(params, sort_keys=True, default=str)
    return text if len(text) <= 80 else text[:77] + "..."


_IN_WORKER = False  # set in a process-pool worker by :func:`_worker_signals`
_IN_RUN = False  # a run is executing in this process


def _worker_signals() -> None:
    """Process-pool worker initializer: SIGTERM or SIGINT (once) stops the run going on in order
    (kernel stopped, its temp folder removed), then the worker exits; an idle worker just exits.
    No traceback either way."""
    global _IN_WORKER
    _IN_WORKER = True

    def handler(signum, frame):
        for sig in (signal.SIGTERM, signal.SIGINT):  # once: the clean-up itself is not interrupted
            signal.signal(sig, signal.SIG_IGN)
        if _IN_RUN:
            raise KeyboardInterrupt
        os._exit(130)

    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, handler)


def _run_one(plan: RunPlan, timeout: int) -> tuple[RunResult, float]:
    """Worker entry point (process pool or Dask task): never raises but for an interrupt, the
    result says what happened. An interrupted pool worker exits once its run is cleaned up."""
    global _IN_RUN
    start = time.perf_counter()
    _IN_RUN = True
    try:
        result = execute_plan(plan, timeout=timeout)
    except KeyboardInterrupt:
        if _IN_WORKER:
            os._exit(130)  # kernel stopped and temp folder removed; the batch marks the run interrupted
        raise
    except Exception as exc:
        result = RunResult(plan.run_id, plan.run_dir, "failed", f"{type(exc).__name__}: {exc}")
    finally:
        _IN_RUN = False
    result.reason = plan.reason
    return result, time.perf_counter() - start


class Progress:
    """One progress line: done / failed / cached / running / ETA (rewritten in place on a terminal)."""

    def __init__(self, total: int, jobs: int, stream: TextIO | None = None):
        self.total, self.jobs, self.stream = total, max(jobs, 1), stream
        self.counts = {"ok": 0, "failed": 0, "cached": 0}
        self.running, self.start = 0, time.perf_counter()
        self.durations: list[float] = []

    def line(self) -> str:
        finished = sum(self.counts.values())
        remaining = self.total - finished
        if self.durations and remaining:
            eta = f"{sum(self.durations) / len(self.durations) * remaining / self.jobs:.0f}s"
        else:
            eta = "0s" if not remaining else "?"
        return (f"[{finished}/{self.total}] done {self.counts['ok']} | failed {self.counts['failed']} | "
                f"cached {self.counts['cached']} | running {self.running} | ETA {eta}")

    def update(self, status: str | None = None, seconds: float = 0.0) -> None:
        """Count a finished run (``ok``, ``failed`` or ``cached``) and redraw the line."""
        if status:
            self.counts[status] += 1
            if status != "cached":
                self.durations.append(seconds)
        left = self.total - sum(self.counts.values())
        self.running = min(self.jobs, left)  # a pool keeps every worker busy while runs are left
        if self.stream is None:
            return
        tty = getattr(self.stream, "isatty", lambda: False)()
        self.stream.write(("\r" + self.line() + "\033[K") if tty else self.line() + "\n")
        self.stream.flush()

    def close(self) -> None:
        if self.stream is not None and getattr(self.stream, "isatty", lambda: False)():
            self.stream.write("\n")


def _pool_results(todo: list[BatchRun], jobs: int, timeout: int, progress: Progress):
    if jobs <= 1:
        for run in todo:
            yield run, _run_one(run.plan, timeout)
        return
    with process_pool(jobs, _worker_signals) as pool:  # a fresh interpreter per worker: no inherited state
        futures = {pool.submit(_run_one, run.plan, timeout): run for run in todo}
        try:
            for fut in cf.as_completed(futures):
                yield futures[fut], _safe(fut, futures[fut])
        except BaseException:  # interrupted (Ctrl-C, SIGTERM): stop the workers instead of waiting for them
            procs = list((getattr(pool, "_processes", None) or {}).values())
            for proc in procs:
                proc.terminate()
            for proc in procs:  # gone (each stops its kernel first) before their temp folders are removed
                proc.join(30)
            pool.shutdown(wait=False, cancel_futures=True)
            raise


def _dask_results(todo: list[BatchRun], scheduler: str, timeout: int, progress: Progress):
    from distributed import Client, as_completed

    with Client(scheduler, timeout="30s") as client:
        futures = {client.submit(_run_one, run.plan, timeout, pure=False, key=f"framing-{run.plan.run_id}"): run
                   for run in todo}
        progress.jobs = max(sum(client.nthreads().values()), 1)
        for fut in as_completed(list(futures)):
            yield futures[fut], _safe(fut, futures[fut])


def _safe(fut, run: BatchRun) -> tuple[RunResult, float]:
    try:
        return fut.result()
    except Exception as exc:
        return RunResult(run.plan.run_id, run.plan.run_dir, "failed", f"{type(exc).__name__}: {exc}"), 0.0


def run_batch(batch: str | Path | BatchSpec, *, jobs: int = 1, force: bool = False, scheduler: str = "",
              timeout: int = 1800, out_dir: str | Path | None = None, stream: TextIO | None = None,
              on_plan: Callable[[list[BatchRun]], None] | None = None) -> BatchResult:
    """Run every run of a batch (``jobs`` processes, ``0`` = one per CPU, or the Dask cluster at ``scheduler``).

    Never raises for failing runs (see :attr:`BatchResult.failed`); raises
    :class:`ParameterError` before anything runs when a parameter set or ``jobs`` is invalid.
    """
    jobs = resolve_jobs(jobs)
    spec = batch if isinstance(batch, BatchSpec) else load_batch(batch)
    start = time.perf_counter()
    runs = plan_batch(spec, force=force, out_dir=out_dir)
    if on_plan:
        on_plan(runs)
    progress = Progress(len(runs), jobs, stream)
    for run in runs:
        if run.plan.cached:
            run.result = RunResult(run.plan.run_id, run.plan.run_dir, "cached", reason=run.plan.reason)
            progress.update("cached")
    todo = [r for r in runs if not r.plan.cached]
    progress.update()
    interrupted = False
    try:
        if todo:
            results = (_dask_results(todo, scheduler, timeout, progress) if scheduler
                       else _pool_results(todo, jobs, timeout, progress))
            for run, (result, seconds) in results:
                run.result, run.seconds = result, seconds
                progress.update(result.status, seconds)
    except KeyboardInterrupt:
        interrupted = True
        for run in todo:
            if run.result is None:  # unfinished: marked, and its own temp folder removed (no other)
                run.result = RunResult(run.plan.run_id, run.plan.run_dir, "interrupted",
                                       "interrupted before it finished; run the batch again to resume")
                shutil.rmtree(run.plan.tmp_dir, ignore_errors=True)
    progress.close()
    base = Path(out_dir) if out_dir else reports_dir()
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    summary_dir = base / "_batches" / f"{spec.name}__{stamp}"
    for n in itertools.count(2):  # two batches in the same second: never overwrite a summary
        if not summary_dir.exists():
            break
        summary_dir = base / "_batches" / f"{spec.name}__{stamp}_{n}"
    out = BatchResult(runs, summary_dir, time.perf_counter() - start,
                      {s: sum(r.status == s for r in runs) for s in ("ok", "failed", "cached")})
    if interrupted:
        out.counts["interrupted"] = sum(r.status == "interrupted" for r in runs)
    write_summary(out, spec)
    if interrupted:
        raise BatchInterrupted(out)
    return out


def summary_rows(result: BatchResult) -> list[dict[str, Any]]:
    """One row per run: index, status, seconds, run folder, and the reason or the error."""
    return [{"run": r.index, "status": r.status, "seconds": round(r.seconds, 1), "run_id": r.plan.run_id
             if not r.result else r.result.run_id, "run_dir": str(r.result.run_dir if r.result else r.plan.run_dir),
             "detail": (r.result.error if r.result and r.result.error else r.plan.reason)} for r in result.runs]


def write_summary(result: BatchResult, spec: BatchSpec) -> None:
    """``summary.csv`` and ``summary.json`` in the batch's summary folder (atomically)."""
    result.summary_dir.mkdir(parents=True, exist_ok=True)
    rows = summary_rows(result)
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=["run", "status", "seconds", "run_id", "run_dir", "detail"],
                            lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    atomic_write(result.summary_dir / "summary.csv", buf.getvalue())
    write_json(result.summary_dir / "summary.json", {
        "batch": str(spec.source or spec.name), "notebook": spec.notebook, "counts": result.counts,
        "seconds": round(result.seconds, 2), "runs": rows})


def format_summary(result: BatchResult) -> str:
    """The summary as a plain-text table for the terminal."""
    rows = summary_rows(result)
    width = max([len(r["run_id"]) for r in rows] + [6])
    lines = [f"{'#':>3}  {'status':<7} {'secs':>6}  {'run':<{width}}  reason / error"]
    for r in rows:
        lines.append(f"{r['run']:>3}  {r['status']:<7} {r['seconds']:>6.1f}  {r['run_id']:<{width}}  {r['detail']}")
    c = result.counts
    lines.append(f"{len(rows)} runs: {c.get('ok', 0)} ok, {c.get('failed', 0)} failed, {c.get('cached', 0)} "
                 f"cached (up to date)" + (f", {c['interrupted']} interrupted" if c.get("interrupted") else "")
                 + f" in {result.seconds:.1f}s; summary: {result.summary_dir}")
    return "\n".join(lines)


if __name__ == "__main__":  # pragma: no cover - convenience: python -m framing.report.batch BATCH.yaml
    print(format_summary(run_batch(sys.argv[1], jobs=2, stream=sys.stderr)))
