"""Negation scope, round 3 (issue 14): a short insert between commas after a negator, "not only
... but", terms that are refusals by themselves (``negated: true``), and refusals after a hit
that begin with "not" (found by their longest word)."""

from __future__ import annotations

from functools import cache

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from framing.errors import LexiconError
from framing.lexicons import load_lexicon, parse_lexicon
from framing.lexicons.interchange import to_yaml
from framing.match import Matcher, find_matches
from framing.match.compile import after_cue, compile_lexicon_set
from framing.match.reference import reference_hits


@cache
def concession(language: str) -> Matcher:
    """The built-in concession lexicon's matcher in ``language``, compiled once for this module (a
    matcher is reused across texts, as the kit's own compile cache reuses it)."""
    return Matcher([load_lexicon("concession", language=language)])


def lexicon(negation: object = None, terms: tuple = ("cede", "land for peace"), language: str = "en") -> object:
    data = {"name": "t", "version": "1", "description": "test", "categories": {"all": {"terms": list(terms)}}}
    if negation is not None:
        data["negation"] = negation
    return parse_lexicon(data, "", "<test>")


def negated(text: str, lex: object) -> list[bool]:
    """Per hit, negated, as the fast matcher says (and the reference agrees)."""
    found = find_matches(pd.DataFrame({"doc_id": ["d"], "text": [text]}), [lex])["negated"].tolist()
    assert found == [h.negated for h in reference_hits(text, [lex])]
    return found


@pytest.mark.parametrize("text, expected", [
    ("Kyiv will not, under any circumstances, cede land.", [True]),
    ("Kyiv will never, we are told, cede land.", [True]),
    ("Kyiv won't, as a rule, cede land.", [True]),
    ("Kyiv will not agree, under pressure, to cede land.", [True]),       # one word between negator and insert
    ("Kyiv will not, under any of these circumstances, cede land.", [False]),  # a 5-word insert ends the scope
    ("Kyiv will not agree to it, under pressure, to cede land.", [False]),  # the negator is too far from the insert
    ("Kyiv will, under any circumstances, cede land.", [False]),
    ("Kyiv will not, which is clear, cede land.", [False]),  # a clause-break word in the insert
    ("Kyiv will not. Under pressure, it will cede land.", [False]),
    ("Kyiv will not; under pressure, cede land.", [False]),  # the first break is no comma
    ("Kyiv will not,\n\nunder any circumstances, cede land.", [False]),  # a paragraph ends at the first comma
    ("Kyiv will not, under any circumstances,\n\ncede land.", [False]),  # ... or at the second
    ("So. Kyiv will not, under any circumstances, cede land.", [True]),
])
def test_a_short_insert_between_commas_does_not_end_a_negators_scope(text, expected):
    assert negated(text, lexicon()) == expected


def test_the_insert_does_not_count_in_the_window_but_the_words_after_it_do():
    lex = lexicon({"window": 3})
    assert negated("We will not, under any circumstances, ever cede land.", lex) == [True]   # not + ever + cede
    assert negated("We will not, under any circumstances, ever again quickly cede land.", lex) == [False]


_INSERT_WORDS = ["we", "will", "not", "rule", "ruled", "out", "refused", "won't", "only", "agree", "under", "any",
                 "pressure", "which", "nor", "against", "it", "cede", "land", "for", "peace"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_INSERT_WORDS), st.sampled_from([" ", " ", ", ", ",", "  "])), max_size=16),
       st.sampled_from([None, {"window": 2}, {"negators": ["rule out", "will not agree", "not"], "window": 4}]))
def test_the_insert_rule_agrees_with_the_reference(pieces, negation):
    """Negators of one and more words (phrases ending in the same word, 'not only' exceptions) before
    one or two commas: the fast path (phrases looked up by their last word) negates as the reference."""
    text = "".join(w + gap for w, gap in pieces) + "cede land."
    negated(text, lexicon(negation))


@pytest.mark.parametrize("language, text", [
    ("ru", "Мы не будем, ни при каких условиях, отдавать территорию."),
    ("uk", "Ми не будемо, за жодних умов, віддавати територію."),
])
def test_the_insert_rule_holds_in_the_russian_and_ukrainian_views(language, text):
    matcher = concession(language)
    assert [h.negated for h in matcher.hits(text)] == [True]
    assert matcher.hits(text) == reference_hits(text, matcher)


@pytest.mark.parametrize("text, expected", [
    ("Kyiv will not only cede land but also pay.", [False]),
    ("Not only did Kyiv cede land, it paid.", [False]),
    ("Kyiv will not cede land, not only money.", [True]),
])
def test_not_only_is_no_negation(text, expected):
    assert negated(text, lexicon()) == expected


@pytest.mark.parametrize("language, text", [
    ("ru", "Киев не только отдаст территорию, но и заплатит."),
    ("uk", "Київ не лише віддасть територію, а й заплатить."),
    ("uk", "Київ не тільки віддасть територію, а й заплатить."),
])
def test_not_only_is_no_negation_in_russian_and_ukrainian(language, text):
    matcher = concession(language)
    assert [h.negated for h in matcher.hits(text)] == [False]
    plain = text.replace(" только", "").replace(" лише", "").replace(" тільки", "")
    assert [h.negated for h in matcher.hits(plain)] == [True]  # "не отдаст" is negated


def test_a_lexicon_may_add_exceptions():
    lex = lexicon({"exceptions": ["not just"]})
    assert negated("Kyiv will not just cede land.", lex) == [False]
    assert negated("Kyiv will not just cede land.", lexicon()) == [True]


def test_a_negated_term_is_always_negated():
    lex = lexicon(terms=("cede", {"term": "red {line,lines}", "negated": True}))
    assert negated("Our land is a red line. We cede nothing.", lex) == [True, False]
    off = lexicon({"enabled": False}, terms=("cede", {"term": "red line", "negated": True}))
    assert negated("Not a red line; we will not cede.", off) == [True, False]
    assert to_yaml(lex).count("negated: true") == 2  # written back by the interchange (terms expanded)


@pytest.mark.parametrize("bad, message", [
    ({"term": "red line", "negated": "yes"}, "negated of 'red line' must be true or false"),
    ({"term": "red line", "negated": True, "negation": False}, "both negated: true and negation: false"),
])
def test_the_negated_key_is_checked(bad, message):
    with pytest.raises(LexiconError, match=message):
        lexicon(terms=(bad,))


@pytest.mark.parametrize("language, text, term", [
    ("en", "Zelenskyy said that Ukraine's territorial integrity is a red line.", "red line"),
    ("en", "Appeasing the aggressor with Ukrainian land will not bring peace.", "Appeasing"),
    ("ru", "Суверенитет и территориальная целостность — это «красная линия».", "красная линия"),
    ("uk", "Суверенітет і територіальна цілісність – це «червона лінія».", "червона лінія"),
])
def test_concession_marks_red_lines_and_appeasement_negated(language, text, term):
    matcher = concession(language)
    assert [(text[h.start:h.end], h.negated) for h in matcher.hits(text)] == [(term, True)]


def test_after_phrases_are_found_by_their_longest_word():
    assert after_cue(("not", "an", "option")) == "option"
    compiled = compile_lexicon_set([lexicon({"after": ["not an option"]})])
    cues = {g.key for g in compiled.keys.groups if g.cue & 2}
    assert "option" in cues and "not" not in cues  # "not" after a hit no longer sends it to the word check


@pytest.mark.parametrize("text, expected", [
    ("Ceding land is not an option.", [True]),
    ("Ceding land is not negotiable.", [True]),
    ("Ceding land is non-negotiable.", [True]),
    ("Ceding land is not what we discussed, an option.", [False]),
])
def test_refusals_after_a_hit_that_begin_with_not(text, expected):
    hits = concession("en").hits(text)
    assert [h.negated for h in hits if text[h.start:h.end].lower() == "ceding"] == expected
