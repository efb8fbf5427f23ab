"""framing.report.data (what a report shows), framing.report.html, and the report tables of stats."""

import pandas as pd
import pytest

from framing import stats
from framing.errors import ParameterError
from framing.report.data import filter_dates, prepare
from framing.report.html import heading, lexicon_table


def test_prepare_joins_metadata_and_scores(mini_corpus):
    data = prepare(str(mini_corpus), ["hedging", "security"], "outlet")
    assert data.names == ["hedging", "security"] and len(data.scores) == len(data.corpus)
    assert {"outlet", "published", "n_tokens", "hedging_count"} <= set(data.scores.columns)
    assert "<td>hedging</td>" in lexicon_table(data.lexicons) and heading("a<b") == "<h1>a&lt;b</h1>"
    with pytest.raises(ParameterError, match="group_col"):
        prepare(str(mini_corpus), ["hedging"], "colour")


def test_filter_dates_includes_the_whole_last_day_and_names_bad_dates():
    docs = pd.DataFrame({"published": pd.to_datetime(["2022-02-23 23:00", "2022-02-24 18:00", "2022-02-25 01:00"],
                                                     utc=True)})
    assert len(filter_dates(docs, "2022-02-24", "2022-02-24")) == 1
    assert len(filter_dates(docs, "", "2022-02-24")) == 2
    with pytest.raises(ParameterError, match="'date_from' = '24/13/2022'"):
        filter_dates(docs, "24/13/2022")


def test_the_date_window_says_what_it_left_out_and_why(tmp_path):
    path = tmp_path / "c.jsonl"
    dates = ["2022-03-01", "2022-03-10", "2022-05-01", "", ""]  # two in the window, one after it, two undated
    path.write_text("".join(f'{{"id": "d{i}", "outlet": "o", "published": "{d}", "text": "Talks may resume soon, '
                            f'officials said. Story {i}."}}\n' for i, d in enumerate(dates)), encoding="utf-8")
    data = prepare(str(path), ["hedging"], "outlet", "2022-03-01", "2022-03-31")
    assert len(data.corpus) == 2
    assert data.window_note == ("The date window (2022-03-01 to 2022-03-31) left out 3 of 5 documents: "
                                "1 published outside it, 2 without a publication date.")
    assert prepare(str(path), ["hedging"], "outlet").window_note == ""  # no window: every document is in


def test_outlet_comparison_tables(mini_corpus):
    data = prepare(str(mini_corpus), ["hedging", "security"], "outlet")
    diffs = stats.compare_groups(data.scores, "outlet", data.names, n_boot=200)
    assert len(diffs) == 2 and (diffs["diff_low"] <= diffs["diff_high"]).all()
    terms = stats.top_terms(data.matches, data.scores, "outlet", n=2)
    assert terms.groupby(["lexicon", "group"]).size().max() <= 2
    may = data.matches.query("term == 'may'")
    assert terms.query("term == 'may'")["count"].sum() == (~may["negated"]).sum()  # affirmed, as score counts


def test_top_terms_counts_affirmed_hits_as_score_does():
    import framing

    corpus = pd.DataFrame({"doc_id": ["k"], "outlet": ["x"], "text": ["Kyiv will not cede land. Kyiv may cede land."]})
    lexicons = framing.load_lexicons(["concession"])
    matches = framing.find_matches(corpus, lexicons)
    scores = corpus[["doc_id", "outlet"]].merge(framing.score(corpus, lexicons), on="doc_id")
    terms = stats.top_terms(matches, scores, "outlet")
    assert terms["count"].sum() == scores["concession_count"].sum() == 1
    assert terms["negated"].sum() == scores["concession_negated"].sum() == 1


def test_canonical_only_counts_a_syndicated_story_once(tmp_path):
    """Issue 19: reports take `canonical_only`; the load report travels with the data."""
    import json

    from framing.report.data import prepare

    story = "Kyiv and Moscow may resume talks in Istanbul next week, officials said on Monday."
    rows = [{"id": "a", "outlet": "Wire", "text": story}, {"id": "b", "outlet": "Paper", "text": story},
            {"id": "c", "outlet": "Paper", "text": "Negotiators might meet again in the spring, an aide said."}]
    path = tmp_path / "wire.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    every = prepare(str(path), ["hedging"], "outlet")
    once = prepare(str(path), ["hedging"], "outlet", canonical_only=True)
    assert len(every.corpus) == 3 and len(once.corpus) == 2
    copy = every.corpus.loc[~every.corpus["is_canonical"], "doc_id"].tolist()
    assert len(copy) == 1 and copy[0] not in set(once.scores["doc_id"])
    per_doc = every.scores.set_index("doc_id")["hedging_count"]
    assert once.scores["hedging_count"].sum() == per_doc.sum() - per_doc[copy[0]]
    assert once.loading.files_table()["kept"].tolist() == [3]
