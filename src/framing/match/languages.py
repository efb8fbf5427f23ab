"""Each document gets the version of each lexicon in its own language.

A lexicon's language versions are files ``NAME.LANG.yaml`` beside its English ``NAME.yaml``
(:func:`framing.lexicons.format.version_path`). A document's language is, in this order: the
``language`` forced by the caller (``framing score --lang ru``), the corpus's ``language`` column
(where it names one; the loader adds it), or :func:`framing.language.document_language`; a text
without a Cyrillic letter is English (the kit's other languages, Russian and Ukrainian, are
written in Cyrillic), which spares English corpora the detector. A language with no version of a lexicon falls back to its English version with a
:class:`LanguageFallbackWarning` (``framing score`` prints it as a note); a document of
undetermined language (``und``: no letters) is matched with the lexicons as given.

>>> import pandas as pd
>>> from framing.lexicons import load_lexicons
>>> corpus = pd.DataFrame({"doc_id": ["a", "b"], "text": ["Talks resumed.", "Переговоры возобновились."]})
>>> document_languages(corpus)
['en', 'ru']
>>> [(g.language, g.docs.tolist()) for g in by_language(corpus, load_lexicons(["ceasefire"]), "en")]
[('en', [0, 1])]
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
import pandas as pd

from ..errors import LexiconError
from ..language import UNDETERMINED, document_language, normalise_language
from ..lexicons import Lexicon
from ..lexicons.format import LANGUAGE_RE, load_lexicon, version_path
from ..pool import map_chunks

_CYRILLIC = re.compile("[\u0400-\u052f\u1c80-\u1c8f\u2de0-\u2dff\ua640-\ua69f]")
_LETTER = re.compile(r"[^\W\d_]")
T = TypeVar("T")


class LanguageFallbackWarning(UserWarning):
    """Documents of a language were matched with a lexicon's English version (it has none in theirs)."""


def caught_fallbacks(fn: Callable[..., T], *args: Any) -> tuple[T, list[str]]:
    """``fn(*args)`` and the messages of the :class:`LanguageFallbackWarning` it raised, caught (not
    shown): a worker process returns them, and the parent warns them again with
    :func:`warn_fallbacks`, so they reach the caller (``framing score --jobs 2`` prints them as notes).

    >>> caught_fallbacks(len, "abc")
    (3, [])
    """
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", LanguageFallbackWarning)
        result = fn(*args)
    for w in caught:
        if not issubclass(w.category, LanguageFallbackWarning):
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    return result, [str(w.message) for w in caught if issubclass(w.category, LanguageFallbackWarning)]


def warn_fallbacks(messages: Sequence[str]) -> None:
    """Warn each message (from :func:`caught_fallbacks` in a worker) as a :class:`LanguageFallbackWarning`."""
    for message in messages:
        warnings.warn(message, LanguageFallbackWarning, stacklevel=2)


@dataclass(frozen=True)
class Group:
    """The documents of one language (``docs``: their positions in the corpus) and the lexicon
    versions they are matched with (in the order of the lexicons asked for)."""

    language: str
    lexicons: tuple[Lexicon, ...]
    docs: np.ndarray


def detect(text: str) -> str:
    """The language of one document as matching reads it: :func:`framing.language.document_language`,
    but ``en`` (``und`` without letters) for a text with no Cyrillic letter, without asking the
    detector: among the kit's languages that is what it would say, and English corpora skip it.

    >>> detect("Ceasefire talks"), detect("Мирні переговори у Стамбулі"), detect("12 -- 3")
    ('en', 'uk', 'und')
    """
    if not _CYRILLIC.search(text):
        return "en" if _LETTER.search(text) else UNDETERMINED
    return document_language(text)


def document_languages(corpus: pd.DataFrame, language: str | None = None, jobs: int = 1) -> list[str]:
    """Each document's language: ``language`` if given, else the corpus's ``language`` column where
    it names one (:func:`framing.language.normalise_language`: "RU", "rus", "Russian" -> ``ru``),
    else :func:`detect` (in ``jobs`` processes when there are many to detect)."""
    which, names = _language_codes(corpus, language, jobs)
    return [names[i] for i in which.tolist()]


def _language_codes(corpus: pd.DataFrame, language: str | None, jobs: int) -> tuple[np.ndarray, list[str]]:
    """:func:`document_languages` as one index per document into a list of distinct languages
    (a column of string values is read once per distinct value, not once per document)."""
    n = len(corpus)
    if language is not None:
        return np.zeros(n, dtype=np.int64), [language]
    names: dict[str, int] = {}
    which = np.full(n, -1, dtype=np.int64)
    if "language" in corpus.columns:
        column = corpus["language"]
        if isinstance(column.dtype, pd.StringDtype):  # (only strings and missing values: equal ones are one value)
            values, uniques = pd.factorize(column)
            read = [normalise_language(value) for value in uniques.tolist()]
            codes = np.array([names.setdefault(code, len(names)) if code else -1 for code in read] + [-1],
                             dtype=np.int64)
            which = codes[values]  # (a missing value, -1, takes the last: none)
        else:
            for i, code in enumerate(_normalised(column.tolist())):
                if code:
                    which[i] = names.setdefault(code, len(names))
    todo = np.flatnonzero(which < 0)
    if len(todo):
        texts = corpus["text"]
        unknown = [text or "" for text in (texts if len(todo) == n else texts.iloc[todo]).tolist()]
        if jobs > 1 and len(unknown) >= 1000 * jobs:
            found = [code for part in map_chunks(_detect_all, unknown, jobs, -(-len(unknown) // (4 * jobs)))
                     for code in part]
        else:
            found = _detect_all(unknown)
        which[todo] = [names.setdefault(str(code), len(names)) for code in found]
    return which, list(names)


def _normalised(values: list) -> list[str | None]:
    """:func:`framing.language.normalise_language` of each value, worked out once per distinct value
    (a corpus's language column holds a few values, one per document).

    >>> _normalised(["RU", "en", "RU", None, float("nan"), 1, True])
    ['ru', 'en', 'ru', None, None, None, None]
    """
    memo: dict[tuple[type, object], str | None] = {}
    out = []
    for value in values:
        key = (type(value), value)  # (1 and True are equal keys, their types are not)
        try:
            code = memo[key]
        except KeyError:
            code = memo[key] = normalise_language(value)
        except TypeError:  # an unhashable value
            code = normalise_language(value)
        out.append(code)
    return out


def _detect_all(texts: list[str]) -> list[str]:
    return [detect(text) for text in texts]


def language_counts(corpus: pd.DataFrame) -> dict[str, int]:
    """Documents per language (:func:`document_languages`), languages sorted.

    >>> language_counts(pd.DataFrame({"text": ["Talks.", "Переговоры.", "Talks again."]}))
    {'en': 2, 'ru': 1}
    """
    counts = pd.Series(document_languages(corpus), dtype=object).value_counts()
    return {str(k): int(counts[k]) for k in sorted(counts.index)}


def english_path(lexicon: Lexicon) -> Path | None:
    """The English file of a lexicon (``NAME.yaml`` for a version ``NAME.LANG.yaml``), if it has a file."""
    path = Path(lexicon.path)
    if not lexicon.path or not path.is_file():
        return None
    if lexicon.language != "en" and path.stem.endswith(f".{lexicon.language}"):
        return path.with_name(path.stem[:-len(lexicon.language) - 1] + path.suffix)
    return path


@lru_cache(maxsize=256)
def _version(english: Path, language: str, stamp: tuple[int, int] | None) -> Lexicon | None:
    """The version, read once while its file's ``stamp`` (mtime in ns and size; ``None``: no file) stays the same."""
    return None if stamp is None else load_lexicon(english, language)


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_mtime_ns, stat.st_size


def lexicon_version(lexicon: Lexicon, language: str) -> Lexicon | None:
    """The ``language`` version of a lexicon (itself when it is in that language), or ``None``
    when there is none. A version must keep the lexicon's name and may not add categories (score
    columns keep their names whichever version scored a row).

    >>> from framing.lexicons import load_lexicon
    >>> lexicon_version(load_lexicon("hedging"), "xx") is None
    True
    """
    if lexicon.language == language:
        return lexicon
    english = english_path(lexicon)
    if english is None or not LANGUAGE_RE.match(language):
        return None
    found = load_lexicon(english) if language == "en" else _version(english, language, _stamp(version_path(english, language)))
    if found is not None:
        extra = [c for c in found.categories if c not in lexicon.categories]
        if found.name != lexicon.name or extra:
            raise LexiconError(found.path, f"the {language} version of lexicon {lexicon.name!r} must keep its name and "
                               f"categories (it has name {found.name!r}" + (f", extra categories {extra}" if extra else "") + ")",
                               fix=f"use the categories of {english.name}: " + ", ".join(lexicon.categories))
    return found


def versions_used(lexicons: Sequence[Lexicon], languages: dict[str, int]) -> list[tuple[Lexicon, dict[str, int]]]:
    """Each lexicon as given, then every other version that documents in ``languages`` (language ->
    documents) are matched with, as :func:`by_language` chooses them (a language without a version
    uses the English one; ``und`` the lexicon as given), each with the documents it is used for.

    >>> from framing.lexicons import load_lexicons
    >>> [(lex.language, docs) for lex, docs in versions_used(load_lexicons(["hedging"]), {"en": 2, "ru": 1})]
    [('en', {'en': 2}), ('ru', {'ru': 1})]
    """
    out: list[tuple[Lexicon, dict[str, int]]] = []
    for lex in lexicons:
        used: dict[tuple[str, str], tuple[Lexicon, dict[str, int]]] = {(lex.language, lex.sha256): (lex, {})}
        for lang, count in sorted(languages.items()):
            version = lex if lang == UNDETERMINED else lexicon_version(lex, lang) or lexicon_version(lex, "en") or lex
            used.setdefault((version.language, version.sha256), (version, {}))[1][lang] = int(count)
        out += used.values()
    return out


def versions_for(lexicons: Sequence[Lexicon], language: str) -> tuple[tuple[Lexicon, ...], list[str]]:
    """The lexicon versions that :func:`by_language` matches ``language`` documents with (its
    version of each lexicon, else the English one; ``und``: the lexicons as given), and the names
    of the lexicons with no version in it.

    >>> from framing.lexicons import load_lexicons
    >>> chosen, missing = versions_for(load_lexicons(["hedging"]), "uk")
    >>> [lex.language for lex in chosen], missing
    (['uk'], [])
    """
    if language == UNDETERMINED:
        return tuple(lexicons), []
    chosen, missing = [], []
    for lex in lexicons:
        version = lexicon_version(lex, language)
        if version is None:
            version = lexicon_version(lex, "en") or lex
            missing.append(lex.name)
        chosen.append(version)
    return tuple(chosen), missing


def by_language(corpus: pd.DataFrame, lexicons: Sequence[Lexicon], language: str | None = None,
                jobs: int = 1) -> list[Group]:
    """The corpus's documents grouped by language (in order of first appearance; detected in
    ``jobs`` processes), each with the lexicon versions to match them with; warns
    (:class:`LanguageFallbackWarning`) where a language has no version of a lexicon and its
    English one is used."""
    which, names = _language_codes(corpus, language, jobs)
    codes, first = np.unique(which, return_index=True)
    groups: dict[tuple[Lexicon, ...], Group] = {}  # documents matched with the same versions are one group
    for code in codes[np.argsort(first)].tolist():  # (languages in order of first appearance)
        lang, docs = names[code], np.flatnonzero(which == code)
        key, missing = versions_for(lexicons, lang)
        if missing:
            warnings.warn(f"no {lang} version of lexicon(s) {', '.join(missing)}: their {lang} documents are matched "
                          "with the English version", LanguageFallbackWarning, stacklevel=3)
        before = groups.get(key)
        merged = docs if before is None else np.sort(np.concatenate((before.docs, docs)))
        groups[key] = Group(lang if before is None else before.language, key, merged.astype(np.int64))
    return list(groups.values())
