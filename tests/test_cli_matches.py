"""CLI contract of issue 4: `framing matches`, `framing score --level/--jobs` columns."""

import json

import pandas as pd

from framing.cli import main


def test_matches_writes_the_match_table_with_offsets(tmp_path, mini_corpus, capsys):
    out = tmp_path / "m.csv"
    assert main(["matches", str(mini_corpus), "--id-col", "id", "--lexicon", "hedging", "--lexicon", "security",
                 "--out", str(out)]) == 0
    m = pd.read_csv(out, keep_default_na=False)
    assert list(m.columns) == ["doc_id", "sent_id", "start", "end", "lexicon", "category", "subcategory", "term",
                               "matched_text", "negated"]
    texts = {json.loads(line)["id"]: json.loads(line)["text"] for line in mini_corpus.read_text().splitlines()}
    assert len(m) > 0 and set(m["lexicon"]) == {"hedging", "security"}
    for row in m.itertuples():
        assert texts[row.doc_id][row.start:row.end] == row.matched_text


def test_score_sentence_level_and_jobs(tmp_path, mini_corpus):
    doc, sent = tmp_path / "doc.csv", tmp_path / "sent.csv"
    assert main(["score", str(mini_corpus), "--id-col", "id", "--lexicon", "concession", "--jobs", "2",
                 "--out", str(doc)]) == 0
    assert main(["score", str(mini_corpus), "--id-col", "id", "--lexicon", "concession", "--level", "sentence",
                 "--out", str(sent)]) == 0
    d, s = pd.read_csv(doc), pd.read_csv(sent)
    assert list(d.columns[:5]) == ["doc_id", "n_tokens", "concession_count", "concession_negated", "concession_per_1k"]
    assert "concession.cede_count" in d.columns
    assert list(s.columns[:3]) == ["doc_id", "sent_id", "n_tokens"]
    totals = s.groupby("doc_id", sort=False)[["n_tokens", "concession_count"]].sum().reset_index()
    assert totals.equals(d[["doc_id", "n_tokens", "concession_count"]])
