"""Stage 5, table: hits -> the match table, one row per hit with its sentence and term.

>>> import pandas as pd
>>> from framing.lexicons import load_lexicons
>>> corpus = pd.DataFrame({"doc_id": ["a"], "text": ["Talks may resume."]})
>>> find_matches(corpus, load_lexicons(["hedging"]))[["doc_id", "term", "start"]].to_dict("records")
[{'doc_id': 'a', 'term': 'may', 'start': 6}]
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, cast

import numpy as np
import pandas as pd

from ..chars import Batch, encode
from ..lexicons import Lexicon
from ..text import sentence_spans
from .matcher import Matcher, compile_lexicons

MATCH_COLUMNS = ["doc_id", "sent_id", "start", "end", "lexicon", "category", "subcategory", "term",
                 "matched_text", "negated"]
BATCH_CHARS = 1_000_000  # characters matched in one batch (peak memory: about 15 bytes a character)


def batches(texts: list[str], max_chars: int | None = None, cut: str = "",
            paragraphs: bool = False) -> Iterator[tuple[int, Batch]]:
    """``(index of the first text, batch)`` of consecutive texts up to ``max_chars`` characters
    each (default :data:`BATCH_CHARS`).

    A text longer than ``max_chars`` comes alone, or in window batches
    (:func:`framing.chars.encode`) of about ``max_chars`` characters that all carry its index:
    :func:`text_windows`, cut right after one of the characters ``cut`` (:attr:`Matcher.cut_chars`,
    where no match crosses) that white space follows, or with ``paragraphs`` that ends a paragraph
    (so that each window has whole sentences). So a text of any length is matched in bounded
    memory, with the hits of the whole text.

    >>> [(i, b.window) for i, b in batches(["A.", "Talks. End.\\n\\nMore."], 5, ".")]
    [(0, None), (1, (0, 6)), (1, (6, 11)), (1, (11, 18))]
    >>> [(i, b.window) for i, b in batches(["A.", "Talks. End.\\n\\nMore."], 5, ".", paragraphs=True)]
    [(0, None), (1, (0, 11)), (1, (11, 18))]
    """
    max_chars = max_chars or BATCH_CHARS
    first, size = 0, 0
    for i, text in enumerate(texts):
        if i > first and size + len(text) > max_chars:
            yield first, encode(texts[first:i])
            first, size = i, 0
        if cut and len(text) > max_chars:
            windows = text_windows(text, max_chars, cut, paragraphs)
            if len(windows) > 1:
                yield from ((i, encode([text], w)) for w in windows)
                first, size = i + 1, 0
                continue
        size += len(text) + 1
    if first < len(texts) or not texts:
        yield first, encode(texts[first:])


def text_windows(text: str, size: int, cut: str, paragraphs: bool = False) -> list[tuple[int, int]]:
    """``(start, end)`` of the windows of ``text``: each at least ``size`` characters (but the
    last), ending right after one of the characters ``cut`` that white space follows, or with
    ``paragraphs`` that ends a paragraph (a line break and a blank line follow it,
    :func:`framing.text.paragraph_spans`).

    >>> text_windows("One. Two!\\n \\nThree.", 3, ".!"), text_windows("One. Two!\\n \\nThree.", 3, ".!", True)
    ([(0, 4), (4, 9), (9, 18)], [(0, 9), (9, 18)])
    """
    at = re.compile(rf"[{re.escape(cut)}]\n(?=\s*\n)" if paragraphs else rf"[{re.escape(cut)}](?=\s)")
    out, lo = [], 0
    while len(text) - lo > size:
        found = at.search(text, lo + size - 1)
        if not found:
            break
        out.append((lo, found.start() + 1))
        lo = found.start() + 1
    out.append((lo, len(text)))
    return out


def match_table(doc_ids: Sequence[Any], texts: list[str], matcher: Matcher) -> pd.DataFrame:
    """The match table (:data:`MATCH_COLUMNS`) of texts, in text order (ties: lexicon order)."""
    parts = []
    lex_of = matcher.compiled.entry_lex
    done = 0  # sentences of a long text in its windows so far
    for first, batch in batches(texts, cut=matcher.cut_chars, paragraphs=True):
        hits = matcher.find(batch)
        if batch.window is not None:  # a window of a long text: its sentences, numbered on
            lo, hi = batch.window
            starts = [lo + s for s, _ in sentence_spans(batch.texts[0][lo:hi])]
            sent_of = done + np.searchsorted(starts, hits.start, side="right") - 1  # (a window begins with a sentence)
            done = 0 if hi == len(batch.texts[0]) else done + len(starts)
        if not len(hits.doc):
            continue
        order = np.lexsort((lex_of[hits.entry], hits.start, hits.doc))
        doc, start, end = hits.doc[order], hits.start[order], hits.end[order]
        entry, negated = hits.entry[order], hits.negated[order]
        sent = np.zeros(len(doc), dtype=np.int64)
        if batch.window is not None:
            sent = sent_of[order]
        for d in ([] if batch.window is not None else np.unique(doc).tolist()):
            lo, hi = np.searchsorted(doc, [d, d + 1])
            starts = [s for s, _ in sentence_spans(batch.texts[d])] or [0]
            sent[lo:hi] = np.maximum(np.searchsorted(starts, start[lo:hi], side="right") - 1, 0)
        ents = [matcher.entries[i] for i in entry.tolist()]
        parts.append(pd.DataFrame({
            "doc_id": [doc_ids[first + d] for d in doc.tolist()], "sent_id": sent, "start": start, "end": end,
            "lexicon": [e.lexicon for e in ents], "category": [e.category for e in ents],
            "subcategory": [e.subcategory for e in ents], "term": [e.term for e in ents],
            "matched_text": [batch.texts[d][s:t] for d, s, t in zip(doc.tolist(), start.tolist(), end.tolist())],
            "negated": negated}))
    table = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=MATCH_COLUMNS)
    return table.astype({"sent_id": int, "start": int, "end": int, "negated": bool})


def find_matches(corpus: pd.DataFrame, lexicons: Iterable[Lexicon], language: str | None = None) -> pd.DataFrame:
    """The match table of a corpus: one row per hit, offsets slice ``corpus.text`` exactly.

    Columns: ``doc_id, sent_id, start, end, lexicon, category, subcategory, term, matched_text,
    negated``; ``term`` is the lexicon's entry, ``matched_text`` the text it matched. Each document
    is matched with the lexicons' versions in its language (``language`` forces one; see
    :mod:`framing.match.languages`).

    >>> import pandas as pd
    >>> from framing.lexicons import load_lexicons
    >>> corpus = pd.DataFrame({"doc_id": ["d1"], "text": ["Kyiv will not cede territory. Talks may resume."]})
    >>> m = find_matches(corpus, load_lexicons(["concession", "hedging"]))
    >>> m[["sent_id", "start", "end", "lexicon", "matched_text", "negated"]].values.tolist()
    [[0, 14, 18, 'concession', 'cede', True], [1, 36, 39, 'hedging', 'may', False]]
    >>> corpus.text[0][14:18]
    'cede'
    """
    from .languages import by_language

    lexicons = tuple(lexicons)
    ids, texts = corpus["doc_id"].tolist(), corpus["text"].tolist()
    groups = by_language(corpus, lexicons, language)
    if len(groups) <= 1 and (not groups or groups[0].lexicons == lexicons):
        return match_table(ids, texts, compile_lexicons(lexicons))
    parts = [match_table(group.docs.tolist(), [texts[i] for i in group.docs.tolist()], compile_lexicons(group.lexicons))
             for group in groups]
    table = pd.concat(parts, ignore_index=True).sort_values("doc_id", kind="stable", ignore_index=True)
    table["doc_id"] = [ids[i] for i in table["doc_id"].tolist()]
    return table


def find_matches_in_text(text: str, lexicons: Iterable[Lexicon] | Matcher, doc_id: str = "") -> list[dict[str, Any]]:
    """All hits in one text, as dicts with the :data:`MATCH_COLUMNS`, in text order."""
    matcher = lexicons if isinstance(lexicons, Matcher) else compile_lexicons(tuple(lexicons))
    return cast(list[dict[str, Any]], match_table([doc_id], [text], matcher).to_dict("records"))
