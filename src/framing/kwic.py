"""Keyword in context: every hit with the words (or the sentence) around it.

:func:`kwic` is the one concordance of the kit (reports, the explore notebook): it takes the
corpus and its match table and returns one row per hit with ``left``, ``hit`` and ``right``
context, the hit's ``negated``, ``voice`` and ``speaker`` (voices assigned by
:func:`framing.quotes.assign_voices` unless the match table has them), and the document's
title, outlet and date; ``start``/``end`` still slice ``corpus.text`` exactly, so each line can be
checked against the source. It shows all hits, affirmed and negated (filter ``negated=False``
for the hits :func:`framing.metrics.score` counts). Filters pick hits by any match or corpus
column (``lexicon="hedging"``, ``voice="source"``, ``outlet=[...]``, ``negated=False``) and by date
(``date_from``, ``date_to`` on ``published``). :func:`examples` picks the first hits of each
lexicon; :func:`to_html` renders lines with the hit marked; :func:`browser` is the explore
notebook's filterable table.

>>> import pandas as pd
>>> corpus = pd.DataFrame({"doc_id": ["a"], "text": ["Kyiv may accept a truce soon, officials said."]})
>>> matches = pd.DataFrame({"doc_id": ["a"], "start": [5], "end": [8], "lexicon": ["hedging"]})
>>> kwic(corpus, matches, window=2)[["left", "hit", "right"]].values.tolist()
[['Kyiv', 'may', 'accept a']]
>>> kwic(corpus, matches, window=2)[["negated", "voice", "speaker"]].values.tolist()
[[False, 'source', 'officials']]
"""

from __future__ import annotations

import bisect
import html

import pandas as pd

from .corpus.meta import date_bound
from .errors import ParameterError, value_invalid_msg
from .quotes import assign_voices
from .text import sentence_spans, word_spans

KWIC_COLUMNS = ["doc_id", "start", "end", "left", "hit", "right"]
BY = ("words", "sentence", "chars")
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
            bound = date_bound(value, name, end=name == "date_to")
            keep &= table["published"].ge(bound) if name == "date_from" else table["published"].le(bound)
            continue
        if name not in table.columns:
            raise ParameterError(value_invalid_msg(f"kwic filter {name}", name,
                                                   [*table.columns, "date_from", "date_to"]))
        values = value if isinstance(value, (list, tuple, set)) else [value]
        keep &= table[name].isin(values)
    return table[keep]


def kwic(corpus: pd.DataFrame, matches: pd.DataFrame, window: int = 8, by: str = "words", sort: bool = True,
         **filters) -> pd.DataFrame:
    """One row per hit: ``doc_id, start, end, left, hit, right``, then the hit's match info
    (``lexicon, category, subcategory, term`` where present, and always ``negated, voice,
    speaker``) and the document's ``title, outlet, published`` where the corpus has them.

    ``by="words"`` shows ``window`` words each side, ``by="chars"`` ``window`` characters each side
    (white space folded), ``by="sentence"`` the whole sentence. Missing ``negated`` counts as
    False; voices are assigned when the match table has none. Lines are sorted by document and
    offset, or kept in the match table's order with ``sort=False``.
    """
    if by not in BY:
        raise ParameterError(value_invalid_msg("by", by, BY))
    if window < 0:
        raise ParameterError(f"`window` got {window!r}; expected a number of words (or characters) >= 0")
    table = matches.copy()
    if "negated" not in table.columns:
        table["negated"] = False
    if "voice" not in table.columns:
        table = assign_voices(corpus, table)
    meta = [c for c in _META if c in corpus.columns and c not in table.columns]
    # a filter on another corpus column (language="ru") reads it from the corpus; it is not shown
    by_corpus = [c for c in filters if c in corpus.columns and c not in table.columns and c not in meta and c != "doc_id"]
    if meta or by_corpus:
        table = table.merge(corpus[["doc_id", *meta, *by_corpus]], on="doc_id", how="left")
    table = _filter(table, filters)
    if sort:
        table = table.sort_values(["doc_id", "start"], kind="stable")
    texts = dict(zip(corpus["doc_id"], corpus["text"]))
    cache: dict[str, tuple[list[tuple[int, int]], list[int]]] = {}
    rows = [_context(texts[doc_id], doc_id, start, end, window, by, cache)
            for doc_id, start, end in zip(table["doc_id"], table["start"].astype(int), table["end"].astype(int))]
    context = pd.DataFrame(rows, columns=["left", "hit", "right"], index=table.index)
    info = [c for c in [*_MATCH_INFO, *_META] if c in table.columns]
    out = pd.concat([table[["doc_id", "start", "end"]], context, table[info]], axis=1)
    return out.reset_index(drop=True)


def _context(text: str, doc_id: str, start: int, end: int, window: int, by: str, cache: dict) -> tuple[str, str, str]:
    """``left``, ``hit`` and ``right`` of one hit (word or sentence spans cached per document)."""
    if by == "chars":
        return _squash(text[max(0, start - window):start]), text[start:end], _squash(text[end:end + window])
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
    return _squash(text[left_from:start]), text[start:end], _squash(text[end:right_to])


def line(text: str, start: int, end: int, width: int = 60) -> str:
    """One hit as a single line, ``left [hit] right``, with ``width`` characters each side (white
    space squashed): the character-window context of :func:`kwic` (``by="chars"``).

    >>> line("Kyiv may  accept a truce.", 5, 8, width=8)
    'Kyiv [may] accept'
    """
    left, hit, right = _context(text, "", start, end, width, "chars", {})
    return f"{left} [{_squash(hit)}] {right}".strip()


EXAMPLE_COLUMNS = ["doc_id", "start", "end", "lexicon", "category", "term", "negated", "left", "match", "right"]


def examples(corpus: pd.DataFrame, matches: pd.DataFrame, per_lexicon: int = 5, width: int = 60) -> pd.DataFrame:
    """The first ``per_lexicon`` hits of each lexicon (all hits, in corpus order), as :func:`kwic`
    lines with ``width`` characters of context: ``doc_id, start, end`` (offsets in the document's
    text), ``lexicon, category, term, negated`` (empty when ``matches`` has no such column),
    ``left, match, right``.

    >>> corpus = pd.DataFrame({"doc_id": ["b", "a"], "text": ["It may end.", "Talks might fail."]})
    >>> m = pd.DataFrame({"doc_id": ["a", "b"], "start": [6, 3], "end": [11, 6], "lexicon": "hedging",
    ...                   "category": "modal", "term": ["might", "may"]})
    >>> examples(corpus, m, width=6)[["doc_id", "left", "match", "right"]].values.tolist()
    [['b', 'It', 'may', 'end.'], ['a', 'Talks', 'might', 'fail.']]
    """
    if matches.empty:
        return pd.DataFrame(columns=EXAMPLE_COLUMNS)
    order = {d: i for i, d in enumerate(corpus["doc_id"])}
    first = (matches.assign(_o=matches["doc_id"].map(order)).sort_values(["lexicon", "_o", "start"])
             .groupby("lexicon", sort=True).head(per_lexicon))
    texts = dict(zip(corpus["doc_id"], corpus["text"]))
    # kwic's character-window context; no voices: an example line does not show them
    context = [_context(texts[doc_id], doc_id, start, end, width, "chars", {})
               for doc_id, start, end in zip(first["doc_id"], first["start"].astype(int), first["end"].astype(int))]
    lines = first.reindex(columns=EXAMPLE_COLUMNS[:7]).reset_index(drop=True)
    lines[["left", "match", "right"]] = pd.DataFrame(context, columns=["left", "match", "right"])
    return lines[EXAMPLE_COLUMNS]


def to_html(table: pd.DataFrame, max_rows: int | None = 200, columns: list[str] | None = None) -> str:
    """An HTML concordance: left context right-aligned, the hit in ``<mark>``, all text escaped.
    Takes :func:`kwic` lines (``hit``) or :func:`examples` (``match``).

    >>> t = pd.DataFrame({"doc_id": ["a"], "left": ["x <b>"], "hit": ["may"], "right": ["&"]})
    >>> "<mark>may</mark>" in to_html(t) and "x &lt;b&gt;" in to_html(t)
    True
    """
    hit = "hit" if "hit" in table.columns else "match"
    columns = columns if columns is not None else [c for c in ("doc_id", "lexicon", "category", "term", "negated",
                                                               "voice", "speaker") if c in table.columns]
    shown = table if max_rows is None else table.head(max_rows)
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in columns)
    body = []
    for _, row in shown.iterrows():
        cells = "".join(f"<td>{html.escape(str(row[c]))}</td>" for c in columns)
        body.append(f"<tr>{cells}<td style=\"text-align:right\">{html.escape(str(row['left']))}</td>"
                    f"<td><mark>{html.escape(str(row[hit]))}</mark></td>"
                    f"<td>{html.escape(str(row['right']))}</td></tr>")
    more = (f"<p>{len(table) - len(shown)} more rows not shown.</p>" if len(shown) < len(table) else "")
    return (f"<table class=\"kwic framing-kwic\"><thead><tr>{head}<th>left</th><th>{hit}</th><th>right</th></tr></thead>"
            f"<tbody>{''.join(body)}</tbody></table>{more}")


def filter_lines(lines: pd.DataFrame, contains: str = "", **equals: str) -> pd.DataFrame:
    """Lines whose columns equal the given values ("" = any) and whose hit or context contains a
    text (case-insensitive).

    >>> lines = pd.DataFrame({"lexicon": ["a", "b"], "voice": ["source", "source"],
    ...                       "left": ["no", "peace"], "hit": ["m", "n"], "right": ["", ""]})
    >>> filter_lines(lines, contains="PEACE", voice="source")["lexicon"].tolist()
    ['b']
    """
    keep = pd.Series(True, index=lines.index)
    for column, value in equals.items():
        if value:
            keep &= lines[column].astype(str) == value
    if contains:
        joined = lines["left"] + " " + lines["hit"] + " " + lines["right"]
        keep &= joined.str.contains(contains, case=False, regex=False)
    return lines[keep]


BROWSER_FILTERS = ("lexicon", "category", "outlet", "voice", "negated")


def browser(lines: pd.DataFrame, limit: int = 50):
    """An ipywidgets box: a drop-down per column of :data:`BROWSER_FILTERS` the lines have and a text
    filter above the concordance (:func:`to_html`), redrawn on every change. Display it as a
    cell's last line (the explore notebook's KWIC table)."""
    import ipywidgets as widgets  # optional: only the explore notebook needs it

    def options(column: str) -> list[tuple[str, str]]:
        return [("(all)", "")] + [(str(v), str(v)) for v in sorted(lines[column].astype(str).unique())]

    drops = {c: widgets.Dropdown(options=options(c), description=c) for c in BROWSER_FILTERS if c in lines.columns}
    contains = widgets.Text(value="", description="contains", placeholder="text in the line", continuous_update=False)
    table = widgets.HTML(value=_browser_html(lines, limit))

    def redraw(_change=None) -> None:
        shown = filter_lines(lines, contains.value, **{c: d.value for c, d in drops.items()})
        table.value = _browser_html(shown, limit)

    for control in [*drops.values(), contains]:
        control.observe(redraw, names="value")
    controls = [*drops.values(), contains]
    rows = [widgets.HBox(controls[i:i + 3]) for i in range(0, len(controls), 3)]
    return widgets.VBox([*rows, table])


def _browser_html(lines: pd.DataFrame, limit: int) -> str:
    shown = min(len(lines), limit)
    return (f"<p class='framing-kwic-count'>{len(lines):,} lines; showing {shown:,}</p>"
            + to_html(lines, max_rows=limit))
