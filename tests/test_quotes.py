import pandas as pd
import pytest

import framing
from framing.quotes import assign_voices, voice_spans, voice_split


def spans_of(text):
    """(voice, speaker, kind, covered text) of every non-narration span."""
    s = voice_spans(text)
    return [(r.voice, r.speaker, r.kind, text[r.start:r.end]) for r in s.itertuples() if r.kind != "narration"]


def source_texts(text):
    return [(speaker, t) for voice, speaker, kind, t in spans_of(text) if voice == "source"]


@pytest.fixture(scope="module")
def article():
    return framing.load_corpus("example-article").text[0]


def test_spans_cover_the_text_exactly(article):
    s = voice_spans(article)
    assert s["start"].iloc[0] == 0 and s["end"].iloc[-1] == len(article)
    assert (s["start"].iloc[1:].to_numpy() == s["end"].iloc[:-1].to_numpy()).all()
    assert set(s["voice"]) == {"journalist", "source"}


def test_example_article_quotes_and_indirect_speech_are_zelenskiys(article):
    src = source_texts(article)
    # the three attributions of the first version stay; the cue lexicon adds two stances
    # ("Donald Trump has pledged to end ...", "Ukraine have long insisted that ...")
    assert [speaker for speaker, _ in src] == ["Volodymyr Zelenskiy"] * 3 + ["Donald Trump", "Ukraine"]
    assert src[3][1] == "to end the hostilities."
    assert src[4][1].startswith("that Russia not be able to keep forces")  # "that" opens the content
    assert src[0][1].startswith("“If we want to stop") and src[0][1].endswith("fast,”")
    assert src[1][1] == "“And then Ukraine can get back the other part of its territory diplomatically.”"
    assert src[2][1].startswith("that no country has made such a proposal")
    assert src[2][1].endswith("for only part of a country.")
    # "according to a translation by Sky News" is attribution, not a speaker
    attributions = [t for v, sp, kind, t in spans_of(article) if kind == "attribution"]
    assert any("according to a translation by Sky News" in t for t in attributions)
    assert "Sky News" not in {sp for sp, _ in src}
    # the lede is the journalist's: "suggested he'd accept a cease-fire" is not reported speech
    lede = voice_spans(article).iloc[0]
    assert lede["voice"] == "journalist" and article.find("suggested") < lede["end"]


@pytest.mark.parametrize("text, speaker, quoted", [
    ('"We will not cede land," said Dmitry Peskov.', "Dmitry Peskov", '"We will not cede land,"'),
    ("Dmitry Peskov said: “We will not cede land.”", "Dmitry Peskov", "“We will not cede land.”"),
    ("According to Dmitry Peskov, “talks go on.”", "Dmitry Peskov", "“talks go on.”"),
    ("«Talks go on, and they will,» Lavrov told reporters.", "Lavrov", "«Talks go on, and they will,»"),
])
def test_direct_quote_attribution_patterns(text, speaker, quoted):
    assert source_texts(text) == [(speaker, quoted)]


def test_pronoun_resolves_to_last_named_speaker():
    text = ('Kremlin spokesman Dmitry Peskov spoke first. Then Olaf Scholz arrived. '
            '"No deal," Scholz said. "Not now," he added.')
    assert source_texts(text) == [("Olaf Scholz", '"No deal,"'), ("Olaf Scholz", '"Not now,"')]


def test_multi_paragraph_and_nested_quotes():
    text = ("“The first paragraph of a long quote, with ‘a nested quote’ inside.\n\n"
            "“The second paragraph ends it,” Ann Lee said.\n\nThe end.")
    src = source_texts(text)
    assert len(src) == 1
    assert src[0][0] == "Ann Lee"
    assert src[0][1].startswith("“The first") and src[0][1].endswith("ends it,”")


def test_straight_quotes_over_paragraphs():
    text = '"One paragraph of quote.\n\n"And a second one," Ann Lee said. Then narration.'
    assert source_texts(text) == [("Ann Lee", '"One paragraph of quote.\n\n"And a second one,"')]


def test_short_unattributed_quote_is_a_mention_not_a_source():
    s = spans_of('Moscow calls it a "special operation" in every statement.')
    assert [(v, k) for v, _, k, _ in s] == [("journalist", "mention")]


def test_indirect_speech_and_first_person():
    assert source_texts("Vladimir Putin stressed that the talks had stalled.") == [
        ("Vladimir Putin", "that the talks had stalled.")]
    assert source_texts("I stressed that sanctions are not enough.") == []
    assert source_texts("Zelenskiy suggested he'd accept a cease-fire.") == []


def test_according_to_a_report_is_not_a_speaker():
    s = spans_of("According to a report by Reuters, talks stalled. Talks resumed, according to Peskov.")
    assert ("source", "Peskov", "indirect", "Talks resumed") in s
    assert all(sp != "Reuters" for _, sp, _, _ in s)


def test_transcript_turns():
    text = "President of Russia Vladimir Putin: Good afternoon. Question: Will talks go on? Vladimir Putin: Yes."
    src = source_texts(text)
    assert src == [("Vladimir Putin", "Good afternoon."), ("Question", "Will talks go on?"),
                   ("Vladimir Putin", "Yes.")]


def test_assign_voices_on_example_article(article):
    corpus = framing.load_corpus("example-article")
    lexicons = framing.load_lexicons(["hedging", "concession", "security"])
    matches = framing.find_matches(corpus, lexicons)
    before = matches.copy()
    voiced = assign_voices(corpus, matches)
    pd.testing.assert_frame_equal(matches, before)  # input untouched
    assert len(voiced) == len(matches)
    umbrella = voiced[voiced["matched_text"].str.contains("umbrella")]
    assert set(umbrella["voice"]) == {"source"} and set(umbrella["speaker"]) == {"Volodymyr Zelenskiy"}
    suggested = voiced[voiced["matched_text"] == "suggested"]
    assert list(suggested["voice"]) == ["journalist"]
    split = voice_split(voiced)
    assert set(split["voice"]) == {"journalist", "source"}
    assert split.groupby("lexicon")["share"].sum().round(6).eq(1).all()
    assert split["count"].sum() == len(voiced)


def test_assign_voices_tolerates_unknown_docs_and_empty_tables():
    corpus = pd.DataFrame({"doc_id": ["a"], "text": ["Plain text."]})
    empty = pd.DataFrame(columns=["doc_id", "start", "end"])
    assert list(assign_voices(corpus, empty).columns) == ["doc_id", "start", "end", "voice", "speaker", "voice_kind"]
    other = pd.DataFrame({"doc_id": ["zz"], "start": [0], "end": [1]})
    assert assign_voices(corpus, other)["voice"].tolist() == ["journalist"]


def test_voice_scores_partition_tokens_and_hits(article):
    from framing.quotes import corpus_voice_spans, voice_scores
    from framing.stats import rates_by_group
    from framing.text import count_tokens

    corpus = framing.load_corpus("example-article")
    matches = framing.find_matches(corpus, framing.load_lexicons(["hedging", "security"]))
    spans = corpus_voice_spans(corpus)
    voiced = assign_voices(corpus, matches, spans=spans)
    pd.testing.assert_frame_equal(voiced, assign_voices(corpus, matches))
    table = voice_scores(corpus, voiced, ["hedging", "security"], spans=spans)
    assert table["voice"].tolist() == ["journalist", "source"]
    assert table["n_tokens"].sum() == count_tokens(article)
    assert table["security_count"].sum() == (matches["lexicon"] == "security").sum()
    quoted = table.set_index("voice").loc["source"]
    assert quoted["n_tokens"] == sum(count_tokens(article[r.start:r.end]) for r in spans.itertuples()
                                     if r.voice == "source")
    rates = rates_by_group(table, "voice", ["security"], n_boot=50)
    assert rates["group"].tolist() == ["journalist", "source"] and (rates["rate"] > 0).all()


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_PIECES = st.sampled_from(['"', "“", "”", "‘", "’", "«", "»", "\n\n", ", ", ". ", " said Ann Lee", "He added that ",
                           "Vladimir Putin: ", "According to ", "a report", "Question: ", "we may", "x", " "])


@settings(max_examples=150, deadline=None)
@given(st.lists(_PIECES, max_size=30).map("".join))
def test_spans_always_partition_any_text(text):
    s = voice_spans(text)
    if not text:
        assert s.empty
        return
    assert s["start"].iloc[0] == 0 and s["end"].iloc[-1] == len(text)
    assert (s["start"].iloc[1:].to_numpy() == s["end"].iloc[:-1].to_numpy()).all()
    assert (s["end"] > s["start"]).all()
    assert set(s["voice"]) <= {"journalist", "source"}
    assert (s.loc[s["voice"] == "journalist", "speaker"] == "").all()


def test_titles_roles_and_nested_straight_quotes():
    text = ('German Chancellor Olaf Scholz arrived. "We back Kyiv," the Chancellor said. '
            'Head of the Office of the President Andriy Yermak spoke too. '
            '"They call it the "KPR" again, and we will not accept it," the Head of the Office of the President said.')
    src = source_texts(text)
    assert [sp for sp, _ in src] == ["Olaf Scholz", "Andriy Yermak"]
    assert src[1][1] == '"They call it the "KPR" again, and we will not accept it,"'


def test_belief_verbs_report_speech():
    text = ("Mykhailo Podolyak is convinced that Europe will not force territorial concessions. "
            "He expressed hope that talks resume.")
    assert source_texts(text) == [("Mykhailo Podolyak", "that Europe will not force territorial concessions."),
                                  ("Mykhailo Podolyak", "that talks resume.")]


def test_scraped_transcript_labels():
    text = ("The leaders made statements. * * * President of Russia Vladimir Putin: Colleagues, I would like to begin. "
            "Thank you. President of France Emmanuel Macron(retranslated): We would like trust. "
            "Question(retranslated): Good afternoon? The President expressed his conviction that Ukraine would win.")
    src = source_texts(text)
    assert [sp for sp, _ in src][:3] == ["Vladimir Putin", "Emmanuel Macron", "Question"]
    assert src[0][1] == "Colleagues, I would like to begin. Thank you."


def test_roles_parentheticals_and_doubled_labels():
    text = ("President Volodymyr Zelenskyy spoke. The head of state said that Russia had hoped for a split. "
            "In addition, he said, recognition could end the talks.")
    assert source_texts(text) == [("Volodymyr Zelenskyy", "that Russia had hoped for a split."),
                                  ("Volodymyr Zelenskyy", "In addition"),
                                  ("Volodymyr Zelenskyy", "recognition could end the talks.")]
    label = ("Thank you. Prime Minister of the Republic of Armenia Nikol Pashinyan Pashinyan NikolPrime Minister "
             "of the Republic of Armenia: Thank you, Mr Putin.")
    assert source_texts(label) == [("Nikol Pashinyan", "Thank you, Mr Putin.")]


def test_label_glued_to_a_heading():
    text = ("Excerpts from transcript of meeting with young scientists President of Russia Vladimir Putin: "
            "Friends, good evening. Question: Thank you.")
    assert source_texts(text) == [("Vladimir Putin", "Friends, good evening."), ("Question", "Thank you.")]
    assert source_texts("We met the President of Russia Vladimir Putin: a short meeting.") == []


def test_voice_counts_follow_scores_definitions_of_affirmed_and_negated():
    """Regression (issue 13): voice_scores counted negated hits in L_count; score does not."""
    from framing.quotes import voice_scores

    corpus = pd.DataFrame({"doc_id": ["k"], "text": ["Kyiv will not cede land."]})
    lexicons = framing.load_lexicons(["concession"])
    matches = framing.find_matches(corpus, lexicons)
    assert matches["negated"].tolist() == [True]
    scores = framing.score(corpus, lexicons)
    assert (int(scores.loc[0, "concession_count"]), int(scores.loc[0, "concession_negated"])) == (0, 1)
    voiced = assign_voices(corpus, matches)
    per_voice = voice_scores(corpus, voiced, ["concession"])
    assert per_voice["concession_count"].sum() == 0 and per_voice["concession_negated"].sum() == 1
    split = voice_split(voiced).set_index("voice")
    assert split["count"].sum() == 0 and split.loc["journalist", "negated"] == 1


def test_institution_voice_is_counted_not_dropped():
    """Documents with an institution voice (an official's own site) keep those hits and tokens."""
    from framing.quotes import assign_voices, corpus_voice_spans, voice_scores, voice_split

    corpus = pd.DataFrame({"doc_id": ["a"], "outlet": ["kremlin.ru"],
                           "text": ["We may resume talks. \"It may fail,\" the minister said."]})
    spans = corpus_voice_spans(corpus, institutions={"kremlin.ru": "Vladimir Putin"})
    assert "institution" in set(spans["voice"])
    hits = pd.DataFrame({"doc_id": ["a", "a"], "start": [3, 25], "end": [6, 28], "lexicon": "hedging",
                         "negated": [False, False]})
    voiced = assign_voices(corpus, hits, spans)
    scores = voice_scores(corpus, voiced, ["hedging"], spans=spans).set_index("voice")
    assert scores.loc["institution", "hedging_count"] == 1 and scores.loc["source", "hedging_count"] == 1
    assert scores["n_tokens"].sum() == 10
    split = voice_split(voiced).set_index("voice")
    assert split.loc["institution", "count"] == 1 and split["count"].sum() == 2
