"""Stage 4, negation: which hits a negator reaches ("will not cede", "land for peace is unacceptable").

A hit is negated when one of its lexicon's negators stands within ``window`` words before it
(any word ending in ``n't`` counts), or one of its ``after`` phrases within ``after_window``
words after it, however long the words, in the same clause: a clause ends at ``. ; : ! ? , ( ) [ ]``,
dashes, the ``clause_breaks`` words of ``negation.yaml``, and the end of its sentence or paragraph
(:func:`framing.text.sentence_spans`). Quote marks do not end a clause: they do not hide a
quoted term or negator from negation ("not to “cede”"). With ``negation: {scare_quotes: true}``
a hit standing directly inside quote marks ('cede', “land for peace”) is negated as well.

Russian and Ukrainian (``object_clause`` of ``negation.ru.yaml``, ``negation.uk.yaml``): a comma
right before a complementizer («что», «чтобы»; «що», «щоб») does not end the scope of a negator
that negates the verb whose object that clause is («не можем признать, что Крым ...», «не
визнаємо, що ...»): :func:`negated_across_object_clause`, :class:`framing.match.compile.ObjectClause`.

Negation cues are keys of the automaton, so the scan already knows where every cue starts;
:func:`cues_near` keeps only the hits with a cue in their clause nearby, and only those are
checked word by word (:func:`is_negated`).

>>> from framing.lexicons import load_lexicon
>>> neg = negation_settings(load_lexicon("concession"))
>>> is_negated("We will never cede land.", 14, 18, neg), is_negated("No. We cede land.", 7, 11, neg)
(True, False)
"""

from __future__ import annotations

import re
from functools import lru_cache

import numpy as np

from ..chars import CLAUSE, CLAUSE_CHARS, WORD, Batch, normalise
from ..text import sentence_spans, words
from .compile import Compiled, Negation, Phrases, negation_settings
from .resolve import Resolved

__all__ = ["cues_near", "in_scare_quotes", "is_negated", "negate", "negated_across_object_clause", "negation_settings"]

# Quote marks do not end a negation clause (:data:`framing.chars.CLAUSE_CHARS` holds none).
QUOTE_MARKS = "\"“”«»"
SCOPE_BREAK_CHARS = CLAUSE_CHARS
# Scare quotes: any quote mark, single ones too ('cede', ‘cede’, „cede“).
SCARE_QUOTE_MARKS = QUOTE_MARKS + "'‘’„‚‹›"
_SCARE_CODES = np.array([ord(c) for c in SCARE_QUOTE_MARKS], dtype=np.uint32)


def _marks(codes: np.ndarray) -> np.ndarray:
    """A lookup table: ``table[min(c, len(table) - 1)]`` says whether code point ``c`` is one of
    ``codes`` (quicker than ``np.isin`` for the few positions looked at per batch)."""
    table = np.zeros(int(codes.max()) + 2, dtype=bool)
    table[codes] = True
    return table


_IS_SCARE = _marks(_SCARE_CODES)


def _is_mark(table: np.ndarray, codes: np.ndarray) -> np.ndarray:
    """Whether each code point is one of the table's (:func:`_marks`).

    >>> _is_mark(_IS_SCARE, np.array([ord('"'), ord("‹"), ord("a"), 0x1F600])).tolist()
    [True, True, False, False]
    """
    return table[np.minimum(codes, len(table) - 1)]
_CLAUSE_RE = re.compile(f"[{re.escape(SCOPE_BREAK_CHARS)}]")
_LINE_BREAK = re.compile(r"[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]")  # where a paragraph may end
_SLICE = 100  # characters read at first around a hit (more if its window needs them)


def negate(compiled: Compiled, batch: Batch, hits: Resolved, before_cues: np.ndarray,
           after_cues: np.ndarray) -> np.ndarray:
    """Whether each hit is negated (a boolean array over ``hits``)."""
    offset = batch.offsets[hits.doc]
    negatable = compiled.negatable[hits.entry]
    negated = compiled.always_negated[hits.entry].copy()  # `negated: true` terms
    # (the quote marks read at the hits of lexicons with scare quotes only: 264 of 120,000 hits)
    scare = np.flatnonzero(np.array([n.scare_quotes for n in compiled.negations], dtype=bool)[hits.lex] & negatable)
    if len(scare):
        negated[scare] |= in_scare_quotes(batch, hits.start[scare] + offset[scare], hits.end[scare] + offset[scare])
    # Cues looked for only near the hits a cue may negate (not those of lexicons without negation:
    # more than half the hits of the built-in lexicons on news).
    idx = np.flatnonzero(negatable & ~negated)
    near = cues_near(batch, before_cues, after_cues, hits.start[idx] + offset[idx], hits.end[idx] + offset[idx])
    without = [n.object_clause is None for n in compiled.negations]
    if any(without):  # bit 8 only for the hits of lexicons with an object-clause rule
        near &= ~(8 * np.array(without, dtype=np.int64)[hits.lex[idx]])
    idx, near = idx[near > 0], near[near > 0]
    reach = np.array([max(n.window, n.far_window if n.far_before else 0) for n in compiled.negations], dtype=np.int64)
    last_cue, beyond = cues_beyond_reach(batch, before_cues, hits.start[idx] + offset[idx], reach[hits.lex[idx]])
    for i, d, li, start, end, bits, cue, far in zip(idx.tolist(), hits.doc[idx].tolist(), hits.lex[idx].tolist(),
                                                    hits.start[idx].tolist(), hits.end[idx].tolist(), near.tolist(),
                                                    (last_cue - offset[idx]).tolist(), beyond.tolist()):
        text, neg = batch.texts[d], compiled.negations[li]
        if bits & 1 and far and not _MERGERS.search(text, max(cue - 1, 0), start):
            bits &= ~1  # every cue before it is more words away than its windows reach
        negated[i] = bool((bits & 1 and negated_before(text, start, neg))
                          or (bits & 4 and negated_across_insert(text, start, neg))
                          or (bits & 8 and negated_across_object_clause(text, start, neg))
                          or (bits & 2 and negated_after(text, end, neg)))
    return negated


# The characters that normalising makes joiners (an apostrophe, a hyphen): only they join two
# words of a text into one of :func:`_words_before` (every other one keeps or splits words).
_MERGERS = re.compile("[`\u02bc\u2018\u2010\u2011]")


def cues_beyond_reach(batch: Batch, before: np.ndarray, start: np.ndarray, reach: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per hit (offsets in the batch): the last cue that starts before it, and whether more than
    ``reach`` words of the text as written (:data:`framing.text.WORD_RE`) start between that cue
    and the hit. Where none of :data:`_MERGERS` stands from the character before the cue to the
    hit, the words :func:`negated_before` counts there are no fewer, so no negator phrase (its
    first word is a cue) starts within ``reach`` words of the hit.

    >>> from framing.chars import encode
    >>> b = encode(["No talks at all on the land."])
    >>> cues_beyond_reach(b, np.array([0]), np.array([23]), np.array([3]))[1].tolist()
    [True]
    """
    if not len(before) or not len(start):
        return np.zeros(len(start), dtype=np.int64), np.zeros(len(start), dtype=bool)
    last = before[np.maximum(np.searchsorted(before, start) - 1, 0)]
    tokens = batch.visible_token_starts  # (among the visible characters: no need to place every token in the text)
    words = np.searchsorted(tokens, batch.squeezed(start)) - np.searchsorted(tokens, batch.squeezed(last))
    return last, (last < start) & (words > reach)


def in_scare_quotes(batch: Batch, start: np.ndarray, end: np.ndarray) -> np.ndarray:
    """Whether each span (offsets in the batch) stands directly inside quote marks: a quote mark
    right before it and right after it, and no word character against them on the outside
    (``'cede'`` and ``“land for peace”``, not the apostrophes of ``o'cede's``)."""
    codes, classes = batch.codes, batch.classes
    last = len(codes) - 1
    opens = _is_mark(_IS_SCARE, codes[start - 1]) & ((classes[np.maximum(start - 2, 0)] & WORD) == 0)
    closes = _is_mark(_IS_SCARE, codes[np.minimum(end, last)]) & ((classes[np.minimum(end + 1, last)] & WORD) == 0)
    return opens & closes & (start >= 1)


def is_negated(text: str, start: int, end: int, neg: Negation) -> bool:
    """Whether a negator stands within ``neg.window`` words before ``text[start:end]`` in its clause
    (or right before a short insert between commas, :func:`negated_across_insert`; or, where the
    language has the rule, before the verb whose object clause holds the hit, :func:`negated_across_object_clause`;
    or one of ``neg.after`` within ``neg.after_window`` words after it)."""
    return (negated_before(text, start, neg) or negated_across_insert(text, start, neg)
            or negated_across_object_clause(text, start, neg) or negated_after(text, end, neg))


def _has_negator(tokens: list[str], phrases: Phrases, first: frozenset[str], contractions: bool,
                 starts_within: int | None = None, exceptions: Phrases = frozenset()) -> bool:
    """Whether a negator phrase (or, with ``contractions``, a word ending in n't) is in ``tokens``,
    starting within the first ``starts_within`` of them if given, where none of ``exceptions``
    starts ("not only")."""
    if contractions and any(t.endswith("n't") for t in tokens):
        return True
    if first.isdisjoint(tokens):
        return False
    longest = _longest(phrases)
    starts = len(tokens) if starts_within is None else min(starts_within, len(tokens))
    return any(tuple(tokens[i:i + n]) in phrases and not _exception_at(tokens, i, exceptions)
               for i in range(starts) if tokens[i] in first  # (``first``: the phrases' first words)
               for n in range(1, longest + 1) if i + n <= len(tokens))


@lru_cache(maxsize=64)
def _longest(phrases: Phrases) -> int:
    """The most words of a phrase (1 if there is none): read once per set of phrases, not at every
    hit checked (a lexicon has up to a hundred negators; a frozenset keeps its hash)."""
    return max(map(len, phrases), default=1)


@lru_cache(maxsize=64)
def _by_last_word(phrases: Phrases) -> dict[str, list[tuple[str, ...]]]:
    """The phrases by their last word."""
    out: dict[str, list[tuple[str, ...]]] = {}
    for p in phrases:
        out.setdefault(p[-1], []).append(p)
    return out


def _exception_at(tokens: list[str], i: int, exceptions: Phrases) -> bool:
    """Whether one of ``exceptions`` (phrases such as "not only") starts at ``tokens[i]``."""
    return any(tuple(tokens[i:i + len(e)]) == e for e in exceptions)


def _after_last_break(tokens: list[str], breaks: frozenset[str]) -> list[str]:
    """The words after the last clause-break word among ``tokens`` (all of them if there is none)."""
    for i in range(len(tokens) - 1, -1, -1):
        if tokens[i] in breaks:
            return tokens[i + 1:]
    return tokens


def negated_before(text: str, start: int, neg: Negation) -> bool:
    """Whether a negator stands within ``neg.window`` words before ``start``, or a far negator within
    ``neg.far_window`` (also where ``window`` is 0), in its clause."""
    if not neg.enabled:
        return False
    if neg.window:
        tokens = _after_last_break(_words_before(text, start, neg.window), neg.breaks)
        if tokens and _has_negator(tokens, neg.before, neg.first_before, True, None, neg.exceptions):
            return True
    if not (neg.far_before and neg.far_window > neg.window):
        return False
    far = _after_last_break(_words_before(text, start, neg.far_window), neg.breaks)
    return bool(far) and _has_negator(far, neg.far_before, neg.first_far, False, None, neg.exceptions)


INSERT_WORDS = 4  # the longest insert between commas that does not end a negator's scope
INSERT_GAP = 1  # words that may stand between the negator and the insert ("not agree, ...")


def negated_across_insert(text: str, start: int, neg: Negation) -> bool:
    """Whether a negator ends the clause right before an insert of 1 to :data:`INSERT_WORDS` words
    between commas (or is followed there by one more word: "не будем, ни при каких условиях,
    отдавать"), and the hit stands within ``neg.window`` words of the negator, not counting the
    insert, in the clause after it: "will not, under any circumstances, cede".

    >>> from framing.lexicons import load_lexicon
    >>> neg = negation_settings(load_lexicon("concession"))
    >>> text = "We will not, under any circumstances, cede land."
    >>> negated_across_insert(text, text.index("cede"), neg)
    True
    """
    if not (neg.enabled and neg.window):
        return False
    second = _last_break(text, start)
    if second < 0 or text[second] != ",":
        return False
    first = _last_break(text, second)
    if first < 0 or text[first] != ",":
        return False
    if not _sentence_holds(text, first, start):  # "will not,\n\nunder any circumstances, cede": two paragraphs
        return False
    insert = words(normalise(text[first + 1:second]))
    if not 1 <= len(insert) <= INSERT_WORDS:  # (most inserts checked are longer: the words after are not read)
        return False
    after = words(normalise(text[second + 1:start]))
    if neg.breaks.intersection(insert + after):
        return False
    before = _words_before(text, first, _longest(neg.before) + INSERT_GAP)
    ending = _by_last_word(neg.before)
    for gap in range(min(INSERT_GAP + 1, len(before))):  # words between the negator and the first comma
        if before[-1 - gap].endswith("n't") and 1 + gap + len(after) <= neg.window:
            return True
        for p in ending.get(before[-1 - gap], ()):  # (the phrases that may end there, not all hundred)
            at = len(before) - gap - len(p)
            if (at >= 0 and len(p) + gap + len(after) <= neg.window and tuple(before[at:at + len(p)]) == p
                    and not _exception_at(before, at, neg.exceptions)):
                return True
    return False


def negated_across_object_clause(text: str, start: int, neg: Negation) -> bool:
    """Whether the hit's clause begins after a comma with a complementizer of ``neg.object_clause`` (before the
    hit or as its first word), the hit stands within ``neg.window`` words of the comma (no clause-break
    word between), and the clause before the comma ends with one of ``clause.verbs`` with a negator before
    the verb among its last ``neg.window`` words: «не можем признать, что Крым — российский» (or with one of
    ``clause.refusals``, a negator itself: «мы против того, чтобы ...»); or the hit's
    clause opens with a relative or participle clause of content (``clause.pronouns``, ``clause.stems``) and a
    negator stands among those words: «Киев отверг план, предусматривающий отказ от Крыма».

    >>> from framing.lexicons import load_lexicon
    >>> lex = load_lexicon("concession", language="ru")
    >>> neg = negation_settings(lex)
    >>> text = "Мы не мочь признать, что Крым российский."  # the lemma view
    >>> negated_across_object_clause(text, text.index("Крым"), neg)
    True
    >>> text = "Не секрет, что Крым российский."
    >>> negated_across_object_clause(text, text.index("Крым"), neg)
    False
    """
    clause = neg.object_clause
    if clause is None or not (neg.enabled and neg.window):
        return False
    comma = _last_break(text, start)
    if comma < 0 or text[comma] != "," or not _sentence_holds(text, comma, start):
        return False
    after = words(normalise(text[comma + 1:start]))
    lead = after[:2] if len(after) > 1 else after + words(normalise(text[start:start + _SLICE]))[:2 - len(after)]
    if not lead or len(after) > neg.window:  # the hit may begin with the complementizer: «, чтобы Украина отдала»
        return False
    tokens = _after_last_break(_words_before(text, comma, neg.window), neg.breaks)
    if lead[0] in clause.complementizers and not neg.breaks.intersection(after) and (any(
            len(v) < len(tokens) and tuple(tokens[-len(v):]) == v
            and _has_negator(tokens[:-len(v)], neg.before, neg.first_before, True, None, neg.exceptions)
            for v in clause.verbs) or any(tuple(tokens[-len(r):]) == r and _has_negator(list(r), neg.before, neg.first_before, True)
                                          for r in clause.refusals)):
        return True
    # a relative or participle clause of content after the refused noun: «отверг план, предусматривающий ...»
    skip = 1 if lead[0] in clause.pronouns and len(lead) > 1 else 0
    return (bool(clause.stems) and lead[skip].startswith(clause.stems) and not neg.breaks.intersection(after[skip:])
            and _has_negator(tokens, neg.before, neg.first_before, True, None, neg.exceptions))


def _last_break(text: str, end: int) -> int:
    """The position of the last scope break character before ``end`` (-1 if none)."""
    size = _SLICE
    while True:
        lo = max(0, end - size)
        cut = _CLAUSE_RE.search(text[lo:end][::-1])
        if cut:
            return end - 1 - cut.start()
        if lo == 0:
            return -1
        size *= 4


def negated_after(text: str, end: int, neg: Negation) -> bool:
    """Whether one of ``neg.after`` starts within ``neg.after_window`` words after ``end``, in its clause."""
    if not (neg.enabled and neg.after_window):
        return False
    tokens = _words_after(text, end, neg.after_window + _longest(neg.after) - 1)
    for i, tok in enumerate(tokens):
        if tok in neg.breaks:
            tokens = tokens[:i]
            break
    return bool(tokens) and _has_negator(tokens, neg.after, neg.first_after, False, neg.after_window)


def _words_before(text: str, start: int, n: int) -> list[str]:
    """The last ``n`` words (normalised) of the clause before ``start``, however long they are.

    Reads back a growing slice until it holds more than ``n`` words (the first one may be cut by
    the slice) or reaches the clause's start: a clause break character, the start of the
    sentence (:func:`framing.text.sentence_spans`: a paragraph break ends one), or the text's.
    """
    size = _SLICE
    while True:
        lo = max(0, start - size)
        cut = _CLAUSE_RE.search(text[lo:start][::-1])
        if cut:
            lo = start - cut.start()
        sentence = _sentence_start(text, lo, start)
        found = words(normalise(text[sentence:start]))
        if cut or sentence > lo or lo == 0 or len(found) > n:
            return found[-n:]
        size *= 4


def _words_after(text: str, end: int, n: int) -> list[str]:
    """The first ``n`` words (normalised) of the clause after ``end`` (see :func:`_words_before`)."""
    size = _SLICE
    while True:
        hi = min(len(text), end + size)
        cut = _CLAUSE_RE.search(text, end, hi)
        if cut:
            hi = cut.start()
        sentence = _sentence_end(text, end, hi)
        found = words(normalise(text[end:sentence]))
        if cut or sentence < hi or hi == len(text) or len(found) > n:
            return found[:n]
        size *= 4


def _sentence_start(text: str, lo: int, start: int) -> int:
    """Where the sentence holding ``text[start]`` begins, if it begins after something in
    ``text[lo:start]`` (else ``lo``: white space alone at the slice's edge proves no break)."""
    if not _LINE_BREAK.search(text, lo, start):
        return lo  # no paragraph ends here, and no sentence: the clause break characters cut earlier
    begins = lo + sentence_spans(text[lo:start + 1])[-1][0]
    return begins if text[lo:begins].strip() else lo


def _sentence_holds(text: str, at: int, start: int) -> bool:
    """Whether the sentence holding ``text[start]`` also holds the break character at ``at`` (the
    slice read begins with that character, so a paragraph right after it counts: white space alone
    at a slice's edge would prove nothing)."""
    return _sentence_start(text, at, start) == at


def _sentence_end(text: str, end: int, hi: int) -> int:
    """Where the sentence holding ``text[end - 1]`` ends, if something follows it in ``text[end:hi]``
    (else ``hi``)."""
    if not _LINE_BREAK.search(text, end, hi):
        return hi
    ends = end - 1 + sentence_spans(text[end - 1:hi])[0][1]
    return ends if text[ends:hi].strip() else hi


def cues_near(batch: Batch, before: np.ndarray, after: np.ndarray, start: np.ndarray, end: np.ndarray) -> np.ndarray:
    """Per hit (offsets in the batch): bit 1 if a negator cue starts before it in its clause,
    bit 2 if one starts after it in its clause, bit 4 if its clause begins after two commas and
    a cue starts in the clause before the first of them (:func:`negated_across_insert`), bit 8 if
    its clause begins after a comma and a cue starts in the clause before it
    (:func:`negated_across_object_clause`).

    A cheap, never-missing filter: only these hits are checked word by word (:func:`is_negated`),
    which counts the window in words, however many characters they take.
    """
    near = np.zeros(len(start), dtype=np.int64)
    if not len(start) or not (len(before) or len(after)):
        return near
    clauses = np.flatnonzero((batch.classes & CLAUSE).astype(bool))  # (quote marks are none)
    if len(before):
        last = before[np.maximum(np.searchsorted(before, start) - 1, 0)]
        k = np.searchsorted(clauses, start) - 1
        padded = np.concatenate(([-1, -1, -1], clauses))  # padded[k + 3] is clauses[k], -1 before the first
        clause_before = padded[k + 3]
        near |= ((last < start) & (last > clause_before)).astype(np.int64)
        # Whether the break before the hit, and the one before that, is a comma: read at those
        # breaks only (-1, none, reads the batch's last character: a separator, never a comma).
        comma, comma_before = (batch.codes[padded[k + 3]] == ord(",")), (batch.codes[padded[k + 2]] == ord(","))
        # A cue in the clause before a comma may reach across it (negated_across_object_clause).
        cue = before[np.maximum(np.searchsorted(before, clause_before) - 1, 0)]  # the last cue before the break
        near |= 8 * (comma & (cue < clause_before) & (cue > padded[k + 2])).astype(np.int64)
        # A cue before two commas may reach across the insert between them (negated_across_insert).
        insert = comma & comma_before
        if insert.any():
            first = padded[k + 2]  # the first comma (where insert holds)
            cue = before[np.maximum(np.searchsorted(before, first) - 1, 0)]  # the last cue before it
            near |= 4 * (insert & (cue < first) & (cue > padded[np.maximum(k + 1, 0)])).astype(np.int64)
    if len(after):
        nxt = np.append(after, np.iinfo(np.int64).max)[np.searchsorted(after, end)]
        clause_after = np.append(clauses, np.iinfo(np.int64).max)[np.searchsorted(clauses, end)]
        near |= 2 * (nxt < clause_after).astype(np.int64)
    return near
