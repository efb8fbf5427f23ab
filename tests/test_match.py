import pandas as pd
import pytest

from framing import find_matches, load_lexicon, load_lexicons, score
from framing.errors import LexiconError


def hits(text, lexicon="hedging"):
    corpus = pd.DataFrame({"doc_id": ["d"], "text": [text]})
    return find_matches(corpus, [load_lexicon(lexicon)])


def test_whole_words_only():
    assert hits("The mayor met Mayhew.").empty
    assert list(hits("Talks MAY resume.")["matched_text"]) == ["MAY"]


def test_phrase_across_line_break_and_longest_match():
    m = hits("They would give up\n  territory now.", "concession")
    assert list(m["term"]) == ["give up territory"]
    m = hits("security guarantees matter", "security")
    assert list(m["term"]) == ["security guarantees"]  # not the shorter "security guarantee"


def test_offsets_slice_the_text_exactly():
    text = "Zelenskiy suggested he’d accept; it is expected to   pass.\nPerhaps."
    m = hits(text)
    assert len(m) == 3
    for row in m.itertuples():
        assert text[row.start:row.end] == row.matched_text


def test_sentence_ids():
    m = hits("It may rain. It is sunny. It might snow.")
    assert list(m["sent_id"]) == [0, 2]


def test_score_columns_and_rates():
    corpus = pd.DataFrame({"doc_id": ["a", "b"], "text": ["Talks may resume and might fail.", ""]})
    table = score(corpus, load_lexicons(["hedging", "security"]))
    assert list(table.columns) == ["doc_id", "n_tokens", "hedging_count", "hedging_negated", "hedging_per_1k",
                                   "hedging.epistemic_count", "hedging.doxastic_count",
                                   "hedging.evidential_count", "hedging.conditional_count", "hedging.signal_count",
                                   "security_count", "security_negated", "security_per_1k",
                                   "security.guarantees_count", "security.alliance_count",
                                   "security.neutrality_count", "security.peacekeeping_count"]
    assert table["hedging.epistemic_count"].tolist() == [2, 0]
    assert table["hedging_count"].tolist() == [2, 0]
    assert table["hedging_per_1k"].tolist() == [pytest.approx(2000 / 6), 0.0]


def test_lexicon_validation_names_file_line_and_fix(tmp_path):
    path = tmp_path / "dup.yaml"
    path.write_text("name: x\nversion: 1\ndescription: d\ncategories:\n  a:\n    terms: [foo, Foo]\n")
    with pytest.raises(LexiconError, match=r"dup\.yaml:6: duplicate term 'Foo'.*Fix"):
        load_lexicon(path)
    path.write_text("name: x\nversion: 1\ndescription: d\ncolour: red\ncategories: {a: {terms: [x]}}\n")
    with pytest.raises(LexiconError, match=r":4: unknown key 'colour'"):
        load_lexicon(path)


def test_lexicon_hash_changes_with_content(tmp_path):
    path = tmp_path / "x.yaml"
    path.write_text("name: x\nversion: 1\ndescription: d\ncategories: {a: {terms: [foo]}}\n")
    first = load_lexicon(path).sha256
    path.write_text("name: x\nversion: 1\ndescription: d\ncategories: {a: {terms: [foo, bar]}}\n")
    assert load_lexicon(path).sha256 != first
