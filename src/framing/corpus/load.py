"""Load files, globs, bundled corpus names or DataFrames into one corpus DataFrame.

Corpus columns (always present, in this order, then any extra metadata columns):

============== ==========================================================================
``doc_id``     stable id: the ``--id-col`` / ``id`` / ``doc_id`` value if given, else a hash of
               the URL, or of the text when there is no URL (never the row number)
``text``       the document body (paragraphs separated by a blank line)
``title``      headline ("" if unknown)
``outlet``     publishing outlet ("" if unknown)
``published``  publication time, tz-aware UTC (``NaT`` if unknown)
``url``        source URL ("" if unknown)
``source_path`` the file the document came from ("<DataFrame>" for in-memory input)
============== ==========================================================================

>>> corpus = load_corpus("example-article")
>>> corpus.loc[0, "agency"], corpus.loc[0, "outlet"]
('Bloomberg', 'Prime Headlines')
"""

from __future__ import annotations

import glob
import gzip
import hashlib
import io
import json
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import yaml

from ..errors import InputError
from ..paths import corpora_file, project_root
from .clean import clean_page

CORPUS_COLUMNS = ["doc_id", "text", "title", "outlet", "published", "url", "source_path"]

# Common column names in news exports -> corpus column (first match wins).
COLUMN_ALIASES = {
    "text": ["text", "body", "content", "article", "full_text"],
    "title": ["title", "headline"],
    "published": ["published", "date", "publish_date", "pub_date", "datetime", "timestamp"],
    "url": ["url", "link"],
    "outlet": ["outlet", "source", "publisher", "site"],
}
ID_ALIASES = ["doc_id", "id"]
SUFFIXES = {".csv": "csv", ".tsv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".txt": "txt", ".text": "txt"}


@dataclass(frozen=True)
class InputSpec:
    """One input file with the options it is read with."""

    path: Path
    columns: dict[str, str] = field(default_factory=dict)
    outlet: str = ""


def bundled_corpora() -> dict[str, dict]:
    """The registry of bundled corpora (``data/corpora.yaml``)."""
    path = corpora_file()
    return yaml.safe_load(path.read_text(encoding="utf-8")) if path.is_file() else {}


def resolve_inputs(inputs: str | Path | list[str | Path]) -> list[InputSpec]:
    """Expand bundled corpus names, directories and globs into input files.

    >>> [s.outlet for s in resolve_inputs("press-releases")]
    ['kremlin.ru', 'president.gov.ua']
    """
    items = [inputs] if isinstance(inputs, (str, Path)) else list(inputs)
    registry = bundled_corpora()
    specs: list[InputSpec] = []
    for item in items:
        name = str(item)
        if name in registry:
            entry = registry[name]
            for rel in entry["files"]:
                path = corpora_file().parent / rel
                specs.append(InputSpec(path, dict(entry.get("columns") or {}),
                                       (entry.get("outlet") or {}).get(Path(rel).name, "")))
            continue
        path = Path(name).expanduser()
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and _format_of(p))
        elif any(ch in name for ch in "*?["):
            files = sorted(Path(p) for p in glob.glob(name, recursive=True) if Path(p).is_file())
        elif path.is_file():
            files = [path]
        else:
            raise InputError(name, "no such file, folder or bundled corpus",
                             fix="give a path, a glob, or one of: " + ", ".join(sorted(registry)))
        if not files:
            raise InputError(name, "matched no readable files", fix="check the pattern; readable: "
                             + ", ".join(sorted(SUFFIXES)))
        specs.extend(InputSpec(p) for p in files)
    return specs


def _format_of(path: Path) -> str | None:
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    return SUFFIXES.get(suffixes[-1]) if suffixes else None


def _read_text(path: Path) -> str:
    raw = path.read_bytes()
    if path.suffix.lower() == ".gz":
        try:
            raw = gzip.decompress(raw)
        except (OSError, EOFError) as exc:
            raise InputError(path, f"not a readable gzip file ({exc})", fix="re-create or re-download it") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(path, f"not valid UTF-8 (byte {exc.start})", fix="save it as UTF-8") from None


def _read_table(spec: InputSpec, kind: str) -> pd.DataFrame:
    text = _read_text(spec.path)
    if kind == "csv":
        sep = "\t" if ".tsv" in [s.lower() for s in spec.path.suffixes] else ","
        return pd.read_csv(io.StringIO(text), sep=sep, dtype=str, keep_default_na=False)
    rows = []
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(spec.path, f"broken JSON ({exc.msg})", fix="repair or remove that line",
                             line=lineno) from None
        if not isinstance(obj, dict):
            raise InputError(spec.path, "each JSONL line must be an object", line=lineno)
        rows.append(obj)
    return pd.DataFrame(rows)


def _read_txt(spec: InputSpec) -> pd.DataFrame:
    page = clean_page(_read_text(spec.path), has_title=True)
    return pd.DataFrame([{
        "text": page.text, "title": page.title, "outlet": page.publisher, "agency": page.agency,
        "year": page.year, "removed_lines": len(page.removed),
    }])


def _standardise(df: pd.DataFrame, source: str, columns: dict[str, str] | None,
                 text_col: str | None, id_col: str | None, outlet: str) -> pd.DataFrame:
    df = df.rename(columns=dict(columns or {}))
    if text_col:
        if text_col not in df.columns:
            raise InputError(source, f"no column {text_col!r} (columns: {', '.join(map(str, df.columns))})",
                             fix="pass the name of the text column with --text-col")
        df = df.rename(columns={text_col: "text"})
    for target, aliases in COLUMN_ALIASES.items():
        if target not in df.columns:
            found = next((a for a in aliases if a in df.columns), None)
            if found:
                df = df.rename(columns={found: target})
    if "text" not in df.columns:
        raise InputError(source, f"no text column (columns: {', '.join(map(str, df.columns))})",
                         fix="name it text/body/content or pass --text-col NAME")
    ids = None
    if id_col:
        if id_col not in df.columns:
            raise InputError(source, f"no column {id_col!r} for --id-col", fix="pass an existing column")
        ids = df[id_col].astype(str)
    else:
        found = next((a for a in ID_ALIASES if a in df.columns), None)
        if found:
            ids = df[found].astype(str)
    out = df.copy()
    out["text"] = out["text"].fillna("").astype(str)
    for col in ("title", "outlet", "url"):
        out[col] = out[col].fillna("").astype(str) if col in out.columns else ""
    if outlet:
        out.loc[out["outlet"] == "", "outlet"] = outlet
    if "published" in out.columns:
        out["published"] = pd.to_datetime(out["published"], utc=True, errors="coerce", format="mixed")
    else:
        out["published"] = pd.Series(pd.NaT, index=out.index, dtype="datetime64[ns, UTC]")
    out["source_path"] = _display_path(source)
    out["doc_id"] = ids.to_numpy() if ids is not None else [
        _stable_id(u, t) for u, t in zip(out["url"], out["text"])]
    extra = [c for c in out.columns if c not in CORPUS_COLUMNS and c not in ID_ALIASES and c != id_col]
    return out[CORPUS_COLUMNS + extra]


def _display_path(source: str) -> str:
    """Paths inside the project are recorded relative to its root, so tables match across machines."""
    try:
        return Path(source).resolve().relative_to(project_root()).as_posix()
    except ValueError:
        return source


def _stable_id(url: str, text: str) -> str:
    basis = url.strip() or " ".join(text.split())
    return hashlib.sha256(basis.encode("utf-8")).hexdigest()[:16]


def load_corpus(inputs: str | Path | list[str | Path] | pd.DataFrame, *, columns: dict[str, str] | None = None,
                text_col: str | None = None, id_col: str | None = None, outlet: str = "") -> pd.DataFrame:
    """Load a corpus from bundled names, files, folders, globs, or a DataFrame.

    ``columns`` renames file columns (``{"body": "text"}``); ``text_col`` / ``id_col`` name the
    text and id columns; ``outlet`` fills an empty outlet. Raises :class:`framing.errors.InputError`
    naming the file and line for unreadable input, and when two documents share a ``doc_id``.

    >>> df = load_corpus(pd.DataFrame({"text": ["Talks may resume."], "url": ["https://x.org/1"]}))
    >>> df[["doc_id", "text"]].to_dict("records")
    [{'doc_id': '5b7155b447676af5', 'text': 'Talks may resume.'}]
    """
    if isinstance(inputs, pd.DataFrame):
        corpus = _standardise(inputs, "<DataFrame>", columns, text_col, id_col, outlet)
    else:
        frames = []
        for spec in resolve_inputs(inputs):
            kind = _format_of(spec.path)
            if kind is None:
                raise InputError(spec.path, "unknown file type", fix="use one of " + ", ".join(sorted(SUFFIXES)))
            raw = _read_txt(spec) if kind == "txt" else _read_table(spec, kind)
            mapping = {**spec.columns, **(columns or {})}
            frames.append(_standardise(raw, str(spec.path), mapping, text_col, id_col, spec.outlet or outlet))
        corpus = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=CORPUS_COLUMNS)
    dupes = corpus["doc_id"][corpus["doc_id"].duplicated()]
    if len(dupes):
        raise InputError(corpus.loc[corpus["doc_id"] == dupes.iloc[0], "source_path"].iloc[0],
                         f"doc_id {dupes.iloc[0]!r} occurs more than once",
                         fix="give unique ids (--id-col) or remove the duplicate documents")
    return corpus.reset_index(drop=True)
