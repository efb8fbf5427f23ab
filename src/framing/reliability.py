"""Krippendorff's alpha at every level of measurement, per category, with bootstrap intervals.

``data`` is coders x units (a nested list, an array or a DataFrame with one row per coder);
``None``/NaN mark units a coder did not code. Units with fewer than two values are not pairable
and are left out (Krippendorff 2011, "Computing Krippendorff's alpha-reliability").

The canonical example (4 coders, 12 units, missing values) from Krippendorff's book:

>>> book = [[1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
...         [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
...         [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
...         [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None]]
>>> [round(alpha(book, level), 3) for level in LEVELS]
[0.743, 0.815, 0.849, 0.797]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import cast

import numpy as np
import pandas as pd

from .errors import ParameterError, value_invalid_msg

LEVELS = ("nominal", "ordinal", "interval", "ratio")


@dataclass(frozen=True)
class Coincidences:
    """Pairable values of a reliability data matrix.

    ``values``: the distinct values (sorted); ``counts``: units x values, how many coders gave
    each value to each pairable unit (units with >= 2 values only); ``units``: their column
    positions in the input.
    """

    values: np.ndarray
    counts: np.ndarray
    units: np.ndarray

    def per_unit(self) -> np.ndarray:
        """units x values x values: each unit's contribution to the coincidence matrix."""
        c = self.counts
        m = c.sum(axis=1)
        o = c[:, :, None] * c[:, None, :]
        idx = np.arange(c.shape[1])
        o[:, idx, idx] -= c
        return o / (m - 1)[:, None, None]


def coincidences(data) -> Coincidences:
    """Count the pairable values of ``data`` (coders x units; NaN/None = missing).

    Values are compared as numbers when all are numeric (so 1 and 1.0 are one value), else as text.

    >>> c = coincidences([[1, 2, None], [1, 3, 3]])
    >>> c.values.tolist(), c.counts.tolist(), c.units.tolist()
    ([1, 2, 3], [[2, 0, 0], [0, 1, 1]], [0, 1])
    """
    table = pd.DataFrame(data.to_numpy(dtype=object) if isinstance(data, pd.DataFrame) else np.asarray(data, dtype=object))
    if table.ndim != 2 or table.empty:
        raise ParameterError("reliability data: expected coders x units (a list of rows, one per coder)")
    long = cast(pd.Series, table.T.stack(future_stack=True)).dropna()  # (unit, coder) -> value
    numeric = pd.to_numeric(long, errors="coerce")
    values = numeric if numeric.notna().all() else long.astype(str)
    if values.empty:
        return Coincidences(np.array([]), np.zeros((0, 0), dtype=np.int64), np.array([], dtype=np.int64))
    counts = pd.crosstab(long.index.get_level_values(0), values.to_numpy())
    counts = counts[counts.sum(axis=1) >= 2]
    vals = counts.columns.to_numpy()
    if numeric.notna().all() and np.all(np.asarray(vals, dtype=float) == np.round(np.asarray(vals, dtype=float))):
        vals = np.asarray(vals, dtype=float).astype(np.int64)
    return Coincidences(vals, counts.to_numpy(dtype=np.int64), counts.index.to_numpy(dtype=np.int64))


def distances(values: np.ndarray, n_c: np.ndarray, level: str) -> np.ndarray:
    """The squared difference function delta^2(c, k) for ``level`` (values x values).

    Ordinal uses the marginal frequencies ``n_c`` of the values: (sum_{g=c..k} n_g - (n_c + n_k) / 2)^2.

    >>> distances(np.array([1, 2, 4]), np.array([1, 1, 1]), "interval").tolist()
    [[0.0, 1.0, 9.0], [1.0, 0.0, 4.0], [9.0, 4.0, 0.0]]
    """
    if level not in LEVELS:
        raise ParameterError(value_invalid_msg("level", level, LEVELS))
    k = len(values)
    if level == "nominal":
        return 1.0 - np.eye(k)
    if level == "ordinal":
        cum = np.concatenate([[0.0], np.cumsum(n_c, dtype=float)])
        lo, hi = np.minimum.outer(np.arange(k), np.arange(k)), np.maximum.outer(np.arange(k), np.arange(k))
        between = cum[hi + 1] - cum[lo]
        return (between - (n_c[lo] + n_c[hi]) / 2.0) ** 2
    try:
        x = np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        raise ParameterError(f"`level` {level!r} needs numeric values; got {list(values)[:5]}; use 'nominal' or "
                             "'ordinal' for categories") from None
    if level == "interval":
        return np.subtract.outer(x, x) ** 2
    if (x < 0).any():
        raise ParameterError(f"`level` 'ratio' needs values >= 0; got {x.min()}")
    total = np.add.outer(x, x)
    with np.errstate(invalid="ignore", divide="ignore"):
        d = np.where(total > 0, np.subtract.outer(x, x) / np.where(total > 0, total, 1.0), 0.0)
    return d ** 2


def _alpha_from(o: np.ndarray, values: np.ndarray, level: str) -> np.ndarray:
    """Alpha from coincidence matrices ``o`` (... x values x values); vectorised over leading axes."""
    n_c = o.sum(axis=-1)
    n = n_c.sum(axis=-1)
    if level == "ordinal":  # delta depends on the marginals: one matrix per resample
        d = np.stack([distances(values, row, level) for row in n_c.reshape(-1, n_c.shape[-1])])
        d = d.reshape(o.shape)
    else:
        d = distances(values, np.ones(len(values)), level)
    observed = (o * d).sum(axis=(-2, -1))
    expected = (n_c[..., :, None] * n_c[..., None, :] * d).sum(axis=(-2, -1)) / np.maximum(n - 1, 1)
    with np.errstate(invalid="ignore", divide="ignore"):
        a = 1.0 - observed / expected
    # no variation expected: alpha is 1 if nothing disagrees either, else undefined
    return np.where(expected > 0, a, np.where(observed == 0, 1.0, np.nan))


def alpha(data, level: str = "nominal") -> float:
    """Krippendorff's alpha of ``data`` (coders x units, NaN/None = missing) at ``level``.

    ``level`` is one of ``nominal``, ``ordinal``, ``interval``, ``ratio``. NaN when no unit has
    two values; 1.0 when every value is the same.

    >>> alpha([[1, 2, 3, 3], [1, 2, 3, 3]])
    1.0
    >>> round(alpha([["a", "b", "a", None], ["a", "b", "b", "b"]]), 3)
    0.444
    """
    if level not in LEVELS:
        raise ParameterError(value_invalid_msg("level", level, LEVELS))
    c = coincidences(data)
    if len(c.counts) == 0:
        return float("nan")
    return float(_alpha_from(c.per_unit().sum(axis=0), c.values, level))


def alpha_interval(data, level: str = "nominal", n_boot: int = 1000, seed: int = 0,
                   confidence: float = 0.95) -> tuple[float, float, float]:
    """Alpha and a percentile bootstrap interval (pairable units resampled with replacement, fixed seed).

    Returns ``(alpha, low, high)``.

    >>> a, low, high = alpha_interval([[0, 1, 0, 0, 1, 1, 0, 1], [0, 1, 0, 1, 1, 1, 0, 1]], n_boot=200)
    >>> round(a, 3), low <= a <= high
    (0.762, True)
    """
    if level not in LEVELS:
        raise ParameterError(value_invalid_msg("level", level, LEVELS))
    if not 0 < confidence < 1:
        raise ParameterError(f"`confidence` got {confidence!r}; expected a number between 0 and 1, e.g. 0.95")
    c = coincidences(data)
    if len(c.counts) == 0:
        return float("nan"), float("nan"), float("nan")
    per_unit = c.per_unit()
    point = float(_alpha_from(per_unit.sum(axis=0), c.values, level))
    rng = np.random.default_rng(seed)
    n_units = len(per_unit)
    # how often each unit is drawn in each resample, then one matrix product for all resamples
    draws = rng.multinomial(n_units, np.full(n_units, 1.0 / n_units), size=n_boot).astype(float)
    o = np.tensordot(draws, per_unit, axes=(1, 0))
    boot = _alpha_from(o, c.values, level)
    boot = boot[~np.isnan(boot)]
    if len(boot) == 0:
        return point, float("nan"), float("nan")
    tail = (1 - confidence) / 2
    low, high = np.quantile(boot, [tail, 1 - tail])
    return point, float(low), float(high)


def category_alpha(data) -> pd.DataFrame:
    """Per-category alpha: each value against all others (nominal alpha of the binary recoding).

    Tells which categories coders agree on and which they confuse. Columns ``value, alpha, n``
    (``n``: pairable values of that category).

    >>> category_alpha([[1, 1, 2, 3, 3], [1, 1, 2, 3, 2]]).round(3).to_dict("list")
    {'value': [1, 2, 3], 'alpha': [1.0, 0.571, 0.571], 'n': [4, 3, 3]}
    """
    c = coincidences(data)
    rows = []
    for j, value in enumerate(c.values.tolist()):
        binary = np.stack([c.counts[:, j], c.counts.sum(axis=1) - c.counts[:, j]], axis=1)
        sub = Coincidences(np.array([1, 0]), binary, c.units)
        rows.append({"value": value, "alpha": float(_alpha_from(sub.per_unit().sum(axis=0), sub.values, "nominal")),
                     "n": int(c.counts[:, j].sum())})
    return pd.DataFrame(rows, columns=["value", "alpha", "n"])


def reliability_data(codes: pd.DataFrame, code: str | None = None, unit: str = "item_id", coder: str = "coder",
                     value: str = "value") -> pd.DataFrame:
    """A long table of codes (``item_id, coder, [code,] value``, as from
    :func:`framing.validate.read_codes`) -> coders x units, ready for :func:`alpha`.

    >>> long = pd.DataFrame({"item_id": ["a", "a", "b"], "coder": ["x", "y", "x"], "value": [1, 1, 0]})
    >>> reliability_data(long).to_dict("index")
    {'x': {'a': 1.0, 'b': 0.0}, 'y': {'a': 1.0, 'b': nan}}
    """
    missing = [c for c in (unit, coder, value) if c not in codes.columns]
    if missing:
        raise ParameterError(value_invalid_msg("columns", missing, list(map(str, codes.columns))))
    part = codes
    if code is not None:
        if "code" not in codes.columns:
            raise ParameterError(f"`code` {code!r} given but the table has no 'code' column")
        part = codes[codes["code"] == code]
        if part.empty:
            raise ParameterError(value_invalid_msg("code", code, sorted(map(str, codes["code"].unique()))))
    wide = part.pivot_table(index=coder, columns=unit, values=value, aggfunc="first")
    wide.index.name, wide.columns.name = None, None
    return wide


def agreement_table(data, levels: Sequence[str] = LEVELS, n_boot: int = 1000, seed: int = 0,
                    confidence: float = 0.95) -> pd.DataFrame:
    """Alpha with bootstrap intervals at each of ``levels``: ``level, alpha, ci_low, ci_high, n_units, n_coders``.

    >>> agreement_table([[1, 2, 3, 3], [1, 2, 3, 2]], levels=["nominal"], n_boot=100)["alpha"].round(3).tolist()
    [0.667]
    """
    table = data if isinstance(data, pd.DataFrame) else pd.DataFrame(np.asarray(data, dtype=object))
    n_units = len(coincidences(table).units)
    rows = []
    for level in levels:
        a, low, high = alpha_interval(table, level, n_boot=n_boot, seed=seed, confidence=confidence)
        rows.append({"level": level, "alpha": a, "ci_low": low, "ci_high": high, "n_units": n_units,
                     "n_coders": len(table)})
    return pd.DataFrame(rows)
