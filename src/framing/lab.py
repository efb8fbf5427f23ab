"""Explore in JupyterLab: open a report notebook with one parameter set, browse matches.

:func:`parameterize` writes a copy of a report notebook with one parameter set applied the way a
report run applies it: the run planner (:func:`framing.report.run.plan_run`) checks them against
the notebook's typed ``parameters`` cell and checks the input files (all problems reported at
once) and makes relative file paths absolute; papermill injects them as an ``injected-parameters`` cell
(:func:`papermill.parameterize.parameterize_notebook`, the function ``papermill.execute_notebook``
calls). The copy goes to a scratch folder (``notebooks/scratch/``, git-ignored); the committed
notebook is never written. :func:`open_in_lab` then starts JupyterLab on 127.0.0.1 with a token
and opens that copy; ``framing lab [NOTEBOOK] [-p NAME VALUE ...]`` (or ``python -m framing.lab``)
does both.

:func:`concordance` and :func:`kwic_browser` are the explore notebook's KWIC table: every line
comes from a match row's character offsets, and all corpus text is HTML-escaped.

>>> import pandas as pd
>>> corpus = pd.DataFrame({"doc_id": ["a"], "text": ["Talks may <b>resume</b> soon."]})
>>> matches = pd.DataFrame({"doc_id": ["a"], "start": [6], "end": [9], "lexicon": ["hedging"],
...                         "category": ["modal"], "term": ["may"]})
>>> concordance(corpus, matches, width=10)[["left", "match", "right"]].to_dict("records")
[{'left': 'Talks', 'match': 'may', 'right': '<b>resume'}]
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import secrets
import shlex
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import nbformat
import pandas as pd

from .errors import ParameterError
from .paths import notebooks_dir
from .report import notebook_path

SCRATCH = "scratch"  # sub-folder of notebooks/ for parameterised copies (git-ignored)
KWIC_COLUMNS = ["doc_id", "outlet", "lexicon", "category", "term", "left", "match", "right", "start", "end"]


def scratch_dir() -> Path:
    """``notebooks/scratch/``: where parameterised copies go (inside the folder Lab serves)."""
    return notebooks_dir() / SCRATCH


def resolve_parameters(notebook: str | Path, parameters: dict[str, Any] | None = None) -> dict[str, Any]:
    """The values a report run of ``notebook`` injects into its kernel: the run planner's own
    (:func:`framing.report.run.plan_run`): defaults merged with ``parameters``, each checked and
    typed, input files and lexicons checked, relative file paths made absolute. Raises
    :class:`ParameterError` listing the problems; nothing is executed or written.

    >>> resolve_parameters("framing_report", {"n_boot": "200"})["n_boot"]
    200
    """
    from .report.run import plan_run

    return dict(plan_run(notebook, parameters).kernel_values)


def _slug(parameters: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(parameters, sort_keys=True, default=str).encode()).hexdigest()[:8]


def parameterize(notebook: str | Path, parameters: dict[str, Any] | None = None, *,
                 out_dir: str | Path | None = None) -> Path:
    """Write a copy of ``notebook`` with ``parameters`` injected as a report run injects them.

    As in ``framing report``, every parameter (defaults merged with yours, checked and typed; relative
    paths made absolute) is injected in an ``injected-parameters`` cell after the ``parameters`` cell;
    only ``run_dir`` is left at its default, so figures are shown, not saved. The copy is
    ``<out_dir>/<notebook>__<hash of the values>.ipynb`` (default ``notebooks/scratch/``), stored
    without outputs; an existing copy is replaced, the source notebook is never written.

    >>> import tempfile
    >>> copy = parameterize("framing_report", {"n_boot": "200"}, out_dir=tempfile.mkdtemp())
    >>> cell = [c for c in nbformat.read(copy, 4).cells if "injected-parameters" in c.metadata.get("tags", [])][0]
    >>> "n_boot = 200" in cell.source.splitlines()
    True
    """
    from papermill.iorw import load_notebook_node
    from papermill.parameterize import parameterize_notebook

    from .notebook_tools import strip

    source = notebook_path(notebook)
    values = resolve_parameters(source, parameters)
    nb = load_notebook_node(str(source))  # as papermill.execute_notebook reads it
    kernel = nb.metadata.get("kernelspec", {}).get("name")
    injected = strip(parameterize_notebook(nb, values, kernel_name=kernel))
    injected.metadata["framing"] = {"source_notebook": source.name, "parameters": values}
    folder = Path(out_dir) if out_dir else scratch_dir()
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{source.stem}__{_slug(values)}.ipynb"
    tmp = target.with_name(f".{target.name}.tmp")
    nbformat.write(injected, tmp)
    tmp.replace(target)
    return target


def report_command(notebook: str, parameters: dict[str, Any]) -> str:
    """The ``framing report`` command line that runs ``notebook`` with ``parameters``.

    >>> report_command("framing_report", {"corpus": "my files/*.csv", "lexicons": ["hedging", "security"]})
    "framing report framing_report -p corpus 'my files/*.csv' -p lexicons hedging,security"
    """
    parts = ["framing", "report", notebook]
    for name, value in parameters.items():
        text = ",".join(map(str, value)) if isinstance(value, list) else str(value)
        parts += ["-p", name, shlex.quote(text)]
    return " ".join(parts)


def notebook_link(path: str | Path):
    """A link (``IPython.display.HTML``) to a notebook, relative to the kernel's folder, which
    JupyterLab opens in a new tab."""
    from IPython.display import HTML

    rel = Path(os.path.relpath(Path(path).resolve(), Path.cwd())).as_posix()
    return HTML(f'<a class="framing-notebook-link" href="{html.escape(rel)}">open {html.escape(rel)}</a>')


def lab_command(root: str | Path, open_path: str | Path | None = None, *, port: int = 0) -> list[str]:
    """The ``jupyter lab`` command line: 127.0.0.1 only, on exactly ``port`` (no retries on the next
    ports: a taken port is an error, never a server on another port than the URL says). The token is
    not on it (a command line is visible to every user in ``ps``): pass it in the environment, see
    :func:`lab_environment`.

    >>> cmd = lab_command("notebooks", port=8890)
    >>> "--ServerApp.ip=127.0.0.1" in cmd and "--ServerApp.port_retries=0" in cmd
    True
    >>> any("token" in arg for arg in cmd)
    False
    """
    cmd = [sys.executable, "-m", "jupyter", "lab", "--no-browser", f"--ServerApp.root_dir={root}",
           "--ServerApp.ip=127.0.0.1", "--ServerApp.port_retries=0"]
    if port:
        cmd.append(f"--ServerApp.port={port}")
    if hasattr(os, "geteuid") and os.geteuid() == 0:  # containers and CI machines run as root
        cmd.append("--ServerApp.allow_root=True")
    if open_path:
        rel = Path(open_path).resolve().relative_to(Path(root).resolve()).as_posix()
        cmd.append(f"--LabApp.default_url=/lab/tree/{rel}")
    return cmd


def lab_environment(token: str = "", base: dict[str, str] | None = None) -> dict[str, str]:
    """The environment to start Lab in: ``base`` (default: this process's) with ``JUPYTER_TOKEN``
    set to ``token`` (random if not given), which Jupyter Server reads instead of a command-line flag.

    >>> lab_environment("t0k", base={})
    {'JUPYTER_TOKEN': 't0k'}
    """
    return {**(os.environ if base is None else base), "JUPYTER_TOKEN": token or secrets.token_urlsafe(24)}


def free_port(start: int = 8888, tries: int = 100) -> int:
    """The first port from ``start`` on that is free on 127.0.0.1 (0 = let the system choose)."""
    for port in range(start, start + tries) if start else [0]:
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return sock.getsockname()[1]
    raise ParameterError(f"no free port on 127.0.0.1 in {start}-{start + tries - 1}; pass --port N")


def open_in_lab(notebook: str | Path | None = None, parameters: dict[str, Any] | None = None, *,
                port: int = 0) -> int:
    """Start JupyterLab on ``notebooks/`` (127.0.0.1, a fresh token) and open ``notebook`` with
    ``parameters`` applied (see :func:`parameterize`); prints the URL to open and blocks until Lab
    is stopped (Ctrl-C).

    ``port`` taken raises :class:`ParameterError` (Lab is not moved to another port); without
    ``port`` the first free one from 8888 is used. The token goes to Lab in its environment.
    """
    if parameters and not notebook:
        raise ParameterError("parameters need a NOTEBOOK to apply to, e.g. `framing lab framing_report -p n_boot 200`")
    if port:
        try:
            free_port(port, tries=1)
        except ParameterError:
            raise ParameterError(f"--port {port}: the port is taken on 127.0.0.1 (another program listens there); "
                                 "pass another --port, or none to use the first free port from 8888") from None
    root = notebooks_dir()
    target = parameterize(notebook, parameters) if notebook else None
    port, env = port or free_port(), lab_environment()
    page = f"tree/{target.relative_to(root).as_posix()}" if target else ""
    if target and notebook:
        print(f"opening {target.relative_to(root)} (a parameterised copy; {notebook_path(notebook).name} is unchanged)")
    # Jupyter hides a token it did not make up itself, so the URL with the token is printed here.
    print(f"\n  JupyterLab: http://127.0.0.1:{port}/lab/{page}?token={env['JUPYTER_TOKEN']}\n", flush=True)
    return _run(lab_command(root, target, port=port), env)


def _run(cmd: list[str], env: dict[str, str]) -> int:
    """Become Jupyter (POSIX), so Ctrl-C and signals reach the server and no orphan is left."""
    if os.name == "posix":
        sys.stdout.flush()
        os.execve(cmd[0], cmd, env)
    try:
        return subprocess.call(cmd, env=env)
    except KeyboardInterrupt:
        return 0


def concordance(corpus: pd.DataFrame, matches: pd.DataFrame, width: int = 60) -> pd.DataFrame:
    """One line per match: ``left`` / ``match`` / ``right`` context cut from the document text by
    the match's character offsets (white space folded in the context), with the document's outlet."""
    if matches.empty:
        return pd.DataFrame(columns=KWIC_COLUMNS)
    texts = dict(zip(corpus["doc_id"], corpus["text"]))
    outlets = dict(zip(corpus["doc_id"], corpus["outlet"] if "outlet" in corpus else [""] * len(corpus)))
    rows = []
    for m in matches.itertuples(index=False):
        text = texts[m.doc_id]
        rows.append({"doc_id": m.doc_id, "outlet": outlets[m.doc_id], "lexicon": m.lexicon, "category": m.category,
                     "term": m.term, "left": " ".join(text[max(0, m.start - width):m.start].split()),
                     "match": text[m.start:m.end], "right": " ".join(text[m.end:m.end + width].split()),
                     "start": int(m.start), "end": int(m.end)})
    return pd.DataFrame(rows, columns=KWIC_COLUMNS)


def filter_concordance(lines: pd.DataFrame, lexicon: str = "", category: str = "", outlet: str = "",
                       contains: str = "") -> pd.DataFrame:
    """Lines of one lexicon / category / outlet ("" = all) whose match or context contains a text.

    >>> lines = pd.DataFrame({"lexicon": ["a", "b"], "category": ["x", "y"], "outlet": ["o", "o"],
    ...                       "left": ["no", "peace"], "match": ["m", "n"], "right": ["", ""]})
    >>> filter_concordance(lines, contains="PEACE")["lexicon"].tolist()
    ['b']
    """
    keep = pd.Series(True, index=lines.index)
    for column, value in (("lexicon", lexicon), ("category", category), ("outlet", outlet)):
        if value:
            keep &= lines[column] == value
    if contains:
        joined = lines["left"] + " " + lines["match"] + " " + lines["right"]
        keep &= joined.str.contains(contains, case=False, regex=False)
    return lines[keep]


def concordance_html(lines: pd.DataFrame, limit: int = 50) -> str:
    """The first ``limit`` lines as an HTML table; all corpus text is escaped, the hit is bold."""
    shown = lines.head(limit)
    rows = "".join(
        f"<tr><td>{html.escape(str(r.doc_id))}</td><td>{html.escape(str(r.outlet))}</td>"
        f"<td>{html.escape(r.lexicon)}</td><td>{html.escape(r.category)}</td>"
        f"<td style='text-align:right'>{html.escape(r.left)}</td><td><b>{html.escape(r.match)}</b></td>"
        f"<td style='text-align:left'>{html.escape(r.right)}</td></tr>" for r in shown.itertuples())
    return (f"<p class='framing-kwic-count'>{len(lines):,} lines; showing {len(shown):,}</p>"
            "<table class='framing-kwic'><thead><tr><th>doc_id</th><th>outlet</th><th>lexicon</th>"
            "<th>category</th><th>left</th><th>match</th><th>right</th></tr></thead>"
            f"<tbody>{rows}</tbody></table>")


def kwic_browser(lines: pd.DataFrame, limit: int = 50):
    """An ipywidgets box: drop-downs for lexicon, category and outlet and a text filter above the
    concordance table, which is redrawn on every change. Display it as a cell's last line."""
    import ipywidgets as widgets

    def options(column: str) -> list[tuple[str, str]]:
        return [("(all)", "")] + [(str(v), str(v)) for v in sorted(lines[column].astype(str).unique())]

    lexicon = widgets.Dropdown(options=options("lexicon"), description="lexicon")
    category = widgets.Dropdown(options=options("category"), description="category")
    outlet = widgets.Dropdown(options=options("outlet"), description="outlet")
    contains = widgets.Text(value="", description="contains", placeholder="text in the line", continuous_update=False)
    table = widgets.HTML(value=concordance_html(lines, limit))

    def redraw(_change=None) -> None:
        shown = filter_concordance(lines, lexicon.value, category.value, outlet.value, contains.value)
        table.value = concordance_html(shown, limit)

    for control in (lexicon, category, outlet, contains):
        control.observe(redraw, names="value")
    return widgets.VBox([widgets.HBox([lexicon, category]), widgets.HBox([outlet, contains]), table])


def corpus_summary(corpus: pd.DataFrame) -> pd.DataFrame:
    """What was loaded, per source file and outlet: documents, empty texts, characters, dates.

    >>> corpus = pd.DataFrame({"source_path": ["a.csv", "a.csv"], "outlet": ["x", "x"], "text": ["hi", ""],
    ...                        "published": pd.to_datetime(["2022-01-02", None], utc=True)})
    >>> corpus_summary(corpus)[["documents", "empty_texts", "characters", "undated"]].iloc[0].tolist()
    [2, 1, 2, 1]
    """
    keys = [c for c in ("source_path", "outlet") if c in corpus.columns]
    frame = corpus.assign(_chars=corpus["text"].str.len(), _empty=corpus["text"].str.strip().eq(""))
    g = frame.groupby(keys, sort=True, dropna=False)
    out = pd.DataFrame({"documents": g.size(), "empty_texts": g["_empty"].sum().astype(int),
                        "characters": g["_chars"].sum().astype(int)})
    if "published" in corpus.columns:
        out["first"], out["last"] = g["published"].min().dt.date, g["published"].max().dt.date
        out["undated"] = g["published"].apply(lambda s: int(s.isna().sum()))
    return out.reset_index()


def main(argv: list[str] | None = None) -> int:
    """``python -m framing.lab [NOTEBOOK] [-p NAME VALUE ...]``: the same as ``framing lab ...``."""
    from .cli import main as cli_main

    return cli_main(["lab", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    raise SystemExit(main())
