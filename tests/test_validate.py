import numpy as np
import pandas as pd
import pytest

import framing
from framing.errors import InputError, ParameterError
from framing.validate import (
    agreement,
    draw_sample,
    krippendorff_alpha,
    precision_recall,
    read_codes,
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
    with pytest.raises(ParameterError, match="level"):
        krippendorff_alpha(data, level="interval")


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
