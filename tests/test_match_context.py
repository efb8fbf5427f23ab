"""Context rules in lexicons: ``requires: {near: [...], window: N}`` and ``sets``."""

import textwrap

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from framing.errors import LexiconError
from framing.lexicons import load_lexicon
from framing.match import find_matches, find_matches_in_text
from framing.metrics import score

LEXICON = """\
name: ctx
version: 0.1.0
description: test
sets:
  territory: [territor*, land, "{front,contact} line"]
categories:
  cede:
    requires: {near: "@territory", window: 4}
    terms:
      - cede*
      - {term: recogni*, requires: {near: [crimea, "@territory"], window: 2}}
      - free
  realities:
    terms:
      - {term: existing realities, requires: {near: [land, border*], window: 8}}
"""


def write(tmp_path, text=LEXICON):
    path = tmp_path / "ctx.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return load_lexicon(path)


def terms(text, lex):
    return [(m["term"], m["matched_text"]) for m in find_matches_in_text(text, [lex])]


def test_requirement_is_parsed_from_category_term_and_sets(tmp_path):
    lex = write(tmp_path)
    by = {t.text: t.requires for t in lex.entries}
    assert by["cede*"].window == 4 and "land" in by["cede*"].near and "front line" in by["cede*"].near
    assert by["recogni*"].near[0] == "crimea" and by["recogni*"].window == 2
    assert by["free"] == by["cede*"]
    assert by["existing realities"].near == ("land", "border*")


@pytest.mark.parametrize("text, found", [
    ("They will cede the occupied territories.", [("cede*", "cede")]),        # after, within 4 words
    ("Territory they ceded.", [("cede*", "ceded")]),                            # before
    ("They ceded governance of the schools.", []),                              # no partner: dropped
    ("They ceded power to the old, distant, rural land.", []),                  # partner beyond 4 words
    ("Land is land. They ceded power.", []),                                    # partner in another sentence
    ("The land\n\nwas ceded.", []),                                            # a paragraph break ends a sentence
    ("Talks on Crimea. They ceded.", []),                                       # so does a sentence end
    ("They will cede along the contact   line.", [("cede*", "cede")]),          # phrase partner, spaces
    ("We recognise Crimea.", [("recogni*", "recognise")]),
    ("We recognise that the Crimea question exists.", []),                      # term window 2
    ("Taking into account the existing realities on the land.", [("existing realities", "existing realities")]),
    ("The existing realities of the car industry.", []),
])
def test_hits_count_only_with_a_partner_nearby(tmp_path, text, found):
    assert terms(text, write(tmp_path)) == found


def test_partner_may_not_overlap_the_hit(tmp_path):
    lex = write(tmp_path, LEXICON.replace("- free", "- free land"))
    assert terms("They want free land.", lex) == []
    assert terms("They want free land for the land.", lex) == [("free land", "free land")]


def test_score_counts_agree_with_the_match_table(tmp_path):
    lex = write(tmp_path)
    corpus = pd.DataFrame({"doc_id": ["a", "b", "c"], "text": [
        "They ceded governance. They ceded land. We recognise Crimea.",
        "The existing realities of the car industry. Existing realities on the land and border.",
        "Nothing here, not even land."]})
    table = find_matches(corpus, [lex])
    scores = score(corpus, [lex])
    per_doc = table[~table["negated"]].groupby("doc_id").size().reindex(corpus["doc_id"], fill_value=0)
    assert scores["ctx_count"].tolist() == per_doc.tolist() == [2, 1, 0]
    sentence = score(corpus, [lex], level="sentence")
    assert int(sentence["ctx_count"].sum()) == len(table)


@pytest.mark.parametrize("bad, message", [
    ("requires: {near: \"@nowhere\", window: 4}", "unknown set"),
    ("requires: {near: [land], window: 0}", "window"),
    ("requires: {near: [land]}", "window"),
    ("requires: {window: 3}", "needs `near:`"),
    ("requires: {near: [land], window: 3, far: [x]}", "unknown key 'far'"),
    ("requires: {near: [\"la(nd\"], window: 3}", "not a phrase of words"),
])
def test_bad_requirements_name_the_problem(tmp_path, bad, message):
    text = LEXICON.replace('requires: {near: "@territory", window: 4}', bad)
    with pytest.raises(LexiconError, match=message):
        write(tmp_path, text)


def test_bad_set_is_an_error(tmp_path):
    with pytest.raises(LexiconError, match="non-empty list"):
        write(tmp_path, LEXICON.replace('territory: [territor*, land, "{front,contact} line"]', "territory: land"))


def test_yaml_export_keeps_context_rules_and_other_formats_say_they_lose_them(tmp_path):
    from framing.lexicons.interchange import to_liwc, to_yaml

    lex = write(tmp_path)
    path = tmp_path / "again.yaml"
    path.write_text(to_yaml(lex), encoding="utf-8")
    again = load_lexicon(path)
    assert [t.requires for t in again.entries] == [t.requires for t in lex.entries]
    assert terms("They ceded governance of the schools.", again) == []
    assert any("requires" in note for note in to_liwc(lex)[1])


# --- keeps: the quick tests (a near word nowhere in the window; phrases by kind) give the answer
# the plain reading gives: the hit's sentence, its words on each side, every phrase at every place.

def _plain_keeps(text, start, end, rule):
    """The rule read plainly: as keeps did before its quick tests."""
    from framing.match.context import _CHARS_PER_WORD, _sentence_of
    from framing.text import words

    def fold(word):
        return word.lower().translate({ord(c): "'" for c in "'’‘`ʼ"})

    def has(tokens):
        for i in range(len(tokens)):
            for phrase in rule.near:
                want = [fold(w) for w in phrase.split()]
                got = tokens[i:i + len(want)]
                if len(got) == len(want) and all(t.startswith(w[:-1]) if w.endswith("*") else t == w
                                                 for t, w in zip(got, want)):
                    return True
        return False

    reach = rule.window * _CHARS_PER_WORD
    lo, hi = max(0, start - reach), min(len(text), end + reach)
    first, last = _sentence_of(text[lo:hi], start - lo)
    left, right = text[lo + first:start], text[end:lo + last]
    return has([fold(w) for w in words(left)[-rule.window:]]) or has([fold(w) for w in words(right)[:rule.window]])


_WORDS = ["land", "Land", "LANDS", "la\u00adnd", "territory", "Territories", "contact", "line", "front", "the",
          "don't", "don’t", "don`t", "ΣΟΣ", "σος", "talks", "cede", "ceded", "x", "Crimea", "crime"]
_GAPS = [" ", "  ", ". ", ".\n\n", ", ", "\n", " \u200b"]
_RULES = [("territor*", "land", "contact line"), ("don't",), ("σος",), ("front line", "con*", "crimea"),
          ("*",), ("talks round*",), ("t* l*",), ("the contact line", "the land", "contact line front", "line")]


@given(st.lists(st.tuples(st.sampled_from(_WORDS), st.sampled_from(_GAPS)), min_size=1, max_size=30),
       st.integers(0, 29), st.sampled_from(_RULES), st.integers(1, 4))
@settings(max_examples=150, deadline=None)
def test_keeps_agrees_with_the_plain_reading(pieces, at, near, window):
    from framing.lexicons.format import Requirement
    from framing.match.context import keeps

    text, spans = "", []
    for word, gap in pieces:
        spans.append((len(text), len(text) + len(word)))
        text += word + gap
    start, end = spans[at % len(spans)]
    rule = Requirement(near=near, window=window)
    assert keeps(text, start, end, rule) == _plain_keeps(text, start, end, rule)


def test_a_window_without_a_near_word_is_settled_without_its_sentence():
    from framing.match.context import _may_hold, _near

    near = _near(("territor*", "contact line", "don't"))
    assert not _may_hold("They ceded the contact zone. Terms.", near)
    assert _may_hold("TERRI\u00adTORY", near) and _may_hold("Contact - line", near) and _may_hold("DON’T", near)
    assert _may_hold("ΣΟΣ", _near(("σος",))) and not _may_hold("land", _near(()))
    from framing.lexicons.format import Requirement
    from framing.match.context import keeps

    rule = Requirement(near=("land", "don't"), window=3)
    assert keeps("They ceded la\u00adnd.", 5, 10, rule) and keeps("They ceded, DON’T.", 5, 10, rule)
    assert not keeps("They ceded. Land.", 5, 10, rule)


def _keeps_by_sentence(text, start, end, rule):
    """keeps as defined: Punkt's sentence of the window around the hit first, then the near words."""
    from framing.match.context import _fold, _has_near, _near, _sentence_of
    from framing.text import words
    reach = rule.window * 40
    lo, hi = max(0, start - reach), min(len(text), end + reach)
    first, last = _sentence_of(text[lo:hi], start - lo)
    near = _near(rule.near)
    return (_has_near([_fold(w) for w in words(text[lo + first:start])[-rule.window:]], near)
            or _has_near([_fold(w) for w in words(text[end:lo + last])[:rule.window]], near))


_PIECES = ["land", "Land", "cede", "terr", "territory", "contact", "line", "x", "U.S.", "Mr.", "end.", "a-b",
           "land's", '"', "'", ")", "(", "--", "-", ".", "?", "!", ";", "\u00ad", "\u200b", " ", " ", "\n", "\n\n"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=40), st.integers(1, 4))
def test_keeps_without_punkt_agrees_with_the_sentence_rule(pieces, window):
    from framing.lexicons.format import Requirement
    from framing.match.context import keeps
    text = "".join(pieces)
    rule = Requirement(near=("land", "territor*", "contact line", "a-b"), window=window)
    for start in range(len(text)):
        if text.startswith("cede", start):
            assert keeps(text, start, start + 4, rule) == _keeps_by_sentence(text, start, start + 4, rule), text


_WINDOW_PIECES = ["land", "LANDS", "landmark", "la\u00adnd", "terr", "Territory", "contact", "line", "don`t", "don’t",
                  "don‘t", "donʼt",
                  "DON'T", "ΣΟΣ", "σος", "talks", "x", " ", "  ", ". ", "\n", "-", "\ud800", "Öl", "ö"]
_NEAR_SETS = [("lands", "land", "landmark", "territor*", "contact line", "don't", "σος", "line*"),
              ("talks round*", "talks", "x"), ("landmark", "lands"), ("t* l*",), ("*",), ("* land", "öl", "ö x*")]


@given(st.lists(st.sampled_from(_WINDOW_PIECES), max_size=20), st.sampled_from(_NEAR_SETS))
@settings(max_examples=200, deadline=None)
def test_may_hold_agrees_with_every_phrase_looked_for(pieces, phrases):
    """The quick test (an automaton of each phrase's longest word, then its other words; a window
    lower-cased only where folding would change nothing; lone surrogates and other characters of
    several UTF-8 bytes drawn) says what looking for every word of every phrase in the window
    folded says."""
    from framing.match.context import _fold, _may_hold, _near
    from framing.text import without_invisible

    window = "".join(pieces)
    haystack = str.maketrans({**{c: "'" for c in "'’‘`ʼ"}, "ς": "σ"})  # (what _may_hold replaces, as one translate)
    folded = without_invisible(window).lower().translate(haystack)
    plain = any(all(_fold(w).rstrip("*").translate(haystack) in folded for w in phrase.split()) for phrase in phrases)
    assert _may_hold(window, _near(phrases)) == plain


@given(st.text(st.sampled_from("'’‘`ʼςσΣ\u00ad\ud800xé ") | st.characters(codec=None), max_size=40))
@settings(max_examples=200, deadline=None)
def test_replaced_is_the_translate_of_its_pairs(text):
    """context._replaced (str.replace per pair: a translate of a text that is not ASCII reads every
    character in its table) gives what one translate of the same pairs gives."""
    from framing.match.context import _APOSTROPHES, _HAYSTACK, _replaced

    for pairs in (_APOSTROPHES, _HAYSTACK):
        assert _replaced(text, pairs) == text.translate(str.maketrans(dict(pairs)))
    assert dict(_HAYSTACK) == {**{c: "'" for c in "’‘`ʼ"}, "ς": "σ"}


@given(st.lists(st.sampled_from(["Land", "CEDE", "don`t", "Don’t", "ΣΟΣ", "İstanbul", "a-b", "x\u00ady", " ", ". ",
                                 "\n", "-", "'", "9"]), max_size=14), st.integers(0, 6), st.booleans())
@settings(max_examples=200, deadline=None)
def test_folded_words_fold_each_word(pieces, n, last):
    """context._folded_words (a piece of ASCII without a backtick lower-cased at once) gives the
    words each folded by _fold."""
    from framing.match.context import _fold, _folded_words
    from framing.text import first_words, last_words

    piece = "".join(pieces)
    assert _folded_words(piece, n, last) == [_fold(w) for w in (last_words if last else first_words)(piece, n)]
