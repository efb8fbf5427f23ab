"""Short Russian and Ukrainian texts in legacy Cyrillic code pages are detected (not read as a
Latin code page), and ``encoding=`` / ``--encoding`` forces one, with a clear error for a bad name."""

from __future__ import annotations

import pytest

from framing.cli import main
from framing.corpus import load_corpus
from framing.corpus.formats import detect_encoding
from framing.errors import ParameterError

RU = "Москва. Министр заявил во вторник, что переговоры продолжатся на следующей неделе."
UK = "Київ. Міністр заявив у вівторок, що перемовини з партнерами тривають і їхні підсумки оприлюднять."
ENCODINGS = ["cp1251", "koi8_r", "koi8_u", "iso8859_5", "cp866"]


@pytest.mark.parametrize("text", [RU, UK, RU[:40], UK[:40]], ids=["ru", "uk", "ru-short", "uk-short"])
@pytest.mark.parametrize("encoding", ENCODINGS)
def test_legacy_cyrillic_is_read_as_written(text, encoding):
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        pytest.skip(f"{encoding} has no letter for part of this text")
    assert data.decode(detect_encoding(data)) == text  # was e.g. cp1250 for cp1251: mojibake


@pytest.mark.parametrize("text", ["Мир", "Київ", "Привет", "Україна", "Заявление МИД", "Путин сказал"])
def test_a_word_or_two_is_enough(text):
    for encoding in ENCODINGS:
        try:
            data = text.encode(encoding)
        except UnicodeEncodeError:
            continue
        assert data.decode(detect_encoding(data)) == text, encoding


def test_other_code_pages_are_left_to_the_general_detector():
    greek = "\u0397 \u0395\u03bb\u03bb\u03ac\u03b4\u03b1 \u03ba\u03b1\u03b9 \u03b7 \u039a\u03cd\u03c0\u03c1\u03bf\u03c2"
    assert detect_encoding((greek + " \u03c3\u03c5\u03bc\u03c6\u03ce\u03bd\u03b7\u03c3\u03b1\u03bd").encode("cp1253")) == "cp1253"


def test_latin_code_pages_stay_latin():
    for text in ("Caf\u00e9 talks resumed, the minister said on Tuesday.", "\u00dcber die Stra\u00dfe, sagte er.",
                 "Rendez-vous \u00e0 Paris, dit-il."):
        assert detect_encoding(text.encode("cp1252")) == "cp1252"


def test_encoding_forced_and_checked(tmp_path):
    path = tmp_path / "ru.csv"
    path.write_bytes(("text\n\"" + RU + "\"\n").encode("cp1251"))
    assert load_corpus(str(path), encoding="cp1251", dedup=False)["text"].tolist() == [RU]
    assert load_corpus(str(path), encoding="cp866", dedup=False)["text"].tolist() != [RU]  # forced, not detected
    for name in ("cp9999", "base64"):  # unknown; not a text encoding
        with pytest.raises(ParameterError, match=f"`encoding` got '{name}'; expected a Python codec name"):
            load_corpus(str(path), encoding=name)


@pytest.mark.parametrize("command", ["load", "score", "matches", "dedup", "voices"])
def test_cli_encoding_option(command, tmp_path, capsys):
    path = tmp_path / "uk.txt"
    path.write_bytes(UK.encode("koi8_u"))
    with pytest.raises(SystemExit) as exc:
        main([command, str(path), "--encoding", "koi8-x", *(["--out", str(tmp_path / "o.csv")] * (command == "dedup"))])
    assert exc.value.code == 2 and "argument --encoding: `encoding` got 'koi8-x'" in capsys.readouterr().err
    out = tmp_path / "out.csv"
    assert main([command, str(path), "--encoding", "koi8-u", "--out", str(out)]) == 0
    if command == "load":
        import pandas as pd
        assert pd.read_csv(out)["text"].tolist() == [UK]


@pytest.mark.parametrize("text", ["Minister powiedział we wtorek, że rozmowy będą kontynuowane w przyszłym tygodniu.",
                                  "Może w przyszłym tygodniu.", "Łódź i Kraków są ważne."])
def test_polish_in_cp1250_is_not_read_as_cp1252(text):
    """cp1252 reads cp1250's ł ą ż as ³ ¹ ¿: a symbol inside a word ("przysz³ym", "mo¿e") is Polish."""
    assert detect_encoding(text.encode("cp1250")) == "cp1250"


@pytest.mark.parametrize("text", ["¿Qué pasó? dijo él.", "A 5 m³ tank, nº 4, ¼ full, £5 and ¥3, said Smith¹.",
                                  "Café talks resumed, the minister said on Tuesday."])
def test_cp1252_symbols_outside_words_stay_cp1252(text):
    assert detect_encoding(text.encode("cp1252")) == "cp1252"


def test_polish_without_such_a_letter_inside_a_word_is_a_known_limit(tmp_path):
    """Only word-final ł/ą (cp1252 has "m³", footnote¹ there) or letters that cp1252 reads as letters too
    (ę ê, ś œ): not told from cp1252; ``encoding="cp1250"`` reads it."""
    text = "Premier spotkał się z nim."
    path = tmp_path / "pl.txt"
    path.write_bytes(text.encode("cp1250"))
    assert detect_encoding(path.read_bytes()) == "cp1252"
    assert load_corpus(str(path), encoding="cp1250", dedup=False)["text"].tolist() == [text]
