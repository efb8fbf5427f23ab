"""Validate a lexicon against human coding: sample, coding sheet, codes back, P/R/F1 and alpha.

The workflow a paper needs to justify a dictionary measure:

1. :func:`draw_sample` draws sentences stratified by kit hit / no hit (and e.g. outlet), with a
   fixed seed; every row keeps its offsets and the kit's code (``kit_<code>``).
2. :func:`write_coding_sheet` writes the blinded sheet for coders (item id and text only, one
   empty column per code) and, next to it, the key with the kit's codes (keep it from coders).
3. :func:`read_codes` reads the filled sheets back (one file per coder) into a long table.
4. :func:`agreement` gives Krippendorff's alpha (nominal) among coders, with the kit as one more
   coder, and kit vs the coders' majority; :func:`precision_recall` gives precision, recall and
   F1 of the kit against the majority (or one named coder). Both with bootstrap intervals
   (items resampled, fixed seed).

Gold sets coded per sentence (the lexicon-validation report): :func:`validate_gold_sets` scores
each lexicon against the gold set of its construct (:func:`validate_lexicon`), with the
per-term precision (:func:`term_precision`) and examples of errors (:func:`errors_sample`).

P/R/F1 are defined once, in :func:`prf`, with their bootstrap intervals in
:func:`prf_intervals`. When a score is undefined it is NaN, never 0.0: precision when nothing
is predicted positive, recall when no item is coded positive, F1 (``2tp / (2tp + fp + fn)``)
when neither is (so F1 is 0.0 when both are defined and ``tp`` is 0).

>>> krippendorff_alpha([[0, 1, 0, 0, 0, 0, 0, 0, 1, 0], [1, 1, 1, 0, 0, 1, 0, 0, 0, 0]])
0.095
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .atomic import atomic_write
from .errors import InputError, ParameterError, value_invalid_msg
from .kwic import line as kwic_line
from .lexicons import Lexicon, load_lexicons
from .lexicons.interchange import read_any
from .match import find_matches
from .reliability import alpha, alpha_interval
from .text import sentence_spans

SAMPLE_COLUMNS = ["item_id", "doc_id", "sent_id", "start", "end", "stratum", "weight", "text"]


def _sentences(corpus: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for doc_id, text in zip(corpus["doc_id"], corpus["text"]):
        for k, (s, e) in enumerate(sentence_spans(text)):
            rows.append((doc_id, k, s, e, text[s:e]))
    return pd.DataFrame(rows, columns=["doc_id", "sent_id", "start", "end", "text"])


def draw_sample(corpus: pd.DataFrame, matches: pd.DataFrame, n: int, code: str, lexicon: str,
                category: str | None = None, strata: list[str] | tuple[str, ...] = (), seed: int = 0) -> pd.DataFrame:
    """``n`` sentences stratified by kit hit / no hit of ``lexicon`` (optionally one ``category``) and ``strata``.

    Each stratum gets an equal share (as many as it has, the rest going to the others), so
    rare hits are well represented; ``weight`` (sentences in the stratum / sampled) lets you
    re-weight to the corpus. ``kit_<code>`` is 1 where the kit finds a hit in the sentence.

    >>> corpus = pd.DataFrame({"doc_id": ["a"], "text": ["It may end. It ends. Talks might fail. Done."]})
    >>> m = pd.DataFrame({"doc_id": ["a", "a"], "start": [3, 27], "lexicon": ["hedging"] * 2,
    ...                   "category": ["modal"] * 2})
    >>> s = draw_sample(corpus, m, n=2, code="hedged", lexicon="hedging")
    >>> sorted(s["kit_hedged"].tolist()), s["stratum"].tolist()
    ([0, 1], ['hit=0', 'hit=1'])
    """
    if n < 1:
        raise ParameterError(f"`n` got {n!r}; expected the number of sentences to sample (>= 1)")
    missing = [c for c in strata if c not in corpus.columns]
    if missing:
        raise ParameterError(value_invalid_msg("strata", missing, list(corpus.columns)))
    sents = _sentences(corpus)
    hits = matches[matches["lexicon"] == lexicon]
    if category is not None:
        hits = hits[hits["category"] == category]
    # a sentence is a hit when a match starts inside it (offsets, so any sentence numbering works)
    starts = {d: np.sort(g["start"].to_numpy(int)) for d, g in hits.groupby("doc_id")}
    sents[f"kit_{code}"] = [int(d in starts and np.searchsorted(starts[d], s) < np.searchsorted(starts[d], e))
                            for d, s, e in zip(sents["doc_id"], sents["start"], sents["end"])]
    if strata:
        sents = sents.merge(corpus[["doc_id", *strata]], on="doc_id", how="left")
    labels = [f"hit={h}" for h in sents[f"kit_{code}"]]
    for col in strata:
        labels = [f"{lab}|{col}={v}" for lab, v in zip(labels, sents[col])]
    sents["stratum"] = labels
    sizes = sents["stratum"].value_counts().sort_index()
    quota = _allocate(n, sizes)
    rng = np.random.default_rng(seed)
    parts = []
    for stratum, k in quota.items():
        pool = sents[sents["stratum"] == stratum]
        pick = rng.choice(len(pool), size=k, replace=False)
        parts.append(pool.iloc[np.sort(pick)].assign(weight=len(pool) / k))
    sample = pd.concat(parts, ignore_index=True) if parts else sents.head(0).assign(weight=[])
    sample = sample.iloc[rng.permutation(len(sample))].reset_index(drop=True)  # coders see no order
    sample.insert(0, "item_id", [f"i{k + 1:04d}" for k in range(len(sample))])
    extra = [c for c in sample.columns if c not in SAMPLE_COLUMNS]
    return sample[[*SAMPLE_COLUMNS, *extra]]


def _allocate(n: int, sizes: pd.Series) -> dict:
    """Equal shares per stratum, capped at its size; what a small stratum cannot take goes to the rest."""
    quota = {s: 0 for s in sizes.index}
    left = min(n, int(sizes.sum()))
    open_strata = [s for s in sizes.index if sizes[s] > 0]
    while left > 0 and open_strata:
        share = max(left // len(open_strata), 1)
        for s in list(open_strata):
            take = min(share, int(sizes[s]) - quota[s], left)
            quota[s] += take
            left -= take
            if quota[s] >= sizes[s]:
                open_strata.remove(s)
            if left == 0:
                break
    return {s: k for s, k in quota.items() if k > 0}


def _write_csv(table: pd.DataFrame, path: Path) -> None:
    atomic_write(path, table)


def write_coding_sheet(sample: pd.DataFrame, path: str | Path, codes: list[str]) -> tuple[Path, Path]:
    """Write the blinded sheet (``item_id, text`` + an empty column per code, plus ``coder`` and
    ``note``) and the key ``<stem>.key.csv`` (the sample with the kit's codes). Returns both paths.
    """
    path = Path(path)
    if path.suffix.lower() != ".csv":
        raise ParameterError(f"coding sheet path {str(path)!r}: expected a .csv file name")
    sheet = sample[["item_id", "text"]].copy()
    for code in codes:
        sheet[code] = ""
    sheet["coder"], sheet["note"] = "", ""
    key = path.with_name(f"{path.stem}.key.csv")
    _write_csv(sheet, path)
    _write_csv(sample, key)
    return path, key


def read_codes(paths: str | Path | list[str | Path], codes: list[str]) -> pd.DataFrame:
    """Filled coding sheets -> long table ``item_id, coder, code, value`` (value 0/1; blanks dropped).

    The coder is the sheet's ``coder`` column, or else the file name without extension.
    """
    paths = [paths] if isinstance(paths, (str, Path)) else list(paths)
    rows = []
    for path in map(Path, paths):
        try:
            sheet = pd.read_csv(path, dtype=str, keep_default_na=False)
        except (OSError, pd.errors.ParserError, UnicodeDecodeError) as exc:
            raise InputError(path, f"cannot read the coding sheet ({exc})", fix="give the filled CSV sheet") from None
        missing = [c for c in ["item_id", *codes] if c not in sheet.columns]
        if missing:
            raise InputError(path, f"no column(s) {missing}", fix="keep the sheet's columns as written", line=1)
        for k, rec in enumerate(sheet.to_dict("records")):
            coder = (rec.get("coder") or "").strip() or path.stem
            for code in codes:
                raw = rec[code].strip()
                if raw == "":
                    continue
                if raw not in ("0", "1"):
                    raise InputError(path, f"column {code!r} holds {raw!r}", line=k + 2,
                                     fix="code 1 (present), 0 (absent), or leave blank if not coded")
                rows.append((rec["item_id"], coder, code, int(raw)))
    return pd.DataFrame(rows, columns=["item_id", "coder", "code", "value"])


def krippendorff_alpha(data, level: str = "nominal") -> float:
    """Krippendorff's alpha of ``data`` (coders x units, NaN/None = not coded) at ``level``
    (nominal, ordinal, interval or ratio; :func:`framing.reliability.alpha`), rounded to 3 places.

    >>> krippendorff_alpha([[1, 2, 3, 3], [1, 2, 3, 3]])
    1.0
    """
    return round(alpha(data, level), 3)


def wide_codes(codes: pd.DataFrame, code: str) -> pd.DataFrame:
    part = codes[codes["code"] == code]
    if part.empty:
        raise ParameterError(f"no codes for {code!r}; codes read: {sorted(codes['code'].unique())}")
    return part.pivot_table(index="item_id", columns="coder", values="value", aggfunc="first")


def majority(wide: pd.DataFrame) -> pd.Series:
    """The coders' majority per item (NaN on ties)."""
    ones, total = wide.sum(axis=1), wide.notna().sum(axis=1)
    out = pd.Series(np.nan, index=wide.index)
    out[ones * 2 > total] = 1.0
    out[ones * 2 < total] = 0.0
    return out


def agreement(sample: pd.DataFrame, codes: pd.DataFrame, code: str, n_boot: int = 1000, seed: int = 0,
              level: float = 0.95) -> pd.DataFrame:
    """Krippendorff's alpha with bootstrap intervals: ``coders`` (humans among themselves),
    ``kit+coders`` (the kit as one more coder) and ``kit vs majority``.

    Columns: ``comparison, alpha, ci_low, ci_high, n_items, n_coders``.
    """
    wide = wide_codes(codes, code)
    kit_col = f"kit_{code}"
    if kit_col not in sample.columns:
        raise ParameterError(f"the sample has no {kit_col!r} column; draw it with draw_sample(code={code!r})")
    kit = sample.set_index("item_id")[kit_col].reindex(wide.index).astype(float)
    tables = {
        "coders": wide,
        "kit+coders": wide.assign(__kit__=kit),
        "kit vs majority": pd.DataFrame({"kit": kit, "majority": majority(wide)}),
    }
    rows = []
    for name, table in tables.items():
        point, low, high = alpha_interval(table.T.to_numpy(dtype=float), n_boot=n_boot, seed=seed, confidence=level)
        rows.append({"comparison": name, "alpha": point, "ci_low": low, "ci_high": high,
                     "n_items": int((table.notna().sum(axis=1) >= 2).sum()), "n_coders": table.shape[1]})
    return pd.DataFrame(rows)


def precision_recall(sample: pd.DataFrame, codes: pd.DataFrame, code: str, gold: str = "majority",
                     n_boot: int = 1000, seed: int = 0, level: float = 0.95) -> pd.DataFrame:
    """Precision, recall and F1 of the kit against human codes, with bootstrap intervals.

    ``gold`` is ``"majority"`` (ties left out) or the name of one coder. One row per metric:
    ``metric, value, ci_low, ci_high`` plus ``tp, fp, fn, tn`` and ``n`` of the whole sample.
    """
    wide = wide_codes(codes, code)
    if gold == "majority":
        truth = majority(wide)
    elif gold in wide.columns:
        truth = wide[gold]
    else:
        raise ParameterError(value_invalid_msg("gold", gold, ["majority", *map(str, wide.columns)]))
    kit = sample.set_index("item_id")[f"kit_{code}"].reindex(truth.index)
    keep = truth.notna() & kit.notna()
    y, k = truth[keep].to_numpy(bool), kit[keep].to_numpy(bool)
    point = prf(y, k)
    ci = prf_intervals(y, k, n_boot=n_boot, seed=seed, level=level)
    tp, fp, fn = point["tp"], point["fp"], point["fn"]
    return pd.DataFrame([{"code": code, "metric": metric, "value": point[metric], "ci_low": ci[f"{metric}_low"],
                          "ci_high": ci[f"{metric}_high"], "tp": tp, "fp": fp, "fn": fn, "tn": len(y) - tp - fp - fn,
                          "n": len(y)} for metric in ("precision", "recall", "f1")])


def prf(gold, predicted) -> dict[str, float]:
    """Precision, recall and F1 of 0/1 predictions against 0/1 codes, with the counts behind them.

    Undefined scores are NaN (see the module docstring), never 0.0.

    >>> prf([1, 1, 0, 0], [1, 0, 1, 0])
    {'n': 4, 'positives': 2, 'tp': 1, 'fp': 1, 'fn': 1, 'precision': 0.5, 'recall': 0.5, 'f1': 0.5}
    >>> prf([0, 0], [0, 0])["precision"]
    nan
    """
    g, p = np.asarray(gold, bool), np.asarray(predicted, bool)
    tp, fp, fn = int((g & p).sum()), int((~g & p).sum()), int((g & ~p).sum())
    precision = tp / (tp + fp) if tp + fp else float("nan")
    recall = tp / (tp + fn) if tp + fn else float("nan")
    f1 = 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else float("nan")
    return {"n": len(g), "positives": int(g.sum()), "tp": tp, "fp": fp, "fn": fn,
            "precision": precision, "recall": recall, "f1": f1}


def prf_intervals(gold, predicted, n_boot: int = 1000, seed: int = 0, level: float = 0.95) -> dict[str, float]:
    """Percentile bootstrap intervals of :func:`prf`'s scores (items resampled, fixed seed):
    ``precision_low``, ``precision_high``, ``recall_low`` ... (NaN where no resample defines a score).

    >>> ci = prf_intervals([1, 1, 0, 0, 1, 0], [1, 0, 1, 0, 1, 0], n_boot=200)
    >>> bool(ci["f1_low"] <= prf([1, 1, 0, 0, 1, 0], [1, 0, 1, 0, 1, 0])["f1"] <= ci["f1_high"])
    True
    """
    g, p = np.asarray(gold, bool), np.asarray(predicted, bool)
    rng = np.random.default_rng(seed)
    idx = rng.integers(0, len(g), size=(n_boot, len(g)))
    gb, pb = g[idx], p[idx]
    tp, fp, fn = (gb & pb).sum(1), (~gb & pb).sum(1), (gb & ~pb).sum(1)
    with np.errstate(invalid="ignore", divide="ignore"):
        stats = {"precision": tp / (tp + fp), "recall": tp / (tp + fn), "f1": 2 * tp / (2 * tp + fp + fn)}
    out = {}
    for name, values in stats.items():
        finite = values[np.isfinite(values)]
        low, high = np.quantile(finite, [(1 - level) / 2, (1 + level) / 2]) if len(finite) else (np.nan, np.nan)
        out[f"{name}_low"], out[f"{name}_high"] = float(low), float(high)
    return out



def prf_table(gold, predictions: dict[str, Any], n_boot: int = 1000, seed: int = 0, level: float = 0.95) -> pd.DataFrame:
    """:func:`prf` and :func:`prf_intervals` of each named 0/1 prediction against ``gold``, one row each,
    rounded to 4 places. The resamples depend only on ``seed`` and the number of rows, so every measure
    is scored on the same resamples and their intervals compare.

    >>> prf_table([1, 1, 0, 0], {"m": [1, 0, 0, 1]}, n_boot=50)[["measure", "f1", "tp"]].values.tolist()
    [['m', 0.5, 1]]
    """
    rows = []
    for name, predicted in predictions.items():
        point = prf(gold, predicted)
        ci = prf_intervals(gold, predicted, n_boot=n_boot, seed=seed, level=level)
        row: dict[str, Any] = {"measure": name}
        for m in ("precision", "recall", "f1"):
            row.update({m: point[m], f"{m}_low": ci[f"{m}_low"], f"{m}_high": ci[f"{m}_high"]})
        row.update(tp=point["tp"], fp=point["fp"], fn=point["fn"], n=point["n"])
        rows.append(row)
    return pd.DataFrame(rows).round(4)

# --- gold sets coded per sentence (the lexicon-validation report) ------------------------------

GOLD_LABELS = {"hedging": "is_uncertain", "concession": "concession"}  # lexicon -> label column of its gold set


def read_gold(path: str | Path, label_col: str, text_col: str = "text", limit: int = 0) -> pd.DataFrame:
    """A human-coded sentence set: ``doc_id``, ``text``, ``gold`` (0/1); ``limit`` > 0 keeps the first rows."""
    path = Path(path)
    try:
        raw = pd.read_csv(path, dtype={text_col: str}, keep_default_na=False)
    except (OSError, ValueError) as exc:
        raise InputError(path, f"cannot read the gold set ({exc})", fix="give a CSV with a header row") from None
    missing = [c for c in (label_col, text_col) if c not in raw.columns]
    if missing:
        raise InputError(path, f"no column(s) {', '.join(missing)}", fix=f"columns are {', '.join(raw.columns)}", line=1)
    gold = pd.to_numeric(raw[label_col], errors="coerce")
    bad = gold.isna() | ~gold.isin([0, 1])
    if bad.any():
        raise InputError(path, f"column {label_col!r} must hold 0 or 1, got {raw[label_col][bad].iloc[0]!r}",
                         fix="code every sentence 0 or 1", line=int(bad.to_numpy().argmax()) + 2)
    out = pd.DataFrame({"doc_id": [f"g{i:06d}" for i in range(len(raw))], "text": raw[text_col],
                        "gold": gold.astype(int)})
    return out.head(limit) if limit > 0 else out


@dataclass
class Validation:
    """Predictions of one lexicon on one gold set: the sentences, the match table, the scores."""

    lexicon: str
    gold_set: str
    sentences: pd.DataFrame  # doc_id, text, gold, predicted
    matches: pd.DataFrame
    scores: dict[str, float]


def validate_lexicon(gold: pd.DataFrame, lexicon: Lexicon, gold_set: str, n_boot: int = 1000,
                     seed: int = 0) -> Validation:
    """A sentence is predicted positive when the lexicon has any hit in it (all hits: affirmed or
    negated); scored against the human codes with :func:`prf` and :func:`prf_intervals`."""
    matches = find_matches(gold, [lexicon])
    predicted = gold["doc_id"].isin(set(matches["doc_id"]))
    scores = prf(gold["gold"], predicted)
    scores.update(prf_intervals(gold["gold"].to_numpy(bool), predicted.to_numpy(bool), n_boot, seed))
    return Validation(lexicon.name, gold_set, gold.assign(predicted=predicted.astype(int)), matches, scores)


def validation_table(results: list[Validation]) -> pd.DataFrame:
    """One row per (gold set, lexicon): counts, precision, recall, F1 and their 95% intervals."""
    return pd.DataFrame([{"gold_set": r.gold_set, "lexicon": r.lexicon, **r.scores} for r in results])


def term_precision(results: list[Validation]) -> pd.DataFrame:
    """Per lexicon and term (:func:`framing.diagnostics.precision_by_term`): sentences it fires in
    (``n``, all hits), how many of them the coders marked positive (``tp``), and that share."""
    from .diagnostics import precision_by_term

    parts = [precision_by_term(r.matches, r.sentences.set_index("doc_id")["gold"]).assign(lexicon=r.lexicon)
             for r in results if not r.matches.empty]
    cols = ["lexicon", "term", "n", "tp", "precision"]
    return pd.concat(parts, ignore_index=True)[cols] if parts else pd.DataFrame(columns=cols)


def errors_sample(results: list[Validation], n: int = 10) -> pd.DataFrame:
    """Per lexicon, the first ``n`` false positives and ``n`` false negatives, with the terms that fired."""
    parts = []
    for result in results:
        s = result.sentences
        terms = result.matches.groupby("doc_id")["matched_text"].agg(lambda x: "; ".join(dict.fromkeys(x)))
        fp = s[(s["predicted"] == 1) & (s["gold"] == 0)].head(n).assign(error="false positive")
        fn = s[(s["predicted"] == 0) & (s["gold"] == 1)].head(n).assign(error="false negative")
        out = pd.concat([fp, fn], ignore_index=True)
        out["matched"] = out["doc_id"].map(terms).fillna("")
        out.insert(0, "lexicon", result.lexicon)
        parts.append(out[["lexicon", "error", "doc_id", "matched", "text"]])
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=["lexicon", "error", "doc_id",
                                                                                     "matched", "text"])


def wordlist_lexicon(path: str | Path, name: str) -> Lexicon:
    """A reference word list (one entry a line, ``%`` or ``#`` comments) as a one-category lexicon
    named ``name``, read as ``framing lexicon import`` reads it (:func:`framing.lexicons.interchange.read_any`)."""
    lexicon, _notes = read_any(Path(path))
    return replace(lexicon, name=name)


def validate_gold_sets(lexicons: list[str], gold_files: dict[str, str], baselines: dict[str, str] | None = None,
                       limit: int = 0, n_boot: int = 1000, seed: int = 0) -> list[Validation]:
    """Score each lexicon against the gold set of its construct (``hedging`` -> uncertainty cues,
    ``concession`` -> coded concession language); reference word lists in ``baselines``
    (name -> file) are scored against the hedging gold set as baselines to beat."""
    lexs = load_lexicons(lexicons)
    unknown = [lex.name for lex in lexs if lex.name not in GOLD_LABELS]
    if unknown:
        raise ParameterError(f"parameter 'lexicons': no gold set for {', '.join(unknown)}; "
                             f"validate one of {', '.join(sorted(GOLD_LABELS))}")
    constructs = {lex.name for lex in lexs} | ({"hedging"} if any((baselines or {}).values()) else set())
    gold = {c: read_gold(gold_files[c], GOLD_LABELS[c], limit=limit) for c in sorted(constructs)}
    results = [validate_lexicon(gold[lex.name], lex, Path(gold_files[lex.name]).stem, n_boot, seed) for lex in lexs]
    for name, path in (baselines or {}).items():
        if path:
            results.append(validate_lexicon(gold["hedging"], wordlist_lexicon(path, name),
                                            Path(gold_files["hedging"]).stem, n_boot, seed))
    return results


# --- Out-of-sample validation of a lexicon against a gold set (issue 14) ---------------------------

HIT_KINDS = ("any", "affirmed", "negated")


def bootstrap_prf(predicted, gold, n_boot: int = 1000, seed: int = 0, level: float = 0.95) -> dict:
    """:func:`prf` with :func:`prf_intervals` (the one P/R/F1 of the kit), rounded to 4 places, for 0/1
    predictions against gold codes. Keys: ``precision, recall, f1``, ``<metric>_low``/``<metric>_high``
    and ``tp, fp, fn, n``. Undefined scores are NaN.

    >>> r = bootstrap_prf([1, 1, 0, 0], [1, 0, 0, 1], n_boot=200)
    >>> r["precision"], r["recall"], r["f1"], r["tp"], r["n"]
    (0.5, 0.5, 0.5, 1, 4)
    """
    p = np.asarray(predicted, dtype=bool)
    g = np.asarray(gold, dtype=bool)
    if p.shape != g.shape:
        raise ParameterError(f"predicted ({len(p)}) and gold ({len(g)}) differ in length")
    point = prf(g, p)
    out: dict = {m: round(float(point[m]), 4) for m in ("precision", "recall", "f1")}
    out.update(tp=point["tp"], fp=point["fp"], fn=point["fn"], n=point["n"])
    if len(g) and n_boot:
        out.update({k: round(v, 4) for k, v in prf_intervals(g, p, n_boot=n_boot, seed=seed, level=level).items()})
    return out


def gold_matches(texts: list[str], lexicon) -> pd.DataFrame:
    """The match table of gold sentences (``doc_id`` = row position) for one lexicon (name, path or Lexicon)."""
    from .lexicons import Lexicon, load_lexicon
    from .match import find_matches

    lex = lexicon if isinstance(lexicon, Lexicon) else load_lexicon(lexicon)
    return find_matches(pd.DataFrame({"doc_id": range(len(texts)), "text": texts}), [lex])


def sentence_predictions(matches: pd.DataFrame, n: int, hits: str = "any") -> np.ndarray:
    """Per sentence ``0..n-1`` (the ``doc_id`` of :func:`gold_matches`), whether it has a hit of kind ``hits``."""
    if hits not in HIT_KINDS:
        raise ParameterError(value_invalid_msg("hits", hits, HIT_KINDS))
    m = matches if hits == "any" else matches[matches["negated"] == (hits == "negated")]
    out = np.zeros(n, dtype=bool)
    out[m["doc_id"].astype(int).to_numpy()] = True
    return out


def predict_sentences(texts: list[str], lexicon, hits: str = "any") -> np.ndarray:
    """For each text, whether ``lexicon`` (name, path or Lexicon) has a hit of kind ``hits`` in it
    (``any``: affirmed or negated, ``affirmed``, ``negated``).

    >>> predict_sentences(["It may rain.", "It rains."], "hedging").tolist()
    [True, False]
    """
    return sentence_predictions(gold_matches(list(texts), lexicon), len(texts), hits)


def negation_accuracy(matches: pd.DataFrame, gold: pd.DataFrame, label: str = "concession",
                      negated: str = "negated") -> dict:
    """On true hits (gold ``label`` = 1 and any hit), how often "some hit is negated" equals gold ``negated``.

    >>> g = pd.DataFrame({"concession": [1, 1], "negated": [1, 0]})
    >>> m = pd.DataFrame({"doc_id": [0, 1], "negated": [True, True]})
    >>> negation_accuracy(m, g)
    {'accuracy': 0.5, 'n': 2}
    """
    n = len(gold)
    hit = sentence_predictions(matches, n, "any")
    neg = sentence_predictions(matches, n, "negated")
    true_hits = hit & gold[label].astype(bool).to_numpy()
    right = (neg == gold[negated].astype(bool).to_numpy())[true_hits]
    return {"accuracy": round(float(right.mean()), 4) if len(right) else float("nan"), "n": int(true_hits.sum())}


def category_recall(matches: pd.DataFrame, gold: pd.DataFrame, label: str) -> pd.DataFrame:
    """Per category: of the gold positives, how many a hit of that category finds (``found``, ``recall``)."""
    positives = set(np.flatnonzero(gold[label].astype(bool).to_numpy()).tolist())
    rows = [{"category": cat, "found": len(set(grp["doc_id"].astype(int)) & positives)}
            for cat, grp in matches.groupby("category", sort=True)]
    table = pd.DataFrame(rows, columns=["category", "found"])
    table["recall"] = table["found"] / max(len(positives), 1)
    return table.sort_values("found", ascending=False, kind="stable").reset_index(drop=True)


def frequent_errors(matches: pd.DataFrame, gold: pd.DataFrame, label: str, text_col: str = "text",
                    top: int = 10, width: int = 60) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The ``top`` most frequent false positives (by term, with a KWIC line) and false negatives.

    False positives: hits in sentences whose gold ``label`` is 0, counted by ``term``
    (``term, n, kwic``: the first such hit in context). False negatives: gold positives with no
    hit; they have no term to group by, so they are listed as sentences (``row, text``),
    shortest first.
    """
    texts = gold[text_col].fillna("").astype(str).tolist()
    truth = gold[label].astype(bool).to_numpy()
    fp = matches[~truth[matches["doc_id"].astype(int).to_numpy()]] if len(matches) else matches
    rows = []
    for term, grp in fp.groupby("term", sort=False):
        first = grp.iloc[0]
        rows.append({"term": term, "n": len(grp),
                     "kwic": kwic_line(texts[int(first["doc_id"])], int(first["start"]), int(first["end"]), width)})
    fps = pd.DataFrame(rows, columns=["term", "n", "kwic"]).sort_values(["n", "term"], ascending=[False, True],
                                                                        kind="stable").head(top)
    hit = sentence_predictions(matches, len(texts), "any")
    missed = [(i, texts[i]) for i in np.flatnonzero(truth & ~hit).tolist()]
    fns = pd.DataFrame(sorted(missed, key=lambda x: len(x[1]))[:top], columns=["row", "text"])
    return fps.reset_index(drop=True), fns


def lexicon_validation(lexicon, gold: pd.DataFrame, label: str, hits: str = "any", text_col: str = "text",
                       baseline: list[str] | None = None, n_boot: int = 1000, seed: int = 0) -> dict:
    """Everything a validity note reports for one lexicon on one (held-out) gold table.

    Returns ``{"prf": bootstrap_prf(...), "baseline": bootstrap_prf(...) of the naive word
    list (if given), "categories": category_recall(...), "false_positives": ...,
    "false_negatives": ...}``. Pass a held-out part (:func:`framing.gold_split.gold_part`) for
    out-of-sample numbers.
    """
    texts = gold[text_col].fillna("").astype(str).tolist()
    matches = gold_matches(texts, lexicon)
    truth = gold[label].astype(bool).to_numpy()
    out: dict = {"prf": bootstrap_prf(sentence_predictions(matches, len(texts), hits), truth, n_boot, seed)}
    if baseline is not None:
        out["baseline"] = bootstrap_prf(naive_predictions(texts, baseline), truth, n_boot, seed)
    out["categories"] = category_recall(matches, gold, label)
    out["false_positives"], out["false_negatives"] = frequent_errors(matches, gold, label, text_col)
    return out


def naive_predictions(texts: list[str], words: list[str]) -> np.ndarray:
    """Whether each text holds any of ``words`` (whole words, any case; ``*`` at the end = any ending).

    >>> naive_predictions(["They ceded land.", "No."], ["cede*"]).tolist()
    [True, False]
    """
    from .match import phrase_pattern

    if not words:
        return np.zeros(len(texts), dtype=bool)
    pattern = re.compile("|".join(f"(?:{phrase_pattern(w).pattern})" for w in words), re.IGNORECASE)
    return np.array([bool(pattern.search(t)) for t in texts], dtype=bool)


def validity_table(cases: list[tuple], parts: tuple[str, ...] = ("tune", "heldout"), n_boot: int = 1000,
                   seed: int = 0) -> pd.DataFrame:
    """P/R/F1 with bootstrap intervals per case and part of the stored gold split (tuning vs held-out).

    Each case is ``(case name, lexicon, gold set, label column, hits)``; ``lexicon`` is a name,
    path or :class:`~framing.lexicons.Lexicon`, or a list of words (a naive baseline, matched
    with :func:`naive_predictions`). Gold sets are file names in ``data/gold/`` with a stored
    split (:mod:`framing.gold_split`); an empty part (``concession_dev.csv`` has no held-out
    part) gives no row. For ``label == "concession"`` the column ``neg_acc`` is the negation
    accuracy on true hits (:func:`negation_accuracy`).

    >>> t = validity_table([("naive", ["cede*"], "concession_dev.csv", "concession", "any")], n_boot=50)
    >>> t[["case", "part", "n"]].values.tolist()
    [['naive', 'tune', 350]]
    """
    from .gold_split import gold_part

    rows = []
    for case, lexicon, gold_name, label, hits in cases:
        for part in parts:
            gold = gold_part(gold_name, part)
            if not len(gold):
                continue
            texts = gold["text"].fillna("").astype(str).tolist()
            truth = gold[label].astype(bool).to_numpy()
            row: dict = {"case": case, "gold": gold_name, "label": label, "part": part}
            if isinstance(lexicon, list):
                row.update(bootstrap_prf(naive_predictions(texts, lexicon), truth, n_boot, seed))
            else:
                matches = gold_matches(texts, lexicon)
                row.update(bootstrap_prf(sentence_predictions(matches, len(texts), hits), truth, n_boot, seed))
                if label == "concession":
                    row["neg_acc"] = negation_accuracy(matches, gold)["accuracy"]
            rows.append(row)
    return pd.DataFrame(rows)


# A naive word list for territorial concession, written from the codebook's wording before any
# gold sentence was read: the baseline a constructed lexicon has to beat (benchmarks/validity.py).
NAIVE_CONCESSION = ["cede*", "concession*", "give up", "land for peace", "territorial compromise", "hand over",
                    "surrender*", "trade territory", "freeze", "recognise", "recognize", "existing realities",
                    "annex*", "withdraw*", "partition*", "realities", "territorial integrity", "front line", "status"]

# Per lexicon: the gold sets (data/gold/, split by framing.gold_split) and the column each is coded in.
GOLD_SETS = {"concession": [("concession_v2.csv", "concession"), ("concession_dev.csv", "concession")],
             "hedging": [("wiki_uncertainty_dev.csv", "is_uncertain")]}


def validation_report(lexicons: list[str], baselines: dict[str, Any] | None = None, n_boot: int = 1000,
                      seed: int = 0, top: int = 10) -> dict[str, pd.DataFrame]:
    """The out-of-sample validation of each lexicon (names or files of lexicons named ``concession``
    or ``hedging``: their gold sets are :data:`GOLD_SETS`).

    Returns tables: ``scores`` (:func:`validity_table`: P/R/F1 with intervals for the lexicon and
    its naive baseline from ``baselines`` (lexicon name -> a list of words, a
    :class:`~framing.lexicons.Lexicon` or the path of a word list; default: :data:`NAIVE_CONCESSION`
    for concession), on the held-out part and, marked ``tune``, the tuning
    part), ``categories`` (per-category recall on the held-out part), and ``false_positives`` /
    ``false_negatives`` (the ``top`` most frequent, as KWIC lines or sentences) from the TUNING
    part: held-out errors are never shown, so reading them cannot tune the lexicon on the
    sentences that score it. A gold set with no held-out part (``concession_dev.csv``) has tuning
    rows only.
    """
    from .gold_split import gold_part

    baselines = {"concession": NAIVE_CONCESSION} if baselines is None else baselines
    loaded = load_lexicons(lexicons)
    unknown = [lex.name for lex in loaded if lex.name not in GOLD_SETS]
    if unknown:
        raise ParameterError(value_invalid_msg("lexicons", unknown[0], list(GOLD_SETS)))
    cases: list[tuple] = []
    categories: list[pd.DataFrame] = []
    fps: list[pd.DataFrame] = []
    fns: list[pd.DataFrame] = []
    for lexicon in loaded:
        lex = lexicon.name
        for gold_name, label in GOLD_SETS[lex]:
            cases.append((lex, lexicon, gold_name, label, "any"))
            base = baselines.get(lex)
            if isinstance(base, (str, Path)) and str(base):
                base = wordlist_lexicon(base, f"{lex}-baseline")
            if base is not None and not isinstance(base, (str, Path)):
                cases.append((f"{lex}: naive list", base, gold_name, label, "any"))
            for part, frames in (("heldout", [categories]), ("tune", [fps, fns])):
                gold = gold_part(gold_name, part)
                if not len(gold):
                    continue
                matches = gold_matches(gold["text"].fillna("").astype(str).tolist(), lexicon)
                keys = {"lexicon": lex, "gold": gold_name, "part": part}
                if part == "heldout":
                    frames[0].append(category_recall(matches, gold, label).assign(**keys))
                else:
                    fp, fn = frequent_errors(matches, gold, label, top=top)
                    frames[0].append(fp.assign(**keys))
                    frames[1].append(fn.assign(**keys))
    order = ["lexicon", "gold", "part"]

    def stack(frames: list[pd.DataFrame]) -> pd.DataFrame:
        table = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=order)
        return table[order + [c for c in table.columns if c not in order]]

    scores = validity_table(cases, n_boot=n_boot, seed=seed)
    return {"scores": scores, "categories": stack(categories), "false_positives": stack(fps),
            "false_negatives": stack(fns)}
