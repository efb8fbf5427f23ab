"""What every archive parser builds: articles with a provenance label per field, and notes.

A field's ``*_source`` is ``<family>:<label>``, the archive family and the label or field code
it was read from (``nexis:Byline``, ``factiva:PD``, ``proquest:Publication title``); a length
counted from the body (the archive gave none) is ``counted``.

>>> art = Article("nexis", line=3, position=1)
>>> art.set("author", "Jane Doe", "Byline")
>>> art.body = ["Talks resumed on Monday."]
>>> rec = art.record()
>>> rec["author"], rec["author_source"], rec["length"], rec["length_source"]
('Jane Doe', 'nexis:Byline', 4, 'counted')
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from ..formats import ROW_COL

# Fields every archive reader fills where the export has them (each with a ``*_source`` column).
FIELDS = ["title", "outlet", "published", "author", "section", "length", "language", "url"]
ARCHIVE_COLUMNS = ["section", "section_source", "length", "length_source", "language", "language_source",
                   "archive_position", "archive_fields"]
_WORDS = re.compile(r"(\d[\d,.]*)\s*(?:words?|wörter|mots|palabras|слов\w*)?", re.IGNORECASE)


@dataclass(frozen=True)
class Note:
    """A line the parser could not place (``unparsed line``) or an article it had to repair or
    could not read completely (``broken article``); ``line`` is 1-based in the extracted text."""

    line: int | None
    reason: str
    detail: str


def word_count(value: str) -> int | None:
    """``"850 words"`` -> 850; ``None`` when there is no number.

    >>> word_count("1,204 words"), word_count("many")
    (1204, None)
    """
    m = _WORDS.search(value or "")
    if not m:
        return None
    digits = re.sub(r"\D", "", m.group(1))
    return int(digits) if digits else None


@dataclass
class Article:
    """One article being parsed: fields with their labels, extra labelled values, body paragraphs."""

    family: str
    line: int | None
    position: int
    fields: dict[str, str] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)
    extra: dict[str, str] = field(default_factory=dict)
    body: list[str] = field(default_factory=list)
    doc_id: str = ""

    def set(self, name: str, value: str, label: str) -> None:
        """Set a field once (the first value wins) and remember the label it came from."""
        value = " ".join(str(value).split())
        if value and not self.fields.get(name):
            self.fields[name] = value
            self.sources[name] = f"{self.family}:{label}"

    def keep(self, label: str, value: str) -> None:
        """A labelled value with no corpus column (Subject, Copyright, ...): kept in ``archive_fields``."""
        value = " ".join(str(value).split())
        if value:
            self.extra[label] = f"{self.extra[label]}; {value}" if label in self.extra else value

    def record(self) -> dict:
        body = [p for p in (" ".join(x.split()) for x in self.body) if p]
        rec: dict = {"text": "\n\n".join(body), ROW_COL: self.line, "archive_position": self.position,
                     "archive_fields": json.dumps(self.extra, ensure_ascii=False) if self.extra else ""}
        for name in FIELDS:
            rec[name] = self.fields.get(name, "")
            rec[f"{name}_source"] = self.sources.get(name, "")
        words = word_count(rec["length"]) if rec["length"] else None
        if words is None and body:
            words, rec["length_source"] = sum(len(p.split()) for p in body), "counted"
        rec["length"] = words
        if self.doc_id:
            rec["doc_id"] = self.doc_id
        return rec


@dataclass
class Parsed:
    """The articles of one file (records for the loader) and the notes for the load report."""

    records: list[dict] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)

    def leftover(self, line: int, text: str, where: str) -> None:
        self.notes.append(Note(line, "unparsed line", f"{where}: {text.strip()[:200]!r} (not in any field or body)"))

    def cover(self, line: int, text: str) -> None:
        self.notes.append(Note(line, "cover page", f"{text.strip()[:200]!r}"))

    def broken(self, art: Article, problem: str) -> None:
        self.notes.append(Note(art.line, "broken article", f"article {art.position} (line {art.line}): {problem}"))
