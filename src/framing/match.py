"""Find lexicon terms in text: all lexicons compiled once into one Aho-Corasick automaton.

Matching is whole-word and case-insensitive (unless a term says ``case_sensitive: true``);
curly and straight apostrophes are the same, and a phrase matches across line breaks and runs
of spaces. Within a lexicon the leftmost-longest match wins and hits never overlap; hits inside
an exclusion ("political will", "in May") are dropped; a negator shortly before the hit in the
same clause ("will not cede") marks it ``negated``. Terms of up to four characters ("US", "if")
are looked up only after white space or common punctuation (``_LEADS``), so that they do not
fire inside every word; a rare character glued in front of one hides it. Why Aho-Corasick: see
``benchmarks/score_throughput.py`` (it is measured there against a token trie, one ``re``
alternation, spaCy's PhraseMatcher and nltk n-gram lookup).

>>> from framing.lexicons import load_lexicon
>>> m = find_matches_in_text("The mayor may not give up\\nterritory.", [load_lexicon("hedging"),
...                          load_lexicon("concession")])
>>> [(x["lexicon"], x["term"], x["start"], x["end"], x["negated"]) for x in m]
[('hedging', 'may', 10, 13, False), ('concession', 'give up territory', 18, 35, True)]
"""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import ahocorasick
import pandas as pd
import yaml

from .lexicons import Lexicon
from .lexicons.format import term_kind
from .text import WORD_RE, sentence_spans

MATCH_COLUMNS = ["doc_id", "sent_id", "start", "end", "lexicon", "category", "subcategory", "term",
                 "matched_text", "negated"]
NEGATION_FILE = Path(__file__).resolve().parent / "lexicons" / "negation.yaml"

_APOSTROPHES = "'’‘`ʼ"
# Length-preserving normalisation: apostrophes -> ', whitespace -> space, unicode hyphens -> -.
_TABLE = str.maketrans({**{c: "'" for c in _APOSTROPHES}, **{c: " " for c in "\n\r\t\f\v\xa0\u2028\u2029"},
                        "\u2010": "-", "\u2011": "-"})
_MULTISPACE = re.compile(r" {2,}")
_CLAUSE_RE = re.compile(r"[.;:!?,()\[\]\"“”«»—–]")
_EXCLUSION_WINDOW = 60
_SHORT = 4
# Characters a short key may follow (anything else before it is taken as part of a word).
_LEADS = " ([{<\"'“”‘’«»‹›-‐‑–—―/\\.,;:!?…*#@$%&+=|~^\u200b\u00ad\u2009\u202f\u3000"
_NEGATION_CHARS = 100


def normalise_term(text: str) -> str:
    """The key under which a term and its matched text meet: lower case, one space, straight '.

    >>> normalise_term("He’d  Accept")
    "he'd accept"
    """
    return " ".join(text.translate(_TABLE).lower().split())


_REPLACE = [(c, "'") for c in _APOSTROPHES[1:]] + [(c, " ") for c in "\n\r\t\f\v\xa0\u2028\u2029"] + \
    [("\u2010", "-"), ("\u2011", "-")]


def _normalise_text(text: str) -> str:
    """Same as ``text.translate(_TABLE).lower()`` (offsets kept), by fast C-level replaces."""
    for old, new in _REPLACE:
        if old in text:
            text = text.replace(old, new)
    norm = text.lower()
    if len(norm) != len(text):  # rare characters whose lower case is longer ("İ"): keep offsets
        norm = "".join(c.lower()[:1] or c for c in text)
    return norm


def _isword(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def phrase_pattern(term: str, case_sensitive: bool = False) -> re.Pattern[str]:
    """A whole-word regex for a term (``*`` at a word's end = any word ending; apostrophes alike).

    >>> bool(phrase_pattern("giv* up").search("Giving  up"))
    True
    """
    words = []
    for word in term.split():
        star = word.endswith("*")
        escaped = re.escape(word.rstrip("*"))
        for ch in _APOSTROPHES:
            escaped = escaped.replace(re.escape(ch), ch).replace(ch, "['’‘`ʼ]")
        words.append(escaped + (r"\w*" if star else ""))
    body = r"\s+".join(words)
    return re.compile(rf"(?<!\w)(?:{body})(?!\w)", 0 if case_sensitive else re.IGNORECASE)


@dataclass(frozen=True)
class Negation:
    """Compiled negation settings of one lexicon."""

    enabled: bool
    window: int
    before: frozenset[tuple[str, ...]]
    after_window: int
    after: frozenset[tuple[str, ...]]
    breaks: frozenset[str]


@lru_cache(maxsize=1)
def _negation_defaults() -> dict:
    return yaml.safe_load(NEGATION_FILE.read_text(encoding="utf-8"))


def _negation(lexicon: Lexicon) -> Negation:
    d = dict(_negation_defaults())
    own = lexicon.negation or {}
    words = lambda xs: frozenset(tuple(normalise_term(x).split()) for x in xs)  # noqa: E731
    breaks = frozenset(normalise_term(w) for w in d["clause_breaks"])
    return Negation(enabled=bool(own.get("enabled", True)), window=int(own.get("window", d["window"])),
                    before=words(list(d["negators"]) + list(own.get("negators", []))),
                    after_window=int(own.get("after_window", d["after_window"])),
                    after=words(list(d["after"]) + list(own.get("after", []))), breaks=breaks)


_FIRST_WORDS: dict[frozenset, frozenset] = {}


def _has_negator(tokens: list[str], phrases: frozenset[tuple[str, ...]], contractions: bool) -> bool:
    if not any(t.endswith("n't") for t in tokens) if contractions else True:
        if _FIRST_WORDS.setdefault(phrases, frozenset(p[0] for p in phrases)).isdisjoint(tokens):
            return False
    for i, tok in enumerate(tokens):
        if contractions and tok.endswith("n't"):
            return True
        if (tok,) in phrases:
            return True
        for n in (2, 3, 4):
            if i + n <= len(tokens) and tuple(tokens[i:i + n]) in phrases:
                return True
    return False


def is_negated(text: str, start: int, end: int, neg: Negation) -> bool:
    """Whether a negator stands within ``neg.window`` words before ``text[start:end]`` in its clause
    (or one of ``neg.after`` within ``neg.after_window`` words after it).

    >>> from framing.lexicons import load_lexicon
    >>> neg = _negation(load_lexicon("concession"))
    >>> is_negated("We will never cede land.", 14, 18, neg), is_negated("No. We cede land.", 7, 11, neg)
    (True, False)
    """
    if not neg.enabled:
        return False
    if neg.window:
        left = text[max(0, start - _NEGATION_CHARS):start]
        cut = _CLAUSE_RE.search(left[::-1])
        tokens = WORD_RE.findall(_normalise_text(left[len(left) - cut.start():] if cut else left))[-neg.window:]
        for i in range(len(tokens) - 1, -1, -1):
            if tokens[i] in neg.breaks:
                tokens = tokens[i + 1:]
                break
        if tokens and _has_negator(tokens, neg.before, True):
            return True
    if neg.after_window:
        right = text[end:end + _NEGATION_CHARS]
        cut = _CLAUSE_RE.search(right)
        tokens = WORD_RE.findall(_normalise_text(right[:cut.start()] if cut else right))[:neg.after_window + 3]
        for i, tok in enumerate(tokens):
            if tok in neg.breaks:
                tokens = tokens[:i]
                break
        return bool(tokens) and _has_negator(tokens, neg.after, False)
    return False


@dataclass(frozen=True)
class Entry:
    """One compiled term: where it belongs and how its hits are checked."""

    lex: int
    lexicon: str
    category: str
    subcategory: str
    term: str
    kind: str
    case_sensitive: bool
    negation: bool
    exclude: tuple[re.Pattern[str], ...]


def _exclusion_pattern(raw: str) -> re.Pattern[str]:
    if raw.startswith('{"'):
        spec = json.loads(raw)
        return re.compile(spec["regex"], 0 if spec.get("case_sensitive") else re.IGNORECASE)
    return phrase_pattern(raw)


class Matcher:
    """All lexicons compiled once into one automaton. Pure: :meth:`hits` depends only on the text.

    Lexicon-level exclusion phrases are keys of the same automaton (their spans come from the
    same pass); regex exclusions run once per text, only for lexicons with a candidate hit.

    >>> from framing.lexicons import load_lexicon
    >>> Matcher([load_lexicon("ceasefire")]).hits("A cease-fire, then a ceasefire.")
    [(2, 12, 0, False), (21, 30, 1, False)]
    """

    def __init__(self, lexicons: Iterable[Lexicon]):
        self.lexicons = tuple(lexicons)
        self.entries: list[Entry] = []
        self.negations = [_negation(lex) for lex in self.lexicons]
        self.regex_terms: list[tuple[re.Pattern[str], int]] = []
        self.regex_exclusions: list[re.Pattern[str] | None] = []
        keys: dict[str, tuple[list[int], set[int]]] = {}
        for li, lex in enumerate(self.lexicons):
            for t in lex.entries:
                idx = len(self.entries)
                self.entries.append(Entry(li, lex.name, t.category, t.subcategory, t.text, t.kind, t.case_sensitive,
                                          t.negation, tuple(_exclusion_pattern(e) for e in t.exclude)))
                if t.kind == "regex":
                    pattern = (re.compile(t.pattern, 0 if t.case_sensitive else re.IGNORECASE)
                               if t.pattern else phrase_pattern(t.text, t.case_sensitive))
                    self.regex_terms.append((pattern, idx))
                else:
                    keys.setdefault(normalise_term(t.text).rstrip("*"), ([], set()))[0].append(idx)
            regexes = []
            for e in lex.exclusions:
                if e.startswith('{"') or term_kind(e) != "phrase":
                    pat = _exclusion_pattern(e)
                    regexes.append(f"(?{'i' if pat.flags & re.IGNORECASE else ''}:{pat.pattern})")
                else:
                    keys.setdefault(normalise_term(e), ([], set()))[1].add(li)
            self.regex_exclusions.append(re.compile("|".join(regexes)) if regexes else None)
        # Negation cues ride in the same automaton: a hit with no cue nearby needs no negation check.
        cues = {" ".join(p) for neg in self.negations if neg.enabled for p in neg.before | neg.after}
        self.automaton = ahocorasick.Automaton()
        # value: (key length, ((entry, is prefix), ...), lexicons it excludes for, cue kind, any prefix)
        values = {}
        for key, (ids, excl) in keys.items():
            items = tuple((i, self.entries[i].kind == "prefix") for i in ids)
            values[key] = (len(key), items, tuple(sorted(excl)), 1 if key in cues else 0, any(p for _, p in items))
        values.update({key: (len(key), (), (), 1, False) for key in cues - set(keys)})
        self._case_sensitive = frozenset(i for i, e in enumerate(self.entries) if e.case_sensitive)
        for key, value in values.items():
            if len(key) <= _SHORT:  # "us", "no", "if": only at word starts, else they fire inside many words
                for lead in _LEADS:
                    self.automaton.add_word(lead + key, value)
            else:
                self.automaton.add_word(key, value)
        if cues:
            self.automaton.add_word("n't", (3, (), (), 2, False))  # won't, don't: a cue inside a word
        if keys or cues:
            self.automaton.make_automaton()
        self._has_keys = bool(keys or cues)

    def terms(self, lexicon: str | None = None) -> list[str]:
        """The exact terms the matcher uses (of one lexicon, or all)."""
        return [e.term for e in self.entries if lexicon is None or e.lexicon == lexicon]

    def _candidates(self, text: str) -> tuple[list[tuple[int, int, int]], list[list[tuple[int, int]]], list[int]]:
        """Candidate hits ``(start, end, entry)``, excluded spans per lexicon, negation cue offsets."""
        excluded: list[list[tuple[int, int]]] = [[] for _ in self.lexicons]
        out: list[tuple[int, int, int]] = []
        cues: list[int] = []
        entries = self.entries
        if self._has_keys:
            norm = _normalise_text(text)
            back = None
            if "  " in norm:
                norm, back = _collapse(norm)
            n = len(norm)
            # Scan with a leading space (offsets shift by one) so short keys match at the text start.
            for last, (length, items, excl, cue, any_prefix) in self.automaton.iter(" " + norm):
                start = last - length
                word_after = last < n and (norm[last].isalnum() or norm[last] == "_")
                if word_after:
                    if not any_prefix:
                        continue
                elif cue:
                    cues.append(start)
                if start and (norm[start - 1].isalnum() or norm[start - 1] == "_"):
                    continue
                for idx, prefix in items:
                    if prefix:
                        stop = last
                        while stop < n and (norm[stop].isalnum() or norm[stop] == "_"):
                            stop += 1
                        out.append((start, stop, idx))
                    elif not word_after:
                        out.append((start, last, idx))
                if excl and not word_after:
                    for li in excl:
                        excluded[li].append((start, last))
            if back is not None:
                out = [(_orig(back, s), _orig(back, e - 1) + 1, i) for s, e, i in out]
                excluded = [[(_orig(back, s), _orig(back, e - 1) + 1) for s, e in spans] for spans in excluded]
                cues = [_orig(back, c) for c in cues]
            if self._case_sensitive:
                cs = self._case_sensitive
                out = [c for c in out if c[2] not in cs or _same_case(text, c, entries[c[2]])]
        for pattern, idx in self.regex_terms:
            out.extend((m.start(), m.end(), idx) for m in pattern.finditer(text) if m.end() > m.start())
        if out:
            for li in {entries[c[2]].lex for c in out}:
                if self.regex_exclusions[li] is not None:
                    excluded[li].extend(m.span() for m in self.regex_exclusions[li].finditer(text))
        cues.sort()
        return out, excluded, cues

    def hits(self, text: str) -> list[tuple[int, int, int, bool]]:
        """``(start, end, entry index, negated)`` of every hit, by lexicon then position."""
        cands, excluded, cues = self._candidates(text)
        if not cands:
            return []
        entries = self.entries
        cands.sort(key=lambda c: (entries[c[2]].lex, c[0], c[0] - c[1], c[2]))
        out = []
        last_lex, last_end = -1, -1
        for start, end, idx in cands:
            e = entries[idx]
            if e.lex != last_lex:
                last_lex, last_end = e.lex, -1
            if start < last_end:
                continue
            spans = excluded[e.lex]
            if spans and any(s <= start and end <= t for s, t in spans):
                continue
            if e.exclude and _excluded(text, start, end, e.exclude):
                continue
            last_end = end
            neg = (e.negation and bool(cues) and _cue_near(cues, start, end)
                   and is_negated(text, start, end, self.negations[e.lex]))
            out.append((start, end, idx, neg))
        return out


def _cue_near(cues: list[int], start: int, end: int) -> bool:
    """Whether a negation cue starts within the negation window before ``start`` or after ``end``."""
    i = bisect.bisect_left(cues, start - _NEGATION_CHARS)
    if i < len(cues) and cues[i] < start:
        return True
    j = bisect.bisect_left(cues, end)
    return j < len(cues) and cues[j] < end + _NEGATION_CHARS


def _same_case(text: str, cand: tuple[int, int, int], e: Entry) -> bool:
    got = " ".join(text[cand[0]:cand[1]].translate(_TABLE).split())
    want = " ".join(e.term.translate(_TABLE).split())
    return got.startswith(want.rstrip("*")) if e.kind == "prefix" else got == want


def _excluded(text: str, start: int, end: int, patterns: tuple[re.Pattern[str], ...]) -> bool:
    lo, hi = max(0, start - _EXCLUSION_WINDOW), min(len(text), end + _EXCLUSION_WINDOW)
    for p in patterns:
        for m in p.finditer(text, lo, hi):
            if m.start() <= start and m.end() >= end:
                return True
    return False


def _collapse(norm: str) -> tuple[str, tuple[list[int], list[int]]]:
    """Fold runs of spaces to one; returns the folded text and the map back to offsets."""
    pieces, comp, orig = [], [0], [0]
    pos = cpos = 0
    for m in _MULTISPACE.finditer(norm):
        pieces.append(norm[pos:m.start() + 1])
        cpos += m.start() + 1 - pos
        pos = m.end()
        comp.append(cpos)
        orig.append(pos)
    pieces.append(norm[pos:])
    return "".join(pieces), (comp, orig)


def _orig(back: tuple[list[int], list[int]], c: int) -> int:
    comp, orig = back
    i = bisect.bisect_right(comp, c) - 1
    return orig[i] + c - comp[i]


@lru_cache(maxsize=32)
def compile_lexicons(lexicons: tuple[Lexicon, ...]) -> Matcher:
    """The compiled matcher of these lexicons (cached, so each set compiles once per process)."""
    return Matcher(lexicons)


def find_matches_in_text(text: str, lexicons: Iterable[Lexicon] | Matcher, doc_id: str = "") -> list[dict]:
    """All hits in one text, as dicts with the :data:`MATCH_COLUMNS`, in text order."""
    matcher = lexicons if isinstance(lexicons, Matcher) else compile_lexicons(tuple(lexicons))
    hits = matcher.hits(text)
    if not hits:
        return []
    sents = [s for s, _ in sentence_spans(text)]
    rows = []
    for start, end, idx, neg in sorted(hits, key=lambda h: (h[0], matcher.entries[h[2]].lex)):
        e = matcher.entries[idx]
        rows.append({"doc_id": doc_id, "sent_id": max(bisect.bisect_right(sents, start) - 1, 0),
                     "start": start, "end": end, "lexicon": e.lexicon, "category": e.category,
                     "subcategory": e.subcategory, "term": e.term, "matched_text": text[start:end], "negated": neg})
    return rows


def find_matches(corpus: pd.DataFrame, lexicons: Iterable[Lexicon]) -> pd.DataFrame:
    """The match table of a corpus: one row per hit, offsets slice ``corpus.text`` exactly.

    Columns: ``doc_id, sent_id, start, end, lexicon, category, subcategory, term, matched_text,
    negated``; ``term`` is the lexicon's entry, ``matched_text`` the text it matched.

    >>> import pandas as pd
    >>> from framing.lexicons import load_lexicons
    >>> corpus = pd.DataFrame({"doc_id": ["a"], "text": ["Talks may resume."]})
    >>> find_matches(corpus, load_lexicons(["hedging"]))[["doc_id", "term", "start"]].to_dict("records")
    [{'doc_id': 'a', 'term': 'may', 'start': 6}]
    """
    matcher = compile_lexicons(tuple(lexicons))
    rows: list[dict] = []
    for doc_id, text in zip(corpus["doc_id"], corpus["text"]):
        rows.extend(find_matches_in_text(text, matcher, doc_id))
    table = pd.DataFrame(rows, columns=MATCH_COLUMNS)
    return table.astype({"sent_id": int, "start": int, "end": int, "negated": bool})
