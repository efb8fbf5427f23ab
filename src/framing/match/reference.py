"""A slow, plain reference matcher: the matching rules written out once, per document and per term.

The fast matcher (:class:`framing.match.Matcher`) must give the same hits; property tests compare
the two on generated texts. Nothing here is shared with the fast path's stages except the
compiled settings (terms, exclusion patterns, negation settings), the character sets of
:mod:`framing.match.negation` (scope breaks, quote marks), and the one definition of a
word (:func:`framing.text.words`), a sentence (:func:`framing.text.sentence_spans`) and of the
text as the matcher sees it (:func:`framing.chars.normalise`). The rules:

1. **Terms.** A plain or wildcard term matches where its words, normalised (lower case, straight
   apostrophes, unicode hyphens as ``-``), stand in the normalised text as whole words (no word
   character just before or after), any run of white space matching one space, overlapping
   occurrences included; ``cede*`` takes the rest of the word. A case-sensitive term keeps only
   occurrences whose text, with apostrophes and white space alike, is the term (starts with it,
   for a wildcard). A regex term matches where its regular expression does (non-empty matches).
2. **Exclusions.** A candidate is dropped when it lies inside a span of one of its lexicon's
   exclusions (a plain phrase matches as a term does; a wildcard phrase or a regex by its regex),
   or inside a match of one of its term's own exclusions, searched in the text from 60 characters
   before the candidate to 60 after it.
3. **Overlaps.** Per lexicon, candidates are taken from left to right, the longest first (then in
   term order); one overlapping a hit already taken is dropped. Lexicons do not interact.
4. **Negation.** A hit of a ``negated: true`` term is negated. A hit of a term and lexicon that
   allow negation is negated when (a) with ``scare_quotes``, it stands directly inside quote marks;
   or (b) among the last ``window`` words of its scope before it, a negator phrase stands (or a
   word ending in n't), after the last clause-break word, where no ``exceptions`` phrase starts at
   the negator ("not only"), or one of ``far_before`` among its last ``far_window`` words; or (b') its
   scope before it begins after a comma, the scope before
   that comma is 1 to 4 words after another comma, and the scope before that one ends with a
   negator phrase (or a word ending in n't), or with one and one more word, where no exception
   starts; the negator's words, that one word and the words of the hit's scope before it are at
   most ``window``, and neither the insert nor the hit's scope holds a clause-break word
   ("will not, under any circumstances, cede"); or (b'') (Russian, Ukrainian: the ``object_clause``
   of the language's negation defaults, :attr:`framing.match.compile.Negation.object_clause`) its scope
   before it begins after a comma, its first word (or the hit's, if it is empty) is a complementizer
   («что», «що»), it holds at most ``window`` words and no clause-break word, and the scope before the comma ends with one of
   the rule's verbs, with a negator phrase (where no exception starts) before the verb among the
   last ``window`` words of that scope after its last clause-break word («не можем признать, что
   Крым ...»), or ends with one of the rule's ``refusals`` that holds a negator phrase («против того,
   чтобы ...»); or (b''') (the same rule's ``relative_pronouns`` and ``relative_stems``) that scope's first
   word (or, after one of the pronouns, its second; counting the hit's own words if the scope is short)
   starts with one of the stems, the scope holds at most ``window`` words and no clause-break word after
   the pronoun, and a negator phrase (where no exception starts) stands among the last ``window`` words of
   the scope before the comma after its last clause-break word («отверг план, предусматривающий отказ от
   Крыма»); or (c) an ``after`` phrase starts within the first
   ``after_window`` words of its scope after it, before the first clause-break word. The scope is
   the hit's sentence, cut at the clause break characters (``. ; : ! ? , ( ) [ ]`` and dashes;
   not quote marks).
5. **Context.** A hit of a term with a ``requires`` rule is dropped when the rule fails
   (:func:`framing.match.context.keeps`, shared with the fast path and tested on its own), after
   overlaps: a dropped hit does not give way to a shorter one.

Invisible characters (soft hyphens, zero-width characters) inside a text are not there for terms,
exclusion phrases and negation words: they are removed before matching and offsets are mapped
back to the original text.

6. **Views.** A lexicon of Russian or Ukrainian reads the text with ``ё`` as ``е``; one with
   ``match: lemma`` reads the lemma view (:func:`framing.match.lemma.lemma_view`: each word as
   its lemma), and its terms, exclusion phrases, near phrases and negators are lemmatised alike
   (the compiled keys, :func:`framing.match.context.rules_of`). Rules 1-5 run on that text; a
   ``match: word`` term keeps a candidate only if the original words under it, with white space,
   apostrophes and ``ё`` alike (and case too unless ``case_sensitive``), are the term as written.
   Offsets are mapped back to the original text (the view's :class:`~framing.match.lemma.OffsetMap`).

>>> from framing.lexicons import load_lexicon
>>> [(h.start, h.end, h.negated) for h in reference_hits("Kyiv will not cede land.", [load_lexicon("concession")])]
[(14, 18, True)]
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from ..chars import APOSTROPHES, INVISIBLE, WHITESPACE, normalise
from ..lexicons import Lexicon
from ..lexicons.format import Exclusion, term_kind
from ..text import sentence_spans, without_invisible, words
from .compile import Compiled, Entry, Negation, compile_lexicon_set, exclusion_pattern, normalise_term
from .context import keeps, rules_of
from .lemma import YO, View, phrase_key, view_of, view_texts
from .matcher import Hit, Matcher
from .negation import SCARE_QUOTE_MARKS, SCOPE_BREAK_CHARS

SAME_CASE = str.maketrans({**{c: "'" for c in APOSTROPHES}, **{c: " " for c in WHITESPACE}, **dict.fromkeys(INVISIBLE)})
Span = tuple[int, int]


def reference_hits(text: str, lexicons: Iterable[Lexicon] | Matcher) -> list[Hit]:
    """Every hit in ``text``, by lexicon then position, as :meth:`framing.match.Matcher.hits` gives them
    (pass a :class:`Matcher` to reuse its compiled settings)."""
    compiled = lexicons.compiled if isinstance(lexicons, Matcher) else compile_lexicon_set(lexicons)
    regex_of = {t.entry: t.pattern for t in compiled.regex_terms}
    rules = [r for lex in compiled.lexicons for r in rules_of(lex)]  # in entry order
    out = []
    for li, lexicon in enumerate(compiled.lexicons):
        view = view_of(lexicon.language, lexicon.match)
        (seen,), where = view_texts([text], view)  # rule 6: the text as this lexicon reads it
        candidates = [(s, e, ei) for ei, entry in enumerate(compiled.entries) if entry.lex == li
                      for s, e in term_spans(seen, entry, regex_of.get(ei))
                      if not entry.surface or where is None or same_surface(text, where.to_original([s], [e]), entry)]
        excluded = [span for x in lexicon.exclusions for span in exclusion_spans(seen, x, view)]
        taken_end = -1
        for s, e, ei in sorted(candidates, key=lambda c: (c[0], c[0] - c[1], c[2])):
            if s < taken_end:
                continue
            if any(a <= s and e <= b for a, b in excluded) or excluded_by_term(seen, s, e, compiled.entries[ei]):
                continue
            taken_end = e
            rule = rules[ei]
            if rule is not None and not keeps(seen, s, e, rule):
                continue
            hit = Hit(s, e, ei, negated(seen, s, e, compiled, ei))
            if where is not None:
                (start,), (end,) = where.to_original([s], [e])
                hit = hit._replace(start=int(start), end=int(end))
            out.append(hit)
    return out


def same_surface(text: str, span: tuple, entry: Entry) -> bool:
    """Rule 6: whether the original words under a candidate of a ``match: word`` term are the term."""
    def form(x: str) -> str:
        x = x.translate(SAME_CASE).translate(YO)
        return " ".join((x if entry.case_sensitive else x.lower()).split())
    (start,), (end,) = span
    return form(text[int(start):int(end)]) == form(entry.term)


def term_spans(text: str, entry: Entry, regex: re.Pattern[str] | None) -> list[Span]:
    """Where a term matches (rule 1); ``regex`` is the pattern of a regex term."""
    if regex is not None:
        return [m.span() for m in regex.finditer(text) if m.end() > m.start()]
    spans = whole_word_spans(text, entry.key or entry.term)
    if entry.case_sensitive and not entry.surface:
        want = " ".join((entry.key or entry.term).translate(SAME_CASE).split())
        got = [" ".join(text[s:e].translate(SAME_CASE).split()) for s, e in spans]
        spans = [span for span, g in zip(spans, got)
                 if (g.startswith(want.rstrip("*")) if entry.kind == "prefix" else g == want)]
    return spans


def whole_word_spans(text: str, phrase: str) -> list[Span]:
    """Every whole-word occurrence of a phrase (a trailing ``*``: any word ending) in the normalised text."""
    visible, seen = _visible(text)
    return [(visible[s], visible[e - 1] + 1) for s, e in (m.span(1) for m in _phrase_pattern(phrase).finditer(seen))]


@lru_cache(maxsize=1 << 17)
def _phrase_pattern(phrase: str) -> re.Pattern[str]:
    """The whole-word pattern of a phrase (cached: a lexicon set has more phrases than ``re`` caches).
    The built-in lexicons ask for about 40,000 phrases, in the same order for every text: an LRU cache
    smaller than that evicts each pattern before its reuse, so the bound is well above it."""
    words = normalise_term(phrase)
    body = " +".join(re.escape(w) for w in words.rstrip("*").split(" "))
    tail = r"\w*" if words.endswith("*") else r"(?!\w)"
    return re.compile(rf"(?=(?<!\w)({body}{tail}))")


@lru_cache(maxsize=4)
def _visible(text: str) -> tuple[tuple[int, ...], str]:
    """The offsets of the text's visible characters, and that text normalised (once per text, not per term)."""
    return tuple(i for i, c in enumerate(text) if c not in INVISIBLE), normalise(without_invisible(text))


def exclusion_spans(text: str, exclusion: Exclusion, view: View | None = None) -> list[Span]:
    """Spans of a lexicon-level exclusion (rule 2) in the text as ``view`` sees it."""
    if not exclusion.regex and term_kind(exclusion.phrase) == "phrase":
        return whole_word_spans(text, exclusion.phrase if view is None else phrase_key(exclusion.phrase, view))
    return [m.span() for m in exclusion_pattern(exclusion, view).finditer(text)]


def excluded_by_term(text: str, start: int, end: int, entry: Entry) -> bool:
    """Whether a match of one of the term's own exclusions, searched from 60 characters before the
    hit to 60 after it, covers it (rule 2)."""
    return any(m.start() <= start and m.end() >= end for p in entry.exclude
               for m in p.finditer(text, max(0, start - 60), end + 60))


def negated(text: str, start: int, end: int, compiled: Compiled, ei: int) -> bool:
    """Rule 4."""
    entry = compiled.entries[ei]
    neg = compiled.negations[entry.lex]
    if entry.negated:
        return True
    if not (entry.negation and neg.enabled):
        return False
    if neg.scare_quotes and in_quotes(text, start, end):
        return True
    before = words(normalise(text[scope_start(text, start):start]))[-neg.window:] if neg.window else []
    before = _after_last_break(before, neg.breaks)
    if any(w.endswith("n't") for w in before) or has_phrase(before, neg.before, len(before), neg.exceptions):
        return True
    far = words(normalise(text[scope_start(text, start):start]))[-neg.far_window:] if neg.far_window > neg.window else []
    if has_phrase(_after_last_break(far, neg.breaks), neg.far_before, len(far), neg.exceptions):
        return True
    if neg.window and across_insert(text, start, neg):
        return True
    if neg.window and across_object_clause(text, start, neg):
        return True
    after = words(normalise(text[end:scope_end(text, end)])) if neg.after_window else []
    breaks = [i for i, w in enumerate(after) if w in neg.breaks]
    if breaks:
        after = after[:breaks[0]]
    return has_phrase(after, neg.after, neg.after_window)


def has_phrase(words: list[str], phrases: frozenset[tuple[str, ...]], starts_within: int,
               exceptions: frozenset[tuple[str, ...]] = frozenset()) -> bool:
    """Whether one of ``phrases`` stands in ``words``, starting among the first ``starts_within``
    where none of ``exceptions`` starts."""
    return any(tuple(words[i:i + len(p)]) == p and not any(tuple(words[i:i + len(e)]) == e for e in exceptions)
               for p in phrases for i in range(min(starts_within, len(words))))


def across_insert(text: str, start: int, neg: Negation) -> bool:
    """Rule 4 (b'): a negator right before an insert of 1 to 4 words between commas."""
    second = scope_start(text, start) - 1
    sentence = max([s for s, _ in sentence_spans(text) if s <= start], default=0)
    if second < sentence or text[second] != ",":
        return False
    first = scope_start(text, second) - 1
    if first < sentence or text[first] != ",":
        return False
    after, insert = words(normalise(text[second + 1:start])), words(normalise(text[first + 1:second]))
    if not 1 <= len(insert) <= 4 or any(w in neg.breaks for w in insert + after):
        return False
    before = words(normalise(text[scope_start(text, first):first]))
    for gap in (0, 1):  # the negator's last word is the last word before the first comma, or the one before it
        end = len(before) - gap
        if end >= 1 and before[end - 1].endswith("n't") and 1 + gap + len(after) <= neg.window:
            return True
        if any(end - len(p) >= 0 and tuple(before[end - len(p):end]) == p and len(p) + gap + len(after) <= neg.window
               and not any(tuple(before[end - len(p):end - len(p) + len(e)]) == e for e in neg.exceptions)
               for p in neg.before):
            return True
    return False


def across_object_clause(text: str, start: int, neg: Negation) -> bool:
    """Rule 4 (b''): a negator before a verb whose object clause, after a comma, holds the hit."""
    clause = neg.object_clause
    comma = scope_start(text, start) - 1
    sentence = max([s for s, _ in sentence_spans(text) if s <= start], default=0)
    if clause is None or comma < sentence or text[comma] != ",":
        return False
    after = words(normalise(text[comma + 1:start]))
    opening = (after + words(normalise(text[start:])))[:2]  # the clause's first words, before the hit or its own
    if not opening or len(after) > neg.window:
        return False
    before = words(normalise(text[scope_start(text, comma):comma]))[-neg.window:]
    before = _after_last_break(before, neg.breaks)
    if across_relative_clause(opening, after, before, neg):
        return True
    if opening[0] not in clause.complementizers or any(w in neg.breaks for w in after):
        return False
    if any(len(r) <= len(before) and tuple(before[len(before) - len(r):]) == r and has_phrase(list(r), neg.before, len(r))
           for r in clause.refusals):
        return True  # a refusing predicate (holding a negator) with its correlative: «против того, чтобы»
    for verb in clause.verbs:
        rest = before[:len(before) - len(verb)]
        if len(verb) < len(before) and tuple(before[-len(verb):]) == verb and (
                any(w.endswith("n't") for w in rest) or has_phrase(rest, neg.before, len(rest), neg.exceptions)):
            return True
    return False


def across_relative_clause(opening: list[str], after: list[str], before: list[str], neg: Negation) -> bool:
    """Rule 4 (b'''): the hit's scope opens with a relative or participle clause of content (an optional
    pronoun of the rule, then a word starting with one of its stems) and a negator stands in ``before``."""
    clause = neg.object_clause
    if clause is None or not clause.stems:
        return False
    skip = 1 if opening[0] in clause.pronouns else 0
    if len(opening) <= skip or not any(opening[skip].startswith(s) for s in clause.stems):
        return False
    if any(w in neg.breaks for w in after[skip:]):
        return False
    return any(w.endswith("n't") for w in before) or has_phrase(before, neg.before, len(before), neg.exceptions)


def _after_last_break(tokens: list[str], breaks: frozenset[str]) -> list[str]:
    """The words after the last clause-break word (all of them if there is none)."""
    cut = [i for i, w in enumerate(tokens) if w in breaks]
    return tokens[cut[-1] + 1:] if cut else tokens


def scope_start(text: str, start: int) -> int:
    """Where the scope before a hit begins: its sentence's start, or after the last break character."""
    lo = max([s for s, _ in sentence_spans(text) if s <= start], default=0)
    return max([i + 1 for i in range(lo, start) if text[i] in SCOPE_BREAK_CHARS], default=lo)


def scope_end(text: str, end: int) -> int:
    """Where the scope after a hit ends: the end of the sentence holding its last character, or
    the first break character."""
    ends = [e for s, e in sentence_spans(text) if s <= end - 1]
    hi = max(ends[-1] if ends else len(text), end)
    return min([i for i in range(end, hi) if text[i] in SCOPE_BREAK_CHARS], default=hi)


def in_quotes(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` stands directly inside quote marks, with no word character
    against them on the outside."""
    def word(i: int) -> bool:
        return 0 <= i < len(text) and re.match(r"\w", text[i]) is not None
    return (start >= 1 and end < len(text) and text[start - 1] in SCARE_QUOTE_MARKS
            and text[end] in SCARE_QUOTE_MARKS and not word(start - 2) and not word(end + 1))
