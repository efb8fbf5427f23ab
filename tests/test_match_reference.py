"""The fast matcher against the slow reference (framing.match.reference): same hits, same
negation, on generated texts, for the built-in lexicons and for generated ones (overlapping
terms, wildcards, case, exclusions, negation windows up to 20 words, scare quotes)."""

from __future__ import annotations

from functools import lru_cache

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from framing.lexicons import load_lexicons, parse_lexicon
from framing.match import Matcher
from framing.match.reference import reference_hits

SOME = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])

SEPARATORS = [" ", " ", " ", "  ", "\n", "\n\n", "\n \n", ", ", ". ", "; ", " (", ") ", '"', "“", "”", "'", "‘", "’",
              " — ", "-", "\u2010", "\t", "\u2028", "!", "?", " «", "» "]


@lru_cache(maxsize=1)
def builtin() -> Matcher:
    return Matcher(load_lexicons(["hedging", "concession", "security", "actors", "boosters", "sovereignty"]))


BUILTIN_WORDS = ["may", "May", "in", "might", "not", "never", "no", "won't", "can’t", "but", "which", "cede", "give",
                 "up", "territory", "land", "for", "peace", "security", "guarantees", "guarantee", "NATO", "membership",
                 "US", "us", "Ukraine's", "Ukraine’s", "Theresa", "make", "sure", "certainly", "political", "will",
                 "unacceptable", "out", "of", "the", "question", "rule", "ruled", "refused", "to", "Kyiv", "is",
                 "extraordinarily", "x" * 40, "İstanbul", "9", "perhaps", "it's", "possible", "only", "not,",
                 "option", "an", "red line"]


def texts(words: list[str]) -> st.SearchStrategy[str]:
    piece = st.tuples(st.sampled_from(words), st.sampled_from(SEPARATORS))
    return st.lists(piece, max_size=45).map(lambda parts: "".join(w + s for w, s in parts))


@pytest.mark.slow  # every built-in lexicon through the slow reference: over 15 s
@SOME
@given(texts(BUILTIN_WORDS))
def test_builtin_lexicons_match_as_the_reference_does(text):
    matcher = builtin()
    assert matcher.hits(text) == reference_hits(text, matcher)


VOCAB = ["aa", "bb", "cc", "dd", "cede", "land"]
NEGATORS = ["not", "never", "dd", "won't"]


@st.composite
def lexicons(draw) -> object:
    terms, seen = [], set()
    for _ in range(draw(st.integers(1, 7))):
        words = draw(st.lists(st.sampled_from(VOCAB + ["Aa", "BB"]), min_size=1, max_size=3))
        if draw(st.booleans()) and len(words) == 1:
            words[-1] = words[-1][:1] + "*"
        text = " ".join(words)
        case = draw(st.booleans())
        key = text if case else text.lower()
        if key in seen:
            continue
        seen.add(key)
        term: dict = {"term": text}
        if case:
            term["case_sensitive"] = True
        if draw(st.integers(0, 4)) == 0:
            term["exclude"] = [draw(st.sampled_from(["aa bb", "bb cc", "cc aa bb", "dd cede"]))]
        if draw(st.integers(0, 5)) == 0:
            term["negation"] = False
        elif draw(st.integers(0, 5)) == 0:
            term["negated"] = True  # a refusal by itself
        terms.append(term)
    negation = {"window": draw(st.integers(0, 20)), "after_window": draw(st.integers(0, 4)),
                "negators": ["dd"], "after": ["cc dd", "land", "not bb cc"], "scare_quotes": draw(st.booleans()),
                "exceptions": ["dd only"]}
    if draw(st.booleans()):  # refusal verbs with a wider window of their own (concession 2.5.0)
        negation |= {"far_window": draw(st.integers(0, 20)), "far_negators": ["bb", "cc aa"]}
    exclusions = draw(st.lists(st.sampled_from(["bb cc", "aa aa", "land for", "c*"]), max_size=2, unique=True))
    return parse_lexicon({"name": "g", "version": "1", "description": "generated", "negation": negation,
                          "exclusions": exclusions, "categories": {"all": {"terms": terms}}}, "", "<generated>")


@SOME
@given(lexicons(), st.data())
def test_generated_lexicons_match_as_the_reference_does(lexicon, data):
    phrases = [t.text for t in lexicon.entries] + [x.phrase for x in lexicon.exclusions]
    phrases += [x.phrase for t in lexicon.entries for x in t.exclude]
    own = [p.replace("*", "x") for p in phrases]  # the lexicon's own terms and exclusions, often
    words = VOCAB + NEGATORS + ["Aa", "BB", "CC", "but", "for", "extraordinarily", "x" * 30, "only", "not only",
                                "not,", "dd,", "aa,", "won't,"]
    text = data.draw(texts(own + own + words))
    matcher = Matcher([lexicon])
    assert matcher.hits(text) == reference_hits(text, matcher)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(window=st.integers(1, 20), offset=st.integers(-2, 1), data=st.data())
def test_the_negation_window_counts_words_whatever_their_length(window, offset, data):
    """``not`` + N words + the term (N near the window): negated exactly when N < window, however long the words."""
    n = max(0, window + offset)
    words = data.draw(st.lists(st.text("abcxyz", min_size=1, max_size=25), min_size=n, max_size=n))
    gaps = data.draw(st.lists(st.sampled_from([" ", "  ", "\n", " “", "” ", "\t"]), min_size=n, max_size=n))
    lexicon = parse_lexicon({"name": "w", "version": "1", "description": "window", "negation": {"window": window},
                             "categories": {"all": {"terms": ["cede"]}}}, "", "<window>")
    text = "not" + "".join(g + w for g, w in zip(gaps, words)) + " cede"
    matcher = Matcher([lexicon])
    found = matcher.hits(text)
    assert found == reference_hits(text, matcher)
    assert [h.negated for h in found] == [n < window]


# Lemma lexicons (Russian): inflected forms in the text, terms as lemmas or as other forms (the
# matcher lemmatises both), `match: word` terms, wildcards on lemmas, exclusions, context rules.
RU_FORMS = ["уступка", "уступки", "уступок", "Уступками", "территория", "территорию", "территорий", "отдать",
            "отдали", "отдаст", "мир", "мира", "Мира", "миром", "не", "нет", "без", "но", "США", "сша", "ещё", "еще",
            "земля", "землю", "земли", "отказался", "отказаться", "неприемлемо", "x" * 30, "по-видимому", "Ёлка",
            "прямые", "Прямых", "ceded", "Land", "land"]
RU_TERMS = ["уступка", "уступки", "территория", "отдать территорию", "мир", "земля", "ещё", "елка", "уступ*",
            "территори*", "отдать землю", "по-видимому", "уступ* территорию", "прям* мир", "прям* уступ*"]


@st.composite
def lemma_lexicons(draw) -> object:
    terms, seen = [], set()
    for _ in range(draw(st.integers(1, 6))):
        text = draw(st.sampled_from(RU_TERMS + ["мира", "США", "уступками", "Мира"]))
        term: dict = {"term": text}
        if "*" not in text and draw(st.integers(0, 2)) == 0:
            term["match"] = "word"
            if draw(st.booleans()):
                term["case_sensitive"] = True
        key = (text, term.get("case_sensitive", False))
        if text.lower() in seen or key in seen:
            continue
        seen.add(text.lower())
        if draw(st.integers(0, 4)) == 0:
            term["exclude"] = [draw(st.sampled_from(["уступка территории", "мир без", "отдать землю"]))]
        if draw(st.integers(0, 4)) == 0:
            term["requires"] = {"near": draw(st.sampled_from([["земля"], ["территори*"], ["не"]])),
                                "window": draw(st.integers(1, 6))}
        terms.append(term)
    negation = {"window": draw(st.integers(0, 8)), "after_window": draw(st.integers(0, 3)),
                "negators": ["отказаться"], "after": ["неприемлемо"], "scare_quotes": draw(st.booleans())}
    exclusions = draw(st.lists(st.sampled_from(["мир без", "земли*", "уступка земли"]), max_size=2, unique=True))
    try:
        return parse_lexicon({"name": "g", "version": "1", "description": "generated", "language": "ru",
                              "match": "lemma", "negation": negation, "exclusions": exclusions,
                              "categories": {"all": {"terms": terms}}}, "", "<generated>")
    except Exception:  # two forms of one term that the reader calls duplicates: draw again
        from hypothesis import reject
        reject()


ENGLISH = parse_lexicon({"name": "e", "version": "1", "description": "English", "categories": {
    "all": {"terms": ["cede", "мир", "США", "ced* land"]}}}, "", "<english>")


@SOME
@given(lemma_lexicons(), st.data())
def test_generated_lemma_lexicons_match_as_the_reference_does(lexicon, data):
    own = [t.text.replace("*", "ы") for t in lexicon.entries]  # the lexicon's own terms, often
    piece = st.tuples(st.sampled_from(RU_FORMS + own + own + ["ced land"]), st.sampled_from(SEPARATORS))
    text = data.draw(st.lists(piece, max_size=30).map(lambda parts: "".join(w + s for w, s in parts)))
    matcher = Matcher([lexicon, ENGLISH])  # two views: the lemma view and the text itself
    assert matcher.hits(text) == reference_hits(text, matcher)
    for hit in matcher.hits(text):  # offsets slice whole original words
        assert text[hit.start:hit.end].strip() == text[hit.start:hit.end]


def _versions(language: str) -> list:
    from framing.lexicons import builtin_names, lexicon_languages, load_lexicon

    return [load_lexicon(n, language) for n in builtin_names() if language in lexicon_languages(n)]


@pytest.mark.slow  # the built-in Russian and Ukrainian versions through the slow reference
@pytest.mark.parametrize("language", ["ru", "uk"])
def test_builtin_language_versions_match_as_the_reference_does(language):
    versions = _versions(language)
    if not versions:
        pytest.skip(f"no built-in {language} versions")
    matcher = Matcher(versions)
    words = sorted({w for lex in versions for t in lex.entries if not t.pattern
                    for w in t.text.replace("*", "ами").split()})
    words += ["не", "нет", "ні", "без", "но", "але", "Уступки", "Переговорів", "x" * 30]

    @settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])  # the lemma reference is slow
    @given(texts(words))
    def check(text):
        assert matcher.hits(text) == reference_hits(text, matcher)
    check()
