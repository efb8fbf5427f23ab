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


def main(argv: list[str] | None = None) -> int:
    """``python -m framing.lab [NOTEBOOK] [-p NAME VALUE ...]``: the same as ``framing lab ...``."""
    return cli_main(["lab", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    raise SystemExit(main())
