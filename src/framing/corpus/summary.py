"""Describe a corpus before any lexicon is applied: one summary table, documents per month and per
language, the input files, and the duplicate clusters.

:func:`corpus_summary` is the one corpus description (used by the reports and the explore
notebook): per group (any corpus columns), documents, empty texts, characters, tokens, median
tokens, missing titles and dates, and the date range.

>>> docs = pd.DataFrame({"doc_id": ["a", "b"], "text": ["One two.", ""], "outlet": ["x", "x"],
...                      "title": ["T", ""], "published": pd.to_datetime([None, "2022-03-01"], utc=True)})
>>> corpus_summary(docs)[["documents", "empty_texts", "tokens", "missing_titles", "missing_dates"]].values.tolist()
[[2, 1, 2, 1, 1]]
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..report.manifest import sha256_file
from ..text import count_tokens
from .dedup import normalised_hash
from .load import resolve_inputs

SUMMARY_COLUMNS = ["documents", "empty_texts", "characters", "tokens", "median_tokens", "missing_titles",
                   "missing_dates", "first", "last"]


def corpus_summary(corpus: pd.DataFrame, by: str | list[str] = "outlet") -> pd.DataFrame:
    """One row per group of ``by`` (a column or several, e.g. ``["source_path", "outlet"]``):
    the columns of :data:`SUMMARY_COLUMNS`; tokens are :func:`framing.text.count_tokens`'s.
    Columns the corpus lacks (``title``, ``published``) count as missing."""
    keys = [by] if isinstance(by, str) else list(by)
    text = corpus["text"].fillna("").astype(str)
    title = corpus["title"] if "title" in corpus.columns else pd.Series("", index=corpus.index)
    published = (corpus["published"] if "published" in corpus.columns
                 else pd.Series(pd.NaT, index=corpus.index, dtype="datetime64[ns, UTC]"))
    frame = pd.DataFrame({"_tokens": text.map(count_tokens), "_chars": text.str.len(),
                          "_empty": text.str.strip() == "", "_no_title": title.fillna("").astype(str).str.strip() == "",
                          "_no_date": published.isna(), "_published": published})
    g = frame.groupby([corpus[k] for k in keys], sort=True, observed=True, dropna=False)
    out = pd.DataFrame({
        "documents": g.size(), "empty_texts": g["_empty"].sum().astype(int), "characters": g["_chars"].sum().astype(int),
        "tokens": g["_tokens"].sum().astype(int), "median_tokens": g["_tokens"].median(),
        "missing_titles": g["_no_title"].sum().astype(int), "missing_dates": g["_no_date"].sum().astype(int),
        "first": g["_published"].min().dt.date, "last": g["_published"].max().dt.date,
    })
    return out.reset_index()



LANGUAGE_COLUMNS = ["language", "documents", "share", "tokens", "detected", "from_input"]


def language_table(corpus: pd.DataFrame) -> pd.DataFrame:
    """Documents per ``language`` (most first): documents, their share of the corpus, tokens, and
    how many had their language detected from the text or given by the input (``language_source``).
    A corpus without a ``language`` column (not loaded by :func:`framing.load_corpus`) counts as
    one language, ``und``.

    >>> docs = pd.DataFrame({"text": ["Talks resumed.", "Переговоры идут.", "Talks"], "language": ["en", "ru", "en"],
    ...                      "language_source": ["detected", "column", "detected"]})
    >>> language_table(docs).values.tolist()
    [['en', 2, 0.667, 3, 2, 0], ['ru', 1, 0.333, 2, 0, 1]]
    """
    language = corpus["language"] if "language" in corpus.columns else pd.Series("und", index=corpus.index)
    source = (corpus["language_source"] if "language_source" in corpus.columns
              else pd.Series("detected", index=corpus.index))
    frame = pd.DataFrame({"language": language.fillna("und").astype(str),
                          "tokens": corpus["text"].fillna("").astype(str).map(count_tokens),
                          "detected": source.astype(str) == "detected"})
    g = frame.groupby("language", sort=True)
    out = pd.DataFrame({"documents": g.size(), "tokens": g["tokens"].sum(), "detected": g["detected"].sum()})
    out["share"] = (out["documents"] / max(len(frame), 1)).round(3)
    out["from_input"] = out["documents"] - out["detected"]
    out = out.reset_index().sort_values(["documents", "language"], ascending=[False, True], ignore_index=True)
    return out[LANGUAGE_COLUMNS].astype({c: int for c in ("documents", "tokens", "detected", "from_input")})


TABLE_ONE_COLUMNS = ["group", "documents", "tokens", "median_tokens", "first", "last"]


def table_one(corpus: pd.DataFrame, group_col: str = "outlet") -> pd.DataFrame:
    """"Table 1" of a paper: per group and for all documents, the documents, tokens (sum and
    median per document) and the first and last publication date (:func:`corpus_summary`).

    >>> docs = pd.DataFrame({"doc_id": ["a", "b"], "text": ["One two.", "Three"], "outlet": ["x", "y"],
    ...                      "published": pd.to_datetime(["2022-03-01", "2022-03-05"], utc=True)})
    >>> table_one(docs)[["group", "documents", "tokens"]].values.tolist()
    [['x', 1, 2], ['y', 1, 1], ['all', 2, 3]]
    """
    per_group = corpus_summary(corpus, group_col).rename(columns={group_col: "group"})
    total = corpus_summary(corpus.assign(_all="all"), "_all").rename(columns={"_all": "group"})
    out = pd.concat([per_group, total], ignore_index=True)
    out["group"] = out["group"].astype(str)
    return out[TABLE_ONE_COLUMNS]


def documents_per_month(corpus: pd.DataFrame, group_col: str = "outlet") -> pd.DataFrame:
    """Documents per calendar month and group (months without documents are 0).

    >>> docs = pd.DataFrame({"outlet": ["x", "x"], "published": pd.to_datetime(["2022-01-05", "2022-03-01"], utc=True)})
    >>> documents_per_month(docs)["documents"].tolist()
    [1, 0, 1]
    """
    dated = corpus.dropna(subset=["published"])
    if dated.empty:
        return pd.DataFrame(columns=["month", "group", "documents"])
    month = dated["published"].dt.tz_convert("UTC").dt.tz_localize(None).dt.to_period("M")
    table = dated.groupby([month.rename("month"), dated[group_col].rename("group")]).size().unstack(fill_value=0)
    table = table.reindex(pd.period_range(month.min(), month.max(), freq="M"), fill_value=0)
    out = pd.Series(table.stack(), name="documents").reset_index().rename(columns={"level_0": "month"})
    out["month"] = out["month"].dt.to_timestamp()
    return out[["month", "group", "documents"]].sort_values(["month", "group"], ignore_index=True)


def input_files(corpus_param: str | list[str], corpus: pd.DataFrame) -> pd.DataFrame:
    """Per input file: name, bytes, sha256 (first 16 hex digits), documents loaded, outlet, first and last date."""
    rows = []
    for spec in resolve_inputs(corpus_param):
        part = corpus[corpus["source_path"].astype(str).map(lambda s, p=spec.path: Path(s).name == p.name)]
        dates = part["published"].dropna()
        rows.append({"file": spec.path.name, "bytes": spec.path.stat().st_size,
                     "sha256": sha256_file(spec.path)[:16], "documents": len(part),
                     "outlet": spec.outlet or ", ".join(sorted(part["outlet"].dropna().astype(str).unique())),
                     "first": dates.min().date() if len(dates) else None,
                     "last": dates.max().date() if len(dates) else None})
    return pd.DataFrame(rows, columns=["file", "bytes", "sha256", "documents", "outlet", "first", "last"])


DUPLICATE_COLUMNS = ["cluster", "size", "doc_id", "kind", "similarity", "outlet", "title", "published"]


def duplicate_clusters(corpus: pd.DataFrame) -> pd.DataFrame:
    """Documents in duplicate clusters of two or more: the loader's exact and near-duplicate
    clusters (``dup_cluster``, ``dup_kind``, ``dup_similarity``) when present, else exact
    duplicates as :mod:`framing.corpus.dedup` defines them (:func:`~framing.corpus.dedup.normalised_hash`).

    >>> docs = pd.DataFrame({"doc_id": ["a", "b", "c"], "text": ["Talks resume.", "talks,  resume", "No."],
    ...                      "outlet": "x", "title": "", "published": None})
    >>> duplicate_clusters(docs)[["cluster", "doc_id", "kind"]].values.tolist()
    [[1, 'a', 'canonical'], [1, 'b', 'exact']]
    """
    if "dup_cluster" not in corpus.columns:
        key = corpus["text"].fillna("").map(normalised_hash)
        first = corpus.groupby(key, sort=False)["doc_id"].transform("first")
        corpus = corpus.assign(dup_cluster=first, dup_kind=(corpus["doc_id"] != first).map({True: "exact", False: ""}),
                               dup_similarity=1.0)
    size = corpus["dup_cluster"].map(corpus["dup_cluster"].value_counts())
    dup = corpus[size > 1].assign(size=size[size > 1])
    if dup.empty:
        return pd.DataFrame(columns=DUPLICATE_COLUMNS)
    order = {k: i + 1 for i, k in enumerate(sorted(dup["dup_cluster"].unique(), key=str))}
    dup = dup.assign(cluster=dup["dup_cluster"].map(order), kind=dup["dup_kind"].replace("", "canonical"),
                     similarity=dup["dup_similarity"])
    return dup[DUPLICATE_COLUMNS].sort_values(["cluster", "similarity", "doc_id"], ascending=[True, False, True],
                                              ignore_index=True)
