"""`framing score --jobs 2`: a language fallback decided in a worker process comes out as the CLI's
one-line note, once per message, not as a raw Python warning."""

import io
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

LEXICONS = Path(__file__).parent / "fixtures" / "lexicons"


@pytest.mark.slow
def test_score_with_jobs_prints_fallbacks_as_notes(tmp_path):
    files = []
    for i, text in enumerate(["Киев не уступит территорию.", "Москва требует уступок.", "Київ не віддасть територію."]):
        files.append(tmp_path / f"doc{i}.txt")
        files[-1].write_text(text + "\n", encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "framing.cli", "score", *map(str, files), "--jobs", "2",
                          "--chunksize", "1", "--lexicon", str(LEXICONS / "yielding.yaml"),
                          "--lexicon", str(LEXICONS / "english_only.yaml")],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    assert len(pd.read_csv(io.StringIO(run.stdout))) == 3
    notes = [line for line in run.stderr.splitlines() if "version of lexicon(s) english_only" in line]
    assert notes == ["framing: note: no ru version of lexicon(s) english_only: their ru documents are matched with "
                     "the English version",
                     "framing: note: no uk version of lexicon(s) english_only: their uk documents are matched with "
                     "the English version"], run.stderr
    assert "Warning" not in run.stderr
