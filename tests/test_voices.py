"""Voice attribution (framing.voices): the constructions of issue 16, one made-up example each."""

import pandas as pd
import pytest

from framing.errors import LexiconError
from framing.voices import corpus_voice_spans, load_cues, quotations, voice_spans


def sources(text, **kw):
    """(speaker, kind, content) of every source span."""
    s = voice_spans(text, **kw)
    return [(r.speaker, r.kind, text[r.start:r.end]) for r in s.itertuples() if r.voice == "source"]


@pytest.mark.parametrize("text, expected", [
    # cue after the content, no quotation marks
    ("Kyiv will not yield, the minister said.", [("minister", "indirect", "Kyiv will not yield")]),
    ("The talks will fail, said Ann Lee.", [("Ann Lee", "indirect", "The talks will fail")]),
    # cue before, without "that"
    ("Ann Lee said the talks would fail.", [("Ann Lee", "indirect", "the talks would fail.")]),
    ("Ann Lee told reporters on Monday the talks would fail.", [("Ann Lee", "indirect", "the talks would fail.")]),
    # cues beyond saying verbs, from the data file
    ("Ann Lee suggested that the talks resume.", [("Ann Lee", "indirect", "that the talks resume.")]),
    ("Ann Lee argued the plan was flawed.", [("Ann Lee", "indirect", "the plan was flawed.")]),
    ("Ann Lee acknowledged that the plan was flawed.", [("Ann Lee", "indirect", "that the plan was flawed.")]),
    ("Ann Lee vowed to fight on.", [("Ann Lee", "indirect", "to fight on.")]),
    ("A poll shows that the mayor leads.", [("poll", "indirect", "that the mayor leads.")]),
    ("Officials believe the attack was planned.", [("officials", "indirect", "the attack was planned.")]),
])
def test_reported_speech_constructions(text, expected):
    assert sources(text) == expected


def test_suggested_without_that_stays_the_writers():
    assert sources("Ann Lee suggested she'd accept a cease-fire.") == []


@pytest.mark.parametrize("text, quoted", [
    ("''We will not back down,'' Ann Lee said.", "''We will not back down,''"),
    ("“We will not back down,” Ann Lee said.", "“We will not back down,”"),
    ("«We will not back down,» Ann Lee said.", "«We will not back down,»"),
    ("„We will not back down“, Ann Lee said.", "„We will not back down“"),
])
def test_quotation_marks(text, quoted):
    assert sources(text) == [("Ann Lee", "direct", quoted)]


def test_multi_sentence_and_nested_quotes():
    text = "“We tried. We failed. They called it ‘a disaster’ and they were right,” Ann Lee said."
    assert sources(text) == [("Ann Lee", "direct", text[:text.index("”") + 1])]
    assert quotations("''One. Two,'' she said.") == [(0, 13)]


def test_a_headline_with_a_colon_is_not_a_speaker_label():
    text = "Budget Fight Heats Up: Council Delays Vote\n\nThe council delayed the vote on Tuesday."
    assert sources(text) == []
    assert set(voice_spans(text)["voice"]) == {"journalist"}


def test_a_speaker_with_two_turns_makes_a_transcript():
    text = "Ann Lee: Good evening.\nBob Stone: Thank you for having me.\nLee: Shall we start?"
    assert sources(text) == [("Ann Lee", "turn", "Good evening."), ("Bob Stone", "turn", "Thank you for having me."),
                             ("Ann Lee", "turn", "Shall we start?")]


def test_section_headings_with_colons_are_not_turns():
    text = ("Ideas from the campaign.\n\nJeb Bush: Student loans Some big ideas come late.\n\n"
            "Marco Rubio: Retirement accounts Two years ago, the plan changed.\n\n"
            "STAT OF THE WEEK: $43 million went to subsidies.")
    assert sources(text) == []


def test_apposition_between_name_and_verb():
    assert sources("Ann Lee, the county treasurer, said the fund was empty.") == [
        ("Ann Lee", "indirect", "the fund was empty.")]
    text = '"The fund is empty," said Ann Lee, the county treasurer.'
    assert sources(text) == [("Ann Lee", "direct", '"The fund is empty,"')]


def test_pronoun_goes_to_the_nearest_compatible_person():
    text = ("Ann Lee spoke first. Then Bob Stone arrived. He said the deal was dead. "
            "She said the deal could be saved.")
    assert [sp for sp, _, _ in sources(text)] == ["Bob Stone", "Ann Lee"]


def test_capitalised_non_names_are_never_speakers():
    assert [sp for sp, _, _ in sources("The Times on Sunday wrote that the plan failed.")] == ["Times"]
    assert sources("Cold War: Don't Miss said the thing was big.") == []
    text = 'Must Read: "This changes everything about the war and the peace talks," Must Read said.'
    assert all(sp not in {"Must Read", "Cold War", "Don't Miss", "Sunday"} for sp, _, _ in sources(text))


def test_first_person_is_the_writer():
    assert sources("I said that the plan failed.") == []
    assert sources("And I want to say the following on this day.") == []
    assert sources("We believe the plan failed.") == []


def test_institution_voice_for_official_texts():
    text = 'We will rebuild every city. "Thank you," the mayor said.'
    spans = voice_spans(text, institution="Volodymyr Zelenskyy")
    assert spans["voice"].tolist() == ["institution", "source", "institution"]
    assert spans["speaker"].tolist()[0] == "Volodymyr Zelenskyy" and spans["kind"].tolist()[0] == "institution"
    corpus = pd.DataFrame({"doc_id": ["a", "b"], "text": [text, text], "outlet": ["president.gov.ua", "bbc"]})
    table = corpus_voice_spans(corpus, institutions={"president.gov.ua": "Volodymyr Zelenskyy"})
    assert set(table.loc[table["doc_id"] == "a", "voice"]) == {"institution", "source"}
    assert set(table.loc[table["doc_id"] == "b", "voice"]) == {"journalist", "source"}


def test_a_user_cue_lexicon_replaces_the_built_in_one(tmp_path):
    path = tmp_path / "cues.yaml"
    path.write_text("version: x\nspeech: [grumbled]\n", encoding="utf-8")
    cues = load_cues(path)
    assert sources("Ann Lee grumbled the fund was empty.", cues=cues) == [("Ann Lee", "indirect", "the fund was empty.")]
    assert sources("Ann Lee said the fund was empty.", cues=cues) == []
    (tmp_path / "bad.yaml").write_text("speech: said\n", encoding="utf-8")
    with pytest.raises(LexiconError, match="speech"):
        load_cues(tmp_path / "bad.yaml")


def test_a_quote_after_a_colon_paragraph_and_its_continuation():
    text = ("Ann Lee continued:\n\n“We cannot pay the bills this year or next.”\n\n"
            "“And nobody in this county has offered to help us at all.”\n\nThe meeting ended.")
    assert [(sp, kind) for sp, kind, _ in sources(text)] == [("Ann Lee", "direct"), ("Ann Lee", "direct")]


def test_quoted_titles_are_mentions():
    text = "Ann Lee said on ''The Late Show With Stephen Colbert'' that the fund was empty."
    assert ("", "direct", "''The Late Show With Stephen Colbert''") not in sources(text)
    assert all(kind != "direct" for _, kind, _ in sources(text))


@pytest.mark.parametrize("text, expected", [
    ("Other cleavages, according to the poll, include age.",
     [("poll", "indirect", "Other cleavages"), ("poll", "indirect", " include age.")]),
    ("A state poll out this week shows the mayor with a lead.", [("state poll", "indirect", "the mayor with a lead.")]),
    ("Ann Lee has disputed the critique, but says that she would decide differently.",
     [("Ann Lee", "indirect", "the critique"), ("Ann Lee", "indirect", "that she would decide differently.")]),
    ("Ann Lee told POLITICO she was leaning toward the mayor.",
     [("Ann Lee", "indirect", "she was leaning toward the mayor.")]),
    ("Activists clamoring to block the mayor from the ballot say they are gaining ground.",
     [("activists", "indirect", "they are gaining ground.")]),
])
def test_wider_reported_speech(text, expected):
    assert sources(text) == expected


# -- issue 16, second round (rules written on PolNeAR's train split; sentences written here) ------
@pytest.mark.parametrize("text,expected", [
    ("Trump accused Clinton of lying about her emails.", [("Trump", "indirect", "Clinton of lying about her emails.")]),
    ("Sanders called for a ban on fracking.", [("Sanders", "indirect", "a ban on fracking.")]),
    ("Obama urged Congress to pass the bill.", [("Obama", "indirect", "Congress to pass the bill.")]),
    ("Cruz asked voters to reject the establishment.", [("Cruz", "indirect", "voters to reject the establishment.")]),
    ("The senator backed away from the plan.", []),
])
def test_stance_verbs_take_their_object_as_content(text, expected):
    assert sources(text) == expected


def test_that_opens_the_content_span():
    assert sources("Ann Lee said that the talks would fail.") == [("Ann Lee", "indirect", "that the talks would fail.")]


def test_the_first_source_of_a_sentence_not_a_capitalised_opener():
    text = "When asked about the crisis, Ted Cruz said he knows its consequences firsthand."
    assert sources(text) == [("Ted Cruz", "indirect", "he knows its consequences firsthand.")]


def test_description_opening_a_sentence_is_a_source():
    assert sources("The actress said she was tired of the status quo.") == [
        ("actress", "indirect", "she was tired of the status quo.")]


def test_headline_label_only_when_it_names_someone_in_the_text():
    text = "Sanders: Brexit's message could draw Trump support\n\nBernie Sanders spoke in Vermont on Sunday."
    assert sources(text)[0] == ("Bernie Sanders", "indirect", "Brexit's message could draw Trump support")
    assert sources("Budget Fight Heats Up: Council Delays Vote\n\nThe council met on Monday.") == []


def test_pronoun_after_a_speaker_is_that_speaker():
    text = ('Ann Lee met Mary Stone and Tom Hall. Lee said the fund was empty. '
            '"It is gone," she said.')
    assert [sp for sp, _, _ in sources(text)] == ["Ann Lee", "Ann Lee"]


def test_quote_ending_a_sentence_does_not_take_the_next_sentences_speech():
    text = 'Sexton said he holds his roots "very near and dear to my heart." He said he recognizes his family.'
    src = sources(text)
    assert src[-1] == ("Sexton", "indirect", "he recognizes his family.")


def test_findings_of_any_subject_with_that_and_documents_after_the_content():
    assert sources("Footage from the game shows that several students dressed up.") == [
        ("Footage from the game", "indirect", "that several students dressed up.")]
    text = "Bush lent his campaign money last month, fundraising documents show."
    assert sources(text) == [("fundraising documents", "indirect", "Bush lent his campaign money last month")]


def test_quote_inside_a_sentence_is_its_subjects():
    text = "Ben Carson did not name his rivals, but told his supporters, “our nation is in horrible trouble.”"
    assert sources(text) == [("Ben Carson", "direct", "“our nation is in horrible trouble.”")]
    assert [k for _, k, _ in sources('Moscow calls it a "special operation" in every statement.')] == []
