"""Import and export lexicons: LIWC ``.dic``, quanteda-style YAML dictionaries, plain word lists.

Everything imported becomes the kit's own lexicon format (validated, hashed); what a format
cannot hold (regex terms, exclusions, case sensitivity, negation settings) is reported in the
returned ``notes``, never dropped silently.

>>> lex = load_any("hedging")
>>> dic, notes = to_liwc(lex)
>>> dic.splitlines()[0], dic.splitlines()[1]
('%', '1\\tepistemic.modal')
>>> back, _ = from_liwc(dic, name="hedging")
>>> sorted(back["categories"])[:2]
['conditional', 'doxastic']
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from ..atomic import atomic_write
from ..errors import LexiconError
from ..paths import broken_link
from .format import Lexicon, builtin_names, load_lexicon, parse_lexicon, read_yaml

FORMATS = ("yaml", "quanteda", "dic", "txt")
_PLAIN_WORD = re.compile(r"^[\w'’.&/+-]+\*?$")


def _usable(term: str) -> bool:
    return bool(term.strip()) and all(_PLAIN_WORD.match(w) for w in term.split())


def _lexicon_data(name: str, source: str, kind: str, categories: dict[str, Any]) -> dict[str, Any]:
    return {"name": name, "version": "0.0.0", "description": f"Imported from {source} ({kind}).",
            "sources": [source], "categories": categories}


def _add(categories: dict, cat: str, term: str) -> None:
    """Put a term under ``cat`` ("a.b" = subcategory b of category a)."""
    top, _, sub = cat.partition(".")
    body = categories.setdefault(top, {"terms": []})
    if sub:
        body.setdefault("subcategories", {}).setdefault(sub, {"terms": []})["terms"].append(term)
    else:
        body["terms"].append(term)


def from_liwc(text: str, name: str = "liwc", source: str = "<dic>") -> tuple[dict[str, Any], list[str]]:
    """Parse LIWC ``.dic`` text into lexicon data; returns ``(data, notes)``.

    Handles the format's quirks: numeric category headers between ``%`` lines, tab- or
    space-separated category ids, multi-word entries, ``*`` wildcards, a BOM, CRLF line ends, and
    a word listed in several categories (kept in the first, noted). LIWC2007 conditional entries
    (``like 02 134/125/464 (02 134)126``) keep their plain ids and are noted.
    """
    lines = text.lstrip("\ufeff").splitlines()
    marks = [i for i, line in enumerate(lines) if line.strip() == "%"]
    if len(marks) < 2:
        raise LexiconError(source, "not a LIWC .dic file: expected a category block between two '%' lines",
                           fix="start the file with '%', list 'number<TAB>name' lines, then '%'", line=1)
    cats: dict[str, str] = {}
    for i in range(marks[0] + 1, marks[1]):
        parts = lines[i].split()
        if not parts:
            continue
        if len(parts) < 2:
            raise LexiconError(source, f"category line {lines[i]!r} needs an id and a name",
                               fix="write 'number<TAB>name'", line=i + 1)
        cats[parts[0].lstrip("0") or "0"] = parts[1]
    categories: dict[str, Any] = {}
    seen: dict[str, str] = {}
    notes: list[str] = []
    for i in range(marks[1] + 1, len(lines)):
        line = lines[i].rstrip()
        if not line.strip():
            continue
        fields = line.split("\t") if "\t" in line else line.split()
        if "\t" in line:
            term, ids = fields[0].strip(), " ".join(fields[1:]).split()
        else:  # space separated: the term is everything before the first numeric id
            k = next((j for j, f in enumerate(fields) if re.fullmatch(r"\d+", f)), len(fields))
            term, ids = " ".join(fields[:k]), fields[k:]
        plain = [x.lstrip("0") or "0" for x in ids if re.fullmatch(r"\d+", x)]
        if len(plain) != len(ids):
            notes.append(f"line {i + 1}: conditional category ids of {term!r} ignored ({' '.join(ids)})")
        if not plain:
            raise LexiconError(source, f"entry {term!r} has no category id", fix="add 'TAB id' after the word",
                               line=i + 1)
        for cid in plain:
            if cid not in cats:
                raise LexiconError(source, f"entry {term!r} refers to unknown category {cid}",
                                   fix="declare it in the header between the '%' lines", line=i + 1)
        if not _usable(term):
            notes.append(f"line {i + 1}: entry {term!r} skipped (characters the matcher does not use)")
            continue
        key = term.lower()
        if key in seen:
            notes.append(f"line {i + 1}: {term!r} also in {', '.join(cats[c] for c in plain)}; kept in {seen[key]}")
            continue
        seen[key] = cats[plain[0]]
        if len(plain) > 1:
            notes.append(f"line {i + 1}: {term!r} in {len(plain)} categories; kept in {cats[plain[0]]}")
        _add(categories, cats[plain[0]], term)
    for cname in cats.values():  # keep empty categories: they are part of the dictionary
        top, _, sub = cname.partition(".")
        body = categories.setdefault(top, {"terms": []})
        if sub:
            body.setdefault("subcategories", {}).setdefault(sub, {"terms": []})
    return _lexicon_data(name, source, "LIWC .dic", categories), notes


def _flat_categories(lex: Lexicon) -> list[tuple[str, list[str]]]:
    out: dict[str, list[str]] = {}
    for t in lex.entries:
        out.setdefault(f"{t.category}.{t.subcategory}" if t.subcategory else t.category, []).append(t.text)
    for cat in lex.categories:
        out.setdefault(cat, [])
    return [(k, v) for k, v in out.items() if v or not any(o.startswith(k + ".") for o in out)]


def _lost(lex: Lexicon, fmt: str) -> list[str]:
    notes = []
    regex = [t.text for t in lex.entries if t.pattern]
    if regex:
        notes.append(f"{len(regex)} regex term(s) cannot be written to {fmt} and were left out: {regex[:3]}")
    if lex.exclusions or any(t.exclude for t in lex.entries):
        notes.append(f"exclusions cannot be written to {fmt}")
    if any(t.case_sensitive for t in lex.entries):
        notes.append(f"case-sensitive terms are written to {fmt} as plain terms")
    if lex.negation:
        notes.append(f"negation settings cannot be written to {fmt}")
    if any(t.requires for t in lex.entries):
        notes.append(f"context rules (requires) cannot be written to {fmt}: those terms count everywhere there")
    return notes


def to_liwc(lex: Lexicon) -> tuple[str, list[str]]:
    """LIWC ``.dic`` text of a lexicon (subcategories become ``category.sub``) and notes on losses."""
    flat = [(k, [t for t in v if _usable(t)]) for k, v in _flat_categories(lex)]
    lines = ["%"] + [f"{i}\t{name}" for i, (name, _) in enumerate(flat, start=1)] + ["%"]
    for i, (_, terms) in enumerate(flat, start=1):
        lines += [f"{t}\t{i}" for t in terms]
    return "\n".join(lines) + "\n", _lost(lex, "LIWC .dic")


def from_quanteda(data: Any, name: str = "dictionary", source: str = "<yaml>") -> tuple[dict[str, Any], list[str]]:
    """Parse a quanteda-style YAML dictionary (nested keys, lists of glob patterns)."""
    if not isinstance(data, dict) or not data:
        raise LexiconError(source, "a quanteda dictionary is a mapping of keys to lists of patterns",
                           fix="e.g. 'hedge: [may, might*]'")
    notes: list[str] = []
    categories: dict[str, Any] = {}
    seen: set[str] = set()

    def walk(node: Any, path: list[str]) -> None:
        if isinstance(node, dict):
            for key, child in node.items():
                walk(child, path + [str(key)])
            return
        items = node if isinstance(node, list) else [node]
        cat = path[0] if len(path) == 1 else f"{path[0]}.{'_'.join(path[1:])}"
        if len(path) > 2:
            notes.append(f"key {'/'.join(path)}: levels below the second joined into subcategory {'_'.join(path[1:])}")
        for item in items:
            term = " ".join(str(item).split())
            if "?" in term or not _usable(term):
                notes.append(f"pattern {term!r} under {'/'.join(path)} skipped (only * wildcards and words are supported)")
                continue
            if term.lower() in seen:
                notes.append(f"pattern {term!r} under {'/'.join(path)} listed twice; kept the first")
                continue
            seen.add(term.lower())
            _add(categories, cat, term)

    walk(data, [])
    if not categories:
        raise LexiconError(source, "no usable patterns in the dictionary")
    return _lexicon_data(name, source, "quanteda YAML", categories), notes


def to_quanteda(lex: Lexicon) -> tuple[str, list[str]]:
    """A quanteda-style YAML dictionary (category -> terms, or category -> subcategory -> terms)."""
    out: dict[str, Any] = {}
    for t in lex.entries:
        if t.pattern:
            continue
        if t.subcategory:
            node = out.setdefault(t.category, {})
            if isinstance(node, list):
                node = out[t.category] = {"_terms": node}
            node.setdefault(t.subcategory, []).append(t.text)
        else:
            node = out.setdefault(t.category, [])
            (node.setdefault("_terms", []) if isinstance(node, dict) else node).append(t.text)
    text = yaml.safe_dump(out, sort_keys=False, allow_unicode=True, width=100)
    return text, _lost(lex, "quanteda YAML")


def from_wordlist(text: str, name: str = "wordlist", source: str = "<txt>") -> tuple[dict[str, Any], list[str]]:
    """One term a line (``%`` or ``#`` starts a comment), all in one category ``terms``."""
    notes, terms, seen = [], [], set()
    for i, line in enumerate(text.lstrip("\ufeff").splitlines(), start=1):
        term = " ".join(re.split(r"\s[%#]|^[%#]", line)[0].split())
        if not term:
            continue
        if not _usable(term):
            notes.append(f"line {i}: {term!r} skipped (characters the matcher does not use)")
        elif term.lower() in seen:
            notes.append(f"line {i}: {term!r} listed twice")
        else:
            seen.add(term.lower())
            terms.append(term)
    return _lexicon_data(name, source, "word list", {"terms": {"terms": terms}}), notes


def to_txt(lex: Lexicon) -> str:
    """The exact terms the matcher uses, one a line (after ``{a,b}`` expansion; regex terms as regex)."""
    return "".join(f"{t.pattern or t.text}\n" for t in lex.entries)


def to_yaml(lex: Lexicon) -> str:
    """The lexicon in the kit's own YAML format (terms expanded)."""
    cats: dict[str, Any] = {}
    for cat in lex.categories:
        cats[cat] = {"terms": []}
    for t in lex.entries:
        opts: dict[str, Any] = {}
        if t.pattern:
            opts["regex"] = t.pattern
        if t.case_sensitive:
            opts["case_sensitive"] = True
        if t.exclude:
            opts["exclude"] = [e.as_yaml() for e in t.exclude]
        if not t.negation:
            opts["negation"] = False
        if t.negated:
            opts["negated"] = True
        if t.requires:
            opts["requires"] = {"near": list(t.requires.near), "window": t.requires.window}
        item: Any = {"term": t.text, **opts} if opts else t.text
        body = cats[t.category]
        if t.subcategory:
            body.setdefault("subcategories", {}).setdefault(t.subcategory, {"terms": []})["terms"].append(item)
        else:
            body["terms"].append(item)
    for body in cats.values():
        if not body["terms"] and "subcategories" in body:
            del body["terms"]
    data: dict[str, Any] = {"name": lex.name, "version": lex.version, "description": lex.description,
                            **lex.meta, "sources": list(lex.sources), "licence": lex.licence}
    if lex.negation:
        data["negation"] = lex.negation
    if lex.exclusions:
        data["exclusions"] = [e.as_yaml() for e in lex.exclusions]
    data["categories"] = cats
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


def _kind_of(path: Path, data: Any = None) -> str:
    suffix = path.suffix.lower()
    if suffix == ".dic":
        return "dic"
    if suffix in {".txt", ".lst"}:
        return "txt"
    if suffix in {".yaml", ".yml"}:
        return "yaml" if isinstance(data, dict) and "categories" in data and "name" in data else "quanteda"
    raise LexiconError(path, "unknown lexicon file type", fix="use .yaml/.yml (kit or quanteda), .dic (LIWC) or .txt")


def load_any(name_or_path: str | Path) -> Lexicon:
    """A lexicon from a built-in name, a kit YAML file, a quanteda YAML, a LIWC .dic or a .txt list."""
    if str(name_or_path) in builtin_names():
        return load_lexicon(name_or_path)
    lex, _ = read_any(Path(name_or_path))
    return lex


def read_any(path: Path) -> tuple[Lexicon, list[str]]:
    """Read any supported lexicon file; returns the validated lexicon and the import notes."""
    if not path.is_file():
        link = broken_link(path)
        raise LexiconError(path, link or "lexicon file not found",
                           fix="point the link at a lexicon file, or give the file itself" if link else "check the path")
    if path.suffix.lower() in {".yaml", ".yml"}:
        data, text = read_yaml(path)
        if _kind_of(path, data) == "yaml":
            return load_lexicon(path), []
        data, notes = from_quanteda(data, name=path.stem, source=str(path))
    else:
        kind = _kind_of(path)
        text = path.read_text(encoding="utf-8-sig")
        reader = from_liwc if kind == "dic" else from_wordlist
        data, notes = reader(text, name=path.stem, source=str(path))
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    return parse_lexicon(data, text, path), notes


def render(lex: Lexicon, fmt: str) -> tuple[str, list[str]]:
    """The text of ``lex`` in one of :data:`FORMATS`, and notes on what the format could not hold."""
    if fmt == "yaml":
        return to_yaml(lex), []
    if fmt == "quanteda":
        return to_quanteda(lex)
    if fmt == "dic":
        return to_liwc(lex)
    if fmt == "txt":
        return to_txt(lex), []
    raise LexiconError(fmt, "unknown export format", fix="use one of " + ", ".join(FORMATS))


def format_for(path: Path) -> str:
    """The export format implied by an output file name."""
    suffix = path.suffix.lower()
    return {".dic": "dic", ".txt": "txt", ".yaml": "yaml", ".yml": "yaml"}.get(suffix) or _kind_of(path)


def write_text(path: Path, text: str) -> None:
    """Write atomically (temp file + rename)."""
    atomic_write(path, text)


def convert(src: str | Path, dst: str | Path, fmt: str | None = None) -> list[str]:
    """Convert a lexicon file (or built-in name) to another format; returns the notes."""
    lex, notes = (load_lexicon(src), []) if str(src) in builtin_names() else read_any(Path(src))
    dst = Path(dst)
    text, more = render(lex, fmt or format_for(dst))
    if Path(src).exists() and dst.resolve() == Path(src).resolve():
        raise LexiconError(dst, "output would overwrite the input", fix="choose another output file")
    write_text(dst, text)
    return notes + more
