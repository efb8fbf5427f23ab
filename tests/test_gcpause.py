"""framing.gcpause: no automatic collection inside a block (paused_gc), or older objects left out (frozen_gc)."""

import gc
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import yaml

from framing.gcpause import paused_gc
from framing.lexicons.format import parse_lexicon
from framing.match.compile import compile_lexicon_set


def test_the_collector_is_off_inside_and_on_again_after_an_error():
    assert gc.isenabled()
    with pytest.raises(ValueError), paused_gc():
        assert not gc.isenabled()
        with paused_gc():  # nested: still off after the inner block
            pass
        assert not gc.isenabled()
        raise ValueError
    assert gc.isenabled()


def test_a_caller_that_turned_the_collector_off_keeps_it_off():
    gc.disable()
    try:
        with paused_gc():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


@contextmanager
def collections_started() -> Iterator[list[int]]:
    """The generation of each collection the collector starts within the block, as they start."""
    starts: list[int] = []

    def started(phase, info):
        if phase == "start":
            starts.append(info["generation"])

    gc.callbacks.append(started)
    try:
        yield starts
    finally:
        gc.callbacks.remove(started)


def test_reading_and_compiling_many_terms_starts_no_collection_on_the_way():
    # 3,000 terms: without the pause, reading them starts a collection every 700 objects made
    words = ",".join(f"w{i}" for i in range(60))
    text = f"name: t\nversion: 1\ndescription: d\ncategories:\n  a:\n    terms: [\"{{{words}}} {{{words.replace('w', 'v')[:250]}}}\"]\n"
    with collections_started() as starts:
        lex = parse_lexicon(yaml.safe_load(text), text, Path("t.yaml"))
        after_reading = len(starts)
        compile_lexicon_set([lex], automaton=False)
    assert len(lex.entries) > 2_000
    # at most one collection as each block starts (the objects made before it) and one as it ends
    assert after_reading <= 2 and len(starts) <= 4


def test_standardising_a_chunk_starts_no_collection_on_the_way_and_leaves_the_collector_on():
    # 3,000 pages: without the pause, cleaning them starts a collection every 700 objects made
    import pandas as pd

    from framing.corpus.audit import LoadReport
    from framing.corpus.load import _options, _standardise
    from framing.errors import InputError

    raw = pd.DataFrame({"text": [f"Talks {i} may resume.\n\nAdvertisement\n\nMore text {i}." for i in range(3_000)],
                        "_row": range(1, 3_001)})
    opts = _options(None, None, None, "", True, None, "raise", LoadReport())
    with collections_started() as starts:
        frame = _standardise(raw, "x.jsonl", opts, origin="column", mapping={}, outlet="", outlet_origin="argument",
                             is_page=False)
    # at most one collection, as the pause ends (over what is kept then: the frame)
    assert len(frame) == 3_000 and len(starts) <= 1 and gc.isenabled()
    with pytest.raises(InputError):  # (no text column)
        _standardise(raw.drop(columns="text"), "x.jsonl", opts, origin="column", mapping={}, outlet="",
                     outlet_origin="argument", is_page=False)
    assert gc.isenabled()


@pytest.mark.slow  # a fresh interpreter imports the kit and Punkt's part of nltk (framing.punkt): about a second of CPU
def test_importing_nltk_for_punkt_starts_no_collection_on_the_way():
    code = ("import gc, regex, framing\nstarts = []\n"
            "gc.callbacks.append(lambda phase, info: starts.append(1) if phase == 'start' else None)\n"
            "import framing.punkt\nprint(len(starts), gc.isenabled())")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=300)
    count, enabled = done.stdout.split()
    assert int(count) <= 2 and enabled == "True"  # without the pause: some 25 (7,000 objects made; 250 with all of nltk)


def test_frozen_gc_keeps_older_objects_out_of_the_collector_for_the_block_only():
    from framing.gcpause import frozen_gc

    assert gc.get_freeze_count() == 0
    with pytest.raises(ValueError), frozen_gc():
        assert gc.get_freeze_count() > 0  # what was there before the block
        raise ValueError
    assert gc.get_freeze_count() == 0
    gc.freeze()  # something else froze objects (a forked worker): they stay frozen
    try:
        frozen = gc.get_freeze_count()
        with frozen_gc():
            pass
        assert gc.get_freeze_count() == frozen
    finally:
        gc.unfreeze()
