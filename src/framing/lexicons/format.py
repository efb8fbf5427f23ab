"""Read, validate and hash lexicon YAML files (see :mod:`framing.lexicons`)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..errors import LexiconError
from ..paths import lexicon_data_dir

TOP_KEYS = {"name", "version", "description", "sources", "licence", "categories"}
REQUIRED_KEYS = {"name", "version", "description", "categories"}
CATEGORY_KEYS = {"description", "terms"}


@dataclass(frozen=True)
class Lexicon:
    """A validated lexicon: ``categories`` maps a category name to its terms."""

    name: str
    version: str
    description: str
    categories: dict[str, tuple[str, ...]]
    sources: tuple[str, ...] = ()
    licence: str = ""
    path: str = ""
    sha256: str = field(default="", compare=False)

    @property
    def terms(self) -> tuple[tuple[str, str], ...]:
        """All ``(category, term)`` pairs, in file order."""
        return tuple((cat, t) for cat, terms in self.categories.items() for t in terms)

    def provenance(self) -> dict[str, str]:
        """What a manifest records about this lexicon."""
        return {"name": self.name, "version": self.version, "sha256": self.sha256, "path": self.path}


def builtin_names() -> list[str]:
    """Names of the lexicons shipped with the kit."""
    return sorted(p.stem for p in lexicon_data_dir().glob("*.yaml"))


def _line_of(text: str, needle: str) -> int | None:
    for i, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            return i
    return None


def _resolve(name_or_path: str | Path) -> Path:
    p = Path(name_or_path)
    if p.suffix in {".yaml", ".yml"} or p.exists():
        if not p.is_file():
            raise LexiconError(p, "lexicon file not found", fix="check the path, or use a built-in name: "
                               + ", ".join(builtin_names()))
        return p
    builtin = lexicon_data_dir() / f"{name_or_path}.yaml"
    if not builtin.is_file():
        raise LexiconError(name_or_path, "unknown lexicon", fix="use one of " + ", ".join(builtin_names())
                           + " or a path to a .yaml file")
    return builtin


def load_lexicon(name_or_path: str | Path) -> Lexicon:
    """Load a built-in lexicon by name, or a user lexicon from a YAML file, and validate it."""
    path = _resolve(name_or_path)
    text = path.read_text(encoding="utf-8")
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        line = getattr(getattr(exc, "problem_mark", None), "line", None)
        raise LexiconError(path, f"not valid YAML ({getattr(exc, 'problem', exc)})",
                           fix="check indentation and quoting", line=None if line is None else line + 1) from None
    if not isinstance(data, dict):
        raise LexiconError(path, "a lexicon file must be a mapping with name, version, description, categories")
    unknown = set(data) - TOP_KEYS
    if unknown:
        key = sorted(unknown)[0]
        raise LexiconError(path, f"unknown key {key!r}", fix="allowed keys: " + ", ".join(sorted(TOP_KEYS)),
                           line=_line_of(text, f"{key}:"))
    missing = REQUIRED_KEYS - set(data)
    if missing:
        raise LexiconError(path, "missing key(s) " + ", ".join(sorted(missing)), fix="add them at the top level")
    cats = data["categories"]
    if not isinstance(cats, dict) or not cats:
        raise LexiconError(path, "`categories` must map category names to {terms: [...]}",
                           line=_line_of(text, "categories:"))
    categories: dict[str, tuple[str, ...]] = {}
    seen: dict[str, str] = {}
    for cat, body in cats.items():
        if not isinstance(body, dict) or not isinstance(body.get("terms"), list):
            raise LexiconError(path, f"category {cat!r} needs a `terms:` list", line=_line_of(text, f"{cat}:"))
        bad = set(body) - CATEGORY_KEYS
        if bad:
            raise LexiconError(path, f"unknown key {sorted(bad)[0]!r} in category {cat!r}",
                               fix="allowed: " + ", ".join(sorted(CATEGORY_KEYS)), line=_line_of(text, f"{sorted(bad)[0]}:"))
        terms = []
        for term in body["terms"]:
            if not isinstance(term, str) or not term.strip():
                raise LexiconError(path, f"term {term!r} in {cat!r} is not a non-empty string",
                                   fix="quote it", line=_line_of(text, str(term)))
            key = " ".join(term.lower().split())
            if key in seen:
                raise LexiconError(path, f"duplicate term {term!r} (in {seen[key]!r} and {cat!r})",
                                   fix="keep it in one category", line=_line_of(text, term))
            seen[key] = cat
            terms.append(" ".join(term.split()))
        categories[str(cat)] = tuple(terms)
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)
    return Lexicon(
        name=str(data["name"]),
        version=str(data["version"]),
        description=str(data["description"]).strip(),
        categories=categories,
        sources=tuple(str(s) for s in data.get("sources") or ()),
        licence=str(data.get("licence", "")),
        path=str(path),
        sha256=hashlib.sha256(canonical.encode("utf-8")).hexdigest(),
    )


def load_lexicons(names: list[str | Path] | None = None) -> list[Lexicon]:
    """Load several lexicons; ``None`` means every built-in lexicon.

    >>> [lex.name for lex in load_lexicons(["hedging", "security"])]
    ['hedging', 'security']
    """
    chosen = builtin_names() if not names else names
    lexicons = [load_lexicon(n) for n in chosen]
    dupes = {lex.name for lex in lexicons if [x.name for x in lexicons].count(lex.name) > 1}
    if dupes:
        raise LexiconError(", ".join(map(str, chosen)), f"lexicon name(s) given twice: {sorted(dupes)}",
                           fix="pass each lexicon once")
    return lexicons
