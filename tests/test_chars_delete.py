"""chars.delete_sorted removes the same positions as np.delete."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from framing import chars
from framing.chars import delete_sorted


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 40), st.data())
def test_delete_sorted_as_np_delete(n, data):
    values = np.arange(n, dtype=np.uint8) * 3
    at = np.array(sorted(data.draw(st.sets(st.integers(0, n - 1), max_size=n)) if n else []), dtype=np.int64)
    assert delete_sorted(values, at).tolist() == np.delete(values, at).tolist()
    assert delete_sorted(values, at).dtype == values.dtype


def test_many_positions_go_to_np_delete():
    values = np.arange(3 * chars._FEW_DELETED)
    at = np.arange(0, len(values), 2)
    assert delete_sorted(values, at).tolist() == np.delete(values, at).tolist()
