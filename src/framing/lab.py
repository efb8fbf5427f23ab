"""Explore in JupyterLab: start Lab on ``notebooks/`` (127.0.0.1, a token) and open a report
notebook with one parameter set applied (a copy made by :func:`framing.report.inject.parameterize`).

``framing lab [NOTEBOOK] [-p NAME VALUE ...]`` (or ``python -m framing.lab``) does both.
"""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

from .cli import main as cli_main
from .errors import ParameterError
from .paths import notebooks_dir
from .report.inject import parameterize
from .report.params import notebook_path


def lab_command(root: str | Path, open_path: str | Path | None = None, *, port: int = 0,
                token: str = "") -> list[str]:
    """The ``jupyter lab`` command line: 127.0.0.1 only, a token always (random if not given).

    >>> cmd = lab_command("notebooks", token="t0k")
    >>> "--ServerApp.ip=127.0.0.1" in cmd and "--IdentityProvider.token=t0k" in cmd
    True
    """
    cmd = [sys.executable, "-m", "jupyter", "lab", "--no-browser", f"--ServerApp.root_dir={root}",
           "--ServerApp.ip=127.0.0.1", f"--IdentityProvider.token={token or secrets.token_hex(24)}"]
    if port:
        cmd.append(f"--ServerApp.port={port}")
    if hasattr(os, "geteuid") and os.geteuid() == 0:  # containers and CI machines run as root
        cmd.append("--ServerApp.allow_root=True")
    if open_path:
        rel = Path(open_path).resolve().relative_to(Path(root).resolve()).as_posix()
        cmd.append(f"--LabApp.default_url=/lab/tree/{rel}")
    return cmd


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
    is stopped (Ctrl-C)."""
    if parameters and not notebook:
        raise ParameterError("parameters need a NOTEBOOK to apply to, e.g. `framing lab framing_report -p n_boot 200`")
    root = notebooks_dir()
    target = parameterize(notebook, parameters) if notebook else None
    port, token = port or free_port(), secrets.token_urlsafe(24)
    page = f"tree/{target.relative_to(root).as_posix()}" if target else ""
    if target:
        print(f"opening {target.relative_to(root)} (a parameterised copy; {notebook_path(notebook).name} is unchanged)")
    # Jupyter hides a token it did not make up itself, so the URL with the token is printed here.
    print(f"\n  JupyterLab: http://127.0.0.1:{port}/lab/{page}?token={token}\n", flush=True)
    return _run(lab_command(root, target, port=port, token=token))


def _run(cmd: list[str]) -> int:
    """Become Jupyter (POSIX), so Ctrl-C and signals reach the server and no orphan is left."""
    if os.name == "posix":
        sys.stdout.flush()
        os.execv(cmd[0], cmd)
    try:
        return subprocess.call(cmd)
    except KeyboardInterrupt:
        return 0


def main(argv: list[str] | None = None) -> int:
    """``python -m framing.lab [NOTEBOOK] [-p NAME VALUE ...]``: the same as ``framing lab ...``."""
    return cli_main(["lab", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    raise SystemExit(main())
