"""Reading a lexicon quickly (terms of ``{a,b}`` alternatives checked once, terms built without the
frozen dataclass's ``__init__``) reads the same terms and names the same errors as the plain reading."""

from dataclasses import fields, replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from framing.errors import LexiconError, LexiconErrors
from framing.lexicons import load_lexicon
from framing.lexicons.format import TERMS_RE, Exclusion, Requirement, Term, are_terms, make_frozen

HEAD = "name: t\nversion: 1.0\ndescription: d\n"


def write(tmp_path, body, name="lex.yaml"):
    path = tmp_path / name
    path.write_text(HEAD + body, encoding="utf-8")
    return path


OPTIONS = "case_sensitive: true, negation: false, exclude: [in May], requires: {near: [land], window: 4}"
BRACED = f"""categories:
  a:
    terms:
      - "{{give,gave}} up {{,the }}territory"
      - cede*
      - {{term: "{{Kyiv,Kiev}} talks", {OPTIONS}}}
      - {{term: "{{hand,hands}} over", negated: true}}
"""
WRITTEN_OUT = f"""categories:
  a:
    terms:
      - give up territory
      - give up the territory
      - gave up territory
      - gave up the territory
      - cede*
      - {{term: Kyiv talks, {OPTIONS}}}
      - {{term: Kiev talks, {OPTIONS}}}
      - {{term: hand over, negated: true}}
      - {{term: hands over, negated: true}}
"""


def test_alternatives_read_as_the_terms_written_out(tmp_path):
    braced = load_lexicon(write(tmp_path, BRACED, "braced.yaml")).entries
    plain = load_lexicon(write(tmp_path, WRITTEN_OUT, "plain.yaml")).entries
    assert [replace(t, line=None) for t in braced] == [replace(t, line=None) for t in plain]
    assert [t.line for t in braced] == [7, 7, 7, 7, 8, 9, 9, 10, 10]  # each alternative has its term's line
    kyiv = braced[5]
    assert kyiv.case_sensitive and not kyiv.negation and kyiv.exclude == (Exclusion(phrase="in May"),)
    assert kyiv.requires == Requirement(near=("land",), window=4) and braced[8].negated


def test_a_lemma_lexicons_alternatives_keep_their_match(tmp_path):
    body = ("language: ru\nmatch: lemma\ncategories:\n  a:\n    terms:\n      - \"{отдать,сдать} землю\"\n"
            "      - {term: \"{США,ЕС}\", match: word}\n")
    entries = load_lexicon(write(tmp_path, body)).entries
    assert [(t.text, t.match) for t in entries] == [("отдать землю", "lemma"), ("сдать землю", "lemma"),
                                                    ("США", "word"), ("ЕС", "word")]


@pytest.mark.parametrize("term, problem, line", [
    ('"{give,gi$ve} up"', "term 'gi$ve up' has an unsupported character in 'gi$ve'", None),
    ('"{give,Give} up"', "duplicate term 'Give up': first at line 7, category 'a' (as 'give up'; terms are unique "
     "ignoring case), again at line 7, category 'a'", 7),
    ('{term: "{a,b}", case_sensitive: maybe}', "case_sensitive of 'a' must be true or false", 7),
    ('{term: "{a,b*}", match: lemma}', "term 'a' says `match: lemma` but the lexicon matches words", 7),
    ('"{a,b c%}"', "term 'b c%' has an unsupported character in 'c%'", 7),
    ('"{a,,b}"', "term '' in 'a' is not a non-empty string", None),
    ('"{x,y,x,z%}"', "duplicate term 'x': first at line 7, category 'a', again at line 7, category 'a'", 7),
])
def test_an_alternatives_error_is_the_one_the_plain_reading_names(tmp_path, term, problem, line):
    with pytest.raises(LexiconError) as err:
        load_lexicon(write(tmp_path, f"categories:\n  a:\n    terms:\n      - {term}\n"))
    assert (err.value.problem, err.value.line) == (problem, line)


def test_an_alternative_met_before_is_a_duplicate(tmp_path):
    with pytest.raises(LexiconError) as err:
        load_lexicon(write(tmp_path, 'categories:\n  a:\n    terms:\n      - x\n      - "{y,x}"\n'))
    assert (err.value.problem, err.value.line) == ("duplicate term 'x': first at line 7, category 'a', again at line "
                                                   "8, category 'a'", 8)


def test_an_unknown_key_of_alternatives_is_named_once_per_alternative(tmp_path):
    # (as the plain reading did: each alternative is a term with that key)
    with pytest.raises(LexiconErrors) as err:
        load_lexicon(write(tmp_path, 'categories:\n  a:\n    terms:\n      - {term: "{a,b,c}", colour: red}\n'))
    assert [str(e.problem) for e in err.value.errors] == ["unknown key 'colour' in a term of 'a'"] * 3


def test_make_frozen_is_the_dataclass_made_by_its_constructor():
    values = {f.name: getattr(Term("x", "c"), f.name) for f in fields(Term)}
    made = make_frozen(Term, dict(values, text="y", line=3))
    assert made == Term("y", "c", line=3) and hash(made) == hash(Term("y", "c", line=3))
    assert repr(made) == repr(Term("y", "c", line=3))
    with pytest.raises(AttributeError):
        made.text = "z"  # type: ignore[misc]


def test_reading_builds_terms_without_the_frozen_constructor(tmp_path, monkeypatch):
    expected = load_lexicon(write(tmp_path, BRACED, "a.yaml")).entries

    def refuse(self, *args, **kwargs):
        raise AssertionError("Term.__init__ called")

    monkeypatch.setattr(Term, "__init__", refuse)
    assert load_lexicon(write(tmp_path, BRACED + "  b:\n    terms: [other]\n", "b.yaml")).entries[:len(expected)] == expected


def test_an_alternative_of_another_kind_is_checked_for_its_match(tmp_path):
    body = 'language: ru\nmatch: lemma\ncategories:\n  a:\n    terms:\n      - {term: "{отдать,сдать*}", match: word}\n'
    with pytest.raises(LexiconError) as err:
        load_lexicon(write(tmp_path, body))
    assert err.value.problem == "`match: word` term 'сдать*' cannot have a * wildcard in a lemma lexicon"


@pytest.mark.parametrize("term, texts, problem", [
    ('"{x,ΟΔΟΣ,οδοσ}"', ["x", "ΟΔΟΣ", "οδοσ"], None),  # ΟΔΟΣ is "οδος" in lower case (a final sigma)
    ('"{x,ΟΔΟΣ,ΟΔΟς}"', None, "duplicate term 'ΟΔΟς': first at line 7, category 'a' (as 'ΟΔΟΣ'; terms are unique "
     "ignoring case), again at line 7, category 'a'"),
    ('"{x,İstanbul,istanbul,y}"', ["x", "İstanbul", "istanbul", "y"], None),  # İ: "i" and a combining dot
    ('{term: "{x,Bar,bar}", case_sensitive: true}', ["x", "Bar", "bar"], None),
])
def test_alternatives_are_unique_ignoring_case_as_str_lower_says(tmp_path, term, texts, problem):
    path = write(tmp_path, f"categories:\n  a:\n    terms:\n      - {term}\n")
    if problem is None:
        assert [t.text for t in load_lexicon(path).entries] == texts
    else:
        with pytest.raises(LexiconError) as err:
            load_lexicon(path)
        assert err.value.problem == problem


def test_a_term_after_alternatives_that_hold_it_is_a_duplicate(tmp_path):
    # (the alternatives' texts are remembered all at once: each with its category, line and text)
    with pytest.raises(LexiconError) as err:
        load_lexicon(write(tmp_path, 'categories:\n  a:\n    terms:\n      - "{y,x,Z}"\n      - w\n      - z\n'))
    assert (err.value.problem, err.value.line) == ("duplicate term 'z': first at line 7, category 'a' (as 'Z'; terms "
                                                   "are unique ignoring case), again at line 9, category 'a'", 9)


TERM_CHARS = st.sampled_from(list("ab'’.&/+-*é_1 \n\t%")) | st.characters(max_codepoint=0x3FF)


@settings(max_examples=500, deadline=None)
@given(st.text(TERM_CHARS, max_size=14) | st.lists(st.sampled_from(["give up", "cede*", "a*b", "x", "", " ", "y "]),
                                                   max_size=5).map("\n".join))
def test_are_terms_is_what_the_pattern_of_terms_says(joined):
    assert are_terms(joined) == (TERMS_RE.fullmatch(joined) is not None)


def test_a_negation_phrases_error_names_its_line(tmp_path):
    # (the line is looked up in the reader's lines of the file, once split, for every phrase)
    body = ("negation:\n  negators: [refuse, \"{rule,ruled} out\"]\n  after:\n    - unacceptable\n    - \"{not,never\"\n"
            "categories:\n  a:\n    terms: [x]\n")
    with pytest.raises(LexiconError) as err:
        load_lexicon(write(tmp_path, body))
    assert (err.value.problem, err.value.line) == ("unbalanced braces in term '{not,never'", 8)
    fine = load_lexicon(write(tmp_path, body.replace('"{not,never"', '"{not,never} again"'), "fine.yaml"))
    assert fine.negation["negators"] == ["refuse", "rule out", "ruled out"]
    assert fine.negation["after"] == ["unacceptable", "not again", "never again"]
