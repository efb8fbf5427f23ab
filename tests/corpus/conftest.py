"""Fixtures for the corpus-loading tests (files under tests/fixtures/corpus/)."""

from pathlib import Path

import pytest

CORPUS_FIXTURES = Path(__file__).parent.parent / "fixtures" / "corpus"


@pytest.fixture
def corpus_fixtures() -> Path:
    """The folder of corpus-loading fixtures (HTML page, wire copies, expected bodies)."""
    return CORPUS_FIXTURES
