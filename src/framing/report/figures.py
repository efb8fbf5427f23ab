"""Save figures and tables from a report notebook and register them for the run's manifest.

In a report run the runner passes ``run_dir``; figures then go to ``<run_dir>/figures/<id>.*``,
tables to ``<run_dir>/tables/<id>.csv`` (with ``<id>.tex``, a booktabs LaTeX table, and ``<id>.md``,
a Markdown table, beside it, ready for a paper), and an entry to ``<run_dir>/.registry.jsonl`` that the
runner turns into the manifest and figure index. Outside a run (``run_dir=""``) nothing is
written and the figure is only shown.

>>> import matplotlib.pyplot as plt
>>> shown = save_figure(plt.figure(), "demo-figure", "An empty figure.")
>>> shown.fig_id, shown.files
('demo-figure', {})
"""

from __future__ import annotations

import base64
import hashlib
import html
import io
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from ..atomic import atomic_write
from ..errors import ParameterError

if TYPE_CHECKING:
    import matplotlib.pyplot as plt

ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
REGISTRY = ".registry.jsonl"
PAPER_ROWS = 500  # tables up to this many rows are also written as LaTeX and Markdown


@dataclass
class SavedFigure:
    """A saved figure; shows itself in a notebook with its ID and caption."""

    fig_id: str
    caption: str
    files: dict[str, str] = field(default_factory=dict)
    png: bytes = b""
    alt: str = ""

    def _repr_html_(self) -> str:
        img = base64.b64encode(self.png).decode("ascii")
        return (f'<figure class="framing-figure" id="fig-{self.fig_id}">'
                f'<img alt="{html.escape(self.alt or self.caption)}" src="data:image/png;base64,{img}"/>'
                f"<figcaption><strong>Fig. {html.escape(self.fig_id)}.</strong> "
                f"{html.escape(self.caption)}</figcaption></figure>")


def _check_id(fig_id: str) -> None:
    if not ID_RE.match(fig_id):
        raise ParameterError(f"figure/table id {fig_id!r}: use lower-case letters, digits and '-' "
                             "(max 64 characters), e.g. 'rates-by-outlet'")


def _register(run_dir: Path, entry: dict) -> None:
    with open(run_dir / REGISTRY, "a", encoding="utf-8") as fh:
        fh.write(json.dumps(entry, sort_keys=True) + "\n")


def latex_table(table: pd.DataFrame, caption: str = "", label: str = "") -> str:
    """A booktabs LaTeX table (``\\toprule``/``\\midrule``/``\\bottomrule``; needs
    ``\\usepackage{booktabs}``), every cell and header escaped, numbers to 3 significant digits.

    >>> print(latex_table(pd.DataFrame({"group": ["a&b"], "rate": [1.23456]})))
    \\begin{tabular}{lr}
    \\toprule
    group & rate \\\\
    \\midrule
    a\\&b & 1.23 \\\\
    \\bottomrule
    \\end{tabular}
    <BLANKLINE>
    """
    styler = table.style.hide(axis="index").format(_cell, escape="latex").format_index(escape="latex", axis=1)
    body = styler.to_latex(hrules=True, column_format="".join(
        "r" if pd.api.types.is_numeric_dtype(table[c]) and not pd.api.types.is_bool_dtype(table[c]) else "l"
        for c in table.columns))
    if not caption:
        return body
    caption_tex = "".join(_LATEX.get(ch, ch) for ch in caption)
    return ("\\begin{table}\n\\centering\n" + f"\\caption{{{caption_tex}}}\n"
            + (f"\\label{{tab:{label}}}\n" if label else "") + body + "\\end{table}\n")


_LATEX = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#",
          "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}


def _cell(value: object) -> str:
    if isinstance(value, float):
        return "" if value != value else f"{value:.3g}"
    return str(value)


def markdown_table(table: pd.DataFrame) -> str:
    """A GitHub-flavoured Markdown table (pipes in cells escaped, numbers to 3 significant digits).

    >>> print(markdown_table(pd.DataFrame({"group": ["a|b"], "rate": [1.23456]})))
    | group | rate |
    | --- | ---: |
    | a\\|b | 1.23 |
    <BLANKLINE>
    """
    def esc(value: object) -> str:
        return _cell(value).replace("|", "\\|").replace("\n", " ")

    numeric = [pd.api.types.is_numeric_dtype(table[c]) and not pd.api.types.is_bool_dtype(table[c])
               for c in table.columns]
    lines = ["| " + " | ".join(esc(c) for c in table.columns) + " |",
             "| " + " | ".join("---:" if n else "---" for n in numeric) + " |"]
    lines += ["| " + " | ".join(esc(v) for v in row) + " |" for row in table.itertuples(index=False)]
    return "\n".join(lines) + "\n"


def save_table(table: pd.DataFrame, table_id: str, caption: str, run_dir: str | Path = "") -> str:
    """Write ``tables/<id>.csv`` with ``<id>.tex`` (booktabs) and ``<id>.md`` beside it (tables of
    at most :data:`PAPER_ROWS` rows) and register them; returns the CSV's sha256 ("" outside a run)."""
    _check_id(table_id)
    if not run_dir:
        return ""
    folder = Path(run_dir) / "tables"
    data = table.to_csv(index=False, lineterminator="\n").encode("utf-8")
    files = {"csv": data}
    if len(table) <= PAPER_ROWS:  # a table a paper can print; longer ones (a concordance) stay CSV only
        files["tex"] = latex_table(table, caption, table_id).encode("utf-8")
        files["md"] = (f"Table {table_id}: {caption}\n\n" + markdown_table(table)).encode("utf-8")
    for fmt, content in files.items():
        atomic_write(folder / f"{table_id}.{fmt}", content)
    _register(Path(run_dir), {"kind": "table", "id": table_id, "caption": caption,
                              "files": {fmt: f"tables/{table_id}.{fmt}" for fmt in files},
                              "sha256": {fmt: hashlib.sha256(c).hexdigest() for fmt, c in files.items()}})
    return hashlib.sha256(data).hexdigest()


def describe_figure(fig: plt.Figure) -> str:
    """A text description of a figure for its alt text: its panels with their titles and axis labels.

    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> _ = ax.set(title="hedging", xlabel="Outlet", ylabel="Hits per 1,000 tokens")
    >>> describe_figure(fig)
    'Chart with 1 panel: hedging (x: Outlet; y: Hits per 1,000 tokens).'
    """
    panels = [ax for ax in fig.axes if ax.get_label() != "<colorbar>"]
    parts = []
    for ax in panels:
        axes = "; ".join(f"{k}: {v}" for k, v in (("x", ax.get_xlabel()), ("y", ax.get_ylabel())) if v)
        name = ax.get_title() or "panel"
        parts.append(f"{name} ({' '.join(axes.split())})" if axes else name)
    return f"Chart with {len(panels)} panel{'s' if len(panels) != 1 else ''}: {', '.join(parts)}."


def save_figure(fig: plt.Figure, fig_id: str, caption: str, run_dir: str | Path = "",
                table: pd.DataFrame | None = None, alt: str = "") -> SavedFigure:
    """Save ``fig`` as PNG/SVG/PDF (byte-stable), with the table it plots, and register both.

    ``run_dir`` is the run folder (a report notebook's ``run_dir`` parameter, set by the runner):
    the files go to ``figures/<fig_id>.png/.svg/.pdf`` and ``table`` to ``tables/<fig_id>.*``; with
    ``run_dir=""`` (outside a run) nothing is written and the figure is only shown. ``alt`` is the
    figure's alt text in the HTML; by default its panels and axes (:func:`describe_figure`)
    followed by the caption.

    >>> import tempfile, matplotlib.pyplot as plt, pandas as pd
    >>> fig, ax = plt.subplots()
    >>> _ = ax.bar(["kremlin.ru", "president.gov.ua"], [1.2, 2.5])
    >>> saved = save_figure(fig, "rates-by-outlet", "Hedging per 1,000 tokens.", tempfile.mkdtemp(),
    ...                     table=pd.DataFrame({"outlet": ["kremlin.ru", "president.gov.ua"], "rate": [1.2, 2.5]}))
    >>> saved.files
    {'png': 'figures/rates-by-outlet.png', 'svg': 'figures/rates-by-outlet.svg', 'pdf': 'figures/rates-by-outlet.pdf'}
    """
    import matplotlib.pyplot as plt  # here, not at import: `import framing` stays light

    from ..plots import figure_bytes, write_figure

    _check_id(fig_id)
    alt = alt or f"{describe_figure(fig)} {caption}"
    if not run_dir:
        buf = io.BytesIO()
        fig.savefig(buf, format="png", dpi=100, metadata={"Software": None})
        shown = SavedFigure(fig_id, caption, png=buf.getvalue(), alt=alt)
    else:
        # The files are the figure's 2nd to 4th draws (a constrained layout moves by a hair at each
        # draw, so the draw count is part of the bytes): a draw without rendering takes the place of
        # the first, and the shown PNG is the file's, rendered once.
        fig.draw_without_rendering()
        png = figure_bytes(fig, "png")
        shown = SavedFigure(fig_id, caption, png=png, alt=alt)
        hashes = write_figure(fig, Path(run_dir) / "figures" / fig_id, rendered={"png": png})
        shown.files = {fmt: f"figures/{fig_id}.{fmt}" for fmt in hashes}
        entry = {"kind": "figure", "id": fig_id, "caption": caption, "alt": shown.alt, "files": shown.files,
                 "sha256": hashes}
        if table is not None:
            entry["table"] = fig_id
            save_table(table, fig_id, f"Data of Fig. {fig_id}: {caption}", run_dir)
        _register(Path(run_dir), entry)
    plt.close(fig)
    return shown
