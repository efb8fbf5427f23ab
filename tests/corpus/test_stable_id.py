"""A document's id from its text is hashed piece by piece (bounded memory on a 300 MB text) and is
the same id as hashing all its words joined by one space (ids are stable across versions)."""

import hashlib

from hypothesis import given, settings
from hypothesis import strategies as st

import framing.corpus.load as load

_TEXTS = st.text(alphabet=st.sampled_from(["a", "b", "é", " ", "\n", "\t", "\u2003", "\x1c", "ы", "\u00a0"]), max_size=80)


@settings(max_examples=300, deadline=None)
@given(_TEXTS, st.integers(min_value=1, max_value=9))
def test_stable_id_in_pieces_equals_the_whole_text_id(text, piece):
    whole = hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()[:16]
    saved = load._ID_PIECE
    load._ID_PIECE = piece
    try:
        assert load._stable_id("", text) == whole
    finally:
        load._ID_PIECE = saved


def test_stable_id_prefers_the_url():
    assert load._stable_id(" https://x.org/a ", "text") == hashlib.sha256(b"https://x.org/a").hexdigest()[:16]
