"""The learned voice tagger (framing.voices.learned): features, model file, command line.

A tiny tagger is trained here on a few made-up annotated sentences; no annotated corpus is used.
"""

import json

import numpy as np
import pandas as pd
import pytest

import framing
from framing.cli import main
from framing.errors import InputError, ParameterError
from framing.voices import corpus_voice_spans, voice_spans
from framing.voices.attribution import SPAN_COLUMNS
from framing.voices.evaluate import read_brat
from framing.voices.learned import (
    FORMAT,
    FORMAT_VERSION,
    SPEAKER_FEATURES,
    Chooser,
    Tagger,
    feature_matrix,
    load_tagger,
    run_speakers,
    save_tagger,
    spans_from_decisions,
    speaker_candidates,
    speaker_examples,
    stack_columns,
    tagged_spans,
    token_features,
    token_groups,
    token_labels,
    token_probabilities,
    train_chooser,
    train_stacker,
    train_tagger,
    unnamed_speakers,
)

N = 2 ** 12  # a small hashed space: the tests stay quick

# (text, content) pairs: "reckons", "figures" and "maintains" are no cues of the built-in lexicon
TRAIN = [
    ("Ann Lee reckons the talks will fail.", "the talks will fail."),
    ("Bob Stone figures the budget is too small.", "the budget is too small."),
    ("Mary Wu maintains the plan was never legal.", "the plan was never legal."),
    ("Tom Hale reckons prices will rise again.", "prices will rise again."),
    ("The council met on Monday in the town hall.", ""),
    ("Rain fell over the city for most of the week.", ""),
    ("Sara Diaz figures the vote will be close.", "the vote will be close."),
    ("The bridge opened to traffic last year.", ""),
]


def _annotated(text: str, content: str) -> np.ndarray:
    spans = [(text.index(content), text.index(content) + len(content))] if content else []
    return token_labels(text, spans)


@pytest.fixture(scope="module")
def tagger() -> Tagger:
    x = feature_matrix([f for text, _ in TRAIN for f in token_features(text, voice_spans(text))], N)
    y = np.concatenate([_annotated(text, content) for text, content in TRAIN])
    return train_tagger(x, y, c=10.0, settings={"trained_on": "made-up sentences"})


def test_features_are_deterministic():
    text = "Kyiv will not yield, the minister said. Ann Lee reckons “the talks” will fail."
    spans = voice_spans(text)
    first, second = token_features(text, spans), token_features(text, spans)
    assert first == second and len(first) == len(framing.text.word_spans(text)) == 14
    assert (feature_matrix(first, N) != feature_matrix(second, N)).nnz == 0
    # MurmurHash3 (seed 0, signed): the same column on every machine, so a model file travels
    said = feature_matrix([["w0=said"]], 2 ** 20)
    assert said.indices.tolist() == [816822] and said.data.tolist() == [-1.0]
    kyiv, the_quoted, fail = first[0], first[10], first[13]
    assert {"w0=kyiv", "k0=indirect", "q=0", "caw=said", "R=yield"} <= set(kyiv)
    assert {"q=1", "k0=mention", "L=reckons", "w-1=reckons"} <= set(the_quoted)
    assert {"g+1=end", "L=ann"} <= set(fail)


def test_labels_and_decisions_give_back_the_rules_when_they_agree():
    text = "Ann Lee said the talks would fail. Rain fell."
    rules = voice_spans(text)
    agree = token_labels(text, [(13, 34)])
    assert agree.tolist() == [False, False, False, True, True, True, True, False, False]
    assert spans_from_decisions(text, rules, agree).equals(rules)


def _sources(text: str, spans: pd.DataFrame) -> list[tuple[str, str]]:
    source = spans[spans["voice"] == "source"]
    return [(text[a:b], sp) for a, b, sp in zip(source["start"], source["end"], source["speaker"])]


def test_an_added_run_needs_a_speaker_the_rules_know():
    text = "Ann Lee said taxes would rise. Bob Stone reckons the deal will hold. Ann Lee reckons prices will fall."
    rules = voice_spans(text)
    content = np.zeros(19, dtype=bool)
    content[[3, 4, 5, 9, 10, 11, 12, 16, 17, 18]] = True  # what the rules have, and both "reckons" clauses
    assert _sources(text, spans_from_decisions(text, rules, content)) \
        == [("taxes would rise.", "Ann Lee"), ("prices will fall.", "Ann Lee")]  # Bob Stone: no speaker of the rules
    assert _sources(text, spans_from_decisions(text, rules, content, speakers="named")) \
        == [("taxes would rise.", "Ann Lee"), ("the deal will hold.", "Bob Stone"), ("prices will fall.", "Ann Lee")]
    with pytest.raises(ParameterError, match="speakers must be one of known, named, nearest"):
        spans_from_decisions(text, rules, content, speakers="subject")


def test_a_short_added_fragment_goes_back_to_the_writer():
    text = "Ann Lee said taxes would rise. Those moves came late."
    rules = voice_spans(text)
    content = np.zeros(10, dtype=bool)
    content[[3, 4, 5, 6, 7]] = True  # "Those moves": two words, no source next to them, nobody named
    assert spans_from_decisions(text, rules, content).equals(rules)
    assert spans_from_decisions(text, rules, content, speakers="nearest").equals(rules)  # shorter than 3 words
    old = spans_from_decisions(text, rules, content, min_words=2, speakers="nearest")  # the first version's speaker
    assert _sources(text, old) == [("taxes would rise.", "Ann Lee"), ("Those moves", "Ann Lee")]
    content[2] = True  # one word next to the rules' source extends it whatever its length
    assert _sources(text, spans_from_decisions(text, rules, content)) == [("said", "Ann Lee"), ("taxes would rise.", "Ann Lee")]


def test_tiny_tagger_learns_a_cue_the_lexicon_lacks(tagger):
    text = "Lena Park said taxes would rise. Lena Park reckons the deal will hold."
    rules = voice_spans(text)
    assert "Lena Park reckons the deal will hold." in text[rules["start"].iloc[-1]:]  # the rules do not know "reckons"
    assert rules["voice"].iloc[-1] == "journalist"
    spans = tagged_spans(tagger, text, rules)
    source = spans[spans["voice"] == "source"]
    assert [(text[a:b], sp, k) for a, b, sp, k in zip(source["start"], source["end"], source["speaker"], source["kind"])] \
        == [("taxes would rise.", "Lena Park", "indirect"), ("the deal will hold.", "Lena Park", "indirect")]
    assert spans["start"].iloc[0] == 0 and spans["end"].iloc[-1] == len(text)
    assert (spans["start"].iloc[1:].to_numpy() == spans["end"].iloc[:-1].to_numpy()).all()


def test_model_file_round_trips(tagger, tmp_path):
    path = save_tagger(tagger, tmp_path / "tagger.npz")
    back = load_tagger(path)
    assert np.array_equal(back.weights, tagger.weights) and back.intercept == tagger.intercept
    assert (back.threshold, back.smoothing, dict(back.settings)) == (tagger.threshold, tagger.smoothing,
                                                                      dict(tagger.settings))
    x = feature_matrix(token_features(TRAIN[0][0], voice_spans(TRAIN[0][0])), N)
    assert np.array_equal(token_probabilities(back, x), token_probabilities(tagger, x))
    with np.load(path, allow_pickle=False) as data:  # plain arrays only: no pickled objects
        assert sorted(data.files) == ["intercept", "settings", "weights"]
        assert json.loads(str(data["settings"]))["format_version"] == FORMAT_VERSION


def test_a_model_with_a_second_step_round_trips_and_decides_the_same(tagger, tmp_path):
    texts = [t for t, _ in TRAIN]
    x = feature_matrix([f for t in texts for f in token_features(t, voice_spans(t))], N)
    groups = [token_groups(t) for t in texts]
    offsets = np.cumsum([0] + [len(g[0]) + 1 for g in groups[:-1]])  # sentences of two texts never mix
    sent = np.concatenate([g[0] + o for g, o in zip(groups, offsets)])
    clause = np.concatenate([g[1] + o for g, o in zip(groups, offsets)])
    y = np.concatenate([_annotated(t, c) for t, c in TRAIN])
    stacker = train_stacker(stack_columns(token_probabilities(tagger, x), sent, clause), y, bins=4)
    stacked = Tagger(tagger.weights, tagger.intercept, 0.5, "none", {"note": "two steps"}, stacker)
    back = load_tagger(save_tagger(stacked, tmp_path / "two.npz"))
    assert back.stacker is not None and np.array_equal(back.stacker.edges, stacker.edges)
    text = "Lena Park reckons the deal will hold."
    assert tagged_spans(back, text, voice_spans(text)).equals(tagged_spans(stacked, text, voice_spans(text)))


def _npz(path, **arrays):
    with open(path, "wb") as fh:
        np.savez(fh, **arrays)
    return path


@pytest.mark.parametrize("make, says", [
    (lambda p: p.write_text("weights,1,2\n"), "not a voice tagger model file"),
    (lambda p: _npz(p, coef=np.zeros(3)), "holds ['coef']"),
    (lambda p: _npz(p, weights=np.zeros(4), intercept=np.zeros(1), settings=np.array(json.dumps(
        {"format": "something-else", "format_version": 1}))), "expected 'framing-voices-tagger'"),
    (lambda p: _npz(p, weights=np.zeros(4), intercept=np.zeros(1), settings=np.array(json.dumps(
        {"format": FORMAT, "format_version": FORMAT_VERSION + 1, "n_features": 4, "threshold": 0.5,
         "smoothing": "none"}))), f"format version {FORMAT_VERSION + 1}"),
    (lambda p: _npz(p, weights=np.zeros(4), intercept=np.zeros(1), settings=np.array(json.dumps(
        {"format": FORMAT, "format_version": 1, "n_features": 4, "threshold": 0.5,
         "smoothing": "none"}))), "format version 1; this kit reads version 3"),  # the eighth round's files
    (lambda p: _npz(p, weights=np.zeros(4), intercept=np.zeros(1), speaker_weights=np.zeros(8),
                    settings=np.array(json.dumps({"format": FORMAT, "format_version": FORMAT_VERSION, "n_features": 4,
                                                  "threshold": 0.5, "smoothing": "none"}))), "chooser is incomplete"),
    (lambda p: _npz(p, weights=np.array([None, 1], dtype=object), intercept=np.zeros(1),
                    settings=np.array("{}")), "not a voice tagger model file"),  # a pickled array is refused
    (lambda p: None, "no such model file"),
    (lambda p: _npz(p, weights=np.zeros(4), intercept=np.zeros(1), stack_weights=np.zeros(5),
                    stack_edges=np.zeros((2, 3)), stack_intercept=np.zeros(1), settings=np.array(json.dumps(
                        {"format": FORMAT, "format_version": FORMAT_VERSION, "n_features": 4, "threshold": 0.5,
                         "smoothing": "none"}))), "second step does not match"),
])
def test_a_bad_or_foreign_model_file_says_what_to_do(tmp_path, make, says):
    path = tmp_path / "model.npz"
    make(path)
    with pytest.raises(InputError) as err:
        load_tagger(path)
    assert says in str(err.value) and "benchmarks/voices_train.py" in str(err.value)
    assert str(path) in str(err.value)


def test_voices_command_with_a_model_on_the_seed_article(tagger, tmp_path, capsys):
    model = save_tagger(tagger, tmp_path / "tagger.npz")
    plain, tagged = tmp_path / "plain.csv", tmp_path / "tagged.csv"
    assert main(["voices", "example-article", "--out", str(plain)]) == 0
    assert main(["voices", "example-article", "--model", str(model), "--out", str(tagged)]) == 0
    corpus = framing.load_corpus("example-article")
    text = corpus["text"].iloc[0]
    before = pd.read_csv(plain, keep_default_na=False)
    after = pd.read_csv(tagged, keep_default_na=False)
    # without --model: the rules' spans, unchanged
    assert before.equals(corpus_voice_spans(corpus).astype({"start": "int64", "end": "int64"}))
    # with it: spans still cover the text, and an added stretch speaks only with a speaker of the rules
    assert after["start"].iloc[0] == 0 and after["end"].iloc[-1] == len(text)
    assert (after["start"].iloc[1:].to_numpy() == after["end"].iloc[:-1].to_numpy()).all()
    assert set(after["speaker"]) <= set(before["speaker"])
    assert main(["voices", "example-article", "--model", str(tmp_path / "none.npz")]) == 2
    assert "no such model file" in capsys.readouterr().err


def test_matches_with_voices_and_a_model(tagger, tmp_path, capsys):
    model = save_tagger(tagger, tmp_path / "tagger.npz")
    out = tmp_path / "m.csv"
    assert main(["matches", "example-article", "--lexicon", "hedging", "--voices", "--model", str(model),
                 "--out", str(out)]) == 0
    assert list(pd.read_csv(out, keep_default_na=False).columns)[-3:] == ["voice", "speaker", "voice_kind"]
    assert main(["matches", "example-article", "--lexicon", "hedging", "--model", str(model)]) == 4  # a usage error
    assert "--model corrects the voice spans of --voices" in capsys.readouterr().err


# the speaker chooser: who speaks a run the tagger adds (made-up annotated sentences, brat standoff)
def _brat(text: str, source: str, content: str, at: int = 0) -> str:
    s, c = text.index(source, at), text.index(content, at)
    return (f"T1\tSource {s} {s + len(source)}\t{source}\nT2\tContent {c} {c + len(content)}\t{content}\n"
            "E1\tAttribution:T2 Content:T2 Source:T1\n")


def test_speaker_candidates_say_where_each_mention_is():
    text = "Ann Lee spoke on Monday. She reckons the talks will fail, Bob Stone added."
    rules = pd.DataFrame([[0, len(text), "journalist", "", "narration"]], columns=SPAN_COLUMNS)
    content = token_labels(text, [(text.index("the talks"), text.index(", Bob"))])
    [(first, last, candidates)] = speaker_candidates(text, rules, content)
    assert (first, last) == (7, 10)
    features = dict(candidates)
    assert set(features) == {"Ann Lee", "Bob Stone", ""}  # "": the writer
    assert {"writer", "len=4"} <= set(features[""])
    assert {"where=before", "kind=pronoun", "known=0", "len=4"} <= set(features["Ann Lee"])  # "she", nearest
    assert {"where=after", "kind=name", "cueb=0", "cuea=1"} <= set(features["Bob Stone"])


def test_speaker_examples_mark_the_gold_source_and_a_run_that_is_no_content():
    text = "Ann Lee spoke on Monday. She reckons the talks will fail. Rain fell all week."
    gold = read_brat(_brat(text, "Ann Lee", "the talks will fail."))
    rules = pd.DataFrame([[0, len(text), "journalist", "", "narration"]], columns=SPAN_COLUMNS)
    content = token_labels(text, [(text.index("the talks"), text.index(" Rain")), (text.index("all"), len(text))])
    examples = speaker_examples(text, rules, content, gold)
    # run 0: "She" (Ann Lee) is right, "Rain" and the writer are not; run 1 ("all week") is no content: the writer's
    assert [(run, right) for run, _, right in examples] == [(0, True), (0, False), (0, False), (1, False), (1, False),
                                                            (1, True)]


def _writer_only(text: str) -> pd.DataFrame:
    return pd.DataFrame([[0, len(text), "journalist", "", "narration"]], columns=SPAN_COLUMNS)


def test_a_trained_chooser_picks_the_speaker_or_leaves_the_run_to_the_writer(tmp_path):
    annotated = [("Ann Lee spoke on Monday. She reckons the talks will fail, Bob Stone added.", "Bob Stone",
                  "the talks will fail"),
                 ("Tom Hale met Sara Diaz. Sara Diaz figures the vote will be close, aides said.", "aides",
                  "the vote will be close"),
                 ("Mary Wu arrived late. Mary Wu maintains the plan was never legal, said Jon Park.", "Jon Park",
                  "the plan was never legal")]
    features, right, runs = [], [], []
    for k, (text, source, content_text) in enumerate(annotated):
        gold = read_brat(_brat(text, source, content_text))
        content = token_labels(text, [g for a in gold for g in a.content])
        for run, f, ok in speaker_examples(text, _writer_only(text), content, gold):
            features.append(f)
            right.append(ok)
            runs.append(100 * k + run)
    chooser = train_chooser(features, right, runs, c=10.0, threshold=0.5)
    text = "Lena Park spoke. Lena Park reckons the deal will hold, Tim Cole said."
    rules = _writer_only(text)
    content = token_labels(text, [(text.index("the deal"), text.index(", Tim"))])
    chosen = run_speakers(chooser, text, rules, content)
    assert [who for who, _ in chosen.values()] == ["Tim Cole"]  # after the run, next to a cue: as learned
    spans = spans_from_decisions(text, rules, content, min_words=1, speakers={first: who for first, (who, _) in chosen.items()})
    assert _sources(text, spans) == [("the deal will hold", "Tim Cole")]
    assert spans_from_decisions(text, rules, content, min_words=1, speakers={}).equals(rules)  # no one: the writer's
    # in a model file, and used by tagged_spans
    model = Tagger(np.zeros(N), -9.0, chooser=Chooser(chooser.weights, chooser.intercept, 0.5, 1))
    back = load_tagger(save_tagger(model, tmp_path / "m.npz"))
    assert back.chooser is not None and np.array_equal(back.chooser.weights, chooser.weights)
    assert (back.chooser.threshold, back.chooser.min_words) == (0.5, 1) and "speaker_threshold" not in back.settings
    assert tagged_spans(back, text, rules).equals(rules)  # the tagger adds nothing: no run to speak


@pytest.mark.slow
def test_training_script_writes_a_model_with_a_speaker_chooser(tmp_path):
    import subprocess
    import sys
    from pathlib import Path

    articles = {  # made-up: "reckons" and "figures" are no cues of the built-in lexicon
        "a": [("Ann Lee", "the talks will fail"), ("Bob Stone", "the plan would work")],
        "b": [("Tom Hale", "the budget is too small"), ("Mary Wu", "prices would rise")],
        "c": [("Sara Diaz", "the vote will be close"), ("Jon Park", "turnout would fall")],
        "d": [("Lena Park", "the deal will hold"), ("Tim Cole", "talks would resume")],
    }
    for sub in ("text", "attributions"):
        (tmp_path / "data" / "train" / sub).mkdir(parents=True)
    for name, ((first, said_first), (second, said_second)) in articles.items():
        text = f"{first} reckons {said_first}. {second} said {said_second}. Rain fell all day."
        ann = "".join(_brat(text, source, content, at).replace("T1", f"T{2 * k + 1}").replace("T2", f"T{2 * k + 2}")
                      .replace("E1", f"E{k + 1}")
                      for k, (source, content, at) in enumerate([(first, said_first, 0),
                                                                 (second, said_second, text.index(second))]))
        (tmp_path / "data" / "train" / "text" / f"{name}.txt").write_text(text, encoding="utf-8")
        (tmp_path / "data" / "train" / "attributions" / f"{name}_x1.ann").write_text(ann, encoding="utf-8")
    out = tmp_path / "model.npz"
    script = Path(__file__).parent.parent / "benchmarks" / "voices_train.py"
    command = [sys.executable, str(script), str(tmp_path), "--out", str(out), "--folds", "2", "--c", "1",
               "--n-features", "4096", "--n-boot", "10", "--oof", str(tmp_path / "oof.npz")]
    proc = subprocess.run(command, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    model = load_tagger(out)
    assert model.chooser is not None and model.chooser.min_words in (1, 3)
    assert "speaker chooser C=1.0" in proc.stderr and "cv" in model.settings
    assert (tmp_path / "oof-c1.0.npz").is_file() and "read from" not in proc.stderr
    again = subprocess.run(command, capture_output=True, text=True)  # the same words and features: read back
    assert again.returncode == 0 and "out-of-fold probabilities read from" in again.stderr
    again_model = load_tagger(out)
    assert again_model.chooser is not None and np.array_equal(again_model.chooser.weights, model.chooser.weights)


def test_a_source_noun_inside_a_name_is_no_candidate_of_its_own():
    # "Erewhon President" inside "Erewhon President Ann Lee": the name speaks, not a second candidate
    text = "It rained on Monday. Erewhon President Ann Lee suggested she would accept a truce over the winter."
    content = token_labels(text, [(text.index("she would"), text.index(" over"))])
    [(_, _, candidates)] = speaker_candidates(text, _writer_only(text), content)
    assert [who for who, _ in candidates] == ["Ann Lee", ""]


def test_a_capitalised_plural_opening_a_sentence_is_no_candidate():
    # "Members" (of the club) opens a sentence and is written nowhere else with a capital: not a speaker of a run
    text = "Bob Stone spoke on Monday. Members of the Eastfield Club have resisted the plan because it would cost them."
    content = token_labels(text, [(text.index("the plan"), text.index(" because"))])
    [(_, _, candidates)] = speaker_candidates(text, _writer_only(text), content)
    assert [who for who, _ in candidates] == ["Bob Stone", ""]
    # a plural the text also capitalises inside a sentence is a name ("Democrats"), and stays a candidate
    text = "Later the Democrats met. Democrats have resisted the plan because it would cost them."
    content = token_labels(text, [(text.index("the plan"), text.index(" because"))])
    [(_, _, candidates)] = speaker_candidates(text, _writer_only(text), content)
    assert "democrats" in {who.lower() for who, _ in candidates}


def test_the_writer_reads_the_run_s_own_features():
    # features all candidates share cancel in the conditional logit: the writer has its own copy of them
    text = "Ann Lee spoke on Monday. She says the talks will fail."
    content = token_labels(text, [(text.index("the talks"), len(text))])
    [(_, _, candidates)] = speaker_candidates(text, _writer_only(text), content)
    writer = dict(candidates)[""]
    assert {"Wlen=4", "Wrb=says", "Wr0=the", "Wrz=fail", "Wra=</s>", "Wrcb=1"} <= set(writer)
    assert not any(f.startswith("W") for f in dict(candidates)["Ann Lee"])


def test_a_rule_source_without_a_speaker_takes_the_chooser_s_likeliest_candidate(tmp_path):
    # the rules cover "The talks will fail" but name no one ("it was said"): the chooser names a speaker
    text = "Ann Lee spoke on Monday. The talks will fail, it was said."
    rules = pd.DataFrame([[0, 25, "journalist", "", "narration"], [25, 44, "source", "", "indirect"],
                          [44, len(text), "journalist", "", "attribution"]], columns=SPAN_COLUMNS)
    chooser = Chooser(np.zeros(SPEAKER_FEATURES), 0.0, threshold=0.9)  # (no run reaches 0.9: naming takes any)
    assert unnamed_speakers(chooser, text, rules) == {1: ("Ann Lee", 0.5)}  # Ann Lee against the writer
    keep = feature_matrix([["k0=indirect"]], N)  # a tagger that keeps the rules' indirect words, adds none
    weights = np.zeros(N)
    weights[keep.indices[0]] = 18.0 * keep.data[0]
    model = Tagger(weights, -9.0, chooser=chooser)
    assert tagged_spans(model, text, rules)["speaker"].tolist() == ["", "Ann Lee", ""]
    assert tagged_spans(Tagger(weights, -9.0), text, rules).equals(rules)  # without a chooser: as the rules
