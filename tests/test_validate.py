import numpy as np
import pandas as pd
import pytest

import framing
from framing import load_lexicons
from framing.errors import InputError, ParameterError
from framing.paths import data_dir
from framing.validate import (
    agreement,
    draw_sample,
    errors_sample,
    krippendorff_alpha,
    precision_recall,
    prf,
    prf_intervals,
    read_codes,
    read_gold,
    term_precision,
    validate_gold_sets,
    validate_lexicon,
    wordlist_lexicon,
    write_coding_sheet,
)

NAN = np.nan


def test_alpha_textbook_values():
    # Krippendorff (2011), "Computing Krippendorff's alpha-reliability": binary data, 2 coders, 10 units
    assert krippendorff_alpha([[0, 1, 0, 0, 0, 0, 0, 0, 1, 0], [1, 1, 1, 0, 0, 1, 0, 0, 0, 0]]) == 0.095
    # the same paper: nominal data, 4 coders, 12 units with missing values
    data = [[1, 2, 3, 3, 2, 1, 4, 1, 2, NAN, NAN, NAN],
            [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, NAN, 3],
            [NAN, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, NAN],
            [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, NAN]]
    assert krippendorff_alpha(data) == 0.743
    assert krippendorff_alpha([["a", "b", "a"], ["a", "b", "a"]]) == 1.0
    # the other levels of the same example (framing.reliability; Krippendorff's book)
    assert [krippendorff_alpha(data, level=lv) for lv in ("ordinal", "interval", "ratio")] == [0.815, 0.849, 0.797]
    with pytest.raises(ParameterError, match="level"):
        krippendorff_alpha(data, level="circular")


@pytest.fixture(scope="module")
def press():
    full = framing.load_corpus("press-releases")
    corpus = full.groupby("outlet").head(30).reset_index(drop=True)
    matches = framing.find_matches(corpus, framing.load_lexicons(["hedging"]))
    return corpus, matches


def test_stratified_sample_is_reproducible_and_balanced(press):
    corpus, matches = press
    a = draw_sample(corpus, matches, n=40, code="hedged", lexicon="hedging", strata=["outlet"], seed=1)
    b = draw_sample(corpus, matches, n=40, code="hedged", lexicon="hedging", strata=["outlet"], seed=1)
    pd.testing.assert_frame_equal(a, b)
    assert len(a) == 40 and a["item_id"].is_unique
    assert a["stratum"].value_counts().tolist() == [10, 10, 10, 10]  # 2 hit levels x 2 outlets
    texts = dict(zip(corpus["doc_id"], corpus["text"]))
    for row in a.itertuples():
        assert texts[row.doc_id][row.start:row.end] == row.text
        has_hit = ((matches.doc_id == row.doc_id) & (matches.start >= row.start) & (matches.start < row.end)).any()
        assert row.kit_hedged == int(has_hit)
    # weights re-weight the sample to the corpus: they sum to the number of sentences
    n_sentences = sum(len(framing.text.sentence_spans(t)) for t in corpus["text"])
    assert a["weight"].sum() == pytest.approx(n_sentences)


def test_coding_sheet_is_blinded_and_codes_read_back(press, tmp_path):
    corpus, matches = press
    sample = draw_sample(corpus, matches, n=12, code="hedged", lexicon="hedging", seed=2)
    sheet, key = write_coding_sheet(sample, tmp_path / "sheet.csv", codes=["hedged"])
    blind = pd.read_csv(sheet)
    assert list(blind.columns) == ["item_id", "text", "hedged", "coder", "note"]
    assert "kit_hedged" in pd.read_csv(key).columns
    # two coders fill it in: coder A copies the kit, coder B disagrees on two items
    filled = []
    for name, flip in (("ann", 0), ("bob", 2)):
        sheet_df = blind.copy()
        values = sample["kit_hedged"].to_numpy().copy()
        values[:flip] = 1 - values[:flip]
        sheet_df["hedged"] = values
        sheet_df["coder"] = name
        path = tmp_path / f"{name}.csv"
        sheet_df.to_csv(path, index=False)
        filled.append(path)
    codes = read_codes(filled, ["hedged"])
    assert set(codes["coder"]) == {"ann", "bob"} and len(codes) == 24
    table = agreement(sample, codes, "hedged", n_boot=200).set_index("comparison")
    assert table.loc["kit+coders", "n_coders"] == 3 and table.loc["coders", "n_items"] == 12
    expected = krippendorff_alpha([codes[codes.coder == c].set_index("item_id").loc[sample.item_id, "value"]
                                   for c in ("ann", "bob")])
    assert round(table.loc["coders", "alpha"], 3) == expected
    assert table.loc["coders", "ci_low"] <= table.loc["coders", "alpha"] <= table.loc["coders", "ci_high"]
    prf = precision_recall(sample, codes, "hedged", gold="ann", n_boot=200).set_index("metric")
    assert prf.loc["precision", "value"] == 1.0 and prf.loc["recall", "value"] == 1.0
    prf_bob = precision_recall(sample, codes, "hedged", gold="bob", n_boot=200).set_index("metric")
    assert prf_bob.loc["f1", "value"] < 1.0 and prf_bob["fp"].iloc[0] + prf_bob["fn"].iloc[0] == 2


def test_read_codes_names_bad_values_with_line(tmp_path):
    path = tmp_path / "coder.csv"
    path.write_text("item_id,text,hedged\ni0001,x,1\ni0002,y,maybe\n")
    with pytest.raises(InputError, match=r"coder.csv:3: column 'hedged' holds 'maybe'"):
        read_codes(path, ["hedged"])
    path.write_text("item_id,text\ni0001,x\n")
    with pytest.raises(InputError, match="no column"):
        read_codes(path, ["hedged"])
    path.write_text("item_id,text,hedged\ni0001,x,1\ni0002,y,\n")
    codes = read_codes(path, ["hedged"])
    assert codes.to_dict("records") == [{"item_id": "i0001", "coder": "coder", "code": "hedged", "value": 1}]


def test_precision_recall_against_hand_counts():
    sample = pd.DataFrame({"item_id": list("abcdef"), "kit_c": [1, 1, 1, 0, 0, 0]})
    codes = pd.DataFrame({"item_id": list("abcdef"), "coder": "x", "code": "c", "value": [1, 1, 0, 1, 0, 0]})
    prf = precision_recall(sample, codes, "c", gold="x", n_boot=100).set_index("metric")["value"]
    assert prf["precision"] == pytest.approx(2 / 3) and prf["recall"] == pytest.approx(2 / 3)
    assert prf["f1"] == pytest.approx(2 / 3)
    with pytest.raises(ParameterError, match="gold"):
        precision_recall(sample, codes, "c", gold="nobody")


# --- one P/R/F1, and the gold-set validation of the lexicon-validation report ------------------

def test_prf_counts_and_undefined_scores_are_nan_never_zero():
    assert prf([1, 1, 1, 0], [1, 1, 0, 1]) == {"n": 4, "positives": 3, "tp": 2, "fp": 1, "fn": 1,
                                               "precision": 2 / 3, "recall": 2 / 3, "f1": 2 / 3}
    nothing = prf([0, 0], [0, 0])
    assert np.isnan(nothing["precision"]) and np.isnan(nothing["recall"]) and np.isnan(nothing["f1"])
    none_predicted = prf([1, 0], [0, 0])
    assert np.isnan(none_predicted["precision"]) and none_predicted["recall"] == 0 and none_predicted["f1"] == 0
    no_positives = prf([0, 0], [1, 0])
    assert no_positives["precision"] == 0 and np.isnan(no_positives["recall"]) and no_positives["f1"] == 0


def test_prf_intervals_cover_the_estimate_and_are_reproducible():
    rng = np.random.default_rng(3)
    gold, pred = rng.integers(0, 2, 200), rng.integers(0, 2, 200)
    ci = prf_intervals(gold, pred, n_boot=300, seed=1)
    point = prf(gold, pred)
    for name in ("precision", "recall", "f1"):
        assert ci[f"{name}_low"] <= point[name] <= ci[f"{name}_high"]
    assert ci == prf_intervals(gold, pred, n_boot=300, seed=1)


def test_gate_scores_use_the_same_prf():
    from framing.validate import bootstrap_prf, predict_sentences

    predicted = predict_sentences(["It may rain.", "It rains.", "Perhaps."], "hedging")
    assert predicted.tolist() == [True, False, True]
    expected = prf([1, 0, 0], predicted)
    got = bootstrap_prf(predicted, [1, 0, 0], n_boot=50)
    assert got["precision"] == round(expected["precision"], 4) and (got["tp"], got["fp"]) == (1, 1)


def gold_frame():
    return pd.DataFrame({"doc_id": ["s1", "s2", "s3", "s4"],
                         "text": ["Talks may resume.", "It might rain.", "The mayor spoke.", "They will probably sign."],
                         "gold": [1, 0, 0, 1]})


def test_validate_lexicon_scores_sentences_and_terms():
    result = validate_lexicon(gold_frame(), load_lexicons(["hedging"])[0], "toy", n_boot=200)
    assert result.sentences["predicted"].tolist() == [1, 1, 0, 1]  # "mayor" is not "may"
    assert (result.scores["tp"], result.scores["fp"], result.scores["fn"]) == (2, 1, 0)
    assert result.scores["precision_low"] <= result.scores["precision"] <= result.scores["precision_high"]
    terms = term_precision([result]).set_index("term")
    assert terms.loc["might", "precision"] == 0 and terms.loc["may", "precision"] == 1
    errors = errors_sample([result])
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


def test_wordlist_lexicon_is_read_as_lexicon_import_reads_it(tmp_path):
    from framing.lexicons.interchange import read_any

    path = tmp_path / "w.txt"
    path.write_text("% comment\nperhaps\n\nsort of\nperhaps\n")
    lex = wordlist_lexicon(path, "ref")
    assert lex.name == "ref" and lex.categories == {"terms": ("perhaps", "sort of")}
    assert lex.sha256 == read_any(path)[0].sha256  # one word-list import, one hash


def test_read_gold_names_bad_rows(tmp_path):
    path = tmp_path / "g.csv"
    path.write_text("text,label\nA,1\nB,yes\n")
    with pytest.raises(InputError) as err:
        read_gold(path, "label")
    assert err.value.line == 3 and "'yes'" in str(err.value)
    with pytest.raises(InputError, match="no column"):
        read_gold(path, "is_uncertain")
