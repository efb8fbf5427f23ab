"""Factiva exports with field codes (RTF, HTML, TXT): one article from ``HD`` to ``AN``.

::

    HD  Ukraine and Russia resume talks in Istanbul
    BY  By Jane Doe
    WC  612 words
    PD  29 March 2022
    SN  Reuters News
    SC  LBA
    LA  English
    LP  ISTANBUL, March 29 (Reuters) - First paragraph ...
    TD  More paragraphs ...
    NS  gvio : Military Action
    AN  Document LBA0000020220329ei3t00abc

``LP`` (lead paragraphs) + ``TD`` (text) make the body; ``AN`` (accession number) is the
document id. A code is two or three capitals at the start of a line; its value runs to the next
code. Factiva's page footers ("Page 2 of 9 © 2022 Factiva, Inc. All rights reserved.") are taken
out of the body and reported.
"""

from __future__ import annotations

import re

from .common import Article, Parsed

CODES = {"HD", "BY", "CR", "WC", "PD", "ET", "SN", "SC", "SE", "ED", "PG", "LA", "CY", "LP", "TD", "CT", "RF",
         "CO", "IN", "NS", "RE", "IPC", "IPD", "PUB", "AN", "ART", "CLM", "HLP", "VOL", "GC", "NGC"}
_CODE = re.compile(r"^(?P<code>[A-Z]{2,3})(?:[ \t\u00a0]+(?P<value>.*?))?\s*$")
# index codes after the body have values like "gvio : Military Action"
_INDEX = re.compile(r"^\S+ : \S")
_FOOTER = re.compile(r"^Page \d+ of \d+\s+©\s*\d{4} Factiva, Inc\. All rights reserved\.?$", re.IGNORECASE)
_FIELDS = {"HD": "title", "BY": "author", "WC": "length", "SN": "outlet", "SE": "section", "LA": "language"}


def sniff(lines: list[str]) -> bool:
    """At least one ``HD`` line and one ``PD`` or ``AN`` line."""
    head = lines[:5000]
    has = {m["code"] for m in (_CODE.match(x.strip()) for x in head) if m}
    return "HD" in has and bool(has & {"PD", "AN"}) and bool(has & {"LP", "TD", "SN", "WC"})


def _code(line: str, in_body: bool) -> tuple[str, str] | None:
    m = _CODE.match(line.strip())
    if not m or m["code"] not in CODES:
        return None
    code, value = m["code"], m["value"] or ""
    if in_body and code not in ("HD", "TD", "AN", "CT", "RF", "PUB", "IPD"):
        if code in ("CO", "IN", "NS", "RE", "IPC") and (not value or _INDEX.match(value)):
            return code, value
        return None  # a body paragraph that happens to start with capitals ("IN 2022, ...")
    if in_body and code == "AN" and value and not re.match(r"^(Document\s+)?[A-Za-z0-9]{10,}$", value):
        return None
    return code, value


def parse(lines: list[str], blocks: bool) -> Parsed:
    """Split a Factiva export into articles. ``blocks``: paragraphs are blank-line separated
    blocks (TXT); else each line is a paragraph (RTF, HTML)."""
    out = Parsed()
    art: Article | None = None
    values: dict[str, list[tuple[int, str]]] = {}
    code = ""
    for i, raw in enumerate(lines):
        line = raw.strip()
        in_body = code in ("LP", "TD")
        hit = _code(line, in_body) if line else None
        if hit and hit[0] == "HD" and art is not None and values:
            _finish(art, values, out, blocks)
            art, values = None, {}
        if hit:
            code, value = hit
            if art is None:
                art = Article("factiva", i + 1, len(out.records) + 1)
            values.setdefault(code, [])
            if value:
                values[code].append((i, value))
            continue
        if _FOOTER.match(line):
            out.leftover(i + 1, line, "Factiva page footer")
            continue
        if art is None or not code:
            if line:
                out.leftover(i + 1, line, "outside any article")
            continue
        if code == "AN" and values.get("AN") and line:
            out.leftover(i + 1, line, "after the last field of an article")
            continue
        values[code].append((i, line))  # continuation, or a blank line (paragraph break)
    if art is not None:
        _finish(art, values, out, blocks)
    return out


def _paragraphs(items: list[tuple[int, str]], blocks: bool) -> list[str]:
    if not blocks:
        return [t for _, t in items if t]
    paras, cur = [], []
    for _, t in items:
        if t:
            cur.append(t)
        elif cur:
            paras.append(" ".join(cur))
            cur = []
    if cur:
        paras.append(" ".join(cur))
    return paras


def _finish(art: Article, values: dict[str, list[tuple[int, str]]], out: Parsed, blocks: bool) -> None:
    def joined(code: str) -> str:
        return " ".join(t for _, t in values.get(code, []) if t)

    for code, name in _FIELDS.items():
        value = joined(code)
        if code == "BY":
            value = re.sub(r"^By\s+", "", value, flags=re.IGNORECASE)
        art.set(name, value, code)
    if joined("PD"):
        art.set("published", " ".join(x for x in (joined("PD"), joined("ET")) if x), "PD" + ("+ET" if joined("ET") else ""))
    art.doc_id = re.sub(r"^Document\s+", "", joined("AN"))
    art.body = _paragraphs(values.get("LP", []), blocks) + _paragraphs(values.get("TD", []), blocks)
    for code in values:
        if code not in _FIELDS and code not in ("PD", "ET", "LP", "TD") and joined(code):
            art.keep(code, joined(code))
    if joined("ET"):
        art.keep("ET", joined("ET"))
    for code, problem in (("HD", "no HD (headline)"), ("PD", "no PD (publication date)"), ("SN", "no SN (source name)"),
                          ("AN", "no AN (accession number): the id is a hash of the text")):
        if not joined(code):
            out.broken(art, problem)
    if not art.body:
        out.broken(art, "no LP or TD: the article has no body")
    if joined("WC") and not re.search(r"\d", joined("WC")):
        out.broken(art, f"WC {joined('WC')!r} is not a word count; length counted from the body")
    out.records.append(art.record())
