"""Every input format and encoding loads with the right text and metadata."""

import gzip
import io
import json

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from framing import load_corpus
from framing.corpus import load_corpus_with_report

BODY = "Talks on the grain corridor resume in Istanbul.\n\nKyiv’s négociateurs said “no concessions”."


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "cp1252"])
def test_text_encodings_are_detected(tmp_path, encoding):
    path = tmp_path / f"page_{encoding}.txt"
    path.write_bytes(("Grain talks\n\n" + BODY).encode(encoding))
    corpus, report = load_corpus_with_report(path)
    assert corpus.loc[0, "title"] == "Grain talks"
    assert corpus.loc[0, "text"] == BODY
    assert report.files[0].encoding.replace("_", "-").startswith(encoding.split("-sig")[0][:6])


def test_latin1_text_is_decoded(tmp_path):
    text = "Café à Kyiv: the naïve façade of détente, said the ministère in a long statement on Monday."
    path = tmp_path / "latin.txt"
    path.write_bytes(("Détente\n\n" + text).encode("latin-1"))
    assert load_corpus(path).loc[0, "text"] == text


def test_text_is_normalised_to_nfc(tmp_path):
    path = tmp_path / "nfd.jsonl"
    path.write_text(json.dumps({"text": "Cafe\u0301 talks", "title": "Re\u0301sume\u0301"}) + "\n", encoding="utf-8")
    doc = load_corpus(path).iloc[0]
    assert doc["text"] == "Caf\u00e9 talks" and doc["title"] == "R\u00e9sum\u00e9"


def test_csv_semicolon_quoted_newlines_and_column_aliases(tmp_path):
    path = tmp_path / "export.csv"
    path.write_text('Headline;Body;Publish_Date;Link;Source;Author\n'
                    '"Talks resume";"First paragraph.\nSecond; with semicolon.";2022-03-01T10:00:00Z;'
                    'https://a.org/1;Daily A;Ann Writer\n'
                    '"No deal";"Kyiv will not cede land.";"Tue, 15 Mar 2022 09:00:00 +0200";https://a.org/2;Daily A;\n',
                    encoding="utf-8")
    corpus = load_corpus(path)
    assert corpus["title"].tolist() == ["Talks resume", "No deal"]
    assert corpus.loc[0, "text"] == "First paragraph.\nSecond; with semicolon."  # clean text kept as is
    assert corpus["published"].tolist() == [pd.Timestamp("2022-03-01 10:00", tz="UTC"),
                                            pd.Timestamp("2022-03-15 07:00", tz="UTC")]
    assert corpus["url"].tolist() == ["https://a.org/1", "https://a.org/2"]
    assert corpus["outlet"].tolist() == ["Daily A", "Daily A"]
    assert corpus["author"].tolist() == ["Ann Writer", ""]
    assert set(corpus["title_source"]) == {"column"} and set(corpus["published_source"]) == {"column"}


def test_tsv_gz(tmp_path):
    path = tmp_path / "export.tsv.gz"
    path.write_bytes(gzip.compress(b"id\ttext\tdate\nx1\tA, b, c text.\t2022-01-02\n"))
    corpus = load_corpus(path)
    assert corpus[["doc_id", "text"]].values.tolist() == [["x1", "A, b, c text."]]
    assert corpus.loc[0, "published"] == pd.Timestamp("2022-01-02", tz="UTC")


def test_jsonl_gz_and_json_array(tmp_path):
    rows = [{"id": "j1", "content": "One text.", "headline": "H1"}, {"id": "j2", "content": "Two text.", "headline": "H2"}]
    (tmp_path / "a.jsonl.gz").write_bytes(gzip.compress("\n".join(json.dumps(r) for r in rows).encode()))
    (tmp_path / "b.json").write_text(json.dumps([{"id": "k1", "text": "Three text."}]), encoding="utf-8")
    corpus = load_corpus(tmp_path)
    assert corpus["doc_id"].tolist() == ["j1", "j2", "k1"]
    assert corpus["title"].tolist() == ["H1", "H2", ""]


@pytest.mark.parametrize("gz", [False, True])
def test_parquet(tmp_path, gz):
    frame = pd.DataFrame({"article": ["Parquet body one.", "Parquet body two."], "title": ["P1", "P2"],
                          "published": pd.to_datetime(["2022-05-01", "2022-05-02"]), "views": [3, 4]})
    buf = io.BytesIO()
    frame.to_parquet(buf)
    path = tmp_path / ("x.parquet.gz" if gz else "x.parquet")
    path.write_bytes(gzip.compress(buf.getvalue()) if gz else buf.getvalue())
    corpus = load_corpus(path)
    assert corpus["text"].tolist() == ["Parquet body one.", "Parquet body two."]
    assert corpus["published"].dt.day.tolist() == [1, 2] and str(corpus["published"].dt.tz) == "UTC"
    assert corpus["views"].tolist() == [3, 4]


def test_html_page_text_and_metadata(corpus_fixtures):
    doc = load_corpus(corpus_fixtures / "article.html").iloc[0]
    paragraphs = doc["text"].split("\n\n")
    assert len(paragraphs) == 4
    assert paragraphs[0].startswith("Ukrainian President Volodymyr Zelenskiy said he could accept")
    for junk in ("Advertisement", "Read more", "Recommended", "cookies", "Home", "©"):
        assert junk not in doc["text"]
    assert doc["title"] == "Zelenskiy open to cease-fire under NATO umbrella"
    assert (doc["outlet"], doc["outlet_source"]) == ("Example News", "html-meta")
    assert doc["url"] == "https://news.example.org/world/2024/12/06/zelenskiy-ceasefire-nato"
    assert doc["published"].date().isoformat() == "2024-12-06" and doc["published_source"] == "html-meta"
    assert doc["author"] == "Jane Example"


def test_folder_of_scraped_text_files_and_glob(corpus_fixtures):
    folder = load_corpus(corpus_fixtures / "wire")
    globbed = load_corpus(str(corpus_fixtures / "wire" / "*.txt"))
    assert len(folder) == 4 and folder["doc_id"].tolist() == globbed["doc_id"].tolist()
    assert set(folder["agency"]) == {"Reuters", ""}
    assert folder.set_index(folder["source_path"].str.rsplit("/", n=1).str[-1]).loc[
        "worldnews_copy.txt", "outlet"] == "World News Daily"


def test_unknown_extension_is_sniffed(tmp_path):
    path = tmp_path / "dump.data"
    path.write_text('{"text": "Sniffed as JSON lines."}\n', encoding="utf-8")
    assert load_corpus(path)["text"].tolist() == ["Sniffed as JSON lines."]


def test_dataframe_input_is_not_modified():
    frame = pd.DataFrame({"body": ["(Reuters) - Text one.", None], "link": ["https://x.org/1", "https://x.org/2"]})
    before = frame.copy()
    corpus, report = load_corpus_with_report(frame, outlet="Wire")
    pd.testing.assert_frame_equal(frame, before)
    assert corpus["text"].tolist() == ["Text one."]
    assert (corpus.loc[0, "agency"], corpus.loc[0, "outlet"], corpus.loc[0, "outlet_source"]) == \
        ("Reuters", "Wire", "argument")
    assert [(i["reason"], i["line"]) for i in report.issues] == [("empty text", 2)]


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(["a", " ", "é", "’", "Ω", "한", "\U0001f600", "\ud800", "\udfff", "\ud83d",
                                         "\ude00", "\ufffd", "\x00"]), max_size=12))
def test_without_surrogates_replaces_every_surrogate_code_point_and_keeps_other_texts_as_they_are(text):
    # (a surrogate is found by encoding the text as UTF-8: the one code point it cannot encode)
    import re

    from framing.corpus.formats import without_surrogates

    out, n = without_surrogates(text)
    assert (out, n) == re.subn("[\ud800-\udfff]", "\ufffd", text)
    assert n or out is text
