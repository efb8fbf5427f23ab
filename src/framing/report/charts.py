"""Figure builders of the corpus-overview, outlet-comparison and lexicon-validation reports.

Like :mod:`framing.plots`, each takes a computed table and returns the figure; nothing is
computed here, so the table saved with the figure is exactly what is drawn.

>>> import pandas as pd
>>> t = pd.DataFrame({"gold_set": ["g"], "lexicon": ["hedging"], "precision": [0.5], "recall": [0.4],
...                   "f1": [0.44], "precision_low": [0.4], "precision_high": [0.6], "recall_low": [0.3],
...                   "recall_high": [0.5], "f1_low": [0.35], "f1_high": [0.5]})
>>> [float(y) for y in plot_validation(t).axes[0].get_yticks()][-1]
1.0
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from ..plots import PALETTE, STYLE


def plot_documents_per_month(table: pd.DataFrame) -> plt.Figure:
    """Documents per month, one line per group."""
    with plt.rc_context(STYLE):
        fig, ax = plt.subplots(figsize=(6.5, 3.0), layout="constrained")
        for i, (group, part) in enumerate(table.groupby("group", sort=True)):
            ax.plot(part["month"], part["documents"], marker="o", ms=3, lw=1.5, color=PALETTE[i % len(PALETTE)],
                    label=str(group))
        ax.set_ylabel("Documents")
        ax.set_xlabel("Month")
        ax.legend(frameon=False)
    return fig


def plot_rate_differences(table: pd.DataFrame) -> plt.Figure:
    """Differences of rates between two groups per lexicon, with interval whiskers and a zero line."""
    with plt.rc_context(STYLE):
        labels = [f"{r.lexicon}: {r.group_a} − {r.group_b}" for r in table.itertuples()]
        fig, ax = plt.subplots(figsize=(6.0, 0.5 * len(table) + 1.4), layout="constrained")
        y = np.arange(len(table))[::-1]
        err = np.vstack([table["difference"] - table["ci_low"], table["ci_high"] - table["difference"]])
        ax.errorbar(table["difference"], y, xerr=np.nan_to_num(err), fmt="o", color=PALETTE[0], capsize=3)
        ax.axvline(0, color="#555555", lw=0.8, ls="--")
        ax.set_yticks(y, labels)
        ax.set_xlabel("Difference in hits per 1,000 tokens\n(95% bootstrap interval)")
    return fig


def plot_top_terms(table: pd.DataFrame) -> plt.Figure:
    """The most frequent terms of each lexicon (panels), bars per group."""
    with plt.rc_context(STYLE):
        lexicons = list(dict.fromkeys(table["lexicon"])) or ["(no matches)"]
        groups = sorted(table["group"].unique(), key=str)
        fig, axes = plt.subplots(1, len(lexicons), figsize=(3.4 * len(lexicons) + 0.8, 3.6), layout="constrained",
                                 squeeze=False)
        for ax, lex in zip(axes[0], lexicons):
            part = table[table["lexicon"] == lex]
            terms = list(dict.fromkeys(part.sort_values("count", ascending=False)["term"]))[::-1]
            height = 0.8 / max(len(groups), 1)
            for i, group in enumerate(groups):
                rows = part[part["group"] == group].set_index("term").reindex(terms)
                ax.barh(np.arange(len(terms)) + (i - (len(groups) - 1) / 2) * height, rows["per_1k"].fillna(0),
                        height, color=PALETTE[i % len(PALETTE)], label=str(group))
            ax.set_yticks(np.arange(len(terms)), terms)
            ax.set_title(lex)
            ax.set_xlabel("per 1,000 tokens")
        if groups:
            legend = {}
            for ax in axes[0]:
                legend.update(zip(*reversed(ax.get_legend_handles_labels())))  # label -> handle, every panel
            shown = [str(g) for g in groups if str(g) in legend]
            fig.legend([legend[g] for g in shown], shown, frameon=False, loc="outside upper center", ncols=min(len(groups), 4))
    return fig


def plot_validation(table: pd.DataFrame) -> plt.Figure:
    """Precision, recall and F1 (bars) with 95% bootstrap intervals for each lexicon and gold set."""
    with plt.rc_context(STYLE):
        labels = [f"{r.lexicon}\n({r.gold_set})" for r in table.itertuples()]
        fig, ax = plt.subplots(figsize=(max(4.5, 1.8 * len(table) + 1.5), 3.4), layout="constrained")
        x = np.arange(len(table))
        for i, metric in enumerate(("precision", "recall", "f1")):
            err = np.vstack([table[metric] - table[f"{metric}_low"], table[f"{metric}_high"] - table[metric]])
            ax.bar(x + (i - 1) * 0.26, table[metric].fillna(0), 0.26, yerr=np.nan_to_num(np.clip(err, 0, None)),
                   capsize=3, color=PALETTE[i], label=metric.upper() if metric == "f1" else metric)
        ax.set_xticks(x, labels)
        ax.set_ylim(0, 1.12)  # headroom for the legend above the bars
        ax.set_yticks(np.linspace(0, 1, 6))
        ax.set_ylabel("Score against human coding")
        ax.legend(frameon=False, ncols=3, loc="upper center")
    return fig
