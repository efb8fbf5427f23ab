"""Load + clean + dedup throughput (MB/s) and peak memory: streaming vs all-at-once.

The bundled press releases (~7 MB of CSV) are replicated to about ``--mb`` MB (default 200) in a
temporary folder (deleted afterwards). Replica 0 is the original; in every other replica the
letters of each document are enciphered with a replica-specific letter permutation, so the
documents are new (distinct words and shingles, same lengths and layout), except that 3% of
them are kept verbatim (exact syndicated copies) and 3% lose their last sentence (near copies).

Each mode runs in its own subprocess, so its peak resident memory (ru_maxrss) is its own:

* ``pandas.read_csv`` (peer: reading the same CSV files, nothing else)
* ``load_corpus`` (all at once: read, clean, metadata, dedup)
* ``iter_corpus`` (streaming, ``--chunksize`` documents a chunk, dedup via the disk spool)
* ``iter_corpus(dedup=False)`` (streaming, single pass)

Run: ``.venv/bin/python benchmarks/load_throughput.py [--mb 200] [--chunksize 5000]``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import string
import subprocess
import sys
import tempfile
import time
from pathlib import Path

MODES = ["pandas.read_csv", "load_corpus", "iter_corpus", "iter_corpus(dedup=False)"]


def make_corpus(folder: Path, target_mb: float) -> tuple[int, int]:
    """Write replicas of the press releases into ``folder``; return (bytes, documents)."""
    import pandas as pd

    from framing.corpus.load import resolve_inputs

    sources = [(spec.path, pd.read_csv(spec.path, dtype=str, keep_default_na=False)) for spec in
               resolve_inputs("press-releases")]
    one = sum(path.stat().st_size for path, _ in sources)
    replicas = max(1, round(target_mb * 1e6 / one))
    total_bytes = total_docs = 0
    for k in range(replicas):
        rng = random.Random(k)
        lower = list(string.ascii_lowercase)
        rng.shuffle(lower)
        table = str.maketrans(string.ascii_lowercase + string.ascii_uppercase,
                              "".join(lower) + "".join(lower).upper())
        for path, frame in sources:
            out = frame.copy()
            out["link"] = out["link"] + f"?replica={k}"
            if k:
                fate = [rng.random() for _ in range(len(out))]
                bodies = []
                for body, p in zip(out["body"], fate):
                    if p < 0.03:
                        bodies.append(body)  # exact copy of replica 0
                    elif p < 0.06:
                        bodies.append(body.rsplit(". ", 1)[0] + ".")  # near copy
                    else:
                        bodies.append(body.translate(table))
                out["body"] = bodies
                out["headline"] = out["headline"].str.translate(table)
            dest = folder / f"{path.stem}_{k:03d}.csv"
            out.to_csv(dest, index=False)
            total_bytes += dest.stat().st_size
            total_docs += len(out)
    return total_bytes, total_docs


def run_mode(mode: str, folder: str, chunksize: int) -> dict:
    """Run one mode in this process; return seconds, documents and peak RSS (MiB)."""
    import pandas as pd

    from framing.corpus import iter_corpus, load_corpus_with_report

    files = sorted(Path(folder).glob("*.csv"))
    usage = resource.getrusage(resource.RUSAGE_SELF)
    cpu0 = usage.ru_utime + usage.ru_stime
    start = time.perf_counter()
    if mode == "pandas.read_csv":
        docs = sum(len(pd.read_csv(f, dtype=str, keep_default_na=False)) for f in files)
        extra = {}
    elif mode == "load_corpus":
        corpus, report = load_corpus_with_report(folder, columns={"link": "url", "headline": "title", "body": "text"})
        docs, extra = len(corpus), report.duplicates
    else:
        dedup = mode == "iter_corpus"
        docs = 0
        for chunk in iter_corpus(folder, chunksize=chunksize, dedup=dedup,
                                 columns={"link": "url", "headline": "title", "body": "text"}):
            docs += len(chunk)
        extra = {}
    seconds = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return {"mode": mode, "seconds": seconds, "cpu": usage.ru_utime + usage.ru_stime - cpu0, "docs": docs,
            "peak_mib": usage.ru_maxrss / 1024, **extra}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=float, default=200, help="size of the replicated corpus in MB (default 200)")
    parser.add_argument("--chunksize", type=int, default=5000, help="documents per streamed chunk (default 5000)")
    parser.add_argument("--modes", default=",".join(MODES), help="comma-separated subset of: " + ", ".join(MODES))
    parser.add_argument("--_run", help=argparse.SUPPRESS)
    parser.add_argument("--_folder", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args._run:
        print(json.dumps(run_mode(args._run, args._folder, args.chunksize)))
        return
    folder = Path(tempfile.mkdtemp(prefix="framing-bench-"))
    try:
        t0 = time.perf_counter()
        size, docs = make_corpus(folder, args.mb)
        print(f"corpus: {size / 1e6:.1f} MB of CSV, {docs:,} documents in {len(list(folder.glob('*.csv')))} files "
              f"(generated in {time.perf_counter() - t0:.0f} s)")
        results = []
        for mode in args.modes.split(","):
            out = subprocess.run([sys.executable, __file__, "--_run", mode, "--_folder", str(folder),
                                  "--chunksize", str(args.chunksize)], capture_output=True, text=True, check=True)
            results.append(json.loads(out.stdout.strip().splitlines()[-1]))
            r = results[-1]
            print(f"  {r['mode']:<26} {r['seconds']:7.1f} s wall {r['cpu']:7.1f} s CPU  "
                  f"{size / 1e6 / r['seconds']:6.2f} MB/s wall {size / 1e6 / r['cpu']:6.2f} MB/s CPU  "
                  f"peak RSS {r['peak_mib']:6.0f} MiB  ({r['docs']:,} docs)", flush=True)
        by = {r["mode"]: r for r in results}
        if "load_corpus" in by and "iter_corpus" in by:
            a, s = by["load_corpus"], by["iter_corpus"]
            print(f"streaming vs all-at-once: CPU time x{s['cpu'] / a['cpu']:.2f}, "
                  f"peak memory x{s['peak_mib'] / a['peak_mib']:.2f}")
            print(f"duplicates found: {a.get('clusters', 0):,} clusters, {a.get('exact', 0):,} exact and "
                  f"{a.get('near', 0):,} near copies")
        if "pandas.read_csv" in by:
            base = by["pandas.read_csv"]["cpu"]
            for r in results:
                if r["mode"] != "pandas.read_csv":
                    print(f"{r['mode']} takes x{r['cpu'] / base:.1f} the CPU time of pandas.read_csv alone")
        print(f"machine load average while measuring: {', '.join(f'{x:.1f}' for x in os.getloadavg())} "
              f"on {os.cpu_count()} cores")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
