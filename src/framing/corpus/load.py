"""Load files, globs, bundled corpus names or DataFrames into one corpus DataFrame.

Corpus columns (always present, in this order, then the metadata columns below, then any extra
columns of the input, then the duplicate columns):

============== ==========================================================================
``doc_id``     stable id: the ``id_col`` / ``id`` / ``doc_id`` value if given, else a hash of
               the URL, or of the text when there is no URL (never the row number)
``text``       the cleaned document body, NFC (paragraphs separated by a blank line)
``title``      headline ("" if unknown)
``outlet``     publishing outlet or site ("" if unknown)
``published``  publication time, tz-aware UTC (``NaT`` if unknown)
``url``        source URL ("" if unknown)
``source_path`` the file the document came from ("<DataFrame>" for in-memory input)
============== ==========================================================================

Metadata with provenance (see :mod:`framing.corpus.meta` for the ``*_source`` labels):
``title_source``, ``outlet_source``, ``published_source``, ``url_source``, ``agency`` and
``agency_source`` (wire agency), ``author`` and ``author_source``, ``year`` and ``year_source``,
``dateline`` (the removed dateline text), ``syndicated_from`` (a "More stories like this are
available on ..." footer), ``n_removed`` (pieces of text removed by cleaning).
Then ``language`` (ISO 639-1: the input's ``language``/``lang`` column or an archive's language
field, normalised, else detected from the text; see :mod:`framing.language`) and
``language_source`` (``column``, an archive's label, or ``detected``).
News-archive exports (see :mod:`framing.corpus.archives`) add ``section`` and ``length`` (words),
each with its ``*_source``, ``archive_position`` (the article's place in its file),
``archive_fields`` (other labelled values, JSON) and, inside a zip, ``archive_member``.
Duplicates (see :mod:`framing.corpus.dedup`): ``dup_cluster``, ``is_canonical``, ``dup_kind``,
``dup_similarity``.

>>> corpus = load_corpus("example-article")
>>> corpus.loc[0, ["agency", "agency_source", "outlet", "outlet_source"]].tolist()
['Bloomberg', 'dateline', 'Prime Headlines', 'footer']
"""

from __future__ import annotations

import glob
import hashlib
import os
import shutil
import tempfile
import warnings
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd
import yaml

from ..atomic import atomic_path
from ..errors import InputError, ParameterError, value_invalid_msg
from ..gcpause import paused_gc
from ..language import language_column
from ..paths import broken_link, corpora_file, project_root
from ..text import pieces_at_spaces
from . import archives, formats
from .audit import FileReport, LoadReport
from .clean import Rules, clean_page, load_rules
from .dedup import DEDUP_COLUMNS, Deduper, same_text_keys
from .formats import ROW_COL, SUFFIXES, format_of
from .ids import SeenIds, id_hashes
from .meta import date_from_url, date_problem, outlet_from_url, page_title, parse_dates, site_name_from_title, source_label
from .remote import expand_url, ignored_in_folder, is_url

CORPUS_COLUMNS = ["doc_id", "text", "title", "outlet", "published", "url", "source_path"]
META_COLUMNS = ["title_source", "outlet_source", "published_source", "url_source", "agency", "agency_source",
                "author", "author_source", "year", "year_source", "dateline", "syndicated_from", "n_removed"]

# Common column names in news exports -> corpus column (first match wins; case-insensitive).
COLUMN_ALIASES = {
    "text": ["text", "body", "content", "article", "full_text", "fulltext", "article_text", "maintext", "story"],
    "title": ["title", "headline", "heading", "head"],
    "published": ["published", "date", "publish_date", "published_at", "pub_date", "publication_date",
                  "datetime", "date_published", "timestamp", "time", "created_at"],
    "url": ["url", "link", "href", "article_url", "permalink"],
    "outlet": ["outlet", "source", "publisher", "site", "sitename", "site_name", "media", "source_name",
               "publication", "domain"],
    "author": ["author", "authors", "byline", "writer", "creator"],
    "agency": ["agency", "wire", "news_agency"],
    "language": ["language", "lang", "language_code", "lang_code", "locale"],
}
ID_ALIASES = ["doc_id", "id"]
# ``status`` of a row kept by ``keep_all`` that would otherwise be skipped ("ok" for the others)
EMPTY, EMPTIED, REPEATED = "empty", "emptied by cleaning", "repeated"
DUPLICATE_ID = "duplicate id"  # with keep_all and errors="skip": a different text under a known doc_id, kept
Errors = Literal["raise", "skip"]
DEFAULT_CHUNKSIZE = 10_000


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


def resolve_inputs(inputs: str | Path | Iterable[str | Path]) -> list[InputSpec]:
    """Expand bundled corpus names, directories and globs into input files.

    Folders are searched recursively for files of a known format (hidden files are skipped).
    A URL (``file://``, ``s3://``, ``memory://`` ...: a file, a folder or a glob) is expanded the
    same way through fsspec into :class:`framing.corpus.remote.RemotePath` s.

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
        if is_url(name):  # read through fsspec: framing.corpus.remote
            files: list[Path] = list(expand_url(name, keep=_readable))
            if not files:
                raise InputError(name, "matched no readable files", fix="check the URL or pattern")
            specs.extend(InputSpec(p) for p in files)
            continue
        path = Path(name).expanduser()
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and _readable(p)
                           and not any(part.startswith(".") for part in p.relative_to(path).parts))
        elif any(ch in name for ch in "*?["):
            files = sorted(Path(p) for p in glob.glob(name, recursive=True) if Path(p).is_file())
        elif path.is_file():
            files = [path]
        elif path.exists():
            raise InputError(name, "not a regular file (a device, FIFO or socket)",
                             fix="give a regular file; copy a stream to a file first")
        elif link := broken_link(path):
            raise InputError(name, link, fix="point the link at a file or folder, or give the file itself")
        else:
            raise InputError(name, "no such file, folder or bundled corpus",
                             fix="give a path, a glob, or one of: " + ", ".join(sorted(registry)))
        if not files:
            raise InputError(name, "matched no readable files", fix="check the pattern; readable: "
                             + ", ".join(sorted(SUFFIXES)) + " (and .gz of each), and news-archive exports "
                             "(Nexis, Factiva, ProQuest, Media Cloud; also .docx, .rtf, .zip)")
        specs.extend(InputSpec(p) for p in files)
    return specs


@dataclass
class _Options:
    columns: dict[str, str] | None
    text_col: str | None
    id_col: str | None
    outlet: str
    clean: bool
    rules: Rules
    errors: Errors
    report: LoadReport
    limits: formats.Limits = formats.DEFAULT_LIMITS
    # every doc_id kept, with its text's key (text_keys) and the index of its source in ``sources``
    seen: SeenIds = field(default_factory=SeenIds)
    sources: dict[str, int] = field(default_factory=dict)
    source_names: list[str] = field(default_factory=list)
    keep_all: bool = False  # keep documents with no text, and repeats, as rows (``status`` says why)
    # only what scoring reads (see _scoring_frame): the metadata columns are neither made nor kept
    scoring_only: bool = False


@lru_cache(maxsize=1 << 16)
def _display_path(source: str) -> str:
    """Paths inside the project are recorded relative to its root, so tables match across machines."""
    if is_url(source):
        return source
    try:
        return Path(source).resolve().relative_to(project_root()).as_posix()
    except (ValueError, OSError, RuntimeError):  # (RuntimeError: a link that leads round in a loop)
        return source


def _stable_id(url: str, text: str) -> str:
    """The first 16 hex digits of the SHA-256 of the URL, or else of the text's words joined by one
    space, hashed piece by piece so that a 300 MB text is never split into words all at once."""
    if url.strip():
        return hashlib.sha256(url.strip().encode("utf-8")).hexdigest()[:16]
    digest, sep = hashlib.sha256(), b""
    for piece in pieces_at_spaces(text, _ID_PIECE):
        words = piece.split()
        if words:
            digest.update(sep + " ".join(words).encode("utf-8"))
            sep = b" "
    return digest.hexdigest()[:16]


_ID_PIECE = 1 << 20  # characters of a text split into words at once by _stable_id


def _plain(value: str, source: str, opts: _Options, line: int | None = None) -> str:
    """``value`` NFC and without lone surrogates (each one replaced is reported). An ASCII value
    (most of them; ``str.isascii`` costs nothing) is both already."""
    if value.isascii():
        return value
    value, n = formats.plain_text(value)
    if n:
        opts.report.issue(_display_path(source), "lone surrogates", f"{n} lone surrogate code point(s) (e.g. "
                          "\\ud800 in JSON) replaced by U+FFFD", line=line, action="kept")
    return value


def _plain_strings(values: list[str], sources: list[str], opts: _Options) -> list[str]:
    """The values NFC and without lone surrogates (each one replaced is reported)."""
    return [v if v.isascii() else _plain(v, source, opts) for v, source in zip(values, sources)]


def _checked_texts(texts: list[str], sources: list[str], rows_no: list, opts: _Options) -> list[str]:
    """NFC texts without lone surrogates; a text over the document size limit is refused (or, with
    ``errors="skip"``, emptied and reported as too large)."""
    out = []
    limit = opts.limits.doc_chars  # (a property: worked out once, not once a text)
    for i, text in enumerate(texts):
        if len(text) > limit:
            what, fix = formats.doc_too_big(opts.limits, len(text))
            if opts.errors == "raise":
                raise InputError(sources[i], what, fix=fix, line=rows_no[i])
            opts.report.issue(_display_path(sources[i]), "document too large", f"{what}; {fix}", line=rows_no[i])
            text = ""
        out.append(text if text.isascii() else _plain(text, sources[i], opts, rows_no[i]))
    return out


def _map_columns(df: pd.DataFrame, source: str, mapping: dict[str, str], text_col: str | None) -> pd.DataFrame:
    # (a rename that changes no name still copies the frame: each only where it changes one)
    if any(type(c) is not str for c in df.columns):
        df = df.rename(columns={c: str(c) for c in df.columns})
    if mapping:
        df = df.rename(columns=dict(mapping))
    if text_col:
        if text_col not in df.columns:
            raise InputError(source, f"no column {text_col!r} (columns: {', '.join(_shown_columns(df))})",
                             fix="pass the name of the text column with --text-col")
        if text_col != "text":  # naming the canonical column itself is fine
            df = df.drop(columns=["text"], errors="ignore").rename(columns={text_col: "text"})
    lower = {str(c).lower().strip(): c for c in df.columns}
    renames = {}
    for target, aliases in COLUMN_ALIASES.items():
        if target in df.columns:
            continue
        found = next((lower[a] for a in aliases if a in lower and lower[a] not in renames), None)
        if found is not None:
            renames[found] = target
    if renames:
        df = df.rename(columns=renames)
    if "text" not in df.columns:
        raise InputError(source, f"no text column (columns: {', '.join(_shown_columns(df))})",
                         fix="name it text/body/content or pass --text-col NAME")
    return df


def _shown_columns(df: pd.DataFrame) -> list[str]:
    """The input's own columns, for a message (not the loader's row number and file columns)."""
    return [str(c) for c in df.columns if c not in (ROW_COL, PATH_COL)]


def _strings(df: pd.DataFrame, col: str) -> list[str]:
    if col not in df.columns:
        return [""] * len(df)
    return [v.strip() if type(v) is str else "" if v is None or (isinstance(v, float) and v != v) else str(v).strip()
            for v in df[col].tolist()]


@paused_gc()  # (see the docstring)
def _standardise(raw: pd.DataFrame, source: str, opts: _Options, *, origin: str, mapping: dict[str, str],
                 outlet: str, outlet_origin: str, is_page: bool) -> pd.DataFrame:
    """Raw records -> corpus rows: columns mapped, text cleaned, metadata with provenance, ids.

    Records of several small files are standardised together (pandas costs most per call): their
    file is then in the raw column :data:`PATH_COL`.

    The cyclic collector is paused meanwhile (:func:`framing.gcpause.paused_gc`): what a chunk makes
    (pages, their lists, columns) is kept until the frame is made and then freed by reference
    counting, so its passes over them, one every 700 new objects, freed nothing (about 5 % of the
    CPU of reading and standardising news documents)."""
    df = _map_columns(raw, source, mapping, opts.text_col)
    n = len(df)
    sources = df[PATH_COL].tolist() if PATH_COL in df.columns else [source] * n
    shown_of = {s: _display_path(s) for s in dict.fromkeys(sources)}
    shown = [shown_of[s] for s in sources]
    rows_no = df[ROW_COL].tolist() if ROW_COL in df.columns else [None] * n
    ids = None
    if opts.id_col:
        if opts.id_col not in df.columns:
            raise InputError(source, f"no column {opts.id_col!r} for --id-col", fix="pass an existing column")
        ids = _strings(df, opts.id_col)
    else:
        id_found = next((a for a in ID_ALIASES if a in df.columns), None)
        ids = _strings(df, id_found) if id_found else None

    # a reader may give each row's provenance itself (archive exports: "nexis:Byline", ...)
    row_sources = {name: _strings(df, f"{name}_source") for name in ("title", "outlet", "url", "agency", "author",
                                                                     "published") if f"{name}_source" in df.columns}

    def origins(name: str) -> list[str]:
        """Per row, where the input column ``name`` came from."""
        return [s or origin for s in row_sources[name]] if name in row_sources else [origin] * n

    texts = _checked_texts(_strings(df, "text"), sources, rows_no, opts)
    col = {name: _plain_strings(_strings(df, name), sources, opts) if name in df.columns else [""] * n
           for name in ("title", "outlet", "url", "author", "agency")}
    if opts.clean:
        pages = [clean_page(text, has_title=is_page and not title, rules=opts.rules, title=title)
                 for text, title in zip(texts, col["title"])]
        cleaned = [page.text for page in pages]
    else:  # nothing read from or removed of a page
        pages = [clean_page("", rules=opts.rules)] * n
        cleaned = [text.strip() for text in texts]
    # what the loader settles in input order (repeats across parts of the input): see _settle
    removed_at = np.empty(n, dtype=object)
    removed_at.fill(())  # (one empty tuple for the rows cleaning took nothing from)
    for i, page in enumerate(pages):
        if page.removed:
            removed_at[i] = [(r.rule, r.text) for r in page.removed]
    settle: dict[str, list | pd.Series] = {
        _STATUS: ["ok"] * n if all(cleaned) else ["ok" if t else EMPTIED if texts[i].strip() else EMPTY
                                                   for i, t in enumerate(cleaned)],
        _HASH: same_text_keys(cleaned), ROW_COL: rows_no, _REMOVED: pd.Series(removed_at, dtype=object)}
    if opts.scoring_only:
        return _scoring_frame(df, source, opts, texts, cleaned, col["url"], ids, shown, rows_no, settle)
    frame = _corpus_frame(df, source, opts, texts, col, pages, cleaned, ids, shown, rows_no, origins, origin,
                          outlet, outlet_origin)
    for name, values in settle.items():
        frame[name] = values
    return frame


def _scoring_frame(df: pd.DataFrame, source: str, opts: _Options, texts: list[str], cleaned: list[str],
                   urls: list[str], ids: list[str] | None, shown: list[str], rows_no: list,
                   settle: dict[str, list | pd.Series]) -> pd.DataFrame:
    """The columns of :func:`_corpus_frame` that scoring reads (``doc_id``, ``text``, ``source_path``,
    ``language``, ``language_source``), then the ``settle`` columns, with the same load-report lines
    (unparsed dates, language values that name no language): a worker of ``framing score`` makes no
    metadata columns only to drop them (:func:`framing.scale.run_partition` keeps :data:`SETTLE_COLUMNS`).
    Made in one step (each column added to a frame costs pandas about as much as making it)."""
    if "published" in df.columns:
        _published(df, shown, rows_no, opts)
    given = df[[name for name in ("language", "language_source")  # an input's language column (see _languages)
                if name in df.columns and name not in (opts.id_col, *ID_ALIASES)]]
    index = pd.RangeIndex(len(df))
    # the texts as Python strings (object dtype): scoring reads them back as such, and a str column
    # would copy each into Arrow and back
    cols = {"doc_id": _doc_ids(ids, urls, cleaned, texts), "text": pd.Series(cleaned, index=index, dtype=object),
            "source_path": shown, **_languages(given, shown[0] if shown else _display_path(source), opts, cleaned),
            **settle}
    return pd.DataFrame(cols, index=index)


def _published(df: pd.DataFrame, shown: list[str], rows_no: list, opts: _Options) -> pd.Series:
    """The input's ``published`` column as dates; a value that is no date is reported (and is NaT).
    Each distinct value is parsed once (news dates repeat: many documents a day)."""
    values = df["published"]
    try:
        codes, distinct = pd.factorize(values, use_na_sentinel=False)
    except TypeError:  # (a value that cannot be hashed: a list or a mapping read from JSON)
        published = parse_dates(values)
    else:
        published = parse_dates(pd.Series(distinct, dtype=values.dtype, name=values.name)).take(codes)
        published.index = df.index
    missing = np.flatnonzero(published.isna().to_numpy())  # (not .iloc a row at a time: 17 us a row)
    if len(missing):  # (most columns have a date in every row: no value read again)
        given = _strings(df, "published")
        for i in missing.tolist():
            if given[i]:
                opts.report.issue(shown[i], "unparsed date", f"published {date_problem(given[i])}; set to NaT",
                                  line=rows_no[i], action="kept")
    return published


def _doc_ids(ids: list[str] | None, urls: list[str], cleaned: list[str], texts: list[str]) -> list[str]:
    """Each row's ``doc_id``: the input's, else the stable hash id; an empty document with no URL gets
    :data:`POSITIONAL_ID` (its place in its file, given by the loader)."""
    if ids is not None and all(ids):  # (an id on every row: most inputs that have ids)
        return ids
    return [(ids[i] if ids is not None else "") or (
        _stable_id(u, t or texts[i]) if (u.strip() or t or texts[i].strip()) else POSITIONAL_ID)
        for i, (u, t) in enumerate(zip(urls, cleaned))]


def _corpus_frame(df: pd.DataFrame, source: str, opts: _Options, texts: list[str], col: dict[str, list[str]],
                  pages: list, cleaned: list[str], ids: list[str] | None, shown: list[str], rows_no: list,
                  origins, origin: str, outlet: str, outlet_origin: str) -> pd.DataFrame:
    """The corpus columns (:data:`CORPUS_COLUMNS`, :data:`META_COLUMNS`, the input's other columns, language)."""
    captured = [page.captured for page in pages]
    # Metadata a column at a time, each from the first place that gives it: an input column, else
    # the page (a captured line, the first line, the dateline), else the URL; and where it came from.
    first_line = [page.title for page in pages]
    title = [t or f for t, f in zip(col["title"], first_line)]
    title_source = [o if t else "first-line" if f else "" for t, f, o in zip(col["title"], first_line, origins("title"))]
    publisher = [c.get("publisher") for c in captured]
    domain = ["" if o or p is not None or outlet else outlet_from_url(u)  # nothing else names it: the URL's domain
              for o, p, u in zip(col["outlet"], publisher, col["url"])]
    outlets = [o or (p[0] if p is not None else outlet or d) for o, p, d in zip(col["outlet"], publisher, domain)]
    outlet_source = [s if o else source_label(p[1]) if p is not None else outlet_origin if outlet else "url-domain" if d else ""
                     for o, p, d, s in zip(col["outlet"], publisher, domain, origins("outlet"))]
    dateline_agency = [page.agency for page in pages]
    author = [c.get("author") for c in captured]
    years = [c.get("year") for c in captured]
    out: dict[str, list] = {
        "text": cleaned, "title": title, "title_source": title_source, "outlet": outlets, "outlet_source": outlet_source,
        "url_source": [s if u else "" for u, s in zip(col["url"], origins("url"))],
        "agency": [a or d for a, d in zip(col["agency"], dateline_agency)],
        "agency_source": [s if a else "dateline" if d else "" for a, d, s in zip(col["agency"], dateline_agency, origins("agency"))],
        "author": [a or (c[0] if c is not None else "") for a, c in zip(col["author"], author)],
        "author_source": [s if a else source_label(c[1]) if c is not None else ""
                          for a, c, s in zip(col["author"], author, origins("author"))],
        "year": [int(y[0]) if y else None for y in years],
        "year_source": [source_label(y[1]) if y else "" for y in years],
        "dateline": [page.dateline for page in pages],
        "syndicated_from": [c.get("syndicated_from", ("", ""))[0] for c in captured],
        "n_removed": [len(page.removed) for page in pages],
        "_captured_published": [c.get("published", ("", ""))[0] for c in captured]}

    cols: dict[str, object] = {"text": out["text"], "title": out["title"], "outlet": out["outlet"]}
    # published: input column, else a "Published: ..." page line, else a date in the URL
    if "published" in df.columns:
        published = _published(df, shown, rows_no, opts)
        published_source = pd.Series(origins("published"), index=df.index).where(published.notna(), "")
    else:
        published = pd.Series(pd.NaT, index=df.index, dtype="datetime64[ns, UTC]")
        published_source = pd.Series("", index=df.index)
    captured_dates = parse_dates(pd.Series(out["_captured_published"], index=df.index, dtype="object"))
    fill = published.isna() & captured_dates.notna()
    published, published_source = published.where(~fill, captured_dates), published_source.where(~fill, "page-line")
    url_dates = pd.Series([date_from_url(u) for u in col["url"]], index=df.index, dtype="datetime64[ns, UTC]")
    fill = published.isna() & url_dates.notna()
    published, published_source = published.where(~fill, url_dates), published_source.where(~fill, "url")
    published = published.astype("datetime64[ns, UTC]")
    cols["published"] = published
    cols["url"] = col["url"]
    cols["source_path"] = shown
    # a row without an id (an archive article with no accession number) gets the stable hash id;
    # an empty document with no URL gets its place in its file, given by the loader (POSITIONAL_ID)
    cols["doc_id"] = _doc_ids(ids, col["url"], out["text"], texts)
    year = pd.Series(out["year"], index=df.index, dtype="Int64")
    year_source = pd.Series(out["year_source"], index=df.index)
    has_date = published.notna()
    year = year.where(~has_date, published.dt.year.astype("Int64"))
    year_source = year_source.where(~has_date, published_source)
    for name in META_COLUMNS:
        if name == "published_source":
            cols[name] = published_source.to_numpy()
        elif name == "year":
            cols[name] = year.to_numpy()
        elif name == "year_source":
            cols[name] = year_source.to_numpy()
        else:
            cols[name] = out[name]
    skip_cols = set(CORPUS_COLUMNS) | set(META_COLUMNS) | set(DEDUP_COLUMNS) | {ROW_COL, PATH_COL, opts.id_col} | set(ID_ALIASES)
    extra = [c for c in df.columns if c not in skip_cols and c not in _INTERNAL]
    for c in extra:
        cols[c] = df[c].to_numpy()
    frame = pd.DataFrame({c: cols[c] for c in CORPUS_COLUMNS + META_COLUMNS + extra}, index=df.index)
    return _with_language(frame.reset_index(drop=True), shown[0] if shown else _display_path(source), opts, out["text"])


PATH_COL = "_path"  # the file of each record when records of several files are standardised together
# Columns a worker adds for the loader's last step (_settle), which removes them.
_STATUS, _HASH, _REMOVED = "_status", "_hash", "_removed"
_INTERNAL = {_STATUS, _HASH, _REMOVED, ROW_COL}
SETTLE_COLUMNS = ["doc_id", "source_path", "language", "language_source", _STATUS, _HASH, ROW_COL, _REMOVED]  # what _settle needs of a loaded frame


def settle_columns(frame: pd.DataFrame) -> pd.DataFrame:
    """What :func:`_settle` needs of a loaded frame (:data:`SETTLE_COLUMNS`) as a worker sends it to
    the loader: the same-text keys as 64-bit integers (:func:`text_keys`), not 20-byte objects, and
    the file names as a categorical column (numbered in the worker, not by the loader)."""
    # (made in one step: each column set on a frame costs pandas about as much as making it)
    return pd.DataFrame({**{name: frame[name] for name in SETTLE_COLUMNS}, _HASH: text_keys(frame[_HASH]),
                         "source_path": frame["source_path"].astype("category")},  # (one file's name, or a few)
                        index=frame.index)
# The doc_id a worker gives an empty document with no id and no URL: the loader replaces it with a
# hash of the file and the row (known only in input order).
POSITIONAL_ID = ""


def text_keys(hashes: pd.Series) -> np.ndarray:
    """The first 64 bits of each row's same-text key (:func:`framing.corpus.dedup.same_text_keys`,
    big-endian) as ``uint64``: what :func:`_settle` compares, and what a worker sends of it.

    >>> text_keys(pd.Series([bytes(range(1, 21)), b"\\x01"], dtype=object)).tolist()
    [72623859790382856, 1]
    """
    if hashes.dtype == np.uint64:
        return hashes.to_numpy()
    packed = b"".join([h[:8].rjust(8, b"\0") for h in hashes.tolist()])
    return np.frombuffer(packed, dtype=">u8").astype(np.uint64)


def _settle(frame: pd.DataFrame, opts: _Options, file_reps: dict[str, FileReport], row_offset: int) -> pd.DataFrame:
    """The loader's last step, in input order: line numbers made absolute, ids of empty documents
    set, empty and repeated documents reported and skipped (or, with ``keep_all``, kept with their
    ``status``), a different text under a known ``doc_id`` refused (with ``keep_all`` and
    ``errors="skip"``: kept, status ``duplicate id``), and cleaning's removals recorded.

    The common row (text left, an id not seen before) is settled a column at a time; the others
    (no text, an id seen before) one by one, in input order, for their report lines."""
    n = len(frame)
    row_col = frame[ROW_COL].tolist()

    def line(i: int) -> int | None:
        r = row_col[i]
        return None if r is None or r != r else int(r) + row_offset

    ids = frame["doc_id"].to_numpy(dtype=object, copy=True)
    # one file's rows, or (small files standardised together) several: each row's file by number
    file_of, files = pd.factorize(frame["source_path"])
    shown_at = files.to_numpy(dtype=object)[file_of] if len(files) > 1 else np.full(n, files[0] if n else "", dtype=object)
    if (positional := np.flatnonzero(ids == POSITIONAL_ID)).size:
        for i in positional.tolist():
            r = line(i)
            ids[i] = _stable_id("", f"{shown_at[i]}:{r if r is not None else i}")
        frame["doc_id"] = ids.tolist()
    statuses = frame[_STATUS]
    status = statuses.to_numpy(dtype=object, copy=True)
    keys = text_keys(frame[_HASH])
    ok = status == "ok"
    # new: text left, an id neither seen before nor on an earlier row with text
    new = ok.copy()
    ok_at = np.flatnonzero(ok)
    ok_ids = ids[ok_at].tolist()
    first, second = id_hashes(ok_ids)
    new_ok = ~opts.seen.find(first, second)[2]
    if len(set(ok_ids)) < len(ok_ids):
        new_ok &= ~pd.Series(ok_ids, dtype=object).duplicated().to_numpy()
    new[ok_at] = new_ok
    keep = new.copy()
    new_at = np.flatnonzero(new)
    if len(new_at):
        numbers = np.zeros(len(files), dtype=np.int64)  # each file's number in opts.sources, as first met
        for no in pd.unique(file_of[new_at]).tolist():
            shown = files[no]
            if shown not in opts.sources:
                opts.sources[shown] = len(opts.sources)
                opts.source_names.append(shown)
            numbers[no] = opts.sources[shown]
        opts.seen.add(first[new_ok], second[new_ok], keys[new_at], numbers[file_of[new_at]])
    # an id met again: its first row's text key and source (an earlier frame's, or this one's)
    prev_key, prev_source, _ = opts.seen.find(first[~new_ok], second[~new_ok])
    prev = dict(zip(ok_at[~new_ok].tolist(), zip(prev_key.tolist(), prev_source.tolist())))
    for i in np.flatnonzero(~new).tolist():
        doc_id, shown = ids[i], shown_at[i]
        if status[i] != "ok":
            opts.report.issue(shown, "empty text", "no text" + (" left after cleaning" if status[i] == EMPTIED else ""),
                              line=line(i), doc_id=doc_id, action="kept" if opts.keep_all else "skipped")
            keep[i] = opts.keep_all
            continue
        first_key, first_source = prev[i]
        first_in = opts.source_names[first_source]
        if first_key == int(keys[i]):
            opts.report.issue(shown, "duplicate", f"same doc_id and text as in {first_in}", line=line(i), doc_id=doc_id,
                              action="kept" if opts.keep_all else "skipped")
            keep[i] = opts.keep_all
            status[i] = REPEATED
        else:
            problem = f"doc_id {doc_id!r} occurs more than once (first in {first_in}) with different text"
            if opts.errors == "raise":
                raise InputError(shown, problem, line=line(i),
                                 fix="give unique ids (--id-col) or remove the duplicate documents")
            if opts.keep_all:  # every input document keeps its row: this one says why it is not the first
                opts.report.issue(shown, "duplicate id", problem + f"; kept, with status {DUPLICATE_ID!r}", line=line(i),
                                  doc_id=doc_id, action="kept")
                status[i] = DUPLICATE_ID
            else:
                opts.report.issue(shown, "duplicate id", problem + "; the later one is skipped", line=line(i),
                                  doc_id=doc_id)
            keep[i] = opts.keep_all
    removed = frame[_REMOVED].tolist()
    n_removed = np.fromiter(map(len, removed), dtype=np.int64, count=n)
    # what cleaning took from a document it emptied, or from a repeat, is shown too
    shows_removed = (n_removed > 0) & (keep | (status != "ok"))
    for no, (rows, kept_n, lines) in enumerate(zip(np.bincount(file_of, minlength=len(files)).tolist(),
                                                   np.bincount(file_of[keep], minlength=len(files)).tolist(),
                                                   np.bincount(file_of, weights=np.where(shows_removed, n_removed, 0),
                                                               minlength=len(files)).tolist())):
        file_rep = file_reps[files[no]]
        file_rep.kept += kept_n
        file_rep.skipped += rows - kept_n
        file_rep.removed_lines += int(lines)
    if opts.report.keep_removals:
        for i in np.flatnonzero(shows_removed).tolist():
            opts.report.removals.extend({"doc_id": ids[i], "source": shown_at[i], "rule": rule, "text": text}
                                        for rule, text in removed[i])
    kept = int(keep.sum())
    changed = bool((status != statuses.to_numpy(dtype=object)).any()) if n else False
    frame = frame.drop(columns=list(_INTERNAL))
    if opts.keep_all:
        frame["status"] = status.tolist() if changed else statuses
    if kept:
        opts.report.count_languages(frame["language"][keep].tolist(), frame["language_source"][keep].tolist())
    return frame if kept == n else frame[keep].reset_index(drop=True)


def _with_language(frame: pd.DataFrame, shown: str, opts: _Options, texts: list[str]) -> pd.DataFrame:
    """``frame`` with :func:`_languages` after the metadata columns (in place of the input's own)."""
    found = _languages(frame, shown, opts, texts)
    frame = frame.drop(columns=["language", "language_source"], errors="ignore")
    at = min(len(CORPUS_COLUMNS) + len(META_COLUMNS), len(frame.columns))  # (after the metadata)
    frame.insert(at, "language", found["language"])
    frame.insert(at + 1, "language_source", found["language_source"])
    return frame


def _languages(given: pd.DataFrame, shown: str, opts: _Options, texts: list[str]) -> dict[str, np.ndarray]:
    """``language`` and ``language_source`` of each text: the input's language value (``given``'s
    ``language`` column: a ``language``/``lang`` column, an archive's field) as an ISO 639-1 code,
    else detected from the text (:func:`framing.language.language_column`); a value that names no
    language is noted. Runs in the worker on every record; the loader counts the languages of the
    documents it keeps. ``texts``: the texts as a list (reading a column again copies each text)."""
    values = _strings(given, "language") if "language" in given.columns else None
    found = language_column(texts, values)
    if values is not None:
        unread = [v for v, src in zip(values, found["language_source"]) if v and src == "detected"]
        if unread:
            opts.report.issue(shown, "unknown language", f"{len(unread):,} language value(s) name no language "
                              f"(e.g. {unread[0]!r}); detected from the text instead", action="kept")
        if "language_source" in given.columns:  # an archive reader's label ("nexis:Language") says where it was read
            labels = _strings(given, "language_source")
            found["language_source"] = [lab if src == "column" and lab else src
                                        for lab, src in zip(labels, found["language_source"])]
    return {"language": found["language"].to_numpy(), "language_source": found["language_source"].to_numpy()}


def _file_chunks(spec: InputSpec, kind: str, chunksize: int, opts: _Options, file_rep: FileReport,
                 part: formats.Part | range | None = None,
                 progress: formats.Progress | None = None) -> Iterator[tuple[pd.DataFrame, str, bool]]:
    """Raw frames of one file, or of one part of it: ``(frame, origin label, is_page)``."""
    def problem(source: str, what: str, fix: str, line: int | None) -> None:
        if opts.errors == "raise":
            raise InputError(source, what, fix=fix, line=line)
        opts.report.issue(_display_path(source), "broken record", f"{what}; {fix}", line=line)
        file_rep.read += 1
        file_rep.skipped += 1

    def note(source: str, what: str, fix: str, line: int | None) -> None:  # a page kept with a repair
        if opts.errors == "raise":
            raise InputError(source, what, fix=fix, line=line)
        opts.report.issue(_display_path(source), "bad bytes", f"{what}, replaced by U+FFFD; {fix}", line=line,
                          action="kept")

    if kind == "txt":
        frame, file_rep.encoding = formats.read_txt(spec.path, opts.limits, note)
        yield frame, "column", True
    elif kind == "html":
        frame, file_rep.encoding = formats.read_html(spec.path, opts.limits, note)
        yield _site_name(frame, spec.path, opts.limits), "html-meta", False
    elif kind == "csv":
        text_part = part if isinstance(part, formats.Part) else None
        for frame, file_rep.encoding in formats.read_csv(spec.path, chunksize, problem, opts.limits, text_part,
                                                         progress):
            yield frame, "column", False
    elif kind == "jsonl":
        text_part = part if isinstance(part, formats.Part) else None
        for frame, file_rep.encoding in formats.read_jsonl(spec.path, chunksize, problem, opts.limits, text_part,
                                                           progress):
            yield frame, "column", False
    elif kind == "parquet":
        groups = part if isinstance(part, range) else None
        for frame, file_rep.encoding in formats.read_parquet(spec.path, chunksize, opts.limits, groups, progress):
            yield frame, "column", False
    elif kind in archives.KINDS or kind == "archive":
        yield from _archive_chunks(spec, opts, file_rep)


def _site_name(frame: pd.DataFrame, path: Path, limits: formats.Limits = formats.DEFAULT_LIMITS) -> pd.DataFrame:
    """An HTML page without a site name in its metadata: the page's own name from its ``<title>``."""
    if "title" not in frame.columns or frame.loc[0, "outlet"] or not frame.loc[0, "title"]:
        return frame
    html = formats.read_whole_text(path, limits, note=lambda *_: None)[0]  # a bad byte was noted by read_html
    site = site_name_from_title(page_title(html), str(frame.loc[0, "title"]))
    return frame.assign(outlet=site, outlet_source="page-title") if site else frame


# What happens to the thing an archive reader's note is about (see framing.corpus.archives).
_NOTE_ACTIONS = {"broken article": "kept", "unparsed line": "line left out", "cover page": "line left out",
                 "unreadable": "file skipped", "unknown file type": "file ignored"}


def _archive_chunks(spec: InputSpec, opts: _Options, file_rep: FileReport) -> Iterator[tuple[pd.DataFrame, str, bool]]:
    """Articles of a news-archive export (zip members each in turn); the reader's notes go to the report."""
    shown = _display_path(str(spec.path))
    seen = []
    for part in archives.read_path(spec.path, opts.limits.encoding):
        where = shown + (f"!{part.member}" if part.member else "")
        for note in part.notes:
            if note.reason == "bad bytes" and opts.errors == "raise":  # as in a plain-text page
                problem, _, fix = note.detail.partition(", replaced by U+FFFD; ")
                raise InputError(where, problem, fix=fix, line=note.line)
            opts.report.issue(where, note.reason, note.detail, line=note.line, action=_NOTE_ACTIONS.get(note.reason, "kept"))
        if part.family == "?":
            continue
        seen.append(part.format)
        file_rep.encoding = part.encoding
        file_rep.format = ("zip: " if part.member else "") + ", ".join(dict.fromkeys(seen))
        if len(part.frame):
            yield (part.frame.assign(archive_member=part.member) if part.member else part.frame), part.family, False


@dataclass(frozen=True)
class Piece:
    """One input file, or one part of it (a byte range of JSONL/CSV, Parquet row groups, rows of
    a DataFrame): what a worker reads (see :func:`plan_tasks`)."""

    spec: InputSpec | None  # None: rows of an in-memory DataFrame (``part``)
    kind: str
    file_no: int  # the file's place among the inputs (pieces of one file share it, in order)
    part: formats.Part | range | pd.DataFrame | None = None  # None: the whole file
    error: InputError | None = None  # the file could not even be typed (raised or reported in order)


@dataclass(frozen=True)
class Task:
    """Pieces a worker loads (and scores) together: one part of a big file, or several small files."""

    index: int
    pieces: tuple[Piece, ...]


@dataclass
class Plan:
    """The inputs cut into :class:`Task` s, in input order, and what the loader must know of them all."""

    tasks: list[Task]
    metadata: archives.Metadata  # Media Cloud metadata joined to the documents by URL (read first)

    @property
    def in_order_only(self) -> bool:
        """Media Cloud metadata is joined (and its unmatched rows counted) in one process."""
        return bool(self.metadata.files)


PART_MB = 8  # a big JSONL/CSV file is cut into parts of about this many MB (what a worker holds at once) ...
GROUP_FILES = 256  # ... and small files are loaded this many to a task


def plan_tasks(inputs, opts: _Options, chunksize: int = DEFAULT_CHUNKSIZE, part_mb: float = PART_MB) -> Plan:
    """Cut the inputs into tasks a worker can load alone, in input order: big JSONL and CSV files
    into byte ranges at record boundaries (see :func:`framing.corpus.formats.split_text_table`),
    Parquet files into row groups of about ``chunksize`` rows, DataFrames into ``chunksize`` rows,
    and small files gathered until a task holds ``part_mb`` MB or :data:`GROUP_FILES` files.

    Issues about the inputs as a whole (files ignored in folders) go to ``opts.report`` here.
    """
    part_bytes = max(1, int(part_mb * formats.MB))
    if isinstance(inputs, pd.DataFrame):
        pieces = [Piece(None, "DataFrame", 0, inputs.iloc[i:i + chunksize]) for i in range(0, max(len(inputs), 1), chunksize)]
        return Plan([Task(i, (p,)) for i, p in enumerate(pieces)], archives.Metadata())
    specs = resolve_inputs(inputs)
    archive_kinds = {spec.path: archives.sniff_path(spec.path, opts.limits.encoding) for spec in specs}
    metadata = _media_cloud_metadata(specs, archive_kinds, opts)
    for ignored in _ignored_in_folders(inputs):
        if link := broken_link(ignored):
            opts.report.issue(_display_path(str(ignored)), "broken link", f"in an input folder, {link}; "
                              "fix or remove the link", action="file ignored")
            continue
        opts.report.issue(_display_path(str(ignored)), "unknown file type", "in an input folder but not of a "
                          "readable type (" + ", ".join(sorted(SUFFIXES)) + ", and .gz of each); name it as one "
                          "or give it explicitly to have its content sniffed", action="file ignored")
    tasks: list[Task] = []
    group: list[Piece] = []
    group_bytes = 0

    def close_group() -> None:
        nonlocal group_bytes
        if group:
            tasks.append(Task(len(tasks), tuple(group)))
            group.clear()
            group_bytes = 0

    for file_no, spec in enumerate(specs):
        if _display_path(str(spec.path)) in metadata.files:
            continue
        try:
            kind = archive_kinds[spec.path] or format_of(spec.path) or (
                "archive" if spec.path.suffix.lower() in archives.CONTAINERS else formats.sniff_format(spec.path, opts.limits))
        except InputError as exc:
            group.append(Piece(spec, "?", file_no, error=exc))
            continue
        try:
            size = spec.path.stat().st_size
        except OSError:
            size = 0
        parts: list | None = None
        if kind in ("jsonl", "csv") and size > part_bytes:
            parts = formats.split_text_table(spec.path, kind, part_bytes, opts.limits)
        elif kind == "parquet" and size > part_bytes:
            parts = formats.parquet_row_groups(spec.path, chunksize)
        if parts:
            close_group()
            tasks.extend([Task(len(tasks) + k, (Piece(spec, kind, file_no, part),)) for k, part in enumerate(parts)])
            continue
        group.append(Piece(spec, kind, file_no))
        group_bytes += size
        if group_bytes >= part_bytes or len(group) >= GROUP_FILES:
            close_group()
    close_group()
    return Plan(tasks, metadata)


@dataclass
class PieceResult:
    """What a worker made of one :class:`Piece`: corpus frames (every record, not yet settled), the
    piece's own load report, how many lines or rows it read, and the error that stopped it, if any."""

    file_no: int
    shown: str
    kind: str
    frames: list[pd.DataFrame]
    report: LoadReport
    units: int = 0
    error: tuple[str, str, str, int | None] | None = None  # (source, problem, fix, line) of an InputError


def load_task(task: Task, opts: _Options, chunksize: int = DEFAULT_CHUNKSIZE,
              metadata: archives.Metadata | None = None) -> list[PieceResult]:
    """Read, decode, clean and standardise the pieces of one task (the load half of the per-partition
    pipeline; see :func:`framing.scale.run_partition`). Runs in a worker: it touches no shared state,
    and what must be decided in input order (absolute line numbers, repeats, errors) is left to the
    loader in the parent (see :func:`_settle`). Small files of one kind are standardised together."""
    results: list[PieceResult] = []
    batch: list[tuple[PieceResult, pd.DataFrame]] = []  # one-document files waiting to be standardised together
    batch_key: tuple | None = None

    def flush() -> None:
        if not batch:
            return
        first = batch[0][0]
        spec = next(p.spec for p in task.pieces if p.file_no == first.file_no)
        assert spec is not None and batch_key is not None
        paths = {p.file_no: str(p.spec.path) for p in task.pieces if p.spec is not None}
        combined = pd.concat([raw for _, raw in batch], ignore_index=True) if len(batch) > 1 else batch[0][1].copy()
        combined[PATH_COL] = [paths[r.file_no] for r, raw in batch for _ in range(len(raw))]
        try:
            out = _standardise(combined, str(spec.path), replace(opts, report=first.report, seen=SeenIds(), sources={}), origin=batch_key[1],
                               mapping=batch_key[3], outlet=batch_key[4], outlet_origin=batch_key[5],
                               is_page=batch_key[2])
        except InputError as exc:  # a whole-batch problem: each file on its own says which
            for r, raw in batch:
                _standardise_piece(r, raw.assign(**{PATH_COL: paths[r.file_no]}),
                                   replace(opts, report=r.report, seen=SeenIds(), sources={}), batch_key, exc)
        else:
            for r, raw in batch:
                r.report.files[0].read += len(raw)
            batch[-1][0].frames.append(out)  # settled once all the batch's files are known to the loader
        batch.clear()

    for piece in task.pieces:
        report = LoadReport()
        local = replace(opts, report=report, seen=SeenIds(), sources={})
        if piece.spec is None:  # rows of a DataFrame
            flush()
            frame = piece.part if isinstance(piece.part, pd.DataFrame) else pd.DataFrame()
            file_rep = report.file("<DataFrame>", "DataFrame")
            raw = frame.copy()
            raw[ROW_COL] = range(1, 1 + len(raw))
            out = _standardise(raw, "<DataFrame>", local, origin="column", mapping=dict(opts.columns or {}),
                               outlet=opts.outlet, outlet_origin="argument", is_page=False)
            file_rep.read += len(out)
            results.append(PieceResult(0, "<DataFrame>", "DataFrame", [out], report, len(frame)))
            continue
        spec = piece.spec
        shown = _display_path(str(spec.path))
        result = PieceResult(piece.file_no, shown, piece.kind, [], report)
        results.append(result)
        file_rep = report.file(shown, piece.kind)
        if piece.error is not None:
            result.error = (shown, piece.error.problem, piece.error.fix, piece.error.line)
            continue
        outlet, outlet_origin = (spec.outlet, "corpus-registry") if spec.outlet else (opts.outlet, "argument")
        mapping = {**spec.columns, **(opts.columns or {})}
        surrogates = formats.surrogates_replaced()
        progress = formats.Progress()
        single = piece.kind in ("txt", "html") and piece.part is None  # one document a file
        if not single:
            flush()
        try:
            try:
                for raw, origin, is_page in _file_chunks(spec, piece.kind, chunksize, local, file_rep,
                                                         piece.part if not isinstance(piece.part, pd.DataFrame) else None,
                                                         progress):
                    if metadata is not None:
                        raw = metadata.join(raw, COLUMN_ALIASES["url"], COLUMN_ALIASES)
                    key = (piece.kind, origin, is_page, mapping, outlet, outlet_origin)
                    if single:
                        if batch and key != batch_key:
                            flush()
                        batch_key = key
                        batch.append((result, raw))
                        continue
                    out = _standardise(raw, str(spec.path), local, origin=origin, mapping=mapping, outlet=outlet,
                                       outlet_origin=outlet_origin, is_page=is_page)
                    file_rep.read += len(out)
                    result.frames.append(out)
            except OSError as exc:  # permission denied, vanished file, I/O error
                raise InputError(shown, f"cannot read the file ({exc.strerror or exc})",
                                 fix="check that it exists and is readable") from None
        except InputError as exc:
            result.error = (exc.source, exc.problem, exc.fix, exc.line)
        result.units = progress.units
        if n := formats.surrogates_replaced() - surrogates:
            report.issue(shown, "lone surrogates", f"{n} lone surrogate code point(s) (\\ud800-\\udfff escapes "
                         "in JSON, not encodable text) replaced by U+FFFD", action="kept")
    flush()
    return results


def _standardise_piece(result: PieceResult, raw: pd.DataFrame, opts: _Options, key: tuple, batch_error: InputError) -> None:
    """Standardise one file's records alone (after a batch of files failed), its own error kept."""
    spec_path = raw[PATH_COL].iloc[0] if PATH_COL in raw.columns and len(raw) else result.shown
    try:
        out = _standardise(raw.drop(columns=[PATH_COL], errors="ignore"), str(spec_path), opts, origin=key[1],
                           mapping=key[3], outlet=key[4], outlet_origin=key[5], is_page=key[2])
    except InputError as exc:
        result.error = (exc.source, exc.problem, exc.fix, exc.line)
        return
    result.frames.append(out)
    result.report.files[0].read += len(out)


class Settler:
    """The loader's parent side: takes :class:`PieceResult` s in input order and gives the settled
    corpus frames, with one load report for all (see :func:`_settle`)."""

    def __init__(self, opts: _Options) -> None:
        self.opts = opts
        self.files: dict[int, FileReport] = {}
        self.by_source: dict[str, FileReport] = {}
        self.offsets: dict[int, int] = {}
        self.failed: set[int] = set()

    def settle(self, result: PieceResult) -> list[pd.DataFrame]:
        """The settled frames of one piece (raises the piece's error with ``errors="raise"``)."""
        opts, no = self.opts, result.file_no
        if no in self.failed:
            return []
        part_rep = result.report.files[0]
        offset = self.offsets.get(no, 0)
        file_rep = self.files.get(no)
        if file_rep is None:
            file_rep = self.files[no] = opts.report.file(result.shown, part_rep.format, part_rep.encoding)
            self.by_source[result.shown] = file_rep
        file_rep.format = part_rep.format
        file_rep.encoding = part_rep.encoding or file_rep.encoding
        file_rep.read += part_rep.read
        file_rep.skipped += part_rep.skipped  # broken records
        for issue in result.report.issues:
            if issue["line"] is not None and result.kind != "?":
                issue["line"] += offset
            opts.report.issues.append(issue)
        frames = [_settle(frame, opts, self.by_source, offset) for frame in result.frames]
        self.offsets[no] = offset + result.units
        if result.error is not None:
            source, problem, fix, line = result.error
            exc = InputError(source, problem, fix=fix, line=None if line is None else line + offset)
            if opts.errors == "raise":
                raise exc
            self.failed.add(no)
            _unreadable(opts, file_rep, exc)
        return frames


def _iter_processed(inputs, opts: _Options, chunksize: int) -> Iterator[pd.DataFrame]:
    """Cleaned corpus frames, file by file and chunk by chunk (no duplicate columns yet), in this process."""
    plan = plan_tasks(inputs, opts, chunksize)
    settler = Settler(opts)
    for task in plan.tasks:
        for result in load_task(task, opts, chunksize, plan.metadata):
            yield from settler.settle(result)
    _media_cloud_unmatched(plan.metadata, opts)


def _media_cloud_metadata(specs: list[InputSpec], kinds: dict[Path, str | None], opts: _Options) -> archives.Metadata:
    """Media Cloud exports without text, read first: the other inputs' documents are joined to them by URL."""
    metadata = archives.Metadata()
    for spec in specs:
        if kinds[spec.path] != "mediacloud":
            continue
        parts = archives.read_path(spec.path, opts.limits.encoding)
        if any("text" in part.frame.columns for part in parts):
            continue
        shown = _display_path(str(spec.path))
        opts.report.file(shown, "mediacloud (csv, metadata)", parts[0].encoding if parts else "")
        for part in parts:
            metadata.add(part.frame, shown)
    return metadata


def _media_cloud_unmatched(metadata: archives.Metadata, opts: _Options) -> None:
    """Count the metadata rows joined to a body and report each one that found none."""
    if not metadata.files:
        return
    unmatched = metadata.unmatched()
    for rec in unmatched:
        opts.report.issue(rec["_file"], "no body", f"Media Cloud story {rec.get('url', '')!r} matched no document of the "
                          "other inputs by URL; give the bodies (url + text, e.g. JSONL) as another input",
                          line=rec.get(ROW_COL), doc_id=str(rec.get("doc_id", "")))
    for file_rep in opts.report.files:
        if file_rep.source in metadata.files:
            missing = sum(1 for rec in unmatched if rec["_file"] == file_rep.source)
            file_rep.read = metadata.files[file_rep.source]
            file_rep.skipped = missing
            file_rep.kept = file_rep.read - missing
            file_rep.status = "metadata joined by url"


def _readable(path: Path) -> bool:
    """A file in an input folder is read when its extension is known, or it is a news-archive
    export (.docx, .rtf, .zip recognised by content; other Word files, zips, ... are listed as ignored)."""
    return format_of(path) is not None or (path.suffix.lower() in archives.CONTAINERS and archives.sniff_path(path) is not None)


def _ignored_in_folders(inputs) -> list[Path]:
    """Files inside input folders that :func:`resolve_inputs` passes over (unknown extension), and
    links there that lead nowhere (hidden files and folders are passed over on purpose)."""
    items = [inputs] if isinstance(inputs, (str, Path)) else list(inputs)
    ignored: list[Path] = []
    for item in items:
        if is_url(item):
            ignored.extend(ignored_in_folder(str(item), _readable))
            continue
        folder = Path(str(item)).expanduser()
        if str(item) not in bundled_corpora() and folder.is_dir():
            ignored.extend(p for p in sorted(folder.rglob("*"))
                           if (p.is_file() and not _readable(p) or p.is_symlink() and not p.exists())
                           and not any(part.startswith(".") for part in p.relative_to(folder).parts))
    return ignored


def _unreadable(opts: _Options, file_rep: FileReport, exc: InputError) -> None:
    reason = "missing column" if "column" in exc.problem else "unreadable"
    file_rep.status = reason
    detail = exc.problem + (f". Fix: {exc.fix}" if exc.fix else "")
    if file_rep.kept:
        detail += f" (the {file_rep.kept:,} document(s) read before this are kept)"
    opts.report.issue(file_rep.source, reason, detail, line=exc.line, action="file skipped")


def _options(columns, text_col, id_col, outlet, clean, clean_rules, errors, report, keep_all: bool = False,
             max_doc_mb: float = formats.MAX_DOC_MB, max_expand_mb: float | None = None,
             encoding: str | None = None) -> _Options:
    if errors not in ("raise", "skip"):
        raise ParameterError(value_invalid_msg("errors", errors, ["raise", "skip"]))
    for name, value in (("max_doc_mb", max_doc_mb), ("max_expand_mb", max_expand_mb)):
        if value is not None and (isinstance(value, bool) or not isinstance(value, (int, float)) or not value > 0):
            raise ParameterError(value_invalid_msg(name, value, "a number of MB > 0"))
    rules = load_rules(str(clean_rules) if clean_rules is not None else None)
    report.clean_rules = " + ".join(rules.sources) + (f" (version {rules.version})" if rules.version else "")
    report.clean_rules_sha256 = rules.hash
    return _Options(columns, text_col, id_col, outlet, clean, rules, errors, report,
                    formats.Limits(max_doc_mb, max_expand_mb, formats.check_encoding(encoding) if encoding else None),
                    keep_all=keep_all)


def _rechunk(frames: Iterable[pd.DataFrame], chunksize: int) -> Iterator[pd.DataFrame]:
    buffer: list[pd.DataFrame] = []
    size = 0
    for frame in frames:
        if not len(frame):
            continue
        buffer.append(frame)
        size += len(frame)
        while size >= chunksize:
            whole = pd.concat(buffer, ignore_index=True) if len(buffer) > 1 else buffer[0]
            yield whole.iloc[:chunksize].reset_index(drop=True)
            rest = whole.iloc[chunksize:]
            buffer, size = ([rest] if len(rest) else []), len(rest)
    if buffer:
        yield pd.concat(buffer, ignore_index=True) if len(buffer) > 1 else buffer[0].reset_index(drop=True)


def _empty_corpus() -> pd.DataFrame:
    frame = pd.DataFrame({c: pd.Series(dtype="object") for c in CORPUS_COLUMNS + META_COLUMNS
                          + ["language", "language_source"]})
    frame["published"] = pd.Series(dtype="datetime64[ns, UTC]")
    frame["year"] = pd.Series(dtype="Int64")
    return frame


def _dedup_summary(result: pd.DataFrame) -> dict[str, int]:
    clusters = result.loc[~result["is_canonical"], "dup_cluster"].nunique()
    return {"clusters": int(clusters), "exact": int((result["dup_kind"] == "exact").sum()),
            "near": int((result["dup_kind"] == "near").sum())}


def load_corpus_with_report(inputs: str | Path | Iterable[str | Path] | pd.DataFrame, *,
                            columns: dict[str, str] | None = None, text_col: str | None = None,
                            id_col: str | None = None, outlet: str = "", clean: bool = True,
                            clean_rules: str | Path | None = None, dedup: bool = True,
                            errors: Errors = "raise", max_doc_mb: float = formats.MAX_DOC_MB,
                            max_expand_mb: float | None = None, keep_all: bool = False,
                            encoding: str | None = None) -> tuple[pd.DataFrame, LoadReport]:
    """Like :func:`load_corpus`, and also return the :class:`LoadReport` of what was read and skipped.

    ``errors="skip"`` turns unreadable files and broken records into report lines instead of
    raising :class:`framing.errors.InputError`.

    >>> corpus, report = load_corpus_with_report("example-article")
    >>> report.files_table()[["format", "read", "kept", "skipped"]].values.tolist()
    [['txt', 1, 1, 0]]
    """
    report = LoadReport()
    opts = _options(columns, text_col, id_col, outlet, clean, clean_rules, errors, report, keep_all,
                    max_doc_mb=max_doc_mb, max_expand_mb=max_expand_mb, encoding=encoding)
    frames = [f for f in _iter_processed(inputs, opts, chunksize=100_000) if len(f)]
    corpus = pd.concat(frames, ignore_index=True) if frames else _empty_corpus()
    if dedup:
        deduper = Deduper()
        try:
            deduper.add(corpus)
            result = deduper.result()
        finally:
            deduper.close()
        for col in DEDUP_COLUMNS:
            corpus[col] = result[col].to_numpy()
        report.duplicates = _dedup_summary(result)
    return corpus, report


def load_corpus(inputs: str | Path | Iterable[str | Path] | pd.DataFrame, *, columns: dict[str, str] | None = None,
                text_col: str | None = None, id_col: str | None = None, outlet: str = "", clean: bool = True,
                clean_rules: str | Path | None = None, dedup: bool = True, errors: Errors = "raise",
                max_doc_mb: float = formats.MAX_DOC_MB, max_expand_mb: float | None = None,
                keep_all: bool = False, encoding: str | None = None) -> pd.DataFrame:
    """Load a corpus from bundled names, files, folders, globs, or a DataFrame.

    ``columns`` renames input columns (``{"body": "text"}``); ``text_col`` / ``id_col`` name the
    text and id columns; ``outlet`` fills an empty outlet. ``clean`` applies the scraped-page rules
    (``clean_rules`` adds a user rules file); ``dedup`` adds the duplicate-cluster columns.
    ``max_doc_mb`` / ``max_expand_mb`` are the size limits of :class:`framing.corpus.formats.Limits`
    (a larger document, or a ``.gz`` file expanding further, is refused with an :class:`InputError`).
    ``encoding`` (a Python codec name: ``cp1251``, ``koi8-r``, ...) reads every text input in it
    instead of detecting it (an unknown name: :class:`ParameterError`).
    Raises :class:`framing.errors.InputError` naming the file and line for unreadable input, and
    when two documents share a ``doc_id`` with different text. Documents with empty text, or
    repeated with the same ``doc_id`` and text, are skipped with a warning; use
    :func:`load_corpus_with_report` to see every such line. ``keep_all=True`` keeps them instead, one
    row per input document in input order, with a ``status`` column as :func:`iter_corpus` describes
    (what ``framing load --out`` writes; the default stays ``False`` because callers expect text in
    every row).

    >>> df = load_corpus(pd.DataFrame({"text": ["Talks may resume."], "url": ["https://x.org/1"]}))
    >>> df[["doc_id", "text"]].to_dict("records")
    [{'doc_id': '5b7155b447676af5', 'text': 'Talks may resume.'}]
    """
    corpus, report = load_corpus_with_report(inputs, columns=columns, text_col=text_col, id_col=id_col,
                                             outlet=outlet, clean=clean, clean_rules=clean_rules, dedup=dedup,
                                             errors=errors, max_doc_mb=max_doc_mb, max_expand_mb=max_expand_mb,
                                             keep_all=keep_all, encoding=encoding)
    skipped = [i for i in report.issues if i["action"] != "kept"]
    if skipped:
        reasons = pd.Series([i["reason"] for i in skipped]).value_counts()
        warnings.warn("load_corpus skipped " + ", ".join(f"{n} ({r})" for r, n in reasons.items())
                      + "; see load_corpus_with_report() or `framing load` for each line", stacklevel=2)
    return corpus


def iter_corpus(inputs: str | Path | Iterable[str | Path] | pd.DataFrame, chunksize: int = DEFAULT_CHUNKSIZE, *,
                columns: dict[str, str] | None = None, text_col: str | None = None, id_col: str | None = None,
                outlet: str = "", clean: bool = True, clean_rules: str | Path | None = None, dedup: bool = True,
                errors: Errors = "raise", report: LoadReport | None = None, keep_all: bool = False,
                max_doc_mb: float = formats.MAX_DOC_MB, max_expand_mb: float | None = None,
                encoding: str | None = None) -> Iterator[pd.DataFrame]:
    """Yield the corpus as DataFrames of at most ``chunksize`` rows, in bounded memory.

    Same options and columns as :func:`load_corpus`. Pass a :class:`LoadReport` as ``report`` to
    have it filled in as the inputs are read. With ``dedup`` (the default) the inputs are read
    and cleaned once into a temporary spool on disk, duplicates are found, and then the chunks
    are yielded, all with the same columns and the same duplicate columns as :func:`load_corpus`;
    without it, chunks are yielded as they are read and their extra columns follow each file.
    Memory: chunks are bounded by ``chunksize``; the duplicate index still grows by a few KB per
    document (about 7 KB: MinHash LSH bands and ids; ~350 MB for 50,000 documents), and the
    spool takes about the corpus's size on disk (in the system temp folder). For very many
    documents, ``dedup=False`` streams in flat memory in a single pass. ``keep_all`` keeps a
    document with no text (empty, or emptied by cleaning) and a repeat (same ``doc_id`` and text)
    as rows, and adds a ``status`` column: ``ok``, ``empty``, ``emptied by cleaning`` or
    ``repeated`` (``framing score`` loses no row this way); with ``errors="skip"`` too, a different
    text under a known ``doc_id`` keeps its row, status ``duplicate id``.

    >>> [len(chunk) for chunk in iter_corpus("press-releases", chunksize=1000)]
    [1000, 796]
    """
    if not isinstance(chunksize, int) or chunksize < 1:
        raise ParameterError(f"`chunksize` got {chunksize!r}; expected a whole number >= 1")
    report = report if report is not None else LoadReport()
    opts = _options(columns, text_col, id_col, outlet, clean, clean_rules, errors, report, keep_all, max_doc_mb,
                    max_expand_mb, encoding)
    processed = _iter_processed(inputs, opts, chunksize)
    if not dedup:
        yield from _rechunk(processed, chunksize)
        return
    spool = Path(tempfile.mkdtemp(prefix="framing-spool-"))
    deduper = Deduper()
    try:
        files: list[Path | pd.DataFrame] = []
        order: dict[str, None] = {}
        pending: list[pd.DataFrame] = []  # small frames (one file, one page each) are spooled together
        pending_rows = 0

        def flush() -> None:
            nonlocal pending_rows
            if pending:
                frame = pending[0] if len(pending) == 1 else pd.concat(pending, ignore_index=True)
                files.append(_spool(frame, spool / f"{len(files):06d}.parquet"))
                pending.clear()
                pending_rows = 0

        for frame in processed:
            if not len(frame):
                continue
            deduper.add(frame)
            if pending and list(pending[0].columns) != list(frame.columns):
                flush()
            pending.append(frame)
            pending_rows += len(frame)
            if pending_rows >= chunksize:
                flush()
            order.update((c, None) for c in frame.columns)
        frame = pd.DataFrame()  # (the last one is spooled: holding it as well doubles a big document's memory)
        flush()
        result = deduper.result()
        report.duplicates = _dedup_summary(result)
        all_columns = [c for c in order if c not in DEDUP_COLUMNS]
        offset = 0

        def chunks() -> Iterator[pd.DataFrame]:
            nonlocal offset
            for path in files:
                frame = _unspool(path).reindex(columns=all_columns)
                part = result.iloc[offset:offset + len(frame)]
                offset += len(frame)
                for col in DEDUP_COLUMNS:
                    frame[col] = part[col].to_numpy()
                yield frame

        yield from _rechunk(chunks(), chunksize)
    finally:
        deduper.close()
        shutil.rmtree(spool, ignore_errors=True)


PARQUET_MAX_NESTING = 50  # Parquet readers refuse schemas nested deeper than 100 levels (a struct level counts twice)


def _nesting(frame: pd.DataFrame, cap: int = PARQUET_MAX_NESTING + 1) -> int:
    """The deepest nesting of lists and dicts in the frame's object columns (counted up to ``cap``)."""
    deepest = 0
    for col in frame.columns:
        if frame[col].dtype != object:
            continue
        for value in frame[col]:
            level, items = 0, [value]
            while level < cap:
                containers = [x for x in items if isinstance(x, (dict, list))]
                if not containers:
                    break
                level += 1
                items = [v for x in containers for v in (x.values() if isinstance(x, dict) else x)]
            deepest = max(deepest, level)
            if deepest >= cap:
                return deepest
    return deepest


def _spool(frame: pd.DataFrame, path: Path) -> Path | pd.DataFrame:
    """Spool a frame to Parquet (no pickle); a frame Arrow cannot store (mixed-type column) stays in memory."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    if _nesting(frame) > PARQUET_MAX_NESTING:  # Arrow would fail (or run out of memory) on the schema
        return frame
    try:
        frame.to_parquet(path)
        pq.read_schema(path)
    except (pa.ArrowException, TypeError, ValueError, RecursionError, OSError):
        Path(path).unlink(missing_ok=True)
        return frame
    return path


def _unspool(item: Path | pd.DataFrame) -> pd.DataFrame:
    if isinstance(item, pd.DataFrame):
        return item
    frame = pd.read_parquet(item)
    os.unlink(item)
    return frame


def write_corpus(chunks: Iterable[pd.DataFrame], out: str | Path) -> int:
    """Write corpus chunks to one ``.parquet`` or ``.csv`` file, atomically; return the row count.

    Extra (input-specific) columns are written as text so every chunk has the same schema.
    """
    path = Path(out)
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".parquet"):
        raise InputError(out, f"cannot write a corpus as {suffix or 'a file without extension'}",
                         fix="name the output *.parquet or *.csv")
    rows, writer, columns = 0, None, None
    typed = set(CORPUS_COLUMNS) | set(META_COLUMNS) | set(DEDUP_COLUMNS)
    with atomic_path(path) as tmp:
        try:
            for chunk in chunks:
                if columns is None:
                    columns = list(chunk.columns)
                chunk = chunk.reindex(columns=columns)
                for col in columns:
                    if col not in typed:
                        chunk[col] = chunk[col].map(lambda v: None if v is None or v != v else str(v), na_action="ignore")
                        chunk[col] = chunk[col].astype("string")
                if suffix == ".csv":
                    chunk.to_csv(tmp, index=False, lineterminator="\n", mode="a" if rows else "w", header=not rows)
                else:
                    import pyarrow as pa
                    import pyarrow.parquet as pq

                    table = pa.Table.from_pandas(chunk, preserve_index=False)
                    if writer is None:
                        writer = pq.ParquetWriter(tmp, table.schema)
                    writer.write_table(table.cast(writer.schema))
                rows += len(chunk)
            if rows == 0:
                _empty_corpus().to_csv(tmp, index=False) if suffix == ".csv" else _empty_corpus().to_parquet(tmp)
        finally:
            if writer is not None:
                writer.close()
    return rows
