"""Out-of-sample validation API (framing.validate, issue 14): P/R/F1 with intervals, baselines, errors."""

import numpy as np
import pandas as pd
import pytest

from framing.errors import ParameterError
from framing.validate import (
    bootstrap_prf,
    category_recall,
    frequent_errors,
    gold_matches,
    lexicon_validation,
    naive_predictions,
    negation_accuracy,
    sentence_predictions,
)

GOLD = pd.DataFrame({
    "text": ["Ukraine will never give up Crimea.", "They ceded the islands to Japan.", "We cede nothing today.",
             "Talks may resume.", "The land for peace deal was signed.", "Prices rose."],
    "concession": [1, 1, 0, 0, 1, 0],
    "negated": [1, 0, 0, 0, 0, 0],
})


def test_bootstrap_interval_brackets_the_estimate_and_is_reproducible():
    rng = np.random.default_rng(1)
    gold = rng.random(400) < 0.3
    pred = np.where(rng.random(400) < 0.8, gold, ~gold)
    a, b = bootstrap_prf(pred, gold, n_boot=300, seed=4), bootstrap_prf(pred, gold, n_boot=300, seed=4)
    assert a == b
    for m in ("precision", "recall", "f1"):
        assert a[f"{m}_low"] <= a[m] <= a[f"{m}_high"]
    assert a["tp"] + a["fn"] == gold.sum()
    with pytest.raises(ParameterError):
        bootstrap_prf([1, 0], [1])


def test_sentence_predictions_and_negation_accuracy():
    matches = gold_matches(GOLD["text"].tolist(), "concession")
    hit = sentence_predictions(matches, len(GOLD), "any")
    assert hit.tolist() == [True, True, False, False, True, False]
    assert sentence_predictions(matches, len(GOLD), "negated").tolist()[0]
    assert negation_accuracy(matches, GOLD) == {"accuracy": 1.0, "n": 3}
    with pytest.raises(ParameterError):
        sentence_predictions(matches, len(GOLD), "some")


def test_category_recall_and_frequent_errors():
    matches = gold_matches(GOLD["text"].tolist(), "concession")
    cats = category_recall(matches, GOLD, "concession")
    assert set(cats["category"]) == {"cede", "trade"} and cats["recall"].sum() == pytest.approx(1.0)
    fps, fns = frequent_errors(matches, GOLD.assign(concession=[1, 0, 0, 0, 1, 1]), "concession")
    assert fps["term"].tolist() == ["cede*"] and "[ceded]" in fps["kwic"].iloc[0]
    assert fns["text"].tolist() == ["Prices rose."]


def test_lexicon_validation_reports_everything_with_a_baseline():
    out = lexicon_validation("concession", GOLD, "concession", baseline=["cede*", "give up"], n_boot=200)
    assert out["prf"]["recall"] == 1.0 and out["prf"]["precision"] == 1.0
    assert out["baseline"]["fp"] == 1  # "We cede nothing today."
    assert {"categories", "false_positives", "false_negatives"} <= set(out)


def test_naive_predictions_match_whole_words():
    assert naive_predictions(["The cedar.", "They ceded."], ["cede*"]).tolist() == [False, True]


def test_validity_table_scores_tuning_and_held_out_parts_separately():
    from framing.validate import validity_table

    table = validity_table([("naive", ["cede*", "give up"], "concession_v2.csv", "concession", "any"),
                            ("lexicon", "concession", "concession_dev.csv", "concession", "any")], n_boot=50)
    assert table[["case", "part"]].values.tolist() == [["naive", "tune"], ["naive", "heldout"], ["lexicon", "tune"]]
    assert table.loc[table["case"] == "naive", "n"].sum() == 1500
    assert table["neg_acc"].notna().tolist() == [False, False, True]


def test_validation_report_scores_held_out_parts_and_shows_tuning_errors_only():
    from framing.validate import NAIVE_CONCESSION, validation_report

    out = validation_report(["concession"], {"concession": NAIVE_CONCESSION}, n_boot=50, top=3)
    scores = out["scores"]
    parts = scores.groupby(["case", "gold"])["part"].apply(sorted).to_dict()
    assert parts[("concession", "concession_v2.csv")] == ["heldout", "tune"]
    assert parts[("concession", "concession_dev.csv")] == ["tune"]  # no held-out part: in-sample only, marked
    assert ("concession: naive list", "concession_v2.csv") in parts
    assert set(out["categories"]["part"]) == {"heldout"}
    assert set(out["false_positives"]["part"]) == set(out["false_negatives"]["part"]) == {"tune"}
    assert out["false_positives"].groupby("gold").size().max() <= 3 and "[" in out["false_positives"]["kwic"].iloc[0]
