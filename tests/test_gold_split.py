"""The tuning/held-out split of the gold sets is fixed: the stored files are what the rule gives."""

import pandas as pd
import pytest

from framing.errors import ParameterError
from framing.gold_split import SPLITS, compute_split, gold_part, split_file, split_gold


@pytest.mark.parametrize("name", sorted(SPLITS))
def test_stored_split_is_reproduced(name):
    stored = pd.read_csv(split_file(name), dtype=str)
    again = compute_split(name).astype(str)
    pd.testing.assert_frame_equal(stored, again)


def test_split_is_balanced_within_strata():
    table = pd.read_csv(split_file("concession_v2.csv")).merge(pd.read_csv(
        split_file("concession_v2.csv").parents[1] / "concession_v2.csv"), on="item")
    for _, cell in table.groupby(["stratum", "concession", "negated", "hedged"]):
        held = (cell["part"] == "heldout").sum()
        assert held in (len(cell) // 2, (len(cell) + 1) // 2)


def test_split_ignores_text_and_row_order():
    t = pd.DataFrame({"item": list("abcdefgh"), "label": [1, 1, 1, 0, 0, 0, 0, 1], "text": list("12345678")})
    one = split_gold(t, ["item"], ["label"])
    shuffled = t.sample(frac=1, random_state=3).assign(text="changed")
    assert split_gold(shuffled, ["item"], ["label"]).sort_index().tolist() == one.tolist()


def test_parts_partition_the_set():
    tune, held = gold_part("concession_v2.csv", "tune"), gold_part("concession_v2.csv", "heldout")
    assert len(tune) + len(held) == len(gold_part("concession_v2.csv", "all"))
    assert not set(tune["item"]) & set(held["item"])
    assert len(gold_part("concession_dev.csv", "heldout")) == 0
    with pytest.raises(ParameterError):
        gold_part("concession_v2.csv", "test")


def test_translations_share_one_split():
    """The Russian and Ukrainian translations of concession_dev.csv (same items) are split alike, so no
    sentence is tuned on in one language and held out in the other."""
    ru = pd.read_csv(split_file("concession_dev_ru.csv"))
    uk = pd.read_csv(split_file("concession_dev_uk.csv"))
    pd.testing.assert_frame_equal(ru, uk)
    held = gold_part("concession_dev_ru.csv", "heldout")
    assert 0 < len(held) < 350 and held["concession"].sum() >= 5


@pytest.mark.parametrize("stem", ["concession_v2_tune", "concession_v2_tune_neg"])
@pytest.mark.parametrize("language", ["ru", "uk"])
def test_tuning_translations_come_from_the_tuning_part_only(language, stem):
    """concession_v2_tune_LANG.csv and concession_v2_tune_neg_LANG.csv (tuning data made by translation) hold
    only tuning-part items of concession_v2.csv with their labels, none of the held-out news translations, and
    are all tuning."""
    tuned = gold_part(f"{stem}_{language}.csv", "all")
    v2_tune = gold_part("concession_v2.csv", "tune").set_index("item")
    assert set(tuned["item"]) <= set(v2_tune.index)
    assert not set(tuned["item"]) & set(gold_part(f"concession_v2_heldout_{language}.csv", "all")["item"])
    labels = ["concession", "negated", "hedged"]
    pd.testing.assert_frame_equal(tuned.set_index("item")[labels], v2_tune.loc[tuned["item"], labels],
                                  check_names=False)
    assert (v2_tune.loc[tuned["item"], "text"] == tuned.set_index("item")["text_en"]).all()
    assert len(gold_part(f"{stem}_{language}.csv", "heldout")) == 0


def test_hard_negatives_are_new_items_coded_none():
    for language in ("ru", "uk"):
        negs = gold_part(f"concession_v2_tune_neg_{language}.csv", "all")
        assert len(negs) == 50 and not negs[["concession", "negated", "hedged"]].any().any()
        assert not set(negs["item"]) & set(gold_part(f"concession_v2_tune_{language}.csv", "all")["item"])


def _shingles(texts) -> set[str]:
    """Every 50-character stretch of each text (white space collapsed, lower case)."""
    out = set()
    for text in texts:
        t = " ".join(str(text).split()).lower()
        out |= {t[i:i + 50] for i in range(max(1, len(t) - 49))}
    return out


def test_corpus_tuning_set_is_all_tuning_and_shares_no_text_with_the_other_sets():
    """concession_corpus_tune.csv (coded for tuning) holds no sentence that shares 50 characters with
    any sentence of concession_v2.csv or concession_dev.csv: nothing held out is tuned on twice over."""
    corpus = gold_part("concession_corpus_tune.csv", "all")
    assert len(gold_part("concession_corpus_tune.csv", "heldout")) == 0
    assert corpus["concession"].sum() >= 50 and corpus["item"].is_unique
    gold = pd.concat([gold_part("concession_v2.csv", "all"), gold_part("concession_dev.csv", "all")])
    assert not _shingles(corpus["text"]) & _shingles(gold["text"])


@pytest.mark.parametrize("language", ["ru", "uk"])
def test_corpus_tuning_translations_hold_no_held_out_item(language):
    """concession_corpus_tune_LANG.csv (tuning data made by translating concession_corpus_tune.csv) holds
    only items of that all-tuning set with their labels and English text, every one of its concession
    sentences, is all tuning, and shares no item id and no text with any held-out part: the concession_v2
    held-out part and its translations, and the held-out part of concession_dev_LANG.csv."""
    tuned = gold_part(f"concession_corpus_tune_{language}.csv", "all")
    corpus = gold_part("concession_corpus_tune.csv", "all").set_index("item")
    assert tuned["item"].is_unique and set(tuned["item"]) <= set(corpus.index)
    labels = ["concession", "negated", "hedged"]
    pd.testing.assert_frame_equal(tuned.set_index("item")[labels], corpus.loc[tuned["item"], labels], check_names=False)
    assert (corpus.loc[tuned["item"], "text"] == tuned.set_index("item")["text_en"]).all()
    assert tuned["concession"].sum() == corpus["concession"].sum()
    assert len(gold_part(f"concession_corpus_tune_{language}.csv", "heldout")) == 0
    held = pd.concat([gold_part("concession_v2.csv", "heldout"), gold_part(f"concession_v2_heldout_{language}.csv", "all"),
                      gold_part(f"concession_dev_{language}.csv", "heldout")])
    assert not set(tuned["item"]) & set(held["item"])
    assert not set(tuned["text"]) & set(held["text"]) and not set(tuned["text_en"]) & set(held["text"])
    assert not set(tuned["text_en"]) & set(held.get("text_en", pd.Series(dtype=str)).dropna())


def test_synthetic_tuning_set_is_all_tuning_labelled_and_shares_no_text_with_the_gold_sets():
    """concession_synthetic_tune.csv (sentences written by a language model from the codebook) is all
    tuning, marked synthetic, and shares no 50 characters with concession_v2.csv or concession_dev.csv."""
    synthetic = gold_part("concession_synthetic_tune.csv", "all")
    assert len(gold_part("concession_synthetic_tune.csv", "heldout")) == 0
    assert synthetic["item"].is_unique and set(synthetic["source"]) == {"synthetic"}
    assert ((synthetic["stratum"] == "synthetic-positive") == (synthetic["concession"] == 1)).all()
    assert not (synthetic["negated"] > synthetic["concession"]).any()
    assert 0.3 <= synthetic["concession"].mean() <= 0.5
    gold = pd.concat([gold_part("concession_v2.csv", "all"), gold_part("concession_dev.csv", "all")])
    assert not _shingles(synthetic["text"]) & _shingles(gold["text"])


@pytest.mark.parametrize("stem", ["concession_synthetic_tune", "concession_synthetic_tune9"])
@pytest.mark.parametrize("language", ["ru", "uk"])
def test_synthetic_tuning_sets_share_no_text_with_held_out_parts(language, stem):
    """concession_synthetic_tune_LANG.csv and concession_synthetic_tune9_LANG.csv (round 9), written in LANG and
    labelled by a language model (not translated), are all tuning, 30-50% concession, and share no 50-character
    stretch and no item id with any held-out Russian/Ukrainian sentence (the news translations and the held-out part of concession_dev_LANG.csv)."""
    synthetic = gold_part(f"{stem}_{language}.csv", "all")
    assert len(gold_part(f"{stem}_{language}.csv", "heldout")) == 0
    assert synthetic["item"].is_unique and (synthetic["source"] == "synthetic").all()
    assert 0.3 <= synthetic["concession"].mean() <= 0.5
    assert not (synthetic["negated"] & ~synthetic["concession"]).any()
    held = pd.concat([gold_part(f"concession_v2_heldout_{lang}.csv", "all") for lang in ("ru", "uk")]
                     + [gold_part(f"concession_dev_{lang}.csv", "heldout") for lang in ("ru", "uk")])
    shared = len(_shingles(synthetic["text"]) & _shingles(held["text"]))  # a count: held-out text is never printed
    assert shared == 0
    assert len(set(synthetic["item"]) & set(held["item"])) == 0


@pytest.mark.parametrize("language", ["ru", "uk"])
def test_translated_english_tuning_sentences_come_from_tuning_only_sets(language):
    """concession_en_tune_translated_LANG.csv (issue 21 rounds 7-8) is all tuning; each item is an item of the English
    tuning-only sets or of concession_v2.csv's tuning part with its labels carried over, none is in the other ru/uk
    translations of those sets, and it shares no 50-character stretch and no item id with any held-out Russian/Ukrainian sentence."""
    name = f"concession_en_tune_translated_{language}.csv"
    table = gold_part(name, "all")
    assert len(gold_part(name, "heldout")) == 0 and table["item"].is_unique
    english = pd.concat([gold_part(f, "all") for f in ("concession_synthetic_tune.csv", "concession_corpus_tune.csv")]
                        + [gold_part("concession_v2.csv", "tune")])  # round 8: tuning-part items of concession_v2 too
    joined = table.merge(english, on="item", suffixes=("", "_en_set"))
    assert len(joined) == len(table)
    assert (joined["text_en"] == joined["text_en_set"]).all()
    for label in ("concession", "negated", "hedged"):
        assert (joined[label] == joined[f"{label}_en_set"]).all()
    for other in ("concession_corpus_tune", "concession_v2_tune", "concession_v2_tune_neg"):
        assert not set(table["item"]) & set(gold_part(f"{other}_{language}.csv", "all")["item"])
    held = pd.concat([gold_part(f"concession_v2_heldout_{lang}.csv", "all") for lang in ("ru", "uk")]
                     + [gold_part(f"concession_dev_{lang}.csv", "heldout") for lang in ("ru", "uk")])
    assert not set(table["item"]) & set(held["item"])
    shared = len(_shingles(table["text"]) & _shingles(held["text"]))  # a count: held-out text is never printed
    assert shared == 0
