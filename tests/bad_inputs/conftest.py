"""Fixtures for the bad-input suite: every case writes reports into its own temporary folder."""

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def reports(tmp_path, monkeypatch) -> Path:
    out = tmp_path / "reports"
    monkeypatch.setenv("FRAMING_REPORTS", str(out))
    return out
