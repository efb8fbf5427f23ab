"""The data a corpus report shows, computed once: corpus (date-filtered), lexicons, match table and
per-document scores with the corpus metadata joined on.

>>> data = prepare("example-article", ["hedging"], "outlet")
>>> len(data.corpus), list(data.scores.columns)[:3]
(1, ['doc_id', 'title', 'outlet'])
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from ..corpus import LoadReport, load_corpus_with_report
from ..corpus.meta import date_bound
from ..errors import ParameterError
from ..lexicons import Lexicon, load_lexicons
from ..match import find_matches
from ..metrics import score

META = ["doc_id", "title", "outlet", "published", "url", "language"]


@dataclass
class ReportData:
    """Everything a report shows, computed once: corpus, lexicons, match table and scores."""

    corpus: pd.DataFrame
    lexicons: list[Lexicon]
    matches: pd.DataFrame
    scores: pd.DataFrame  # per document (:func:`framing.metrics.score`), with the corpus metadata joined on
    loading: LoadReport = field(default_factory=LoadReport)  # what loading read, kept, skipped and removed
    window_note: str = ""  # what the date window left out (see window_note), "" when it left out nothing

    @property
    def names(self) -> list[str]:
        """The lexicons' names, in order."""
        return [lex.name for lex in self.lexicons]

    @property
    def languages(self) -> dict[str, int]:
        """Documents per language, as matching reads them (:func:`framing.match.languages.document_languages`).

        >>> prepare("example-article", ["hedging"], "outlet").languages
        {'en': 1}
        """
        from ..match.languages import language_counts

        return language_counts(self.corpus)


def filter_dates(corpus: pd.DataFrame, date_from: str = "", date_to: str = "") -> pd.DataFrame:
    """Keep documents published in ``[date_from, date_to]`` (ISO dates; "" = open end; a bare
    ``date_to`` includes its whole day).

    >>> docs = pd.DataFrame({"published": pd.to_datetime(["2022-02-23 09:00", "2022-02-24 18:00"], utc=True)})
    >>> len(filter_dates(docs, "2022-02-24", "2022-02-24"))
    1
    """
    keep = pd.Series(True, index=corpus.index)
    if date_from:
        keep &= corpus["published"].ge(date_bound(date_from, "date_from"))
    if date_to:
        keep &= corpus["published"].le(date_bound(date_to, "date_to", end=True))
    return corpus[keep].reset_index(drop=True)


def window_note(corpus: pd.DataFrame, kept: int, date_from: str = "", date_to: str = "") -> str:
    """One sentence saying how many documents of ``corpus`` the date window left out, and why:
    published outside it, or without a publication date (which no window holds); ``""`` when the
    window kept them all (``kept``: documents in it, from :func:`filter_dates`).

    >>> docs = pd.DataFrame({"published": pd.to_datetime(["2022-02-23", "2022-03-24", None], utc=True)})
    >>> window_note(docs, len(filter_dates(docs, "2022-03-01")), "2022-03-01")
    'The date window (2022-03-01 to the last date) left out 2 of 3 documents: 1 published outside it, 1 without a publication date.'
    """
    left = len(corpus) - kept
    if not left:
        return ""
    undated = int(corpus["published"].isna().sum())
    window = f"{date_from or 'the first date'} to {date_to or 'the last date'}"
    return (f"The date window ({window}) left out {left:,} of {len(corpus):,} documents: {left - undated:,} "
            f"published outside it, {undated:,} without a publication date.")


def prepare(corpus: str, lexicons: list[str], group_col: str, date_from: str = "", date_to: str = "",
            canonical_only: bool = False) -> ReportData:
    """Load, filter by date (and, with ``canonical_only``, keep one document per duplicate cluster:
    a syndicated story counts once) and score: the data of every figure in a report.

    >>> prepare("example-article", ["hedging"], "outlet", canonical_only=True).loading.summary_lines()[0]
    '1 file(s): 1 document(s) read, 1 kept, 0 skipped'
    """
    everything, loading = load_corpus_with_report(corpus)
    docs = filter_dates(everything, date_from, date_to)
    note = window_note(everything, len(docs), date_from, date_to)
    if canonical_only and "is_canonical" in docs.columns:
        docs = docs[docs["is_canonical"].astype(bool)].reset_index(drop=True)
    data = analyse(docs, lexicons, group_col)
    data.loading = loading
    data.window_note = note
    return data


def analyse(docs: pd.DataFrame, lexicons: list[str], group_col: str) -> ReportData:
    """Match and score a loaded corpus: lexicons (names or files), match table, and scores with metadata.

    >>> from framing import load_corpus
    >>> analyse(load_corpus("example-article"), ["hedging"], "outlet").names
    ['hedging']
    """
    if group_col not in docs.columns:
        raise ParameterError(f"parameter 'group_col' = {group_col!r}: not a corpus column; "
                             f"choose one of {', '.join(map(str, docs.columns))}")
    lexs = load_lexicons(lexicons)
    matches = find_matches(docs, lexs)
    return ReportData(docs, lexs, matches, score_table(docs, lexs, matches, group_col))


def score_table(corpus: pd.DataFrame, lexicons: list[Lexicon], matches: pd.DataFrame, group_col: str) -> pd.DataFrame:
    """:func:`framing.metrics.score` of a match table, with the corpus metadata (``doc_id, title,
    outlet, published, url, language`` where present, and ``group_col``) in front: one row per document."""
    meta = [c for c in META if c in corpus.columns] + ([group_col] if group_col not in META else [])
    return corpus[meta].merge(score(corpus, lexicons, matches=matches), on="doc_id", validate="one_to_one")
