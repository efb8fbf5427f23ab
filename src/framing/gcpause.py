"""Build many lasting objects at once without pauses of Python's cyclic garbage collector.

Reading the built-in lexicons makes about 40,000 terms, and compiling them as many entries and
key groups again: objects that the collector tracks and that are all kept. CPython runs a
collection every 700 new tracked objects, and a full one, which visits every tracked object of
the process, each time the long-lived ones have grown by a quarter: a quarter of the CPU time of
reading and compiling the lexicons went to collections that found nothing to free. Inside
:func:`paused_gc` there are none; reference counting still frees every object nobody refers to
at once, and a reference cycle made there is freed by the first collection after it.

>>> import gc
>>> with paused_gc():
...     gc.isenabled()
False
>>> gc.isenabled()
True
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_gc() -> Iterator[None]:
    """No automatic collection inside the block; the collector is on again after it if it was
    on before (so blocks may nest, and a caller that turned it off keeps it off). The switch is
    the process's: another thread's cycles made meanwhile wait for the first collection after."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


@contextmanager
def frozen_gc() -> Iterator[None]:
    """The objects there already (modules, the compiled lexicons, the models: a few hundred
    thousand) left out of the collector's passes until the block ends (``gc.freeze``, then
    ``gc.unfreeze``): the collector still runs, over what the block makes only. A full pass over
    everything costs about 0.15 s of CPU, and scoring some MB in one process made several. Where
    something else has frozen objects (a forked pool worker), nothing changes: those stay frozen.

    >>> with frozen_gc():
    ...     gc.get_freeze_count() > 0
    True
    >>> gc.get_freeze_count()
    0
    """
    if gc.get_freeze_count():
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()
