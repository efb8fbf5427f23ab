"""Term diagnostics: shares per group, leave-one-term-out comparisons, per-term precision."""

import textwrap

import pandas as pd
import pytest

from framing.diagnostics import leave_one_term_out, most_hit_terms, term_precision, term_shares
from framing.gold_split import gold_part
from framing.lexicons import load_lexicon
from framing.match import find_matches
from framing.metrics import score
from framing.stats import compare_groups

CORPUS = pd.DataFrame({
    "doc_id": list("abcdef"),
    "outlet": ["x", "x", "x", "y", "y", "y"],
    "text": ["I would like it. It would be. We may go.", "It would rain, it would.", "Would they? It may.",
             "It may rain.", "They may go and would stay.", "Nothing at all here today."],
})


def lexicon(tmp_path, terms):
    path = tmp_path / f"h{len(terms)}.yaml"
    path.write_text(textwrap.dedent(f"""\
        name: h
        version: 0.1.0
        description: test
        categories:
          modal: {{terms: {terms}}}
        """), encoding="utf-8")
    return load_lexicon(path)


def test_shares_sum_to_one_per_group_and_count_affirmed_hits(tmp_path):
    lex = lexicon(tmp_path, ["would", "may"])
    matches = find_matches(CORPUS, [lex])
    shares = term_shares(matches, CORPUS, "outlet", "h")
    assert shares.groupby("group")["share"].sum().round(9).tolist() == [1.0, 1.0]
    scores = score(CORPUS, [lex]).merge(CORPUS[["doc_id", "outlet"]], on="doc_id")
    assert shares.groupby("group")["hits"].sum().tolist() == scores.groupby("outlet")["h_count"].sum().tolist()
    assert most_hit_terms(matches, "h", 1) == ["would"]


def test_leave_one_term_out_equals_scoring_without_the_term(tmp_path):
    full, without = lexicon(tmp_path, ["would", "may"]), lexicon(tmp_path, ["may"])
    scores = score(CORPUS, [full]).merge(CORPUS[["doc_id", "outlet"]], on="doc_id")
    loto = leave_one_term_out(scores, find_matches(CORPUS, [full]), "outlet", "h", terms=["would"], n_boot=300)
    direct = compare_groups(score(CORPUS, [without]).merge(CORPUS[["doc_id", "outlet"]], on="doc_id"),
                            "outlet", ["h"], n_boot=300)
    row = loto.iloc[0]
    assert row["diff_without"] == pytest.approx(direct["diff"].iloc[0])
    assert row["diff_low_without"] == pytest.approx(direct["diff_low"].iloc[0])
    assert row["diff"] > 0 > row["diff_without"] and row["flips_sign"] and row["flag"]


def test_a_term_that_does_not_carry_the_difference_is_not_flagged(tmp_path):
    lex = lexicon(tmp_path, ["would", "may", "nothing"])
    scores = score(CORPUS, [lex]).merge(CORPUS[["doc_id", "outlet"]], on="doc_id")
    loto = leave_one_term_out(scores, find_matches(CORPUS, [lex]), "outlet", "h", terms=["nothing"], n_boot=300)
    assert not loto["flag"].any()
    assert loto["diff_without"].iloc[0] > loto["diff"].iloc[0]


def test_term_precision_on_a_coded_sample():
    gold = gold_part("concession_dev.csv", "tune")
    table = term_precision(gold, "hedging", "hedged")
    assert (table["tp"] <= table["n"]).all() and table["precision"].between(0, 1).all()
    assert table["n"].is_monotonic_decreasing
