"""Negation scope: the window in words whatever their length, sentence and paragraph ends,
quote marks, scare quotes."""

from __future__ import annotations

import pandas as pd
import pytest

from framing.lexicons import parse_lexicon
from framing.match import find_matches

LONG = "extraordinarily"  # 15 letters: 20 such words take over 300 characters


def lexicon(negation: object, terms: tuple[str, ...] = ("cede", "land for peace")) -> object:
    return parse_lexicon({"name": "t", "version": "1", "description": "test", "negation": negation,
                          "categories": {"all": {"terms": list(terms)}}}, "", "<test>")


def negated(text: str, lex: object) -> list[bool]:
    return find_matches(pd.DataFrame({"doc_id": ["d"], "text": [text]}), [lex])["negated"].tolist()


@pytest.mark.parametrize("between, expected", [(19, True), (20, False)])
def test_a_twenty_word_window_reaches_twenty_long_words_back(between, expected):
    """The negator is the 20th word before the hit (window 20) or the 21st: over 300 characters away."""
    text = "They will not " + " ".join([LONG] * between) + " cede land."
    assert len(text) > 300
    assert negated(text, lexicon({"window": 20})) == [expected]


@pytest.mark.parametrize("between, expected", [(1, True), (2, False)])
def test_the_after_window_counts_words_too(between, expected):
    lex = lexicon({"after_window": 2, "window": 0, "after": ["out of the question"]})
    text = "Land for peace " + " ".join(["x" * 120] * between) + " out of the question."
    assert negated(text, lex) == [expected]
