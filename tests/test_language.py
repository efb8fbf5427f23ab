"""framing.language: one detector for documents, sentences and the corpus's language column."""

import hashlib
import json

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from framing import load_corpus, load_corpus_with_report
from framing.errors import ParameterError
from framing.language import (
    _MODEL_ARRAYS,
    KIT_LANGUAGES,
    SAMPLE_CHARS,
    UNDETERMINED,
    document_language,
    language_column,
    language_shares,
    normalise_language,
    sentence_languages,
)


def fixture_docs(path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.mark.parametrize("value, code", [
    ("ru", "ru"), ("RU", "ru"), ("ru-RU", "ru"), ("uk_UA", "uk"), ("rus", "ru"), ("ukr", "uk"), ("eng", "en"),
    ("Russian", "ru"), ("RUSSIAN", "ru"), ("Ukrainian", "uk"), ("English", "en"), ("русский", "ru"),
    ("Українська", "uk"), ("French", "fr"), ("de", "de"), (" en ", "en"), ("English (US)", "en"),
    ("", None), ("xx", None), ("none", None), (None, None), (float("nan"), None), ("12", None),
])
def test_normalise_language(value, code):
    assert normalise_language(value) == code


def test_fixture_documents_are_detected(mixed_languages):
    docs = fixture_docs(mixed_languages)
    assert [document_language(d["text"]) for d in docs] == [d["id"][:2] for d in docs]


def test_a_mixed_document_gets_its_majority_language_and_each_sentence_its_own(mixed_languages):
    doc = next(d for d in fixture_docs(mixed_languages) if d["id"] == "uk4")
    assert document_language(doc["text"]) == "uk"
    langs = sentence_languages(doc["text"])
    assert [lang for _, _, lang in langs] == ["uk", "uk", "uk", "en"]
    start, end, _ = langs[-1]
    assert doc["text"][start:end].startswith('"We hope the corridor')
    shares = language_shares(doc["text"])
    assert list(shares) == ["uk", "en"] and 0.2 < shares["en"] < 0.35


def test_a_short_or_unsure_sentence_keeps_its_documents_language():
    # alone, the first sentence scores Russian at about 0.5: Ukrainian in a Ukrainian text
    text = ("Переговори, можливо, продовжаться наступного тижня. Так. За даними офісу президента, делегації "
            "погодили порядок денний. Україна не поступиться своєю територією.")
    assert [lang for _, _, lang in sentence_languages(text)] == ["uk"] * 4


def test_a_quotation_in_the_other_cyrillic_language_is_found():
    text = ("Президент провів нараду щодо гарантій безпеки. «Мы не отступим ни на шаг от своих требований», "
            "— сказал Песков журналистам. Україна не поступиться своєю територією.")
    assert [lang for _, _, lang in sentence_languages(text)] == ["uk", "ru", "uk"]


def test_long_documents_are_read_from_a_bounded_sample_spread_over_the_text():
    russian = "Переговоры возобновились в Стамбуле, сообщили в министерстве. "
    english = "The talks resumed in Istanbul, the ministry said. "
    # mostly English, with a Russian opening longer than the whole sample: the sample sees both
    text = russian * 30 + english * 300
    assert len(russian * 30) > SAMPLE_CHARS
    assert document_language(text) == "en"
    assert document_language(english * 300 + russian * 30) == "en"


def test_texts_without_letters_and_other_scripts():
    assert document_language(" 12 -- 2022 ") == UNDETERMINED
    assert document_language("") == UNDETERMINED
    assert document_language("Die Gespräche wurden in Istanbul fortgesetzt.", None) == "de"
    assert document_language("Οι συνομιλίες συνεχίστηκαν στην Κωνσταντινούπολη.") == "el"  # not a guess among en/ru/uk
    assert document_language("停火谈判在伊斯坦布尔恢复。") not in KIT_LANGUAGES
    assert sentence_languages("Talks resumed. 2022.") == [(0, 14, "en"), (15, 20, UNDETERMINED)]


def test_language_column_keeps_given_values_and_detects_the_rest():
    table = language_column(["Talks resumed in Istanbul.", "Переговоры возобновились.", "Переговори відновилися.", ""],
                            given=["Russian", None, "xx", ""])
    assert table["language"].tolist() == ["ru", "ru", "uk", UNDETERMINED]
    assert table["language_source"].tolist() == ["column", "detected", "detected", "detected"]
    with pytest.raises(ParameterError, match="one per text"):
        language_column(["a", "b"], given=["en"])


def test_load_adds_language_after_the_metadata_and_reports_counts(mixed_languages):
    corpus, report = load_corpus_with_report(mixed_languages)
    assert corpus["language"].tolist() == corpus["doc_id"].str[:2].tolist()
    assert (corpus["language_source"] == "detected").all()
    columns = corpus.columns.tolist()
    assert columns.index("language") == columns.index("n_removed") + 1
    assert report.languages == {"en": 4, "ru": 4, "uk": 4} and report.languages_detected == 12
    assert "languages: en 4, ru 4, uk 4 (12 detected from the text, 0 from the input)" in str(report)
    assert report.provenance()["languages"] == {"en": 4, "ru": 4, "uk": 4}


@pytest.mark.parametrize("column", ["language", "lang", "Language"])
def test_a_language_column_of_the_input_wins_over_detection(column):
    df = pd.DataFrame({"text": ["Talks resumed in Istanbul.", "Переговори відновилися.", "Переговоры идут."],
                       column: ["RUS", None, "klingon"]})
    corpus, report = load_corpus_with_report(df)
    assert corpus["language"].tolist() == ["ru", "uk", "ru"]
    assert corpus["language_source"].tolist() == ["column", "detected", "detected"]
    assert "lang" not in corpus.columns and report.languages_detected == 2
    note = report.issues_table().query("reason == 'unknown language'")
    assert note["action"].tolist() == ["kept"] and "'klingon'" in note["detail"].iloc[0]


def test_a_mapping_names_the_language_column():
    df = pd.DataFrame({"text": ["Talks resumed in Istanbul."], "sprache": ["uk"]})
    corpus = load_corpus(df, columns={"sprache": "language"})
    assert corpus.loc[0, ["language", "language_source"]].tolist() == ["uk", "column"]


def test_bundled_press_releases_are_english():
    corpus = load_corpus("press-releases")
    assert set(corpus["language"]) == {"en"}


@pytest.mark.parametrize("dedup", [True, False])
def test_streamed_chunks_carry_the_same_language(mixed_languages, dedup):
    from framing import iter_corpus

    whole = load_corpus(mixed_languages)
    chunks = pd.concat(list(iter_corpus(mixed_languages, chunksize=5, dedup=dedup)), ignore_index=True)
    assert chunks[["doc_id", "language", "language_source"]].equals(whole[["doc_id", "language", "language_source"]])


def test_framing_load_prints_documents_per_language(mixed_languages, capsys):
    from framing.cli import main

    assert main(["load", str(mixed_languages)]) == 0
    assert "languages: en 4, ru 4, uk 4 (12 detected from the text, 0 from the input)" in capsys.readouterr().out


def test_script_decides_first_among_the_kit_languages(monkeypatch):
    """Among the kit's languages the script decides first: a Latin-script text is English without
    asking the classifier (English corpora pay nothing for detection, and no English text is
    scored with Russian or Ukrainian lexicons); Cyrillic text is classified between ru and uk only."""
    import framing.language as language

    asked: list[tuple] = []
    real = language._identifier

    def spy(candidates):
        asked.append(candidates)
        return real(candidates)

    monkeypatch.setattr(language, "_identifier", spy)
    texts = ["Zelenskyy, Yermak: Kharkiv oblast, Kyiv.", "Peskov: da, nyet, khorosho.", "Café résumé naïve. " * 50]
    assert [language.document_language(t) for t in texts] == ["en"] * len(texts)
    assert {lang for _, _, lang in language.sentence_languages(" ".join(texts))} == {"en"}
    assert asked == []
    assert language.document_language("Слава Україні! Героям слава!") == "uk"
    assert set(asked) == {("ru", "uk")}


def test_identifiers_for_other_candidates_share_one_model_and_classify_as_a_fresh_one():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    from framing.language import _identifier, _model

    texts = ["Переговоры возобновились в Стамбуле.", "Переговори відновилися у Стамбулі.", "Talks resumed.",
             "Les pourparlers ont repris.", "Οι συνομιλίες συνεχίστηκαν."]
    fresh = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    for candidates in [("ru", "uk"), KIT_LANGUAGES, None]:
        fresh.set_languages(None if candidates is None else list(candidates))
        shared = _identifier(None if candidates is None else tuple(candidates))
        assert [shared.classify(t) for t in texts] == [fresh.classify(t) for t in texts]
    assert len(_identifier(None).nb_classes) == len(_model().nb_classes) > 3  # narrowing a copy left the model whole
    assert _model.cache_info().misses == 1  # the model file was read once


def test_script_and_the_ascii_shortcut_give_what_counting_every_letter_gives():
    """_script counts ASCII letters apart (bytes.translate) and document_language takes an ASCII
    text's one Latin candidate without classifying its pieces: both as the plain definitions."""
    import random

    import framing.language as language

    def script(text: str) -> str:  # the definition: every letter counted by the three patterns
        letters = len(language._LETTER.findall(text))
        cyrillic, latin = len(language._CYRILLIC.findall(text)), len(language._LATIN.findall(text))
        if cyrillic + latin < letters / 2:
            return "other"
        return "cyrillic" if cyrillic > latin else "latin"

    pieces = ["Talks ", "résumé ", "Переговоры ", "відновилися ", "συνομιλίες ", "×÷ ", "½ ", "12 ", "_ ", "— ",
              "\u00ad", "中文 ", "  ", "Ω", "ß"]
    rnd = random.Random(7)
    for _ in range(400):
        text = "".join(rnd.choice(pieces) for _ in range(rnd.randrange(0, 12)))
        assert language._script(text) == script(text), text
    for text in ["", "   ", "1234 ...", "Talks resumed.", "x " + "1 " * 400, "1 " * 400 + "x", "Talks resumed. " * 80]:
        pieces_of = language._windows(text)
        langs = {language._text_language(p, KIT_LANGUAGES) for p in pieces_of} - {UNDETERMINED}
        assert document_language(text) == (langs.pop() if langs else UNDETERMINED), text


# --- a document whose letters are all Latin (curly quotes, dashes, accents) is read as an ASCII
# one is: no piece classified; the same answer as reading each piece

def _by_pieces(text):
    """document_language read plainly: each piece's language, then the pieces' majority."""
    from framing.language import KIT_LANGUAGES, UNDETERMINED, _letters, _text_language, _windows

    pieces = _windows(text)
    if len(pieces) == 1:
        return _text_language(text, KIT_LANGUAGES)
    langs = [_text_language(piece, KIT_LANGUAGES) for piece in pieces]
    letters = {}
    for piece, lang in zip(pieces, langs):
        letters[lang] = letters.get(lang, 0) + _letters(piece)
    known = {lang: n for lang, n in letters.items() if lang != UNDETERMINED}
    return max(known, key=lambda lang: known[lang]) if known else UNDETERMINED


_CHUNKS = ["Talks ", "resumed. ", "Zürich ", "“soon” ", "— ", "× ", "½ ", "Київ ", "переговоры ", "Ωmega ",
           "12 ", "  ", "\u0301", "ﬁne ", "ǅ ", "\u0483 ", "İstanbul "]


@given(st.lists(st.sampled_from(_CHUNKS), max_size=400))
@settings(max_examples=120, deadline=None)
def test_latin_only_documents_get_the_language_their_pieces_give(chunks):
    from framing.language import document_language

    text = "".join(chunks)
    assert document_language(text) == _by_pieces(text)


def test_a_latin_only_document_is_told_apart_without_the_classifier():
    from framing.language import _latin_only

    assert _latin_only("“Talks” in Zürich — résumé, naïve, Łódź.") and _latin_only("plain ASCII")
    assert not _latin_only("Talks in Київ.") and not _latin_only("Ωmega") and not _latin_only("½ cup")
    assert not _latin_only("ﬁne")  # a letter the script test does not count as Latin (the ligature ﬁ)
    assert not _latin_only("x\u0483")  # a Cyrillic mark: counted as Cyrillic by the script test


def _plain_windows(text, size, windows):
    """The sample windows read plainly: all of them cut at once."""
    if len(text) <= size:
        return [text]
    width, pieces = size // windows, []
    for k in range(windows):
        start = (len(text) - width) * k // (windows - 1)
        start = text.find(" ", start) + 1 if k else 0
        end = text.rfind(" ", start, start + width)
        pieces.append(text[start:end if end > start else start + width])
    return pieces


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(["a", "ы", " ", "1", ".", "\n"]), max_size=90), st.integers(1, 40),
       st.integers(2, 5))
def test_sample_windows_cut_one_at_a_time_are_the_plain_windows(text, size, windows):
    from framing.language import _window_bounds, _windows

    cut = [text[start:end] for start, end in _window_bounds(text, size, windows)]
    assert cut == _windows(text, size, windows) == _plain_windows(text, size, windows)


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet="a1 ._é½", max_size=900), st.integers(0, 700))
def test_a_window_with_a_letter_is_found_as_the_cut_windows_are_searched(text, digits):
    # the windows are searched in place (a text that starts with a letter: not at all); the answer
    # is the search of every cut window
    from framing.language import _LETTER, _window_with_letter, _windows

    for t in (text, "1 " * digits + text, "12" * digits + text):
        assert _window_with_letter(t) == any(_LETTER.search(piece) for piece in _windows(t))


@pytest.fixture
def fresh_model(tmp_path, monkeypatch):
    """framing.language._model as a new process finds it, with the kit's cache in ``tmp_path / "cache"``."""
    from framing import language

    monkeypatch.setenv("FRAMING_CACHE", str(tmp_path / "cache"))
    language._model.cache_clear()
    yield language._model
    language._model.cache_clear()


def _same_identifier(ours, theirs) -> None:
    import numpy as np
    from py3langid.langid import LanguageIdentifier

    for name in LanguageIdentifier.__slots__:
        a, b = getattr(ours, name), getattr(theirs, name)
        if name == "_full_model":
            assert all(np.array_equal(x, y) for x, y in zip(a, b)), name
        elif isinstance(b, np.ndarray):
            assert a.dtype == b.dtype and np.array_equal(a, b), name
        else:
            assert type(a) is type(b) and a == b, name


def test_model_is_py3langids_read_from_its_file_then_from_the_cache(fresh_model, tmp_path):
    """The kit reads py3langid's model file itself, keeping the decompressed arrays in its cache
    (framing.language._model): every field of the identifier, made either way, equals the one
    py3langid's own reader makes."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    theirs = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    _same_identifier(fresh_model(), theirs)  # decompressed (no copy yet)
    copies = list((tmp_path / "cache").glob("py3langid-*"))
    assert len(copies) == 1 and copies[0].is_dir()
    files = sorted(copies[0].iterdir())
    assert [f.name for f in files] == [f"{key}.npy" for key in sorted(_MODEL_ARRAYS)]
    assert sum(f.stat().st_size for f in files) > 60_000_000
    fresh_model.cache_clear()
    for f in files:
        f.touch()
    before = [f.stat().st_mtime_ns for f in files]
    _same_identifier(fresh_model(), theirs)  # mapped from the copy, which stays as it was
    assert [f.stat().st_mtime_ns for f in files] == before
    assert isinstance(fresh_model().nb_ptc, np.memmap)  # (mapped, not read: what makes it quick)


@pytest.mark.parametrize("damage", ["cut short", "missing", "not a .npy"])
def test_a_broken_cached_model_is_made_again(fresh_model, tmp_path, damage):
    fresh_model()
    (folder,) = (tmp_path / "cache").glob("py3langid-*")
    copy = folder / "nextmove.npy"
    whole = copy.read_bytes()
    if damage == "cut short":  # (a full disk, a killed process)
        copy.write_bytes(whole[: len(whole) // 2])
    elif damage == "missing":
        copy.unlink()
    else:
        copy.write_bytes(b"something else")
    fresh_model.cache_clear()
    assert fresh_model().classify("Talks resumed in Istanbul.")[0] == "en"
    assert copy.read_bytes() == whole


def test_a_copy_in_the_earlier_one_file_layout_is_replaced(fresh_model, tmp_path):
    from py3langid.langid import MODEL_DIR, MODEL_FILE

    digest = hashlib.sha256((MODEL_DIR / MODEL_FILE).read_bytes()).hexdigest()[:32]
    old = tmp_path / "cache" / f"py3langid-{digest}.npz"
    old.parent.mkdir()
    old.write_bytes(b"an npz as earlier versions kept it")
    assert fresh_model().classify("Talks resumed in Istanbul.")[0] == "en"
    assert not old.exists() and (tmp_path / "cache" / f"py3langid-{digest}").is_dir()


def test_the_model_is_read_without_a_cache_when_it_is_off_or_cannot_be_written(fresh_model, tmp_path, monkeypatch):
    monkeypatch.setenv("FRAMING_CACHE", "off")
    assert fresh_model().classify("Talks resumed in Istanbul.")[0] == "en"
    assert not (tmp_path / "cache").exists()
    (tmp_path / "taken").write_text("a file where the cache folder would be")
    monkeypatch.setenv("FRAMING_CACHE", str(tmp_path / "taken"))
    fresh_model.cache_clear()
    assert fresh_model().classify("Talks resumed in Istanbul.")[0] == "en"
    assert (tmp_path / "taken").read_text() == "a file where the cache folder would be"


def test_cache_dir_follows_the_environment(monkeypatch, tmp_path):
    from framing.paths import cache_dir

    monkeypatch.setenv("FRAMING_CACHE", str(tmp_path / "c"))
    assert cache_dir() == tmp_path / "c"
    monkeypatch.setenv("FRAMING_CACHE", "OFF")
    assert cache_dir() is None
    monkeypatch.delenv("FRAMING_CACHE")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_dir() == tmp_path / "xdg" / "framing"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache_dir() == tmp_path / "home" / ".cache" / "framing"


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(st.none(), st.text(alphabet=st.sampled_from(list("aZ1 _½.-\n") + ["é", "“", "ы", "Ω"]),
                                              max_size=30)), max_size=8),
       st.sampled_from([("en", "ru", "uk"), ("ru", "uk"), ("en",), ("en", "fr"), None]))
def test_language_column_detects_what_document_language_finds(texts, candidates):
    """language_column takes an ASCII text that starts with a letter as the one Latin candidate at once."""
    from framing.language import document_language, language_column

    found = language_column(texts, None, candidates)["language"].tolist()
    assert found == [document_language(text or "", candidates) for text in texts]
