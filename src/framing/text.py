"""The text layer: the kit's one definition of a word, a sentence and a paragraph, with
character spans (offline: nltk Punkt, no downloads).

* **Word** (:data:`WORD_RE`): letters and digits (``re``'s ``\\w``), joined by single inner
  hyphens or apostrophes ("cease-fire", "he'd", "he’d"). Invisible characters
  (:data:`framing.chars.INVISIBLE`: soft hyphens, zero-width characters) are not there: the
  words of a text are those of the text without them, their spans are in the text itself.
  Every count of tokens (rates per 1,000 tokens), keyness, collocations, KWIC windows, negation
  windows and duplicate detection read words so; :mod:`framing.chars` is the same definition
  for whole batches at numpy speed (tests prove them equal), and the matcher's word boundaries
  come from its tables.
* **Paragraph** (:func:`paragraph_spans`): text between blank lines (a blank line holds only
  white space).
* **Sentence** (:func:`sentence_spans`): Punkt's sentences within a paragraph (:mod:`framing.punkt`).

>>> word_spans("He'd accept a cease-fire.")
[(0, 4), (5, 11), (12, 13), (14, 24)]
>>> sentence_spans("He spoke. Then he left.")
[(0, 9), (10, 23)]
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterator

from .chars import INVISIBLE, JOINERS

_INVISIBLE = f"[{INVISIBLE}]"
_DELETE_INVISIBLE = str.maketrans(dict.fromkeys(INVISIBLE))
_HAS_INVISIBLE = re.compile(_INVISIBLE).search
_LETTERS = rf"\w+(?:{_INVISIBLE}+\w+)*"
_JOINER = f"[{re.escape(JOINERS)}]"
WORD_RE = re.compile(rf"{_LETTERS}(?:{_INVISIBLE}*{_JOINER}{_INVISIBLE}*{_LETTERS})*")
# A paragraph: from a character that is not a line break, over single line breaks, up to a blank line.
PARAGRAPH_RE = re.compile(r"[^\n]+(?:\n(?!\s*\n)[^\n]*)*")
_NOT_SPACE = re.compile(r"\S")
_SPACE = re.compile(r"\s")


def pieces_at_spaces(text: str, size: int) -> Iterator[str]:
    """``text`` in pieces of about ``size`` characters, cut at whitespace (never inside a word), so
    that a long text can be hashed or shingled piece by piece in bounded memory.

    >>> list(pieces_at_spaces("cease fire now", 3))
    ['cease', ' fire', ' now']
    """
    start = 0
    while start < len(text):
        space = _SPACE.search(text, start + size) if start + size < len(text) else None
        end = space.start() if space else len(text)
        yield text[start:end]
        start = end


def without_invisible(text: str) -> str:
    """``text`` without its invisible characters (soft hyphens, zero-width characters).

    >>> without_invisible("cease\\u00adfire")
    'ceasefire'
    """
    return text.translate(_DELETE_INVISIBLE)


def word_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the words in ``text``."""
    return [m.span() for m in WORD_RE.finditer(text)]


def words(text: str) -> list[str]:
    """The words of ``text`` as written, less invisible characters.

    >>> words("He’d accept a cease\\u00adfire.")
    ['He’d', 'accept', 'a', 'ceasefire']
    """
    return _visible(WORD_RE.findall(text), text)


def _visible(found: list[str], text: str) -> list[str]:
    """The words ``found`` in ``text``, less invisible characters (every invisible character is
    beyond ASCII: an ASCII text, the usual one, is not searched)."""
    return [without_invisible(w) for w in found] if not text.isascii() and _HAS_INVISIBLE(text) else found


def first_words(text: str, n: int) -> list[str]:
    """``words(text)[:n]``, reading ``text`` only as far as its ``n``-th word.

    >>> first_words("He’d accept a cease\u00adfire.", 2)
    ['He’d', 'accept']
    """
    if n < 0:
        return words(text)[:n]
    return _visible([m.group() for m in itertools.islice(WORD_RE.finditer(text), n)], text)


def last_words(text: str, n: int) -> list[str]:
    """``words(text)[-n:]``, reading ``text`` back from its end in growing slices until one holds
    more than ``n`` words or is the whole text (a slice may cut its first word, never the others:
    from inside a word, a word runs to where it runs in the whole text).

    >>> last_words("He’d accept a cease\u00adfire.", 2)
    ['a', 'ceasefire']
    """
    if n < 1:
        return words(text)[-n:]
    size = 8 * n
    while True:
        lo = max(0, len(text) - size)
        found = words(text[lo:])
        if lo == 0 or len(found) > n:
            return found[-n:]
        size *= 4


def word_types(text: str) -> list[str]:
    """The words of ``text`` as counted types: lower case, curly apostrophe as straight.

    >>> word_types("He’d say HE'D")
    ["he'd", 'say', "he'd"]
    """
    return [w.lower().replace("’", "'") for w in words(text)]


def count_tokens(text: str) -> int:
    """Number of words in ``text`` (the denominator of every rate per 1,000 tokens)."""
    return len(WORD_RE.findall(text))


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the paragraphs of ``text``: separated by blank lines (only white space
    between two line breaks); a paragraph may begin with white space, never with a line break.

    >>> paragraph_spans("One.\\nStill one.\\n \\nTwo.")
    [(0, 15), (16, 22)]
    """
    return [m.span() for m in PARAGRAPH_RE.finditer(text)]


def paragraph_breaks(text: str) -> list[tuple[int, int]]:
    """Spans of the breaks after paragraphs: from a paragraph's end, over the blank line(s) and
    any white space, to the next character that is not white space (or the end of the text).

    >>> paragraph_breaks("One.\\n\\n  Two.\\n\\n")
    [(4, 8), (12, 14)]
    """
    out = []
    for _, end in paragraph_spans(text):
        if end < len(text):
            nxt = _NOT_SPACE.search(text, end)
            out.append((end, nxt.start() if nxt else len(text)))
    return out


def first_break(breaks: list[tuple[int, int]], lo: int, hi: int) -> tuple[int, int] | None:
    """The first of :func:`paragraph_breaks` that begins in ``[lo, hi)``, or ``None``.

    >>> first_break([(4, 8), (12, 14)], 5, 13)
    (12, 14)
    """
    i = bisect.bisect_left(breaks, (lo, -1))
    return breaks[i] if i < len(breaks) and breaks[i][0] < hi else None


def paragraph_of(paragraphs: list[tuple[int, int]], pos: int) -> tuple[int, int]:
    """The span of the paragraph that holds ``pos`` (or, between two, the one before it) among
    :func:`paragraph_spans`; ``(0, 0)`` when there are none before ``pos``.

    >>> text = "One.\\n\\nTwo."
    >>> paragraph_of(paragraph_spans(text), 7), paragraph_of(paragraph_spans(text), 4)
    ((6, 10), (0, 4))
    """
    i = bisect.bisect_right(paragraphs, (pos, float("inf"))) - 1
    return paragraphs[i] if i >= 0 else (0, 0)


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the sentences in ``text`` (Punkt's, within each paragraph)."""
    from .punkt import cached_punkt  # nltk is imported on first use: `import framing` stays quick

    punkt = cached_punkt()
    spans: list[tuple[int, int]] = []
    for base, end in paragraph_spans(text):
        for s, e in punkt.span_tokenize(text[base:end]):
            spans.append((base + s, base + e))
    return spans


def sentence_end(sentences: list[tuple[int, int]], pos: int, limit: int) -> int:
    """Where the sentence that holds ``pos`` ends, among :func:`sentence_spans` (between two
    sentences: where the next one ends), but at most ``limit``; ``limit`` after the last sentence.

    >>> text = '"We stand," said George W. Bush. He left.'
    >>> text[:sentence_end(sentence_spans(text), 12, len(text))]
    '"We stand," said George W. Bush.'
    """
    i = bisect.bisect_right([e for _, e in sentences], pos)
    return min(sentences[i][1], limit) if i < len(sentences) else limit
