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

    whole = [dedup._words_key(dedup._word_codes([t])[0]) for t in texts]
    saved = dedup.LONG_TEXT
    dedup.LONG_TEXT = limit
    try:
        assert dedup.same_text_keys(texts) == whole
    finally:
        dedup.LONG_TEXT = saved


def test_same_text_keys_are_worked_out_in_small_batches_whatever_the_batch(monkeypatch):
    # short texts go KEY_BATCH code points (BYTE_BATCH bytes when read a byte a character) at a
    # time (arrays that stay in the CPU's caches), a longer one alone; each text's key is the one
    # it has on its own
    from framing.corpus import dedup

    texts = [("Talks may resume. " * (n % 7 + 1) * 400)[: 50 + 997 * n] + "ы" * (n % 2) for n in range(40)] + [
        "", "x" * 300_000, "ы" * 70_000] + ["Talks may resume. " * 3_000] * 20
    sizes: dict[str, list[int]] = {"_word_codes": [], "_byte_words": []}
    for name in sizes:
        real = getattr(dedup, name)
        monkeypatch.setattr(dedup, name, lambda batch, real=real, name=name: sizes[name].append(sum(map(len, batch)))
                            or real(batch))
    keys = dedup.same_text_keys(texts)
    for name, longest, limit in (("_word_codes", 70_000, dedup.KEY_BATCH), ("_byte_words", 300_000, dedup.BYTE_BATCH)):
        seen = sizes[name]  # Latin-1 texts and the others apart
        assert max(seen) == longest and sorted(seen)[-2] <= limit and len(seen) > 2, name
    monkeypatch.undo()
    assert keys == [dedup.same_text_keys([t])[0] for t in texts]


# Latin-1 (ß µ fold out of it, the soft hyphen is invisible) and beyond it: separators (dashes,
# quotes), an invisible one, word characters (ı, a combining accent, a ligature)
_LATIN1 = st.text(alphabet=st.sampled_from([
    "a", "Z", "0", "_", " ", "\n", ".", "-", "'", "\x00", "\x7f", "\x85", "\xa0", "\xad", "ª", "²", "¼", "À", "é", "×",
    "÷", "ÿ", "Þ", "ß", "µ", "–", "“", "…", "\u200b", "ı", "Ⓐ", "ﬀ", "€", "\u0301", "\u2028", "\U0001f600"]), max_size=40)


@settings(max_examples=200, deadline=None)
@given(st.lists(_LATIN1, max_size=6))
def test_latin1_texts_read_a_byte_a_character_give_the_words_of_the_general_reading(texts):
    from framing.corpus import dedup

    read = dedup._one_byte(texts)
    assert read == [dedup._one_byte([t])[0] for t in texts]  # (each text alone or with the others)
    narrow = [t for t, one_byte in zip(texts, read) if one_byte is not None]
    assert dedup._byte_words([x for x in read if x is not None]) == [dedup._compact(c) for c in dedup._word_codes(narrow)]
    wide = [t for t, one_byte in zip(texts, read) if one_byte is None]  # (a word or invisible character beyond Latin-1)
    assert all(max(c.max(initial=0) for c in map(dedup.codes_of, t)) > 255 or "ß" in t or "µ" in t for t in wide)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(_LATIN1, _WORDY, st.sampled_from(["Talks — resumed", "talks resumed", "ТАЛКС", "талкс",
                                                            "ÿ", "Ÿ", "é e"])), max_size=8))
def test_same_text_keys_are_equal_exactly_when_the_normalised_hashes_are(texts):
    """Latin-1 texts (a byte a character) and the others (code points) share one key for the same words."""
    from framing.corpus import dedup

    keys = dedup.same_text_keys(texts)
    hashes = [dedup.normalised_hash(t) for t in texts]
    assert [[a == b for b in keys] for a in keys] == [[a == b for b in hashes] for a in hashes]


def test_byte_words_of_a_batch_with_or_without_a_soft_hyphen_are_each_texts_own():
    """A batch is translated at once, or text by text when one has a soft hyphen (taken out)."""
    from framing.corpus import dedup

    for texts in ([b"cease\xadfire now", b"Talks, resumed!", b"\xad", b""], [b"Talks, resumed!", b"", b"x_1 Caf\xc9"]):
        alone = [bytes(dedup._byte_words([t])[0]) for t in texts]
        assert [bytes(w) for w in dedup._byte_words(texts)] == alone
    assert alone == [b"talks\x00resumed\x00", b"", b"x_1\x00caf\xe9\x00"]
    assert bytes(dedup._byte_words([b"cease\xadfire now", b"\xad"])[0]) == b"ceasefire\x00now\x00"
