"""Corrected estimates: coverage in simulated corpora, stratified samples with weights, the table API."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from framing.errors import InputError, ParameterError
from framing.estimate import corrected_estimates, estimate_arrays


def _corpora(rng, s, n, sens, fpr, prev):
    """``s`` corpora of ``n`` units in two groups; a surrogate whose sensitivity and false-positive
    rate differ by group (so its errors bias the group difference)."""
    group = (rng.random((s, n)) < 0.5).astype(int)
    y = (rng.random((s, n)) < np.where(group == 0, prev[0], prev[1])).astype(float)
    u = rng.random((s, n))
    f = np.where(y == 1, u < np.where(group == 0, sens[0], sens[1]), u < np.where(group == 0, fpr[0], fpr[1]))
    return group, y, f.astype(float)


def _truth(y, group):
    onehot = group[..., None] == np.arange(2)
    rate = (y[..., None] * onehot).sum(axis=1) / onehot.sum(axis=1)
    return np.column_stack([y.mean(axis=1), rate, rate[:, 1] - rate[:, 0]])


def _coverage(e, truth, method):
    low, high = e.interval(method)
    return ((low <= truth) & (truth <= high)).mean(axis=0)


def test_simulated_coverage_naive_vs_corrected():
    """500 corpora of 3,000 units; a surrogate 85-90% accurate that misses more in group 0 and
    over-fires in group 1; 500 units coded at random in each corpus."""
    rng = np.random.default_rng(2023)
    s, n, k = 500, 3000, 500
    group, y, f = _corpora(rng, s, n, sens=(0.80, 0.90), fpr=(0.05, 0.12), prev=(0.30, 0.20))
    accuracy = (f == y).mean()
    assert 0.85 <= accuracy <= 0.90
    coded = np.zeros((s, n), dtype=bool)
    np.put_along_axis(coded, rng.random((s, n)).argsort(axis=1)[:, :k], True, axis=1)
    e = estimate_arrays(f, y, coded, group)
    assert e.names == ["all", "g0", "g1", "g1-g0"]
    truth = _truth(y, group)
    naive, corrected = _coverage(e, truth, "naive"), _coverage(e, truth, "corrected")
    print("naive coverage", naive, "corrected coverage", corrected, "coded-only", _coverage(e, truth, "coded"))
    assert (naive < 0.5).all()
    assert ((corrected >= 0.93) & (corrected <= 0.97)).all()
    # the measure carries information: corrected intervals are narrower than the codes' alone
    assert (e.se["corrected"].mean(axis=0) < e.se["coded"].mean(axis=0)).all()


def test_stratified_oversampling_with_weights():
    """Hits over-sampled (250 of the ~28% of units the measure hits, 250 of the rest): the
    stratified corrected estimate covers; an unweighted mean of the codes does not. (Where the
    measure's errors are very rare in a stratum, a handful of coded errors, normal intervals
    under-cover: code more there.)"""
    rng = np.random.default_rng(11)
    s, n = 300, 3000
    group, y, f = _corpora(rng, s, n, sens=(0.80, 0.90), fpr=(0.05, 0.12), prev=(0.30, 0.20))
    stratum = f.astype(int)  # sample by the measure: hit / no hit
    coded = np.zeros((s, n), dtype=bool)
    key = rng.random((s, n))
    for h in (0, 1):
        order = np.where(stratum == h, key, 2.0).argsort(axis=1)[:, :250]
        np.put_along_axis(coded, order, True, axis=1)
    e = estimate_arrays(f, y, coded, group, stratum)
    truth = _truth(y, group)
    corrected = _coverage(e, truth, "corrected")
    assert ((corrected >= 0.92) & (corrected <= 0.98)).all(), corrected
    unweighted = (y * coded).sum(axis=1) / coded.sum(axis=1)
    assert abs(unweighted.mean() - truth[:, 0].mean()) > 0.1  # hits over-represented
    assert 0.92 <= _coverage(e, truth, "coded")[0] <= 0.98


def test_everything_coded_gives_the_truth_exactly():
    y = np.array([1.0, 0, 1, 1, 0, 0])
    e = estimate_arrays(np.array([1.0, 1, 0, 1, 0, 0]), y, np.ones(6, dtype=bool), np.array([0, 0, 0, 1, 1, 1]))
    assert e.estimate["corrected"][0] == pytest.approx([0.5, 2 / 3, 1 / 3, -1 / 3])
    assert e.se["corrected"][0] == pytest.approx([0, 0, 0, 0])


def _tables(seed=0, n=400, k=120):
    rng = np.random.default_rng(seed)
    units = pd.DataFrame({"doc_id": [f"d{i}" for i in range(n)], "outlet": rng.choice(["A", "B", "C"], n),
                          "prob": rng.random(n).round(2)})
    units["pred"] = (units["prob"] > 0.6).astype(int)
    truth = (rng.random(n) < units["prob"]).astype(int)
    pick = rng.choice(n, k, replace=False)
    coded = pd.DataFrame({"doc_id": units["doc_id"].iloc[pick].to_numpy(), "code": truth[pick]})
    return units, coded, truth


def test_table_api_matches_arrays_and_orders_groups():
    units, coded, _ = _tables()
    table = corrected_estimates(units, "prob", coded, "code", group="outlet", reference="B")
    assert table["estimand"].unique().tolist() == ["all", "outlet=B", "outlet=A", "outlet=C", "outlet=A - outlet=B",
                                                   "outlet=C - outlet=B"]
    assert table["method"].unique().tolist() == ["naive", "coded", "corrected"]
    assert (table["ci_low"] <= table["estimate"]).all() and (table["estimate"] <= table["ci_high"]).all()
    naive_all = table[(table["method"] == "naive") & (table["estimand"] == "all")].iloc[0]
    assert naive_all["estimate"] == pytest.approx(units["prob"].mean())
    assert naive_all["n_units"] == 400 and naive_all["n_coded"] == 120
    coded_b = table[(table["method"] == "coded") & (table["estimand"] == "outlet=B")].iloc[0]
    in_b = coded.merge(units, on="doc_id")["outlet"] == "B"
    assert coded_b["n_coded"] == in_b.sum()


def test_weights_or_unit_strata_give_the_same_sizes():
    units, coded, _ = _tables(seed=1)
    units["stratum"] = np.where(units["pred"] == 1, "hit", "miss")
    coded = coded.merge(units[["doc_id", "stratum"]], on="doc_id")
    sizes = units["stratum"].value_counts()
    counts = coded["stratum"].value_counts()
    coded["weight"] = coded["stratum"].map(sizes / counts)
    from_units = corrected_estimates(units, "pred", coded.drop(columns="weight"), "code")
    from_weights = corrected_estimates(units.drop(columns="stratum"), "pred", coded, "code")
    pd.testing.assert_frame_equal(from_units, from_weights)
    srs = corrected_estimates(units.drop(columns="stratum"), "pred", coded.drop(columns=["stratum", "weight"]), "code")
    assert not np.allclose(srs["estimate"], from_units["estimate"])


def test_errors_name_the_problem():
    units, coded, _ = _tables()
    with pytest.raises(InputError, match="not in the corpus"):
        corrected_estimates(units, "pred", pd.concat([coded, pd.DataFrame({"doc_id": ["zz"], "code": [1]})]), "code")
    with pytest.raises(ParameterError, match="no column"):
        corrected_estimates(units, "pred", coded, "label")
    with pytest.raises(ParameterError, match="0/1 codes"):
        corrected_estimates(units, "pred", coded.assign(code=2), "code")
    with pytest.raises(ParameterError, match="reference"):
        corrected_estimates(units, "pred", coded, "code", group="outlet", reference="Z")
    with pytest.raises(ParameterError, match="size is known"):
        corrected_estimates(units, "pred", coded.assign(stratum="s"), "code")


def test_strata_without_enough_codes_give_no_interval():
    f = np.array([1.0, 0, 0, 1, 0, 1])
    stratum = np.array([0, 0, 0, 1, 1, 1])
    one_code = estimate_arrays(f, f, np.array([True, True, False, True, False, False]), stratum=stratum)
    assert np.isnan(one_code.se["corrected"][0, 0])  # stratum 1: one code for three units
    units = pd.DataFrame({"doc_id": list("abcdef"), "pred": f, "stratum": ["s0"] * 3 + ["s1"] * 3})
    coded = pd.DataFrame({"doc_id": ["a", "b"], "code": [1, 0], "stratum": ["s0", "s0"]})
    with pytest.raises(ParameterError, match="no coded unit"):
        corrected_estimates(units, "pred", coded, "code")
