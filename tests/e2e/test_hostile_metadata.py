"""Issue 22.6: hostile column names, parameter values and metadata reach a report's HTML only as text.

A group column named like an ``<img onerror>`` tag (so the report prints "Only one <column> group"),
an outlet and a title holding ``<script>``, and a ``title`` parameter holding ``<script>``: the
report opened in Chromium shows them literally and runs none of them."""

from __future__ import annotations

import json

import pytest

from framing import run_report

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

COLUMN = '<img src=x onerror="window.__framing_pwned=1;alert(1)">'
OUTLET = "<script>window.__framing_pwned=2;alert(2)</script>Wire"
TITLE = "<script>window.__framing_pwned=3;alert(3)</script>Hostile report"
DOCS = [
    {"id": "x1", "title": "<b onmouseover=alert(4)>Hostile</b>", "outlet": OUTLET, "date": "2022-03-01",
     COLUMN: "one", "text": "Officials may resume talks. \"We might agree on security guarantees,\" the minister said."},
    {"id": "x2", "title": "Plain", "outlet": OUTLET, "date": "2022-03-20", COLUMN: "one",
     "text": "Negotiators might meet in Istanbul. \"Security guarantees are possible,\" an aide said."},
    {"id": "y1", "title": "Other", "outlet": "Wire2", "date": "2022-04-02", COLUMN: "one",
     "text": "A NATO umbrella over free territory was discussed, and peacekeepers could follow."},
]
RUNS = {  # notebook -> (parameters, the sentence that names the group column)
    "framing_report": ({"title": TITLE}, f"Only one {COLUMN} group: no keyness."),
    "voices_report": ({}, f"Only one {COLUMN} group: nothing to compare."),
}


@pytest.mark.parametrize("notebook", sorted(RUNS))
def test_hostile_names_and_values_are_shown_as_text(page, project_home, tmp_path, notebook):
    corpus = tmp_path / "hostile.jsonl"
    corpus.write_text("".join(json.dumps(d) + "\n" for d in DOCS), encoding="utf-8")
    params, sentence = RUNS[notebook]
    result = run_report(notebook, {"corpus": str(corpus), "group_col": COLUMN, "n_boot": 20, **params})
    assert result.status == "ok", result.error

    dialogs, errors = [], []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(result.html.as_uri(), wait_until="load")
    page.wait_for_load_state("networkidle")
    text = page.locator("body").inner_text()
    assert sentence in text  # the column name, shown literally
    if "title" in params:
        assert page.locator("h1", has_text="Hostile report").inner_text() == TITLE
    assert page.evaluate("() => window.__framing_pwned") is None
    assert page.locator("img[src='x']").count() == 0
    assert page.locator("script", has_text="__framing_pwned").count() == 0
    assert page.locator("b[onmouseover]").count() == 0
    assert dialogs == [] and errors == []
