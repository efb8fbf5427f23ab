"""The ids a load has kept (:class:`framing.corpus.ids.SeenIds`): what a dict of the same ids
holds, through the table's growth, with slots shared by several ids and first hashes that agree."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from framing.corpus.ids import SeenIds, id_hashes


@settings(max_examples=80, deadline=None)
@given(st.lists(st.lists(st.text(max_size=6), max_size=40), max_size=8))
def test_seen_ids_hold_what_a_dict_holds(batches):
    seen, reference = SeenIds(), {}
    for k, batch in enumerate(batches):
        first, second = id_hashes(batch)
        keys, sources, found = seen.find(first, second)
        assert found.tolist() == [i in reference for i in batch]
        assert list(zip(keys.tolist(), sources.tolist())) == [reference.get(i, (0, 0)) for i in batch]
        new = [j for j, i in enumerate(batch) if i not in reference and i not in batch[:j]]
        values = [(hash(batch[j]) & 0xFFFFFFFFFFFF, k) for j in new]
        seen.add(first[new], second[new], np.array([v for v, _ in values], dtype=np.uint64),
                 np.array([s for _, s in values], dtype=np.uint32))
        reference.update((batch[j], v) for j, v in zip(new, values))
    assert len(seen) == len(reference)


def test_every_id_is_found_through_the_tables_growth_and_no_other():
    seen = SeenIds()
    ids = [f"doc-{i}" for i in range(60_000)]
    for start in range(0, len(ids), 7_000):  # (the table grows several times)
        batch = ids[start:start + 7_000]
        seen.add(*id_hashes(batch), np.arange(start, start + len(batch), dtype=np.uint64),
                 np.full(len(batch), start % 5, dtype=np.uint32))
    keys, sources, found = seen.find(*id_hashes(ids))
    assert found.all() and keys.tolist() == list(range(len(ids)))
    assert sources.tolist() == [(i // 7_000 * 7_000) % 5 for i in range(len(ids))]
    assert not seen.find(*id_hashes([i + "!" for i in ids]))[2].any()


def test_ids_whose_first_hashes_agree_are_told_apart_by_the_second():
    seen = SeenIds()
    first = np.array([5, 5, 5 + 1024, 6], dtype=np.uint64)  # (one slot for the first three: 1,024 slots)
    second = np.array([1, 2, 3, 4], dtype=np.uint64)
    seen.add(first[:2], second[:2], np.array([10, 20], dtype=np.uint64), np.array([0, 1], dtype=np.uint32))
    seen.add(first[2:], second[2:], np.array([30, 40], dtype=np.uint64), np.array([2, 3], dtype=np.uint32))
    keys, sources, found = seen.find(np.array([5, 5, 5, 1029, 6, 6], dtype=np.uint64),
                                     np.array([2, 1, 3, 3, 4, 1], dtype=np.uint64))
    assert found.tolist() == [True, True, False, True, True, False]
    assert keys.tolist() == [20, 10, 0, 30, 40, 0] and sources.tolist() == [1, 0, 0, 2, 3, 0]
