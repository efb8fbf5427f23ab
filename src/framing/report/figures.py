"""Save figures and tables from a report notebook and register them for the run's manifest.

In a report run the runner passes ``run_dir``; figures then go to ``<run_dir>/figures/<id>.*``,
tables to ``<run_dir>/tables/<id>.csv``, and an entry to ``<run_dir>/.registry.jsonl`` that the
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


@dataclass
class SavedFigure:
    """A saved figure; shows itself in a notebook with its ID and caption."""

    fig_id: str
    caption: str
    files: dict[str, str] = field(default_factory=dict)
    png: bytes = b""

    def _repr_html_(self) -> str:
        img = base64.b64encode(self.png).decode("ascii")
        return (f'<figure class="framing-figure" id="fig-{self.fig_id}">'
                f'<img alt="{html.escape(self.caption)}" src="data:image/png;base64,{img}"/>'
                f"<figcaption><strong>Fig. {html.escape(self.fig_id)}.</strong> "
                f"{html.escape(self.caption)}</figcaption></figure>")


def _check_id(fig_id: str) -> None:
    if not ID_RE.match(fig_id):
        raise ParameterError(f"figure/table id {fig_id!r}: use lower-case letters, digits and '-' "
                             "(max 64 characters), e.g. 'rates-by-outlet'")


def _register(run_dir: Path, entry: dict) -> None:
    with open(run_dir / REGISTRY, "a", encoding="utf-8") as fh:
        fh.write(json.dumps(entry, sort_keys=True) + "\n")


def save_table(table: pd.DataFrame, table_id: str, caption: str, run_dir: str | Path = "") -> str:
    """Write ``tables/<id>.csv`` and register it; returns its sha256 ("" outside a run)."""
    _check_id(table_id)
    if not run_dir:
        return ""
    path = Path(run_dir) / "tables" / f"{table_id}.csv"
    data = table.to_csv(index=False, lineterminator="\n").encode("utf-8")
    atomic_write(path, data)
    digest = hashlib.sha256(data).hexdigest()
    _register(Path(run_dir), {"kind": "table", "id": table_id, "caption": caption,
                              "files": {"csv": f"tables/{table_id}.csv"}, "sha256": {"csv": digest}})
    return digest


def save_figure(fig: plt.Figure, fig_id: str, caption: str, run_dir: str | Path = "",
                table: pd.DataFrame | None = None) -> SavedFigure:
    """Save ``fig`` as PNG/SVG/PDF (byte-stable), with the table it plots, and register both."""
    import matplotlib.pyplot as plt  # here, not at import: `import framing` stays light

    from ..plots import write_figure

    _check_id(fig_id)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=100, metadata={"Software": None})
    shown = SavedFigure(fig_id, caption, png=buf.getvalue())
    if run_dir:
        hashes = write_figure(fig, Path(run_dir) / "figures" / fig_id)
        shown.files = {fmt: f"figures/{fig_id}.{fmt}" for fmt in hashes}
        entry = {"kind": "figure", "id": fig_id, "caption": caption, "files": shown.files, "sha256": hashes}
        if table is not None:
            entry["table"] = fig_id
            save_table(table, fig_id, f"Data of Fig. {fig_id}: {caption}", run_dir)
        _register(Path(run_dir), entry)
    plt.close(fig)
    return shown
