"""Who speaks: voice spans (journalist vs source) and the match and score tables built on them.

:func:`voice_spans` cuts a text into consecutive spans that cover it exactly, each with a
``voice`` (``journalist`` for the writer's own narration and attributions, ``source`` for
content given to someone else, ``institution`` for an official text's own words), the
``speaker`` of source spans and the ``kind`` of span (``narration``, ``attribution``,
``mention``, ``direct``, ``indirect``, ``turn``, ``institution``). The attribution itself lives
in :mod:`framing.voices`: the cue lexicon (``voices/cues.yaml``), quotation marks, reported
speech with the cue before or after, speakers resolved per document. Rule-based, for English,
Russian and Ukrainian (each document's language from a ``language`` column or detected): check
it on your own data with :mod:`framing.kwic`.

>>> spans = voice_spans('Talks stalled. "We will not give up land," Zelenskiy said.')
>>> spans[["start", "end", "voice", "speaker", "kind"]].to_dict("records")[1]
{'start': 15, 'end': 42, 'voice': 'source', 'speaker': 'Zelenskiy', 'kind': 'direct'}
"""

from __future__ import annotations

import bisect

import pandas as pd

from .text import count_tokens
from .voices import SPAN_COLUMNS as SPAN_COLUMNS  # re-exported: the column contract
from .voices import corpus_voice_spans as _corpus_voice_spans
from .voices import voice_spans as _voice_spans

VOICE_COLUMNS = ["voice", "speaker", "voice_kind"]


def voice_spans(text: str, *, institution: str = "", language: str | None = None) -> pd.DataFrame:
    """Cut ``text`` into voice spans covering it exactly: ``start, end, voice, speaker, kind``.

    The attribution itself lives in :mod:`framing.voices` (cue lexicon as data, speakers
    resolved per document, ``institution`` voice for official texts); this is its stable entry.
    ``language``: ``en``, ``ru`` or ``uk`` (default: detected).

    >>> t = '“We hold the line,” she said. She added that talks may resume.'
    >>> voice_spans('Ann Lee spoke. ' + t)[["voice", "speaker", "kind"]].values.tolist()
    ... # doctest: +NORMALIZE_WHITESPACE
    [['journalist', '', 'narration'], ['source', 'Ann Lee', 'direct'],
     ['journalist', '', 'attribution'], ['journalist', '', 'narration'], ['journalist', '', 'attribution'],
     ['source', 'Ann Lee', 'indirect']]
    """
    return _voice_spans(text, institution=institution, language=language)


def corpus_voice_spans(corpus: pd.DataFrame, institutions: dict[str, str] | None = None) -> pd.DataFrame:
    """:func:`voice_spans` of every document: ``doc_id`` + the span columns (compute once, reuse).

    ``institutions`` maps an outlet to the speaker whose own site it is (see
    :func:`framing.voices.corpus_voice_spans`).

    >>> corpus = pd.DataFrame({"doc_id": ["a"], "text": ['"Not now," Ann Lee said.']})
    >>> corpus_voice_spans(corpus)[["doc_id", "voice", "speaker"]].values.tolist()[0]
    ['a', 'source', 'Ann Lee']
    """
    return _corpus_voice_spans(corpus, institutions=institutions)


def assign_voices(corpus: pd.DataFrame, matches: pd.DataFrame, spans: pd.DataFrame | None = None) -> pd.DataFrame:
    """The match table with ``voice``, ``speaker`` and ``voice_kind`` of the span each hit starts in.

    The input table is not modified; a copy with the three columns added is returned. Pass
    ``spans`` (:func:`corpus_voice_spans`) to reuse spans already computed.

    >>> corpus = pd.DataFrame({"doc_id": ["a"], "text": ['It may end. "It might end," Ann Lee said.']})
    >>> matches = pd.DataFrame({"doc_id": ["a", "a"], "start": [3, 15], "end": [6, 20]})
    >>> assign_voices(corpus, matches)[["voice", "speaker"]].values.tolist()
    [['journalist', ''], ['source', 'Ann Lee']]
    """
    out = matches.copy()
    if spans is None:
        spans = corpus_voice_spans(corpus[corpus["doc_id"].isin(set(matches["doc_id"]))])
    by_doc: dict = {}  # doc_id -> (span starts, (voice, speaker, kind) of each span): built once per document
    for doc_id, part in spans.groupby("doc_id", sort=False):
        by_doc[doc_id] = (part["start"].tolist(), list(zip(part["voice"], part["speaker"], part["kind"])))
    voices, speakers, kinds = [], [], []
    for doc_id, start in zip(matches["doc_id"], matches["start"]):
        found = by_doc.get(doc_id)
        k = bisect.bisect_right(found[0], int(start)) - 1 if found is not None else -1
        if found is None or k < 0:
            voice, speaker, kind = "journalist", "", "narration"
        else:
            voice, speaker, kind = found[1][k]
        voices.append(voice)
        speakers.append(speaker)
        kinds.append(kind)
    out["voice"], out["speaker"], out["voice_kind"] = voices, speakers, kinds
    return out


def voice_scores(corpus: pd.DataFrame, voiced: pd.DataFrame, lexicons: list[str],
                 spans: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per document and voice: ``doc_id, voice, n_tokens``, then per lexicon ``L_count`` (affirmed
    hits) and ``L_negated`` (negated hits), as :func:`framing.metrics.score` defines them: the
    denominators that make hits in quotes and in narration comparable (feed it to
    :func:`framing.stats.rates_by_group` with ``group_col="voice"``). ``voiced`` is the output of
    :func:`assign_voices`; a table without a ``negated`` column has no negated hits.

    >>> corpus = pd.DataFrame({"doc_id": ["a"], "text": ['It may end. "It might end," Ann Lee said.']})
    >>> voiced = assign_voices(corpus, pd.DataFrame({"doc_id": ["a"], "start": [15], "end": [20],
    ...                                              "lexicon": ["hedging"], "negated": [False]}))
    >>> voice_scores(corpus, voiced, ["hedging"]).to_dict("records")[1]
    {'doc_id': 'a', 'voice': 'source', 'n_tokens': 3, 'hedging_count': 1, 'hedging_negated': 0}
    """
    if spans is None:
        spans = corpus_voice_spans(corpus)
    texts = dict(zip(corpus["doc_id"], corpus["text"]))
    tokens = [count_tokens(texts[d][s:e]) for d, s, e in zip(spans["doc_id"], spans["start"], spans["end"])]
    wide = pd.DataFrame(spans.assign(n_tokens=tokens).groupby(["doc_id", "voice"], sort=False)["n_tokens"].sum()
                        .unstack("voice", fill_value=0))
    voices = ["journalist", "source"] + sorted(set(wide.columns) - {"journalist", "source"})  # e.g. institution
    wide = wide.reindex(columns=voices, fill_value=0)
    table = pd.Series(wide.stack(), name="n_tokens").reset_index()
    keys = pd.MultiIndex.from_frame(table[["doc_id", "voice"]])
    negated = _negated(voiced)
    for lex in lexicons:
        own = voiced["lexicon"] == lex
        for column, rows in ((f"{lex}_count", own & ~negated), (f"{lex}_negated", own & negated)):
            counts = voiced[rows].groupby(["doc_id", "voice"]).size()
            table[column] = counts.reindex(keys, fill_value=0).to_numpy().astype(int)
    return table


def _negated(matches: pd.DataFrame) -> pd.Series:
    """Whether each hit is negated (all False when the table has no ``negated`` column)."""
    if "negated" not in matches.columns:
        return pd.Series(False, index=matches.index)
    return matches["negated"].fillna(False).astype(bool)


def voice_split(matches: pd.DataFrame, by: str | list[str] = "lexicon", corpus: pd.DataFrame | None = None) -> pd.DataFrame:
    """Hits per ``by`` group and voice, counted as :func:`framing.metrics.score` counts them:
    ``count`` (affirmed hits), ``negated`` (negated hits) and ``share`` (of the group's affirmed
    hits in each voice): the table behind voice bars. Columns of ``by`` the match table lacks
    (e.g. ``outlet``) are taken from ``corpus`` by ``doc_id``.

    >>> m = pd.DataFrame({"lexicon": ["h"] * 4, "voice": ["journalist", "source", "source", "source"],
    ...                   "negated": [False, False, False, True]})
    >>> voice_split(m).to_dict("records")[1]
    {'lexicon': 'h', 'voice': 'source', 'count': 2, 'negated': 1, 'share': 0.6666666666666666}
    """
    by = [by] if isinstance(by, str) else list(by)
    missing = [c for c in by if c not in matches.columns]
    if missing and corpus is not None:
        matches = matches.merge(corpus[["doc_id", *missing]], on="doc_id", how="left")
    negated = _negated(matches)
    keys = [matches[k] for k in [*by, "voice"]]
    counts = pd.DataFrame({"count": ~negated, "negated": negated}).astype(int).groupby(keys, observed=True).sum()
    if counts.empty:
        return pd.DataFrame(columns=[*by, "voice", "count", "negated", "share"])
    present = sorted(set(matches["voice"].dropna()) - {"journalist", "source"})  # e.g. institution
    voices = pd.MultiIndex.from_product([["count", "negated"], ["journalist", "source", *present]], names=[None, "voice"])
    wide = pd.DataFrame(counts.unstack("voice", fill_value=0)).reindex(columns=voices, fill_value=0)
    table = wide.stack("voice", future_stack=True).reset_index()
    totals = table.groupby(by, observed=True)["count"].transform("sum")
    table["share"] = table["count"] / totals.where(totals > 0)
    return table
