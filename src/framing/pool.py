"""The kit's one process pool, and the one meaning of ``jobs``.

``jobs`` is a number of worker processes everywhere (``score``, ``score_chunks``, ``run_batch``
and every ``--jobs`` of the CLI): ``1`` works in the calling process, ``N`` uses N processes,
``0`` means one per CPU; a negative number is an error.

>>> resolve_jobs(2)
2
>>> resolve_jobs(0) == (os.cpu_count() or 1)
True
>>> resolve_jobs(-1)
Traceback (most recent call last):
...
framing.errors.ParameterError: 1 parameter problem(s):
  - `jobs` got -1; expected a whole number >= 0 (0 = one per CPU)
"""

from __future__ import annotations

import gc
import os
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from multiprocessing import get_all_start_methods, get_context
from typing import Any, TypeVar

from .errors import ParameterError, value_invalid_msg

T = TypeVar("T")
R = TypeVar("R")

__all__ = ["FORKS", "map_chunks", "process_pool", "resolve_jobs"]

#: Whether ``process_pool(..., inherit=True)`` forks (Linux): its workers then see the module
#: globals the parent set before the pool started (copy-on-write), so large inputs need not be sent.
FORKS = sys.platform == "linux" and "fork" in get_all_start_methods()


def resolve_jobs(jobs: int, name: str = "jobs") -> int:
    """The number of processes ``jobs`` asks for: ``0`` is one per CPU; negatives raise :class:`ParameterError`."""
    if isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 0:
        raise ParameterError(value_invalid_msg(name, jobs, "a whole number >= 0 (0 = one per CPU)"))
    return jobs or os.cpu_count() or 1


def process_pool(jobs: int, initializer: Callable[..., object] | None = None, initargs: tuple[Any, ...] = (),
                 inherit: bool = False) -> ProcessPoolExecutor:
    """A pool of ``resolve_jobs(jobs)`` worker processes.

    ``inherit=True`` forks where :data:`FORKS` (workers share the parent's memory as it was when
    the pool started); otherwise each worker is a fresh interpreter (``spawn``) that inherits
    nothing but the current environment variables. ``initializer(*initargs)`` runs once per worker.
    """
    if inherit and FORKS:
        return ProcessPoolExecutor(resolve_jobs(jobs), mp_context=get_context("fork"), initializer=_forked,
                                   initargs=(initializer, initargs))
    return ProcessPoolExecutor(resolve_jobs(jobs), mp_context=get_context("spawn"), initializer=initializer,
                               initargs=initargs)


def _forked(initializer: Callable[..., object] | None, initargs: tuple[Any, ...]) -> None:
    """A forked worker's start: what it inherited goes to the collector's permanent generation
    (``gc.freeze``), so that no collection writes to those objects and their pages stay shared
    with the parent (copy-on-write) instead of being copied into every worker; then ``initializer``."""
    gc.freeze()
    if initializer is not None:
        initializer(*initargs)


_SHARED: dict[str, Any] = {}  # what a forked pool's workers inherit from map_chunks's caller


def map_chunks(func: Callable[[list[T]], R], items: list[T], jobs: int, size: int,
               initializer: Callable[..., object] | None = None, initargs: tuple[Any, ...] = ()) -> list[R]:
    """``func`` of each run of ``size`` consecutive items, in ``jobs`` worker processes, the results in
    order. Where the pool forks (:data:`FORKS`) the workers inherit ``items`` and are sent only where
    their run starts and ends, so a large input is never copied to them; elsewhere each run travels.
    ``func`` must be picklable (a module-level function, or a ``functools.partial`` of one).

    >>> map_chunks(sum, [1, 2, 3, 4, 5], jobs=2, size=2)
    [3, 7, 5]
    """
    runs = [range(i, min(i + size, len(items))) for i in range(0, len(items), max(1, size))]
    _SHARED["items"] = items
    try:
        with process_pool(jobs, initializer, initargs, inherit=True) as pool:
            return list(pool.map(_call_on_run, [(func, run if FORKS else items[run.start:run.stop]) for run in runs]))
    finally:
        _SHARED.pop("items", None)


def _call_on_run(task: tuple[Callable[[list[Any]], Any], range | list[Any]]) -> Any:
    func, run = task
    return func(_SHARED["items"][run.start:run.stop] if isinstance(run, range) else run)


def in_order(submit: Callable[[T], Any], items: Iterable[T], in_flight: int) -> Iterator[Any]:
    """Submit each item (``submit`` returns a future: concurrent.futures or Dask) and yield the
    results in input order, with at most ``in_flight`` futures pending (bounded memory).

    >>> from concurrent.futures import ThreadPoolExecutor
    >>> with ThreadPoolExecutor(2) as ex:
    ...     list(in_order(lambda x: ex.submit(pow, x, 2), [3, 1, 2], in_flight=2))
    [9, 1, 4]
    """
    pending: deque[Any] = deque()
    for item in items:
        pending.append(submit(item))
        if len(pending) >= in_flight:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


@contextmanager
def dask_client(scheduler: str | None, workers: int, timeout: str | None = None) -> Iterator[Any]:
    """A Dask client of the cluster at ``scheduler`` (waiting ``timeout`` for it to answer; a
    :class:`ParameterError` if none does), else of a LocalCluster of ``workers`` single-threaded
    processes on 127.0.0.1, started and stopped here."""
    from dask.distributed import Client, LocalCluster

    if scheduler:
        try:
            client = Client(scheduler, timeout=timeout) if timeout else Client(scheduler)
        except (OSError, TimeoutError, ValueError) as exc:
            raise ParameterError(f"`scheduler` {scheduler!r}: no Dask scheduler answered ({exc}); check the "
                                 "address (tcp://host:8786), or leave out --scheduler for a LocalCluster") from exc
        with client:
            yield client
        return
    with LocalCluster(n_workers=workers, threads_per_worker=1, host="127.0.0.1", dashboard_address=None,
                      processes=True) as cluster, Client(cluster) as client:
        yield client
