"""Train from codes: deterministic JSON model files, prediction, nested CV next to the lexicon, hold-out."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from framing.errors import InputError, ParameterError
from framing.model import cross_validate, held_out, load_model, model_bytes, model_record, predict, save_model, score_with_model, train
from framing.paths import project_root
from framing.validate import prf_table

GOLD = project_root() / "data" / "gold" / "concession_v2.csv"
SMALL = {"C": [1.0], "ngram_max": [1, 2]}


@pytest.fixture(scope="module")
def coded() -> pd.DataFrame:
    """All 55 concession sentences of concession_v2 and 245 others (fixed seed)."""
    gold = pd.read_csv(GOLD)
    pos, neg = gold[gold["concession"] == 1], gold[gold["concession"] == 0].sample(245, random_state=0)
    return pd.concat([pos, neg]).sort_values("item", ignore_index=True)


@pytest.fixture(scope="module")
def trained(coded, tmp_path_factory):
    kwargs = dict(label="concession", lexicons=["concession", "security"], grid=SMALL, folds=3, inner_folds=2, n_boot=200)
    model = train(coded["text"], coded["concession"], **kwargs)
    again = train(coded["text"], coded["concession"], **kwargs)
    folder = tmp_path_factory.mktemp("model")
    digest = save_model(model, folder / "m.json")
    return model, again, digest, folder


def test_same_input_gives_a_byte_identical_file(trained):
    model, again, digest, folder = trained
    assert model_bytes(model) == model_bytes(again)
    assert (folder / "m.json").read_bytes() == model_bytes(model)
    assert (folder / "m.json.sha256").read_text() == f"{digest}  m.json\n"


def test_the_file_is_plain_json_with_what_a_reader_needs(trained):
    _, _, digest, folder = trained
    raw = json.loads((folder / "m.json").read_text())  # no pickle: json alone reads it
    assert raw["format"] == "framing-model" and raw["label"] == "concession"
    assert len(raw["coef"]) == len(raw["vocabulary"]) + len(raw["lexicon_features"])
    assert {lex["name"] for lex in raw["lexicons"]} == {"concession", "security"}
    assert raw["training"]["rows"] == 300 and raw["training"]["positives"] == 55
    assert len(raw["training"]["data_sha256"]) == 64
    assert [s["measure"] for s in raw["cv"]["scores"]] == ["model", "lexicon concession"]
    model = load_model(folder / "m.json")
    assert model["sha256"] == digest
    record = model_record(model)
    assert record["sha256"] == digest and set(record["cv"]) == {"model", "lexicon concession"}


def test_predictions_are_deterministic_and_come_from_the_file(trained, coded):
    model, _, _, folder = trained
    loaded = load_model(folder / "m.json")
    first = predict(loaded, coded["text"])
    assert first.columns.tolist() == ["concession_prob", "concession_pred"]
    pd.testing.assert_frame_equal(first, predict(loaded, coded["text"]))
    pd.testing.assert_frame_equal(first, predict(model, coded["text"]))
    assert first["concession_pred"].tolist() == (first["concession_prob"] >= 0.5).astype(int).tolist()
    # a model fitted on these rows finds most of them again (in-sample: not a validity number)
    assert (first["concession_pred"] == coded["concession"]).mean() > 0.9


def test_nested_cv_compares_with_the_lexicon_on_the_same_rows(trained):
    model, *_ = trained
    scores = {s["measure"]: s for s in model["cv"]["scores"]}
    assert scores["model"]["n"] == scores["lexicon concession"]["n"] == 300
    assert scores["model"]["tp"] + scores["model"]["fn"] == 55
    for s in scores.values():
        assert s["f1_low"] <= s["f1"] <= s["f1_high"]
    assert len(model["cv"]["chosen_per_fold"]) == 3
    assert {row["fold"] for row in model["cv"]["per_fold"]} == {0, 1, 2}


def test_cross_validate_folds_are_stratified_and_seeded(coded):
    a = cross_validate(coded["text"], coded["concession"], grid={"C": [1.0], "ngram_max": [1]}, folds=3,
                       inner_folds=2, n_boot=50)
    b = cross_validate(coded["text"], coded["concession"], grid={"C": [1.0], "ngram_max": [1]}, folds=3,
                       inner_folds=2, n_boot=50)
    assert (a.fold == b.fold).all() and (a.probability == b.probability).all()
    positives = np.bincount(a.fold[coded["concession"].to_numpy() == 1])
    assert positives.max() - positives.min() <= 1


def test_lexicon_changed_since_training_is_refused(trained, tmp_path):
    model, *_ = trained
    stale = {**model, "lexicons": [{**model["lexicons"][0], "sha256": "0" * 64}, model["lexicons"][1]]}
    save_model(stale, tmp_path / "stale.json")
    with pytest.raises(InputError, match="train the model again"):
        predict(load_model(tmp_path / "stale.json"), ["a sentence"])


def test_bad_inputs_are_named(tmp_path):
    with pytest.raises(ParameterError, match="0/1"):
        train(["a", "b"], [0, 2], label="x")
    with pytest.raises(ParameterError, match="positive"):
        train(["a b", "c d", "e f", "g h"], [1, 0, 0, 0], label="x", lexicons=[], folds=2)
    (tmp_path / "bad.json").write_text('{"format": "other"}')
    with pytest.raises(InputError, match="not a framing model"):
        load_model(tmp_path / "bad.json")


def test_held_out_depends_on_ids_only():
    ids = [f"v{i:04d}" for i in range(2000)]
    held = held_out(ids, 0.2)
    assert 0.17 < held.mean() < 0.23
    assert (held_out(ids[::-1], 0.2)[::-1] == held).all()
    assert not held_out(ids, 0.0).any()


def test_prf_table_counts():
    t = prf_table(np.array([1, 1, 1, 0, 0, 0]), {"a": np.array([1, 1, 0, 1, 0, 0]), "none": np.zeros(6)}, n_boot=20)
    a = t.set_index("measure").loc["a"]
    assert (a["tp"], a["fp"], a["fn"], a["precision"], a["recall"]) == (2, 1, 1, 0.6667, 0.6667)
    none = t.set_index("measure").loc["none"]
    assert none["f1"] == 0.0 and np.isnan(none["precision"])  # no positive predicted: precision undefined (NaN)


def test_score_with_model_adds_columns_per_sentence(trained):
    model, *_ = trained
    corpus = pd.DataFrame({"doc_id": ["a", "b"], "text": ["Kyiv will not cede land. Talks go on.", "Prices rose."]})
    from framing.lexicons import load_lexicons

    table = score_with_model(corpus, model, load_lexicons(["concession"]), level="sentence")
    assert table[["doc_id", "sent_id"]].values.tolist() == [["a", 0], ["a", 1], ["b", 0]]
    assert {"concession_count", "concession_prob", "concession_pred"} <= set(table.columns)
    alone = predict(model, ["Kyiv will not cede land.", "Talks go on.", "Prices rose."])
    assert table["concession_prob"].tolist() == alone["concession_prob"].tolist()


def test_train_only_rows_are_trained_on_but_never_scored(coded):
    """Synthetic rows (say) join every training part; the folds and scores are of the other rows only."""
    only = (np.arange(len(coded)) % 4 == 0)
    kwargs = dict(grid={"C": [1.0], "ngram_max": [1]}, folds=3, inner_folds=2, n_boot=20)
    with_extra = cross_validate(coded["text"], coded["concession"], train_only=only, **kwargs)
    real = coded[~only]
    without = cross_validate(real["text"], real["concession"], **kwargs)
    assert (with_extra.fold[only] == -1).all() and (with_extra.probability[only] == 0).all()
    assert (with_extra.fold[~only] == without.fold).all()  # the same folds of the scored rows
    assert int(with_extra.table.loc[0, "n"]) == int((~only).sum())
    assert not np.allclose(with_extra.probability[~only], without.probability)  # the extra rows were trained on
    model = train(coded["text"], coded["concession"], label="concession", lexicons=[], train_only=only, **kwargs)
    assert model["training"]["train_only_rows"] == int(only.sum()) and model["cv"]["scores"][0]["n"] == int((~only).sum())
    with pytest.raises(ParameterError, match="train_only"):
        cross_validate(coded["text"], coded["concession"], train_only=only[:-1], **kwargs)
