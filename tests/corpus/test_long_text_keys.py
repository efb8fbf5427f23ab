"""Long texts in bounded memory: a document's id and its exact-duplicate key are computed piece by
piece (a 300 MB document never split into words all at once) and equal the keys of the whole text
(ids and duplicate decisions are stable across versions)."""

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


_WORDY = st.text(alphabet=st.sampled_from(["a", "B", "é", "ß", " ", "\n", "\u00ad", "\u200b", "ы", ".", "-"]), max_size=60)


@settings(max_examples=200, deadline=None)
@given(st.lists(_WORDY, max_size=6), st.integers(min_value=1, max_value=9))
def test_same_text_keys_in_pieces_and_batches_equal_the_whole_texts_keys(texts, limit):
    """Exact-duplicate keys are computed in bounded batches and long texts piece by piece (one
    300 MB document must not need 40 bytes a character at once): the keys do not change."""
    from framing.corpus import dedup

    whole = [hashlib.sha1(dedup._word_codes([t])[0]).digest() for t in texts]
    saved = dedup.LONG_TEXT
    dedup.LONG_TEXT = limit
    try:
        assert dedup.same_text_keys(texts) == whole
    finally:
        dedup.LONG_TEXT = saved


def test_same_text_keys_are_worked_out_in_small_batches_whatever_the_batch(monkeypatch):
    # short texts go KEY_BATCH characters at a time (arrays that stay in the CPU's caches), a
    # longer one alone; each text's key is the one it has on its own
    from framing.corpus import dedup

    texts = [("Talks may resume. " * (n % 7 + 1) * 400)[: 50 + 997 * n] for n in range(40)] + ["", "x" * 70_000]
    sizes = []
    real = dedup._word_codes
    monkeypatch.setattr(dedup, "_word_codes", lambda batch: sizes.append(sum(map(len, batch))) or real(batch))
    keys = dedup.same_text_keys(texts)
    assert max(sizes) == 70_000 and sorted(sizes)[-2] <= dedup.KEY_BATCH
    monkeypatch.setattr(dedup, "_word_codes", real)
    assert keys == [dedup.same_text_keys([t])[0] for t in texts]
