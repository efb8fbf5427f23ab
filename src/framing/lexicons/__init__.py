"""Lexicons: versioned YAML data files, validated on load, with a content hash.

A lexicon file::

    name: hedging
    version: 0.1.0
    description: Expressions that weaken the speaker's commitment to a claim.
    sources: [Hyland 1998, Hedging in Scientific Research Articles]
    licence: CC BY 4.0
    categories:
      modal:
        description: Epistemic modal verbs.
        terms: [may, might, could]

>>> from framing.lexicons import load_lexicon
>>> lex = load_lexicon("hedging")
>>> lex.name, len(lex.sha256)
('hedging', 64)
"""

from __future__ import annotations

from .format import Lexicon, Term, builtin_names, expand_braces, load_lexicon, load_lexicons, parse_lexicon

__all__ = ["Lexicon", "Term", "builtin_names", "expand_braces", "load_lexicon", "load_lexicons", "parse_lexicon"]
