"""Train the English concession sentence classifier from the TUNING parts of the English gold sets only.

Run from the project root:
    PYTHONPATH=src python tools/train_concession_model.py --out m.json   # train the chosen model
    PYTHONPATH=src python tools/train_concession_model.py --compare      # nested CV of every configuration tried

RESULT (docs/validity.md, "English concession model"): scored once on the held-out part of
concession_v2.csv, this model reached F1 0.56 [0.38, 0.71] against the lexicon's 0.62 [0.43, 0.77];
it did not beat the lexicon, so no model file is shipped. The script stays to reproduce the experiment.

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
(tests/test_model.py).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from framing.gold_split import gold_part
from framing.lexicons import load_lexicons
from framing.model import cross_validate, save_model, train

REAL = ("concession_v2.csv", "concession_dev.csv", "concession_corpus_tune.csv")
SYNTHETIC = ("concession_synthetic_tune.csv",)
SETTINGS: dict[str, Any] = {"label": "concession", "lexicons": ["concession"], "baseline": "concession", "grid": None,
            "folds": 5, "inner_folds": 3, "min_df": 2, "threshold": 0.3, "seed": 0, "n_boot": 1000}
# Every configuration compared by nested CV on the real tuning rows (lexicons as features, synthetic rows
# trained on or left out, C grid, threshold); the chosen one is SETTINGS (the best CV F1).
CONFIGS = [(lex, synthetic, grid, threshold)
           for lex, synthetic, grid, threshold in [
               ([], False, None, 0.5), ([], True, None, 0.5),
               (["concession"], False, None, 0.5), (["concession"], True, None, 0.5),
               (None, False, None, 0.5), (None, True, None, 0.5),
               (["concession"], True, {"C": [1.0, 10.0, 100.0]}, 0.5),
               (["concession"], True, None, 0.2), (["concession"], True, None, 0.3), (["concession"], True, None, 0.4),
               (["concession"], True, None, 0.7), (None, True, None, 0.3), (["concession"], False, None, 0.3)]]


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


def compare() -> None:
    """Print the nested-CV P/R/F1 (real tuning rows; the same folds throughout) of every configuration in CONFIGS."""
    rows = training_rows()
    synthetic = rows["train_only"].to_numpy()
    baseline = load_lexicons(["concession"])[0]
    for lexicons, with_synthetic, grid, threshold in CONFIGS:
        use = np.ones(len(rows), dtype=bool) if with_synthetic else ~synthetic
        cv = cross_validate(rows.loc[use, "text"].tolist(), rows.loc[use, "concession"].to_numpy(dtype=np.int64),
                            load_lexicons(lexicons) if lexicons != [] else [], baseline, grid, folds=5, inner_folds=3,
                            threshold=threshold, seed=0, n_boot=1000, train_only=synthetic[use])
        name = f"lexicons={'all' if lexicons is None else lexicons} synthetic={with_synthetic} grid={grid} threshold={threshold}"
        for r in cv.table.to_dict("records"):
            print(f"{name:95} {r['measure']:19} P {r['precision']:.2f} R {r['recall']:.2f} "
                  f"F1 {r['f1']:.2f} [{r['f1_low']:.2f}, {r['f1_high']:.2f}] (tp {r['tp']}, fp {r['fp']}, n {r['n']})", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, help="model file to write")
    ap.add_argument("--compare", action="store_true", help="print the nested CV of every configuration tried instead")
    args = ap.parse_args()
    if args.compare:
        compare()
        return
    if args.out is None:
        ap.error("give --out FILE (or --compare)")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    model = build()
    digest = save_model(model, args.out)
    for row in model["cv"]["scores"]:
        print(f"nested CV (real tuning rows) {row['measure']:20} P {row['precision']:.2f} R {row['recall']:.2f} "
              f"F1 {row['f1']:.2f} [{row['f1_low']:.2f}, {row['f1_high']:.2f}]")
    print(f"{args.out}: sha256 {digest}; settings C={model['settings']['C']} ngram_max={model['settings']['ngram_max']}")


if __name__ == "__main__":
    main()
