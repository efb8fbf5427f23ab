"""Scraped-page cleaning: the example article, each rule, user rules, and properties."""

import re
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from framing import load_corpus
from framing.corpus import clean_page, clean_text, load_corpus_with_report, load_rules
from framing.paths import project_root


def test_example_article_exact_body(corpus_fixtures):
    doc = load_corpus("example-article").iloc[0]
    expected = (corpus_fixtures / "example_article_body.txt").read_text(encoding="utf-8")
    assert doc["text"] == expected
    paragraphs = doc["text"].split("\n\n")
    assert len(paragraphs) == 8
    assert paragraphs[0].startswith("Ukraine President Volodymyr Zelenskiy suggested he’d accept")
    assert not paragraphs[0].startswith("(Bloomberg)")
    assert (doc["title"], doc["agency"], doc["outlet"], doc["year"]) == (
        "Zelenskiy Suggests Cease-Fire If NATO Protects Unoccupied Land", "Bloomberg", "Prime Headlines", 2024)
    assert (doc["title_source"], doc["agency_source"], doc["outlet_source"], doc["year_source"]) == (
        "first-line", "dateline", "footer", "footer")
    assert doc["syndicated_from"] == "bloomberg.com" and doc["dateline"] == "(Bloomberg) —"


def test_example_article_audit_accounts_for_every_line():
    corpus, report = load_corpus_with_report("example-article")
    raw = (project_root() / corpus.loc[0, "source_path"]).read_text(encoding="utf-8")
    removals = report.removals_table()
    rules = removals.groupby("rule").size().to_dict()
    assert rules["teaser"] == 1 and rules["related"] == 1 and rules["dateline"] == 1
    assert rules["syndication_footer"] + rules.get("share_bar", 0) + rules.get("copyright_footer", 0) >= 16
    kept = corpus.loc[0, "text"].split("\n\n")
    title = corpus.loc[0, "title"]
    for line in (x.strip() for x in raw.splitlines() if x.strip()):
        in_body = any(line.endswith(k) for k in kept)
        assert in_body or line == title or line in set(removals["text"]), line


@pytest.mark.parametrize("line, rule", [
    ("You May Be Interested In: Ten gadgets", "teaser"),
    ("Earlier: Putin’s Offer to Talk", "related"),
    ("READ MORE: Kyiv talks stall", "related"),
    ("Related: Grain deal", "related"),
    ("Also read: What we know", "related"),
    ("share Paylaş facebook pinterest whatsapp x print", "share_bar"),
    ("Teilen: Facebook | X | E-Mail", "share_bar"),
    ("Поделиться Telegram VK", "share_bar"),
    ("Advertisement", "advertisement"),
    ("ADVERTISEMENT", "advertisement"),
    ("Story continues below advertisement", "advertisement"),
    ("Sign up for our daily newsletter", "newsletter"),
    ("We use cookies to improve your experience. Accept cookies", "cookies"),
    ("© 2024 Example Media. All rights reserved.", "copyright"),
    ("Copyright 2022 The Associated Press. All rights reserved.", "copyright"),
    ("Example Media Ltd. All rights reserved.", "copyright"),
    ("Get our morning briefing in your inbox", "newsletter"),
    ("Prime Headlines | © 2024 | News", "copyright_footer"),
])
def test_boilerplate_lines_are_removed_with_their_rule(line, rule):
    page = clean_page(f"First paragraph stays.\n\n{line}\n\nLast paragraph stays.")
    assert page.text == "First paragraph stays.\n\nLast paragraph stays."
    assert [(r.rule, r.text) for r in page.removed] == [(rule, line)]


@pytest.mark.parametrize("heading", ["Similar Content", "Recommended", "Most Read", "More stories like this "
                                     "are available on bloomberg.com"])
def test_end_blocks_remove_everything_after(heading):
    page = clean_page(f"Body one.\n\nBody two.\n\n{heading}\n\nHeadline A\nHeadline A\nHeadline B")
    assert page.text == "Body one.\n\nBody two."
    assert len(page.removed) == 4


@pytest.mark.parametrize("sentence", [
    "Shares of Gazprom fell 5% on Monday.",
    "Read the full statement on the Kremlin website, officials said.",
    "Earlier this year, Kyiv said it would not cede territory.",
    "Related talks in Istanbul were called off.",
    "Advertisement revenue of Russian media fell, the ministry said.",
    "By Friday, both sides had left Istanbul.",
    "The president will share the proposal with NATO allies.",
    "Copyright lawsuits against Russian broadcasters rose in 2023.",
    "Ukrainians can register for the daily briefing on the ministry website.",
    "Recommended reading for negotiators includes the Minsk protocols.",
])
def test_body_sentences_that_look_like_boilerplate_are_kept(sentence):
    assert clean_text(f"Opening.\n\n{sentence}") == f"Opening.\n\n{sentence}"


def test_repeated_adjacent_lines_are_dropped():
    page = clean_page("Body.\n\nHeadline X\nHeadline X\n\nMore body.")
    assert page.text == "Body.\n\nHeadline X\n\nMore body."
    assert [r.rule for r in page.removed] == ["repeated_line"]


def test_user_rules_extend_and_disable(tmp_path):
    rules_file = tmp_path / "my_rules.yaml"
    rules_file.write_text("drop_line:\n  photo_credit: '^photo: .*'\ndisable: [advertisement]\n", encoding="utf-8")
    page = "Title line\n\nBody text.\n\nPhoto: Reuters/Jane Doe\n\nAdvertisement"
    path = tmp_path / "page.txt"
    path.write_text(page, encoding="utf-8")
    corpus, report = load_corpus_with_report(path, clean_rules=rules_file)
    assert corpus.loc[0, "text"] == "Body text.\n\nAdvertisement"
    assert report.removals_table()["rule"].tolist() == ["photo_credit"]
    assert "my_rules.yaml" in report.clean_rules


def test_bad_user_rule_names_file_and_rule(tmp_path):
    from framing.errors import InputError

    rules_file = tmp_path / "bad_rules.yaml"
    rules_file.write_text("drop_line:\n  broken: '^(unclosed'\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"bad_rules\.yaml: rule 'broken' is not a valid regular expression"):
        load_rules(str(rules_file))


def test_clean_false_keeps_text():
    df = pd.DataFrame({"text": ["(Reuters) - Body.\nAdvertisement"]})
    assert load_corpus(df, clean=False).loc[0, "text"] == "(Reuters) - Body.\nAdvertisement"


LINES = st.sampled_from([
    "Body sentence one.", "(Reuters) - Wire text.", "KYIV, Ukraine (AP) — Kyiv said.", "Advertisement",
    "share facebook twitter", "Similar Content", "Earlier: other", "Prime Headlines | © 2024 | News", "Dup",
    "Dup", "", "  ", "\u00a0", "By Jane Doe", "Published: Dec. 6, 2024", "(AP) —", "(AP) — (Reuters) - x",
])
PAGES = st.one_of(st.text(max_size=400), st.lists(st.one_of(LINES, st.text(max_size=40)), max_size=25).map("\n".join))


def _visible(text: str) -> str:
    return re.sub(r"\s+", "", text)


@settings(max_examples=300, deadline=None)
@given(PAGES)
def test_cleaning_never_raises_never_adds_and_is_idempotent(page):
    cleaned = clean_text(page)
    # never adds or reorders visible characters: they are a subsequence of the input's
    it = iter(_visible(page))
    assert all(ch in it for ch in _visible(cleaned))
    assert len(cleaned) <= len(page) + cleaned.count("\n")
    assert clean_text(cleaned) == cleaned


# --- rules that generalise (issue 19) ------------------------------------------------------------
PAGES = Path(__file__).parent.parent / "fixtures" / "pages"


@pytest.mark.parametrize("page", sorted(str(p.relative_to(PAGES).with_suffix("")) for p in PAGES.rglob("*.html")))
def test_scraped_pages_come_out_exact(page):
    """Hand-written pages (varied sites and languages) with the usual leftovers: exact body."""
    corpus = load_corpus(PAGES / f"{page}.html", dedup=False)
    assert corpus.loc[0, "text"] == (PAGES / f"{page}.expected.txt").read_text(encoding="utf-8").strip()


@pytest.mark.parametrize("line, rule", [
    ("Tags: Ukraine, Russia", "tags"),
    ("Themen: Ukraine, Russland, Nato", "tags"),
    ("Теги: Украина, Россия", "tags"),
    ("Etiketler: Rusya, Ukrayna", "tags"),
    ("Reporting by Anna Kowal in Kyiv; Editing by Mark Hale", "wire_credit"),
    ("(Writing by Tom Baines; editing by Jane Doe)", "wire_credit"),
    ("—With assistance from Jane Doe.", "wire_credit"),
    ("Our Standards: The Thomson Reuters Trust Principles.", "standards"),
    ("Advertisement · Scroll to continue", "advertisement"),
    ("Werbung", "advertisement"),
    ("Subscribe now for unlimited access", "call_to_action"),
    ("Подписывайтесь на наш канал в Telegram", "call_to_action"),
    ("Lesen Sie auch: Was die Nato-Mitgliedschaft bedeutet", "related"),
    ("Читайте также: Что известно о переговорах", "related"),
    ("3 min read", "reading_time"),
    ("Click to share on Twitter (Opens in new window)", "call_to_action"),
    ("Like Loading...", "share_label"),
])
def test_generalising_rules(line, rule):
    page = clean_page(f"First paragraph of the story stays in place.\n\n{line}\n\nLast paragraph of the story stays too.")
    assert page.text == "First paragraph of the story stays in place.\n\nLast paragraph of the story stays too."
    assert [(r.rule, r.text) for r in page.removed] == [(rule, line)]


@pytest.mark.parametrize("sentence", [
    "Reporting by state media could not be verified, the ministry said.",
    "Tags on the crates showed they came from Odesa, officials said.",
    "Subscribe to the idea of neutrality, the envoy told Kyiv, and talks will go faster.",
    "World leaders met in Paris on Monday.",
])
def test_generalising_rules_keep_body_sentences(sentence):
    text = f"Opening paragraph of the story, with enough words.\n\n{sentence}\n\nClosing paragraph of the story, with words."
    assert clean_text(text) == text


def test_end_of_body_heading_at_the_top_never_empties_the_document():
    page = clean_page("Recommended articles\n\nThe minister said talks may resume.")
    assert page.text == "The minister said talks may resume."
    assert [(r.rule, r.text) for r in page.removed] == [("similar_content", "Recommended articles")]


def test_teaser_box_at_the_top_goes_with_its_headlines_only():
    page = clean_page("Most Read from Bloomberg\n\nOil Rises on Supply Risks\n\nStocks Edge Higher\n\n"
                      "The Kremlin signaled it could discuss a freeze of the front line.\n\nA spokesman gave no details on timing.")
    assert page.text == "The Kremlin signaled it could discuss a freeze of the front line.\n\nA spokesman gave no details on timing."
    assert [r.rule for r in page.removed] == ["similar_content"] * 3


def test_teaser_box_in_the_middle_keeps_the_body_after_it():
    body_before = "Negotiators met in Istanbul on Tuesday for the first time in weeks."
    body_after = ("Both delegations said they would report to their capitals before the next round. "
                  "The host said the talks had been constructive and would continue on Wednesday morning.\n\n"
                  "Neither side gave details of the drafts, which diplomats said dealt with security guarantees.")
    page = clean_page(f"{body_before}\n\nRelated stories\n\nGrain Deal Explained\n\n{body_after}")
    assert page.text == f"{body_before}\n\n{body_after}"


def test_edge_lines_with_numbers_are_content():
    text = "The qualifiers ended on Tuesday with five teams through, officials said.\n\n- England (Group A): 10th appearance"
    assert clean_text(text) == text


def test_heading_alone_with_short_lines_is_not_taken():
    assert clean_text("Recommended\n\nShort line") == "Recommended\n\nShort line"


def test_edge_lines_at_top_and_bottom():
    page = clean_page("World › Europe › Ukraine\n\nThe talks resumed on Tuesday in Istanbul, officials said.\n\n"
                      "Ukraine Russia Diplomacy")
    assert page.text == "The talks resumed on Tuesday in Istanbul, officials said."
    assert [r.rule for r in page.removed] == ["edge_line", "edge_line"]


def test_edge_lines_can_be_disabled(tmp_path):
    rules_file = tmp_path / "rules.yaml"
    rules_file.write_text("disable: [edge_line]\n", encoding="utf-8")
    text = "The talks resumed on Tuesday in Istanbul, officials said.\n\nUkraine Russia Diplomacy"
    assert clean_text(text, rules=load_rules(rules_file)) == text


def test_repeated_headline_with_site_suffix():
    page = clean_page("Talks Resume In Istanbul | Daily Digest\n\nNegotiators met on Tuesday.", title="Talks resume in Istanbul")
    assert page.text == "Negotiators met on Tuesday."
    assert [r.rule for r in page.removed] == ["title_repeat"]


@pytest.mark.parametrize("line, title, same", [
    ("talks RESUME in Istanbul | Daily Digest", "Talks resume in Istanbul", True),
    ("Walks resume in Istanbul", "Talks resume in Istanbul", False),  # another first letter: no need to read on
    ("Eclair news", "Éclair news", False), ("“Talks resume”", "Talks resume", True), ("ßtraße", "SSTRASSE", True)])
def test_repeated_headline_is_found_by_its_letters_and_digits(line, title, same):
    from framing.corpus.clean import _same_title

    assert _same_title(line, title) is same


def test_removals_of_an_emptied_document_are_in_the_report(tmp_path):
    path = tmp_path / "r.jsonl"
    path.write_text('{"id": "x", "text": "Recommended articles\\n\\nThe minister said talks may resume."}\n'
                    '{"id": "y", "text": "Advertisement"}\n', encoding="utf-8")
    corpus, report = load_corpus_with_report(path)
    assert corpus["text"].tolist() == ["The minister said talks may resume."]
    assert report.removals_table()[["doc_id", "rule", "text"]].values.tolist() == [
        ["x", "similar_content", "Recommended articles"], ["y", "advertisement", "Advertisement"]]


def test_rules_hash_changes_with_user_rules(tmp_path):
    rules_file = tmp_path / "rules.yaml"
    rules_file.write_text("drop_line:\n  photo_credit: '^photo: .*'\n", encoding="utf-8")
    base, user = load_rules(), load_rules(rules_file)
    assert len(base.hash) == 64 and base.hash == load_rules().hash and user.hash != base.hash


# --- the quick tests before the rules (issue 17): same results as trying every rule ---------------
def _every_rule(rules):
    """The same rules with no joined pattern and no length test: each line tried rule by rule."""
    import dataclasses

    return dataclasses.replace(rules, any_rule=None, any_long=None, long_from=10**9)


LONG = "word " * 70 + "end"
QUICK_LINES = st.sampled_from([
    "Body sentence one.", "(Reuters) - Wire text.", "Advertisement", "share facebook twitter", "Similar Content",
    "Read more: " + LONG, "We use cookies " + LONG, "note: " + "x" * 20, "note: " + "x" * 21, "echo echo " + LONG,
    "Related: " + LONG + " " + LONG, "Copyright 2024 Example News " + LONG, LONG + ".", "Tags: a, b",
    # the gated rules (tried only on a line that holds a string of their gate), also where str.lower
    # and a case-insensitive pattern differ (İ ı ſ K match i, i, s, k) or the gate is not ASCII
    "Riverside Post | © 2024 | World", "Riverside Post | (C) 2024", "© 2023 Riverside Post. All rights reserved.",
    "Text. All rİghts reserved", "Text. ALL RIGHTS RESERVED.", "We uſe cookies to help you", "ACCEPT ALL COOKIES now",
    "Cookie policy \u212a", "Reporting by Jane Doe; Editing by Tom Roe", "Copyright by Kyiv Post", "“Quoted” | note",
    "Cover PHOTO CREDIT: AP", "Cover photo credİt: AP", "Photo credits: " + LONG, "photo: credit",
    # the rules with known beginnings (tried only on a line that begins like one of them), also
    # where str.lower and a case-insensitive pattern differ (ſ ı İ K, ς σ Σ, в ᲀ) and in other scripts
    "ſhare facebook twitter", "SHARE İT facebook", "Moreover, talks resumed " + LONG, "Ad", "ADS", "Additionally, talks.",
    "Реклама", "РЕКЛАМА", "ЧИТАЙТЕ ТАКЖЕ: новости", "Смотрите также: видео", "ᲃмотрите также: видео", "Теги:", "ᲄеги",
    "AYRICA OKUYUN: haber", "Ayrıca okuyun: haber", "ΣΧΌΛΙΑ: " + LONG, "σχόλια: x", "ςχόλια: x", "By Jane Doe", "Xi said so.",
    # long lines that a gated rule matches only where they begin like it (copyright, the user's credit)
    # or that hold its gate elsewhere; they are searched for "|" as they are, not lower-cased, unless a
    # gate holds a letter (the user's "x|y")
    "© 2024 Riverside Post" + " " * 250 + "All rights reserved.", "COPYRİGHT 2024 Riverside Post" + " " * 250 + ".",
    "(C) 2024 Riverside Post" + " " * 250, LONG + " All rights reserved.", "Riverside Post" + " " * 250 + "| © 2024",
    "Riverside Post" + " " * 250 + "| COPYRIGHT 2024", "Rİverside – Post" + " " * 250 + "| (C) 2024", "Post | ſ " + LONG,
    "Talks X|Y " + LONG,
    "Credit line: " + LONG, "Our credit line: " + LONG, "Credit due.",
])


@settings(max_examples=150, deadline=None)
@given(st.lists(QUICK_LINES, max_size=12).map("\n\n".join), st.booleans())
def test_quick_tests_give_the_result_of_every_rule(tmp_path_factory, page, user_rules):
    path = tmp_path_factory.mktemp("rules") / "r.yaml"
    # a bounded rule (at most 26 characters), an unbounded one with a back reference (not joinable)
    # and one that scans (.{0,40}: gated by "photo credit")
    path.write_text("drop_line:\n  note: '^note: .{0,20}'\n  echo: '^(\\w+) \\1 .*'\n"
                    "  photo: '^.{0,40}\\bphoto credit.*'\n  greek: '^(?:σχόλια|[αa]dd)\\s*:?.*'\n"
                    "  kelvin: '^(?-i:Ks)\\b.*'\n  credit: '^(?:.{0,30}\\bcredit\\b.{0,10}|credit line:.*)$'\n"
                    "  pipe: '^.{0,300}x\\|y.*'\n",
                    encoding="utf-8")
    rules = load_rules(path if user_rules else None)
    assert not user_rules or [gate for rx, gate in rules.gated if "photo" in rx.pattern] == [("photo credit",)]
    fast, slow = clean_page(page, rules=rules), clean_page(page, rules=_every_rule(rules))
    assert (fast.text, fast.removed, fast.captured) == (slow.text, slow.removed, slow.captured)


_GATED_PIECES = st.lists(st.sampled_from(["Copyright", "COPYRİGHT", "©", "(c)", "(C)", " ", "2024", "Riverside Post",
                                           "All rights reserved", ".", "|", "ſ", "x" * 60, "credit", "Credit line:"]),
                         max_size=8).map("".join)


_CREDIT_PIECES = st.lists(st.sampled_from(["(", "[", " ", "\t", "\u00a0", "Reporting", "reporting", "Further", "by", "Jane",
                                           "Doe", "—", "-", "With assistance from", "Contributors:", "x", ")"]),
                          max_size=8).map("".join)


@settings(max_examples=300, deadline=None)
@given(_CREDIT_PIECES, st.sampled_from([r"^[(\[]?\s*(?:reporting by\s+\S+|with assistance from\b).*$", r"^\s*[-—]?\s*x.*$"]))
def test_a_rule_that_begins_with_spaces_begins_as_its_beginnings_on_a_stripped_line(line, pattern):
    from framing.corpus.clean import _start_fold, _starts

    rules = load_rules()
    for rx in (rules.drop_line["wire_credit"], re.compile(pattern, re.I)):
        heads = _starts(rx)
        assert heads is not None  # (the spaces at the start of a line are stripped)
        if rx.fullmatch(line.strip()):
            assert _start_fold(line.strip()).startswith(heads), (line, heads)


def test_a_gated_rule_with_known_beginnings_on_long_lines_is_not_gated_there():
    from framing.corpus.clean import _gate, _starts

    rules = load_rules()
    copyright = rules.drop_line["copyright"]
    assert _starts(copyright) is None  # a short line may end "... all rights reserved"
    assert _gate(copyright, rules.long_from) == (("(c)", "all rights reserved", "copyright", "©"), ())
    assert [gate for _, gate in rules.gated_long] == [("|",)] and not rules.long_gates_fold


@settings(max_examples=300, deadline=None)
@given(_GATED_PIECES, st.one_of(st.none(), st.integers(min_value=0, max_value=200)))
def test_a_line_a_gated_rule_matches_begins_as_one_of_its_branches_or_holds_the_others_gate(line, length):
    from framing.corpus.clean import _gate, _has_ascii_twin, _start_fold

    for rx in (load_rules().drop_line["copyright"], re.compile(r"^(?:.{0,30}\bcredit\b.{0,10}|credit line:.*)$", re.I)):
        heads, gate = _gate(rx, length)
        assert gate or length  # (both scan; on a long line the credit rule's scanning branch is too short)
        if (length is None or len(line) > length) and rx.fullmatch(line) and not _has_ascii_twin(line):
            assert _start_fold(line).startswith(heads) or any(x in line.lower() for x in gate), (line, heads, gate)


def test_a_gated_rule_is_gated_by_its_branches_without_known_beginnings():
    from framing.corpus.clean import _gate

    rules = load_rules()
    heads, gate = _gate(rules.drop_line["copyright"])
    assert heads == ("(c)", "all rights reserved", "copyright", "©") and gate == ("all rights reserved",)
    assert all(head in rules.starts[head[0]] for head in heads)
    assert "copyright" not in rules.gate_strings  # (a line that begins so is tried by its beginning)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet="abC ", min_size=1, max_size=9), min_size=1, max_size=4), st.integers(0, 3),
       st.text(alphabet="abcx ", max_size=20), st.text(alphabet="abcx ", max_size=8), st.booleans())
def test_every_line_a_gated_alternation_matches_holds_a_string_of_its_gate(words, pick, before, after, upper):
    from framing.corpus.clean import _gate

    rx = re.compile("^.{0,20}(?:" + "|".join(map(re.escape, words)) + ")x.*$", re.I)  # (a string all branches hold, or one each)
    word = words[pick % len(words)]
    line = before + (word.upper() if upper else word) + "x" + after
    heads, gate = _gate(rx)
    assert rx.fullmatch(line) and not heads and gate
    assert any(x in line.lower() for x in gate), (words, gate)


def test_a_long_line_is_lower_cased_for_the_gates_where_a_gate_string_has_a_letter(tmp_path):
    path = tmp_path / "r.yaml"
    path.write_text("drop_line:\n  pipe: '^.{0,300}x\\|y.*'\n", encoding="utf-8")
    rules = load_rules(path)
    assert rules.gate_strings_long == ("|",) and rules.long_gates_fold  # ("x|y" holds "|", and letters)
    assert [r.rule for r in clean_page("Body one.\n\nTalks X|Y " + LONG, rules=rules).removed] == ["pipe"]


def test_rules_with_known_beginnings_are_tried_only_on_lines_that_begin_so():
    from framing.corpus.clean import _may_start, _starts

    rules = load_rules()
    assert _starts(rules.drop_line["advertisement"])[:3] == ("ad", "ad feedback", "ads")
    assert _starts(rules.drop_line["cookies"]) is None  # ".{0,80}": may begin with anything
    assert "related" not in rules.any_rule.pattern  # not in the joined quick test: its beginnings stand for it
    assert [_may_start(line, rules) for line in ("Read more: x", "READ MORE", "ſhare", "Talks resumed.", "ΣΧΌΛΙΑ")] == [
        True, True, True, False, False]


_FIRST_PATTERNS = [r"^\d{1,3}\s*min", r"^(?:listen|lesezeit)?\s*x", r"^(?=a)\w+", r"^(?-i:Ks)\b.*", r"ſ+x", r"İ.", r"ı.",
                   "\u212a.", r"[^a-y].*", r"(?:a|[b-d]|\W)?e", r"(?:ab)*c|", r".{0,3}z", r"\bq", r"(?>k|s)+", r"[\d_]?[^\W]",
                   r"(?:a?)x", r"(?:a|)x", r"(?:(?:a)*|b)c", r"(?:a|b?)+c", r"(?:(?=a)|(?<=b))?\s*(?:k+|)?i"]


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="09 aAbBcCeEkKsSiIlLqxyzZ_.(ſıİ\u212a", min_size=1, max_size=6), st.sampled_from(_FIRST_PATTERNS),
       st.booleans())
def test_a_line_a_joined_rule_matches_begins_with_a_character_the_rule_may_begin_with(line, pattern, ignore_case):
    from framing.corpus.clean import _not_first

    rx = re.compile(pattern, re.I if ignore_case else 0)
    if rx.fullmatch(line):
        assert line[0] not in _not_first([rx]), (line, pattern)


def test_the_joined_quick_test_is_tried_only_on_lines_that_may_begin_as_its_rules():
    from framing.corpus.clean import _not_first

    rules = load_rules()
    assert sorted(set(map(chr, range(128))) - rules.not_first) == [*"0123456789", "L", "l"]  # (reading_time)
    assert _not_first([re.compile(r"^(a)?(?(1)b|c)", re.I), rules.drop_line["reading_time"]]) == frozenset()  # not read


# Latin-1 and Latin Extended-A, Greek, Cyrillic (and its Extended-C variants), and the characters
# with more than one lower case or a lower case of two characters
FOLD_CHARS = [chr(c) for c in [*range(0x20, 0x250), *range(0x370, 0x530), *range(0x1C80, 0x1C89), 0x1E9B, 0x1E9E,
                               0x1FBE, 0x2126, 0x212A, 0x212B, 0xFB05, 0xFB06]]


def test_start_fold_takes_two_characters_as_one_exactly_when_a_case_insensitive_pattern_does():
    from framing.corpus.clean import _start_fold

    for ch in FOLD_CHARS:
        for other in {ch.lower(), ch.upper(), ch.title(), ch.casefold(), _start_fold(ch)}:
            if len(other) == 1:
                same = re.fullmatch(re.escape(ch), other, re.IGNORECASE) is not None
                assert same == (_start_fold(ch) == _start_fold(other)), (ch, other)


def test_long_lines_skip_only_rules_too_short_for_them(tmp_path):
    path = tmp_path / "r.yaml"
    path.write_text("drop_line:\n  note: '^note: .{0,20}'\n  echo: '^(\\w+) \\1 .*'\n", encoding="utf-8")
    rules = load_rules(path)
    assert rules.long_from >= 26 and rules.any_long is None  # a back reference: not joined, tried one by one
    built_in = load_rules()
    assert built_in.any_long is not None and "we use cookies" not in built_in.any_long.pattern  # bounded
    page = "\n\n".join(["Body one.", "note: " + "x" * 20, "note: " + "x" * 21, "echo echo " + LONG, "Body two."])
    assert [(r.rule, r.text[:10]) for r in clean_page(page, rules=rules).removed] == [
        ("note", "note: xxxx"), ("echo", "echo echo ")]


WORDS = st.lists(st.text(alphabet="aAbß.| ", max_size=4), min_size=1, max_size=6)


@settings(max_examples=200, deadline=None)
@given(WORDS, st.text(alphabet="aAbß.| ", max_size=5))
def test_a_word_tree_matches_what_the_alternation_of_its_words_matches(words, line):
    """The quick tests expand a {set} as a tree of shared beginnings: the same lines match, with
    and without case (only the rules' own patterns, used for what a line gives, keep the list)."""
    from framing.corpus.clean import _word_tree

    flat = "(?:" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + ")"
    for text in [line, *words, *(w.swapcase() for w in words), *(w + "a" for w in words)]:
        for flags in (0, re.IGNORECASE):
            assert bool(re.fullmatch(_word_tree(words), text, flags)) == bool(re.fullmatch(flat, text, flags))


def test_a_rules_width_is_remembered_by_the_pattern_itself():
    # cleaning asks for the width of each gated rule on every long line: looked up by identity, not
    # by the pattern's hash (which reads all its code); right for any number of patterns
    from framing.corpus import clean

    patterns = [re.compile(rf"a{{0,{n}}}") for n in range(1100)] + [re.compile(r"ab.*")]
    assert [clean._max_width(rx) for rx in patterns] == [*range(1100), None]
    assert clean._WIDTHS[id(patterns[-1])] == (patterns[-1], None)
    assert [clean._max_width(rx) for rx in patterns[-5:]] == [1096, 1097, 1098, 1099, None]


def test_short_lines_are_matched_once_for_all_pages_cleaned_with_the_same_rules(tmp_path):
    # page furniture repeats from page to page: a short line's rules are found once per Rules object
    from framing.corpus import clean

    rules = load_rules()
    page = "Talks resumed in Istanbul on Monday, officials said.\n\nAdvertisement\n\nMore talks are due."
    first = clean_page(page, rules=rules)
    assert clean._shared_hits(rules)["Advertisement"][1][0] == "advertisement"
    again = clean_page(page, rules=rules)
    assert (again.text, again.removed) == (first.text, first.removed) == (
        "Talks resumed in Istanbul on Monday, officials said.\n\nMore talks are due.",
        [clean.Removal("advertisement", "Advertisement")])
    user = tmp_path / "rules.yaml"
    user.write_text("disable: [advertisement]\n", encoding="utf-8")
    other = load_rules(user)  # other rules: their own lines
    assert "Advertisement" not in clean._shared_hits(other)
    assert clean_page(page, rules=other).text == page
    for n in range(clean.SHARED_LINES + 1):  # bounded: forgotten all at once when full
        clean_page(f"Line {n}\n\nAdvertisement", rules=rules)
    assert len(clean._shared_hits(rules)) <= clean.SHARED_LINES


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=st.sampled_from(["a", "I", "i", " ", "’", "\u0130", "\u0131", "\u017f", "\u212a", "K", "é"]),
               max_size=10))
def test_the_ascii_twins_test_finds_what_the_class_finds(line):
    from framing.corpus import clean

    assert clean._has_ascii_twin(line) == bool(re.search("[\u0130\u0131\u017f\u212a]", line))  # İ ı ſ K


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=st.sampled_from(["R", "e", "“", "–", "\u0130", "I", "\u017f", "s", "\u03a3", "\u03c2",
                                         "\u0412", "\u1c80", "\u212a", "k", "ß", " "]), max_size=12))
def test_a_lines_head_folds_as_a_case_insensitive_pattern_compares_it(text):
    from framing.corpus import clean

    plain = text.lower() if text.isascii() else text.translate(clean._DOTTED_I).lower().translate(clean._ONE_CASE_TABLE)
    assert clean._start_fold(text) == plain


# --- cheaper tests of a line and a paragraph (issue 17): the same answers as the plain reading ----
_ENDINGS = st.text(alphabet=st.sampled_from(["a", " ", ".", "!", "…", ":", '"', "”", ")", "]", "(", "\n", "x"]), max_size=12)


@settings(max_examples=300, deadline=None)
@given(_ENDINGS, st.integers(min_value=0, max_value=30))
def test_body_like_lines_are_those_of_the_sentence_end_pattern_and_the_word_count(tail, words):
    from framing.corpus.clean import _SENTENCE_END, _ends_sentence, is_body_like

    line = " ".join(["word"] * words) + tail
    count = len(line.split())
    assert _ends_sentence(line) == bool(_SENTENCE_END.search(line))
    assert is_body_like(line) == (count >= 25 or (count >= 6 and bool(_SENTENCE_END.search(line))))


def test_gated_rules_are_tried_where_a_string_of_their_gate_is():
    from framing.corpus.clean import _may_match

    rules = load_rules()
    assert "cookie" in rules.gate_strings and "cookie" not in rules.gate_strings_long  # (cookies: a bounded rule)
    for line in ("We use cookies to improve it", "Riverside Post | © 2024 | World", "Text. ALL RIGHTS RESERVED."):
        assert _may_match(line, rules.gated, rules.gate_strings), line
    assert not _may_match("Talks resumed in Istanbul.", rules.gated, rules.gate_strings)


_PARAGRAPHS = st.lists(st.sampled_from(["KYIV", "(AP)", "(Reuters)", "—", "-", "--", "Updated", "10:32", "Talks.", "talks",
                                        "AP", "--", " ", "(", ")", "Jan. 3"]), max_size=8).map(" ".join)


@pytest.fixture(scope="module")
def dateline_rules(tmp_path_factory):
    """The built-in rules, and rules whose dateline has no bracket: it needs nothing known but " -- "."""
    path = tmp_path_factory.mktemp("dateline") / "r.yaml"
    path.write_text("dateline: '^(?P<agency>[A-Z]+) -- '\n", encoding="utf-8")
    return load_rules(), load_rules(path)


@settings(max_examples=200, deadline=None)
@given(paragraph=_PARAGRAPHS)
def test_datelines_are_looked_for_only_in_paragraphs_holding_what_they_need(dateline_rules, paragraph):
    import dataclasses

    from framing.corpus.clean import find_dateline

    built_in, user = dateline_rules
    assert built_in.dateline_needs == ("(",) and user.dateline_needs == (" -- ", "(")
    for rules in (built_in, user):
        assert find_dateline(paragraph, rules) == find_dateline(paragraph, dataclasses.replace(rules, dateline_needs=()))


_EDGE_LINES = st.sampled_from(["World › Europe › Ukraine", "Talks Resumed In Istanbul", "The minister said talks may resume.",
                               "Tags #ukraine #talks", "Short line", "2024 Results", "word " * 30, "Home | News",
                               "Officials say talks resumed on Monday in Istanbul.", "Talks Resumed.", "World › Europe:",
                               "Home | News”", "Home | News.”"])


@settings(max_examples=200, deadline=None)
@given(st.lists(_EDGE_LINES, max_size=6))
def test_edge_lines_go_as_the_plain_reading_of_the_rule_takes_them(body):
    from framing.corpus.clean import CleanedPage, _edges, _Lines, is_body_like, is_edge_furniture

    rules = load_rules()
    start, stop = 0, len(body)  # the rule read plainly: furniture lines off both ends, if there is body text
    if any(map(is_body_like, body)):
        while start < stop and not is_body_like(body[start]) and is_edge_furniture(body[start], rules.edge):
            start += 1
        while stop > start and not is_body_like(body[stop - 1]) and is_edge_furniture(body[stop - 1], rules.edge):
            stop -= 1
    out = CleanedPage(text="")
    assert _edges(list(body), rules, out, _Lines(rules)) == body[start:stop]
    assert [r.text for r in out.removed] == body[:start] + body[stop:]


_TITLE_CHARS = st.sampled_from(["S", "s", "ſ", "ẞ", "ß", "t", "1", " ", "—", "|", "-", "“", "İ", "i", "Σ", "ς", "é", "\u0301"])


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_TITLE_CHARS, max_size=8), st.text(alphabet=_TITLE_CHARS, max_size=14))
def test_a_repeated_title_is_found_as_the_plain_reading_of_the_rule_finds_it(title, line):
    from framing.corpus.clean import _first_alnum, _same_title

    def norm(x):
        return "".join(filter(str.isalnum, x.casefold()))

    t, x = norm(title), norm(line)
    assert _first_alnum(title) == t[:1] and _first_alnum(line) == x[:1]
    tail = re.split(r"\s[|–—-]\s", line)
    plain = bool(t) and x.startswith(t) and (
        x == t or (len(tail) > 1 and norm(" ".join(tail[:-1])) == t and len(tail[-1].split()) <= 5))
    assert _same_title(line, title) == plain
    assert _same_title(title + " | Site", title) == bool(t)


# lines that a later pass may still take: end-of-body headings kept at the top, datelines that leave
# another dateline or a repeated line behind, a headline, edge furniture, lines a pass takes away
_PASS_LINES = st.sampled_from([
    "Recommended", "Most Read from Bloomberg", "Similar Content", "Short line", "Oil Rises on Supply Risks",
    "The minister said talks may resume.", "Officials say talks resumed on Monday in Istanbul, the ministry said.",
    "word " * 30, "(Reuters) - (AP) — Talks.", "(AP) — Talks.", "Talks.", "(Reuters) -", "Story 1", "Story 1 | Site",
    "World › Europe › Ukraine", "Home | News", "Ukraine Russia Diplomacy", "Advertisement", "share facebook twitter",
    "Read more: other story", "Dup", "Dup", "© 2023 Riverside Post. All rights reserved.", "Tags:", "",
    # what a dateline cut off may leave first: a line a rule takes, a heading, the headline, edge furniture
    "(AP) — Advertisement", "(AP) — Recommended", "(AP) — Story 1", "(AP) — Home | News", "(AP) — Dup", "(AP) — Talks.",
    "(AP) — Read more: the story.",
])


@settings(max_examples=400, deadline=None)
@given(st.lists(_PASS_LINES, max_size=12), st.sampled_from(["\n", "\n\n"]), st.booleans(), st.sampled_from(["", "Story 1"]))
def test_a_pass_that_says_its_body_is_final_leaves_what_more_passes_would_leave(lines, sep, has_title, title):
    from framing.corpus import clean

    page = sep.join(lines)
    fast = clean_page(page, has_title=has_title, title=title)
    one_pass = clean._one_pass

    def plain_pass(lines, rules, out, known):  # the plain reading: pass after pass until one removes nothing
        done = len(out.removed)
        return one_pass(lines, rules, out, known)[0], len(out.removed) == done

    with pytest.MonkeyPatch.context() as m:
        m.setattr(clean, "_one_pass", plain_pass)
        slow = clean_page(page, has_title=has_title, title=title)
    assert (fast.text, fast.title, fast.agency, fast.dateline, fast.captured, fast.removed) == (
        slow.text, slow.title, slow.agency, slow.dateline, slow.captured, slow.removed)


@pytest.mark.parametrize("page", [
    "(AP) — Read more: the story.\n\nMore text.",  # what the dateline leaves, a rule takes
    "(AP) — Talks resumed.\n\nTalks resumed.",  # ... the next line repeats
    "MOSCOW, June 3 (Reuters) - World News\n\nThe minister said talks may resume today.",  # ... is edge furniture
    "(Reuters) - (AP) — Talks.\n\nMore text.",  # ... begins with a dateline
    "(AP) — Talks resumed.\n\nMore text.", "(AP) —\n\nMore text.",  # (nothing more to take)
])
def test_a_pass_that_cuts_a_dateline_off_passes_again_where_its_new_first_line_may_go(page):
    test_a_pass_that_says_its_body_is_final_leaves_what_more_passes_would_leave.hypothesis.inner_test(
        page.split("\n"), "\n", False, "")


# --- the rules files are read with libyaml's parser: the data yaml.safe_load reads ---------------------
_YAML_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12)
_YAML_VALUE = st.recursive(st.none() | st.booleans() | st.integers() | _YAML_TEXT,
                           lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_YAML_TEXT, inner, max_size=4),
                           max_leaves=12)


@settings(max_examples=100, deadline=None)
@given(st.dictionaries(_YAML_TEXT, _YAML_VALUE, min_size=1, max_size=5), st.sampled_from(["plain", "flow"]))
def test_a_rules_file_reads_as_yaml_safe_load_reads_it(tmp_path_factory, data, style):
    import yaml

    from framing.corpus.clean import RULES_FILE, _read_rules_file

    assert _read_rules_file(RULES_FILE) == yaml.safe_load(RULES_FILE.read_text(encoding="utf-8"))
    path = tmp_path_factory.mktemp("rules") / "rules.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, default_flow_style=style == "flow"), encoding="utf-8")
    assert _read_rules_file(path) == yaml.safe_load(path.read_text(encoding="utf-8"))


def test_a_rules_parsed_pattern_is_read_once_and_left_as_it_was(tmp_path):
    """The helpers that compile the quick tests share one parse of each rule: none may change it."""
    from re import _parser

    from framing.corpus.clean import _parsed

    rules_file = tmp_path / "rules.yaml"
    rules_file.write_text("drop_line:\n  credit: '^.{0,40}(?:photo|image) credit: .*$'\n", encoding="utf-8")
    for rules in (load_rules(), load_rules(rules_file)):
        patterns = [*rules.drop_line.values(), *rules.end_of_body.values(), *(tree for tree, _ in rules.gated)]
        for rx in patterns:
            assert _parsed(rx) is _parsed(rx)
            assert repr(list(_parsed(rx))) == repr(list(_parser.parse(rx.pattern, rx.flags))), rx.pattern
