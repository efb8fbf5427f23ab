"""Scale benchmark: streaming scoring of a synthetic corpus of up to 1,000,000 documents.

The corpus is generated on the fly (never written to the repo): each document is 3-12 sentences
resampled from the bundled press releases (fixed seed). In one run this script measures, each
measurement in a fresh subprocess so that peak memory is its own:

1. streaming local scoring (``score_chunks`` + ``write_scores`` to Parquet) at 10k, 100k and 1M
   documents with 2 worker processes: wall time, docs/s, MB/s, and peak RSS of the parent and of
   the largest worker (target: <= 1.5 GB), and how time grows with size (should be linear);
2. speed-up from 1 to 2 worker processes (on the middle size);
3. a Dask LocalCluster (2 single-threaded workers on 127.0.0.1) against the local process pool
   on the same Parquet input (middle size).

    python benchmarks/scale.py                       # 10k, 100k, 1M
    python benchmarks/scale.py --sizes 2000,20000    # a quick look
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import numpy as np
import pandas as pd
import psutil

CHUNK = 5_000


def sentences() -> list[str]:
    from framing import load_corpus
    from framing.text import sentence_spans

    out = []
    for text in load_corpus("press-releases")["text"]:
        out.extend(text[s:e] for s, e in sentence_spans(text))
    return [s for s in out if len(s) > 20]


def synthetic_chunks(n_docs: int, pool: np.ndarray, seed: int = 0, chunk: int = CHUNK):
    """Yield corpus chunks (doc_id, text) of ``n_docs`` documents resampled from ``pool``."""
    rng = np.random.default_rng(seed)
    for start in range(0, n_docs, chunk):
        n = min(chunk, n_docs - start)
        lengths = rng.integers(3, 13, size=n)
        picks = rng.integers(0, len(pool), size=lengths.sum())
        texts, pos = [], 0
        for k in lengths:
            texts.append(" ".join(pool[picks[pos:pos + k]]))
            pos += k
        yield pd.DataFrame({"doc_id": [f"syn{start + i:07d}" for i in range(n)], "text": texts})


class MemorySampler(threading.Thread):
    """Samples the RSS of this process and all its descendants (pool workers, Dask workers)."""

    def __init__(self, interval: float = 0.2):
        super().__init__(daemon=True)
        self.interval, self.stop, self.peak_total, self.peak_single = interval, threading.Event(), 0, 0

    def run(self) -> None:
        me = psutil.Process()
        while not self.stop.is_set():
            rss = []
            for proc in [me, *me.children(recursive=True)]:
                try:
                    rss.append(proc.memory_info().rss)
                except psutil.Error:
                    pass
            self.peak_total = max(self.peak_total, sum(rss))
            self.peak_single = max(self.peak_single, max(rss))
            self.stop.wait(self.interval)

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.join()

    def figures(self) -> dict:
        return {"peak_rss_total_mb": self.peak_total / 2**20, "peak_rss_single_mb": self.peak_single / 2**20}


def measure_local(n_docs: int, jobs: int) -> dict:
    from framing import load_lexicons
    from framing.scale import score_chunks, write_scores

    lexicons = load_lexicons()
    pool = np.array(sentences(), dtype=object)
    counted = {"bytes": 0}

    def counting():
        for chunk in synthetic_chunks(n_docs, pool):
            counted["bytes"] += int(chunk["text"].str.len().sum())
            yield chunk

    with tempfile.TemporaryDirectory() as tmp, MemorySampler() as mem:
        start = time.perf_counter()
        rows = write_scores(score_chunks(counting(), lexicons, jobs=jobs), Path(tmp) / "scores.parquet")
        wall = time.perf_counter() - start
    return {"engine": f"local pool, {jobs} worker(s)", "docs": rows, "mb": counted["bytes"] / 1e6,
            "seconds": wall, **mem.figures()}


def write_parquet_input(n_docs: int, folder: Path) -> float:
    folder.mkdir(parents=True, exist_ok=True)
    total = 0
    pool = np.array(sentences(), dtype=object)
    for i, chunk in enumerate(synthetic_chunks(n_docs, pool, chunk=20_000)):
        total += int(chunk["text"].str.len().sum())
        chunk.to_parquet(folder / f"part-{i:04d}.parquet", index=False)
    return total / 1e6


def measure_parquet(n_docs: int, engine: str) -> dict:
    import pyarrow.parquet as pq

    from framing import load_lexicons
    from framing.scale import score_chunks, score_on_cluster, write_scores

    lexicons = load_lexicons()
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "in"
        mb = write_parquet_input(n_docs, src)
        mem = MemorySampler()
        mem.start()
        start = time.perf_counter()
        if engine == "dask":
            score_on_cluster([str(src)], lexicons, Path(tmp) / "out", workers=2)
            label = "Dask LocalCluster, 2 workers"
        else:
            def chunks():
                for part in sorted(src.glob("*.parquet")):
                    for batch in pq.ParquetFile(part).iter_batches(batch_size=CHUNK):
                        yield batch.to_pandas()
            write_scores(score_chunks(chunks(), lexicons, jobs=2), Path(tmp) / "out.parquet")
            label = "local pool, 2 workers (same Parquet input)"
        wall = time.perf_counter() - start
        mem.__exit__()
    return {"engine": label, "docs": n_docs, "mb": mb, "seconds": wall, **mem.figures()}


def run_child(*args: str) -> dict:
    proc = subprocess.run([sys.executable, __file__, "--child", *args], capture_output=True, text=True)
    if proc.returncode:
        raise SystemExit(f"measurement {args} failed:\n{proc.stderr}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def show(r: dict) -> None:
    print(f"  {r['engine']:<44} {r['docs']:>9,} docs {r['mb']:>8.1f} MB {r['seconds']:>8.1f} s "
          f"{r['docs'] / r['seconds']:>8,.0f} docs/s {r['mb'] / r['seconds']:>6.2f} MB/s  "
          f"peak RSS all processes {r['peak_rss_total_mb']:,.0f} MB, largest {r['peak_rss_single_mb']:,.0f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10000,100000,1000000", help="comma-separated corpus sizes")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, n, extra = args.child
        result = measure_local(int(n), int(extra)) if kind == "local" else measure_parquet(int(n), extra)
        print(json.dumps(result))
        return
    sizes = [int(s) for s in args.sizes.split(",")]
    middle = sizes[len(sizes) // 2] if len(sizes) > 1 else sizes[0]
    print("1. streaming local scoring, 2 worker processes (all built-in lexicons)")
    runs = [run_child("local", str(n), "2") for n in sizes]
    for r in runs:
        show(r)
    base = runs[0]
    for r in runs[1:]:
        ratio = (r["seconds"] / r["docs"]) / (base["seconds"] / base["docs"])
        print(f"  time per document at {r['docs']:,} vs {base['docs']:,}: x{ratio:.2f} (1.00 = linear)")
    worst = max(r["peak_rss_total_mb"] for r in runs)
    print(f"  peak RSS, parent + workers together: {worst:,.0f} MB (target <= 1,536 MB)")
    print(f"2. speed-up from 1 to 2 workers at {middle:,} documents")
    one = run_child("local", str(middle), "1")
    two = next(r for r in runs if r["docs"] == middle)
    show(one)
    print(f"  speed-up: x{one['seconds'] / two['seconds']:.2f} (ideal x2.00 on 2 idle cores)")
    print(f"3. Dask LocalCluster vs local process pool at {middle:,} documents (same Parquet input)")
    dask_run, pool_run = run_child("parquet", str(middle), "dask"), run_child("parquet", str(middle), "pool")
    show(pool_run)
    show(dask_run)
    print(f"  Dask / local pool time: x{dask_run['seconds'] / pool_run['seconds']:.2f}")


if __name__ == "__main__":
    main()
