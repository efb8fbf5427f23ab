"""Find lexicon terms in text: whole words, case-insensitive, phrases across line breaks.

Each lexicon compiles once into one regular expression (longest alternative first), so at a
given position the longest term wins and matches never overlap within a lexicon.

>>> from framing.lexicons import load_lexicon
>>> m = find_matches_in_text("The mayor may give up\\nterritory.", [load_lexicon("hedging")])
>>> [(x["term"], x["start"], x["end"]) for x in m]
[('may', 10, 13)]
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from functools import lru_cache

import pandas as pd

from .lexicons import Lexicon
from .text import sentence_spans

MATCH_COLUMNS = ["doc_id", "sent_id", "start", "end", "lexicon", "category", "term", "matched_text"]

_APOSTROPHES = "'’‘`"


def normalise_term(text: str) -> str:
    """The key under which a term and its matched text meet: lower case, one space, straight '."""
    text = text.lower()
    for ch in _APOSTROPHES:
        text = text.replace(ch, "'")
    return " ".join(text.split())


def _term_pattern(term: str) -> str:
    words = []
    for word in term.split():
        escaped = re.escape(word)
        for ch in _APOSTROPHES:
            escaped = escaped.replace(re.escape(ch), "['’‘`]").replace(ch, "['’‘`]")
        words.append(escaped)
    return r"\s+".join(words)


def _compile(lexicon: Lexicon) -> tuple[re.Pattern[str], dict[str, tuple[str, str]]]:
    return _compile_terms(lexicon.terms)


@lru_cache(maxsize=64)
def _compile_terms(terms: tuple[tuple[str, str], ...]) -> tuple[re.Pattern[str], dict[str, tuple[str, str]]]:
    lookup = {normalise_term(t): (cat, t) for cat, t in terms}
    alternatives = sorted(lookup, key=lambda k: (-len(k), k))
    body = "|".join(_term_pattern(lookup[k][1]) for k in alternatives)
    return re.compile(rf"(?<!\w)(?:{body})(?!\w)", re.IGNORECASE), lookup


def find_matches_in_text(text: str, lexicons: Iterable[Lexicon], doc_id: str = "") -> list[dict]:
    """All hits of ``lexicons`` in one text, as dicts with the :data:`MATCH_COLUMNS`."""
    rows: list[dict] = []
    sents = None
    for lex in lexicons:
        pattern, lookup = _compile(lex)
        for m in pattern.finditer(text):
            if sents is None:
                sents = [s for s, _ in sentence_spans(text)]
            category, term = lookup[normalise_term(m.group())]
            rows.append({
                "doc_id": doc_id,
                "sent_id": max(bisect.bisect_right(sents, m.start()) - 1, 0),
                "start": m.start(), "end": m.end(),
                "lexicon": lex.name, "category": category, "term": term,
                "matched_text": m.group(),
            })
    return rows


def find_matches(corpus: pd.DataFrame, lexicons: Iterable[Lexicon]) -> pd.DataFrame:
    """The match table of a corpus: one row per hit, offsets slice ``corpus.text`` exactly.

    >>> import pandas as pd
    >>> from framing.lexicons import load_lexicons
    >>> corpus = pd.DataFrame({"doc_id": ["a"], "text": ["Talks may resume."]})
    >>> find_matches(corpus, load_lexicons(["hedging"]))[["doc_id", "term", "start"]].to_dict("records")
    [{'doc_id': 'a', 'term': 'may', 'start': 6}]
    """
    lexicons = list(lexicons)
    rows: list[dict] = []
    for doc_id, text in zip(corpus["doc_id"], corpus["text"]):
        rows.extend(find_matches_in_text(text, lexicons, doc_id))
    return pd.DataFrame(rows, columns=MATCH_COLUMNS)
