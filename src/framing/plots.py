"""Figure builders and deterministic saving. Plots compute nothing: they take computed tables.

Every builder takes a table and ``ax=None`` and returns the figure. :func:`write_figure`
saves PNG, SVG and PDF that are byte-identical when the same figure is drawn again.

>>> import pandas as pd
>>> table = pd.DataFrame({"group": ["a", "b"], "lexicon": ["hedging"] * 2, "rate": [2.0, 3.0],
...                       "ci_low": [1.5, 2.5], "ci_high": [2.5, 3.5]})
>>> fig = plot_rates_by_group(table)
>>> fig.axes[0].get_ylabel()
'Hits per 1,000 tokens'
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

# Okabe & Ito (2008) colour-blind-safe palette.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]
FORMATS = ("png", "svg", "pdf")

STYLE = {
    "font.size": 10, "axes.titlesize": 11, "axes.labelsize": 10, "legend.fontsize": 9,
    "xtick.labelsize": 9, "ytick.labelsize": 9, "axes.spines.top": False, "axes.spines.right": False,
    "figure.dpi": 100, "savefig.dpi": 200, "font.family": "DejaVu Sans",
    "svg.hashsalt": "framing", "svg.fonttype": "path", "pdf.fonttype": 42,
    "axes.prop_cycle": matplotlib.cycler(color=PALETTE),
}
# Metadata that would change from run to run (dates, versions) is left out of every file.
_METADATA = {
    "png": {"Software": None},
    "svg": {"Date": None, "Creator": None},
    "pdf": {"CreationDate": None, "ModDate": None, "Creator": None, "Producer": None},
}


def _new_axes(ax, figsize):
    if ax is not None:
        return ax.figure, ax
    with plt.rc_context(STYLE):
        fig, ax = plt.subplots(figsize=figsize, layout="constrained")
    return fig, ax


def plot_rates_by_group(table: pd.DataFrame, ax=None, title: str = "") -> plt.Figure:
    """Grouped bars: rate per lexicon (x) and group (colour) with interval whiskers."""
    with plt.rc_context(STYLE):
        lexicons = list(dict.fromkeys(table["lexicon"]))
        groups = list(dict.fromkeys(table["group"]))
        fig, ax = _new_axes(ax, (max(4.5, 1.6 * len(lexicons) + 2), 3.4))
        width = 0.8 / max(len(groups), 1)
        x = np.arange(len(lexicons))
        for i, group in enumerate(groups):
            part = table[table["group"] == group].set_index("lexicon").reindex(lexicons)
            err = np.vstack([part["rate"] - part["ci_low"], part["ci_high"] - part["rate"]])
            ax.bar(x + (i - (len(groups) - 1) / 2) * width, part["rate"], width, yerr=np.nan_to_num(err),
                   capsize=3, label=str(group), color=PALETTE[i % len(PALETTE)], error_kw={"elinewidth": 1})
        ax.set_xticks(x, lexicons)
        ax.set_ylabel("Hits per 1,000 tokens")
        ax.set_xlabel("Lexicon")
        if title:
            ax.set_title(title)
        ax.legend(title=None, frameon=False)
        ax.text(1.0, -0.22, "Bars: pooled rate; whiskers: 95% bootstrap interval (documents resampled)",
                transform=ax.transAxes, ha="right", va="top", fontsize=7, color="#555555")
    return fig


def plot_monthly_rates(table: pd.DataFrame, title: str = "") -> plt.Figure:
    """One panel per lexicon: monthly rate per group with a shaded interval."""
    with plt.rc_context(STYLE):
        lexicons = list(dict.fromkeys(table["lexicon"]))
        groups = list(dict.fromkeys(sorted(table["group"].unique(), key=str)))
        fig, axes = plt.subplots(len(lexicons), 1, figsize=(6.5, 2.2 * len(lexicons) + 0.6), sharex=True,
                                 layout="constrained", squeeze=False)
        for ax, lex in zip(axes[:, 0], lexicons):
            for i, group in enumerate(groups):
                part = table[(table["lexicon"] == lex) & (table["group"] == group)].sort_values("month")
                color = PALETTE[i % len(PALETTE)]
                ax.plot(part["month"], part["rate"], marker="o", ms=3, lw=1.5, color=color, label=str(group))
                ax.fill_between(part["month"], part["ci_low"], part["ci_high"], color=color, alpha=0.15, lw=0)
            ax.set_ylabel(f"{lex}\nper 1,000 tokens")
        axes[0, 0].legend(frameon=False, ncols=min(len(groups), 4), loc="upper left")
        axes[-1, 0].set_xlabel("Month")
        if title:
            fig.suptitle(title)
    return fig


def write_figure(fig: plt.Figure, stem: str | Path) -> dict[str, str]:
    """Save ``fig`` as ``stem.png|.svg|.pdf`` deterministically; return ``{format: sha256}``."""
    stem = Path(stem)
    stem.parent.mkdir(parents=True, exist_ok=True)
    hashes = {}
    with plt.rc_context({"svg.hashsalt": "framing", "svg.fonttype": "path"}):
        for fmt in FORMATS:
            path = stem.with_suffix(f".{fmt}")
            tmp = path.with_name(f".{path.name}.tmp")
            fig.savefig(tmp, format=fmt, metadata=_METADATA[fmt])
            tmp.replace(path)
            hashes[fmt] = hashlib.sha256(path.read_bytes()).hexdigest()
    return hashes
