"""framing.corpus.summary: the one corpus description, documents per month, input files, duplicates."""

import pandas as pd
import pytest

from framing import load_corpus
from framing.corpus.dedup import normalised_hash
from framing.corpus.summary import corpus_summary, documents_per_month, duplicate_clusters, input_files


def test_corpus_overview_tables(mini_corpus):
    docs = load_corpus(str(mini_corpus))
    summary = corpus_summary(docs)
    assert summary["documents"].sum() == len(docs) == 6 and set(summary["outlet"]) == {"Daily A", "Herald B"}
    assert summary["tokens"].gt(0).all() and summary["empty_texts"].eq(0).all()
    by_file = corpus_summary(docs, ["source_path", "outlet"])
    assert list(by_file.columns[:2]) == ["source_path", "outlet"] and by_file["documents"].sum() == 6
    files = input_files(str(mini_corpus), docs)
    assert files[["file", "documents"]].values.tolist() == [["mini_corpus.jsonl", 6]]
    months = documents_per_month(docs)
    assert months["documents"].sum() == 6 and months.groupby("month").size().eq(2).all()  # zero-filled


def test_exact_duplicates_are_dedups_definition():
    docs = pd.DataFrame({"doc_id": ["a", "b", "c"], "text": ["Talks resume.", "TALKS, resume!", "Talks resumed."],
                         "outlet": "x", "title": "", "published": None})
    dupes = duplicate_clusters(docs)
    assert dupes["doc_id"].tolist() == ["a", "b"] and dupes["cluster"].nunique() == 1
    assert normalised_hash(docs["text"][0]) == normalised_hash(docs["text"][1]) != normalised_hash(docs["text"][2])


def test_loader_clusters_are_used_when_present(mini_corpus):
    docs = load_corpus(str(mini_corpus))
    assert duplicate_clusters(docs).empty
    doubled = pd.concat([docs, docs.assign(doc_id=docs["doc_id"] + "x", text=docs["text"].str.upper())])
    dupes = duplicate_clusters(doubled.drop(columns=["dup_cluster", "dup_kind", "dup_similarity"], errors="ignore"))
    assert len(dupes) == 12 and dupes["cluster"].nunique() == 6


def test_summary_per_file_and_outlet_counts_what_was_loaded():
    corpus = load_corpus("press-releases")
    summary = corpus_summary(corpus, ["source_path", "outlet"])
    assert summary["outlet"].tolist() == ["kremlin.ru", "president.gov.ua"]
    assert summary["documents"].tolist() == corpus.groupby("outlet").size().tolist()
    assert summary["documents"].sum() == len(corpus) > 1500
    assert summary["characters"].sum() == corpus["text"].str.len().sum()
    assert str(summary["first"].min()) == "2021-10-24"


def test_language_table_counts_documents_per_language(mixed_languages):
    from framing.corpus.summary import LANGUAGE_COLUMNS, language_table

    table = language_table(load_corpus(str(mixed_languages)))
    assert list(table.columns) == LANGUAGE_COLUMNS
    assert table[["language", "documents", "detected", "from_input"]].values.tolist() == [
        ["en", 4, 4, 0], ["ru", 4, 4, 0], ["uk", 4, 4, 0]]
    assert table["share"].sum() == pytest.approx(1.0, abs=0.01) and table["tokens"].gt(0).all()
    given = load_corpus(pd.DataFrame({"text": ["Talks resumed.", "Переговоры идут."], "lang": ["en", ""]}))
    assert language_table(given)[["language", "detected", "from_input"]].values.tolist() == [["en", 0, 1], ["ru", 1, 0]]
