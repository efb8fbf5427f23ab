"""Stage 3, resolve: candidates -> hits. Case, exclusions, then leftmost-longest per lexicon.

* A case-sensitive term keeps only candidates whose text has the term's case (apostrophes and
  white space alike).
* Within one (document, lexicon), candidates are taken from left to right, longest first; one
  that overlaps a hit already taken is dropped, so hits never overlap. A candidate inside an
  exclusion span of its lexicon, or inside one of its term's own exclusions, is dropped (before
  it could block a shorter or later candidate).
* :func:`context_filter` then decides, hit by hit, whether the context keeps it.

>>> from framing.chars import encode
>>> from framing.lexicons import load_lexicon
>>> from framing.match.compile import compile_lexicon_set
>>> from framing.match.scan import scan
>>> c, batch = compile_lexicon_set((load_lexicon("security"),)), encode(["security guarantees"])
>>> hits = resolve(c, batch, scan(c, batch))
>>> [c.entries[e].term for e in hits.entry.tolist()]
['security guarantees']
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from ..chars import APOSTROPHES, INVISIBLE, WHITESPACE, Batch
from .compile import Compiled, Entry
from .context import context_keep
from .regex import Pattern, regex_spans
from .scan import Candidates, ExcludedSpans, Scan, no_spans

# Apostrophes and white space alike, case kept (how case-sensitive terms are compared).
SAME_CASE = str.maketrans({**{c: "'" for c in APOSTROPHES}, **{c: " " for c in WHITESPACE}, **dict.fromkeys(INVISIBLE)})
EXCLUSION_WINDOW = 60  # a term's own exclusions are looked for this many characters around the hit


@dataclass(frozen=True)
class Resolved:
    """Hits of a batch, ordered by document, lexicon, then position: ``doc`` (index in the batch),
    ``lex`` (index of the lexicon), ``start``/``end`` (offsets in the document), ``entry``."""

    doc: np.ndarray
    lex: np.ndarray
    start: np.ndarray
    end: np.ndarray
    entry: np.ndarray

    def take(self, which: np.ndarray) -> Resolved:
        """The hits selected by an index or mask array."""
        return Resolved(self.doc[which], self.lex[which], self.start[which], self.end[which], self.entry[which])


def resolve(compiled: Compiled, batch: Batch, found: Scan) -> Resolved:
    """The hits among a batch's candidates (see the module docstring for the rules)."""
    cands = same_case(compiled, batch.texts, found.candidates)
    lex = compiled.entry_lex[cands.entry]
    excluded = found.excluded + _regex_exclusions(compiled, batch.texts, cands.doc, lex)
    order = candidate_order(cands.doc, lex, cands.start, cands.end, cands.entry)
    ordered = Resolved(cands.doc[order], lex[order], cands.start[order], cands.end[order], cands.entry[order])
    hits = ordered.take(leftmost_longest(compiled, batch.texts, ordered, excluded))
    return hits.take(context_filter(compiled, batch, hits))


def candidate_order(doc: np.ndarray, lex: np.ndarray, start: np.ndarray, end: np.ndarray, entry: np.ndarray) -> np.ndarray:
    """The order of candidates by document, lexicon, start, longest first, then entry: one stable
    sort of the five packed into one integer where they fit in 62 bits (as a batch's do), else
    ``np.lexsort`` of the five (the same order; the packed sort takes a tenth of the time).

    >>> candidate_order(*map(np.array, ([1, 0, 0, 0], [0, 1, 0, 0], [0, 5, 5, 5], [3, 9, 7, 9], [0, 1, 2, 0]))).tolist()
    [3, 2, 1, 0]
    """
    if not len(doc):
        return np.zeros(0, dtype=np.int64)
    length = end - start
    sizes = [int(x.max()) + 1 for x in (lex, start, length, entry)]
    if int(doc.max()) + 1 < 2 ** 62 // (sizes[0] * sizes[1] * sizes[2] * sizes[3]) and int(length.min()) >= 0:
        lexicons, starts, lengths, entries = sizes
        key = (((doc * lexicons + lex) * starts + start) * lengths + (lengths - 1 - length)) * entries + entry
        return np.argsort(key, kind="stable")
    return np.lexsort((entry, -length, start, lex, doc))


def context_filter(compiled: Compiled, batch: Batch, hits: Resolved) -> np.ndarray:
    """Which resolved hits their context keeps: a boolean mask over ``hits``.

    The place for per-hit context rules on resolved hits (a term that counts only with a
    partner word near it, in the same sentence, say): such a rule reads ``batch.texts[hits.doc[i]]``
    around ``hits.start[i]:hits.end[i]`` and the rule of ``compiled.entries[hits.entry[i]]``, and
    returns False to drop the hit. It runs after leftmost-longest, so a dropped hit does not bring
    back a shorter candidate it had overlapped. The rules are the terms' ``requires`` keys
    (:mod:`framing.match.context`).
    """
    return context_keep(batch.texts, hits.doc, hits.start, hits.end, hits.entry, compiled.lexicons)


def same_case(compiled: Compiled, texts: list[str], cands: Candidates) -> Candidates:
    """The candidates less those of case-sensitive terms (not regex ones) whose case differs."""
    check = np.flatnonzero(compiled.case_sensitive[cands.entry])
    if not len(check):
        return cands
    entries = compiled.entries
    # (fields read as lists: 8,000 candidates of "US" and the like per 20,000 news documents, most of them "us")
    keep = np.ones(len(cands.entry), dtype=bool)
    keep[[i for i, d, s, t, e in zip(check.tolist(), cands.doc[check].tolist(), cands.start[check].tolist(),
                                      cands.end[check].tolist(), map(entries.__getitem__, cands.entry[check].tolist()))
          if e.kind != "regex" and not _same_case(texts[d], s, t, e)]] = False
    return cands.take(keep)


def _same_case(text: str, start: int, end: int, e: Entry) -> bool:
    want = _wanted(e.key or e.term, e.kind == "prefix")
    found = text[start:end]
    if (found.startswith(want) and not want.endswith(" ")) if e.kind == "prefix" else found == want:
        return True  # (as written already: apostrophes straight, single spaces)
    if found.isascii() and found.isalnum():
        return False  # (no white space or apostrophe to fold: "us" for "US", the usual case; "ʼ" is alnum)
    got = " ".join(found.translate(SAME_CASE).split())
    return got.startswith(want) if e.kind == "prefix" else got == want


@lru_cache(maxsize=4096)
def _wanted(term: str, prefix: bool) -> str:
    """What a case-sensitive term's hits must read (apostrophes straight, single spaces; a
    prefix's without its ``*``).

    >>> _wanted("Theresa   May’s", False), _wanted("Putin*", True)
    ("Theresa May's", 'Putin')
    """
    want = " ".join(term.translate(SAME_CASE).split())
    return want.rstrip("*") if prefix else want


def _regex_exclusions(compiled: Compiled, texts: list[str], doc: np.ndarray, lex: np.ndarray) -> ExcludedSpans:
    """The spans of lexicons' regex exclusions, only in documents where the lexicon has a candidate."""
    patterns = compiled.regex_exclusions
    found = []
    if any(patterns):
        for d, li in sorted(set(zip(doc.tolist(), lex.tolist()))):
            for pattern in patterns[li]:
                found += [(d, li, s, e) for s, e in regex_spans(pattern, texts[d], compiled.lexicons[li].name,
                                                                _exclusion_label(pattern))]
    if not found:
        return no_spans()
    return ExcludedSpans(*(np.array(x, dtype=np.int64) for x in zip(*found)))


def leftmost_longest(compiled: Compiled, texts: list[str], cands: Resolved, excluded: ExcludedSpans) -> np.ndarray:
    """Which candidates (sorted by document, lexicon, start, longest first) are hits: within a
    (document, lexicon) the leftmost-longest wins and hits do not overlap; excluded ones drop.

    Decided in bulk where that is safe: a candidate that overlaps no earlier one of its
    lexicon starts a new cluster, and the greedy choice in one cluster does not depend on any
    other. Whether an exclusion span of its lexicon holds a candidate is decided for all at once
    (:meth:`ExcludedSpans.covers`); a cluster whose first candidate is kept and holds the others
    keeps it alone; only the other clusters (overlaps, terms with their own exclusions) are walked
    one by one.
    """
    doc, lex, start, end, entry = cands.doc, cands.lex, cands.start, cands.end, cands.entry
    n = len(doc)
    if not n:
        return np.zeros(0, dtype=bool)
    first = np.ones(n, dtype=bool)
    first[1:] = (doc[1:] != doc[:-1]) | (lex[1:] != lex[:-1])
    gid = np.cumsum(first) - 1
    span = int(end.max()) + 2
    reach = np.maximum.accumulate(gid * span + end) - gid * span  # furthest end so far in the group
    new_cluster = first.copy()
    new_cluster[1:] |= start[1:] >= reach[:-1]
    heads = np.flatnonzero(new_cluster)
    cluster = np.cumsum(new_cluster) - 1
    dropped = excluded.covers(doc, lex, start, end)  # inside an exclusion span of its lexicon
    check = compiled.excluding[entry]  # the term's own exclusions: read in the text, one by one
    # A cluster without a term to check whose head (leftmost, longest) is not dropped and reaches
    # as far as any of its candidates: the head alone is a hit (every other one starts inside it).
    plain = (~np.logical_or.reduceat(check, heads) & ~dropped[heads]
             & (end[heads] == np.maximum.reduceat(end, heads)))
    keep = np.zeros(n, dtype=bool)
    keep[heads[plain]] = True
    walk = ~plain[cluster]
    idx = np.flatnonzero(walk)
    # Each pattern read once per span: a term of two lexicons ("may" of hedging and hedged_claim)
    # has the same hits and shares patterns.
    read: dict[tuple[int, int, int, Pattern], bool] = {}

    def covered(d: int, s: int, e: int, p: Pattern) -> bool:
        if (d, s, e, p) not in read:
            read[d, s, e, p] = pattern_covers(texts[d], s, e, p)
        return read[d, s, e, p]

    last, last_end = -1, -1
    for i, c, d, s, e, ei, out, own in zip(idx.tolist(), cluster[idx].tolist(), doc[idx].tolist(), start[idx].tolist(),
                                           end[idx].tolist(), entry[idx].tolist(), dropped[idx].tolist(),
                                           check[idx].tolist()):
        if c != last:
            last, last_end = c, -1
        if s < last_end or out:
            continue
        if own and any(covered(d, s, e, p) for p in compiled.entries[ei].exclude):  # (excluded_by_term)
            continue
        last_end = e
        keep[i] = True
    return keep


def excluded_by_term(text: str, start: int, end: int, patterns: tuple[Pattern, ...]) -> bool:
    """Whether one of a term's exclusion patterns covers ``text[start:end]`` (:func:`pattern_covers`)."""
    return any(pattern_covers(text, start, end, p) for p in patterns)


def pattern_covers(text: str, start: int, end: int, pattern: Pattern) -> bool:
    """Whether an exclusion pattern, searched in the text from :data:`EXCLUSION_WINDOW` characters
    before the hit to as many after it (``re``'s ``pos`` and ``endpos``), finds a match that covers
    ``text[start:end]``."""
    lo, hi = max(0, start - EXCLUSION_WINDOW), min(len(text), end + EXCLUSION_WINDOW)
    for m_start, m_end in regex_spans(pattern, text, "", _exclusion_label(pattern), lo, hi):
        if m_start > start:
            break
        if m_end >= end:
            return True
    return False


@lru_cache(maxsize=4096)
def _exclusion_label(pattern: Pattern) -> str:
    """How an error names an exclusion pattern (made once per pattern, not per hit: the repr of a
    long pattern is some 0.5 µs, of each of the 2,900 windows of 20,000 news documents searched)."""
    return f"exclusion {pattern.pattern!r}"
