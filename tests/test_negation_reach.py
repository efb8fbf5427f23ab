"""Hits whose last negation cue is more words away than the windows reach skip the word check
(:func:`framing.match.negation.cues_beyond_reach`): the same hits are negated as word by word."""

from hypothesis import given, settings
from hypothesis import strategies as st

from framing.lexicons import load_lexicon
from framing.match import find_matches_in_text
from framing.match.negation import is_negated, negation_settings

LEX = load_lexicon("concession")
NEG = negation_settings(LEX)
# Negators, fillers, clause breaks, and the characters normalising turns into joiners (a‐b is
# two words as written, one once normalised: "not" ten words back may be within six).
PIECES = ["not", "never", "denied", "won't", "don‘t", "dismiss", "the", "big", "a‐b‐c", "x`y", "z‑w", "oʼk",
          "land", ",", ".", "but", "\n\n", "\u00ad"]


def _negated(text):
    return [(m["start"], m["negated"]) for m in find_matches_in_text(text, [LEX]) if m["term"] == "cede*"]


def test_a_negator_far_as_written_but_near_once_normalised_still_negates():
    text = "They did not a‐b‐c‐d‐e‐f‐g‐h‐i‐j‐k‐l cede land."
    assert _negated(text) == [(37, True)] and is_negated(text, 37, 41, NEG)
    assert _negated(text.replace("‐", " ")) == [(37, False)]


@settings(max_examples=120, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=24), st.lists(st.sampled_from(PIECES), max_size=4))
def test_negated_as_word_by_word(before, after):
    text = " ".join(before) + " cede " + " ".join(after) + " now"
    for start, negated in _negated(text):
        assert negated == is_negated(text, start, start + 4, NEG), text


def test_each_window_reaches_as_far_as_word_by_word():
    for negator in ("not", "won't", "dismiss", "denied"):
        for n in range(14):
            text = f"They {negator} {'big ' * n}cede land."
            (start, negated), = _negated(text)
            assert negated == is_negated(text, start, start + 4, NEG), text
    assert [_negated(f"They dismiss {'big ' * n}cede land.")[0][1] for n in (8, 11)] == [True, False]
