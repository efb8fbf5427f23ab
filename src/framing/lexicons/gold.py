"""Score a lexicon against human-coded sentences: precision, recall and F1 (the validity gate).

A sentence is predicted positive when the lexicon has any hit in it (``hits="any"``: affirmed or
negated), any affirmed hit (``"affirmed"``), or any negated hit (``"negated"``: to check negation).
Used by ``tests/test_gate.py`` with floors pinned in ``tests/gate_floors.json``. The scores are
:func:`framing.validate.prf`'s (NaN when undefined), rounded to 4 places.

>>> import pandas as pd
>>> gold = pd.DataFrame({"text": ["It may rain.", "It rains.", "Perhaps."], "label": [1, 0, 0]})
>>> sentence_prf(gold, "hedging", "label")
{'precision': 0.5, 'recall': 1.0, 'f1': 0.6667, 'tp': 1, 'fp': 1, 'fn': 0, 'n': 3}
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..errors import InputError, ParameterError, value_invalid_msg
from ..match import batches, compile_lexicons
from ..validate import prf
from .format import Lexicon, load_lexicon

HITS = ("any", "affirmed", "negated")


def predict_sentences(texts: list[str], lexicon: Lexicon | str, hits: str = "any") -> list[bool]:
    """For each text, whether the lexicon has a hit (of the kind ``hits``) in it."""
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


def sentence_prf(gold: pd.DataFrame | str | Path, lexicon: Lexicon | str, label_col: str,
                 text_col: str = "text", hits: str = "any") -> dict[str, float | int]:
    """P/R/F1 of ``lexicon`` against the 0/1 column ``label_col`` of a gold table (or CSV path)."""
    table = pd.read_csv(gold) if isinstance(gold, (str, Path)) else gold
    for col in (text_col, label_col):
        if col not in table:
            raise InputError(str(gold) if isinstance(gold, (str, Path)) else "gold table", f"no column {col!r}",
                             fix="columns are: " + ", ".join(map(str, table.columns)))
    pred = predict_sentences(table[text_col].fillna("").astype(str).tolist(), lexicon, hits)
    scores = prf(table[label_col].astype(bool).tolist(), pred)  # undefined scores are NaN
    return {**{k: round(scores[k], 4) for k in ("precision", "recall", "f1")},
            **{k: scores[k] for k in ("tp", "fp", "fn", "n")}}
