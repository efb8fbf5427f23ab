"""Library steps behind the corpus-overview, outlet-comparison and lexicon-validation notebooks."""

import numpy as np
import pandas as pd
import pytest

from framing import load_corpus, load_lexicons
from framing.errors import InputError, ParameterError
from framing.paths import data_dir
from framing.report_steps import (
    corpus_summary,
    documents_per_month,
    errors_sample,
    exact_duplicates,
    load_report,
    prepare,
    prf,
    rate_differences,
    read_gold,
    term_precision,
    top_terms,
    validate_gold_sets,
    validate_lexicon,
    wordlist_lexicon,
)


def test_prf_counts_and_undefined_scores():
    assert prf([1, 1, 1, 0], [1, 1, 0, 1]) == {"n": 4, "positives": 3, "tp": 2, "fp": 1, "fn": 1,
                                               "precision": 2 / 3, "recall": 2 / 3, "f1": 2 / 3}
    assert np.isnan(prf([0, 0], [0, 0])["precision"])


def gold_frame():
    return pd.DataFrame({"doc_id": ["s1", "s2", "s3", "s4"],
                         "text": ["Talks may resume.", "It might rain.", "The mayor spoke.", "They will probably sign."],
                         "gold": [1, 0, 0, 1]})


def test_validate_lexicon_scores_sentences_and_terms():
    result = validate_lexicon(gold_frame(), load_lexicons(["hedging"])[0], "toy", n_boot=200)
    assert result.sentences["predicted"].tolist() == [1, 1, 0, 1]  # "mayor" is not "may"
    assert (result.scores["tp"], result.scores["fp"], result.scores["fn"]) == (2, 1, 0)
    assert result.scores["precision_low"] <= result.scores["precision"] <= result.scores["precision_high"]
    terms = term_precision(result).set_index("term")
    assert terms.loc["might", "precision"] == 0 and terms.loc["may", "precision"] == 1
    errors = errors_sample(result)
    assert errors[["error", "doc_id", "matched"]].values.tolist() == [["false positive", "s2", "might"]]


def test_gold_sets_and_baselines_on_the_bundled_data():
    results = validate_gold_sets(["hedging", "concession"],
                                 {"hedging": str(data_dir() / "gold/wiki_uncertainty_dev.csv"),
                                  "concession": str(data_dir() / "gold/concession_dev.csv")},
                                 baselines={"hedges-list": str(data_dir() / "lexicon-refs/hedges_data.txt")},
                                 limit=300, n_boot=50)
    assert [(r.lexicon, r.gold_set) for r in results] == [
        ("hedging", "wiki_uncertainty_dev"), ("concession", "concession_dev"), ("hedges-list", "wiki_uncertainty_dev")]
    assert all(r.scores["n"] == 300 for r in results)
    with pytest.raises(ParameterError, match="no gold set for security"):
        validate_gold_sets(["security"], {})


def test_wordlist_lexicon_skips_comments(tmp_path):
    path = tmp_path / "w.txt"
    path.write_text("% comment\nperhaps\n\nsort of\nperhaps\n")
    lex = wordlist_lexicon(path, "ref")
    assert lex.categories == {"terms": ("perhaps", "sort of")} and len(lex.sha256) == 64


def test_read_gold_names_bad_rows(tmp_path):
    path = tmp_path / "g.csv"
    path.write_text("text,label\nA,1\nB,yes\n")
    with pytest.raises(InputError) as err:
        read_gold(path, "label")
    assert err.value.line == 3 and "'yes'" in str(err.value)
    with pytest.raises(InputError, match="no column"):
        read_gold(path, "is_uncertain")


def test_corpus_overview_steps(mini_corpus):
    docs = load_corpus(str(mini_corpus))
    summary = corpus_summary(docs)
    assert summary["documents"].sum() == len(docs) == 6 and set(summary["group"]) == {"Daily A", "Herald B"}
    files = load_report(str(mini_corpus), docs)
    assert files[["file", "documents"]].values.tolist() == [["mini_corpus.jsonl", 6]]
    months = documents_per_month(docs)
    assert months["documents"].sum() == 6 and months.groupby("month").size().eq(2).all()  # zero-filled
    assert exact_duplicates(docs).empty
    doubled = pd.concat([docs, docs.assign(doc_id=docs["doc_id"] + "x", text=docs["text"].str.upper())])
    dupes = exact_duplicates(doubled)
    assert len(dupes) == 12 and dupes["cluster"].nunique() == 6


def test_outlet_comparison_steps(mini_corpus):
    data = prepare(str(mini_corpus), ["hedging", "security"], "outlet", "", "")
    diffs = rate_differences(data.scores, "outlet", ["hedging", "security"], n_boot=200)
    assert len(diffs) == 2 and (diffs["ci_low"] <= diffs["ci_high"]).all()
    row = diffs.iloc[0]
    assert row["difference"] == pytest.approx(row["rate_a"] - row["rate_b"])
    terms = top_terms(data, "outlet", n=2)
    assert terms.groupby(["lexicon", "group"]).size().max() <= 2
    total = data.matches.merge(data.scores[["doc_id", "outlet"]], on="doc_id").query("term == 'may'")
    assert terms.query("term == 'may'")["count"].sum() == len(total)  # traceable to match rows
