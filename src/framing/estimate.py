"""Prevalence, group rates and group differences from a measure, corrected with a coded sample.

A measure (a lexicon, a trained model or imported labels) gives every unit of the corpus a 0/1
prediction or a probability ``f``; a random sample of units (simple or stratified, with weights)
is coded by people, ``y``. The **naive** estimate treats ``f`` as the truth: its interval is narrow
and, when ``f`` errs differently across groups, in the wrong place. The **corrected** estimate
adds the measure's average error measured on the coded sample (prediction-powered inference,
Angelopoulos et al. 2023; design-based supervised learning, Egami et al. 2023):

    theta = sum_i a_i f_i  +  sum_h N_h * mean_{coded i in h}( a_i (y_i - f_i) )

for an estimand ``theta = sum_i a_i y_i`` (``a_i = 1/N`` for the prevalence, ``1/N_g`` inside
group g for a group rate, ``1/N_b`` and ``-1/N_a`` for the difference b - a), with stratum sizes
``N_h``. Its variance is the stratified sampling variance of the correction term,
``sum_h N_h^2 (1 - n_h/N_h) s_h^2 / n_h``: the interval is for the prevalence *in this corpus*
(every unit's measure is known; the uncertainty is in how wrong it is). It stays unbiased however
poor the measure; a better measure only makes it narrower. The **coded** estimate uses the codes
alone (the same formula with ``f = 0``).

>>> units = pd.DataFrame({"doc_id": list("abcdefgh"), "pred": [1, 1, 0, 0, 1, 0, 0, 0],
...                       "outlet": ["x"] * 4 + ["y"] * 4})
>>> coded = pd.DataFrame({"doc_id": ["a", "c", "e", "g"], "code": [1, 1, 0, 0]})
>>> t = corrected_estimates(units, "pred", coded, "code", group="outlet")
>>> t[t["method"] == "corrected"][["estimand", "estimate"]].to_dict("list")
{'estimand': ['all', 'outlet=x', 'outlet=y', 'outlet=y - outlet=x'], 'estimate': [0.375, 1.0, -0.25, -1.25]}

(Four coded units are far too few: a corrected rate can then leave 0-1, and its interval is wide.)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from statistics import NormalDist
from typing import Any

import numpy as np
import pandas as pd

from .errors import InputError, ParameterError, value_invalid_msg

METHODS = ("naive", "coded", "corrected")
COLUMNS = ["estimand", "method", "estimate", "se", "ci_low", "ci_high", "n_units", "n_coded"]


@dataclass(frozen=True)
class Estimates:
    """Estimates for a batch of corpora: arrays of shape (corpora, estimands) per method.

    ``names`` are the estimands (``all``, one per group, then each group minus the first group).
    """

    names: list[str]
    estimate: dict[str, np.ndarray]
    se: dict[str, np.ndarray]
    n_units: np.ndarray
    n_coded: np.ndarray

    def interval(self, method: str, confidence: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
        """Normal interval ``(low, high)`` for ``method``."""
        z = NormalDist().inv_cdf(0.5 + confidence / 2)
        return self.estimate[method] - z * self.se[method], self.estimate[method] + z * self.se[method]


def _contrasts(group: np.ndarray, n_groups: int) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Estimand weights ``a`` (corpora x units x estimands) and which group each estimand's naive
    variance sums over (estimands x groups, +1/-1)."""
    s, n = group.shape
    onehot = (group[..., None] == np.arange(n_groups)).astype(float)  # S x N x G
    sizes = onehot.sum(axis=1)  # S x G
    with np.errstate(divide="ignore", invalid="ignore"):
        per_group = onehot / np.where(sizes > 0, sizes, np.nan)[:, None, :]
    parts = [np.full((s, n, 1), 1.0 / n)]
    mix = [np.ones(n_groups)] if n_groups == 1 else [np.full(n_groups, np.nan)]  # 'all': not a sum over groups
    names = ["all"]
    if n_groups > 1:
        parts.append(per_group)
        parts.append(per_group[..., 1:] - per_group[..., :1])
        eye = np.eye(n_groups)
        mix += list(eye) + [eye[g] - eye[0] for g in range(1, n_groups)]
        names += [f"g{g}" for g in range(n_groups)] + [f"g{g}-g0" for g in range(1, n_groups)]
    return np.concatenate(parts, axis=2), np.array(mix), names


def _stratified(r: np.ndarray, coded: np.ndarray, stratum: np.ndarray, sizes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Estimated total of ``r`` (corpora x units x estimands) from the coded units in each stratum,
    and its variance under stratified sampling without replacement."""
    total = np.zeros((r.shape[0], r.shape[2]))
    var = np.zeros_like(total)
    for h in range(sizes.shape[1]):
        mask = (coded & (stratum == h))[..., None]
        n_h = mask.sum(axis=1).astype(float)  # S x 1
        big_n = sizes[:, h][:, None]
        with np.errstate(divide="ignore", invalid="ignore"):
            mean = np.where(mask, r, 0.0).sum(axis=1) / n_h
            s2 = np.where(mask, (r - mean[:, None, :]) ** 2, 0.0).sum(axis=1) / (n_h - 1)
        has = n_h > 0
        total += np.where(has, big_n * np.where(has, mean, 0.0), 0.0)
        fpc = np.clip(1.0 - n_h / np.where(big_n > 0, big_n, 1.0), 0.0, 1.0)
        var += np.where(n_h > 1, big_n ** 2 * fpc * np.where(n_h > 1, s2, 0.0) / np.where(n_h > 1, n_h, 1.0), 0.0)
        # a stratum with units but no codes, or one code out of several units: its error is unknown
        var = np.where((n_h > 1) | (big_n <= n_h), var, np.nan)
    return total, var


def estimate_arrays(f: np.ndarray, y: np.ndarray, coded: np.ndarray, group: np.ndarray | None = None,
                    stratum: np.ndarray | None = None, stratum_sizes: np.ndarray | None = None) -> Estimates:
    """Naive, coded and corrected estimates for one corpus (1-D arrays) or a batch (corpora x units).

    ``f``: the measure of every unit (0/1 or a probability); ``y``: the codes (any value where not
    coded); ``coded``: which units were coded; ``group``: group index 0..G-1 of every unit;
    ``stratum``: sampling stratum index 0..H-1 (default: one, i.e. a simple random sample);
    ``stratum_sizes``: units per stratum in the sampling frame (corpora x H; default: counted).

    >>> e = estimate_arrays(np.array([1., 1, 0, 0]), np.array([1., 0, 0, 0]), np.array([True, True, True, True]))
    >>> e.estimate["naive"].tolist(), e.estimate["corrected"].tolist(), e.se["corrected"].tolist()
    ([[0.5]], [[0.25]], [[0.0]])
    """
    f, y, coded = (np.atleast_2d(np.asarray(a)) for a in (f, y, coded))
    f, y, coded = f.astype(float), y.astype(float), coded.astype(bool)
    s, n = f.shape
    group = np.zeros((s, n), dtype=np.int64) if group is None else np.broadcast_to(np.asarray(group, dtype=np.int64), (s, n))
    stratum = np.zeros((s, n), dtype=np.int64) if stratum is None else np.broadcast_to(np.asarray(stratum, dtype=np.int64), (s, n))
    n_groups, n_strata = int(group.max()) + 1, int(stratum.max()) + 1
    if stratum_sizes is None:
        sizes = (stratum[..., None] == np.arange(n_strata)).sum(axis=1).astype(float)
    else:
        sizes = np.broadcast_to(np.atleast_2d(np.asarray(stratum_sizes, dtype=float)), (s, n_strata))
    a, mix, names = _contrasts(group, n_groups)
    y = np.where(coded, y, 0.0)
    estimate, se = {}, {}
    # naive: the measure as if it were the codes, with the usual interval for a mean of independent units
    estimate["naive"] = np.einsum("sn,sne->se", f, a)
    onehot = (group[..., None] == np.arange(n_groups))
    n_g = onehot.sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        mean_g = (f[..., None] * onehot).sum(axis=1) / n_g
        var_g = (((f[..., None] - mean_g[:, None, :]) ** 2) * onehot).sum(axis=1) / (n_g - 1) / n_g  # S x G
        var_all = f.var(axis=1, ddof=1) / n
    naive_var = np.where(np.isnan(mix).any(axis=1), var_all[:, None], (var_g @ np.nan_to_num(mix.T) ** 2))
    se["naive"] = np.sqrt(naive_var)
    total, var = _stratified(a * y[..., None], coded, stratum, sizes)
    estimate["coded"], se["coded"] = total, np.sqrt(var)
    total, var = _stratified(a * (y - f)[..., None], coded, stratum, sizes)
    estimate["corrected"], se["corrected"] = estimate["naive"] + total, np.sqrt(var)
    n_units = np.concatenate([np.full((s, 1), n), n_g, (n_g[:, 1:] + n_g[:, :1])], axis=1) if n_groups > 1 \
        else np.full((s, 1), n)
    c_g = (onehot & coded[..., None]).sum(axis=1)
    n_coded = np.concatenate([coded.sum(axis=1)[:, None], c_g, c_g[:, 1:] + c_g[:, :1]], axis=1) if n_groups > 1 \
        else coded.sum(axis=1)[:, None]
    return Estimates(names, estimate, se, n_units, n_coded)


def _codes(values: pd.Series, what: str) -> np.ndarray:
    x = pd.to_numeric(values, errors="coerce")
    if x.isna().any() or not x.between(0, 1).all():
        bad = values[x.isna() | ~x.between(0, 1)].iloc[0]
        raise ParameterError(f"{what} holds {bad!r}; expected 0/1 codes or probabilities between 0 and 1")
    return x.to_numpy(float)


def corrected_estimates(units: pd.DataFrame, measure: str, coded: pd.DataFrame, code: str,
                        on: str | Sequence[str] = "doc_id", group: str | None = None,
                        stratum: str | None = "stratum", weight: str | None = "weight",
                        confidence: float = 0.95, reference: Any = None) -> pd.DataFrame:
    """Naive, coded-only and corrected estimates of the prevalence of ``code``, its rate per
    ``group`` and each group's difference from the ``reference`` group (default: the first).

    ``units``: every unit of the corpus (keys ``on``, the ``measure`` column, and ``group``);
    ``coded``: the coded sample (keys ``on``, the ``code`` column; for a stratified sample a
    ``stratum`` column and either the same column in ``units`` or a ``weight`` column, units in the
    stratum / coded, as :func:`framing.validate.draw_sample` writes). Without strata the sample is
    taken as a simple random sample of ``units``.

    Columns: ``estimand, method, estimate, se, ci_low, ci_high, n_units, n_coded`` (methods
    ``naive``, ``coded``, ``corrected``; normal intervals at ``confidence``).
    """
    keys = [on] if isinstance(on, str) else list(on)
    for table, cols, what in ((units, [*keys, measure] + ([group] if group else []), "units"),
                              (coded, [*keys, code], "coded")):
        missing = [c for c in cols if c not in table.columns]
        if missing:
            raise ParameterError(f"the {what} table has no column(s) {missing}; its columns: {list(map(str, table.columns))}")
    if not 0 < confidence < 1:
        raise ParameterError(f"`confidence` got {confidence!r}; expected a number between 0 and 1, e.g. 0.95")
    if units.duplicated(keys).any():
        raise ParameterError(f"units: {keys} must identify one row each; duplicated: {units[units.duplicated(keys)][keys].iloc[0].tolist()}")
    codes = coded.dropna(subset=[code]).drop_duplicates(keys, keep="last")
    pos = pd.Series(np.arange(len(units)), index=pd.MultiIndex.from_frame(units[keys]))
    at = pos.reindex(pd.MultiIndex.from_frame(codes[keys]))
    if at.isna().any():
        lost = codes[keys][at.isna().to_numpy()].iloc[0].tolist()
        raise InputError("coded sample", f"{int(at.isna().sum())} coded unit(s) are not in the corpus, e.g. {lost}",
                         fix=f"code units of this corpus; match them on {keys}")
    idx = at.to_numpy(int)
    f = _codes(units[measure], f"the measure column {measure!r}")
    y = np.zeros(len(units))
    y[idx] = _codes(codes[code], f"the code column {code!r}")
    is_coded = np.zeros(len(units), dtype=bool)
    is_coded[idx] = True
    strata_ids, sizes = _strata(units, codes, idx, keys, stratum, weight)
    if group:
        labels = sorted(units[group].astype(str).unique())
        if reference is not None:
            if str(reference) not in labels:
                raise ParameterError(value_invalid_msg("reference", reference, labels))
            labels.remove(str(reference))
            labels.insert(0, str(reference))
        gidx = units[group].astype(str).map({g: k for k, g in enumerate(labels)}).to_numpy(int)
    else:
        labels, gidx = ["all"], np.zeros(len(units), dtype=int)
    e = estimate_arrays(f, y, is_coded, gidx, strata_ids, sizes)
    names = ["all"]
    if group:
        names += [f"{group}={g}" for g in labels] + [f"{group}={g} - {group}={labels[0]}" for g in labels[1:]]
    rows = []
    for method in METHODS:
        low, high = e.interval(method, confidence)
        for k, name in enumerate(names):
            rows.append({"estimand": name, "method": method, "estimate": float(e.estimate[method][0, k]),
                         "se": float(e.se[method][0, k]), "ci_low": float(low[0, k]), "ci_high": float(high[0, k]),
                         "n_units": int(e.n_units[0, k]), "n_coded": int(e.n_coded[0, k])})
    return pd.DataFrame(rows, columns=COLUMNS)


def _strata(units: pd.DataFrame, codes: pd.DataFrame, idx: np.ndarray, keys: list[str], stratum: str | None,
            weight: str | None) -> tuple[np.ndarray | None, np.ndarray | None]:
    """Stratum index of every unit (only coded units' matter) and the size of each stratum."""
    has_stratum = bool(stratum) and stratum in codes.columns
    has_weight = bool(weight) and weight in codes.columns
    if not has_stratum and not has_weight:
        return None, None
    labels = codes[stratum].astype(str) if has_stratum else codes[weight].astype(str)  # equal weights: one stratum
    names = sorted(labels.unique())
    ids = np.zeros(len(units), dtype=np.int64)
    ids[idx] = labels.map({s: k for k, s in enumerate(names)}).to_numpy(int)
    if has_stratum and stratum in units.columns:
        counts = units[stratum].astype(str).value_counts()
        uncoded = sorted(set(counts.index) - set(names))
        if uncoded:
            raise ParameterError(f"stratum/strata {uncoded[:5]} of the units have no coded unit; code some there, "
                                 "or estimate for the other strata only")
        return ids, np.array([float(counts.get(s, 0)) for s in names])
    if not has_weight:
        raise ParameterError(f"the coded sample has strata ({stratum!r}) but no {weight!r} column and the units have no "
                             f"{stratum!r} column; give either, so that each stratum's size is known")
    w = pd.to_numeric(codes[weight], errors="coerce")
    if w.isna().any() or (w < 1).any():
        raise ParameterError(f"the weight column {weight!r} must hold numbers >= 1 (units in the stratum / coded units)")
    return ids, np.array([float(w[labels.to_numpy() == s].sum()) for s in names])
