"""Lemma traps in the Russian and Ukrainian lexicons (issue 21).

A ``match: lemma`` lexicon lemmatises every word it writes (simplemma) before matching, so a word
whose lemma is another word's never matches the text's forms of the word meant: «германия» is
lemmatised as a form of «германий» (germanium), while the text's «Германии», «Германию» become
«Германия»; «позорный» becomes «столб» (from «позорный столб») while «позорная», «позорного» become
«позорный»; a lower-case «киев» becomes «кий». This check lemmatises every word of every term,
exclusion, near phrase, set and negator of the built-in ru/uk versions and of the negation defaults,
and fails on

1. **another family**: a word that simplemma's dictionary gives as the lemma of other forms
   (its family: «Германии», «Германию» -> «Германия») while the lexicon's key for the word is
   another word («германий»), and no word of the same phrase has the word itself as its key:
   the forms whose lemma in the view is no key of the phrase never match;
2. **capitals**: the first word of a phrase, written in lower case, whose capitalised form (the
   first word of a sentence, a name: «Курили», «Мінської», «Стамбульські») lemmatises to a lemma
   that no word of the phrase has: the phrase misses the word written with a capital.

The fix is to write a form whose lemma is the one the text's forms get («Германия», «будущего» for
the noun «будущее», «позорного»), or to list the capitalised form as an alternative. Deliberate
cases are in :data:`ALLOWED`, each with its reason.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pytest
import yaml

from framing.lexicons.format import builtin_names, expand_braces, lexicon_languages, version_path
from framing.match.compile import negation_file
from framing.match.lemma import YO, View, lemma_of, phrase_key
from framing.paths import lexicon_data_dir

LANGUAGES = ("ru", "uk")
PHRASE_LISTS = {"terms", "near", "exclusions", "exclude", "negators", "after", "exceptions", "clause_breaks",
                "complementizers", "verbs", "relative_pronouns", "refusals"}

# (language, word): why the trap does not matter here.
ALLOWED = {
    ("ru", "есть"): "«есть» is 'there is' (lemma «быть»), not 'to eat' (the forms «ест», «едят»)",
    ("ru", "то"): "«похоже на то»: the only other form with lemma «то» is the abbreviation «т.»",
    ("ru", "том"): "«о том что»: the forms with lemma «том» are those of «том» 'volume'",
    ("ru", "должное"): "only in «отдать должное», whose text form «должное» has the term's lemma",
    ("ru", "обсуждаться"): "«обсуждается», «обсуждаются» (the forms used) have the key «обсуждать»",
    ("uk", "люди"): "«воля людей»: «людей» has the term's lemma «людина»; only «людях» has the lemma «люди»",
    ("ru", "все"): "«Все» (capitalised) has the dictionary lemma «всё»: the `match: word` term «Все знают» covers it",
    ("uk", "є"): "«Є» (capitalised) has the dictionary lemma «є»: the `match: word` term «Є підстави вважати» covers it",
    ("uk", "мінська"): "«Мінської угоди» ... (lemma «мінська») are the `match: word` terms of ceasefire.uk",
    ("uk", "мінської"): "as «мінська»",
    ("uk", "мінській"): "as «мінська»",
    ("uk", "того"): "«готовий до того»: the only forms with the lemma «того» are those of the name «Тога»",
    ("uk", "ані"): "the capitalised «Ані» is the name «Аня»: listing it would make a name a negator",
}


def _phrases(node, key: str = "") -> list[str]:
    """The phrases of a lexicon file's data: strings in the lists named in :data:`PHRASE_LISTS`,
    the values of ``sets`` and the ``term`` of a term written as a mapping (``match: word`` terms,
    regexes and ``@set`` references are not lemmatised and are left out)."""
    if isinstance(node, dict):
        if node.get("match") == "word" or "regex" in node:
            return []
        found = [node["term"]] if isinstance(node.get("term"), str) else []
        for k, v in node.items():
            if k == "sets" and isinstance(v, dict):
                found += [p for values in v.values() for p in values if isinstance(p, str)]
            elif k != "term":
                found += _phrases(v, k)
        return found
    if isinstance(node, list):
        return [p for item in node for p in ([item] if isinstance(item, str) and key in PHRASE_LISTS else _phrases(item, key))
                if not p.startswith("@")]
    return []


def _sources(language: str) -> list[tuple[str, str]]:
    """(file name, phrase) for every phrase of the language's built-in versions and negation defaults."""
    found = []
    for name in builtin_names():
        if language in lexicon_languages(name):
            path = version_path(lexicon_data_dir() / f"{name}.yaml", language)
            found += [(path.name, p) for p in _phrases(_read(path))]
    defaults = negation_file(language)
    found += [(defaults.name, p) for p in _phrases(_read(defaults))]
    return found


def _read(path: Path) -> object:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


@lru_cache(maxsize=2)
def _families(language: str, words: frozenset[str]) -> dict[str, list[str]]:
    """For each of ``words`` (lower case, ``ё`` as ``е``) that simplemma's dictionary gives as the
    lemma of other forms: those forms."""
    from simplemma.strategies.dictionaries.dictionary_factory import DEFAULT_DICTIONARY_FACTORY

    dictionary = DEFAULT_DICTIONARY_FACTORY.get_dictionary(language)
    raw = getattr(dictionary, "_dict", None)  # bytes -> bytes: read without decoding 1.4 M entries
    targets = {}
    for w in words:
        for spelling in (w, w[:1].upper() + w[1:]):
            targets[spelling.encode() if raw is not None else spelling] = w
    found: dict[str, list[str]] = {}
    for form, lemma in (raw if raw is not None else dictionary).items():
        w = targets.get(lemma)
        if w is not None:
            form = form.decode() if isinstance(form, bytes) else form
            if form.lower().translate(YO) != w:
                found.setdefault(w, []).append(form)
    return found


def lemma_traps(language: str) -> list[str]:
    """The traps of rules 1 and 2 (module doc) in the language's built-in lexicons, one line each."""
    view = View(language, True)
    key = lru_cache(maxsize=None)(lambda word: phrase_key(word, view))  # one lemma per word, not per phrase
    phrases = _sources(language)
    words_of = {p: [w for q in expand_braces(p) for w in q.split() if not w.endswith("*")] for _, p in phrases}
    families = _families(language, frozenset(w.lower().translate(YO) for ws in words_of.values() for w in ws))
    traps = set()
    for where, phrase in phrases:
        keys = {key(w) for w in words_of[phrase]}
        firsts = {q.split()[0] for q in expand_braces(phrase) if q.split() and not q.split()[0].endswith("*")}
        for w in words_of[phrase]:
            plain = w.lower().translate(YO)
            if (language, plain) in ALLOWED:
                continue
            # the family's forms whose lemma in the view (lemma_of: the dictionary's, normalised as
            # match/lemma.py does, e.g. «вооружённые» -> «вооружить» like «вооруженный») no key has
            forms = [f for f in families.get(plain, []) if lemma_of(f, language).lower() not in keys]
            if forms and key(w) != plain and plain not in keys:
                traps.add(f"{where}: «{w}» in «{phrase}» is lemmatised to «{key(w)}», so the forms "
                          f"{', '.join(sorted(forms)[:4])} (lemma «{plain}») never match")
            capital = lemma_of(plain[:1].upper() + plain[1:], language).lower()
            if w in firsts and w[:1].islower() and capital not in keys:
                traps.add(f"{where}: «{w}» in «{phrase}», written with a capital (a sentence's first word, a name), "
                          f"is lemmatised to «{capital}», which no word of the phrase has")
    return sorted(traps)


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_lexicon_word_is_lemmatised_into_another_family(language):
    traps = lemma_traps(language)
    assert not traps, "\n".join(traps)


def test_the_check_finds_the_traps_it_was_written_for():
    view = View("ru", True)
    assert phrase_key("германия", view) == "германий" and phrase_key("Германия", view) == "германия"
    assert "германия" in _families("ru", frozenset({"германия", "позорный"}))
    assert phrase_key("позорный", view) == "столб" and phrase_key("позорного", view) == "позорный"
    assert lemma_of("Курили", "uk").lower() != phrase_key("курили", View("uk", True))  # «курити», to smoke


def test_every_allowed_case_is_still_a_word_of_a_lexicon():
    for language, word in ALLOWED:
        assert any(word in p.lower().translate(YO).replace("{", " ").replace("}", " ").replace(",", " ").split()
                   for _, p in _sources(language)), (language, word)


def test_a_capitalised_word_unknown_to_the_dictionary_gets_its_lower_case_lemma():
    assert lemma_of("Стамбульських", "uk") == "Стамбульський" == lemma_of("стамбульських", "uk").capitalize()
    assert lemma_of("Германии", "ru") == "Германия" and lemma_of("Киева", "ru") == "Киев"  # the dictionary's own
    assert lemma_of("Территории", "ru") == "Территория"


# Forms of the lexicons' «-ский»/«-ський» adjectives (oblasts, memoranda, names): the Russian ones
# simplemma's dictionary does not hold («Луганскую», «херсонского» -> «херсонскто») and the Ukrainian
# feminine ones it lemmatises as feminine («російську» -> «російська») must reach the term's key.
ADJECTIVE_FORMS = {"ru": ("ая", "ую", "ой", "ого", "ому", "ом", "ые", "ых", "ыми"),
                   "uk": ("а", "у", "ої", "ій", "ою", "ого", "ому", "і", "их", "ими")}
# Capitalised Ukrainian forms that are also forms of a town («Донецьку»: in Donetsk, or the oblast's
# accusative) keep the town's lemma (docs/lexicon-format.md); the dictionary also gives «мінський» the
# lemma «Мінськ»; so are capitalised Russian «-ом» forms («под Донецком»), checked in lower case only.
# Russian «близкие» (relatives) is the dictionary's lemma of «близких»; Ukrainian «українською» (in
# Ukrainian) is its own.
ADJECTIVE_FORMS_ALLOWED = {"близких", "українською"}


@pytest.mark.parametrize("language", LANGUAGES)
def test_forms_of_the_lexicons_sky_adjectives_reach_the_terms_key(language):
    view = View(language, True)
    words = {w for _, p in _sources(language) for q in expand_braces(p) for w in q.split() if not w.endswith("*")}
    keys = sorted({k for k in map(lambda w: phrase_key(w, view), words) if k.endswith(("ский", "цкий", "ський", "цький"))})
    assert len(keys) > 10
    y = {"ru": lambda stem: "и" if stem[-1] in "кгх" else "ы", "uk": lambda stem: ""}[language]
    missed = []
    for key in keys:
        stem = key[:-2]
        for ending in ADJECTIVE_FORMS[language]:
            form = stem + (y(stem) + ending[1:] if ending[0] == "ы" else ending)
            capitals = (form.capitalize(),) if language == "ru" and ending != "ом" else ()
            for f in (form, *capitals):
                if f.lower() not in ADJECTIVE_FORMS_ALLOWED and lemma_of(f, language).lower() != key:
                    missed.append(f"{f} -> {lemma_of(f, language)} (term key {key})")
    assert not missed, "\n".join(missed)
