"""Compiling lexicons builds its entries and key groups without the slow constructors (a frozen
dataclass's per-field ``__setattr__``, a named tuple's keyword arguments): the same entries and
groups as those constructors make from the same terms."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from framing.chars import codes_of, folded
from framing.lexicons import load_lexicon
from framing.match.compile import BEFORE, Entry, KeyGroup, Keys, compile_lexicon_set, exclusion_pattern, key_patterns, normalise_term, normalise_terms
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


def test_per_entry_and_per_group_arrays_are_those_of_each_one():
    lexicons = (load_lexicon("hedging"), load_lexicon("actors"), load_lexicon("actors", "ru"))
    compiled = compile_lexicon_set(lexicons, automaton=False)
    entries, negations = compiled.entries, compiled.negations
    plain = {"entry_lex": [e.lex for e in entries], "surface": [e.surface for e in entries],
             "case_sensitive": [e.case_sensitive and not e.surface for e in entries],
             "negatable": [e.negation and negations[e.lex].enabled for e in entries],
             "excluding": [bool(e.exclude) for e in entries], "always_negated": [e.negated for e in entries]}
    for name, values in plain.items():
        assert getattr(compiled, name).tolist() == values, name
    assert compiled.excluding.any() and compiled.surface.any() and compiled.case_sensitive.any()
    keys = compile_lexicon_set(lexicons[:1]).keys
    groups = keys.groups
    assert keys.group_whole_start.tolist() == [g.whole_start for g in groups]
    assert keys.group_prefix.tolist() == [g.prefix for g in groups] and keys.group_cue.tolist() == [g.cue for g in groups]
    assert keys.exclude_size.tolist() == [len(g.excludes) for g in groups]
    assert keys.exclude_lex.tolist() == [li for g in groups for li in g.excludes]
    assert keys.group_size.tolist() == [len(g.entries) for g in groups]
    assert keys.group_entries.tolist() == [i for g in groups for i in g.entries]
    assert keys._encoded(codes_of("abb"), np.array([2, 0, 1]), {"a": 7, "b": 9}) == [b"\x07\x09", b"", b"\x09"]


def test_nothing_to_compile_compiles_to_empty_arrays():
    compiled = compile_lexicon_set(())
    assert compiled.entries == [] and compiled.entry_lex.dtype == "int64" and len(compiled.negatable) == 0
    assert compiled.keys.automaton is None and compiled.keys.group_entries.tolist() == []


def plain_bodies(keys):
    """Each key's bytes as the alphabet was first built: a set of the keys' characters, and one
    lookup per character."""
    alphabet = sorted(set("".join(keys)) - {" "})
    spare = (c for c in range(2, 0x10000) if not 0x20 <= c < 0x7F)
    code = {ch: ord(ch) if 0x20 < ord(ch) < 0x7F else next(spare) for ch in alphabet}
    code[" "] = 0x20
    width = 1 if max(code.values()) < 0x100 else 2
    return [b"".join(code[ch].to_bytes(width, "little") for ch in key) for key in keys], code


KEY_CHARS = st.sampled_from("ab z'-.&Яя€\u0301\U0001F600\ud800") | st.characters(max_codepoint=0x2FF)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(KEY_CHARS, min_size=1, max_size=6), min_size=1, max_size=12, unique=True))
def test_keys_bytes_are_those_of_one_lookup_per_character(keys):
    """Keys reads the alphabet off a count of the joined keys' code points and encodes them with one
    table: the same bytes per key (so the same patterns) as a set of characters and a lookup each."""
    import framing.match.compile as compile_module

    seen = {}

    def spy(whole_end, bodies, edges):
        seen["bodies"] = bodies
        return key_patterns(whole_end, bodies, edges)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(compile_module, "key_patterns", spy)
        built = Keys([KeyGroup(key) for key in keys])
    want, code = plain_bodies(keys)
    assert seen["bodies"] == want
    assert built.width == (1 if max(code.values()) < 0x100 else 2)
    assert all(built.table[ord(ch)] == c for ch, c in code.items() if folded()[ord(ch)] == ord(ch))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(st.sampled_from("ab A\t\n\x1c\u00a0\u3000’\x00-"), max_size=6), max_size=6))
def test_terms_normalised_at_once_are_each_normalised(texts):
    assert normalise_terms(texts) == [normalise_term(t) for t in texts]


def test_negation_settings_files_read_as_yaml_safe_load_reads_them():
    import yaml

    from framing.match.compile import NEGATION_FILE, _negation_defaults

    for path in sorted(NEGATION_FILE.parent.glob("negation*.yaml")):
        assert _negation_defaults(path) == yaml.safe_load(path.read_text(encoding="utf-8")), path.name


@pytest.mark.parametrize("language", ["en", "ru"])
def test_exclusion_phrases_are_the_keys_normalise_term_makes_of_each(language):
    """A lexicon's plain exclusion phrases, normalised all at once, are the keys (in order, with
    the lexicons they exclude for) that normalising each on its own makes."""
    from framing.lexicons.format import term_kind

    lexicons = (load_lexicon("hedging", language), load_lexicon("boosters"), load_lexicon("sovereignty"))
    want: dict = {}
    for li, lex in enumerate(lexicons):
        view = view_of(lex.language, lex.match)
        for e in lex.exclusions:
            if not e.regex and term_kind(e.phrase) == "phrase":
                want.setdefault(normalise_term(phrase_key(e.phrase, view)), set()).add(li)
    groups = compile_lexicon_set(lexicons).keys.groups
    got = {g.key: set(g.excludes) for g in groups if g.excludes}
    assert list(got) == list(want) and got == want and len(want) > 50


@pytest.mark.parametrize("language", ["ru", "uk"])
def test_lemma_view_keys_find_what_a_dfa_of_the_same_keys_finds(language):
    """Lexicons of a lemma view compile to the smaller automaton (``Keys(fast=False)``: a contiguous
    NFA), plain ones to the DFA; scanning a lemma view of coded news with it finds the same
    candidates, exclusions and negation cues as a DFA of the same key groups."""
    import dataclasses
    from pathlib import Path

    import pandas as pd

    from framing.chars import encode
    from framing.match.lemma import view_texts
    from framing.match.scan import scan

    lexicons = (load_lexicon("concession", language), load_lexicon("hedging", language))
    compiled = compile_lexicon_set(lexicons)
    assert not compiled.keys.fast and compile_lexicon_set((load_lexicon("concession"),)).keys.fast
    dfa = dataclasses.replace(compiled)
    object.__setattr__(dfa, "keys", Keys(compiled.keys.groups, fast=True))
    gold = Path(__file__).resolve().parents[1] / "data" / "gold" / f"concession_corpus_tune_{language}.csv"
    texts = pd.read_csv(gold)["text"].dropna().tolist()
    view = encode(view_texts(texts, view_of(language, "lemma"))[0])
    small, fast = scan(compiled, view), scan(dfa, view)
    assert len(small.candidates.doc) > len(texts)  # (the texts hold what the lexicons look for)
    assert len(small.excluded.doc) and len(small.before_cues)
    for part in ("candidates", "excluded"):
        for name, got in vars(getattr(small, part)).items():
            assert np.array_equal(got, vars(getattr(fast, part))[name]), (part, name)
    assert np.array_equal(small.before_cues, fast.before_cues) and np.array_equal(small.after_cues, fast.after_cues)
