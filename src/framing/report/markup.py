"""HTML that report notebooks show: every value is escaped before it reaches the page.

A report's text can hold anything a user passes in (column names, parameter values, corpus
metadata); build notebook HTML with these functions, never with f-strings around raw values.

>>> paragraph("Only one <img src=x onerror=alert(1)> group: no keyness.")
'<p>Only one &lt;img src=x onerror=alert(1)&gt; group: no keyness.</p>'
"""

from __future__ import annotations

import html


def paragraph(text: object) -> str:
    """``<p>`` with ``text`` (converted with ``str``) escaped: ``<``, ``>``, ``&`` and quotes.

    >>> paragraph('"a" & b')
    '<p>&quot;a&quot; &amp; b</p>'
    """
    return f"<p>{html.escape(str(text))}</p>"
