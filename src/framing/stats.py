"""Statistics over per-document scores: rates with bootstrap intervals, monthly series.

Rates are pooled: total hits per 1,000 total tokens in a group. Intervals resample documents
with replacement (percentile bootstrap, fixed seed), so they are reproducible.

>>> import pandas as pd
>>> scores = pd.DataFrame({"outlet": ["a", "a", "b"], "n_tokens": [100, 100, 200],
...                        "hedging_count": [1, 3, 2]})
>>> rates_by_group(scores, "outlet", ["hedging"], n_boot=200)[["group", "lexicon", "rate", "n_docs"]]
  group  lexicon  rate  n_docs
0     a  hedging  20.0       2
1     b  hedging  10.0       1
"""

from __future__ import annotations

import numpy as np
import pandas as pd

RATE_COLUMNS = ["group", "lexicon", "rate", "ci_low", "ci_high", "count", "n_tokens", "n_docs"]


def bootstrap_rate(counts: np.ndarray, tokens: np.ndarray, n_boot: int = 1000, seed: int = 0,
                   level: float = 0.95) -> tuple[float, float, float]:
    """Pooled rate per 1,000 tokens and its percentile bootstrap interval (resampling documents)."""
    counts, tokens = np.asarray(counts, float), np.asarray(tokens, float)
    total = tokens.sum()
    rate = counts.sum() * 1000.0 / total if total else np.nan
    if len(counts) < 2 or not total:
        return rate, np.nan, np.nan
    rng = np.random.default_rng(seed)
    idx = rng.integers(0, len(counts), size=(n_boot, len(counts)))
    tok = tokens[idx].sum(axis=1)
    boots = np.divide(counts[idx].sum(axis=1) * 1000.0, tok, out=np.full(n_boot, np.nan), where=tok > 0)
    alpha = (1 - level) / 2
    low, high = np.nanquantile(boots, [alpha, 1 - alpha])
    return rate, float(low), float(high)


def rates_by_group(scores: pd.DataFrame, group_col: str, lexicons: list[str], n_boot: int = 1000,
                   seed: int = 0, level: float = 0.95) -> pd.DataFrame:
    """Rate of each lexicon per group with a bootstrap interval: one row per (group, lexicon)."""
    rows = []
    for group, part in scores.groupby(group_col, sort=True, observed=True):
        for lex in lexicons:
            rate, low, high = bootstrap_rate(part[f"{lex}_count"].to_numpy(), part["n_tokens"].to_numpy(),
                                             n_boot=n_boot, seed=seed, level=level)
            rows.append({"group": group, "lexicon": lex, "rate": rate, "ci_low": low, "ci_high": high,
                         "count": int(part[f"{lex}_count"].sum()), "n_tokens": int(part["n_tokens"].sum()),
                         "n_docs": len(part)})
    return pd.DataFrame(rows, columns=RATE_COLUMNS)


def monthly_rates(scores: pd.DataFrame, date_col: str, group_col: str, lexicons: list[str],
                  n_boot: int = 1000, seed: int = 0) -> pd.DataFrame:
    """Rates per calendar month and group, with bootstrap intervals; adds a ``month`` column."""
    dated = scores.dropna(subset=[date_col]).copy()
    dated["month"] = dated[date_col].dt.tz_convert("UTC").dt.tz_localize(None).dt.to_period("M").dt.to_timestamp()
    parts = []
    for month, part in dated.groupby("month", sort=True):
        table = rates_by_group(part, group_col, lexicons, n_boot=n_boot, seed=seed)
        table.insert(0, "month", month)
        parts.append(table)
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=["month", *RATE_COLUMNS])
