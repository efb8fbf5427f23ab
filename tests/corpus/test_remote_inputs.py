"""Inputs named by URL, read through fsspec (framing.corpus.remote): memory:// in this process,
file:// for workers in other processes; the same tables as the plain path. Nothing reaches the network."""

from __future__ import annotations

import gzip
import importlib.util
import json
import pickle
import uuid

import fsspec
import fsspec.implementations.memory
import pandas as pd
import pytest

from framing import load_lexicons
from framing.cli import main
from framing.corpus import iter_corpus, load_corpus, load_corpus_with_report
from framing.corpus.formats import Limits, read_whole_text, split_text_table
from framing.corpus.remote import RemotePath, expand_url
from framing.errors import InputError
from framing.scale import score_inputs

LEXICONS = load_lexicons(["hedging", "security"])
BODY = ["Talks may resume next week, officials said.", "The ministry denied that security guarantees were offered.",
        "Negotiators could meet again in Istanbul, possibly on Tuesday."]
MEMORY = fsspec.filesystem("memory")


def _records(n: int = 80) -> list[dict]:
    out = [{"id": f"d{i}", "title": f"Story {i}", "text": f"KYIV (Reuters) - {BODY[i % 3]}\n\nAdvertisement\n\nItem {i}."}
           for i in range(n)]
    if n > 5:
        out[5]["text"] = ""  # an empty document keeps its row
    return out


def _jsonl(records: list[dict]) -> bytes:
    return "".join(json.dumps(r) + "\n" for r in records).encode("utf-8")


@pytest.fixture
def memory_dir():
    """A fresh folder in this process's memory:// filesystem (removed afterwards)."""
    root = f"/framing-test-{uuid.uuid4().hex[:8]}"
    yield root
    if MEMORY.exists(root):
        MEMORY.rm(root, recursive=True)


@pytest.fixture
def files(tmp_path):
    """The same raw inputs as local files (a JSONL, a CSV and a Parquet of several row groups)."""
    records = _records()
    (tmp_path / "a.jsonl").write_bytes(_jsonl(records))
    pd.DataFrame(records).to_csv(tmp_path / "b.csv", index=False)
    pd.DataFrame(records).to_parquet(tmp_path / "c.parquet", index=False, row_group_size=9)
    return tmp_path


def _scores(inputs, **kwargs) -> pd.DataFrame:
    return pd.concat(score_inputs(inputs, LEXICONS, **kwargs), ignore_index=True)


def test_memory_folder_glob_and_gzip(memory_dir, tmp_path):
    records = _records(6)
    MEMORY.pipe(f"{memory_dir}/news/a.jsonl", _jsonl(records[:3]))
    MEMORY.pipe(f"{memory_dir}/news/sub/b.jsonl.gz", gzip.compress(_jsonl(records[3:])))
    MEMORY.pipe(f"{memory_dir}/news/.hidden/c.jsonl", _jsonl(records[:1]))  # hidden: left out of a folder
    MEMORY.pipe(f"{memory_dir}/news/notes.bin", b"\x00\x01")  # unknown type: left out of a folder
    (tmp_path / "a.jsonl").write_bytes(_jsonl(records[:3]))
    with gzip.open(tmp_path / "b.jsonl.gz", "wb") as fh:
        fh.write(_jsonl(records[3:]))

    folder, report = load_corpus_with_report(f"memory://{memory_dir}/news", dedup=False)
    assert [(i["source"], i["action"]) for i in report.issues if i["reason"] == "unknown file type"] == [
        (f"memory://{memory_dir}/news/notes.bin", "file ignored")]
    glob = load_corpus(f"memory://{memory_dir}/news/**/*.jsonl*", dedup=False)
    local = load_corpus([str(tmp_path / "a.jsonl"), str(tmp_path / "b.jsonl.gz")], dedup=False)
    assert folder["source_path"].unique().tolist() == [f"memory://{memory_dir}/news/a.jsonl",
                                                       f"memory://{memory_dir}/news/sub/b.jsonl.gz"]
    pd.testing.assert_frame_equal(folder, glob)
    pd.testing.assert_frame_equal(folder.drop(columns="source_path"), local.drop(columns="source_path"))


def test_byte_ranges_of_a_remote_jsonl_are_those_of_the_local_file(memory_dir, files):
    url = f"memory://{memory_dir}/a.jsonl"
    MEMORY.pipe(url, (files / "a.jsonl").read_bytes())
    remote, = expand_url(url)
    parts = split_text_table(remote, "jsonl", 700)
    assert parts is not None and len(parts) > 5
    assert parts == split_text_table(files / "a.jsonl", "jsonl", 700)
    expected = _scores(str(files / "a.jsonl"))
    pd.testing.assert_frame_equal(_scores(url, part_mb=0.0007, chunksize=7), expected)
    assert len(expected) == len(_records())


def test_a_big_csv_file_url_is_cut_as_the_local_file(files):
    remote, = expand_url((files / "b.csv").as_uri())
    parts = split_text_table(remote, "csv", 700)
    assert parts is not None and len(parts) > 5 and parts == split_text_table(files / "b.csv", "csv", 700)


@pytest.mark.parametrize("name", ["b.csv", "c.parquet"])
def test_csv_and_parquet_over_a_url_give_the_local_table(memory_dir, files, name):
    url = f"memory://{memory_dir}/{name}"
    MEMORY.pipe(url, (files / name).read_bytes())
    pd.testing.assert_frame_equal(_scores(url, part_mb=0.0007, chunksize=7), _scores(str(files / name)))


def test_file_urls_match_plain_paths_in_the_cli(files, tmp_path, capsys):
    for command, name in (("score", "a.jsonl"), ("matches", "b.csv")):
        plain, url = tmp_path / f"plain-{command}.csv", tmp_path / f"url-{command}.csv"
        assert main([command, str(files / name), "--lexicon", "hedging", "--out", str(plain)]) == 0
        assert main([command, (files / name).as_uri(), "--lexicon", "hedging", "--out", str(url)]) == 0
        assert url.read_bytes() == plain.read_bytes()


def test_size_limits_hold_for_urls(memory_dir):
    bomb = f"memory://{memory_dir}/bomb.jsonl.gz"
    MEMORY.pipe(bomb, gzip.compress(b'{"text": "' + b"a" * (3 << 20) + b'"}\n'))
    with pytest.raises(InputError, match="expands to more than 1 MB"):
        list(iter_corpus(bomb, max_expand_mb=1))
    big = f"memory://{memory_dir}/big.txt"
    MEMORY.pipe(big, b"word " * 300_000)
    with pytest.raises(InputError, match="over the limit of 1 MB"):
        read_whole_text(expand_url(big)[0], Limits(max_doc_mb=1))


def test_a_remote_path_travels_to_workers_as_its_url():
    path = RemotePath("file:///tmp/news/a.jsonl.gz", 12)
    back = pickle.loads(pickle.dumps(path))
    assert (str(back), back.size, back.suffixes, back.name) == ("file:///tmp/news/a.jsonl.gz", 12, [".jsonl", ".gz"], "a.jsonl.gz")
    with pytest.raises(TypeError, match="is a URL, not a local path"):
        open(back, "rb")  # never the local file of the same name


def test_memory_files_another_process_cannot_see_are_a_clear_error():
    gone = RemotePath("memory:///framing-test-nowhere/a.jsonl")  # as a worker in another process sees it
    with pytest.raises(InputError, match="memory:// files live in one process"):
        gone.read_bytes()


@pytest.mark.skipif(importlib.util.find_spec("s3fs") is not None, reason="s3fs is installed")
def test_a_protocol_without_its_package_says_what_to_install(capsys):
    with pytest.raises(InputError, match=r"s3://bucket/news/\*\.jsonl: cannot read s3:// URLs.*install s3fs"):
        load_corpus("s3://bucket/news/*.jsonl")
    assert main(["score", "s3://bucket/news/*.jsonl", "--lexicon", "hedging"]) == 2
    err = capsys.readouterr().err
    assert "pip install s3fs" in err and "Traceback" not in err


def test_unknown_protocols_and_missing_urls_are_input_errors(memory_dir, tmp_path, capsys):
    with pytest.raises(InputError, match="unknown URL protocol 'nosuch'"):
        load_corpus("nosuch://x/a.jsonl")
    with pytest.raises(InputError, match="no such file"):
        load_corpus((tmp_path / "missing.jsonl").as_uri())
    with pytest.raises(InputError, match="matched no readable files"):
        load_corpus(f"memory://{memory_dir}/*.jsonl")
    assert main(["load", "nosuch://x/a.jsonl"]) == 2
    assert "Traceback" not in capsys.readouterr().err


@pytest.mark.slow  # a process pool and a Dask cluster
def test_engines_give_the_plain_path_table_for_urls(memory_dir, files):
    from dask.distributed import LocalCluster

    plain = str(files / "a.jsonl")
    expected = _scores(plain)
    MEMORY.pipe(f"{memory_dir}/a.jsonl", (files / "a.jsonl").read_bytes())
    urls = [(files / "a.jsonl").as_uri(), f"memory://{memory_dir}/a.jsonl"]  # memory://: forked workers inherit it
    for url in urls:
        pd.testing.assert_frame_equal(_scores(url, jobs=2, part_mb=0.0007, chunksize=7), expected)
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None) as cluster:
        for url in urls:  # workers in this process see memory:// too
            got = _scores(url, engine="dask", scheduler=cluster.scheduler_address, part_mb=0.0007, chunksize=7)
            pd.testing.assert_frame_equal(got, expected)


def test_file_urls_are_unquoted_and_never_the_output(tmp_path, capsys):
    path = tmp_path / "a b.jsonl"
    path.write_bytes(_jsonl(_records(3)))
    assert path.as_uri().endswith("a%20b.jsonl")
    assert load_corpus(path.as_uri(), dedup=False)["source_path"].tolist() == [f"file://{path}"] * 3
    assert main(["load", path.as_uri(), "--out", str(path)]) == 2  # the output would replace the input
    assert "is the input file" in capsys.readouterr().err


class _DroppingFileSystem(fsspec.implementations.memory.MemoryFileSystem):
    """memory:// whose files fail part-way through a read, as a dropped connection does."""

    protocol = "dropping"
    store: dict = {}
    pseudo_dirs = [""]

    @classmethod
    def _strip_protocol(cls, path):
        return super()._strip_protocol(str(path).replace("dropping://", "memory://", 1))

    def _open(self, path, mode="rb", **kwargs):
        handle = super()._open(path, mode, **kwargs)
        read = handle.read

        def failing(n=-1):
            if handle.tell() > 10:
                raise RuntimeError("connection reset by peer")
            return read(min(n, 20) if n >= 0 else 20)
        handle.read = failing
        return handle


def test_a_read_that_fails_midway_names_the_url(capsys):
    fsspec.register_implementation("dropping", _DroppingFileSystem, clobber=True)
    fs = fsspec.filesystem("dropping")
    fs.pipe("/news/a.jsonl", _jsonl(_records(3)))
    with pytest.raises(InputError, match=r"dropping:///news/a\.jsonl: cannot read the file \(RuntimeError: connection reset"):
        load_corpus("dropping://news/a.jsonl")
    assert main(["score", "dropping://news/a.jsonl", "--lexicon", "hedging"]) == 2
    assert "Traceback" not in capsys.readouterr().err
