"""Stage 1, compile: lexicons -> entries, the keys of one automaton, regex terms and exclusions.

Every plain or wildcard term becomes a *key* (its normalised text); terms that share a key share
one :class:`KeyGroup`. Lexicon-level exclusion phrases and negation cues are keys of the same
automaton, so one pass over a batch (:mod:`framing.match.scan`) finds them all. The automaton
works on bytes of the lexicons' own small alphabet (:class:`Keys`): every character a term uses
keeps its own byte, any other becomes "some word character" or "some other character", so that
a key's word boundaries are checked on the bytes either side of each occurrence.

>>> from framing.lexicons import load_lexicon
>>> c = compile_lexicon_set((load_lexicon("ceasefire"),))
>>> c.entries[0].lexicon, c.entries[0].term, c.keys.width
('ceasefire', 'cease-fire', 1)
"""

from __future__ import annotations

import itertools
import operator
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

import ahocorasick_rs
import numpy as np
import yaml

from ..chars import APOSTROPHES, SEPARATOR, WORD, char_class, codes_of, folded, normalise
from ..gcpause import paused_gc
from ..lexicons import Lexicon
from ..lexicons.format import Exclusion, make_frozen, term_kind
from ..safe_yaml import SAFE_LOADER
from .lemma import View, phrase_key, view_of
from .regex import Pattern, user_regex


def normalise_term(text: str) -> str:
    """The key under which a term and its matched text meet: lower case, one space, straight '.

    >>> normalise_term("He’d  Accept")
    "he'd accept"
    """
    return " ".join(normalise(text).split())


def normalise_terms(texts: list[str]) -> list[str]:
    """:func:`normalise_term` of each text, worked out in one pass (one ``translate`` of all the
    texts joined by :data:`framing.chars.SEPARATOR`, which normalising leaves alone, instead of one
    per text: each call pays for its own translation cache).

    >>> normalise_terms(["He’d  Accept", "Cease-Fire"])
    ["he'd accept", 'cease-fire']
    """
    joined = normalise(SEPARATOR.join(texts))
    parts = joined.split(SEPARATOR) if texts else []
    if len(parts) != len(texts):  # a text holds the separator itself
        return [normalise_term(t) for t in texts]
    # Terms as lexicons write them have one space between words: no text to collapse (told at once,
    # for ASCII, whose every white space normalising has made a space).
    if joined.isascii() and not ("  " in joined or f" {SEPARATOR}" in joined or f"{SEPARATOR} " in joined
                                 or joined[:1] == " " or joined[-1:] == " "):
        return parts
    return [" ".join(x.split()) for x in parts]


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
class ObjectClause:
    """Where a comma does not end a negator's scope (Russian, Ukrainian): before one of
    ``complementizers`` (words) that opens the object clause of one of ``verbs`` (word tuples)
    ending the clause before the comma, as the lexicon's view writes them (lemmas); or before a
    relative or participle clause of content («план, предусматривающий ...», «мир, який залишить ...»):
    an optional one of ``pronouns`` (words) and then a word that starts with one of ``stems``; or before a
    complementizer when the clause before the comma ends with one of ``refusals`` (a refusing predicate
    with its correlative, a negator itself: «против того, чтобы ...», «осудил то, что ...»)."""

    complementizers: frozenset[str]
    verbs: Phrases
    pronouns: frozenset[str] = frozenset()
    stems: tuple[str, ...] = ()
    refusals: Phrases = frozenset()


@dataclass(frozen=True)
class Negation:
    """Compiled negation settings of one lexicon (``negation.yaml`` plus the lexicon's own).

    ``before``: negator phrases (as word tuples) that negate a hit within ``window`` words
    before it; ``after``: those within ``after_window`` words after it; ``breaks``: words that
    end a clause; ``first_*``: the first words of those phrases (a quick test); ``exceptions``:
    phrases that start with a negator but do not negate ("not only ... but also");
    ``object_clause``: the language's rule for a negated verb's object clause (``object_clause`` of
    ``negation.LANG.yaml``; ``None`` in English and any language without one); ``far_before``: the
    lexicon's ``far_negators`` (refusal verbs, also in ``before``) that negate a hit within ``far_window``
    words before it in its clause ("rejected any attempt to force Ukraine to surrender territory").
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
    exceptions: Phrases = frozenset()
    object_clause: ObjectClause | None = None
    far_window: int = 0
    far_before: Phrases = frozenset()
    first_far: frozenset[str] = frozenset()


def after_cue(phrase: tuple[str, ...]) -> str:
    """The word of an ``after`` phrase that the scan looks for: its longest (the first of equals),
    so that a phrase starting with a common word ("not an option") does not send every hit
    followed by that word to the word-by-word check.

    >>> after_cue(("not", "up", "for", "negotiation")), after_cue(("unacceptable",))
    ('negotiation', 'unacceptable')
    """
    return max(phrase, key=len)


@lru_cache(maxsize=8)
def _negation_defaults(path: Path = NEGATION_FILE) -> dict[str, Any]:
    # (libyaml's parser, as lexicons are read: the data of yaml.safe_load, in a tenth of its 3 ms)
    return yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER)


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

    clause = d.get("object_clause") if d.get("language") == lexicon.language else None  # a language's own file
    far = phrases(own.get("far_negators", []))
    before = phrases(list(d["negators"]) + list(own.get("negators", []))) | far
    after = phrases(list(d["after"]) + list(own.get("after", [])))
    return Negation(enabled=bool(own.get("enabled", True)), window=int(own.get("window", d["window"])),
                    before=before, after_window=int(own.get("after_window", d["after_window"])), after=after,
                    breaks=frozenset(normalise_term(phrase_key(w, view)) for w in d["clause_breaks"]),
                    first_before=frozenset(p[0] for p in before), first_after=frozenset(p[0] for p in after),
                    scare_quotes=bool(own.get("scare_quotes", False)),
                    exceptions=phrases(list(d.get("exceptions", [])) + list(own.get("exceptions", []))),
                    object_clause=ObjectClause(frozenset(w for p in phrases(clause["complementizers"]) for w in p),
                                               phrases(clause["verbs"]),
                                               frozenset(w for p in phrases(clause.get("relative_pronouns", [])) for w in p),
                                               tuple(normalise_term(s) for s in clause.get("relative_stems", [])),
                                               phrases(clause.get("refusals", [])))
                    if clause else None,
                    far_window=int(own.get("far_window", 0)), far_before=far, first_far=frozenset(p[0] for p in far))


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
    negated: bool = False        # `negated: true`: a refusal by itself, every hit is negated


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


class KeyGroup(NamedTuple):
    """One key of the automaton and what an occurrence of it means.

    ``whole_start``/``whole_end``: the key must start/end at a word boundary (a wildcard key
    ``cede*`` does not end at one; the negation cue ``n't`` does not start at one). ``entries``:
    the terms it is (indexes of :attr:`Compiled.entries`); ``excludes``: the lexicons for which it
    is an exclusion phrase; ``cue``: :data:`BEFORE` / :data:`AFTER` bits if it is a negation cue.
    (A named tuple: there is one per key, tens of thousands made at once, and a named tuple is made
    in about half the time of a frozen dataclass.)
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
    """The automaton: every distinct key as bytes of the lexicons' own alphabet, and per-pattern and
    per-group arrays that the scan stage reads (see :class:`KeyGroup`).

    ``fast``: a DFA (up to 400,000 patterns), the fastest scan and the most memory: the built-in
    lexicons' 205,000 patterns take 154 MB and 0.8 s to compile. Else a contiguous NFA (31 MB,
    0.2 s; its scan some 15 % slower), for keys of a lemma view (:mod:`framing.match.lemma`): making
    that view costs four to six times its scan, which was 3-20 % slower (Russian, Ukrainian news),
    and the Ukrainian versions' 76,000 patterns take 3 MB instead of 74. The same matches either way.
    """

    NONWORD, OTHERWORD, SPACE = 0, 1, 0x20

    def __init__(self, groups: list[KeyGroup], fast: bool = True):
        self.groups = groups
        self.fast = fast
        # The groups' fields, each as one tuple (one transposition, not a pass over the groups per field)
        keys, whole_start, whole_end, entries, excludes, cue, prefix = zip(*groups) if groups else ((),) * 7
        # Every key's code points, one key after another; the characters they use, in order (a count
        # of each code point: a set of the joined keys' characters takes six times as long)
        joined = codes_of("".join(keys))
        used = np.flatnonzero(np.bincount(joined)).tolist() if len(joined) else []
        alphabet = [chr(c) for c in used if c != ord(" ")]
        own = [ch for ch in alphabet if 0x20 < ord(ch) < 0x7F]
        spare = (c for c in range(2, 0x10000) if not 0x20 <= c < 0x7F)  # (only as many as are used)
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
        # A key that ends at a word boundary is compiled once per boundary byte after it, as
        # (key, boundary); whether it starts at one is checked on the byte before each occurrence
        # (a boundary is any byte that is not a word's). This finds what (boundary, key, boundary)
        # patterns would, with a fifth of the patterns (a million for the built-in lexicons).
        edges = [self.as_bytes([c]) for c in sorted(set(code.values()) | {self.NONWORD}) if not self.is_word[c]]
        bodies = self._encoded(joined, np.fromiter(map(len, keys), dtype=np.int64, count=len(keys)), code)
        patterns, group_unit, self.pattern_unit, self.pattern_trail = key_patterns(list(whole_end), bodies, edges)
        counts = np.bincount(group_unit).astype(np.int64)  # (every unit has a group)
        # Per pattern: its unit (a key, and whether it ends at a boundary), whether a boundary byte
        # trails it; per unit: its groups (unit_first[u] : + unit_size[u] in unit_groups, in group order).
        self.unit_size = counts
        self.unit_first = np.concatenate(([0], np.cumsum(counts)[:-1])) if len(counts) else counts
        self.unit_groups = np.argsort(group_unit, kind="stable").astype(np.int64)
        self.group_whole_start = np.array(whole_start, dtype=bool)
        # Per group.
        self.group_prefix = np.array(prefix, dtype=bool)
        self.group_cue = np.array(cue, dtype=np.int64)
        # Per group, the lexicons it is an exclusion phrase of: exclude_lex[exclude_first[g]:][:exclude_size[g]].
        self.exclude_size = np.fromiter(map(len, excludes), dtype=np.int64, count=len(groups))
        self.exclude_first = np.concatenate(([0], np.cumsum(self.exclude_size)[:-1])) if len(groups) else self.exclude_size
        self.exclude_lex = np.array(list(itertools.chain.from_iterable(excludes)), dtype=np.int64)
        n_entries = np.fromiter(map(len, entries), dtype=np.int64, count=len(groups))
        self.group_size = n_entries
        self.group_first = np.concatenate(([0], np.cumsum(n_entries)[:-1])) if len(groups) else n_entries
        self.group_entries = np.array(list(itertools.chain.from_iterable(entries)), dtype=np.int64)
        impl = (ahocorasick_rs.Implementation.DFA if fast and len(patterns) <= 400_000
                else ahocorasick_rs.Implementation.ContiguousNFA if not fast else None)
        self.automaton = ahocorasick_rs.BytesAhoCorasick(patterns, implementation=impl) if patterns else None

    def _encoded(self, joined: np.ndarray, lengths: np.ndarray, code: dict[str, int]) -> list[bytes]:
        """Each key as bytes of the alphabet ``code`` (all keys looked up at once): ``joined`` holds the
        keys' code points one key after another, ``lengths`` their lengths."""
        if not len(lengths):
            return []
        values = np.zeros(max(map(ord, code)) + 1, dtype=self.dtype)  # code point -> its byte
        values[np.fromiter(map(ord, code), dtype=np.int64, count=len(code))] = list(code.values())
        mapped = values[joined].tobytes()
        ends = (np.cumsum(lengths) * self.width).tolist()
        return list(map(mapped.__getitem__, map(slice, [0] + ends[:-1], ends)))  # (no Python step per key)

    def as_bytes(self, codes: list[int]) -> bytes:
        return bytes(codes) if self.width == 1 else np.array(codes, dtype=self.dtype).tobytes()


def key_patterns(whole_end: list[bool], bodies: list[bytes], edges: list[bytes]
                 ) -> tuple[list[bytes], np.ndarray, np.ndarray, np.ndarray]:
    """The automaton's patterns of key groups (per group: whether it ends at a word boundary, and
    its key's bytes): one per unit (a distinct pair of the two, in order of first group), or, for a
    unit that ends at a boundary, one per boundary byte in ``edges`` (its key then that byte). Also
    per group its unit, and per pattern its unit and whether an edge byte trails it (0 or 1).

    >>> patterns, unit, pattern_unit, trail = key_patterns([True, False, True], [b"ab", b"c", b"ab"], [b" ", b"."])
    >>> patterns, unit.tolist(), pattern_unit.tolist(), trail.tolist()
    ([b'ab ', b'ab.', b'c'], [0, 1, 0], [0, 0, 1], [1, 1, 0])
    """
    # A unit is its key's bytes when it ends at a boundary, else those bytes in a tuple (a few prefix
    # keys and cues): the bytes themselves for nearly every group, with nothing made per group.
    unit_at: dict[bytes | tuple[bytes], int] = {}
    group_unit = np.array([unit_at.setdefault(body if end else (body,), len(unit_at)) for end, body in zip(whole_end, bodies)],
                          dtype=np.int64)
    patterns: list[bytes] = []
    for unit in unit_at:  # (map: the key + edge concatenations without a Python step each)
        if isinstance(unit, bytes):
            patterns.extend(map(unit.__add__, edges))
        else:
            patterns.append(unit[0])
    ends = np.zeros(len(unit_at), dtype=np.int64)
    ends[group_unit] = np.fromiter(whole_end, dtype=bool, count=len(whole_end))
    per_unit = np.where(ends == 1, len(edges), 1)
    return patterns, group_unit, np.repeat(np.arange(len(unit_at), dtype=np.int64), per_unit), np.repeat(ends, per_unit)


@dataclass
class Compiled:
    """Everything the stages need about a set of lexicons, built once by :func:`compile_lexicon_set`.

    Arrays are per entry: ``entry_lex`` (its lexicon), ``case_sensitive``, ``negatable`` (the
    term and its lexicon allow negation), ``excluding`` (the term has its own exclusions),
    ``surface`` (a ``match: word`` term of a lemma lexicon), ``always_negated`` (a ``negated: true`` term).
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
    always_negated: np.ndarray = field(init=False)

    def __post_init__(self) -> None:
        # (the entries' fields, each as one tuple: one pass over the entries)
        fields = operator.attrgetter("lex", "case_sensitive", "negation", "exclude", "surface", "negated")
        lex, case, negation, exclude, surface, negated = zip(*map(fields, self.entries)) if self.entries else ((),) * 6
        self.entry_lex = np.array(lex, dtype=np.int64)
        self.surface = np.array(surface, dtype=bool)
        # (a surface term's case is checked on the original text, not on the lemma view)
        self.case_sensitive = np.array(case, dtype=bool) & ~self.surface
        enabled = np.array([neg.enabled for neg in self.negations], dtype=bool)
        self.negatable = np.array(negation, dtype=bool) & enabled[self.entry_lex]
        self.excluding = np.fromiter(map(len, exclude), dtype=np.int64, count=len(self.entries)) > 0
        self.always_negated = np.array(negated, dtype=bool)


@paused_gc()  # tens of thousands of entries and key groups made at once, all kept (see framing.gcpause)
def compile_lexicon_set(lexicons: Iterable[Lexicon], automaton: bool = True) -> Compiled:
    """Compile lexicons (in this order) for matching; see :class:`framing.match.Matcher`.
    ``automaton=False`` leaves the automaton empty (for a set whose parts are scanned on their own)."""
    lexicons = tuple(lexicons)
    entries: list[Entry] = []
    negations = [negation_settings(lex) for lex in lexicons]
    regex_terms: list[RegexTerm] = []
    regex_exclusions: list[list[Pattern]] = []
    exact: dict[str, list[int]] = {}  # key -> its entries (the keys in order of first use)
    excludes: dict[str, set[int]] = {}  # key -> the lexicons it is an exclusion phrase of
    prefix: dict[str, list[int]] = {}
    for li, lex in enumerate(lexicons):
        view = view_of(lex.language, lex.match)
        keys = [t.text for t in lex.entries] if view.plain else [phrase_key(t.text, view) for t in lex.entries]
        normalised = normalise_terms(keys)
        first = len(entries)
        # (make_frozen: Entry(...) itself sets each field through the frozen class's slow path)
        entries += [make_frozen(Entry, {
            "lex": li, "lexicon": lex.name, "category": t.category, "subcategory": t.subcategory, "term": t.text,
            "kind": t.kind, "case_sensitive": t.case_sensitive, "negation": t.negation,
            "exclude": tuple(exclusion_pattern(e, view) for e in t.exclude) if t.exclude else (), "key": key,
            "surface": view.lemma and t.match == "word", "negated": t.negated}) for t, key in zip(lex.entries, keys)]
        for idx, t, key, norm in zip(range(first, len(entries)), lex.entries, keys, normalised):
            if t.kind == "regex" and t.pattern:
                regex_terms.append(RegexTerm(user_regex(t.pattern, t.case_sensitive), idx))
            elif t.kind == "regex":
                regex_terms.append(RegexTerm(phrase_pattern(key, t.case_sensitive and not view.lemma), idx,
                                             phrase_literal(key)))
            elif t.kind == "prefix":
                prefix.setdefault(norm.rstrip("*"), []).append(idx)
            else:
                exact.setdefault(norm, []).append(idx)
        regexes = []
        phrases = []  # a plain phrase is found as terms are: a key of the automaton
        for e in lex.exclusions:
            if e.regex or term_kind(e.phrase) != "phrase":
                regexes.append(exclusion_pattern(e, view))
            else:
                phrases.append(phrase_key(e.phrase, view))
        for key in normalise_terms(phrases):
            exact.setdefault(key, [])
            excludes.setdefault(key, set()).add(li)
        regex_exclusions.append(regexes)
    # Negation cues ride in the same automaton: a hit with no cue nearby needs no negation check.
    # A cue is the first word of a negator phrase (its words may stand apart by any non-word
    # characters: `ruled "out"`), so that the filter never misses what the word check finds. An
    # `after` phrase lies wholly after its hit, so any of its words will do: its longest (after_cue).
    before = {p[0] for neg in negations if neg.enabled and (neg.window or neg.far_window) for p in neg.before}
    after = {after_cue(p) for neg in negations if neg.enabled and neg.after_window for p in neg.after}
    for cue in sorted(before | after):  # (sorted: the same automaton in every process, whatever the hash seed)
        exact.setdefault(cue, [])
    # (KeyGroup(...) by position: a named tuple's keyword arguments cost more than the rest of a group)
    special = excludes.keys() | before | after
    groups = [KeyGroup(k, True, True, tuple(ids), tuple(sorted(excludes[k])) if k in excludes else (),
                       (BEFORE if k in before else 0) | (AFTER if k in after else 0))
              if k in special else KeyGroup(k, True, True, tuple(ids)) for k, ids in exact.items()]
    groups += [KeyGroup(k, True, False, tuple(ids), (), 0, True) for k, ids in prefix.items()]
    if before:  # any word ending in n't is a negator
        groups.append(KeyGroup("n't", whole_start=False, cue=BEFORE))
    plain = all(view_of(lex.language, lex.match).plain for lex in lexicons)  # (a lemma view: see Keys)
    return Compiled(lexicons, entries, negations, Keys(groups if automaton else [], fast=plain), regex_terms,
                    regex_exclusions)
