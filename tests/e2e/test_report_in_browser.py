"""A generated HTML report opened in Chromium: figures load, captions and IDs show, no console
errors, and hostile corpus text is shown as text, never run."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

SCRIPT = "<script>alert(1)</script>"
IMG = '<img src=x onerror="window.__framing_pwned=1;alert(2)">'
DOCS = [  # the hostile document comes first, so its matches are among the report's examples
    {"id": "x1", "title": "Hostile page", "outlet": "Scraped", "date": "2022-03-01",
     "text": f"Officials may {SCRIPT} resume talks. Ukraine wants security guarantees {IMG} soon."},
    {"id": "x2", "title": "Plain", "outlet": "Scraped", "date": "2022-03-20",
     "text": "Negotiators might meet in Istanbul. Kyiv will not cede territory."},
    {"id": "y1", "title": "Other", "outlet": "Wire", "date": "2022-04-02",
     "text": "A NATO umbrella over free territory was discussed, and peacekeepers could follow."},
    {"id": "y2", "title": "Other 2", "outlet": "Wire", "date": "2022-04-18",
     "text": "The sides could perhaps agree on security guarantees, sources suggested."},
]


@pytest.fixture
def report_html(report_once):
    """The report of DOCS; test_report_for_papers opens this same run (one kernel run for both)."""
    result = report_once(DOCS, {"n_boot": 50, "title": "Talks"})
    assert result.status == "ok", result.error
    return result


def test_report_html_in_chromium(page, report_html):  # page first: no report run when the browser is missing
    problems, dialogs = [], []
    page.on("console", lambda msg: problems.append(f"console {msg.type}: {msg.text}") if msg.type == "error" else None)
    page.on("pageerror", lambda exc: problems.append(f"page error: {exc}"))
    page.on("requestfailed", lambda req: problems.append(f"request failed: {req.url} {req.failure}"))
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(report_html.html.as_uri(), wait_until="load")
    page.wait_for_load_state("networkidle")

    # Every figure of the manifest: its image decoded, its ID and caption visible.
    figures = report_html.manifest["figures"]
    assert [f["id"] for f in figures] == ["rates-by-group", "group-differences", "monthly-rates", "voice-split",
                                          "keyness"]
    for fig in figures:
        block = page.locator(f"figure#fig-{fig['id']}")
        block.scroll_into_view_if_needed()
        assert block.locator("img").evaluate("i => i.complete && i.naturalWidth > 100 && i.naturalHeight > 100")
        caption = block.locator("figcaption")
        assert caption.is_visible()
        assert caption.inner_text() == f"Fig. {fig['id']}. {fig['caption']}"

    # Hostile corpus text is shown as text in the example matches, and nothing of it ran.
    table_text = page.locator("table", has_text="category").filter(has_text="right").last.inner_text()
    assert SCRIPT in table_text
    assert "onerror" in table_text
    assert page.evaluate("() => window.__framing_pwned") is None
    assert page.locator("img[src='x']").count() == 0 and page.locator("script", has_text="alert(1)").count() == 0
    assert dialogs == []
    assert problems == [], "\n".join(problems)
