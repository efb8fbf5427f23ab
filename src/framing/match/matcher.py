"""The matcher: lexicons compiled once, then scan -> resolve -> negation for each batch.

Lexicons that read the same view of a text (:mod:`framing.match.lemma`: the text itself, or
the lemmas of its Russian or Ukrainian words) are compiled together into one *part*; each part
runs the stages on its view of the batch, its hits' offsets are mapped back to the original
texts, and the parts' hits are merged in lexicon order. Lexicons of one view (all English ones,
say) are one part on the text itself, as before.

>>> from framing.lexicons import load_lexicon
>>> Matcher([load_lexicon("ceasefire")]).hits("A cease-fire, then a ceasefire.")
[Hit(start=2, end=12, entry=0, negated=False), Hit(start=21, end=30, entry=1, negated=False)]
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

import numpy as np

from ..chars import Batch, encode, normalise
from ..lexicons import Lexicon
from .compile import Compiled, Entry, compile_lexicon_set
from .lemma import YO, OffsetMap, View, view_of, view_texts
from .negation import negate
from .resolve import SAME_CASE, resolve
from .scan import Candidates, Scan, scan


class Hit(NamedTuple):
    """One hit of one document: offsets in the document, the entry (term) index, negated or not."""

    start: int
    end: int
    entry: int
    negated: bool


@dataclass(frozen=True)
class Hits:
    """The hits of a batch of documents, one array element per hit, ordered by document, then
    lexicon, then position. ``doc`` indexes the batch; offsets are the document's own."""

    doc: np.ndarray
    start: np.ndarray
    end: np.ndarray
    entry: np.ndarray
    negated: np.ndarray

    def of(self, doc: int) -> list[Hit]:
        """The hits of one document."""
        lo, hi = np.searchsorted(self.doc, [doc, doc + 1])
        return [Hit(*h) for h in zip(self.start[lo:hi].tolist(), self.end[lo:hi].tolist(),
                                     self.entry[lo:hi].tolist(), self.negated[lo:hi].tolist())]


@dataclass(frozen=True)
class Part:
    """Lexicons of one view compiled together; ``entry`` maps the part's own entry indexes to the matcher's."""

    view: View
    compiled: Compiled
    entry: np.ndarray


class Matcher:
    """All lexicons compiled once into one automaton per view. Pure: :meth:`find` depends only on the texts.

    ``lexicons`` and ``entries`` (one :class:`Entry` per term, in lexicon order) say what an
    entry index of a hit means; ``compiled`` holds what the stages read (for lexicons of one view,
    the one part's).
    """

    def __init__(self, lexicons: Iterable[Lexicon]):
        lexicons = tuple(lexicons)
        views = [view_of(lex.language, lex.match) for lex in lexicons]
        # One view: the set is its one part. Several: each part has its own automaton.
        self.compiled: Compiled = compile_lexicon_set(lexicons, automaton=len(set(views)) <= 1)
        self.lexicons: tuple[Lexicon, ...] = self.compiled.lexicons
        self.entries: list[Entry] = self.compiled.entries
        first = np.concatenate(([0], np.cumsum([len(lex.entries) for lex in self.lexicons])))
        self.parts: list[Part] = []
        for view in dict.fromkeys(views):
            own = [li for li, v in enumerate(views) if v == view]
            compiled = self.compiled if len(own) == len(views) else compile_lexicon_set(self.lexicons[li] for li in own)
            entry = np.concatenate([np.arange(first[li], first[li + 1]) for li in own]).astype(np.int64)
            self.parts.append(Part(view, compiled, entry))
        self.cut_chars: str = cut_chars(self.compiled) if len(self.parts) == 1 and self.parts[0].view.plain else ""

    def terms(self, lexicon: str | None = None) -> list[str]:
        """The exact terms the matcher uses (of one lexicon, or all)."""
        return [e.term for e in self.entries if lexicon is None or e.lexicon == lexicon]

    def hits(self, text: str) -> list[Hit]:
        """Every hit in one text, by lexicon then position."""
        return self.find(encode([text])).of(0)

    def find(self, batch: Batch) -> Hits:
        """All hits in a batch of documents (see :func:`framing.chars.encode`)."""
        if len(self.parts) <= 1 and (not self.parts or self.parts[0].view.plain):
            return _find(self.compiled, batch)
        found = [self._find_part(part, batch) for part in self.parts]
        doc, lex, start, end, entry, negated = (np.concatenate(x) for x in zip(*found))
        order = np.lexsort((start, lex, doc))
        return Hits(doc[order], start[order], end[order], entry[order], negated[order])

    def _find_part(self, part: Part, batch: Batch) -> tuple[np.ndarray, ...]:
        texts, where = view_texts(batch.texts, part.view)
        view = batch if texts is batch.texts else encode(texts)
        hits = _find(part.compiled, view, None if where is None else (batch, view, where))
        start, end = hits.start, hits.end
        if where is not None and len(hits.doc):
            first, view_first = batch.offsets[hits.doc], view.offsets[hits.doc]
            start, end = where.to_original(start + view_first, end + view_first)
            start, end = start - first, end - first
        entry = part.entry[hits.entry]
        return hits.doc, self.compiled.entry_lex[entry], start, end, entry, hits.negated


# Scope breaks of negation (:mod:`framing.match.negation`) that may end a paragraph.
CUT_CHARS = ".!?;:"


def cut_chars(compiled: Compiled) -> str:
    """The :data:`CUT_CHARS` after which, at a paragraph's end, a long text may be matched in
    windows (:func:`framing.match.batches`) with the hits of the whole text: no key (term,
    exclusion phrase, negation cue) runs over such a character into white space, negation scope
    and the sentences of context rules stop there, and every other stage reads the whole text.
    None where a regex term or exclusion could match across it.

    >>> from framing.lexicons import load_lexicons
    >>> cut_chars(compile_lexicon_set(load_lexicons(["hedging", "concession"])))
    '.!?;:'
    """
    if compiled.regex_terms or any(compiled.regex_exclusions):
        return ""
    keys = "\n".join(g.key for g in compiled.keys.groups)  # no key holds a line break
    return "".join(c for c in CUT_CHARS if normalise(c) + " " not in keys)


def _find(compiled: Compiled, batch: Batch, surface: tuple[Batch, Batch, OffsetMap] | None = None) -> Hits:
    """Scan -> resolve -> negation on one view of a batch (``surface``: the original batch, this
    view of it and the offset map between them, for the terms that must match their surface form)."""
    found = scan(compiled, batch)
    if surface is not None:
        found = Scan(same_surface(compiled, *surface, found.candidates), found.excluded, found.before_cues,
                     found.after_cues)
    hits = resolve(compiled, batch, found)
    negated = negate(compiled, batch, hits, found.before_cues, found.after_cues)
    return Hits(hits.doc, hits.start, hits.end, hits.entry, negated)


def surface_form(text: str, case_sensitive: bool) -> str:
    """A span of text as a ``match: word`` term of a lemma lexicon is compared with it: white
    space as one space, apostrophes alike, ``ё`` as ``е``, and lower case unless ``case_sensitive``.

    >>> surface_form("Отказ  от Её", False), surface_form("США", True)
    ('отказ от ее', 'США')
    """
    folded = text.translate(SAME_CASE) if case_sensitive else normalise(text)
    return " ".join(folded.translate(YO).split())


def same_surface(compiled: Compiled, original: Batch, view: Batch, where: OffsetMap, cands: Candidates) -> Candidates:
    """The candidates less those of ``match: word`` terms whose original text is not the term
    (their keys are lemmas, so every form of the term's lemma was found)."""
    check = np.flatnonzero(compiled.surface[cands.entry])
    if not len(check):
        return cands
    keep = np.ones(len(cands.entry), dtype=bool)
    doc = cands.doc[check]
    starts, ends = where.to_original(cands.start[check] + view.offsets[doc], cands.end[check] + view.offsets[doc])
    for i, d, s, t in zip(check.tolist(), doc.tolist(), (starts - original.offsets[doc]).tolist(),
                          (ends - original.offsets[doc]).tolist()):
        e = compiled.entries[int(cands.entry[i])]
        keep[i] = surface_form(original.texts[d][s:t], e.case_sensitive) == surface_form(e.term, e.case_sensitive)
    return cands.take(keep)


@lru_cache(maxsize=32)
def compile_lexicons(lexicons: tuple[Lexicon, ...]) -> Matcher:
    """The compiled matcher of these lexicons (cached, so each set compiles once per process)."""
    return Matcher(lexicons)
