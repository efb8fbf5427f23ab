"""Readers for news-archive exports, chosen by content: Nexis Uni / LexisNexis, Factiva,
ProQuest, Media Cloud, and zip files of any of these.

======================= ============================ =============================================
family                  containers                   recognised by
======================= ============================ =============================================
``nexis``               DOCX, RTF, TXT               ``End of Document`` + ``Length:``/``Load-Date:``;
                                                     classic: ``N of M DOCUMENTS`` + ``LENGTH:``
``factiva``             RTF, HTML, TXT               field codes ``HD`` ... ``PD``/``AN``
``proquest``            TXT                          ``Full text:`` + ``Publication title:``
``mediacloud``          CSV                          columns ``media_name`` + ``publish_date``
``zip``                 ZIP                          members that are any of the above
======================= ============================ =============================================

Each article becomes one record with ``title``, ``outlet``, ``published``, ``author`` (byline),
``section``, ``length`` (words), ``language``, ``url``, a ``*_source`` for each
(``<family>:<label>``, see :mod:`.common`), ``archive_position`` (its place in the file) and
``archive_fields`` (other labelled values, JSON). Lines the parser could not place, cover pages
and repaired articles come back as :class:`~.common.Note` for the load report.

>>> parts = read_bytes("a.txt", b"HD Talks resume\\nPD 29 March 2022\\nSN Reuters News\\nLP\\nBody.\\nAN Document X1234567890\\n")
>>> parts[0].family, parts[0].frame.loc[0, ["title", "published_source", "doc_id"]].tolist()
('factiva', ['Talks resume', 'factiva:PD', 'X1234567890'])
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree

import pandas as pd

from ...errors import InputError
from . import factiva, mediacloud, nexis, proquest
from .common import ARCHIVE_COLUMNS, FIELDS, Note, Parsed
from .extract import MAX_MEMBER_BYTES, docx_lines, html_lines, rtf_lines, text_lines
from .mediacloud import Metadata

# what a damaged, encrypted or oddly compressed zip member raises when read
ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, RuntimeError, NotImplementedError, EOFError, OSError)
KINDS = ("nexis", "factiva", "proquest", "mediacloud", "zip")
# Extensions whose content is sniffed for an archive layout (.gz is not: archives are not gzipped).
SNIFFED = {".txt", ".text", ".html", ".htm", ".csv", ".tsv", ".docx", ".rtf", ".zip", ""}
SNIFF_BYTES = 1 << 20
CONTAINERS = (".docx", ".rtf", ".zip")  # extensions only archive exports are read from
# an HTML export shows a field code alone in a cell (Factiva) or an archive's marker lines
_HTML_HINT = re.compile(rb">\s*(?:HD|AN|PD)\s*<|End of Document|Full text:|\bof \d+ DOCUMENTS\b", re.IGNORECASE)

__all__ = ["ARCHIVE_COLUMNS", "CONTAINERS", "FIELDS", "KINDS", "Metadata", "Note", "Part", "read_bytes", "read_path", "sniff_bytes", "sniff_path"]


@dataclass
class Part:
    """The articles of one file (or one zip member): a loader frame, notes, and how it was read."""

    family: str
    container: str
    encoding: str
    frame: pd.DataFrame
    notes: list[Note] = field(default_factory=list)
    member: str = ""

    @property
    def format(self) -> str:
        return f"{self.family} ({self.container})"


def _container(data: bytes) -> str:
    if data[:4] == b"PK\x03\x04":
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                return "docx" if "word/document.xml" in zf.namelist() else "zip"
        except zipfile.BadZipFile:
            return "zip"
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"{\\rtf"):
        return "rtf"
    low = head[:2048].lower()
    if low.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<body" in low or b"<table" in low:
        return "html"
    return "text"


def _lines(name: str, data: bytes, container: str, complete: bool = True, encoding: str | None = None,
           notes: list[Note] | None = None) -> tuple[list[str], str]:
    """The lines of a file's text and its encoding; bad bytes of a text, HTML or RTF file are added to ``notes``."""
    from lxml.etree import LxmlError

    def note(source: str, problem: str, fix: str, line: int | None) -> None:
        if notes is not None:
            notes.append(Note(line, "bad bytes", f"{problem}, replaced by U+FFFD; {fix}"))

    try:
        if container == "docx":
            return docx_lines(data), "docx"
        if container == "rtf":
            return rtf_lines(data, name, encoding, note)
        if container == "html":
            return html_lines(data, name, complete, encoding, note)
    except (*ZIP_ERRORS, KeyError, ValueError, LxmlError, ElementTree.ParseError) as exc:
        raise InputError(name, f"not a readable {container.upper()} file ({exc})", fix="re-export it") from None
    return text_lines(data, name, complete, encoding, note)


def _family(lines: list[str]) -> str | None:
    for family, module in (("nexis", nexis), ("factiva", factiva), ("proquest", proquest)):
        if module.sniff(lines):
            return family
    return None


def _csv_columns(data: bytes) -> list[str]:
    first = data[:65536].decode("utf-8", errors="ignore").lstrip("\ufeff").split("\n", 1)[0]
    sep = max([",", "\t", ";"], key=first.count)
    return [c.strip().strip('"') for c in first.split(sep)]


def sniff_bytes(name: str, data: bytes, complete: bool = True, encoding: str | None = None) -> str | None:
    """The archive family of a file's content (a member name helps only for CSV), else ``None``;
    ``encoding``: the text's (else detected).

    >>> sniff_bytes("x.csv", b"stories_id,publish_date,title,url,language,media_name\\n")
    'mediacloud'
    """
    container = _container(data)
    if container == "zip":
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                for info in _members(zf):
                    if info.file_size <= MAX_MEMBER_BYTES and sniff_bytes(info.filename, zf.read(info), encoding=encoding):
                        return "zip"
        except ZIP_ERRORS:
            return None
        return None
    if container == "text" and mediacloud.sniff_columns(_csv_columns(data)):
        return "mediacloud"
    if Path(name).suffix.lower() in (".csv", ".tsv"):
        return None
    if container == "html" and not _HTML_HINT.search(data):
        return None  # an ordinary web page: not parsed twice
    try:
        lines, _ = _lines(name, data, container, complete, encoding)
    except InputError:
        return None
    return _family(lines)


def _members(zf: zipfile.ZipFile) -> list[zipfile.ZipInfo]:
    return sorted((i for i in zf.infolist() if not i.is_dir() and not i.filename.startswith("__MACOSX/")
                   and not Path(i.filename).name.startswith(".")), key=lambda i: i.filename)


def sniff_path(path: Path, encoding: str | None = None) -> str | None:
    """The archive family of a file (``None`` for ordinary txt/html/csv files and other formats);
    ``encoding``: a text file's (``--encoding``), else detected."""
    suffix = path.suffix.lower()
    if suffix not in SNIFFED:
        return None
    try:
        with path.open("rb") as fh:
            head = fh.read(4)
            if head == b"\x1f\x8b"[:len(head)] and len(head) >= 2:
                return None
            fh.seek(0)
            whole = head == b"PK\x03\x04" or suffix == ".rtf"
            data = fh.read() if whole else fh.read(SNIFF_BYTES)
            complete = whole or len(data) < SNIFF_BYTES
    except OSError:
        return None
    return sniff_bytes(path.name, data, complete, encoding)


def read_bytes(name: str, data: bytes, encoding: str | None = None) -> list[Part]:
    """Parse one file's bytes into :class:`Part` s (one per zip member that is an archive export).
    A text export is read in ``encoding`` (``--encoding``), else in the one detected; each line with a
    byte not valid in it is a ``bad bytes`` note (the byte becomes U+FFFD, the article is kept)."""
    container = _container(data)
    if container == "zip":
        return _read_zip(name, data, encoding)
    notes: list[Note] = []
    if container == "text" and mediacloud.sniff_columns(_csv_columns(data)):
        _, encoding = text_lines(data[:SNIFF_BYTES], name, len(data) <= SNIFF_BYTES, encoding)
        text_lines(data, name, True, encoding, lambda _, problem, fix, line: notes.append(
            Note(line, "bad bytes", f"{problem}, replaced by U+FFFD; {fix}")))
        return [Part("mediacloud", "csv", encoding, mediacloud.read(data, encoding), notes)]
    lines, encoding = _lines(name, data, container, encoding=encoding, notes=notes)
    family = _family(lines)
    if family is None:
        raise InputError(name, f"not a Nexis, Factiva, ProQuest or Media Cloud export ({container})",
                         fix="give the export as downloaded, or load it as plain text/HTML")
    if family == "nexis":
        parsed: Parsed = nexis.parse(lines)
    elif family == "factiva":
        parsed = factiva.parse(lines, blocks=container == "text")
    else:
        parsed = proquest.parse(lines)
    frame = pd.DataFrame(parsed.records)
    return [Part(family, container if container != "text" else "txt", encoding, frame, notes + parsed.notes)]


def _read_zip(name: str, data: bytes, encoding: str | None = None) -> list[Part]:
    parts: list[Part] = []
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except ZIP_ERRORS as exc:
        raise InputError(name, f"not a readable zip file ({exc})", fix="re-create the zip") from None
    with zf:
        for info in _members(zf):
            if info.file_size > MAX_MEMBER_BYTES:
                parts.append(Part("?", "zip", "", pd.DataFrame(), [Note(None, "unreadable", f"{info.filename}: "
                                  f"{info.file_size:,} bytes uncompressed; too large")], info.filename))
                continue
            try:
                member = zf.read(info)
                got = read_bytes(info.filename, member, encoding) if sniff_bytes(info.filename, member, encoding=encoding) else None
            except (InputError, *ZIP_ERRORS) as exc:
                detail = exc.problem if isinstance(exc, InputError) else str(exc)
                parts.append(Part("?", "zip", "", pd.DataFrame(), [Note(None, "unreadable", detail)], info.filename))
                continue
            if got is None:
                parts.append(Part("?", "zip", "", pd.DataFrame(), [Note(None, "unknown file type", "a zip member "
                                  "that is not a Nexis, Factiva, ProQuest or Media Cloud export; not read")],
                                  info.filename))
                continue
            for part in got:
                part.member = info.filename + (f"!{part.member}" if part.member else "")
                parts.append(part)
    return parts


def read_path(path: Path, encoding: str | None = None) -> list[Part]:
    """Parse an archive export file (see :func:`read_bytes`; ``encoding``: a text export's, else detected)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(path, f"cannot read the file ({exc.strerror or exc})", fix="check that it is readable") from None
    if not data:
        raise InputError(path, "the file is empty", fix="remove it or re-export it")
    return read_bytes(str(path), data, encoding)
