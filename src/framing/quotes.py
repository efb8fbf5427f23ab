"""Who speaks: voice spans (journalist vs source) and the match and score tables built on them.

:func:`voice_spans` cuts a text into consecutive spans that cover it exactly, each with a
``voice`` (``journalist`` for the writer's own narration and attributions, ``source`` for
content given to someone else, ``institution`` for an official text's own words), the
``speaker`` of source spans and the ``kind`` of span (``narration``, ``attribution``,
``mention``, ``direct``, ``indirect``, ``turn``, ``institution``). The attribution itself lives
in :mod:`framing.voices`: the cue lexicon (``voices/cues.yaml``), quotation marks, reported
speech with the cue before or after, speakers resolved per document. Rule-based and
English-only: check it on your own data with :mod:`framing.kwic`.

>>> spans = voice_spans('Talks stalled. "We will not give up land," Zelenskiy said.')
>>> spans[["start", "end", "voice", "speaker", "kind"]].to_dict("records")[1]
{'start': 15, 'end': 42, 'voice': 'source', 'speaker': 'Zelenskiy', 'kind': 'direct'}
"""

from __future__ import annotations

import bisect
import re

import pandas as pd

from .text import count_tokens
from .voices import SPAN_COLUMNS as SPAN_COLUMNS  # re-exported: the column contract
from .voices import corpus_voice_spans as _corpus_voice_spans
from .voices import voice_spans as _voice_spans

VOICE_COLUMNS = ["voice", "speaker", "voice_kind"]


def _paragraph_of(text: str, pos: int) -> tuple[int, int]:
    start = max(text.rfind("\n\n", 0, pos) + 2, 0) if "\n\n" in text[:pos] else 0
    end = text.find("\n\n", pos)
    return start, (end if end >= 0 else len(text))


def _sentence_end(text: str, pos: int, limit: int) -> int:
    m = re.compile(r"[.!?…](?=[\s\"”’]|$)|\n").search(text, pos, limit)
    return m.end() if m else limit


def voice_spans(text: str, *, institution: str = "") -> pd.DataFrame:
    """Cut ``text`` into voice spans covering it exactly: ``start, end, voice, speaker, kind``.

    The attribution itself lives in :mod:`framing.voices` (cue lexicon as data, speakers
    resolved per document, ``institution`` voice for official texts); this is its stable entry.

    >>> t = '“We hold the line,” she said. She added that talks may resume.'
    >>> voice_spans('Ann Lee spoke. ' + t)[["voice", "speaker", "kind"]].values.tolist()
    ... # doctest: +NORMALIZE_WHITESPACE
    [['journalist', '', 'narration'], ['source', 'Ann Lee', 'direct'],
     ['journalist', '', 'attribution'], ['journalist', '', 'narration'], ['journalist', '', 'attribution'],
     ['source', 'Ann Lee', 'indirect']]
    """
    return _voice_spans(text, institution=institution)


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
    by_doc = {doc_id: part for doc_id, part in spans.groupby("doc_id", sort=False)}
    voices, speakers, kinds = [], [], []
    for doc_id, start in zip(matches["doc_id"], matches["start"]):
        part = by_doc.get(doc_id)
        k = bisect.bisect_right(part["start"].tolist(), int(start)) - 1 if part is not None else -1
        if k < 0:
            voices.append("journalist"), speakers.append(""), kinds.append("narration")
            continue
        row = part.iloc[k]
        voices.append(row["voice"]), speakers.append(row["speaker"]), kinds.append(row["kind"])
    out["voice"], out["speaker"], out["voice_kind"] = voices, speakers, kinds
    return out


def voice_scores(corpus: pd.DataFrame, voiced: pd.DataFrame, lexicons: list[str],
                 spans: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per document and voice: ``doc_id, voice, n_tokens, <lexicon>_count`` — the denominators that
    make hits in quotes and in narration comparable (feed it to :func:`framing.stats.rates_by_group`
    with ``group_col="voice"``). ``voiced`` is the output of :func:`assign_voices`.

    >>> corpus = pd.DataFrame({"doc_id": ["a"], "text": ['It may end. "It might end," Ann Lee said.']})
    >>> voiced = assign_voices(corpus, pd.DataFrame({"doc_id": ["a"], "start": [15], "end": [20],
    ...                                              "lexicon": ["hedging"]}))
    >>> voice_scores(corpus, voiced, ["hedging"]).to_dict("records")
    [{'doc_id': 'a', 'voice': 'journalist', 'n_tokens': 6, 'hedging_count': 0}, {'doc_id': 'a', 'voice': 'source', 'n_tokens': 3, 'hedging_count': 1}]
    """
    if spans is None:
        spans = corpus_voice_spans(corpus)
    texts = dict(zip(corpus["doc_id"], corpus["text"]))
    tokens = [count_tokens(texts[d][s:e]) for d, s, e in zip(spans["doc_id"], spans["start"], spans["end"])]
    table = (spans.assign(n_tokens=tokens).groupby(["doc_id", "voice"], sort=False)["n_tokens"].sum()
             .unstack("voice", fill_value=0).reindex(columns=["journalist", "source"], fill_value=0)
             .stack().rename("n_tokens").reset_index())
    for lex in lexicons:
        counts = voiced[voiced["lexicon"] == lex].groupby(["doc_id", "voice"]).size()
        keys = pd.MultiIndex.from_frame(table[["doc_id", "voice"]])
        table[f"{lex}_count"] = counts.reindex(keys, fill_value=0).to_numpy().astype(int)
    return table


def voice_split(matches: pd.DataFrame, by: str | list[str] = "lexicon") -> pd.DataFrame:
    """Hits per ``by`` group and voice, with the share of each voice: the table behind voice bars.

    >>> m = pd.DataFrame({"lexicon": ["h", "h", "h"], "voice": ["journalist", "source", "source"]})
    >>> voice_split(m).to_dict("records")[1]
    {'lexicon': 'h', 'voice': 'source', 'count': 2, 'share': 0.6666666666666666}
    """
    by = [by] if isinstance(by, str) else list(by)
    counts = matches.groupby([*by, "voice"], observed=True).size().rename("count")
    table = counts.unstack("voice", fill_value=0)
    for voice in ("journalist", "source"):
        if voice not in table.columns:
            table[voice] = 0
    table = table[["journalist", "source"]].stack().rename("count").reset_index()
    totals = table.groupby(by, observed=True)["count"].transform("sum")
    table["share"] = table["count"] / totals.where(totals > 0)
    return table.reset_index(drop=True)
