"""Find lexicon terms in text: all lexicons compiled once into one Aho-Corasick automaton.

Matching is whole-word and case-insensitive (unless a term says ``case_sensitive: true``);
curly and straight apostrophes are the same, and a phrase matches across line breaks and runs
of spaces. Within a lexicon the leftmost-longest match wins and hits never overlap; hits inside
an exclusion ("political will", "in May") are dropped; a negator shortly before the hit in the
same clause ("will not cede") marks it ``negated``.

One module per stage, each a pure function of the one before:

=================  ==========================================================================
``compile``        lexicons -> entries, keys of one automaton (terms, exclusion phrases,
                   negation cues), regex terms and exclusions, negation settings
``scan``           a batch of documents -> candidate hits, exclusion spans, negation cues
``resolve``        candidates -> hits: case, exclusions, leftmost-longest per lexicon, and the
                   per-hit context filter
``negation``       hits -> which are negated (window and clause scope)
``table``          hits -> the match table (:data:`MATCH_COLUMNS`)
``matcher``        :class:`Matcher`: compile once, then scan -> resolve -> negation per batch
``reference``      the same rules, per document and per term in plain Python (slow; the oracle
                   of the property tests in ``tests/test_match_reference.py``)
=================  ==========================================================================

How it is fast (measured in ``benchmarks/score_throughput.py``): documents are matched a batch
at a time. The batch becomes one array of code points (:mod:`framing.chars`); one table lookup
turns every character into a byte of the lexicons' own small alphabet, so that word boundaries
are part of the patterns, compiled into the DFA of the Rust ``aho-corasick`` crate
(``ahocorasick_rs``). What comes out is only whole-word hits and negation cues; overlaps,
exclusions and negation are then resolved with numpy, and hit by hit only where needed.

>>> from framing.lexicons import load_lexicon
>>> m = find_matches_in_text("The mayor may not give up\\nterritory.", [load_lexicon("hedging"),
...                          load_lexicon("concession")])
>>> [(x["lexicon"], x["term"], x["start"], x["end"], x["negated"]) for x in m]
[('hedging', 'may', 10, 13, False), ('concession', 'give up territory', 18, 35, True)]
"""

from __future__ import annotations

from .compile import NEGATION_FILE, Compiled, Entry, Negation, compile_lexicon_set, negation_settings, normalise_term, phrase_pattern
from .matcher import Hit, Hits, Matcher, compile_lexicons
from .negation import is_negated
from .table import BATCH_CHARS, MATCH_COLUMNS, batches, find_matches, find_matches_in_text, match_table

__all__ = ["BATCH_CHARS", "MATCH_COLUMNS", "NEGATION_FILE", "Compiled", "Entry", "Hit", "Hits", "Matcher", "Negation",
           "batches", "compile_lexicon_set", "compile_lexicons", "find_matches", "find_matches_in_text", "is_negated",
           "match_table", "negation_settings", "normalise_term", "phrase_pattern"]
