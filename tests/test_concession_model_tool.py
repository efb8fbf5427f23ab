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
