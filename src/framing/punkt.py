"""nltk's Punkt sentence splitter with the kit's parameters: offline (no trained model is
downloaded; the abbreviation list ships here), quick, and exactly Punkt's spans.

Punkt's patterns are compiled here with the same engine nltk uses (``regex``, whose ``\\s`` and
``\\w`` differ from ``re``'s), but without the time-limit wrapper nltk puts around every call.

Imported on first use by :func:`framing.text.sentence_spans`, so that importing the kit does not
pay for importing nltk; and nltk's Punkt module is imported without the rest of nltk
(:func:`import_without_package_body`; for the kit alone: code that imports nltk later gets all of
it as usual): nltk's ``__init__.py`` imports all of nltk, scipy.stats and scikit-learn with it
(about a second of CPU and 80,000 objects), none of which Punkt uses.

>>> [s for s, _ in cached_punkt().span_tokenize("Mr. Smith left. He came back.")]
[0, 16]
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
from functools import lru_cache
from types import ModuleType
from typing import TYPE_CHECKING

import regex

from .gcpause import paused_gc


def import_without_package_body(name: str, package: str) -> ModuleType:
    """Module ``name`` of ``package``, imported for the caller alone without running the
    ``__init__.py`` of the package, nor those of its subpackages that hold the module (that of
    ``nltk.tokenize`` imports every tokenizer of nltk and ``nltk.data``), when the package is not
    imported yet.

    The module is imported under stand-ins for those packages (each package's module as the import
    system makes it, :func:`importlib.util.find_spec` and :func:`importlib.util.module_from_spec`,
    with its body not run); then the stand-ins and every module of the package imported meanwhile
    leave ``sys.modules`` again, so that code that imports the package later imports all of it as
    usual (and its own copy of those modules). A plain import where the package is imported already,
    or where the module needs something of a package's body. (Another thread importing the package
    at the same moment would find the stand-in: call this while no other thread imports it.)

    >>> import_without_package_body("json.decoder", "json").__name__
    'json.decoder'
    """
    if package in sys.modules:
        return importlib.import_module(name)
    spec = importlib.util.find_spec(package)
    if spec is None or spec.loader is None or spec.submodule_search_locations is None:
        return importlib.import_module(name)  # not a package on disk: the usual import (and its error)
    before = set(sys.modules)
    sys.modules[package] = importlib.util.module_from_spec(spec)
    try:
        parts = name.split(".")
        for depth in range(package.count(".") + 2, len(parts)):  # the subpackages on the way to the module
            sub = importlib.util.find_spec(".".join(parts[:depth]))
            if sub is None or sub.submodule_search_locations is None:
                break  # (not a package: the import below says why)
            sys.modules[sub.name] = importlib.util.module_from_spec(sub)
        module: ModuleType | None = importlib.import_module(name)
    except (ImportError, AttributeError):  # the module needs a package's body
        module = None
    finally:
        for key in set(sys.modules) - before:
            if key == package or key.startswith(package + "."):
                del sys.modules[key]
    return module if module is not None else importlib.import_module(name)


# Importing Punkt's part of nltk makes some 7,000 lasting objects (80,000 with all of nltk): without
# the collector's pauses among them it takes less CPU (see framing.gcpause).
if TYPE_CHECKING:
    from nltk.tokenize.punkt import PunktLanguageVars, PunktParameters, PunktSentenceTokenizer, PunktToken
else:
    with paused_gc():
        _punkt = import_without_package_body("nltk.tokenize.punkt", "nltk")
    PunktLanguageVars = _punkt.PunktLanguageVars
    PunktParameters = _punkt.PunktParameters
    PunktSentenceTokenizer = _punkt.PunktSentenceTokenizer
    PunktToken = _punkt.PunktToken


# Abbreviations that end no sentence in news and official text (Punkt parameters the kit ships).
_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "prof", "gen", "col", "lt", "sgt", "st", "jr", "sr", "u.s", "u.k",
    "u.n", "e.u", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
    "dec", "no", "vs", "etc", "i.e", "e.g", "approx", "gov", "sen", "rep", "pres", "inc", "corp",
}


class _DirectLangVars(PunktLanguageVars):
    """Punkt's own patterns, compiled with ``regex`` directly (nltk wraps each call in a timer
    that costs far more than the match; these patterns are fixed and safe)."""

    re_boundary_realignment = regex.compile(PunktLanguageVars.re_boundary_realignment.pattern, regex.MULTILINE)

    def _word_tokenizer_re(self) -> regex.Pattern:
        if "_direct_word" not in self.__dict__:
            self._direct_word = regex.compile(self._word_tokenize_fmt % {
                "NonWord": self._re_non_word_chars, "MultiChar": self._re_multi_char_punct,
                "WordStart": self._re_word_start}, regex.UNICODE | regex.VERBOSE)
        return self._direct_word

    def period_context_re(self) -> regex.Pattern:
        if "_direct_period" not in self.__dict__:
            self._direct_period = regex.compile(self._period_context_fmt % {
                "NonWord": self._re_non_word_chars, "SentEndChars": self._re_sent_end_chars},
                regex.UNICODE | regex.VERBOSE)
        return self._direct_period


class _DirectToken(PunktToken):
    """A Punkt token whose type tests use the same patterns, compiled with ``regex`` directly."""

    __slots__ = ()
    _RE_ELLIPSIS = regex.compile(PunktToken._RE_ELLIPSIS.pattern)
    _RE_NUMERIC = regex.compile(PunktToken._RE_NUMERIC.pattern)
    _RE_INITIAL = regex.compile(PunktToken._RE_INITIAL.pattern, regex.UNICODE)
    _RE_ALPHA = regex.compile(PunktToken._RE_ALPHA.pattern, regex.UNICODE)
    _RE_NON_PUNCT = regex.compile(r"[^\W\d]", regex.UNICODE)

    @property
    def is_non_punct(self) -> bool:
        return bool(self._RE_NON_PUNCT.search(self.type))


class _CachedPunkt(PunktSentenceTokenizer):
    """Punkt whose break decision per candidate context ("Ukraine. The") is quick.

    With fixed parameters the decision is a pure function of the context string, so the spans
    are exactly Punkt's. Two shortcuts, each giving Punkt's own answer:

    * a plain word of two or more letters, not an abbreviation, then ``.``, ``?`` or ``!`` and
      another token ("said. The", "Ukraine.\u201d"): Punkt's first pass marks the word a sentence
      break and, with no trained orthographic context, its second pass never undoes that for a
      word that is neither an abbreviation, an initial nor a number: always a break;
    * any other context is decided by Punkt once and memoised (contexts repeat in a corpus).
    """

    _MAX = 500_000

    def __init__(self, params: PunktParameters):
        super().__init__(params, lang_vars=_DirectLangVars(), token_cls=_DirectToken)
        self._decisions: dict[str, bool] = {}
        # The next token must not start with "." (". . ." would change how Punkt splits the word).
        self._plain_break = regex.compile(rf"([A-Za-z]{{2,}})([.?!])(?:\s+[^\s.]|{self._lang_vars._re_non_word_chars})")

    def _get_last_whitespace_index(self, text: str) -> int:
        """Punkt's own (0 when there is none, or only at 0), by C-level searches instead of a loop."""
        return max(0, text.rfind(" "), text.rfind("\n"), text.rfind("\t"), text.rfind("\r"), text.rfind("\x0b"),
                   text.rfind("\x0c"))

    def text_contains_sentbreak(self, text: str) -> bool:
        found = self._decisions.get(text)
        if found is None:
            plain = self._plain_break.match(text)
            if plain and (plain.group(2) != "." or plain.group(1).lower() not in self._params.abbrev_types):
                return True
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
