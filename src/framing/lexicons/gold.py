"""Score a lexicon against human-coded sentences: precision, recall and F1 (the validity gate).

A sentence is predicted positive when the lexicon has any hit in it (``hits="any"``: affirmed or
negated), any affirmed hit (``"affirmed"``), or any negated hit (``"negated"``: to check negation).
Used by ``tests/test_gate.py`` with floors pinned in ``tests/gate_floors.json``.

>>> import pandas as pd
>>> gold = pd.DataFrame({"text": ["It may rain.", "It rains.", "Perhaps."], "label": [1, 0, 0]})
>>> sentence_prf(gold, "hedging", "label")
{'precision': 0.5, 'recall': 1.0, 'f1': 0.6667, 'tp': 1, 'fp': 1, 'fn': 0, 'n': 3}
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..errors import InputError, ParameterError, value_invalid_msg
from .format import Lexicon, load_lexicon

HITS = ("any", "affirmed", "negated")


def predict_sentences(texts: list[str], lexicon: Lexicon | str, hits: str = "any") -> list[bool]:
    """For each text, whether the lexicon has a hit (of the kind ``hits``) in it."""
    from ..match import batches, compile_lexicons

    lex = lexicon if isinstance(lexicon, Lexicon) else load_lexicon(lexicon)
    matcher = compile_lexicons((lex,))
    if hits not in HITS:
        raise ParameterError(value_invalid_msg("hits", hits, HITS))
    want = {"any": (True, False), "affirmed": (False,), "negated": (True,)}[hits]
    predicted = [False] * len(texts)
    for first, batch in batches(list(texts)):
        found = matcher.find(batch)
        for d, neg in zip(found.doc.tolist(), found.negated.tolist()):
            predicted[first + d] = predicted[first + d] or neg in want
    return predicted


def prf(predicted: list[bool], gold: list[bool]) -> dict[str, float | int]:
    """Precision, recall, F1 (rounded to 4 places) and the counts behind them."""
    tp = sum(p and g for p, g in zip(predicted, gold))
    fp = sum(p and not g for p, g in zip(predicted, gold))
    fn = sum(g and not p for p, g in zip(predicted, gold))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4),
            "tp": tp, "fp": fp, "fn": fn, "n": len(gold)}


def sentence_prf(gold: pd.DataFrame | str | Path, lexicon: Lexicon | str, label_col: str,
                 text_col: str = "text", hits: str = "any") -> dict[str, float | int]:
    """P/R/F1 of ``lexicon`` against the 0/1 column ``label_col`` of a gold table (or CSV path)."""
    table = pd.read_csv(gold) if isinstance(gold, (str, Path)) else gold
    for col in (text_col, label_col):
        if col not in table:
            raise InputError(str(gold) if isinstance(gold, (str, Path)) else "gold table", f"no column {col!r}",
                             fix="columns are: " + ", ".join(map(str, table.columns)))
    pred = predict_sentences(table[text_col].fillna("").astype(str).tolist(), lexicon, hits)
    return prf(pred, table[label_col].astype(bool).tolist())
