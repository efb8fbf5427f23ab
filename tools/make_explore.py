"""Write notebooks/explore.ipynb from the cell sources below (reviewable as plain Python).

Run ``.venv/bin/python tools/make_explore.py`` after editing; the notebook is stored without
outputs, with the kernelspec "Python (framing)". All logic lives in the library
(``framing.lab`` and the public API); the notebook sets parameters and calls it.
"""

from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from framing.notebook_tools import strip

TARGET = Path(__file__).resolve().parent.parent / "notebooks" / "explore.ipynb"


def md(text: str):
    return new_markdown_cell(text.strip())


def code(text: str, tags: tuple[str, ...] = ()):
    cell = new_code_cell(text.strip())
    if tags:
        cell.metadata["tags"] = list(tags)
    return cell


CELLS = [
    md("""
# Explore a corpus with framing

A starting point for exploring: load a corpus, see what was loaded, score it with the kit's
lexicons, read the matches in context, plot rates per group, and turn the exploration into a
report run. Run it top to bottom with **Run ▸ Run All Cells**; nothing needs editing. To explore
your own data, change the parameters in the next cell (and nothing else).
"""),
    code("""
corpus: str = "press-releases"  # bundled corpus name, or a path or glob to your own files (csv, jsonl, txt)
lexicons: list = ["hedging", "concession", "security"]  # built-in lexicon names or paths to .yaml files
group_col: str = "outlet"  # corpus column whose groups are compared
n_boot: int = 200  # bootstrap resamples for the 95% intervals (the report uses 1000)
seed: int = 0  # seed of the bootstrap, so intervals are reproducible
run_report_now: bool = False  # True runs the report at the end of this notebook (takes a minute)
""", tags=("parameters",)),
    md("""
## 1. Load the corpus

`corpus` is a bundled corpus name (`"press-releases"`: 1,796 English press releases of the
Presidents of Russia and Ukraine, Oct 2021 to Jun 2022, CC BY 4.0; `"example-article"`: one scraped
news page) or your own files. For your own data, set the parameter above, for example:

```python
corpus = "my_articles.jsonl"        # one JSON object a line with a text field
corpus = "exports/*.csv"            # CSV with text/body, title/headline, date, url, outlet columns
corpus = "scraped/"                 # a folder of .txt files, one document a file
```

or call `framing.load_corpus(...)` on a pandas DataFrame you already have. Relative paths are
relative to this notebook's folder. Every document gets a stable `doc_id`; `text` is the body
that all offsets below refer to.
"""),
    code("""
import framing
from framing import lab, plots, save_figure, stats

docs, load_report = framing.load_corpus_with_report(corpus)
print(f"{len(docs):,} documents loaded from {corpus!r}")
docs.head(3)
"""),
    md("""
### What was loaded

The load report: per input file, documents read, kept and skipped, and why; what cleaning
removed; duplicate clusters. Then documents, empty texts, characters and the date range per
file and outlet. Check both before trusting any number below: a skipped document, an empty
text or a missing date is data you will not see.
"""),
    code("""
print(load_report)
lab.corpus_summary(docs)
"""),
    md("""
## 2. Score

`find_matches` gives one row per hit with its character offsets in `text`; `score` counts the
hits per document and lexicon (`<lexicon>_count`, `<lexicon>_per_1k` = per 1,000 tokens).
"""),
    code("""
lexs = framing.load_lexicons(lexicons)
names = [lex.name for lex in lexs]
matches = framing.find_matches(docs, lexs)
scores = docs[["doc_id", group_col, "published"]].merge(framing.score(docs, lexs, matches=matches), on="doc_id")
print(f"{len(matches):,} matches in {matches['doc_id'].nunique():,} of {len(docs):,} documents")
scores.head()
"""),
    md("""
## 3. Matches in context (KWIC)

Every line is cut from the document at the match's offsets. Choose a lexicon, category or
outlet, or type a word into *contains*, and the table follows.
"""),
    code("""
lines = lab.concordance(docs, matches, width=60)
lab.kwic_browser(lines)
"""),
    md("""
## 4. Figures

Rates per 1,000 tokens in each group, with 95% bootstrap intervals (documents resampled), then
the same per month. `save_figure` shows a figure with its ID and caption; in a report run it also
writes PNG, SVG and PDF and the table behind the figure.
"""),
    code("""
rates = stats.rates_by_group(scores, group_col, names, n_boot=n_boot, seed=seed)
save_figure(plots.plot_rates_by_group(rates), "rates-by-group",
            f"Hits per 1,000 tokens of each lexicon by {group_col}, with 95% bootstrap intervals "
            f"({len(docs):,} documents, {n_boot} resamples).")
"""),
    code("""
monthly = stats.monthly_rates(scores, "published", group_col, names, n_boot=n_boot, seed=seed)
if monthly.empty:
    print("No publication dates in this corpus: no time series.")
else:
    display(save_figure(plots.plot_monthly_rates(monthly), "monthly-rates",
                        f"Monthly hits per 1,000 tokens by {group_col}; shaded: 95% bootstrap interval."))
"""),
    md("""
## 5. From exploration to a report

A report run executes the report notebook with your parameters into its own folder under
`reports/` (HTML, figures, tables and a `manifest.json` with the hashes of every input), so a
figure can be cited and reproduced. The same parameters three ways:

* in a terminal: `framing report -p corpus press-releases -p lexicons hedging,concession,security`
* from Python: `framing.run_report("framing_report", params)` (set `run_report_now = True` above)
* in JupyterLab: `lab.parameterize("framing_report", params)` writes a copy of the report notebook
  with the parameters injected exactly as a report run injects them (into `scratch/`, the committed
  notebook is untouched); open it from the link below and run it cell by cell.
  From a terminal: `python -m framing.lab framing_report -p corpus my_articles.jsonl`.
"""),
    code("""
params = {"corpus": corpus, "lexicons": lexicons, "group_col": group_col}
print(lab.report_command("framing_report", params))
lab.notebook_link(lab.parameterize("framing_report", params))
"""),
    code("""
if run_report_now:
    result = framing.run_report("framing_report", params)
    print(result.status, result.html)
"""),
]


def build() -> nbformat.NotebookNode:
    nb = new_notebook(cells=CELLS)
    nb.metadata["language_info"] = {"name": "python"}
    return strip(nb)


if __name__ == "__main__":
    nbformat.write(build(), TARGET)
    print(f"wrote {TARGET}")
