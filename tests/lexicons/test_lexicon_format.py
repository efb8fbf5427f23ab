"""Lexicon files: format features, validation errors (file, line, fix), hashing, extension."""

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from framing import find_matches, load_lexicon, load_lexicons
from framing.errors import LexiconError, LexiconErrors
from framing.lexicons import builtin_names
from framing.lexicons.format import TERM_RE, WORD_RE, term_kind

BUILTINS = ["actors", "approximators", "boosters", "ceasefire", "concession", "hedged_claim", "hedging", "security", "sovereignty",
            "weasel"]


def write(tmp_path, body, name="lex.yaml"):
    path = tmp_path / name
    path.write_text("name: t\nversion: 1.0\ndescription: d\n" + body, encoding="utf-8")
    return path


def hits(text, lex):
    return find_matches(pd.DataFrame({"doc_id": ["d"], "text": [text]}), [lex])


def test_every_builtin_is_documented_and_valid():
    assert builtin_names() == BUILTINS
    for lex in load_lexicons():
        assert lex.sources and lex.licence and lex.description
        assert {"definition", "examples", "limits"} <= set(lex.meta), lex.name
        assert all(lex.categories.values()), lex.name  # no empty category
        assert len(lex.sha256) == 64


def test_hedging_has_the_subcategories_the_issue_names():
    lex = load_lexicon("hedging")
    assert {"epistemic", "doxastic", "evidential", "conditional", "signal"} <= set(lex.categories)
    subs = {(t.category, t.subcategory) for t in lex.entries}
    assert ("epistemic", "modal") in subs and ("doxastic", "speculative") in subs


def test_subcategories_wildcards_braces_and_case(tmp_path):
    lex = load_lexicon(write(tmp_path, """categories:
  cede:
    terms: ["cede*", "{give,gave} up {,the }land"]
    subcategories:
      refuse: {terms: [{term: US, case_sensitive: true}]}
"""))
    assert [t.text for t in lex.entries] == ["cede*", "give up land", "give up the land", "gave up land",
                                             "gave up the land", "US"]
    assert lex.entries[-1].subcategory == "refuse" and lex.entries[0].kind == "prefix"
    m = hits("They ceded it; he gave up the land. US aid, not us.", lex)
    assert m["term"].tolist() == ["cede*", "gave up the land", "US"]
    assert m["subcategory"].tolist() == ["", "", "refuse"]
    assert m["matched_text"].tolist() == ["ceded", "gave up the land", "US"]


def test_regex_terms_and_inner_wildcards(tmp_path):
    lex = load_lexicon(write(tmp_path, """categories:
  a:
    terms: ["giv* up land", {term: "n km", regex: '\\b\\d+\\s?km\\b'}]
"""))
    m = hits("Giving up land at 20 km.", lex)
    assert m["term"].tolist() == ["giv* up land", "n km"]
    assert m["matched_text"].tolist() == ["Giving up land", "20 km"]


@pytest.mark.parametrize("body, message, line", [
    ("categories:\n  a:\n    terms: [foo, bar, Foo]\n", r"duplicate term 'Foo'", 6),
    ("colour: red\ncategories: {a: {terms: [x]}}\n", r"unknown key 'colour'", 4),
    ("categories:\n  a:\n    terms: [x]\n    colour: red\n", r"unknown key 'colour' in category 'a'", 7),
    ("categories:\n  a:\n    terms: [{term: x, regex: '(unclosed'}]\n", r"bad regex", 6),
    ("categories:\n  a:\n    terms: [\"a (b)\"]\n", r"unsupported character", 6),
    ("categories:\n  a:\n    terms: [\"{a,b\"]\n", r"unbalanced braces", 6),
    ("categories:\n  a:\n    terms: [x]\nnegation: {window: 99}\n", r"window must be", 7),
])
def test_validation_errors_name_file_line_and_fix(tmp_path, body, message, line):
    path = write(tmp_path, body)
    with pytest.raises(LexiconError, match=message) as err:
        load_lexicon(path)
    assert err.value.line == line and str(path) in str(err.value) and "Fix:" in str(err.value)


def test_yaml_booleans_numbers_and_empty_items_name_their_line(tmp_path):
    body = ("sets:\n  t: [land, on]\nexclusions: [yes]\ncategories:\n  a:\n    terms:\n      - never\n      - no\n"
            "      -\n      - {term: Off, note: x}\n      - 1945\n    requires: {near: [\"@t\"], window: 3}\n")
    with pytest.raises(LexiconErrors) as err:
        load_lexicon(write(tmp_path, body))
    found = [(e.line, e.problem.split("`")[1] if "`" in e.problem else e.problem, e.fix) for e in err.value.errors]
    assert found == [(5, "on", 'quote it: "on"'), (6, "yes", 'quote it: "yes"'), (11, "no", 'quote it: "no"'),
                     (12, "an empty term of 'a' (YAML reads it as nothing)", "write the word or phrase, or delete the line"),
                     (13, "Off", 'quote it: "Off"'), (14, "1945", 'quote it: "1945"')]
    assert "read by YAML as a yes/no value (False)" in str(err.value)


def test_every_problem_of_a_file_is_reported_at_once(tmp_path):
    body = ("colour: red\ncategories:\n  a:\n    terms:\n      - venue\n      - \"bad(term\"\n      - venue\n"
            "      - {term: x, regex: '('}\n      - {term: y, bogus: 1}\n  b:\n    terms: maybe\n"
            "  c:\n    terms: [Venue, fine]\nnegation: {window: 99}\n")
    with pytest.raises(LexiconErrors) as err:
        load_lexicon(write(tmp_path, body))
    lines = [(e.line, e.problem.split(" (")[0].split(":")[0]) for e in err.value.errors]
    assert lines == [(4, "unknown key 'colour'"), (9, "term 'bad(term' has an unsupported character in 'bad(term'"),
                     (10, "duplicate term 'venue'"), (11, "bad regex '('"), (12, "unknown key 'bogus' in a term of 'a'"),
                     (14, "`terms` of 'b' must be a list"), (16, "duplicate term 'Venue'"),
                     (17, "negation window must be a whole number from 0 to 20")]
    assert isinstance(err.value, LexiconError) and err.value.line == 4 and err.value.exit_code == 3
    assert str(err.value).startswith(f"{tmp_path / 'lex.yaml'}: 8 problems") and str(err.value).count("Fix:") == 8


def test_a_duplicate_names_both_lines_and_what_to_do(tmp_path):
    with pytest.raises(LexiconError) as err:
        load_lexicon(write(tmp_path, "categories:\n  a:\n    terms: [venue, other]\n  b:\n    terms:\n      - Venue\n"))
    assert err.value.problem == ("duplicate term 'Venue': first at line 6, category 'a' (as 'venue'; terms are unique "
                                 "ignoring case), again at line 9, category 'b'")
    assert err.value.line == 9 and err.value.fix == "keep it in one category: delete it from 'b' (line 9) or from 'a'"
    with pytest.raises(LexiconError, match=r"first at line 7, category 'a', again at line 9, category 'a'. "
                       r"Fix: delete one of the two$"):
        load_lexicon(write(tmp_path, "categories:\n  a:\n    terms:\n      - venue\n      - other\n      - venue\n"))


def test_cyrillic_terms_need_a_language(tmp_path):
    body = "categories:\n  a:\n    terms: [maybe]\n  b:\n    terms:\n      - уступка\n      - территория\n"
    with pytest.raises(LexiconError, match=r"2 of 3 terms are Cyrillic \(first 'уступка'\).*Fix: add `language: ru`") as err:
        load_lexicon(write(tmp_path, body))
    assert err.value.line == 9
    assert load_lexicon(write(tmp_path, "language: ru\n" + body)).language == "ru"
    assert load_lexicon(write(tmp_path, "language: en\n" + body)).language == "en"  # said on purpose


def test_hash_changes_with_content_and_user_file_extends_builtin(tmp_path):
    path = write(tmp_path, "extends: ceasefire\ncategories:\n  ceasefire:\n    terms: [stand-down]\n")
    lex = load_lexicon(path)
    base = load_lexicon("ceasefire")
    assert "stand-down" in lex.categories["ceasefire"] and set(base.terms) < set(lex.terms)
    assert lex.sha256 != base.sha256 and lex.provenance()["path"] == str(path)
    with pytest.raises(LexiconError, match="not a built-in"):
        load_lexicon(write(tmp_path, "extends: nope\ncategories: {a: {terms: [x]}}\n", "bad.yaml"))


def test_documented_format_example_is_valid(tmp_path):
    import textwrap

    import framing.lexicons as module
    doc = module.__doc__
    block = textwrap.dedent(doc.split("::\n\n", 1)[1].split("\n\nA user file", 1)[0])
    path = tmp_path / "example.yaml"
    path.write_text(block.replace("\\\\", "\\"), encoding="utf-8")
    lex = load_lexicon(path)
    assert lex.categories["epistemic"][:3] == ("perhaps", "may", "may well")
    m = hits("Perhaps the US may well need Donbass; 20 km away, in May, military might.", lex)
    assert m["term"].tolist() == ["perhaps", "US", "may well", "need Donbass", "n km"]


def test_a_lexicon_loaded_again_is_validated_once_and_still_its_own(tmp_path):
    from framing.lexicons import format as lexicon_format

    path = write(tmp_path, "categories:\n  cede:\n    terms: [cede]\n")
    first = load_lexicon(path)
    parsed = len(lexicon_format._PARSED)
    again = load_lexicon(path)
    assert again == first and again.sha256 == first.sha256
    assert len(lexicon_format._PARSED) == parsed  # the same content is not validated twice
    again.meta["note"] = "mine"
    again.categories["extra"] = ("x",)
    third = load_lexicon(path)
    assert "note" not in third.meta and "extra" not in third.categories  # no caller shares another's dicts
    path.write_text(path.read_text(encoding="utf-8").replace("[cede]", "[cede, yield]"), encoding="utf-8")
    assert load_lexicon(path).categories["cede"] == ("cede", "yield")  # an edited file is read anew


def test_a_lexicon_read_again_after_an_edit_is_read_anew_and_the_cache_stays_small(tmp_path):
    from framing.lexicons import format as lexicon_format

    path = tmp_path / "mine.yaml"
    for i in range(lexicon_format._PARSED_MAX + 6):
        path.write_text(f"name: mine\nversion: 1.0.{i}\ndescription: d\ncategories:\n  a:\n    terms: [talks, term{i}]\n",
                        encoding="utf-8")
        lex = load_lexicon(path)
        assert lex.version == f"1.0.{i}" and lex.categories["a"] == ("talks", f"term{i}")
    assert len(lexicon_format._PARSED) <= lexicon_format._PARSED_MAX


def test_a_key_given_twice_is_an_error_naming_both_lines(tmp_path):
    # plain YAML keeps the last of two equal keys: a category written twice lost the first one's terms
    from framing.errors import LexiconError
    from framing.lexicons import load_lexicon

    path = tmp_path / "twice.yaml"
    path.write_text('name: t\nversion: "1"\ndescription: d\ncategories:\n  a:\n    terms: [cede]\n'
                    '  a:\n    terms: [yield]\n', encoding="utf-8")
    with pytest.raises(LexiconError) as err:
        load_lexicon(path)
    message = str(err.value)
    assert "twice.yaml:7" in message and "'a' is given twice" in message and "first at line 5" in message
    assert "keep one of the two" in message


_WORDS = st.lists(st.text(alphabet="ab-'.*( é", min_size=1, max_size=5).map(str.strip).filter(bool), min_size=1, max_size=4)


@settings(max_examples=100, deadline=None)
@given(_WORDS)
def test_a_term_is_checked_at_once_as_word_by_word(words):
    # TERM_RE (one search per term) accepts exactly the terms whose every word WORD_RE accepts
    term = " ".join(" ".join(words).split())
    assert bool(TERM_RE.fullmatch(term)) == all(WORD_RE.match(w) for w in term.split())


@settings(max_examples=100, deadline=None)
@given(_WORDS)
def test_term_kind_without_a_wildcard_is_a_phrase_as_word_by_word(words):
    term = " ".join(words)
    by_word = ("regex" if any(w.endswith("*") for w in term.split()[:-1]) or any("*" in w[:-1] for w in term.split())
               else "prefix" if term.split()[-1].endswith("*") else "phrase")
    assert term_kind(term) == by_word


def test_a_bad_word_after_good_ones_is_the_one_named(tmp_path):
    with pytest.raises(LexiconError, match=r"term 'give up \(land\)' has an unsupported character in '\(land\)'"):
        load_lexicon(write(tmp_path, "categories:\n  a:\n    terms: [\"give up (land)\"]\n"))
