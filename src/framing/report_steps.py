"""The steps of the main report, as functions the notebook calls (logic stays out of notebooks).

>>> ctx = prepare("example-article", ["hedging"], "outlet", "", "")
>>> len(ctx.corpus), list(ctx.scores.columns)[:3]
(1, ['doc_id', 'title', 'outlet'])
"""

from __future__ import annotations

import html
from dataclasses import dataclass

import pandas as pd

from .corpus import load_corpus
from .errors import ParameterError
from .lexicons import Lexicon, load_lexicons
from .match import find_matches
from .metrics import score


@dataclass
class ReportData:
    """Everything the report shows, computed once: corpus, lexicons, match table and scores."""

    corpus: pd.DataFrame
    lexicons: list[Lexicon]
    matches: pd.DataFrame
    scores: pd.DataFrame  # per document, with the corpus metadata columns joined on


def filter_dates(corpus: pd.DataFrame, date_from: str, date_to: str) -> pd.DataFrame:
    """Keep documents published in ``[date_from, date_to]`` (ISO dates; "" = open end)."""
    keep = pd.Series(True, index=corpus.index)
    for name, value, op in (("date_from", date_from, "ge"), ("date_to", date_to, "le")):
        if not value:
            continue
        try:
            bound = pd.Timestamp(value)
        except ValueError:
            raise ParameterError(f"parameter {name!r} = {value!r}: not a date; use YYYY-MM-DD") from None
        bound = bound.tz_localize("UTC") if bound.tzinfo is None else bound
        if op == "le" and len(value) <= 10:
            bound = bound + pd.Timedelta(days=1) - pd.Timedelta(microseconds=1)
        keep &= getattr(corpus["published"], op)(bound)
    return corpus[keep].reset_index(drop=True)


def prepare(corpus: str, lexicons: list[str], group_col: str, date_from: str, date_to: str) -> ReportData:
    """Load, filter and score: the data of every figure in the report."""
    docs = filter_dates(load_corpus(corpus), date_from, date_to)
    if group_col not in docs.columns:
        raise ParameterError(f"parameter 'group_col' = {group_col!r}: not a corpus column; "
                             f"choose one of {', '.join(map(str, docs.columns))}")
    lexs = load_lexicons(lexicons)
    matches = find_matches(docs, lexs)
    scores = score(docs, lexs, matches=matches)
    meta = docs[["doc_id", "title", "outlet", "published", "url"] + ([group_col] if group_col not in
                ("doc_id", "title", "outlet", "published", "url") else [])]
    return ReportData(docs, lexs, matches, meta.merge(scores, on="doc_id", validate="one_to_one"))


def overview(data: ReportData, group_col: str) -> pd.DataFrame:
    """Documents, tokens and date range per group."""
    g = data.scores.groupby(group_col, observed=True)
    return pd.DataFrame({
        "documents": g.size(), "tokens": g["n_tokens"].sum(),
        "first": g["published"].min().dt.date, "last": g["published"].max().dt.date,
    }).reset_index()


def heading(title: str) -> str:
    """The report's title as escaped HTML."""
    return f"<h1>{html.escape(title)}</h1>"


def lexicon_table(lexicons: list[Lexicon]) -> str:
    """HTML table of the lexicons used: name, version, number of terms, content hash."""
    rows = "".join(
        f"<tr><td>{html.escape(lex.name)}</td><td>{html.escape(lex.version)}</td><td>{len(lex.terms)}</td>"
        f"<td><code>{lex.sha256[:12]}</code></td></tr>" for lex in lexicons)
    return ("<table><thead><tr><th>lexicon</th><th>version</th><th>terms</th><th>sha256</th></tr></thead>"
            f"<tbody>{rows}</tbody></table>")


def example_matches(data: ReportData, per_lexicon: int = 5, width: int = 60) -> pd.DataFrame:
    """The first ``per_lexicon`` matches of each lexicon (by document order) with left/right context."""
    if data.matches.empty:
        return pd.DataFrame(columns=["doc_id", "lexicon", "category", "term", "left", "match", "right"])
    texts = dict(zip(data.corpus["doc_id"], data.corpus["text"]))
    order = {d: i for i, d in enumerate(data.corpus["doc_id"])}
    m = data.matches.assign(_o=data.matches["doc_id"].map(order)).sort_values(["lexicon", "_o", "start"])
    m = m.groupby("lexicon", sort=True).head(per_lexicon)
    rows = []
    for r in m.itertuples():
        text = texts[r.doc_id]
        rows.append({"doc_id": r.doc_id, "lexicon": r.lexicon, "category": r.category, "term": r.term,
                     "left": " ".join(text[max(0, r.start - width):r.start].split()),
                     "match": text[r.start:r.end], "right": " ".join(text[r.end:r.end + width].split())})
    return pd.DataFrame(rows)


def matches_html(examples: pd.DataFrame) -> str:
    """Concordance lines as an HTML table; all corpus text is escaped, the hit is bold."""
    rows = "".join(
        f"<tr><td>{html.escape(r.lexicon)}</td><td>{html.escape(r.category)}</td>"
        f"<td style='text-align:right'>{html.escape(r.left)}</td><td><b>{html.escape(r.match)}</b></td>"
        f"<td>{html.escape(r.right)}</td></tr>" for r in examples.itertuples())
    return ("<table><thead><tr><th>lexicon</th><th>category</th><th>left</th><th>match</th><th>right</th>"
            f"</tr></thead><tbody>{rows}</tbody></table>")
