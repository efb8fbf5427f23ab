"""Keyword in context: every hit with the words (or the sentence) around it.

:func:`kwic` takes the corpus and its match table and returns one row per hit with ``left``,
``hit`` and ``right`` context; ``start``/``end`` still slice ``corpus.text`` exactly, so each line
can be checked against the source. Filters pick hits by any match or corpus column
(``lexicon="hedging"``, ``voice="source"``, ``outlet=[...]``, ``negated=False``) and by date
(``date_from``, ``date_to`` on ``published``). :func:`to_html` renders it with the hit marked.

>>> import pandas as pd
>>> corpus = pd.DataFrame({"doc_id": ["a"], "text": ["Kyiv may accept a truce soon, officials said."]})
>>> matches = pd.DataFrame({"doc_id": ["a"], "start": [5], "end": [8], "lexicon": ["hedging"]})
>>> kwic(corpus, matches, window=2)[["left", "hit", "right"]].values.tolist()
[['Kyiv', 'may', 'accept a']]
"""

from __future__ import annotations

import bisect
import html

import pandas as pd

from .errors import ParameterError, value_invalid_msg
from .text import sentence_spans, word_spans

KWIC_COLUMNS = ["doc_id", "start", "end", "left", "hit", "right"]
_META = ["title", "outlet", "published"]
_MATCH_INFO = ["lexicon", "category", "subcategory", "term", "negated", "voice", "speaker"]


def _squash(text: str) -> str:
    return " ".join(text.split())


def _filter(table: pd.DataFrame, filters: dict) -> pd.DataFrame:
    keep = pd.Series(True, index=table.index)
    for name, value in filters.items():
        if name in ("date_from", "date_to"):
            if "published" not in table.columns:
                raise ParameterError(f"kwic filter {name!r}: the corpus has no 'published' column")
            bound = pd.Timestamp(value)
            bound = bound.tz_localize("UTC") if bound.tzinfo is None else bound
            if name == "date_to" and len(str(value)) <= 10:
                bound += pd.Timedelta(days=1) - pd.Timedelta(microseconds=1)
            keep &= table["published"].ge(bound) if name == "date_from" else table["published"].le(bound)
            continue
        if name not in table.columns:
            raise ParameterError(value_invalid_msg(f"kwic filter {name}", name,
                                                   [*table.columns, "date_from", "date_to"]))
        values = value if isinstance(value, (list, tuple, set)) else [value]
        keep &= table[name].isin(values)
    return table[keep]


def kwic(corpus: pd.DataFrame, matches: pd.DataFrame, window: int = 8, by: str = "words",
         **filters) -> pd.DataFrame:
    """One row per hit: ``doc_id, start, end, left, hit, right`` and the hit's match/corpus info.

    ``by="words"`` shows ``window`` words each side; ``by="sentence"`` the whole sentence. Missing
    ``negated`` counts as False; filtering by ``voice``/``speaker`` assigns voices first.
    """
    if by not in ("words", "sentence"):
        raise ParameterError(value_invalid_msg("by", by, ["words", "sentence"]))
    if window < 0:
        raise ParameterError(f"`window` got {window!r}; expected a number of words >= 0")
    table = matches.copy()
    if "negated" not in table.columns:
        table["negated"] = False
    if {"voice", "speaker"} & set(filters) and "voice" not in table.columns:
        from .quotes import assign_voices
        table = assign_voices(corpus, table)
    meta = [c for c in _META if c in corpus.columns and c not in table.columns]
    if meta:
        table = table.merge(corpus[["doc_id", *meta]], on="doc_id", how="left")
    table = _filter(table, filters).sort_values(["doc_id", "start"], kind="stable")
    texts = dict(zip(corpus["doc_id"], corpus["text"]))
    rows, cache = [], {}
    for doc_id, start, end in zip(table["doc_id"], table["start"].astype(int), table["end"].astype(int)):
        text = texts[doc_id]
        if doc_id not in cache:
            spans = word_spans(text) if by == "words" else sentence_spans(text)
            cache[doc_id] = (spans, [a for a, _ in spans])
        spans, starts = cache[doc_id]
        if by == "words":
            i, j = bisect.bisect_left(starts, start), bisect.bisect_left(starts, end)
            left_from = spans[max(i - window, 0)][0] if window and i > 0 else start
            right_to = spans[min(j + window, len(spans)) - 1][1] if window and j < len(spans) else end
        else:
            k = max(bisect.bisect_right(starts, start) - 1, 0)
            left_from, right_to = (min(spans[k][0], start), max(spans[k][1], end)) if spans else (start, end)
        rows.append((_squash(text[left_from:start]), text[start:end], _squash(text[end:right_to])))
    context = pd.DataFrame(rows, columns=["left", "hit", "right"], index=table.index)
    info = [c for c in [*_MATCH_INFO, *_META] if c in table.columns]
    out = pd.concat([table[["doc_id", "start", "end"]], context, table[info]], axis=1)
    return out.reset_index(drop=True)


def to_html(table: pd.DataFrame, max_rows: int | None = 200, columns: list[str] | None = None) -> str:
    """An HTML concordance: left context right-aligned, the hit in ``<mark>``, all text escaped.

    >>> t = pd.DataFrame({"doc_id": ["a"], "left": ["x <b>"], "hit": ["may"], "right": ["&"]})
    >>> "<mark>may</mark>" in to_html(t) and "x &lt;b&gt;" in to_html(t)
    True
    """
    columns = columns if columns is not None else [c for c in ("doc_id", "lexicon", "term", "voice", "speaker")
                                                     if c in table.columns]
    shown = table if max_rows is None else table.head(max_rows)
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in columns)
    body = []
    for _, row in shown.iterrows():
        cells = "".join(f"<td>{html.escape(str(row[c]))}</td>" for c in columns)
        body.append(f"<tr>{cells}<td style=\"text-align:right\">{html.escape(str(row['left']))}</td>"
                    f"<td><mark>{html.escape(str(row['hit']))}</mark></td>"
                    f"<td>{html.escape(str(row['right']))}</td></tr>")
    more = (f"<p>{len(table) - len(shown)} more rows not shown.</p>" if len(shown) < len(table) else "")
    return (f"<table class=\"kwic\"><thead><tr>{head}<th>left</th><th>hit</th><th>right</th></tr></thead>"
            f"<tbody>{''.join(body)}</tbody></table>{more}")
