import numpy as np
import pandas as pd
import pytest

import framing
from framing.errors import InputError, ParameterError
from framing.stats import (
    RATE_COLUMNS,
    bootstrap_rate,
    collocations,
    compare_groups,
    cooccurrence,
    keyness,
    load_events,
    monthly_rates,
    rates_by_group,
    term_counts,
    time_series,
)


def test_bootstrap_is_reproducible_with_a_seed():
    rng = np.random.default_rng(1)
    counts, tokens = rng.poisson(3, 40), rng.integers(200, 400, 40)
    assert bootstrap_rate(counts, tokens, seed=7) == bootstrap_rate(counts, tokens, seed=7)
    assert bootstrap_rate(counts, tokens, seed=7)[1:] != bootstrap_rate(counts, tokens, seed=8)[1:]


def test_bootstrap_interval_covers_the_true_rate_about_95_percent_of_the_time():
    rng = np.random.default_rng(2024)
    true_rate, covered, n_sim = 12.0, 0, 300
    for k in range(n_sim):
        tokens = rng.integers(100, 600, 60)
        counts = rng.poisson(true_rate * tokens / 1000.0)
        _, low, high = bootstrap_rate(counts, tokens, n_boot=400, seed=k)
        covered += low <= true_rate <= high
    assert 0.89 <= covered / n_sim <= 0.99


def test_cluster_bootstrap_accounts_for_syndicated_copies():
    rng = np.random.default_rng(3)
    tokens = rng.integers(100, 600, 30)
    counts = rng.poisson(10 * tokens / 1000.0)
    # every story syndicated 5 times: copies add no information
    dup_counts, dup_tokens = np.repeat(counts, 5), np.repeat(tokens, 5)
    clusters = np.repeat(np.arange(30), 5)
    rate, low, high = bootstrap_rate(counts, tokens, n_boot=2000, seed=1)
    _, nlow, nhigh = bootstrap_rate(dup_counts, dup_tokens, n_boot=2000, seed=1)
    crate, clow, chigh = bootstrap_rate(dup_counts, dup_tokens, n_boot=2000, seed=1, clusters=clusters)
    assert crate == pytest.approx(rate)
    assert (nhigh - nlow) < 0.6 * (high - low)  # naive: falsely narrow
    assert (chigh - clow) == pytest.approx(high - low, rel=0.15)  # clustered: as without copies


def test_rates_by_group_keeps_its_contract_and_takes_clusters():
    scores = pd.DataFrame({"outlet": ["a", "a", "b", "b"], "n_tokens": [100, 100, 200, 200],
                           "hedging_count": [1, 3, 2, 2], "dup_cluster": [1, 1, None, None]})
    table = rates_by_group(scores, "outlet", ["hedging"], n_boot=200)
    assert list(table.columns) == RATE_COLUMNS
    assert table["rate"].tolist() == [20.0, 10.0]
    clustered = rates_by_group(scores, "outlet", ["hedging"], n_boot=200, cluster_col="dup_cluster")
    assert np.isnan(clustered.loc[0, "ci_low"])  # group a is one cluster: no interval
    assert not np.isnan(clustered.loc[1, "ci_low"])
    with pytest.raises(ParameterError, match="security_count"):
        rates_by_group(scores, "outlet", ["security"])


def test_monthly_rates_still_works():
    scores = pd.DataFrame({"published": pd.to_datetime(["2022-03-01", "2022-03-05", "2022-04-01"], utc=True),
                           "outlet": ["a", "a", "a"], "n_tokens": [100, 100, 100], "hedging_count": [1, 1, 4]})
    table = monthly_rates(scores, "published", "outlet", ["hedging"], n_boot=50)
    assert table["month"].dt.month.tolist() == [3, 4] and table["rate"].tolist() == [10.0, 40.0]


def test_compare_groups_pairs_reference_and_intervals():
    rng = np.random.default_rng(5)
    scores = pd.DataFrame({"g": np.repeat(["a", "b", "c"], 40), "n_tokens": 500})
    scores["hedging_count"] = rng.poisson(np.repeat([10.0, 5.0, 5.0], 40))
    table = compare_groups(scores, "g", ["hedging"], n_boot=1000)
    assert list(zip(table.group_a, table.group_b)) == [("a", "b"), ("a", "c"), ("b", "c")]
    ab = table.iloc[0]
    assert ab["diff_low"] > 0 and ab["ratio_low"] > 1  # a really is higher
    assert ab["diff_low"] <= ab["diff"] <= ab["diff_high"]
    bc = table.iloc[2]
    assert bc["diff_low"] < 0 < bc["diff_high"]  # b and c are the same
    ref = compare_groups(scores, "g", ["hedging"], reference="a", n_boot=200)
    assert list(zip(ref.group_a, ref.group_b)) == [("b", "a"), ("c", "a")]
    assert compare_groups(scores, "g", ["hedging"], n_boot=300).equals(compare_groups(scores, "g", ["hedging"],
                                                                                      n_boot=300))
    with pytest.raises(ParameterError, match="reference"):
        compare_groups(scores, "g", ["hedging"], reference="zz")


def test_weekly_series_starts_on_mondays():
    dates = pd.to_datetime(["2022-02-23", "2022-02-24", "2022-03-01", "2022-03-02"], utc=True)
    scores = pd.DataFrame({"published": dates, "n_tokens": 100, "hedging_count": [1, 2, 3, 4]})
    table = time_series(scores, "published", ["hedging"], freq="week", n_boot=50)
    assert table["period"].tolist() == [pd.Timestamp("2022-02-21"), pd.Timestamp("2022-02-28")]
    assert table["rate"].tolist() == [15.0, 35.0] and table["group"].tolist() == ["all", "all"]
    with pytest.raises(ParameterError, match="freq"):
        time_series(scores, "published", ["hedging"], freq="day")


def test_events_file(tmp_path):
    events = load_events()
    dates = dict(zip(events["label"], events["date"]))
    assert dates["Invasion"] == pd.Timestamp("2022-02-24")
    assert dates["Istanbul talks"] == pd.Timestamp("2022-03-29")
    assert events["date"].is_monotonic_increasing and (events["source"] != "").all()
    bad = tmp_path / "events.yaml"
    bad.write_text("events:\n  - label: no date\n")
    with pytest.raises(InputError, match="events.yaml.*event 1 needs `date`"):
        load_events(bad)


def test_keyness_hand_computed():
    # alpha_w = 1 for both words, a0 = 2, n_a = n_b = 4:
    # delta_x = log((3+1)/(4+2-3-1)) - log((1+1)/(4+2-1-1)) = 2 log 2; var = 1/4 + 1/2
    counts = pd.DataFrame({"a": [3, 1], "b": [1, 3]}, index=["x", "y"])
    k = keyness(counts, prior=1.0).set_index(["group", "term"])
    assert k.loc[("a", "x"), "delta"] == pytest.approx(2 * np.log(2))
    assert k.loc[("a", "x"), "se"] == pytest.approx(np.sqrt(0.75))
    assert k.loc[("a", "x"), "z"] == pytest.approx(2 * np.log(2) / np.sqrt(0.75))
    assert k.loc[("b", "x"), "delta"] == pytest.approx(-2 * np.log(2))
    assert k.loc[("a", "x"), "count"] == 3 and k.loc[("a", "x"), "count_other"] == 1


def test_keyness_prior_options_and_three_groups():
    counts = pd.DataFrame({"a": [30, 10, 0], "b": [10, 30, 5], "c": [20, 20, 5]}, index=["war", "peace", "rare"])
    default = keyness(counts)  # pooled counts as prior
    assert set(default["group"]) == {"a", "b", "c"} and len(default) == 9
    top_a = default[default.group == "a"].iloc[0]
    assert top_a["term"] == "war" and top_a["z"] > 0
    user = keyness(counts, prior=pd.Series({"war": 1.0, "peace": 1.0}), prior_size=3)
    assert np.isfinite(user["z"]).all()  # "rare" missing from the prior still gets one
    # a larger prior shrinks the log-odds towards 0
    weak, strong = keyness(counts, prior=0.5), keyness(counts, prior=500.0)
    assert abs(strong.set_index(["group", "term"]).loc[("a", "war"), "delta"]) < abs(
        weak.set_index(["group", "term"]).loc[("a", "war"), "delta"])
    with pytest.raises(ParameterError):
        keyness(counts[["a"]])


def test_term_counts_and_keyness_from_corpus():
    corpus = pd.DataFrame({"side": ["kremlin", "kyiv"], "text": ["Special operation, operation.", "War. War’s toll."]})
    counts = term_counts(corpus, "side")
    assert counts.loc["operation", "kremlin"] == 2 and counts.loc["war's", "kyiv"] == 1
    k = keyness(counts)
    assert k[k.group == "kremlin"].iloc[0]["term"] == "operation"


def test_collocations_pmi_lr_term_and_no_cross_document_pairs():
    corpus = pd.DataFrame({"text": ["security guarantees matter", "we need security guarantees",
                                    "security guarantees now", "nato security",
                                    "guarantees come from nato"]})
    pmi = collocations(corpus, measure="pmi", min_freq=2)
    assert pmi[["w1", "w2"]].values.tolist() == [["security", "guarantees"]]
    lr = collocations(corpus, measure="likelihood_ratio", min_freq=1, drop_function_words=False)
    scores = lr.set_index(["w1", "w2"])["score"]
    assert scores[("security", "guarantees")] > scores[("nato", "security")] and (lr["measure"] == "likelihood_ratio").all()
    assert scores.is_monotonic_decreasing
    pairs = set(map(tuple, collocations(corpus, min_freq=1)[["w1", "w2"]].values.tolist()))
    assert ("security", "guarantees") in pairs and ("matter", "we") not in pairs  # never across documents
    assert all("nato" in p for p in map(tuple, collocations(corpus, min_freq=1, term="NATO")[["w1", "w2"]].values))
    wide = collocations(corpus, min_freq=1, window=3)
    assert ("nato", "guarantees") not in set(map(tuple, wide[["w1", "w2"]].values.tolist()))
    with pytest.raises(ParameterError, match="measure"):
        collocations(corpus, measure="dice")


def test_cooccurrence_is_symmetric_with_unit_counts_on_the_diagonal():
    m = pd.DataFrame({"doc_id": ["a", "a", "a", "b"], "sent_id": [0, 0, 1, 0],
                      "lexicon": ["hedging", "security", "hedging", "security"],
                      "category": ["modal", "nato", "modal", "nato"]})
    sent = cooccurrence(m)
    assert sent.loc["hedging:modal", "security:nato"] == 1 and sent.loc["hedging:modal", "hedging:modal"] == 2
    assert (sent.values == sent.values.T).all()
    docs = cooccurrence(m, level="lexicon", unit="doc_id")
    assert docs.loc["security", "security"] == 2 and docs.loc["hedging", "security"] == 1


def test_cooccurrence_counts_affirmed_hits_as_score_does_unless_asked():
    corpus = pd.DataFrame({"doc_id": ["k"], "text": ["NATO membership matters, but Kyiv will not cede land."]})
    m = framing.find_matches(corpus, framing.load_lexicons(["concession", "security"]))
    assert m.set_index("lexicon")["negated"].to_dict() == {"concession": True, "security": False}
    assert "concession" not in cooccurrence(m, level="lexicon").index
    assert cooccurrence(m, level="lexicon", include_negated=True).loc["concession", "security"] == 1


def test_compare_groups_with_clusters_widens_intervals_for_copies():
    rng = np.random.default_rng(9)
    base = pd.DataFrame({"g": np.repeat(["a", "b"], 20), "n_tokens": 400})
    base["hedging_count"] = rng.poisson(np.repeat([6.0, 4.0], 20))
    copies = pd.concat([base.assign(dup_cluster=np.arange(40))] * 5, ignore_index=True)
    naive = compare_groups(copies, "g", ["hedging"], n_boot=1000).iloc[0]
    clustered = compare_groups(copies, "g", ["hedging"], n_boot=1000, cluster_col="dup_cluster").iloc[0]
    assert naive["diff"] == clustered["diff"]
    assert (clustered["diff_high"] - clustered["diff_low"]) > 1.8 * (naive["diff_high"] - naive["diff_low"])


def test_keyness_adjusts_for_many_terms_benjamini_hochberg():
    from framing.stats import benjamini_hochberg

    counts = pd.DataFrame({"a": [50, 5] + [10] * 40, "b": [5, 50] + [11] * 40},
                          index=["war", "peace"] + [f"w{i}" for i in range(40)])
    k = keyness(counts).set_index(["group", "term"])
    assert {"p", "q"} <= set(k.columns) and (k["q"] >= k["p"] - 1e-12).all()
    assert k.loc[("a", "war"), "q"] < 0.05 and (k.xs("a").drop(["war", "peace"])["q"] > 0.05).all()
    # q = min over larger ranks of p * m / rank, as Benjamini & Hochberg (1995)
    assert [round(float(q), 4) for q in benjamini_hochberg([0.001, 0.02, 0.03])] == [0.003, 0.03, 0.03]


def test_term_counts_leave_function_words_out_by_default():
    corpus = pd.DataFrame({"g": ["a", "b"], "text": ["I and the war", "You of the peace"]})
    assert sorted(term_counts(corpus, "g").index) == ["peace", "war"]
    assert "the" in term_counts(corpus, "g", drop_function_words=False).index


def test_monthly_rates_flag_partial_first_and_last_months():
    scores = pd.DataFrame({"published": pd.to_datetime(["2022-01-25", "2022-02-10", "2022-03-05"], utc=True),
                           "outlet": "a", "n_tokens": 100, "hedging_count": [1, 2, 3]})
    table = monthly_rates(scores, "published", "outlet", ["hedging"], n_boot=10)
    assert table["days"].tolist() == [7, 28, 5] and table["partial"].tolist() == [True, False, True]


def _simulated(seed=1, n=600, ratio=2.5, overdispersed=False):
    rng = np.random.default_rng(seed)
    scores = pd.DataFrame({"outlet": rng.choice(["a", "b"], n), "year": rng.choice(["2021", "2022"], n),
                           "n_tokens": rng.integers(200, 1200, n)})
    mu = scores["n_tokens"] / 1000 * 4.0 * np.where(scores["outlet"] == "b", ratio, 1.0) \
        * np.where(scores["year"] == "2022", 0.5, 1.0)
    if overdispersed:
        mu = mu * rng.gamma(2.0, 0.5, n)
    scores["hedging_count"] = rng.poisson(mu)
    return scores


def test_rate_model_recovers_a_known_rate_ratio_with_covariates():
    from framing.stats import rate_model

    scores = _simulated()
    table = rate_model(scores, ["hedging"], "outlet", covariates=["year"]).set_index("covariate")
    outlet, year = table.loc["outlet"], table.loc["year"]
    assert (outlet["level"], outlet["reference"]) == ("b", "a")
    assert outlet["ci_low"] < 2.5 < outlet["ci_high"] and abs(outlet["rate_ratio"] - 2.5) < 0.25
    assert abs(year["rate_ratio"] - 0.5) < 0.06 and year["ci_high"] < 0.6


def test_rate_model_negbin_and_clusters_widen_intervals():
    from framing.stats import rate_model

    scores = _simulated(overdispersed=True)
    scores["cluster"] = np.arange(len(scores)) // 20
    nb = rate_model(scores, ["hedging"], "outlet", family="negbin").iloc[0]
    assert nb["ci_low"] < 2.5 < nb["ci_high"]
    plain = rate_model(scores, ["hedging"], "outlet", reference="b").iloc[0]
    assert plain["level"] == "a" and plain["ci_low"] < 0.4 < plain["ci_high"]
    clustered = rate_model(scores, ["hedging"], "outlet", cluster_col="cluster").iloc[0]
    assert clustered["se"] == "cluster-robust by cluster"


def test_rate_model_period_and_bad_family():
    from framing.errors import ParameterError
    from framing.stats import rate_model

    scores = _simulated().assign(published=pd.Timestamp("2022-01-15", tz="UTC"))
    scores.loc[::2, "published"] = pd.Timestamp("2022-02-15", tz="UTC")
    table = rate_model(scores, ["hedging"], "outlet", period="month")
    assert table["covariate"].tolist() == ["outlet", "period"] and table["level"].tolist() == ["b", "2022-02"]
    with pytest.raises(ParameterError, match="family"):
        rate_model(scores, ["hedging"], "outlet", family="ols")


def test_rate_model_leaves_a_level_without_hits_empty():
    from framing.stats import rate_model

    scores = _simulated().assign(year=lambda d: np.where(np.arange(len(d)) < 30, "2020", d["year"]))
    scores.loc[scores["year"] == "2020", "hedging_count"] = 0
    table = rate_model(scores, ["hedging"], "outlet", covariates=["year"]).set_index("level")
    assert np.isnan(table.loc["2020", "rate_ratio"]) and np.isfinite(table.loc["b", "rate_ratio"])
    assert table.loc["2020", "reference"] in ("2021", "2022")  # the most frequent level, not the first


def test_rate_model_notes_collinear_covariates_instead_of_failing():
    from framing.stats import rate_model

    scores = _simulated()
    scores["desk"] = scores["outlet"].map({"a": "x", "b": "y"})  # the same split as outlet: collinear
    table = rate_model(scores, ["hedging"], "outlet", covariates=["desk"]).set_index("covariate")
    assert np.isfinite(table.loc["outlet", "rate_ratio"]) and table.loc["outlet", "note"] == ""
    assert np.isnan(table.loc["desk", "rate_ratio"]) and "collinear" in table.loc["desk", "note"]
