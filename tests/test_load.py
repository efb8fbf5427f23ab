import gzip
import unicodedata

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from framing import load_corpus
from framing.corpus import CORPUS_COLUMNS
from framing.errors import InputError


def test_press_releases_load_with_mapping_and_outlets():
    corpus = load_corpus("press-releases")
    assert list(corpus.columns[:7]) == CORPUS_COLUMNS
    assert corpus["outlet"].value_counts().to_dict() == {"president.gov.ua": 980, "kremlin.ru": 816}
    assert str(corpus["published"].dt.tz) == "UTC"
    assert corpus["url"].str.startswith("http").all()
    assert corpus["doc_id"].is_unique
    assert (corpus["text"].str.len() > 0).all()


def test_doc_id_is_stable_and_independent_of_row_order(tmp_path):
    df = pd.DataFrame({"text": ["one text", "two text"], "url": ["https://x.org/1", "https://x.org/2"]})
    forward = load_corpus(df).set_index("url")["doc_id"]
    backward = load_corpus(df.iloc[::-1]).set_index("url")["doc_id"]
    assert forward.to_dict() == backward.to_dict()


def test_example_article_is_cleaned():
    doc = load_corpus("example-article").iloc[0]
    assert doc["title"] == "Zelenskiy Suggests Cease-Fire If NATO Protects Unoccupied Land"
    assert doc["agency"] == "Bloomberg" and doc["outlet"] == "Prime Headlines" and doc["year"] == 2024
    paragraphs = doc["text"].split("\n\n")
    assert len(paragraphs) == 8
    assert paragraphs[0].startswith("Ukraine President Volodymyr Zelenskiy suggested he’d accept")
    assert paragraphs[-1].endswith("which Trump is expected to pursue.")
    for junk in ("You May Be Interested", "Earlier:", "More stories like this", "Similar Content", "Paylaş", "©"):
        assert junk not in doc["text"]


def test_jsonl_with_id_column_keeps_ids(mini_corpus):
    corpus = load_corpus(mini_corpus)
    assert list(corpus["doc_id"]) == ["a1", "a2", "a3", "b1", "b2", "b3"]
    assert corpus.loc[0, "published"] == pd.Timestamp("2022-03-01", tz="UTC")


def test_plain_text_gzip_and_folder(tmp_path):
    (tmp_path / "one.txt").write_text("A title\n\nFirst paragraph.\n\nSecond.", encoding="utf-8")
    (tmp_path / "two.txt.gz").write_bytes(gzip.compress(b"Other title\n\nBody here."))
    corpus = load_corpus(tmp_path)
    assert sorted(corpus["title"]) == ["A title", "Other title"]
    assert corpus.set_index("title").loc["A title", "text"] == "First paragraph.\n\nSecond."


def test_csv_without_text_column_names_file_and_fix(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"bad\.csv: no text column .*--text-col"):
        load_corpus(path)


def test_broken_jsonl_line_is_named(tmp_path):
    path = tmp_path / "broken.jsonl"
    path.write_text('{"text": "ok"}\n{"text": \n', encoding="utf-8")
    with pytest.raises(InputError, match=r"broken\.jsonl:2: broken JSON"):
        load_corpus(path)


def test_inputs_are_not_modified(tmp_path, mini_corpus):
    before = mini_corpus.read_bytes()
    load_corpus(mini_corpus)
    assert mini_corpus.read_bytes() == before


def test_clean_table_text_is_kept_exactly_so_offsets_match_the_raw_text(mini_corpus):
    import json

    raw = {json.loads(line)["id"]: json.loads(line)["text"] for line in mini_corpus.read_text().splitlines()}
    corpus = load_corpus(mini_corpus)
    assert dict(zip(corpus["doc_id"], corpus["text"])) == raw  # b1 has a line break inside a sentence


def test_texts_differing_only_in_spacing_are_one_document_not_an_error():
    """Found by hypothesis: such texts share their stable doc_id, so they are reported duplicates."""
    from framing import load_corpus_with_report

    corpus, report = load_corpus_with_report(pd.DataFrame({"text": ["5 5 5  0 ", "5 5 5 0 "]}))
    assert len(corpus) == 1
    assert "duplicate" in str(report)


def test_texts_and_metadata_of_a_chunk_are_nfc_with_surrogates_replaced_whatever_their_neighbours():
    """Each value gets its own result (an ASCII one is taken as it is): an NFD text, a combining
    mark at a value's edge or a lone surrogate does not change its neighbours."""
    import random

    from framing.corpus import load
    from framing.corpus.audit import LoadReport
    from framing.corpus.formats import without_surrogates

    pieces = ["Talks", "e", "\u0301", "Cafe\u0301", "Café", "\ud800", " ", "", "한", "\u1100\u1161", "Ω"]
    rnd = random.Random(3)
    for _ in range(200):
        values = ["".join(rnd.choice(pieces) for _ in range(rnd.randrange(0, 3))) for _ in range(rnd.randrange(1, 5))]
        opts = load._options(None, None, None, "", True, None, "raise", LoadReport())
        expected = [unicodedata.normalize("NFC", without_surrogates(v)[0]) for v in values]
        assert load._plain_strings(values, ["x"] * len(values), opts) == expected
        assert load._checked_texts(values, ["x"] * len(values), [None] * len(values), opts) == expected


# characters NFC joins, reorders or replaces (accents, <+U+0338 = ≮, Hangul jamo, Kannada and Oriya vowel
# signs, a Greek tonos, Å, U+0340, U+0344), with ASCII, Cyrillic and a lone surrogate around them
_NFC_PIECES = ["a", "e", " ", "<", "=", "x1", "\u0301", "\u0300", "\u0308", "\u0323", "\u0327", "\u0338", "\u0340",
               "\u0344", "\u0345", "\u0306", "\u0374", "\u0370", "\u0391", "\u0591", "\u05b0", "\u1100", "\u1161",
               "\u11a8", "한", "\u0cc6", "\u0cd5", "\u0b47", "\u0b3e", "\u212b", "é", "Å", "ш", "и", "\u2019", "\ud800"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_NFC_PIECES), max_size=60))
def test_nfc_in_pieces_is_nfc_of_the_whole_text(pieces):
    """formats.nfc cuts a text with accents before ASCII characters and normalises the pieces alone
    (from the text, or told by its UTF-8 bytes): the same as normalising the whole text."""
    from framing.corpus import formats

    text = "".join(pieces)
    expected = unicodedata.normalize("NFC", text)
    assert formats.nfc(text) == expected
    assert formats.nfc(text, text.encode("utf-8", "surrogatepass")) == expected
    cuts = formats._nfc_cuts(text)
    if cuts is not None:  # each cut but the text's ends is before an ASCII character
        assert cuts == sorted(cuts) and cuts[0] == 0 and cuts[-1] == len(text)
        assert all(text[at].isascii() for at in cuts if 0 < at < len(text))
    if "\ud800" not in text:
        assert formats.plain_text(text) == (expected, 0)


def test_nfc_of_a_text_with_many_accents_is_normalised_whole():
    from framing.corpus import formats

    text = "Cafe\u0301 " * 200
    assert formats._nfc_cuts(text) is None
    assert formats.nfc(text) == unicodedata.normalize("NFC", text)
    few = "Talks in Cafe\u0301 Zu\u0308rich. " + "Nothing to see. " * 100
    assert formats._nfc_cuts(few) is not None and formats.nfc(few) == unicodedata.normalize("NFC", few)


def test_broken_links_in_an_input_folder_are_named_not_passed_over_in_silence(tmp_path):
    from framing.corpus import load_corpus_with_report

    (tmp_path / "a.jsonl").write_text('{"id": "a", "text": "Talks may resume."}\n', encoding="utf-8")
    (tmp_path / "gone.jsonl").symlink_to(tmp_path / "nowhere" / "x.jsonl")
    (tmp_path / "l1.jsonl").symlink_to(tmp_path / "l2.jsonl")  # a loop
    (tmp_path / "l2.jsonl").symlink_to(tmp_path / "l1.jsonl")
    corpus, report = load_corpus_with_report(str(tmp_path))
    assert corpus["doc_id"].tolist() == ["a"]
    named = {(i["source"].rsplit("/", 1)[-1], i["reason"]) for i in report.issues}
    assert {("gone.jsonl", "broken link"), ("l1.jsonl", "broken link"), ("l2.jsonl", "broken link")} <= named
    assert "broken link: a link in an input folder that leads to no file" in str(report)


def test_all_number_dates_are_read_one_way_and_never_guessed(tmp_path):
    from framing.corpus import load_corpus_with_report

    path = tmp_path / "d.csv"
    path.write_text("id,text,published\na,One.,04.03.2022\nb,Two.,13/04/2022\nc,Three.,04/13/2022\n"
                    "d,Four.,03/04/2022\ne,Five.,03/03/2022\n", encoding="utf-8")
    corpus, report = load_corpus_with_report(str(path), dedup=False)
    got = dict(zip(corpus["doc_id"], corpus["published"].dt.strftime("%Y-%m-%d").fillna("NaT")))
    # dotted: day first (Russian, Ukrainian, German); a number over 12 decides; 03/04 could be either: no guess
    assert got == {"a": "2022-03-04", "b": "2022-04-13", "c": "2022-04-13", "d": "NaT", "e": "2022-03-03"}
    notes = [i["detail"] for i in report.issues if i["reason"] == "unparsed date"]
    assert notes == ["published '03/04/2022' could be day/month or month/day; give dates as YYYY-MM-DD; set to NaT"]


@pytest.mark.parametrize("ids", [["a", "b", "c"], ["a", "", "c"], None])
def test_doc_ids_are_the_given_ids_else_the_stable_hash_id_row_by_row(ids):
    # an id on every row is taken as it is; else each row is read: its id, its URL's hash, its text's hash
    from framing.corpus.load import POSITIONAL_ID, _doc_ids, _stable_id

    urls, cleaned, texts = ["https://x.example/1", "", ""], ["Talks.", "Talks resumed.", ""], ["Talks.", "Talks resumed.", " "]
    expected = [(ids[i] if ids else "") or (_stable_id(urls[i], cleaned[i]) if urls[i] or cleaned[i] else POSITIONAL_ID)
                for i in range(3)]
    assert _doc_ids(ids, urls, cleaned, texts) == expected
    assert expected[2] == (ids[2] if ids else POSITIONAL_ID)
