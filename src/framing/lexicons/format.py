"""Read, validate and hash lexicon YAML files (see :mod:`framing.lexicons` for the format).

>>> lex = load_lexicon("hedging")
>>> lex.name, lex.entries[0].category in lex.categories
('hedging', True)
"""

from __future__ import annotations

import bisect
import copy
import hashlib
import itertools
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import yaml

from ..errors import LexiconError, LexiconErrors
from ..gcpause import paused_gc
from ..paths import broken_link, lexicon_data_dir
from ..safe_yaml import SAFE_LOADER, YAMLExpansionError, check_expansion

TOP_KEYS = {"name", "version", "description", "definition", "examples", "limits", "sources", "licence",
            "license", "categories", "exclusions", "negation", "extends", "sets", "language", "match"}
REQUIRED_KEYS = {"name", "version", "description", "categories"}
CATEGORY_KEYS = {"description", "terms", "subcategories", "examples", "definition", "limits", "requires"}
TERM_KEYS = {"term", "regex", "case_sensitive", "exclude", "negation", "negated", "note", "requires", "match"}
MATCH_MODES = ("word", "lemma")  # `match:` of a lexicon or a term: the surface word, or any inflected form
LEMMA_LANGUAGES = ("ru", "uk")   # languages whose lexicons may say `match: lemma` (simplemma's lemmas)
LANGUAGE_RE = re.compile(r"^[a-z]{2}$")  # ISO 639-1
REQUIRES_KEYS = {"near", "window"}
MAX_NEAR_WINDOW = 50
NEGATION_KEYS = {"enabled", "window", "negators", "after", "after_window", "scare_quotes", "exceptions", "far_window", "far_negators"}
_WORD = r"[\w'’.&/+-]+\*?"  # one word of a term; a trailing * is a wildcard
WORD_RE = re.compile(rf"^{_WORD}$")
# A whole term of such words, one space apart (one search per term instead of one per word)
TERM_RE = re.compile(rf"{_WORD}(?: {_WORD})*")
TERMS_RE = re.compile(rf"{_WORD}(?: {_WORD})*(?:\n{_WORD}(?: {_WORD})*)*")  # terms one a line (a line each)
_NOT_IN_TERMS = re.compile(r"[^\w'’.&/+*\- \n]")  # a character that no term of TERMS_RE holds
CYRILLIC_RE = re.compile("[\u0400-\u04ff]")
# The YAML tags of list items that are not text, and how a message names what YAML made of them
_NOT_TEXT_TAGS = {"tag:yaml.org,2002:bool": "a yes/no value", "tag:yaml.org,2002:null": "nothing (null)",
                  "tag:yaml.org,2002:int": "a number", "tag:yaml.org,2002:float": "a number"}
_T = TypeVar("_T")


class _DuplicateKey(yaml.constructor.ConstructorError):
    """A key given twice in one YAML mapping."""


class _LexiconLoader(SAFE_LOADER):  # type: ignore[valid-type,misc]
    """The lexicon's YAML: a key given twice in one mapping is an error (plain YAML keeps the last
    one silently: a category written twice would lose the first one's terms)."""

    def construct_mapping(self, node, deep=False):
        first: dict[str, int] = {}
        for key, _ in node.value:
            if isinstance(key, yaml.ScalarNode):
                if key.value in first:
                    raise _DuplicateKey(None, None, f"the key {key.value!r} is given twice in one mapping (first at "
                                        f"line {first[key.value] + 1})", key.start_mark)
                first[key.value] = key.start_mark.line
        return super().construct_mapping(node, deep=deep)


@dataclass(frozen=True)
class Exclusion:
    """A span whose hits are dropped: a ``phrase`` (whole words, any case, ``{a,b}`` already
    expanded) or a ``regex`` (``case_sensitive`` or not).

    >>> Exclusion(phrase="in May").as_yaml(), Exclusion(regex="May 9", case_sensitive=True).as_yaml()
    ('in May', {'case_sensitive': True, 'regex': 'May 9'})
    """

    phrase: str = ""
    regex: str = ""
    case_sensitive: bool = False

    def as_yaml(self) -> str | dict[str, Any]:
        """How the lexicon file writes it."""
        if not self.regex:
            return self.phrase
        return {"case_sensitive": True, "regex": self.regex} if self.case_sensitive else {"regex": self.regex}


@dataclass(frozen=True)
class Term:
    """One entry of a lexicon, where it came from, and how it matches.

    ``kind`` is ``phrase`` (whole words), ``prefix`` (a phrase whose last word ends in ``*``)
    or ``regex`` (inner wildcards, or an explicit regular expression).
    """

    text: str
    category: str
    subcategory: str = ""
    kind: str = "phrase"
    case_sensitive: bool = False
    exclude: tuple[Exclusion, ...] = ()
    negation: bool = True
    line: int | None = None
    pattern: str = ""
    requires: Requirement | None = None
    match: str = "word"
    negated: bool = False  # a refusal by itself ("a red line"): every hit is negated


def are_terms(joined: str) -> bool:
    """Whether ``joined`` is terms one a line, each as :data:`TERMS_RE` fully matches them, told without
    that pattern where no term has a ``*`` (a search for a character outside its words, and for an empty
    word: a tenth of the time of matching each word, for the tens of thousands of ``{a,b}`` alternatives).

    >>> are_terms("give up\\nland"), are_terms("give  up"), are_terms("cede*\\nland"), are_terms("a*b")
    (True, False, True, False)
    """
    if not joined or _NOT_IN_TERMS.search(joined) or joined[0] in " \n" or joined[-1] in " \n":
        return False
    if "  " in joined or " \n" in joined or "\n " in joined or "\n\n" in joined:  # an empty word or term
        return False
    return "*" not in joined or TERMS_RE.fullmatch(joined) is not None


def make_frozen(cls: type[_T], values: dict[str, Any]) -> _T:
    """An instance of the frozen dataclass ``cls`` whose fields are ``values`` (every field, in field
    order), the same as ``cls(**values)`` but without its ``__init__``, which sets each field through
    the frozen class's slow ``__setattr__`` path: for the tens of thousands of terms and entries
    made at once when lexicons are read and compiled.

    >>> make_frozen(Requirement, {"near": ("land",), "window": 6}) == Requirement(near=("land",), window=6)
    True
    """
    made = object.__new__(cls)
    object.__setattr__(made, "__dict__", values)
    return made


@dataclass(frozen=True)
class Requirement:
    """A context rule: a hit counts only if one of ``near`` (phrases, ``*`` = any ending) occurs
    within ``window`` words of it, either side, in the same sentence (see :mod:`framing.match.context`)."""

    near: tuple[str, ...]
    window: int


@dataclass(frozen=True)
class Lexicon:
    """A validated lexicon: ``categories`` maps a category name to its terms (all subcategories)."""

    name: str
    version: str
    description: str
    categories: dict[str, tuple[str, ...]]
    sources: tuple[str, ...] = ()
    licence: str = ""
    path: str = ""
    sha256: str = field(default="", compare=False)
    entries: tuple[Term, ...] = ()
    exclusions: tuple[Exclusion, ...] = ()
    negation: dict = field(default_factory=dict, compare=False)
    meta: dict = field(default_factory=dict, compare=False)
    language: str = "en"
    match: str = "word"

    @property
    def terms(self) -> tuple[tuple[str, str], ...]:
        """All ``(category, term)`` pairs, in file order."""
        return tuple((cat, t) for cat, terms in self.categories.items() for t in terms)

    def provenance(self) -> dict[str, str]:
        """What a manifest records about this lexicon."""
        return {"name": self.name, "version": self.version, "sha256": self.sha256, "path": self.path}

    def __hash__(self) -> int:  # lexicons key compiled matchers
        return hash((self.name, self.sha256))


def builtin_names() -> list[str]:
    """Names of the lexicons shipped with the kit (each once: its English file ``NAME.yaml``)."""
    return sorted(p.stem for p in lexicon_data_dir().glob("*.yaml") if "." not in p.stem)


def version_path(path: Path, language: str) -> Path:
    """Where the ``language`` version of the lexicon file ``path`` lives: ``NAME.LANG.yaml`` beside it
    (English is the file itself).

    >>> version_path(Path("data/concession.yaml"), "ru").name
    'concession.ru.yaml'
    """
    return path if language == "en" else path.with_name(f"{path.stem}.{language}{path.suffix}")


def lexicon_languages(name_or_path: str | Path) -> tuple[str, ...]:
    """The languages a lexicon has a version in: ``en`` (the file itself), then each ``NAME.LANG.yaml``
    beside it, sorted.

    >>> lexicon_languages("hedging")[0]
    'en'
    """
    path = _resolve(name_or_path)
    found = sorted(p.name[len(path.stem) + 1:-len(path.suffix)] for p in path.parent.glob(f"{path.stem}.*{path.suffix}"))
    return ("en", *(lang for lang in found if LANGUAGE_RE.match(lang)))


def _line_of(text: str, needle: str, start: int = 1) -> int | None:
    """The first line number ``>= start`` whose line contains ``needle`` (``None`` if none does)."""
    return _Lines(text).find(needle, start)[0]


class _Lines:
    """Line numbers of a text by offset, so that finding a needle is one ``str.find``, not a scan of
    every line (a term's line is looked up once per term: a line-by-line scan made reading a
    lexicon quadratic in its size).

    >>> _Lines("a: 1\\nb: 2\\nb: 3\\n").find("b:", 3)
    (3, 12)
    """

    # Where str.splitlines breaks a line; a needle holding one of these is in no line.
    BREAK = re.compile("[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")

    def __init__(self, text: str):
        self.text = text
        lengths = [len(line) for line in text.splitlines(keepends=True)]
        self.starts = list(itertools.accumulate(lengths, initial=0))  # starts[i]: offset of line i + 1

    def offset(self, line: int) -> int:
        """Where line number ``line`` (1-based) begins."""
        return self.starts[min(max(line, 1), len(self.starts)) - 1]

    def find(self, needle: str, start: int = 1, after: int = 0) -> tuple[int | None, int]:
        """``(line number, offset past the needle)`` of the first occurrence of ``needle`` at or after
        line ``start`` and offset ``after``; ``(None, after)`` when there is none."""
        if self.BREAK.search(needle):
            return None, after
        at = self.text.find(needle, max(self.offset(start), after))
        line = bisect.bisect_right(self.starts, at)
        if at < 0 or line >= len(self.starts):  # not found, or only past the last line
            return None, after
        return line, at + len(needle)


def _resolve(name_or_path: str | Path) -> Path:
    p = Path(name_or_path)
    if p.suffix in {".yaml", ".yml"} or p.exists() or p.is_symlink():
        if not p.is_file():
            link = broken_link(p)
            raise LexiconError(p, link or "lexicon file not found", fix="point the link at a lexicon file, or give the "
                               "file itself" if link else "check the path, or use a built-in name: " + ", ".join(builtin_names()))
        return p
    builtin = lexicon_data_dir() / f"{name_or_path}.yaml"
    if not builtin.is_file():
        raise LexiconError(name_or_path, "unknown lexicon", fix="use one of " + ", ".join(builtin_names())
                           + " or a path to a .yaml file")
    return builtin


def term_kind(term: str) -> str:
    """``phrase``, ``prefix`` (only the last word ends in ``*``) or ``regex`` (a ``*`` elsewhere).

    >>> term_kind("give up territory"), term_kind("cede*"), term_kind("give* up")
    ('phrase', 'prefix', 'regex')
    """
    if "*" not in term and term.strip():  # most terms: no wildcard to look for word by word
        return "phrase"
    words = term.split()
    if any(w.endswith("*") for w in words[:-1]) or any("*" in w[:-1] for w in words):
        return "regex"
    return "prefix" if words[-1].endswith("*") else "phrase"


def expand_braces(term: str, where: Path | str = "<term>", line: int | None = None) -> list[str]:
    """Expand ``{a,b}`` alternatives (``{}`` may hold an empty alternative), in order.

    >>> expand_braces("{give,gave} up {,the }territory")
    ['give up territory', 'give up the territory', 'gave up territory', 'gave up the territory']
    """
    parts = re.split(r"(\{[^{}]*\})", term)
    if any(c in p for p in parts[::2] for c in "{}"):
        raise LexiconError(where, f"unbalanced braces in term {term!r}", fix="write {a,b} alternatives, not nested",
                           line=line)
    options = [p[1:-1].split(",") if i % 2 else [p] for i, p in enumerate(parts)]
    return [" ".join("".join(combo).split()) for combo in itertools.product(*options)]


# A group that repeats and holds a repeat itself, e.g. (a+)+, (\w+\s?)*, (?:x|xy){2,}: the classic
# shape of catastrophic backtracking (simple heuristic: a quantified group whose body ends in a
# quantifier or holds alternatives).
_NESTED_REPEAT = re.compile(r"\((?:\?:)?(?:[^()\\]|\\.)*(?:[+*}]|\|)(?:[^()\\]|\\.)*\)(?:[+*]|\{\d+,\d*\})")


def risky_regex(pattern: str) -> bool:
    """Whether ``pattern`` repeats a group that repeats or alternates inside (may backtrack for ever).

    >>> risky_regex(r"(a+)+$"), risky_regex(r"(a|aa)+"), risky_regex(r"talks? (?:resume|restart)")
    (True, True, False)
    """
    return bool(_NESTED_REPEAT.search(pattern))


def _check_regex(pattern: str, where: Path, line: int | None) -> None:
    try:
        re.compile(pattern)
    except re.error as exc:
        raise LexiconError(where, f"bad regex {pattern!r} ({exc})", fix="fix the regular expression "
                           "(YAML: use single quotes so backslashes stay)", line=line) from None


class _Reader:
    """Validates one parsed lexicon file; every error names the file and the line."""

    def __init__(self, path: Path, text: str):
        self.path, self.text = path, text
        self.seen: dict[str, tuple[str, int | None, str]] = {}  # term key -> (category, line, text) where first met
        self.lines = _Lines(text)
        self.cursor = 0  # past the last term found in the current `terms:` list (terms are in file order)
        self.sets: dict[str, tuple[str, ...]] = {}
        self.requires: Requirement | None = None  # of the category being read
        self.match = "word"  # the lexicon's `match:`
        self.required: dict[int, tuple[Any, Requirement]] = {}  # `requires:` mapping by id -> (it, read)
        self.errors: list[LexiconError] = []  # every problem found so far (reading goes on past one)
        self._odd: list[tuple[int, int, str, str]] | None = None  # see odd_items

    def collect(self, read: Callable[..., _T], *args: Any) -> _T | None:
        """``read(*args)``, or ``None`` when it fails: the error is kept and reading goes on, so that one
        check names every problem of the file."""
        try:
            return read(*args)
        except LexiconErrors as exc:
            self.errors.extend(exc.errors)
        except LexiconError as exc:
            self.errors.append(exc)
        return None

    def odd_items(self) -> list[tuple[int, int, str, str]]:
        """``(offset, line, source text, tag)`` of every list item and ``term:`` value that YAML did not
        read as text (an unquoted ``no``, ``on``, ``42``, an empty ``-``), in file order; parsed again only
        when such an item is met."""
        if self._odd is None:
            self._odd = []
            seen: set[int] = set()
            stack: list[Any] = [yaml.compose(self.text, Loader=SAFE_LOADER)]
            while stack:
                node = stack.pop()
                if node is None or id(node) in seen:
                    continue
                seen.add(id(node))
                if isinstance(node, yaml.SequenceNode):
                    items = [(True, item) for item in node.value]
                elif isinstance(node, yaml.MappingNode):
                    items = [(getattr(key, "value", None) == "term", value) for key, value in node.value]
                else:
                    continue
                for is_text, item in items:
                    if is_text and isinstance(item, yaml.ScalarNode) and item.tag in _NOT_TEXT_TAGS:
                        mark = item.start_mark
                        self._odd.append((mark.index, mark.line + 1, str(item.value), item.tag))
                    else:
                        stack.append(item)
            self._odd.sort()
        return self._odd

    def not_text(self, value: Any, what: str, start: int = 1) -> NoReturn:
        """Fail on a term or list item that YAML did not read as text, naming its line: an unquoted
        ``no``/``yes``/``on``/``off`` (YAML's yes/no values), a number, an empty item."""
        if isinstance(value, (list, dict)):
            self.fail(f"{what} {value!r} is a {type(value).__name__}, not a word or phrase", "",
                      "write one quoted word or phrase (or {term: ..., ...} for a term with options)")
        odd, after = self.odd_items(), max(self.cursor, self.lines.offset(start))
        same = [o for o in odd if o[3] in _NOT_TEXT_TAGS and _same_value(yaml.load(o[2] or "~", Loader=SAFE_LOADER), value)]
        found = next((o for o in same if o[0] >= after), same[0] if same else None)
        line, source, tag = (found[1], found[2], found[3]) if found else (None, str(value), "")
        if found:
            odd.remove(found)
        if value is None:
            raise LexiconError(self.path, f"an empty {what} (YAML reads it as nothing)",
                               fix="write the word or phrase, or delete the line", line=line)
        raise LexiconError(self.path, f"the unquoted {what} `{source}` is read by YAML as "
                           f"{_NOT_TEXT_TAGS.get(tag, type(value).__name__)} ({value!r}), not as text",
                           fix=f'quote it: "{source}"', line=line)

    def read_sets(self, data: Any) -> None:
        """``sets: {name: [phrases]}``: named lists that ``requires: {near: "@name"}`` reuses."""
        if data is None:
            return
        if not isinstance(data, dict):
            self.fail("`sets` must map a name to a list of phrases", "sets:", "e.g. sets: {territory: [land, region*]}")
        for name, items in data.items():
            self.collect(self.read_set, name, items)

    def read_set(self, name: Any, items: Any) -> None:
        self.sets[str(name)] = ()  # known, even when one of its items is wrong (that is the one error)
        if not isinstance(items, list) or not items:
            self.fail(f"set {name!r} must be a non-empty list of phrases", f"{name}:", "e.g. territory: [land, region*]")
        self.sets[str(name)] = tuple(self.near_items(items, f"set {name!r}"))

    def near_items(self, items: list, where: str) -> list[str]:
        out: list[str] = []
        for raw in items:
            if isinstance(raw, str) and raw.startswith("@"):
                if raw[1:] not in self.sets:
                    self.fail(f"{where}: unknown set {raw!r}", raw, "define it under `sets:` at the top level "
                              "(known: " + ", ".join(sorted(self.sets)) + ")")
                out.extend(self.sets[raw[1:]])
                continue
            if not isinstance(raw, str):
                self.not_text(raw, f"phrase of {where}")
            if not raw.strip():
                self.fail(f"{where}: {raw!r} is not a phrase", str(raw), "quote it")
            for phrase in expand_braces(raw, self.path, self.lines.find(raw)[0]):
                if not phrase or not all(WORD_RE.match(w) for w in phrase.split()):
                    self.fail(f"{where}: {phrase!r} is not a phrase of words (a * only at a word end)", raw.split("{")[0] or raw,
                              "use words, {a,b} alternatives and a trailing *")
                out.append(" ".join(phrase.split()))
        return out

    def requirement(self, raw: Any, where: str) -> Requirement:
        """``requires: {near: [phrases or "@set"] | "@set", window: N}`` (read once per mapping: the
        terms a ``{a,b}`` term expands to share it)."""
        seen = self.required.get(id(raw))
        if seen is not None and seen[0] is raw:
            return seen[1]
        req = self._requirement(raw, where)
        self.required[id(raw)] = (raw, req)
        return req

    def _requirement(self, raw: Any, where: str) -> Requirement:
        if not isinstance(raw, dict):
            self.fail(f"`requires` of {where} must be a mapping", "requires:", "e.g. requires: {near: [land], window: 6}")
        self.unknown(set(raw), REQUIRES_KEYS, f" in `requires` of {where}")
        near = raw.get("near")
        window = raw.get("window")
        if isinstance(near, str):
            near = [near]
        if not isinstance(near, list) or not near:
            self.fail(f"`requires` of {where} needs `near:` (a list of phrases, or \"@set\")", "requires:",
                      "e.g. requires: {near: [land, \"@territory\"], window: 6}")
        if isinstance(window, bool) or not isinstance(window, int) or not 1 <= window <= MAX_NEAR_WINDOW:
            self.fail(f"`requires` of {where} needs `window:`, a whole number from 1 to {MAX_NEAR_WINDOW}", "window:",
                      "e.g. requires: {near: [land], window: 6}")
        return Requirement(near=tuple(dict.fromkeys(self.near_items(near, f"`requires` of {where}"))), window=window)

    def fail(self, problem: str, needle: str = "", fix: str = "", start: int = 1) -> NoReturn:
        line = self.lines.find(needle, start)[0] if needle else None
        raise LexiconError(self.path, problem, fix=fix, line=line)

    def unknown(self, keys: set, allowed: set, where: str, start: int = 1) -> None:
        for bad in sorted(set(keys) - allowed, key=str):
            self.collect(self.fail, f"unknown key {bad!r}{where}", f"{bad}:", "allowed keys: " + ", ".join(sorted(allowed)),
                         start)

    def term(self, raw: Any, category: str, sub: str, start: int) -> list[Term]:
        """One YAML term entry -> one Term, or several when ``{a,b}`` alternatives expand."""
        first = str(raw.get("term", raw.get("regex", "")) if isinstance(raw, dict) else raw)
        line = self.line_of(first, start) or self.line_of(first.split("{")[0] or first, start)
        if isinstance(raw, str) and "{" in raw:
            texts = expand_braces(raw, self.path, line)
            return self._expanded(texts, raw, lambda text: text, category, sub, start, line)
        if isinstance(raw, dict) and "regex" not in raw and "{" in str(raw.get("term", "")):
            texts = expand_braces(raw["term"], self.path, line)
            return self._expanded(texts, raw, lambda text: {**raw, "term": text}, category, sub, start, line)
        return [self._term(raw, category, sub, start, line)]

    def _expanded(self, texts: list[str], raw: Any, entry: Callable[[str], Any], category: str, sub: str, start: int,
                  line: int | None) -> list[Term]:
        """The terms of the ``{a,b}`` alternatives ``texts`` of ``raw`` (``entry(text)``: the YAML entry of
        one). The first is read in full; when that added no error, the others differ from it only in
        their text (the options, exclusions and requirement checked once), and each is checked only for
        what depends on the text, in the same order, so the first error met is the same one."""
        errors = len(self.errors)
        out = [self._term(entry(texts[0]), category, sub, start, line)] if texts else []
        rest = texts[1:]
        if len(self.errors) != errors:  # e.g. an unknown key: every alternative says so again
            return out + [self._term(entry(text), category, sub, start, line) for text in rest]
        if not rest:
            return out
        first = out[0]
        # Every alternative's text checked at once (one space apart already, and no line break: expand_braces);
        # one check per alternative, in order, only when one of them fails.
        joined = "\n".join(rest)
        checked = all(rest) and are_terms(joined)
        if checked and first.kind == "phrase" and "*" not in joined:  # all phrases, as the first: only uniqueness left
            # (lower case of all at once: no line break in a term, and str.lower's one rule that looks at the
            # neighbours, a final sigma, sees a line break as the text's end)
            keys = rest if first.case_sensitive else joined.lower().split("\n")
            if self.seen.keys().isdisjoint(keys) and len(set(keys)) == len(keys):  # none met before: all at once
                self.seen.update(zip(keys, zip(itertools.repeat(category), itertools.repeat(line), rest)))
            else:  # (term by term: the first duplicate is the one named)
                for text, key in zip(rest, keys):
                    self.check_unique(text, category, line, None, first.case_sensitive, key)
            return out + [make_frozen(Term, {**first.__dict__, "text": text}) for text in rest]
        passed = {first.kind}  # kinds whose `match:` checks passed (what else they check is the same)
        for text in rest:
            if not checked:
                self.check_non_empty(text, category, start)
                self.check_words(text, start)
            kind = "phrase" if "*" not in text else term_kind(text)  # (term_kind's own first test, without a call)
            self.check_unique(text, category, line, None, first.case_sensitive)
            if kind not in passed:
                self.term_match(raw.get("match", self.match) if isinstance(raw, dict) else self.match,
                                text, kind, first.case_sensitive, start)
                passed.add(kind)
            out.append(make_frozen(Term, {**first.__dict__, "text": text, "kind": kind}))
        return out

    def check_unique(self, text: str, category: str, line: int | None, regex: str | None, case: Any,
                     key: str | None = None) -> None:
        """Fail on a term met before (unique ignoring case unless ``case``; a regex term by its regex).
        ``key``: ``text`` lower-cased (unless ``case``), when the caller has it."""
        key = regex or key or (text if case else text.lower())
        if key in self.seen:
            self.duplicate(text, category, line, *self.seen[key])
        self.seen[key] = (category, line, text)

    def check_non_empty(self, text: str, category: str, start: int) -> None:
        """Fail on a term that is empty or white space only."""
        if not text.strip():
            self.fail(f"term {text!r} in {category!r} is not a non-empty string", str(text), "quote it", start)

    def check_words(self, text: str, start: int) -> None:
        """Fail on a term with a character no word of a term may hold (:data:`TERM_RE`)."""
        if not TERM_RE.fullmatch(text):
            word = next(w for w in text.split() if not WORD_RE.match(w))
            self.fail(f"term {text!r} has an unsupported character in {word!r}", text,
                      "use words, inner ' - . & / +, a trailing * wildcard, or {term:, regex:} for "
                      "anything else", start)

    def line_of(self, needle: str, start: int) -> int | None:
        """The line of a term: its first occurrence after the previous term of the list, else after ``start``."""
        line, end = self.lines.find(needle, start, self.cursor)
        if line is None:
            line, end = self.lines.find(needle, start)
        if line is not None:
            self.cursor = end
        return line

    def _term(self, raw: Any, category: str, sub: str, start: int, line: int | None) -> Term:
        if isinstance(raw, dict):
            self.unknown(set(raw), TERM_KEYS, f" in a term of {category!r}", start)
            if "term" not in raw:
                self.fail(f"a term mapping in {category!r} needs `term:` (and optionally `regex:`)",
                          "regex:" if "regex" in raw else "case_sensitive:", "write {term: LABEL, regex: '...'} or "
                          "{term: 'words', case_sensitive: true}", start)
            text = raw.get("term")
            regex = raw.get("regex")
            opts = raw
        else:
            text, regex, opts = raw, None, {}
        if not isinstance(text, str):
            self.not_text(text, f"term of {category!r}", start)
        self.check_non_empty(text, category, start)
        text = " ".join(text.split())
        if regex is not None:
            if not isinstance(regex, str):
                self.fail(f"regex of term {text!r} must be a string", text, "quote it", start)
            _check_regex(regex, self.path, line)
            kind = "regex"
        else:
            self.check_words(text, start)
            kind = term_kind(text)
        excl = opts.get("exclude", [])
        if isinstance(excl, str):
            excl = [excl]
        for e in excl:
            self.exclusion(e, line)
        self.check_unique(text, category, line, regex, opts.get("case_sensitive"))
        case = opts.get("case_sensitive", False)
        if not isinstance(case, bool):
            self.fail(f"case_sensitive of {text!r} must be true or false", "case_sensitive:", "write case_sensitive: true", start=start)
        neg = opts.get("negation", True)
        if not isinstance(neg, bool):
            self.fail(f"negation of {text!r} must be true or false", "negation:", "write negation: false", start=start)
        always = opts.get("negated", False)
        if not isinstance(always, bool):
            self.fail(f"negated of {text!r} must be true or false", "negated:", "write negated: true", start=start)
        if always and not neg:
            self.fail(f"term {text!r} says both negated: true and negation: false", "negated:",
                      "keep one of them", start=start)
        req = self.requirement(opts["requires"], f"term {text!r}") if "requires" in opts else self.requires
        match = self.term_match(opts.get("match", self.match), text, kind, case, start)
        return make_frozen(Term, {"text": text, "category": category, "subcategory": sub, "kind": kind,
                                  "case_sensitive": case, "exclude": _exclusion_keys(excl) if excl else (),
                                  "negation": neg, "line": line, "pattern": regex or "", "requires": req,
                                  "match": match, "negated": always})

    def duplicate(self, text: str, category: str, line: int | None, first_category: str, first_line: int | None,
                  first_text: str) -> NoReturn:
        """A term given twice (terms are unique ignoring case, across categories): say where both are."""
        def where(cat: str, at: int | None) -> str:
            return (f"line {at}, " if at else "") + f"category {cat!r}"

        same = "" if first_text == text else f" (as {first_text!r}; terms are unique ignoring case)"
        if line is not None and line == first_line:
            fix = "write each alternative of a {a,b} term once"
        elif category == first_category:
            fix = "delete one of the two"
        else:
            fix = f"keep it in one category: delete it from {category!r}{f' (line {line})' if line else ''} " \
                  f"or from {first_category!r}"
        raise LexiconError(self.path, f"duplicate term {text!r}: first at {where(first_category, first_line)}{same}, "
                           f"again at {where(category, line)}", fix=fix, line=line)

    def term_match(self, match: Any, text: str, kind: str, case: bool, start: int) -> str:
        """A term's ``match:`` (the lexicon's unless it says ``match: word``), checked."""
        if match not in MATCH_MODES:
            self.fail(f"`match: {match}` of term {text!r} is not one of {', '.join(MATCH_MODES)}", "match:",
                      "write match: word (the surface form only) or leave it out", start)
        if match == "lemma" and self.match != "lemma":
            self.fail(f"term {text!r} says `match: lemma` but the lexicon matches words", "match:",
                      "set `match: lemma` (and `language:`) at the top of the lexicon", start)
        if self.match == "lemma":
            if kind == "regex" and match == "word":
                self.fail(f"regex term {text!r} cannot say `match: word` in a lemma lexicon (regexes match the "
                          "lemma text)", "match:", "leave `match:` out, or write the surface forms as a word term",
                          start)
            if match == "word" and kind != "phrase":
                self.fail(f"`match: word` term {text!r} cannot have a * wildcard in a lemma lexicon", text,
                          "write the surface forms out with {a,b} alternatives", start)
            if case and match == "lemma":
                self.fail(f"term {text!r} is case_sensitive but matches lemmas (lemmas are lower case)",
                          "case_sensitive:", "add `match: word` to compare the surface form's case", start)
        return str(match)

    def exclusion(self, raw: Any, line: int | None) -> None:
        if isinstance(raw, dict):
            if set(raw) - {"regex", "case_sensitive"} or "regex" not in raw:
                self.fail("an exclusion is a phrase or {regex: '...', case_sensitive: true|false}",
                          "exclu", "see the format in framing.lexicons")
            _check_regex(raw["regex"], self.path, self.lines.find("regex:")[0])
        elif not isinstance(raw, str):
            self.not_text(raw, "exclusion")
        elif not raw.strip():
            self.fail(f"exclusion {raw!r} is not a phrase", "exclu", "quote it")

    def terms(self, body: Any, category: str, sub: str, start: int) -> list[Term]:
        if not isinstance(body, dict):
            self.fail(f"category {category!r} must be a mapping with `terms:` or `subcategories:`",
                      f"{sub or category}:", "e.g.  modal: {terms: [may, might]}", start=start)
        self.unknown(set(body), CATEGORY_KEYS - ({"subcategories"} if sub else set()),
                     f" in {'subcategory' if sub else 'category'} {sub or category!r}", start)
        if "terms" not in body and "subcategories" not in body:
            self.fail(f"category {sub or category!r} needs a `terms:` list", f"{sub or category}:",
                      "add `terms: [...]` (or `subcategories:`)", start=start)
        raw_terms = body.get("terms", [])
        if not isinstance(raw_terms, list):
            self.collect(self.fail, f"`terms` of {sub or category!r} must be a list", "terms:",
                         "write terms: [a, b] or one term per '- ' line", start)
            raw_terms = []
        self.cursor = self.lines.find("terms:", start)[1]  # the terms follow their key (not the description)
        outer = self.requires
        out: list[Term] = []
        try:
            if "requires" in body:
                where = f"{'subcategory' if sub else 'category'} {sub or category!r}"
                self.requires = self.collect(self.requirement, body["requires"], where) or outer
            for raw in raw_terms:
                try:  # (not self.collect: this loop runs once per term of the file)
                    out.extend(self.term(raw, category, sub, start))
                except LexiconError as exc:
                    self.errors.append(exc)
            subs = body.get("subcategories") or {}
            if not isinstance(subs, dict):
                self.fail(f"`subcategories` of {category!r} must be a mapping", "subcategories:",
                          "e.g. subcategories: {modal: {terms: [may]}}", start=start)
            for name, sub_body in subs.items():
                sub_start = self.lines.find(f"{name}:", start)[0] or start
                out.extend(self.collect(self.terms, sub_body, category, str(name), sub_start) or [])
        finally:
            self.requires = outer
        return out


def _same_value(a: Any, b: Any) -> bool:
    """Whether two values YAML read are the same, type included (``True`` is not ``1``)."""
    return type(a) is type(b) and a == b


def _exclusion_keys(items: list) -> tuple[Exclusion, ...]:
    """Validated exclusion entries as :class:`Exclusion` objects (phrases with ``{a,b}`` expanded)."""
    out: list[Exclusion] = []
    for raw in items:
        if isinstance(raw, dict):
            out.append(Exclusion(regex=raw["regex"], case_sensitive=bool(raw.get("case_sensitive", False))))
        else:
            out.extend(Exclusion(phrase=p) for p in expand_braces(raw))
    return tuple(out)


def _negation_settings(data: Any, reader: _Reader) -> dict:
    if data is None:
        return {}
    if isinstance(data, bool):
        return {"enabled": data}
    if not isinstance(data, dict):
        reader.fail("`negation` must be true, false or a mapping", "negation:",
                    "e.g. negation: {window: 4, negators: [refuse]}")
    reader.unknown(set(data), NEGATION_KEYS, " in `negation`", reader.lines.find("negation:")[0] or 1)
    for key in ("window", "after_window", "far_window"):
        if key in data and (not isinstance(data[key], int) or isinstance(data[key], bool) or not 0 <= data[key] <= 20):
            reader.fail(f"negation {key} must be a whole number from 0 to 20", f"{key}:", "e.g. negation: {window: 4}")
    for key in ("enabled", "scare_quotes"):
        if key in data and not isinstance(data[key], bool):
            reader.fail(f"negation {key} must be true or false", f"{key}:", f"e.g. negation: {{{key}: true}}")
    for key in ("negators", "after", "exceptions", "far_negators"):
        items = data.get(key)
        for item in items if isinstance(items, list) else []:
            if not isinstance(item, str):
                reader.not_text(item, f"item of negation {key}")
        if key in data and not (isinstance(data[key], list) and all(isinstance(x, str) and x.strip() for x in data[key])):
            reader.fail(f"negation {key} must be a list of words or phrases", f"{key}:",
                        f"e.g. negation: {{{key}: [refuse, rule out]}}")
    out = dict(data)
    for key in ("negators", "after", "exceptions", "far_negators"):  # {a,b} alternatives, as in terms
        if key in out:
            out[key] = [phrase for item in out[key]
                        for phrase in expand_braces(item, reader.path, reader.lines.find(item)[0])]
    return out


def is_language_code(code: str) -> bool:
    """Whether ``code`` is a two-letter ISO 639-1 code of a language (``xx`` is not; see
    :func:`framing.language.normalise_language`): what ``language:`` and ``--lang`` take.

    >>> is_language_code("ru"), is_language_code("xx"), is_language_code("russian")
    (True, False, False)
    """
    from ..language import normalise_language

    return bool(LANGUAGE_RE.match(code)) and normalise_language(code) == code


def _language_and_match(data: dict, reader: _Reader) -> tuple[str, str]:
    """The top-level ``language:`` (ISO 639-1, default ``en``) and ``match:`` (default ``word``)."""
    language = data.get("language", "en")
    if not isinstance(language, str) or not is_language_code(language):
        reader.fail(f"`language: {language}` is not a two-letter ISO 639-1 code of a language", "language:",
                    "e.g. language: ru (Russian), uk (Ukrainian) or en (the default)")
    match = data.get("match", "word")
    if match not in MATCH_MODES:
        reader.fail(f"`match: {match}` is not one of {', '.join(MATCH_MODES)}", "match:",
                    "write match: lemma (every inflected form) or match: word (the default)")
    if match == "lemma" and language not in LEMMA_LANGUAGES:
        reader.fail(f"`match: lemma` is available for {', '.join(LEMMA_LANGUAGES)}, not `language: {language}`",
                    "match:", "set `language:` to one of " + ", ".join(LEMMA_LANGUAGES) + ", or use match: word")
    return language, str(match)


@paused_gc()  # tens of thousands of terms made at once, all kept (see framing.gcpause)
def parse_lexicon(data: Any, text: str, path: Path) -> Lexicon:
    """Validate parsed YAML ``data`` (from file ``path`` whose raw content is ``text``)."""
    reader = _Reader(path, text)
    if not isinstance(data, dict):
        raise LexiconError(path, "a lexicon file must be a mapping with name, version, description, categories",
                           fix="see the format in framing.lexicons, or `framing lexicon convert` for LIWC/quanteda")
    reader.unknown(set(data), TOP_KEYS, "")
    missing = REQUIRED_KEYS - set(data)
    if missing:
        reader.errors.append(LexiconError(path, "missing key(s) " + ", ".join(sorted(missing)), fix="add them at the top level"))
    cats = data.get("categories")
    if not isinstance(cats, dict) or not cats:
        if "categories" in data:
            reader.collect(reader.fail, "`categories` must map category names to {terms: [...]}", "categories:",
                           "e.g. categories: {modal: {terms: [may, might]}}")
        cats = {}
    language, reader.match = reader.collect(_language_and_match, data, reader) or ("en", "word")
    reader.read_sets(data.get("sets"))
    entries: list[Term] = []
    start = reader.lines.find("categories:")[0] or 1
    for cat, body in cats.items():
        cat_start = reader.lines.find(f"{cat}:", start)[0] or start
        entries.extend(reader.collect(reader.terms, body, str(cat), "", cat_start) or [])
    exclusions = data.get("exclusions") or []
    if not isinstance(exclusions, list):
        reader.collect(reader.fail, "`exclusions` must be a list", "exclusions:", "write exclusions: [\"political will\"]")
        exclusions = []
    for e in exclusions:
        reader.collect(reader.exclusion, e, None)
    negation = reader.collect(_negation_settings, data.get("negation"), reader)
    if reader.errors:
        raise reader.errors[0] if len(reader.errors) == 1 else LexiconErrors(reader.errors)
    texts: dict[str, list[str]] = {}
    for t in entries:
        texts.setdefault(t.category, []).append(t.text)
    for cat in cats:
        texts.setdefault(str(cat), [])
    categories = {cat: tuple(terms) for cat, terms in texts.items()}
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)
    meta = {k: data[k] for k in ("definition", "examples", "limits") if k in data}
    return Lexicon(
        name=str(data["name"]), version=str(data["version"]), description=str(data["description"]).strip(),
        categories=categories, sources=tuple(str(s) for s in data.get("sources") or ()),
        licence=str(data.get("licence", data.get("license", ""))), path=str(path),
        sha256=hashlib.sha256(canonical.encode("utf-8")).hexdigest(), entries=tuple(entries),
        exclusions=_exclusion_keys(exclusions),
        negation=negation or {}, meta=meta, language=language, match=reader.match,
    )


def _merge(base: dict, override: dict) -> dict:
    """A user file with ``extends: NAME`` adds categories/terms to a built-in one and overrides keys."""
    out = dict(base)
    for key, value in override.items():
        if key == "categories":
            cats = dict(base.get("categories") or {})
            for cat, body in (value or {}).items():
                if cat in cats and isinstance(body, dict) and isinstance(cats[cat], dict):
                    merged = dict(cats[cat])
                    merged["terms"] = list(cats[cat].get("terms", [])) + list(body.get("terms", []))
                    merged.update({k: v for k, v in body.items() if k != "terms"})
                    cats[cat] = merged
                else:
                    cats[cat] = body
            out["categories"] = cats
        elif key == "exclusions":
            out["exclusions"] = list(base.get("exclusions") or []) + list(value or [])
        elif key != "extends":
            out[key] = value
    return out


def read_yaml(path: Path) -> tuple[Any, str]:
    """Parse a YAML file, turning syntax errors into a :class:`LexiconError` with the line."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise LexiconError(path, f"not UTF-8 text (byte {exc.start})", fix="save the lexicon as UTF-8 YAML") from None
    try:
        check_expansion(text)
        return yaml.load(text, Loader=_LexiconLoader), text
    except yaml.YAMLError as exc:
        line = getattr(getattr(exc, "problem_mark", None), "line", None)
        raise LexiconError(path, f"not valid YAML ({getattr(exc, 'problem', exc)})",
                           fix="write the repeated parts out, or use fewer anchors and aliases (&name, *name)"
                           if isinstance(exc, YAMLExpansionError)
                           else "keep one of the two (merge their contents if both are wanted)"
                           if isinstance(exc, _DuplicateKey) else "check indentation and quoting",
                           line=None if line is None else line + 1) from None


def load_lexicon(name_or_path: str | Path, language: str | None = None) -> Lexicon:
    """Load a built-in lexicon by name, or a user lexicon from a YAML file, and validate it.

    ``language`` (ISO 639-1) loads that language version: the file ``NAME.LANG.yaml`` beside the
    English ``NAME.yaml`` (same ``name:``, and ``language: LANG`` at its top); ``None`` or ``"en"``
    loads the file itself. A missing version is a :class:`LexiconError` (see
    :func:`lexicon_languages` for the versions there are).
    A user file may say ``extends: hedging`` to add terms to (or override keys of) a built-in.

    >>> load_lexicon("hedging", language="en").language
    'en'
    """
    path = _resolve(name_or_path)
    if language not in (None, "en"):
        return _load_version(path, str(language), name_or_path)
    return _load_file(path)


def _load_file(path: Path) -> Lexicon:
    data, text = read_yaml(path)
    base_text = ""
    if isinstance(data, dict) and "extends" in data:
        base_name = data["extends"]
        if base_name not in builtin_names():
            raise LexiconError(path, f"`extends: {base_name}` is not a built-in lexicon",
                               fix="use one of " + ", ".join(builtin_names()), line=_line_of(text, "extends:"))
        base, base_text = read_yaml(_resolve(base_name))
        data = _merge(base, data)
    # Validation is most of a load and a pure function of the file's text (and its base's): done once
    # per content, for the last few contents read.
    key = (str(path), text, base_text)
    lex = _PARSED.pop(key, None) or parse_lexicon(data, text, path)
    _PARSED[key] = lex  # the most recently used last
    while len(_PARSED) > _PARSED_MAX:
        del _PARSED[next(iter(_PARSED))]
    if isinstance(data, dict) and "language" not in data and CYRILLIC_RE.search(text):
        _check_cyrillic_says_language(lex)
    return replace(lex, categories=dict(lex.categories), negation=copy.deepcopy(lex.negation),
                   meta=copy.deepcopy(lex.meta))  # each caller its own dicts


_PARSED: dict[tuple[str, str, str], Lexicon] = {}  # validated lexicons by (path, text, base's text), oldest first
_PARSED_MAX = 64


def _load_version(english: Path, language: str, asked: str | Path) -> Lexicon:
    """The ``language`` version of the lexicon whose English file is ``english``, checked."""
    path = version_path(english, language)
    if not LANGUAGE_RE.match(language):
        raise LexiconError(asked, f"language {language!r} is not a two-letter ISO 639-1 code",
                           fix="e.g. language='ru' or 'uk'")
    if not path.is_file():
        raise LexiconError(asked, f"no {language} version of this lexicon ({path.name} not found)",
                           fix=f"use one of its languages: {', '.join(lexicon_languages(english))}, "
                           f"or write {path.name} beside {english.name}")
    lex = _load_file(path)
    if lex.language != language:
        raise LexiconError(path, f"the {language} version says `language: {lex.language}`",
                           fix=f"write `language: {language}` at its top", line=_line_of(path.read_text("utf-8"), "language:"))
    if english.parent == lexicon_data_dir() and lex.name != english.stem:
        raise LexiconError(path, f"a language version must keep the name {english.stem!r}, not {lex.name!r}",
                           fix=f"write `name: {english.stem}`", line=_line_of(path.read_text("utf-8"), "name:"))
    return lex


def _check_cyrillic_says_language(lex: Lexicon) -> None:
    """A lexicon without ``language:`` is English (word matching, English negation): one whose terms
    are Cyrillic must say its language, or ``language: en`` to keep matching them as English words."""
    cyrillic = [t for t in lex.entries if CYRILLIC_RE.search(t.text) or CYRILLIC_RE.search(t.pattern)]
    if cyrillic:
        first = cyrillic[0]
        raise LexiconError(lex.path, f"{len(cyrillic)} of {len(lex.entries)} terms are Cyrillic (first {first.text!r}), "
                           "but the lexicon has no `language:`, so it would be matched as English (word forms "
                           "only, English negators)", fix="add `language: ru` or `language: uk` at the top (and "
                           "`match: lemma` for every inflected form), or `language: en` to match them as English "
                           "words", line=first.line)


def load_lexicons(names: Sequence[str | Path] | None = None, language: str | None = None) -> list[Lexicon]:
    """Load several lexicons (in their ``language`` version, see :func:`load_lexicon`); ``None``
    means every built-in lexicon.

    >>> [lex.name for lex in load_lexicons(["hedging", "security"])]
    ['hedging', 'security']
    """
    chosen = builtin_names() if not names else names
    lexicons = [load_lexicon(n, language) for n in chosen]
    dupes = {lex.name for lex in lexicons if [x.name for x in lexicons].count(lex.name) > 1}
    if dupes:
        raise LexiconError(", ".join(map(str, chosen)), f"lexicon name(s) given twice: {sorted(dupes)}",
                           fix="pass each lexicon once")
    return lexicons
