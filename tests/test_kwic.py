import pandas as pd
import pytest

import framing
from framing.errors import ParameterError
from framing.kwic import browser, examples, kwic, to_html
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


def _hostile() -> tuple[pd.DataFrame, pd.DataFrame]:
    corpus = framing.load_corpus(pd.DataFrame({
        "id": ["d1", "d2"], "outlet": ["A", "B"],
        "text": ["Talks may <script>alert(1)</script> resume.\nSecurity guarantees matter.",
                 "Kyiv will not cede territory; NATO might help."]}), id_col="id")
    return corpus, framing.find_matches(corpus, framing.load_lexicons(["hedging", "concession", "security"]))


def test_character_window_lines_come_from_match_offsets_with_voice_and_negation():
    corpus, matches = _hostile()
    lines = kwic(corpus, matches, window=20, by="chars")
    assert len(lines) == len(matches) > 3 and {"negated", "voice", "speaker", "outlet"} <= set(lines.columns)
    texts = dict(zip(corpus.doc_id, corpus.text))
    for line in lines.itertuples():
        assert texts[line.doc_id][line.start:line.end] == line.hit
        assert " ".join(texts[line.doc_id][max(0, line.start - 20):line.start].split()) == line.left
    assert lines.set_index("hit").loc["cede", "negated"]
    html = to_html(kwic(corpus, matches, window=60, by="chars"))
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_examples_are_the_first_hits_of_each_lexicon_in_corpus_order():
    corpus, matches = _hostile()
    ex = examples(corpus, matches, per_lexicon=1, width=10)
    assert ex["lexicon"].tolist() == sorted(set(matches["lexicon"]))
    assert list(ex.columns) == ["doc_id", "start", "end", "lexicon", "category", "term", "negated", "left", "match", "right"]
    texts = dict(zip(corpus["doc_id"], corpus["text"]))
    assert all(texts[d][s:e] == m for d, s, e, m in zip(ex["doc_id"], ex["start"], ex["end"], ex["match"]))  # traceable
    assert ex["negated"].tolist() == matches.set_index(["doc_id", "start"]).loc[list(zip(ex["doc_id"], ex["start"])),
                                                                                 "negated"].tolist()
    assert "<mark>" in to_html(ex) and "<th>negated</th>" in to_html(ex)


def test_browser_filters_when_a_control_changes():
    corpus, matches = _hostile()
    box = browser(kwic(corpus, matches, window=60, by="chars"))
    controls = {c.description: c for row in box.children[:-1] for c in row.children}
    table = box.children[-1]
    assert {"lexicon", "category", "outlet", "voice", "negated", "contains"} <= set(controls)
    assert "concession" in table.value and "hedging" in table.value
    controls["lexicon"].value = "concession"
    assert "cede" in table.value and ">hedging<" not in table.value
    controls["lexicon"].value, controls["outlet"].value = "", "A"
    assert ">d1<" in table.value and ">d2<" not in table.value
    controls["outlet"].value, controls["negated"].value = "", "True"
    assert ">cede<" in table.value and ">may<" not in table.value
    controls["contains"].value = "no such words"
    assert table.value.startswith("<p class='framing-kwic-count'>0 lines")


def test_cyrillic_concordance_and_html(mixed_languages):
    lexicon = mixed_languages.parent / "lexicons" / "hedges_ru_uk_en.yaml"
    corpus = framing.load_corpus(mixed_languages)
    matches = framing.find_matches(corpus, framing.load_lexicons([str(lexicon)]))
    lines = kwic(corpus, matches, window=3)
    texts = corpus.set_index("doc_id")["text"]
    for row in lines.itertuples():  # offsets slice the Cyrillic text exactly
        assert texts[row.doc_id][row.start:row.end] == row.hit
    uk = lines[lines["doc_id"] == "uk2"]
    assert uk["hit"].tolist() == ["Нібито", "Імовірно"]
    assert uk["right"].tolist()[0] == "російська сторона готова"
    russian = kwic(corpus, matches, window=3, language="ru")  # a filter on a corpus column the lines do not show
    assert set(russian["doc_id"]) == {"ru1", "ru2", "ru4"} and "language" not in russian.columns
    page = to_html(lines.assign(right=lines["right"] + " <b>&"))
    assert ">Нібито<" in page
    assert "коридор відкриють зранку &lt;b&gt;&amp;" in page and "<b>&" not in page
