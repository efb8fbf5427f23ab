"""Exact and near-duplicate clusters: syndicated wire copies, determinism, threshold."""

import pandas as pd

from framing import load_corpus
from framing.corpus import find_duplicates
from framing.corpus.dedup import jaccard, shingles


def _by_file(corpus):
    return corpus.set_index(corpus["source_path"].str.rsplit("/", n=1).str[-1])


def test_rewritten_wire_copies_form_one_cluster(corpus_fixtures):
    corpus = _by_file(load_corpus(corpus_fixtures / "wire"))
    original = corpus.loc["reuters_original.txt"]
    assert original["is_canonical"] and original["dup_cluster"] == original["doc_id"]  # earliest published
    for name in ("worldnews_copy.txt", "dailyherald_rewrite.txt"):
        copy = corpus.loc[name]
        assert copy["dup_cluster"] == original["doc_id"] and not copy["is_canonical"]
        assert copy["dup_kind"] == "near" and 0.6 <= copy["dup_similarity"] < 1
    other = corpus.loc["other_grain_story.txt"]
    assert other["is_canonical"] and other["dup_cluster"] == other["doc_id"] and other["dup_kind"] == ""


def test_confirmation_uses_exact_jaccard_threshold(corpus_fixtures):
    corpus = load_corpus(corpus_fixtures / "wire", dedup=False)
    strict = _by_file(find_duplicates(corpus, threshold=0.8))
    assert strict.loc["worldnews_copy.txt", "dup_kind"] == "near"  # Jaccard 0.85
    assert strict.loc["dailyherald_rewrite.txt", "is_canonical"]  # Jaccard 0.66 < 0.8: not merged
    texts = _by_file(corpus)["text"]
    sim = jaccard(shingles(texts["reuters_original.txt"]), shingles(texts["worldnews_copy.txt"]))
    assert strict.loc["worldnews_copy.txt", "dup_similarity"] == round(sim, 4)


def test_clusters_do_not_depend_on_input_order(corpus_fixtures):
    corpus = load_corpus(corpus_fixtures / "wire", dedup=False)
    extra = pd.DataFrame({"doc_id": ["e1", "e2"], "text": ["Exact copy of a story.", "exact copy of a STORY"],
                          "published": pd.to_datetime([None, None], utc=True)})
    corpus = pd.concat([corpus[["doc_id", "text", "published"]], extra], ignore_index=True)
    forward = find_duplicates(corpus).set_index("doc_id")
    backward = find_duplicates(corpus.iloc[::-1]).set_index("doc_id")
    cols = ["dup_cluster", "is_canonical", "dup_kind", "dup_similarity"]
    pd.testing.assert_frame_equal(forward[cols].sort_index(), backward[cols].sort_index())
    assert forward.loc["e2", ["dup_cluster", "dup_kind"]].tolist() == ["e1", "exact"]


def test_press_releases_mostly_unique():
    corpus = load_corpus("press-releases")
    assert corpus["is_canonical"].sum() >= 1780
    assert (corpus.loc[corpus["is_canonical"], "dup_cluster"] == corpus.loc[corpus["is_canonical"], "doc_id"]).all()
