"""Sentence segmentation: the memoised Punkt gives exactly plain Punkt's spans."""

import re

from framing import load_corpus
from framing.punkt import plain_punkt
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
