"""Small HTML pieces of the report notebooks; every value from data or parameters is escaped.

A report's text can hold anything a user passes in (column names, parameter values, corpus
metadata); build notebook HTML with these functions, never with f-strings around raw values.

>>> heading("Talks <b>")
'<h1>Talks &lt;b&gt;</h1>'
>>> paragraph("Only one <img src=x onerror=alert(1)> group: no keyness.")
'<p>Only one &lt;img src=x onerror=alert(1)&gt; group: no keyness.</p>'
"""

from __future__ import annotations

import html

from ..lexicons import Lexicon


def heading(title: str) -> str:
    """The report's title as escaped HTML."""
    return f"<h1>{html.escape(title)}</h1>"


def paragraph(text: object) -> str:
    """``<p>`` with ``text`` (converted with ``str``) escaped: ``<``, ``>``, ``&`` and quotes.

    >>> paragraph('"a" & b')
    '<p>&quot;a&quot; &amp; b</p>'
    """
    return f"<p>{html.escape(str(text))}</p>"


def lexicon_table(lexicons: list[Lexicon], languages: dict[str, int] | None = None) -> str:
    """HTML table of the lexicon versions used: one row per version (the lexicons as given, and each
    language version that documents in ``languages``, language -> documents, are matched with; see
    :func:`framing.match.languages.versions_used`) with its language, version, terms, the documents
    it scored, where its definition comes from (the first sentence of its ``definition``, else its
    description) and its sources, and its content hash.

    >>> from framing.lexicons import load_lexicons
    >>> table = lexicon_table(load_lexicons(["hedging"]), {"en": 3, "ru": 2})
    >>> table.count("<tr><td>hedging</td>"), "<td>ru</td>" in table, "<td>en 3</td>" in table
    (2, True, True)
    """
    from ..match.languages import versions_used

    rows = "".join(
        f"<tr><td>{html.escape(lex.name)}</td><td>{html.escape(lex.language)}</td><td>{html.escape(lex.version)}</td>"
        f"<td>{len(lex.terms)}</td><td>{html.escape(', '.join(f'{k} {v:,}' for k, v in docs.items()))}</td>"
        f"<td>{html.escape(_first_sentence(str(lex.meta.get('definition') or lex.description)))}</td>"
        f"<td>{html.escape('; '.join(lex.sources))}</td><td><code>{lex.sha256[:12]}</code></td></tr>"
        for lex, docs in versions_used(lexicons, languages or {}))
    return ("<table><thead><tr><th>lexicon</th><th>language</th><th>version</th><th>terms</th><th>documents</th>"
            "<th>definition from</th><th>sources</th><th>sha256</th></tr></thead>"
            f"<tbody>{rows}</tbody></table>")


def _first_sentence(text: str, limit: int = 400) -> str:
    """The first sentence of ``text`` (whitespace folded), cut to ``limit`` characters.

    >>> _first_sentence("Written from the codebook. Then tuned.")
    'Written from the codebook.'
    """
    text = " ".join(text.split())
    end = text.find(". ")
    text = text if end < 0 else text[:end + 1]
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"
