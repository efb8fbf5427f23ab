"""Which language a text is in: one detector for the whole kit, offline.

The kit reads English, Russian and Ukrainian (``KIT_LANGUAGES``); each built-in lexicon
has a version per language. A corpus's ``language`` column wins when it has one; otherwise
:func:`detect_language` guesses with py3langid (BSD, its model ships inside the wheel, so
nothing is downloaded). By default it chooses among the kit's languages only, which is
what picking a lexicon version needs and is far more accurate on short texts than choosing
among all of py3langid's; pass ``candidates=None`` to ask about every language.

* :func:`language_column` is the corpus's ``language`` column (the loader calls it): an input
  value read by :func:`normalise_language` ("RU", "rus", "Russian" -> ``ru``), else detected.
* :func:`document_language` classifies a bounded sample of a document (a long one costs no more
  than a short one); a document in two languages gets the language of most of its text.
* :func:`sentence_languages` gives each sentence's language, for documents that mix languages;
  :func:`language_shares` the share of the text in each.

>>> detect_language("Ми були раді вітати вас у Києві")
'uk'
>>> detect_language("Мы были рады приветствовать вас в Киеве")
'ru'
>>> detect_language("The talks resumed in Istanbul.")
'en'
>>> detect_language("  -- 12 ")
'und'
"""

from __future__ import annotations

import contextlib
import copy
import hashlib
import io
import lzma
import os
import re
import shutil
from collections.abc import Iterable, Iterator, Sequence
from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd

from framing.atomic import atomic_path
from framing.errors import OutputError, ParameterError
from framing.paths import cache_dir

KIT_LANGUAGES: tuple[str, ...] = ("en", "ru", "uk")
"""Languages with built-in lexicons, voice cues and gold data (ISO 639-1 codes)."""

UNDETERMINED = "und"
"""ISO 639-2 code for a text with no letters to go by."""


_MODEL_ARRAYS = ("ptc", "pc", "classes", "nextmove", "nextmove_row", "out_feat")
"""The arrays of py3langid's model file (an npz inside LZMA)."""


@cache
def _model() -> Any:
    """py3langid's identifier over all its languages, its model read once a process.

    The model file is an npz inside LZMA (4.6 MB; 68 MB decompressed, about 0.35 s). The first
    read keeps the decompressed arrays in the kit's cache folder (:func:`framing.paths.cache_dir`),
    one ``.npy`` file each in a folder named by the model file's SHA-256, and later processes map
    those files into memory (about 0.04 s: no copy is read, and the pages are shared by every process
    of a run): the same arrays, so the same identifier (``test_model_is_py3langids``). Without a
    cache folder, or if the copy cannot be read or written, the model file is read as it is.
    """
    import numpy as np
    from py3langid.langid import MODEL_DIR, MODEL_FILE

    packed = (MODEL_DIR / MODEL_FILE).read_bytes()
    folder = cache_dir()
    name = f"py3langid-{hashlib.sha256(packed).hexdigest()[:32]}"
    copy_path = None if folder is None else folder / name
    if copy_path is not None and copy_path.is_dir():
        try:
            return _identifier_from({key: np.load(copy_path / f"{key}.npy", mmap_mode="r", allow_pickle=False)
                                     for key in _MODEL_ARRAYS})
        except (OSError, ValueError, EOFError):
            pass  # (a broken copy: made again below)
    with np.load(io.BytesIO(lzma.decompress(packed)), allow_pickle=False) as npz:
        arrays = {key: npz[key] for key in _MODEL_ARRAYS}
    if copy_path is not None:
        with contextlib.suppress(OSError, OutputError):  # (no copy: the next process decompresses again)
            _keep_model_copy(copy_path, arrays)
            (copy_path.parent / f"{name}.npz").unlink(missing_ok=True)  # (the one-file copy earlier versions kept)
    return _identifier_from(arrays)


def _keep_model_copy(path: Path, arrays: dict[str, Any]) -> None:
    """Write ``arrays`` as ``path/<key>.npy``, each flushed to disk, the folder put in place in one
    step (a broken copy at ``path`` is replaced)."""
    import numpy as np

    shutil.rmtree(path, ignore_errors=True)
    with atomic_path(path, folder=True) as tmp:
        for key, values in arrays.items():
            with open(tmp / f"{key}.npy", "wb") as out:
                np.save(out, values, allow_pickle=False)
                out.flush()
                os.fsync(out.fileno())


def _identifier_from(arrays: dict[str, Any]) -> Any:
    """py3langid's identifier of the model's arrays (as py3langid's ``load_model`` makes it)."""
    from py3langid.langid import LanguageIdentifier
    from py3langid.modelio import _to_array

    return LanguageIdentifier(arrays["ptc"], arrays["pc"], arrays["classes"].tolist(), _to_array(arrays["nextmove"]),
                              arrays["out_feat"].tolist(), norm_probs=True, tk_row=_to_array(arrays["nextmove_row"]))


@cache
def _identifier(candidates: tuple[str, ...] | None) -> Any:
    identifier = copy.copy(_model())  # set_languages replaces its arrays: the one model is shared, not changed
    if candidates is not None:
        known = set(identifier.nb_classes)
        unknown = [code for code in candidates if code not in known]
        if unknown:
            raise ParameterError(
                f"language candidates {unknown} are not ISO 639-1 codes py3langid knows; "
                f"use some of {sorted(known)}"
            )
        identifier.set_languages(list(candidates))
    return identifier


def detect_language(text: str, candidates: Sequence[str] | None = KIT_LANGUAGES) -> str:
    """Return the ISO 639-1 code of ``text``'s language, or ``'und'`` if it has no letters.

    ``candidates`` limits the choice (default: the kit's languages); ``None`` allows all.
    """
    if not any(ch.isalpha() for ch in text):
        return UNDETERMINED
    key = None if candidates is None else tuple(candidates)
    code, _prob = _identifier(key).classify(text)
    return str(code)


def detect_languages(texts: Iterable[str], candidates: Sequence[str] | None = KIT_LANGUAGES) -> list[str]:
    """Detect the language of each text (see :func:`detect_language`).

    >>> detect_languages(["Peace talks", "Мирные переговоры"])
    ['en', 'ru']
    """
    return [detect_language(text, candidates) for text in texts]


# -- language names and codes ------------------------------------------------------------------

# ISO 639-1 code, then the other names a corpus may give it by: ISO 639-2/B and /T (639-3)
# codes, the English name, and the name in the language itself (news archives write
# "English", "RUSSIAN", "Ukrainian"; web scrapes "ru-RU", "uk_UA"; library catalogues "rus").
_LANGUAGE_NAMES = """
en eng english
ru rus russian русский
uk ukr ukrainian українська
be bel belarusian беларуская
bg bul bulgarian български
sr srp serbian српски srpski
hr hrv croatian hrvatski
bs bos bosnian bosanski
sl slv slovenian slovene slovenščina
mk mac mkd macedonian македонски
pl pol polish polski
cs cze ces czech čeština
sk slo slk slovak slovenčina
hu hun hungarian magyar
ro rum ron romanian română
de ger deu german deutsch
fr fre fra french français
es spa spanish español
it ita italian italiano
pt por portuguese português
nl dut nld dutch nederlands
sv swe swedish svenska
no nor norwegian norsk
da dan danish dansk
fi fin finnish suomi
et est estonian eesti
lv lav latvian latviešu
lt lit lithuanian lietuvių
el gre ell greek ελληνικά
tr tur turkish türkçe
ka geo kat georgian ქართული
hy arm hye armenian հայերեն
az aze azerbaijani azərbaycan
kk kaz kazakh қазақ
uz uzb uzbek oʻzbek
ky kir kyrgyz кыргызча
tg tgk tajik тоҷикӣ
mn mon mongolian монгол
ar ara arabic العربية
he heb hebrew עברית
fa per fas persian farsi فارسی
hi hin hindi हिन्दी
ur urd urdu اردو
zh chi zho chinese 中文
ja jpn japanese 日本語
ko kor korean 한국어
"""
_CODES: dict[str, str] = {
    name: fields[0] for fields in (line.split() for line in _LANGUAGE_NAMES.strip().splitlines()) for name in fields
}


def normalise_language(value: object) -> str | None:
    """The ISO 639-1 code a corpus's language value stands for, or ``None`` if it names none.

    Codes of any case with a region (``"ru-RU"``, ``"uk_UA"``), ISO 639-2/3 codes (``"rus"``)
    and names in English or in the language itself (``"Russian"``, ``"українська"``) are read;
    a two-letter code that py3langid knows is kept as it is.

    >>> [normalise_language(v) for v in ["RU", "uk_UA", "rus", "Russian", "Українська", "xx", None]]
    ['ru', 'uk', 'ru', 'ru', 'uk', None, None]
    """
    if value is None or (isinstance(value, float) and value != value):
        return None
    key = str(value).strip().lower()
    if key in _CODES:
        return _CODES[key]
    base = re.split(r"[-_ (]", key, maxsplit=1)[0]
    if base in _CODES:
        return _CODES[base]
    if len(base) == 2 and base.isascii() and base.isalpha() and base in _identifier(None).nb_classes:
        return base
    return None


# -- documents -----------------------------------------------------------------------------------

SAMPLE_CHARS = 600
"""Characters of a document that :func:`document_language` reads (in :data:`SAMPLE_WINDOWS` pieces)."""
SAMPLE_WINDOWS = 4

_CYRILLIC = re.compile(r"[\u0400-\u052f\u1c80-\u1c8f\u2de0-\u2dff\ua640-\ua69f]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f\u1e00-\u1eff]")
_KIT_SCRIPTS = {"en": "latin", "ru": "cyrillic", "uk": "cyrillic"}
_LETTER = re.compile(r"[^\W\d_]")  # a letter (or a numeric sign such as ½): str.isalpha at C speed


def _letters(text: str) -> int:
    """How many letters ``text`` has."""
    return len(_LETTER.findall(text))


_ASCII_LETTERS = bytes(range(ord("A"), ord("Z") + 1)) + bytes(range(ord("a"), ord("z") + 1))
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


def _script(text: str) -> str:
    """``"latin"``, ``"cyrillic"`` or ``"other"``: the script of most of ``text``'s letters.

    The ASCII letters (Latin letters all) are counted at C speed (``bytes.translate``); the three
    patterns count only the other characters.
    """
    if text.isascii():
        return "latin"
    ascii_part = text.encode("ascii", "ignore")
    ascii_letters = len(ascii_part) - len(ascii_part.translate(None, _ASCII_LETTERS))
    rest = "".join(_NON_ASCII.findall(text))
    letters = ascii_letters + _letters(rest)
    cyrillic, latin = len(_CYRILLIC.findall(rest)), ascii_letters + len(_LATIN.findall(rest))
    if cyrillic + latin < letters / 2:
        return "other"
    return "cyrillic" if cyrillic > latin else "latin"


_ASCII = bytes(range(128))
# a letter outside the Latin letters of _LATIN (read among a text's non-ASCII characters only)
_OTHER_LETTER = re.compile(r"(?![\u00c0-\u024f\u1e00-\u1eff])[^\W\d_]")


def _latin_only(text: str) -> bool:
    """Whether every letter of ``text`` is a Latin one and no character is Cyrillic, so that
    :func:`_script` calls every piece of it with a letter ``"latin"`` (its Latin letters are all
    its letters, its Cyrillic characters none). Most English news is so, curly quotes, dashes
    and accents and all. The non-ASCII characters are picked out at C speed (the UTF-8 bytes
    less the ASCII ones) and only they are searched.

    >>> _latin_only("Talks in Zürich — “soon”."), _latin_only("Talks in Київ."), _latin_only("½ of Ωmega")
    (True, False, False)
    """
    if text.isascii():
        return True
    rest = text.encode("utf-8", "surrogatepass").translate(None, _ASCII).decode("utf-8", "surrogatepass")
    return _CYRILLIC.search(rest) is None and _OTHER_LETTER.search(rest) is None


def _windows(text: str, size: int = SAMPLE_CHARS, windows: int = SAMPLE_WINDOWS) -> list[str]:
    """``[text]``, or, for a text over ``size`` characters, ``windows`` pieces of it spread from
    start to end, ``size`` characters in all, each cut at spaces so that no word is broken."""
    return [text[start:end] for start, end in _window_bounds(text, size, windows)]


def _window_bounds(text: str, size: int = SAMPLE_CHARS, windows: int = SAMPLE_WINDOWS) -> Iterator[tuple[int, int]]:
    """Where the pieces of :func:`_windows` begin and end in ``text``, one at a time (a search
    that stops at the first piece with a letter looks at no more of them)."""
    if len(text) <= size:
        yield 0, len(text)
        return
    width = size // windows
    for k in range(windows):
        start = (len(text) - width) * k // (windows - 1)
        start = text.find(" ", start) + 1 if k else 0
        end = text.rfind(" ", start, start + width)
        yield start, end if end > start else start + width


def _window_with_letter(text: str) -> bool:
    """Whether a piece of :func:`_windows` has a letter: each is searched in place, without cutting
    it out, and the next only if it has none (the first most often has one).

    >>> _window_with_letter("Talks " + "12 " * 300), _window_with_letter("12 " * 300), _window_with_letter("")
    (True, False, False)
    """
    # most texts start with a letter, which the first piece (from the text's start, 1+ characters) holds
    return _LETTER.match(text) is not None or any(_LETTER.search(text, start, end) for start, end in _window_bounds(text))


@cache
def _by_script(candidates: tuple[str, ...]) -> dict[str, list[str]] | None:
    """The ``candidates`` of each script (``"latin"``, ``"cyrillic"``), or ``None`` when one of them
    is not a kit language (its script is not known here)."""
    if not all(code in _KIT_SCRIPTS for code in candidates):
        return None
    return {script: [code for code in candidates if _KIT_SCRIPTS[code] == script] for script in ("latin", "cyrillic")}


def _text_language(text: str, candidates: Sequence[str] | None) -> str:
    """:func:`detect_language` with the script as a first filter: among the kit's languages a
    text in Latin script is English and one in Cyrillic is Russian or Ukrainian (so an English
    text is never given a Cyrillic language's lexicons, and needs no classifier at all); a text
    in neither script is classified among all languages."""
    if not _LETTER.search(text):
        return UNDETERMINED
    if candidates is None:
        return detect_language(text, None)
    script = _script(text)
    if script == "other":
        return detect_language(text, None)
    groups = _by_script(tuple(candidates))
    if groups is not None:
        same = groups[script]
        if len(same) == 1:
            return same[0]
        if same:
            return detect_language(text, same)
    return detect_language(text, candidates)


def document_language(text: str, candidates: Sequence[str] | None = KIT_LANGUAGES) -> str:
    """The language of a whole document, read from a bounded sample so that a long document
    costs no more than a short one: a text of up to :data:`SAMPLE_CHARS` characters is
    classified whole; a longer one as :data:`SAMPLE_WINDOWS` pieces spread from its start to its
    end (:data:`SAMPLE_CHARS` characters in all), and gets the language of most of their letters.
    A document in two languages thus gets the language of most of its text (see
    :func:`sentence_languages` for each sentence's). A text whose letters are mostly neither
    Latin nor Cyrillic (Arabic, Chinese, Greek, ...) is classified among all of py3langid's
    languages: among the kit's own it would be a meaningless guess.

    >>> document_language("Переговоры возобновились. " * 200)
    'ru'
    >>> document_language("Переговори відновилися, — заявив він. " * 3)
    'uk'
    >>> document_language("Οι συνομιλίες συνεχίστηκαν στην Κωνσταντινούπολη.")
    'el'
    """
    groups = _by_script(tuple(candidates)) if candidates is not None else None
    if groups is not None and len(groups["latin"]) == 1 and _latin_only(text):
        # every piece is in Latin script: each with a letter is the one Latin candidate's, as is the whole
        return groups["latin"][0] if _window_with_letter(text) else UNDETERMINED
    pieces = _windows(text)
    if len(pieces) == 1:
        return _text_language(text, candidates)
    langs = [_text_language(piece, candidates) for piece in pieces]
    if len(set(langs) - {UNDETERMINED}) == 1:  # the pieces agree: no letters to count
        return next(lang for lang in langs if lang != UNDETERMINED)
    letters: dict[str, int] = {}
    for piece, lang in zip(pieces, langs):
        letters[lang] = letters.get(lang, 0) + _letters(piece)
    known = {lang: n for lang, n in letters.items() if lang != UNDETERMINED}
    return max(known, key=lambda lang: known[lang]) if known else UNDETERMINED


def _detected(texts: list[str], candidates: Sequence[str] | None) -> list[str]:
    """:func:`document_language` of each text (``None``: an empty text). Where the candidates have one
    Latin-script language, an ASCII text that starts with a letter is that language at once, as
    document_language finds (:func:`_latin_only` holds, the first sample window has a letter),
    without its three calls (most English news; some 0.2 us a text)."""
    groups = _by_script(tuple(candidates)) if candidates is not None else None
    if groups is None or len(groups["latin"]) != 1:
        return [document_language(text or "", candidates) for text in texts]
    latin, starts_with_letter = groups["latin"][0], _LETTER.match
    return [latin if text and text.isascii() and starts_with_letter(text) else document_language(text or "", candidates)
            for text in texts]


LANGUAGE_SOURCES = ("column", "detected")


def language_column(texts: Iterable[str], given: Iterable[object] | None = None,
                    candidates: Sequence[str] | None = KIT_LANGUAGES) -> pd.DataFrame:
    """The ``language`` of each document with its ``language_source``: the ``given`` value
    (a corpus's language column) read by :func:`normalise_language` (source ``"column"``), or,
    where there is none or it names no language, :func:`document_language` of the text (source
    ``"detected"``; ``'und'`` for a text with no letters).

    >>> language_column(["Talks resumed.", "Переговоры возобновились.", "Переговори відновилися."],
    ...                 given=["RU", "", "Ukrainian"]).values.tolist()
    [['ru', 'column'], ['ru', 'detected'], ['uk', 'column']]
    """
    texts = list(texts)
    if given is None:  # (every text's language detected: no value to read for each)
        return pd.DataFrame({"language": _detected(texts, candidates), "language_source": ["detected"] * len(texts)},
                            dtype=object)
    values = list(given)
    if len(values) != len(texts):
        raise ParameterError(f"`given` has {len(values)} values for {len(texts)} texts; give one per text")
    codes, sources = [], []
    for text, value in zip(texts, values):
        code = normalise_language(value)
        codes.append(code or document_language(text or "", candidates))
        sources.append("column" if code else "detected")
    return pd.DataFrame({"language": codes, "language_source": sources}, dtype=object)


# -- sentences -----------------------------------------------------------------------------------

MIN_LETTERS = 20
"""A sentence with fewer letters than this is too short to tell Russian from Ukrainian (or
English from Latin-script noise): written in the script of its document's language, it takes
that language (see :func:`sentence_languages`)."""


SWITCH_PROBABILITY = 0.9
"""How sure py3langid must be (its normalised probability) to give a sentence another language
than its document's in the same script; a Ukrainian sentence of a few words often scores
Russian at about 0.5, a real Russian quotation at over 0.95."""


def sentence_languages(text: str, candidates: Sequence[str] | None = KIT_LANGUAGES,
                       min_letters: int = MIN_LETTERS) -> list[tuple[int, int, str]]:
    """``(start, end, language)`` of each sentence of ``text`` (:func:`framing.text.sentence_spans`;
    the i-th is the match table's ``sent_id`` i), with a prior for its document's language
    (:func:`document_language`): a sentence in another script is detected on its own; one in the
    document's script keeps the document's language when it is short (under ``min_letters``
    letters: "Так." in a Ukrainian text is Ukrainian) or when py3langid is not sure of another
    (:data:`SWITCH_PROBABILITY`): Russian and Ukrainian share most short words.

    >>> text = "Переговори тривають у Стамбулі. Так. Both sides said the talks were useful."
    >>> [lang for _, _, lang in sentence_languages(text)]
    ['uk', 'uk', 'en']
    """
    from .text import sentence_spans

    doc = document_language(text, candidates)
    doc_script = _KIT_SCRIPTS.get(doc, "other")
    key = None if candidates is None else tuple(candidates)
    if candidates is not None and all(code in _KIT_SCRIPTS for code in candidates):
        key = tuple(code for code in candidates if _KIT_SCRIPTS[code] == doc_script) or key  # same script only
    out = []
    for start, end in sentence_spans(text):
        sentence = text[start:end]
        letters = _letters(sentence)
        if letters == 0:
            out.append((start, end, UNDETERMINED))
        elif _script(sentence) != doc_script:  # another script: another language, whatever its length
            out.append((start, end, _text_language(sentence, candidates)))
        elif letters < min_letters or (key is not None and len(key) == 1):
            out.append((start, end, doc))
        else:
            code, prob = _identifier(key).classify(sentence)
            out.append((start, end, str(code) if prob >= SWITCH_PROBABILITY else doc))
    return out


def language_shares(text: str, candidates: Sequence[str] | None = KIT_LANGUAGES) -> dict[str, float]:
    """Share of ``text``'s letters in each language, by :func:`sentence_languages` (largest first).

    >>> language_shares("Переговори тривають у Стамбулі. Both sides said the talks were useful.")
    {'en': 0.53, 'uk': 0.47}
    """
    letters: dict[str, int] = {}
    for start, end, lang in sentence_languages(text, candidates):
        n = _letters(text[start:end])
        if n:
            letters[lang] = letters.get(lang, 0) + n
    total = sum(letters.values())
    return {lang: round(n / total, 2) for lang, n in sorted(letters.items(), key=lambda kv: (-kv[1], kv[0]))}
