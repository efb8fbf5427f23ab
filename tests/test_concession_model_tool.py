"""tools/train_concession_model.py trains on tuning rows only: no held-out item of concession_v2.csv, by id or text."""

from __future__ import annotations

import importlib.util

import pytest

from framing.gold_split import gold_part
from framing.paths import project_root


@pytest.fixture(scope="module")
def tool():
    path = project_root() / "tools" / "train_concession_model.py"
    spec = importlib.util.spec_from_file_location("train_concession_model", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_training_rows_hold_no_held_out_item(tool):
    rows = tool.training_rows()
    held = gold_part("concession_v2.csv", "heldout")
    assert len(held) == 745
    v2 = rows[rows["gold"] == "concession_v2.csv"]
    assert not set(v2["item"]) & set(held["item"])
    assert set(v2["item"]) == set(gold_part("concession_v2.csv", "tune")["item"])
    assert not set(rows["text"]) & set(held["text"])


def test_synthetic_rows_are_trained_on_but_never_scored(tool):
    rows = tool.training_rows()
    assert rows["train_only"].tolist() == (rows["gold"] == "concession_synthetic_tune.csv").tolist()
    real = rows[~rows["train_only"]]
    assert (len(real), int(real["concession"].sum())) == (1961, 100)
    assert tool.SETTINGS["threshold"] == 0.3 and tool.SETTINGS["lexicons"] == ["concession"]


@pytest.mark.slow  # compiles the concession lexicon and imports scikit-learn: a few CPU seconds when not yet loaded
def test_validity_benchmark_scores_a_model_next_to_the_lexicon(tmp_path):
    """benchmarks/validity.py --model: the model and the lexicon on the same sentences of each part asked for."""
    from framing.model import save_model, train

    path = project_root() / "benchmarks" / "validity.py"
    spec = importlib.util.spec_from_file_location("validity_benchmark", path)
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    texts = ["Kyiv may cede Crimea for peace.", "The weather is fine.", "Ukraine could give up land.", "Prices rose."] * 3
    model = train(texts, [1, 0, 1, 0] * 3, label="concession", lexicons=[], grid={"C": [1.0], "ngram_max": [1]},
                  folds=3, inner_folds=2, min_df=1, n_boot=0)
    save_model(model, tmp_path / "m.json")
    table = bench.model_table(tmp_path / "m.json", ("tune", "heldout"), None, n_boot=0, gold_names=("concession_dev.csv",))
    assert table["part"].tolist() == ["tune", "tune"]  # concession_dev.csv has no held-out part
    assert table["case"].tolist()[0] == "model m.json" and table["case"].tolist()[1].startswith("lexicon concession ")
    assert table["n"].tolist() == [350, 350] and table["tp"].iloc[1] + table["fn"].iloc[1] == 14
