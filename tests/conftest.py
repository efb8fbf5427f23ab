"""Shared fixtures (paths to small test inputs, a reports folder per test) and the kernel guard.

The kernel guard keeps ``make test-fast`` fast: every Jupyter kernel any test starts (in this
process, in a worker process or in a ``framing`` subprocess) is recorded, and a test that starts
one without the ``slow`` marker fails. It works by putting, first on ``JUPYTER_PATH``, a copy of
each installed kernelspec whose command records the start and then runs the real kernel command.
"""

import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"

_RECORDER = """\
import os, sys
log = os.environ.get("FRAMING_TEST_KERNEL_LOG")
if log:
    with open(log, "a", encoding="utf-8") as fh:
        fh.write(" ".join(sys.argv[1:]) + "\\n")
argv = sys.argv[1:]
if argv[0] in ("python", "python%d" % sys.version_info[0], "python%d.%d" % sys.version_info[:2]):
    argv[0] = sys.executable  # as jupyter_client does for a kernelspec that says "python"
os.execvp(argv[0], argv)
"""
_GUARD: dict[str, Path] = {}
_STARTS_BEFORE = pytest.StashKey[int]()


def pytest_configure(config):
    from jupyter_client.kernelspec import KernelSpecManager

    home = Path(tempfile.mkdtemp(prefix="framing-kernel-guard-"))
    recorder = home / "record_kernel_start.py"
    recorder.write_text(_RECORDER, encoding="utf-8")
    for name, spec_dir in KernelSpecManager().find_kernel_specs().items():
        spec = json.loads((Path(spec_dir) / "kernel.json").read_text(encoding="utf-8"))
        argv = spec["argv"]
        if len(argv) > 1 and argv[1].endswith(recorder.name):  # a guard's copy already (a nested pytest)
            argv = argv[2:]
        spec["argv"] = [sys.executable, str(recorder), *argv]
        (home / "kernels" / name).mkdir(parents=True)
        (home / "kernels" / name / "kernel.json").write_text(json.dumps(spec), encoding="utf-8")
    log = home / "kernel-starts.log"
    log.touch()
    _GUARD.update(home=home, log=log)
    os.environ["JUPYTER_PATH"] = os.pathsep.join(filter(None, [str(home), os.environ.get("JUPYTER_PATH")]))
    os.environ["FRAMING_TEST_KERNEL_LOG"] = str(log)
    os.environ["FRAMING_CACHE"] = str(home / "cache")  # (the kit's cache, framing.paths.cache_dir: not the user's)


def pytest_unconfigure(config):
    if "home" in _GUARD:
        shutil.rmtree(_GUARD["home"], ignore_errors=True)


def _kernel_starts() -> int:
    return len(_GUARD["log"].read_text(encoding="utf-8").splitlines())


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    item.stash[_STARTS_BEFORE] = _kernel_starts()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if call.when != "call" or item.get_closest_marker("slow") or _STARTS_BEFORE not in item.stash:
        return
    started = _kernel_starts() - item.stash[_STARTS_BEFORE]
    if started:
        report.outcome = "failed"
        report.longrepr = (f"{item.nodeid} started {started} Jupyter kernel(s) but is not marked slow: "
                           "add @pytest.mark.slow (or a module-level pytestmark) so that `make test-fast` "
                           "stays fast" + (f"\n\n{report.longrepr}" if report.longrepr else ""))


@pytest.fixture
def mini_corpus() -> Path:
    """Six short hand-written articles (JSONL: id, title, outlet, date, text) in two outlets."""
    return FIXTURES / "mini_corpus.jsonl"


@pytest.fixture
def mixed_languages() -> Path:
    """Twelve short hand-written articles, four each in Russian, Ukrainian and English (JSONL: id,
    title, outlet, date, text; no language field); uk4 ends with an English quotation."""
    return FIXTURES / "mixed_languages.jsonl"


@pytest.fixture(scope="session")
def mini_report(tmp_path_factory):
    """``(result, reports folder, parameters)``: framing_report run once for the session on mini_corpus
    (n_boot 200, the default lexicons named), in a reports folder of its own. Tests only read it:
    test_report checks the run in full, test_lab the parameters injected into it."""
    from framing import run_report

    reports = tmp_path_factory.mktemp("mini-report") / "reports"
    params = {"corpus": str(FIXTURES / "mini_corpus.jsonl"), "n_boot": 200, "lexicons": ["hedging", "concession", "security"]}
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("FRAMING_REPORTS", str(reports))
        result = run_report("framing_report", params)
    return result, reports, params


@pytest.fixture
def reports(tmp_path, monkeypatch) -> Path:
    """A fresh reports folder, so report tests never touch the project's reports/."""
    out = tmp_path / "reports"
    monkeypatch.setenv("FRAMING_REPORTS", str(out))
    return out
