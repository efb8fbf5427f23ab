"""The text layer's one definition of a word (framing.text.WORD_RE) and its fast numpy path
(framing.chars), including invisible characters inside words (issue 22, item 8)."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from framing import find_matches, load_lexicons
from framing.chars import INVISIBLE, encode, span_token_counts, token_counts
from framing.match import compile_lexicons
from framing.text import WORD_RE, count_tokens, without_invisible, word_spans, words

SOME = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# The definition before invisible characters were ignored: a text's words are this pattern's
# matches in the text without its invisible characters.
VISIBLE_WORD_RE = re.compile(r"\w+(?:[-'’]\w+)*")
PIECES = st.sampled_from(["may", "MAY", "be", "not", "no", "cease", "fire", "-", "'", "’", "he’d", "give up",
                          "territory", "US", "U.S.", "x", "9", "_", "é", "😀", " ", "  ", "\n", ".", ",", "(",
                          *INVISIBLE, "\u00ad\u200b", "\ufeff"])
TEXTS = st.lists(st.one_of(PIECES, st.text(max_size=3)), max_size=30).map("".join)
LEXICONS = ["hedging", "concession", "ceasefire", "actors"]


def table(text: str) -> pd.DataFrame:
    return find_matches(pd.DataFrame({"doc_id": ["d"], "text": [text]}), load_lexicons(LEXICONS))


def test_a_zero_width_space_inside_a_word_joins_it():
    assert table("It may\u200bbe so.")[["term", "matched_text"]].values.tolist() == [["maybe", "may\u200bbe"]]
    assert table("The may\u200bor spoke.").empty  # "mayor", not "may"
    assert count_tokens("may\u200bbe") == 1 == token_counts(encode(["may\u200bbe"])).item()
    assert words("may\u200bbe not") == ["maybe", "not"]


def test_a_soft_hyphen_inside_a_word_is_ignored_and_offsets_slice_the_original():
    text = "A cease\u00adfire, a CEASE-\u00adFIRE and a cease\u200b\u2060fire."
    hits = table(text)
    assert hits["term"].str.lower().tolist() == ["ceasefire", "cease-fire", "ceasefire"]
    assert all(text[s:e] == m for s, e, m in zip(hits["start"], hits["end"], hits["matched_text"]))
    assert hits["matched_text"].tolist() == ["cease\u00adfire", "CEASE-\u00adFIRE", "cease\u200b\u2060fire"]


def test_invisible_characters_inside_a_negator_or_a_case_sensitive_term():
    hits = table("Kyiv will n\u200bot cede land to the U\u200cS.")
    assert hits[["matched_text", "negated"]].values.tolist() == [["Kyiv", False], ["cede", True], ["U\u200cS", False]]


def test_invisible_characters_between_spaces_do_not_break_a_phrase():
    text = "They will give \u200b up\u00ad territory."
    assert table(text)["matched_text"].tolist() == ["give \u200b up\u00ad territory"]


@SOME
@given(TEXTS)
def test_word_re_reads_a_text_as_if_its_invisible_characters_were_not_there(text):
    visible = [i for i, c in enumerate(text) if c not in INVISIBLE]
    expected = [(visible[s], visible[e - 1] + 1) for s, e in
                (m.span() for m in VISIBLE_WORD_RE.finditer(without_invisible(text)))]
    assert word_spans(text) == expected
    assert words(text) == VISIBLE_WORD_RE.findall(without_invisible(text))


@SOME
@given(st.lists(TEXTS, min_size=1, max_size=5), st.data())
def test_the_numpy_token_counts_equal_word_re(texts, data):
    """The fast path of framing.chars counts exactly the words of WORD_RE, in texts and in spans."""
    batch = encode(texts)
    assert token_counts(batch).tolist() == [len(WORD_RE.findall(t)) for t in texts]
    doc = data.draw(st.integers(0, len(texts) - 1))
    n = len(texts[doc])
    spans = data.draw(st.lists(st.tuples(st.integers(0, n), st.integers(0, n)).map(sorted), min_size=1, max_size=4))
    starts, ends = np.array([s for s, _ in spans]), np.array([e for _, e in spans])
    got = span_token_counts(batch, np.full(len(spans), doc), starts, ends)
    assert got.tolist() == [len(WORD_RE.findall(texts[doc], s, e)) for s, e in spans]


@settings(max_examples=200, deadline=None)
@given(st.text(st.characters(codec=None, exclude_categories=()), max_size=12))
def test_narrow_codes_are_the_code_points(text):
    """A batch's codes are uint16 where every code point fits (lone surrogates too), else uint32:
    the code points either way."""
    from framing.chars import codes_of, narrow_codes_of

    codes = narrow_codes_of(text)
    assert codes.tolist() == codes_of(text).tolist() == [ord(c) for c in text]
    assert codes.dtype == (np.uint16 if all(ord(c) < 0x10000 for c in text) else np.uint32)


@SOME
@given(st.lists(TEXTS, min_size=1, max_size=5))
def test_a_batch_maps_positions_past_its_invisible_characters_as_an_index_of_the_visible_ones_would(texts):
    """Batch keeps only where its invisible characters are (few), not an index of every visible
    one: squeezed/unsqueezed, token_starts and dropped equal what that index gives."""
    batch = encode(texts)
    joined = "".join(map(chr, batch.codes.tolist()))
    visible = np.array([i for i, c in enumerate(joined) if c not in INVISIBLE], dtype=np.int64)
    positions = np.arange(len(joined) + 1)
    assert batch.squeezed(positions).tolist() == np.searchsorted(visible, positions).tolist()
    assert batch.unsqueezed(np.arange(len(visible))).tolist() == visible.tolist()
    assert batch.token_starts.tolist() == [m.start() for m in WORD_RE.finditer(joined)]
    space = batch.codes == ord(" ")
    run = space[visible]
    plain = np.union1d([i for i, c in enumerate(joined) if c in INVISIBLE], visible[1:][run[1:] & run[:-1]])
    assert batch.dropped(space).tolist() == plain.astype(np.int64).tolist()


@SOME
@given(st.lists(st.sampled_from(["They", "may", "not", "give", "up", "territory", "a", "cease-fire", "ceasefire",
                                 "Kyiv", "US", "will", "never", "cede", "land", ",", ".", "perhaps", "he’d",
                                 "accept"]), min_size=1, max_size=14),
       st.data())
def test_invisible_characters_inside_words_change_no_hit(pieces, data):
    """Insert invisible characters inside words: the same hits (terms, negation), and each hit's
    offsets slice the new text at the same words."""
    text = " ".join(pieces)
    inside = [p for s, e in word_spans(text) for p in range(s + 1, e)]
    chosen = sorted(data.draw(st.lists(st.sampled_from(inside), max_size=6)) if inside else [])
    inserts = {p: data.draw(st.text(alphabet=INVISIBLE, min_size=1, max_size=2)) for p in chosen}
    new = "".join(inserts.get(i, "") + c for i, c in enumerate(text))
    shift = np.zeros(len(text) + 1, dtype=int)
    for p, s in inserts.items():
        shift[p:] += len(s)

    matcher = compile_lexicons(tuple(load_lexicons(LEXICONS)))
    before, after = matcher.hits(text), matcher.hits(new)
    assert [(e, n) for _, _, e, n in after] == [(e, n) for _, _, e, n in before]
    assert [(s, e) for s, e, *_ in after] == [(s + shift[s], e - 1 + shift[e - 1] + 1) for s, e, *_ in before]
    for (s0, e0, *_), (s1, e1, *_) in zip(before, after):
        assert without_invisible(new[s1:e1]) == text[s0:e0]


def test_folded_is_normalise_of_every_code_point():
    from framing.chars import N_CODES, _all_characters, codes_of, folded, normalise

    chars = _all_characters()  # (normalised in pieces: normalise keeps each character's place)
    expected = np.concatenate([codes_of(normalise(chars[lo:lo + 65536])) for lo in range(0, N_CODES, 65536)])
    np.testing.assert_array_equal(folded(), expected)


@SOME
@given(TEXTS, st.integers(-2, 6))
def test_first_and_last_words_are_slices_of_words(text, n):
    """first_words reads up to the n-th word, last_words back in growing slices (whose first word
    may be cut: hyphens, apostrophes and invisible characters inside words are drawn); both say
    what slicing all the words says."""
    from framing.text import first_words, last_words

    assert first_words(text, n) == words(text)[:n]
    assert last_words(text, n) == words(text)[-n:]
    long = text * 20  # (several slices read back)
    assert last_words(long, n) == words(long)[-n:] and first_words(long, n) == words(long)[:n]
