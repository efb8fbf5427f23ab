"""Batch speed: `framing batch --jobs 2` vs a sequential loop of the `papermill` CLI, same 8 runs.

Both execute notebooks/framing_report.ipynb on the bundled press releases, one week of
March-April 2022 per run (kept small: the machine is shared). The papermill loop only executes
the notebook; the batch also writes HTML, manifest and figure index, so the ratio is conservative.
Then the unchanged batch is run again: every run must be found up to date.

Targets: batch / sequential <= 0.65 on 2 cores; re-run < 2 s. Prints the figures and ratios.
Run: .venv/bin/python benchmarks/batch_speed.py [--runs 8] [--jobs 2]
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = ROOT / "notebooks" / "framing_report.ipynb"


def windows(n: int) -> list[tuple[str, str]]:
    start = date(2022, 3, 1)
    return [((start + timedelta(weeks=i)).isoformat(), (start + timedelta(weeks=i, days=6)).isoformat())
            for i in range(n)]


def timed(cmd: list[str], env: dict, cwd: Path, cpu: bool = False) -> float | tuple[float, float]:
    """Wall seconds of a command (and, with ``cpu``, the CPU seconds of it and its children)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(cmd, env=env, cwd=cwd, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        sys.exit(f"failed ({proc.returncode}): {' '.join(cmd)}\n{proc.stderr[-2000:]}")
    used = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return (seconds, used) if cpu else seconds


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=8)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--n-boot", type=int, default=200)
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="framing-bench-"))
    env = {**os.environ, "FRAMING_HOME": str(ROOT), "FRAMING_REPORTS": str(work / "reports"),
           "PYTHONWARNINGS": "ignore"}
    runs = windows(args.runs)
    print(f"{args.runs} runs of framing_report (press releases, one week each, n_boot={args.n_boot}); "
          f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")

    seq = 0.0
    for i, (lo, hi) in enumerate(runs):
        out = work / "papermill" / f"run{i}"
        out.mkdir(parents=True)
        seq += timed([sys.executable, "-m", "papermill", str(NOTEBOOK), str(out / "notebook.ipynb"),
                      "-p", "corpus", "press-releases", "-p", "date_from", lo, "-p", "date_to", hi,
                      "-p", "n_boot", str(args.n_boot), "-p", "run_dir", str(out), "--no-progress-bar"], env, out)
    print(f"  sequential papermill CLI loop: {seq:7.1f} s")

    batch = work / "bench.yaml"
    batch.write_text("notebook: framing_report\n"
                     f"parameters: {{corpus: press-releases, n_boot: {args.n_boot}}}\nruns:\n"
                     + "".join(f"  - {{date_from: {lo}, date_to: {hi}}}\n" for lo, hi in runs))
    cmd = [sys.executable, "-m", "framing.cli", "batch", str(batch), "--jobs", str(args.jobs)]
    par = timed(cmd, env, work)
    print(f"  framing batch --jobs {args.jobs}:       {par:7.1f} s   ratio {par / seq:.2f} of sequential "
          f"(target <= 0.65)")
    again, again_cpu = timed(cmd, env, work, cpu=True)
    reports = work / "reports"
    n_runs = sum(1 for p in reports.iterdir() if p.is_dir() and not p.name.startswith("_"))
    floor, floor_cpu = timed([sys.executable, "-c", "import framing.cli"], env, work, cpu=True)
    print(f"  unchanged batch again:         {again:7.2f} s   (CPU {again_cpu:.2f} s; {n_runs} run folders, "
          "all cached; target < 2 s)")
    print(f"  peer: python -c 'import framing.cli': {floor:.2f} s (CPU {floor_cpu:.2f} s): the start-up floor of "
          f"any framing command; the cached batch adds {again - floor:+.2f} s")
    print(f"load average after: {os.getloadavg()[0]:.1f}; outputs in {work}")


if __name__ == "__main__":
    main()
