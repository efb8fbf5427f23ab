"""Case-sensitive terms: the quick test of a hit as written agrees with reading it folded."""

from hypothesis import given, settings
from hypothesis import strategies as st

from framing.match.compile import Entry
from framing.match.resolve import SAME_CASE, _same_case

CHARS = ["M", "m", "a", "y", "1", " ", "  ", "'", "’", "ʼ", "\u00ad", "\n", "*"]  # (ʼ: a letter that folds to ')


def _folded_rule(found, term, prefix):
    got = " ".join(found.translate(SAME_CASE).split())
    want = " ".join(term.translate(SAME_CASE).split())
    return got.startswith(want.rstrip("*")) if prefix else got == want


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(CHARS), max_size=8), st.lists(st.sampled_from(CHARS), min_size=1, max_size=6),
       st.booleans())
def test_same_case_as_folded(found, term, prefix):
    found, term = "".join(found), "".join(term)
    entry = Entry(0, "x", "c", "", term, "prefix" if prefix else "phrase", True, True, ())
    assert _same_case(found, 0, len(found), entry) == _folded_rule(found, term, prefix)


def test_a_prefix_ending_in_a_space_needs_a_word_after_it():
    entry = Entry(0, "x", "c", "", "May *", "prefix", True, True, ())
    assert not _same_case("May ", 0, 4, entry) and _same_case("May  Day", 0, 8, entry)
