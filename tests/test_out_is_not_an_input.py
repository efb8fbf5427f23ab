"""Issue 22.3: an output that resolves to an input (directly, through a symlink or a hard link) is refused
with exit code 2 by every command with an output path, and the input is left as it was."""

import os
from pathlib import Path

import pytest

from framing.cli import main
from framing.lexicons import load_lexicon

CSV = "id,text\na,Talks may resume.\n"


@pytest.fixture
def data(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "self.csv").write_text(CSV)
    (tmp_path / "link.csv").symlink_to(tmp_path / "self.csv")
    os.link(tmp_path / "self.csv", tmp_path / "hard.csv")
    (tmp_path / "rules.csv").write_text("rules: []\n")
    (tmp_path / "m.json").write_text("{}")
    (tmp_path / "mine.yaml").write_text("name: mine\nversion: '1'\ndescription: d\ncategories:\n  a:\n    terms: [maybe]\n")
    return tmp_path


@pytest.mark.parametrize("argv", [
    ["score", "self.csv", "--out", "self.csv"],
    ["score", "self.csv", "--out", "./sub/../self.csv"],
    ["score", "self.csv", "--out", "link.csv"],
    ["score", "link.csv", "--out", "self.csv"],
    ["score", "self.csv", "--out", "hard.csv"],
    ["score", ".", "--out", "self.csv"],
    ["score", "*.csv", "--out", "self.csv", "--engine", "dask"],
    ["load", "self.csv", "--out", "self.csv"],
    ["load", "self.csv", "--out", "link.csv"],
    ["load", "other.csv", "--rules", "rules.csv", "--out", "rules.csv"],
    ["matches", "self.csv", "--out", "self.csv"],
    ["matches", "self.csv", "--out", "link.csv"],
    ["score", "self.csv", "--model", "m.json", "--out", "m.json"],
    ["model", "train", "self.csv", "--label", "x", "--out", "self.csv"],
    ["model", "evaluate", "self.csv", "--model", "m.json", "--out", "link.csv"],
    ["validate", "sample", "self.csv", "--lexicon", "hedging", "--code", "c", "-n", "1", "--out", "self.csv"],
    ["validate", "estimate", "other.csv", "--measure", "m", "--coded", "self.csv", "--code", "c",
     "--out", "hard.csv"],
    ["lexicon", "convert", "mine.yaml", "mine.yaml"],
    ["lexicon", "export", "mine.yaml", "--format", "yaml", "--out", "mine.yaml"],
])
def test_an_output_that_is_an_input_is_refused(data, argv, capsys):
    (data / "sub").mkdir()
    (data / "other.csv").write_text(CSV)
    before = {p.name: p.read_bytes() for p in data.iterdir() if p.is_file()}
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "is the input file" in err and "Fix: write to a new file name" in err
    assert {p.name: p.read_bytes() for p in data.iterdir() if p.is_file()} == before


def test_a_builtin_lexicons_data_file_is_never_an_output(tmp_path, capsys):
    path = Path(load_lexicon("hedging").path)
    before = path.read_bytes()
    assert main(["lexicon", "export", "hedging", "--format", "yaml", "--out", str(path)]) == 2
    assert main(["lexicon", "convert", "hedging", str(path)]) == 2
    assert path.read_bytes() == before
    assert "is the input file" in capsys.readouterr().err


def test_a_new_output_is_written(data, capsys):
    assert main(["score", "self.csv", "--out", "new.csv"]) == 0
    assert (data / "new.csv").is_file() and (data / "self.csv").read_text() == CSV


@pytest.mark.parametrize("command", ["load", "score", "matches", "dedup"])
def test_an_out_that_is_a_folder_is_refused_naming_it(data, command, capsys):
    (data / "outdir.csv").mkdir()
    assert main([command, "self.csv", "--out", "outdir.csv"]) == 2  # an output error, before anything is read
    err = capsys.readouterr().err
    assert "outdir.csv: the output (--out) is a folder, not a file. Fix: name a file in it" in err and ".tmp" not in err
    assert list((data / "outdir.csv").iterdir()) == []
