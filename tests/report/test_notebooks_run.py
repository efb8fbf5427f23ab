"""The report notebooks end to end on small data: every figure has its table and an index entry."""

import json

import pandas as pd
import pytest

from framing import run_report

pytestmark = pytest.mark.slow


def check_run(result) -> dict:
    assert result.status == "ok", result.error
    manifest = result.manifest
    tables = {t["id"]: t for t in manifest["tables"]}
    index = json.loads((result.run_dir / "figures.json").read_text())
    assert [r["id"] for r in index] == [f["id"] for f in manifest["figures"]]
    for fig in manifest["figures"]:  # every plotted table is saved next to its figure
        assert fig["table"] in tables and (result.run_dir / tables[fig["table"]]["files"]["csv"]).is_file()
        for path in fig["files"].values():
            assert (result.run_dir / path).is_file()
    bib = (result.run_dir / "figures.bib").read_text()
    assert bib.count("@misc{") == len(manifest["figures"])
    html = (result.run_dir / "report.html").read_text(encoding="utf-8")
    assert all(f"Fig. {f['id']}." in html for f in manifest["figures"])
    return manifest


def test_corpus_overview(overview_of_mixed_languages):  # the run test_languages_report reads too
    manifest = check_run(overview_of_mixed_languages)
    assert [f["id"] for f in manifest["figures"]] == ["documents-per-month"]
    assert {t["id"] for t in manifest["tables"]} >= {"corpus-summary", "load-report", "input-files", "duplicates"}


def test_outlet_comparison(reports, mini_corpus):
    result = run_report("outlet_comparison", {"corpus": str(mini_corpus), "n_boot": 50})
    manifest = check_run(result)
    assert [f["id"] for f in manifest["figures"]] == ["rates-by-group", "rate-differences", "top-terms"]
    diffs = pd.read_csv(result.run_dir / "tables/rate-differences.csv")
    assert set(diffs["lexicon"]) == {"hedging", "concession", "security"}


def test_lexicon_validation(reports):
    result = run_report("lexicon_validation", {"max_sentences": 200, "n_boot": 50})
    manifest = check_run(result)
    scores = pd.read_csv(result.run_dir / "tables/validation-scores.csv")
    assert scores["lexicon"].tolist() == ["hedging", "concession", "hedges-list", "weasels-list"]
    assert (scores["n"] == 200).all()
    assert {e["parameter"] for e in manifest["inputs"]} == {"hedging_gold", "concession_gold", "hedges_list",
                                                             "weasels_list"}
