"""Scoring voice spans against brat attributions, on fixtures written for these tests."""

import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from framing.errors import InputError
from framing.voices import voice_spans
from framing.voices.evaluate import COUNTS, read_brat, score_document, score_documents

FIXTURES = Path(__file__).parent / "fixtures" / "voices"
ROOT = Path(__file__).parent.parent


def load(name):
    text = (FIXTURES / f"{name}.txt").read_text(encoding="utf-8")
    return text, read_brat((FIXTURES / f"{name}_x1.ann").read_text(encoding="utf-8"))


def test_read_brat_gives_source_cue_content():
    text, gold = load("council")
    assert len(gold) == 4
    assert [text[a:b] for g in gold for a, b in g.source] == ["Ann Lee", "she", "Bob Stone", "Officials"]
    assert text[slice(*gold[2].content[0])] == "The plan will fail"
    with pytest.raises(InputError, match="<annotation>:1"):
        read_brat("T1\tSource x y\tAnn")


def test_the_kit_recovers_every_fixture_attribution():
    for name in ("council", "talks"):
        text, gold = load(name)
        c = score_document(text, voice_spans(text), gold)
        # every gold content token is a source token, the complementiser of "shows that ..." included
        assert c["fn"] == 0, name
        assert c["covered"] == len(gold) and c["speaker_ok"] == len(gold), name
    text, gold = load("council")
    c = score_document(text, voice_spans(text), gold)
    assert c["direct_gold"] == 5 and c["indirect_gold"] == 12  # the quote's 5 words are direct


def test_the_narration_baseline_scores_zero_recall():
    text, gold = load("council")
    narration = pd.DataFrame([(0, len(text), "journalist", "", "narration")],
                             columns=["start", "end", "voice", "speaker", "kind"])
    c = score_document(text, narration, gold)
    assert c["tp"] == 0 and c["fn"] > 0 and c["covered"] == 0


def test_a_wrong_speaker_is_counted_wrong():
    text, gold = load("talks")
    spans = voice_spans(text).assign(speaker=lambda d: d["speaker"].where(d["voice"] != "source", "Somebody Else"))
    assert score_document(text, spans, gold)["speaker_ok"] == 0


def test_bootstrap_table_brackets_the_point_estimate():
    rows = []
    for name in ("council", "talks"):
        text, gold = load(name)
        rows.append(score_document(text, voice_spans(text), gold))
    table = score_documents(pd.DataFrame(rows, columns=COUNTS), n_boot=50).set_index("metric")
    assert table.loc["content_f1", "value"] == pytest.approx(1.0, abs=0.15)
    assert (table["low"] <= table["value"] + 1e-9).all() and (table["value"] <= table["high"] + 1e-9).all()


def test_benchmark_script_runs_on_a_polnear_shaped_folder(tmp_path):
    for sub in ("text", "attributions"):
        (tmp_path / "data" / "dev" / sub).mkdir(parents=True)
    for name in ("council", "talks"):
        shutil.copy(FIXTURES / f"{name}.txt", tmp_path / "data" / "dev" / "text")
        shutil.copy(FIXTURES / f"{name}_x1.ann", tmp_path / "data" / "dev" / "attributions")
    out = tmp_path / "table.csv"
    proc = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "voices_polnear.py"), str(tmp_path),
                           "--n-boot", "20", "--out", str(out)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert "2 articles" in proc.stdout
    assert set(pd.read_csv(out)["metric"]) >= {"content_f1", "indirect_f1", "speaker_acc"}
    refused = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "voices_polnear.py"), str(tmp_path),
                              "--split", "test"], capture_output=True, text=True)
    assert refused.returncode != 0
