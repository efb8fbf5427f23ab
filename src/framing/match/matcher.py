"""The matcher: lexicons compiled once, then scan -> resolve -> negation for each batch.

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

from ..chars import Batch, encode
from ..lexicons import Lexicon
from .compile import Compiled, Entry, compile_lexicon_set
from .negation import negate
from .resolve import resolve
from .scan import scan


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


class Matcher:
    """All lexicons compiled once into one automaton. Pure: :meth:`find` depends only on the texts.

    ``lexicons`` and ``entries`` (one :class:`Entry` per term, in lexicon order) say what an
    entry index of a hit means; ``compiled`` holds what the stages read.
    """

    def __init__(self, lexicons: Iterable[Lexicon]):
        self.compiled: Compiled = compile_lexicon_set(lexicons)
        self.lexicons: tuple[Lexicon, ...] = self.compiled.lexicons
        self.entries: list[Entry] = self.compiled.entries

    def terms(self, lexicon: str | None = None) -> list[str]:
        """The exact terms the matcher uses (of one lexicon, or all)."""
        return [e.term for e in self.entries if lexicon is None or e.lexicon == lexicon]

    def hits(self, text: str) -> list[Hit]:
        """Every hit in one text, by lexicon then position."""
        return self.find(encode([text])).of(0)

    def find(self, batch: Batch) -> Hits:
        """All hits in a batch of documents (see :func:`framing.chars.encode`)."""
        found = scan(self.compiled, batch)
        hits = resolve(self.compiled, batch, found)
        negated = negate(self.compiled, batch, hits, found.before_cues, found.after_cues)
        return Hits(hits.doc, hits.start, hits.end, hits.entry, negated)


@lru_cache(maxsize=32)
def compile_lexicons(lexicons: tuple[Lexicon, ...]) -> Matcher:
    """The compiled matcher of these lexicons (cached, so each set compiles once per process)."""
    return Matcher(lexicons)
