"""Compiling lexicons builds its entries and key groups without the slow constructors (a frozen
dataclass's per-field ``__setattr__``, a named tuple's keyword arguments): the same entries and
groups as those constructors make from the same terms."""

import pytest

from framing.lexicons import load_lexicon
from framing.match.compile import BEFORE, Entry, KeyGroup, compile_lexicon_set, exclusion_pattern
from framing.match.lemma import phrase_key, view_of


def plain_entries(lexicons):
    """The entries as ``Entry(...)`` makes them, term by term."""
    out = []
    for li, lex in enumerate(lexicons):
        view = view_of(lex.language, lex.match)
        for t in lex.entries:
            out.append(Entry(li, lex.name, t.category, t.subcategory, t.text, t.kind, t.case_sensitive, t.negation,
                             tuple(exclusion_pattern(e, view) for e in t.exclude), phrase_key(t.text, view),
                             view.lemma and t.match == "word", t.negated))
    return out


@pytest.mark.parametrize("language", ["en", "ru"])
def test_entries_are_those_entry_makes(language):
    lexicons = (load_lexicon("ceasefire", language), load_lexicon("hedging", language))
    compiled = compile_lexicon_set(lexicons, automaton=False)
    assert compiled.entries == plain_entries(lexicons)
    assert [repr(e) for e in compiled.entries] == [repr(e) for e in plain_entries(lexicons)]
    assert all(type(e) is Entry and list(vars(e)) == list(Entry.__dataclass_fields__) for e in compiled.entries)


def test_key_groups_are_those_keyword_arguments_make():
    groups = compile_lexicon_set((load_lexicon("hedging"), load_lexicon("ceasefire"))).keys.groups
    plain = [KeyGroup(g.key, entries=g.entries, excludes=g.excludes, cue=g.cue) if not g.prefix
             else KeyGroup(g.key, whole_end=False, entries=g.entries, prefix=True) for g in groups[:-1]]
    assert groups[:-1] == plain and all(type(g) is KeyGroup for g in groups)
    assert groups[-1] == KeyGroup("n't", whole_start=False, cue=BEFORE)
    assert any(g.cue for g in groups[:-1]) and any(g.prefix for g in groups) and any(not g.cue for g in groups)
