"""Where the kit's folders are: one place, overridable by the ``FRAMING_HOME`` env var.

The project root is the folder holding ``data/``, ``notebooks/`` and ``reports/``. It is
found in this order: ``$FRAMING_HOME``; the checkout this package was installed from
(editable installs); the current working directory.

>>> from framing import paths
>>> paths.data_dir().name
'data'
"""

from __future__ import annotations

import errno
import os
from collections.abc import Iterable
from pathlib import Path

ENV_VAR = "FRAMING_HOME"
PACKAGE_DIR = Path(__file__).resolve().parent


def project_root() -> Path:
    """Return the project root (see module docstring for the search order)."""
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env).expanduser().resolve()
    checkout = PACKAGE_DIR.parent.parent  # src/framing -> src -> checkout
    if (checkout / "data").is_dir() and (checkout / "notebooks").is_dir():
        return checkout
    return Path.cwd().resolve()


def data_dir() -> Path:
    """``<root>/data``: raw inputs (read-only), gold sets, corpus registry."""
    return project_root() / "data"


def raw_dir() -> Path:
    """``<root>/data/raw``: immutable raw inputs; the kit never writes here."""
    return data_dir() / "raw"


def gold_dir() -> Path:
    """``<root>/data/gold``: human-coded validation sets."""
    return data_dir() / "gold"


def notebooks_dir() -> Path:
    """``<root>/notebooks``: the report notebooks (stored without outputs)."""
    return project_root() / "notebooks"


def reports_dir() -> Path:
    """``<root>/reports`` unless ``$FRAMING_REPORTS`` is set: one folder per report run."""
    env = os.environ.get("FRAMING_REPORTS")
    return Path(env).expanduser().resolve() if env else project_root() / "reports"


def cache_dir() -> Path | None:
    """The folder where the kit keeps what it can make again from what ships with it (to start
    faster): ``$FRAMING_CACHE``, else ``$XDG_CACHE_HOME/framing``, else ``~/.cache/framing``;
    ``None`` (no cache) if ``$FRAMING_CACHE`` is ``off``. Nothing there is ever needed: each file
    is named by a hash of what it was made from, and remade if it is missing or broken.
    (``tests/test_language.py`` has examples.)
    """
    env = os.environ.get("FRAMING_CACHE")
    if env:
        return None if env.lower() == "off" else Path(env).expanduser()
    base = os.environ.get("XDG_CACHE_HOME")
    return (Path(base).expanduser() if base else Path.home() / ".cache") / "framing"


def corpora_file() -> Path:
    """``<root>/data/corpora.yaml``: the registry of bundled corpora (name -> files, columns)."""
    return data_dir() / "corpora.yaml"


def lexicon_data_dir() -> Path:
    """Folder of the built-in lexicon YAML files (package data)."""
    return PACKAGE_DIR / "lexicons" / "data"


def same_file(a: str | Path, b: str | Path) -> bool:
    """Whether two paths name the same file: after following symlinks, or as hard links of one file.

    >>> same_file("x/../y.csv", "y.csv")
    True
    """
    a, b = Path(a), Path(b)
    if a.resolve() == b.resolve():
        return True
    try:
        return os.path.samefile(a, b)
    except OSError:  # one of them does not exist yet
        return False


def broken_link(path: str | Path) -> str | None:
    """Why ``path`` leads to nothing though a link is there: a symbolic link (or a folder on the way)
    that leads round in a loop, or a link to a target that does not exist; ``None`` otherwise
    (no link: the path is simply not there, or it is fine).

    >>> broken_link("no/such/file.csv") is None
    True
    """
    p = Path(path)
    try:
        os.stat(p)
        return None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            target = f" ({p} -> {os.readlink(p)} -> ...)" if p.is_symlink() else ""
            return f"a symbolic link that leads round in a loop{target}"
    if p.is_symlink():
        return f"a symbolic link to {os.readlink(p)}, which does not exist"
    return None


def check_output(out: str | Path, inputs: Iterable[str | Path], option: str = "--out") -> None:
    """Refuse an output path that is one of the inputs (also through a symlink or a hard link), or
    an existing folder.

    Raises :class:`~framing.errors.InputError` (exit code 2) naming both, or for a folder
    :class:`~framing.errors.OutputError` (exit code 2), before anything is written.

    >>> check_output("new.csv", ["old.csv"])
    >>> check_output("old.csv", ["./old.csv"])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    framing.errors.InputError: old.csv: the output (--out) is the input file ./old.csv; ... Fix: write to a new file name
    """
    from .errors import InputError, OutputError

    if os.path.isdir(out):
        raise OutputError(out, f"the output ({option}) is a folder, not a file", fix=f"name a file in it, e.g. "
                          f"{os.path.join(str(out), 'output.csv')}")
    for item in inputs:
        if same_file(out, item):
            link = f" (both lead to {Path(item).resolve()})" if os.path.abspath(out) != os.path.abspath(item) else ""
            raise InputError(out, f"the output ({option}) is the input file {item}{link}; writing it would replace "
                             "that input", fix="write to a new file name")
