"""Nexis Uni / LexisNexis exports: the DOCX/RTF layout and the classic TXT layout.

Nexis Uni (DOCX, RTF; one or many articles a file)::

    Title
    Publication
    March 3, 2022 Thursday
    Copyright 2022 Publisher
    Section: WORLD; Version:2
    Length: 850 words
    Byline: Jane Doe
    Body
    paragraph ...
    Classification
    Language: ENGLISH
    Load-Date: March 4, 2022
    End of Document

Classic LexisNexis Academic TXT: articles start with ``N of M DOCUMENTS``, then publication,
date (and edition), title, ``BYLINE:`` / ``SECTION:`` / ``LENGTH:`` labels, the body, and
``LOAD-DATE:`` / ``LANGUAGE:`` labels after it.
"""

from __future__ import annotations

import re

import pandas as pd

from ..meta import parse_date
from .common import Article, Parsed

_END = re.compile(r"^\s*End of Document\s*$", re.IGNORECASE)
_LABEL = re.compile(r"^(?P<label>[A-Z][A-Za-z]+(?:[- ][A-Z][A-Za-z]+){0,2}):\s*(?P<value>.*)$")
_TAIL_LABELS = {"load-date", "language", "publication-type", "subject", "geographic", "industry", "person",
                "organization", "company", "ticker", "country", "city", "state", "document-type", "journal-code",
                "graphic", "notes", "correction-date", "correction", "url", "terms", "news subject"}
_HEAD_FIELDS = {"section": "section", "length": "length", "byline": "author", "headline": "title",
                "url": "url"}
_CLASSIC_START = re.compile(r"^\s*(?P<n>\d+)\s+of\s+(?P<m>\d+)\s+DOCUMENTS?\s*$", re.IGNORECASE)
_CLASSIC_LABEL = re.compile(r"^(?P<label>[A-Z][A-Z]+(?:[- ][A-Z]+){0,2}):\s*(?P<value>.*)$")
_EDITION = re.compile(r"\bedition\b|^(?:final|late|early|city|metro)\b", re.IGNORECASE)
_WEEKDAY = re.compile(r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", re.IGNORECASE)
_VERSION = re.compile(r";\s*Version:\s*\d+\s*$", re.IGNORECASE)


def sniff(lines: list[str]) -> bool:
    """Nexis Uni (``End of Document`` + labels) or classic (``N of M DOCUMENTS`` + ``LENGTH:``)."""
    head = "\n".join(lines[:5000])
    modern = re.search(r"^\s*End of Document\s*$", head, re.M | re.I) and re.search(
        r"^(Load-Date|Length|Section|Byline):|^Body\s*$", head, re.M)
    classic = re.search(r"^\s*\d+\s+of\s+\d+\s+DOCUMENTS?\s*$", head, re.M | re.I) and re.search(
        r"^(LENGTH|LOAD-DATE|BYLINE|SECTION):", head, re.M)
    return bool(modern or classic)


def is_date(line: str) -> bool:
    """A Nexis date line: "March 3, 2022 Thursday", "Thursday, March 3, 2022 5:30 PM EST"."""
    text = line.strip()
    return len(text) < 80 and not pd.isna(parse_date(_WEEKDAY.sub("", text).strip(" ,")))


def parse(lines: list[str]) -> Parsed:
    """Split an export into articles (either layout)."""
    if any(_CLASSIC_START.match(x) for x in lines[:5000]) and not any(_END.match(x) for x in lines):
        return parse_classic(lines)
    return parse_modern(lines)


# --- Nexis Uni (DOCX / RTF) --------------------------------------------------------------------
def parse_modern(lines: list[str]) -> Parsed:
    out = Parsed()
    chunks: list[tuple[int, int, bool]] = []  # (start, end) 0-based, closed by End of Document?
    start = 0
    for i, line in enumerate(lines):
        if _END.match(line):
            chunks.append((start, i, True))
            start = i + 1
    if start < len(lines) and any(x.strip() for x in lines[start:]):
        chunks.append((start, len(lines), False))
    for start, end, closed in chunks:
        _modern_article(lines, start, end, closed, out, len(out.records) + 1)
    return out


def _modern_article(lines: list[str], start: int, end: int, closed: bool, out: Parsed, position: int) -> None:
    idx = [i for i in range(start, end) if lines[i].strip()]
    body_at = next((i for i in idx if lines[i].strip() == "Body"), None)
    def header_like(i: int) -> bool:
        line = lines[i].strip()
        return bool(_LABEL.match(line)) or line.lower().startswith("copyright")

    # the header labels start after the date line ("Copyright ..." / "Section: ..."); label-like lines
    # of a cover page before the first article ("Date and Time: ...") do not follow a date line
    candidates = [i for n, i in enumerate(idx) if (body_at is None or i < body_at) and header_like(i)
                  and n > 0 and is_date(lines[idx[n - 1]])]
    first_label = candidates[0] if candidates else next(
        (i for i in idx if (body_at is None or i < body_at) and header_like(i)), body_at)
    if first_label is None:  # no header at all: not an article (e.g. notes after the last one)
        for i in idx:
            out.leftover(i + 1, lines[i], "outside any article")
        return
    pre = [i for i in idx if i < first_label]
    date_at = next((i for i in reversed(pre) if is_date(lines[i])), None)
    title_at: int | None = None
    outlet_at: int | None = None
    if date_at is not None:
        before = [i for i in pre if i < date_at]
        outlet_at = before[-1] if before else None
        title_at = before[-2] if len(before) > 1 else None
    art = Article("nexis", (title_at if title_at is not None else (pre[0] if pre else first_label)) + 1, position)
    if title_at is not None:
        art.set("title", lines[title_at], "title-line")
    if outlet_at is not None:
        art.set("outlet", lines[outlet_at], "publication-line")
    if date_at is not None:
        art.set("published", _WEEKDAY.sub("", lines[date_at]).strip(" ,"), "date-line")
    for i in pre:
        if i not in (title_at, outlet_at, date_at):
            if position == 1:
                out.cover(i + 1, lines[i])
            else:
                out.leftover(i + 1, lines[i], f"before article {position} (extra header line)")
    # header labels up to Body (or, without a Body line, up to the first line that is not a label)
    if body_at is not None:
        header = [i for i in idx if first_label <= i < body_at]
        body_start = body_at + 1
    else:
        header = []
        for i in (i for i in idx if i >= first_label):
            if not header_like(i) or _is_tail(lines[i].strip()):
                break
            header.append(i)
        body_start = header[-1] + 1 if header else first_label
    for i in header:
        _label(art, lines[i].strip(), out, i, position, head=True)
    for name in ("title", "outlet", "published"):
        if not art.fields.get(name):
            out.broken(art, f"no {name} line found in the article header")
    tail_at = next((i for i in idx if i >= body_start and _is_tail(lines[i].strip())), end)
    art.body = [lines[i] for i in idx if body_start <= i < tail_at]
    for i in (i for i in idx if i >= tail_at):
        stripped = lines[i].strip()
        if stripped != "Classification":
            _label(art, stripped, out, i, position, head=False)
    if body_at is None:
        out.broken(art, f"no 'Body' line; body taken from line {body_start + 1} to the first label after it")
    if not closed:
        out.broken(art, "no 'End of Document' line (file cut short?); read to the end of the file")
    out.records.append(art.record())


def _is_tail(line: str) -> bool:
    m = _LABEL.match(line)
    return line == "Classification" or bool(m and m["label"].lower() in _TAIL_LABELS)


def _label(art: Article, line: str, out: Parsed, i: int, position: int, head: bool) -> None:
    if line.lower().startswith("copyright") and not _LABEL.match(line):
        art.keep("Copyright", line)
        return
    m = _LABEL.match(line)
    if not m:
        out.leftover(i + 1, line, f"article {position} {'header' if head else 'trailer'}")
        return
    label, value = m["label"], m["value"]
    key = label.lower()
    if key == "section":
        art.set("section", _VERSION.sub("", value), label)
    elif key in _HEAD_FIELDS:
        art.set(_HEAD_FIELDS[key], value, label)
    elif key == "language":
        art.set("language", value, label)
    elif key == "load-date":
        art.keep(label, value)
        art.set("published", value, label)  # only when the date line was missing
    else:
        art.keep(label, value)


# --- classic TXT -------------------------------------------------------------------------------
def parse_classic(lines: list[str]) -> Parsed:
    out = Parsed()
    starts = [i for i, x in enumerate(lines) if _CLASSIC_START.match(x)]
    for i in range(starts[0] if starts else len(lines)):
        if lines[i].strip():
            out.cover(i + 1, lines[i])
    for k, start in enumerate(starts):
        end = starts[k + 1] if k + 1 < len(starts) else len(lines)
        _classic_article(lines, start, end, out, k + 1)
    return out


def _blocks(lines: list[str], start: int, end: int) -> list[tuple[int, str]]:
    """Blank-line separated blocks, each unwrapped into one line: ``(first line index, text)``."""
    blocks: list[tuple[int, str]] = []
    cur: list[str] = []
    at = start
    for i in range(start, end):
        s = lines[i].strip()
        if s:
            at = i if not cur else at
            cur.append(s)
        elif cur:
            blocks.append((at, " ".join(cur)))
            cur = []
    if cur:
        blocks.append((at, " ".join(cur)))
    return blocks


def _classic_article(lines: list[str], start: int, end: int, out: Parsed, position: int) -> None:
    art = Article("nexis", start + 1, position)
    first = next((i for i in range(start + 1, end) if _CLASSIC_LABEL.match(lines[i].strip())), end)
    pre = [(i, lines[i].strip()) for i in range(start + 1, first) if lines[i].strip()]
    date_n = next((n for n, (_, t) in enumerate(pre) if is_date(t)), None)
    if pre and date_n != 0:
        art.set("outlet", pre[0][1], "publication-line")
    if date_n is not None:
        art.set("published", _WEEKDAY.sub("", pre[date_n][1]).strip(" ,"), "date-line")
    title_parts = []
    for n, (_at, text) in enumerate(pre):
        if n == 0 or n == date_n:
            continue
        if date_n is not None and n == date_n + 1 and _EDITION.search(text):
            art.keep("Edition", text)
        else:
            title_parts.append(text)
    if title_parts:
        art.set("title", " ".join(title_parts), "title-line")
    for name in ("title", "outlet", "published"):
        if not art.fields.get(name):
            out.broken(art, f"no {name} line found in the article header")
    blocks = _blocks(lines, first, end)
    first = 0
    # header labels, body, trailer labels
    n = first
    while n < len(blocks) and (m := _CLASSIC_LABEL.match(blocks[n][1])) and m["label"].lower() not in _TAIL_LABELS:
        _classic_label(art, m["label"], m["value"])
        n += 1
    body = []
    while n < len(blocks):
        m = _CLASSIC_LABEL.match(blocks[n][1])
        if m and m["label"].lower() in _TAIL_LABELS:
            break
        body.append(blocks[n][1])
        n += 1
    art.body = body
    while n < len(blocks):
        at, text = blocks[n]
        m = _CLASSIC_LABEL.match(text)
        if m:
            _classic_label(art, m["label"], m["value"])
        elif text.lower().startswith("copyright") or "all rights reserved" in text.lower():
            art.keep("Copyright", text)
        else:
            out.leftover(at + 1, text, f"article {position} trailer")
        n += 1
    if not body:
        out.broken(art, "no body text between the header labels and LOAD-DATE/LANGUAGE")
    out.records.append(art.record())


def _classic_label(art: Article, label: str, value: str) -> None:
    key = label.lower()
    if key in _HEAD_FIELDS:
        art.set(_HEAD_FIELDS[key], _VERSION.sub("", value), label)
    elif key == "language":
        art.set("language", value, label)
    elif key == "load-date":
        art.keep(label, value)
        art.set("published", value, label)
    else:
        art.keep(label, value)
