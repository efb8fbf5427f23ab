"""Issue 22.6: values that reach report HTML (or the Markdown figure index) are escaped."""

from framing.report import paragraph
from framing.report.index import figure_records, markdown

HOSTILE = '<img src=x onerror="alert(1)"> & <script>alert(2)</script>'


def test_paragraph_escapes_every_markup_character():
    out = paragraph(f"Only one {HOSTILE} group: no keyness.")
    assert out == ("<p>Only one &lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; "
                   "&lt;script&gt;alert(2)&lt;/script&gt; group: no keyness.</p>")
    assert "<" not in out[3:-4] and ">" not in out[3:-4]
    assert paragraph(3) == "<p>3</p>"


def test_figure_index_markdown_escapes_captions():
    manifest = {"run_id": "r", "fingerprint": "0" * 64, "figures": [
        {"id": "rates", "caption": f"Rates by {HOSTILE}", "files": {"png": "figures/rates.png"}, "sha256": {"png": "ab"}}]}
    text = markdown(manifest, figure_records(manifest))
    assert "<script>" not in text and "<img" not in text
    assert "Rates by &lt;img src=x onerror=\"alert(1)\"&gt; &amp; &lt;script&gt;alert(2)&lt;/script&gt;" in text
