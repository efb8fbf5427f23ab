"""iter_corpus streams the same corpus as load_corpus, in chunks."""

import pandas as pd
import pytest

from framing import iter_corpus, load_corpus
from framing.corpus import LoadReport
from framing.errors import ParameterError


def test_streamed_chunks_equal_the_whole_corpus(corpus_fixtures):
    inputs = [corpus_fixtures / "wire", corpus_fixtures / "article.html", "example-article"]
    report = LoadReport()
    chunks = list(iter_corpus(inputs, chunksize=2, report=report))
    assert [len(c) for c in chunks] == [2, 2, 2]
    streamed = pd.concat(chunks, ignore_index=True)
    whole = load_corpus(inputs)
    pd.testing.assert_frame_equal(streamed, whole, check_dtype=False)
    assert sum(f.read for f in report.files) == 6 and report.duplicates["near"] == 2


def test_streaming_without_dedup_follows_the_input():
    chunks = list(iter_corpus("press-releases", chunksize=700, dedup=False))
    assert [len(c) for c in chunks] == [700, 700, 396]
    assert "dup_cluster" not in chunks[0].columns
    assert pd.concat(chunks)["doc_id"].is_unique


def test_bad_chunksize():
    with pytest.raises(ParameterError, match="chunksize"):
        next(iter_corpus("example-article", chunksize=0))
