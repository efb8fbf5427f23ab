"""Context rules of lexicon terms (``requires: {near: [...], window: N}``): which hits keep.

A hit of a term with a requirement counts only if one of its ``near`` phrases occurs within
``window`` words of it, on either side, not overlapping it, in the same sentence (the kit's one
sentence definition, :func:`framing.text.sentence_spans`, on the text around the hit; a paragraph
break ends a sentence). ``near`` phrases match like terms: whole words, any case, ``*`` at a word's end is
any ending, apostrophes alike, any white space between words; words are those of
:func:`framing.text.words` (a hyphenated word is one word). Only hits of terms with a
requirement are examined, so lexicons without ``requires`` cost nothing.

>>> from framing.lexicons.format import Requirement
>>> rule = Requirement(near=("territor*", "land"), window=3)
>>> keeps("They will cede the territory.", 10, 14, rule), keeps("They cede power. The land stays.", 5, 9, rule)
(True, False)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import ahocorasick_rs
import numpy as np

from ..chars import APOSTROPHES, INVISIBLE
from ..lexicons import Lexicon
from ..lexicons.format import Requirement
from ..text import first_words, last_words, sentence_spans, without_invisible
from .lemma import phrase_key, view_of

# Apostrophes alike, as (character, replacement) pairs for _replaced: str.translate looks up every
# character of a text that is not ASCII in its table (some 45 ns each: 27 µs for a window of 600
# characters), str.replace skips to the few there are.
_APOSTROPHES = tuple((c, "'") for c in APOSTROPHES if c != "'")
# How the quick test (_may_hold) folds a window and a near word: as _fold does, with final sigma as
# sigma (the one character str.lower changes by its context: "ς" at a word's end, "σ" inside one).
_HAYSTACK = (*_APOSTROPHES, ("ς", "σ"))
_INVISIBLE = re.compile(f"[{INVISIBLE}]")
_CHARS_PER_WORD = 40  # how far to look per word of window (longer words just narrow the window)


@dataclass(frozen=True)
class _Near:
    """A rule's near phrases as word tuples: exact ones in a set, ones with a ``*`` word apart.

    Looked up by kind (:func:`_has_near`): one-word phrases in ``singles`` (exact) and ``prefixes``
    (``word*``), each tested a token at a time; longer exact ones by ``lengths`` in ``exact``, only
    from a token that is one of their first words (``firsts``)."""

    exact: frozenset[tuple[str, ...]]
    lengths: tuple[int, ...]
    wildcard: tuple[tuple[tuple[str, bool], ...], ...]  # (word, is_prefix) per word
    # per phrase, its words (less a final ``*``) as :func:`_may_hold` looks for them in a window,
    # and whether one holds an apostrophe or sigma (else the window is looked at only lower-cased)
    needles: tuple[tuple[str, ...], ...] = ()
    needles_fold: bool = False
    singles: frozenset[str] = frozenset()  # the exact phrases of one word
    prefixes: tuple[str, ...] = ()  # the wildcard phrases of one word (``territor*``), less the ``*``
    # the needles by their longest word (the likeliest to be missing from a window), each phrase as
    # its other words, and an automaton of those longest words (:func:`_may_hold`: one pass over a
    # window says which of them it holds, where a test per word would read it some fifty times)
    keyed: tuple[tuple[str, tuple[tuple[str, ...], ...]], ...] = ()
    longest: ahocorasick_rs.BytesAhoCorasick | None = None
    anywhere: bool = False  # a phrase of bare ``*`` words (no longest word to look for): every window holds it
    firsts: frozenset[str] = frozenset()  # the first words of the exact phrases of more than one word


def _replaced(text: str, pairs: tuple[tuple[str, str], ...]) -> str:
    """``text`` with each pair's character replaced by its replacement (one character each, none of
    them replaced again: a translate of the pairs).

    >>> _replaced("Kyiv’s `land` ς", _HAYSTACK)
    "Kyiv's 'land' σ"
    """
    for char, replacement in pairs:
        text = text.replace(char, replacement)
    return text


def _fold(word: str) -> str:
    low = word.lower()
    return low if low.isascii() and "`" not in low else _replaced(low, _APOSTROPHES)  # (replacing costs more than the tests)


def _folded_words(piece: str, n: int, last: bool) -> list[str]:
    """The first (or with ``last``, the last) ``n`` words of ``piece``, folded (:func:`_fold`): a piece
    of ASCII without a backtick is lower-cased at once, where a word at a time cost a call each (the
    same words: ASCII lower case changes no word's bounds).

    >>> _folded_words("They cede THE Land", 2, True), _folded_words("Don’t CEDE", 1, False)
    (['the', 'land'], ["don't"])
    """
    read = last_words if last else first_words
    if piece.isascii() and "`" not in piece:
        return read(piece.lower(), n)
    return [_fold(w) for w in read(piece, n)]


@lru_cache(maxsize=256)
def _near(near: tuple[str, ...]) -> _Near:
    exact, wildcard, needles = set(), [], []
    for phrase in near:
        words = tuple(_fold(w) for w in phrase.split())
        if any(w.endswith("*") for w in words):
            wildcard.append(tuple((w.rstrip("*"), w.endswith("*")) for w in words))
        else:
            exact.add(words)
        needles.append(tuple(_replaced(w.rstrip("*"), _HAYSTACK) for w in words))
    keyed: dict[str, list[tuple[str, ...]]] = {}
    for needle in needles:
        key = max(needle, key=len)
        keyed.setdefault(key, []).append(tuple(w for w in needle if w != key))
    anywhere = keyed.pop("", None) is not None
    return _Near(frozenset(exact), tuple(sorted({len(p) for p in exact})), tuple(wildcard), tuple(needles),
                 any("'" in w or "σ" in w for phrase in needles for w in phrase),
                 frozenset(p[0] for p in exact if len(p) == 1), tuple(p[0][0] for p in wildcard if len(p) == 1),
                 tuple((key, tuple(rest)) for key, rest in keyed.items()),
                 ahocorasick_rs.BytesAhoCorasick([_utf8(key) for key in keyed]) if keyed else None, anywhere,
                 frozenset(p[0] for p in exact if len(p) > 1))


def _utf8(text: str) -> bytes:
    """``text`` as UTF-8 (lone surrogates too): a word is in a text exactly where its bytes are in
    the text's (no character's bytes begin inside another's)."""
    return text.encode("utf-8", "surrogatepass")


def _may_hold(window: str, near: _Near) -> bool:
    """Whether some near phrase may occur in ``window`` (the text around a hit): each of its words
    is somewhere in the window, folded alike. ``False`` means no phrase occurs among its words,
    so :func:`keeps` need not find the hit's sentence (Punkt, the costly part) to say so.

    A word of the window, folded (:func:`_fold`, invisible characters out), is a piece of the
    window folded the same way: ``str.lower`` changes a character by its neighbours only for
    final sigma, which both sides fold to sigma here. Folding replaces characters one for one
    with an apostrophe or sigma only, so a needle with neither is found in the window folded
    exactly when it is found in the window lower-cased.

    >>> near = _near(("territor*", "contact line"))
    >>> _may_hold("They cede the TERRITORIES", near), _may_hold("the contact zone", near)
    (True, False)
    """
    if near.longest is None or near.anywhere:
        return near.anywhere  # (no phrase, or one that every window holds)
    if not window.isascii() and _INVISIBLE.search(window):
        window = without_invisible(window)
    folded = window.lower()
    if near.needles_fold and not (folded.isascii() and "`" not in folded):  # (else replacing changes nothing)
        folded = _replaced(folded, _HAYSTACK)
    # The phrases whose longest word the window holds (most windows hold none), then their other words.
    for key in {k for k, _, _ in near.longest.find_matches_as_indexes(_utf8(folded), overlapping=True)}:
        for phrase in near.keyed[key][1]:
            for word in phrase:  # (loops, not all()/any(): a generator per phrase costs more than the test)
                if word not in folded:
                    break
            else:
                return True
    return False


def _sentence_of(window: str, pos: int) -> tuple[int, int]:
    """The span in ``window`` of the sentence (:func:`framing.text.sentence_spans`) holding ``window[pos]``."""
    for first, last in sentence_spans(window):
        if first <= pos < last:
            return first, last
    return 0, len(window)


def _has_near(tokens: list[str], near: _Near) -> bool:
    """Whether one of the near phrases is a run of ``tokens`` (folded words)."""
    if near.singles and not near.singles.isdisjoint(tokens):
        return True
    if near.prefixes:
        for token in tokens:
            if token.startswith(near.prefixes):
                return True
    if near.firsts:  # (a run of n tokens read only where a phrase may begin: 20 words by 3 lengths were 60 tuples)
        for i, token in enumerate(tokens):
            if token in near.firsts:
                for n in near.lengths:
                    if n > 1 and i + n <= len(tokens) and tuple(tokens[i:i + n]) in near.exact:
                        return True
    for phrase in near.wildcard:
        if len(phrase) > 1:
            (first, prefix), rest = phrase[0], phrase[1:]
            for i in range(len(tokens) - len(phrase) + 1):
                token = tokens[i]
                if (token.startswith(first) if prefix else token == first) and all(
                        tokens[i + k].startswith(w) if p else tokens[i + k] == w for k, (w, p) in enumerate(rest, 1)):
                    return True
    return False


def _near_in_window(text: str, lo: int, start: int, end: int, hi: int, window: int, near: _Near) -> bool:
    """Whether a near phrase is within ``window`` words of the hit ``text[start:end]``, sentences
    aside: ``False`` means :func:`keeps` is ``False`` without finding the sentence (Punkt).

    A sentence of :func:`framing.text.sentence_spans` begins after white space (or where the text
    or a paragraph begins) and ends after ``. ? !`` or a closing quote or bracket, so no word runs
    across its bounds: the words between the hit and the sentence's bounds are the ones next to
    the hit among those up to ``lo`` and ``hi``, and a run of them is a run of these.

    >>> _near_in_window("Land. They ceded.", 0, 11, 16, 17, 4, _near(("land",)))
    True
    """
    left, right = text[lo:start], text[end:hi]
    return ((_may_hold(left, near) and _has_near(_folded_words(left, window, True), near))
            or (_may_hold(right, near) and _has_near(_folded_words(right, window, False), near)))


def _near_before_any_break(text: str, lo: int, start: int, end: int, hi: int, window: int, near: _Near) -> bool:
    """Whether a near phrase is within ``window`` words of the hit with no ``. ? !`` or line break
    between them: then it is in the hit's sentence, so :func:`keeps` is ``True`` without Punkt.

    A sentence of :func:`framing.text.sentence_spans` ends only after one of ``. ? !`` (closing
    quotes or brackets with it) or where a paragraph ends (at a line break), and the next begins
    after it: so the words after the last such character before the hit are the last words of the
    hit's sentence, and those up to the first one after the hit begin what follows the hit in it.

    >>> near = _near(("land",))
    >>> _near_before_any_break("Land. They ceded.", 0, 11, 16, 17, 4, near)
    False
    >>> _near_before_any_break("They ceded land.", 0, 5, 10, 16, 4, near)
    True
    """
    cut = max(text.rfind(c, lo, start) for c in _BREAKS)
    if _has_near(_folded_words(text[max(lo, cut + 1):start], window, True), near):
        return True
    stop = min((i for i in (text.find(c, start, hi) for c in _BREAKS) if i >= 0), default=hi)
    return stop >= end and _has_near(_folded_words(text[end:stop], window, False), near)


_BREAKS = ".?!\n"  # where a sentence may end (Punkt's sentence end characters; a paragraph's line break)


def keeps(text: str, start: int, end: int, rule: Requirement) -> bool:
    """Whether the hit ``text[start:end]`` meets ``rule`` (a near phrase within the window, same sentence)."""
    reach = rule.window * _CHARS_PER_WORD
    lo, hi = max(0, start - reach), min(len(text), end + reach)
    near = _near(rule.near)
    # (no near phrase on either side, or none within the window's words: the sentence need not be found)
    if not _near_in_window(text, lo, start, end, hi, rule.window, near):
        return False
    if _near_before_any_break(text, lo, start, end, hi, rule.window, near):
        return True
    first, last = _sentence_of(text[lo:hi], start - lo)
    left = text[lo + first:start]
    right = text[end:lo + last]
    return (_has_near(_folded_words(left, rule.window, True), near)
            or _has_near(_folded_words(right, rule.window, False), near))


@lru_cache(maxsize=64)
def rules_of(lexicon: Lexicon) -> tuple[Requirement | None, ...]:
    """Per term of the lexicon, its rule as the lexicon's view of a text sees it (near phrases as
    lemmas in a lemma lexicon, see :mod:`framing.match.lemma`). Cached: lemmatising the near phrases
    of a lemma lexicon costs far more than matching one short text."""
    view = view_of(lexicon.language, lexicon.match)
    if view.plain:
        return tuple(t.requires for t in lexicon.entries)
    seen: dict[int, Requirement] = {}  # the terms of one `requires:` share its object: read once

    def as_seen(rule: Requirement) -> Requirement:
        if id(rule) not in seen:
            seen[id(rule)] = Requirement(near=tuple(dict.fromkeys(phrase_key(p, view) for p in rule.near)),
                                         window=rule.window)
        return seen[id(rule)]
    return tuple(None if t.requires is None else as_seen(t.requires) for t in lexicon.entries)


@lru_cache(maxsize=32)
def _rules(lexicons: tuple[Lexicon, ...]) -> tuple[tuple[Requirement | None, ...], np.ndarray]:
    """Per matcher entry (the lexicons' terms in order): its rule, and whether it has one."""
    rules = tuple(r for lex in lexicons for r in rules_of(lex))
    return rules, np.array([r is not None for r in rules], dtype=bool)


def context_keep(texts: list[str], doc: np.ndarray, start: np.ndarray, end: np.ndarray, entry: np.ndarray,
                 lexicons: tuple[Lexicon, ...]) -> np.ndarray:
    """Keep mask of resolved hits (document index, offsets in it, matcher entry index): ``False``
    for hits of terms whose ``requires`` rule fails.

    >>> from framing.lexicons import load_lexicon
    >>> lex = (load_lexicon("concession"),)
    >>> context_keep(["x"], np.zeros(0, int), np.zeros(0, int), np.zeros(0, int), np.zeros(0, int), lex).tolist()
    []
    """
    keep = np.ones(len(entry), dtype=bool)
    if not len(entry):
        return keep
    rules, has_rule = _rules(lexicons)
    if not has_rule.any():
        return keep
    for i in np.flatnonzero(has_rule[entry]).tolist():
        rule = rules[int(entry[i])]
        assert rule is not None
        keep[i] = keeps(texts[int(doc[i])], int(start[i]), int(end[i]), rule)
    return keep
