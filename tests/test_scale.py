"""Streaming and distributed scoring give exactly the in-memory result."""

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from framing import load_corpus, load_lexicons, score
from framing.errors import ParameterError
from framing.scale import score_chunks, score_dask, write_scores


@pytest.fixture(scope="module")
def sample():
    corpus = load_corpus("press-releases")
    return corpus.sample(120, random_state=1).reset_index(drop=True)[["doc_id", "text"]]


@pytest.fixture(scope="module")
def lexicons():
    return load_lexicons()


@pytest.fixture(scope="module")
def expected(sample, lexicons):
    return score(sample, lexicons)


def chunked(df, size):
    return [df.iloc[i:i + size] for i in range(0, len(df), size)]


@pytest.mark.parametrize("size,jobs", [(7, 1), (50, 1), pytest.param(13, 2, marks=pytest.mark.slow)])
def test_scores_do_not_depend_on_chunk_size_or_jobs(sample, lexicons, expected, size, jobs):
    got = pd.concat(score_chunks(chunked(sample, size), lexicons, jobs=jobs), ignore_index=True)
    pd.testing.assert_frame_equal(got, expected)


def test_jobs_must_not_be_negative(sample, lexicons):
    with pytest.raises(ParameterError, match="jobs"):
        list(score_chunks([sample], lexicons, jobs=-1))


def test_write_scores_streams_row_groups(tmp_path, sample, lexicons, expected):
    out = tmp_path / "scores.parquet"
    n = write_scores(score_chunks(chunked(sample, 40), lexicons), out)
    assert n == len(sample)
    assert pq.ParquetFile(out).num_row_groups == 3
    pd.testing.assert_frame_equal(pd.read_parquet(out), expected)
    csv = tmp_path / "scores.csv"
    write_scores(score_chunks(chunked(sample, 40), lexicons), csv)
    assert pd.read_csv(csv, dtype={"doc_id": str})["hedging_count"].tolist() == expected["hedging_count"].tolist()


def test_write_scores_leaves_no_partial_file_on_error(tmp_path, sample, lexicons):
    def broken():
        yield score(sample.iloc[:5], lexicons)
        raise RuntimeError("disk gone")

    out = tmp_path / "scores.parquet"
    with pytest.raises(RuntimeError):
        write_scores(broken(), out)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.slow  # imports dask
def test_dask_equals_pandas_synchronously(sample, lexicons, expected):
    import dask.dataframe as dd

    got = score_dask(dd.from_pandas(sample, npartitions=4), lexicons).compute(scheduler="sync")
    pd.testing.assert_frame_equal(got.reset_index(drop=True), expected)


@pytest.mark.slow  # a process pool
def test_cli_streaming_score_equals_in_memory(tmp_path, mini_corpus, lexicons):
    from framing.cli import main

    out = tmp_path / "scores.parquet"
    assert main(["score", str(mini_corpus), "--chunksize", "2", "--jobs", "2", "--out", str(out)]) == 0
    assert pq.ParquetFile(out).num_row_groups == 3
    table = pd.read_parquet(out)
    assert table.pop("status").eq("ok").all()  # the CLI adds each document's status (no row is lost)
    pd.testing.assert_frame_equal(table, score(load_corpus(mini_corpus), lexicons))


@pytest.mark.slow
def test_cli_dask_engine_on_local_cluster_equals_pandas(tmp_path, sample, lexicons, expected):
    """`framing score DIR --engine dask` starts a LocalCluster on loopback; results equal pandas."""
    from framing.cli import main

    src = tmp_path / "in"
    src.mkdir()
    for i, part in enumerate(chunked(sample, 40)):
        part.to_parquet(src / f"part-{i}.parquet", index=False)
    out = tmp_path / "out.parquet"
    assert main(["score", str(src), "--engine", "dask", "--jobs", "2", "--out", str(out)]) == 0
    got = pd.read_parquet(out)
    assert got.pop("status").eq("ok").all()
    pd.testing.assert_frame_equal(got, expected)


# --- CSV written a column at a time: the text pandas writes, for any table -----------------------
CSV_COLUMNS = {
    "ints": st.lists(st.integers(-5, 5000), min_size=3, max_size=3),
    "big": st.lists(st.integers(-2**63, 2**63 - 1), min_size=3, max_size=3),
    "floats": st.lists(st.floats(allow_nan=True, allow_infinity=True) | st.sampled_from([0.0, -0.0, 1e-05, 1e16, 0.1]),
                       min_size=3, max_size=3),
    "texts": st.lists(st.text(alphabet='ab ,"\r\n\u00e9\u0416\x00', max_size=4) | st.none(), min_size=3, max_size=3),
    "bools": st.lists(st.booleans(), min_size=3, max_size=3),
}


@settings(max_examples=120, deadline=None)
@given(st.lists(st.sampled_from(sorted(CSV_COLUMNS)), min_size=1, max_size=4).flatmap(
    lambda kinds: st.tuples(st.just(kinds), st.tuples(*(CSV_COLUMNS[k] for k in kinds)))), st.integers(0, 3),
    st.booleans(), st.sampled_from(["name", "a,b", "n_tokens"]))
def test_csv_text_is_what_pandas_writes(columns, rows, header, name):
    from framing.scale import csv_text

    kinds, values = columns
    table = pd.DataFrame({f"{name}{i}": pd.Series(v[:rows], dtype=object if k == "texts" else None)
                          for i, (k, v) in enumerate(zip(kinds, values))})
    assert csv_text(table, header) == table.to_csv(index=False, header=header, lineterminator="\n")


def test_csv_text_of_a_score_table_is_what_pandas_writes(expected):
    from framing.scale import csv_text

    table = expected.assign(status="ok")
    assert csv_text(table) == table.to_csv(index=False, lineterminator="\n")


def test_csv_text_formats_each_distinct_rate_once_and_counts_from_one_table():
    # a rate column is mostly 0.0: each distinct value (by its bits: -0.0 apart from 0.0) is
    # formatted once; counts come from one table of the strings of 0..4095
    from framing.scale import _int_strings, csv_text

    assert _int_strings()[[0, 7, 4095]].tolist() == [b"0", b"7", b"4095"]
    table = pd.DataFrame({"doc_id": list("abcdefg"), "n": [0, 4095, 3, 0, 12, 4095, 1],
                          "big": [4096, 0, 1, 2, 3, 4, 5],
                          "rate": [0.0, -0.0, 0.1, 0.0, 1e16, 5e-324, 0.1], "r32": np.array([0.5] * 7, dtype=np.float32)})
    assert csv_text(table) == table.to_csv(index=False, lineterminator="\n")


def test_csv_rows_put_together_a_block_at_a_time_are_what_pandas_writes(monkeypatch):
    # each column's cells as fixed-width bytes (a count below 10 one byte, a text in UTF-8), the
    # rows put together a few at a time (here about three rows a block)
    from framing import scale

    monkeypatch.setattr(scale, "_GRID_BYTES", 64)
    table = pd.DataFrame({"doc_id": ["a", "\u0416\u00e9", "", "long id " * 3, "b", "c", "d"],
                          "n": [0, 1, 9, 0, 2, 3, 4], "m": [10, 4095, 0, 1, 2, 3, 4],
                          "rate": [0.0, 1e-05, 123.456, -0.0, 0.0, 1e16, 0.1], "status": ["ok"] * 6 + ["repeated"]})
    assert scale._int_strings(1).dtype.itemsize == 1 and scale._int_strings(4)[[0, 4095]].tolist() == [b"0", b"4095"]
    assert scale.csv_text(table) == table.to_csv(index=False, lineterminator="\n")
    assert scale.csv_text(table, header=False) == table.to_csv(index=False, header=False, lineterminator="\n")


@pytest.mark.parametrize("mb,jobs", [(92.6, 2), (0.5, 2), (3, 2), (928.7, 2), (300, 16), (20, 3), (974, 16), (974, 8), (974, 64)])
def test_parts_make_whole_rounds_of_equal_tasks(tmp_path, mb, jobs):
    # a big JSONL file is cut into tasks of one size, a multiple of `jobs` of them (no worker left
    # idle at the end while another reads a full task), 8 MB at most and 32 MB / jobs at most
    # (memory at many jobs), 1 MB at least where it can
    from framing.corpus import formats
    from framing.scale import PART_MB, POOL_MB, _part_mb

    path = tmp_path / "big.jsonl"
    with open(path, "wb") as out:
        out.truncate(int(mb * formats.MB))  # (sparse: only its size is read)
    part = _part_mb(str(path), jobs)
    tasks = round(mb / part)
    assert abs(tasks * part - mb) < 1e-6 * mb and tasks % jobs == 0 and part <= min(PART_MB, max(1, POOL_MB / jobs))
    assert part >= 1 or tasks - jobs < mb  # (under 1 MB only to make the last round whole)


def test_a_file_is_planned_in_whole_rounds_of_tasks(tmp_path):
    from framing.corpus.audit import LoadReport
    from framing.corpus.load import _options, plan_tasks
    from framing.scale import _part_mb

    path = tmp_path / "c.jsonl"
    line = '{"id": "%06d", "text": "Talks may resume after the ceasefire, officials said on Monday."}\n'
    path.write_text("".join(line % i for i in range(36_000)), encoding="utf-8")  # about 3 MB
    plan = plan_tasks(path, _options(None, None, None, "", True, None, "raise", LoadReport()), 5000, _part_mb(str(path), 2))
    assert [task.index for task in plan.tasks] == [0, 1, 2, 3]  # (numbered in order: 0, 2, 4, 6 before)
