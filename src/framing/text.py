"""Offline word and sentence segmentation with character spans (nltk Punkt, no downloads).

>>> word_spans("He'd accept a cease-fire.")
[(0, 4), (5, 11), (12, 13), (14, 24)]
>>> sentence_spans("He spoke. Then he left.")
[(0, 9), (10, 23)]
"""

from __future__ import annotations

import re

from .chars import INVISIBLE

_INVISIBLE = f"[{INVISIBLE}]"
_DELETE_INVISIBLE = str.maketrans(dict.fromkeys(INVISIBLE))
_LETTERS = rf"\w+(?:{_INVISIBLE}+\w+)*"
# A word: letters/digits, joined by inner hyphens or apostrophes ("cease-fire", "he'd", "he’d");
# invisible characters (:data:`framing.chars.INVISIBLE`) inside it are not there ("may\u200bbe" is
# one word): the words of a text are those of the text without them, spans in the text itself.
WORD_RE = re.compile(rf"{_LETTERS}(?:{_INVISIBLE}*[-'’]{_INVISIBLE}*{_LETTERS})*")


def without_invisible(text: str) -> str:
    """``text`` without its invisible characters (soft hyphens, zero-width characters).

    >>> without_invisible("cease\u00adfire")
    'ceasefire'
    """
    return text.translate(_DELETE_INVISIBLE)


def words(text: str) -> list[str]:
    """The words of ``text`` as written, less invisible characters.

    >>> words("He’d accept a cease\u00adfire.")
    ['He’d', 'accept', 'a', 'ceasefire']
    """
    found = WORD_RE.findall(text)
    return [without_invisible(w) for w in found] if any(c in text for c in INVISIBLE) else found


def word_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the words in ``text``."""
    return [m.span() for m in WORD_RE.finditer(text)]


def count_tokens(text: str) -> int:
    """Number of words in ``text`` (the denominator of every rate per 1,000 tokens)."""
    return len(WORD_RE.findall(text))


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the sentences in ``text`` (paragraph breaks always end a sentence)."""
    from .punkt import cached_punkt  # nltk is imported on first use: `import framing` stays quick

    punkt = cached_punkt()
    spans: list[tuple[int, int]] = []
    for para in re.finditer(r"[^\n]+(?:\n(?!\s*\n)[^\n]*)*", text):
        base = para.start()
        for s, e in punkt.span_tokenize(para.group()):
            spans.append((base + s, base + e))
    return spans
