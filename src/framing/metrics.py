"""Turn matches into metrics per document or per sentence: counts, negated counts, rates, presence.

Columns of :func:`score`, for each lexicon ``L`` (in the order given): ``L_count`` (affirmed
hits), ``L_negated`` (negated hits), ``L_per_1k`` (affirmed hits per 1,000 tokens), then
``L.<category>_count`` (affirmed hits per category). Scoring is a pure function of (text,
compiled lexicons) per document, so ``jobs=N`` spreads documents over N processes with the same
result.

>>> import pandas as pd
>>> from framing.lexicons import load_lexicons
>>> corpus = pd.DataFrame({"doc_id": ["a"], "text": ["Talks may resume and are not likely to fail."]})
>>> row = score(corpus, load_lexicons(["hedging"])).iloc[0]
>>> int(row["n_tokens"]), int(row["hedging_count"]), int(row["hedging_negated"]), float(row["hedging_per_1k"])
(9, 1, 1, 111.11111111111111)
"""

from __future__ import annotations

import bisect
import os
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from itertools import combinations

import numpy as np
import pandas as pd

from .errors import ParameterError, value_invalid_msg
from .lexicons import Lexicon
from .match import Matcher, compile_lexicons
from .text import WORD_RE, count_tokens, sentence_spans

LEVELS = ("doc", "sentence")


def score_columns(lexicons: Sequence[Lexicon]) -> list[str]:
    """The metric columns :func:`score` writes for these lexicons, in order.

    >>> from framing.lexicons import load_lexicons
    >>> score_columns(load_lexicons(["security"]))[:4]
    ['security_count', 'security_negated', 'security_per_1k', 'security.guarantees_count']
    """
    cols = []
    for lex in lexicons:
        cols += [f"{lex.name}_count", f"{lex.name}_negated", f"{lex.name}_per_1k"]
        cols += [f"{lex.name}.{cat}_count" for cat in lex.categories]
    return cols


def _layout(matcher: Matcher) -> tuple[list[str], list[tuple[int, int, int]], list[tuple[int, int, int]]]:
    """Count columns, and per entry (count col, negated col, category col); per lexicon (count, tokens, rate)."""
    cols: list[str] = []
    lex_cols = []
    cat_col: dict[tuple[int, str], int] = {}
    for li, lex in enumerate(matcher.lexicons):
        base = len(cols)
        cols += [f"{lex.name}_count", f"{lex.name}_negated"]
        for cat in lex.categories:
            cat_col[(li, cat)] = len(cols)
            cols.append(f"{lex.name}.{cat}_count")
        lex_cols.append((base, base + 1, li))
    entry_cols = [(lex_cols[e.lex][0], lex_cols[e.lex][1], cat_col[(e.lex, e.category)]) for e in matcher.entries]
    return cols, entry_cols, lex_cols


def score_text(text: str, matcher: Matcher, level: str = "doc") -> list[tuple[int, int, list[int]]]:
    """Pure per-document scoring: ``[(sent_id, n_tokens, counts)]`` (one row at doc level, sent_id -1).

    ``counts`` follows the count columns of the matcher's layout (affirmed, negated, categories).
    """
    cols, entry_cols, _ = _layout_cached(matcher)
    hits = matcher.hits(text)
    if level == "doc":
        counts = [0] * len(cols)
        for _, _, idx, neg in hits:
            _count_hit(counts, entry_cols[idx], neg)
        return [(-1, count_tokens(text), counts)]
    spans = sentence_spans(text) or [(0, len(text))]  # an empty document keeps one (empty) row
    starts = [s for s, _ in spans]
    rows = [(i, len(WORD_RE.findall(text, s, e)), [0] * len(cols)) for i, (s, e) in enumerate(spans)]
    for start, _, idx, neg in hits:
        _count_hit(rows[max(bisect.bisect_right(starts, start) - 1, 0)][2], entry_cols[idx], neg)
    return rows


def _count_hit(counts: list[int], cols: tuple[int, int, int], negated: bool) -> None:
    """Add one hit to a row of counts: its negated column, or its lexicon and category columns."""
    count_col, negated_col, category_col = cols
    if negated:
        counts[negated_col] += 1
    else:
        counts[count_col] += 1
        counts[category_col] += 1


def _layout_cached(matcher: Matcher):
    lay = matcher.__dict__.get("_layout")
    if lay is None:
        lay = matcher.__dict__["_layout"] = _layout(matcher)
    return lay


_WORKER: dict = {}


def _init_worker(lexicons: tuple[Lexicon, ...]) -> None:
    _WORKER["matcher"] = compile_lexicons(lexicons)


def _score_chunk(args: tuple[list[str], str]) -> list[list[tuple[int, int, list[int]]]]:
    texts, level = args
    return [score_text(t, _WORKER["matcher"], level) for t in texts]


def _frame(doc_ids: Sequence, results: list, matcher: Matcher, level: str) -> pd.DataFrame:
    cols, _, lex_cols = _layout_cached(matcher)
    ids, sent_ids, tokens, counts = [], [], [], []
    for doc_id, rows in zip(doc_ids, results):
        for sent_id, n_tok, c in rows:
            ids.append(doc_id)
            sent_ids.append(sent_id)
            tokens.append(n_tok)
            counts.append(c)
    arr = np.array(counts, dtype=np.int64).reshape(len(counts), len(cols))
    out = {"doc_id": ids}
    if level == "sentence":
        out["sent_id"] = sent_ids
    out["n_tokens"] = np.array(tokens, dtype=np.int64)
    table = pd.DataFrame(out)
    for lex, (c, n, _) in zip(matcher.lexicons, lex_cols):
        table[f"{lex.name}_count"] = arr[:, c]
        table[f"{lex.name}_negated"] = arr[:, n]
        table[f"{lex.name}_per_1k"] = rate_per_1k(table[f"{lex.name}_count"], table["n_tokens"])
        for cat in lex.categories:
            name = f"{lex.name}.{cat}_count"
            table[name] = arr[:, cols.index(name)]
    return table


def _from_matches(corpus: pd.DataFrame, lexicons: list[Lexicon], matches: pd.DataFrame, level: str) -> pd.DataFrame:
    keys = ["doc_id"] if level == "doc" else ["doc_id", "sent_id"]
    if level == "doc":
        base = pd.DataFrame({"doc_id": corpus["doc_id"].to_numpy(),
                             "n_tokens": [count_tokens(t) for t in corpus["text"]]})
    else:
        rows = [(d, i, len(WORD_RE.findall(t, s, e))) for d, t in zip(corpus["doc_id"], corpus["text"])
                for i, (s, e) in enumerate(sentence_spans(t) or [(0, len(t))])]
        base = pd.DataFrame(rows, columns=["doc_id", "sent_id", "n_tokens"])
    m = matches.copy()
    if "negated" not in m:
        m["negated"] = False
    m["negated"] = m["negated"].astype(bool)
    for lex in lexicons:
        own = m[m["lexicon"] == lex.name]
        aff, neg = own[~own["negated"]], own[own["negated"]]
        base[f"{lex.name}_count"] = _lookup(base, keys, aff.groupby(keys).size())
        base[f"{lex.name}_negated"] = _lookup(base, keys, neg.groupby(keys).size())
        base[f"{lex.name}_per_1k"] = rate_per_1k(base[f"{lex.name}_count"], base["n_tokens"])
        for cat in lex.categories:
            base[f"{lex.name}.{cat}_count"] = _lookup(base, keys, aff[aff["category"] == cat].groupby(keys).size())
    return base


def _lookup(base: pd.DataFrame, keys: list[str], counts: pd.Series) -> np.ndarray:
    if counts.empty:
        return np.zeros(len(base), dtype=np.int64)
    idx = pd.MultiIndex.from_frame(base[keys]) if len(keys) > 1 else pd.Index(base[keys[0]])
    return counts.reindex(idx).fillna(0).astype(np.int64).to_numpy()


def score(corpus: pd.DataFrame, lexicons: Iterable[Lexicon], matches: pd.DataFrame | None = None,
          level: str = "doc", jobs: int = 1) -> pd.DataFrame:
    """One row per document (``level="doc"``) or sentence (``"sentence"``, adds ``sent_id``).

    Columns: ``doc_id``, [``sent_id``], ``n_tokens``, then per lexicon ``L_count`` (affirmed),
    ``L_negated``, ``L_per_1k`` and ``L.<category>_count``. Pass ``matches`` (from
    :func:`framing.find_matches`) to count a match table already computed; ``jobs`` > 1 scores
    documents in that many processes (``0`` = one per CPU) with identical results.
    """
    lexicons = list(lexicons)
    if level not in LEVELS:
        raise ParameterError(value_invalid_msg("level", level, LEVELS))
    if not isinstance(jobs, int) or jobs < 0:
        raise ParameterError(value_invalid_msg("jobs", jobs, "a whole number >= 0 (0 = one per CPU)"))
    if matches is not None:
        return _from_matches(corpus, lexicons, matches, level)
    matcher = compile_lexicons(tuple(lexicons))
    texts = corpus["text"].tolist()
    jobs = jobs or os.cpu_count() or 1
    if jobs == 1 or len(texts) < 2 * jobs:
        results = [score_text(t, matcher, level) for t in texts]
    else:
        size = max(1, min(256, len(texts) // (jobs * 4)))
        chunks = [(texts[i:i + size], level) for i in range(0, len(texts), size)]
        with ProcessPoolExecutor(jobs, initializer=_init_worker, initargs=(tuple(lexicons),)) as pool:
            results = [r for part in pool.map(_score_chunk, chunks) for r in part]
    return _frame(corpus["doc_id"].tolist(), results, matcher, level)


def rate_per_1k(count: pd.Series, n_tokens: pd.Series) -> pd.Series:
    """Hits per 1,000 tokens (0 for empty documents, never a division by zero)."""
    return (count * 1000.0 / n_tokens.where(n_tokens > 0)).fillna(0.0)


def presence(scores: pd.DataFrame, lexicons: Iterable[Lexicon | str]) -> pd.DataFrame:
    """``L_present`` (any affirmed hit) per row of a score table, next to its id columns.

    >>> presence(pd.DataFrame({"doc_id": ["a", "b"], "hedging_count": [2, 0]}), ["hedging"])
      doc_id  hedging_present
    0      a             True
    1      b            False
    """
    names = [x if isinstance(x, str) else x.name for x in lexicons]
    ids = [c for c in ("doc_id", "sent_id") if c in scores]
    out = scores[ids].copy()
    for name in names:
        out[f"{name}_present"] = scores[f"{name}_count"] > 0
    return out


def cooccurrence(matches: pd.DataFrame, by: str = "lexicon", include_negated: bool = False) -> pd.DataFrame:
    """How many sentences (and documents) hold both of two lexicons (or ``lexicon.category`` pairs).

    The "land for security" frame is the row ``a="concession", b="security"``.

    >>> m = pd.DataFrame({"doc_id": ["d", "d", "d"], "sent_id": [0, 0, 1], "negated": [False] * 3,
    ...                   "lexicon": ["concession", "security", "security"], "category": ["cede", "alliance", "alliance"]})
    >>> cooccurrence(m).to_dict("records")
    [{'a': 'concession', 'b': 'security', 'n_sentences': 1, 'n_docs': 1}]
    """
    if by not in ("lexicon", "category"):
        raise ParameterError(value_invalid_msg("by", by, ["lexicon", "category"]))
    m = matches if include_negated or "negated" not in matches else matches[~matches["negated"].astype(bool)]
    label = m["lexicon"] if by == "lexicon" else m["lexicon"] + "." + m["category"]
    per_sent = pd.DataFrame({"doc_id": m["doc_id"], "sent_id": m["sent_id"], "label": label}).drop_duplicates()
    pairs: dict[tuple[str, str], list] = {}
    for (doc_id, sent_id), part in per_sent.groupby(["doc_id", "sent_id"], sort=False):
        for a, b in combinations(sorted(part["label"]), 2):
            pairs.setdefault((a, b), []).append(doc_id)
    rows = [{"a": a, "b": b, "n_sentences": len(docs), "n_docs": len(set(docs))} for (a, b), docs in pairs.items()]
    out = pd.DataFrame(rows, columns=["a", "b", "n_sentences", "n_docs"])
    return out.sort_values(["n_sentences", "a", "b"], ascending=[False, True, True], ignore_index=True)
