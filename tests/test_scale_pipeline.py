"""The per-partition pipeline: every stage in the workers, the same table for any jobs, chunk size,
task size and engine, and no row lost."""

from __future__ import annotations

import json
import unicodedata

import pandas as pd
import pytest

from framing import load_lexicons
from framing.cli import main
from framing.corpus import LoadReport, iter_corpus
from framing.corpus.formats import read_csv, split_text_table
from framing.corpus.ids import SeenIds
from framing.errors import InputError
from framing.scale import csv_text, score_chunks, score_csv, score_inputs

LEXICONS = load_lexicons(["hedging", "security"])
BODY = ["Talks may resume next week, officials said.", "The ministry denied that security guarantees were offered.",
        "Negotiators could meet again in Istanbul, possibly on Tuesday."]


def _records(n: int = 60) -> list[dict]:
    """Raw news-like records: boilerplate lines, datelines, NFD accents, repeats, empty and emptied documents."""
    out = []
    for i in range(n):
        text = "\n\n".join([BODY[i % 3], "Advertisement", BODY[(i + 1) % 3] + f" Item {i}."])
        if i % 4 == 0:
            text = "KYIV (Reuters) - " + text
        if i % 5 == 0:
            text = unicodedata.normalize("NFD", text + " Café résumé, «quoted».")
        if i % 6 == 0:
            text = text.replace("\n\n", "\n\"quoted\" line, with comma\n")
        out.append({"id": f"d{i}", "title": f"Story {i}", "text": text})
    out[7]["text"] = ""  # empty
    out[11]["text"] = "Advertisement"  # emptied by cleaning
    out[12]["text"] = "WASHINGTON (AP) --"  # a dateline only
    out.append(dict(out[3]))  # the same id and text again: a repeat, kept with its status
    out.append({"id": "", "title": "", "text": ""})  # no id, no text: an id from its place
    return out


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("raw")
    records = _records()
    (folder / "a.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    pd.DataFrame(records).to_csv(folder / "b.csv", index=False)
    pd.DataFrame(records).to_parquet(folder / "c.parquet", index=False, row_group_size=7)
    return folder


def _reference(path) -> pd.DataFrame:
    """Loaded whole in this process, then scored: the table every engine must give."""
    chunks = iter_corpus(str(path), chunksize=10_000, dedup=False, keep_all=True)
    return pd.concat(score_chunks(chunks, LEXICONS), ignore_index=True)


@pytest.mark.parametrize("name", ["a.jsonl", "b.csv", "c.parquet"])
@pytest.mark.parametrize("chunksize,part_mb", [(5, 0.002), (1000, 0.0005), (16, 100)])
def test_table_does_not_depend_on_chunks_or_parts(inputs, name, chunksize, part_mb):
    expected = _reference(inputs / name)
    got = pd.concat(score_inputs(str(inputs / name), LEXICONS, chunksize=chunksize, part_mb=part_mb),
                    ignore_index=True)
    pd.testing.assert_frame_equal(got, expected)
    assert len(got) == len(_records())  # one row per input record
    assert got["status"].value_counts().to_dict() == {"ok": 57, "emptied by cleaning": 2, "empty": 2, "repeated": 1}
    assert got["doc_id"].nunique() == len(got) - 1  # only the repeat shares an id


@pytest.mark.slow  # a process pool
def test_two_workers_give_the_same_table(inputs):
    for name in ("a.jsonl", "b.csv", "c.parquet"):
        expected = _reference(inputs / name)
        got = pd.concat(score_inputs(str(inputs / name), LEXICONS, jobs=2, chunksize=9, part_mb=0.001),
                        ignore_index=True)
        pd.testing.assert_frame_equal(got, expected)


@pytest.mark.parametrize("jobs", [1, pytest.param(2, marks=pytest.mark.slow)])  # (2: a process pool)
@pytest.mark.parametrize("level", ["doc", "sentence"])
def test_score_csv_is_the_csv_of_the_tables_with_the_workers_formatting_the_score_columns(tmp_path, monkeypatch, jobs, level):
    # with jobs > 1 each worker writes its tables' score columns as CSV and the parent adds each
    # row's settled doc_id and status; where an id needs CSV's quotes (some of the tasks here) the
    # parent writes the table itself: the same text either way, as the one process writing it gives
    from framing import scale

    records = _records()
    for r in records[30:34]:
        r["id"] += ', "quoted"'
    path = tmp_path / "a.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    table = pd.concat(score_inputs(str(path), LEXICONS, level=level), ignore_index=True)
    written = []
    monkeypatch.setattr(scale, "csv_text", lambda t, header=True: written.append(len(t)) or csv_text(t, header))
    chunks = list(score_csv(str(path), LEXICONS, level=level, jobs=jobs, part_mb=0.001))
    assert chunks[0].header + "".join(c.text for c in chunks) == csv_text(table)
    assert sum(c.rows for c in chunks) == len(table) and len(chunks) > 4
    parent = sum(written)  # rows the parent formatted (a table's header is written from none)
    assert parent == (len(table) if jobs == 1 else sum(c.rows for c in chunks if ', ""quoted""' in c.text))
    assert main(["score", str(path), "--level", level, "--jobs", str(jobs), "--out", str(tmp_path / "s.csv")]) == 0
    assert (tmp_path / "s.csv").read_text(encoding="utf-8") == csv_text(pd.concat(
        score_inputs(str(path), load_lexicons(), level=level), ignore_index=True))


def test_rows_a_worker_wrote_for_ids_that_need_quotes_never_reach_the_file(tmp_path, monkeypatch):
    # the worker writes a table's CSV rows only where every id is plain (scale._plain_ids); were it
    # to write them for an id with a comma, the parent stops rather than write a broken row
    from dataclasses import replace

    from framing import scale
    from framing.corpus.load import Settler, _options, plan_tasks
    from framing.errors import FramingError

    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps({"id": "a,1", "text": BODY[0]}) + "\n", encoding="utf-8")
    opts = _options(None, None, None, "", True, None, "raise", LoadReport(keep_removals=False), keep_all=True)
    plan = plan_tasks([path], opts, 100)
    load_opts = replace(opts, report=LoadReport(), seen=SeenIds(), sources={}, source_names=[], scoring_only=True)
    pipeline = scale.Pipeline(load_opts, tuple(LEXICONS), csv=True)
    assert scale.run_partition(plan.tasks[0], pipeline).rows == [None]  # (the id needs quotes: the parent writes it)
    monkeypatch.setattr(scale, "_plain_ids", lambda piece: True)
    partition = scale.run_partition(plan.tasks[0], pipeline)
    assert partition.rows[0] is not None
    with pytest.raises(FramingError, match="needs quotes"):
        list(scale._settle_csv(partition, Settler(opts), "doc"))


def _warm_after_loads_start(monkeypatch, tasks: int = 1) -> list:
    """The parent's warm-up made to end only once the first ``tasks`` tasks are being loaded ahead
    (so that the scoring pool scores them from their pipes, whatever the machine's load); returns
    the :class:`framing.scale._Ahead` of each run."""
    import time

    from framing import scale

    warm, made = scale._warm, []

    def slow_warm(pipeline, *languages):
        warm(pipeline, *languages)
        deadline = time.monotonic() + 120
        while made and not all(made[-1].started[:tasks]) and time.monotonic() < deadline:
            time.sleep(0.01)

    class Recorded(scale._Ahead):
        def __init__(self, *args):
            super().__init__(*args)
            made.append(self)

    monkeypatch.setattr(scale, "_warm", slow_warm)
    monkeypatch.setattr(scale, "_Ahead", Recorded)
    return made


@pytest.mark.slow  # process pools
def test_tasks_loaded_ahead_while_the_parent_warms_give_the_same_table(inputs, monkeypatch):
    """With two jobs, another process loads the first tasks while the parent compiles the lexicons;
    the scoring pool scores what it loaded. The tables are the same."""
    from framing import scale

    made = _warm_after_loads_start(monkeypatch, 2)
    for name in ("a.jsonl", "b.csv", "c.parquet"):
        expected = _reference(inputs / name)
        got = pd.concat(score_inputs(str(inputs / name), LEXICONS, jobs=2, chunksize=9, part_mb=0.001),
                        ignore_index=True)
        pd.testing.assert_frame_equal(got, expected)
        ahead = made[-1]
        assert len(ahead.started) == 4 and ahead.stop() >= {0, 1}  # four tasks a process; the first two loaded ahead
        assert all(p.exitcode == 0 for p in ahead.processes) and not scale._AHEAD_PIPES  # ended, pipes closed


@pytest.mark.slow  # process pools
def test_the_lexicons_are_read_once_the_first_tasks_are_being_loaded(inputs, monkeypatch):
    """A lazy iterable of lexicons (as the command line passes) is read after the loading
    processes started, so reading it runs alongside them; the table is the same."""
    made = _warm_after_loads_start(monkeypatch, 0)
    when: list[int] = []

    def lexicons():
        when.append(len(made))  # how many _Ahead had been started when the lexicons were read
        yield from LEXICONS

    got = pd.concat(score_inputs(str(inputs / "a.jsonl"), lexicons(), jobs=2, chunksize=9, part_mb=0.001),
                    ignore_index=True)
    pd.testing.assert_frame_equal(got, _reference(inputs / "a.jsonl"))
    assert when == [1]


@pytest.mark.slow  # process pools
def test_an_error_in_a_task_loaded_ahead_is_the_same_error(tmp_path, monkeypatch):
    path = tmp_path / "broken.jsonl"
    lines = [json.dumps({"id": f"d{i}", "text": BODY[i % 3]}) for i in range(300)]
    lines[5] = "{broken"  # in the first task, which is loaded ahead
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    made = _warm_after_loads_start(monkeypatch)
    with pytest.raises(InputError, match=r"broken\.jsonl:6: broken JSON"):
        list(score_inputs(str(path), LEXICONS, jobs=2, part_mb=0.001))
    assert 0 in made[0].stop()  # (the process keeps the problem with what it loaded; the parent raises it in order)


@pytest.mark.slow  # process pools
@pytest.mark.parametrize("how", ["raises", "raises what does not pickle", "dies"])
def test_a_load_ahead_that_fails_or_whose_process_dies_stops_the_run_with_its_error(tmp_path, monkeypatch, how):
    import os
    from concurrent.futures.process import BrokenProcessPool

    from framing import scale

    path = tmp_path / "a.jsonl"
    path.write_text("".join(json.dumps({"id": f"d{i}", "text": BODY[i % 3]}) + "\n" for i in range(300)),
                    encoding="utf-8")
    load_task = scale.load_task

    class Unpicklable(Exception):  # (a local class: pickle cannot find it again)
        pass

    def failing(task, *args):
        if task.index == 1 and how == "raises":
            raise RuntimeError("the disk went away")
        if task.index == 1 and how == "raises what does not pickle":
            raise Unpicklable("the disk went away")
        if task.index == 1:
            os._exit(3)
        return load_task(task, *args)

    monkeypatch.setattr(scale, "load_task", failing)  # (the processes fork: they see it)
    made = _warm_after_loads_start(monkeypatch, 2)
    expected = {"raises": (RuntimeError, "^the disk went away$"), "dies": (BrokenProcessPool, "ended before it sent it"),
                "raises what does not pickle": (RuntimeError, "could not be sent .*Unpicklable.*the disk went away")}
    with pytest.raises(expected[how][0], match=expected[how][1]):
        list(score_inputs(str(path), LEXICONS, jobs=2, part_mb=0.001))
    assert made[0].stop() >= {0, 1} and not scale._AHEAD_PIPES
    assert [p.exitcode for p in made[0].processes] == [3 if how == "dies" else 0]


def test_no_load_ahead_where_the_first_round_takes_every_task(tmp_path, monkeypatch):
    path = tmp_path / "a.jsonl"
    path.write_text("".join(json.dumps({"id": f"d{i}", "text": BODY[i % 3]}) + "\n" for i in range(40)), encoding="utf-8")
    made = _warm_after_loads_start(monkeypatch, 0)
    list(score_inputs(str(path), LEXICONS, jobs=2))  # one task
    assert made == []


def test_csv_parts_keep_quoted_newlines_whole(inputs):
    path = inputs / "b.csv"
    parts = split_text_table(path, "csv", 1500)
    assert parts is not None and len(parts) > 3
    whole = pd.concat([f for f, _ in read_csv(path, 10_000)], ignore_index=True).drop(columns="_row")
    pieces = pd.concat([f for p in parts for f, _ in read_csv(path, 10_000, part=p)], ignore_index=True)
    pd.testing.assert_frame_equal(pieces.drop(columns="_row"), whole)


def test_jsonl_parts_cut_at_the_first_line_end_after_each_part_size(tmp_path, monkeypatch):
    from framing.corpus import formats

    monkeypatch.setattr(formats, "PROBE_BYTES", 16)  # lines longer than a probe are read on to their end
    path = tmp_path / "a.jsonl"
    lines = [json.dumps({"id": f"d{i}", "text": BODY[i % 3] * (1 + i % 4)}) + "\n" for i in range(120)]
    path.write_text("".join(lines), encoding="utf-8")
    data = path.read_bytes()
    parts = split_text_table(path, "jsonl", 1000)
    assert parts is not None and len(parts) > 5
    ends = [i + 1 for i, b in enumerate(data) if b == 10]
    cut, expected = 0, []
    while True:  # the rule, from the bytes: the first line end at or after the previous cut + 1000
        later = [e for e in ends if e >= cut + 1000 and e < len(data)]
        if not later:
            break
        cut = later[0]
        expected.append(cut)
    assert [p.stop for p in parts[:-1]] == expected and parts[-1].stop == len(data)
    assert [p.start for p in parts] == [0, *expected]
    assert b"".join(data[p.start:p.stop] for p in parts) == data


def test_csv_with_a_quote_inside_a_field_is_read_whole(tmp_path):
    path = tmp_path / "odd.csv"
    path.write_text("id,text\n" + "".join(f'{i},He said "hi there\n' for i in range(200)), encoding="utf-8")
    assert split_text_table(path, "csv", 100) is None
    lone_cr = tmp_path / "cr.csv"
    lone_cr.write_bytes(b"id,text\r" + b"".join(b"%d,Talks may resume.\r" % i for i in range(200)))
    assert split_text_table(lone_cr, "csv", 100) is None


def test_line_numbers_count_from_the_start_of_the_file(tmp_path):
    path = tmp_path / "broken.jsonl"
    lines = [json.dumps({"id": f"d{i}", "text": BODY[i % 3]}) for i in range(300)]
    lines[250] = "{broken"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"broken\.jsonl:251: broken JSON"):
        list(score_inputs(str(path), LEXICONS, part_mb=0.001))
    report = LoadReport()
    list(iter_corpus(str(path), dedup=False, errors="skip", report=report))
    assert [(i["line"], i["reason"]) for i in report.issues] == [(251, "broken record")]


def test_a_different_text_under_a_known_id_in_a_later_part_is_an_error(tmp_path):
    path = tmp_path / "ids.jsonl"
    rows = [{"id": f"d{i}", "text": BODY[i % 3] + f" {i}"} for i in range(200)] + [{"id": "d3", "text": "Other."}]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    with pytest.raises(InputError, match=r"ids\.jsonl:201: doc_id 'd3' occurs more than once"):
        list(score_inputs(str(path), LEXICONS, part_mb=0.001))


def test_many_small_files_in_grouped_tasks(tmp_path):
    for i in range(40):
        (tmp_path / f"{i:03d}.txt").write_text(f"Headline {i}\n\n{BODY[i % 3]}\n\nAdvertisement\n", encoding="utf-8")
    (tmp_path / "040.txt").write_text("Advertisement\n", encoding="utf-8")
    expected = _reference(tmp_path)
    got = pd.concat(score_inputs(str(tmp_path), LEXICONS, part_mb=0.0005), ignore_index=True)
    pd.testing.assert_frame_equal(got, expected)
    assert len(got) == 41 and got["status"].iloc[-1] == "emptied by cleaning"


def test_cli_score_keeps_every_row_and_accepts_the_canonical_text_column(inputs, tmp_path, capsys):
    out = tmp_path / "s.csv"
    assert main(["score", str(inputs / "b.csv"), "--text-col", "text", "--lexicon", "hedging", "--out", str(out)]) == 0
    assert len(pd.read_csv(out)) == len(_records())
    assert "4 document(s) with no text" in capsys.readouterr().err
    assert main(["score", str(inputs / "b.csv"), "--lexicon", "hedging", "--strict", "--out", str(out)]) == 2


@pytest.mark.slow  # starts a Dask cluster
def test_dask_engine_runs_the_same_pipeline(inputs):
    from dask.distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None) as cluster:
        for name in ("a.jsonl", "b.csv", "c.parquet"):
            got = pd.concat(score_inputs(str(inputs / name), LEXICONS, engine="dask", scheduler=cluster.scheduler_address,
                                         chunksize=8, part_mb=0.001), ignore_index=True)
            pd.testing.assert_frame_equal(got, _reference(inputs / name))
            chunks = list(score_csv(str(inputs / name), LEXICONS, engine="dask", scheduler=cluster.scheduler_address,
                                    part_mb=0.001))  # (the cluster's workers format the score columns)
            assert chunks[0].header + "".join(c.text for c in chunks) == csv_text(got)


@pytest.mark.parametrize("jobs", [1, pytest.param(2, marks=pytest.mark.slow)])
def test_language_hooks_run_in_the_workers(jobs):
    """The loader's language column and score's lexicon version per language (ru/uk lemmas) in every worker."""
    from pathlib import Path

    path = Path(__file__).parent / "fixtures" / "mixed_languages.jsonl"
    lexicons = load_lexicons(["hedging", "concession"])
    expected = pd.concat(score_chunks(iter_corpus(str(path), dedup=False, keep_all=True), lexicons), ignore_index=True)
    got = pd.concat(score_inputs(str(path), lexicons, jobs=jobs, chunksize=3, part_mb=0.001), ignore_index=True)
    pd.testing.assert_frame_equal(got, expected)
    assert got["hedging_count"].sum() > 0


def test_warm_makes_what_forked_workers_share():
    from framing import language
    from framing.corpus.load import _options
    from framing.match import compile_lexicons
    from framing.punkt import cached_punkt
    from framing.scale import Pipeline, _warm

    for cached in (language._identifier, language._model, cached_punkt):
        cached.cache_clear()
    lexicons = tuple(load_lexicons(["concession"]))
    _warm(Pipeline(_options(None, None, None, "", True, None, "raise", LoadReport()), lexicons))
    assert language._model.cache_info().currsize == 1  # the language detector's model
    assert language._identifier.cache_info().currsize == 1
    assert cached_punkt.cache_info().currsize == 1  # concession has `requires` context rules: sentences are needed
    hits = compile_lexicons.cache_info().hits
    compile_lexicons(lexicons)  # the matcher the workers inherit
    assert compile_lexicons.cache_info().hits == hits + 1
    assert language.detect_languages(["Переговори тривають.", "Переговоры продолжаются."]) == ["uk", "ru"]


@pytest.mark.parametrize("forced, answers, asked", [
    (None, [{"uk"}, {"uk", "ru", "fr", "und"}, {"uk", "ru", "fr", "und"}], 3),  # asked again until nothing new
    ("ru", [], 0),  # every document in one language (--lang): the documents' own are not asked for
])
def test_warm_compiles_the_matcher_of_each_language_the_documents_need(forced, answers, asked):
    """A worker that meets a language with versions would compile its matcher for itself (1-1.6 s
    and 200-260 MB each): the parent compiles those of the languages seen so far before the pool forks."""
    from framing.corpus.load import _options
    from framing.match import compile_lexicons
    from framing.match.languages import versions_for
    from framing.scale import Pipeline, _warm

    lexicons = tuple(load_lexicons(["hedging"]))
    calls = []

    def languages() -> set[str]:
        calls.append(1)
        return answers[len(calls) - 1]

    compile_lexicons.cache_clear()
    _warm(Pipeline(_options(None, None, None, "", True, None, "raise", LoadReport()), lexicons, language=forced), languages)
    assert len(calls) == asked
    made = compile_lexicons.cache_info().currsize
    for language in ["en", "fr", "und", "ru"] + (["uk"] if forced is None else []):
        compile_lexicons(versions_for(lexicons, language)[0])  # each one already made
    assert compile_lexicons.cache_info().currsize == made == (3 if forced is None else 2)
    if forced == "ru":  # (and uk was not made)
        compile_lexicons(versions_for(lexicons, "uk")[0])
        assert compile_lexicons.cache_info().currsize == made + 1


@pytest.mark.slow  # process pools
def test_the_parent_compiles_the_languages_of_the_tasks_loaded_ahead(tmp_path, monkeypatch):
    """The processes loading the first tasks say which languages they hold; the parent compiles
    their lexicon versions before the scoring pool forks, and the table is the same."""
    import time
    from pathlib import Path

    from framing import scale
    from framing.match import compile_lexicons
    from framing.match.languages import versions_for

    lines = (Path(__file__).parent / "fixtures" / "mixed_languages.jsonl").read_text(encoding="utf-8").splitlines()
    path = tmp_path / "uk_first.jsonl"  # Ukrainian documents first: the tasks loaded ahead hold them
    path.write_text("\n".join(lines[4:8] + lines[8:] + lines[:4]) + "\n", encoding="utf-8")
    lexicons = load_lexicons(["hedging", "concession"])
    warm, seen = scale._warm, []

    def warm_once_a_task_is_loaded(pipeline, languages):
        deadline = time.monotonic() + 120
        while not languages() and time.monotonic() < deadline:
            time.sleep(0.01)
        seen.append(languages())
        warm(pipeline, languages)

    monkeypatch.setattr(scale, "_warm", warm_once_a_task_is_loaded)
    compile_lexicons.cache_clear()
    expected = pd.concat(score_chunks(iter_corpus(str(path), dedup=False, keep_all=True), lexicons), ignore_index=True)
    compile_lexicons.cache_clear()
    got = pd.concat(score_inputs(str(path), lexicons, jobs=2, chunksize=2, part_mb=0.001), ignore_index=True)
    pd.testing.assert_frame_equal(got, expected)
    assert "uk" in seen[0]
    hits = compile_lexicons.cache_info().hits
    compile_lexicons(versions_for(lexicons, "uk")[0])  # made by the parent before the pool forked
    assert compile_lexicons.cache_info().hits == hits + 1


def test_a_report_that_keeps_no_removals_still_counts_them_per_file(tmp_path):
    path = tmp_path / "pages.jsonl"
    path.write_text("\n".join(json.dumps({"id": f"d{i}", "text": f"Talks resumed {i}.\nAdvertisement\nMore text."})
                              for i in range(3)) + "\n", encoding="utf-8")
    kept, counted = LoadReport(), LoadReport(keep_removals=False)
    for report in (kept, counted):
        list(score_inputs(path, load_lexicons(["hedging"]), report=report))
    assert [r["rule"] for r in kept.removals] == ["advertisement"] * 3 and not counted.removals
    assert kept.files[0].removed_lines == counted.files[0].removed_lines == 3


def test_a_worker_task_leaves_what_it_made_out_of_the_collector(tmp_path):
    """A pool worker freezes what a task leaves behind (as a run in one process does per task), so the
    collector's full passes do not walk it again for every later task."""
    import gc

    from framing.corpus.load import _options
    from framing.scale import Pipeline, _init_pipeline, _run_in_worker, plan_tasks

    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps({"id": "d1", "text": "Talks may resume, officials said."}) + "\n", encoding="utf-8")
    opts = _options(None, None, None, "", True, None, "raise", LoadReport(), keep_all=True)
    plan = plan_tasks(str(path), opts, 5_000, 8.0)
    _init_pipeline(Pipeline(opts, tuple(load_lexicons(["hedging"]))))
    gc.unfreeze()
    try:
        partition, _ = _run_in_worker(plan.tasks[0])
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
    assert partition is not None


@pytest.mark.parametrize("values", [
    ["2022-01-01", "2022-01-01T10:00:00+02:00", "Dec. 7, 2024", "", None, "not a date", "2022-01-01"] * 3,
    [pd.Timestamp("2022-01-01"), pd.NaT, pd.Timestamp("2022-01-01")], [["a list"], "2022-01-01", ["a list"]]])
def test_published_dates_are_parsed_once_per_distinct_value_with_the_same_dates_and_notes(values, monkeypatch):
    from framing.corpus import load, meta
    from framing.corpus.audit import LoadReport

    df = pd.DataFrame({"published": values}, index=range(10, 10 + len(values)))
    found = []
    for plain in (False, True):  # the plain reading: every value parsed (as where values cannot be hashed)
        if plain:
            monkeypatch.setattr(load.pd, "factorize", lambda *a, **k: (_ for _ in ()).throw(TypeError("plain")))
        opts = load._options(None, None, None, "", True, None, "raise", LoadReport(), keep_all=True)
        sizes = []
        monkeypatch.setattr(load, "parse_dates", lambda v, sizes=sizes: sizes.append(len(v)) or meta.parse_dates(v))
        found.append((load._published(df, ["x.jsonl"] * len(df), list(range(len(df))), opts), opts.report.issues, sizes))
    (fast, notes, sizes), (slow, plain_notes, _) = found
    pd.testing.assert_series_equal(fast, slow)
    assert notes == plain_notes and len(notes) == sum(v in ("not a date", ["a list"]) or v is pd.NaT for v in values)
    assert sizes == [len(set(map(str, values))) if not isinstance(values[0], list) else len(values)]


def test_a_scoring_worker_makes_only_the_columns_scoring_reads_with_the_same_values_and_notes():
    # framing score's workers skip the metadata columns (titles, outlets, dates, ...) that the
    # scoring pipeline drops: the columns it keeps, and the load report's lines, are the corpus's
    from dataclasses import replace

    from framing.corpus.load import SETTLE_COLUMNS, _options, _standardise

    raw = pd.DataFrame({
        "id": ["a", "", "c", "", ""], "title": ["T", "U", "", "", ""],
        "text": ["KYIV (Reuters) - Talks may resume.\n\nAdvertisement", "Advertisement", "Переговоры идут.",
                 "No id here.", " "],
        "url": ["", "", "", "https://x.example/2022/03/04/a", ""],
        "published": ["not a date", "2022-01-01", "", "yesterday", ""],
        "language": ["xx", "en", "Russian", "", ""], "language_source": ["", "nexis:Language", "", "", ""],
        "lang_extra": [1, 2, 3, 4, 5], "_row": [1, 2, 3, 4, 5]})
    frames, notes = [], []
    for scoring_only in (False, True):
        opts = replace(_options(None, None, None, "", True, None, "raise", LoadReport(), keep_all=True),
                       scoring_only=scoring_only)
        frames.append(_standardise(raw, "x.jsonl", opts, origin="column", mapping={}, outlet="",
                                   outlet_origin="argument", is_page=False))
        notes.append(opts.report.issues)
    full, scoring = frames
    assert sorted(scoring.columns) == sorted({*SETTLE_COLUMNS, "text"})
    pd.testing.assert_frame_equal(scoring[SETTLE_COLUMNS], full[SETTLE_COLUMNS])
    # the texts themselves (object dtype), not copied into Arrow for scoring to copy back
    assert scoring["text"].dtype == object and scoring["text"].tolist() == full["text"].tolist()
    assert notes[0] == notes[1] and [n["reason"] for n in notes[1]] == ["unparsed date", "unparsed date",
                                                                         "unknown language"]


def test_the_warm_up_makes_what_scoring_reads_of_each_matcher_before_the_fork():
    """What scoring makes once per matcher (its count columns, read off every term's entry) is made
    by the parent before a pool forks, for the lexicons as given and each language version the
    documents need, so that the workers share it instead of each copying every entry's page."""
    from framing import scale
    from framing.match import compile_lexicons
    from framing.match.languages import versions_for

    lexicons = tuple(load_lexicons(["hedging", "concession"]))
    pipeline = scale.Pipeline(None, lexicons)  # type: ignore[arg-type]  # (the load options are not read)
    matchers = [compile_lexicons(lexicons), compile_lexicons(versions_for(lexicons, "uk")[0])]
    for matcher in matchers:
        matcher.__dict__.pop("_layout", None)
    scale._warm(pipeline, lambda: {"uk"})
    assert all("_layout" in matcher.__dict__ for matcher in matchers)
