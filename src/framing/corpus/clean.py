"""Rule-based cleaning of scraped news pages (rules in ``rules/clean_rules.yaml``).

Cleaning removes whole lines and a leading wire dateline; it never rewrites, invents or reorders
text, and it records each removal with the rule that made it. Paragraphs come out separated by a
blank line, each stripped of surrounding spaces. Cleaning is idempotent.

>>> page = "Title\\n\\n(Reuters) - Talks resumed.\\n\\nRead more: other story\\n\\nMore text."
>>> cleaned = clean_page(page, has_title=True)
>>> cleaned.text, cleaned.agency, cleaned.title
('Talks resumed.\\n\\nMore text.', 'Reuters', 'Title')
>>> [r.rule for r in cleaned.removed]
['related', 'dateline']
"""

from __future__ import annotations

import hashlib
import json
import re
import re._compiler as _re_compiler  # compiles a parsed pattern (one item of a rule: _first_chars)
import re._constants as _re_const
import re._parser as _re_parser  # getwidth(): the longest text a pattern can match
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from re._casefix import _EXTRA_CASES  # characters a case-insensitive pattern takes as one besides their case
from typing import Any, TypeVar, cast

import yaml

from ..errors import InputError
from ..safe_yaml import SAFE_LOADER

RULES_FILE = Path(__file__).parent / "rules" / "clean_rules.yaml"
_SET_REF = re.compile(r"\{(\w+)\}")
# A first line longer than this, or ending like a sentence, is body text rather than a title.
MAX_TITLE_CHARS = 250


@dataclass(frozen=True)
class Removal:
    """One removed piece of text and the rule that removed it."""

    rule: str
    text: str


@dataclass
class CleanedPage:
    """The result of :func:`clean_page`: body text, metadata found, and what was removed.

    ``captured`` maps a metadata field (``publisher``, ``year``, ``published``, ``author``,
    ``syndicated_from``) to ``(value, rule name)``; the first capture of a field wins.
    """

    text: str
    title: str = ""
    agency: str = ""
    dateline: str = ""
    dateline_date: str = ""
    captured: dict[str, tuple[str, str]] = field(default_factory=dict)
    removed: list[Removal] = field(default_factory=list)

    @property
    def publisher(self) -> str:
        return self.captured.get("publisher", ("", ""))[0]

    @property
    def year(self) -> int | None:
        year = self.captured.get("year", ("", ""))[0]
        return int(year) if year else None


@dataclass(frozen=True)
class Rules:
    """Compiled cleaning rules (see :func:`load_rules`)."""

    drop_line: dict[str, re.Pattern[str]]
    end_of_body: dict[str, re.Pattern[str]]
    dateline: re.Pattern[str] | None
    drop_repeated_lines: bool
    version: str
    sources: tuple[str, ...]
    edge: EdgeLines | None = None
    end_heuristic: bool = True
    dateline_anywhere: re.Pattern[str] | None = None
    digest: str = ""
    # A line's quick first test (most lines match no rule): the drop_line and end_of_body rules
    # with neither a gate nor a known start in one pattern (``None`` when they cannot be joined, back
    # references or differing flags: then each rule is tried on every line), each rule with a known
    # start where a line begins with one (``starts``), and each gated rule alone where its gate lets it.
    any_rule: re.Pattern[str] | None = None
    # a line longer than ``long_from`` characters can only match the rules of unbounded length:
    # ``any_long`` (those without a gate, joined) tests it, and the bounded ones are not tried
    long_from: int = 0
    any_long: re.Pattern[str] | None = None
    # the ASCII characters that no match of ``any_rule`` (nor of ``any_long``, a part of it) begins with
    # (:func:`_first_chars`): a line that begins with one is not tried by it
    not_first: frozenset[str] = frozenset()
    gated: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...] = ()  # (rule, its gate): see _gate
    # the lower-case beginnings (:func:`_starts`) of the rules that have them, and of the branches of
    # the gated rules that have them (:func:`_gate`), by their first character; ``start_width``: the
    # longest beginning
    starts: dict[str, tuple[str, ...]] = field(default_factory=dict)
    start_width: int = 0
    gated_long: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...] = ()  # those of ``gated`` a long line may match
    # every string of every gate, and of the gates of ``gated_long``: a line holding none of them
    # (its ``lower()``) matches no gated rule
    gate_strings: tuple[str, ...] = ()
    gate_strings_long: tuple[str, ...] = ()
    # whether a string of a gate of ``gated_long`` holds a letter: else a long line is searched for
    # them as it is, not lower-cased whole (their characters have no case: a pattern compares each
    # only with itself)
    long_gates_fold: bool = True
    # strings one of which a paragraph holds where ``dateline`` or ``dateline_anywhere`` matches
    # (characters with no case, read off the patterns as gates are); ``()``: none known
    dateline_needs: tuple[str, ...] = ()

    @property
    def hash(self) -> str:
        """SHA-256 of the rules as compiled (built-in and user rules merged, disabled ones out): two
        loads cleaned with the same hash used the same rules. Goes into run manifests."""
        return self.digest


@dataclass(frozen=True)
class EdgeLines:
    """Settings of the ``edge_line`` heuristic (``edge_lines`` in the rules file)."""

    max_words: int = 8
    min_title_case: float = 0.75
    verbs: frozenset[str] = frozenset()


def _read_rules_file(path: Path) -> dict:
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise InputError(path, f"cannot read cleaning rules ({exc})", fix="give a YAML file shaped like "
                         f"{RULES_FILE.name}") from None
    if not isinstance(raw, dict):
        raise InputError(path, "cleaning rules must be a YAML mapping", fix=f"see {RULES_FILE.name}")
    return raw


def _compile(path: Path, name: str, pattern: str, sets: dict[str, list[str]], flags: int,
             as_tree: bool = False) -> re.Pattern[str]:
    """A rule's pattern with each ``{set}`` replaced by the alternation of its words, longest first;
    or, ``as_tree`` (for the quick tests, which only ask whether a line matches), by the same words
    as a tree of their shared beginnings (:func:`_word_tree`), which fails sooner."""
    def expand(m: re.Match[str]) -> str:
        words = sets.get(m.group(1))
        if words is None:
            return m.group(0)
        if as_tree:
            return _word_tree([str(w) for w in words])
        return "(?:" + "|".join(re.escape(str(w)) for w in sorted(words, key=lambda w: -len(str(w)))) + ")"

    try:
        return re.compile(_SET_REF.sub(expand, str(pattern)), flags)
    except re.error as exc:
        raise InputError(path, f"rule {name!r} is not a valid regular expression ({exc})",
                         fix="correct the pattern") from None


def _word_tree(words: list[str]) -> str:
    """A pattern matching exactly ``words``, their shared beginnings written once: a line that
    starts like none of them fails at its first characters, not after a try of every word.

    >>> _word_tree(["share", "shares", "share on", "tweet"])
    '(?:share(?:\\\\ on|s)?|tweet)'
    """
    tree: dict = {}
    for word in words:
        node = tree
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}  # a word ends here

    def alternatives(node: dict) -> list[str]:
        out = []
        for ch in sorted(k for k in node if k):
            run, rest = ch, node[ch]
            while len(rest) == 1 and "" not in rest:  # one way on: a run of characters
                nxt, rest = next(iter(rest.items()))
                run += nxt
            out.append(re.escape(run) + continuation(rest))
        return out

    def continuation(node: dict) -> str:
        alts = alternatives(node)
        if not alts:
            return ""
        if "" in node:  # a word ends here, others go on: the rest is optional (longest first, as greedy)
            return "(?:" + "|".join(alts) + ")?"
        return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"

    return "(?:" + "|".join(alternatives(tree)) + ")" + ("?" if "" in tree else "")


def load_rules(extra: str | Path | None = None) -> Rules:
    """Compile the built-in rules, extended or overridden by a user rules file.

    >>> rules = load_rules()
    >>> "share_bar" in rules.drop_line and "similar_content" in rules.end_of_body
    True
    """
    stamp = Path(extra).stat().st_mtime_ns if extra is not None and Path(extra).is_file() else 0
    return _load_rules(None if extra is None else str(extra), stamp)


@lru_cache(maxsize=8)
def _load_rules(extra: str | None, stamp: int) -> Rules:
    """:func:`load_rules`, cached until the user file changes (``stamp`` is its mtime)."""
    base = _read_rules_file(RULES_FILE)
    sources = [str(RULES_FILE.name)]
    if extra is not None:
        path = Path(extra)
        user = _read_rules_file(path)
        sources.append(str(path))
        for section in ("drop_line", "end_of_body", "sets"):
            base[section] = {**(base.get(section) or {}), **(user.get(section) or {})}
        for key in ("dateline", "dateline_anywhere", "drop_repeated_lines", "edge_lines"):
            if key in user:
                base[key] = user[key]
        for name in user.get("disable") or []:
            for section in ("drop_line", "end_of_body"):
                base[section].pop(name, None)
            if name in ("dateline", "edge_line", "dateline_anywhere"):
                base["edge_lines" if name == "edge_line" else name] = None
            if name == "end_of_body_heuristic":
                base["end_of_body_heuristic"] = False
    digest = hashlib.sha256(json.dumps(base, sort_keys=True, ensure_ascii=False, default=str).encode("utf-8")).hexdigest()
    sets = base.get("sets") or {}
    origin = Path(extra) if extra is not None else RULES_FILE
    flags = re.IGNORECASE
    edge = base.get("edge_lines")
    drop_line = {k: _compile(origin, k, v, sets, flags) for k, v in (base.get("drop_line") or {}).items()}
    end_of_body = {k: _compile(origin, k, v, sets, flags) for k, v in (base.get("end_of_body") or {}).items()}
    long_from = max((w for rx in (*drop_line.values(), *end_of_body.values()) if (w := _max_width(rx)) is not None),
                    default=0)
    # the quick tests: each rule with its sets as word trees (same lines match), gated or joined
    quick = [(rx, _compile(origin, k, v, sets, flags, as_tree=True)) for rules, source in (
        (drop_line, base.get("drop_line") or {}), (end_of_body, base.get("end_of_body") or {}))
        for (k, v), rx in zip(source.items(), rules.values())]
    # a gated rule is tried where a line begins as its branches with known beginnings begin (in
    # copyright: ©, (c), copyright, all rights reserved), or holds a string of the others' gate
    gates = [(rx, tree, *_gate(rx)) for rx, tree in quick]
    gated = [(tree, gate) for _, tree, _, gate in gates if gate]
    begins = [(tree, _starts(rx)) for rx, tree, _, gate in gates if not gate]
    plain = [tree for tree, heads in begins if heads is None]
    # a long line: the same, of the branches that such a line can take (in copyright, the branch
    # without known beginnings is bounded: on a long line it is tried only where it begins so)
    long_gated = [(tree, *_gate(rx, long_from)) for rx, tree, _, gate in gates if gate and _max_width(tree) is None]
    gated_long = [(tree, gate) for tree, _, gate in long_gated if gate]
    starts: dict[str, tuple[str, ...]] = {}
    for heads in [heads for _, heads in begins] + [heads for _, _, heads, _ in gates] + [heads for _, heads, _ in long_gated]:
        for head in heads or ():
            starts[head[0]] = (*starts.get(head[0], ()), head)
    dateline = _compile(origin, "dateline", base["dateline"], sets, 0) if base.get("dateline") else None
    dateline_anywhere = (_compile(origin, "dateline_anywhere", base["dateline_anywhere"], sets, 0)
                         if base.get("dateline_anywhere") else None)
    return Rules(
        drop_line=drop_line,
        end_of_body=end_of_body,
        dateline=dateline,
        drop_repeated_lines=bool(base.get("drop_repeated_lines", True)),
        version=str(base.get("version", "")),
        sources=tuple(sources),
        edge=EdgeLines(int(edge.get("max_words", 8)), float(edge.get("min_title_case", 0.75)),
                       frozenset(str(v).casefold() for v in edge.get("verbs") or [])) if isinstance(edge, dict) else None,
        end_heuristic=bool(base.get("end_of_body_heuristic", True)),
        dateline_anywhere=dateline_anywhere,
        digest=digest,
        any_rule=_any_of(plain),
        long_from=long_from,
        any_long=_any_of(_unbounded(plain)),
        not_first=_not_first(plain),
        gated=tuple(gated),
        starts={first: tuple(sorted(set(heads))) for first, heads in starts.items()},
        start_width=max((len(head) for heads in starts.values() for head in heads), default=0),
        gated_long=tuple(gated_long),
        gate_strings=_gate_strings(gated),
        gate_strings_long=_gate_strings(gated_long),
        long_gates_fold=any(ch.isascii() and ch.isalpha() for _, gate in gated_long for x in gate for ch in x),
        dateline_needs=_needs([rx for rx in (dateline, dateline_anywhere) if rx is not None]),
    )


def _needs(patterns: list[re.Pattern[str]]) -> tuple[str, ...]:
    """Strings with no cased character one of which every text that one of ``patterns`` matches
    (or finds) holds, as :func:`_required` reads them off; ``()`` when not known for one.

    >>> _needs([re.compile(r"^(?:[A-Z]+ )?\\((?P<agency>[A-Z]\\w*)\\)\\s*--"), re.compile(r"\\((?P<agency>\\w+)\\)\\s*--")])
    ('--',)
    >>> _needs([re.compile(r"^[A-Z]+\\s+\\d+")]), _needs([re.compile(r"\\(AP\\) --")])  # (no plain run; a cased letter)
    ((), ())
    """
    found: set[str] = set()
    for rx in patterns:
        try:
            needed = _required(_parsed(rx))
        except re.error:
            return ()
        if not needed or any(x.lower() != x or x.upper() != x for x in needed):
            return ()
        found |= needed
    return tuple(sorted(found))


def _gate_strings(gated: list[tuple[re.Pattern[str], tuple[str, ...]]]) -> tuple[str, ...]:
    """The strings of the gates of ``gated``, once each, a string that holds another left out (a line
    holding it holds the other).

    >>> _gate_strings([(re.compile("x"), ("cookie", "we use cookies")), (re.compile("y"), ("|", "cookie"))])
    ('cookie', '|')
    """
    found = {x for _, gate in gated for x in gate}
    return tuple(sorted(x for x in found if not any(y != x and y in x for y in found)))


def _max_width(rx: re.Pattern[str]) -> int | None:
    """The most characters ``rx`` can match, or ``None`` when unbounded (``.*``, ``\\s+``).
    Remembered by the pattern's identity: cleaning asks for each rule on every long line, and a
    compiled pattern's hash (what ``lru_cache`` would look it up by) reads all its code each time
    (0.3 to 2.6 us a rule).

    >>> _max_width(re.compile(r"ab{0,3}")), _max_width(re.compile(r"a.*"))
    (4, None)
    """
    def width() -> int | None:
        top = _parsed(rx).getwidth()[1]
        return None if top >= _re_parser.MAXREPEAT else int(top)

    return _by_identity(_WIDTHS, rx, width, 1024)


_WIDTHS: dict[int, tuple[Any, Any]] = {}  # id(pattern) -> (pattern, _max_width)


def _parsed(rx: re.Pattern[str]) -> _re_parser.SubPattern:
    """``rx`` as ``re``'s parser reads it (raises ``re.error`` as it does). Remembered by the pattern
    itself: a rule is read by :func:`_max_width`, :func:`_gate` (twice) and :func:`_starts` when the
    rules are compiled, which only read the tree (0.17 ms a parse).

    >>> rx = re.compile("ab+")
    >>> _parsed(rx) is _parsed(rx), _parsed(rx).getwidth()[0]
    (True, 2)
    """
    return _by_identity(_PARSED, rx, lambda: _re_parser.parse(rx.pattern, rx.flags), 1024)


_PARSED: dict[int, tuple[Any, Any]] = {}  # id(pattern) -> (pattern, _parsed)
T = TypeVar("T")


def _by_identity(memo: dict[int, tuple[Any, Any]], key: Any, make: Callable[[], T], limit: int) -> T:
    """``make()`` remembered in ``memo`` for this very object ``key`` (looked up by ``id``: for objects
    whose hash is costly or missing), forgotten all at once when ``memo`` holds ``limit`` of them.
    The object is kept with its value, so that its id is not reused while it is there.

    >>> memo: dict = {}
    >>> key = object()
    >>> _by_identity(memo, key, lambda: 1, 4), _by_identity(memo, key, lambda: 2, 4)
    (1, 1)
    """
    known = memo.get(id(key))
    if known is None or known[0] is not key:
        if len(memo) >= limit:
            memo.clear()
        known = memo[id(key)] = (key, make())
    return cast(T, known[1])


def _unbounded(rules: list[re.Pattern[str]]) -> list[re.Pattern[str]]:
    return [rx for rx in rules if _max_width(rx) is None]


_NAMED_GROUP = re.compile(r"\(\?P<\w+>")


_NEVER = re.compile(r"(?!)")  # matches nothing: the joined pattern of no rules


def _any_of(rules: list[re.Pattern[str]]) -> re.Pattern[str] | None:
    """One pattern that fully matches a line exactly when one of ``rules`` does (a quick first test),
    or ``None`` when the rules cannot be joined (back references, differing flags)."""
    if not rules:
        return _NEVER
    if len({rx.flags for rx in rules}) > 1 or any(re.search(r"\\\d|\(\?P=", rx.pattern) for rx in rules):
        return None
    try:
        return re.compile("|".join(f"(?:{_NAMED_GROUP.sub('(?:', rx.pattern)})" for rx in rules), rules[0].flags)
    except re.error:
        return None


# -- gates: a rule that may scan a line (it starts with ".{0,120}" or "[^|]{2,80}?") is tried only on a
# line that holds one of a few strings every line it matches holds
_MAX_GATE = 4  # strings of a gate; a rule needing one of more is joined with the others
_TWINS = "\u0130\u0131\u017f\u212a"  # İ ı ſ K: the non-ASCII characters that match an ASCII
# letter case-insensitively (str.lower maps no other non-ASCII character to ASCII)


def _has_ascii_twin(text: str) -> bool:
    """Whether ``text`` holds one of İ ı ſ K (:data:`_TWINS`): four substring tests, about five
    times quicker than searching a long line for the class.

    >>> _has_ascii_twin("Talks in İstanbul"), _has_ascii_twin("Talks in “Istanbul”")
    (True, False)
    """
    for twin in _TWINS:
        if twin in text:
            return True
    return False


def _gate(rx: re.Pattern[str], longer_than: int | None = None) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """``(beginnings, gate)`` of a rule that may scan a line before it fails (see :func:`_may_scan`;
    a rule that fails at a line's first characters costs less than a gate), else ``((), ())``: every
    line that ``rx`` fully matches (every such line longer than ``longer_than`` characters, when given:
    see :func:`_reaching`) begins with one of the beginnings, folded by :func:`_start_fold` (those
    of the branches of its alternation that have known beginnings: :func:`_heads`), or holds one
    of the lower-case gate strings in ``line.lower()`` (checked by :func:`_may_match`; those of the
    other branches).

    The gate is read off the parsed pattern: the runs of plain characters that every match holds (in
    groups, repeats of at least one, lookarounds, and every branch of an alternation, or one that all
    its branches hold: :func:`_shared_run`). Only characters
    compared the same way by ``str.lower`` and a case-insensitive pattern are used: ASCII ones
    (lower-cased) and those with no case (``©``, ``|``).

    >>> _gate(re.compile(r"^.{0,80}\\b(we use cookies|manage preferences)\\b.*$", re.I))
    ((), ('manage preferences', 'we use cookies'))
    >>> _gate(re.compile(r"^.{0,80}\\b(we use cookies|accept cookies)\\b.*$", re.I))  # (one string both hold)
    ((), (' cookies',))
    >>> _gate(re.compile(r"^(?:copyright \\d+.*|.{0,80}all rights reserved)$", re.I))
    (('copyright ',), ('all rights reserved',))
    >>> _gate(re.compile(r"^(?:copyright \\d+.*|.{0,80}all rights reserved)$", re.I), 100)  # (the second: 99 at most)
    (('copyright ',), ())
    >>> _gate(re.compile(r"^read more:.*$", re.I))  # fails at its first character: no gate
    ((), ())
    """
    try:
        tree = _parsed(rx)
    except re.error:
        return (), ()
    if not _may_scan(tree):
        return (), ()
    heads, rest = _headed_branches(list(tree) if longer_than is None else _reaching(tree, longer_than))
    if rest is None:  # (every branch has known beginnings)
        return heads, ()
    found = _required(rest)
    return (heads, tuple(sorted(found))) if found else ((), ())


def _headed_branches(items: list) -> tuple[tuple[str, ...], list | None]:
    """The beginnings (:func:`_heads`) of the branches of the alternation of ``items`` (a parsed
    pattern's, when it has one at the top) that have known ones, and ``items`` less those branches
    (``None`` when none is left; ``items`` as they are, and no beginnings, without such an alternation)."""
    at = [k for k, (op, _) in enumerate(items) if op is _re_const.BRANCH]
    if len(at) != 1:
        return (), items
    k = at[0]
    heads: set[str] = set()
    rest = []
    for branch in items[k][1][1]:
        found = _heads([*items[:k], (_re_const.BRANCH, (None, [branch])), *items[k + 1:]], line_start=True)
        if found is None or any(not head for head, _ in found):
            rest.append(branch)
        else:
            heads.update(head for head, _ in found)
    if not rest:
        return tuple(sorted(heads)), None
    return tuple(sorted(heads)), [*items[:k], (_re_const.BRANCH, (None, rest)), *items[k + 1:]]


def _plain_char(code: int) -> str | None:
    """The character as ``str.lower`` gives it, when that is how a pattern compares it; else ``None``."""
    ch = chr(code)
    if code < 128:
        return ch.lower()
    return ch if ch.lower() == ch == ch.upper() and not _has_ascii_twin(ch) else None


def _required(tree: _re_parser.SubPattern) -> frozenset[str] | None:
    """Strings one of which every match of ``tree`` (a parsed pattern) holds, as few and as long
    as can be found; ``None`` when none is known."""
    return _best(_options(tree))


def _best(options: list[frozenset[str]]) -> frozenset[str] | None:
    """The fewest and longest of ``options`` that a gate may be (:data:`_MAX_GATE` strings at most)."""
    usable = [o for o in options if len(o) <= _MAX_GATE and all(x.strip() for x in o)]
    return min(usable, key=lambda o: (len(o), -min(map(len, o)))) if usable else None


def _options(tree: _re_parser.SubPattern) -> list[frozenset[str]]:
    """The sets of strings that :func:`_required` chooses from: one of each set is in every match."""
    options: list[frozenset[str]] = []
    run = ""
    for op, av in tree:
        ch = _plain_char(av) if op is _re_const.LITERAL else None
        if ch is not None:
            run += ch
            continue
        if run:
            options.append(frozenset([run]))
            run = ""
        sub = None
        if op is _re_const.SUBPATTERN:
            sub = _required(av[3])
        elif op in (_re_const.MAX_REPEAT, _re_const.MIN_REPEAT, _re_const.POSSESSIVE_REPEAT) and av[0] >= 1:
            sub = _required(av[2])
        elif op is _re_const.ATOMIC_GROUP:
            sub = _required(av)
        elif op is _re_const.ASSERT:
            sub = _required(av[1])
        elif op is _re_const.BRANCH:
            each = [_options(branch) for branch in av[1]]
            best = [found for found in map(_best, each) if found]
            sub = frozenset().union(*best) if len(best) == len(each) else None
            shared = _shared_run([{x for o in branch for x in o if len(o) == 1} for branch in each])
            if shared:
                options.append(frozenset([shared]))
        if sub:
            options.append(sub)
    if run:
        options.append(frozenset([run]))
    return options


_MIN_SHARED = 4  # characters of a string that every branch holds, to be a gate of the alternation (a
# shorter one, "the", is in most lines of prose: one string a branch lets fewer lines through)


def _shared_run(runs: list[set[str]]) -> str:
    """The longest string of at least :data:`_MIN_SHARED` characters that a string of each of ``runs``
    holds (one set a branch: every match holds one of its strings), or ``""``: a gate of one string
    for an alternation whose branches all hold it, instead of one string a branch.

    >>> _shared_run([{"we use cookies"}, {"accept ", "cookies"}, {"cookie "}])
    'cookie'
    """
    if not runs or not all(runs):
        return ""
    first, *others = runs
    found = {run[i:j] for run in first for i in range(len(run)) for j in range(i + _MIN_SHARED, len(run) + 1)}
    shared = [x for x in found if all(any(x in run for run in other) for other in others)]
    return max(shared, key=lambda x: (len(x), x)) if shared else ""


def _may_scan(tree: _re_parser.SubPattern) -> bool:
    """Whether a match of ``tree`` may begin by running over many characters of any kind (``.{0,120}``,
    ``[^|]{2,80}?``, in a branch or a lookahead too): such a rule costs a scan of every line it fails on."""
    for op, av in tree:
        if op is _re_const.AT:
            continue
        if op in (_re_const.MAX_REPEAT, _re_const.MIN_REPEAT, _re_const.POSSESSIVE_REPEAT) and av[1] > 1:
            item = list(av[2])  # one character of any kind, or of any but a few
            return len(item) == 1 and (item[0][0] is _re_const.ANY or (
                item[0][0] is _re_const.IN and item[0][1][0][0] is _re_const.NEGATE))
        if op is _re_const.SUBPATTERN:
            return _may_scan(av[3])
        if op is _re_const.ASSERT:
            return _may_scan(av[1])
        if op is _re_const.BRANCH:
            return any(_may_scan(branch) for branch in av[1])
        return False
    return False


# -- starts: a rule whose every match begins with one of a few strings (``^(read more|related)\s*:``) is
# tried only on a line that begins with one of them, both folded alike (see _start_fold)
_MAX_STARTS = 256  # beginnings of a rule; a rule with more is joined with the others
_REPEATS = (_re_const.MAX_REPEAT, _re_const.MIN_REPEAT, _re_const.POSSESSIVE_REPEAT)
_ZERO_WIDTH = (_re_const.AT, _re_const.ASSERT, _re_const.ASSERT_NOT)


def _starts(rx: re.Pattern[str]) -> tuple[str, ...] | None:
    """Strings, folded by :func:`_start_fold`, one of which the folded line begins with for every
    line that ``rx`` fully matches (a stripped line: a run of spaces at its start is passed over);
    ``None`` when no such strings are known (a match may begin with any letter or digit, or with one
    of more than :data:`_MAX_STARTS` strings; a rule with such branches: see :func:`_gate`).

    Read off the parsed pattern from its first character: plain characters (or a class of a few)
    for as long as every branch has them, an optional part's with and without them; lookarounds and
    anchors are passed over (they match no character). Whether the pattern ignores case or not, a
    character it matches folds as its own.

    >>> _starts(re.compile(r"^(?:read more|related( stories)?)\\s*:.*", re.I))
    ('read more', 'related', 'related stories')
    >>> _starts(re.compile(r"^.{0,80}cookies", re.I)) is None
    True
    """
    try:
        tree = _parsed(rx)
    except re.error:
        return None
    heads = _heads(tree, line_start=True)
    if heads is None or any(not head for head, _ in heads):
        return None
    return tuple(sorted({head for head, _ in heads}))


def _not_first(rules: list[re.Pattern[str]]) -> frozenset[str]:
    """The ASCII characters that no match of any of ``rules`` begins with (:func:`_first_chars`)."""
    begin: set[str] = set()
    for rx in rules:
        try:
            found = _first_chars(_parsed(rx), rx.flags)
        except re.error:
            found = None
        if found is None:
            return frozenset()
        begin |= found[0]
    return frozenset(chr(code) for code in range(128)) - begin


def _first_chars(items: _re_parser.SubPattern, flags: int) -> tuple[set[str], bool] | None:
    """The ASCII characters that a match of ``items`` (a parsed pattern; ``flags`` as it is compiled
    with) may begin with, at most, and whether it may match no character; ``None`` when not known.
    Each character a match may take first is tested with that item compiled alone (as its case is
    ignored or not); lookarounds and anchors are passed over (they match no character), and what
    follows an item that may match none adds its own.

    >>> chars, empty = _first_chars(_re_parser.parse(r"(?:\\d+|lesezeit)?\\s*min"), re.I)
    >>> "".join(sorted(ch for ch in chars if ch.isalnum())), empty, _first_chars(_re_parser.parse("(a)?(?(1)b|c)"), 0)
    ('0123456789LMlm', False, None)
    """
    found: set[str] = set()
    for op, av in items:
        if op in _ZERO_WIDTH:
            continue
        if op in (_re_const.LITERAL, _re_const.NOT_LITERAL, _re_const.IN, _re_const.ANY, _re_const.CATEGORY):
            one = _re_compiler.compile(_re_parser.SubPattern(items.state, [(op, av)]), flags)
            return found | {ch for ch in map(chr, range(128)) if one.fullmatch(ch)}, False
        if op is _re_const.SUBPATTERN:
            sub = _first_chars(av[3], (flags | av[1]) & ~av[2])
        elif op is _re_const.ATOMIC_GROUP:
            sub = _first_chars(av, flags)
        elif op is _re_const.BRANCH:
            sub = set(), False
            for branch in av[1]:
                more = _first_chars(branch, flags)
                if more is None:
                    return None
                sub = sub[0] | more[0], sub[1] or more[1]
        elif op in _REPEATS:
            sub = _first_chars(av[2], flags)
            sub = None if sub is None else (sub[0], sub[1] or av[0] == 0)
        else:
            return None  # (a back reference, a conditional group: not read)
        if sub is None:
            return None
        found |= sub[0]
        if not sub[1]:
            return found, False
    return found, True


def _reaching(tree: _re_parser.SubPattern, length: int) -> list:
    """``tree`` (a parsed pattern) as a list of its items, less the branches of its alternation (when
    it has one at the top) that cannot be part of a match longer than ``length`` characters."""
    items = list(tree)
    at = [k for k, (op, _) in enumerate(items) if op is _re_const.BRANCH]
    if len(at) != 1:
        return items
    k = at[0]
    around = _re_parser.SubPattern(tree.state, items[:k] + items[k + 1:]).getwidth()[1]
    branches = [branch for branch in items[k][1][1] if around + branch.getwidth()[1] > length]
    return [*items[:k], (_re_const.BRANCH, (None, branches)), *items[k + 1:]]


def _heads(tree: _re_parser.SubPattern | list, line_start: bool = False) -> list[tuple[str, bool]] | None:
    """The beginnings of the matches of ``tree`` (a parsed pattern), each with whether it is all of
    the match (a plain string: what comes after it in the pattern goes on from it); ``None`` when
    there are more than :data:`_MAX_STARTS`. ``line_start``: ``tree`` is a whole rule, which only
    meets stripped lines: there an optional run of spaces before any character matches none.

    >>> _heads(_re_parser.parse(r"[(]?\\s*(?:by|from)"), line_start=True)
    [('by', True), ('from', True), ('(', False)]
    """
    heads = [("", True)]
    for op, av in tree:
        if op in _ZERO_WIDTH:
            continue
        part = _item_heads(op, av)
        if part is None:
            return None
        start = [("", True)] if line_start and _only_spaces(op, av) else part  # (at a stripped line's start)
        heads = list(dict.fromkeys(grown for head, whole in heads for grown in (
            [(head + more, on) for more, on in (start if head == "" else part)] if whole else [(head, False)])))
        if len(heads) > _MAX_STARTS:
            return None
        if not any(whole for _, whole in heads):
            break
    return heads


def _only_spaces(op: Any, av: Any) -> bool:
    """Whether an item of a parsed pattern is an optional run of spaces (``\\s*``): what ``str.strip`` takes off."""
    if op not in _REPEATS or av[0] != 0:
        return False
    item = list(av[2])
    return len(item) == 1 and item[0][0] is _re_const.IN and all(
        kind is _re_const.CATEGORY and what in (_re_const.CATEGORY_SPACE, _re_const.CATEGORY_UNI_SPACE)
        for kind, what in item[0][1])


def _item_heads(op: Any, av: Any) -> list[tuple[str, bool]] | None:
    """:func:`_heads` of one item of a parsed pattern."""
    if op is _re_const.LITERAL:
        ch = _start_char(av)
        return [(ch, True)] if ch else [("", False)]
    if op is _re_const.IN:  # a class of plain characters ("[(\[]"): one beginning each
        chars = [ch for kind, code in av if kind is _re_const.LITERAL and (ch := _start_char(code))]
        return [(ch, True) for ch in chars] if chars and len(chars) == len(av) else [("", False)]
    if op is _re_const.SUBPATTERN:
        return _heads(av[3])
    if op is _re_const.ATOMIC_GROUP:
        return _heads(av)
    if op is _re_const.BRANCH:
        found: list[tuple[str, bool]] = []
        for branch in av[1]:
            heads = _heads(branch)
            if heads is None:
                return None
            found.extend(heads)
        return found
    if op in _REPEATS and av[0] >= 1:
        heads = _heads(av[2])
        return None if heads is None else [(head, False) for head, _ in heads]
    if op in _REPEATS and av[1] == 1:  # an optional item ("(?:copyright\s*)?"): its beginnings, or none of it
        heads = _heads(av[2])
        return None if heads is None else [("", True), *heads]
    return [("", False)]  # anything else (any character, a category, an optional repeat) ends the beginning


def _start_char(code: int) -> str | None:
    """The character as :func:`_start_fold` gives it (one character; ``None`` for a surrogate)."""
    folded = _start_fold(chr(code))
    return folded if len(folded) == 1 and not 0xD800 <= ord(folded) < 0xE000 else None


# Characters that a case-insensitive pattern takes as one although ``str.lower`` keeps them apart
# (ı and i, ſ and s, ς and σ, в and ᲀ, ...: re's own table), each mapped to the first of its kind.
_ONE_CASE = {other: min(low, *others) for low, others in _EXTRA_CASES.items() for other in (low, *others)}
_ONE_CASE_TABLE = str.maketrans({chr(k): chr(v) for k, v in _ONE_CASE.items() if k != v})
_ONE_CASE_CHARS = re.compile("[" + "".join(re.escape(chr(k)) for k, v in sorted(_ONE_CASE.items()) if k != v) + "]")
_DOTTED_I = str.maketrans({"\u0130": "i"})  # İ: "i̇" (two characters) by str.lower, "i" for a pattern


def _start_fold(text: str) -> str:
    """``text`` lower-cased as a case-insensitive pattern compares characters: two characters
    fold alike exactly when such a pattern takes them as one (``re``'s lower case of each, which
    is ``str.lower``'s but for İ, and its table of characters with more than one lower case).

    >>> _start_fold("READ ſuch İSTANBUL ΣΑΣ")
    'read such istanbul ςας'
    """
    if text.isascii():
        return text.lower()
    low = (text.translate(_DOTTED_I) if "\u0130" in text else text).lower()
    # (each translate only where it changes something: most non-ASCII heads hold a curly quote or a dash)
    return low.translate(_ONE_CASE_TABLE) if _ONE_CASE_CHARS.search(low) else low


def _may_start(line: str, rules: Rules, folded: str | None = None) -> bool:
    """Whether ``line``, folded by :func:`_start_fold`, begins with one of :attr:`Rules.starts` (the
    beginnings of the rules that have them). ``folded``: ``line.lower()`` of an ASCII line (what
    :func:`_start_fold` makes of it), when the caller has it."""
    head = folded if folded is not None else _start_fold(line[:rules.start_width])  # (no beginning is longer)
    options = rules.starts.get(head[:1])
    return options is not None and head.startswith(options)


def _may_match(line: str, gated: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...], strings: tuple[str, ...],
               folded: str | None = None) -> bool:
    """Whether one of the ``gated`` rules fully matches ``line``: each is tried only where its gate
    lets it (on a line with İ ı ſ K, where ``str.lower`` and a pattern differ, all are tried).
    ``strings``: those of all their gates (:func:`_gate_strings`), looked for first (most lines hold
    none). For a long line, ``gated`` holds only the rules of unbounded length (:attr:`Rules.gated_long`).
    ``folded``: the line as its gates are compared with it, when the caller has it: ``line.lower()`` of an
    ASCII line, or any line itself where no string of theirs holds a letter (:attr:`Rules.long_gates_fold`:
    a pattern compares a character with no case only with itself)."""
    if not gated:
        return False
    if folded is None:
        folded = line.lower() if line.isascii() or not _has_ascii_twin(line) else None
    if folded is not None:
        for x in strings:  # (a loop, not any(map()): a map and a bound method per line cost more than the tests)
            if x in folded:
                break
        else:
            return False
    for rx, gate in gated:
        if folded is not None:
            for x in gate:  # (a loop, not any(): a generator per rule and line costs more than the test)
                if x in folded:
                    break
            else:
                continue
        if rx.fullmatch(line):
            return True
    return False


def rules_provenance(extra: str | Path | None = None) -> dict[str, str]:
    """The cleaning rules a load uses, for run manifests: files, version and SHA-256.

    >>> p = rules_provenance()
    >>> p["sources"], len(p["sha256"])
    ('clean_rules.yaml', 64)
    """
    rules = load_rules(extra)
    return {"sources": " + ".join(rules.sources), "version": rules.version, "sha256": rules.hash}


def _first_rule(line: str, rules: dict[str, re.Pattern[str]], long: bool) -> tuple[str, re.Match[str]] | None:
    for name, rx in rules.items():
        if long and _max_width(rx) is not None:
            continue  # too long for this rule
        m = rx.fullmatch(line)
        if m:
            return name, m
    return None


Hit = tuple[str, re.Match[str]]  # a rule's name and its match of a line
_NO_HIT: tuple[Hit | None, Hit | None] = (None, None)


class _Lines:
    """The first end_of_body and the first drop_line rule matching a line, most lines tried only by
    quick tests; also whether a line is body-like, worked out once per page."""

    def __init__(self, rules: Rules) -> None:
        self.rules = rules
        self.body_like: dict[str, bool] = {}

    def is_body(self, line: str) -> bool:
        """:func:`is_body_like`, remembered."""
        known = self.body_like.get(line)
        if known is None:
            known = self.body_like[line] = is_body_like(line)
        return known

    def hits(self, line: str) -> tuple[Hit | None, Hit | None]:
        """``(first end_of_body rule, first drop_line rule)`` matching ``line`` (each ``None`` if none).
        A short line is remembered across pages (:func:`_shared_hits`): page furniture
        ("Advertisement", "Share on Facebook") repeats from page to page, and such a line passes
        the quick tests, so every rule would be tried on it again. A longer one is tried again
        where it is asked about again: most pages take one pass (see :func:`_one_pass`), and a
        memo of a page's lines cost more (a hash of each line) than the few lines tried twice."""
        if len(line) > SHARED_LINE_CHARS:
            return self._try(line)
        shared = _shared_hits(self.rules)
        known = shared.get(line)
        if known is None:
            if len(shared) >= SHARED_LINES:
                shared.clear()
            known = shared[line] = self._try(line)
        return known

    def _try(self, line: str) -> tuple[Hit | None, Hit | None]:
        rules = self.rules
        long = len(line) > rules.long_from
        quick = rules.any_long if long else rules.any_rule
        if quick is not None and (line[:1] in rules.not_first or quick.fullmatch(line) is None):
            gated, strings = (rules.gated_long, rules.gate_strings_long) if long else (rules.gated, rules.gate_strings)
            if long and not rules.long_gates_fold:  # gates with no letter (the built-in: "|"): only its head folded
                head, folded = None, line
            elif line.isascii():  # (most lines) lower-cased once for both tests
                head = folded = line.lower()
            else:
                head = folded = None
            if not _may_start(line, rules, head) and not _may_match(line, gated, strings, folded):
                return _NO_HIT
        return _first_rule(line, rules.end_of_body, long), _first_rule(line, rules.drop_line, long)


SHARED_LINE_CHARS = 80  # lines up to this long are remembered across pages ...
SHARED_LINES = 4096  # ... this many at most (then forgotten, all at once)
_SHARED: dict[int, tuple[Any, Any]] = {}  # id(rules) -> (rules, their shared lines)


def _shared_hits(rules: Rules) -> dict[str, tuple[Hit | None, Hit | None]]:
    """The lines of every page cleaned with ``rules`` (this very object: looked up by identity,
    a Rules holds dicts and has no hash) and the rules they match, as :meth:`_Lines.hits` gives them."""
    return _by_identity(_SHARED, rules, dict, 16)


def _capture(out: CleanedPage, rule: str, m: re.Match[str]) -> None:
    for key, value in m.groupdict().items():
        if value and key not in out.captured:
            out.captured[key] = (value.strip(), rule)


def _split_title(lines: list[str]) -> tuple[str, list[str]]:
    """Take the first non-blank line as the title when it looks like one (short, no final stop)."""
    i = next((k for k, line in enumerate(lines) if line.strip()), None)
    if i is None:
        return "", lines
    first = lines[i].strip()
    rest = lines[i + 1:]
    if not any(x.strip() for x in rest) or len(first) > MAX_TITLE_CHARS or first[-1] in ".!?;:":
        return "", lines
    return first, rest


_SENTENCE_END = re.compile(r"[.!?…:;][\"'”’»)\]]*$")
# link-like: a URL, separators of a breadcrumb or a link row, a hashtag, or a list item
_LINK_LIKE = re.compile(r"https?://|www\.|\s[|›»•·]\s|^[#@]\w|\s#\w|^[|›»•·]|[|›»•·]$|^[-–•*]\s")
_WORD = re.compile(r"\w[\w'’.-]*")
BODY_MIN_WORDS = 6  # a line with a sentence ending and at least this many words is body text
BODY_LONG_WORDS = 25  # ... and so is any line this long
TAIL_MAX_BODY_WORDS = 30  # an end-of-body block may hold this much body-like text (a teaser's summary)


def is_body_like(line: str) -> bool:
    """A line that reads as article text: a sentence ending and 6+ words, or 25+ words.

    >>> is_body_like("The minister said talks may resume."), is_body_like("Recommended articles")
    (True, False)
    """
    if _ends_sentence(line):  # (then 25+ words is 6+ words: the words counted only up to 6)
        return len(line.split(None, BODY_MIN_WORDS - 1)) >= BODY_MIN_WORDS
    return len(line.split(None, BODY_LONG_WORDS - 1)) >= BODY_LONG_WORDS


_CLOSERS = "\"'”’»)]"
_ENDS = frozenset(".!?…:;")


def _ends_sentence(text: str) -> bool:
    """Whether :data:`_SENTENCE_END` finds a sentence ending at the end of ``text`` (a closing quote
    or bracket may follow it), without a search from the start of a long line.

    >>> _ends_sentence("Talks resumed.”"), _ends_sentence("Talks: “resumed”"), _ends_sentence("Talks (resumed).\\n")
    (True, False, True)
    """
    if text.endswith("\n"):  # ($ matches before a last line break too)
        text = text[:-1]
    return text.rstrip(_CLOSERS)[-1:] in _ENDS


def _body_words(lines: list[str], known: _Lines) -> int:
    return sum(len(x.split()) for x in lines if known.is_body(x))


def is_edge_furniture(line: str, edge: EdgeLines) -> bool:
    """A short line with no sentence ending and no verb that is link-like or title-case
    (a section label, a tag list, a breadcrumb): page furniture when it sits at the body's edge.

    >>> edge = load_rules().edge
    >>> is_edge_furniture("World › Europe › Ukraine", edge), is_edge_furniture("Talks resumed in Istanbul", edge)
    (True, False)
    """
    words = _WORD.findall(line)
    if not words or len(line.split()) > edge.max_words or _SENTENCE_END.search(line) or any(ch.isdigit() for ch in line):
        return False  # a number (a score, a list position, a date) is content, not a label
    if any(w.casefold() in edge.verbs for w in words):
        return False
    if _LINK_LIKE.search(line):
        return True
    # title case: the share of capitalised words among all but short lower-case ones ("of", "in")
    alpha = [w for w in words if w[0].isalpha() and not (len(w) <= 3 and w.islower())]
    return bool(alpha) and sum(w[0].isupper() for w in alpha) / len(alpha) >= edge.min_title_case


def _end_block(items: list[str], i: int, end: Hit, body: list[str], rules: Rules,
               out: CleanedPage, lines: _Lines) -> int:
    """An end-of-body heading at ``items[i]``; returns the index to go on from (``len(items)``: done).

    After body text, and with at most a teaser's worth of body-like text after it, it is the
    page's tail and goes to the end. At the top, or with more body text after it (a teaser box
    inside the article), only the heading and the non-body lines right after it go, never the body."""
    rest = items[i + 1:]
    if not rules.end_heuristic or (body and _body_words(rest, lines) <= TAIL_MAX_BODY_WORDS):
        _capture(out, *end)
        for rest_line in items[i:]:
            hit = lines.hits(rest_line)[1]
            if hit:
                _capture(out, *hit)
            out.removed.append(Removal(end[0], rest_line))
        return len(items)
    if not any(lines.is_body(x) for x in rest) and not body:
        return i  # nothing but this block and short lines: not furniture to take away
    _capture(out, *end)
    out.removed.append(Removal(end[0], items[i]))
    j = i + 1
    while j < len(items) and not lines.is_body(items[j]) and any(lines.is_body(x) for x in items[j + 1:]):
        out.removed.append(Removal(end[0], items[j]))
        j += 1
    return j


def _edges(body: list[str], rules: Rules, out: CleanedPage, known: _Lines) -> list[str]:
    """Drop furniture-like lines at the top and the bottom of the body (rule ``edge_line``)."""
    if rules.edge is None or not body or (body[0][-1] in _ENDS and body[-1][-1] in _ENDS) or (
            _ends_sentence(body[0]) and _ends_sentence(body[-1])):
        return body  # (most pages: a line that ends a sentence is no furniture; nothing to take off; most
        # such lines end with the stop itself, not a closing quote: no call of _ends_sentence)
    if not any(map(known.is_body, body)):
        return body
    start, stop = 0, len(body)
    while start < stop and not known.is_body(body[start]) and is_edge_furniture(body[start], rules.edge):
        start += 1
    while stop > start and not known.is_body(body[stop - 1]) and is_edge_furniture(body[stop - 1], rules.edge):
        stop -= 1
    if start == 0 and stop == len(body):  # (most pages: nothing to take off)
        return body
    out.removed.extend(Removal("edge_line", x) for x in body[:start] + body[stop:])
    return body[start:stop]


def _one_pass(lines: list[str], rules: Rules, out: CleanedPage, known: _Lines | None = None) -> tuple[list[str], bool]:
    """One pass of the rules over a page's lines: the body left, and whether it is final (a pass over
    it would remove nothing). It is, unless a dateline was cut off its first line (a new line): every
    line it keeps matched no drop_line rule and follows no equal line; one that starts an end-of-body
    block stayed with no body text before or after it (it has no more in the body); :func:`_edges`
    takes no more off it (the lines at its ends stopped its walks); its first line had no dateline.
    Where a dateline was cut off, it is where the new first line leaves it so (:func:`_settled`)."""
    known = known or _Lines(rules)
    items = list(filter(None, map(str.strip, lines)))  # stripped, blank ones out
    body: list[str] = []
    final = True
    i = 0
    while i < len(items):
        stripped = items[i]
        end, drop = known.hits(stripped)
        if end:
            j = _end_block(items, i, end, body, rules, out, known)
            if j != i:
                i = j
                continue
        i += 1
        if drop:
            _capture(out, *drop)
            out.removed.append(Removal(drop[0], stripped))
            continue
        if rules.drop_repeated_lines and body and stripped == body[-1]:
            out.removed.append(Removal("repeated_line", stripped))
            continue
        body.append(stripped)
    body = _edges(body, rules, out, known)
    found = find_dateline(body[0], rules) if body else None
    if found:
        agency, text, date, end_at = found
        if not out.agency:
            out.agency, out.dateline, out.dateline_date = agency, text, date
        out.removed.append(Removal("dateline", text))
        body[0] = body[0][end_at:].strip()
        if not body[0]:
            body.pop(0)
        final = _settled(body, rules, known)
    return body, final


def _settled(body: list[str], rules: Rules, known: _Lines) -> bool:
    """Whether a pass over ``body`` (as :func:`_one_pass` left it, but for its first line: a dateline
    was cut off it) would leave it as it is: its first line matches no rule, is not repeated by the
    next, has no dateline, and both ends of the body end a sentence (no edge furniture to take). A
    pass takes nothing else: every other line is as the pass that kept it found it, after the same
    first line (most dateline pages: no second pass)."""
    if not body:
        return True
    first = body[0]
    return (known.hits(first) == _NO_HIT and not (rules.drop_repeated_lines and body[1:2] == [first])
            and (rules.edge is None or (_ends_sentence(first) and _ends_sentence(body[-1])))
            and find_dateline(first, rules) is None)


MAX_DATELINE_PREFIX = 100  # characters before a dateline found later in the first paragraph
_SENTENCE_GAP = re.compile(r"[.!?…][\"'”’»)]*\s+[A-Z\u0400-\u04FF]")  # a sentence ends inside the prefix


def find_dateline(paragraph: str, rules: Rules) -> tuple[str, str, str, int] | None:
    """The wire dateline of a first paragraph: ``(agency, dateline text, date, end offset)``.

    At the start ("KYIV, Ukraine (AP) —", rule ``dateline``), or after a short prefix with no
    sentence end ("Updated 10:32 GMT (Bloomberg) --", rule ``dateline_anywhere``): then the
    dateline text runs from the start of the paragraph, so the prefix is taken off with it.

    >>> find_dateline("Updated 10:32 GMT (Bloomberg) -- Talks resumed.", load_rules())
    ('Bloomberg', 'Updated 10:32 GMT (Bloomberg) --', '', 33)
    """
    if rules.dateline_needs:
        for needed in rules.dateline_needs:  # (a loop, not any(map()): a map and a bound method cost more)
            if needed in paragraph:
                break
        else:
            return None  # (most paragraphs: the built-in datelines need a "(")
    if rules.dateline is not None:
        m = rules.dateline.match(paragraph)
        if m:
            return m.group("agency").strip(), m.group().strip(), (m.groupdict().get("date") or "").strip(), m.end()
    if rules.dateline_anywhere is None:
        return None
    m = rules.dateline_anywhere.search(paragraph, 0, MAX_DATELINE_PREFIX + 60)
    prefix = paragraph[:m.start()].strip() if m else ""
    if not m or not 0 < m.start() <= MAX_DATELINE_PREFIX or _SENTENCE_END.search(prefix) or _SENTENCE_GAP.search(prefix):
        return None
    return m.group("agency").strip(), paragraph[:m.end()].strip(), "", m.end()


def _same_title(line: str, title: str) -> bool:
    """The headline repeated: equal ignoring case, spaces and punctuation, or followed by a short
    " | Site name" / " - Site" suffix."""
    first, lead = line[:1], title[:1]
    if first.isascii() and first.isalnum() and first.lower() != (
            lead.lower() if lead.isascii() and lead.isalnum() else _first_alnum(title)):
        return False  # (most lines: the first character of norm(line) is this one, lower-cased; most
        # titles begin with an ASCII letter or digit, whose casefold is lower)

    def norm(x: str) -> str:
        return "".join(filter(str.isalnum, x.casefold()))

    t = norm(title)
    head = norm(line[:2 * len(title) + 16])  # norm of a prefix is a prefix of norm: a body line is not read whole
    if not t or not (head.startswith(t) if len(head) >= len(t) else t.startswith(head)):
        return False
    x = norm(line)
    if not x.startswith(t):
        return False
    if x == t:
        return True
    tail = re.split(r"\s[|–—-]\s", line)
    return len(tail) > 1 and norm(" ".join(tail[:-1])) == t and len(tail[-1].split()) <= 5


def _first_alnum(text: str) -> str:
    """The first letter or digit of ``text`` case-folded (``casefold`` folds a character at a time), or
    ``""``: the first character of :func:`_same_title`'s ``norm(text)``, without folding all of it.

    >>> _first_alnum("“Straße”"), _first_alnum("ẞ"), _first_alnum("—")
    ('s', 's', '')
    """
    for ch in text:
        for c in ch.casefold():
            if c.isalnum():
                return c
    return ""


def clean_page(page: str, has_title: bool = False, rules: Rules | None = None, title: str = "") -> CleanedPage:
    """Split a scraped page into (optional) title and body paragraphs, dropping boilerplate.

    With ``has_title`` the first non-blank line becomes the title when it looks like one (short,
    no sentence-final punctuation, more text after it). A known ``title`` repeated as the first
    line of the body is removed (rule ``title_repeat``). Rules default to :func:`load_rules`.
    """
    rules = rules or load_rules()
    lines = (page.replace("\r\n", "\n").replace("\r", "\n") if "\r" in page else page).split("\n")
    out = CleanedPage(text="")
    if has_title:
        out.title, lines = _split_title(lines)
    tried = _Lines(rules)
    body, final = _one_pass(lines, rules, out, tried)
    known = (title or out.title).strip()
    while known and body and _same_title(body[0], known):  # the headline, maybe twice (h1 and a teaser)
        out.removed.append(Removal("title_repeat", body.pop(0)))
        final = False
    # Repeat until a pass over the body would change nothing, so cleaning is idempotent (most pages,
    # furniture or not: one pass).
    while not final:
        body, final = _one_pass(body, rules, out, tried)
    # Nothing removed: keep the text exactly as it was (line breaks inside paragraphs included), so
    # cleaning never changes a clean document and offsets match the raw text.
    untouched = not out.removed and not out.title
    out.text = page.strip() if untouched else "\n\n".join(body)
    return out


def clean_text(text: str, rules: Rules | None = None) -> str:
    """Only the cleaned body of :func:`clean_page` (no title split).

    >>> clean_text("Body.\\nshare facebook twitter\\nAdvertisement\\nMore body.")
    'Body.\\n\\nMore body.'
    """
    return clean_page(text, has_title=False, rules=rules).text
