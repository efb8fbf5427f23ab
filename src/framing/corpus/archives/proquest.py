"""ProQuest TXT exports: documents between lines of underscores, the body after ``Full text:``.

::

    ____________________________________________________________
    Document 1 of 3
    Ukraine talks resume
    Author: Doe, Jane
    Publication info: The New York Times ; New York, N.Y. 29 Mar 2022: A.1.
    Full text: First paragraph.
    Second paragraph.
    Title: Ukraine talks resume
    Publication title: The New York Times
    Publication date: Mar 29, 2022
    Section: A
    Language of publication: English
    ProQuest document ID: 2644464443
    Document URL: https://www.proquest.com/docview/2644464443
    ____________________________________________________________
"""

from __future__ import annotations

import re

from .common import Article, Parsed

_SEPARATOR = re.compile(r"^\s*_{10,}\s*$")
_LABEL = re.compile(r"^(?P<label>[A-Z][A-Za-z/ -]{1,40}?|ProQuest document ID|ISSN|e-ISSN):\s*(?P<value>.*)$")
TRAILER = {"subject", "location", "people", "company / organization", "title", "publication title", "pages",
           "publication year", "publication date", "year", "section", "publisher", "place of publication",
           "country of publication", "publication subject", "issn", "e-issn", "source type", "language of publication",
           "document type", "proquest document id", "document url", "copyright", "last updated", "database",
           "credit", "illustration", "identifier / keyword", "dateline", "number of pages", "document feature",
           "accession number", "source attribution", "classification", "byline", "edition", "column", "author"}
_FIELDS = {"title": "title", "publication title": "outlet", "publication date": "published", "author": "author",
           "section": "section", "language of publication": "language", "document url": "url"}
_COVER = re.compile(r"^(Report Information from ProQuest|Table of contents|Document \d+ of \d+|\d+\.\s+\S.*|"
                    r"ProQuest document link|Links:.*|Bibliography|Contact ProQuest|Copyright © \d{4} ProQuest.*|"
                    r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
                    r" \d{1,2} \d{4} \d{1,2}:\d{2})$")


def sniff(lines: list[str]) -> bool:
    """``Full text:`` and a ProQuest trailer label (``Publication title:`` / ``ProQuest document ID:``)."""
    head = "\n".join(lines[:5000])
    return bool(re.search(r"^Full text:", head, re.M)
                and re.search(r"^(Publication title|ProQuest document ID):", head, re.M))


def parse(lines: list[str]) -> Parsed:
    out = Parsed()
    start = 0
    for i in range(len(lines) + 1):
        if i == len(lines) or _SEPARATOR.match(lines[i]):
            _chunk(lines, start, i, out)
            start = i + 1
    return out


def _chunk(lines: list[str], start: int, end: int, out: Parsed) -> None:
    idx = [i for i in range(start, end) if lines[i].strip()]
    full = next((i for i in idx if lines[i].strip().startswith("Full text:")), None)
    labelled = {(m["label"].lower()) for m in (_LABEL.match(lines[i].strip()) for i in idx) if m}
    if full is None and not ({"title", "publication title"} & labelled):
        for i in idx:
            stripped = lines[i].strip()
            if _COVER.match(stripped):
                out.cover(i + 1, stripped)
            else:
                out.leftover(i + 1, stripped, "outside any document")
        return
    head = [i for i in idx if full is None or i < full]
    art = Article("proquest", (head[0] if head else idx[0]) + 1, len(out.records) + 1)
    body: list[int] = []
    trailer_at = end
    if full is not None:
        trailer_at = next((i for i in idx if i > full and _is_trailer(lines[i].strip())), end)
        body = [i for i in idx if full < i < trailer_at]
        first = lines[full].strip()[len("Full text:"):].strip()
        art.body = ([first] if first else []) + [lines[i].strip() for i in body]
    title_line = None
    for i in head if full is not None else [i for i in idx if i < trailer_at]:
        stripped = lines[i].strip()
        m = _LABEL.match(stripped)
        if re.match(r"^Document \d+ of \d+$", stripped) or stripped == "ProQuest document link":
            continue
        if m:
            _label(art, m["label"], m["value"])
        elif title_line is None:
            title_line = stripped
        else:
            out.leftover(i + 1, stripped, f"document {art.position} header")
    for i in (i for i in idx if i >= trailer_at):
        stripped = lines[i].strip()
        m = _LABEL.match(stripped)
        if m:
            _label(art, m["label"], m["value"])
        else:
            out.leftover(i + 1, stripped, f"document {art.position} trailer")
    if title_line:
        art.set("title", title_line, "head-line")
    info = art.extra.get("Publication info", "")
    if info:
        art.set("outlet", re.split(r"\s;|\[", info)[0], "Publication info")
    if full is None:
        out.broken(art, "no 'Full text:' line: the document has no body (abstract-only record?)")
    for label in ("title", "publication title", "publication date"):
        if label not in labelled:
            out.broken(art, f"no '{label.capitalize()}:' line")
    doc_id = art.extra.get("ProQuest document ID", "")
    art.doc_id = f"proquest:{doc_id}" if doc_id else ""
    out.records.append(art.record())


def _is_trailer(line: str) -> bool:
    m = _LABEL.match(line)
    return bool(m and m["label"].lower() in TRAILER)


def _label(art: Article, label: str, value: str) -> None:
    name = _FIELDS.get(label.lower())
    if name:
        art.set(name, value, label)
    else:
        art.keep(label, value)
