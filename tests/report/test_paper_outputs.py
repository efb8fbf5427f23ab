"""Outputs a paper can use: tables as LaTeX/Markdown, alt text, readable run names, no stderr in the HTML."""

import json

import matplotlib.pyplot as plt
import nbformat
import pandas as pd

from framing.report import save_figure, save_table
from framing.report.figures import PAPER_ROWS
from framing.report.run import _cut, _export_html, _slug


def test_tables_come_as_csv_latex_and_markdown(tmp_path):
    table = pd.DataFrame({"group": ["a_b", "c|d"], "rate": [1.23456, 20.0], "share %": [0.5, 0.25]})
    save_table(table, "rates", "Rates & shares", tmp_path)
    tex = (tmp_path / "tables" / "rates.tex").read_text()
    assert "\\toprule" in tex and "\\midrule" in tex and "\\bottomrule" in tex
    assert "a\\_b" in tex and "share \\%" in tex and "\\caption{Rates \\& shares}" in tex and "1.23 " in tex
    md = (tmp_path / "tables" / "rates.md").read_text()
    assert "| group | rate | share % |" in md and "| c\\|d | 20 | 0.25 |" in md
    entry = json.loads((tmp_path / ".registry.jsonl").read_text())
    assert sorted(entry["files"]) == ["csv", "md", "tex"] and len(entry["sha256"]["tex"]) == 64


def test_long_tables_stay_csv_only(tmp_path):
    save_table(pd.DataFrame({"x": range(PAPER_ROWS + 1)}), "long", "A concordance", tmp_path)
    assert sorted(p.name for p in (tmp_path / "tables").iterdir()) == ["long.csv"]


def test_every_saved_figure_has_alt_text(tmp_path):
    fig, ax = plt.subplots()
    ax.set(title="hedging", xlabel="Outlet", ylabel="Hits per 1,000 tokens")
    shown = save_figure(fig, "rates", "Rates per outlet.", tmp_path)
    assert shown.alt == "Chart with 1 panel: hedging (x: Outlet; y: Hits per 1,000 tokens). Rates per outlet."
    assert f'alt="{shown.alt}"' in shown._repr_html_()
    assert json.loads((tmp_path / ".registry.jsonl").read_text())["alt"] == shown.alt
    assert save_figure(plt.figure(), "other", "Caption.", alt="Two bars.").alt == "Two bars."


def test_run_names_are_cut_at_word_boundaries():
    slug = _slug({"title": "Framing of cease-fire negotiations in spring"}, {"title": "x"})
    assert slug == "title-Framing_of_cease"  # not "..._cease-fir" (20 characters)
    assert _cut("Talks_on_the_eastern_front", 20) == "Talks_on_the_eastern"
    assert _cut("abcdefghijklmnopqrstuvwxyz", 10) == "abcdefghij"  # no boundary: a plain cut


def test_stderr_of_cells_goes_to_the_log_not_the_html(tmp_path):
    cell = nbformat.v4.new_code_cell("x", outputs=[
        nbformat.v4.new_output("stream", name="stderr", text="/home/me/secret.py:1: UserWarning: boo\n"),
        nbformat.v4.new_output("stream", name="stdout", text="kept output\n")])
    nbformat.write(nbformat.v4.new_notebook(cells=[cell]), tmp_path / "nb.ipynb")
    _export_html(tmp_path / "nb.ipynb", tmp_path / "report.html", tmp_path / "run.log")
    html = (tmp_path / "report.html").read_text()
    assert "kept output" in html and "secret.py" not in html
    assert "secret.py:1: UserWarning: boo" in (tmp_path / "run.log").read_text()
