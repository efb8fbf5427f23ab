"""Refusal verbs with a wider negation window of their own (``far_window``, ``far_negators``; concession 2.5.0,
issue 14 round 5): "rejected any attempt to force Ukraine to surrender territory" is a refusal, while a "not" many
words before a hit usually belongs to another verb ("cannot sign ... without settling the territorial issues")."""

from __future__ import annotations

import pandas as pd
import pytest

from framing.errors import LexiconError
from framing.lexicons import load_lexicon, parse_lexicon
from framing.match import find_matches
from framing.match.compile import negation_settings
from framing.match.reference import reference_hits


def lexicon(negation: dict) -> object:
    return parse_lexicon({"name": "t", "version": "1", "description": "test", "negation": negation,
                          "categories": {"all": {"terms": ["cede"]}}}, "", "<test>")


def negated(text: str, lex: object) -> list[bool]:
    """Per hit, negated, as the fast matcher says (and the reference agrees)."""
    found = find_matches(pd.DataFrame({"doc_id": ["d"], "text": [text]}), [lex])["negated"].tolist()
    assert found == [h.negated for h in reference_hits(text, [lex])]
    return found


FAR = {"window": 3, "far_window": 8, "far_negators": ["reject", "rule out"]}


@pytest.mark.parametrize("text, expected", [
    ("They reject any plan that would cede", [True]),        # 6 words before: the far window
    ("They rule out any plan that would cede", [True]),      # a two-word far negator
    ("They reject a b c d e f g h cede", [False]),           # beyond the far window
    ("We will not sign any plan that would cede", [False]),  # "not" keeps the window of 3
    ("We will not cede", [True]),
    ("They reject it, and others cede", [False]),           # the clause ends at the comma
    ("They reject it but would cede", [False]),             # ... and at a clause-break word
    ("We reject cede", [True]),                              # a far negator counts within the near window too
])
def test_far_negators_reach_further_than_the_others(text, expected):
    assert negated(text, lexicon(FAR)) == expected


def test_without_far_settings_nothing_changes():
    assert negated("They reject any plan that would cede", lexicon({"window": 3, "negators": ["reject"]})) == [False]


@pytest.mark.parametrize("negation, message", [
    ({"far_window": 21}, "far_window"),
    ({"far_negators": "reject"}, "far_negators"),
])
def test_bad_far_settings_name_the_key(negation, message):
    with pytest.raises(LexiconError, match=message):
        lexicon(negation)


@pytest.mark.parametrize("text, expected", [
    ("The summit declaration rejected any attempt to force Ukraine to surrender territory.", True),
    ("The minister categorically denied reports that Kyiv had agreed to cede the Donetsk region.", True),
    ("Voters overwhelmingly reject any peace deal that would leave their compatriots under occupation.", True),
    # "not"/"cannot" far before the hit belongs to another verb: a demand to settle, not a refusal
    ("We simply cannot sign a document on security guarantees without settling the territorial issues of Crimea.", False),
    ("Ukraine would not try to retake Crimea by force and would discuss its status for fifteen years.", False),
])
def test_concession_refusal_verbs_reach_their_complement(text, expected):
    # the fast matcher only: the reference reads the 37k concession terms one by one (seconds a sentence);
    # the small lexicons above and tests/test_match_reference.py check that the two agree on far negators
    found = find_matches(pd.DataFrame({"doc_id": ["d"], "text": [text]}), [load_lexicon("concession")])["negated"].tolist()
    assert found and all(n == expected for n in found), (text, found)


def test_concession_far_settings_are_read():
    neg = negation_settings(load_lexicon("concession"))
    assert neg.far_window == 10 and ("rejected",) in neg.far_before and ("rejected",) in neg.before
    assert ("not",) not in neg.far_before


@pytest.mark.parametrize("text, expected", [
    ("They reject any plan to cede", [True]),  # the far negators work with the near window off
    ("We will not cede", [False]),             # ... while "not" (window 0) negates nothing
    ("They reject it, and others cede", [False]),
])
def test_far_negators_work_when_the_near_window_is_zero(text, expected):
    # the fast matcher used to skip far negators when `window` was 0 (the reference did not):
    # found by the generated-lexicon property test (tests/test_match_reference.py)
    assert negated(text, lexicon({"window": 0, "far_window": 8, "far_negators": ["reject"]})) == expected


def test_negation_phrases_take_brace_alternatives():
    """``{a,b}`` in a negation phrase gives each alternative, as in terms (it was matched literally)."""
    lex = lexicon({"window": 3, "negators": ["{refuse,refused} to"], "far_window": 8,
                   "far_negators": ["{reject,rejected}"]})
    assert negated("They refused to cede", lex) == [True]
    assert negated("They refuse to cede", lex) == [True]
    assert negated("They rejected any plan that would cede", lex) == [True]
    bad = {"window": 3, "negators": ["{refuse to"]}
    with pytest.raises(LexiconError, match="unbalanced braces"):
        lexicon(bad)
