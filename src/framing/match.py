"""Find lexicon terms in text: all lexicons compiled once into one Aho-Corasick automaton.

Matching is whole-word and case-insensitive (unless a term says ``case_sensitive: true``);
curly and straight apostrophes are the same, and a phrase matches across line breaks and runs
of spaces. Within a lexicon the leftmost-longest match wins and hits never overlap; hits inside
an exclusion ("political will", "in May") are dropped; a negator shortly before the hit in the
same clause ("will not cede") marks it ``negated``.

How it is fast (measured in ``benchmarks/score_throughput.py`` against pyahocorasick, a token
trie, one ``re`` alternation, spaCy's PhraseMatcher and nltk n-gram lookup): documents are
matched a batch at a time. The batch becomes one array of code points (:mod:`framing.chars`);
one table lookup turns every character into a byte of the lexicons' own small alphabet (a
character no term uses becomes "some word character" or "some other character"), so that word
boundaries are part of the patterns: each key is compiled as (boundary, key, boundary) for every
boundary byte, into the DFA of the Rust ``aho-corasick`` crate (``ahocorasick_rs``). What comes
out is only whole-word hits and negation cues; overlaps, exclusions and negation are then
resolved hit by hit.

>>> from framing.lexicons import load_lexicon
>>> m = find_matches_in_text("The mayor may not give up\\nterritory.", [load_lexicon("hedging"),
...                          load_lexicon("concession")])
>>> [(x["lexicon"], x["term"], x["start"], x["end"], x["negated"]) for x in m]
[('hedging', 'may', 10, 13, False), ('concession', 'give up territory', 18, 35, True)]
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import ahocorasick_rs
import numpy as np
import pandas as pd
import yaml

from .chars import (
    APOSTROPHES,
    CLAUSE,
    CLAUSE_CHARS,
    INVISIBLE,
    WHITESPACE,
    WORD,
    Batch,
    char_class,
    encode,
    folded,
    normalise,
)
from .errors import LexiconError
from .lexicons import Lexicon
from .lexicons.format import term_kind
from .match_context import context_keep
from .text import sentence_spans, words

MATCH_COLUMNS = ["doc_id", "sent_id", "start", "end", "lexicon", "category", "subcategory", "term",
                 "matched_text", "negated"]
NEGATION_FILE = Path(__file__).resolve().parent / "lexicons" / "negation.yaml"

# Apostrophes and white space alike, case kept (how case-sensitive terms are compared).
_TABLE = str.maketrans({**{c: "'" for c in APOSTROPHES}, **{c: " " for c in WHITESPACE}, **dict.fromkeys(INVISIBLE)})
_CLAUSE_RE = re.compile(f"[{re.escape(CLAUSE_CHARS)}]")
_EXCLUSION_WINDOW = 60
_NEGATION_CHARS = 100
BATCH_CHARS = 1_000_000  # characters matched in one batch (peak memory: about 15 bytes a character)


def normalise_term(text: str) -> str:
    """The key under which a term and its matched text meet: lower case, one space, straight '.

    >>> normalise_term("He’d  Accept")
    "he'd accept"
    """
    return " ".join(normalise(text).split())


def phrase_pattern(term: str, case_sensitive: bool = False) -> re.Pattern[str]:
    """A whole-word regex for a term (``*`` at a word's end = any word ending; apostrophes alike).

    >>> bool(phrase_pattern("giv* up").search("Giving  up")), bool(phrase_pattern("he'd").fullmatch("He’d"))
    (True, True)
    """
    apostrophe = f"[{APOSTROPHES}]"
    words = []
    for word in term.split():
        escaped = "".join(apostrophe if ch in APOSTROPHES else re.escape(ch) for ch in word.rstrip("*"))
        words.append(escaped + (r"\w*" if word.endswith("*") else ""))
    body = r"\s+".join(words)
    return re.compile(rf"(?<!\w)(?:{body})(?!\w)", 0 if case_sensitive else re.IGNORECASE)


@dataclass(frozen=True)
class Negation:
    """Compiled negation settings of one lexicon."""

    enabled: bool
    window: int
    before: frozenset[tuple[str, ...]]
    after_window: int
    after: frozenset[tuple[str, ...]]
    breaks: frozenset[str]


@lru_cache(maxsize=1)
def _negation_defaults() -> dict:
    return yaml.safe_load(NEGATION_FILE.read_text(encoding="utf-8"))


def _negation(lexicon: Lexicon) -> Negation:
    d = dict(_negation_defaults())
    own = lexicon.negation or {}
    def words(xs):
        return frozenset(tuple(normalise_term(x).split()) for x in xs)
    breaks = frozenset(normalise_term(w) for w in d["clause_breaks"])
    return Negation(enabled=bool(own.get("enabled", True)), window=int(own.get("window", d["window"])),
                    before=words(list(d["negators"]) + list(own.get("negators", []))),
                    after_window=int(own.get("after_window", d["after_window"])),
                    after=words(list(d["after"]) + list(own.get("after", []))), breaks=breaks)


_FIRST_WORDS: dict[frozenset, frozenset] = {}


def _has_negator(tokens: list[str], phrases: frozenset[tuple[str, ...]], contractions: bool) -> bool:
    if contractions and any(t.endswith("n't") for t in tokens):
        return True
    if _FIRST_WORDS.setdefault(phrases, frozenset(p[0] for p in phrases)).isdisjoint(tokens):
        return False
    return any(tuple(tokens[i:i + n]) in phrases for i in range(len(tokens)) for n in (1, 2, 3, 4)
               if i + n <= len(tokens))


def is_negated(text: str, start: int, end: int, neg: Negation) -> bool:
    """Whether a negator stands within ``neg.window`` words before ``text[start:end]`` in its clause
    (or one of ``neg.after`` within ``neg.after_window`` words after it).

    >>> from framing.lexicons import load_lexicon
    >>> neg = _negation(load_lexicon("concession"))
    >>> is_negated("We will never cede land.", 14, 18, neg), is_negated("No. We cede land.", 7, 11, neg)
    (True, False)
    """
    return _negated_before(text, start, neg) or _negated_after(text, end, neg)


def _negated_before(text: str, start: int, neg: Negation) -> bool:
    if not (neg.enabled and neg.window):
        return False
    left = text[max(0, start - _NEGATION_CHARS):start]
    cut = _CLAUSE_RE.search(left[::-1])
    tokens = words(normalise(left[len(left) - cut.start():] if cut else left))[-neg.window:]
    for i in range(len(tokens) - 1, -1, -1):
        if tokens[i] in neg.breaks:
            tokens = tokens[i + 1:]
            break
    return bool(tokens) and _has_negator(tokens, neg.before, True)


def _negated_after(text: str, end: int, neg: Negation) -> bool:
    if not (neg.enabled and neg.after_window):
        return False
    right = text[end:end + _NEGATION_CHARS]
    cut = _CLAUSE_RE.search(right)
    tokens = words(normalise(right[:cut.start()] if cut else right))[:neg.after_window + 3]
    for i, tok in enumerate(tokens):
        if tok in neg.breaks:
            tokens = tokens[:i]
            break
    return bool(tokens) and _has_negator(tokens, neg.after, False)


@dataclass(frozen=True)
class Entry:
    """One compiled term: where it belongs and how its hits are checked."""

    lex: int
    lexicon: str
    category: str
    subcategory: str
    term: str
    kind: str
    case_sensitive: bool
    negation: bool
    exclude: tuple[Any, ...]  # re.Pattern (phrases) or regex.Pattern (a lexicon's own regexes)


REGEX_TIMEOUT_S = 5.0  # most seconds one user regex may search one document (catastrophic backtracking)


def user_regex(pattern: str, case_sensitive: bool = False) -> Any:
    """A lexicon's own regex, compiled by the ``regex`` module (same syntax as ``re``) so that
    :func:`regex_spans` can stop it after :data:`REGEX_TIMEOUT_S` seconds.

    >>> regex_spans(user_regex(r"talks?"), "Talks, talk.", "mine", "talks?")
    [(0, 5), (7, 11)]
    """
    import regex

    return regex.compile(pattern, 0 if case_sensitive else regex.IGNORECASE)


def regex_spans(pattern: Any, text: str, lexicon: str, term: str, pos: int = 0,
                endpos: int | None = None) -> list[tuple[int, int]]:
    """Spans of ``pattern`` in ``text[pos:endpos]``; a user regex (:func:`user_regex`) that runs past
    :data:`REGEX_TIMEOUT_S` raises :class:`LexiconError` naming the lexicon and the term."""
    end = len(text) if endpos is None else endpos
    if isinstance(pattern, re.Pattern):
        return [m.span() for m in pattern.finditer(text, pos, end)]
    try:
        return [m.span() for m in pattern.finditer(text, pos, end, timeout=REGEX_TIMEOUT_S)]
    except TimeoutError:
        raise LexiconError(lexicon, f"the regex of term {term!r} ({pattern.pattern}) ran for more than {REGEX_TIMEOUT_S:g} s on one document of "
                           f"{len(text):,} characters (catastrophic backtracking)",
                           fix="rewrite it without nested or overlapping repeats such as (a+)+ or (a|aa)+; "
                           "`framing lexicon check` points them out") from None


def _exclusion_pattern(raw: str) -> Any:
    if raw.startswith('{"'):
        spec = json.loads(raw)
        return user_regex(spec["regex"], bool(spec.get("case_sensitive")))
    return phrase_pattern(raw)


@dataclass(frozen=True)
class Hits:
    """The hits of a batch of documents, one array element per hit, ordered by document, then
    lexicon, then position. ``doc`` indexes the batch; offsets are the document's own."""

    doc: np.ndarray
    start: np.ndarray
    end: np.ndarray
    entry: np.ndarray
    negated: np.ndarray

    def of(self, doc: int) -> list[tuple[int, int, int, bool]]:
        """``(start, end, entry, negated)`` of one document's hits."""
        lo, hi = np.searchsorted(self.doc, [doc, doc + 1])
        return list(zip(self.start[lo:hi].tolist(), self.end[lo:hi].tolist(), self.entry[lo:hi].tolist(),
                        self.negated[lo:hi].tolist()))


class _Keys:
    """The automaton: every key as (boundary, key, boundary) bytes of the lexicons' own alphabet.

    A group is a key with how it matches: exactly (a whole word on both sides) or as a prefix
    (``cede*``: any word ending), or as the negation cue ``n't`` (at the end of a word). Its cue
    bits say whether it is a negator before a hit (:data:`BEFORE`) or after one (:data:`AFTER`).
    """

    BEFORE, AFTER = 1, 2

    NONWORD, OTHERWORD, SPACE = 0, 1, 0x20

    def __init__(self, exact: dict[str, tuple[tuple[int, ...], tuple[int, ...], int]],
                 prefix: dict[str, tuple[int, ...]], word_end_cues: dict[str, int]):
        groups: list[tuple[str, int, int, tuple[int, ...], tuple[int, ...], int, bool]] = []
        for key, (ids, excl, cue) in exact.items():
            groups.append((key, 1, 1, ids, excl, cue, False))
        for key, ids in prefix.items():
            groups.append((key, 1, 0, ids, (), 0, True))
        for key, cue in word_end_cues.items():
            groups.append((key, 0, 1, (), (), cue, False))
        alphabet = sorted({ch for g in groups for ch in g[0]} - {" "})
        own = [ch for ch in alphabet if 0x20 < ord(ch) < 0x7F]
        spare = iter([c for c in range(2, 0x10000) if not 0x20 <= c < 0x7F])
        code = {ch: ord(ch) if ch in own else next(spare) for ch in alphabet}
        code[" "] = self.SPACE
        self.width = 1 if max(code.values()) < 0x100 else 2
        self.dtype = np.uint8 if self.width == 1 else np.uint16
        chars = char_class()
        # Every code point -> its byte: the folded character's own code, or a placeholder.
        fold = folded()
        table = np.where(chars[fold] & WORD, self.OTHERWORD, self.NONWORD).astype(self.dtype)
        table[fold == ord(" ")] = self.SPACE
        ords = np.array(sorted(ord(ch) for ch in alphabet), dtype=np.uint32)
        if len(ords):
            known = np.isin(fold, ords)
            codes = np.array([code[chr(o)] for o in ords], dtype=self.dtype)
            table[known] = codes[np.searchsorted(ords, fold[known])]
        self.table = table
        self.is_word = np.zeros(1 << (8 * self.width), dtype=bool)
        self.is_word[self.OTHERWORD] = True
        for ch, c in code.items():
            self.is_word[c] = bool(chars[ord(ch)] & WORD)
        bounds = [self.NONWORD, self.SPACE] + [c for ch, c in code.items() if not self.is_word[c] and ch != " "]
        def as_bytes(cs):
            return np.array(cs, dtype=self.dtype).tobytes()
        edges = [as_bytes([b]) for b in bounds]
        patterns: list[bytes] = []
        meta = []
        for gi, (key, lead, trail, *_rest) in enumerate(groups):
            body = as_bytes([code[ch] for ch in key])
            for b in edges if lead else [b""]:
                patterns.extend(b + body + t for t in (edges if trail else [b""]))
            meta.append((len(patterns), gi, lead, trail))
        ends = np.array([m[0] for m in meta], dtype=np.int64)
        counts = np.diff(ends, prepend=0)
        self.pattern_group = np.repeat(np.array([m[1] for m in meta], dtype=np.int64), counts)
        self.pattern_lead = np.repeat(np.array([m[2] for m in meta], dtype=np.int64), counts)
        self.pattern_trail = np.repeat(np.array([m[3] for m in meta], dtype=np.int64), counts)
        self.group_prefix = np.array([g[6] for g in groups], dtype=bool)
        self.group_cue = np.array([g[5] for g in groups], dtype=np.int64)
        self.group_excl = {gi: g[4] for gi, g in enumerate(groups) if g[4]}
        sizes = np.array([len(g[3]) for g in groups], dtype=np.int64)
        self.group_size = sizes
        self.group_first = np.concatenate(([0], np.cumsum(sizes)[:-1])) if len(groups) else sizes
        self.group_entries = np.array([i for g in groups for i in g[3]], dtype=np.int64)
        impl = ahocorasick_rs.Implementation.DFA if len(patterns) <= 400_000 else None
        self.automaton = ahocorasick_rs.BytesAhoCorasick(patterns, implementation=impl) if patterns else None

    def scan(self, batch: Batch) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``(group, start, end)`` of every whole-word occurrence of a key, offsets in the batch."""
        empty = np.zeros(0, dtype=np.int64)
        if self.automaton is None:
            return empty, empty, empty
        text = self.table.take(batch.codes)
        removed = batch.dropped(text == self.SPACE)  # invisible characters, and a space after a space
        if len(removed):
            text = np.delete(text, removed)
        edge = np.array([self.NONWORD], dtype=self.dtype).tobytes()
        found = self.automaton.find_matches_as_indexes(edge + text.tobytes(), overlapping=True)
        flat = np.fromiter(itertools.chain.from_iterable(found), dtype=np.int64, count=3 * len(found))
        pid, s, e = flat.reshape(-1, 3).T
        if self.width > 1:
            aligned = s % self.width == 0
            pid, s, e = pid[aligned], s[aligned] // self.width, e[aligned] // self.width
        group = self.pattern_group[pid]
        start = s + self.pattern_lead[pid] - 1
        end = e - self.pattern_trail[pid] - 1
        prefix = np.flatnonzero(self.group_prefix[group])
        if len(prefix):
            end[prefix] = self._word_end(text, end[prefix])
        if len(removed):  # back to offsets in the batch: add the spaces removed before each offset
            at = removed - np.arange(len(removed))
            start = start + np.searchsorted(at, start, side="right")
            end = end - 1 + np.searchsorted(at, end - 1, side="right") + 1
        return group, start, end

    def _word_end(self, text: np.ndarray, at: np.ndarray, look: int = 32) -> np.ndarray:
        """Where the word running through each offset ends (a wildcard takes any word ending)."""
        window = np.minimum(at[:, None] + np.arange(look), len(text) - 1)
        inside = self.is_word[text[window]]
        ends = at + np.argmin(inside, axis=1)
        for i in np.flatnonzero(inside.all(axis=1)).tolist():  # a word longer than the window
            stop = int(at[i]) + look
            while stop < len(text) and self.is_word[text[stop]]:
                stop += 1
            ends[i] = stop
        return ends


class Matcher:
    """All lexicons compiled once into one automaton. Pure: :meth:`hits` depends only on the text.

    Lexicon-level exclusion phrases are keys of the same automaton (their spans come from the
    same pass); regex exclusions run once per text, only for lexicons with a candidate hit.

    >>> from framing.lexicons import load_lexicon
    >>> Matcher([load_lexicon("ceasefire")]).hits("A cease-fire, then a ceasefire.")
    [(2, 12, 0, False), (21, 30, 1, False)]
    """

    def __init__(self, lexicons: Iterable[Lexicon]):
        self.lexicons = tuple(lexicons)
        self.entries: list[Entry] = []
        self.negations = [_negation(lex) for lex in self.lexicons]
        self.regex_terms: list[tuple[Any, int]] = []
        self.regex_exclusions: list[Any] = []
        exact: dict[str, tuple[list[int], set[int]]] = {}
        prefix: dict[str, list[int]] = {}
        for li, lex in enumerate(self.lexicons):
            for t in lex.entries:
                idx = len(self.entries)
                self.entries.append(Entry(li, lex.name, t.category, t.subcategory, t.text, t.kind, t.case_sensitive,
                                          t.negation, tuple(_exclusion_pattern(e) for e in t.exclude)))
                if t.kind == "regex":
                    pattern = (user_regex(t.pattern, t.case_sensitive)
                               if t.pattern else phrase_pattern(t.text, t.case_sensitive))
                    self.regex_terms.append((pattern, idx))
                elif t.kind == "prefix":
                    prefix.setdefault(normalise_term(t.text).rstrip("*"), []).append(idx)
                else:
                    exact.setdefault(normalise_term(t.text), ([], set()))[0].append(idx)
            regexes = []
            for e in lex.exclusions:
                if e.startswith('{"') or term_kind(e) != "phrase":
                    pat = _exclusion_pattern(e)
                    regexes.append(f"(?{'i' if pat.flags & re.IGNORECASE else ''}:{pat.pattern})")
                else:
                    exact.setdefault(normalise_term(e), ([], set()))[1].add(li)
            self.regex_exclusions.append(user_regex("|".join(regexes), True) if regexes else None)
        # Negation cues ride in the same automaton: a hit with no cue nearby needs no negation check.
        before = {" ".join(p) for neg in self.negations if neg.enabled and neg.window for p in neg.before}
        after = {" ".join(p) for neg in self.negations if neg.enabled and neg.after_window for p in neg.after}
        for cue in before | after:
            exact.setdefault(cue, ([], set()))
        def cue_bits(k):
            return (_Keys.BEFORE if k in before else 0) | (_Keys.AFTER if k in after else 0)
        self._keys = _Keys({k: (tuple(ids), tuple(sorted(excl)), cue_bits(k)) for k, (ids, excl) in exact.items()},
                           {k: tuple(ids) for k, ids in prefix.items()}, {"n't": _Keys.BEFORE} if before else {})
        self._entry_lex = np.array([e.lex for e in self.entries], dtype=np.int64)
        self._case_sensitive = np.array([e.case_sensitive for e in self.entries], dtype=bool)
        self._negatable = np.array([e.negation and self.negations[e.lex].enabled for e in self.entries], dtype=bool)
        self._excluding = np.array([bool(e.exclude) for e in self.entries], dtype=bool)

    def terms(self, lexicon: str | None = None) -> list[str]:
        """The exact terms the matcher uses (of one lexicon, or all)."""
        return [e.term for e in self.entries if lexicon is None or e.lexicon == lexicon]

    def hits(self, text: str) -> list[tuple[int, int, int, bool]]:
        """``(start, end, entry index, negated)`` of every hit, by lexicon then position."""
        return self.find(encode([text])).of(0)

    def find(self, batch: Batch) -> Hits:
        """All hits in a batch of documents (see :func:`framing.chars.encode`)."""
        keys = self._keys
        group, gstart, gend = keys.scan(batch)
        cue_bits = keys.group_cue[group]
        before_cues = np.sort(gstart[(cue_bits & keys.BEFORE) > 0])
        after_cues = np.sort(gstart[(cue_bits & keys.AFTER) > 0])
        doc = np.searchsorted(batch.offsets, gstart, side="right") - 1
        start, end = gstart - batch.offsets[doc], gend - batch.offsets[doc]
        excluded = self._excluded_spans(group, doc, start, end)
        doc, start, end, entry = self._candidates(batch.texts, group, doc, start, end)
        lex = self._entry_lex[entry]
        self._add_regex_exclusions(batch.texts, doc, lex, excluded)
        order = np.lexsort((entry, start - end, start, lex, doc))
        doc, lex, start, end, entry = doc[order], lex[order], start[order], end[order], entry[order]
        keep = self._leftmost_longest(batch.texts, doc, lex, start, end, entry, excluded)
        keep[keep] = context_keep(batch.texts, doc[keep], start[keep], end[keep], entry[keep], self.lexicons)
        doc, lex, start, end, entry = doc[keep], lex[keep], start[keep], end[keep], entry[keep]
        near = _cues_near(batch, before_cues, after_cues, start + batch.offsets[doc], end + batch.offsets[doc])
        negated = np.zeros(len(doc), dtype=bool)
        for i in np.flatnonzero((near > 0) & self._negatable[entry]).tolist():
            text, neg = batch.texts[doc[i]], self.negations[lex[i]]
            negated[i] = bool((near[i] & 1 and _negated_before(text, int(start[i]), neg))
                              or (near[i] & 2 and _negated_after(text, int(end[i]), neg)))
        return Hits(doc, start, end, entry, negated)

    def _excluded_spans(self, group, doc, start, end) -> dict[tuple[int, int], list[tuple[int, int]]]:
        """Spans of lexicon-level exclusion phrases, by (document, lexicon)."""
        excluded: dict[tuple[int, int], list[tuple[int, int]]] = {}
        for i in np.flatnonzero(np.isin(group, list(self._keys.group_excl))).tolist():
            for li in self._keys.group_excl[int(group[i])]:
                excluded.setdefault((int(doc[i]), li), []).append((int(start[i]), int(end[i])))
        return excluded

    def _add_regex_exclusions(self, texts, doc, lex, excluded) -> None:
        if any(p is not None for p in self.regex_exclusions):
            for d, li in set(zip(doc.tolist(), lex.tolist())):
                if self.regex_exclusions[li] is not None:
                    excluded.setdefault((d, li), []).extend(regex_spans(
                        self.regex_exclusions[li], texts[d], self.lexicons[li].name, "exclusions"))

    def _candidates(self, texts, group, doc, start, end):
        """One candidate per (occurrence of a key, entry of that key), plus regex terms' matches,
        less case-sensitive entries whose case differs: ``(doc, start, end, entry)`` arrays."""
        keys = self._keys
        size = keys.group_size[group]
        occ = np.repeat(np.arange(len(group)), size)
        within = np.arange(len(occ)) - np.repeat(np.cumsum(size) - size, size)
        entry = keys.group_entries[keys.group_first[group][occ] + within]
        doc, start, end = doc[occ], start[occ], end[occ]
        check = np.flatnonzero(self._case_sensitive[entry])
        if len(check):
            same = [_same_case(texts[doc[i]], int(start[i]), int(end[i]), self.entries[entry[i]])
                    for i in check.tolist()]
            keep = np.ones(len(entry), dtype=bool)
            keep[check] = same
            doc, start, end, entry = doc[keep], start[keep], end[keep], entry[keep]
        extra = [(d, start, end, idx) for d, text in enumerate(texts) for pattern, idx in self.regex_terms
                 for start, end in regex_spans(pattern, text, self.entries[idx].lexicon, self.entries[idx].term)
                 if end > start]
        if extra:
            more = [np.array(x, dtype=np.int64) for x in zip(*extra)]
            doc, start, end, entry = (np.concatenate(p) for p in zip((doc, start, end, entry), more))
        return doc, start, end, entry

    def _leftmost_longest(self, texts, doc, lex, start, end, entry, excluded) -> np.ndarray:
        """Which candidates (sorted by document, lexicon, start, longest first) are hits: within a
        (document, lexicon) the leftmost-longest wins and hits do not overlap; excluded ones drop.

        Decided in bulk where that is safe: a candidate that overlaps no earlier one of its
        lexicon starts a new cluster, and the greedy choice in one cluster does not depend on any
        other. Clusters of one candidate are hits unless excluded; only clusters of overlapping
        candidates, and candidates an exclusion may drop, are walked one by one.
        """
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
        cluster = np.cumsum(new_cluster) - 1
        size = np.bincount(cluster)
        check = self._excluding[entry]
        if excluded:
            width = len(self.lexicons)
            check |= np.isin(doc * width + lex, [d * width + li for d, li in excluded])
        walk = (size[cluster] > 1) | check
        keep = ~walk
        idx = np.flatnonzero(walk)
        last, last_end = -1, -1
        for i, c, d, li, s, e, ei in zip(idx.tolist(), cluster[idx].tolist(), doc[idx].tolist(), lex[idx].tolist(),
                                         start[idx].tolist(), end[idx].tolist(), entry[idx].tolist()):
            if c != last:
                last, last_end = c, -1
            if s < last_end:
                continue
            spans = excluded.get((d, li))
            if spans and any(a <= s and e <= b for a, b in spans):
                continue
            if self._excluding[ei] and _excluded(texts[d], s, e, self.entries[ei].exclude):
                continue
            last_end = e
            keep[i] = True
        return keep


def _cues_near(batch: Batch, before: np.ndarray, after: np.ndarray, start: np.ndarray, end: np.ndarray) -> np.ndarray:
    """Per hit (offsets in the batch): bit 1 if a negator cue starts in its clause within the
    negation window before it, bit 2 if one starts in its clause within the window after it.

    A cheap, never-missing filter: only these hits are checked word by word (:func:`is_negated`).
    """
    near = np.zeros(len(start), dtype=np.int64)
    if not len(start) or not (len(before) or len(after)):
        return near
    clauses = np.flatnonzero((batch.classes & CLAUSE).astype(bool))
    if len(before):
        last = before[np.maximum(np.searchsorted(before, start) - 1, 0)]
        k = np.searchsorted(clauses, start) - 1
        clause_before = np.where(k >= 0, clauses[np.maximum(k, 0)] if len(clauses) else -1, -1)
        near |= ((last < start) & (last >= start - _NEGATION_CHARS) & (last > clause_before)).astype(np.int64)
    if len(after):
        nxt = np.append(after, np.iinfo(np.int64).max)[np.searchsorted(after, end)]
        clause_after = np.append(clauses, np.iinfo(np.int64).max)[np.searchsorted(clauses, end)]
        near |= 2 * ((nxt < end + _NEGATION_CHARS) & (nxt < clause_after)).astype(np.int64)
    return near


def _same_case(text: str, start: int, end: int, e: Entry) -> bool:
    got = " ".join(text[start:end].translate(_TABLE).split())
    want = " ".join(e.term.translate(_TABLE).split())
    return got.startswith(want.rstrip("*")) if e.kind == "prefix" else got == want


def _excluded(text: str, start: int, end: int, patterns: tuple[Any, ...]) -> bool:
    lo, hi = max(0, start - _EXCLUSION_WINDOW), min(len(text), end + _EXCLUSION_WINDOW)
    for p in patterns:
        for m_start, m_end in regex_spans(p, text, "", p.pattern, lo, hi):
            if m_start <= start and m_end >= end:
                return True
    return False


@lru_cache(maxsize=32)
def compile_lexicons(lexicons: tuple[Lexicon, ...]) -> Matcher:
    """The compiled matcher of these lexicons (cached, so each set compiles once per process)."""
    return Matcher(lexicons)


def find_matches_in_text(text: str, lexicons: Iterable[Lexicon] | Matcher, doc_id: str = "") -> list[dict]:
    """All hits in one text, as dicts with the :data:`MATCH_COLUMNS`, in text order."""
    table = _match_table([doc_id], [text], lexicons if isinstance(lexicons, Matcher) else compile_lexicons(tuple(lexicons)))
    return table.to_dict("records")


def batches(texts: list[str], max_chars: int = BATCH_CHARS) -> Iterator[tuple[int, Batch]]:
    """``(index of the first text, batch)`` of consecutive texts up to ``max_chars`` characters each."""
    first, size = 0, 0
    for i, text in enumerate(texts):
        if i > first and size + len(text) > max_chars:
            yield first, encode(texts[first:i])
            first, size = i, 0
        size += len(text) + 1
    if first < len(texts) or not texts:
        yield first, encode(texts[first:])


def _match_table(doc_ids: list, texts: list[str], matcher: Matcher) -> pd.DataFrame:
    parts = []
    for first, batch in batches(texts):
        hits = matcher.find(batch)
        if not len(hits.doc):
            continue
        order = np.lexsort((matcher._entry_lex[hits.entry], hits.start, hits.doc))
        doc, start, end = hits.doc[order], hits.start[order], hits.end[order]
        entry, negated = hits.entry[order], hits.negated[order]
        sent = np.zeros(len(doc), dtype=np.int64)
        for d in np.unique(doc).tolist():
            lo, hi = np.searchsorted(doc, [d, d + 1])
            starts = [s for s, _ in sentence_spans(batch.texts[d])] or [0]
            sent[lo:hi] = np.maximum(np.searchsorted(starts, start[lo:hi], side="right") - 1, 0)
        entries = matcher.entries
        ents = [entries[i] for i in entry.tolist()]
        parts.append(pd.DataFrame({
            "doc_id": [doc_ids[first + d] for d in doc.tolist()], "sent_id": sent, "start": start, "end": end,
            "lexicon": [e.lexicon for e in ents], "category": [e.category for e in ents],
            "subcategory": [e.subcategory for e in ents], "term": [e.term for e in ents],
            "matched_text": [batch.texts[d][s:t] for d, s, t in zip(doc.tolist(), start.tolist(), end.tolist())],
            "negated": negated}))
    table = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=MATCH_COLUMNS)
    return table.astype({"sent_id": int, "start": int, "end": int, "negated": bool})


def find_matches(corpus: pd.DataFrame, lexicons: Iterable[Lexicon]) -> pd.DataFrame:
    """The match table of a corpus: one row per hit, offsets slice ``corpus.text`` exactly.

    Columns: ``doc_id, sent_id, start, end, lexicon, category, subcategory, term, matched_text,
    negated``; ``term`` is the lexicon's entry, ``matched_text`` the text it matched.

    >>> import pandas as pd
    >>> from framing.lexicons import load_lexicons
    >>> corpus = pd.DataFrame({"doc_id": ["a"], "text": ["Talks may resume."]})
    >>> find_matches(corpus, load_lexicons(["hedging"]))[["doc_id", "term", "start"]].to_dict("records")
    [{'doc_id': 'a', 'term': 'may', 'start': 6}]
    """
    return _match_table(corpus["doc_id"].tolist(), corpus["text"].tolist(), compile_lexicons(tuple(lexicons)))
