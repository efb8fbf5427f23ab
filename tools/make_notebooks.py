"""Write the report notebooks from their cell sources (run once; notebooks are then edited in Lab).

Kept so that notebooks are reviewable as plain Python in version control.
"""

from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from framing.notebook_tools import strip

ROOT = Path(__file__).resolve().parent.parent / "notebooks"


def notebook(cells):
    nb = new_notebook(cells=cells)
    nb.metadata["language_info"] = {"name": "python"}
    return strip(nb)


def param_cell(source):
    cell = new_code_cell(source)
    cell.metadata["tags"] = ["parameters"]
    return cell


REPORT = notebook([
    new_markdown_cell("# Framing report\n\nRates of each lexicon per group with 95% bootstrap intervals, "
                      "monthly rates, and example matches. Every number traces back to the match table; "
                      "the run's `manifest.json` records inputs, lexicons and versions."),
    param_cell(
        'from framing.report.types import Date\n\n'
        'corpus: str = "press-releases"  # bundled corpus name, or a path or glob to your own files (csv, jsonl, txt)\n'
        'lexicons: list = ["hedging", "concession", "security"]  # built-in lexicon names or paths to .yaml files\n'
        'group_col: str = "outlet"  # corpus column whose groups are compared\n'
        'date_from: Date = ""  # first publication date to include, YYYY-MM-DD (empty for no limit)\n'
        'date_to: Date = ""  # last publication date to include, YYYY-MM-DD (empty for no limit)\n'
        'title: str = "Framing of cease-fire talks"  # title shown at the top of the report\n'
        'n_boot: int = 1000  # bootstrap resamples for the 95% intervals\n'
        'seed: int = 0  # seed of the bootstrap, so intervals are reproducible\n'
        'run_dir: str = ""  # set by the runner: where figures and tables are written'),
    new_code_cell(
        "from IPython.display import HTML, display\n\n"
        "from framing import plots, report_steps, save_figure, stats\n"
        "from framing.report import save_table\n\n"
        "display(HTML(report_steps.heading(title)))\n"
        "data = report_steps.prepare(corpus, lexicons, group_col, date_from, date_to)\n"
        "names = [lex.name for lex in data.lexicons]\n"
        "display(HTML(report_steps.lexicon_table(data.lexicons)))\n"
        "report_steps.overview(data, group_col)"),
    new_markdown_cell("## Rates per group"),
    new_code_cell(
        "rates = stats.rates_by_group(data.scores, group_col, names, n_boot=n_boot, seed=seed)\n"
        "fig = plots.plot_rates_by_group(rates)\n"
        "save_figure(fig, \"rates-by-group\", f\"Hits per 1,000 tokens of each lexicon by {group_col}, \"\n"
        "            f\"with 95% bootstrap intervals ({len(data.corpus):,} documents, {n_boot} resamples).\",\n"
        "            run_dir, table=rates)"),
    new_markdown_cell("## Monthly rates"),
    new_code_cell(
        "monthly = stats.monthly_rates(data.scores, \"published\", group_col, names, n_boot=n_boot, seed=seed)\n"
        "if monthly.empty:\n"
        "    display(HTML(\"<p>No publication dates in this corpus: no time series.</p>\"))\n"
        "else:\n"
        "    fig = plots.plot_monthly_rates(monthly)\n"
        "    display(save_figure(fig, \"monthly-rates\", f\"Monthly hits per 1,000 tokens by {group_col}; \"\n"
        "                        \"shaded: 95% bootstrap interval.\", run_dir, table=monthly))"),
    new_markdown_cell("## Example matches\n\nThe first matches of each lexicon, with their context."),
    new_code_cell(
        "examples = report_steps.example_matches(data, per_lexicon=5)\n"
        "save_table(examples, \"example-matches\", \"First matches of each lexicon with context.\", run_dir)\n"
        "display(HTML(report_steps.matches_html(examples)))"),
])

if __name__ == "__main__":
    nbformat.write(REPORT, ROOT / "framing_report.ipynb")
