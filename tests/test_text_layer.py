"""The text layer is the only definition of a word, a sentence and a paragraph: dedup, stats and
quotes read text through it (issue 13, part 3)."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from framing.chars import INVISIBLE, WORD, char_class
from framing.corpus.dedup import word_hashes
from framing.quotes import voice_spans
from framing.stats import collocations, term_counts
from framing.text import (
    first_break,
    paragraph_breaks,
    paragraph_of,
    paragraph_spans,
    sentence_end,
    sentence_spans,
    without_invisible,
    word_types,
)

SOME = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
PIECES = st.sampled_from(["Talks", "resumed", "cease-fire", "he’d", "É", "ß", "_", "9", "😀", ",", ".", '"', "“", "”",
                          " ", "  ", "\n", "\n\n", "\n\n\n", "\t", "\n \n", "\n\t\n  ", *INVISIBLE])
TEXTS = st.lists(PIECES, max_size=30).map("".join)


def test_the_word_characters_of_chars_are_res_word_characters():
    """One table of word characters (``\\w``: alphanumeric or underscore) for every code point."""
    ours = (char_class() & WORD).astype(bool)
    python = np.fromiter((chr(i).isalnum() or i == 95 for i in range(len(ours))), dtype=bool, count=len(ours))
    assert (ours == python).all()


@SOME
@given(TEXTS)
def test_dedup_words_are_the_text_layers_letters(text):
    """Duplicate detection hashes the runs of word characters, invisible characters left out."""
    plain = re.findall(r"\w+", without_invisible(text).casefold())
    assert len(word_hashes(text)) == len(plain)
    assert (word_hashes(text) == word_hashes(" ".join(plain))).all()


def test_stats_count_the_text_layers_words():
    corpus = pd.DataFrame({"g": ["a", "b"], "text": ["A cease\u00adfire, he’d say; a ceasefire.", "He'd wait."]})
    counts = term_counts(corpus, "g")
    assert counts.loc["ceasefire", "a"] == 2 and counts.loc["he'd"].tolist() == [1, 1]
    assert word_types("May\u200bbe HE’D") == ["maybe", "he'd"]
    docs = pd.DataFrame({"text": ["cease\u00adfire talks resumed. " * 3] * 2})
    assert set(collocations(docs, min_freq=1)["w1"]) <= {"ceasefire", "talks", "resumed"}


@SOME
@given(TEXTS)
def test_paragraph_breaks_are_the_former_quote_breaks_where_blank_lines_hold_spaces_or_tabs(text):
    """On blank lines of spaces and tabs, the breaks quotes used (``\\n[ \\t]*\\n\\s*``) are the text
    layer's; a blank line of other white space (``\\r``, no-break space) is now a break too."""
    old = re.compile(r"\n[ \t]*\n\s*")
    breaks = paragraph_breaks(text)
    for lo in [i + 1 for i, c in enumerate(text) if not c.isspace()]:  # quotes look on after a mark
        brk = old.search(text, lo)
        new = first_break(breaks, lo, len(text) + 1)
        if brk and brk.start() > 0 and text[:brk.start()].strip("\n"):  # a break after a paragraph
            assert new == brk.span(), (lo, brk.span(), new)


@SOME
@given(TEXTS)
def test_a_paragraph_is_the_former_quote_paragraph_where_blank_lines_are_empty(text):
    """Without blank lines holding white space, ``paragraph_of`` is the ``"\\n\\n"`` rule quotes used
    (but for line breaks at the very start, which a paragraph never begins with)."""
    if re.search(r"\n[^\S\n]+\n", text) or text.startswith("\n"):
        return
    paragraphs = paragraph_spans(text)
    for pos, ch in enumerate(text):
        if ch == "\n":
            continue
        start = max(text.rfind("\n\n", 0, pos) + 2, 0) if "\n\n" in text[:pos] else 0
        end = text.find("\n\n", pos)
        assert paragraph_of(paragraphs, pos) == (start, end if end >= 0 else len(text))


def test_sentences_are_punkt_sentences_inside_paragraphs():
    text = "Mr. Smith left.  He came back.\n \nNew paragraph. Done"
    assert sentence_spans(text) == [(0, 15), (17, 30), (31, 47), (48, 52)]  # the blank line of " " opens the paragraph
    assert [text[s:e] for s, e in paragraph_spans(text)] == ["Mr. Smith left.  He came back.", " \nNew paragraph. Done"]
    assert sentence_end(sentence_spans(text), 3, len(text)) == 15
    assert sentence_end(sentence_spans(text), 3, 10) == 10
    assert sentence_end(sentence_spans(text), 60, 70) == 70


def spans(text: str) -> list:
    return voice_spans(text)[["start", "end", "voice", "speaker", "kind"]].values.tolist()


def test_an_attribution_ends_with_its_sentence_not_at_an_initial():
    """Fixed: the attribution after a quote ended at the first ". " ("said George W."), leaving
    "Bush." to the narration; it now ends where the text layer's sentence ends."""
    text = '"You will always have our support," said George W. Bush. The president thanked him.'
    assert spans(text)[1] == [35, 56, "journalist", "", "attribution"]


def test_a_blank_line_of_white_space_ends_a_paragraph_for_quotes():
    """Fixed: quotes split paragraphs at "\\n\\n" only, so a blank line holding a space or a carriage
    return did not end a paragraph; every blank line now ends one, for voices as for sentences.
    (The attribution of the second, bare quote is the voices package's own rule: a quote paragraph
    with no cue continues the previous speaker; it must not depend on how the blank line is written.)"""
    first = '"We will fight for every metre of our land," Zelenskiy said.'
    second = '"This is a statement of some length that nobody in particular is said to have made here."'
    plain = [row[2:] for row in spans(first + "\n\n" + second)]
    for blank in ["\n \n", "\r\n\r\n", "\n\t\n"]:
        assert len(paragraph_spans(first + blank + second)) == 2, repr(blank)
        assert [row[2:] for row in spans(first + blank + second)] == plain, repr(blank)
    assert len(paragraph_spans(first + "\n" + second)) == 1
