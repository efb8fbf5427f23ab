"""Sentence segmentation: the quick, memoised Punkt gives exactly plain Punkt's spans."""

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from framing import load_corpus
from framing.punkt import cached_punkt, plain_punkt
from framing.text import count_tokens, sentence_spans, word_spans


def test_cached_punkt_spans_equal_plain_punkt_on_the_corpus():
    plain = plain_punkt()
    texts = load_corpus("press-releases")["text"].tolist()[::300]
    for text in texts + ["Mr. Putin met Dr. Smith at 5 p.m. on Feb. 24. Then he left!  “Why?” she asked.\n\nNo."]:
        expected = []
        for para in re.finditer(r"[^\n]+(?:\n(?!\s*\n)[^\n]*)*", text):
            expected += [(para.start() + s, para.start() + e) for s, e in plain.span_tokenize(para.group())]
        assert sentence_spans(text) == expected


def test_word_spans_and_token_count_agree():
    text = "He’d accept a cease-fire, 1,000 troops (U.S.) -- won't."
    assert count_tokens(text) == len(word_spans(text)) == 10


WORDS = st.sampled_from(["said", "Ukraine", "Mr", "mr", "Dr", "Feb", "U.S", "A", "x", "2024", "5", "well-known",
                         "vs", "etc", "e.g", "no", "No", "talks", "Zelenskyy", "“quoted", "(aside", "é", "Σ"])
ENDS = st.sampled_from([".", "?", "!", "..", "...", ".?", "?!"])
AFTER = st.sampled_from(["", " The", " the", " . . .", " . .", " .x", '"', ")", "”", " 5", " -- x", "\n\nNext",
                         " “Why", " (", " -", "\t\u00a0next", " ,", " ;", ":", "'s", "’", " ..."])
CONTEXTS = st.tuples(WORDS, ENDS, AFTER).map("".join) | st.text(max_size=12)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(CONTEXTS)
def test_the_quick_sentence_break_decision_is_punkts(context):
    assert cached_punkt().text_contains_sentbreak(context) == plain_punkt().text_contains_sentbreak(context)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(CONTEXTS, st.sampled_from([" ", "\n", "\n\n", "  "])), max_size=12).map("".join))
def test_sentence_spans_equal_plain_punkt_per_paragraph(text):
    plain = plain_punkt()
    expected = []
    for para in re.finditer(r"[^\n]+(?:\n(?!\s*\n)[^\n]*)*", text):
        expected += [(para.start() + s, para.start() + e) for s, e in plain.span_tokenize(para.group())]
    assert sentence_spans(text) == expected
