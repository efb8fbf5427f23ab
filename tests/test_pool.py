"""framing.pool: one meaning of `jobs` (0 = one per CPU, negative = error) in every entry point."""

import os

import pandas as pd
import pytest

from framing import load_lexicons, score
from framing.cli import main
from framing.errors import ParameterError
from framing.pool import FORKS, process_pool, resolve_jobs
from framing.report.batch import run_batch
from framing.scale import score_chunks

CPUS = os.cpu_count() or 1
_PARENT_ONLY: dict = {}


def _parent_only_value():
    return _PARENT_ONLY.get("value")


def _remember(value):
    _PARENT_ONLY["value"] = value


@pytest.mark.parametrize("jobs,expected", [(0, CPUS), (1, 1), (2, 2)])
def test_resolve_jobs(jobs, expected):
    assert resolve_jobs(jobs) == expected


@pytest.mark.parametrize("bad", [-1, -8, 1.5, "2", True, None])
def test_resolve_jobs_refuses_what_is_not_a_number_of_processes(bad):
    with pytest.raises(ParameterError, match=r"`jobs` got .*0 = one per CPU"):
        resolve_jobs(bad)
    with pytest.raises(ParameterError, match="`workers`"):
        resolve_jobs(bad, "workers")


@pytest.mark.slow  # starts fresh worker processes
def test_a_fresh_worker_sees_the_current_environment_but_not_the_parents_memory(monkeypatch):
    monkeypatch.setenv("FRAMING_POOL_PROBE", "set after import")
    monkeypatch.setitem(_PARENT_ONLY, "value", 42)
    with process_pool(1) as pool:
        assert pool.submit(os.getenv, "FRAMING_POOL_PROBE").result() == "set after import"
        assert pool.submit(_parent_only_value).result() is None
        assert pool.submit(os.getpid).result() != os.getpid()


@pytest.mark.skipif(not FORKS, reason="fork is available on Linux only")
def test_an_inheriting_worker_sees_the_parents_memory(monkeypatch):
    monkeypatch.setitem(_PARENT_ONLY, "value", 42)
    with process_pool(1, inherit=True) as pool:
        assert pool.submit(_parent_only_value).result() == 42


@pytest.mark.skipif(not FORKS, reason="fork is available on Linux only")
def test_an_inheriting_worker_freezes_what_it_inherited_and_runs_the_initializer():
    import gc

    with process_pool(1, _remember, ("set by the initializer",), inherit=True) as pool:
        assert pool.submit(gc.get_freeze_count).result() > 0  # no collection of the worker writes to those pages
        assert pool.submit(_parent_only_value).result() == "set by the initializer"
    assert gc.get_freeze_count() == 0  # the parent's collector is left as it was


@pytest.mark.slow  # starts fresh worker processes
def test_process_pool_runs_the_initializer_and_refuses_negative_jobs():
    with process_pool(2, _remember, ("set by the initializer",)) as pool:
        assert {pool.submit(_parent_only_value).result() for _ in range(4)} == {"set by the initializer"}
    with pytest.raises(ParameterError, match="`jobs` got -1"):
        process_pool(-1)


@pytest.fixture(scope="module")
def corpus():
    texts = ["Kyiv may not cede land.", "Moscow insisted on a truce.", "It would be possible.", "Peace talks."]
    n = max(4 * CPUS, 8)  # enough documents that jobs=0 really uses a pool
    return pd.DataFrame({"doc_id": [f"d{i}" for i in range(n)], "text": [texts[i % 4] for i in range(n)]})


@pytest.fixture(scope="module")
def lexicons():
    return load_lexicons(["hedging", "concession"])


def test_score_jobs_0_1_2_agree_and_negative_is_an_error(corpus, lexicons):
    one = score(corpus, lexicons, jobs=1)
    assert score(corpus, lexicons, jobs=0).equals(one)
    assert score(corpus, lexicons, jobs=2).equals(one)
    with pytest.raises(ParameterError, match="`jobs` got -1"):
        score(corpus, lexicons, jobs=-1)


@pytest.mark.slow  # starts fresh worker processes
def test_score_chunks_jobs_0_and_1_agree_and_negative_is_an_error(corpus, lexicons):  # jobs=2: test_scale
    chunks = [corpus.iloc[i:i + 3] for i in range(0, len(corpus), 3)]
    one = pd.concat(score_chunks(chunks, lexicons, jobs=1), ignore_index=True)
    pd.testing.assert_frame_equal(pd.concat(score_chunks(chunks, lexicons, jobs=0), ignore_index=True), one)
    with pytest.raises(ParameterError, match="`jobs` got -1"):
        list(score_chunks(chunks, lexicons, jobs=-1))


@pytest.mark.slow  # starts fresh worker processes
def test_cli_score_jobs_0_equals_jobs_1(tmp_path, mini_corpus):
    outs = {}
    for jobs in ("1", "0"):
        outs[jobs] = tmp_path / f"scores-{jobs}.csv"
        assert main(["score", str(mini_corpus), "--id-col", "id", "--jobs", jobs, "--out", str(outs[jobs])]) == 0
    assert outs["0"].read_bytes() == outs["1"].read_bytes()


def test_cli_score_negative_jobs_exits_4(tmp_path, mini_corpus, capsys):
    assert main(["score", str(mini_corpus), "--id-col", "id", "--jobs", "-1", "--out", str(tmp_path / "x.csv")]) == 4
    assert "`jobs` got -1" in capsys.readouterr().err
    assert not (tmp_path / "x.csv").exists()


def test_batch_negative_jobs_is_an_error_before_anything_runs(tmp_path, reports, mini_corpus, capsys):
    batch = tmp_path / "b.yaml"
    batch.write_text(f"notebook: framing_report\nparameters: {{corpus: {mini_corpus}}}\nruns: [{{seed: 1}}]\n")
    with pytest.raises(ParameterError, match="`jobs` got -1"):
        run_batch(batch, jobs=-1)
    assert main(["batch", str(batch), "--jobs", "-1"]) == 4
    assert "`jobs` got -1" in capsys.readouterr().err
    assert not reports.exists()


def test_map_chunks_gives_results_in_order_for_any_run_size():
    from framing.pool import map_chunks

    items = list(range(103))
    for size in (1, 7, 50, 200):
        parts = map_chunks(sum, items, jobs=2, size=size)
        assert len(parts) == -(-103 // size)
        assert sum(parts) == sum(items)
        assert parts[0] == sum(items[:size])


def test_languages_detected_in_processes_equal_one_process():
    import pandas as pd

    from framing.match.languages import document_languages

    texts = ["Talks resumed in Geneva.", "Переговоры возобновились в Женеве.", "Переговори відновилися в Женеві.",
             "", "1234"] * 500
    given = ["", None, "Ukrainian", None, "RU"] * 500
    corpus = pd.DataFrame({"text": texts, "language": given})
    one = document_languages(corpus, jobs=1)
    assert document_languages(corpus, jobs=2) == one
    assert one[:5] == ["en", "ru", "uk", "und", "ru"]
