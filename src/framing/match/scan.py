"""Stage 2, scan: a batch of documents -> candidate hits, exclusion spans and negation cues.

One pass of the automaton (:class:`framing.match.compile.Keys`) over the batch, as bytes of the
lexicons' alphabet, finds every whole-word occurrence of every key. Each occurrence of a term's
key is a candidate for each term of that key; regex terms add their own matches. Nothing is
decided here: overlaps, case and exclusions are resolved in :mod:`framing.match.resolve`.

>>> from framing.chars import encode
>>> from framing.lexicons import load_lexicon
>>> from framing.match.compile import compile_lexicon_set
>>> found = scan(compile_lexicon_set((load_lexicon("ceasefire"),)), encode(["A truce.", "No truce"]))
>>> found.candidates.doc.tolist(), found.candidates.start.tolist(), found.candidates.end.tolist()
([0, 1], [2, 3], [7, 8])
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np

from ..chars import Batch, delete_sorted
from ..gcpause import paused_gc
from .compile import AFTER, BEFORE, Compiled, Keys, fold_literal
from .regex import regex_spans


@dataclass(frozen=True)
class ExcludedSpans:
    """Spans whose hits drop, one array element per span: ``doc`` (index in the batch), ``lex``
    (the lexicon whose hits it drops), ``start``/``end`` (offsets in that document)."""

    doc: np.ndarray
    lex: np.ndarray
    start: np.ndarray
    end: np.ndarray

    def __add__(self, other: ExcludedSpans) -> ExcludedSpans:
        return ExcludedSpans(*(np.concatenate((a, b)) for a, b in zip(
            (self.doc, self.lex, self.start, self.end), (other.doc, other.lex, other.start, other.end))))

    def __len__(self) -> int:
        return len(self.doc)

    def covers(self, doc: np.ndarray, lex: np.ndarray, start: np.ndarray, end: np.ndarray) -> np.ndarray:
        """Whether a span of the same document and lexicon holds each ``start:end`` (``a <= start``
        and ``end <= b``), for all of them at once: the spans sorted by (document, lexicon, start),
        the furthest end so far within each (document, lexicon), read at the last span that starts
        at or before each ``start``.

        >>> spans = ExcludedSpans(*map(np.array, ([0, 0, 1], [0, 0, 0], [0, 10, 0], [9, 20, 5])))  # doc, lex, start, end
        >>> doc, lex, start, end = map(np.array, ([0, 0, 0, 1, 1], [0, 0, 1, 0, 0], [2, 12, 2, 0, 3], [9, 21, 5, 5, 6]))
        >>> spans.covers(doc, lex, start, end).tolist()
        [True, False, False, True, False]
        """
        out = np.zeros(len(doc), dtype=bool)
        if not len(self.doc) or not len(doc):
            return out
        width = int(max(self.lex.max(), lex.max())) + 1
        keys, key_of = np.unique(self.doc * width + self.lex, return_inverse=True)
        order = np.lexsort((self.start, key_of))
        rank, first, last = key_of[order], self.start[order], self.end[order]
        far = int(max(self.end.max(), end.max(), self.start.max(), start.max())) + 2
        reach = np.maximum.accumulate(rank * far + last) - rank * far  # the furthest end so far within its (doc, lex)
        want = doc * width + lex
        at = np.minimum(np.searchsorted(keys, want), len(keys) - 1)
        known = np.flatnonzero(keys[at] == want)  # (the others have no span of their document and lexicon)
        at = at[known]
        i = np.searchsorted(rank * far + first, at * far + start[known], side="right") - 1
        out[known] = (i >= 0) & (rank[np.maximum(i, 0)] == at) & (reach[np.maximum(i, 0)] >= end[known])
        return out


def no_spans() -> ExcludedSpans:
    """No exclusion spans."""
    empty = np.zeros(0, dtype=np.int64)
    return ExcludedSpans(empty, empty, empty, empty)


@dataclass(frozen=True)
class Occurrences:
    """Whole-word occurrences of keys: ``group`` (index of the :class:`KeyGroup`), ``start`` and
    ``end`` as offsets in the batch's joined text."""

    group: np.ndarray
    start: np.ndarray
    end: np.ndarray


@dataclass(frozen=True)
class Candidates:
    """Candidate hits: ``doc`` (index in the batch), ``start``/``end`` (offsets in that document),
    ``entry`` (index of the term in :attr:`Compiled.entries`)."""

    doc: np.ndarray
    start: np.ndarray
    end: np.ndarray
    entry: np.ndarray

    def take(self, which: np.ndarray) -> Candidates:
        """The candidates selected by an index or mask array."""
        return Candidates(self.doc[which], self.start[which], self.end[which], self.entry[which])


@dataclass(frozen=True)
class Scan:
    """What one pass over a batch found: candidates, spans of lexicon-level exclusion phrases, and
    where negation cues start (sorted batch offsets; cues before a hit / after a hit)."""

    candidates: Candidates
    excluded: ExcludedSpans
    before_cues: np.ndarray
    after_cues: np.ndarray


def scan(compiled: Compiled, batch: Batch) -> Scan:
    """Candidates, exclusion spans and negation cues of a batch (see :func:`framing.chars.encode`)."""
    keys = compiled.keys
    occ = occurrences(keys, batch)
    cue = keys.group_cue[occ.group]
    before_cues = np.sort(occ.start[(cue & BEFORE) > 0])
    after_cues = np.sort(occ.start[(cue & AFTER) > 0])
    doc = np.searchsorted(batch.offsets, occ.start, side="right") - 1
    start, end = occ.start - batch.offsets[doc], occ.end - batch.offsets[doc]
    at, lex = _members(occ.group, keys.exclude_first, keys.exclude_size, keys.exclude_lex)  # (exclusion phrases)
    excluded = ExcludedSpans(doc[at], lex, start[at], end[at])
    # One candidate per (occurrence of a key, entry of that key).
    which, entry = _members(occ.group, keys.group_first, keys.group_size, keys.group_entries)
    candidates = Candidates(doc[which], start[which], end[which], entry)
    # Regex terms search each document, but a phrase with inner wildcards only one that holds its literal.
    if not compiled.regex_terms:  # (no step per document where there are none: the built-in lexicons)
        return Scan(candidates, excluded, before_cues, after_cues)
    folded = [fold_literal(text) for text in batch.texts]
    extra = [(d, s, e, t.entry) for d, text in enumerate(batch.texts) for t in compiled.regex_terms
             if t.literal in folded[d]
             for s, e in regex_spans(t.pattern, text, compiled.entries[t.entry].lexicon, compiled.entries[t.entry].term)
             if e > s]
    if extra:
        more = [np.array(x, dtype=np.int64) for x in zip(*extra)]
        candidates = Candidates(*(np.concatenate([a, b]) for a, b in zip(
            (candidates.doc, candidates.start, candidates.end, candidates.entry), more)))
    return Scan(candidates, excluded, before_cues, after_cues)


def occurrences(keys: Keys, batch: Batch) -> Occurrences:
    """Every whole-word occurrence of a key in the batch (overlapping ones too)."""
    empty = np.zeros(0, dtype=np.int64)
    if keys.automaton is None:
        return Occurrences(empty, empty, empty)
    text = keys.table.take(batch.codes)
    removed = batch.dropped(text == keys.SPACE)  # invisible characters, and a space after a space
    if len(removed):
        text = delete_sorted(text, removed)
    full = np.concatenate((np.array([keys.NONWORD], dtype=keys.dtype), text))  # a boundary before the first word
    # A tuple per occurrence (12,000 per MB of news), freed before the block ends: no collection
    # runs over them (some 16 per batch, each over every young object; see framing.gcpause).
    with paused_gc():
        found = keys.automaton.find_matches_as_indexes(full.tobytes(), overlapping=True)
        flat = np.fromiter(itertools.chain.from_iterable(found), dtype=np.int64, count=3 * len(found))
        del found
    pid, s, e = flat.reshape(-1, 3).T
    if keys.width > 1:
        aligned = s % keys.width == 0
        pid, s, e = pid[aligned], s[aligned] // keys.width, e[aligned] // keys.width
    # One occurrence per group of the pattern's key, kept where the key starts at a word boundary if it must.
    e = e - keys.pattern_trail[pid]
    which, group = _members(keys.pattern_unit[pid], keys.unit_first, keys.unit_size, keys.unit_groups)
    s, e = s[which], e[which]
    keep = ~keys.group_whole_start[group] | ~keys.is_word[full[s - 1]]
    group, start, end = group[keep], s[keep] - 1, e[keep] - 1
    prefix = np.flatnonzero(keys.group_prefix[group])
    if len(prefix):
        end[prefix] = _word_end(keys, text, end[prefix])
    if len(removed):  # back to offsets in the batch: add the spaces removed before each offset
        at = removed - np.arange(len(removed))
        start = start + np.searchsorted(at, start, side="right")
        end = end - 1 + np.searchsorted(at, end - 1, side="right") + 1
    return Occurrences(group, start, end)


def _members(items: np.ndarray, first: np.ndarray, size: np.ndarray, members: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each item's members, where item ``i`` has ``members[first[i]:first[i] + size[i]]``: (position
    in ``items``, member) pairs, in order.

    >>> [a.tolist() for a in _members(np.array([1, 0]), np.array([0, 1]), np.array([1, 2]), np.array([7, 8, 9]))]
    [[0, 0, 1], [8, 9, 7]]
    """
    n = size[items]
    which = np.repeat(np.arange(len(items)), n)
    within = np.arange(len(which)) - np.repeat(np.cumsum(n) - n, n)
    return which, members[first[items][which] + within]


def _word_end(keys: Keys, text: np.ndarray, at: np.ndarray, look: int = 32) -> np.ndarray:
    """Where the word running through each offset ends (a wildcard takes any word ending)."""
    window = np.minimum(at[:, None] + np.arange(look), len(text) - 1)
    inside = keys.is_word[text[window]]
    ends = at + np.argmin(inside, axis=1)
    for i in np.flatnonzero(inside.all(axis=1)).tolist():  # a word longer than the window
        stop = int(at[i]) + look
        while stop < len(text) and keys.is_word[text[stop]]:
            stop += 1
        ends[i] = stop
    return ends
