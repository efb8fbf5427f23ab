"""Small HTML pieces of the report notebooks; every value from data or parameters is escaped.

>>> heading("Talks <b>")
'<h1>Talks &lt;b&gt;</h1>'
"""

from __future__ import annotations

import html

from ..lexicons import Lexicon


def heading(title: str) -> str:
    """The report's title as escaped HTML."""
    return f"<h1>{html.escape(title)}</h1>"


def lexicon_table(lexicons: list[Lexicon]) -> str:
    """HTML table of the lexicons used: name, version, number of terms, content hash."""
    rows = "".join(
        f"<tr><td>{html.escape(lex.name)}</td><td>{html.escape(lex.version)}</td><td>{len(lex.terms)}</td>"
        f"<td><code>{lex.sha256[:12]}</code></td></tr>" for lex in lexicons)
    return ("<table><thead><tr><th>lexicon</th><th>version</th><th>terms</th><th>sha256</th></tr></thead>"
            f"<tbody>{rows}</tbody></table>")
