"""Statistics: rates with bootstrap intervals, group comparisons, time series, keyness, collocations.

Rates are pooled: total hits per 1,000 total tokens in a group. Intervals resample documents
with replacement (percentile bootstrap, fixed seed), so they are reproducible; with a cluster
column (e.g. ``dup_cluster``, syndicated copies of one story) whole clusters are resampled.
Keyness is the log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi & Quinn
2008, "Fightin' Words"); collocations use nltk's PMI and likelihood ratio (no downloads).

>>> import pandas as pd
>>> scores = pd.DataFrame({"outlet": ["a", "a", "b"], "n_tokens": [100, 100, 200],
...                        "hedging_count": [1, 3, 2]})
>>> rates_by_group(scores, "outlet", ["hedging"], n_boot=200)[["group", "lexicon", "rate", "n_docs"]]
  group  lexicon  rate  n_docs
0     a  hedging  20.0       2
1     b  hedging  10.0       1
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from itertools import combinations
from pathlib import Path
from statistics import NormalDist

import numpy as np
import pandas as pd
import yaml

from .errors import InputError, ParameterError, value_invalid_msg
from .paths import PACKAGE_DIR
from .text import word_types

RATE_COLUMNS = ["group", "lexicon", "rate", "ci_low", "ci_high", "count", "n_tokens", "n_docs"]


def _cluster_sums(counts: np.ndarray, tokens: np.ndarray, clusters) -> tuple[np.ndarray, np.ndarray]:
    """Counts and tokens summed per cluster (documents without a cluster are their own cluster)."""
    keys = pd.Series(clusters).astype(object)
    keys = keys.where(keys.notna(), pd.Series([("__doc__", i) for i in range(len(keys))], dtype=object))
    codes = pd.factorize(keys)[0]
    return np.bincount(codes, weights=counts), np.bincount(codes, weights=tokens)


def bootstrap_rate(counts: np.ndarray, tokens: np.ndarray, n_boot: int = 1000, seed: int = 0,
                   level: float = 0.95, clusters=None) -> tuple[float, float, float]:
    """Pooled rate per 1,000 tokens and its percentile bootstrap interval (resampling documents).

    ``clusters`` (one label per document) resamples whole clusters instead of documents.

    >>> rate, low, high = bootstrap_rate([1, 3, 2, 0], [100, 100, 100, 100], n_boot=500)
    >>> rate, bool(low <= rate <= high)
    (15.0, True)
    """
    counts, tokens = np.asarray(counts, float), np.asarray(tokens, float)
    total = tokens.sum()
    rate = float(counts.sum() * 1000.0 / total) if total else np.nan
    if clusters is not None:
        counts, tokens = _cluster_sums(counts, tokens, clusters)
    if len(counts) < 2 or not total:
        return rate, np.nan, np.nan
    boots = _boot_rates(counts, tokens, n_boot, np.random.default_rng(seed))
    alpha = (1 - level) / 2
    low, high = np.nanquantile(boots, [alpha, 1 - alpha])
    return rate, float(low), float(high)


def _boot_rates(counts: np.ndarray, tokens: np.ndarray, n_boot: int, rng: np.random.Generator) -> np.ndarray:
    idx = rng.integers(0, len(counts), size=(n_boot, len(counts)))
    tok = tokens[idx].sum(axis=1)
    return np.divide(counts[idx].sum(axis=1) * 1000.0, tok, out=np.full(n_boot, np.nan), where=tok > 0)


def rates_by_group(scores: pd.DataFrame, group_col: str, lexicons: list[str], n_boot: int = 1000,
                   seed: int = 0, level: float = 0.95, cluster_col: str | None = None) -> pd.DataFrame:
    """Rate of each lexicon per group with a bootstrap interval: one row per (group, lexicon).

    ``cluster_col`` names a column of cluster labels (e.g. ``dup_cluster``) to resample by.
    """
    _require(scores, [group_col, "n_tokens", *(f"{lex}_count" for lex in lexicons)]
             + ([cluster_col] if cluster_col else []), "scores")
    rows = []
    for group, part in scores.groupby(group_col, sort=True, observed=True):
        for lex in lexicons:
            rate, low, high = bootstrap_rate(part[f"{lex}_count"].to_numpy(), part["n_tokens"].to_numpy(),
                                             n_boot=n_boot, seed=seed, level=level,
                                             clusters=part[cluster_col].to_numpy() if cluster_col else None)
            rows.append({"group": group, "lexicon": lex, "rate": rate, "ci_low": low, "ci_high": high,
                         "count": int(part[f"{lex}_count"].sum()), "n_tokens": int(part["n_tokens"].sum()),
                         "n_docs": len(part)})
    return pd.DataFrame(rows, columns=RATE_COLUMNS)


def monthly_rates(scores: pd.DataFrame, date_col: str, group_col: str, lexicons: list[str],
                  n_boot: int = 1000, seed: int = 0) -> pd.DataFrame:
    """Rates per calendar month and group, with bootstrap intervals; adds ``month``, ``days`` (days
    of the month inside the corpus's date range) and ``partial`` (the first or last month, when
    the data cover fewer days than the month has).

    >>> scores = pd.DataFrame({"published": pd.to_datetime(["2022-01-25", "2022-02-10", "2022-03-31"], utc=True),
    ...                        "outlet": "a", "n_tokens": 100, "hedging_count": [1, 2, 3]})
    >>> monthly_rates(scores, "published", "outlet", ["hedging"], n_boot=10)[["month", "days", "partial"]].values.tolist()
    [[Timestamp('2022-01-01 00:00:00'), 7, True], [Timestamp('2022-02-01 00:00:00'), 28, False], [Timestamp('2022-03-01 00:00:00'), 31, False]]
    """
    dated = scores.dropna(subset=[date_col]).copy()
    days = dated[date_col].dt.tz_convert("UTC").dt.tz_localize(None).dt.normalize()
    dated["month"] = days.dt.to_period("M").dt.to_timestamp()
    parts = []
    first_day, last_day = pd.Timestamp(days.min()), pd.Timestamp(days.max())
    for key, part in dated.groupby("month", sort=True):
        table = rates_by_group(part, group_col, lexicons, n_boot=n_boot, seed=seed)
        month = pd.Timestamp(key)  # type: ignore[arg-type]  # the group key of a datetime column
        month_end = month + pd.offsets.MonthEnd(0)
        covered = (min(month_end, last_day) - max(month, first_day)).days + 1
        table.insert(0, "month", month)
        table["days"] = covered
        table["partial"] = covered < month_end.day
        parts.append(table)
    return (pd.concat(parts, ignore_index=True) if parts
            else pd.DataFrame(columns=["month", *RATE_COLUMNS, "days", "partial"]))


def _require(table: pd.DataFrame, columns: list[str], what: str) -> None:
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise ParameterError(f"{what} has no column(s) {missing}; it has {list(table.columns)}")


COMPARE_COLUMNS = ["lexicon", "group_a", "group_b", "rate_a", "rate_b", "diff", "diff_low", "diff_high",
                   "ratio", "ratio_low", "ratio_high", "n_docs_a", "n_docs_b"]


def compare_groups(scores: pd.DataFrame, group_col: str, lexicons: list[str], reference=None,
                   n_boot: int = 2000, seed: int = 0, level: float = 0.95,
                   cluster_col: str | None = None) -> pd.DataFrame:
    """Effect sizes between groups: rate difference (per 1,000 tokens) and rate ratio, with intervals.

    Every pair of groups is compared (or each group against ``reference``); each group is
    resampled on its own (documents or clusters). An interval that excludes 0 (difference) or 1
    (ratio) marks a difference larger than resampling noise at ``level``.

    >>> scores = pd.DataFrame({"g": ["a"] * 3 + ["b"] * 3, "n_tokens": [100] * 6,
    ...                        "hedging_count": [4, 5, 6, 1, 2, 0]})
    >>> row = compare_groups(scores, "g", ["hedging"], n_boot=500).iloc[0]
    >>> float(row["diff"]), float(row["ratio"]), bool(row["diff_low"] > 0)
    (40.0, 5.0, True)
    """
    _require(scores, [group_col, "n_tokens", *(f"{lex}_count" for lex in lexicons)]
             + ([cluster_col] if cluster_col else []), "scores")
    groups = sorted(scores[group_col].dropna().unique(), key=str)
    if reference is not None and reference not in groups:
        raise ParameterError(value_invalid_msg("reference", reference, [str(g) for g in groups]))
    pairs = ([(g, reference) for g in groups if g != reference] if reference is not None
             else list(combinations(groups, 2)))
    alpha = (1 - level) / 2
    rows = []
    for lex in lexicons:
        boots, rates, sizes = {}, {}, {}
        for k, g in enumerate(groups):
            part = scores[scores[group_col] == g]
            counts, tokens = part[f"{lex}_count"].to_numpy(float), part["n_tokens"].to_numpy(float)
            rates[g] = counts.sum() * 1000.0 / tokens.sum() if tokens.sum() else np.nan
            sizes[g] = len(part)
            if cluster_col:
                counts, tokens = _cluster_sums(counts, tokens, part[cluster_col].to_numpy())
            boots[g] = _boot_rates(counts, tokens, n_boot, np.random.default_rng([seed, k]))
        for a, b in pairs:
            diff = boots[a] - boots[b]
            with np.errstate(divide="ignore", invalid="ignore"):
                ratio = boots[a] / boots[b]
            ratio = np.where(np.isfinite(ratio), ratio, np.nan)
            d_low, d_high = np.nanquantile(diff, [alpha, 1 - alpha]) if len(diff) else (np.nan, np.nan)
            r_ok = ratio[~np.isnan(ratio)]
            r_low, r_high = np.quantile(r_ok, [alpha, 1 - alpha]) if len(r_ok) else (np.nan, np.nan)
            rows.append({"lexicon": lex, "group_a": a, "group_b": b, "rate_a": rates[a], "rate_b": rates[b],
                         "diff": rates[a] - rates[b], "diff_low": float(d_low), "diff_high": float(d_high),
                         "ratio": rates[a] / rates[b] if rates[b] else np.nan,
                         "ratio_low": float(r_low), "ratio_high": float(r_high),
                         "n_docs_a": sizes[a], "n_docs_b": sizes[b]})
    return pd.DataFrame(rows, columns=COMPARE_COLUMNS)


TOP_TERMS_COLUMNS = ["lexicon", "group", "term", "count", "negated", "per_1k"]


def top_terms(matches: pd.DataFrame, scores: pd.DataFrame, group_col: str, n: int = 8) -> pd.DataFrame:
    """The ``n`` most frequent terms of each lexicon per group, counted as :func:`framing.metrics.score`
    counts: ``count`` (affirmed hits), ``negated`` (negated hits), ``per_1k`` (affirmed hits per
    1,000 tokens of the group). ``scores`` gives each document's group and tokens; every row
    traces back to match rows (``lexicon``, ``term``).

    >>> m = pd.DataFrame({"doc_id": ["a", "a", "b"], "lexicon": "h", "term": ["may", "may", "might"],
    ...                   "negated": [False, True, False]})
    >>> s = pd.DataFrame({"doc_id": ["a", "b"], "g": ["x", "x"], "n_tokens": [500, 500]})
    >>> top_terms(m, s, "g").values.tolist()
    [['h', 'x', 'may', 1, 1, 1.0], ['h', 'x', 'might', 1, 0, 1.0]]
    """
    if matches.empty:
        return pd.DataFrame(columns=TOP_TERMS_COLUMNS)
    groups = scores.set_index("doc_id")[group_col]
    tokens = scores.groupby(group_col, observed=True)["n_tokens"].sum()
    negated = matches["negated"].astype(bool) if "negated" in matches.columns else pd.Series(False, index=matches.index)
    m = matches.assign(group=matches["doc_id"].map(groups), _aff=~negated, _neg=negated)
    counts = (m.groupby(["lexicon", "group", "term"], observed=True)[["_aff", "_neg"]].sum().astype(int)
              .rename(columns={"_aff": "count", "_neg": "negated"}).reset_index())
    counts = counts[counts["count"] > 0]
    counts["per_1k"] = counts["count"] * 1000.0 / counts["group"].map(tokens)
    counts = counts.sort_values(["lexicon", "group", "count", "term"], ascending=[True, True, False, True])
    return counts.groupby(["lexicon", "group"], sort=False).head(n).reset_index(drop=True)[TOP_TERMS_COLUMNS]


_FREQS = {"week": "W-SUN", "month": "M"}  # W-SUN: weeks end on Sunday, start on Monday


def time_series(scores: pd.DataFrame, date_col: str, lexicons: list[str], freq: str = "month",
                group_col: str | None = None, n_boot: int = 1000, seed: int = 0, level: float = 0.95,
                cluster_col: str | None = None) -> pd.DataFrame:
    """Rates per week or month (and group) with bootstrap intervals; ``period`` is the period start.

    Weeks start on Monday. Without ``group_col`` all documents form one group ``"all"``.

    >>> scores = pd.DataFrame({"published": pd.to_datetime(["2022-03-01", "2022-03-20", "2022-04-02"], utc=True),
    ...                        "n_tokens": [100, 100, 100], "hedging_count": [1, 3, 5]})
    >>> time_series(scores, "published", ["hedging"], n_boot=100)[["period", "rate", "n_docs"]].values.tolist()
    [[Timestamp('2022-03-01 00:00:00'), 20.0, 2], [Timestamp('2022-04-01 00:00:00'), 50.0, 1]]
    """
    if freq not in _FREQS:
        raise ParameterError(value_invalid_msg("freq", freq, list(_FREQS)))
    _require(scores, [date_col], "scores")
    dated = scores.dropna(subset=[date_col]).copy()
    when = pd.to_datetime(dated[date_col], utc=True).dt.tz_localize(None)
    dated["period"] = when.dt.to_period(_FREQS[freq]).dt.start_time
    if group_col is None:
        group_col = "__all__"
        dated[group_col] = "all"
    parts = []
    for period, part in dated.groupby("period", sort=True):
        table = rates_by_group(part, group_col, lexicons, n_boot=n_boot, seed=seed, level=level,
                               cluster_col=cluster_col)
        table.insert(0, "period", period)
        parts.append(table)
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=["period", *RATE_COLUMNS])


EVENTS_FILE = PACKAGE_DIR / "data" / "events.yaml"


def load_events(path: str | Path | None = None) -> pd.DataFrame:
    """Dated events for time-series figures: ``date, label, description, source`` (sorted by date).

    >>> load_events().set_index("label").loc["Invasion", "date"]
    Timestamp('2022-02-24 00:00:00')
    """
    path = Path(path) if path is not None else EVENTS_FILE
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise InputError(path, f"cannot read the events file ({exc})",
                         fix="give a YAML file with `events: [{date: YYYY-MM-DD, label: ...}]`") from None
    events = data.get("events") if isinstance(data, dict) else None
    if not isinstance(events, list):
        raise InputError(path, "no `events:` list", fix="add `events:` with one `- date: ... label: ...` per event")
    rows = []
    for k, ev in enumerate(events, 1):
        if not isinstance(ev, dict) or "date" not in ev or "label" not in ev:
            raise InputError(path, f"event {k} needs `date` and `label`", fix="write `- date: 2022-02-24` "
                             "and `label: Invasion`")
        try:
            date = pd.Timestamp(str(ev["date"]))
        except ValueError:
            raise InputError(path, f"event {k}: date {ev['date']!r} is not a date", fix="use YYYY-MM-DD") from None
        rows.append({"date": date, "label": str(ev["label"]), "description": str(ev.get("description", "")),
                     "source": str(ev.get("source", ""))})
    return pd.DataFrame(rows, columns=["date", "label", "description", "source"]).sort_values(
        "date", ignore_index=True)


def term_counts(corpus: pd.DataFrame, group_col: str, drop_function_words: bool = True) -> pd.DataFrame:
    """Word counts per group (:func:`framing.text.word_types`): terms x groups. Function words
    (the kit's list, ``data/function_words.yaml``: "the", "and", "i", ...) are left out unless
    ``drop_function_words=False``, so keyness is about content words.

    >>> c = pd.DataFrame({"g": ["a", "b"], "text": ["War and war", "Peace"]})
    >>> term_counts(c, "g").to_dict()
    {'a': {'peace': 0, 'war': 2}, 'b': {'peace': 1, 'war': 0}}
    >>> term_counts(c, "g", drop_function_words=False).to_dict()["a"]
    {'and': 1, 'peace': 0, 'war': 2}
    """
    _require(corpus, [group_col, "text"], "corpus")
    stop = function_words() if drop_function_words else set()
    series = {}
    for group, part in corpus.groupby(group_col, sort=True, observed=True):
        words = [w for text in part["text"] for w in word_types(text) if w not in stop]
        series[group] = pd.Series(words, dtype=object).value_counts()
    table = pd.DataFrame(series).fillna(0).astype(int).sort_index()
    table.index.name = "term"
    table.columns.name = None
    return table


_erfc = np.vectorize(math.erfc, otypes=[float])
KEYNESS_COLUMNS = ["group", "term", "count", "count_other", "per_1k", "per_1k_other", "delta", "se", "z", "p", "q"]


def benjamini_hochberg(p: np.ndarray | pd.Series) -> np.ndarray:
    """Benjamini-Hochberg adjusted p-values (q-values): ``q < 0.05`` keeps the expected share of
    false discoveries among the terms called distinctive at 5%.

    >>> [round(float(q), 3) for q in benjamini_hochberg([0.01, 0.04, 0.03, 0.5])]
    [0.04, 0.053, 0.053, 0.5]
    """
    p = np.asarray(p, dtype=float)
    if not len(p):
        return p
    order = np.argsort(p)
    ranked = p[order] * len(p) / np.arange(1, len(p) + 1)
    q = np.minimum.accumulate(ranked[::-1])[::-1].clip(max=1.0)
    out = np.empty_like(q)
    out[order] = q
    return out


def keyness(counts: pd.DataFrame, prior: pd.Series | float | None = None, prior_size: float | None = None,
            min_count: int = 1) -> pd.DataFrame:
    """Log-odds ratio with an informative Dirichlet prior (Monroe et al. 2008), each group vs the rest.

    ``counts`` is terms x groups (:func:`term_counts`, or your own raw counts). The prior
    ``alpha_w``: ``None`` uses the pooled counts of all groups (scaled to ``prior_size`` if
    given), a number is a flat prior, a Series (term -> count, e.g. a background corpus) is
    scaled to ``prior_size`` (default: its own total). ``delta`` is the log-odds ratio,
    ``z = delta / se`` its z-score, ``p`` its two-sided normal p-value and ``q`` the p-value
    adjusted for testing every term of the group (Benjamini-Hochberg, :func:`benjamini_hochberg`):
    call a term distinctive when ``q < 0.05``, not ``|z| > 1.96`` (thousands of terms are tested).

    >>> counts = pd.DataFrame({"a": [3, 1], "b": [1, 3]}, index=["x", "y"])
    >>> k = keyness(counts, prior=1.0)
    >>> round(float(k.loc[0, "delta"]), 4), round(float(k.loc[0, "z"]), 4)
    (1.3863, 1.6008)
    """
    if counts.shape[1] < 2:
        raise ParameterError(f"keyness needs two or more groups (columns); got {list(counts.columns)}")
    counts = counts.fillna(0).astype(float)
    pooled = counts.sum(axis=1)
    if prior is None:
        alpha = pooled.copy()
    elif isinstance(prior, (int, float)):
        if prior <= 0:
            raise ParameterError(f"`prior` got {prior!r}; expected a positive number, a Series or None")
        alpha = pd.Series(float(prior), index=counts.index)
    else:
        alpha = pd.Series(prior, dtype=float).reindex(counts.index)
        if alpha.isna().any() or (alpha <= 0).any():
            fill = max(float(alpha[alpha > 0].min()) if (alpha > 0).any() else 1.0, 1e-9) / 2
            alpha = alpha.where(alpha > 0, np.nan).fillna(fill)  # unseen terms get half the smallest prior
    if prior_size is not None:
        alpha = alpha * (prior_size / alpha.sum())
    a0 = alpha.sum()
    rows = []
    for group in counts.columns:
        y_i = counts[group]
        y_j = pooled - y_i
        n_i, n_j = y_i.sum(), y_j.sum()
        with np.errstate(divide="ignore", invalid="ignore"):
            delta = (np.log((y_i + alpha) / (n_i + a0 - y_i - alpha))
                     - np.log((y_j + alpha) / (n_j + a0 - y_j - alpha)))
            se = np.sqrt(1.0 / (y_i + alpha) + 1.0 / (y_j + alpha))
        part = pd.DataFrame({"group": group, "term": counts.index, "count": y_i.astype(int).to_numpy(),
                             "count_other": y_j.astype(int).to_numpy(),
                             "per_1k": (y_i * 1000.0 / n_i if n_i else y_i * np.nan).to_numpy(),
                             "per_1k_other": (y_j * 1000.0 / n_j if n_j else y_j * np.nan).to_numpy(),
                             "delta": np.asarray(delta), "se": np.asarray(se), "z": np.asarray(delta / se)})
        part = part[(part["count"] + part["count_other"]) >= min_count].copy()
        part["p"] = _erfc(np.abs(part["z"].to_numpy(float)) / np.sqrt(2.0))  # two-sided normal p
        part["q"] = benjamini_hochberg(part["p"].to_numpy())
        rows.append(part)
    out = pd.concat(rows, ignore_index=True)
    return out.sort_values(["group", "z"], ascending=[True, False], kind="stable", ignore_index=True)[KEYNESS_COLUMNS]


FUNCTION_WORDS_FILE = PACKAGE_DIR / "data" / "function_words.yaml"


def function_words() -> set[str]:
    """The kit's English function words (``data/function_words.yaml``)."""
    return set(yaml.safe_load(FUNCTION_WORDS_FILE.read_text(encoding="utf-8"))["words"])
_MEASURES = ("pmi", "likelihood_ratio")


def collocations(corpus: pd.DataFrame, measure: str = "pmi", min_freq: int = 3, top: int = 50,
                 window: int = 2, term: str | None = None, drop_function_words: bool = True) -> pd.DataFrame:
    """Word pairs that occur together more than chance (nltk; bigrams never cross documents).

    ``measure``: ``pmi`` or ``likelihood_ratio``. ``window=2`` is adjacent words; larger windows
    count pairs within that many words. ``term`` keeps only pairs containing that word.

    >>> c = pd.DataFrame({"text": ["security guarantees now", "security guarantees later",
    ...                            "security guarantees again", "talks now"]})
    >>> collocations(c, min_freq=2)[["w1", "w2", "freq"]].values.tolist()
    [['security', 'guarantees', 3]]
    """
    from nltk.collocations import BigramAssocMeasures, BigramCollocationFinder

    if measure not in _MEASURES:
        raise ParameterError(value_invalid_msg("measure", measure, _MEASURES))
    if window < 2:
        raise ParameterError(f"`window` got {window!r}; expected 2 (adjacent words) or more")
    docs = [word_types(text) for text in corpus["text"]]
    if window == 2:
        finder = BigramCollocationFinder.from_documents(docs)
    else:  # one finder over all documents, separated by a run of padding longer than the window
        pad = [None] * window
        finder = BigramCollocationFinder.from_words([w for d in docs for w in (*d, *pad)], window_size=window)
        finder.apply_ngram_filter(lambda w1, w2: w1 is None or w2 is None)
    finder.apply_freq_filter(min_freq)
    if drop_function_words:
        stop = function_words()
        finder.apply_word_filter(lambda w: w in stop or w.isdigit())
    if term is not None:
        key = term.lower()
        finder.apply_ngram_filter(lambda w1, w2: key not in (w1, w2))
    scorer = getattr(BigramAssocMeasures, "pmi" if measure == "pmi" else "likelihood_ratio")
    scored = finder.score_ngrams(scorer)
    rows = [(w1, w2, finder.ngram_fd[(w1, w2)], score) for (w1, w2), score in scored[:top]]
    out = pd.DataFrame(rows, columns=["w1", "w2", "freq", "score"])
    out["measure"] = measure
    return out


def cooccurrence(matches: pd.DataFrame, level: str = "category", unit: str = "sent_id",
                 include_negated: bool = False) -> pd.DataFrame:
    """How many units (sentences by default, or documents with ``unit="doc_id"``) hold both labels.

    The diagonal counts units holding the label at all. Labels are ``lexicon:category``
    (or ``lexicon`` with ``level="lexicon"``). As in :func:`framing.metrics.score`, only affirmed
    hits count unless ``include_negated=True`` (a table without ``negated`` has none). The "land
    for security" frame is the cell (``concession``, ``security``) at ``level="lexicon"``.

    >>> m = pd.DataFrame({"doc_id": ["a", "a", "a", "a"], "sent_id": [0, 0, 1, 1], "lexicon": ["h", "s", "h", "s"],
    ...                   "category": ["modal", "nato", "modal", "nato"], "negated": [False, False, False, True]})
    >>> cooccurrence(m).values.tolist()
    [[2, 1], [1, 1]]
    >>> cooccurrence(m, include_negated=True).values.tolist()
    [[2, 2], [2, 2]]
    """
    if level not in ("category", "lexicon"):
        raise ParameterError(value_invalid_msg("level", level, ["category", "lexicon"]))
    if unit not in ("sent_id", "doc_id"):
        raise ParameterError(value_invalid_msg("unit", unit, ["sent_id", "doc_id"]))
    if not include_negated and "negated" in matches.columns:
        matches = matches[~matches["negated"].astype(bool)]
    labels = (matches["lexicon"].astype(str) + ":" + matches["category"].astype(str) if level == "category"
              else matches["lexicon"].astype(str))
    keys = ["doc_id"] if unit == "doc_id" else ["doc_id", "sent_id"]
    presence = pd.crosstab([matches[k] for k in keys], labels).clip(upper=1)
    table = presence.T @ presence
    table.index.name, table.columns.name = ("lexicon:category" if level == "category" else "lexicon"), None
    return table.astype(int)


MODEL_COLUMNS = ["lexicon", "covariate", "level", "reference", "rate_ratio", "ci_low", "ci_high", "p", "n_docs",
                 "family", "se", "note"]


def _independent_columns(X: pd.DataFrame) -> list:
    """The design columns, in order, that are not linear combinations of the ones kept before them."""
    kept: list = []
    for col in X.columns:
        if np.linalg.matrix_rank(X[[*kept, col]].to_numpy(float)) > len(kept):
            kept.append(col)
    return kept


def _fit_count_model(sm, y: np.ndarray, X: pd.DataFrame, offset: np.ndarray, family: str, fit_kw: dict):
    """``(params, bse, pvalues)`` of one count model, or why it could not be fitted (a string)."""
    import warnings

    with warnings.catch_warnings():  # convergence and separation warnings: the row's note says it instead
        warnings.simplefilter("ignore")
        try:
            if family == "poisson":
                result = sm.GLM(y, X, family=sm.families.Poisson(), offset=offset).fit(**fit_kw)
                return result.params, result.bse, result.pvalues
            result = sm.NegativeBinomial(y, X, offset=offset).fit(disp=0, maxiter=200, **fit_kw)
            return result.params.drop("alpha"), result.bse.drop("alpha"), result.pvalues.drop("alpha")
        except (np.linalg.LinAlgError, ValueError) as exc:
            return f"not fitted: {type(exc).__name__}: {exc}"


MODEL_FAMILIES = ("poisson", "negbin")  # the count models of rate_model
MODEL_PERIODS = {"": None, "month": "M", "year": "Y", "week": "W"}  # its period covariates ("": none), as pandas periods


def rate_model(scores: pd.DataFrame, lexicons: list[str], group_col: str, covariates: Sequence[str] = (),
               reference=None, family: str = "poisson", period: str = "", date_col: str = "published",
               cluster_col: str | None = None, level: float = 0.95) -> pd.DataFrame:
    """Rates compared with a count model: hits ~ group + covariates, with ``log(n_tokens)`` as offset.

    One model per lexicon (statsmodels): ``family="poisson"`` (a GLM with robust, sandwich
    standard errors, so overdispersion does not shrink the intervals) or ``"negbin"`` (negative
    binomial, its dispersion estimated). Covariates are any score columns (text columns become
    categories, numbers stay numbers); ``period="month"`` (or ``"year"``, ``"week"``) adds the
    publication period of ``date_col`` as a category. ``cluster_col`` (e.g. ``dup_cluster`` or
    ``outlet``) gives cluster-robust standard errors. Each row is a rate ratio (``exp`` of a
    coefficient) against the ``reference`` level (groups: the first level; other categories:
    the most frequent level) with its interval, holding the other covariates fixed: compare it
    with :func:`compare_groups`'s bootstrap. A level the data cannot estimate (no hits in it, so
    the coefficient runs off to infinity) or a covariate level collinear with those before it gets
    empty estimates and a ``note`` saying why, rather than a huge number or an error.

    >>> rng = np.random.default_rng(0)
    >>> scores = pd.DataFrame({"g": ["a", "b"] * 200, "n_tokens": rng.integers(200, 800, 400)})
    >>> scores["hedging_count"] = rng.poisson(scores["n_tokens"] / 1000 * np.where(scores["g"] == "b", 6.0, 3.0))
    >>> row = rate_model(scores, ["hedging"], "g").iloc[0]
    >>> row["level"], row["reference"], bool(row["ci_low"] < 2.0 < row["ci_high"])
    ('b', 'a', True)
    """
    import statsmodels.api as sm

    if family not in MODEL_FAMILIES:
        raise ParameterError(value_invalid_msg("family", family, list(MODEL_FAMILIES)))
    periods = MODEL_PERIODS
    if period not in periods:
        raise ParameterError(value_invalid_msg("period", period, [p for p in periods if p]))
    needed = [group_col, "n_tokens", *covariates, *(f"{lex}_count" for lex in lexicons)]
    _require(scores, needed + ([date_col] if period else []) + ([cluster_col] if cluster_col else []), "scores")
    data = scores[scores["n_tokens"] > 0].copy()
    design_cols = [group_col, *covariates]
    if period and not data[date_col].notna().any():
        raise ParameterError(f"parameter 'period' = {period!r}: column {date_col!r} holds no dates; "
                             "pass period='' to leave the period out of the model")
    if period:
        data = data[data[date_col].notna()]
        stamps = data[date_col]
        if getattr(stamps.dt, "tz", None) is not None:
            stamps = stamps.dt.tz_convert("UTC").dt.tz_localize(None)
        data["period"] = stamps.dt.to_period(periods[period]).astype(str)
        design_cols.append("period")
    data = data.dropna(subset=design_cols + ([cluster_col] if cluster_col else []))
    groups = sorted(data[group_col].unique(), key=str)
    if reference is not None and reference not in groups:
        raise ParameterError(value_invalid_msg("reference", reference, [str(g) for g in groups]))
    parts, refs = [], {}
    for col in design_cols:
        values = data[col]
        if pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values) and col != group_col:
            parts.append(values.astype(float).rename(col).to_frame())
            continue
        levels = sorted(values.astype(str).unique())
        ref = levels[0] if col == group_col else values.astype(str).value_counts().sort_index().idxmax()
        ref = str(reference) if col == group_col and reference is not None else ref
        refs[col] = ref
        dummies = pd.get_dummies(values.astype(str), dtype=float).drop(columns=[ref])
        parts.append(dummies.add_prefix(f"{col}\x1f"))
    X = sm.add_constant(pd.concat(parts, axis=1), has_constant="add")
    offset = np.log(data["n_tokens"].to_numpy(float))
    fit_kw: dict = ({"cov_type": "cluster", "cov_kwds": {"groups": pd.factorize(data[cluster_col])[0]}}
                    if cluster_col else {"cov_type": "HC0"})
    z = NormalDist().inv_cdf(0.5 + level / 2)
    kept = _independent_columns(X)
    rows = []
    for lex in lexicons:
        y = data[f"{lex}_count"].to_numpy(float)
        fitted = _fit_count_model(sm, y, X[kept], offset, family, fit_kw)
        for name in X.columns[1:]:
            col, _, lv = str(name).partition("\x1f")
            note = ("collinear with the covariates before it" if name not in kept
                    else fitted if isinstance(fitted, str) else "")
            if not note:
                params, ses, pvalues = fitted
                # a level with no hits (or only hits) has no finite estimate: its row says so, empty
                if not (np.isfinite(ses[name]) and ses[name] < 10 and abs(params[name]) < 20):
                    note = "not estimable (no hits, or only hits, in this level)"
            coef, se, p = (np.nan, np.nan, np.nan) if note else (float(params[name]), float(ses[name]),
                                                                float(pvalues[name]))
            rows.append({"lexicon": lex, "covariate": col, "level": lv if lv else "(per unit)",
                         "reference": refs.get(col, ""), "rate_ratio": np.exp(coef),
                         "ci_low": np.exp(coef - z * se), "ci_high": np.exp(coef + z * se), "p": p,
                         "n_docs": len(data), "family": family,
                         "se": f"cluster-robust by {cluster_col}" if cluster_col else "robust (HC0)", "note": note})
    return pd.DataFrame(rows, columns=MODEL_COLUMNS)



RATIO_COLUMNS = ["lexicon", "group", "reference", "rate", "rate_reference", "diff", "diff_low", "diff_high",
                 "ratio", "ratio_low", "ratio_high", "model_ratio", "model_low", "model_high", "model_p"]


def ratio_table(compare: pd.DataFrame, model: pd.DataFrame, group_col: str) -> pd.DataFrame:
    """Each group against the reference: the bootstrap difference and ratio (:func:`compare_groups`
    with ``reference``) beside the count model's rate ratio (:func:`rate_model`, adjusted for its
    covariates). Pairs the model does not estimate get empty model columns.

    >>> cmp = pd.DataFrame({"lexicon": ["h"], "group_a": ["b"], "group_b": ["a"], "rate_a": [2.0], "rate_b": [1.0],
    ...     "diff": [1.0], "diff_low": [0.5], "diff_high": [1.5], "ratio": [2.0], "ratio_low": [1.5], "ratio_high": [2.5]})
    >>> mod = pd.DataFrame({"lexicon": ["h"], "covariate": ["g"], "level": ["b"], "reference": ["a"],
    ...     "rate_ratio": [1.9], "ci_low": [1.4], "ci_high": [2.6], "p": [0.001]})
    >>> ratio_table(cmp, mod, "g")[["group", "ratio", "model_ratio"]].values.tolist()
    [['b', 2.0, 1.9]]
    """
    fitted = model[model["covariate"] == group_col].rename(columns={
        "level": "group_a", "reference": "group_b", "rate_ratio": "model_ratio", "ci_low": "model_low",
        "ci_high": "model_high", "p": "model_p"})
    cmp = compare.assign(group_a=compare["group_a"].astype(str), group_b=compare["group_b"].astype(str))
    out = cmp.merge(fitted[["lexicon", "group_a", "group_b", "model_ratio", "model_low", "model_high", "model_p"]],
                    on=["lexicon", "group_a", "group_b"], how="left")
    out = out.rename(columns={"group_a": "group", "group_b": "reference", "rate_a": "rate", "rate_b": "rate_reference"})
    return out[RATIO_COLUMNS]
