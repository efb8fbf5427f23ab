"""Views of a text for matching: the text itself, or its words replaced by their lemmas.

A lexicon with ``match: lemma`` (Russian, Ukrainian) is matched on the *lemma view* of each
document: every word of :data:`framing.text.WORD_RE` is replaced by its lemma (simplemma, MIT,
offline), lower case, ``ё`` as ``е``, its first letter a capital if the word's was (so that
sentences still begin with one); everything between words (spaces, punctuation, line breaks)
stays as it is. The whole matcher (keys, exclusions, context rules, negation windows, clause
breaks, sentences) then runs unchanged on the view, and every offset is mapped back to the
original text with :class:`OffsetMap`: a hit that starts or ends at a word's edge in the view
starts or ends at that word's edge in the text, so ``text[start:end]`` is exactly the inflected
words. A lexicon's terms, exclusion phrases, near phrases and negators are lemmatised the same
way (:func:`phrase_key`), so a term written in any form ("поступки") matches every form of
its lemma; a word with a trailing ``*`` is a prefix of a lemma and is not lemmatised.

Where simplemma's dictionary is inconsistent or silent, two explicit rules make one lemma per
adjective: a word the dictionary does not hold that ends as an adjective («Луганскую»,
«херсонского») is normalised by its ending (:func:`_adjective_lemma`), and a dictionary lemma that
is a feminine form or a participle («російську» -> «російська», «оккупированные» ->
«оккупированный») becomes the lemma the dictionary gives the masculine («російський»,
«оккупировать»; :func:`_masculine`).

A word-matching lexicon of Russian or Ukrainian (``match: word``) sees the text with ``ё`` as
``е`` (same length: offsets unchanged); any other lexicon sees the text itself.

>>> view, where = lemma_view("Киев не уступит территорию.", "ru")
>>> view
'Киев не уступить территория.'
>>> where.to_original([8, 17], [16, 27])
(array([ 8, 16]), array([15, 26]))
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from ..chars import INVISIBLE, JOINERS, SEPARATOR
from ..lexicons.format import LEMMA_LANGUAGES
from ..text import WORD_RE

YO = str.maketrans("ёЁ", "еЕ")
_NO_INVISIBLE = str.maketrans(dict.fromkeys(INVISIBLE))
_APOSTROPHES = str.maketrans("’ʼ‘`", "''''")  # simplemma's dictionaries write the straight one
_CACHE_LIMIT = 1 << 20  # distinct word forms remembered per language before the cache starts again
_lemmas: dict[str, dict[str, str]] = {}
# Per language, whether simplemma's dictionary is read with its memory-frugal backend (fixed at the
# language's first word in this process; see frugal_dictionaries).
_low_memory: dict[str, bool] = {}
_frugal = [False]
_WORDS_AND_GAPS = re.compile(f"({WORD_RE.pattern})")  # split keeps the words between the gaps
# The same words in a text without invisible characters (a quicker pattern: no invisibles to skip).
_WORDS_AND_GAPS_VISIBLE = re.compile(rf"(\w+(?:[{re.escape(JOINERS)}]\w+)*)")


@dataclass(frozen=True)
class View:
    """How a lexicon sees a text: ``lemma`` (words as lemmas of ``language``) or not, and whether
    ``ё`` is read as ``е`` (Russian and Ukrainian lexicons)."""

    language: str = ""
    lemma: bool = False

    @property
    def plain(self) -> bool:
        """Whether this view is the text itself."""
        return not self.language


PLAIN = View()


def view_of(language: str, match: str) -> View:
    """The view a lexicon of ``language`` and ``match`` mode reads.

    >>> view_of("en", "word").plain, view_of("ru", "lemma")
    (True, View(language='ru', lemma=True))
    """
    if language not in LEMMA_LANGUAGES:
        return PLAIN
    return View(language, match == "lemma")


def lemma_of(word: str, language: str) -> str:
    """The lemma of one word as the lemma view writes it: lower case, ``ё`` as ``е``, the first letter
    a capital if the word's is (cached per word form).

    >>> lemma_of("Поступками", "ru"), lemma_of("територію", "uk")
    ('Поступок', 'територія')
    """
    cache = _lemmas.setdefault(language, {})
    got = cache.get(word)
    if got is None:
        got = cache[word] = _lemmatise(word, language)
        if len(cache) > _CACHE_LIMIT:
            cache.clear()
    return got


def frugal_dictionaries() -> None:
    """From now on, read the dictionary of a language this process has not lemmatised yet with
    simplemma's memory-frugal backend: the same lemmas, from the compressed stream itself (Russian
    and Ukrainian: 31 MB instead of 236, read in half the time), each new word form looked up in
    about 90 us instead of 17. For the workers of a pool (:mod:`framing.scale`), once forked: a
    language the parent read before the fork keeps its shared dictionary; one first met by several
    workers would otherwise take each the whole dictionary (Ukrainian: 57 MB more a worker)."""
    _frugal[0] = True


def _read_frugally(language: str) -> bool:
    """Whether this process reads ``language``'s dictionary frugally (decided at its first word)."""
    return _low_memory.setdefault(language, _frugal[0])


def _known(word: str, language: str) -> bool:
    """Whether simplemma's dictionary of ``language`` holds ``word`` (as it is written)."""
    import simplemma  # imported on first use: `import framing` stays quick

    return bool(simplemma.is_known(word, lang=language, low_memory=_read_frugally(language)))


def _dictionary_lemma(word: str, language: str) -> str:
    """simplemma's lemma of ``word`` (its dictionary's, else its rules'), lower case."""
    import simplemma

    return str(simplemma.lemmatize(word, lang=language, low_memory=_read_frugally(language))).lower()


def _lemmatise(word: str, language: str) -> str:
    clean = word.translate(_NO_INVISIBLE).translate(_APOSTROPHES)
    lower = clean.lower()
    known = _known(clean, language)
    if known or _known(lower, language):
        ask = clean
        if clean[1:2].islower() and clean[:1].isupper() and not known:
            # A capitalised word simplemma's dictionary holds only in lower case: the lower-case word's
            # lemma (a sentence's first word). Words the dictionary holds keep theirs («Германия», «Киев»).
            ask = lower
        lemma = _masculine(_dictionary_lemma(ask, language), language)
    else:
        # A word the dictionary does not hold: simplemma's rules then leave adjective forms as they are
        # («луганскую») or cut them wrongly («херсонского» -> «херсонскто»); an adjective ending is
        # normalised by rule instead (:func:`_adjective_lemma`), any other word goes to those rules.
        lemma = _adjective_lemma(lower, language) or _dictionary_lemma(lower, language)
    lemma = lemma.translate(YO) or lower.translate(YO)
    return lemma[:1].upper() + lemma[1:] if clean[:1].isupper() else lemma


# Adjective endings (longest first) and the stems they may follow, for words the dictionary does not
# hold. Endings that nouns share (instrumental «-ом», «-ой»; Ukrainian «-а», «-у», «-і») count only after
# a stem that ends as adjectives do (-ск-, -цк-, -н-), so «Байденом», «Ангелой», «раунду», «Захарова» are
# left to simplemma; the comparative «-ее» («менее», «ранее») is no ending here.
_CONSONANT = "бвгджзклмнпрстфхцчшщ"
_ADJECTIVE_ENDINGS: dict[str, re.Pattern[str]] = {
    "ru": re.compile(
        rf"(?P<stem>\w[\w'-]+?(?:[{_CONSONANT}](?=(?:ыми|ого|ому|его|ему|ая|яя|ую|юю|ое|ые|ых|ым|ый)$)"
        r"|[кгхжшчщ](?=(?:ими|ий|ие|их|им|ей|ем)$)|(?:[сцз]к|н)(?=ой$)|[сцз]к(?=ом$)))"
        r"(?:ыми|ими|ого|ому|его|ему|ая|яя|ую|юю|ое|ые|ие|ых|их|ым|им|ый|ий|ой|ей|ом|ем)"),
    "uk": re.compile(
        rf"(?P<stem>\w[\w'-]+?(?:[{_CONSONANT}](?=(?:ого|ому|ими|ої|их|ий)$)"
        r"|(?:[сцз]ьк|н)(?=(?:ою|ій|им|ім|а|у|е|і)$)))"
        r"(?:ого|ому|ими|ої|ою|их|ий|ій|им|ім|а|у|е|і)"),
}
# The masculine endings a stem may take, the dictionary's first: ru «-ый»/«-ий»/«-ой», uk «-ий»/«-ій».
_MASCULINE = {"ru": ("ый", "ий", "ой"), "uk": ("ий", "ій")}


def _adjective_lemma(lower: str, language: str) -> str | None:
    """The lemma of a lower-case word the dictionary does not hold, when it ends as an adjective does
    (:data:`_ADJECTIVE_ENDINGS`): the dictionary's lemma of a masculine form of its stem, if the
    dictionary holds one, else the stem with the masculine ending (ru «-ий» after к, г, х and the
    sibilants, else «-ый»; uk «-ий»). ``None`` for any other word.

    >>> _adjective_lemma("херсонского", "ru"), _adjective_lemma("замороженной", "ru"), _adjective_lemma("байденом", "ru")
    ('херсонский', 'заморозить', None)
    """
    found = _ADJECTIVE_ENDINGS[language].fullmatch(lower)
    if found is None:
        return None
    stem = found["stem"]
    for ending in _MASCULINE[language]:
        for form in (stem + ending, (stem + ending).translate(YO)):
            lemma = _dictionary_lemma(form, language) if _known(form, language) else ""
            if lemma.endswith(_ADJECTIVE_OR_VERB[language]):  # not a noun's form («меной» of «мена»)
                return lemma
    if language == "ru" and stem[-1] not in "кгхжшчщ":
        return stem + "ый"
    return stem + "ий"


# Dictionary lemmas that are an adjective form other than the one the dictionary lemmatises: the
# Ukrainian dictionary gives «російську» the lemma «російська» (and «російська» the lemma «російський»),
# the capitalised «Житомирській», «Запорізькому» the lemmas «житомирська», «запорізьке»; the Russian one
# gives «оккупированные» the lemma «оккупированный» and «оккупированный» the lemma «оккупировать» (a
# participle's verb). Such a lemma is replaced by the dictionary's lemma of its masculine form
# (:func:`_masculine`). A feminine or neuter lemma counts only after a stem that ends as adjectives do
# (-ск-, -цк-, -зк-, -н-), so nouns whose stem makes an adjective («рада» / «радий») keep their lemma;
# a masculine one only when the dictionary gives it a verb (a participle), so «скорейший», «контрольный»
# keep theirs.
_FEMININE = {"ru": re.compile(r"(?P<stem>\w[\w'-]+?(?:[сцз]к|н))(?:ая|(?<=[сцз]к)ое)"),
             "uk": re.compile(r"(?P<stem>\w[\w'-]+?(?:[сцз]ьк|н))(?:а|(?<=[сцз]ьк)е)")}
_PARTICIPLE = {"ru": re.compile(r"\w[\w'-]+(?:ый|ий)"), "uk": re.compile(r"\w[\w'-]+ий")}
_VERB = {"ru": ("ть", "ться", "чь", "чься"), "uk": ("ти", "тися", "ть", "тись")}
# How the lemma of a masculine adjective ends: itself, or the verb of a participle («заморозить»).
_ADJECTIVE_OR_VERB = {language: _MASCULINE[language] + _VERB[language] for language in _MASCULINE}


def _masculine(lemma: str, language: str) -> str:
    """``lemma`` (lower case, from the dictionary), or the dictionary's lemma of its masculine form
    when ``lemma`` is a feminine or neuter adjective form (:data:`_FEMININE`), or the verb the
    dictionary gives a masculine participle (:data:`_PARTICIPLE`).

    >>> _masculine("російська", "uk"), _masculine("рада", "uk"), _masculine("оккупированный", "ru")
    ('російський', 'рада', 'оккупировать')
    """
    if _PARTICIPLE[language].fullmatch(lemma) and _known(lemma, language):
        verb = _dictionary_lemma(lemma, language)
        return verb if verb.endswith(_VERB[language]) else lemma
    found = _FEMININE[language].fullmatch(lemma)
    if found is None:
        return lemma
    for ending in _MASCULINE[language]:
        form = found["stem"] + ending
        if _known(form, language):
            masculine = _dictionary_lemma(form, language)
            return masculine if _FEMININE[language].fullmatch(masculine) is None else lemma
    return lemma


@dataclass(frozen=True)
class OffsetMap:
    """Where the words of a view stand in the original text: per word, its span in the view
    (``view_start``, ``view_end``) and in the text (``start``, ``end``). Between words the two run
    in step (the characters there are the same)."""

    view_start: np.ndarray
    view_end: np.ndarray
    start: np.ndarray
    end: np.ndarray

    def to_original(self, starts: np.ndarray | list[int], ends: np.ndarray | list[int]) -> tuple[np.ndarray, np.ndarray]:
        """Spans of the view (``starts``, ``ends``) as spans of the original text: a position inside a
        word whose lemma has the word's length keeps its place in the word; inside any other word, a
        start goes to the word's start and an end to the word's end."""
        s = np.asarray(starts, dtype=np.int64)
        e = np.asarray(ends, dtype=np.int64)
        return self._map(s, start=True), np.maximum(self._map(e - 1, start=False) + 1, self._map(s, start=True))

    def _map(self, pos: np.ndarray, start: bool) -> np.ndarray:
        k = np.searchsorted(self.view_start, pos, side="right") - 1
        if not len(self.view_start):
            return pos.copy()
        kk = np.maximum(k, 0)
        vs, ve, os_, oe = self.view_start[kk], self.view_end[kk], self.start[kk], self.end[kk]
        inside = (k >= 0) & (pos < ve)
        same = (ve - vs) == (oe - os_)
        in_word = np.where(same, os_ + (pos - vs), os_ if start else oe - 1)
        after = np.where(k >= 0, oe + (pos - ve), pos)  # between words: the same characters
        return np.where(inside, in_word, after)


def lemma_view(text: str, language: str) -> tuple[str, OffsetMap]:
    """The lemma view of ``text`` and the map of its words back to ``text`` (see the module doc)."""
    parts, found, lemmas = _lemmatised(text, language)
    n = len(found)
    gap_len = np.fromiter(map(len, parts[0::2]), dtype=np.int64, count=n + 1)
    word_len = np.fromiter(map(len, found), dtype=np.int64, count=n)
    parts[1::2] = lemmas
    lemma_len = np.fromiter(map(len, lemmas), dtype=np.int64, count=n)
    before = np.cumsum(gap_len[:-1])  # characters between words, up to each word
    start = before + np.cumsum(word_len) - word_len
    view_start = before + np.cumsum(lemma_len) - lemma_len
    return "".join(parts), OffsetMap(view_start, view_start + lemma_len, start, start + word_len)


def _lemmatised(text: str, language: str) -> tuple[list[str], list[str], list[str]]:
    """``text`` split into gap, word, gap, ..., word, gap; its words; and their lemmas."""
    invisible = any(c in text for c in INVISIBLE)
    parts = (_WORDS_AND_GAPS if invisible else _WORDS_AND_GAPS_VISIBLE).split(text)
    found = parts[1::2]
    cache = _lemmas.setdefault(language, {})
    return parts, found, [cache.get(w) or lemma_of(w, language) for w in found]


def view_texts(texts: list[str], view: View) -> tuple[list[str], OffsetMap | None]:
    """The texts as ``view`` sees them, and the offset map (``None``: offsets are the texts' own)
    between them joined by :data:`framing.chars.SEPARATOR`, as :func:`framing.chars.encode` joins
    them (document ``i`` starts after ``i`` separators).

    >>> views, where = view_texts(["Поступками.", "Нет поступков"], View("ru", True))
    >>> views, [a.tolist() for a in where.to_original([14], [22])]
    (['Поступок.', 'Нет поступок'], [[16], [25]])
    """
    if view.plain:
        return texts, None
    if not view.lemma:
        return [t.translate(YO) for t in texts], None
    joined, where = lemma_view(SEPARATOR.join(texts), view.language)  # the separator is no word: kept
    views = joined.split(SEPARATOR)
    if len(views) == len(texts):
        return views, where
    # A text holds the separator itself: view each alone and join the maps.
    pairs = [lemma_view(t, view.language) for t in texts]
    views = [p[0] for p in pairs]
    shift = np.cumsum([0] + [len(t) + 1 for t in texts[:-1]])
    view_shift = np.cumsum([0] + [len(v) + 1 for v in views[:-1]])
    maps = [p[1] for p in pairs]

    def joined_field(name: str, by: np.ndarray) -> np.ndarray:
        return np.concatenate([getattr(m, name) + b for m, b in zip(maps, by)] or [np.zeros(0, np.int64)])
    return views, OffsetMap(joined_field("view_start", view_shift), joined_field("view_end", view_shift),
                            joined_field("start", shift), joined_field("end", shift))


def phrase_key(phrase: str, view: View) -> str:
    """A lexicon phrase (term, exclusion, near phrase, negator) as the view's text writes it: each
    word lemmatised (a word ending in ``*`` is a lemma prefix, kept as written), ``ё`` as ``е``.

    >>> phrase_key("уступки территорий", View("ru", True)), phrase_key("территори*", View("ru", True))
    ('уступка территория', 'территори*')
    """
    if view.plain:
        return phrase
    if not view.lemma:
        return phrase.translate(YO)
    return _lemma_key(phrase, view.language)


@lru_cache(maxsize=1 << 17)  # pure; a lemma lexicon asks for the same near phrases once per term
def _lemma_key(phrase: str, language: str) -> str:
    return " ".join(w.lower().translate(YO) if w.endswith("*") else _view_string(w, language).lower()
                    for w in phrase.split())


def _view_string(text: str, language: str) -> str:
    """The text of :func:`lemma_view` alone (no offset map)."""
    parts, _, lemmas = _lemmatised(text, language)
    parts[1::2] = lemmas
    return "".join(parts)
