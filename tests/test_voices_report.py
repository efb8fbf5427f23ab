"""The voices report notebook end to end on the small fixture corpus."""

import pandas as pd
import pytest

import framing
from framing import run_report

pytestmark = pytest.mark.slow


def test_voices_report_figures_and_tables(reports, mini_corpus):
    result = run_report("voices_report", {"corpus": str(mini_corpus), "n_boot": 100})
    assert result.status == "ok", result.error
    ids = [fig["id"] for fig in result.manifest["figures"]]
    assert ids[:3] == ["voice-split", "rates-by-voice", "group-differences"] and "keyness" in ids and "cooccurrence" in ids
    assert "time-series" in ids
    split = pd.read_csv(result.run_dir / "tables" / "voice-split.csv")
    corpus = framing.load_corpus(str(mini_corpus))
    matches = framing.find_matches(corpus, framing.load_lexicons(["hedging", "concession", "security"]))
    assert split["count"].sum() + split["negated"].sum() == len(matches)  # every hit has exactly one voice
    assert split["count"].sum() == (~matches["negated"]).sum()  # affirmed hits, as score counts them
    kwic_table = pd.read_csv(result.run_dir / "tables" / "kwic.csv", keep_default_na=False)
    assert set(kwic_table["voice"]) <= {"source"}
