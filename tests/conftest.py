"""Shared fixtures: paths to small test inputs, and a reports folder per test."""

from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def mini_corpus() -> Path:
    """Six short hand-written articles (JSONL: id, title, outlet, date, text) in two outlets."""
    return FIXTURES / "mini_corpus.jsonl"


@pytest.fixture
def reports(tmp_path, monkeypatch) -> Path:
    """A fresh reports folder, so report tests never touch the project's reports/."""
    out = tmp_path / "reports"
    monkeypatch.setenv("FRAMING_REPORTS", str(out))
    return out
