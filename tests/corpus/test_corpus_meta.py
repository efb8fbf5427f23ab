"""Datelines, dates, URL dates and metadata provenance."""

import pandas as pd
import pytest

from framing import load_corpus
from framing.corpus import parse_date, parse_dateline


@pytest.mark.parametrize("text, agency, place, date", [
    ("(Bloomberg) — Ukraine President Volodymyr Zelenskiy said", "Bloomberg", "", ""),
    ("(Reuters) - Talks resumed on Friday.", "Reuters", "", ""),
    ("KYIV, Ukraine (AP) — Ukraine’s president said", "AP", "KYIV", ""),
    ("MOSCOW, June 3 (Reuters) - The Kremlin said", "Reuters", "MOSCOW", "June 3"),
    ("WASHINGTON (AP) — The White House said", "AP", "WASHINGTON", ""),
    ("KYIV/MOSCOW, March 3 (Reuters) - Both sides", "Reuters", "KYIV/MOSCOW", "March 3"),
    ("NEW YORK, Dec. 6, 2024 (AFP) – Markets", "AFP", "NEW YORK", "Dec. 6, 2024"),
])
def test_dateline_variants(text, agency, place, date):
    found = parse_dateline(text)
    assert (found["agency"], found["place"], found["date"]) == (agency, place, date)
    assert text[len(found["text"]):].lstrip()[0].isalpha()


@pytest.mark.parametrize("text", [
    "Kyiv (the capital) — said nothing.", "The talks (Istanbul) - resumed.", "(laughter) - yes", "Plain text."])
def test_not_a_dateline(text):
    assert parse_dateline(text) is None


@pytest.mark.parametrize("value, expected", [
    ("2024-12-06", "2024-12-06 00:00"),
    ("2024-12-06T08:15:00+02:00", "2024-12-06 06:15"),
    ("Fri, 06 Dec 2024 14:30:00 GMT", "2024-12-06 14:30"),
    ("Fri, 06 Dec 2024 14:30:00 -0500", "2024-12-06 19:30"),
    ("Dec. 6, 2024", "2024-12-06 00:00"),
    ("December 6, 2024 10:30 EST", "2024-12-06 15:30"),
    ("6 December 2024", "2024-12-06 00:00"),
    ("Sept. 30, 2022", "2022-09-30 00:00"),
])
def test_date_forms(value, expected):
    assert parse_date(value) == pd.Timestamp(expected, tz="UTC")


@pytest.mark.parametrize("value", ["", "June 3", "2024", "yesterday", "n/a", None])
def test_non_dates_are_nat(value):
    assert parse_date(value) is pd.NaT


def test_date_provenance_column_page_line_and_url(tmp_path):
    rows = pd.DataFrame({
        "text": ["Body a.", "Published: Dec. 6, 2024\nBody b.", "Body c.", "Body d."],
        "date": ["2022-03-01", "", "", "not a date"],
        "url": ["https://x.org/a", "https://x.org/b", "https://x.org/2023/05/07/c", "https://x.org/d"],
    })
    corpus, report = __import__("framing").load_corpus_with_report(rows)
    assert corpus["published_source"].tolist() == ["column", "page-line", "url", ""]
    assert corpus["published"].dt.strftime("%Y-%m-%d").fillna("").tolist() == [
        "2022-03-01", "2024-12-06", "2023-05-07", ""]
    assert corpus.loc[1, "text"] == "Body b."
    assert [(i["reason"], i["action"], i["line"]) for i in report.issues] == [("unparsed date", "kept", 4)]


def test_column_metadata_wins_over_page_metadata():
    rows = pd.DataFrame({"text": ["(AP) — Body.\n\nDaily X | © 2021 | News"], "outlet": ["Given Outlet"],
                         "agency": ["Reuters"]})
    doc = load_corpus(rows).iloc[0]
    assert (doc["outlet"], doc["outlet_source"], doc["agency"], doc["agency_source"]) == (
        "Given Outlet", "column", "Reuters", "column")
    assert doc["text"] == "Body." and doc["dateline"] == "(AP) —"


def test_bundled_outlets_come_from_the_registry():
    corpus = load_corpus("press-releases", dedup=False)
    assert set(corpus["outlet_source"]) == {"corpus-registry"}
    assert set(corpus["published_source"]) == {"column"}
    assert (corpus["title_source"] == corpus["title"].ne("").map({True: "column", False: ""})).all()
