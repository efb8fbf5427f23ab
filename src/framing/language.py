"""Which language a text is in: one detector for the whole kit, offline.

The kit reads English, Russian and Ukrainian (``KIT_LANGUAGES``); each built-in lexicon
has a version per language. A corpus's ``language`` column wins when it has one; otherwise
:func:`detect_language` guesses with py3langid (BSD, its model ships inside the wheel, so
nothing is downloaded). By default it chooses among the kit's languages only, which is
what picking a lexicon version needs and is far more accurate on short texts than choosing
among all 97 of py3langid's; pass ``candidates=None`` to ask about every language.

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

from collections.abc import Iterable, Sequence
from functools import cache
from typing import Any

from framing.errors import ParameterError

KIT_LANGUAGES: tuple[str, ...] = ("en", "ru", "uk")
"""Languages with built-in lexicons, voice cues and gold data (ISO 639-1 codes)."""

UNDETERMINED = "und"
"""ISO 639-2 code for a text with no letters to go by."""


@cache
def _identifier(candidates: tuple[str, ...] | None) -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
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
