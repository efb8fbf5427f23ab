"""Train a classifier from coded sentences; save it as plain JSON; score texts with it.

Features: word n-grams (present/absent, the kit's word definition :func:`framing.text.word_types`,
lower case) plus the lexicons' hit counts (``log(1 + count)`` of each ``L_count``, ``L_negated``
and ``L.<category>_count`` of :func:`framing.metrics.score`). Classifier: L2 logistic regression
with balanced class weights (labels like concession are rare). Its settings (``C``, n-gram length)
are chosen by cross-validation on the coded rows only; the P/R/F1 reported are those of *nested*
cross-validation (settings chosen again inside each training fold), so no reported number comes
from rows that chose the settings.

The model file is JSON (no pickle: loading it runs no code): settings, vocabulary,
coefficients, the lexicons' hashes, the training data hash and the cross-validated scores. The
same input gives a byte-identical file; :func:`save_model` returns its sha256 (also written to
``<file>.sha256``), which goes into every manifest that uses the model.

>>> texts = ["We will never cede territory.", "Talks on ceding land began.", "The weather is fine.",
...          "Prices rose.", "They refused to give up land.", "A concert took place."] * 3
>>> model = train(texts, [1, 1, 0, 0, 1, 0] * 3, label="concession", lexicons=["concession"],
...               grid={"C": [1.0], "ngram_max": [1]}, folds=3, min_df=1)
>>> predict(model, ["Ceding land is not on the table.", "Prices fell."])["concession_pred"].tolist()
[1, 0]
"""

from __future__ import annotations

import hashlib
import itertools
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .atomic import atomic_write
from .errors import InputError, ParameterError, value_invalid_msg
from .lexicons import Lexicon, load_lexicons
from .text import word_types
from .validate import prf_table

FORMAT = "framing-model"
FORMAT_VERSION = 1
GRID: dict[str, list] = {"C": [0.1, 1.0, 10.0], "ngram_max": [1, 2]}
HOLDOUT_SALT = "framing-holdout:"


def _round(x: float) -> float:
    """12 significant digits: the file does not depend on the last bits of a BLAS routine."""
    return float(f"{x:.12g}")


def _pkg_version(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return "unknown"


def data_sha256(texts: Sequence[str], labels: Sequence[int] | np.ndarray) -> str:
    """Hash of the training data itself (label, tab, text per row, in order), not of the file's layout.

    >>> data_sha256(["a"], [1])[:12]
    '85999f8a9988'
    """
    digest = hashlib.sha256()
    for text, label in zip(texts, labels):
        digest.update(f"{int(label)}\t{text}\n".encode())
    return digest.hexdigest()


def held_out(ids: Sequence[Any], fraction: float) -> np.ndarray:
    """Which rows are held back: sha256 of ``framing-holdout:<id>`` below ``fraction`` of its range.

    Depends only on each id, not on row order or the other rows: the same ids are held back in
    any copy or subset of the file.

    >>> held_out(["v0000", "v0001", "v0002", "v0003"], 0.5).tolist()
    [True, False, False, True]
    """
    if not 0 <= fraction < 1:
        raise ParameterError(f"`hold_out` got {fraction!r}; expected a fraction from 0 (none) to below 1, e.g. 0.2")
    cut = int(fraction * 2 ** 64)
    return np.array([int.from_bytes(hashlib.sha256(f"{HOLDOUT_SALT}{i}".encode()).digest()[:8], "big") < cut
                     for i in ids], dtype=bool)


def lexicon_features(texts: Sequence[str], lexicons: Sequence[Lexicon]) -> tuple[np.ndarray, list[str]]:
    """``log(1 + count)`` of every count column :func:`framing.metrics.score` gives each text."""
    from .metrics import score

    if not lexicons:
        return np.zeros((len(texts), 0)), []
    table = score(pd.DataFrame({"doc_id": np.arange(len(texts)), "text": list(texts)}), lexicons)
    cols = [c for c in table.columns if c.endswith(("_count", "_negated"))]
    return np.log1p(table[cols].to_numpy(dtype=float)), cols


def _vectorizer(ngram_max: int, min_df: int = 1, vocabulary: list[str] | None = None):
    from sklearn.feature_extraction.text import CountVectorizer

    return CountVectorizer(tokenizer=word_types, token_pattern=None, lowercase=False, binary=True, ngram_range=(1, ngram_max),
                           min_df=1 if vocabulary is not None else min_df, vocabulary=vocabulary, dtype=np.float64)


def _fit(texts: Sequence[str], y: np.ndarray, lex: np.ndarray, settings: dict[str, Any]) -> dict[str, Any]:
    """Fit one model; its parameters as plain lists (the form the file holds and scoring uses)."""
    from scipy import sparse
    from sklearn.linear_model import LogisticRegression

    vec = _vectorizer(settings["ngram_max"], settings["min_df"])
    try:
        words = vec.fit_transform(texts)
    except ValueError:  # no word occurs min_df times: lexicon features only
        vec, words = None, sparse.csr_matrix((len(texts), 0))
    x = sparse.hstack([words, sparse.csr_matrix(lex)], format="csr")
    clf = LogisticRegression(C=settings["C"], class_weight="balanced", max_iter=5000, solver="liblinear", random_state=0)
    clf.fit(x, y)
    return {"vocabulary": vec.get_feature_names_out().tolist() if vec is not None else [],
            "coef": [_round(c) for c in clf.coef_[0].tolist()], "intercept": _round(float(clf.intercept_[0]))}


def _probabilities(params: dict[str, Any], texts: Sequence[str], lex: np.ndarray, ngram_max: int) -> np.ndarray:
    coef = np.asarray(params["coef"], dtype=float)
    n_words = len(params["vocabulary"])
    z = np.full(len(texts), float(params["intercept"]))
    if n_words:
        z += _vectorizer(ngram_max, vocabulary=params["vocabulary"]).transform(texts) @ coef[:n_words]
    if lex.shape[1]:
        z += lex @ coef[n_words:]
    return 1.0 / (1.0 + np.exp(-z))


def _folds(y: np.ndarray, k: int, seed: int) -> np.ndarray:
    """Fold number of every row: stratified by label, shuffled with ``seed``."""
    from sklearn.model_selection import StratifiedKFold

    n_pos = int(y.sum())
    if min(n_pos, len(y) - n_pos) < k:
        raise ParameterError(f"cross-validation with {k} folds needs at least {k} positive and {k} negative rows; "
                             f"got {n_pos} positive of {len(y)}: code more, or pass fewer folds")
    fold = np.zeros(len(y), dtype=np.int64)
    for f, (_, test) in enumerate(StratifiedKFold(k, shuffle=True, random_state=seed).split(np.zeros(len(y)), y)):
        fold[test] = f
    return fold


def _scored_folds(y: np.ndarray, k: int, seed: int, train_only: np.ndarray) -> np.ndarray:
    """:func:`_folds` of the rows that are scored; ``-1`` for ``train_only`` rows (in every training part)."""
    fold = np.full(len(y), -1, dtype=np.int64)
    fold[~train_only] = _folds(y[~train_only], k, seed)
    return fold


def _train_only_mask(train_only: Sequence[bool] | np.ndarray | None, n: int) -> np.ndarray:
    if train_only is None:
        return np.zeros(n, dtype=bool)
    mask = np.asarray(train_only, dtype=bool)
    if mask.shape != (n,):
        raise ParameterError(f"`train_only` has {mask.size} values for {n} rows; give one True/False per row")
    return mask


def _f1(y: np.ndarray, pred: np.ndarray) -> float:
    tp = float((y & pred).sum())
    denom = float(y.sum() + pred.sum())
    return 2 * tp / denom if denom else 0.0


def _choose(texts: list[str], y: np.ndarray, lex: np.ndarray, candidates: list[dict], k: int, seed: int,
            threshold: float, train_only: np.ndarray | None = None) -> tuple[dict, list[dict]]:
    """The settings with the best pooled out-of-fold F1 on the scored rows (ties: the first in grid order)."""
    train_only = _train_only_mask(train_only, len(y))
    fold = _scored_folds(y, k, seed, train_only)
    scores = []
    for settings in candidates:
        prob = np.zeros(len(y))
        for f in range(k):
            tr, te = fold != f, fold == f
            params = _fit([texts[i] for i in np.flatnonzero(tr)], y[tr], lex[tr], settings)
            prob[te] = _probabilities(params, [texts[i] for i in np.flatnonzero(te)], lex[te], settings["ngram_max"])
        scored = ~train_only
        scores.append({**settings, "f1": _round(_f1(y[scored].astype(bool), prob[scored] >= threshold))})
    best = max(range(len(candidates)), key=lambda i: (scores[i]["f1"], -i))
    return candidates[best], scores


@dataclass(frozen=True)
class CrossValidation:
    """Nested cross-validation: out-of-fold probabilities, folds, settings chosen per fold,
    and the P/R/F1 of the model next to the baseline lexicon's on the same rows."""

    fold: np.ndarray
    probability: np.ndarray
    chosen: list[dict]
    table: pd.DataFrame
    per_fold: pd.DataFrame


def cross_validate(texts: Sequence[str], labels: Sequence[int] | np.ndarray, lexicons: Sequence[Lexicon] = (),
                   baseline: Lexicon | None = None, grid: dict[str, list] | None = None, folds: int = 5,
                   inner_folds: int = 3, min_df: int = 2, threshold: float = 0.5, seed: int = 0,
                   n_boot: int = 1000, train_only: Sequence[bool] | np.ndarray | None = None) -> CrossValidation:
    """Nested CV: in each of ``folds`` outer folds the settings are chosen by an inner CV on the
    training part only, then the model is scored on the held fold. ``baseline`` (a lexicon: a
    sentence is positive when it has any hit, affirmed or negated) is scored on the same folds.
    ``train_only`` (one bool per row): rows that join every training part (outer and inner) and
    are never scored, e.g. synthetic sentences; the table and folds are of the other rows
    (``fold`` is -1 and ``probability`` 0 for train-only rows).
    """
    from .validate import predict_sentences

    texts = [str(t) for t in texts]
    y = np.asarray(labels, dtype=np.int64)
    only = _train_only_mask(train_only, len(y))
    lex, _ = lexicon_features(texts, lexicons)
    candidates = _candidates(grid, min_df)
    fold = _scored_folds(y, folds, seed, only)
    prob = np.zeros(len(y))
    chosen = []
    for f in range(folds):
        tr = np.flatnonzero(fold != f)
        te = np.flatnonzero(fold == f)
        settings, _ = _choose([texts[i] for i in tr], y[tr], lex[tr], candidates, inner_folds, seed, threshold, only[tr])
        params = _fit([texts[i] for i in tr], y[tr], lex[tr], settings)
        prob[te] = _probabilities(params, [texts[i] for i in te], lex[te], settings["ngram_max"])
        chosen.append(settings)
    scored = ~only
    preds = {"model": (prob >= threshold)[scored]}
    if baseline is not None:
        preds[f"lexicon {baseline.name}"] = predict_sentences([t for t, s in zip(texts, scored) if s], baseline, "any")
    ys, fs = y[scored], fold[scored]
    table = prf_table(ys, preds, n_boot=n_boot, seed=seed)
    per_fold = pd.concat([prf_table(ys[fs == f], {k: v[fs == f] for k, v in preds.items()}, n_boot=1, seed=seed)
                          .assign(fold=f)[["fold", "measure", "precision", "recall", "f1", "tp", "fp", "fn", "n"]]
                          for f in range(folds)], ignore_index=True)
    return CrossValidation(fold, prob, chosen, table, per_fold)


def _candidates(grid: dict[str, list] | None, min_df: int) -> list[dict]:
    grid = dict(GRID if grid is None else grid)
    unknown = sorted(set(grid) - set(GRID))
    if unknown:
        raise ParameterError(value_invalid_msg("grid", unknown, list(GRID)))
    values = [list(grid.get(k, GRID[k])) for k in GRID]
    if any(not v for v in values):
        raise ParameterError("`grid`: every setting needs at least one value to try")
    return [{"C": float(c), "ngram_max": int(n), "min_df": int(min_df)} for c, n in itertools.product(*values)]


def train(texts: Sequence[str], labels: Sequence[int] | np.ndarray, label: str, lexicons: Sequence[str | Path] | None = None,
          baseline: str | None = None, grid: dict[str, list] | None = None, folds: int = 5, inner_folds: int = 3,
          min_df: int = 2, threshold: float = 0.5, seed: int = 0, n_boot: int = 1000,
          extra: dict[str, Any] | None = None, train_only: Sequence[bool] | np.ndarray | None = None) -> dict[str, Any]:
    """Train on coded texts; returns the model as the dict :func:`save_model` writes.

    ``lexicons``: lexicons whose hit counts are features (default: every built-in lexicon; ``[]``
    for words only). ``baseline``: the lexicon the model is compared with (default: the one named
    ``label``, if any). The final settings are chosen by CV on all rows given; the P/R/F1 in
    ``model["cv"]`` are from nested CV (see :func:`cross_validate`; ``train_only`` rows are trained
    on but never scored there, nor when the final settings are chosen).
    """
    texts = [str(t) for t in texts]
    y = np.asarray(labels)
    if len(texts) != len(y):
        raise ParameterError(f"{len(texts)} texts but {len(y)} labels")
    if not np.isin(y, [0, 1]).all():
        raise ParameterError(f"labels must be 0/1; got {sorted(set(y.tolist()) - {0, 1})[:5]}")
    y = y.astype(np.int64)
    lexs = load_lexicons(list(lexicons) if lexicons is not None else None) if lexicons != [] else []
    names = [lex.name for lex in lexs]
    base = None
    if baseline or label in names or baseline is None:
        try:
            base = load_lexicons([baseline or label])[0]
        except InputError:
            if baseline:
                raise
    only = _train_only_mask(train_only, len(y))
    cv = cross_validate(texts, y, lexs, base, grid, folds, inner_folds, min_df, threshold, seed, n_boot, only)
    lex, lex_cols = lexicon_features(texts, lexs)
    settings, grid_scores = _choose(texts, y, lex, _candidates(grid, min_df), folds, seed, threshold, only)
    params = _fit(texts, y, lex, settings)
    return {
        "format": FORMAT, "format_version": FORMAT_VERSION, "label": label,
        "settings": {**settings, "threshold": threshold, "class_weight": "balanced", "classifier": "logistic regression (L2, liblinear)",
                     "features": "binary word n-grams (framing.text.word_types) + log1p lexicon counts"},
        "lexicons": [{"name": lex.name, "version": lex.version, "sha256": lex.sha256} for lex in lexs],
        "lexicon_features": lex_cols, "vocabulary": params["vocabulary"], "coef": params["coef"],
        "intercept": params["intercept"],
        "training": {"rows": len(y), "positives": int(y.sum()), "data_sha256": data_sha256(texts, y),
                     **({"train_only_rows": int(only.sum())} if only.any() else {}), **(extra or {})},
        "cv": {"folds": folds, "inner_folds": inner_folds, "seed": seed, "n_boot": n_boot,
               "grid": grid_scores, "chosen_per_fold": cv.chosen,
               "scores": json.loads(cv.table.to_json(orient="records")),
               "per_fold": json.loads(cv.per_fold.to_json(orient="records"))},
        "versions": {"framing": _pkg_version("framing"), "scikit-learn": _pkg_version("scikit-learn")},
    }


def model_bytes(model: dict[str, Any]) -> bytes:
    """The file's bytes: sorted keys, fixed layout, UTF-8, newline at the end."""
    return (json.dumps(model, sort_keys=True, indent=1, ensure_ascii=False, allow_nan=False) + "\n").encode("utf-8")


def save_model(model: dict[str, Any], path: str | Path) -> str:
    """Write the model file (atomically) and ``<file>.sha256``; returns the sha256 of the file."""
    path = Path(path)
    data = model_bytes(model)
    digest = hashlib.sha256(data).hexdigest()
    atomic_write(path, data)
    atomic_write(path.with_name(path.name + ".sha256"), f"{digest}  {path.name}\n".encode())
    return digest


def load_model(path: str | Path) -> dict[str, Any]:
    """Read a model file (plain JSON); adds ``"sha256"`` (of the file) to the dict returned."""
    path = Path(path)
    try:
        data = path.read_bytes()
        model = json.loads(data)
    except (OSError, ValueError) as exc:
        raise InputError(path, f"cannot read the model file ({exc})", fix="give a file written by `framing model train`") from None
    if not isinstance(model, dict) or model.get("format") != FORMAT:
        raise InputError(path, "not a framing model file", fix="give a file written by `framing model train`")
    if model.get("format_version") != FORMAT_VERSION:
        raise InputError(path, f"model format version {model.get('format_version')!r}; this kit reads {FORMAT_VERSION}",
                         fix="train the model again with this version of the kit")
    return {**model, "sha256": hashlib.sha256(data).hexdigest(), "path": str(path)}


def _model_lexicons(model: dict[str, Any]) -> list[Lexicon]:
    lexs = load_lexicons([rec["name"] for rec in model["lexicons"]]) if model["lexicons"] else []
    for rec, lex in zip(model["lexicons"], lexs):
        if lex.sha256 != rec["sha256"]:
            raise InputError(model.get("path", "model"), f"the model was trained with lexicon {rec['name']!r} "
                             f"{rec['version']} (sha256 {rec['sha256'][:12]}); the installed one differs "
                             f"({lex.version}, {lex.sha256[:12]})", fix="train the model again with the lexicons installed now")
    return lexs


def predict(model: dict[str, Any], texts: Sequence[str]) -> pd.DataFrame:
    """``<label>_prob`` (probability of the label) and ``<label>_pred`` (0/1 at the model's threshold)."""
    texts = ["" if t is None or (isinstance(t, float) and math.isnan(t)) else str(t) for t in texts]
    lex, cols = lexicon_features(texts, _model_lexicons(model))
    if cols != model["lexicon_features"]:
        raise InputError(model.get("path", "model"), "the lexicons' feature columns differ from the model's",
                         fix="train the model again with the lexicons installed now")
    prob = _probabilities(model, texts, lex, int(model["settings"]["ngram_max"]))
    label = model["label"]
    return pd.DataFrame({f"{label}_prob": prob.round(6), f"{label}_pred": (prob >= model["settings"]["threshold"]).astype(int)})


def model_record(model: dict[str, Any]) -> dict[str, Any]:
    """What a manifest records about a model: its file and hash, label, training data hash, CV scores."""
    scores = {row["measure"]: {k: row[k] for k in ("precision", "recall", "f1")} for row in model["cv"]["scores"]}
    return {"kind": "model", "path": model.get("path", ""), "sha256": model.get("sha256", ""), "label": model["label"],
            "training_data_sha256": model["training"]["data_sha256"], "settings": model["settings"],
            "lexicons": model["lexicons"], "cv": scores}


def score_with_model(corpus: pd.DataFrame, model: dict[str, Any], lexicons: Sequence[Lexicon] = (),
                     level: str = "doc") -> pd.DataFrame:
    """The score table of :func:`framing.metrics.score` plus ``<label>_prob`` and ``<label>_pred``
    for each row (document, or sentence with ``level="sentence"``)."""
    from .metrics import score
    from .text import sentence_spans

    table = score(corpus, lexicons, level=level)
    texts = corpus["text"].fillna("").astype(str).tolist()
    if level == "sentence":  # the same sentences, in the same order, as the score table's rows
        texts = [t[s:e] for t in texts for s, e in (sentence_spans(t) or [(0, len(t))])]
    return pd.concat([table, predict(model, texts)], axis=1)
