"""Score corpora bigger than memory: chunk by chunk on all cores, or on a Dask cluster.

Both engines call the same per-document function, :func:`framing.metrics.score`, on each chunk
or partition, so their results equal the in-memory pandas path exactly.

>>> import pandas as pd
>>> from framing.lexicons import load_lexicons
>>> chunks = [pd.DataFrame({"doc_id": ["a"], "text": ["Talks may resume."]}),
...           pd.DataFrame({"doc_id": ["b"], "text": ["No hedge here."]})]
>>> pd.concat(score_chunks(chunks, load_lexicons(["hedging"])))["hedging_count"].tolist()
[1, 0]
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future
from pathlib import Path

import pandas as pd

from .atomic import atomic_path
from .errors import InputError
from .lexicons import Lexicon
from .match.languages import caught_fallbacks, warn_fallbacks
from .metrics import score
from .pool import process_pool, resolve_jobs

_WORKER_LEXICONS: list[Lexicon] = []


def _init_worker(lexicons: list[Lexicon]) -> None:
    global _WORKER_LEXICONS
    _WORKER_LEXICONS = lexicons


def _score_in_worker(chunk: pd.DataFrame, level: str, language: str | None = None) -> tuple[pd.DataFrame, list[str]]:
    # the language fallback notes go back to the parent, which warns them (a worker's own warnings print raw)
    return caught_fallbacks(_score_chunk, chunk, _WORKER_LEXICONS, level, language)


def _from_worker(result: tuple[pd.DataFrame, list[str]]) -> pd.DataFrame:
    table, notes = result
    warn_fallbacks(notes)
    return table


def _score_chunk(chunk: pd.DataFrame, lexicons: list[Lexicon], level: str, language: str | None = None) -> pd.DataFrame:
    return with_status(score(chunk, lexicons, level=level, language=language), chunk, level)


def with_status(table: pd.DataFrame, chunk: pd.DataFrame, level: str) -> pd.DataFrame:
    """A document-level score table with the chunk's ``status`` (``ok``, ``empty``, ``emptied by
    cleaning``, ``repeated``: documents loaded with ``keep_all``) as its last column; other tables unchanged."""
    if level == "doc" and "status" in chunk.columns:
        table["status"] = chunk["status"].to_numpy()
    return table


def score_schema(lexicons: list[Lexicon]) -> pd.DataFrame:
    """An empty score table with the exact columns and dtypes that :func:`score` produces."""
    probe = pd.DataFrame({"doc_id": ["probe"], "text": ["probe"]})
    return score(probe, lexicons).iloc[:0]


def score_chunks(chunks: Iterable[pd.DataFrame], lexicons: list[Lexicon], jobs: int = 1,
                 level: str = "doc", language: str | None = None) -> Iterator[pd.DataFrame]:
    """Score each chunk (a corpus DataFrame) and yield its score table, in input order.

    With ``jobs > 1`` (``0`` = one per CPU) chunks are scored in a process pool; at most
    ``2 * jobs`` chunks are in flight, so memory stays bounded however long the input is.
    """
    jobs = resolve_jobs(jobs)
    slim = (chunk[[c for c in ("doc_id", "text", "status", "language") if c in chunk.columns]] for chunk in chunks)
    if jobs == 1:
        for chunk in slim:
            yield _score_chunk(chunk, lexicons, level, language)
        return
    with process_pool(jobs, _init_worker, (list(lexicons),)) as pool:
        pending: deque[Future] = deque()
        for chunk in slim:
            pending.append(pool.submit(_score_in_worker, chunk, level, language))
            if len(pending) >= 2 * jobs:
                yield _from_worker(pending.popleft().result())
        while pending:
            yield _from_worker(pending.popleft().result())


def write_scores(tables: Iterable[pd.DataFrame], out: str | Path, progress: bool = False) -> int:
    """Write score tables to one Parquet (row group per table) or CSV file, atomically.

    Rows are written as they arrive, so memory does not grow with the corpus. Returns the row count.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    out = Path(out)
    suffix = out.suffix.lower()
    if suffix not in {".parquet", ".csv"}:
        raise InputError(out, "unknown output type", fix="end the file name in .parquet or .csv")
    rows, writer, csv, bar = 0, None, None, None
    if progress:
        from tqdm import tqdm

        bar = tqdm(unit=" docs", desc="scoring", mininterval=1.0)
    try:
        with atomic_path(out) as tmp:
            try:
                for table in tables:
                    if suffix == ".parquet":
                        arrow = pa.Table.from_pandas(table, preserve_index=False)
                        writer = writer or pq.ParquetWriter(tmp, arrow.schema)
                        writer.write_table(arrow)
                    else:
                        csv = csv or open(tmp, "w", encoding="utf-8", newline="")
                        csv.write(table.to_csv(index=False, header=csv.tell() == 0, lineterminator="\n"))
                    rows += len(table)
                    if bar is not None:
                        bar.update(len(table))
            finally:
                for handle in (writer, csv):
                    if handle is not None:
                        handle.close()
            if writer is None and csv is None:
                raise InputError(out, "no documents to score", fix="check the inputs")
    finally:
        if bar is not None:
            bar.close()
    return rows


def score_dask(ddf, lexicons: list[Lexicon]):
    """Per-document scores of a ``dask.dataframe`` with ``doc_id`` and ``text`` columns.

    Returns a lazy Dask DataFrame; each partition is scored by :func:`framing.metrics.score`.

    >>> import dask.dataframe as dd, pandas as pd
    >>> from framing.lexicons import load_lexicons
    >>> ddf = dd.from_pandas(pd.DataFrame({"doc_id": ["a", "b"], "text": ["It may.", "No."]}), npartitions=2)
    >>> score_dask(ddf, load_lexicons(["hedging"])).compute(scheduler="sync")["hedging_count"].tolist()
    [1, 0]
    """
    missing = {"doc_id", "text"} - set(ddf.columns)
    if missing:
        raise InputError("<dask dataframe>", f"missing column(s) {sorted(missing)}",
                         fix="rename the id and text columns to doc_id and text")
    lexicons = list(lexicons)
    return ddf[["doc_id", "text"]].map_partitions(score, lexicons, meta=score_schema(lexicons))


def read_dask(inputs: list[str], text_col: str | None = None, id_col: str | None = None):
    """Open partitioned Parquet or CSV inputs (local or remote URLs) as a Dask DataFrame."""
    import dask.dataframe as dd

    kinds = {Path(str(p).split("?")[0]).suffix.lower() or ".parquet" for p in inputs}
    if kinds <= {".parquet", ".pq", ""} or all(Path(p).is_dir() for p in inputs if "://" not in p):
        ddf = dd.read_parquet(inputs)
    elif kinds <= {".csv", ".tsv", ".gz"}:
        ddf = dd.read_csv(inputs, dtype=str, keep_default_na=False, blocksize="64MB")
    else:
        raise InputError(", ".join(inputs), "the Dask engine reads Parquet or CSV",
                         fix="convert the input with `framing load INPUT --out corpus.parquet`")
    renames = {c: n for c, n in ((text_col, "text"), (id_col, "doc_id")) if c}
    return ddf.rename(columns=renames) if renames else ddf


def score_on_cluster(inputs: list[str], lexicons: list[Lexicon], out: str | Path, scheduler: str | None = None,
                     text_col: str | None = None, id_col: str | None = None, workers: int = 2) -> Path:
    """Score inputs on a Dask cluster and write partitioned Parquet to ``out`` (a new folder).

    ``scheduler`` is the address of an existing cluster (``tcp://host:8786``); without it a
    LocalCluster on 127.0.0.1 with ``workers`` single-threaded processes (``0`` = one per CPU)
    is started and stopped.
    """
    workers = resolve_jobs(workers, "workers")
    from dask.distributed import Client, LocalCluster

    out = Path(out)
    if out.exists():
        raise InputError(out, "output folder already exists", fix="choose a new --out folder (runs are never overwritten)")
    scores = score_dask(read_dask(inputs, text_col, id_col), lexicons)
    with atomic_path(out, folder=True) as tmp:  # a failed or interrupted run leaves no half-written folder
        if scheduler:
            with Client(scheduler):
                scores.to_parquet(tmp, write_index=False)
        else:
            with LocalCluster(n_workers=workers, threads_per_worker=1, host="127.0.0.1", dashboard_address=None,
                              processes=True) as cluster, Client(cluster):
                scores.to_parquet(tmp, write_index=False)
    return out
