"""explore.ipynb run top to bottom in JupyterLab, in Chromium, as a new user runs it."""

from __future__ import annotations

import json
import re

import nbformat
import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

RUN_ALL_TIMEOUT_MS = 300_000


def _menu(page, menu: str, item: str) -> None:
    """Click ``menu ▸ item`` in JupyterLab's menu bar, as a user does."""
    page.locator(".lm-MenuBar-item", has_text=re.compile(rf"^{menu}$")).click()
    page.get_by_role("menuitem", name=re.compile(rf"^{item}")).first.click()


def _wait_until_all_cells_ran(page, n_code_cells: int) -> None:
    """Every code cell shows an execution number (not ``[ ]`` or ``[*]``) and the kernel is idle."""
    page.wait_for_function(
        """n => {
            const prompts = [...document.querySelectorAll('.jp-Notebook .jp-CodeCell .jp-InputPrompt')];
            return prompts.length === n && prompts.every(p => /\\[\\d+\\]/.test(p.textContent));
        }""", arg=n_code_cells, timeout=RUN_ALL_TIMEOUT_MS)


def test_explore_notebook_runs_top_to_bottom_in_jupyterlab(jupyterlab, page, tmp_path):  # page last: its failure screenshot comes before Lab stops
    root = jupyterlab["root"]
    committed = nbformat.read(root / "explore.ipynb", as_version=4)
    code_cells = [c for c in committed.cells if c.cell_type == "code"]
    page.goto(f"{jupyterlab['url']}/lab/tree/explore.ipynb?token={jupyterlab['token']}")

    # The kit's kernel, by its display name, starts without asking the user to pick one.
    page.locator(".jp-Notebook").wait_for()
    page.locator(".jp-Toolbar-kernelName", has_text="Python (framing)").wait_for()
    page.locator('.jp-Notebook-ExecutionIndicator[data-status="idle"]').wait_for(timeout=120_000)

    _menu(page, "Run", "Run All Cells")
    _wait_until_all_cells_ran(page, len(code_cells))

    # Figures: both inline, loaded (decoded pixels), each with its ID and caption.
    figures = page.locator(".jp-OutputArea-output figure.framing-figure")
    assert figures.count() == 2
    for fig_id in ("rates-by-group", "monthly-rates"):
        img = page.locator(f"figure#fig-{fig_id} img")
        img.scroll_into_view_if_needed()
        assert img.evaluate("i => i.complete && i.naturalWidth > 100 && i.naturalHeight > 100")
        assert page.locator(f"figure#fig-{fig_id} figcaption").inner_text().startswith(f"Fig. {fig_id}.")
        page.locator(f"figure#fig-{fig_id}").screenshot(path=str(tmp_path / f"{fig_id}.png"))

    # Tables the user reads: the load summary names both bundled outlets.
    outputs = page.locator(".jp-OutputArea-output")
    assert outputs.filter(has_text="documents loaded from 'press-releases'").count() == 1
    summary = outputs.filter(has_text="empty_texts").first.inner_text()
    assert "kremlin.ru" in summary and "president.gov.ua" in summary

    # The KWIC browser: a rendered ipywidgets box; choosing a lexicon filters the table live.
    kwic = page.locator(".jp-OutputArea-output .widget-vbox").first
    kwic.scroll_into_view_if_needed()
    count_before = kwic.locator(".framing-kwic-count").inner_text()
    lexicon_select = kwic.locator(".widget-dropdown", has_text="lexicon").locator("select")
    lexicon_select.select_option(label="security")
    page.wait_for_function(
        """before => {
            const c = document.querySelector('.framing-kwic-count');
            return c && c.textContent !== before;
        }""", arg=count_before)
    lexicon_column = kwic.locator("table.framing-kwic tbody tr td:nth-child(2)").all_inner_texts()
    assert lexicon_column and set(lexicon_column) == {"security"}
    contains = kwic.locator(".widget-text", has_text="contains").locator("input")
    contains.fill("NATO")
    contains.press("Enter")
    page.wait_for_function(
        """() => {
            const rows = [...document.querySelectorAll('table.framing-kwic tbody tr')];
            return rows.length > 0 && rows.every(r => r.textContent.toLowerCase().includes('nato'));
        }""")

    kwic.screenshot(path=str(tmp_path / "kwic-browser.png"))  # for a reviewer's eyes; not compared

    # The last section: the report command and a link to a parameterised copy of the report.
    assert outputs.filter(has_text="framing report framing_report -p corpus press-releases").count() == 1
    link = page.locator("a.framing-notebook-link")
    assert link.inner_text().startswith("open scratch/framing_report__")
    copy = root / link.inner_text().removeprefix("open ")
    assert copy.is_file()
    link.click()  # JupyterLab opens the parameterised report in a new tab of its own
    page.locator(".lm-DockPanel-tabBar .lm-TabBar-tab", has_text=copy.name).wait_for()
    page.locator(".lm-DockPanel-tabBar .lm-TabBar-tab", has_text="explore.ipynb").click()

    # Saved from the browser: every code cell ran, none raised, one widget and two figures.
    _menu(page, "File", "Save Notebook")
    from playwright.sync_api import expect  # here, so a machine without playwright skips (conftest)

    expect(page.get_by_role("tab", name="explore.ipynb")).not_to_have_class(re.compile("jp-mod-dirty"), timeout=30_000)
    ran = nbformat.read(root / "explore.ipynb", as_version=4)
    ran_code = [c for c in ran.cells if c.cell_type == "code"]
    assert all(c.execution_count for c in ran_code)
    errors = [o for c in ran_code for o in c.outputs if o.output_type == "error"]
    assert errors == [], json.dumps(errors, default=str)[:2000]
    data = [o.get("data", {}) for c in ran_code for o in c.outputs]
    assert sum("application/vnd.jupyter.widget-view+json" in d for d in data) == 1
    assert sum('class="framing-figure"' in "".join(d.get("text/html", "")) for d in data) == 2
