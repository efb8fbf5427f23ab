"""Train the English concession sentence classifier from the TUNING parts of the English gold sets only.

Run from the project root:  PYTHONPATH=src python tools/train_concession_model.py [--out FILE]

Training rows (in this order; the held-out part of concession_v2.csv is never read):
the tuning part of ``concession_v2.csv``, ``concession_dev.csv``, ``concession_corpus_tune.csv``
(all tuning; real sentences coded by language-model coders following the codebook) and
``concession_synthetic_tune.csv`` (sentences written and labelled by a language model). The
synthetic rows are ``train_only``: they join every training part of the cross-validation but are
never scored, so the reported nested-CV P/R/F1 are on the 1,961 real tuning sentences.

Settings (fixed by nested CV on the tuning data before the held-out part was scored; see
docs/validity.md, "English concession model"): binary word 1-2-grams plus the ``concession``
lexicon's hit counts, L2 logistic regression with balanced class weights, ``C`` and n-gram length
chosen by CV from the kit's default grid, threshold 0.3. Rerunning gives a byte-identical file
(tests/test_concession_model.py).
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pandas as pd

from framing.gold_split import gold_part
from framing.model import save_model, train
from framing.paths import data_dir

REAL = ("concession_v2.csv", "concession_dev.csv", "concession_corpus_tune.csv")
SYNTHETIC = ("concession_synthetic_tune.csv",)
SETTINGS = {"label": "concession", "lexicons": ["concession"], "baseline": "concession", "grid": None,
            "folds": 5, "inner_folds": 3, "min_df": 2, "threshold": 0.3, "seed": 0, "n_boot": 1000}
MODEL = data_dir() / "models" / "concession_en.json"


def training_rows() -> pd.DataFrame:
    """``gold, item, text, concession, train_only``: the tuning part of every English set above, in order."""
    parts = [gold_part(name, "tune")[["item", "text", "concession"]].assign(gold=name, train_only=name in SYNTHETIC)
             for name in REAL + SYNTHETIC]
    rows = pd.concat(parts, ignore_index=True)
    return rows[["gold", "item", "text", "concession", "train_only"]]


def build() -> dict:
    """The model dict (what :func:`framing.model.save_model` writes)."""
    rows = training_rows()
    items = {name: rows.loc[rows["gold"] == name, "item"].tolist() for name in REAL + SYNTHETIC}
    extra = {"gold_sets": {name: "tune part" if name == "concession_v2.csv" else "all (all tuning)" for name in items},
             "items": items, "synthetic": list(SYNTHETIC), "script": "tools/train_concession_model.py"}
    return train(rows["text"].tolist(), rows["concession"].to_numpy(dtype=np.int64), extra=extra,
                 train_only=rows["train_only"].to_numpy(), **SETTINGS)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=MODEL, help=f"model file to write (default {MODEL})")
    args = ap.parse_args()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    model = build()
    digest = save_model(model, args.out)
    for row in model["cv"]["scores"]:
        print(f"nested CV (real tuning rows) {row['measure']:20} P {row['precision']:.2f} R {row['recall']:.2f} "
              f"F1 {row['f1']:.2f} [{row['f1_low']:.2f}, {row['f1_high']:.2f}]")
    print(f"{args.out}: sha256 {digest}; settings C={model['settings']['C']} ngram_max={model['settings']['ngram_max']}")


if __name__ == "__main__":
    main()
