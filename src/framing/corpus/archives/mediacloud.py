"""Media Cloud CSV exports: story metadata, with or without the text.

Columns used: ``media_name`` -> outlet, ``publish_date`` -> published, ``title``, ``url``,
``language``, ``stories_id`` / ``id`` -> doc_id (other columns are kept as they are). A
Media Cloud file without a text column is story metadata: its rows are joined by URL to the
documents of the other inputs (e.g. bodies you scraped, a JSONL of ``url`` + ``text``), which
take their missing title, outlet, date and language from it (``*_source`` ``mediacloud:<column>``),
and its story id when they have none.
A metadata row whose URL matches no body is reported (``no body``), never silently dropped.

>>> url_key("HTTPS://www.Example.org/a/b/?x=1#top") == url_key("http://example.org/a/b?x=1")
True
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field

import pandas as pd

from ..formats import ROW_COL

TEXT_COLUMNS = ("text", "story_text", "body", "content", "full_text")
_MAP = {"media_name": "outlet", "publish_date": "published", "title": "title", "url": "url", "language": "language"}


def sniff_columns(columns: list[str]) -> bool:
    """A Media Cloud export has ``media_name`` and ``publish_date`` (or ``stories_id``)."""
    names = {str(c).strip().lower() for c in columns}
    return "media_name" in names and bool(names & {"publish_date", "stories_id"})


def url_key(url: str) -> str:
    """A URL as a join key: scheme, ``www.``, case of the host, trailing slash and fragment ignored."""
    u = str(url or "").strip()
    u = re.sub(r"#.*$", "", u)
    m = re.match(r"^(?:[a-z][a-z0-9+.-]*:)?//(?:www\.)?([^/?]+)(.*)$", u, re.IGNORECASE)
    if not m:
        return u
    host, rest = m.group(1).lower(), m.group(2)
    path, _, query = rest.partition("?")
    return host + (path.rstrip("/") or "") + (f"?{query}" if query else "")


def read(data: bytes, encoding: str) -> pd.DataFrame:
    """The export as loader records (metadata columns renamed, a ``*_source`` for each)."""
    frame = pd.read_csv(io.StringIO(data.decode(encoding, errors="replace").lstrip("\ufeff")), dtype=str,
                        keep_default_na=False)
    frame.columns = [str(c).strip() for c in frame.columns]
    lower = {c.lower(): c for c in frame.columns}
    out = pd.DataFrame(index=frame.index)
    text_col = next((lower[c] for c in TEXT_COLUMNS if c in lower), None)
    if text_col:
        out["text"] = frame[text_col]
    for src, dst in _MAP.items():
        if src in lower:
            out[dst] = frame[lower[src]]
            out[f"{dst}_source"] = [f"mediacloud:{src}" if v.strip() else "" for v in frame[lower[src]]]
    id_col = next((lower[c] for c in ("stories_id", "id") if c in lower), None)
    if id_col:
        out["doc_id"] = frame[id_col]
    used = set(_MAP) | {text_col.lower() if text_col else "", id_col.lower() if id_col else ""}
    for c in frame.columns:
        if c.lower() not in used:
            out[c] = frame[c]
    out[ROW_COL] = range(2, len(frame) + 2)  # the line in the file (line 1 is the header)
    return out.reset_index(drop=True)


@dataclass
class Metadata:
    """Media Cloud rows without text, waiting for bodies from the other inputs."""

    rows: dict[str, dict] = field(default_factory=dict)  # url key -> record (with "_file", ROW_COL)
    matched: set[str] = field(default_factory=set)
    files: dict[str, int] = field(default_factory=dict)  # file -> rows

    def add(self, frame: pd.DataFrame, source: str) -> None:
        self.files[source] = self.files.get(source, 0) + len(frame)
        for rec in frame.to_dict("records"):
            rec["_file"] = source
            self.rows.setdefault(url_key(rec.get("url", "")), rec)

    def join(self, raw: pd.DataFrame, url_aliases: list[str], aliases: dict[str, list[str]]) -> pd.DataFrame:
        """Fill title/outlet/published/language of ``raw`` rows whose URL has Media Cloud metadata.

        A field is filled only when ``raw`` has no column for it (under any alias)."""
        if not self.rows:
            return raw
        lower = {str(c).lower().strip(): c for c in raw.columns}
        url_col = next((lower[a] for a in url_aliases if a in lower), None)
        if url_col is None:
            return raw
        keys = [url_key(u) if isinstance(u, str) else "" for u in raw[url_col]]
        hits = [self.rows.get(k) for k in keys]
        if not any(hits):
            return raw
        raw = raw.copy()
        for k, h in zip(keys, hits):
            if h is not None:
                self.matched.add(k)
        for name in ("title", "outlet", "published", "language"):
            if any(a in lower for a in aliases.get(name, [name])):
                continue
            raw[name] = [(h or {}).get(name, "") for h in hits]
            raw[f"{name}_source"] = [(h or {}).get(f"{name}_source", "") for h in hits]
        if not {"doc_id", "id"} & set(lower):  # bodies without ids take the Media Cloud story id
            raw["doc_id"] = [str((h or {}).get("doc_id", "") or "") for h in hits]
        return raw

    def unmatched(self) -> list[dict]:
        return [rec for k, rec in self.rows.items() if k not in self.matched]
