"""Score corpora bigger than memory on all cores, or on a Dask cluster, with the same results.

One function defines the pipeline: :func:`run_partition` reads, decodes, cleans and
standardises one task of the inputs (:func:`framing.corpus.load.load_task`: a byte range of a
JSONL/CSV file, Parquet row groups, or a group of small files) and scores it
(:func:`framing.metrics.score`). :func:`score_inputs` runs it in this process, in a process pool
(``engine="local"``) or on a Dask cluster (``engine="dask"``); the parent only plans the tasks,
settles what depends on input order (repeated documents, ids of empty documents, line numbers)
and writes. Tables are identical for every engine, ``jobs`` and ``chunksize``. :func:`score_csv`
gives the same tables as CSV text, the workers writing the score columns (the parent only each
row's settled ``doc_id`` and ``status``). :func:`score_chunks` scores corpus DataFrames already loaded.

>>> import pandas as pd
>>> from framing.lexicons import load_lexicons
>>> chunks = [pd.DataFrame({"doc_id": ["a"], "text": ["Talks may resume."]}),
...           pd.DataFrame({"doc_id": ["b"], "text": ["No hedge here."]})]
>>> pd.concat(score_chunks(chunks, load_lexicons(["hedging"])))["hedging_count"].tolist()
[1, 0]
"""

from __future__ import annotations

import ctypes
import fcntl
import gc
import math
import re
import signal
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, replace
from functools import lru_cache
from multiprocessing import get_context
from multiprocessing.connection import Connection
from multiprocessing.reduction import ForkingPickler
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd

from .atomic import atomic_path
from .corpus import archives, formats
from .corpus.audit import LoadReport
from .corpus.ids import SeenIds
from .corpus.load import (
    DEFAULT_CHUNKSIZE,
    PART_MB,
    PieceResult,
    Settler,
    Task,
    _Options,
    _rechunk,
    load_task,
    plan_tasks,
    settle_columns,
)
from .errors import FramingError, InputError, ParameterError, value_invalid_msg
from .gcpause import frozen_gc
from .language import detect_language
from .lexicons import Lexicon
from .match import compile_lexicons
from .match.languages import caught_fallbacks, versions_for, warn_fallbacks
from .match.lemma import frugal_dictionaries
from .metrics import LEVELS, score, score_texts
from .pool import FORKS, dask_client, in_order, process_pool, resolve_jobs
from .text import sentence_spans

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


def score_schema(lexicons: list[Lexicon], level: str = "doc") -> pd.DataFrame:
    """An empty score table with the exact columns and dtypes that :func:`score` produces."""
    probe = pd.DataFrame({"doc_id": ["probe"], "text": ["probe"]})
    return score(probe, lexicons, level=level).iloc[:0]


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


def write_scores(tables: Iterable[pd.DataFrame | CsvRows], out: str | Path, progress: bool = False) -> int:
    """Write score tables to one Parquet (row group per table) or CSV file, atomically; to CSV,
    tables may come as :class:`CsvRows` (:func:`score_csv`).

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
                    if isinstance(table, CsvRows):
                        if suffix != ".csv":
                            raise ParameterError(f"{out}: CSV text can only be written to a .csv file")
                        csv = csv or open(tmp, "w", encoding="utf-8", newline="")
                        csv.write(table.header + table.text if csv.tell() == 0 else table.text)
                        n = table.rows
                    elif suffix == ".parquet":
                        arrow = pa.Table.from_pandas(table, preserve_index=False)
                        writer = writer or pq.ParquetWriter(tmp, arrow.schema)
                        writer.write_table(arrow)
                        n = len(table)
                    else:
                        csv = csv or open(tmp, "w", encoding="utf-8", newline="")
                        csv.write(csv_text(table, header=csv.tell() == 0))
                        n = len(table)
                    rows += n
                    if bar is not None:
                        bar.update(n)
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


_CSV_SPECIAL = re.compile(r'[,"\r\n\x00]')  # what makes the csv module quote a field (delimiter, quote, line break; and NUL)
_SMALL_INTS = 4096  # integer columns within 0..this are formatted by a table of their strings
_GRID_BYTES = 1 << 24  # rows are put together this many bytes of cells at a time


def csv_text(table: pd.DataFrame, header: bool = True) -> str:
    """The CSV text of ``table`` that ``table.to_csv(index=False, header=header, lineterminator="\\n")``
    gives, formatted a column at a time when every column is plain (integers, floats, text with no
    comma, quote, line break or NUL; no missing value) as pandas formats them: integers in decimal,
    floats by numpy's ``astype(str)``, no quotes; the rows are then put together by numpy (each
    column's cells as fixed-width bytes, padded with NUL, side by side; the padding dropped). Many
    times quicker for a score table (pandas formats and quotes cell by cell); any other table is
    written by pandas.

    >>> csv_text(pd.DataFrame({"doc_id": ["a", "b"], "n_tokens": [3, 12], "rate": [0.5, 1e-05]}))
    'doc_id,n_tokens,rate\\na,3,0.5\\nb,12,1e-05\\n'
    """
    columns = [] if not header else [str(name) for name in table.columns]
    cells = _plain_cells(table) if len(table) and len(table.columns) > 1 and table.columns.nlevels == 1 else None
    if cells is None or any(_CSV_SPECIAL.search(name) for name in columns):
        return table.to_csv(index=False, header=header, lineterminator="\n")
    return (",".join(columns) + "\n" if header else "") + _rows_text(cells)


def _rows_text(cells: list[np.ndarray]) -> str:
    """The CSV rows of columns of fixed-width cells (``S`` arrays, NUL-padded): each row's cells
    joined by commas and ended by a line break."""
    n, width = len(cells[0]), sum(c.dtype.itemsize + 1 for c in cells)
    seps = [np.full((n, 1), ord(","), dtype=np.uint8)] * (len(cells) - 1) + [np.full((n, 1), ord("\n"), dtype=np.uint8)]
    grid = [part for c, sep in zip(cells, seps) for part in (c.view(np.uint8).reshape(n, c.dtype.itemsize), sep)]
    step = max(1, _GRID_BYTES // width)
    out = []
    for start in range(0, n, step):
        block = np.concatenate([part[start:start + step] for part in grid], axis=1).ravel()
        out.append(block[block != 0].tobytes())
    return b"".join(out).decode("utf-8")


@lru_cache(maxsize=4)
def _int_strings(digits: int = len(str(_SMALL_INTS - 1))) -> np.ndarray:
    """The decimal text of 0 to ``10 ** digits - 1`` (at most :data:`_SMALL_INTS` - 1) as bytes
    ``digits`` wide (made once a width: a column of counts below 10 takes one byte a cell)."""
    return np.array([str(i).encode() for i in range(min(10 ** digits, _SMALL_INTS))], dtype=f"S{digits}")


def _plain_cells(table: pd.DataFrame) -> list[np.ndarray] | None:
    """Each column's cells as pandas writes them to CSV (fixed-width UTF-8 bytes, NUL-padded), or
    ``None`` when a column is not plain."""
    cells = []
    for _, column in table.items():
        if isinstance(column.dtype, np.dtype) and column.dtype.kind in "iuf":
            values = column.to_numpy()
            if values.dtype.kind == "f" and np.isnan(values).any():
                return None  # (pandas writes a missing value as "")
            if values.dtype.kind != "f" and len(values) and values.min() >= 0 and (top := values.max()) < _SMALL_INTS:
                cells.append(_int_strings(len(str(top)))[values])  # counts: mostly 0, 1, 2 ...
            elif values.dtype.kind == "f" and values.dtype.itemsize == 8:
                # rates: few values (mostly 0.0), each formatted once (told apart by their bits: -0.0 is not
                # 0.0), by Python's repr: the same shortest text as numpy's astype(str), in two thirds the time
                where, bits = pd.factorize(values.view(np.int64))
                cells.append(np.array(list(map(float.__repr__, bits.view(np.float64).tolist())), dtype=bytes)[where])
            else:
                cells.append(values.astype(str).astype(bytes))  # what pandas does (and the csv module with an int)
        elif column.dtype == object or pd.api.types.is_string_dtype(column.dtype):
            if not _all_str(column):
                return None
            texts = column.tolist()
            if _CSV_SPECIAL.search(joined := "".join(texts)):
                return None
            cells.append(np.array(texts if joined.isascii() else [text.encode() for text in texts], dtype=bytes))
        else:
            return None
    return cells


def _plain_rows(table: pd.DataFrame) -> tuple[str, str] | None:
    """The names (joined by commas) and CSV rows (no header) of a score table's columns after its
    first, ``doc_id``, as :func:`csv_text` writes them, each row ended by a line break; ``None``
    where a name or a cell is not plain (or there is no such column): what a worker sends for
    :func:`_settle_csv` instead of those columns, so that the parent, which alone knows each row's
    settled ``doc_id`` and ``status``, does not format them.

    >>> _plain_rows(pd.DataFrame({"doc_id": [0, 1], "n_tokens": [3, 12], "rate": [0.5, 0.0]}))
    ('n_tokens,rate', '3,0.5\\n12,0.0\\n')
    """
    if not len(table) or len(table.columns) < 2 or table.columns.nlevels != 1 or table.columns[0] != "doc_id":
        return None
    names = [str(name) for name in table.columns[1:]]
    cells = None if _CSV_SPECIAL.search("".join(names)) else _plain_cells(table.iloc[:, 1:])
    return None if cells is None else (",".join(names), _rows_text(cells))


def _plain_ids(piece: PieceResult) -> bool:
    """Whether every ``doc_id`` the parent will settle for a loaded piece is plain in CSV: those
    loaded are (a ``str`` with no comma, quote, line break or NUL), and an empty one becomes 16 hex
    digits (:func:`framing.corpus.load._settle`)."""
    return all(_all_str(frame["doc_id"]) and not _CSV_SPECIAL.search("".join(frame["doc_id"].tolist()))
               for frame in piece.frames)


@dataclass(frozen=True)
class Pipeline:
    """What a worker needs to run :func:`run_partition`: the load options, lexicons and level."""

    opts: _Options
    lexicons: tuple[Lexicon, ...]
    level: str = "doc"
    chunksize: int = DEFAULT_CHUNKSIZE
    language: str | None = None  # the language of every document (else each document's own; see metrics.score)
    csv: bool = False  # workers also write each score table's CSV rows but for doc_id and status (score_csv)


@dataclass
class Partition:
    """A worker's result for one task: each piece's load result (its frames slimmed to what the
    parent settles) and each piece's score table (ids still as loaded)."""

    pieces: list[PieceResult]
    scores: list[pd.DataFrame]
    rows: list[tuple[str, str] | None] | None = None  # with Pipeline.csv: each table's _plain_rows (see score_partition)


def run_partition(task: Task, pipeline: Pipeline, metadata: archives.Metadata | None = None) -> Partition:
    """The per-partition pipeline, the same on every engine: load one task (read, decode, clean,
    metadata: :func:`framing.corpus.load.load_task`) and score its documents in one batch
    (:func:`score_partition`)."""
    return score_partition(load_task(task, pipeline.opts, pipeline.chunksize, metadata), pipeline)


def score_partition(pieces: list[PieceResult], pipeline: Pipeline) -> Partition:
    """The second half of :func:`run_partition`: score the documents of a loaded task in one batch."""
    frames = [frame for piece in pieces for frame in piece.frames]
    sizes = [sum(len(f) for f in piece.frames) for piece in pieces]
    if frames:
        corpus = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0].reset_index(drop=True)
        corpus["doc_id"] = range(len(corpus))  # rows are told apart by place (ids may repeat; empty ones are set later)
        table = score(corpus, pipeline.lexicons, level=pipeline.level, language=pipeline.language)
    else:
        table = score_schema(list(pipeline.lexicons), pipeline.level)
    place = table["doc_id"].to_numpy()
    scores, first = [], 0
    for size in sizes:
        part = table[(place >= first) & (place < first + size)].reset_index(drop=True)
        part["doc_id"] = part["doc_id"].to_numpy() - first  # the row's document, by place in its piece
        scores.append(part)
        first += size
    rows = None
    if pipeline.csv:  # a table whose rows are written here goes to the parent as its rows' places alone
        rows = [_plain_rows(part) if _plain_ids(piece) else None for part, piece in zip(scores, pieces)]
        scores = [part if text is None else part[["doc_id"]] for part, text in zip(scores, rows)]
    for piece in pieces:
        piece.frames = [settle_columns(f) for f in piece.frames]
    return Partition(pieces, scores, rows)


def _settled(partition: Partition, settler: Settler) -> Iterator[tuple[pd.DataFrame, pd.DataFrame, tuple[str, str] | None]]:
    """Each score table of a partition with its piece's settled corpus rows and (with
    ``Pipeline.csv``) its CSV rows; the ``doc_id`` of the table's rows still their places."""
    rows = partition.rows or [None] * len(partition.scores)
    for piece, table, text in zip(partition.pieces, partition.scores, rows):
        frames = settler.settle(piece)
        if not len(table) or not frames:  # no document, or the rest of a file skipped after a problem
            continue
        yield table, pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0], text


def _settle_scores(partition: Partition, settler: Settler, level: str) -> Iterator[pd.DataFrame]:
    """The score tables of a partition with the settled ``doc_id`` and (document level) ``status``."""
    for table, settled, _ in _settled(partition, settler):
        table["doc_id"] = settled["doc_id"].to_numpy()[table["doc_id"].to_numpy()]
        yield with_status(table, settled, level)


@dataclass(frozen=True)
class CsvRows:
    """A score table as CSV text (:func:`score_csv`): its header line, its rows, how many rows."""

    header: str
    text: str
    rows: int


def _settle_csv(partition: Partition, settler: Settler, level: str) -> Iterator[CsvRows]:
    """The score tables of :func:`_settle_scores` as CSV text, the text :func:`csv_text` gives:
    each row put together from its settled ``doc_id``, the worker's CSV of its other cells
    (:func:`_plain_rows`, where the worker found them and the ids plain) and its ``status``; a
    table the worker did not write is written here."""
    for table, settled, worker in _settled(partition, settler):
        at = settled["doc_id"].to_numpy()[table["doc_id"].to_numpy()]
        has_status = level == "doc" and "status" in settled.columns
        if worker is None:
            table["doc_id"] = at
            table = with_status(table, settled, level)
            yield CsvRows(csv_text(table.head(0)), csv_text(table, header=False), len(table))
            continue
        ids, (names, text) = at.tolist(), worker
        status = settled["status"].tolist() if has_status else []
        if (not _all_str(settled["doc_id"]) or (has_status and not _all_str(settled["status"]))
                or _CSV_SPECIAL.search("".join(ids)) or _CSV_SPECIAL.search("".join(status))):
            raise FramingError("a worker wrote the CSV rows of documents whose doc_id needs quotes: a bug in framing, "
                               "please report it; meanwhile write Parquet (--out scores.parquet) or use --jobs 1")
        lines = text.split("\n")
        if has_status:
            joined = "".join([f"{i},{line},{s}\n" for i, line, s in zip(ids, lines, status)])
        else:
            joined = "".join([f"{i},{line}\n" for i, line in zip(ids, lines)])
        yield CsvRows(f"doc_id,{names}" + (",status\n" if has_status else "\n"), joined, len(ids))


def _all_str(column: pd.Series) -> bool:
    """Whether every value of ``column`` is a ``str`` (at once for a string dtype: no missing value).

    >>> _all_str(pd.Series(["a", "b"], dtype="string")), _all_str(pd.Series(["a", 1], dtype=object))
    (True, False)
    """
    if isinstance(column.dtype, pd.StringDtype):
        return not column.hasnans
    return all(type(value) is str for value in column.tolist())


_PIPELINE: list[Pipeline] = []


def _init_pipeline(pipeline: Pipeline) -> None:
    _PIPELINE[:] = [pipeline]
    frugal_dictionaries()  # (a language the parent did not warm: see _warm)


def _run_in_worker(work: Task | int) -> tuple[Partition, list[str]]:
    """:func:`run_partition` of a task, or :func:`score_partition` of the ``work``-th task loaded
    ahead (:class:`_Ahead`: read from its pipe)."""
    # the language fallback notes go back to the parent, which warns them (a worker's own warnings print raw)
    try:
        if isinstance(work, Task):
            return caught_fallbacks(run_partition, work, _PIPELINE[0])
        with _AHEAD_PIPES[work] as pipe:
            try:
                loaded = pipe.recv()
            except EOFError:
                raise BrokenProcessPool(f"the process loading task {work} ahead ended before it sent it") from None
        if isinstance(loaded, BaseException):
            raise loaded
        return caught_fallbacks(score_partition, loaded, _PIPELINE[0])
    finally:
        _freeze_leftovers()


def _freeze_leftovers() -> None:
    # What a task leaves behind (caches that grow with the documents seen) joins what the worker
    # inherited, out of the collector's passes, as each task of a run in one process has it
    # (frozen_gc): else every full pass walks it again, and at 1M documents the workers spent
    # 14 % more CPU than one process on the same tasks.
    gc.freeze()


#: At most this many MB of input are loaded ahead (:class:`_Ahead`) while the parent compiles the
#: lexicons (or one task a process, if more). A loaded task holds several times its input's bytes
#: until its scoring worker reads it: with 256 MB, 15 processes (``--jobs 16``) at 100,000 documents
#: held 1.1 GB at once beside the pool (peak 2.5 GB in all; 1.6 GB with 32 MB). With ``--jobs 2`` the
#: one process still loads four tasks of up to 8 MB. Each process keeps a loaded task pickled (what
#: its pipe carries) and gives its free heap back to the system before loading the next: at 1M
#: documents and 16 jobs, all processes held 890-916 MB at most while tasks were loaded ahead,
#: 1,296-1,451 MB when each kept what loading had left in its heap (two runs each).
AHEAD_MB = 32


def ahead_count(tasks: int, workers: int, part_mb: float) -> int:
    """How many of the first ``tasks`` tasks :class:`_Ahead`'s ``workers`` processes may load: at
    most four each and :data:`AHEAD_MB` of input in all, but one each at least.

    >>> ahead_count(14, 1, 6.9), ahead_count(125, 15, 8.0), ahead_count(64, 15, 1.5), ahead_count(3, 15, 8.0)
    (4, 15, 21, 3)
    """
    return min(tasks, 4 * workers, max(workers, math.floor(AHEAD_MB / max(part_mb, 1e-9))))

_AHEAD_PIPES: list[Connection] = []  # the pipes of _Ahead's tasks, as a scoring worker inherits them


class _Ahead:
    """The first tasks loaded (read, decode, clean: no lexicons needed) by ``workers`` forked
    processes while the parent makes what the scoring pool inherits (:func:`_warm`: compiling the
    lexicons takes 0.6-0.8 s, in which the other cores were idle): :func:`ahead_count` tasks,
    process ``k`` the tasks ``k``, ``k + workers``, ... Each loaded task is sent on a pipe of its
    own, which the scoring worker that scores it reads (:func:`_run_in_worker`): the parent never
    holds it; its languages go on a queue (:meth:`languages`: the parent compiles their matchers).
    :meth:`stop` once the parent is done: the tasks not started by then are loaded by the scoring
    pool as usual. :meth:`close` when the scoring pool is done."""

    def __init__(self, tasks: list[Task], opts: _Options, chunksize: int, workers: int, part_mb: float):
        count = ahead_count(len(tasks), workers, part_mb)
        context = get_context("fork")
        pipes = [context.Pipe(duplex=False) for _ in range(count)]
        for reading, _ in pipes:
            _widen(reading)
        self.started = context.Array("b", count)  # (its lock also guards the stop: no task starts after it)
        self.stopped = context.Value("b", 0, lock=False)
        self.seen = context.SimpleQueue()  # the languages of each task loaded
        self.seen_so_far: set[str] = set()
        self.processes = [context.Process(target=_load_ahead, daemon=True, name=f"framing-ahead-{k}",
                                          args=(k, workers, tasks[:count], opts, chunksize, pipes, self.started, self.stopped,
                                                self.seen))
                          for k in range(workers)]
        for process in self.processes:
            process.start()
        for _, writing in pipes:  # (only the process that loads a task holds its pipe's writing end now:
            writing.close()       # where it ends, the reader gets an end of file, not a wait for ever)
        _AHEAD_PIPES[:] = [reading for reading, _ in pipes]

    def languages(self) -> set[str]:
        """The languages of the documents of the tasks loaded so far (``language`` as the loader gives it)."""
        while not self.seen.empty():
            self.seen_so_far |= self.seen.get()
        return set(self.seen_so_far)

    def stop(self) -> set[int]:
        """Start no more tasks; the tasks started (to be scored with :func:`_run_in_worker` of their number)."""
        with self.started.get_lock():
            self.stopped.value = 1
            return {i for i in range(len(self.started)) if self.started[i]}

    def close(self) -> None:
        """Close the parent's reading ends (once the scoring pool has forked: its workers hold theirs)
        and wait for the processes: each ends once what it sent is read, or its reader is gone."""
        self.stop()
        for pipe in _AHEAD_PIPES:
            pipe.close()
        _AHEAD_PIPES.clear()
        for process in self.processes:
            process.join()
        self.seen.close()


def _load_ahead(k: int, workers: int, tasks: list[Task], opts: _Options, chunksize: int,
                pipes: list[tuple[Connection, Connection]], started: Any, stopped: Any, seen: Any) -> None:
    """Process ``k`` of :class:`_Ahead`: load its tasks until the parent stops it, each sent on its
    pipe by a thread of its own (after the thread of the task before), while this process goes on
    to the next task: the scoring worker that reads it is forked only once the parent has warmed up."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # (Ctrl-C: the parent stops the run, and this process with it)
    gc.freeze()  # (what it inherited stays shared with the parent, as in a pool's worker)
    for i, (reading, writing) in enumerate(pipes):
        reading.close()
        if i % workers != k:
            writing.close()
    sending: threading.Thread | None = None
    for i in range(k, len(tasks), workers):
        with started.get_lock():
            if stopped.value:
                break
            started[i] = 1
        try:
            loaded: object = load_task(tasks[i], opts, chunksize)
        except Exception as exc:  # (the scoring worker raises it, as if it had loaded the task)
            loaded = exc
        else:
            seen.put({lang for piece in loaded for frame in piece.frames if "language" in frame.columns  # type: ignore[attr-defined]
                      for lang in pd.unique(frame["language"]).tolist() if isinstance(lang, str)})
        payload = _pickled(loaded)
        del loaded
        _freeze_leftovers()
        _give_back_free_memory()
        sending = threading.Thread(target=_send_after, args=(sending, pipes[i][1], payload))
        sending.start()  # (a process's threads are joined before it exits)


def _pickled(loaded: object) -> bytes:
    """``loaded`` pickled as :meth:`Connection.send` pickles (what :meth:`Connection.recv` reads),
    or, where it will not pickle, an error that says what it was."""
    try:
        return bytes(ForkingPickler.dumps(loaded))
    except Exception as exc:
        return bytes(ForkingPickler.dumps(
            RuntimeError(f"a task loaded ahead could not be sent to its scoring worker ({loaded!r:.200}: {exc})")))


def _send_after(before: threading.Thread | None, pipe: Connection, payload: bytes) -> None:
    if before is not None:
        before.join()
    with pipe:
        try:
            pipe.send_bytes(payload)
        except (BrokenPipeError, EOFError):  # the run stopped before its scoring worker read it
            pass


def _give_back_free_memory() -> None:
    """Return the C heap's free pages to the system (glibc's ``malloc_trim``; elsewhere nothing)."""
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


def _widen(pipe: Connection, size: int = 1 << 20) -> None:
    """Give a pipe a buffer of ``size`` bytes (Linux; as much as the system allows), so that a
    thread sends a task's megabytes in a few writes: it needs the GIL back after each, and while
    its process loads the next task it waits a switch interval (5 ms) for it each time."""
    try:
        fcntl.fcntl(pipe.fileno(), fcntl.F_SETPIPE_SZ, min(size, int(Path("/proc/sys/fs/pipe-max-size").read_text())))
    except (AttributeError, OSError, ValueError):  # (not Linux, or not allowed: the default buffer)
        pass


ENGINES = ("local", "dask")


def score_inputs(inputs, lexicons: Iterable[Lexicon], *, jobs: int = 1, chunksize: int = 5_000, level: str = "doc",
                 engine: str = "local", scheduler: str | None = None, report: LoadReport | None = None,
                 text_col: str | None = None, id_col: str | None = None, part_mb: float | None = None,
                 max_doc_mb: float = formats.MAX_DOC_MB, max_expand_mb: float | None = None,
                 language: str | None = None, errors: Literal["raise", "skip"] = "raise",
                 encoding: str | None = None) -> Iterator[pd.DataFrame]:
    """Load and score files, folders, globs, bundled corpora or a DataFrame; yield score tables in
    input order (one row per input document, or per sentence; every document keeps its row and a
    ``status`` column at document level, as :func:`framing.corpus.iter_corpus` ``keep_all``).

    ``jobs`` workers run :func:`run_partition` (``0`` = one per CPU): processes of a local pool,
    or with ``engine="dask"`` a Dask cluster: the one at ``scheduler`` (``tcp://host:8786``), else a
    LocalCluster of ``jobs`` single-threaded processes on 127.0.0.1. Workers of a remote cluster
    need the kit installed and the input paths readable. ``part_mb`` sizes the tasks (default: big
    files cut in parts of 8 MB, fewer when that leaves a worker idle); ``report`` is filled in.
    ``language`` is that of :func:`framing.metrics.score` (default: each document's ``language``).
    ``errors`` and ``encoding`` are those of :func:`framing.corpus.iter_corpus`: ``errors="skip"``
    skips an unreadable file or record with a line in ``report`` (rows read from a file before its
    problem are kept) and keeps a different text under a known ``doc_id`` (status ``duplicate id``).
    ``lexicons`` is iterated once the tasks are planned and the first are being loaded: a generator
    that reads them from their files (as the command line's) runs while those load.

    >>> from framing.lexicons import load_lexicons
    >>> table = pd.concat(score_inputs("example-article", load_lexicons(["hedging"])))
    >>> table[["n_tokens", "status"]].values.tolist()
    [[292, 'ok']]
    """
    yield from _rechunk(_scoring(inputs, lexicons, False, jobs=jobs, chunksize=chunksize, level=level, engine=engine,
                                 scheduler=scheduler, report=report, text_col=text_col, id_col=id_col, part_mb=part_mb,
                                 max_doc_mb=max_doc_mb, max_expand_mb=max_expand_mb, language=language, errors=errors,
                                 encoding=encoding), chunksize)


def score_csv(inputs, lexicons: Iterable[Lexicon], **options: Any) -> Iterator[CsvRows]:
    """:func:`score_inputs`'s tables as CSV text (its keyword arguments), in input order: the text
    :func:`csv_text` gives each, the header on each (write it once). With ``jobs`` > 1 the workers
    format the score columns and the parent puts each row together with its settled ``doc_id`` and
    ``status``: :func:`score_inputs` and :func:`csv_text` leave that to the one process that writes.

    >>> from framing.lexicons import load_lexicons
    >>> [chunk.header.split(",")[:2] for chunk in score_csv("example-article", load_lexicons(["hedging"]))]
    [['doc_id', 'n_tokens']]
    """
    yield from _scoring(inputs, lexicons, True, **options)


def _scoring(inputs, lexicons: Iterable[Lexicon], as_csv: bool, *, jobs: int = 1, chunksize: int = 5_000,
             level: str = "doc", engine: str = "local", scheduler: str | None = None, report: LoadReport | None = None,
             text_col: str | None = None, id_col: str | None = None, part_mb: float | None = None,
             max_doc_mb: float = formats.MAX_DOC_MB, max_expand_mb: float | None = None, language: str | None = None,
             errors: Literal["raise", "skip"] = "raise", encoding: str | None = None) -> Iterator[Any]:
    if engine not in ENGINES:
        raise ParameterError(value_invalid_msg("engine", engine, ENGINES))
    if level not in LEVELS:
        raise ParameterError(value_invalid_msg("level", level, LEVELS))
    if isinstance(chunksize, bool) or not isinstance(chunksize, int) or chunksize < 1:
        raise ParameterError(value_invalid_msg("chunksize", chunksize, "a whole number >= 1"))
    yield from _score_inputs(inputs, lexicons, resolve_jobs(jobs), chunksize, level, engine, scheduler,
                             report if report is not None else LoadReport(keep_removals=False), text_col, id_col, part_mb,
                             max_doc_mb, max_expand_mb, language, errors, encoding, as_csv)


def _score_inputs(inputs, lexicons: Iterable[Lexicon], jobs: int, chunksize: int, level: str, engine: str,
                  scheduler: str | None, report: LoadReport, text_col: str | None, id_col: str | None,
                  part_mb: float | None, max_doc_mb: float, max_expand_mb: float | None,
                  language: str | None, errors: Literal["raise", "skip"] = "raise", encoding: str | None = None,
                  as_csv: bool = False) -> Iterator[Any]:
    """The settled score tables (:func:`_settle_scores`), or with ``as_csv`` their CSV text
    (:func:`_settle_csv`; the workers format the score columns)."""
    from .corpus.load import _options

    opts = _options(None, text_col, id_col, "", True, None, errors, report, keep_all=True, max_doc_mb=max_doc_mb,
                    max_expand_mb=max_expand_mb, encoding=encoding)
    part_mb = part_mb if part_mb is not None else _part_mb(inputs, jobs)
    plan = plan_tasks(inputs, opts, chunksize, part_mb)
    # (workers make only the columns scoring reads)
    load_opts = replace(opts, report=LoadReport(), seen=SeenIds(), sources={}, source_names=[], scoring_only=True)
    settler = Settler(opts)
    in_process = plan.in_order_only or (jobs == 1 and engine == "local")
    ahead = (_Ahead(plan.tasks, load_opts, chunksize, jobs - 1, part_mb)
             if not in_process and engine == "local" and FORKS and len(plan.tasks) > jobs else None)
    try:
        # (the lexicons are read once the first tasks are being loaded: a lazy iterable, as the
        # command line's, overlaps reading them with that)
        pipeline = Pipeline(load_opts, tuple(lexicons), level, chunksize, language, csv=as_csv and not in_process)
        settle = _settle_csv if as_csv else _settle_scores
        if in_process:
            compile_lexicons(pipeline.lexicons)  # (the first task would: made here, it is frozen with the rest in every task)
            for task in plan.tasks:
                with frozen_gc():
                    partition = run_partition(task, pipeline, plan.metadata)
                yield from settle(partition, settler, level)
        elif engine == "local":
            try:
                with frozen_gc():  # forked workers inherit the compiled matchers, the sentence splitter and the model
                    _warm(pipeline, ahead.languages if ahead is not None else set)
            finally:
                started = ahead.stop() if ahead is not None else set()
            with process_pool(jobs, _init_pipeline, (pipeline,), inherit=True) as pool:
                def submit(item: tuple[int, Task]) -> Future:
                    i, task = item
                    return pool.submit(_run_in_worker, i if i in started else task)

                for partition, notes in in_order(submit, enumerate(plan.tasks), 2 * jobs):
                    warn_fallbacks(notes)
                    yield from settle(partition, settler, level)
        else:
            with dask_client(scheduler, jobs) as client:
                shared = client.scatter(pipeline, broadcast=True)
                workers = max(1, sum(client.nthreads().values()))
                for partition in in_order(lambda task: client.submit(run_partition, task, shared, pure=False),
                                           plan.tasks, 2 * workers):
                    yield from settle(partition, settler, level)
    finally:
        if ahead is not None:
            ahead.close()
    from .corpus.load import _media_cloud_unmatched

    _media_cloud_unmatched(plan.metadata, opts)


def _warm(pipeline: Pipeline, languages: Callable[[], set[str]] = set) -> None:
    """Make, before a pool forks, what every worker would otherwise make for itself (the workers
    share it, copy-on-write): the compiled matcher and what scoring makes of it once (a short text
    is scored: each term's count column, say, is read off every term's entry, whose pages each
    worker would otherwise copy; 11 MB less a worker after 20 tasks of 2 MB), the language
    detector's model (about 80 MB; read from the kit's cache in about 0.1 s,
    :func:`framing.language._model`; a worker needs it for the first text in Cyrillic whose input
    does not name its language), Punkt (:mod:`framing.punkt`)
    when sentences are needed (sentence level, or a term with a ``requires`` context rule), and the
    matcher of each language version the documents need: ``pipeline.language``'s, else that of
    each language ``languages()`` gives (those of the tasks loaded ahead so far, asked again until
    no new one came while compiling). A worker that meets another language with versions (``ru``,
    ``uk``) compiles its matcher for itself, reading its lemma dictionary frugally
    (:func:`framing.match.lemma.frugal_dictionaries`): Ukrainian, about 1.4 s of CPU and 83 MB
    (200 MB with the whole dictionary and a DFA for the lemma view)."""
    score_texts(["Talks may resume."], compile_lexicons(pipeline.lexicons))
    detect_language("Talks resumed.")
    if pipeline.level == "sentence" or any(t.requires is not None for lex in pipeline.lexicons for t in lex.entries):
        sentence_spans("Warm.")
    done: set[str] = set()
    while todo := ({pipeline.language} if pipeline.language else languages()) - done:
        for language in sorted(todo):  # (a language with no versions gives the lexicons as given: compiled above)
            score_texts(["Talks may resume."], compile_lexicons(versions_for(pipeline.lexicons, language)[0]))
        done |= todo


#: MB of input all the workers hold at once, about: a task is at most this divided by the job count
#: (and at most :data:`PART_MB`). What a worker keeps after a task grows with the task (the memory
#: its arrays took stays with the process): 8 MB tasks left a worker about 78 MB above its start,
#: 2 MB tasks 56 MB; and up to ``2 x jobs`` results wait in the parent.
POOL_MB = 32


def _part_mb(inputs, jobs: int) -> float:
    """MB a task reads: the input cut into whole rounds of ``jobs`` tasks of one size, at most
    :data:`PART_MB` and :data:`POOL_MB` / ``jobs`` (memory at many jobs), at least 1 MB each,
    about 4 tasks a worker or more. (Tasks of 8 MB and a short last one left a worker idle at the
    end while the other finished a full task.)

    >>> _part_mb(pd.DataFrame(), 2) == PART_MB
    True
    """
    if jobs == 1 or isinstance(inputs, pd.DataFrame):
        return PART_MB
    from .corpus.load import resolve_inputs

    total = sum(spec.path.stat().st_size for spec in resolve_inputs(inputs) if spec.path.is_file()) / formats.MB
    most = max(1.0, min(PART_MB, POOL_MB / jobs))
    tasks = min(max(4 * jobs, math.ceil(total / most)), max(1, math.floor(total)))
    tasks = math.ceil(tasks / jobs) * jobs
    return min(most, total / tasks) if total else PART_MB


def score_dask(ddf, lexicons: list[Lexicon]):
    """Per-document scores of a loaded corpus as a ``dask.dataframe`` (``doc_id`` and ``text``
    columns, e.g. written by ``framing load --out``): its texts are scored as they are. To load
    and score raw files on a cluster (cleaning and all), use :func:`score_inputs` with ``engine="dask"``.

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
