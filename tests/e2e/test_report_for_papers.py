"""The bundled-style report in Chromium, as a reader of a paper's supplement meets it: every figure
has alt text that describes it, there is one title, and no stderr block (warnings, paths of the
machine that ran it) is in the page: those go to ``run.log``."""

from __future__ import annotations

import pytest
from test_report_in_browser import DOCS  # the same corpus and parameters: one report run for both files

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


@pytest.fixture
def report(report_once):
    """The report test_report_in_browser opens (a small two-outlet corpus over two months, one of its
    documents hostile HTML), titled "Talks": every figure of the default report is in it."""
    result = report_once(DOCS, {"n_boot": 50, "title": "Talks"})
    assert result.status == "ok", result.error
    return result


def test_figures_have_alt_text_and_no_stderr_block(page, report):  # page first: no run without a browser
    page.goto(report.html.as_uri(), wait_until="load")
    images = page.locator("figure.framing-figure img")
    assert images.count() == len(report.manifest["figures"]) >= 4
    for k, fig in enumerate(report.manifest["figures"]):  # the page shows the figures in the manifest's order
        alt = images.nth(k).get_attribute("alt") or ""
        assert alt.startswith("Chart with ") and alt.endswith(fig["caption"]), alt  # panels and axes, then caption
    alts = {f["id"]: f["alt"] for f in report.manifest["figures"]}
    assert "y: hedging: hits per 1,000 tokens)" in alts["rates-by-group"]  # each panel names its axes
    assert page.locator("[data-mime-type='application/vnd.jupyter.stderr']").count() == 0
    assert page.locator(".output_stderr, .jp-OutputArea-output[data-mime-type*='stderr']").count() == 0
    assert page.locator("h1").count() == 1 and page.locator("h1").inner_text().startswith("Talks")
    assert "Table 1" in page.locator("h2").all_inner_texts()[0]
