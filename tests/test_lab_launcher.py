"""Issue 22.7: `framing lab --port P` never moves to another port than the URL it prints, and the
token is passed in the environment, never on a command line (where `ps` shows it to every user)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from framing import lab

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def home(tmp_path, monkeypatch) -> Path:
    root = tmp_path / "home"
    shutil.copytree(REPO / "notebooks", root / "notebooks", ignore=shutil.ignore_patterns("scratch", ".*"))
    (root / "data").symlink_to(REPO / "data", target_is_directory=True)
    monkeypatch.setenv("FRAMING_HOME", str(root))
    monkeypatch.setenv("FRAMING_REPORTS", str(root / "reports"))
    return root


def test_a_taken_port_is_a_clear_error_and_nothing_starts(home, tmp_path):
    env = {**os.environ, "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime")}
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        try:  # a subprocess: a Lab that started anyway must not replace the test process
            proc = subprocess.run([sys.executable, "-m", "framing.lab", "--port", str(port)], env=env,
                                  capture_output=True, text=True, timeout=60)
        except subprocess.TimeoutExpired as exc:
            pytest.fail(f"Lab started although port {port} is taken: {exc.stdout}")
    assert proc.returncode == 4, proc.stdout + proc.stderr
    assert f"--port {port}: the port is taken on 127.0.0.1" in proc.stderr and "pass another --port" in proc.stderr
    assert "token" not in proc.stdout


def test_jupyter_is_told_not_to_try_other_ports():
    assert "--ServerApp.port_retries=0" in lab.lab_command("notebooks", port=8890)


def _cmdlines() -> list[str]:
    out = []
    for proc in Path("/proc").glob("[0-9]*"):
        try:
            out.append((proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace"))
        except OSError:
            pass
    return out


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads other processes' command lines from /proc")
def test_lab_serves_the_printed_url_and_the_token_is_in_no_command_line(home, tmp_path):
    port = lab.free_port(0)
    env = {**os.environ, "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"), "PYTHONUNBUFFERED": "1"}
    env.pop("JUPYTER_TOKEN", None)
    proc = subprocess.Popen([sys.executable, "-m", "framing.lab", "--port", str(port)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        line = ""
        while "JupyterLab:" not in line:
            line = proc.stdout.readline()
            assert line or proc.poll() is None, "framing lab exited before printing its URL"
        url = line.split("JupyterLab:", 1)[1].strip()
        assert url.startswith(f"http://127.0.0.1:{port}/lab/?token=")
        token = url.split("token=", 1)[1]
        status = f"http://127.0.0.1:{port}/api/status"
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(f"{status}?token={token}", timeout=2) as resp:
                    assert resp.status == 200
                    break
            except (urllib.error.URLError, ConnectionError):
                assert proc.poll() is None and time.monotonic() < deadline, "Lab did not start"
                time.sleep(0.5)
        with pytest.raises(urllib.error.HTTPError):  # the token is needed
            urllib.request.urlopen(status, timeout=5)
        assert not [c for c in _cmdlines() if token in c]
    finally:
        proc.terminate()
        proc.wait(timeout=30)
