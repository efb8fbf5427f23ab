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


def test_rates_per_1k_are_the_series_division_to_the_bit():
    """The rate is computed on arrays (no Series per column): the same floats as dividing the
    Series, 0.0 where a row has no tokens."""
    import numpy as np

    from framing.metrics import rate_per_1k

    rng = np.random.default_rng(7)
    count = pd.Series(rng.integers(0, 50, 400))
    n_tokens = pd.Series(rng.integers(0, 3000, 400)).mask(lambda s: s % 7 == 0, 0)
    plain = (count * 1000.0 / n_tokens.where(n_tokens > 0)).fillna(0.0)
    got = rate_per_1k(count, n_tokens)
    assert got.to_numpy().tobytes() == plain.to_numpy().tobytes() and (got[n_tokens == 0] == 0.0).all()
    corpus = pd.DataFrame({"doc_id": ["a", "b", "c"], "text": ["Talks may resume, perhaps.", "", "Maybe. " * 7]})
    table = score(corpus, load_lexicons(["hedging"]))
    assert table["hedging_per_1k"].tolist() == rate_per_1k(table["hedging_count"], table["n_tokens"]).tolist()
    assert table["hedging_per_1k"].tolist() == [2000 / 4, 0.0, 1000.0]


def test_a_chain_of_overlapping_candidates_keeps_each_one_the_hits_before_leave_free():
    """Leftmost-longest walks a run of overlapping candidates: "aa bb" wins over "bb cc", which
    blocks nothing then, so "cc" after "aa bb" is a hit; a first candidate that holds all the
    others keeps them out (decided in bulk); an exclusion span drops one before it can block."""
    from framing.lexicons import parse_lexicon
    from framing.match import find_matches_in_text

    def hits(text, exclusions=()):
        lex = parse_lexicon({"name": "t", "version": "1", "description": "d", "negation": False,
                             "exclusions": list(exclusions),
                             "categories": {"c": {"terms": ["aa bb", "bb cc", "cc", "bb", "aa bb cc dd"]}}}, "", "<t>")
        return [m["term"] for m in find_matches_in_text(text, [lex])]

    assert hits("aa bb cc. bb cc. aa bb cc dd.") == ["aa bb", "cc", "bb cc", "aa bb cc dd"]
    assert hits("aa bb cc.", ["aa bb"]) == ["bb cc"]


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


# --- matcher edge cases (issue 4) -------------------------------------------------------------

def table(text, *names):
    corpus = pd.DataFrame({"doc_id": ["d"], "text": [text]})
    return find_matches(corpus, load_lexicons(list(names)))


def test_match_table_columns_and_types():
    m = table("Zelenskiy suggested a cease-fire.", "hedging", "ceasefire", "actors")
    assert list(m.columns) == ["doc_id", "sent_id", "start", "end", "lexicon", "category", "subcategory", "term",
                               "matched_text", "negated"]
    assert m["negated"].dtype == bool and m["start"].dtype.kind == "i"
    assert m["lexicon"].tolist() == ["actors", "hedging", "ceasefire"]  # text order
    assert m["subcategory"].tolist() == ["", "speculative", ""]


@pytest.mark.parametrize("text, expected", [
    ("a cease-fire", ["cease-fire"]), ("a ceasefire", ["ceasefire"]), ("a cease fire", ["cease fire"]),
    ("a cease\u2011fire", ["cease-fire"]),                      # non-breaking hyphen
    ("the truce.", ["truce"]), ("(truce)", ["truce"]), ("\"truce\"", ["truce"]), ("truces", ["truces"]),
    ("distrucemaker", []), ("peace\n   talks", ["peace talks"]), ("peace\n\n talks", ["peace talks"]),
])
def test_punctuation_hyphenation_and_line_breaks(text, expected):
    assert table(text, "ceasefire")["term"].tolist() == expected


def test_curly_apostrophes_match_straight_terms():
    text = "It’s possible; it's possible; Ukraine’s sovereignty"
    m = table(text, "hedging", "actors")
    assert m["term"].tolist() == ["it's possible", "it's possible", "Ukraine's"]
    assert m["matched_text"].tolist() == ["It’s possible", "it's possible", "Ukraine’s"]


def test_overlapping_terms_longest_leftmost_wins_within_a_lexicon_not_across():
    m = table("NATO membership and security guarantees", "security", "actors")
    assert list(zip(m["lexicon"], m["term"])) == [("security", "NATO membership"), ("actors", "NATO"),
                                                  ("security", "security guarantees")]


def test_exclusions_drop_known_false_positives():
    assert table("Talks resume in May 2022; May 9 parade; Theresa May spoke.", "hedging").empty
    assert table("Russia's military might", "hedging").empty
    assert table("Kyiv may accept.", "hedging")["term"].tolist() == ["may"]
    assert table("He made sure of it.", "boosters").empty
    assert table("Independence Day in Kyiv", "sovereignty").empty
    assert table("Finland and the land", "concession").empty          # whole words only


def test_case_sensitive_terms():
    assert table("US officials and the EU told us", "actors")["term"].tolist() == ["US", "EU"]


@pytest.mark.parametrize("text, negated", [
    ("Ukraine will not give up territory.", [True]),
    ("We will never cede Crimea.", [True]),
    ("Kyiv won’t cede land.", [True]),
    ("Zelenskyy refused to give up territory.", [True]),
    ("Not today. Ukraine will cede land.", [False]),                # another sentence
    ("He did not speak, but Kyiv may cede land.", [False]),           # another clause
    ("Nobody knows much about anything here; they cede land.", [False]),
    ("No one in Kyiv, officials said, wants to trade land for peace.", [False]),  # comma ends the clause
    ("Land for peace is unacceptable.", [True]),                     # negator after the hit
    ("No, said Kyiv, land for peace is out of the question.", [True]),
])
def test_negation_scope(text, negated):
    m = table(text, "concession")
    assert m["negated"].tolist() == negated, m[["term", "negated"]]


def test_offsets_slice_original_text_with_odd_characters():
    text = "İstanbul talks:\r\n  the sides  may\u00a0agree.\tA cease\n fire? Perhaps…"
    m = table(text, "hedging", "ceasefire")
    assert m["term"].tolist() == ["may", "cease fire", "perhaps"]
    for row in m.itertuples():
        assert text[row.start:row.end] == row.matched_text


def test_score_sentence_level_jobs_and_match_reuse_agree():
    corpus = pd.DataFrame({"doc_id": [f"d{i}" for i in range(12)],
                           "text": ["Kyiv may not cede land. Moscow insisted on a truce.\n\nIt would be possible."] * 6
                           + ["Nothing here.", "", "NATO membership may help.", "Peace talks.", "A", "b c"]})
    lexs = load_lexicons(["hedging", "concession", "ceasefire", "security", "boosters"])
    doc = score(corpus, lexs)
    assert doc.loc[0, "concession_count"] == 0 and doc.loc[0, "concession_negated"] == 1
    assert doc.loc[0, "hedging_count"] == 2 and doc.loc[0, "hedging.epistemic_count"] == 2  # may; it would be possible
    assert score(corpus, lexs, matches=find_matches(corpus, lexs)).equals(doc)
    assert score(corpus, lexs, jobs=2).equals(doc)
    sent = score(corpus, lexs, level="sentence")
    assert list(sent.columns[:3]) == ["doc_id", "sent_id", "n_tokens"]
    assert sent[sent.doc_id == "d0"]["sent_id"].tolist() == [0, 1, 2]
    assert sent.groupby("doc_id", sort=False)[["n_tokens", "hedging_count", "concession_negated"]].sum() \
        .reset_index().equals(doc[["doc_id", "n_tokens", "hedging_count", "concession_negated"]])
    assert score(corpus, lexs, level="sentence", matches=find_matches(corpus, lexs)).equals(sent)


def test_score_rejects_bad_parameters():
    from framing.errors import ParameterError
    corpus = pd.DataFrame({"doc_id": ["a"], "text": ["x"]})
    with pytest.raises(ParameterError, match="`level` got 'para'"):
        score(corpus, load_lexicons(["hedging"]), level="para")
    with pytest.raises(ParameterError, match="`jobs`"):
        score(corpus, load_lexicons(["hedging"]), jobs=-1)


def test_cooccurrence_finds_the_land_for_security_frame():
    from framing.stats import cooccurrence
    corpus = pd.DataFrame({"doc_id": ["a"], "text": [
        "He would accept a ceasefire that left parts of his country occupied if NATO membership followed. "
        "Security guarantees matter."]})
    m = find_matches(corpus, load_lexicons(["concession", "security"]))
    co = cooccurrence(m, level="lexicon")
    assert co.loc["concession", "security"] == 1 and co.loc["security", "security"] == 2
    assert "concession:accept_loss" in cooccurrence(m).index


def test_a_term_of_two_lexicons_with_shared_exclusion_patterns_is_excluded_in_each_as_alone():
    """The matcher reads each exclusion pattern once per span (a term of two lexicons shares them):
    each lexicon keeps the hits it keeps when matched alone."""
    from framing.lexicons import parse_lexicon
    from framing.match import Matcher

    month = {"regex": r"\b(?:in|of)\s+May\b", "case_sensitive": True}
    name = {"regex": r"\bTheresa\s+May\b", "case_sensitive": True}

    def lexicon(name_, exclude):
        return parse_lexicon({"name": name_, "version": "1", "description": "d", "negation": False,
                              "categories": {"all": {"terms": [{"term": "may", "exclude": exclude}]}}}, "", "<t>")

    one, two = lexicon("one", [month]), lexicon("two", [month, name])
    text = "Talks may resume in May, Theresa May said; it may."
    both = Matcher([one, two]).hits(text)
    alone = Matcher([one]).hits(text) + [h._replace(entry=h.entry + 1) for h in Matcher([two]).hits(text)]
    assert both == alone
    assert [text[h.start:h.end] for h in both] == ["may", "May", "may", "may", "may"]
