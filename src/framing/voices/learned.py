"""A learned token tagger on top of the attribution rules: which words are a source's content.

The rules of :mod:`framing.voices.attribution` miss reported speech whose cue is not in the cue
lexicon and cut some spans at the wrong clause. This module adds an optional second step: a
per-token logistic regression that reads the rules' output together with the raw text and
decides, word by word, whether the word is inside a source's content. The rules' spans keep their
speakers. Who speaks a stretch the tagger adds (a *run*) is decided by a learned speaker chooser
when the model has one (:class:`Chooser`: a conditional logit over the speakers mentioned around
the run, as the rules resolve names, pronouns and source nouns, and the writer); without one, by a
rule: the sentence's subject when the rules found that speaker in the text too, else the writer
(:func:`spans_from_decisions`).

The kit ships the code only, never weights: the tagger is trained by the user on an annotated
corpus (``benchmarks/voices_train.py`` trains it on one's own copy of PolNeAR, whose repository
has no licence). Everything here is a pure function:

* :func:`token_features`: the features of each word (strings), computed from the text and the
  rules' spans only (the kit's own words, sentences and paragraphs; no parser);
* :func:`feature_matrix`: those features hashed into a fixed space (a sparse matrix);
* :func:`token_labels`: the gold answer of each word from annotated content spans;
* :func:`train_tagger` / :func:`token_probabilities` / :func:`smooth`: fit and apply;
* :func:`stack_columns` / :func:`train_stacker`: an optional second step that decides each word
  again from the first step's probabilities around it (its sentence, its clause, its neighbours);
* :func:`speaker_candidates` / :func:`speaker_examples` / :func:`train_chooser` / :func:`run_speakers`:
  the speaker chooser's candidates and features, its training examples from annotated
  attributions, fit and apply; :func:`unnamed_speakers` / :func:`with_speakers`: the same chooser
  names the speaker of a source span of the rules that has none;
* :func:`tagged_spans` / :func:`corpus_tagged_spans`: voice spans with the tagger's decisions;
* :func:`save_tagger` / :func:`load_tagger`: a model file (``.npz``, no pickle: weights, intercept,
  the second step's and the chooser's arrays, and a JSON string of settings with a format name and
  version).

>>> text = "Kyiv will not yield, the minister said. Ann Lee believes the talks would fail."
>>> from framing.voices import voice_spans
>>> feats = token_features(text, voice_spans(text))
>>> len(feats) == len(word_spans(text)), "w0=kyiv" in feats[0], "k0=indirect" in feats[0]
(True, True, True)
"""

from __future__ import annotations

import bisect
import json
import re
import zipfile
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from scipy import sparse

from ..errors import InputError, ParameterError
from ..text import paragraph_spans, sentence_spans, word_spans
from .attribution import SPAN_COLUMNS, quotations
from .cues import Cues, alternation, load_cues
from .speakers import _SENTENCE_OPENS, NAME, Speakers

FORMAT = "framing-voices-tagger"
FORMAT_VERSION = 3  # 2: the speaker chooser (speaker_weights, speaker_intercept; speaker_threshold, speaker_min_words);
# 3: the chooser's candidates (no mention inside a name, no capitalised plural opening a sentence) and the writer's features
N_FEATURES = 2 ** 20
SMOOTHINGS = ("none", "window1", "window2", "clause")
SPEAKER_FEATURES = 2 ** 16  # the speaker chooser's hashed feature space
RUN_SPEAKERS = ("known", "named", "nearest")  # who may speak a run the tagger adds (see spans_from_decisions)
_CONTEXT = 8  # words of the sentence on each side read as a bag ("L=believes")


@lru_cache(maxsize=1)
def _who() -> re.Pattern[str]:
    """Who a new content run may belong to: a name, "he"/"she"/"they", or a source noun of the
    built-in cue lexicon with up to two words before it ("American officials", "the campaign")."""
    nouns = alternation(load_cues().source_nouns)
    return re.compile(rf"{NAME}|\b(?:[Hh]e|[Ss]he|[Tt]hey)\b|"
                      rf"(?:(?:[Tt]he|[Mm]any|[Ss]ome|[Mm]ost)[ \t]+)?(?:[a-zA-Z]+[ \t]+)?\b(?i:{nouns})\b")


_RETRAIN = "train a model with this kit: python benchmarks/voices_train.py POLNEAR --out MODEL (see docs/voices.md)"


@dataclass(frozen=True)
class Stacker:
    """A second step that decides each word again from the first step's probabilities around it
    (:func:`stack_columns`), each column cut into bins at ``edges`` and one-hot coded for a
    logistic regression (``weights``: one per bin of each column, then ``intercept``)."""

    edges: np.ndarray  # (columns, bins - 1)
    weights: np.ndarray  # (columns * bins,)
    intercept: float


@dataclass(frozen=True)
class Tagger:
    """A trained tagger: hashed-feature weights, intercept and how to decide.

    ``threshold``: a word is content when its (smoothed) probability is at least this;
    ``smoothing``: one of :data:`SMOOTHINGS` (``window1``: the mean over a word and one word on
    each side in its sentence; ``clause``: half the word's own probability, half its clause's mean,
    a clause ending at ``,;:`` or a dash); ``stacker``: a second step that decides instead of the
    smoothing (see :class:`Stacker`); ``chooser``: who speaks the runs the tagger adds (see
    :class:`Chooser`; without one, the rule of :func:`spans_from_decisions`); ``settings``: anything
    else worth keeping (training data,
    regularisation, cross-validated scores), stored as JSON.
    """

    weights: np.ndarray
    intercept: float
    threshold: float = 0.5
    smoothing: str = "none"
    settings: Mapping[str, object] = field(default_factory=dict)
    stacker: Stacker | None = None
    chooser: Chooser | None = None

    @property
    def n_features(self) -> int:
        """Size of the hashed feature space."""
        return int(self.weights.shape[0])


@lru_cache(maxsize=4)
def _cue_words(cues: Cues) -> frozenset[str]:
    """Lower-case single words of the lexicon's cue lists (the first word of "called for")."""
    lists = (cues.speech | cues.that_only | cues.infinitive | cues.progressive | cues.participles
             | cues.stance | cues.seeing_as)
    return frozenset(w.split()[0].lower() for w in lists if w.strip())


def _shape(word: str) -> str:
    """``Xx`` (capitalised), ``X`` (all capitals), ``x`` (lower case), ``d`` (a digit in it), ``o`` (other).

    >>> [_shape(w) for w in ("Ann", "NATO", "said", "2016", "iPhone")]
    ['Xx', 'X', 'x', 'd', 'o']
    """
    if any(c.isdigit() for c in word):
        return "d"
    if word.isupper():
        return "X"
    if word[:1].isupper() and (len(word) == 1 or word[1:].islower()):
        return "Xx"
    return "x" if word.islower() else "o"


def _gap(text: str) -> str:
    """The characters between two words, reduced to their kind: ``_`` (a space), ``,``, ``.``,
    ``q`` (a quotation mark), ``n`` (a paragraph or line break), ``-`` (a dash) and other marks.

    >>> [_gap(g) for g in (" ", ", ", '." ', ".\\n\\n", " — ")]
    ['_', ',', '.q', '.n', '-']
    """
    out: list[str] = []
    for ch in text:
        kind = ("n" if ch == "\n" else "_" if ch.isspace() else "q" if ch in "\"“”«»„'`‘’"
                else "-" if ch in "-–—" else ch)
        if kind != "_" and (not out or out[-1] != kind):
            out.append(kind)
    return "".join(out)[:4] or "_"


def _bucket(n: int) -> str:
    """A distance in words, coarsened to the lower edge of 1, 2, 3, 4-6, 7-10, 11-20, 21 or more.

    >>> [_bucket(n) for n in (1, 5, 30)]
    ['1', '4', '21']
    """
    edges = (1, 2, 3, 4, 7, 11, 21)
    return str(edges[max(bisect.bisect_right(edges, n) - 1, 0)])


def _index_of(starts: Sequence[int], pos: int) -> int:
    """Index of the span whose start is the last at or before ``pos`` (0 when none is)."""
    return max(bisect.bisect_right(starts, pos) - 1, 0)


def _clauses(gaps: list[str], sent: np.ndarray) -> np.ndarray:
    """A clause number per word: a new clause after ``,;:``, a dash, a quotation mark or a new sentence."""
    out = np.zeros(len(gaps), dtype=int)
    for i in range(1, len(gaps)):
        cut = sent[i] != sent[i - 1] or any(c in gaps[i] for c in ",;:-q()")
        out[i] = out[i - 1] + cut
    return out


@dataclass(frozen=True)
class _Doc:
    """The words of one text with what the features need (internal)."""

    tokens: list[tuple[int, int]]
    words: list[str]  # as written
    lower: list[str]
    gaps: list[str]  # before each word
    sent: np.ndarray  # sentence number of each word
    para: np.ndarray  # paragraph number of each word
    row: np.ndarray  # row of the rules' span table holding each word
    source: np.ndarray  # the rules give the word to a source
    kinds: list[str]
    quoted: np.ndarray
    cue: np.ndarray  # the word is a cue of the lexicon
    clause: np.ndarray


def _words(text: str) -> tuple[list[tuple[int, int]], list[int], list[str], np.ndarray]:
    """The words of ``text`` (:func:`framing.text.word_spans`), where each starts, the marks before
    each (:func:`_gap`) and each one's sentence number."""
    tokens = word_spans(text)
    starts = [s for s, _ in tokens]
    ends = [0] + [e for _, e in tokens[:-1]]
    sentences = [s for s, _ in sentence_spans(text)] or [0]
    sent = np.array([_index_of(sentences, s) for s in starts], dtype=int)
    return tokens, starts, [_gap(text[a:s]) for a, s in zip(ends, starts)], sent


def _doc(text: str, spans: pd.DataFrame, cues: Cues) -> _Doc:
    tokens, starts, gaps, sent = _words(text)
    written = [text[s:e] for s, e in tokens]
    lower = [w.lower().replace("’", "'") for w in written]
    paragraphs = [s for s, _ in paragraph_spans(text)] or [0]
    para = np.array([_index_of(paragraphs, s) for s in starts], dtype=int)
    span_starts = spans["start"].tolist() or [0]
    row = np.array([_index_of(span_starts, s) for s in starts], dtype=int)
    voices = np.array(spans["voice"].tolist() + [""])
    kinds_all = spans["kind"].tolist() + [""]
    rows = row if len(spans) else np.full(len(tokens), len(spans), dtype=int)
    quotes = quotations(text)
    q_starts = [a for a, _ in quotes]
    quoted = np.array([bool(quotes) and quotes[_index_of(q_starts, s)][0] <= s < quotes[_index_of(q_starts, s)][1]
                       for s in starts], dtype=bool)
    cue_words = _cue_words(cues)
    return _Doc(tokens, written, lower, gaps, sent, para, rows, voices[rows] == "source", [kinds_all[r] for r in rows],
                quoted, np.array([w in cue_words for w in lower], dtype=bool), _clauses(gaps, sent))


def _nearest(flags: np.ndarray, group: np.ndarray, i: int, step: int) -> int:
    """Distance to the nearest flagged word before (``step=-1``) or after (``step=1``) word ``i`` in its
    group (sentence or paragraph); 0 when there is none."""
    j = i + step
    while 0 <= j < len(flags) and group[j] == group[i]:
        if flags[j]:
            return abs(j - i)
        j += step
    return 0


def _features(d: _Doc) -> list[list[str]]:
    n = len(d.tokens)
    pad = ["<s>", "<s>"]
    words = pad + d.lower + ["</s>", "</s>"]
    kinds = pad + d.kinds + ["</s>", "</s>"]
    sent_source = {s for s, src in zip(d.sent.tolist(), d.source.tolist()) if src}
    para_source = {p for p, src in zip(d.para.tolist(), d.source.tolist()) if src}
    sent_quoted = {s for s, q in zip(d.sent.tolist(), d.quoted.tolist()) if q}
    sent_start: dict[int, int] = {}
    for i, s in enumerate(d.sent.tolist()):
        sent_start.setdefault(s, i)
    sent_len = np.bincount(d.sent, minlength=int(d.sent.max()) + 1 if n else 1)
    out = []
    for i in range(n):
        k = i + 2
        w, kind = words[k], kinds[k]
        s = int(d.sent[i])
        pos = i - sent_start[s]
        f = [f"w0={w}", f"w-1={words[k - 1]}", f"w-2={words[k - 2]}", f"w+1={words[k + 1]}", f"w+2={words[k + 2]}",
             f"w-1w0={words[k - 1]}|{w}", f"w0w+1={w}|{words[k + 1]}",
             f"sh0={_shape(d.words[i])}", f"sh-1={_shape(d.words[i - 1]) if i else '<s>'}",
             f"k0={kind}", f"k-1={kinds[k - 1]}", f"k+1={kinds[k + 1]}", f"k-1k0={kinds[k - 1]}|{kind}",
             f"k0k+1={kind}|{kinds[k + 1]}", f"g0={d.gaps[i]}", f"g+1={d.gaps[i + 1] if i + 1 < n else 'end'}",
             f"g0k0={d.gaps[i]}|{kind}", f"q={int(d.quoted[i])}", f"qk={int(d.quoted[i])}|{kind}",
             f"pos={_bucket(pos + 1)}", f"left={_bucket(int(sent_len[s]) - pos)}",
             f"sidx={min(s, 3)}", f"ssrc={int(s in sent_source)}|{kind}", f"psrc={int(int(d.para[i]) in para_source)}",
             f"prevsrc={int(s - 1 in sent_source)}|{int(s in sent_source)}", f"squote={int(s in sent_quoted)}"]
        for step, name in ((-1, "cb"), (1, "ca")):
            dist = _nearest(d.cue, d.sent, i, step)
            if dist:
                f += [f"{name}={_bucket(dist)}", f"{name}w={d.lower[i + step * dist]}", f"{name}k={_bucket(dist)}|{kind}"]
            else:
                f.append(f"{name}=0|{kind}")
            pdist = _nearest(d.cue, d.para, i, step)
            f.append(f"p{name}={_bucket(pdist) if pdist else 0}")
            sdist = _nearest(d.source, d.sent, i, step)
            f.append(f"s{name}={_bucket(sdist) if sdist else 0}")
        first, end = sent_start[s], sent_start[s] + int(sent_len[s])
        lo, hi = max(first, i - _CONTEXT), min(end, i + 1 + _CONTEXT)
        f += [f"L={x}" for x in d.lower[lo:i]] + [f"R={x}" for x in d.lower[i + 1:hi]]
        f += [f"LL={x}" for x in d.lower[max(first, i - 3 * _CONTEXT):lo]]
        f += [f"RR={x}" for x in d.lower[hi:min(end, i + 1 + 3 * _CONTEXT)]]
        f.append(f"s1={d.lower[first]}")
        out.append(f)
    return out


def token_features(text: str, spans: pd.DataFrame, cues: Cues | None = None) -> list[list[str]]:
    """The features of each word of ``text`` (:func:`framing.text.word_spans`), as strings.

    ``spans``: the rules' :func:`~framing.voices.voice_spans` of the text. A word's features are
    its lower-case form and shape and those of two words on each side; the rules' kind of it and of
    its neighbours; the marks before and after it; whether it is inside a quotation; the distance
    to the nearest cue word of the lexicon before and after it in its sentence (and that word), and
    in its paragraph; whether the rules found a source in its sentence, its paragraph, the sentence
    before; its position in the sentence; and the words of its sentence up to eight on each side
    (``L=believes``: a cue the lexicon lacks can be learned from them). Deterministic.

    >>> text = 'Ann Lee thinks the talks will fail.'
    >>> f = token_features(text, pd.DataFrame([[0, 35, "journalist", "", "narration"]], columns=SPAN_COLUMNS))
    >>> [x for x in f[3] if x.startswith(("w0=", "L=", "k0="))]
    ['w0=the', 'k0=narration', 'L=ann', 'L=lee', 'L=thinks']
    """
    return _features(_doc(text, spans, cues or load_cues()))


def feature_matrix(features: Sequence[Sequence[str]], n_features: int = N_FEATURES) -> sparse.csr_matrix:
    """The words' features hashed into ``n_features`` columns (signed MurmurHash3, as scikit-learn's
    ``FeatureHasher``): one row per word, the same matrix on every machine.

    >>> feature_matrix([["w0=said", "q=0"], ["w0=said"]], n_features=16).shape
    (2, 16)
    """
    from sklearn.feature_extraction import FeatureHasher

    if n_features < 2 or n_features & (n_features - 1):
        raise ParameterError(f"n_features must be a power of two >= 2, got {n_features}")
    if not features:
        return sparse.csr_matrix((0, n_features), dtype=np.float32)
    return FeatureHasher(n_features=n_features, input_type="string", dtype=np.float32).transform(features).tocsr()


def token_labels(text: str, content: Sequence[tuple[int, int]]) -> np.ndarray:
    """Whether each word of ``text`` starts inside one of the ``content`` character spans (the gold
    answer, as :func:`framing.voices.evaluate.score_document` counts it).

    >>> token_labels("Ann said it will rain.", [(9, 22)]).tolist()
    [False, False, True, True, True]
    """
    starts = np.array([s for s, _ in word_spans(text)], dtype=int)
    inside = np.zeros(len(starts), dtype=bool)
    for a, b in content:
        inside |= (starts >= a) & (starts < b)
    return inside


def token_groups(text: str) -> tuple[np.ndarray, np.ndarray]:
    """The sentence number and the clause number of each word (what :func:`smooth` averages over).

    >>> [g.tolist() for g in token_groups("He left, she said. Fine.")]
    [[0, 0, 0, 0, 1], [0, 0, 1, 1, 2]]
    """
    _, _, gaps, sent = _words(text)
    return sent, _clauses(gaps, sent)


def smooth(probs: np.ndarray, sent: np.ndarray, clause: np.ndarray, how: str) -> np.ndarray:
    """Probabilities smoothed within each sentence (see :class:`Tagger` for ``how``).

    >>> smooth(np.array([0.0, 1.0, 0.0, 1.0]), np.array([0, 0, 0, 1]), np.array([0, 0, 1, 2]), "window1").tolist()
    [0.5, 0.3333333333333333, 0.5, 1.0]
    >>> smooth(np.array([0.0, 1.0, 0.0]), np.array([0, 0, 0]), np.array([0, 0, 1]), "clause").tolist()
    [0.25, 0.75, 0.0]
    """
    if how == "none" or not len(probs):
        return probs
    if how == "clause":
        sums = np.bincount(clause, weights=probs)
        counts = np.bincount(clause)
        return 0.5 * probs + 0.5 * (sums / np.maximum(counts, 1))[clause]
    if how not in ("window1", "window2"):
        raise ParameterError(f"smoothing must be one of {', '.join(SMOOTHINGS)}, got {how!r}")
    width = int(how[-1])
    total = probs.copy()
    count = np.ones(len(probs))
    for step in range(1, width + 1):
        same = sent[step:] == sent[:-step]
        total[step:] += np.where(same, probs[:-step], 0.0)
        count[step:] += same
        total[:-step] += np.where(same, probs[step:], 0.0)
        count[:-step] += same
    return total / count


def stack_columns(probs: np.ndarray, sent: np.ndarray, clause: np.ndarray) -> np.ndarray:
    """The second step's view of each word: its first-step log-odds and those of three words on each
    side in its sentence (-8 beyond it), the mean, highest and lowest probability of its sentence and
    of its clause, the highest before and after it in the sentence and the mean up to it (16 columns).

    >>> stack_columns(np.array([0.5, 0.9]), np.array([0, 0]), np.array([0, 1])).shape
    (2, 16)
    """
    n = len(probs)
    p = np.clip(np.asarray(probs, dtype=np.float64), 1e-4, 1 - 1e-4)
    z = np.log(p / (1 - p))

    def shift(k: int) -> np.ndarray:
        out = np.full(n, -8.0)
        if n > abs(k) and k > 0:
            out[k:] = np.where(sent[k:] == sent[:-k], z[:-k], -8.0)
        elif n > abs(k) and k < 0:
            out[:k] = np.where(sent[:k] == sent[-k:], z[-k:], -8.0)
        return out

    series = pd.Series(p)
    by_sent, by_clause = series.groupby(sent), series.groupby(clause)
    backwards = pd.Series(p[::-1]).groupby(sent[::-1])
    cols = [z, *(shift(k) for k in (1, 2, 3, -1, -2, -3)),
            by_sent.transform("mean"), by_sent.transform("max"), by_sent.transform("min"),
            by_clause.transform("mean"), by_clause.transform("min"), by_clause.transform("max"),
            by_sent.cummax(), backwards.cummax().to_numpy()[::-1],
            by_sent.cumsum() / (by_sent.cumcount() + 1)]
    return np.column_stack([np.asarray(c, dtype=np.float64) for c in cols]) if n else np.zeros((0, 16))


def _binned(stacker_edges: np.ndarray, cols: np.ndarray) -> sparse.csr_matrix:
    """One-hot bins of each column (``edges``: the inner bin edges of each column)."""
    n, m = cols.shape
    bins = stacker_edges.shape[1] + 1
    index = np.column_stack([np.searchsorted(stacker_edges[j], cols[:, j], side="right") + j * bins
                             for j in range(m)]) if n else np.zeros((0, m), dtype=int)
    return sparse.csr_matrix((np.ones(n * m), index.ravel(), np.arange(0, n * m + 1, m)), shape=(n, m * bins))


def train_stacker(cols: np.ndarray, y: np.ndarray, *, bins: int = 8, c: float = 1.0) -> Stacker:
    """Fit the second step on :func:`stack_columns` of out-of-fold first-step probabilities and the
    gold labels ``y`` (bins at quantiles of each column).

    >>> cols = stack_columns(np.array([0.1, 0.2, 0.8, 0.9] * 5), np.repeat(np.arange(10), 2), np.arange(20))
    >>> stacker = train_stacker(cols, np.array([0, 0, 1, 1] * 5), bins=2, c=10.0)
    >>> (stacked_probabilities(stacker, cols)[:4] > 0.5).tolist()
    [False, False, True, True]
    """
    from sklearn.linear_model import LogisticRegression

    edges = np.quantile(cols, np.linspace(0, 1, bins + 1)[1:-1], axis=0).T
    model = LogisticRegression(C=c, max_iter=1000).fit(_binned(edges, cols), np.asarray(y, dtype=int))
    return Stacker(np.ascontiguousarray(edges), model.coef_[0].astype(np.float64), float(model.intercept_[0]))


def stacked_probabilities(stacker: Stacker, cols: np.ndarray) -> np.ndarray:
    """The second step's probability that each word is content (``cols``: :func:`stack_columns`)."""
    z = _binned(stacker.edges, cols) @ stacker.weights + stacker.intercept
    return np.asarray(1.0 / (1.0 + np.exp(-z)), dtype=np.float64).ravel()


def train_tagger(x: sparse.spmatrix, y: np.ndarray, *, c: float = 1.0, threshold: float = 0.5,
                 smoothing: str = "none", settings: Mapping[str, object] | None = None,
                 stacker: Stacker | None = None) -> Tagger:
    """Fit the per-word logistic regression (L2, inverse strength ``c``; liblinear) on hashed
    features ``x`` (:func:`feature_matrix`) and gold labels ``y`` (:func:`token_labels`).

    >>> x = feature_matrix([["w0=said"], ["w0=rain"], ["w0=rain"], ["w0=said"]], n_features=8)
    >>> tagger = train_tagger(x, np.array([0, 1, 1, 0]), c=10.0)
    >>> (token_probabilities(tagger, x) > 0.5).tolist()
    [False, True, True, False]
    """
    from sklearn.linear_model import LogisticRegression

    if smoothing not in SMOOTHINGS:
        raise ParameterError(f"smoothing must be one of {', '.join(SMOOTHINGS)}, got {smoothing!r}")
    y = np.asarray(y, dtype=int)
    if len(set(y.tolist())) < 2:
        raise ParameterError("the training words must include content words and others (labels are all one class)")
    model = LogisticRegression(C=c, solver="liblinear", max_iter=200).fit(x, y)
    return Tagger(model.coef_[0].astype(np.float64), float(model.intercept_[0]), float(threshold), smoothing,
                  {"c": c, **(settings or {})}, stacker)


def token_probabilities(tagger: Tagger, x: sparse.spmatrix) -> np.ndarray:
    """The tagger's probability that each word (a row of ``x``) is a source's content."""
    if x.shape[1] != tagger.n_features:
        raise ParameterError(f"the features have {x.shape[1]} columns but the tagger was trained on "
                             f"{tagger.n_features}: hash them with feature_matrix(..., n_features={tagger.n_features})")
    z = x @ tagger.weights + tagger.intercept
    return np.asarray(1.0 / (1.0 + np.exp(-z)), dtype=np.float64).ravel()


def content_probabilities(tagger: Tagger, text: str, spans: pd.DataFrame) -> np.ndarray:
    """The tagger's probability that each word of ``text`` is inside a source's content (``spans``:
    the rules'), after its second step or smoothing. The features read the built-in English cue
    lexicon, as in training."""
    d = _doc(text, spans, load_cues())  # the words, sentences and clauses are read once for both steps
    probs = token_probabilities(tagger, feature_matrix(_features(d), tagger.n_features))
    if tagger.stacker is not None:
        return stacked_probabilities(tagger.stacker, stack_columns(probs, d.sent, d.clause))
    return smooth(probs, d.sent, d.clause, tagger.smoothing)


def content_decisions(tagger: Tagger, text: str, spans: pd.DataFrame) -> np.ndarray:
    """Whether the tagger puts each word of ``text`` inside a source's content (``spans``: the rules'):
    :func:`content_probabilities` at least the tagger's threshold."""
    return content_probabilities(tagger, text, spans) >= tagger.threshold


def spans_from_decisions(text: str, spans: pd.DataFrame, content: np.ndarray, *, min_words: int = 3,
                         speakers: str | Mapping[int, str] = "known") -> pd.DataFrame:
    """The rules' ``spans`` with each word's voice set by ``content`` (one bool per word).

    A word the rules gave to a source but ``content`` does not becomes the writer's (``journalist``
    narration, or the document's ``institution`` voice); a word ``content`` adds becomes a source's,
    kind ``direct`` inside a quotation and ``indirect`` otherwise. The marks between two words of the
    same new voice go with them. The spans still cover the text exactly.

    A *run* (words of one sentence that ``content`` adds and the rules gave to no source) is decided
    as a whole. Its speaker is resolved as the rules resolve speakers (:class:`~framing.voices.Speakers`)
    from the first name, "he"/"she"/"they" or source noun of its sentence before it (else after it).
    ``speakers="known"`` (the default) accepts only a speaker the rules already found in this text
    and leaves a run without one to the writer; ``"named"`` accepts any such speaker and leaves a
    run without one to the writer; ``"nearest"`` gives a run without one to the rules' nearest source
    in its sentence, else the nearest earlier one (the first version's rule). A run of fewer than
    ``min_words`` words with no rule source word next to it in its sentence ("the", "Those moves")
    goes back to the writer. The defaults were chosen on PolNeAR train by cross-validation: they
    trade a little content recall for speakers (docs/voices.md). ``speakers`` may also say who speaks
    each run, by its first word (:func:`run_speakers`, what a trained :class:`Chooser` picks); a run
    it leaves out goes to the writer.

    >>> text = "Ann Lee thinks the talks will fail."
    >>> rules = pd.DataFrame([[0, 35, "journalist", "", "narration"]], columns=SPAN_COLUMNS)
    >>> content = np.array([0, 0, 0, 1, 1, 1, 1], dtype=bool)
    >>> spans_from_decisions(text, rules, content, speakers="named").values.tolist()
    [[0, 15, 'journalist', '', 'narration'], [15, 35, 'source', 'Ann Lee', 'indirect']]
    >>> spans_from_decisions(text, rules, content).equals(rules)  # "Ann Lee" is no speaker of the rules
    True
    """
    chosen = speakers if isinstance(speakers, Mapping) else None
    if chosen is None and speakers not in RUN_SPEAKERS:
        raise ParameterError(f"speakers must be one of {', '.join(RUN_SPEAKERS)}, got {speakers!r}")
    tokens = word_spans(text)
    content = np.asarray(content, dtype=bool)
    if len(content) != len(tokens):
        raise ParameterError(f"content has {len(content)} decisions but the text has {len(tokens)} words")
    rows = [tuple(r) for r in spans[SPAN_COLUMNS].itertuples(index=False, name=None)]
    if not rows:
        rows = [(0, len(text), "journalist", "", "narration")]
    writer = next(((v, sp, k) for _, _, v, sp, k in rows if v == "institution"), ("journalist", "", "narration"))
    labels: list[tuple[str, str, str]] = []
    owner = np.empty(len(text), dtype=int)
    for k, (s, e, v, sp, kind) in enumerate(rows):
        owner[s:e] = k
        labels.append((v, sp, kind))
    starts = [s for s, _ in tokens]
    rule_label = [labels[owner[s]] for s in starts]
    rule_source = np.array([label[0] == "source" for label in rule_label], dtype=bool)
    if (rule_source == content).all():
        return spans[SPAN_COLUMNS].reset_index(drop=True)
    sentence_table = sentence_spans(text) or [(0, 0)]
    sentences, sentence_ends = [s for s, _ in sentence_table], [e for _, e in sentence_table]
    sent = np.array([_index_of(sentences, s) for s in starts], dtype=int)
    quotes = quotations(text)
    q_starts = [a for a, _ in quotes]

    found: dict[int, str] = {}
    resolver: list[Speakers] = []  # built when first needed
    rule_speakers = {label[1] for label in labels if label[0] == "source" and label[1]}

    def speaker_of(i: int) -> str:
        """The speaker of the new content run that holds word ``i`` (one answer per run)."""
        first = i
        while first > 0 and sent[first - 1] == sent[i] and content[first - 1] and not rule_source[first - 1]:
            first -= 1
        if first not in found:
            found[first] = _run_speaker(first, i)
        return found[first]

    def _run_speaker(first: int, i: int) -> str:
        # 1. a name, pronoun or source noun of the sentence before the run, else after it, as the rules resolve it
        who = _subject(first, i)
        if who:
            return who
        # 2. the nearest source word of the rules in the sentence, 3. else the nearest earlier one in the text
        for dist in range(1, len(tokens)):
            near = [j for j in (i - dist, i + dist) if 0 <= j < len(tokens) and sent[j] == sent[i]]
            if not near:
                break
            for j in near:
                if rule_source[j] and rule_label[j][1]:
                    return rule_label[j][1]
        for j in range(first - 1, -1, -1):
            if rule_source[j] and rule_label[j][1]:
                return rule_label[j][1]
        return ""

    def _subject(first: int, i: int) -> str:
        if chosen is not None:
            return chosen.get(first, "")
        if not resolver:
            resolver.append(Speakers(text, quoted=quotes))
        last = first
        while last + 1 < len(tokens) and sent[last + 1] == sent[i] and content[last + 1]:
            last += 1
        lo = next(j for j in range(first, -1, -1) if j == 0 or sent[j - 1] != sent[i])
        hi = next(j for j in range(last, len(tokens)) if j == len(tokens) - 1 or sent[j + 1] != sent[i])
        for a, b in ((tokens[lo][0], tokens[first][0]), (tokens[last][1], tokens[hi][1])):
            for m in _who().finditer(text, a, b):
                if resolver[0].is_source(m.group()):
                    who = resolver[0].resolve(m.group(), m.start(), remember=False)
                    if who and (speakers != "known" or who in rule_speakers):  # (the default)
                        return who
        return ""

    content = _decide_runs(content, rule_source, sent, found, _subject, min_words=min_words,
                           writer_unless_named=speakers != "nearest")

    added: dict[tuple[str, str, str], int] = {}
    previous = None
    for i, (s, e) in enumerate(tokens):
        if content[i] == rule_source[i]:
            previous = None
            continue
        if content[i]:
            q = bisect.bisect_right(q_starts, s) - 1
            kind = "direct" if q >= 0 and quotes[q][0] <= s < quotes[q][1] else "indirect"
            label = ("source", speaker_of(i), kind)
        else:
            label = writer
        k = added.setdefault(label, len(labels) + len(added))
        lo = tokens[i - 1][1] if previous == k else s
        owner[lo:e] = k
        if label[0] == "source" and (i + 1 == len(tokens) or sent[i + 1] != sent[i]):
            tail = np.arange(e, max(e, sentence_ends[sent[i]]))  # the sentence's closing marks go with its last word
            owner[tail[[labels[owner[c]][0] != "source" for c in tail]]] = k
        previous = k
    labels += list(added)
    out: list[tuple[int, int, str, str, str]] = []
    change = np.flatnonzero(np.diff(owner)) + 1
    for a, b in zip([0, *change.tolist()], [*change.tolist(), len(text)]):
        label = labels[owner[a]]
        if out and out[-1][2:] == label and out[-1][1] == a and owner[a] >= len(rows):
            out[-1] = (out[-1][0], b, *label)
        else:
            out.append((int(a), int(b), *label))
    return pd.DataFrame(out, columns=SPAN_COLUMNS)


def _decide_runs(content: np.ndarray, rule_source: np.ndarray, sent: np.ndarray, found: dict[int, str],
                 subject: Any, *, min_words: int, writer_unless_named: bool) -> np.ndarray:
    """The tagger's ``content`` with the runs it adds kept or left to the writer (internal to
    :func:`spans_from_decisions`). A run is a stretch of words of one sentence that the tagger adds
    and the rules gave to no source. A run of fewer than ``min_words`` words with no rule source
    word next to it in its sentence goes back to the writer; with ``writer_unless_named``, so does
    a run for which ``subject(first, first)`` finds no speaker (a found one is kept in ``found``
    under the run's first word)."""
    out = content.copy()
    n = len(content)
    for i, j in added_runs(content, rule_source, sent):
        beside = any(0 <= k < n and sent[k] == sent[i] and rule_source[k] for k in (i - 1, j + 1))
        if j - i + 1 < min_words and not beside:
            out[i:j + 1] = False
        elif writer_unless_named:
            found[i] = subject(i, i)
            if not found[i]:
                out[i:j + 1] = False
    return out


@lru_cache(maxsize=1)
def _mention_patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """Who may speak a run, by kind: a name, "he"/"she"/"they", a source noun with up to two words before it."""
    nouns = alternation(load_cues().source_nouns)
    return (("name", re.compile(NAME)), ("pronoun", re.compile(r"\b(?:[Hh]e|[Ss]he|[Tt]hey)\b")),
            ("noun", re.compile(rf"(?:(?:[Tt]he|[Mm]any|[Ss]ome|[Mm]ost)[ \t]+)?(?:[a-zA-Z]+[ \t]+)?\b(?i:{nouns})\b")))


@dataclass(frozen=True)
class _Mention:
    first: int  # its first and last word
    last: int
    speaker: str  # as the rules resolve it
    kind: str  # name, pronoun, noun, or rule (a source span of the rules)


@dataclass(frozen=True)
class _Runs:
    """What the speaker chooser reads of one text (internal): its words and the mentions of speakers."""

    doc: _Doc
    rule_speaker: list[str]  # the rules' speaker of each word ("" outside a source span)
    mentions: list[_Mention]  # in text order
    rule_count: Mapping[str, int]  # how many of the rules' source spans each speaker has
    frequency: Mapping[str, int]  # how many mentions each speaker has in the text
    sent_first: np.ndarray  # first word of each word's sentence
    sent_last: np.ndarray


def _runs_context(text: str, spans: pd.DataFrame) -> _Runs:
    cues = load_cues()
    d = _doc(text, spans, cues)
    speakers_of_rows = spans["speaker"].tolist() + [""]
    rule_speaker = [speakers_of_rows[r] if src else "" for r, src in zip(d.row.tolist(), d.source.tolist())]
    starts = [s for s, _ in d.tokens]
    resolver = Speakers(text, cues, quoted=quotations(text))
    found: list[tuple[int, int, str, str]] = []  # (start, end, speaker, kind) of each resolved mention
    for kind, pattern in _mention_patterns():
        for m in pattern.finditer(text):
            if kind == "name" and m.group().lower() in ("he", "she", "they"):
                continue  # "She" opening a sentence: a pronoun
            if resolver.is_source(m.group()):
                who = resolver.resolve(m.group(), m.start(), remember=False)
                if who and starts and not _opening_plural(text, m.start(), who):
                    found.append((m.start(), m.end(), who, kind))
    names = [(a, b) for a, b, _, kind in found if kind == "name"]
    mentions = [_Mention(_index_of(starts, a), _index_of(starts, b - 1), who, kind) for a, b, who, kind in found
                if kind == "name" or not any(na <= a and b <= nb and nb - na > b - a for na, nb in names)]
    count: dict[str, int] = {}
    i = 0
    while i < len(rule_speaker):
        if not rule_speaker[i]:
            i += 1
            continue
        j = i
        while j + 1 < len(rule_speaker) and rule_speaker[j + 1] == rule_speaker[i] and d.row[j + 1] == d.row[i]:
            j += 1
        mentions.append(_Mention(i, j, rule_speaker[i], "rule"))
        count[rule_speaker[i]] = count.get(rule_speaker[i], 0) + 1
        i = j + 1
    mentions.sort(key=lambda m: (m.first, m.last, m.kind))
    # (sentence numbers never fall from word to word: a sentence's first and last word are found by search)
    sent_first = np.searchsorted(d.sent, d.sent, side="left")
    sent_last = np.searchsorted(d.sent, d.sent, side="right") - 1
    frequency = Counter(mention.speaker for mention in mentions)
    return _Runs(d, rule_speaker, mentions, count, frequency, sent_first, sent_last)


def _opens_sentence(text: str, pos: int) -> bool:
    """Whether a word at ``pos`` opens its sentence (as :class:`~framing.voices.Speakers` reads subjects)."""
    return pos == 0 or _SENTENCE_OPENS.search(text, max(0, pos - 6), pos) is not None


def _opening_plural(text: str, start: int, who: str) -> bool:
    """Whether a mention at ``start`` that resolved to ``who`` is a capitalised plural opening its
    sentence ("Members of NATO have resisted ...", "Tensions rose"): one word ending in "s" that the
    text writes capitalised only where a sentence opens. Such a word speaks no run the tagger adds (the
    rules' own sources keep their speakers: "Members said ..." is a source of the rules).

    >>> _opening_plural("Rain fell. Members of NATO have resisted.", 11, "Members")
    True
    >>> _opening_plural("Democrats won. Later Democrats said no.", 0, "Democrats")
    False
    """
    words = who.split()
    if len(words) != 1 or not re.fullmatch(r"[A-Za-z][a-z]*[^s'’]s", words[0]):
        return False
    word = words[0]
    if text[start:start + len(word)].lower() != word.lower() or not _opens_sentence(text, start):
        return False
    capitalised = word[0].upper() + word[1:].lower()
    return all(_opens_sentence(text, m.start()) for m in re.finditer(rf"\b{capitalised}\b", text))


def added_runs(content: np.ndarray, rule_source: np.ndarray, sent: np.ndarray) -> list[tuple[int, int]]:
    """The runs ``content`` adds: (first, last) word of each stretch of words of one sentence that
    ``content`` gives to a source and the rules (``rule_source``) do not.

    >>> added_runs(np.array([1, 1, 0, 1, 1], bool), np.array([0, 0, 0, 0, 1], bool), np.array([0, 0, 0, 0, 1]))
    [(0, 1), (3, 3)]
    """
    new = np.asarray(content, dtype=bool) & ~np.asarray(rule_source, dtype=bool)
    out, i, n = [], 0, len(new)
    while i < n:
        if not new[i]:
            i += 1
            continue
        j = i
        while j + 1 < n and new[j + 1] and sent[j + 1] == sent[i]:
            j += 1
        out.append((i, j))
        i = j + 1
    return out


def _candidates(c: _Runs, i: int, j: int) -> list[tuple[str, list[str]]]:
    """The speakers that may speak the run of words ``i``..``j`` and the features of each; the
    writer (speaker ``""``) last."""
    d = c.doc
    s, p = int(d.sent[i]), int(d.para[i])
    first, last = int(c.sent_first[i]), int(c.sent_last[j])
    n = len(d.tokens)
    beside = [c.rule_speaker[k] for k in (i - 1, j + 1) if 0 <= k < n and d.sent[k] == s and c.rule_speaker[k]]
    run = [f"len={_bucket(j - i + 1)}", f"rq={int(d.quoted[i])}", f"beside={int(bool(beside))}",
           f"scue={int(bool(d.cue[first:last + 1].any()))}", f"rfirst={int(i == first)}", f"rlast={int(j == last)}",
           f"ssrc={int(bool(d.source[first:last + 1].any()))}"]
    near: dict[str, list[tuple[int, str, int, _Mention]]] = {}  # speaker -> (order, where, distance, mention)
    for m in c.mentions:
        m_sent = int(d.sent[m.first])
        if m_sent == s:
            where = "before" if m.last < i else "after" if m.first > j else "inside"
        elif m_sent == s - 1:
            where = "prev"
        elif int(d.para[m.first]) == p:
            where = "para_before" if m.first < i else "para_after"
        else:
            continue
        dist = i - m.last if m.last < i else m.first - j if m.first > j else 0
        near.setdefault(m.speaker, []).append((0 if m_sent == s else 1, where, dist, m))
    earlier = 0
    for m in reversed(c.mentions):  # the two latest speakers of the rules before the sentence
        if earlier < 2 and m.kind == "rule" and m.last < first and m.speaker not in near:
            near[m.speaker] = [(2, "earlier", i - m.last, m)]
            earlier += 1
    order = sorted(near, key=lambda w: min((o, dist) for o, _, dist, _ in near[w]))
    latest_rule = next((m.speaker for m in reversed(c.mentions) if m.kind == "rule" and m.last < i), "")
    out = []
    for rank, who in enumerate(order):
        ms = near[who]
        _, where, dist, m = min(ms, key=lambda x: (x[0], x[2]))
        known = int(who in c.rule_count)
        between = (d.cue[m.last + 1:i].any() if where == "before" else d.cue[j + 1:m.first].any() if where == "after"
                   else False)
        cue_after = bool(d.cue[m.last + 1:min(m.last + 4, int(c.sent_last[m.last]) + 1)].any())
        cue_before = bool(d.cue[max(m.first - 2, int(c.sent_first[m.first])):m.first].any())
        kinds = sorted({x[3].kind for x in ms})
        before_word = d.lower[m.first - 1] if m.first > 0 and d.sent[m.first - 1] == d.sent[m.first] else "<s>"
        after_word = d.lower[m.last + 1] if m.last + 1 < n and d.sent[m.last + 1] == d.sent[m.last] else "</s>"
        f = ["bias", f"where={where}", f"dist={_bucket(dist)}", f"kind={m.kind}", f"wk={where}|{m.kind}",
             f"wd={where}|{_bucket(dist)}", f"known={known}", f"wkn={where}|{known}", f"nrule={min(c.rule_count.get(who, 0), 3)}",
             f"rank={min(rank, 3)}", f"wr={where}|{min(rank, 3)}", f"n={min(len(ms), 3)}",
             f"adj={int(who in beside)}", f"latest={int(who == latest_rule)}",
             f"subj={int(m.first - int(c.sent_first[m.first]) <= 1)}", f"ws={where}|{int(m.first - int(c.sent_first[m.first]) <= 1)}",
             f"cueb={int(bool(between))}", f"wc={where}|{int(bool(between))}", f"cuea={int(cue_after)}",
             f"cuep={int(cue_before)}", f"words={min(len(who.split()), 3)}", f"mb={before_word}", f"ma={after_word}",
             f"head={d.lower[m.last] if m.kind == 'noun' else _shape(who.split()[-1])}", f"cap={_shape(who.split()[0])}",
             f"freq={_bucket(c.frequency.get(who, 0))}",
             *(f"has={k}" for k in kinds), *run, f"lk={run[0]}|{known}", f"bw={run[2]}|{where}"]
        out.append((who, f))
    # the writer's own copy of the run's features (features every candidate shares cancel in the softmax):
    # whether a run is content at all is read from them, with the words and marks at its edges
    edges = [f"rb={d.lower[i - 1] if i > first else '<s>'}", f"r0={d.lower[i]}", f"rz={d.lower[j]}",
             f"ra={d.lower[j + 1] if j < last else '</s>'}", f"rg={d.gaps[i]}",
             f"rcb={int(bool(d.cue[first:i].any()))}", f"rca={int(bool(d.cue[j + 1:last + 1].any()))}",
             f"rci={int(bool(d.cue[i:j + 1].any()))}", f"frac={min(int(10 * (j - i + 1) / (last - first + 1)), 9)}",
             f"s1={d.lower[first]}", f"nc={min(len(order), 4)}",
             f"prev={int(bool(d.source[d.sent == s - 1].any()))}", f"psrc={int(bool(d.source[d.para == p].any()))}"]
    out.append(("", ["writer", "where=writer", *run, *(f"W{x}" for x in run + edges)]))  # nobody: the writer's
    return out


def speaker_candidates(text: str, spans: pd.DataFrame, content: np.ndarray, probs: np.ndarray | None = None) -> list[
        tuple[int, int, list[tuple[str, list[str]]]]]:
    """Each run ``content`` adds to the rules' ``spans`` (:func:`added_runs`: its first and last word)
    with the speakers that may speak it and their features: every speaker mentioned in the run's
    sentence, the sentence before or the paragraph (names, "he"/"she"/"they" and source nouns resolved
    as the rules resolve them, and the rules' own source spans), and the two latest speakers of the
    rules before it. The features say where the nearest mention is (before or after the run in its
    sentence, the sentence before, the paragraph), how far, its kind, whether a cue word stands between
    it and the run or next to it, whether it opens its sentence, whether the rules found that speaker in
    the text (how often, next to the run, last), the words around the mention, and the run's length,
    quotation and sentence, and the tagger's mean probability over it (``probs``, when given).

    >>> text = "Ann Lee spoke on Monday. She thinks the talks will fail."
    >>> rules = pd.DataFrame([[0, len(text), "journalist", "", "narration"]], columns=SPAN_COLUMNS)
    >>> runs = speaker_candidates(text, rules, np.array([0] * 7 + [1] * 4, dtype=bool))
    >>> [(first, last, [who for who, _ in candidates]) for first, last, candidates in runs]
    [(7, 10, ['Ann Lee', ''])]
    """
    c = _runs_context(text, spans)
    return [(i, j, _with_probs(_candidates(c, i, j), probs, i, j)) for i, j in added_runs(content, c.doc.source, c.doc.sent)]


def _with_probs(candidates: list[tuple[str, list[str]]], probs: np.ndarray | None, i: int,
                j: int) -> list[tuple[str, list[str]]]:
    """The candidates of the run of words ``i``..``j`` with the tagger's mean probability over it (and,
    for the writer, its lowest and highest), when ``probs`` are given."""
    if probs is None:
        return candidates
    mean = f"prob={min(int(float(np.mean(probs[i:j + 1])) * 10), 9)}"
    out = [(who, [*f, mean, f"pw={mean}|{f[1]}"]) for who, f in candidates]  # f[1]: where
    low, high = (min(int(float(q) * 10), 9) for q in (np.min(probs[i:j + 1]), np.max(probs[i:j + 1])))
    out[-1][1].extend([f"Wpmin={low}", f"Wpmax={high}"])  # the writer: how sure the tagger is
    return out


def unnamed_speakers(chooser: Chooser, text: str, spans: pd.DataFrame,
                     probs: np.ndarray | None = None) -> dict[int, tuple[str, float]]:
    """The likeliest speaker of each source span of the rules that has none, by its row of ``spans``,
    and its probability: the span's words are read as a run (:func:`speaker_candidates`), the speakers
    mentioned around it its candidates (spans without a candidate are left out).

    >>> text = "Ann Lee spoke on Monday. The talks will fail, it was said."
    >>> rules = pd.DataFrame([[0, 25, "journalist", "", "narration"], [25, 44, "source", "", "indirect"],
    ...                       [44, len(text), "journalist", "", "attribution"]], columns=SPAN_COLUMNS)
    >>> chooser = Chooser(np.zeros(SPEAKER_FEATURES), 0.0)
    >>> {row: who for row, (who, _) in unnamed_speakers(chooser, text, rules).items()}
    {1: 'Ann Lee'}
    """
    c = _runs_context(text, spans)
    out = {}
    for row in np.flatnonzero((spans["voice"] == "source").to_numpy() & (spans["speaker"] == "").to_numpy()):
        words = np.flatnonzero(c.doc.row == row)
        if len(words):
            candidates = _with_probs(_candidates(c, int(words[0]), int(words[-1])), probs, int(words[0]), int(words[-1]))
            if len(candidates) > 1:  # the writer is always the last
                p = chooser_probabilities(chooser, [f for _, f in candidates])
                best = int(np.argmax(p[:-1]))
                out[int(row)] = (candidates[best][0], float(p[best]))
    return out


def speaker_examples(text: str, spans: pd.DataFrame, content: np.ndarray, gold: Sequence[Any],
                     probs: np.ndarray | None = None) -> list[
        tuple[int, list[str], bool]]:
    """Training examples of the speaker chooser: (run number, features, right) for each candidate of
    each run ``content`` adds (:func:`speaker_candidates`). ``gold``: the text's annotated
    attributions (:func:`framing.voices.evaluate.read_brat`); a candidate is right when it matches the
    source of the gold attribution that holds most of the run's words, as the benchmark scores
    speakers (:func:`~framing.voices.evaluate.speaker_matches`); the writer is right when no speaker
    is (a run of which less than half is gold content is the writer's). ``probs``: as for :func:`speaker_candidates`."""
    from .evaluate import speaker_matches, speaker_targets

    targets = [(token_labels(text, g.content), t) for g, t in speaker_targets(text, list(gold))]
    out = []
    for k, (first, last, candidates) in enumerate(speaker_candidates(text, spans, content, probs)):
        inside = [int(labels[first:last + 1].sum()) for labels, _ in targets]
        best = int(np.argmax(inside)) if inside else -1
        right = targets[best][1] if best >= 0 and inside[best] * 2 >= last - first + 1 else []
        ok = [bool(who) and bool(right) and speaker_matches(who, right) for who, _ in candidates]
        ok[-1] = not any(ok)  # the writer is right when no speaker is
        out += [(k, f, o) for (_, f), o in zip(candidates, ok)]
    return out


@dataclass(frozen=True)
class Chooser:
    """Who speaks a run the tagger adds: a logistic regression over hashed features (``weights``,
    ``intercept``; :data:`SPEAKER_FEATURES` columns) of each candidate of the run
    (:func:`speaker_candidates`). The likeliest candidate speaks the run when its probability is at
    least ``threshold``; otherwise, or when there is no candidate, the run is left to the writer, as
    is a run of fewer than ``min_words`` words with no source of the rules beside it. ``intercept``
    is 0 for the conditional logit of :func:`train_chooser` (kept for other fits)."""

    weights: np.ndarray
    intercept: float
    threshold: float = 0.5
    min_words: int = 1


def _by_run(z: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """Softmax of scores ``z`` within each run (candidates of a run are contiguous; ``starts``: where each run starts)."""
    counts = np.diff(np.append(starts, len(z)))
    e = np.exp(z - np.repeat(np.maximum.reduceat(z, starts), counts))
    return e / np.repeat(np.add.reduceat(e, starts), counts)


def train_chooser(features: Sequence[Sequence[str]], right: Sequence[bool], runs: Sequence[int], *, c: float = 1.0,
                  threshold: float = 0.5, min_words: int = 1) -> Chooser:
    """Fit the speaker chooser on candidates' features, whether each was right and the run each
    belongs to (:func:`speaker_examples`; a run's candidates next to each other): a conditional
    logit (a softmax over each run's candidates, the writer one of them; L2 with inverse strength
    ``c``) that maximises the probability of the run's right candidates.

    >>> chooser = train_chooser([["kind=name"], ["kind=noun"], ["writer"]] * 3, [True, False, False] * 3,
    ...                         [0, 0, 0, 1, 1, 1, 2, 2, 2], c=10.0)
    >>> chooser_probabilities(chooser, [["kind=name"], ["kind=noun"], ["writer"]]).argmax()
    np.int64(0)
    """
    from scipy.optimize import minimize

    x = feature_matrix(features, SPEAKER_FEATURES)
    r = np.asarray(right, dtype=np.float64)
    run = np.asarray(runs)
    if len(run) != x.shape[0] or len(r) != x.shape[0]:
        raise ParameterError("features, right and runs must have one entry per candidate")
    starts = np.flatnonzero(np.r_[True, run[1:] != run[:-1]]) if len(run) else np.zeros(0, dtype=int)
    counts = np.diff(np.append(starts, len(run)))
    keep = np.repeat(np.add.reduceat(r, starts) > 0, counts) if len(run) else np.zeros(0, dtype=bool)
    if not keep.any():
        raise ParameterError("the chooser needs runs with a right candidate (none has one)")
    x, r, run = x[keep], r[keep], run[keep]
    starts = np.flatnonzero(np.r_[True, run[1:] != run[:-1]])
    counts = np.diff(np.append(starts, len(run)))
    used = np.unique(x.indices)  # fitted over the columns that occur (the others stay 0): a quicker optimiser
    x = x[:, used].tocsr()
    xt = x.T.tocsr()

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        p = _by_run(x @ w, starts)
        mass = np.add.reduceat(p * r, starts)
        grad_z = p - p * r / np.repeat(mass, counts)
        return float(-np.log(mass).sum() + w @ w / (2 * c)), xt @ grad_z + w / c

    fit = minimize(loss, np.zeros(x.shape[1]), jac=True, method="L-BFGS-B", options={"maxiter": 500})
    weights = np.zeros(SPEAKER_FEATURES)
    weights[used] = fit.x
    return Chooser(weights, 0.0, float(threshold), int(min_words))


def chooser_probabilities(chooser: Chooser, features: Sequence[Sequence[str]]) -> np.ndarray:
    """The chooser's probability that each candidate of one run (its features) speaks it (they sum to 1)."""
    if not features:
        return np.zeros(0)
    z = feature_matrix(features, int(chooser.weights.shape[0])) @ chooser.weights + chooser.intercept
    return _by_run(np.asarray(z, dtype=np.float64).ravel(), np.zeros(1, dtype=int))


def run_speakers(chooser: Chooser, text: str, spans: pd.DataFrame, content: np.ndarray,
                 probs: np.ndarray | None = None) -> dict[int, tuple[str, float]]:
    """The likeliest speaker of each run ``content`` adds to the rules' ``spans`` and its probability
    (against the others and the writer), by the run's first word (runs without a speaker to choose
    are left out; ``probs``: the tagger's :func:`content_probabilities`, as in training)."""
    out = {}
    for first, _, candidates in speaker_candidates(text, spans, content, probs):
        if len(candidates) > 1:  # the writer is always the last
            p = chooser_probabilities(chooser, [f for _, f in candidates])
            best = int(np.argmax(p[:-1]))
            out[first] = (candidates[best][0], float(p[best]))
    return out


def tagged_spans(tagger: Tagger, text: str, spans: pd.DataFrame) -> pd.DataFrame:
    """The rules' voice ``spans`` of ``text`` corrected by the tagger (see :func:`spans_from_decisions`);
    with a speaker chooser, the runs it adds are spoken by whom the chooser picks (:func:`run_speakers`),
    and a source span of the rules without a speaker takes the chooser's likeliest candidate
    (:func:`unnamed_speakers`)."""
    probs = content_probabilities(tagger, text, spans)
    content = probs >= tagger.threshold
    chooser = tagger.chooser
    if chooser is None:
        return spans_from_decisions(text, spans, content)
    chosen = {first: who for first, (who, p) in run_speakers(chooser, text, spans, content, probs).items()
              if p >= chooser.threshold}
    named = with_speakers(spans, unnamed_speakers(chooser, text, spans, probs))
    return spans_from_decisions(text, named, content, min_words=chooser.min_words, speakers=chosen)


def with_speakers(spans: pd.DataFrame, speakers: Mapping[int, tuple[str, float]]) -> pd.DataFrame:
    """``spans`` with the speaker of each row in ``speakers`` (row -> (speaker, probability), as
    :func:`unnamed_speakers` gives) set, whatever its probability: a source span without a speaker
    counts as wrong in any reading of who speaks, a guess may be right.

    >>> spans = pd.DataFrame([[0, 9, "source", "", "indirect"]], columns=SPAN_COLUMNS)
    >>> with_speakers(spans, {0: ("Ann Lee", 0.4)})["speaker"].tolist()
    ['Ann Lee']
    """
    out = spans.reset_index(drop=True).copy()
    column = list(out.columns).index("speaker")
    for row, (who, _) in speakers.items():
        out.iat[row, column] = who
    return out


def corpus_tagged_spans(tagger: Tagger, corpus: pd.DataFrame, spans: pd.DataFrame) -> pd.DataFrame:
    """:func:`tagged_spans` of every English document of ``corpus`` (``spans``: the rules'
    :func:`~framing.voices.corpus_voice_spans`); Russian and Ukrainian documents (by the
    ``language`` column, else detected) keep the rules' spans: the tagger reads English features."""
    from ..language import detect_language

    by_doc = dict(tuple(spans.groupby("doc_id", sort=False)))
    languages = (corpus["language"].tolist() if "language" in corpus.columns else [None] * len(corpus))
    parts = []
    for doc_id, text, lang in zip(corpus["doc_id"], corpus["text"], languages):
        part = by_doc.get(doc_id, spans.iloc[:0])
        lang = lang if isinstance(lang, str) and lang else detect_language(text)
        if lang not in ("ru", "uk") and len(part):
            part = tagged_spans(tagger, text, part).assign(doc_id=doc_id)
        parts.append(part[["doc_id", *SPAN_COLUMNS]])
    if not parts:
        return spans
    return pd.concat(parts, ignore_index=True)


def save_tagger(tagger: Tagger, path: str | Path) -> Path:
    """Write ``tagger`` to ``path`` (``.npz``: ``weights``, ``intercept`` and ``settings``, a JSON
    string with the format name and version; no pickled objects). Returns the path."""
    from ..atomic import atomic_path

    settings = {"format": FORMAT, "format_version": FORMAT_VERSION, "n_features": tagger.n_features,
                "threshold": tagger.threshold, "smoothing": tagger.smoothing, **dict(tagger.settings)}
    path = Path(path)
    with atomic_path(path) as tmp, open(tmp, "wb") as fh:
        stack: dict[str, np.ndarray] = {} if tagger.stacker is None else {
            "stack_edges": np.asarray(tagger.stacker.edges, dtype=np.float64),
            "stack_weights": np.asarray(tagger.stacker.weights, dtype=np.float64),
            "stack_intercept": np.array([tagger.stacker.intercept], dtype=np.float64)}
        if tagger.chooser is not None:
            stack.update(speaker_weights=np.asarray(tagger.chooser.weights, dtype=np.float64),
                         speaker_intercept=np.array([tagger.chooser.intercept], dtype=np.float64))
            settings.update(speaker_threshold=tagger.chooser.threshold, speaker_min_words=tagger.chooser.min_words)
        arrays: dict[str, Any] = {"weights": np.asarray(tagger.weights, dtype=np.float64),
                  "intercept": np.array([tagger.intercept], dtype=np.float64),
                  "settings": np.array(json.dumps(settings, sort_keys=True)), **stack}
        np.savez_compressed(fh, **arrays)  # plain float and text arrays: nothing is pickled
    return path


def load_tagger(path: str | Path) -> Tagger:
    """Read a tagger written by :func:`save_tagger`; a file that is not one, or of another format
    version, raises :class:`~framing.errors.InputError` saying what to do.

    >>> import tempfile, os
    >>> t = Tagger(np.zeros(4), 0.5, smoothing="clause")
    >>> with tempfile.TemporaryDirectory() as d:
    ...     load_tagger(save_tagger(t, os.path.join(d, "m.npz"))).smoothing
    'clause'
    """
    path = Path(path)
    if not path.is_file():
        raise InputError(path, "no such model file", fix=_RETRAIN)
    try:
        with np.load(path, allow_pickle=False) as data:
            arrays = {k: data[k] for k in data.files}
    except (ValueError, OSError, zipfile.BadZipFile, EOFError) as exc:
        raise InputError(path, f"not a voice tagger model file (.npz) ({type(exc).__name__})", fix=_RETRAIN) from exc
    if not {"weights", "intercept", "settings"} <= set(arrays):
        raise InputError(path, f"not a voice tagger model: it holds {sorted(arrays)}, not weights, intercept and "
                         "settings", fix=_RETRAIN)
    try:
        settings = json.loads(str(arrays["settings"]))
    except json.JSONDecodeError as exc:
        raise InputError(path, "the model's settings are not JSON", fix=_RETRAIN) from exc
    if not isinstance(settings, dict) or settings.get("format") != FORMAT:
        raise InputError(path, f"not a voice tagger model (format {settings.get('format') if isinstance(settings, dict) else None!r}, "
                         f"expected {FORMAT!r})", fix=_RETRAIN)
    if settings.get("format_version") != FORMAT_VERSION:
        raise InputError(path, f"the model is of format version {settings.get('format_version')!r}; this kit reads "
                         f"version {FORMAT_VERSION} (its features or layout changed)", fix=_RETRAIN)
    weights = np.asarray(arrays["weights"], dtype=np.float64).ravel()
    if weights.shape[0] != settings.get("n_features") or settings.get("smoothing") not in SMOOTHINGS:
        raise InputError(path, "the model's weights do not match its settings (a damaged file)", fix=_RETRAIN)
    stacker = None
    if "stack_weights" in arrays:
        edges = np.asarray(arrays.get("stack_edges", np.zeros((0, 0))), dtype=np.float64)
        stack_weights = np.asarray(arrays["stack_weights"], dtype=np.float64).ravel()
        if edges.ndim != 2 or stack_weights.shape[0] != edges.shape[0] * (edges.shape[1] + 1) \
                or "stack_intercept" not in arrays:
            raise InputError(path, "the model's second step does not match its bins (a damaged file)", fix=_RETRAIN)
        stacker = Stacker(edges, stack_weights, float(np.asarray(arrays["stack_intercept"]).ravel()[0]))
    chooser = None
    if "speaker_weights" in arrays:
        if "speaker_intercept" not in arrays or not isinstance(settings.get("speaker_threshold"), (int, float)) \
                or not isinstance(settings.get("speaker_min_words"), int):
            raise InputError(path, "the model's speaker chooser is incomplete (a damaged file)", fix=_RETRAIN)
        chooser = Chooser(np.asarray(arrays["speaker_weights"], dtype=np.float64).ravel(),
                          float(np.asarray(arrays["speaker_intercept"]).ravel()[0]),
                          float(settings["speaker_threshold"]), int(settings["speaker_min_words"]))
    rest = {k: v for k, v in settings.items() if k not in (
        "format", "format_version", "n_features", "threshold", "smoothing", "speaker_threshold", "speaker_min_words")}
    return Tagger(weights, float(np.asarray(arrays["intercept"]).ravel()[0]), float(settings["threshold"]),
                  str(settings["smoothing"]), rest, stacker, chooser)
