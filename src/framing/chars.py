"""Character classes of every code point, and whole batches of texts as arrays of code points.

The matcher and the token counts work on many documents at once: the texts of a batch are
joined (with ``"\\x00"``, a character that belongs to no word, so nothing spans two documents)
and turned into one numpy array of code points; every per-character question ("is this a word
character?", "what does it match as?") is then one table lookup for the whole batch.

Two tables, built once per process from Python's own definitions so that they agree with
:data:`framing.text.WORD_RE` and with ``str.lower``:

* :func:`char_class`: bit 1 = word character (``\\w``), bit 2 = a joiner inside words (``-'’``),
  bit 4 = a clause break, bit 8 = an :data:`INVISIBLE` character (zero-width characters and the
  soft hyphen: ignored, so "may\u200bbe" is the one word "maybe" and "cease\u00adfire" is
  "ceasefire", while every offset still counts them);
* :func:`folded`: the character each code point matches as (lower case; curly apostrophes as
  ``'``; every white space as a space; unicode hyphens as ``-``).

>>> batch = encode(["He'd go.", "Cease-fire"])
>>> batch.offsets.tolist(), token_counts(batch).tolist()
([0, 9, 20], [2, 1])
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache

import numpy as np

N_CODES = 0x110000
WORD, JOINER, CLAUSE, IGNORED = 1, 2, 4, 8
# Characters that are not there for words, matching and token counts (offsets still count them):
# soft hyphen, zero-width space, non-joiner and joiner, word joiner, zero-width no-break space (BOM).
INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
# Characters that end a clause for negation scope (a negator beyond one does not reach the hit).
# Quote marks do not: "not to “cede”", "a “no” to ceding land".
CLAUSE_CHARS = ".;:!?,()[]—–"
SEPARATOR = "\x00"
APOSTROPHES = "'’‘`ʼ"
WHITESPACE = "".join(c for c in map(chr, range(0x3001)) if c.isspace())  # all of str.isspace (and re's \s)
JOINERS = "-'’"  # one of these between two word characters joins them into one word
# What normalising does besides lower case: curly apostrophes, white space, unicode hyphens, final sigma.
_REPLACE = ([(c, "'") for c in APOSTROPHES[1:]] + [(c, " ") for c in WHITESPACE if c != " "]
            + [("\u2010", "-"), ("\u2011", "-"), ("ς", "σ"), ("Σ", "σ")])


def _translation(pairs: list[tuple[str, str]]) -> list[int]:
    """A str.translate table of one character for one: a list of every code point up to the last
    one replaced (translate keeps a character beyond it), not a dict, in which a character that is
    not replaced is a KeyError raised and caught inside translate (about half the time of normalise)."""
    table = list(range(max(ord(c) for c, _ in pairs) + 1))
    for char, replacement in pairs:
        table[ord(char)] = ord(replacement)
    return table


_REPLACE_TABLE = _translation(_REPLACE)  # one character for one: a single translate


def _all_characters() -> str:
    return np.arange(N_CODES, dtype=np.uint32).tobytes().decode("utf-32-le", "surrogatepass")


@lru_cache(maxsize=1)
def char_class() -> np.ndarray:
    """``uint8`` per code point: :data:`WORD` if ``re``'s ``\\w`` matches it, :data:`JOINER` for ``-'’``,
    :data:`CLAUSE` for the :data:`CLAUSE_CHARS`, :data:`IGNORED` for the :data:`INVISIBLE` ones.

    >>> int(char_class()[ord("é")]), int(char_class()[ord("-")]), int(char_class()[ord(" ")])
    (1, 2, 0)
    """
    table = np.zeros(N_CODES, dtype=np.uint8)
    for m in re.finditer(r"\w+", _all_characters()):
        table[m.start():m.end()] = WORD
    for ch in JOINERS:
        table[ord(ch)] |= JOINER
    for ch in CLAUSE_CHARS:
        table[ord(ch)] |= CLAUSE
    for ch in INVISIBLE:
        table[ord(ch)] = IGNORED
    table.flags.writeable = False
    return table


@lru_cache(maxsize=1)
def folded() -> np.ndarray:
    """``uint32`` per code point: the code point it matches as (see :func:`fold`).

    >>> chr(folded()[ord("’")]), chr(folded()[ord("Q")]), chr(folded()[ord("\\n")])
    ("'", 'q', ' ')
    """
    # One lower() of every code point at once, then the replacements (whose targets lower case
    # keeps): :func:`normalise` of each character, as a translate of all of them costs some 0.05 s.
    # ("İ" is the one character whose lower case is longer: its first character is "i"; Σ, whose
    # lower case depends on its neighbours, is replaced.)
    chars = _all_characters()
    low = chars.replace("\u0130", "i").lower()
    if len(low) != N_CODES:  # another character's lower case is longer: normalise keeps lengths
        low = "".join(normalise(chars[lo:lo + 65536]) for lo in range(0, N_CODES, 65536))
    out = codes_of(low).copy()
    for char, replacement in _REPLACE:
        out[ord(char)] = ord(replacement)
    out.flags.writeable = False
    return out


def normalise(text: str) -> str:
    """``text`` as the matcher sees it, character for character (same length; the rule of :func:`folded`).

    >>> normalise("He’d\\nAccept İt")
    "he'd accept it"
    """
    text = text.translate(_REPLACE_TABLE)
    low = text.lower()
    if len(low) != len(text):  # a character whose lower case is longer ("İ"): keep its first
        low = "".join(c.lower()[:1] for c in text)
    return low


def delete_sorted(values: np.ndarray, at: np.ndarray) -> np.ndarray:
    """``np.delete(values, at)`` for sorted positions ``at``: a few are cut out as slices (no mask
    of the whole array to build and apply).

    >>> delete_sorted(np.arange(6), np.array([0, 3, 5])).tolist()
    [1, 2, 4]
    """
    if len(at) > _FEW_DELETED:
        return np.delete(values, at)
    bounds = [-1, *at.tolist(), len(values)]
    return np.concatenate([values[lo + 1:hi] for lo, hi in zip(bounds, bounds[1:])])


_FEW_DELETED = 256


def codes_of(text: str) -> np.ndarray:
    """The code points of ``text`` (``uint32``; lone surrogates pass through)."""
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


def narrow_codes_of(text: str) -> np.ndarray:
    """:func:`codes_of`, as ``uint16`` where every code point is below 0x10000 (news text: half the
    bytes to write and read, and UTF-16 encodes in half the time of UTF-32).

    >>> narrow_codes_of("a’b").dtype, narrow_codes_of("a\U0001F600").tolist()
    (dtype('uint16'), [97, 128512])
    """
    units = text.encode("utf-16-le", "surrogatepass")
    if len(units) == 2 * len(text):  # one unit per character: none beyond 0xFFFF (lone surrogates are one each)
        return np.frombuffer(units, dtype=np.uint16)
    return codes_of(text)


@dataclass(frozen=True)
class Batch:
    """Texts joined by :data:`SEPARATOR`: document ``i`` is ``codes[offsets[i]:offsets[i + 1] - 1]``
    (code points, ``uint16`` where all are below 0x10000: :func:`narrow_codes_of`).

    A *window* batch holds one long text and only its characters ``window[0]`` to ``window[1]``
    (see :func:`encode`): character ``j`` of the text is ``codes[offsets[0] + j]``, so offsets in
    the document still index ``texts[0]`` (``offsets[0]`` is ``-window[0]``).
    """

    texts: list[str]
    codes: np.ndarray
    offsets: np.ndarray
    window: tuple[int, int] | None = None

    @cached_property
    def classes(self) -> np.ndarray:
        """The :func:`char_class` of every character."""
        return char_class().take(self.codes)

    @cached_property
    def hidden(self) -> np.ndarray:
        """Sorted positions of the :data:`INVISIBLE` characters (few: the visible ones are every other,
        and no index of every character is made)."""
        return np.flatnonzero((self.classes & IGNORED).astype(bool))  # (nonzero of a bool array: some 5 times quicker)

    def squeezed(self, positions: np.ndarray) -> np.ndarray:
        """``positions`` (in ``0..len(codes)``) as positions among the visible characters:
        how many visible characters stand before each."""
        hidden = self.hidden
        return positions - np.searchsorted(hidden, positions) if len(hidden) else positions

    def unsqueezed(self, positions: np.ndarray) -> np.ndarray:
        """Positions among the visible characters (sorted) as positions in ``codes``.

        >>> encode(["a\u00adb c"]).unsqueezed(np.array([0, 1, 3])).tolist()
        [0, 2, 4]
        """
        hidden = self.hidden
        if not len(hidden):
            return positions
        return positions + np.searchsorted(hidden - np.arange(len(hidden)), positions, side="right")

    @cached_property
    def visible_classes(self) -> np.ndarray:
        """The :func:`char_class` of the visible characters, in order (invisible ones left out)."""
        return delete_sorted(self.classes, self.hidden) if len(self.hidden) else self.classes

    @cached_property
    def visible_token_starts(self) -> np.ndarray:
        """Where a token begins, as positions among the visible characters."""
        return np.flatnonzero(_token_start_mask(self.visible_classes))

    @cached_property
    def token_starts(self) -> np.ndarray:
        """Sorted positions where a token of :data:`framing.text.WORD_RE` begins."""
        return self.unsqueezed(self.visible_token_starts)

    def dropped(self, space: np.ndarray) -> np.ndarray:
        """Sorted positions the matcher leaves out of its stream: every invisible character, and a
        space (``space`` marks them) that follows a space once those are gone, so that a run of
        spaces matches as one.

        >>> b = encode(["a \u200b b"])
        >>> b.dropped(b.codes == ord(" ")).tolist()
        [2, 3]
        """
        hidden = self.hidden
        run = delete_sorted(space, hidden) if len(hidden) else space
        out = self.unsqueezed(np.flatnonzero(run[1:] & run[:-1]) + 1)
        return np.union1d(hidden, out) if len(hidden) else out


def encode(texts: list[str], window: tuple[int, int] | None = None) -> Batch:
    """Join ``texts`` into one :class:`Batch` of code points; with ``window=(lo, hi)``, the one
    text's characters ``lo`` to ``hi`` only (memory bounded by the window, not the text).

    >>> b = encode(["Talks. More talks."], (6, 18))
    >>> b.offsets.tolist(), token_counts(b).tolist()
    ([-6, 13], [2])
    """
    if window is not None:
        lo, hi = window
        return Batch(texts, narrow_codes_of(texts[0][lo:hi] + SEPARATOR), np.array([-lo, hi - lo + 1], dtype=np.int64),
                     window)
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
    offsets = np.zeros(len(texts) + 1, dtype=np.int64)
    np.cumsum(lengths + 1, out=offsets[1:])
    # (a separator after the last text too: joined with an empty one, not appended to a copy of the batch)
    return Batch(texts, narrow_codes_of(SEPARATOR.join([*texts, ""])), offsets)


def _token_start_mask(cls: np.ndarray) -> np.ndarray:
    """Where a token begins: a word character after a non-word one, unless a single joiner
    between two word characters links it to the word before ("cease-fire", "he'd")."""
    word = (cls & WORD).astype(bool)
    start = word.copy()
    start[1:] &= ~word[:-1]
    if len(cls) > 2:
        start[2:] &= ~((cls[1:-1] & JOINER).astype(bool) & word[:-2])
    return start


def token_counts(batch: Batch) -> np.ndarray:
    """Tokens per document: ``len(WORD_RE.findall(text))`` for each text of the batch."""
    return np.diff(np.searchsorted(batch.visible_token_starts, batch.squeezed(batch.offsets)))


def span_token_counts(batch: Batch, doc: np.ndarray, start: np.ndarray, end: np.ndarray) -> np.ndarray:
    """Tokens in spans of documents: ``len(WORD_RE.findall(texts[d], s, e))`` for each (d, s, e).

    Counts the token starts inside the span and, as ``findall`` does, a token cut by the span's
    start (a span that begins inside a word, or on the joiner of "cease-fire"). All of it among
    the visible characters: :data:`framing.text.WORD_RE` reads a text as if its invisible
    characters were not there.
    """
    lo, hi = batch.squeezed(batch.offsets[doc] + start), batch.squeezed(batch.offsets[doc] + end)
    starts = batch.visible_token_starts
    n = np.searchsorted(starts, hi) - np.searchsorted(starts, lo)
    cls = batch.visible_classes
    word = (cls & WORD).astype(bool)
    at = np.minimum(lo, len(cls) - 1)
    i = np.searchsorted(starts, at)
    is_start = (i < len(starts)) & (starts[np.minimum(i, len(starts) - 1)] == at) if len(starts) else at < 0
    cut_word = word[at] & ~is_start
    cut_joiner = ((cls[at] & JOINER).astype(bool) & word[np.maximum(at - 1, 0)] & word[np.minimum(at + 1, len(cls) - 1)]
                  & (at + 1 < hi))
    n = n + cut_word + cut_joiner
    return np.where(hi > lo, n, 0)


def word_characters(codes: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(visible, word, hidden)``: the code points less the :data:`INVISIBLE` ones, which of them
    are word characters (the letters of :data:`framing.text.WORD_RE`'s words), and where in
    ``codes`` the invisible ones were (sorted; to move a place in ``codes`` to its place in
    ``visible``, subtract how many of them stand before it). The classes are looked up once.

    >>> visible, word, hidden = word_characters(codes_of("a\u00adb c"))
    >>> visible.tobytes().decode("utf-32-le"), word.tolist(), hidden.tolist()
    ('ab c', [True, True, False, True], [1])
    """
    cls = char_class().take(codes)
    hidden = np.flatnonzero((cls & IGNORED).astype(bool))
    if len(hidden):
        shown = np.ones(len(codes), dtype=bool)
        shown[hidden] = False
        codes, cls = codes[shown], cls[shown]
    return codes, (cls & WORD) != 0, hidden


def word_runs(word: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``(starts, ends)`` of the runs of ``True`` in the boolean array ``word``.

    >>> [a.tolist() for a in word_runs(np.array([True, True, False, True]))]
    [[0, 3], [2, 4]]
    """
    edges = np.diff(np.concatenate(([0], word.view(np.int8), [0])))
    return np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)


def letter_runs(codes: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The runs of word characters in ``codes`` (the letters of :data:`framing.text.WORD_RE`'s
    words, split at joiners), read as the text layer reads them: without invisible characters.

    Returns ``(visible, starts, ends)``: the code points less the :data:`INVISIBLE` ones, and the
    runs as ``visible[starts[k]:ends[k]]``.

    >>> visible, starts, ends = letter_runs(codes_of("Cease\u00adfire, he'd"))
    >>> [visible[s:e].tobytes().decode("utf-32-le") for s, e in zip(starts, ends)]
    ['Ceasefire', 'he', 'd']
    """
    visible, word, _ = word_characters(codes)
    return (visible, *word_runs(word))
