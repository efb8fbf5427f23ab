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


@pytest.mark.parametrize("value, expected", [
    ("5 марта 2022", "2022-03-05 00:00"),
    ("5 марта 2022 г.", "2022-03-05 00:00"),
    ("5 Марта 2022 года, 14:30", "2022-03-05 14:30"),
    ("Суббота, 5 марта 2022", "2022-03-05 00:00"),
    ("12 сент. 2021", "2021-09-12 00:00"),
    ("9 мая 2022", "2022-05-09 00:00"),
    ("5 березня 2022 р.", "2022-03-05 00:00"),
    ("1 січня 2023 року", "2023-01-01 00:00"),
    ("24 лютого 2022 року, 05:00 +0200", "2022-02-24 03:00"),
    ("5 березня 2022 р. о 14:30", "2022-03-05 14:30"),
    ("30 листопада 2022", "2022-11-30 00:00"),
])
def test_russian_and_ukrainian_month_names(value, expected):
    assert parse_date(value) == pd.Timestamp(expected, tz="UTC")


@pytest.mark.parametrize("value", ["марта 2022", "March 2022", "5 мартобря 2022", "5 марта 2022 в Москве"])
def test_cyrillic_month_without_a_day_or_with_other_words_is_nat(value):
    # a month and year alone is not guessed a day, in Russian as in English
    assert parse_date(value) is pd.NaT


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


# --- issue 19: agency anywhere in the first paragraph, the page's own name, URL domain, groups -----
def test_dateline_after_a_short_prefix_gives_the_agency():
    from framing.corpus import clean_page

    page = clean_page("Updated 10:32 GMT (Bloomberg) -- Talks resumed on Monday in Istanbul, officials said.")
    assert (page.agency, page.dateline) == ("Bloomberg", "Updated 10:32 GMT (Bloomberg) --")
    assert page.text == "Talks resumed on Monday in Istanbul, officials said."


def test_no_dateline_after_a_sentence():
    from framing.corpus import clean_text

    text = "Officials met on Monday. The alliance (NATO) - with 32 members - said little."
    assert clean_text(text) == text


def test_publisher_from_the_page_copyright_line(tmp_path):
    path = tmp_path / "page.txt"
    path.write_text("Council backs aid convoy\n\nThe council voted on Tuesday to fund a convoy of supplies.\n\n"
                    "© 2023 Riverside Post. All rights reserved.\n", encoding="utf-8")
    doc = load_corpus(path).iloc[0]
    assert (doc["outlet"], doc["outlet_source"], doc["text"]) == (
        "Riverside Post", "footer", "The council voted on Tuesday to fund a convoy of supplies.")


def test_publisher_from_the_page_title(tmp_path):
    path = tmp_path / "page.html"
    path.write_text("<html><head><title>Council backs aid convoy | Riverside Post</title></head><body><article>"
                    "<h1>Council backs aid convoy</h1><p>The council voted on Tuesday to fund a convoy of medical "
                    "supplies for a hospital in western Ukraine, the clerk said.</p><p>Volunteers will drive the "
                    "convoy in early spring, organisers said.</p></article></body></html>", encoding="utf-8")
    doc = load_corpus(path).iloc[0]
    assert (doc["outlet"], doc["outlet_source"]) == ("Riverside Post", "page-title")


def test_outlet_from_the_url_domain_only_when_nothing_else_names_it():
    df = pd.DataFrame({"text": ["Talks resumed.", "Talks stalled."],
                       "url": ["https://www.northgazette.example/a", "https://south.example/b"],
                       "outlet": ["", "South Herald"]})
    corpus = load_corpus(df)
    assert corpus[["outlet", "outlet_source"]].values.tolist() == [["northgazette.example", "url-domain"],
                                                                   ["South Herald", "column"]]
    assert load_corpus(df.iloc[:1], outlet="Gazette").loc[0, "outlet_source"] == "argument"


def test_groups_from_yaml_both_shapes_and_csv(tmp_path):
    from framing.corpus import add_groups, load_groups

    y = tmp_path / "groups.yaml"
    y.write_text("state media: [RT, TASS]\nBBC News: public broadcaster\n", encoding="utf-8")
    c = tmp_path / "groups.csv"
    c.write_text("outlet,group\nRT,state media\nTASS,state media\nBBC News,public broadcaster\n", encoding="utf-8")
    assert load_groups(y) == load_groups(c) == {"rt": "state media", "tass": "state media", "bbc news": "public broadcaster"}
    corpus = pd.DataFrame({"outlet": [" rt", "BBC News"], "text": ["a", "b"]})
    assert add_groups(corpus, y)["group"].tolist() == ["state media", "public broadcaster"]


@pytest.mark.parametrize("name, content, message", [
    ("g.yaml", "RT: [1, 2]\n", "lists something that is not an outlet name"),
    ("g.yaml", "- RT\n- TASS\n", "must be a YAML mapping"),
    ("g.yaml", "RT: {a: b}\n", "is neither 'outlet: group' nor 'group: \\[outlets\\]'"),
    ("g.yaml", "state: [RT]\nRT: private\n", "outlet 'RT' is in two groups"),
    ("g.yaml", "RT: [unclosed\n", "not valid YAML"),
    ("g.csv", "name,kind\nRT,state\n", "needs columns 'outlet' and 'group'"),
    ("g.csv", "outlet,group\nRT,\n", r"g\.csv:2: an entry has an empty outlet or group"),
])
def test_malformed_group_files_name_file_and_problem(tmp_path, name, content, message):
    from framing.corpus import load_groups
    from framing.errors import InputError

    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        load_groups(path)


def test_unknown_outlets_are_an_error_unless_given_a_group():
    from framing.corpus import add_groups
    from framing.errors import InputError

    corpus = pd.DataFrame({"outlet": ["RT", "Kyiv Independent"], "text": ["a", "b"]})
    with pytest.raises(InputError, match=r"1 outlet\(s\) of the corpus have no group: 'Kyiv Independent'.*unknown='other'"):
        add_groups(corpus, {"RT": "state media"})
    assert add_groups(corpus, {"RT": "state media"}, unknown="other")["group"].tolist() == ["state media", "other"]
