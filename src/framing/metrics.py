"""Turn matches into metrics per document or per sentence: counts, negated counts, rates, presence.

Columns of :func:`score`, for each lexicon ``L`` (in the order given): ``L_count`` (affirmed
hits), ``L_negated`` (negated hits), ``L_per_1k`` (affirmed hits per 1,000 tokens), then
``L.<category>_count`` (affirmed hits per category). Scoring is a pure function of (text,
compiled lexicons) per document, so ``jobs=N`` spreads documents over N processes with the same
result. Each document is scored with the version of each lexicon in its language
(:mod:`framing.match.languages`: the corpus's ``language`` column, else detected; ``language=``
forces one); the columns keep their names whichever version scored a row.

>>> import pandas as pd
>>> from framing.lexicons import load_lexicons
>>> corpus = pd.DataFrame({"doc_id": ["a"], "text": ["Talks may resume and are not likely to fail."]})
>>> row = score(corpus, load_lexicons(["hedging"])).iloc[0]
>>> int(row["n_tokens"]), int(row["hedging_count"]), int(row["hedging_negated"]), float(row["hedging_per_1k"])
(9, 1, 1, 111.11111111111111)
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import partial
from itertools import chain
from operator import attrgetter, itemgetter

import numpy as np
import pandas as pd

from .chars import Batch, span_token_counts, token_counts
from .errors import ParameterError, value_invalid_msg
from .lexicons import Lexicon
from .match import Matcher, batches, compile_lexicons
from .match.languages import by_language
from .pool import map_chunks, resolve_jobs
from .text import sentence_spans

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


def _layout(matcher: Matcher) -> tuple[list[str], np.ndarray, list[tuple[int, int, int]]]:
    """Count columns; per entry its count, negated and category column (an array of 3 rows: made
    once per matcher, not once per batch); per lexicon its (count, negated, lexicon index)."""
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
    keys = list(map(attrgetter("lex", "category"), matcher.entries))  # (one pass of C calls: 40,000 entries)
    entry_lex = np.fromiter(map(itemgetter(0), keys), dtype=np.int64, count=len(keys))
    count = np.array([c for c, _, _ in lex_cols], dtype=np.int64)[entry_lex]
    return cols, np.stack([count, count + 1, np.fromiter(map(cat_col.__getitem__, keys), dtype=np.int64,
                                                         count=len(keys))]), lex_cols


def score_texts(texts: list[str], matcher: Matcher, level: str = "doc") -> Rows:
    """Pure scoring of texts, a batch at a time: one row per text (or per sentence).

    >>> from framing.lexicons import load_lexicons
    >>> rows = score_texts(["Talks may resume. Or not."], compile_lexicons(tuple(load_lexicons(["hedging"]))),
    ...                    "sentence")
    >>> rows.doc.tolist(), rows.sent_id.tolist(), rows.n_tokens.tolist(), rows.counts[:, 0].tolist()
    ([0, 0], [0, 1], [3, 2], [1, 0])
    """
    cols, entry_cols, _ = _layout_cached(matcher)
    count_col, negated_col, category_col = entry_cols
    parts, windows = [], False
    for first, batch in batches(texts, cut=matcher.cut_chars, paragraphs=level != "doc"):
        windows |= batch.window is not None
        rows = _token_rows(batch, level)
        hits = matcher.find(batch)
        row = rows.row_of(batch, hits.doc, hits.start)
        neg = hits.negated
        width = len(cols)
        flat = np.concatenate([row[~neg] * width + count_col[hits.entry[~neg]],
                               row[~neg] * width + category_col[hits.entry[~neg]],
                               row[neg] * width + negated_col[hits.entry[neg]]])
        counts = np.bincount(flat, minlength=len(rows.doc) * width).reshape(len(rows.doc), width)
        parts.append(replace(rows, counts=counts).shifted(first))
    rows = Rows.concat(parts, len(cols))
    return rows.joined(level) if windows else rows


@dataclass(frozen=True)
class Rows:
    """Rows of a score table as arrays: ``doc`` (index of the text), ``sent_id`` (-1 at doc level),
    ``n_tokens``, ``counts`` (one column per count column of the matcher's layout)."""

    doc: np.ndarray
    sent_id: np.ndarray
    n_tokens: np.ndarray
    counts: np.ndarray
    starts: np.ndarray  # where each row begins in its batch's joined text

    def row_of(self, batch: Batch, doc: np.ndarray, start: np.ndarray) -> np.ndarray:
        """The row of each hit (its document's, or the sentence it starts in)."""
        if (self.sent_id < 0).all():
            return doc
        at = np.searchsorted(self.starts, batch.offsets[doc] + start, side="right") - 1
        first_row = np.searchsorted(self.doc, doc)  # a hit before the first sentence counts in it
        return np.maximum(at, first_row)

    def shifted(self, first: int) -> Rows:
        """The same rows for texts that start at index ``first`` of a longer list."""
        return replace(self, doc=self.doc + first)

    def joined(self, level: str) -> Rows:
        """The rows of a text matched in windows (:func:`framing.match.batches`) as those of the
        whole text: one row per document (counts summed), or its sentences numbered on."""
        if level != "doc":
            return replace(self, sent_id=np.arange(len(self.doc)) - np.searchsorted(self.doc, self.doc))
        first = np.flatnonzero(np.concatenate(([True], self.doc[1:] != self.doc[:-1])))
        return Rows(self.doc[first], self.sent_id[first], np.add.reduceat(self.n_tokens, first),
                    np.add.reduceat(self.counts, first, axis=0), self.starts[first])

    @staticmethod
    def concat(parts: list[Rows], width: int) -> Rows:
        if not parts:
            empty = np.zeros(0, dtype=np.int64)
            return Rows(empty, empty, empty, np.zeros((0, width), dtype=np.int64), empty)
        return Rows(*(np.concatenate([getattr(p, f) for p in parts]) for f in ("doc", "sent_id", "n_tokens", "counts",
                                                                                 "starts")))


def _token_rows(batch: Batch, level: str) -> Rows:
    """Rows (documents or sentences) of a batch with their token counts, no counts yet."""
    n = len(batch.texts)
    if level == "doc":
        doc = np.arange(n, dtype=np.int64)
        return Rows(doc, np.full(n, -1, dtype=np.int64), token_counts(batch), np.zeros((n, 0), np.int64),
                    batch.offsets[:-1])
    if batch.window is not None:  # a window of a long text, cut where a paragraph ends: its sentences
        lo, hi = batch.window
        spans = [[(lo + s, lo + e) for s, e in sentence_spans(batch.texts[0][lo:hi])]]
    else:
        spans = [sentence_spans(t) or [(0, len(t))] for t in batch.texts]  # an empty document keeps one (empty) row
    sizes = np.fromiter(map(len, spans), dtype=np.int64, count=n)
    doc = np.repeat(np.arange(n, dtype=np.int64), sizes)
    flat = np.fromiter(chain.from_iterable(chain.from_iterable(spans)), dtype=np.int64,
                       count=2 * len(doc)).reshape(-1, 2)  # (every span's two ends, without a list of them)
    sent_id = np.arange(len(doc)) - np.repeat(np.cumsum(sizes) - sizes, sizes)
    return Rows(doc, sent_id, span_token_counts(batch, doc, flat[:, 0], flat[:, 1]), np.zeros((len(doc), 0), np.int64),
                batch.offsets[doc] + flat[:, 0])


def _layout_cached(matcher: Matcher):
    lay = matcher.__dict__.get("_layout")
    if lay is None:
        lay = matcher.__dict__["_layout"] = _layout(matcher)
    return lay


_WORKER: dict = {}


def _init_worker(lexicons: tuple[Lexicon, ...]) -> None:
    _WORKER["matcher"] = compile_lexicons(lexicons)


def _score_chunk(texts: list[str], level: str) -> Rows:
    return score_texts(texts, _WORKER["matcher"], level)


def _ids(doc_ids: Sequence, rows: Rows) -> list:
    """The document id of each row."""
    return [doc_ids[d] for d in rows.doc.tolist()]


def _frame(doc_ids: Sequence, rows: Rows, matcher: Matcher, level: str) -> pd.DataFrame:
    cols, _, lex_cols = _layout_cached(matcher)
    arr = rows.counts
    out: dict[str, object] = {"doc_id": _ids(doc_ids, rows)}
    if level == "sentence":
        out["sent_id"] = rows.sent_id
    n_tokens = rows.n_tokens.astype(np.int64)
    out["n_tokens"] = n_tokens
    for lex, (c, n, _) in zip(matcher.lexicons, lex_cols):
        out[f"{lex.name}_count"] = arr[:, c]
        out[f"{lex.name}_negated"] = arr[:, n]
        out[f"{lex.name}_per_1k"] = _per_1k(arr[:, c], n_tokens)
        for cat in lex.categories:
            name = f"{lex.name}.{cat}_count"
            out[name] = arr[:, cols.index(name)]
    return pd.DataFrame(out)  # built at once: a column at a time costs a copy of the table each


def _from_matches(corpus: pd.DataFrame, lexicons: list[Lexicon], matches: pd.DataFrame, level: str) -> pd.DataFrame:
    keys = ["doc_id"] if level == "doc" else ["doc_id", "sent_id"]
    texts = corpus["text"].tolist()
    rows = Rows.concat([_token_rows(batch, level).shifted(first) for first, batch in batches(texts)], 0)
    base = pd.DataFrame({"doc_id": _ids(corpus["doc_id"].tolist(), rows), "n_tokens": rows.n_tokens})
    if level == "sentence":
        base.insert(1, "sent_id", rows.sent_id)
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
          level: str = "doc", jobs: int = 1, language: str | None = None) -> pd.DataFrame:
    """One row per document (``level="doc"``) or sentence (``"sentence"``, adds ``sent_id``).

    Columns: ``doc_id``, [``sent_id``], ``n_tokens``, then per lexicon ``L_count`` (affirmed),
    ``L_negated``, ``L_per_1k`` and ``L.<category>_count``. Pass ``matches`` (from
    :func:`framing.find_matches`) to count a match table already computed; ``jobs`` > 1 scores
    documents in that many processes (``0`` = one per CPU) with identical results. Each document
    is scored with the lexicons' versions in its language (``language`` forces one; see
    :mod:`framing.match.languages`); a category a version lacks counts 0 in its rows.

    >>> import pandas as pd
    >>> from framing.lexicons import load_lexicons
    >>> corpus = pd.DataFrame({"doc_id": ["d1"], "text": ["Kyiv will not cede territory. Talks may resume."]})
    >>> lexicons = load_lexicons(["concession", "hedging"])
    >>> score(corpus, lexicons)[["n_tokens", "concession_count", "concession_negated", "hedging_per_1k"]].values.tolist()
    [[8.0, 0.0, 1.0, 125.0]]
    >>> score(corpus, lexicons, level="sentence")[["sent_id", "n_tokens", "concession_negated", "hedging_count"]].values.tolist()
    [[0, 5, 1, 0], [1, 3, 0, 1]]
    """
    lexicons = list(lexicons)
    if level not in LEVELS:
        raise ParameterError(value_invalid_msg("level", level, LEVELS))
    jobs = resolve_jobs(jobs)
    if matches is not None:
        return _from_matches(corpus, lexicons, matches, level)
    texts = corpus["text"].tolist()
    groups = by_language(corpus, lexicons, language, jobs)
    if len(groups) <= 1 and (not groups or groups[0].lexicons == tuple(lexicons)):
        rows, matcher = _score_rows(texts, tuple(lexicons), level, jobs)
        return _frame(corpus["doc_id"].tolist(), rows, matcher, level)
    matcher = compile_lexicons(tuple(lexicons))
    cols = _layout_cached(matcher)[0]
    parts = []
    for group in groups:
        rows, version = _score_rows([texts[i] for i in group.docs.tolist()], group.lexicons, level, jobs)
        counts = np.zeros((len(rows.doc), len(cols)), dtype=np.int64)
        counts[:, [cols.index(c) for c in _layout_cached(version)[0]]] = rows.counts
        parts.append(replace(rows, doc=group.docs[rows.doc], counts=counts))
    rows = Rows.concat(parts, len(cols))
    order = np.lexsort((rows.sent_id, rows.doc))
    rows = Rows(rows.doc[order], rows.sent_id[order], rows.n_tokens[order], rows.counts[order], rows.starts[order])
    return _frame(corpus["doc_id"].tolist(), rows, matcher, level)


def _score_rows(texts: list[str], lexicons: tuple[Lexicon, ...], level: str, jobs: int) -> tuple[Rows, Matcher]:
    """The score rows of texts for these lexicons, in ``jobs`` processes, and the matcher (its layout
    names the count columns)."""
    matcher = compile_lexicons(lexicons)
    if jobs == 1 or len(texts) < 2 * jobs:
        return score_texts(texts, matcher, level), matcher
    size = max(1, min(1024, len(texts) // (jobs * 4)))
    starts = range(0, len(texts), size)
    parts = map_chunks(partial(_score_chunk, level=level), texts, jobs, size, _init_worker, (lexicons,))
    return Rows.concat([p.shifted(i) for i, p in zip(starts, parts)], len(_layout_cached(matcher)[0])), matcher


def rate_per_1k(count: pd.Series, n_tokens: pd.Series) -> pd.Series:
    """Hits per 1,000 tokens (0 for empty documents, never a division by zero).

    >>> rate_per_1k(pd.Series([1, 3, 2]), pd.Series([8, 0, 1000])).tolist()
    [125.0, 0.0, 2.0]
    """
    return pd.Series(_per_1k(count.to_numpy(), n_tokens.to_numpy()), index=count.index)


def _per_1k(count: np.ndarray, n_tokens: np.ndarray) -> np.ndarray:
    """:func:`rate_per_1k` on arrays (a score table's columns are made from arrays, no Series between)."""
    return np.divide(count * 1000.0, n_tokens, out=np.zeros(len(count)), where=n_tokens > 0)


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

