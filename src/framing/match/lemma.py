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


def _lemmatise(word: str, language: str) -> str:
    import simplemma  # imported on first use: `import framing` stays quick

    clean = word.translate(_NO_INVISIBLE).translate(_APOSTROPHES)
    ask = clean
    if clean[1:2].islower() and clean[:1].isupper() and not simplemma.is_known(clean, lang=language):
        # A capitalised word simplemma's dictionary does not hold (nor its lower-case form): its rules
        # then leave it as it is («Стамбульських»), where they lemmatise the lower-case word
        # («стамбульських» -> «стамбульський»): a sentence's first word, or a capitalised adjective,
        # gets the lemma it has elsewhere. Words the dictionary holds keep theirs («Германия», «Киев»).
        ask = clean.lower()
    lemma = str(simplemma.lemmatize(ask, lang=language)).lower().translate(YO) or clean.lower().translate(YO)
    return lemma[:1].upper() + lemma[1:] if clean[:1].isupper() else lemma


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
