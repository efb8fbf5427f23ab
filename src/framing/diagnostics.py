"""Term diagnostics: is a lexicon's group difference carried by the lexicon, or by one or two terms?

- :func:`term_shares`: each term's share of a lexicon's (affirmed) hits, per group.
- :func:`leave_one_term_out`: the group comparison (:func:`framing.stats.compare_groups`)
  recomputed without each of the top terms, flagging a term whose removal flips the sign of a
  difference or makes its interval cross zero.
- :func:`term_precision`: per-term precision against a coded sample (a gold table).

>>> import pandas as pd
>>> matches = pd.DataFrame({"doc_id": ["a", "a", "b"], "lexicon": ["hedging"] * 3,
...                         "term": ["would", "may", "may"], "negated": [False] * 3})
>>> docs = pd.DataFrame({"doc_id": ["a", "b"], "outlet": ["x", "y"]})
>>> term_shares(matches, docs, "outlet", "hedging")[["group", "term", "hits", "share"]].values.tolist()
[['x', 'may', 1, 0.5], ['x', 'would', 1, 0.5], ['y', 'may', 1, 1.0]]
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .errors import ParameterError
from .stats import compare_groups

SHARE_COLUMNS = ["lexicon", "group", "term", "hits", "share"]
LOTO_COLUMNS = ["lexicon", "term", "group_a", "group_b", "diff", "diff_low", "diff_high", "diff_without",
                "diff_low_without", "diff_high_without", "flips_sign", "loses_significance", "flag"]


def _require(table: pd.DataFrame, columns: list[str], what: str) -> None:
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise ParameterError(f"{what} has no column(s) {missing}; it has {list(table.columns)}")


def _affirmed(matches: pd.DataFrame, lexicon: str, include_negated: bool) -> pd.DataFrame:
    _require(matches, ["doc_id", "lexicon", "term", "negated"], "matches")
    m = matches[matches["lexicon"] == lexicon]
    return m if include_negated else m[~m["negated"].astype(bool)]


def term_shares(matches: pd.DataFrame, docs: pd.DataFrame, group_col: str, lexicon: str,
                include_negated: bool = False) -> pd.DataFrame:
    """Per group and term: ``hits`` and ``share`` of the lexicon's hits in that group (affirmed
    hits only, as the ``<lexicon>_count`` score columns count them, unless ``include_negated``).
    Sorted by group, then share (largest first)."""
    _require(docs, ["doc_id", group_col], "docs")
    m = _affirmed(matches, lexicon, include_negated).merge(docs[["doc_id", group_col]], on="doc_id", how="inner")
    if not len(m):
        return pd.DataFrame(columns=SHARE_COLUMNS)
    counts = m.groupby([group_col, "term"]).size().rename("hits").reset_index()
    counts["share"] = counts["hits"] / counts.groupby(group_col)["hits"].transform("sum")
    counts = counts.rename(columns={group_col: "group"}).assign(lexicon=lexicon)
    counts = counts.sort_values(["group", "share", "term"], ascending=[True, False, True], kind="stable")
    return counts[SHARE_COLUMNS].reset_index(drop=True)


def most_hit_terms(matches: pd.DataFrame, lexicon: str, n: int = 10, include_negated: bool = False) -> list[str]:
    """The ``n`` terms with the most hits of ``lexicon`` (ties by name)."""
    m = _affirmed(matches, lexicon, include_negated)
    counts = m.groupby("term").size()
    return sorted(counts.index, key=lambda t: (-counts[t], t))[:n]


def leave_one_term_out(scores: pd.DataFrame, matches: pd.DataFrame, group_col: str, lexicon: str,
                       terms: list[str] | None = None, top: int = 10, reference=None, n_boot: int = 1000,
                       seed: int = 0, level: float = 0.95) -> pd.DataFrame:
    """The group comparison of ``lexicon`` recomputed without each term (default: the ``top`` terms).

    ``scores`` is a doc-level score table (``doc_id``, ``group_col``, ``n_tokens``,
    ``<lexicon>_count``); ``matches`` its match table. For each term and pair of groups: the
    difference (per 1,000 tokens) with all terms and without the term, with intervals;
    ``flips_sign`` when the difference changes sign, ``loses_significance`` when an interval that
    excluded zero now includes it; ``flag`` when either holds. Tokens stay as they are (removing
    a term removes hits, not words).

    >>> scores = pd.DataFrame({"doc_id": list("abcd"), "g": ["x", "x", "y", "y"], "n_tokens": [100] * 4,
    ...                        "hedging_count": [5, 6, 1, 1]})
    >>> matches = pd.DataFrame({"doc_id": ["a"] * 5 + ["b"] * 6 + ["c", "d"], "lexicon": "hedging",
    ...     "term": ["would"] * 11 + ["may", "may"], "negated": False})
    >>> loto = leave_one_term_out(scores, matches, "g", "hedging", n_boot=200)
    >>> loto[["term", "diff", "diff_without", "flips_sign", "flag"]].to_dict("records")[0]
    {'term': 'would', 'diff': 45.0, 'diff_without': -10.0, 'flips_sign': True, 'flag': True}
    """
    col = f"{lexicon}_count"
    _require(scores, ["doc_id", group_col, "n_tokens", col], "scores")
    chosen = terms if terms is not None else most_hit_terms(matches, lexicon, top)
    m = _affirmed(matches, lexicon, False)
    base = compare_groups(scores, group_col, [lexicon], reference=reference, n_boot=n_boot, seed=seed, level=level)
    rows = []
    for term in chosen:
        per_doc = m[m["term"] == term].groupby("doc_id").size()
        without = scores.assign(**{col: scores[col] - scores["doc_id"].map(per_doc).fillna(0).astype(scores[col].dtype)})
        cmp = compare_groups(without, group_col, [lexicon], reference=reference, n_boot=n_boot, seed=seed, level=level)
        for (_, b), (_, w) in zip(base.iterrows(), cmp.iterrows()):
            excluded_zero = b["diff_low"] > 0 or b["diff_high"] < 0
            now_includes = w["diff_low"] <= 0 <= w["diff_high"]
            flips = bool(np.sign(b["diff"]) != np.sign(w["diff"]) and b["diff"] != 0)
            loses = bool(excluded_zero and now_includes)
            rows.append({"lexicon": lexicon, "term": term, "group_a": b["group_a"], "group_b": b["group_b"],
                         "diff": b["diff"], "diff_low": b["diff_low"], "diff_high": b["diff_high"],
                         "diff_without": w["diff"], "diff_low_without": w["diff_low"],
                         "diff_high_without": w["diff_high"], "flips_sign": flips, "loses_significance": loses,
                         "flag": flips or loses})
    return pd.DataFrame(rows, columns=LOTO_COLUMNS)


def term_precision(gold: pd.DataFrame, lexicon, label: str, text_col: str = "text",
                   include_negated: bool = True) -> pd.DataFrame:
    """Per term: in how many coded sentences it hits (``n``), how many of those are coded 1
    (``tp``) and ``precision`` = tp / n, most frequent first. ``gold`` is a coded sample (one
    sentence a row, 0/1 column ``label``); use a held-out part for out-of-sample precision.

    >>> gold = pd.DataFrame({"text": ["It may rain.", "Talks in May.", "It might rain."], "y": [1, 0, 0]})
    >>> term_precision(gold, "hedging", "y").to_dict("records")
    [{'term': 'may', 'n': 1, 'tp': 1, 'precision': 1.0}, {'term': 'might', 'n': 1, 'tp': 0, 'precision': 0.0}]
    """
    from .validate import gold_matches

    _require(gold, [text_col, label], "gold")
    matches = gold_matches(gold[text_col].fillna("").astype(str).tolist(), lexicon)
    if not include_negated:
        matches = matches[~matches["negated"].astype(bool)]
    return precision_by_term(matches, pd.Series(gold[label].astype(bool).to_numpy()))


def precision_by_term(matches: pd.DataFrame, truth: pd.Series) -> pd.DataFrame:
    """Per term of a match table: the coded units it hits (``n``), how many of them are coded 1
    (``tp``) and ``precision`` = tp / n, most frequent first. ``truth`` is the 0/1 code of each
    unit, indexed by the match table's ``doc_id``.

    >>> m = pd.DataFrame({"doc_id": ["a", "a", "b"], "term": ["may", "may", "may"]})
    >>> precision_by_term(m, pd.Series({"a": 1, "b": 0})).to_dict("records")
    [{'term': 'may', 'n': 2, 'tp': 1, 'precision': 0.5}]
    """
    per = matches[["doc_id", "term"]].drop_duplicates()
    per = per.assign(tp=truth.astype(bool).reindex(per["doc_id"]).to_numpy())
    out = per.groupby("term").agg(n=("tp", "size"), tp=("tp", "sum")).reset_index()
    out["tp"] = out["tp"].astype(int)
    out["precision"] = out["tp"] / out["n"]
    return out.sort_values(["n", "term"], ascending=[False, True], kind="stable").reset_index(drop=True)


def term_report(scores: pd.DataFrame, matches: pd.DataFrame, group_col: str, lexicons: list[str], top: int = 5,
                n_boot: int = 1000, seed: int = 0) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The term diagnostics a report shows beside its rates, for every lexicon: the ``top`` terms'
    shares of each group's affirmed hits (:func:`term_shares`), and the comparison without each of
    the ``top`` terms (:func:`leave_one_term_out`; ``flag`` marks a term the conclusion rests on).

    >>> scores = pd.DataFrame({"doc_id": list("abcd"), "g": ["x", "x", "y", "y"], "n_tokens": [100] * 4,
    ...                        "hedging_count": [5, 6, 1, 1]})
    >>> matches = pd.DataFrame({"doc_id": ["a"] * 5 + ["b"] * 6 + ["c", "d"], "lexicon": "hedging",
    ...     "term": ["would"] * 11 + ["may", "may"], "negated": False})
    >>> shares, loto = term_report(scores, matches, "g", ["hedging"], n_boot=100)
    >>> shares["term"].tolist(), loto["flag"].tolist()
    (['would', 'may'], [True, False])
    """
    docs = scores[["doc_id", group_col]]
    shares = [term_shares(matches, docs, group_col, lex).groupby("group", sort=False).head(top) for lex in lexicons]
    loto = [leave_one_term_out(scores, matches, group_col, lex, top=top, n_boot=n_boot, seed=seed) for lex in lexicons]
    shares_table = pd.concat(shares, ignore_index=True) if shares else pd.DataFrame(columns=SHARE_COLUMNS)
    loto_table = pd.concat(loto, ignore_index=True) if loto else pd.DataFrame(columns=LOTO_COLUMNS)
    return shares_table, loto_table
