"""Krippendorff's alpha at every level: the book's example, a slow reference, bootstrap, per category."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pandas as pd
import pytest

from framing.errors import ParameterError
from framing.reliability import LEVELS, agreement_table, alpha, alpha_interval, category_alpha, reliability_data
from framing.validate import krippendorff_alpha

# Krippendorff (2011/2013): 4 coders (rows), 12 units (columns), blanks = not coded
BOOK = [[1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
        [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
        [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
        [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None]]


@pytest.mark.parametrize(("level", "expected"), [("nominal", 0.743), ("ordinal", 0.815), ("interval", 0.849),
                                                 ("ratio", 0.797)])
def test_book_example(level, expected):
    assert round(alpha(BOOK, level), 3) == expected


def _reference_alpha(data, level):
    """Pair by pair, straight from the definition: every ordered pair of values within a unit
    (weight 1/(m_u - 1)) for the observed disagreement, every ordered pair of pairable values for
    the expected one."""
    units = [[v for v in col if v is not None and not (isinstance(v, float) and math.isnan(v))]
             for col in zip(*data)]
    units = [u for u in units if len(u) >= 2]
    pooled = [v for u in units for v in u]
    n = len(pooled)
    if n == 0:
        return float("nan")
    freq = {v: pooled.count(v) for v in set(pooled)}
    order = sorted(freq)

    def delta(c, k):
        if level == "nominal":
            return float(c != k)
        if level == "interval":
            return float(c - k) ** 2
        if level == "ratio":
            return ((c - k) / (c + k)) ** 2 if c + k else 0.0
        lo, hi = sorted((order.index(c), order.index(k)))
        return (sum(freq[order[g]] for g in range(lo, hi + 1)) - (freq[c] + freq[k]) / 2) ** 2

    observed = sum(delta(a, b) / (len(u) - 1) for u in units for a, b in itertools.permutations(u, 2)) / n
    expected = sum(delta(a, b) for a, b in itertools.permutations(pooled, 2)) / (n * (n - 1))
    if expected == 0:
        return 1.0 if observed == 0 else float("nan")
    return 1 - observed / expected


@pytest.mark.parametrize("level", LEVELS)
def test_matches_the_pairwise_reference_on_random_data(level):
    rng = np.random.default_rng(7)
    for _ in range(15):
        coders, units = rng.integers(2, 5), rng.integers(3, 12)
        data = rng.integers(1, 6, size=(coders, units)).astype(object)
        data[rng.random(data.shape) < 0.25] = None
        want = _reference_alpha(data.tolist(), level)
        got = alpha(data, level)
        assert (math.isnan(got) and math.isnan(want)) or got == pytest.approx(want, abs=1e-12)


def test_validate_nominal_alpha_agrees():
    """The nominal alpha of validate.py and this module are the same number (validate delegates here)."""
    rng = np.random.default_rng(3)
    for _ in range(10):
        data = rng.integers(0, 3, size=(3, 20)).astype(float)
        data[rng.random(data.shape) < 0.2] = np.nan
        assert krippendorff_alpha(data) == round(alpha(data), 3)


def test_levels_differ_where_they_should():
    # ordinal depends only on the order of values; interval changes when the spacing does
    a = [[1, 2, 3, 4, 5], [1, 3, 3, 5, 4]]
    b = [[1, 2, 3, 4, 50], [1, 3, 3, 50, 4]]
    assert alpha(a, "ordinal") == pytest.approx(alpha(b, "ordinal"))
    assert alpha(a, "interval") != pytest.approx(alpha(b, "interval"))


def test_text_values_and_edge_cases():
    assert alpha([["yes", "no", "yes"], ["yes", "no", "yes"]]) == 1.0
    assert alpha([[1, 1, 1], [1, 1, 1]]) == 1.0  # no variation and no disagreement
    assert math.isnan(alpha([[1, None], [None, 2]]))  # nothing pairable
    assert alpha([[1, 2.0], [1.0, 2]]) == 1.0  # 1 and 1.0 are one value
    with pytest.raises(ParameterError, match="level"):
        alpha(BOOK, "cardinal")
    with pytest.raises(ParameterError, match="numeric"):
        alpha([["a", "b"], ["a", "a"]], "interval")
    with pytest.raises(ParameterError, match=">= 0"):
        alpha([[-1, 2], [1, 2]], "ratio")


def test_bootstrap_interval_is_seeded_and_brackets_alpha():
    first = alpha_interval(BOOK, "interval", n_boot=500, seed=1)
    assert first == alpha_interval(BOOK, "interval", n_boot=500, seed=1)
    a, low, high = first
    assert round(a, 3) == 0.849 and low < a < high <= 1.0
    assert alpha_interval(BOOK, "ordinal", n_boot=500, seed=2) != alpha_interval(BOOK, "ordinal", n_boot=500, seed=1)


def test_bootstrap_resamples_units_like_a_loop():
    """The vectorised bootstrap equals alpha recomputed on each resample of units."""
    data = np.array(BOOK, dtype=object)
    pairable = [j for j in range(data.shape[1]) if sum(v is not None for v in data[:, j]) >= 2]
    rng = np.random.default_rng(5)
    draws = rng.multinomial(len(pairable), np.full(len(pairable), 1 / len(pairable)), size=50)
    loop = [alpha(data[:, np.repeat(pairable, d)], "nominal") for d in draws]
    _, low, high = alpha_interval(BOOK, "nominal", n_boot=50, seed=5)
    assert (low, high) == pytest.approx(tuple(np.quantile(loop, [0.025, 0.975])))


def test_category_alpha_and_table():
    per = category_alpha(BOOK)
    assert per["value"].tolist() == [1, 2, 3, 4, 5]
    assert per.set_index("value").loc[5, "alpha"] == 1.0  # 5 is never confused with anything
    assert per["n"].sum() == 40  # pairable values
    table = agreement_table(BOOK, n_boot=200)
    assert table["level"].tolist() == list(LEVELS)
    assert table["alpha"].round(3).tolist() == [0.743, 0.815, 0.849, 0.797]
    assert (table["n_units"] == 11).all() and (table["n_coders"] == 4).all()


def test_reliability_data_from_long_codes():
    long = pd.DataFrame({"item_id": ["a", "a", "b", "b", "c"], "coder": ["x", "y", "x", "y", "x"],
                         "code": ["c"] * 5, "value": [1, 1, 0, 1, 0]})
    wide = reliability_data(long, "c")
    assert wide.shape == (2, 3)
    assert alpha(wide) == alpha([[1, 0, 0], [1, 1, None]])
    with pytest.raises(ParameterError, match="code"):
        reliability_data(long, "other")
