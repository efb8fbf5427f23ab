"""The batch matcher (framing.chars + framing.match): whole-word hits decided by the automaton,
the same result whatever the batch, and the corners of its byte alphabet."""

from __future__ import annotations

import re
from functools import lru_cache

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from framing.chars import INVISIBLE, encode, folded, normalise, span_token_counts, token_counts
from framing.lexicons import load_lexicon, load_lexicons, parse_lexicon
from framing.match import Matcher, batches, find_matches, phrase_pattern
from framing.text import WORD_RE, without_invisible

SOME = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
PIECES = st.sampled_from(["\u2003", "\u3000", "\x85", "\u2010", "may", "MAY", "not", "no", "he’d", "cease-fire", "give up", "territory", "U.S.", "US",
                          "NATO", "Kyiv", "security guarantees", "without", "impossible", "mayor", "a‘b", "x`y",
                          "İstanbul", "Σ", "ς", "straße", "ﬁ", "_", "9", "😀", "¡", "\u00ad", "\u200b", "—", "-",
                          "'", "’", ".", ",", "(", ")", '"', "“", " ", "  ", "\n", "\n\n", "\t", "\u2028", "\xa0"])
TEXTS = st.lists(st.one_of(PIECES, st.text(max_size=4)), max_size=40).map("".join)


def lexicon(terms: list[str], name: str = "t") -> object:
    return parse_lexicon({"name": name, "version": "1", "description": "test", "negation": False,
                          "categories": {"all": {"terms": terms}}}, "", "<test>")


@SOME
@given(st.lists(TEXTS, min_size=1, max_size=6), st.data())
def test_token_counts_equal_word_re(texts, data):
    batch = encode(texts)
    assert token_counts(batch).tolist() == [len(WORD_RE.findall(t)) for t in texts]
    doc = data.draw(st.integers(0, len(texts) - 1))
    n = len(texts[doc])
    start = data.draw(st.integers(0, n))
    end = data.draw(st.integers(start, n))
    got = span_token_counts(batch, np.array([doc]), np.array([start]), np.array([end]))
    assert got.tolist() == [len(WORD_RE.findall(texts[doc], start, end))]


@lru_cache(maxsize=1)
def three_lexicons() -> Matcher:
    """Compiled once for all examples (compiling per example made the test take 100 s)."""
    return Matcher(load_lexicons(["hedging", "concession", "actors"]))


@SOME
@given(st.lists(TEXTS, min_size=2, max_size=8))
def test_hits_of_a_document_do_not_depend_on_its_batch(texts):
    matcher = three_lexicons()
    together = matcher.find(encode(texts))
    for i, text in enumerate(texts):
        assert together.of(i) == matcher.hits(text)


WHOLE_WORD_TERMS = ("may", "not", "give up territory", "he'd", "u.s.", "cease-fire", "no")


@lru_cache(maxsize=1)
def whole_word_terms() -> Matcher:
    """Compiled once for all examples (the terms are the same in each)."""
    return Matcher([lexicon(list(WHOLE_WORD_TERMS))])


@SOME
@given(TEXTS)
@example("ma\u200by n\u00adot ma\ufeffyor give \u200b up")
def test_every_whole_word_occurrence_is_a_candidate(text):
    """Against the regex definition of a whole-word phrase: same hits as one pattern per term."""
    terms = WHOLE_WORD_TERMS
    found = whole_word_terms().hits(text)
    expected = set()
    hyphens_alike = text.replace("\u2010", "-").replace("\u2011", "-")  # as documented (same length)
    visible = [i for i, c in enumerate(text) if c not in INVISIBLE]  # invisible characters are not there
    for term in terms:
        expected |= {(visible[m.start()], visible[m.end() - 1] + 1)
                     for m in phrase_pattern(term).finditer(without_invisible(hyphens_alike))}
    # leftmost-longest keeps a subset of overlapping spans; these terms never overlap each other
    assert {(s, e) for s, e, _, _ in found} == expected


def test_a_short_term_after_any_non_word_character_matches():
    hedging = Matcher([load_lexicon("hedging")])
    for lead in ["¡", "😀", "\u200b", "(", "«", "]"]:
        assert [(s, e) for s, e, *_ in hedging.hits(f"{lead}may go")] == [(1, 4)]


def test_a_negator_after_a_rare_character_still_negates():
    m = find_matches(pd.DataFrame({"doc_id": ["d"], "text": ["😀not cede the land"]}), [load_lexicon("concession")])
    assert m["negated"].tolist() == [True]


def test_runs_of_spaces_are_one_space_and_offsets_stay_exact():
    text = "A\n\n\n  cease \n fire,   then   give   up\n\n territory " + " " * 50 + "may"
    matches = find_matches(pd.DataFrame({"doc_id": ["d"], "text": [text]}),
                           load_lexicons(["ceasefire", "concession", "hedging"]))
    assert [text[r.start:r.end] for r in matches.itertuples()] == matches["matched_text"].tolist()
    assert [re.sub(r"\s+", " ", t) for t in matches["matched_text"]] == ["cease fire", "give up territory", "may"]


def test_a_wildcard_runs_to_the_end_of_a_long_word():
    word = "cede" + "x" * 70
    found = Matcher([lexicon(["cede*"])]).hits(f"They {word}, then cede.")
    assert [(s, e) for s, e, *_ in found] == [(5, 5 + len(word)), (5 + len(word) + 7, 5 + len(word) + 11)]


def test_lexicons_with_a_large_alphabet_use_two_bytes_a_character():
    """Over 250 distinct characters in the terms (here CJK): the automaton works on 16-bit codes."""
    terms = [chr(0x4E00 + 2 * i) + chr(0x4E01 + 2 * i) for i in range(200)]
    matcher = Matcher([lexicon(terms)])
    assert matcher.compiled.keys.width == 2
    text = f"前 {terms[3]} 和{terms[5]}，{terms[7]}x {terms[199]}"
    found = [(s, e) for s, e, *_ in matcher.hits(text)]
    assert [text[s:e] for s, e in found] == [terms[3], terms[199]]  # whole words only


def test_normalise_is_lower_case_keeps_length_and_agrees_with_the_table():
    assert normalise("He’d\u2028ΟΔΟΣ İ") == "he'd οδοσ i"


@SOME
@given(TEXTS)
def test_the_per_character_table_is_normalise(text):
    assert normalise(text) == "".join(chr(folded()[ord(c)]) for c in text)


def test_batches_split_long_inputs_and_keep_order():
    texts = ["a" * 10, "b" * 10, "c" * 10, ""]
    parts = list(batches(texts, max_chars=15))
    assert [first for first, _ in parts] == [0, 1, 2]
    assert [t for _, b in parts for t in b.texts] == texts


SPANS = st.lists(st.tuples(st.integers(0, 3), st.integers(0, 2), st.integers(0, 30), st.integers(0, 8)), max_size=12)


@SOME
@given(SPANS, SPANS)
@example([(0, 0, 0, 20), (0, 0, 5, 3), (0, 1, 9, 8)], [(0, 0, 10, 5), (0, 1, 2, 3), (1, 0, 10, 5)])  # (an earlier span reaches further)
def test_exclusion_spans_cover_a_candidate_as_checking_each_span_would(spans, cands):
    """ExcludedSpans.covers (all candidates at once) says what reading every span of the
    candidate's document and lexicon says: one of them starts at or before it and ends at or after it."""
    from framing.match.scan import ExcludedSpans

    def arrays(rows):
        return [np.array([r[k] if k < 3 else r[2] + r[3] for r in rows], dtype=np.int64) for k in range(4)]

    excluded = ExcludedSpans(*arrays(spans))
    doc, lex, start, end = arrays(cands)
    want = [any(d == sd and li == sl and a <= s and e <= b for sd, sl, a, b in zip(*arrays(spans)))
            for d, li, s, e in zip(doc, lex, start, end)]
    assert excluded.covers(doc, lex, start, end).tolist() == want


@SOME
@given(st.lists(st.tuples(st.integers(0, 3), st.integers(0, 2), st.integers(0, 9), st.integers(0, 4), st.integers(0, 3)),
                max_size=20), st.booleans())
def test_candidates_are_ordered_as_a_sort_by_document_lexicon_start_longest_and_entry(rows, huge):
    """The packed one-key sort of resolve gives np.lexsort's order (ties in input order), and so
    does its fallback where the five do not fit in one integer."""
    from framing.match.resolve import candidate_order

    doc, lex, start, length, entry = (np.array([r[k] for r in rows], dtype=np.int64) for k in range(5))
    if huge:  # (documents and offsets too large to pack)
        doc, start = doc * 2 ** 40, start * 2 ** 30
    end = start + length
    assert candidate_order(doc, lex, start, end, entry).tolist() == np.lexsort((entry, start - end, start, lex, doc)).tolist()


@settings(max_examples=300, deadline=None)
@given(st.text(st.characters(codec=None, exclude_categories=()) | st.sampled_from("’‘`ʼ\u2028\u3000\u2010ςΣ\x85\t"),
               max_size=30))
def test_the_normalising_list_translates_as_the_dict_of_its_pairs(text):
    """chars._REPLACE_TABLE (a list over the code points up to the last one replaced) translates as
    str.maketrans of the same pairs does, for characters beyond its end too."""
    from framing.chars import _REPLACE, _REPLACE_TABLE

    assert text.translate(_REPLACE_TABLE) == text.translate(str.maketrans(dict(_REPLACE)))
