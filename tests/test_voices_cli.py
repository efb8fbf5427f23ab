"""`framing voices` and `framing matches --voices` (issue 16)."""

import json

import pandas as pd

import framing
from framing.cli import main


def test_voices_writes_spans_that_cover_each_text(tmp_path, mini_corpus):
    out = tmp_path / "spans.csv"
    assert main(["voices", str(mini_corpus), "--id-col", "id", "--out", str(out)]) == 0
    spans = pd.read_csv(out, keep_default_na=False)
    assert list(spans.columns) == ["doc_id", "start", "end", "voice", "speaker", "kind"]
    corpus = framing.load_corpus(str(mini_corpus), id_col="id")
    texts = dict(zip(corpus["doc_id"], corpus["text"]))
    for doc_id, part in spans.groupby("doc_id"):
        assert part["start"].iloc[0] == 0 and part["end"].iloc[-1] == len(texts[doc_id])
        assert (part["start"].iloc[1:].to_numpy() == part["end"].iloc[:-1].to_numpy()).all()
    said = spans[(spans["doc_id"] == "a1") & (spans["voice"] == "source")]
    assert texts["a1"][said["start"].iloc[0]:said["end"].iloc[0]] == "talks may resume next week."
    assert said["speaker"].iloc[0] == "negotiators"


def test_no_clean_gives_offsets_into_the_raw_text(tmp_path):
    raw = "Share this article\n\nAnn Lee said the fund was empty.\n\nRead more: other stories"
    page = tmp_path / "page.txt"
    page.write_text(raw, encoding="utf-8")
    out = tmp_path / "spans.csv"
    assert main(["voices", str(page), "--no-clean", "--out", str(out)]) == 0
    spans = pd.read_csv(out, keep_default_na=False)
    assert spans["end"].iloc[-1] == len(raw)
    src = spans[spans["voice"] == "source"].iloc[0]
    assert raw[src["start"]:src["end"]] == "the fund was empty."


def test_institution_voice_from_the_command_line(tmp_path, mini_corpus):
    out = tmp_path / "spans.csv"
    assert main(["voices", str(mini_corpus), "--id-col", "id", "--institution", "Herald B=Herald Office",
                 "--out", str(out)]) == 0
    spans = pd.read_csv(out, keep_default_na=False)
    outlets = {json.loads(line)["id"]: json.loads(line)["outlet"] for line in mini_corpus.read_text().splitlines()}
    herald = spans[spans["doc_id"].map(outlets) == "Herald B"]
    assert "institution" in set(herald["voice"]) and "journalist" not in set(herald["voice"])
    assert "institution" not in set(spans[spans["doc_id"].map(outlets) == "Daily A"]["voice"])


def test_matches_with_voices(tmp_path, mini_corpus):
    out = tmp_path / "m.csv"
    assert main(["matches", str(mini_corpus), "--id-col", "id", "--lexicon", "hedging", "--voices",
                 "--out", str(out)]) == 0
    m = pd.read_csv(out, keep_default_na=False)
    assert list(m.columns)[-3:] == ["voice", "speaker", "voice_kind"]
    may = m[(m["doc_id"] == "a1") & (m["matched_text"] == "may")]
    assert may[["voice", "speaker", "voice_kind"]].values.tolist() == [["source", "negotiators", "indirect"]]


def test_voices_help_has_examples(capsys):
    try:
        main(["voices", "--help"])
    except SystemExit:
        pass
    assert "framing voices" in capsys.readouterr().out


def test_a_document_without_text_is_a_note_like_in_the_other_commands(tmp_path, capsys):
    path = tmp_path / "v.jsonl"
    path.write_text('{"id": "a", "text": "Kyiv will not yield, the minister said."}\n{"id": "b", "text": ""}\n', encoding="utf-8")
    assert main(["voices", str(path), "--id-col", "id", "--out", str(tmp_path / "spans.csv")]) == 0
    err = capsys.readouterr().err
    assert "framing: note: 1 document(s) with no text (1 empty" in err and "`framing load` names each" in err
    assert set(pd.read_csv(tmp_path / "spans.csv")["doc_id"]) == {"a"}
