"""A kernel that cannot start (one of its ports was taken between jupyter_client's pick and the
kernel's bind) ran no cell: the run starts it again instead of failing."""

import socket

import pytest
from jupyter_client.provisioning.local_provisioner import LocalPortCache

from framing import run_report

pytestmark = pytest.mark.slow


def test_a_kernel_whose_port_is_taken_is_started_again(reports, tiny, monkeypatch, caplog):
    """The tiny notebook: what is tested is the kernel start, not what the notebook computes."""
    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen()  # held for the whole run: a kernel given this port dies before it answers
    real = LocalPortCache.find_available_port
    picks: list[int] = []

    def first_pick_is_taken(self, ip):
        picks.append(taken.getsockname()[1] if not picks else real(self, ip))
        return picks[-1]

    monkeypatch.setattr(LocalPortCache, "find_available_port", first_pick_is_taken)
    try:
        result = run_report(tiny)
    finally:
        taken.close()
    assert result.status == "ok", result.error
    assert len(picks) == 10  # five ports for the kernel that died, five for the one that ran
    assert "starting it again (2 of 3)" in caplog.text


def test_the_kernel_start_timeout_is_the_runs_own(reports, tiny, monkeypatch):
    """papermill's 60 s default for a kernel's first answer failed runs on a busy machine; the
    runner gives papermill its own, longer limit (the real papermill runs the notebook)."""
    import papermill

    from framing.report import run

    real = papermill.execute_notebook
    given: list[object] = []

    def recording(*args, **kwargs):
        given.append(kwargs.get("start_timeout"))
        return real(*args, **kwargs)

    monkeypatch.setattr(papermill, "execute_notebook", recording)
    result = run_report(tiny)
    assert result.status == "ok", result.error
    assert given == [run.KERNEL_START_TIMEOUT] and run.KERNEL_START_TIMEOUT >= 300
