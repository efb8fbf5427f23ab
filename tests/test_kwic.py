import pandas as pd
import pytest

import framing
from framing.errors import ParameterError
from framing.kwic import kwic, to_html
from framing.text import WORD_RE


@pytest.fixture(scope="module")
def article():
    corpus = framing.load_corpus("example-article")
    matches = framing.find_matches(corpus, framing.load_lexicons(["hedging", "security"]))
    return corpus, matches


def test_offsets_slice_the_text_and_context_surrounds_the_hit(article):
    corpus, matches = article
    table = kwic(corpus, matches, window=3)
    text = corpus.text[0]
    assert len(table) == len(matches)
    for row in table.itertuples():
        assert text[row.start:row.end] == row.hit
        # the left context holds the last three words before the hit (punctuation may cling to them)
        assert WORD_RE.findall(row.left) == WORD_RE.findall(text[:row.start])[-3:]
        assert len(WORD_RE.findall(row.left)) <= 3 and len(WORD_RE.findall(row.right)) <= 3


def test_word_window_exact():
    corpus = pd.DataFrame({"doc_id": ["a"], "text": ["one two three may four five six"]})
    m = pd.DataFrame({"doc_id": ["a"], "start": [14], "end": [17], "lexicon": ["hedging"]})
    row = kwic(corpus, m, window=2).iloc[0]
    assert (row.left, row.hit, row.right) == ("two three", "may", "four five")
    row = kwic(corpus, m, window=0).iloc[0]
    assert (row.left, row.right) == ("", "")


def test_sentence_context():
    corpus = pd.DataFrame({"doc_id": ["a"], "text": ["First one. Talks may\nresume soon. Last."]})
    m = pd.DataFrame({"doc_id": ["a"], "start": [17], "end": [20], "lexicon": ["hedging"]})
    row = kwic(corpus, m, by="sentence").iloc[0]
    assert (row.left, row.hit, row.right) == ("Talks", "may", "resume soon.")


def test_filters_by_lexicon_voice_negated_and_date(article):
    corpus, matches = article
    sec = kwic(corpus, matches, lexicon="security")
    assert set(sec["lexicon"]) == {"security"} and len(sec) == (matches["lexicon"] == "security").sum()
    src = kwic(corpus, matches, voice="source")
    assert len(src) > 0 and set(src["speaker"]) == {"Volodymyr Zelenskiy"}
    assert len(kwic(corpus, matches, negated=True)) == 0  # no negated column yet = all False
    assert len(kwic(corpus, matches, date_to="2000-01-01")) == 0
    with pytest.raises(ParameterError, match="nosuch"):
        kwic(corpus, matches, nosuch=1)
    with pytest.raises(ParameterError, match="by"):
        kwic(corpus, matches, by="paragraph")


def test_html_escapes_and_marks_the_hit():
    t = pd.DataFrame({"doc_id": ["<a>"], "left": ["<script>x"], "hit": ["may"], "right": ["a & b"]})
    out = to_html(t)
    assert "<script>" not in out and "&lt;script&gt;x" in out and "a &amp; b" in out
    assert "<mark>may</mark>" in out
    assert "1 more rows" in to_html(pd.concat([t, t]), max_rows=1)
