"""The command line of the coded-sample workflow: model train/evaluate, score --model, validate sample|agreement|estimate."""

from __future__ import annotations

import io
import json

import pandas as pd
import pytest

from framing.cli import main
from framing.paths import project_root

GOLD = project_root() / "data" / "gold" / "concession_v2.csv"
MINI = project_root() / "tests" / "fixtures" / "mini_corpus.jsonl"


@pytest.fixture(scope="module")
def coded_csv(tmp_path_factory):
    gold = pd.read_csv(GOLD)
    small = pd.concat([gold[gold["concession"] == 1], gold[gold["concession"] == 0].sample(200, random_state=1)])
    path = tmp_path_factory.mktemp("coded") / "coded.csv"
    small.sort_values("item").to_csv(path, index=False)
    return path


@pytest.fixture(scope="module")
def model_file(coded_csv):
    out = coded_csv.parent / "m.json"
    args = ["model", "train", str(coded_csv), "--label", "concession", "--id-col", "item", "--hold-out", "0.2",
            "--lexicon", "concession", "--C", "1", "--ngram-max", "1", "--folds", "3", "--n-boot", "100", "--out"]
    assert main([*args, str(out)]) == 0
    assert main([*args, str(coded_csv.parent / "again.json")]) == 0
    return out


def test_train_writes_the_same_file_twice_and_its_hash(model_file, capsys):
    assert model_file.read_bytes() == (model_file.parent / "again.json").read_bytes()
    digest = (model_file.parent / "m.json.sha256").read_text().split()[0]
    model = json.loads(model_file.read_text())
    assert model["training"]["hold_out"]["fraction"] == 0.2 and model["training"]["file"] == "coded.csv"
    assert model["training"]["rows"] + model["training"]["hold_out"]["rows"] == 255
    assert len(digest) == 64


def test_evaluate_the_held_out_rows(model_file, coded_csv, capsys):
    assert main(["model", "evaluate", str(coded_csv), "--model", str(model_file), "--held-out", "--n-boot", "50"]) == 0
    out = capsys.readouterr().out
    held = json.loads(model_file.read_text())["training"]["hold_out"]["rows"]
    assert f"{held} rows held out of training" in out
    assert "lexicon concession" in out and "model" in out


def test_score_with_model_adds_columns_and_records_the_hash(model_file, coded_csv, tmp_path, capsys):
    outs = []
    for name in ("a.csv", "b.csv"):
        assert main(["score", str(coded_csv), "--id-col", "item", "--lexicon", "concession", "--model", str(model_file),
                     "--out", str(tmp_path / name)]) == 0
        outs.append((tmp_path / name).read_bytes())
    assert outs[0] == outs[1]  # byte-identical scores
    table = pd.read_csv(tmp_path / "a.csv")
    assert {"doc_id", "concession_count", "concession_prob", "concession_pred"} <= set(table.columns)
    manifest = json.loads((tmp_path / "a.csv.manifest.json").read_text())
    assert manifest["model"]["sha256"] == (model_file.parent / "m.json.sha256").read_text().split()[0]
    assert manifest["rows"] == 255 and len(manifest["inputs"][0]["sha256"]) == 64


def test_score_with_model_keeps_a_row_for_a_document_with_no_text(model_file, tmp_path, capsys):
    """Issue 17 item 3 / 18 item 2: a document that cleans to nothing keeps its row with --model too."""
    path = tmp_path / "r.jsonl"
    path.write_text('{"id": "a", "text": "Kyiv may cede land."}\n{"id": "b", "text": "WASHINGTON (AP) --"}\n',
                    encoding="utf-8")
    assert main(["score", str(path), "--lexicon", "concession", "--model", str(model_file)]) == 0
    out, err = capsys.readouterr()
    table = pd.read_csv(io.StringIO(out))
    assert table["doc_id"].tolist() == ["a", "b"] and table["status"].tolist() == ["ok", "emptied by cleaning"]
    assert "1 document(s) with no text" in err


def test_agreement_from_a_long_table_at_every_level(tmp_path, capsys):
    book = [[1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None], [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
            [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None], [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None]]
    rows = [{"item_id": f"u{u:02d}", "coder": c, "value": v} for c, codes in zip("ABCD", book)
            for u, v in enumerate(codes) if v is not None]
    pd.DataFrame(rows).to_csv(tmp_path / "long.csv", index=False)
    assert main(["validate", "agreement", str(tmp_path / "long.csv"), "--level", "all", "--n-boot", "100"]) == 0
    out = capsys.readouterr().out
    for level, value in (("nominal", "0.7434"), ("ordinal", "0.8154"), ("interval", "0.8491"), ("ratio", "0.7974")):
        assert any(line.split()[:2] == [level, value] for line in out.splitlines()), out


def test_sample_code_agree_estimate(tmp_path, capsys):
    sheet = tmp_path / "sheet.csv"
    assert main(["validate", "sample", str(MINI), "--id-col", "id", "--lexicon", "concession", "--code", "concession",
                 "-n", "8", "--out", str(sheet)]) == 0
    key = pd.read_csv(tmp_path / "sheet.key.csv")
    blank = pd.read_csv(sheet)
    for coder, flip in (("ann", 0), ("bob", 1)):  # bob disagrees on the first item
        filled = blank.assign(concession=key["kit_concession"].to_numpy(), coder=coder)
        filled.loc[0, "concession"] = (filled.loc[0, "concession"] + flip) % 2
        filled.to_csv(tmp_path / f"{coder}.csv", index=False)
    sheets = [str(tmp_path / "ann.csv"), str(tmp_path / "bob.csv")]
    assert main(["validate", "agreement", *sheets, "--code", "concession", "--key", str(tmp_path / "sheet.key.csv"),
                 "--n-boot", "50"]) == 0
    assert "kit vs majority" in capsys.readouterr().out
    # units: every sentence of the corpus with the lexicon's presence as the measure
    units = tmp_path / "units.csv"
    assert main(["score", str(MINI), "--id-col", "id", "--level", "sentence", "--lexicon", "concession",
                 "--out", str(units)]) == 0
    table = pd.read_csv(units)
    table.assign(concession_hit=(table["concession_count"] + table["concession_negated"] > 0).astype(int)).to_csv(units)
    out = tmp_path / "est.csv"
    assert main(["validate", "estimate", str(units), "--measure", "concession_hit", "--coded", str(tmp_path / "sheet.key.csv"),
                 "--sheets", *sheets, "--code", "concession", "--on", "doc_id", "--on", "sent_id",
                 "--corpus", str(MINI), "--group", "outlet", "--out", str(out)]) == 0
    est = pd.read_csv(out)
    assert set(est["method"]) == {"naive", "coded", "corrected"}
    assert est[est["method"] == "naive"]["n_units"].iloc[0] == len(table)
    assert json.loads((tmp_path / "est.csv.manifest.json").read_text())["measure"] == "concession_hit"


def test_help_shows_examples(capsys):
    for cmd in (["model", "--help"], ["validate", "estimate", "--help"]):
        with pytest.raises(SystemExit):
            main(cmd)
        assert "examples:" in capsys.readouterr().out


def test_errors_are_messages(tmp_path, coded_csv, capsys):
    assert main(["model", "train", str(coded_csv), "--label", "nope", "--out", str(tmp_path / "m.json")]) == 2
    assert "no column(s) ['nope']" in capsys.readouterr().err
    assert main(["model", "train", str(coded_csv), "--label", "concession", "--hold-out", "0.2",
                 "--out", str(tmp_path / "m.json")]) == 4
    assert "--id-col" in capsys.readouterr().err


def test_estimate_from_external_labels_records_their_source(tmp_path, capsys):
    ids = [f"d{i:03d}" for i in range(60)]
    pd.DataFrame({"doc_id": ids, "prob": [0.9 if i % 3 == 0 else 0.1 for i in range(60)]}).to_csv(tmp_path / "l.csv", index=False)
    pd.DataFrame({"doc_id": ids[::4], "code": [1 if i % 3 == 0 else 0 for i in range(0, 60, 4)]}).to_csv(
        tmp_path / "coded.csv", index=False)
    (tmp_path / "src.yaml").write_text("tool: vllm\nmodel: llama-3.1-8b-instruct\nversion: '2024-07'\nprompt: Code 0/1.\n")
    out = tmp_path / "est.csv"
    assert main(["validate", "estimate", str(tmp_path / "l.csv"), "--source", str(tmp_path / "src.yaml"), "--measure", "prob",
                 "--coded", str(tmp_path / "coded.csv"), "--code", "code", "--out", str(out)]) == 0
    manifest = json.loads((tmp_path / "est.csv.manifest.json").read_text())
    assert manifest["labels"]["source"]["model"] == "llama-3.1-8b-instruct" and len(manifest["labels"]["sha256"]) == 64
    naive = pd.read_csv(out).set_index("method").loc["naive", "estimate"]
    assert naive == pytest.approx((20 * 0.9 + 40 * 0.1) / 60)


def test_part_trains_on_the_tuning_part_of_a_gold_set_and_evaluates_on_the_held_out_part(tmp_path, coded_csv, capsys):
    from framing.gold_split import gold_part

    small = pd.read_csv(coded_csv)  # rows of concession_v2.csv, under the gold set's own name
    path = tmp_path / "concession_v2.csv"
    small.to_csv(path, index=False)
    tune_items = set(gold_part("concession_v2.csv", "tune")["item"]) & set(small["item"])
    held_items = set(gold_part("concession_v2.csv", "heldout")["item"]) & set(small["item"])
    out = tmp_path / "m.json"
    assert main(["model", "train", str(path), "--label", "concession", "--part", "tune", "--C", "1", "--ngram-max", "1",
                 "--folds", "3", "--n-boot", "50", "--out", str(out)]) == 0
    model = json.loads(out.read_text())
    assert model["training"]["part"] == "tune" and model["training"]["rows"] == len(tune_items)
    capsys.readouterr()
    assert main(["model", "evaluate", str(path), "--model", str(out), "--part", "heldout", "--n-boot", "50"]) == 0
    assert f"{len(held_items)} rows in the heldout part" in capsys.readouterr().out
    # a file that is not one of the kit's gold sets has no stored split: a message, not a guess
    assert main(["model", "train", str(coded_csv), "--label", "concession", "--part", "tune", "--out", str(out)]) == 4
    assert "not one of the kit's gold sets" in capsys.readouterr().err
