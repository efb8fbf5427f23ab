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


def lexicon_table(lexicons: list[Lexicon]) -> str:
    """HTML table of the lexicons used: name, version, number of terms, content hash."""
    rows = "".join(
        f"<tr><td>{html.escape(lex.name)}</td><td>{html.escape(lex.version)}</td><td>{len(lex.terms)}</td>"
        f"<td><code>{lex.sha256[:12]}</code></td></tr>" for lex in lexicons)
    return ("<table><thead><tr><th>lexicon</th><th>version</th><th>terms</th><th>sha256</th></tr></thead>"
            f"<tbody>{rows}</tbody></table>")
