"""Scoring voice spans against annotated attributions (brat standoff, as in PolNeAR).

An annotation file has ``T`` lines (``T3<TAB>Content 120 211<TAB>text``; discontinuous spans
as ``120 150;160 211``) and ``E`` lines tying them into one attribution
(``E1<TAB>Attribution:T4 Content:T3 Cue:T2 Source:T1``). :func:`read_brat` turns one file into
:class:`Attribution` records; :func:`score_document` compares the kit's voice spans with them
token by token; :func:`score_documents` sums documents and adds bootstrap intervals over them.

Definitions (tokens are :func:`framing.text.word_spans`):

* source content: gold = tokens inside any gold ``Content`` span; predicted = tokens inside a
  ``voice == "source"`` span. Precision, recall and F1 of the predicted set.
* direct / indirect: a gold content span is *direct* when it starts with a quotation mark,
  else *indirect*; the kit's kinds ``direct``/``turn`` are direct, ``indirect`` is indirect.
  Precision of kind c: share of the kit's c-kind tokens inside any gold content; recall of
  kind c: share of gold c-content tokens the kit gives to a source (of any kind).
* speaker accuracy: over gold attributions whose content tokens are at least half covered by
  source spans, the share whose kit speaker (the speaker of most covered tokens) shares a word
  with the gold source; a pronoun or relative gold source ("he", "who") stands for the nearest
  earlier gold source that names someone, and so may a description ("the president": the kit's
  "Barack Obama" is right if he was the last named source). A covered attribution without a kit
  speaker is wrong.

>>> ann = "T1\\tSource 0 7\\tAnn Lee\\nT2\\tCue 8 12\\tsaid\\nT3\\tContent 13 26\\tit would fail\\n" \\
...       "E1\\tAttribution:T2 Content:T3 Cue:T2 Source:T1"
>>> read_brat(ann)[0].content
((13, 26),)
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..errors import InputError
from ..text import word_spans

COUNTS = ["tp", "fp", "fn", "direct_pred", "direct_pred_ok", "direct_gold", "direct_gold_found",
          "indirect_pred", "indirect_pred_ok", "indirect_gold", "indirect_gold_found",
          "covered", "speaker_ok", "no_speaker"]
_QUOTE_START = re.compile(r"^\W{0,3}?(?:''|``|[\"“«„‘])")
_STAND_INS = {"he", "she", "they", "him", "her", "them", "his", "its", "it", "who", "which", "that", "whom",
              "whose", "i", "we", "you", "me", "us", "our", "my", "their"}
_STOP = {"the", "a", "an", "of", "mr.", "mrs.", "ms.", "dr.", "mr", "mrs", "ms", "and", "'s", "’s"}


@dataclass(frozen=True)
class Attribution:
    """One gold attribution: character spans of its source, cue and content (each may be empty)."""

    source: tuple[tuple[int, int], ...]
    cue: tuple[tuple[int, int], ...]
    content: tuple[tuple[int, int], ...]


def read_brat(ann: str, name: str = "<annotation>") -> list[Attribution]:
    """The attributions of one brat ``.ann`` file's text (see the module docstring)."""
    spans: dict[str, tuple[str, tuple[tuple[int, int], ...]]] = {}
    events: list[list[tuple[str, str]]] = []
    for lineno, line in enumerate(ann.splitlines(), 1):
        if re.match(r"T\d+\t", line):
            try:
                tid, info = line.split("\t")[:2]
                label, offsets = info.split(" ", 1)
                pieces = tuple((int(a), int(b)) for a, b in (p.split() for p in offsets.split(";")))
            except ValueError as exc:
                raise InputError(name, f"cannot read the span line {line!r}", fix="use brat standoff format",
                                 line=lineno) from exc
            spans[tid] = (label, pieces)
        elif re.match(r"E\d+\t", line):
            fields = line.split("\t")[1].split()
            events.append([(r.split(":", 1)[0], r.split(":", 1)[1]) for r in fields if ":" in r])
    out = []
    for event in events:
        roles: dict[str, list[tuple[int, int]]] = {"Source": [], "Cue": [], "Content": []}
        for role, tid in event:
            key = re.sub(r"\d+$", "", role)
            if key in roles and tid in spans:
                roles[key].extend(spans[tid][1])
        out.append(Attribution(tuple(roles["Source"]), tuple(roles["Cue"]), tuple(roles["Content"])))
    return out


def _tokens_in(tokens: list[tuple[int, int]], spans) -> np.ndarray:
    starts = np.array([s for s, _ in tokens], dtype=int)
    inside = np.zeros(len(tokens), dtype=bool)
    for a, b in spans:
        inside |= (starts >= a) & (starts < b)
    return inside


def _words(text: str) -> set[str]:
    return {w.lower() for w in re.findall(r"[\w'’\-.]+", text)} - _STOP


def score_document(text: str, spans: pd.DataFrame, gold: list[Attribution]) -> dict[str, int]:
    """Token counts of one document (:data:`COUNTS`): ``spans`` from :func:`voice_spans`."""
    tokens = word_spans(text)
    if not tokens:
        return dict.fromkeys(COUNTS, 0)
    starts = np.array([s for s, _ in tokens], dtype=int)
    src = spans[spans["voice"] == "source"]
    span_at = np.full(len(tokens), -1)
    for k, (a, b) in enumerate(zip(src["start"], src["end"])):
        span_at[(starts >= a) & (starts < b)] = k
    pred = span_at >= 0
    kinds = np.array(src["kind"].tolist() + [""])[span_at]
    speakers = np.array(src["speaker"].tolist() + [""])[span_at]
    pred_direct = pred & np.isin(kinds, ["direct", "turn"])
    pred_indirect = pred & (kinds == "indirect")
    gold_any = _tokens_in(tokens, [c for g in gold for c in g.content])
    direct_spans = [c for g in gold for c in g.content if _QUOTE_START.match(text[c[0]:c[1]])]
    gold_direct = _tokens_in(tokens, direct_spans)
    gold_indirect = gold_any & ~gold_direct
    counts = {
        "tp": int((pred & gold_any).sum()), "fp": int((pred & ~gold_any).sum()), "fn": int((~pred & gold_any).sum()),
        "direct_pred": int(pred_direct.sum()), "direct_pred_ok": int((pred_direct & gold_any).sum()),
        "direct_gold": int(gold_direct.sum()), "direct_gold_found": int((gold_direct & pred).sum()),
        "indirect_pred": int(pred_indirect.sum()), "indirect_pred_ok": int((pred_indirect & gold_any).sum()),
        "indirect_gold": int(gold_indirect.sum()), "indirect_gold_found": int((gold_indirect & pred).sum()),
        "covered": 0, "speaker_ok": 0, "no_speaker": 0,
    }
    for g, targets in speaker_targets(text, gold):
        inside = _tokens_in(tokens, g.content)
        if not inside.any() or (pred & inside).sum() * 2 < inside.sum():
            continue
        counts["covered"] += 1
        kit = Counter(speakers[pred & inside]).most_common(1)[0][0]
        if not kit:
            counts["no_speaker"] += 1
            continue
        counts["speaker_ok"] += speaker_matches(kit, targets)
    return counts


def speaker_targets(text: str, gold: list[Attribution]) -> list[tuple[Attribution, list[str]]]:
    """Each gold attribution (in text order) with the texts a kit speaker may match (see the module
    docstring): its source, and for a pronoun, relative or description source the last source
    named before it.

    >>> ann = "T1\\tSource 0 3\\tAnn\\nT2\\tContent 9 12\\tyes\\nE1\\tAttribution:T2 Content:T2 Source:T1\\n" \\
    ...       "T3\\tSource 14 16\\the\\nT4\\tContent 22 24\\tno\\nE2\\tAttribution:T4 Content:T4 Source:T3"
    >>> [t for _, t in speaker_targets("Ann said yes. He said no.", read_brat(ann))]
    [['Ann'], ['He', 'Ann']]
    """
    out = []
    named: list[tuple[int, str]] = []  # (position, gold source text) of sources that name someone
    for g in sorted(gold, key=lambda g: (g.source or g.content or ((0, 0),))[0]):
        source_text = " ".join(text[a:b] for a, b in g.source)
        if g.source and _words(source_text) - _STAND_INS and re.search(r"[A-Z]", source_text):
            named.append((g.source[0][0], source_text))
        targets = [source_text]
        if not g.source or not re.search(r"\s[A-Z]", " " + source_text.split(maxsplit=1)[-1]) \
                or not (_words(source_text) - _STAND_INS):  # "he", "the president": who was named last
            pos = g.source[0][0] if g.source else (g.content or ((0, 0),))[0][0]
            targets += [t for p, t in named if p < pos][-1:]
        out.append((g, targets))
    return out


def speaker_matches(kit: str, targets: list[str]) -> bool:
    """Whether the kit's speaker shares a word with one of the gold ``targets`` (:func:`speaker_targets`).

    >>> speaker_matches("Ann Lee", ["Ms. Lee"]), speaker_matches("Bob", ["he", "Ann"])
    (True, False)
    """
    return any(_words(kit) & _words(t) for t in targets)


def _metrics(c: pd.Series | dict) -> dict[str, float]:
    def ratio(a: float, b: float) -> float:
        return a / b if b else float("nan")

    def f1(p: float, r: float) -> float:
        return 2 * p * r / (p + r) if p + r else float("nan")

    p, r = ratio(c["tp"], c["tp"] + c["fp"]), ratio(c["tp"], c["tp"] + c["fn"])
    dp, dr = ratio(c["direct_pred_ok"], c["direct_pred"]), ratio(c["direct_gold_found"], c["direct_gold"])
    ip, ir = ratio(c["indirect_pred_ok"], c["indirect_pred"]), ratio(c["indirect_gold_found"], c["indirect_gold"])
    return {"content_p": p, "content_r": r, "content_f1": f1(p, r),
            "direct_p": dp, "direct_r": dr, "direct_f1": f1(dp, dr),
            "indirect_p": ip, "indirect_r": ir, "indirect_f1": f1(ip, ir),
            "speaker_acc": ratio(c["speaker_ok"], c["covered"]), "no_speaker": ratio(c["no_speaker"], c["covered"])}


def score_documents(counts: pd.DataFrame, n_boot: int = 1000, seed: int = 0, level: float = 0.95) -> pd.DataFrame:
    """Micro-averaged metrics of per-document ``counts`` (rows of :func:`score_document`) with
    percentile bootstrap intervals over documents: columns ``metric, value, low, high``.

    >>> c = pd.DataFrame([dict.fromkeys(COUNTS, 1)] * 3)
    >>> float(score_documents(c, n_boot=20).set_index("metric").loc["content_f1", "value"])
    0.5
    """
    point = _metrics(counts[COUNTS].sum())
    rng = np.random.default_rng(seed)
    values = counts[COUNTS].to_numpy()
    boots = [_metrics(dict(zip(COUNTS, values[rng.integers(0, len(values), len(values))].sum(axis=0))))
             for _ in range(n_boot)]
    table = pd.DataFrame(boots)
    alpha = (1 - level) / 2
    return pd.DataFrame({"metric": list(point), "value": list(point.values()),
                         "low": [table[m].quantile(alpha) for m in point],
                         "high": [table[m].quantile(1 - alpha) for m in point]})
