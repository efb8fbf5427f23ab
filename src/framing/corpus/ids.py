"""The document ids a load has kept, each with its text's key and its source's number.

A loader remembers every ``doc_id`` it kept, to find an id that comes again (a repeat, or a
different text under a known id). A Python dict of a million ids held about 143 MB (the id
strings, the values, the table); :class:`SeenIds` holds two 64-bit hashes of each id, the first
64 bits of its text's same-text key and its source's number in NumPy arrays, and an
open-addressing table of their indexes: about 40 bytes an id (up to twice that just after the
arrays grow; 37 MB for a million), looked up a batch at a time. Two
ids are taken for one only if both hashes agree (SipHash with two keys,
:func:`pandas.util.hash_array`): for a million distinct ids, a chance of about 1 in 10^27.

>>> seen = SeenIds()
>>> seen.add(*id_hashes(["a", "b"]), np.array([7, 8], dtype=np.uint64), np.array([0, 1]))
>>> seen.find(*id_hashes(["b", "c", "a"]))
(array([8, 0, 7], dtype=uint64), array([1, 0, 0], dtype=uint32), array([ True, False,  True]))
>>> len(seen)
2
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

_KEYS = ("framing-doc-ids1", "framing-doc-ids2")  # (SipHash keys: 16 characters each)
_EMPTY = -1


def id_hashes(ids: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """The two 64-bit hashes of each id (UTF-8 bytes; the same in every process and run)."""
    values = np.asarray(ids, dtype=object)
    return tuple(pd.util.hash_array(values, hash_key=key, categorize=False) for key in _KEYS)  # type: ignore[return-value]


class SeenIds:
    """Ids -> their texts' keys and sources' numbers; see the module's docstring. Add only ids not
    held yet, once each."""

    def __init__(self) -> None:
        self._first = np.empty(0, dtype=np.uint64)  # per id, in the order added: its first hash,
        self._second = np.empty(0, dtype=np.uint64)  # its second,
        self._keys = np.empty(0, dtype=np.uint64)  # its text's key,
        self._sources = np.empty(0, dtype=np.uint32)  # its source's number
        self._n = 0
        self._slots = np.full(1 << 10, _EMPTY, dtype=np.int32)  # hash table: an id's index, or _EMPTY

    def __len__(self) -> int:
        return self._n

    def find(self, first: np.ndarray, second: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Per id (its :func:`id_hashes`): its text's key and its source's number (0 where the id is
        not held), and whether it is held."""
        at = self._probe(first, second)
        found = at != _EMPTY
        keys, sources = np.zeros(len(at), dtype=np.uint64), np.zeros(len(at), dtype=np.uint32)
        keys[found], sources[found] = self._keys[at[found]], self._sources[at[found]]
        return keys, sources, found

    def add(self, first: np.ndarray, second: np.ndarray, keys: np.ndarray, sources: np.ndarray) -> None:
        """Hold the ids of these :func:`id_hashes` (none held yet, none twice) with their texts'
        ``keys`` and their sources' numbers."""
        n, new = self._n, len(first)
        if n + new > len(self._first):
            grown = max(2 * len(self._first), n + new, 1 << 10)
            self._first, self._second, self._keys, self._sources = (
                np.concatenate((a[:n], np.empty(grown - n, dtype=a.dtype)))
                for a in (self._first, self._second, self._keys, self._sources))
        self._first[n:n + new], self._second[n:n + new] = first, second
        self._keys[n:n + new], self._sources[n:n + new] = keys, sources
        self._n = n + new
        if 2 * self._n > len(self._slots):  # (at most half full: short probes)
            size = len(self._slots)
            while 2 * self._n > size:
                size *= 2
            self._slots = np.full(size, _EMPTY, dtype=np.int32)
            self._place(np.arange(self._n, dtype=np.int64))
        else:
            self._place(np.arange(n, self._n, dtype=np.int64))

    def _probe(self, first: np.ndarray, second: np.ndarray) -> np.ndarray:
        """Per (first, second) hash pair: the index of the id that has them, else _EMPTY (linear
        probing from ``first``'s slot to that id's slot or an empty one)."""
        mask = len(self._slots) - 1
        slot = (first & np.uint64(mask)).astype(np.int64)
        at = np.full(len(first), _EMPTY, dtype=np.int64)
        todo = np.arange(len(first))
        while len(todo):
            held = self._slots[slot[todo]]
            filled = held != _EMPTY
            same = np.zeros(len(todo), dtype=bool)
            same[filled] = ((self._first[held[filled]] == first[todo[filled]])
                            & (self._second[held[filled]] == second[todo[filled]]))
            at[todo[same]] = held[same]
            todo = todo[filled & ~same]
            slot[todo] = (slot[todo] + 1) & mask
        return at

    def _place(self, index: np.ndarray) -> None:
        """Put the ids at ``index`` (not in the table yet, distinct) into the table: each into the
        first empty slot from its own on; of several ids that reach the same one, the first."""
        mask = len(self._slots) - 1
        slot = (self._first[index] & np.uint64(mask)).astype(np.int64)
        while len(index):
            walking = np.flatnonzero(self._slots[slot] != _EMPTY)
            while len(walking):
                slot[walking] = (slot[walking] + 1) & mask
                walking = walking[self._slots[slot[walking]] != _EMPTY]
            take = np.zeros(len(index), dtype=bool)
            take[np.unique(slot, return_index=True)[1]] = True
            self._slots[slot[take]] = index[take]
            index, slot = index[~take], slot[~take]
