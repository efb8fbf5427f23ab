"""News-archive exports (Nexis Uni / LexisNexis, Factiva, ProQuest, Media Cloud, zip): every
field with its source, and every broken article or leftover line in the load report."""

import importlib.util
import json
import shutil
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from framing.corpus import load_corpus_with_report
from framing.corpus.archives import read_bytes, sniff_bytes, sniff_path
from framing.corpus.archives.extract import docx_lines, rtf_lines
from framing.errors import InputError

ARCHIVES = Path(__file__).parent.parent / "fixtures" / "archives"


def load(*names: str, **kw):
    return load_corpus_with_report([ARCHIVES / n for n in names], errors="skip", **kw)


def notes(report, reason: str) -> pd.DataFrame:
    issues = report.issues_table()
    return issues[issues["reason"] == reason]


def test_fixtures_are_what_make_fixtures_writes():
    spec = importlib.util.spec_from_file_location("make_fixtures", ARCHIVES / "make_fixtures.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    for name, data in module.build().items():
        assert (ARCHIVES / name).read_bytes() == data, f"{name}: run tests/fixtures/archives/make_fixtures.py"


# (file, articles, index, expected fields of that article) -- each with its *_source
FIELDS = [
    ("nexis_uni_multi.docx", 3, 0, {
        "title": ("Talks in Belarus end without a deal", "nexis:title-line"),
        "outlet": ("The Daily Ledger (London)", "nexis:publication-line"),
        "published": (pd.Timestamp("2022-02-28", tz="UTC"), "nexis:date-line"),
        "author": ("Mara Ellis in Kyiv", "nexis:Byline"), "section": ("WORLD NEWS", "nexis:Section"),
        "length": (92, "nexis:Length"), "language": ("en", "nexis:Language")}),
    ("nexis_uni_single.docx", 1, 0, {
        "title": ("Grain corridor plan gains support", "nexis:title-line"),
        "section": ("BUSINESS; Pg. 14", "nexis:Section"), "author": ("Tom Baines", "nexis:Byline")}),
    ("nexis_uni.rtf", 2, 1, {
        "title": ("Ceasefire hopes fade as shelling resumes", "nexis:title-line"),
        "published": (pd.Timestamp("2022-03-05 18:45", tz="UTC"), "nexis:date-line"),
        "length": (48, "nexis:Length")}),
    ("nexis_classic.txt", 3, 0, {
        "title": ("Mediators push for humanitarian corridors", "nexis:title-line"),
        "outlet": ("The Morning Standard (Sydney)", "nexis:publication-line"),
        "published": (pd.Timestamp("2022-03-08", tz="UTC"), "nexis:date-line"),
        "author": ("Priya Nair", "nexis:BYLINE"), "section": ("WORLD; Pg. 9", "nexis:SECTION"),
        "length": (74, "nexis:LENGTH"), "language": ("en", "nexis:LANGUAGE")}),
    ("factiva.txt", 2, 0, {
        "title": ("Ukraine, Russia resume talks in Istanbul", "factiva:HD"),
        "outlet": ("Global Wire Service", "factiva:SN"), "author": ("Anna Kowal", "factiva:BY"),
        "published": (pd.Timestamp("2022-03-29 10:15", tz="UTC"), "factiva:PD+ET"),
        "length": (58, "factiva:WC"), "language": ("en", "factiva:LA"),
        "doc_id": ("GWS0000020220329ei3t00abc", None)}),
    ("factiva.rtf", 2, 1, {
        "title": ("Zaporizhzhia plant talks in Vienna", "factiva:HD"),
        "outlet": ("Café Européen Weekly", "factiva:SN"), "language": ("fr", "factiva:LA"),
        "text": ("Les discussions sur la centrale se poursuivent à Vienne.", None)}),
    ("factiva.html", 2, 0, {
        "title": ("Grain talks to continue in Geneva", "factiva:HD"), "outlet": ("Alpine Post", "factiva:SN"),
        "published": (pd.Timestamp("2022-07-12", tz="UTC"), "factiva:PD"), "author": ("Lena Roth", "factiva:BY"),
        "text": ("Talks on grain exports will continue in Geneva next week.\n\nThe United Nations said progress "
                 "had been made.\n\nA draft deal could be signed within days.", None)}),
    ("proquest.txt", 2, 1, {
        "title": ("Sanctions relief not on the table, envoy says", "proquest:Title"),
        "outlet": ("The Metro Tribune", "proquest:Publication title"),
        "published": (pd.Timestamp("2022-03-31", tz="UTC"), "proquest:Publication date"),
        "author": ("Quinn, Robert", "proquest:Author"), "section": ("World", "proquest:Section"),
        "language": ("en", "proquest:Language of publication"), "length": (25, "counted"),
        "url": ("https://www.proquest.com/docview/264446442", "proquest:Document URL"),
        "doc_id": ("proquest:264446442", None)}),
    ("proquest_single.txt", 1, 0, {"title": ("Sanctions relief not on the table, envoy says", "proquest:Title")}),
    ("mediacloud_text.csv", 2, 1, {
        "title": ("Gespräche gehen weiter", "mediacloud:title"), "outlet": ("Westblick", "mediacloud:media_name"),
        "published": (pd.Timestamp("2022-04-02", tz="UTC"), "mediacloud:publish_date"),
        "language": ("de", "mediacloud:language"), "doc_id": ("b7a2", None)}),
]


@pytest.mark.parametrize("name, n, i, expected", FIELDS, ids=[f[0] for f in FIELDS])
def test_archive_fields_and_their_sources(name, n, i, expected):
    corpus, report = load(name)
    assert len(corpus) == n and report.files_table().loc[0, "read"] == n
    doc = corpus.iloc[i]
    for field, (value, source) in expected.items():
        assert doc[field] == value, field
        if source is not None:
            assert doc[f"{field}_source"] == source, field
    assert all(corpus["text"].str.len() > 0)


def test_nexis_body_and_extra_fields():
    corpus, report = load("nexis_uni_multi.docx")
    assert corpus.loc[0, "text"].split("\n\n")[-1] == "The Kremlin said it was too early to speak of results."
    extra = json.loads(corpus.loc[0, "archive_fields"])
    assert extra["Subject"] == "ARMED FORCES (90%); NEGOTIATIONS (88%)" and extra["Load-Date"] == "March 1, 2022"
    cover = notes(report, "cover page")
    assert len(cover) == 9 and cover["line"].tolist() == list(range(1, 10))
    assert notes(report, "broken article").empty and notes(report, "unparsed line").empty


def test_nexis_broken_article_is_kept_and_reported():
    corpus, report = load("nexis_uni_broken.docx")
    assert corpus["title"].tolist() == ["Talks in Belarus end without a deal", "Envoys to meet again next week"]
    assert corpus.loc[1, "text"] == "Envoys will meet again next week, a spokesman said on Friday.\n\nHe gave no place or date for the meeting."
    broken = notes(report, "broken article")
    assert broken["source"].str.endswith("nexis_uni_broken.docx").all() and set(broken["line"]) == {18}
    assert broken["detail"].str.contains("article 2 .*no 'Body' line").any()
    assert broken["detail"].str.contains("no 'End of Document'").any()


def test_nexis_classic_missing_date_line_reported_and_load_date_used():
    corpus, report = load("nexis_classic.txt")
    assert corpus.loc[2, ["title", "published_source"]].tolist() == ["Draft peace framework discussed", "nexis:LOAD-DATE"]
    assert json.loads(corpus.loc[0, "archive_fields"])["Edition"] == "Late Edition"
    broken = notes(report, "broken article")
    assert broken[["line", "detail"]].values.tolist() == [[63, "article 3 (line 63): no published line found in the article header"]]
    assert corpus.loc[0, "text"].startswith("Mediators pressed both sides on Tuesday to agree on corridors for civilians")


def test_factiva_page_footers_and_trailing_lines_reported_not_in_body():
    corpus, report = load("factiva.txt")
    assert not corpus["text"].str.contains("Factiva, Inc").any()
    assert corpus.loc[0, "text"].endswith("IN 2022, the two sides have met several times without a ceasefire.")
    assert corpus.loc[0, ["agency", "agency_source"]].tolist() == ["Global Wire", "dateline"]
    left = notes(report, "unparsed line")
    assert left["line"].tolist() == [1, 16, 39, 41, 42, 43]
    assert left["detail"].str.contains("Search Summary").any()


def test_factiva_broken_article_kept_with_each_problem():
    corpus, report = load("factiva_broken.txt")
    assert corpus["title"].tolist() == ["Talks adjourned until Friday", "Ministers to speak by phone"]
    assert pd.isna(corpus.loc[0, "published"]) and corpus.loc[0, "length_source"] == "counted"
    assert len(corpus.loc[0, "doc_id"]) == 16  # no AN: the stable hash id
    details = notes(report, "broken article")["detail"].tolist()
    assert details == ["article 1 (line 1): no PD (publication date)",
                       "article 1 (line 1): no AN (accession number): the id is a hash of the text",
                       "article 1 (line 1): WC 'many words' is not a word count; length counted from the body"]


def test_proquest_broken_document_kept_from_its_header():
    corpus, report = load("proquest_broken.txt")
    doc = corpus.iloc[1]
    assert (doc["title"], doc["title_source"], doc["outlet"], doc["outlet_source"]) == (
        "Summit unlikely soon, aide says", "proquest:head-line", "The Metro Tribune", "proquest:Publication info")
    assert notes(report, "broken article")["line"].unique().tolist() == [20]
    assert notes(report, "unparsed line")["detail"].str.contains(r"\[image omitted\]").all()


def test_mediacloud_metadata_joins_bodies_by_url_and_reports_the_rest():
    corpus, report = load("mediacloud_meta.csv", "mediacloud_bodies.jsonl")
    assert corpus["outlet"].tolist() == ["North Gazette", "South Herald"]
    assert corpus["outlet_source"].unique().tolist() == ["mediacloud:media_name"]
    assert corpus.loc[1, "published"] == pd.Timestamp("2022-03-30 08:30", tz="UTC")
    assert corpus["doc_id"].tolist() == ["2101", "2102"]  # the bodies had no ids: Media Cloud's story ids
    no_body = notes(report, "no body")
    assert no_body[["line", "doc_id"]].values.tolist() == [[4, "2103"]]
    meta = report.files_table().iloc[0]
    assert (meta["read"], meta["kept"], meta["skipped"]) == (3, 2, 1)


def test_mediacloud_broken_rows_reported():
    corpus, report = load("mediacloud_broken.csv")
    assert corpus["doc_id"].tolist() == ["3101", "3102"]
    assert notes(report, "unparsed date")["line"].tolist() == [3]
    assert notes(report, "empty text")["line"].tolist() == [4]


def test_zip_of_exports():
    corpus, report = load("exports.zip")
    assert corpus["archive_member"].tolist() == ["factiva/wire.txt", "nexis/ledger.docx", "proquest/tribune.txt"]
    assert report.files_table().loc[0, "format"] == "zip: factiva (txt), nexis (docx), proquest (txt)"
    ignored = notes(report, "unknown file type")
    assert ignored["source"].str.endswith("exports.zip!README.txt").all() and len(ignored) == 1


def test_chosen_by_content_not_by_name(tmp_path):
    shutil.copy(ARCHIVES / "nexis_uni_single.docx", tmp_path / "download")
    shutil.copy(ARCHIVES / "factiva.txt", tmp_path / "export.html")
    corpus, report = load_corpus_with_report([tmp_path / "download", tmp_path / "export.html"])
    assert report.files_table()["format"].tolist() == ["nexis (docx)", "factiva (txt)"]
    assert len(corpus) == 3
    assert sniff_bytes("page.txt", b"Title\n\nJust a page of text.\n") is None


def test_ordinary_inputs_are_not_archives(corpus_fixtures):
    assert sniff_path(corpus_fixtures / "article.html") is None
    assert sniff_path(corpus_fixtures / "wire" / "reuters_original.txt") is None


def test_docx_that_is_not_an_export_is_reported(tmp_path):
    module_spec = importlib.util.spec_from_file_location("make_fixtures", ARCHIVES / "make_fixtures.py")
    module = importlib.util.module_from_spec(module_spec)
    module_spec.loader.exec_module(module)
    (tmp_path / "letter.docx").write_bytes(module.docx(["Dear editor,", "A letter."]))
    _, report = load_corpus_with_report(tmp_path / "letter.docx", errors="skip")
    assert report.issues_table()["reason"].tolist() == ["unreadable"]
    with pytest.raises(InputError, match="not a Nexis, Factiva, ProQuest or Media Cloud export"):
        load_corpus_with_report(tmp_path / "letter.docx")


def test_folder_of_exports_is_read(tmp_path):
    for name in ("nexis_uni.rtf", "exports.zip"):
        shutil.copy(ARCHIVES / name, tmp_path / name)
    corpus, report = load_corpus_with_report(tmp_path)
    assert len(corpus) == 4  # the zip's Nexis article is also in the RTF: the second copy is a duplicate
    assert sorted(report.issues_table()["reason"]) == ["duplicate", "unknown file type", "unparsed line", "unparsed line"]


def test_rtf_extractor():
    rtf = (rb"{\rtf1\ansi\ansicpg1251{\fonttbl{\f0 Arial;}}{\*\generator X;}{\info{\title T}}"
           rb"{\header Page header\par}\'cf\'f0\'e8\'e2\'e5\'f2 \uc1\u8212? A\tab B\line C\par{\field{\*\fldinst HYPERLINK x}{\fldrslt link}}}")
    assert rtf_lines(rtf) == (["Привет — A\tB", "C", "link"], "cp1251")


def test_docx_extractor():
    data = (ARCHIVES / "nexis_uni_single.docx").read_bytes()
    lines = docx_lines(data)
    assert lines[0] == "Grain corridor plan gains support" and lines[-1] == "End of Document"


def test_read_bytes_refuses_plain_text():
    with pytest.raises(InputError):
        read_bytes("x.txt", b"Just text.\n")


# --- robustness: damaged files are reported, any text parses without raising -----------------------
@pytest.mark.parametrize("name, data", [
    ("cut.docx", (ARCHIVES / "nexis_uni_single.docx").read_bytes()[:700]),
    ("cut.zip", (ARCHIVES / "exports.zip").read_bytes()[:900]),
    ("junk.rtf", b"{\\rtf1 \\'zz {\\u-3? }}}}"),
    ("magic.docx", b"PK\x03\x04" + b"\x00" * 40),
])
def test_damaged_exports_are_reported_not_raised(tmp_path, name, data):
    (tmp_path / name).write_bytes(data)
    corpus, report = load_corpus_with_report(tmp_path / name, errors="skip")
    assert len(corpus) == 0
    assert set(report.issues_table()["reason"]) <= {"unreadable", "empty text"}


LAYOUT = st.sampled_from([
    "End of Document", "Body", "Classification", "Length: 40 words", "Section: WORLD", "Byline: Jane Doe",
    "Load-Date: March 5, 2022", "Language: ENGLISH", "March 4, 2022 Friday", "Copyright 2022 X", "The Daily Ledger",
    "1 of 2 DOCUMENTS", "LENGTH: 40 words", "LOAD-DATE: March 5, 2022", "BYLINE: Jane", "HD  Title", "PD  1 April 2022",
    "SN  Wire", "LP", "TD", "AN  Document X1234567890", "WC  12 words", "Page 1 of 2 © 2022 Factiva, Inc. All rights reserved.",
    "Full text: Body.", "Title: T", "Publication title: P", "Publication date: Apr 2, 2022", "_" * 40,
    "A sentence of body text.", "", "Document 1 of 2",
])


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(LAYOUT, st.text(max_size=30)), max_size=40))
def test_parsers_never_raise_and_place_notes_inside_the_file(lines):
    from framing.corpus.archives import factiva, nexis, proquest

    for parsed in (nexis.parse(lines), factiva.parse(lines, blocks=True), factiva.parse(lines, blocks=False),
                   proquest.parse(lines)):
        for note in parsed.notes:
            assert note.line is None or 1 <= note.line <= len(lines)
        for rec in parsed.records:
            assert isinstance(rec["text"], str) and rec["archive_position"] >= 1


def test_factiva_rtf_with_codes_in_table_cells():
    rtf = (rb"{\rtf1\ansi{\fonttbl{\f0 Arial;}}"
           rb"\trowd\cellx1000\cellx9000 HD\cell Talks resume\cell\row"
           rb"\trowd\cellx1000\cellx9000 PD\cell 29 March 2022\cell\row"
           rb"\trowd\cellx1000\cellx9000 SN\cell Global Wire Service\cell\row"
           rb"\trowd\cellx1000\cellx9000 LP\cell First paragraph of the story.\par Second paragraph of it.\cell\row"
           rb"\trowd\cellx1000\cellx9000 AN\cell Document GWS0000020220329ei3t00abc\cell\row}")
    part = read_bytes("export.rtf", rtf)[0]
    assert part.format == "factiva (rtf)" and not part.notes
    rec = part.frame.iloc[0]
    assert (rec["title"], rec["outlet"], rec["doc_id"]) == ("Talks resume", "Global Wire Service", "GWS0000020220329ei3t00abc")
    assert rec["text"] == "First paragraph of the story.\n\nSecond paragraph of it."


FACTIVA_TEXT = "HD {title}\nPD 29 March 2022\nSN Reuters News\nLP\n{body}\nAN Document X1234567890\n"


def test_a_text_export_names_each_line_with_a_bad_byte_and_keeps_the_article(tmp_path):
    path = tmp_path / "export.txt"
    text = FACTIVA_TEXT.format(title="Talks resume — «peace»", body="The minister said it@s over — naïve “hopes”.")
    path.write_bytes(text.encode().replace(b"@", b"\x92"))
    corpus, report = load_corpus_with_report([path], errors="skip")
    assert corpus["text"].tolist() == ["The minister said it\ufffds over — naïve “hopes”."]
    bad = notes(report, "bad bytes")
    assert bad["line"].tolist() == [5] and bad["action"].tolist() == ["kept"]
    assert "not valid utf-8 text (byte 0x92), replaced by U+FFFD; save the file as UTF-8, or name its encoding with " \
           "--encoding NAME" in bad["detail"].iloc[0]
    with pytest.raises(InputError, match=r"export.txt:5: not valid utf-8 text \(byte 0x92\). Fix: save the file"):
        load_corpus_with_report([path], errors="raise")


def test_a_text_export_is_read_in_the_encoding_given(tmp_path):
    path = tmp_path / "export.txt"
    title = "Переговоры возобновились"
    path.write_bytes(FACTIVA_TEXT.format(title=title, body="Министр сказал, что переговоры идут.").encode("koi8_r"))
    assert load_corpus_with_report([path])[0]["title"].tolist() == [title]  # detected
    corpus, report = load_corpus_with_report([path], encoding="cp1251")  # named (wrongly here): read as named
    assert report.files_table()["encoding"].tolist() == ["cp1251"]
    assert corpus["title"].tolist() == [title.encode("koi8_r").decode("cp1251")]


def _factiva_html(title: bytes, body: bytes) -> bytes:
    return (b"<html><body><table><tr><td>HD</td><td>" + title + b"</td></tr>\n<tr><td>PD</td><td>29 March 2022</td></tr>\n"
            b"<tr><td>SN</td><td>Reuters News</td></tr>\n<tr><td>LP</td><td><p>" + body + b"</p></td></tr>\n"
            b"<tr><td>AN</td><td>Document X1234567890</td></tr></table></body></html>")


def test_an_html_export_is_decoded_as_text_inputs_are(tmp_path):
    """A stray byte in a UTF-8 HTML export is one U+FFFD with a note on its line (it made the whole page
    Latin-1 mojibake); the article is kept, ``--encoding`` reads the page as named, and the report shows it."""
    path = tmp_path / "export.html"
    path.write_bytes(_factiva_html("Talks resume in Genève — «peace»".encode(), "The minister said it@s over — naïve “hopes”."
                                   .encode().replace(b"@", b"\x92")))
    corpus, report = load_corpus_with_report([path], errors="skip")
    assert corpus["title"].tolist() == ["Talks resume in Genève — «peace»"]
    assert corpus["text"].tolist() == ["The minister said it\ufffds over — naïve “hopes”."]
    bad = notes(report, "bad bytes")
    assert bad["line"].tolist() == [4] and bad["action"].tolist() == ["kept"]
    assert "not valid utf-8 text (byte 0x92), replaced by U+FFFD; save the file as UTF-8" in bad["detail"].iloc[0]
    assert report.files_table()["encoding"].tolist() == ["utf-8"]
    with pytest.raises(InputError, match=r"export.html:4: not valid utf-8 text \(byte 0x92\)"):
        load_corpus_with_report([path], errors="raise")
    title = "Переговоры возобновились"
    path.write_bytes(_factiva_html(title.encode("koi8_r"), "Министр сказал, что переговоры идут.".encode("koi8_r")))
    assert load_corpus_with_report([path])[0]["title"].tolist() == [title]  # detected
    corpus, report = load_corpus_with_report([path], encoding="cp1251")  # named (wrongly here): read as named
    assert report.files_table()["encoding"].tolist() == ["cp1251"]
    assert corpus["title"].tolist() == [title.encode("koi8_r").decode("cp1251")]


def test_an_rtf_export_reads_its_code_page_and_names_each_bad_byte(tmp_path):
    """8-bit bytes are read in \\ansicpg (raw ones were read as Latin-1: 0x92 a control character), a
    byte not in it is a U+FFFD with a note on its line (it was replaced silently), ``--encoding`` wins."""
    rtf = (rb"{\rtf1\ansi\ansicpg1252{\fonttbl{\f0 Arial;}}" b"\n"
           rb"{\pard HD\tab Talks resume\par}{\pard PD\tab 29 March 2022\par}{\pard SN\tab Reuters News\par}" b"\n"
           rb"{\pard LP\par}{\pard The minister said it" b"\x92" rb"s over \'81 caf\'e9.\par}" b"\n"
           rb"{\pard AN\tab Document X1234567890\par}}")
    path = tmp_path / "export.rtf"
    path.write_bytes(rtf)
    corpus, report = load_corpus_with_report([path], errors="skip")
    assert corpus["text"].tolist() == ["The minister said it\u2019s over \ufffd café."]
    bad = notes(report, "bad bytes")
    assert bad["line"].tolist() == [3] and bad["action"].tolist() == ["kept"]
    assert bad["detail"].iloc[0].startswith("not valid cp1252 text (byte 0x81), replaced by U+FFFD; save the file")
    assert report.files_table()["encoding"].tolist() == ["cp1252"]
    with pytest.raises(InputError, match=r"export.rtf:3: not valid cp1252 text \(byte 0x81\)"):
        load_corpus_with_report([path], errors="raise")
    corpus, report = load_corpus_with_report([path], encoding="cp1251")
    assert corpus["text"].tolist() == ["The minister said it\u2019s over \u0403 cafй."]
    assert report.files_table()["encoding"].tolist() == ["cp1251"] and notes(report, "bad bytes").empty
