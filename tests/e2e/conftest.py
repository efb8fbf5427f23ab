"""Browser fixtures: Debian's Chromium driven by Playwright, a JupyterLab server on 127.0.0.1.

Playwright's own browser download cannot reach its servers from these machines, so Chromium is
Debian's ``/usr/bin/chromium`` (``make test`` installs it with apt-get where it can). Where it or
Playwright is missing, every e2e test is skipped with the reason in the pytest summary and a
warning, never silently (``FRAMING_REQUIRE_BROWSER=1`` turns the skip into a failure).
A failing test leaves ``failure-<test>.png`` in its tmp folder.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import subprocess
import time
import urllib.request
import warnings
from pathlib import Path

import pytest

from framing.lab import free_port, lab_command, lab_environment

CHROMIUM = Path(os.environ.get("FRAMING_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"]
REPO = Path(__file__).resolve().parents[2]


def _why_no_browser() -> str:
    if not CHROMIUM.is_file():
        return (f"{CHROMIUM} is missing: install Debian's chromium (`make test` does it with apt-get as root; "
                "else `sudo apt-get install chromium`) to run the browser tests")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed: `pip install -e '.[test]'` (or `make test`)"
    return ""


@pytest.fixture(scope="session")
def browser():
    """A headless Debian Chromium (session-wide); skips every e2e test loudly when unavailable."""
    reason = _why_no_browser()
    if reason and os.environ.get("FRAMING_REQUIRE_BROWSER") == "1":
        pytest.fail(f"FRAMING_REQUIRE_BROWSER=1 but {reason}")
    if reason:
        warnings.warn(f"BROWSER TESTS SKIPPED: {reason}", stacklevel=1)
        pytest.skip(f"BROWSER TESTS SKIPPED: {reason}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS, headless=True)
        yield chromium
        chromium.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.when == "call":
        item.framing_failed = report.failed


@pytest.fixture
def page(browser, request, tmp_path):
    """A fresh browser page; on failure its screenshot goes to ``<tmp_path>/failure-<test>.png``."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    pg = context.new_page()
    pg.set_default_timeout(60_000)
    yield pg
    if getattr(request.node, "framing_failed", False):
        shot = tmp_path / f"failure-{request.node.name}.png"
        try:
            pg.screenshot(path=str(shot), full_page=True)
            print(f"screenshot of the failed page: {shot}")
        except Exception as exc:
            print(f"no screenshot: {exc}")
    context.close()


@pytest.fixture
def project_home(tmp_path, monkeypatch) -> Path:
    """A scratch project folder: the repo's data (linked), a copy of notebooks/, its own reports/.

    JupyterLab autosaves what it runs; working on a copy keeps the committed notebooks clean.
    """
    home = _scratch_home(tmp_path / "home")
    monkeypatch.setenv("FRAMING_HOME", str(home))
    monkeypatch.setenv("FRAMING_REPORTS", str(home / "reports"))
    return home


def _scratch_home(home: Path) -> Path:
    """``home`` made a scratch project folder: the repo's data (linked), a copy of notebooks/."""
    home.mkdir()
    (home / "data").symlink_to(REPO / "data", target_is_directory=True)
    shutil.copytree(REPO / "notebooks", home / "notebooks", ignore=shutil.ignore_patterns("scratch", ".*"))
    return home


@pytest.fixture(scope="session")
def report_once(browser, tmp_path_factory):
    """``report_once(docs, params)``: the framing_report run on a JSONL corpus of ``docs`` with
    ``params``, in a scratch project (as ``project_home``), run once per session for each identical
    request, so that tests which only open the same report in the browser share one kernel run.
    Needs the browser first: no report run when the browser is missing."""
    from framing import run_report

    runs: dict[tuple[str, str], object] = {}

    def run(docs: list[dict], params: dict):
        key = ("".join(json.dumps(d) + "\n" for d in docs), json.dumps(params, sort_keys=True))
        if key not in runs:
            home = _scratch_home(tmp_path_factory.mktemp("report-once") / "home")
            corpus = home / "corpus.jsonl"
            corpus.write_text(key[0], encoding="utf-8")
            with pytest.MonkeyPatch.context() as mp:
                mp.setenv("FRAMING_HOME", str(home))
                mp.setenv("FRAMING_REPORTS", str(home / "reports"))
                runs[key] = run_report("framing_report", {"corpus": str(corpus), **params})
        return runs[key]

    return run


@pytest.fixture
def jupyterlab(project_home, tmp_path):
    """A JupyterLab server on 127.0.0.1 (free port, token from the test) serving the scratch
    ``notebooks/``; yields its base URL and token, and stops it after the test."""
    port, token = free_port(0), secrets.token_hex(16)
    root = project_home / "notebooks"
    settings = tmp_path / "lab-settings"
    # Keep every cell in the page (no virtual scrolling), so the test sees all outputs.
    tracker = settings / "@jupyterlab" / "notebook-extension" / "tracker.jupyterlab-settings"
    tracker.parent.mkdir(parents=True)
    tracker.write_text(json.dumps({"windowingMode": "none"}))
    # No "get notified about Jupyter news?" toast over the page (and no fetch of the news feed).
    notification = settings / "@jupyterlab" / "apputils-extension" / "notification.jupyterlab-settings"
    notification.parent.mkdir(parents=True)
    notification.write_text(json.dumps({"fetchNews": "false", "checkForUpdates": False}))
    cmd = lab_command(root, port=port) + [
        f"--LabApp.user_settings_dir={settings}",
        f"--LabApp.workspaces_dir={tmp_path / 'lab-workspaces'}",
        "--LabApp.news_url=None"]
    env = {**lab_environment(token), "JUPYTER_RUNTIME_DIR": str(tmp_path / "jupyter-runtime")}
    log = open(tmp_path / "jupyterlab.log", "w")
    proc = subprocess.Popen(cmd, cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while True:
        try:
            with urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2) as resp:
                if resp.status == 200:
                    break
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            log.close()
            pytest.fail(f"JupyterLab did not start:\n{(tmp_path / 'jupyterlab.log').read_text()[-3000:]}")
        time.sleep(0.5)
    yield {"url": base, "token": token, "root": root, "log": tmp_path / "jupyterlab.log"}
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
    log.close()
