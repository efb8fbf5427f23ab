"""A long text is matched in windows (framing.match.batches): the same hits, counts, sentences
and match table as the whole text in one batch (issue 18, case 14: bounded memory per document)."""

from __future__ import annotations

from contextlib import contextmanager

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from framing.chars import encode
from framing.lexicons import load_lexicons, parse_lexicon
from framing.match import batches, compile_lexicons, match_table, table
from framing.metrics import score_texts

SOME = settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# Terms of the built-in lexicons, negators, context words, quote marks, and every place a window may be cut.
PIECES = st.sampled_from([
    "may", "May", "Mrs. May", "in May", "might", "possibly", "not", "never", "won't", "no", "cede", "“cede”", "'cede'",
    "territory", "land", "give up territory", "ceasefire", "cease-fire", "security guarantees", "neutrality",
    "U.S.", "St. Petersburg", "e.g.", "Kyiv", "NATO", "experts say", "some say", "will not,", "under any circumstances,",
    ".", "!", "?", ";", ":", ",", "(", ")", "—", '"', "“", "”", "\u200b", "\u00ad", "-", " ", "  ", "\n", "\n\n",
    "\n \n", "\t", "\xa0", "\u2028", ". ", "! ", "? ", "; ", ": ", ".\n\n", ".\n", "!\n \n", ":\n\n"])
TEXTS = st.lists(st.one_of(PIECES, st.text(max_size=3)), min_size=1, max_size=40).map(" ".join)


@contextmanager
def batch_chars(n: int):
    """Batches (and windows) of ``n`` characters, as a long text meets the default size."""
    old, table.BATCH_CHARS = table.BATCH_CHARS, n
    try:
        yield
    finally:
        table.BATCH_CHARS = old


def matcher():  # exclusions and a regex one (hedging), negation and context rules (concession), phrases (security)
    return compile_lexicons(tuple(load_lexicons(["hedging", "concession", "security"])))


@SOME
@given(TEXTS, st.integers(10, 80), st.booleans())
@example("They may not cede territory. Mrs.\n\nMay said so; experts say “cede”.\n\nNot possibly.", 5, True)
@example("We will not, under any circumstances, cede land! Security guarantees. U.S. may", 3, False)
def test_a_text_matched_in_windows_has_the_hits_of_the_whole(text, size, paragraphs):
    m = matcher()
    whole = m.hits(text)
    windows = list(batches([text], size, m.cut_chars, paragraphs))
    spans = [b.window or (0, len(text)) for _, b in windows]
    assert spans[0][0] == 0 and spans[-1][1] == len(text) and all(a[1] == b[0] for a, b in zip(spans, spans[1:]))
    found = sorted(h for _, b in windows for h in m.find(b).of(0))
    assert found == sorted(whole)


@SOME
@given(st.lists(TEXTS, min_size=1, max_size=3), st.integers(10, 80))
@example(["Talks may resume.\n\nThey may not cede territory. Experts say so.", "No."], 4)
def test_scores_and_match_tables_do_not_depend_on_the_window_size(texts, size):
    m = matcher()
    expected = [score_texts(texts, m, level) for level in ("doc", "sentence")]
    matches = match_table(list(range(len(texts))), texts, m)
    with batch_chars(size):
        got = [score_texts(texts, m, level) for level in ("doc", "sentence")]
        windowed = match_table(list(range(len(texts))), texts, m)
    for want, rows in zip(expected, got):
        for field in ("doc", "sent_id", "n_tokens", "counts"):
            assert np.array_equal(getattr(want, field), getattr(rows, field)), field
    pd.testing.assert_frame_equal(matches, windowed)


def test_a_long_text_is_cut_only_where_no_match_crosses():
    m = matcher()
    assert m.cut_chars == compile_lexicons(tuple(load_lexicons())).cut_chars == ".!?;:"
    text = "They may not cede territory. " * 50 + "Mrs.\n\nMay"
    windows = [b.window for _, b in batches([text], 100, m.cut_chars)]
    assert len(windows) > 10 and all(text[hi - 1] == "." and text[hi] == " " for _, hi in windows[:-1])
    end = len(text) - len("\n\nMay")  # one paragraph break, after "Mrs." (which the exclusion of "may" reads across)
    assert [b.window for _, b in batches([text], 100, m.cut_chars, paragraphs=True)] == [(0, end), (end, len(text))]
    tail = m.find(encode([text], (end, len(text)))).of(0)
    assert tail == [h for h in m.hits(text) if h.start >= end]
    assert tail == [] and m.hits(text[end:])  # the exclusion of "may" ("Mrs. May") reads the text before the window
    # A term that runs over ". " into the next word, or a regex term, leaves no safe cut after "." (or at all).
    st_pete = parse_lexicon({"name": "t", "version": "1", "description": "x",
                             "categories": {"c": {"terms": ["St. Petersburg"]}}}, "", "<test>")
    assert "." not in compile_lexicons((st_pete,)).cut_chars
    regex = parse_lexicon({"name": "r", "version": "1", "description": "x",
                           "categories": {"c": {"terms": [{"term": "talks", "regex": "talks?"}]}}}, "", "<test>")
    assert compile_lexicons((regex,)).cut_chars == ""


def test_key_patterns_are_the_plain_loops_patterns():
    """key_patterns (built without a Python step per pattern) gives the patterns, in the order, of
    the plain loop over units and boundary bytes: for every key group of the built-in lexicons, and
    for repeated keys, with and without a boundary after them. (The built-in en, ru and uk automata
    were also compared whole, before and after, when key_patterns replaced that loop.)"""
    from framing.match.compile import key_patterns

    def plain(whole_end, bodies, edges):
        units: dict = {}
        for gi, unit in enumerate(zip(whole_end, bodies)):
            units.setdefault(unit, []).append(gi)
        patterns, unit_of, trail = [], [], []
        for ui, (end, body) in enumerate(units):
            for edge in edges if end else [b""]:
                patterns.append(body + edge)
                unit_of.append(ui)
                trail.append(int(end))
        index = {unit: ui for ui, unit in enumerate(units)}
        return patterns, [index[unit] for unit in zip(whole_end, bodies)], unit_of, trail

    edges = [b"\x00", b" ", b".", b"\x1f"]
    cases = [([True, False, True, True, False], [b"ab", b"ab", b"c", b"ab", b"ab"], edges), ([], [], edges)]
    groups = compile_lexicons(tuple(load_lexicons())).compiled.keys.groups  # (cached: compiled once for this file)
    cases.append(([g.whole_end for g in groups], [g.key.encode("utf-8") for g in groups], edges))
    for whole_end, bodies, edges_ in cases:
        patterns, group_unit, pattern_unit, trail = key_patterns(whole_end, bodies, edges_)
        want = plain(whole_end, bodies, edges_)
        assert patterns == want[0]
        assert group_unit.tolist() == want[1]
        assert pattern_unit.tolist() == want[2] and trail.tolist() == want[3]
        assert pattern_unit.dtype == trail.dtype == np.int64
