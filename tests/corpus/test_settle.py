"""The loader's last step (:func:`framing.corpus.load._settle`), settled a column at a time for
the common row, against a row-by-row reference of the same rules: same frames, report lines (in
the same order), file counts, removals and ids seen, over frames that repeat ids and texts, leave
documents empty, mix files and carry on from what earlier frames settled."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from framing.corpus.audit import LoadReport
from framing.corpus.ids import id_hashes
from framing.corpus.load import (
    _HASH,
    _INTERNAL,
    _REMOVED,
    _STATUS,
    DUPLICATE_ID,
    EMPTIED,
    EMPTY,
    POSITIONAL_ID,
    REPEATED,
    ROW_COL,
    _options,
    _settle,
    _stable_id,
    text_keys,
)
from framing.errors import InputError


def reference_settle(frame, opts, file_reps, row_offset):
    """Row by row: each row's id, repeat and report line decided in input order."""
    n = len(frame)
    rows_no = [None if r is None or r != r else int(r) + row_offset for r in frame[ROW_COL].tolist()]
    ids = frame["doc_id"].tolist()
    shown_at = frame["source_path"].tolist()
    for i, doc_id in enumerate(ids):
        if doc_id == POSITIONAL_ID:
            ids[i] = _stable_id("", f"{shown_at[i]}:{rows_no[i] if rows_no[i] is not None else i}")
    frame["doc_id"] = ids
    status = frame[_STATUS].tolist()
    keep = []
    for i, (doc_id, h) in enumerate(zip(ids, frame[_HASH].tolist())):
        line, shown = rows_no[i], shown_at[i]
        if status[i] != "ok":
            opts.report.issue(shown, "empty text", "no text" + (" left after cleaning" if status[i] == EMPTIED else ""),
                              line=line, doc_id=doc_id, action="kept" if opts.keep_all else "skipped")
            keep.append(opts.keep_all)
            continue
        prev = opts.seen.get(doc_id)
        text_key = int.from_bytes(h[:8], "big")
        if prev is None:
            if shown not in opts.sources:
                opts.sources[shown] = len(opts.sources)
                opts.source_names.append(shown)
            opts.seen[doc_id] = text_key << 32 | opts.sources[shown]
            keep.append(True)
            continue
        first_in = opts.source_names[prev & 0xFFFFFFFF]
        if prev >> 32 == text_key:
            opts.report.issue(shown, "duplicate", f"same doc_id and text as in {first_in}", line=line, doc_id=doc_id,
                              action="kept" if opts.keep_all else "skipped")
            keep.append(opts.keep_all)
            status[i] = REPEATED
        else:
            problem = f"doc_id {doc_id!r} occurs more than once (first in {first_in}) with different text"
            if opts.errors == "raise":
                raise InputError(shown, problem, line=line,
                                 fix="give unique ids (--id-col) or remove the duplicate documents")
            if opts.keep_all:
                opts.report.issue(shown, "duplicate id", problem + f"; kept, with status {DUPLICATE_ID!r}", line=line,
                                  doc_id=doc_id, action="kept")
                status[i] = DUPLICATE_ID
            else:
                opts.report.issue(shown, "duplicate id", problem + "; the later one is skipped", line=line,
                                  doc_id=doc_id)
            keep.append(opts.keep_all)
    removed = frame[_REMOVED].tolist()
    for i in range(n):
        if removed[i] and (keep[i] or status[i] != "ok"):
            if opts.report.keep_removals:
                opts.report.removals.extend({"doc_id": ids[i], "source": shown_at[i], "rule": rule, "text": text}
                                            for rule, text in removed[i])
            file_reps[shown_at[i]].removed_lines += len(removed[i])
    for i in range(n):
        if keep[i]:
            file_reps[shown_at[i]].kept += 1
        else:
            file_reps[shown_at[i]].skipped += 1
    kept = sum(keep)
    frame = frame.drop(columns=list(_INTERNAL))
    if opts.keep_all:
        frame["status"] = status
    if kept:
        opts.report.count_languages(frame["language"][keep].tolist(), frame["language_source"][keep].tolist())
    return frame if kept == n else frame[keep].reset_index(drop=True)


TEXTS = [bytes([k]) * 20 for k in range(1, 4)]  # three texts' keys (the same key: the same text)
row = st.tuples(st.sampled_from(["", "a", "b", "c", "d"]),  # doc_id ("": an empty document with no id or URL)
                st.sampled_from(["ok", "ok", "ok", EMPTY, EMPTIED]),
                st.sampled_from(TEXTS),
                st.sampled_from(["x.jsonl", "y.jsonl"]),
                st.one_of(st.none(), st.integers(1, 50)),
                st.sampled_from([[], [], [("furniture", "Advertisement")], [("share", "Share"), ("more", "Read more")]]),
                st.sampled_from([("en", "detected"), ("ru", "column")]))


def make_frame(rows) -> pd.DataFrame:
    return pd.DataFrame({"doc_id": [r[0] for r in rows], "text": ["t"] * len(rows),
                         "source_path": [r[3] for r in rows],
                         "language": [r[6][0] for r in rows], "language_source": [r[6][1] for r in rows],
                         _STATUS: [r[1] for r in rows], _HASH: pd.Series([r[2] for r in rows], dtype=object),
                         ROW_COL: [r[4] for r in rows], _REMOVED: pd.Series([r[5] for r in rows], dtype=object)})


def seen_state(seen, ids) -> list[tuple[str, bool, int, int]]:
    """Per id: held or not, its text's key and its source's number, from the reference's dict
    (id -> key << 32 | source) or the loader's SeenIds."""
    ids = sorted(set(ids))
    if isinstance(seen, dict):
        return [(i, i in seen, seen.get(i, 0) >> 32, seen.get(i, 0) & 0xFFFFFFFF) for i in ids]
    keys, sources, found = seen.find(*id_hashes(ids))
    return list(zip(ids, found.tolist(), keys.tolist(), sources.tolist()))


def run(settle, frames, keep_all, errors, keep_removals):
    report = LoadReport(keep_removals=keep_removals)
    opts = _options(None, None, None, "", True, None, errors, report, keep_all=keep_all)
    if settle is reference_settle:
        opts.seen = {}  # type: ignore[assignment]  # (the reference's: a dict)
    file_reps = {name: report.file(name, "jsonl") for name in ("x.jsonl", "y.jsonl")}
    out, error = [], None
    try:
        for k, rows in enumerate(frames):
            out.append(settle(make_frame(rows), opts, file_reps, 100 * k))
    except InputError as exc:
        error = str(exc)
    state = (report.issues, report.removals, report.languages, report.languages_detected,
             [(f.kept, f.skipped, f.removed_lines) for f in report.files])
    if error is None:  # (after an error the ids seen are of no use: loading stops)
        ids = [r[0] for rows in frames for r in rows] + [i for frame in out for i in frame["doc_id"].tolist()]
        state += (seen_state(opts.seen, ids), opts.sources, opts.source_names)
    return out, error, state


@settings(max_examples=60, deadline=None)
@given(frames=st.lists(st.lists(row, max_size=12), min_size=1, max_size=3), keep_all=st.booleans(),
       errors=st.sampled_from(["raise", "skip"]), keep_removals=st.booleans())
def test_settle_is_the_row_by_row_rules(frames, keep_all, errors, keep_removals):
    got, got_error, got_state = run(_settle, frames, keep_all, errors, keep_removals)
    want, want_error, want_state = run(reference_settle, frames, keep_all, errors, keep_removals)
    assert got_error == want_error
    assert got_state == want_state
    assert len(got) == len(want)
    for g, w in zip(got, want):
        pd.testing.assert_frame_equal(g, w)


def test_settle_reports_repeats_within_and_across_frames_in_row_order():
    report = LoadReport()
    opts = _options(None, None, None, "", True, None, "skip", report, keep_all=True)
    reps = {"x.jsonl": report.file("x.jsonl", "jsonl")}
    first = make_frame([("a", "ok", TEXTS[0], "x.jsonl", 1, [], ("en", "detected"))])
    _settle(first, opts, reps, 0)
    second = make_frame([("b", "ok", TEXTS[1], "x.jsonl", 1, [], ("en", "detected")),
                         ("a", "ok", TEXTS[0], "x.jsonl", 2, [], ("en", "detected")),
                         ("b", EMPTY, TEXTS[1], "x.jsonl", 3, [], ("en", "detected")),
                         ("b", "ok", TEXTS[2], "x.jsonl", 4, [], ("en", "detected"))])
    out = _settle(second, opts, reps, 10)
    assert out["status"].tolist() == ["ok", REPEATED, EMPTY, DUPLICATE_ID]
    assert [(i["reason"], i["line"]) for i in report.issues] == [("duplicate", 12), ("empty text", 13), ("duplicate id", 14)]
    assert (reps["x.jsonl"].kept, reps["x.jsonl"].skipped) == (5, 0)


def test_text_keys_are_the_first_64_bits_big_endian():
    hashes = pd.Series([bytes(range(20)), b"", b"\x01\x02"], dtype=object)
    assert text_keys(hashes).tolist() == [int.from_bytes(bytes(range(8)), "big"), 0, 0x0102]
    assert text_keys(pd.Series(text_keys(hashes))).tolist() == text_keys(hashes).tolist()


@pytest.mark.parametrize("keep_all", [True, False])
def test_settle_of_no_rows(keep_all):
    report = LoadReport()
    opts = _options(None, None, None, "", True, None, "skip", report, keep_all=keep_all)
    got = _settle(make_frame([]), opts, {}, 0)
    want = reference_settle(make_frame([]), _options(None, None, None, "", True, None, "skip", LoadReport(),
                                                     keep_all=keep_all), {}, 0)
    pd.testing.assert_frame_equal(got, want)


def test_a_worker_sends_the_text_keys_as_integers_and_the_loader_settles_them_alike(tmp_path):
    from framing.corpus.load import SETTLE_COLUMNS, Task, plan_tasks, settle_columns
    from framing.lexicons import load_lexicons
    from framing.scale import Pipeline, run_partition

    rows = [("a", "ok", TEXTS[0], "x.jsonl", 1, [("furniture", "Advertisement")], ("en", "detected")),
            ("a", "ok", TEXTS[0], "x.jsonl", 2, [], ("en", "detected")), ("", EMPTY, TEXTS[1], "x.jsonl", 3, [], ("en", "detected"))]
    settled = []
    for frame in (make_frame(rows), settle_columns(make_frame(rows))):
        report = LoadReport()
        opts = _options(None, None, None, "", True, None, "skip", report, keep_all=True)
        settled.append((_settle(frame, opts, {"x.jsonl": report.file("x.jsonl", "jsonl")}, 0), report.issues,
                        seen_state(opts.seen, ["a", "b"])))
    assert settle_columns(make_frame(rows))[_HASH].dtype == "uint64"
    assert settle_columns(make_frame(rows))["source_path"].dtype == "category"
    pd.testing.assert_frame_equal(settled[0][0].drop(columns="text"), settled[1][0].astype({"source_path": "str"}))
    assert settled[0][1:] == settled[1][1:]

    path = tmp_path / "x.jsonl"
    path.write_text('{"id": "a", "text": "Talks may resume."}\n{"id": "b", "text": ""}\n', encoding="utf-8")
    opts = _options(None, None, None, "", True, None, "skip", LoadReport(), keep_all=True)
    task: Task = plan_tasks(path, opts).tasks[0]
    partition = run_partition(task, Pipeline(opts, tuple(load_lexicons(["hedging"]))))
    sent = partition.pieces[0].frames[0]
    assert list(sent.columns) == SETTLE_COLUMNS and sent[_HASH].dtype == "uint64"
