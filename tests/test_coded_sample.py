"""The coded-sample steps, and the coded_sample_report notebook run end to end with papermill on small data."""

from __future__ import annotations

import pandas as pd
import pytest

from framing import load_corpus
from framing.coded_sample import load_measure, majority_codes, measure_term_precision, measure_vs_codes
from framing.errors import InputError, ParameterError
from framing.lexicons import load_lexicons
from framing.match import find_matches
from framing.validate import draw_sample, read_codes, write_coding_sheet


def _coded_sample(folder, corpus_path, n=10):
    """Draw a sample of the corpus, and fill two coders' sheets: both follow the kit except that
    the second disagrees on the first item and both call the last no-hit item a concession."""
    corpus = load_corpus(corpus_path)
    sample = draw_sample(corpus, find_matches(corpus, load_lexicons(["concession"])), n, "concession", "concession")
    sheet, key = write_coding_sheet(sample, folder / "sheet.csv", ["concession"])
    blank = pd.read_csv(sheet)
    truth = sample["kit_concession"].to_numpy().copy()
    truth[len(truth) - 1 - list(truth[::-1]).index(0)] = 1
    paths = []
    for coder, flip in (("ann", 0), ("bob", 1)):
        filled = blank.assign(concession=truth, coder=coder)
        filled.loc[0, "concession"] = (filled.loc[0, "concession"] + flip) % 2
        filled.to_csv(folder / f"{coder}.csv", index=False)
        paths.append(folder / f"{coder}.csv")
    return key, paths


def test_steps_on_a_small_corpus(tmp_path, mini_corpus):
    key_path, sheets = _coded_sample(tmp_path, mini_corpus)
    corpus = load_corpus(mini_corpus)
    units, column, record = load_measure(corpus, "lexicon:concession")
    assert column == "concession_hit" and record["name"] == "concession" and len(record["sha256"]) == 64
    key = pd.read_csv(key_path)
    coded = majority_codes(key, read_codes(sheets, ["concession"]), "concession")
    assert len(coded) == len(key) - 1  # the tie (1 vs 0 on the first item) is left out
    scores = measure_vs_codes(coded, units, column, "concession", n_boot=20)
    assert scores.loc[0, "precision"] == 1.0 and scores.loc[0, "recall"] < 1.0
    terms = measure_term_precision(coded, "lexicon:concession", "concession")
    assert (terms["precision"] == 1.0).all() and terms["n"].sum() >= 1
    assert measure_term_precision(coded, "labels:x.csv", "concession").empty


def test_measure_names_are_checked(tmp_path, mini_corpus):
    corpus = load_corpus(mini_corpus)
    with pytest.raises(ParameterError, match="measure"):
        load_measure(corpus, "dictionary:concession")
    with pytest.raises(ParameterError, match="labels_source"):
        load_measure(corpus, f"labels:{tmp_path / 'x.csv'}")
    (tmp_path / "l.csv").write_text("doc_id,sent_id,label\nnone,0,1\n")
    src = {"tool": "t", "model": "m", "version": "1", "prompt_sha256": "none"}
    with pytest.raises(InputError, match="have no label"):
        load_measure(corpus, f"labels:{tmp_path / 'l.csv'}", labels_source=src)


def test_external_labels_as_the_measure(tmp_path, mini_corpus):
    corpus = load_corpus(mini_corpus)
    units, _, _ = load_measure(corpus, "lexicon:concession")
    units[["doc_id", "sent_id"]].assign(prob=0.25).to_csv(tmp_path / "l.csv", index=False)
    src = {"tool": "t", "model": "m", "version": "1", "prompt": "p"}
    labelled, column, record = load_measure(corpus, f"labels:{tmp_path / 'l.csv'}", labels_source=src)
    assert column == "labels_pred" and (labelled[column] == 0).all() and record["kind"] == "external labels"


@pytest.mark.slow
def test_report_notebook_runs(tmp_path, reports, mini_corpus):
    from framing import run_report

    key, sheets = _coded_sample(tmp_path, mini_corpus)
    result = run_report("coded_sample_report", {"corpus": str(mini_corpus), "coded_key": str(key),
                                                "coded_sheets": [str(p) for p in sheets], "n_boot": 50})
    assert result.status == "ok", result.error
    assert [f["id"] for f in result.manifest["figures"]] == ["naive-vs-corrected"]
    assert {t["id"] for t in result.manifest["tables"]} >= {"agreement", "agreement-per-category", "measure-vs-codes",
                                                            "term-precision", "naive-vs-corrected", "measure"}
    estimates = pd.read_csv(result.run_dir / "tables" / "naive-vs-corrected.csv")
    assert set(estimates["method"]) == {"naive", "coded", "corrected"}
    assert "outlet=Herald B - outlet=Daily A" in set(estimates["estimand"])
    measure = pd.read_csv(result.run_dir / "tables" / "measure.csv")
    assert measure.loc[0, "kind"] == "lexicon" and len(measure.loc[0, "sha256"]) == 64
