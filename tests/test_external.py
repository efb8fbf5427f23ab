"""External labels as a measure: ids, label/prob, the source description and its manifest record."""

from __future__ import annotations

import hashlib

import pytest

from framing.errors import InputError
from framing.external import read_labels, read_source

SOURCE = {"tool": "vllm", "model": "qwen2.5-7b-instruct", "version": "2024-09", "prompt": "Code concession: 0 or 1."}


def test_labels_and_probabilities(tmp_path):
    path = tmp_path / "l.csv"
    path.write_text("doc_id,sent_id,label,prob\nd1,0,1,0.7\nd1,1,0,0.4\nd2,0,1,0.55\n")
    table, record = read_labels(path, SOURCE, name="qwen")
    assert table.columns.tolist() == ["doc_id", "sent_id", "qwen_prob", "qwen_pred"]
    assert table["qwen_pred"].tolist() == [1, 0, 1] and table["qwen_prob"].tolist() == [0.7, 0.4, 0.55]
    assert record["ids"] == ["doc_id", "sent_id"] and record["rows"] == 3
    assert record["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
    assert record["source"]["prompt_sha256"] == hashlib.sha256(SOURCE["prompt"].encode()).hexdigest()
    assert record["source"]["model"] == "qwen2.5-7b-instruct"


def test_label_only_and_source_from_yaml(tmp_path):
    (tmp_path / "l.csv").write_text("item_id,label\ni0001,1\ni0002,0\n")
    (tmp_path / "src.yaml").write_text("tool: manual\nmodel: none\nversion: '1'\nprompt_sha256: none\nnotes: student coder\n")
    table, record = read_labels(tmp_path / "l.csv", tmp_path / "src.yaml")
    assert table.to_dict("list") == {"item_id": ["i0001", "i0002"], "external_prob": [1.0, 0.0], "external_pred": [1, 0]}
    assert record["source"]["notes"] == "student coder" and record["threshold"] is None


@pytest.mark.parametrize(("text", "match"), [
    ("id,label\na,1\n", "no id column"),
    ("doc_id,score\na,1\n", "no `label` or `prob`"),
    ("doc_id,label\na,1\na,0\n", "appears twice"),
    ("doc_id,label\na,1\nb,yes\n", "holds 'yes'"),
    ("doc_id,prob\na,1.5\n", "holds"),
])
def test_bad_label_files_name_the_line(tmp_path, text, match):
    (tmp_path / "l.csv").write_text(text)
    with pytest.raises(InputError, match=match):
        read_labels(tmp_path / "l.csv", SOURCE)


def test_source_must_say_what_made_the_labels(tmp_path):
    with pytest.raises(InputError, match="prompt"):
        read_source({"tool": "x", "model": "y", "version": "1"})
    with pytest.raises(InputError, match="version"):
        read_source({"tool": "x", "model": "y", "prompt": "p"})
    (tmp_path / "s.yaml").write_text("- a list\n")
    with pytest.raises(InputError, match="mapping"):
        read_source(tmp_path / "s.yaml")
