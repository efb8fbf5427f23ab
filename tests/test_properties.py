"""Property tests (hypothesis): invariants that must hold for any input, not just the examples.

Already covered elsewhere and not repeated here: ``clean_text`` never raises, never adds and is
idempotent (tests/corpus/test_corpus_clean.py); dedup order on the wire fixtures
(tests/corpus/test_corpus_dedup.py). Here: cleaning with a title split and through the whole
loader; match offsets; scores vs chunking and job count; dedup vs order on generated corpora.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from framing.corpus import load_corpus
from framing.corpus.clean import clean_page
from framing.corpus.dedup import find_duplicates
from framing.lexicons import load_lexicons
from framing.match import find_matches, phrase_pattern
from framing.scale import score_chunks

LEXICONS = load_lexicons(["hedging", "concession", "security", "ceasefire"])
PHRASE_ENTRIES = {(e.text.casefold(), e.case_sensitive) for lex in LEXICONS for e in lex.entries if e.kind == "phrase"}
TERM_WORDS = sorted({w for lex in LEXICONS for _, t in lex.terms for w in t.replace("*", "").split()
                     if "{" not in w and "}" not in w and "," not in w})[:400]
FILLER = ["the", "talks", "Kyiv", "said", "not", "never", "will", "he’d", "he'd", "land", "NATO", "might", "May",
          "cease-fire", "occupied", "guarantees", "perhaps", "İstanbul", "straße", "ﬁnal", "e\u0301", "\u00a0"]
SEPS = st.sampled_from([" ", "  ", "\n", ", ", ". ", "\t", " — ", "’", "-", "\u2028", "\r\n", "!? "])
WORDS = st.one_of(st.sampled_from(TERM_WORDS + FILLER), st.text(max_size=6))
TEXTS = st.lists(st.tuples(WORDS, SEPS), max_size=60).map(lambda parts: "".join(w + s for w, s in parts))
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _visible(text: str) -> str:
    return re.sub(r"\s+", "", text)


@FAST
@given(st.lists(st.one_of(TEXTS, st.sampled_from(["Advertisement", "Read more: x", "(Reuters) - Body.",
                                                  "© 2024 News"])), max_size=8).map("\n".join))
def test_clean_page_with_title_never_raises_and_never_adds(page):
    out = clean_page(page, has_title=True)
    it = iter(_visible(page))  # title and body, in order, are a subsequence of the page
    assert all(ch in it for ch in _visible(out.title + out.text))
    assert all(_visible(r.text) in _visible(page) for r in out.removed)


def _subsequence(small: str, big: str) -> bool:
    it = iter(big)
    return all(ch in it for ch in small)


@pytest.mark.slow  # a load per example: several seconds
@FAST
@pytest.mark.filterwarnings("ignore:load_corpus skipped")
@given(st.lists(TEXTS, min_size=1, max_size=4))
def test_loader_never_raises_and_never_adds_text(texts):
    import unicodedata

    corpus = load_corpus(pd.DataFrame({"text": texts}))
    assert len(corpus) <= len(texts)
    sources = [_visible(unicodedata.normalize("NFC", t)) for t in texts]
    for text in corpus["text"]:  # each document's text comes from one input text, nothing added
        assert any(_subsequence(_visible(text), source) for source in sources)


@FAST
@given(TEXTS)
def test_match_offsets_slice_the_matched_term(text):
    matches = find_matches(pd.DataFrame({"doc_id": ["d"], "text": [text]}), LEXICONS)
    for m in matches.itertuples():
        piece = text[m.start:m.end]
        assert piece == m.matched_text and piece.strip() == piece and piece
        assert m.start == 0 or not (text[m.start - 1].isalnum() or text[m.start - 1] == "_")  # whole words
        assert m.end == len(text) or not (text[m.end].isalnum() or text[m.end] == "_")
        if (m.term.casefold(), False) in PHRASE_ENTRIES:  # a plain phrase: the slice is that phrase
            assert phrase_pattern(m.term).fullmatch(piece), (m.term, piece)


def _corpus(texts: list[str]) -> pd.DataFrame:
    return pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(texts))], "text": texts})


@pytest.mark.slow  # several seconds
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(TEXTS, min_size=1, max_size=12), st.integers(1, 13), st.integers(1, 13))
def test_scores_do_not_depend_on_chunk_size(texts, size_a, size_b):
    corpus = _corpus(texts)

    def scored(size):
        chunks = (corpus.iloc[i:i + size] for i in range(0, len(corpus), size))
        return pd.concat(list(score_chunks(chunks, LEXICONS, jobs=1)), ignore_index=True)

    pd.testing.assert_frame_equal(scored(size_a), scored(size_b))


@pytest.mark.slow  # three process pools
def test_scores_do_not_depend_on_job_count():
    """A fixed corpus: a process pool per hypothesis example would be slow."""
    rows = ["He might accept a cease-fire if NATO offers security guarantees.",
            "Kyiv will not cede occupied land; talks may resume.", "", "Nothing here.",
            "Perhaps the truce holds, officials suggested, perhaps not."] * 7
    corpus = _corpus(rows)
    chunks = lambda n: (corpus.iloc[i:i + n] for i in range(0, len(corpus), n))  # noqa: E731
    one = pd.concat(list(score_chunks(chunks(4), LEXICONS, jobs=1)), ignore_index=True)
    two = pd.concat(list(score_chunks(chunks(3), LEXICONS, jobs=2)), ignore_index=True)
    pd.testing.assert_frame_equal(one, two)
    sentences = pd.concat(list(score_chunks(chunks(5), LEXICONS, jobs=2, level="sentence")), ignore_index=True)
    pd.testing.assert_frame_equal(
        sentences, pd.concat(list(score_chunks(chunks(35), LEXICONS, jobs=1, level="sentence")), ignore_index=True))


BASES = ["Kyiv and Moscow agreed to resume talks in Istanbul next week, officials said on Monday morning.",
         "The grain corridor through the Black Sea reopened after weeks of negotiations with Turkey and the UN.",
         "Zelenskiy suggested a cease-fire if NATO extends its security umbrella to unoccupied territory."]
EDITS = st.sampled_from(["", " Reuters", " officials said.", " (AP)", " on Tuesday", " Updated."])


@pytest.mark.slow  # several seconds
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.integers(0, 2), EDITS, EDITS, st.sampled_from(["", "2024-01-01", "2024-02-03"])),
                min_size=2, max_size=10), st.randoms(use_true_random=False))
def test_dedup_clusters_do_not_depend_on_input_order(docs, rnd):
    frame = pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(docs))],
                          "text": [e1 + BASES[b] + e2 for b, e1, e2, _ in docs],
                          "published": pd.to_datetime([d or None for *_, d in docs], utc=True)})
    order = list(range(len(frame)))
    rnd.shuffle(order)
    cols = ["dup_cluster", "is_canonical", "dup_kind", "dup_similarity"]
    a = find_duplicates(frame).set_index("doc_id")[cols].sort_index()
    b = find_duplicates(frame.iloc[order].reset_index(drop=True)).set_index("doc_id")[cols].sort_index()
    pd.testing.assert_frame_equal(a, b)
    # copies of one base text (same words) always end in one cluster
    for base in range(3):
        ids = [f"d{i}" for i, d in enumerate(docs) if d[0] == base and not d[1] and not d[2]]
        assert a.loc[ids, "dup_cluster"].nunique() <= 1
