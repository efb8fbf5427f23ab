"""nltk's Punkt sentence splitter with the kit's parameters: offline (no trained model is
downloaded; the abbreviation list ships here), memoised, and compiled with the standard ``re``.

Imported on first use by :func:`framing.text.sentence_spans`, so that importing the kit does not
pay for importing nltk.

>>> [s for s, _ in cached_punkt().span_tokenize("Mr. Smith left. He came back.")]
[0, 16]
"""

from __future__ import annotations

import re
from functools import lru_cache

from nltk.tokenize.punkt import PunktLanguageVars, PunktParameters, PunktSentenceTokenizer, PunktToken

# Abbreviations that end no sentence in news and official text (Punkt parameters the kit ships).
_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "prof", "gen", "col", "lt", "sgt", "st", "jr", "sr", "u.s", "u.k",
    "u.n", "e.u", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
    "dec", "no", "vs", "etc", "i.e", "e.g", "approx", "gov", "sen", "rep", "pres", "inc", "corp",
}


class _StdlibLangVars(PunktLanguageVars):
    """Punkt's own patterns, compiled with the standard ``re`` (nltk routes them through a
    time-limited ``regex`` wrapper that costs far more per call; the patterns are fixed and safe)."""

    re_boundary_realignment = re.compile(PunktLanguageVars.re_boundary_realignment.pattern, re.MULTILINE)

    def _word_tokenizer_re(self) -> re.Pattern[str]:
        if "_std_word" not in self.__dict__:
            self._std_word = re.compile(self._word_tokenize_fmt % {
                "NonWord": self._re_non_word_chars, "MultiChar": self._re_multi_char_punct,
                "WordStart": self._re_word_start}, re.UNICODE | re.VERBOSE)
        return self._std_word

    def period_context_re(self) -> re.Pattern[str]:
        if "_std_period" not in self.__dict__:
            self._std_period = re.compile(self._period_context_fmt % {
                "NonWord": self._re_non_word_chars, "SentEndChars": self._re_sent_end_chars},
                re.UNICODE | re.VERBOSE)
        return self._std_period


class _StdlibToken(PunktToken):
    """A Punkt token whose type tests use the same patterns compiled with the standard ``re``."""

    __slots__ = ()
    _RE_ELLIPSIS = re.compile(PunktToken._RE_ELLIPSIS.pattern)
    _RE_NUMERIC = re.compile(PunktToken._RE_NUMERIC.pattern)
    _RE_INITIAL = re.compile(PunktToken._RE_INITIAL.pattern, re.UNICODE)
    _RE_ALPHA = re.compile(PunktToken._RE_ALPHA.pattern, re.UNICODE)
    _RE_NON_PUNCT = re.compile(r"[^\W\d]", re.UNICODE)

    @property
    def is_non_punct(self) -> bool:
        return bool(self._RE_NON_PUNCT.search(self.type))


class _CachedPunkt(PunktSentenceTokenizer):
    """Punkt whose break decision per candidate context ("Ukraine. The") is memoised.

    With fixed parameters the decision is a pure function of the context string, so the spans
    are exactly Punkt's; contexts repeat a lot in a corpus, and each costs many regex calls.
    """

    _MAX = 500_000

    def __init__(self, params: PunktParameters):
        super().__init__(params, lang_vars=_StdlibLangVars(), token_cls=_StdlibToken)
        self._decisions: dict[str, bool] = {}

    def text_contains_sentbreak(self, text: str) -> bool:
        found = self._decisions.get(text)
        if found is None:
            if len(self._decisions) >= self._MAX:
                self._decisions.clear()
            found = self._decisions[text] = super().text_contains_sentbreak(text)
        return found


@lru_cache(maxsize=1)
def cached_punkt() -> PunktSentenceTokenizer:
    """The kit's Punkt splitter (one per process)."""
    params = PunktParameters()
    params.abbrev_types = set(_ABBREVIATIONS)
    return _CachedPunkt(params)


def plain_punkt() -> PunktSentenceTokenizer:
    """Unmodified nltk Punkt with the same parameters (the reference the tests compare against)."""
    params = PunktParameters()
    params.abbrev_types = set(_ABBREVIATIONS)
    return PunktSentenceTokenizer(params)
