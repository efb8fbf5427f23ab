"""Write the report notebooks from their cell sources (run once; notebooks are then edited in Lab).

Kept so that notebooks are reviewable as plain Python in version control.
"""

from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from framing.notebook_tools import strip

ROOT = Path(__file__).resolve().parent.parent / "notebooks"


def notebook(cells):
    for i, cell in enumerate(cells):
        cell.id = f"cell-{i:02d}"  # stable ids: regenerating a notebook changes nothing but the code
    nb = new_notebook(cells=cells)
    nb.metadata["language_info"] = {"name": "python"}
    return strip(nb)


def param_cell(source):
    cell = new_code_cell(source)
    cell.metadata["tags"] = ["parameters"]
    return cell


# Parameter lines shared by several notebooks (one wording, one place).
CORPUS = 'corpus: str = "press-releases"  # bundled corpus name, or a path or glob to your own files (csv, jsonl, txt)\n'
LEXICONS = 'lexicons: list = ["hedging", "concession", "security"]  # built-in lexicon names or paths to .yaml files\n'
DATES = ('date_from: Date = ""  # first publication date to include, YYYY-MM-DD (empty for no limit)\n'
         'date_to: Date = ""  # last publication date to include, YYYY-MM-DD (empty for no limit)\n')
BOOT = ('n_boot: int = 1000  # bootstrap resamples for the 95% intervals\n'
        'seed: int = 0  # seed of the bootstrap, so intervals are reproducible\n')
# The opening of framing_report and outlet_comparison: load, filter and score once, then show the lexicons and the overview.
PREPARE = ("data = report_steps.prepare(corpus, lexicons, group_col, date_from, date_to)\n"
           "names = [lex.name for lex in data.lexicons]\n"
           "display(HTML(report_steps.lexicon_table(data.lexicons)))\n"
           "report_steps.overview(data, group_col)")
RUN_DIR = 'run_dir: str = ""  # set by the runner: where figures and tables are written'


REPORT = notebook([
    new_markdown_cell("# Framing report\n\nRates of each lexicon per group with 95% bootstrap intervals, "
                      "monthly rates, voices, keyness, a concordance and example matches. Every number traces back to the match table; "
                      "the run's `manifest.json` records inputs, lexicons and versions."),
    param_cell(
        'from framing.report.types import Date\n\n'
        + CORPUS
        + LEXICONS
        + 'group_col: str = "outlet"  # corpus column whose groups are compared\n'
        + DATES
        + 'title: str = "Framing of cease-fire talks"  # title shown at the top of the report\n'
        + BOOT
        + RUN_DIR),
    new_code_cell(
        "from IPython.display import HTML, display\n\n"
        "from framing import kwic, plots, quotes, report_steps, save_figure, stats\n"
        "from framing.report import paragraph, save_table\n\n"
        "display(HTML(report_steps.heading(title)))\n"
        + PREPARE),
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
    new_markdown_cell("## Who speaks: the writer's voice and quoted sources\n\nQuoted sources: direct "
                      "quotations, reported speech (\"He added that ...\") and transcript turns, found by rules "
                      "(`framing.quotes`); check them in the concordance below."),
    new_code_cell(
        "voiced = quotes.assign_voices(data.corpus, data.matches)\n"
        "split = quotes.voice_split(voiced, by=\"lexicon\")\n"
        "display(save_figure(plots.plot_voice_split(split), \"voice-split\", \"Share of each lexicon's hits in \"\n"
        "                    \"the writer's voice and in quoted sources (n = hits).\", run_dir, table=split))"),
    new_markdown_cell("## Distinctive words (keyness)\n\nLog-odds ratio with an informative Dirichlet prior "
                      "(Monroe, Colaresi & Quinn 2008); |z| > 1.96 in colour."),
    new_code_cell(
        "groups = sorted(data.scores[group_col].dropna().unique(), key=str)\n"
        "if len(groups) < 2:\n"
        "    display(HTML(paragraph(f\"Only one {group_col} group: no keyness.\")))\n"
        "else:\n"
        "    key = stats.keyness(stats.term_counts(data.corpus, group_col), min_count=5)\n"
        "    display(save_figure(plots.plot_keyness(key, groups[0]), \"keyness\", f\"Words distinctive of \"\n"
        "                        f\"{groups[0]} (z > 0) against the other {group_col} groups.\", run_dir, table=key))"),
    new_markdown_cell("## Concordance\n\nEvery hit with eight words of context and its voice (first 30 shown; "
                      "the full table is `tables/kwic.csv`)."),
    new_code_cell(
        "lines = kwic.kwic(data.corpus, voiced, window=8)\n"
        "save_table(lines, \"kwic\", \"Every hit with eight words of context, voice and speaker.\", run_dir)\n"
        "display(HTML(kwic.to_html(lines, max_rows=30)))"),
    new_markdown_cell("## Example matches\n\nThe first matches of each lexicon, with their context."),
    new_code_cell(
        "examples = report_steps.example_matches(data, per_lexicon=5)\n"
        "save_table(examples, \"example-matches\", \"First matches of each lexicon with context.\", run_dir)\n"
        "display(HTML(report_steps.matches_html(examples)))"),
])

CORPUS_OVERVIEW = notebook([
    new_markdown_cell("# Corpus overview\n\nWhat the corpus holds before any lexicon is applied: documents and "
                      "tokens per group, dates, the files read (with sha256), documents per month, and exact "
                      "duplicates."),
    param_cell(
        'from framing.report.types import Date\n\n'
        + CORPUS
        + 'group_col: str = "outlet"  # corpus column whose groups are summarised\n'
        + DATES
        + RUN_DIR),
    new_code_cell(
        "from IPython.display import HTML, display\n\n"
        "import html\n\n"
        "from framing import load_corpus_with_report, report_steps, save_figure\n"
        "from framing.report import charts, save_table\n\n"
        "everything, loading = load_corpus_with_report(corpus)\n"
        "docs = report_steps.filter_dates(everything, date_from, date_to)\n"
        "summary = report_steps.corpus_summary(docs, group_col)\n"
        "save_table(summary, \"corpus-summary\", f\"Documents, tokens and dates per {group_col}.\", run_dir)\n"
        "summary"),
    new_markdown_cell("## Files read\n\nThe loader's report (documents read, kept and skipped per file, what "
                      "cleaning removed), then every input file with its size, sha256 (first 16 hex digits; full "
                      "hashes in `manifest.json`) and the documents loaded from it (before the date filter)."),
    new_code_cell(
        "display(HTML(\"<pre>\" + html.escape(\"\\n\".join(loading.summary_lines())) + \"</pre>\"))\n"
        "save_table(loading.files_table(), \"load-report\", \"The loader's report: one row per input file.\", run_dir)\n"
        "files = report_steps.load_report(corpus, everything)\n"
        "save_table(files, \"input-files\", \"Input files, their sha256 and the documents read from each.\", run_dir)\n"
        "files"),
    new_markdown_cell("## Documents per month"),
    new_code_cell(
        "per_month = report_steps.documents_per_month(docs, group_col)\n"
        "if per_month.empty:\n"
        "    display(HTML(\"<p>No publication dates in this corpus.</p>\"))\n"
        "else:\n"
        "    display(save_figure(charts.plot_documents_per_month(per_month), \"documents-per-month\",\n"
        "                        f\"Documents per month by {group_col} ({len(docs):,} documents).\", run_dir,\n"
        "                        table=per_month))"),
    new_markdown_cell("## Duplicates\n\nClusters of exact and near-duplicate documents (syndicated copies) as the "
                      "loader found them; `similarity` is the Jaccard similarity to the cluster's canonical document."),
    new_code_cell(
        "dupes = report_steps.duplicate_clusters(docs)\n"
        "save_table(dupes, \"duplicates\", \"Clusters of exact and near-duplicate documents.\", run_dir)\n"
        "display(HTML(f\"<p>{dupes['cluster'].nunique() if len(dupes) else 0} clusters, \"\n"
        "             f\"{len(dupes)} documents.</p>\"))\n"
        "dupes.head(20)"),
])

OUTLET_COMPARISON = notebook([
    new_markdown_cell("# Outlet comparison\n\nRates of each lexicon per group with 95% bootstrap intervals, the "
                      "pairwise differences between groups (an interval excluding 0 marks a difference larger than "
                      "resampling noise), and the terms behind the rates."),
    param_cell(
        'from framing.report.types import Date\n\n'
        + CORPUS
        + LEXICONS
        + 'group_col: str = "outlet"  # corpus column whose groups are compared\n'
        + DATES
        + 'top_n: int = 8  # terms shown per lexicon and group\n'
        + BOOT
        + RUN_DIR),
    new_code_cell(
        "from IPython.display import HTML, display\n\n"
        "from framing import plots, report_steps, save_figure, stats\n"
        "from framing.report import charts, save_table\n\n"
        + PREPARE),
    new_markdown_cell("## Rates per group"),
    new_code_cell(
        "rates = stats.rates_by_group(data.scores, group_col, names, n_boot=n_boot, seed=seed)\n"
        "save_figure(plots.plot_rates_by_group(rates), \"rates-by-group\",\n"
        "            f\"Hits per 1,000 tokens of each lexicon by {group_col}, with 95% bootstrap intervals \"\n"
        "            f\"({len(data.corpus):,} documents, {n_boot} resamples).\", run_dir, table=rates)"),
    new_markdown_cell("## Differences between groups"),
    new_code_cell(
        "diffs = report_steps.rate_differences(data.scores, group_col, names, n_boot=n_boot, seed=seed)\n"
        "if diffs.empty:\n"
        "    display(HTML(\"<p>Only one group: nothing to compare.</p>\"))\n"
        "else:\n"
        "    display(save_figure(charts.plot_rate_differences(diffs), \"rate-differences\",\n"
        "                        f\"Difference in hits per 1,000 tokens between {group_col} groups, with 95% \"\n"
        "                        \"bootstrap intervals (documents resampled within each group).\", run_dir, table=diffs))"),
    new_markdown_cell("## The terms behind the rates"),
    new_code_cell(
        "terms = report_steps.top_terms(data, group_col, n=top_n)\n"
        "save_figure(charts.plot_top_terms(terms), \"top-terms\",\n"
        "            f\"The {top_n} most frequent terms of each lexicon by {group_col}, per 1,000 tokens.\",\n"
        "            run_dir, table=terms)"),
    new_markdown_cell("## Example matches"),
    new_code_cell(
        "examples = report_steps.example_matches(data, per_lexicon=5)\n"
        "save_table(examples, \"example-matches\", \"First matches of each lexicon with context.\", run_dir)\n"
        "display(HTML(report_steps.matches_html(examples)))"),
])

LEXICON_VALIDATION = notebook([
    new_markdown_cell("# Lexicon validation\n\nEach lexicon against human coding: a sentence counts as positive "
                      "when the lexicon matches in it. Precision, recall and F1 with 95% bootstrap intervals "
                      "(sentences resampled); the reference word lists are baselines to beat. Then the precision "
                      "of each term, and examples of errors."),
    param_cell(
        'from framing.report.types import File\n\n'
        'lexicons: list = ["hedging", "concession"]  # lexicons to validate (names or .yaml paths; named hedging or concession)\n'
        'hedging_gold: File = "data/gold/wiki_uncertainty_dev.csv"  # sentences coded for uncertainty cues (is_uncertain)\n'
        'concession_gold: File = "data/gold/concession_dev.csv"  # sentences coded for concession language (concession)\n'
        'hedges_list: File = "data/lexicon-refs/hedges_data.txt"  # baseline word list (words/hedges); empty to skip\n'
        'weasels_list: File = "data/lexicon-refs/weasels_data.txt"  # baseline word list (words/weasels); empty to skip\n'
        'max_sentences: int = 0  # 0 for every sentence, or the first N sentences of each gold set (a quick check)\n'
        + BOOT
        + RUN_DIR),
    new_code_cell(
        "import pandas as pd\n"
        "from IPython.display import HTML, display\n\n"
        "from framing import report_steps, save_figure\n"
        "from framing.report import charts, save_table\n\n"
        "results = report_steps.validate_gold_sets(\n"
        "    lexicons, {\"hedging\": hedging_gold, \"concession\": concession_gold},\n"
        "    baselines={\"hedges-list\": hedges_list, \"weasels-list\": weasels_list},\n"
        "    limit=max_sentences, n_boot=n_boot, seed=seed)\n"
        "scores = report_steps.validation_table(results)\n"
        "save_figure(charts.plot_validation(scores), \"validation-scores\",\n"
        "            f\"Precision, recall and F1 of each lexicon against human coding, with 95% bootstrap \"\n"
        "            f\"intervals ({n_boot} resamples of sentences).\", run_dir, table=scores)"),
    new_code_cell("scores[[\"gold_set\", \"lexicon\", \"n\", \"positives\", \"tp\", \"fp\", \"fn\", \"precision\", \"recall\", \"f1\"]]"),
    new_markdown_cell("## Precision of each term\n\nSentences a term fires in, and the share the coders marked "
                      "positive: terms with low precision are candidates to drop or narrow."),
    new_code_cell(
        "terms = pd.concat([report_steps.term_precision(r) for r in results], ignore_index=True)\n"
        "save_table(terms, \"term-precision\", \"Per term: sentences matched and the share coded positive.\", run_dir)\n"
        "terms.groupby(\"lexicon\").head(10)"),
    new_markdown_cell("## Errors\n\nThe first false positives and false negatives of each lexicon."),
    new_code_cell(
        "errors = pd.concat([report_steps.errors_sample(r, n=5) for r in results], ignore_index=True)\n"
        "save_table(errors, \"validation-errors\", \"First false positives and negatives per lexicon.\", run_dir)\n"
        "errors"),
])

if __name__ == "__main__":
    nbformat.write(REPORT, ROOT / "framing_report.ipynb")
    nbformat.write(CORPUS_OVERVIEW, ROOT / "corpus_overview.ipynb")
    nbformat.write(OUTLET_COMPARISON, ROOT / "outlet_comparison.ipynb")
    nbformat.write(LEXICON_VALIDATION, ROOT / "lexicon_validation.ipynb")
