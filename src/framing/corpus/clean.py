"""Rule-based cleaning of scraped news pages (rules in ``rules/clean_rules.yaml``).

Cleaning removes whole lines and a leading dateline; it never rewrites or reorders text, and
it records each removal with the rule that made it.

>>> page = "Title\\n\\n(Reuters) - Talks resumed.\\n\\nRead more: other story\\n\\nMore text."
>>> cleaned = clean_page(page, has_title=True)
>>> cleaned.text, cleaned.agency, cleaned.title
('Talks resumed.\\n\\nMore text.', 'Reuters', 'Title')
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

RULES_FILE = Path(__file__).parent / "rules" / "clean_rules.yaml"


@dataclass
class CleanedPage:
    """The result of :func:`clean_page`: body text, metadata found, and what was removed."""

    text: str
    title: str = ""
    agency: str = ""
    publisher: str = ""
    year: int | None = None
    removed: list[tuple[str, str]] = field(default_factory=list)  # (rule, removed text)


@lru_cache(maxsize=4)
def load_rules(path: str | Path = RULES_FILE) -> dict:
    """Read and compile a cleaning-rules file."""
    raw = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    flags = re.IGNORECASE
    return {
        "drop_line": {k: re.compile(v, flags) for k, v in raw.get("drop_line", {}).items()},
        "end_of_body": {k: re.compile(v, flags) for k, v in raw.get("end_of_body", {}).items()},
        "footer": re.compile(raw["footer"], flags),
        "dateline": re.compile(raw["dateline"]),
    }


def _first_rule(line: str, rules: dict[str, re.Pattern[str]]) -> str | None:
    return next((name for name, rx in rules.items() if rx.fullmatch(line)), None)


def clean_page(page: str, has_title: bool = False, rules_path: str | Path = RULES_FILE) -> CleanedPage:
    """Split a scraped page into title, body paragraphs and metadata, dropping boilerplate."""
    rules = load_rules(rules_path)
    lines = page.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    out = CleanedPage(text="")
    if has_title:
        while lines and not lines[0].strip():
            lines.pop(0)
        if lines:
            out.title = lines.pop(0).strip()
    body: list[str] = []
    for i, line in enumerate(lines):
        stripped = line.strip()
        if not stripped:
            continue
        footer = rules["footer"].fullmatch(stripped)
        if footer:
            out.publisher, out.year = footer.group("publisher").strip(), int(footer.group("year"))
            out.removed.append(("footer", stripped))
            continue
        end = _first_rule(stripped, rules["end_of_body"])
        if end:
            rest = [x.strip() for x in lines[i:] if x.strip()]
            for rest_line in rest:
                m = rules["footer"].fullmatch(rest_line)
                if m:
                    out.publisher, out.year = m.group("publisher").strip(), int(m.group("year"))
            out.removed.extend((end, x) for x in rest)
            break
        drop = _first_rule(stripped, rules["drop_line"])
        if drop:
            out.removed.append((drop, stripped))
            continue
        body.append(stripped)
    if body:
        m = rules["dateline"].match(body[0])
        if m:
            out.agency = m.group("agency").strip()
            out.removed.append(("dateline", m.group()))
            body[0] = body[0][m.end():]
    out.text = "\n\n".join(body)
    return out
