"""The load report: per input file, documents read, kept and skipped, and why.

Nothing is dropped without a line in :attr:`LoadReport.issues`; every piece of text the cleaner
removed is in :attr:`LoadReport.removals` with its rule.

>>> rep = LoadReport()
>>> f = rep.file("a.jsonl", "jsonl", "utf-8")
>>> f.read, f.kept = 3, 2
>>> rep.issue("a.jsonl", "empty text", "nothing left after cleaning", line=2, doc_id="x")
>>> print(rep.summary_lines()[0])
1 file(s): 3 document(s) read, 2 kept, 1 skipped
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field

import pandas as pd

# Why a document or file was skipped (``action`` "skipped" / "file skipped"), or a note on a kept one.
REASONS = {
    "unreadable": "the file could not be read (see detail); documents read before the problem, if any, are kept",
    "broken record": "a line/record could not be parsed and was skipped",
    "empty text": "no text left (empty field, or only boilerplate removed by cleaning)",
    "bad bytes": "bytes not valid in the file's encoding, or NULs, in a text or HTML page or an archive export, replaced by U+FFFD; "
                 "the document is kept",
    "lone surrogates": "unpaired UTF-16 surrogates (e.g. \\ud800 escapes in JSON) replaced by U+FFFD; the record is kept",
    "document too large": "a document over the size limit (--max-doc-mb); split it or raise the limit",
    "duplicate": "same doc_id and same text as a document already loaded",
    "duplicate id": "same doc_id as a document already loaded but different text",
    "missing column": "a required column is missing",
    "unknown file type": "a file in an input folder that is not of a readable type was not read",
    "broken link": "a link in an input folder that leads to no file (or round in a loop) was not read",
    "unparsed date": "the date value could not be read; published is NaT (document kept)",
    "broken article": "an archive article missing a part (body marker, date, id, ...); kept as far as it could be read",
    "unparsed line": "a line of an archive export in no field and no body (not loaded; shown here)",
    "cover page": "a line of an archive export's cover page or table of contents (not loaded)",
    "no body": "a metadata row (Media Cloud) whose URL matched no document of the other inputs",
    "unknown language": "a language value that names no language; the language was detected from the text instead",
}


PER_GROUP = 10  # lines printed per (file, reason) in the text report; issues_table() has all


@dataclass
class FileReport:
    """Counts for one input file."""

    source: str
    format: str
    encoding: str = ""
    read: int = 0
    kept: int = 0
    skipped: int = 0
    removed_lines: int = 0
    status: str = "ok"


@dataclass
class LoadReport:
    """Everything :func:`framing.corpus.load_corpus_with_report` did to the inputs."""

    files: list[FileReport] = field(default_factory=list)
    issues: list[dict] = field(default_factory=list)
    removals: list[dict] = field(default_factory=list)
    duplicates: dict[str, int] = field(default_factory=dict)
    clean_rules: str = ""
    clean_rules_sha256: str = ""
    languages: dict[str, int] = field(default_factory=dict)  # documents kept per language (ISO 639-1)
    languages_detected: int = 0  # of them, documents whose language was detected (no input value)
    # False: what cleaning removed is counted per file (``FileReport.removed_lines``) but not kept
    # in :attr:`removals` (``framing score``: memory does not grow with what a long run removes)
    keep_removals: bool = True

    def file(self, source: str, fmt: str, encoding: str = "") -> FileReport:
        rep = FileReport(source, fmt, encoding)
        self.files.append(rep)
        return rep

    def issue(self, source: str, reason: str, detail: str, *, line: int | None = None, doc_id: str = "",
              action: str = "skipped") -> None:
        self.issues.append({"source": source, "line": line, "doc_id": doc_id, "reason": reason,
                            "action": action, "detail": detail})

    def count_languages(self, languages: Iterable[str], sources: Iterable[str]) -> None:
        """Add kept documents to :attr:`languages` (and to :attr:`languages_detected` those detected).

        >>> rep = LoadReport()
        >>> rep.count_languages(["en", "ru", "en"], ["detected", "column", "detected"])
        >>> rep.languages, rep.languages_detected
        ({'en': 2, 'ru': 1}, 2)
        """
        for lang, n in Counter(languages).items():  # first-seen order, as one by one
            self.languages[lang] = self.languages.get(lang, 0) + n
        self.languages_detected += list(sources).count("detected")

    def languages_line(self) -> str:
        """Documents per language, most first ("" before any document is counted).

        >>> rep = LoadReport(languages={"en": 3, "uk": 5}, languages_detected=8)
        >>> rep.languages_line()
        'languages: uk 5, en 3 (8 detected from the text, 0 from the input)'
        """
        if not self.languages:
            return ""
        total = sum(self.languages.values())
        counts = ", ".join(f"{lang} {n:,}" for lang, n in sorted(self.languages.items(), key=lambda kv: (-kv[1], kv[0])))
        return (f"languages: {counts} ({self.languages_detected:,} detected from the text, "
                f"{total - self.languages_detected:,} from the input)")

    @property
    def skipped(self) -> int:
        return sum(f.skipped for f in self.files)

    def losses(self) -> dict[str, int]:
        """Documents without text, repeats kept (same doc_id and text), documents kept under a
        duplicate id (same doc_id, other text), and documents or files skipped, by kind.

        >>> rep = LoadReport()
        >>> rep.issue("a.jsonl", "empty text", "no text left after cleaning", line=2, action="kept")
        >>> rep.issue("a.jsonl", "duplicate", "same doc_id and text", line=3)
        >>> rep.issue("a.jsonl", "duplicate id", "same doc_id, other text", line=4, action="kept")
        >>> rep.losses()
        {'empty': 0, 'emptied by cleaning': 1, 'repeated': 0, 'duplicate id': 1, 'skipped': 1, 'files skipped': 0}
        """
        empties = [r for r in self.issues if r["reason"] == "empty text"]
        emptied = sum("left after cleaning" in r["detail"] for r in empties)
        kept = Counter(r["reason"] for r in self.issues if r["action"] == "kept")
        return {"empty": len(empties) - emptied, "emptied by cleaning": emptied,
                "repeated": kept["duplicate"], "duplicate id": kept["duplicate id"],
                "skipped": sum(r["action"] == "skipped" and r["reason"] != "empty text" for r in self.issues),
                "files skipped": sum(r["action"] == "file skipped" for r in self.issues)}

    def losses_line(self) -> str:
        """One line on what has no text or was skipped ("" if nothing), for a command's stderr; repeats
        and documents under a duplicate id that were kept are counted apart.

        >>> rep = LoadReport()
        >>> rep.issue("a.jsonl", "empty text", "no text", line=2)
        >>> rep.losses_line()
        '1 document(s) with no text (1 empty, 0 emptied by cleaning), 0 record(s) skipped, 0 file(s) skipped'
        >>> rep.issue("a.jsonl", "duplicate id", "same doc_id, other text", line=3, action="kept")
        >>> rep.losses_line().endswith("skipped, 1 kept under a duplicate id (same doc_id, other text)")
        True
        """
        n = self.losses()
        if not any(n.values()):
            return ""
        return (f"{n['empty'] + n['emptied by cleaning']:,} document(s) with no text ({n['empty']:,} empty, "
                f"{n['emptied by cleaning']:,} emptied by cleaning), {n['skipped']:,} record(s) skipped, "
                f"{n['files skipped']:,} file(s) skipped" + (f", {n['repeated']:,} repeat(s) kept" if n["repeated"] else "")
                + (f", {n['duplicate id']:,} kept under a duplicate id (same doc_id, other text)"
                   if n["duplicate id"] else ""))

    def files_table(self) -> pd.DataFrame:
        """One row per input file: source, format, encoding, read, kept, skipped, removed_lines, status."""
        return pd.DataFrame([asdict(f) for f in self.files], columns=list(FileReport.__dataclass_fields__))

    def issues_table(self) -> pd.DataFrame:
        """One row per skipped document, skipped file or note: source, line, doc_id, reason, action, detail."""
        return pd.DataFrame(self.issues, columns=["source", "line", "doc_id", "reason", "action", "detail"])

    def removals_table(self) -> pd.DataFrame:
        """One row per piece of text removed by cleaning: doc_id, source, rule, text."""
        return pd.DataFrame(self.removals, columns=["doc_id", "source", "rule", "text"])

    def summary_lines(self) -> list[str]:
        read = sum(f.read for f in self.files)
        kept = sum(f.kept for f in self.files)
        lines = [f"{len(self.files)} file(s): {read:,} document(s) read, {kept:,} kept, {read - kept:,} skipped"]
        if self.losses_line():
            lines.append(self.losses_line())
        if self.languages:
            lines.append(self.languages_line())
        if self.duplicates:
            d = self.duplicates
            lines.append(f"duplicates: {d.get('clusters', 0):,} cluster(s) of syndicated/duplicate copies; "
                         f"{d.get('exact', 0):,} exact and {d.get('near', 0):,} near copies marked "
                         f"is_canonical=False (kept; count a story once with corpus[corpus.is_canonical])")
        if self.removals:
            counts = self.removals_table()["rule"].value_counts()
            lines.append("cleaning removed: " + ", ".join(f"{rule} {n:,}" for rule, n in counts.items()))
        return lines

    def provenance(self) -> dict:
        """What a run manifest records about loading (JSON-safe): the cleaning rules and their
        hash, documents read/kept/skipped, skips by reason, removals by rule, documents emptied by
        cleaning, duplicates, documents per language, and one line per file.

        >>> rep = LoadReport(clean_rules="clean_rules.yaml (version 0.3.0)", clean_rules_sha256="ab12")
        >>> f = rep.file("a.jsonl", "jsonl", "utf-8")
        >>> f.read, f.kept, f.skipped = 2, 1, 1
        >>> rep.issue("a.jsonl", "empty text", "no text left after cleaning", line=2)
        >>> rep.removals.append({"doc_id": "x", "source": "a.jsonl", "rule": "advertisement", "text": "Advertisement"})
        >>> p = rep.provenance()
        >>> p["documents"], p["skipped"], p["removals"], p["emptied_by_cleaning"]
        ({'read': 2, 'kept': 1, 'skipped': 1}, {'empty text': 1}, {'advertisement': 1}, 1)
        """
        skipped: dict[str, int] = {}
        for row in self.issues:
            if row["action"] not in ("kept", "line left out"):
                skipped[row["reason"]] = skipped.get(row["reason"], 0) + 1
        notes: dict[str, int] = {}
        for row in self.issues:
            if row["action"] in ("kept", "line left out"):
                notes[row["reason"]] = notes.get(row["reason"], 0) + 1
        removals: dict[str, int] = {}
        for row in self.removals:
            removals[row["rule"]] = removals.get(row["rule"], 0) + 1
        read, kept = sum(f.read for f in self.files), sum(f.kept for f in self.files)
        return {
            "clean_rules": {"sources": self.clean_rules, "sha256": self.clean_rules_sha256},
            "documents": {"read": read, "kept": kept, "skipped": read - kept},
            "skipped": dict(sorted(skipped.items())),
            "notes": dict(sorted(notes.items())),
            "removals": dict(sorted(removals.items())),
            "emptied_by_cleaning": sum(1 for row in self.issues if row["reason"] == "empty text"
                                       and "left after cleaning" in row["detail"]),
            "duplicates": dict(self.duplicates),
            "languages": dict(sorted(self.languages.items())),
            "languages_detected": self.languages_detected,
            "files": [{k: v for k, v in asdict(f).items() if k != "removed_lines"} for f in self.files],
        }

    def __str__(self) -> str:
        out = ["Load report", "==========="]
        table = self.files_table()
        if len(table):
            out.append(table.to_string(index=False))
        out.append("")
        out.extend(self.summary_lines())
        if self.issues:
            out.append("")
            out.append("skipped / notes:")
            # file-level lines first, then at most PER_GROUP lines per (file, reason), with a count
            ordered = sorted(self.issues, key=lambda r: not r["action"].startswith("file"))
            shown: dict[tuple[str, str], int] = {}
            for row in ordered:
                group = (row["source"], row["reason"])
                shown[group] = shown.get(group, 0) + 1
                if shown[group] > PER_GROUP:
                    continue
                where = row["source"] + (f":{row['line']}" if row["line"] is not None else "")
                who = f" [{row['doc_id']}]" if row["doc_id"] else ""
                out.append(f"  {where}{who}: {row['action']}: {row['reason']}: {row['detail']}")
            for (source, reason), n in shown.items():
                if n > PER_GROUP:
                    out.append(f"  {source}: ... and {n - PER_GROUP:,} more '{reason}' (see issues_table())")
            out.append("reasons:")
            for reason in dict.fromkeys(row["reason"] for row in self.issues):
                out.append(f"  {reason}: {REASONS.get(reason, '')}")
        return "\n".join(out)
