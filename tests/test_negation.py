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


DENIES = {"negators": ["denies"]}


@pytest.mark.parametrize("text, expected", [
    ("Russia denies it\n\nIn the event of a deal", [False]),     # issue 18: the previous paragraph
    ("Russia denies it\n  \n\tIn the event of a deal", [False]),  # a blank line with spaces
    ("Russia denies it\nin the event of a deal", [True]),        # one line break: same paragraph
    ("Russia denies it. In the event of a deal", [False]),       # another sentence
    ("Russia denies in the event of a deal", [True]),
])
def test_negation_scope_stops_at_sentence_and_paragraph_ends(text, expected):
    assert negated(text, lexicon(DENIES, ("in the event of",))) == expected


@pytest.mark.parametrize("text, expected", [
    ("Land for peace\n\nis unacceptable.", [False]),
    ("Land for peace\nis unacceptable.", [True]),
])
def test_negators_after_a_hit_stop_at_paragraph_ends(text, expected):
    lex = lexicon({"after": ["unacceptable"]})
    assert negated(text, lex) == expected


@pytest.mark.parametrize("text", [
    "Kyiv will not to 'cede' land.", "Kyiv will not to “cede” land.", 'Kyiv will not "cede" land.',
    "Kyiv will not «cede» land.", "Kyiv said “no” to cede land.", 'Kyiv said "no" to cede land.',
    "Kyiv said “never” to “cede”.", "“Land for peace” is unacceptable.", "It is “not” “land for peace”.",
    "Land for peace is ruled “out”.", "They “ruled” out land for peace.",
])
def test_quote_marks_around_a_term_or_a_negator_do_not_hide_it(text):
    assert negated(text, lexicon({})) == [True]


def test_quote_marks_do_not_hide_a_negator_inside_a_quotation():
    assert negated("“We will not cede land,” he said.", lexicon({})) == [True]
    # a short insert between commas does not end the scope (test_negation_scope.py); a longer one does
    assert negated("“We will not,” he said, “cede land.”", lexicon({})) == [True]
    assert negated("“We will not,” he told reporters on Monday, “cede land.”", lexicon({})) == [False]


@pytest.mark.parametrize("text, expected", [
    ("They call it 'cede' now.", [True]), ("They call it “cede” now.", [True]),
    ('A "land for peace" deal.', [True]), ("A «land for peace» deal.", [True]), ("‘cede’", [True]),
    ("They cede land.", [False]), ("They “cede land” now.", [False]),   # the term is not alone inside
    ("x'cede' y", [False]), ("“cede”s", [False]),                        # quote marks against a word
    ("“cede now”", [False]),
])
def test_scare_quotes_mark_a_hit_negated(text, expected):
    assert negated(text, lexicon({"scare_quotes": True})) == expected
    assert negated(text, lexicon({})) == [False] * len(expected)  # off by default


def test_scare_quotes_respect_a_term_without_negation():
    lex = parse_lexicon({"name": "t", "version": "1", "description": "test", "negation": {"scare_quotes": True},
                         "categories": {"all": {"terms": [{"term": "cede", "negation": False}]}}}, "", "<test>")
    assert negated("They call it “cede”.", lex) == [False]


@pytest.mark.parametrize("bad", [{"scare_quotes": "yes"}, {"scare_quotes": 1}, {"enabled": "no"},
                                 {"negators": "refuse"}, {"window": True}])
def test_negation_settings_are_checked(bad):
    from framing.errors import LexiconError
    with pytest.raises(LexiconError, match="negation"):
        lexicon(bad)


def test_a_single_line_break_where_reading_back_stops_is_no_paragraph_end():
    """The first slice read back from the hit starts exactly at a single line break: still one paragraph."""
    text = "not b\n" + "cccccccccc " * 9 + "cede"
    assert text.index("cede") - 100 == text.index("\n")
    assert negated(text, lexicon({"window": 20})) == [True]
    assert negated(text.replace("\n", "\n\n"), lexicon({"window": 20})) == [False]
    after = "cede" + " cccccccccc" * 9 + "\nunacceptable"
    assert after.index("\n") == 4 + 100 - 1
    lex = lexicon({"after_window": 12, "after": ["unacceptable"]})
    assert negated(after, lex) == [True]
    assert negated(after.replace("\n", "\n\n"), lex) == [False]


def test_quote_mark_lookups_say_what_isin_says():
    """The lookup table of scare quote marks agrees with np.isin for every code point, those above
    the highest mark too; the clause breaks of the character classes are the scope breaks, no
    quote mark among them."""
    import numpy as np

    from framing.chars import CLAUSE, char_class
    from framing.match.negation import _IS_SCARE, _SCARE_CODES, QUOTE_MARKS, SCOPE_BREAK_CHARS, _is_mark

    codes = np.arange(0x110000, dtype=np.uint32)
    assert (_is_mark(_IS_SCARE, codes) == np.isin(codes, _SCARE_CODES)).all()
    breaks = np.flatnonzero(char_class() & CLAUSE)
    assert sorted(map(chr, breaks)) == sorted(SCOPE_BREAK_CHARS)
    assert not set(QUOTE_MARKS) & set(SCOPE_BREAK_CHARS)
