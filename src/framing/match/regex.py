"""A lexicon's own regular expressions, run with a time limit (catastrophic backtracking stops).

Terms and exclusions written as ``regex:`` are compiled by the ``regex`` module (same syntax as
``re``), whose searches take a ``timeout``: a user pattern such as ``(a+)+$`` that would run for
hours on one document raises :class:`framing.errors.LexiconError` after :data:`REGEX_TIMEOUT_S`
seconds, naming the lexicon and the term. The kit's own patterns (phrases with inner wildcards)
are plain ``re`` patterns and run as they are.

>>> regex_spans(user_regex(r"talks?"), "Talks, talk.", "mine", "talks?")
[(0, 5), (7, 11)]
"""

from __future__ import annotations

import re
from typing import Any

import regex

from ..errors import LexiconError

REGEX_TIMEOUT_S = 5.0  # most seconds one user regex may search one document
Pattern = Any  # re.Pattern (the kit's own) or regex.Pattern (a lexicon's own, with a timeout)


def user_regex(pattern: str, case_sensitive: bool = False) -> Pattern:
    """A lexicon's own regex, compiled so that :func:`regex_spans` can stop it."""
    return regex.compile(pattern, 0 if case_sensitive else regex.IGNORECASE)


def regex_spans(pattern: Pattern, text: str, lexicon: str, term: str, pos: int = 0,
                endpos: int | None = None) -> list[tuple[int, int]]:
    """Spans of ``pattern`` in ``text[pos:endpos]``; a user regex that runs past :data:`REGEX_TIMEOUT_S`
    raises :class:`LexiconError` naming the lexicon and the term."""
    end = len(text) if endpos is None else endpos
    if isinstance(pattern, re.Pattern):
        return [m.span() for m in pattern.finditer(text, pos, end)]
    try:
        return [m.span() for m in pattern.finditer(text, pos, end, timeout=REGEX_TIMEOUT_S)]
    except TimeoutError:
        raise LexiconError(lexicon, f"the regex of term {term!r} ({pattern.pattern}) ran for more than "
                           f"{REGEX_TIMEOUT_S:g} s on one document of {len(text):,} characters (catastrophic backtracking)",
                           fix="rewrite it without nested or overlapping repeats such as (a+)+ or (a|aa)+; "
                           "`framing lexicon check` points them out") from None
