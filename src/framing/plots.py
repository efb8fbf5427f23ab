"""Figure builders and deterministic saving. Plots compute nothing: they take computed tables.

The one plot module of the kit (all reports). Every builder takes a table and ``ax=None`` and
returns the figure (scikit-learn's Display pattern); builders with one panel per lexicon take a
sequence of axes, one per panel. :func:`write_figure`
saves PNG, SVG and PDF that are byte-identical when the same figure is drawn again.

>>> import pandas as pd
>>> table = pd.DataFrame({"group": ["a", "b"], "lexicon": ["hedging"] * 2, "rate": [2.0, 3.0],
...                       "ci_low": [1.5, 2.5], "ci_high": [2.5, 3.5]})
>>> fig = plot_rates_by_group(table)
>>> fig.axes[0].get_ylabel()
'hedging: hits per 1,000 tokens'
"""

from __future__ import annotations

import hashlib
import io
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import matplotlib
import matplotlib.dates
import matplotlib.pyplot as plt
import matplotlib.rcsetup
import numpy as np
import pandas as pd

from .atomic import atomic_write
from .errors import ParameterError, value_invalid_msg

# Okabe & Ito (2008) colour-blind-safe palette.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]
FORMATS = ("png", "svg", "pdf")

# DejaVu Sans ships with matplotlib and has Latin, Cyrillic and Greek: Russian and Ukrainian labels
# (terms, outlets, titles) render without missing glyphs (see missing_glyphs).
STYLE: dict[Any, Any] = {  # rcParams: matplotlib's stubs type the keys as literals
    "font.size": 10, "axes.titlesize": 11, "axes.labelsize": 10, "legend.fontsize": 9,
    "xtick.labelsize": 9, "ytick.labelsize": 9, "axes.spines.top": False, "axes.spines.right": False,
    "figure.dpi": 100, "savefig.dpi": 200, "font.family": "DejaVu Sans",
    "svg.hashsalt": "framing", "svg.fonttype": "path", "pdf.fonttype": 42,
    "axes.prop_cycle": matplotlib.rcsetup.cycler(color=PALETTE),
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


def _new_panels(ax, n: int, figsize, rows: bool, **kwargs) -> tuple[plt.Figure, list]:
    """The figure and ``n`` panel axes: the axes given (one per panel), or a new figure with
    ``n`` panels in a column (``rows=True``) or a row."""
    if ax is not None:
        panels = list(np.ravel(ax))
        if len(panels) != n:
            raise ParameterError(f"`ax` got {len(panels)} axes; this figure has {n} panels (pass {n} axes or None)")
        return panels[0].figure, panels
    if n == 0:  # nothing to draw (e.g. one group: no pair to compare): one empty panel that says so
        fig, empty = plt.subplots(figsize=(figsize[0], 1.6), layout="constrained")
        empty.text(0.5, 0.5, "Nothing to show: the table is empty", ha="center", va="center", transform=empty.transAxes)
        empty.set_axis_off()
        return fig, [empty]
    fig, axes = plt.subplots(n if rows else 1, 1 if rows else n, figsize=figsize, layout="constrained",
                             squeeze=False, **kwargs)
    return fig, list(axes[:, 0] if rows else axes[0])


def _needs(table: pd.DataFrame, columns: list[str], made_by: str) -> None:
    """A clear error when ``table`` is not the table a plot draws (e.g. a score table given to
    :func:`plot_rates_by_group`): which columns are missing and which function makes the right one.

    >>> _needs(pd.DataFrame({"doc_id": []}), ["lexicon", "group"], "stats.rates_by_group")
    Traceback (most recent call last):
    ...
    framing.errors.ParameterError: 1 parameter problem(s):
      - the table has no column(s) 'lexicon', 'group': pass the table of stats.rates_by_group (its columns: doc_id)
    """
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise ParameterError(f"the table has no column(s) {', '.join(map(repr, missing))}: pass the table of {made_by} "
                             f"(its columns: {', '.join(map(str, table.columns[:12]))})")


def plot_rates_by_group(table: pd.DataFrame, ax=None, title: str = "", xlabel: str = "Group") -> plt.Figure:
    """Small multiples: one panel per lexicon, each with its own y-axis (a rare lexicon stays
    legible next to a frequent one), a bar per group with its interval whisker and its n (hits
    and documents) written above; ``xlabel`` names the groups (e.g. the group column). ``ax``:
    one axes per lexicon, or None. ``table``: :func:`framing.stats.rates_by_group`'s."""
    _needs(table, ["lexicon", "group", "rate", "ci_low", "ci_high"], "stats.rates_by_group")
    with plt.rc_context(STYLE):
        lexicons = list(dict.fromkeys(table["lexicon"]))
        groups = list(dict.fromkeys(table["group"]))
        fig, panels = _new_panels(ax, len(lexicons), (max(4.5, (1.0 + 0.9 * len(groups)) * len(lexicons) + 0.8), 3.8),
                                  rows=False)
        x = np.arange(len(groups))
        for panel, lex in zip(panels, lexicons):
            part = table[table["lexicon"] == lex].set_index("group").reindex(groups)
            err = np.clip(np.nan_to_num(np.vstack([part["rate"] - part["ci_low"], part["ci_high"] - part["rate"]])), 0, None)
            panel.bar(x, part["rate"].fillna(0), 0.7, yerr=err, capsize=3, error_kw={"elinewidth": 1},
                      color=[PALETTE[i % len(PALETTE)] for i in range(len(groups))])
            tops = part["ci_high"].fillna(part["rate"]).fillna(0).to_numpy()
            for xx, top, row in zip(x, tops, part.itertuples()):
                panel.annotate(_n_label(row), (xx, top), xytext=(0, 2), textcoords="offset points",
                               ha="center", va="bottom", fontsize=7, color="#333333")
            panel.set_ylim(0, max(float(np.nanmax(tops)) if len(tops) else 0, 1e-9) * 1.25)
            panel.set_xticks(x, [str(g) for g in groups], rotation=30 if len(groups) > 2 else 0,
                             ha="right" if len(groups) > 2 else "center")
            panel.set_title(lex)
            panel.set_ylabel(f"{lex}: hits per 1,000 tokens")
            panel.set_xlabel(xlabel)
        if title:
            fig.suptitle(title)
        if ax is None:  # a note under the panels (constrained layout keeps it clear of the tick labels)
            fig.supxlabel("Bars: pooled rate (own y-axis per lexicon); whiskers: 95% bootstrap interval; "
                          "n: affirmed hits and documents", fontsize=7, color="#555555", ha="right", x=0.99)
    return fig


def _n_label(row) -> str:
    """``n`` written on a bar: hits and documents where the table has them."""
    parts = []
    if "count" in row._fields and pd.notna(row.count):
        parts.append(f"n={int(row.count):,}")
    if "n_docs" in row._fields and pd.notna(row.n_docs):
        parts.append(f"{int(row.n_docs):,} docs")
    return "\n".join(parts)


def plot_monthly_rates(table: pd.DataFrame, ax=None, title: str = "") -> plt.Figure:
    """One panel per lexicon: monthly rate per group with a shaded interval (``table``:
    :func:`framing.stats.monthly_rates`'s)."""
    _needs(table, ["lexicon", "group", "month", "rate"], "stats.monthly_rates")
    with plt.rc_context(STYLE):
        lexicons = list(dict.fromkeys(table["lexicon"]))
        groups = list(dict.fromkeys(sorted(table["group"].unique(), key=str)))
        fig, panels = _new_panels(ax, len(lexicons), (6.5, 2.2 * len(lexicons) + 0.6), rows=True, sharex=True)
        for ax, lex in zip(panels, lexicons):
            for i, group in enumerate(groups):
                part = table[(table["lexicon"] == lex) & (table["group"] == group)].sort_values("month")
                color = PALETTE[i % len(PALETTE)]
                ax.plot(part["month"], part["rate"], marker="o", ms=3, lw=1.5, color=color, label=str(group))
                ax.fill_between(part["month"], part["ci_low"], part["ci_high"], color=color, alpha=0.15, lw=0)
                if "partial" in part.columns:  # months with fewer days of data: hollow markers
                    short = part[part["partial"].astype(bool)]
                    ax.plot(short["month"], short["rate"], ls="none", marker="o", ms=7, mfc="white", mec=color,
                            mew=1.2, label="partial month" if i == len(groups) - 1 else None)
            _mark_partial_months(ax, table)
            ax.set_ylabel(f"{lex}\nhits per 1,000 tokens")
        panels[0].legend(frameon=False, ncols=min(len(groups) + 1, 4), loc="lower left", bbox_to_anchor=(0.0, 1.0))
        locator = matplotlib.dates.AutoDateLocator(maxticks=8)
        panels[-1].xaxis.set_major_locator(locator)
        panels[-1].xaxis.set_major_formatter(matplotlib.dates.ConciseDateFormatter(locator))
        panels[-1].set_xlabel("Month (calendar month of publication)")
        if title:
            fig.suptitle(title)
    return fig


def _mark_partial_months(ax, table: pd.DataFrame) -> None:
    """Shade the months whose data cover fewer days than the month has (``partial``, ``days``)."""
    if "partial" not in table.columns:
        return
    short = table[table["partial"].astype(bool)].drop_duplicates("month")
    for month, days in zip(pd.to_datetime(short["month"]), short.get("days", pd.Series(index=short.index))):
        ax.axvspan(month - pd.Timedelta(days=14), month + pd.Timedelta(days=14), color="#DDDDDD",
                   alpha=0.5, lw=0, zorder=0)
        if pd.notna(days):
            ax.text(month, 0.98, f"{int(days)} days", transform=ax.get_xaxis_transform(), ha="center",
                    va="top", fontsize=7, color="#555555")


def figure_bytes(fig: plt.Figure, fmt: str) -> bytes:
    """``fig`` rendered as ``fmt`` (one of :data:`FORMATS`) without run-to-run metadata: the
    content :func:`write_figure` writes for that format.

    >>> fig, ax = plt.subplots()
    >>> figure_bytes(fig, "png")[:8]
    b'\\x89PNG\\r\\n\\x1a\\n'
    >>> plt.close(fig)
    """
    if fmt not in FORMATS:
        raise ParameterError(value_invalid_msg("fmt", fmt, FORMATS))
    buf = io.BytesIO()
    with plt.rc_context({"svg.hashsalt": "framing", "svg.fonttype": "path"}):
        fig.savefig(buf, format=fmt, metadata=_METADATA[fmt])
    return buf.getvalue()


def write_figure(fig: plt.Figure, stem: str | Path, rendered: dict[str, bytes] | None = None) -> dict[str, str]:
    """Save ``fig`` as ``stem.png|.svg|.pdf`` deterministically; return ``{format: sha256}``.

    ``rendered``: formats already rendered by :func:`figure_bytes` (in this order: a figure with a
    layout engine moves by a hair at each draw), written as they are instead of drawn again."""
    stem = Path(stem)
    stem.parent.mkdir(parents=True, exist_ok=True)
    hashes = {}
    for fmt in FORMATS:
        content = (rendered or {}).get(fmt)
        if content is None:
            content = figure_bytes(fig, fmt)
        atomic_write(stem.with_suffix(f".{fmt}"), content)
        hashes[fmt] = hashlib.sha256(content).hexdigest()
    return hashes


def missing_glyphs(fig: plt.Figure) -> list[str]:
    """The characters of ``fig``'s text (titles, labels, tick labels, annotations, legends) that
    the font each is drawn in has no glyph for, and so would show as empty boxes; ``[]`` when
    every character renders. (Looks at the first font matplotlib finds for each text.)

    >>> fig, ax = plt.subplots()
    >>> _ = ax.set(title="Переговори", xlabel="Мирные переговоры")
    >>> missing_glyphs(fig)
    []
    >>> _ = ax.set_ylabel("Переговори", family="cmr10")  # Computer Modern: Latin only
    >>> "П" in missing_glyphs(fig)
    True
    >>> plt.close(fig)
    """
    from matplotlib.font_manager import findfont, get_font
    from matplotlib.text import Text

    with warnings.catch_warnings():  # matplotlib's "Glyph ... missing" warnings: the answer says so
        warnings.simplefilter("ignore", UserWarning)
        fig.canvas.draw()  # tick labels are made when the figure is drawn
    missing: set[str] = set()
    for text in fig.findobj(Text):
        content = text.get_text()
        if not content or not text.get_visible():
            continue
        font = get_font(findfont(text.get_fontproperties()))
        missing.update(ch for ch in content if not ch.isspace() and font.get_char_index(ord(ch)) == 0)
    return sorted(missing)


def plot_effects(table: pd.DataFrame, ax=None, title: str = "") -> plt.Figure:
    """Forest plot of :func:`framing.stats.compare_groups`: rate difference per pair with its
    interval, one panel per lexicon with its own x-axis (``ax``: one axes per lexicon, or None);
    the documents behind each pair are written beside its interval."""
    with plt.rc_context(STYLE):
        lexicons = list(dict.fromkeys(table["lexicon"]))
        sizes = [int((table["lexicon"] == lex).sum()) for lex in lexicons]
        fig, panels = _new_panels(ax, len(lexicons), (7.5, 0.45 * len(table) + 1.2 * len(lexicons) + 0.6), rows=True,
                                  height_ratios=[max(n, 1) + 1 for n in sizes] if ax is None else None)
        for panel, lex in zip(panels, lexicons):
            part = table[table["lexicon"] == lex]
            labels = [f"{r.lexicon}: {r.group_a} − {r.group_b}" for r in part.itertuples()]
            y = np.arange(len(part))[::-1]
            err = np.clip(np.nan_to_num(np.vstack([part["diff"] - part["diff_low"], part["diff_high"] - part["diff"]])),
                          0, None)
            panel.errorbar(part["diff"], y, xerr=err, fmt="o", color=PALETTE[0], capsize=3, ms=5)
            panel.axvline(0, color="#555555", lw=0.8, ls="--")
            panel.set_yticks(y, labels)
            panel.set_ylim(-0.7, len(part) - 0.3)
            if {"n_docs_a", "n_docs_b"} <= set(part.columns):
                for yy, r in zip(y, part.itertuples()):
                    panel.text(1.01, yy, f"n={int(r.n_docs_a):,} / {int(r.n_docs_b):,} docs",
                               transform=panel.get_yaxis_transform(), va="center", fontsize=7, color="#333333")
            panel.set_xlabel(f"{lex}: difference in hits per 1,000 tokens")
        panels[-1].set_xlabel(panels[-1].get_xlabel() + "\n(dot: observed; bar: 95% bootstrap interval)")
        if title:
            fig.suptitle(title)
    return fig


def plot_time_series(table: pd.DataFrame, lexicon: str | None = None, events: pd.DataFrame | None = None,
                     ax=None, title: str = "") -> plt.Figure:
    """Rate per period (:func:`framing.stats.time_series`): a line per group with a shaded interval,
    for one ``lexicon`` or, with ``lexicon=None``, one panel per lexicon (``ax``: one axes per
    panel); ``events`` (:func:`framing.stats.load_events`) drawn as labelled dashed lines."""
    with plt.rc_context(STYLE):
        lexicons = [lexicon] if lexicon is not None else list(dict.fromkeys(table["lexicon"]))
        fig, panels = _new_panels(ax, len(lexicons), (7.0, 3.4 * len(lexicons)), rows=True)
        for panel, lex in zip(panels, lexicons):
            _time_series_panel(panel, table[table["lexicon"] == lex], lex, events)
        if title:
            panels[0].set_title(title)
    return fig


def _time_series_panel(ax, part: pd.DataFrame, lexicon: str, events: pd.DataFrame | None) -> None:
    for i, group in enumerate(sorted(part["group"].unique(), key=str)):
        rows = part[part["group"] == group].sort_values("period")
        color = PALETTE[i % len(PALETTE)]
        ax.plot(rows["period"], rows["rate"], marker="o", ms=3, lw=1.5, color=color, label=str(group))
        ax.fill_between(rows["period"], rows["ci_low"], rows["ci_high"], color=color, alpha=0.15, lw=0)
    if events is not None and len(part):
        lo, hi = part["period"].min(), part["period"].max()
        shown = events[(events["date"] >= lo) & (events["date"] <= hi + pd.Timedelta(days=31))]
        for ev in shown.itertuples():
            ax.axvline(ev.date, color="#555555", lw=0.8, ls="--")
            ax.text(ev.date, 0.98, f" {ev.label}", transform=ax.get_xaxis_transform(), rotation=90,
                    fontsize=7, va="top", ha="right", color="#333333")
    locator = matplotlib.dates.AutoDateLocator(maxticks=8)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(matplotlib.dates.ConciseDateFormatter(locator))
    ax.set_ylabel(f"{lexicon}: hits per 1,000 tokens")
    ax.set_xlabel("Period start")
    ax.legend(frameon=False, loc="lower left", bbox_to_anchor=(0.0, 1.0), ncols=4)


def plot_keyness(table: pd.DataFrame, group, top: int = 12, ax=None, title: str = "") -> plt.Figure:
    """Fightin' Words plot (Monroe et al. 2008): z-score of the log-odds ratio of ``group`` vs the rest
    against term frequency; the ``top`` terms at each end are circled, labelled on the plot and
    listed beside it. Coloured: distinctive after the Benjamini-Hochberg correction (``q < 0.05``,
    the ``q`` column of :func:`framing.stats.keyness`; ``|z| > 1.96`` for a table without it)."""
    with plt.rc_context(STYLE):
        part = table[table["group"] == group]
        fig, ax = _new_axes(ax, (7.5, 4.6))
        freq = part["count"] + part["count_other"]
        signif = part["q"] < 0.05 if "q" in part.columns else part["z"].abs() > 1.96
        colors = np.where(signif & (part["z"] > 0), PALETTE[3], np.where(signif & (part["z"] < 0), PALETTE[0], "#BBBBBB"))
        ax.scatter(freq, part["z"], s=8, c=colors, lw=0)
        ax.set_xscale("log")
        ranked = part.sort_values("z")
        ends = {f"more in {group}": ranked.tail(top).iloc[::-1], "more in the others": ranked.head(top)}
        lines = []
        for heading, rows in ends.items():  # ranked lists beside the plot: labels never overlap
            rows = rows[rows["z"] > 0] if heading.startswith(f"more in {group}") else rows[rows["z"] < 0]
            ax.scatter(rows["count"] + rows["count_other"], rows["z"], s=14, facecolors="none",
                       edgecolors="black", lw=0.6)
            for k, r in enumerate(rows.head(6).itertuples()):  # the leading terms named on the plot
                ax.annotate(str(r.term), (r.count + r.count_other, r.z), xytext=(-4, 6 - 7 * (k % 3)),
                            textcoords="offset points", ha="right", va="center", fontsize=7, color="#222222")
            lines += [heading] + [f"  {r.term}  (z {r.z:+.1f})" for r in rows.itertuples()] + [""]
        ax.text(1.02, 1.0, "\n".join(lines).rstrip(), transform=ax.transAxes, va="top", ha="left",
                fontsize=7, family="DejaVu Sans Mono")
        for level in (-1.96, 1.96):
            ax.axhline(level, color="#555555", lw=0.6, ls=":")
        ax.set_xlabel("Term frequency: occurrences in all groups (log scale)")
        ax.set_ylabel(f"z of log-odds ratio\n(> 0: more in {group})")
        if title:
            ax.set_title(title)
    return fig


def plot_cooccurrence(table: pd.DataFrame, ax=None, title: str = "", unit: str = "sentences") -> plt.Figure:
    """Heatmap of :func:`framing.stats.cooccurrence` (units holding both labels), counts written in.
    Both axes are named after the table's index name (``lexicon:category`` or ``lexicon``)."""
    with plt.rc_context(STYLE):
        n = len(table)
        fig, ax = _new_axes(ax, (1.0 + 0.55 * n + 1.5, 0.55 * n + 1.5))
        image = ax.imshow(table.to_numpy(), cmap="cividis")
        ax.set_xticks(range(n), table.columns, rotation=45, ha="right")
        ax.set_yticks(range(n), table.index)
        top = table.to_numpy().max() if n else 0
        for i in range(n):
            for j in range(n):
                value = table.to_numpy()[i, j]
                ax.text(j, i, str(value), ha="center", va="center", fontsize=7,
                        color="black" if value > top * 0.6 else "white")
        ax.figure.colorbar(image, ax=ax, label=f"{unit.capitalize()} with both (count)")
        name = {"lexicon": "Lexicon"}.get(str(table.index.name), "Lexicon: category")
        ax.set_xlabel(f"{name} (second)")
        ax.set_ylabel(f"{name} (first)")
        if title:
            ax.set_title(title)
    return fig


def plot_voice_split(table: pd.DataFrame, by: str = "lexicon", ax=None, title: str = "") -> plt.Figure:
    """Stacked horizontal bars from :func:`framing.quotes.voice_split`: share of affirmed hits in
    the journalist's voice and in quoted sources, with the affirmed-hit counts written in."""
    with plt.rc_context(STYLE):
        labels = list(dict.fromkeys(table[by].astype(str)))
        fig, ax = _new_axes(ax, (6.0, 0.5 * len(labels) + 1.4))
        y = np.arange(len(labels))[::-1]
        left = np.zeros(len(labels))
        for i, voice in enumerate(("journalist", "source")):
            rows = table[table["voice"] == voice].assign(key=lambda d: d[by].astype(str)).set_index("key")
            rows = rows.reindex(labels)
            share = rows["share"].fillna(0).to_numpy() * 100
            ax.barh(y, share, left=left, color=PALETTE[i], label=voice, height=0.6)
            for yy, x0, w, c in zip(y, left, share, rows["count"].fillna(0).astype(int)):
                if w >= 8:
                    ax.text(x0 + w / 2, yy, f"{w:.0f}% (n={c})", ha="center", va="center", fontsize=7,
                            color="white" if i == 0 else "black")
            left += share
        totals = table.assign(key=table[by].astype(str)).groupby("key")["count"].sum().reindex(labels).fillna(0)
        for yy, total in zip(y, totals.astype(int)):  # every bar's n, however thin its parts
            ax.text(101, yy, f"n={total:,}", va="center", ha="left", fontsize=7, color="#333333", clip_on=False)
        ax.set_yticks(y, labels)
        ax.set_xlim(0, 100)
        ax.set_xlabel("Share of affirmed hits (%)")
        ax.set_ylabel(by.capitalize())
        ax.legend(frameon=False, ncols=2, loc="lower center", bbox_to_anchor=(0.5, 1.0))
        if title:
            ax.set_title(title)
    return fig


def plot_documents_per_month(table: pd.DataFrame, ax=None, title: str = "") -> plt.Figure:
    """Documents per month (:func:`framing.corpus.summary.documents_per_month`), one line per group."""
    with plt.rc_context(STYLE):
        fig, ax = _new_axes(ax, (6.5, 3.0))
        for i, (group, part) in enumerate(table.groupby("group", sort=True)):
            ax.plot(part["month"], part["documents"], marker="o", ms=3, lw=1.5, color=PALETTE[i % len(PALETTE)],
                    label=str(group))
        ax.set_ylabel("Documents")
        ax.set_xlabel("Month")
        ax.legend(frameon=False)
        if title:
            ax.set_title(title)
    return fig


def plot_top_terms(table: pd.DataFrame, ax=None) -> plt.Figure:
    """The most frequent terms of each lexicon (:func:`framing.stats.top_terms`; one panel per
    lexicon), bars per group: affirmed hits per 1,000 tokens."""
    with plt.rc_context(STYLE):
        lexicons = list(dict.fromkeys(table["lexicon"])) or ["(no matches)"]
        groups = sorted(table["group"].unique(), key=str)
        fig, panels = _new_panels(ax, len(lexicons), (3.4 * len(lexicons) + 0.8, 3.6), rows=False)
        for ax, lex in zip(panels, lexicons):
            part = table[table["lexicon"] == lex]
            terms = list(dict.fromkeys(part.sort_values("count", ascending=False)["term"]))[::-1]
            height = 0.8 / max(len(groups), 1)
            for i, group in enumerate(groups):
                rows = part[part["group"] == group].set_index("term").reindex(terms)
                ax.barh(np.arange(len(terms)) + (i - (len(groups) - 1) / 2) * height, rows["per_1k"].fillna(0),
                        height, color=PALETTE[i % len(PALETTE)], label=str(group))
            ax.set_yticks(np.arange(len(terms)), terms)
            ax.set_title(lex)
            ax.set_xlabel("Affirmed hits per 1,000 tokens")
            ax.set_ylabel("Term")
        if groups:
            legend: dict = {}
            for ax in panels:
                legend.update(zip(*reversed(ax.get_legend_handles_labels())))  # label -> handle, every panel
            shown = [str(g) for g in groups if str(g) in legend]
            fig.legend([legend[g] for g in shown], shown, frameon=False, loc="outside upper center",
                       ncols=min(len(groups), 4))
    return fig


def plot_validation(table: pd.DataFrame, ax=None, title: str = "") -> plt.Figure:
    """Precision, recall and F1 (bars) with 95% bootstrap intervals for each lexicon and gold set
    (:func:`framing.validate.validation_table`).

    >>> t = pd.DataFrame({"gold_set": ["g"], "lexicon": ["hedging"], "precision": [0.5], "recall": [0.4],
    ...                   "f1": [0.44], "precision_low": [0.4], "precision_high": [0.6], "recall_low": [0.3],
    ...                   "recall_high": [0.5], "f1_low": [0.35], "f1_high": [0.5]})
    >>> [float(y) for y in plot_validation(t).axes[0].get_yticks()][-1]
    1.0
    """
    with plt.rc_context(STYLE):
        labels = [f"{r.lexicon}\n({r.gold_set})" for r in table.itertuples()]
        fig, ax = _new_axes(ax, (max(4.5, 1.8 * len(table) + 1.5), 3.4))
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
        if title:
            ax.set_title(title)
    return fig


def plot_estimates(table: pd.DataFrame, ax=None, methods: Sequence[str] = ("naive", "corrected"), title: str = "") -> plt.Figure:
    """Each estimand's estimate and interval by method, side by side (a table from
    :func:`framing.estimate.corrected_estimates`).

    >>> t = pd.DataFrame({"estimand": ["all", "all"], "method": ["naive", "corrected"], "estimate": [0.2, 0.3],
    ...                   "ci_low": [0.19, 0.25], "ci_high": [0.21, 0.35]})
    >>> [text.get_text() for text in plot_estimates(t).axes[0].get_legend().get_texts()]
    ['naive', 'corrected']
    """
    estimands = list(dict.fromkeys(table["estimand"]))
    fig, ax = _new_axes(ax, (6.0, 0.55 * len(estimands) + 1.4))
    with plt.rc_context(STYLE):
        y = np.arange(len(estimands))[::-1]
        step = 0.7 / max(len(methods), 1)
        for i, method in enumerate(methods):
            part = table[table["method"] == method].set_index("estimand").reindex(estimands)
            offset = (len(methods) - 1) / 2 * step - i * step
            ax.errorbar(part["estimate"], y + offset, xerr=[part["estimate"] - part["ci_low"], part["ci_high"] - part["estimate"]],
                        fmt="os"[i % 2], color=PALETTE[i % len(PALETTE)], capsize=3, label=method)
        ax.axvline(0, color="0.6", linewidth=0.8)
        ax.set_yticks(y, estimands)
        ax.set_xlabel("Share of units (difference: points of share)")
        ax.legend(loc="best", frameon=False)
        if title:
            ax.set_title(title)
    return fig
