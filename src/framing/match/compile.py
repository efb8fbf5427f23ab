"""Stage 1, compile: lexicons -> entries, the keys of one automaton, regex terms and exclusions.

Every plain or wildcard term becomes a *key* (its normalised text); terms that share a key share
one :class:`KeyGroup`. Lexicon-level exclusion phrases and negation cues are keys of the same
automaton, so one pass over a batch (:mod:`framing.match.scan`) finds them all. The automaton
works on bytes of the lexicons' own small alphabet (:class:`Keys`): every character a term uses
keeps its own byte, any other becomes "some word character" or "some other character", so that
each key can be compiled with its word boundaries, as (boundary, key, boundary).

>>> from framing.lexicons import load_lexicon
>>> c = compile_lexicon_set((load_lexicon("ceasefire"),))
>>> c.entries[0].lexicon, c.entries[0].term, c.keys.width
('ceasefire', 'cease-fire', 1)
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

import ahocorasick_rs
import numpy as np
import yaml

from ..chars import APOSTROPHES, WORD, char_class, folded, normalise
from ..lexicons import Lexicon
from ..lexicons.format import Exclusion, term_kind
from .lemma import View, phrase_key, view_of
from .regex import Pattern, user_regex


def normalise_term(text: str) -> str:
    """The key under which a term and its matched text meet: lower case, one space, straight '.

    >>> normalise_term("He’d  Accept")
    "he'd accept"
    """
    return " ".join(normalise(text).split())


def phrase_pattern(term: str, case_sensitive: bool = False) -> re.Pattern[str]:
    """A whole-word regex for a term (``*`` at a word's end = any word ending; apostrophes alike).

    >>> bool(phrase_pattern("giv* up").search("Giving  up")), bool(phrase_pattern("he'd").fullmatch("He’d"))
    (True, True)
    """
    apostrophe = f"[{APOSTROPHES}]"
    words = []
    for word in term.split():
        escaped = "".join(apostrophe if ch in APOSTROPHES else re.escape(ch) for ch in word.rstrip("*"))
        words.append(escaped + (r"\w*" if word.endswith("*") else ""))
    body = r"\s+".join(words)
    return re.compile(rf"(?<!\w)(?:{body})(?!\w)", 0 if case_sensitive else re.IGNORECASE)


def exclusion_pattern(exclusion: Exclusion, view: View | None = None) -> Pattern:
    """The regex that finds an exclusion's spans in a text (as ``view`` sees it, for a phrase).

    >>> bool(exclusion_pattern(Exclusion(phrase="in May")).search("talks IN  may"))
    True
    """
    if exclusion.regex:  # the lexicon's own: run with a time limit (framing.match.regex)
        return user_regex(exclusion.regex, exclusion.case_sensitive)
    return phrase_pattern(exclusion.phrase if view is None else phrase_key(exclusion.phrase, view))


NEGATION_FILE = Path(__file__).resolve().parent.parent / "lexicons" / "negation.yaml"


def negation_file(language: str) -> Path:
    """The default negation settings of a language: ``negation.LANG.yaml`` beside ``negation.yaml``
    (which is English's, and any language's without its own file).

    >>> negation_file("ru").name, negation_file("fr").name
    ('negation.ru.yaml', 'negation.yaml')
    """
    own = NEGATION_FILE.with_name(f"negation.{language}.yaml")
    return own if language != "en" and own.is_file() else NEGATION_FILE
Phrases = frozenset[tuple[str, ...]]


@dataclass(frozen=True)
class Negation:
    """Compiled negation settings of one lexicon (``negation.yaml`` plus the lexicon's own).

    ``before``: negator phrases (as word tuples) that negate a hit within ``window`` words
    before it; ``after``: those within ``after_window`` words after it; ``breaks``: words that
    end a clause; ``first_*``: the first words of those phrases (a quick test).
    """

    enabled: bool
    window: int
    before: Phrases
    after_window: int
    after: Phrases
    breaks: frozenset[str]
    first_before: frozenset[str]
    first_after: frozenset[str]
    scare_quotes: bool = False


@lru_cache(maxsize=8)
def _negation_defaults(path: Path = NEGATION_FILE) -> dict[str, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def negation_settings(lexicon: Lexicon) -> Negation:
    """The negation settings of a lexicon, with the defaults of ``negation.yaml`` filled in.

    >>> from framing.lexicons import load_lexicon
    >>> neg = negation_settings(load_lexicon("concession"))
    >>> neg.window, ("rule", "out") in neg.before
    (6, True)
    """
    view = view_of(lexicon.language, lexicon.match)
    d = _negation_defaults(negation_file(lexicon.language))
    own = lexicon.negation or {}

    def phrases(xs: Iterable[str]) -> Phrases:
        return frozenset(tuple(normalise_term(phrase_key(x, view)).split()) for x in xs)

    before = phrases(list(d["negators"]) + list(own.get("negators", [])))
    after = phrases(list(d["after"]) + list(own.get("after", [])))
    return Negation(enabled=bool(own.get("enabled", True)), window=int(own.get("window", d["window"])),
                    before=before, after_window=int(own.get("after_window", d["after_window"])), after=after,
                    breaks=frozenset(normalise_term(phrase_key(w, view)) for w in d["clause_breaks"]),
                    first_before=frozenset(p[0] for p in before), first_after=frozenset(p[0] for p in after),
                    scare_quotes=bool(own.get("scare_quotes", False)))


@dataclass(frozen=True)
class Entry:
    """One compiled term: where it belongs and how its hits are checked."""

    lex: int                     # index of its lexicon in the matcher
    lexicon: str
    category: str
    subcategory: str
    term: str
    kind: str                    # phrase, prefix or regex (see framing.lexicons.format.term_kind)
    case_sensitive: bool
    negation: bool               # False: the term is never marked negated
    exclude: tuple[Pattern, ...]
    key: str = ""                # what the matcher looks for: the term as its lexicon's view writes it
    surface: bool = False        # a `match: word` term of a lemma lexicon: its hits must be the term as written


class RegexTerm(NamedTuple):
    """A term matched by its own regular expression (inner wildcards, ``regex:`` terms).

    ``literal``: a piece of text (case-folded, apostrophes straight) that every match of a phrase
    with inner wildcards holds, so that documents without it are not searched ("" for a ``regex:``).
    """

    pattern: Pattern
    entry: int
    literal: str = ""


def fold_literal(text: str) -> str:
    """Text as :class:`RegexTerm` literals are looked for in it: case-folded, without the combining
    dot above (``re`` matches "İ" to "i" without case, ``casefold`` makes it "i" + a dot).

    >>> fold_literal("İstanbul STRASSE")
    'istanbul strasse'
    """
    return text.casefold().replace("\u0307", "")


def phrase_literal(phrase: str) -> str:
    """The longest piece of a wildcard phrase between wildcards, spaces and apostrophes (which
    match any apostrophe), folded (:func:`fold_literal`): what every match holds (see :class:`RegexTerm`).

    >>> phrase_literal("прям* Переговоры"), phrase_literal("g*ve up"), phrase_literal("зобов’язувальн* гарантія")
    ('переговоры', 've', 'язувальн')
    """
    pieces = [p for word in normalise_term(phrase).split() for piece in word.split("*") for p in piece.split("'")]
    return fold_literal(max(pieces, key=len, default=""))


@dataclass(frozen=True)
class KeyGroup:
    """One key of the automaton and what an occurrence of it means.

    ``whole_start``/``whole_end``: the key must start/end at a word boundary (a wildcard key
    ``cede*`` does not end at one; the negation cue ``n't`` does not start at one). ``entries``:
    the terms it is (indexes of :attr:`Compiled.entries`); ``excludes``: the lexicons for which it
    is an exclusion phrase; ``cue``: :data:`BEFORE` / :data:`AFTER` bits if it is a negation cue.
    """

    key: str
    whole_start: bool = True
    whole_end: bool = True
    entries: tuple[int, ...] = ()
    excludes: tuple[int, ...] = ()
    cue: int = 0
    prefix: bool = False


BEFORE, AFTER = 1, 2  # negation cue bits: a negator before a hit, or one after it


class Keys:
    """The automaton: every key as (boundary, key, boundary) bytes of the lexicons' own alphabet,
    and per-group arrays that the scan stage reads (see :class:`KeyGroup`)."""

    NONWORD, OTHERWORD, SPACE = 0, 1, 0x20

    def __init__(self, groups: list[KeyGroup]):
        self.groups = groups
        alphabet = sorted({ch for g in groups for ch in g.key} - {" "})
        own = [ch for ch in alphabet if 0x20 < ord(ch) < 0x7F]
        spare = iter([c for c in range(2, 0x10000) if not 0x20 <= c < 0x7F])
        code = {ch: ord(ch) if ch in own else next(spare) for ch in alphabet}
        code[" "] = self.SPACE
        self.width = 1 if max(code.values()) < 0x100 else 2
        self.dtype = np.uint8 if self.width == 1 else np.uint16
        chars = char_class()
        # Every code point -> its byte: the folded character's own code, or a placeholder.
        fold = folded()
        table = np.where(chars[fold] & WORD, self.OTHERWORD, self.NONWORD).astype(self.dtype)
        table[fold == ord(" ")] = self.SPACE
        ords = np.array(sorted(ord(ch) for ch in alphabet), dtype=np.uint32)
        if len(ords):
            known = np.isin(fold, ords)
            codes = np.array([code[chr(o)] for o in ords], dtype=self.dtype)
            table[known] = codes[np.searchsorted(ords, fold[known])]
        self.table = table
        self.is_word = np.zeros(1 << (8 * self.width), dtype=bool)
        self.is_word[self.OTHERWORD] = True
        for ch, c in code.items():
            self.is_word[c] = bool(chars[ord(ch)] & WORD)
        bounds = [self.NONWORD, self.SPACE] + [c for ch, c in code.items() if not self.is_word[c] and ch != " "]
        edges = [self.as_bytes([b]) for b in bounds]
        patterns: list[bytes] = []
        sizes = []
        for g in groups:
            body = self.as_bytes([code[ch] for ch in g.key])
            before = len(patterns)
            for lead in edges if g.whole_start else [b""]:
                patterns.extend(lead + body + trail for trail in (edges if g.whole_end else [b""]))
            sizes.append(len(patterns) - before)
        counts = np.array(sizes, dtype=np.int64)
        # Per pattern: its group, and whether a boundary byte leads / trails the key.
        self.pattern_group = np.repeat(np.arange(len(groups), dtype=np.int64), counts)
        self.pattern_lead = np.repeat(np.array([g.whole_start for g in groups], dtype=np.int64), counts)
        self.pattern_trail = np.repeat(np.array([g.whole_end for g in groups], dtype=np.int64), counts)
        # Per group.
        self.group_prefix = np.array([g.prefix for g in groups], dtype=bool)
        self.group_cue = np.array([g.cue for g in groups], dtype=np.int64)
        self.group_excludes = {gi: g.excludes for gi, g in enumerate(groups) if g.excludes}
        n_entries = np.array([len(g.entries) for g in groups], dtype=np.int64)
        self.group_size = n_entries
        self.group_first = np.concatenate(([0], np.cumsum(n_entries)[:-1])) if len(groups) else n_entries
        self.group_entries = np.array([i for g in groups for i in g.entries], dtype=np.int64)
        impl = ahocorasick_rs.Implementation.DFA if len(patterns) <= 400_000 else None
        self.automaton = ahocorasick_rs.BytesAhoCorasick(patterns, implementation=impl) if patterns else None

    def as_bytes(self, codes: list[int]) -> bytes:
        return np.array(codes, dtype=self.dtype).tobytes()


@dataclass
class Compiled:
    """Everything the stages need about a set of lexicons, built once by :func:`compile_lexicon_set`.

    Arrays are per entry: ``entry_lex`` (its lexicon), ``case_sensitive``, ``negatable`` (the
    term and its lexicon allow negation), ``excluding`` (the term has its own exclusions),
    ``surface`` (a ``match: word`` term of a lemma lexicon).
    """

    lexicons: tuple[Lexicon, ...]
    entries: list[Entry]
    negations: list[Negation]
    keys: Keys
    regex_terms: list[RegexTerm]
    regex_exclusions: list[list[Pattern]]  # per lexicon: its regex and wildcard exclusions
    entry_lex: np.ndarray = field(init=False)
    case_sensitive: np.ndarray = field(init=False)
    negatable: np.ndarray = field(init=False)
    excluding: np.ndarray = field(init=False)
    surface: np.ndarray = field(init=False)

    def __post_init__(self) -> None:
        self.entry_lex = np.array([e.lex for e in self.entries], dtype=np.int64)
        # (a surface term's case is checked on the original text, not on the lemma view)
        self.case_sensitive = np.array([e.case_sensitive and not e.surface for e in self.entries], dtype=bool)
        self.negatable = np.array([e.negation and self.negations[e.lex].enabled for e in self.entries], dtype=bool)
        self.excluding = np.array([bool(e.exclude) for e in self.entries], dtype=bool)
        self.surface = np.array([e.surface for e in self.entries], dtype=bool)


def compile_lexicon_set(lexicons: Iterable[Lexicon], automaton: bool = True) -> Compiled:
    """Compile lexicons (in this order) for matching; see :class:`framing.match.Matcher`.
    ``automaton=False`` leaves the automaton empty (for a set whose parts are scanned on their own)."""
    lexicons = tuple(lexicons)
    entries: list[Entry] = []
    negations = [negation_settings(lex) for lex in lexicons]
    regex_terms: list[RegexTerm] = []
    regex_exclusions: list[list[Pattern]] = []
    exact: dict[str, tuple[list[int], set[int]]] = {}  # key -> (entries, lexicons it excludes for)
    prefix: dict[str, list[int]] = {}
    for li, lex in enumerate(lexicons):
        view = view_of(lex.language, lex.match)
        for t in lex.entries:
            idx = len(entries)
            key = phrase_key(t.text, view)
            entries.append(Entry(li, lex.name, t.category, t.subcategory, t.text, t.kind, t.case_sensitive,
                                 t.negation, tuple(exclusion_pattern(e, view) for e in t.exclude), key,
                                 view.lemma and t.match == "word"))
            if t.kind == "regex" and t.pattern:
                regex_terms.append(RegexTerm(user_regex(t.pattern, t.case_sensitive), idx))
            elif t.kind == "regex":
                regex_terms.append(RegexTerm(phrase_pattern(key, t.case_sensitive and not view.lemma), idx,
                                             phrase_literal(key)))
            elif t.kind == "prefix":
                prefix.setdefault(normalise_term(key).rstrip("*"), []).append(idx)
            else:
                exact.setdefault(normalise_term(key), ([], set()))[0].append(idx)
        regexes = []
        for e in lex.exclusions:
            if e.regex or term_kind(e.phrase) != "phrase":
                regexes.append(exclusion_pattern(e, view))
            else:  # a plain phrase is found as terms are: a key of the automaton
                exact.setdefault(normalise_term(phrase_key(e.phrase, view)), ([], set()))[1].add(li)
        regex_exclusions.append(regexes)
    # Negation cues ride in the same automaton: a hit with no cue nearby needs no negation check.
    # A cue is the first word of a negator phrase (its words may stand apart by any non-word
    # characters: `ruled "out"`), so that the filter never misses what the word check finds.
    before = {p[0] for neg in negations if neg.enabled and neg.window for p in neg.before}
    after = {p[0] for neg in negations if neg.enabled and neg.after_window for p in neg.after}
    for cue in before | after:
        exact.setdefault(cue, ([], set()))
    groups = [KeyGroup(k, entries=tuple(ids), excludes=tuple(sorted(excl)),
                       cue=(BEFORE if k in before else 0) | (AFTER if k in after else 0))
              for k, (ids, excl) in exact.items()]
    groups += [KeyGroup(k, whole_end=False, entries=tuple(ids), prefix=True) for k, ids in prefix.items()]
    if before:  # any word ending in n't is a negator
        groups.append(KeyGroup("n't", whole_start=False, cue=BEFORE))
    return Compiled(lexicons, entries, negations, Keys(groups if automaton else []), regex_terms, regex_exclusions)
