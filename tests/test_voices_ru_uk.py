"""Voices in Russian and Ukrainian (issue 21 item 4): quotation marks, dash speakers, "по словам X",
"как отметил X", "X заявил, что", cue verbs by lemma, inflected names resolved to one name.

Every sentence here was written for these tests.
"""

import json

import pandas as pd
import pytest

from framing.cli import main
from framing.voices import corpus_voice_spans, load_cues, quotations, voice_spans
from framing.voices.inflection import name_key, nominative


def sources(text: str, language: str | None) -> list[tuple[int, int, str, str, str]]:
    """(start, end, quoted text, speaker, kind) of the source spans."""
    spans = voice_spans(text, language=language)
    assert spans["start"].iloc[0] == 0 and spans["end"].iloc[-1] == len(text)
    assert (spans["start"].iloc[1:].to_numpy() == spans["end"].iloc[:-1].to_numpy()).all()
    return [(r.start, r.end, text[r.start:r.end], r.speaker, r.kind)
            for r in spans.itertuples() if r.voice == "source"]


def attributions(text: str, language: str) -> list[str]:
    spans = voice_spans(text, language=language)
    return [text[r.start:r.end] for r in spans.itertuples() if r.kind == "attribution"]


# -- quotation marks -----------------------------------------------------------------------------
def test_guillemets_and_nested_low_quotes_are_one_quotation():
    text = "«Он сказал „нет“ дважды, и это окончательно», — заявил Песков."
    assert quotations(text) == [(0, 44)]
    assert quotations("„Ми не здамося“, — сказав він.") == [(0, 15)]


def test_ru_guillemets_with_dash_speaker_after():
    text = "Переговоры затянулись. «Мы не отступим от своих условий», — заявил Песков."
    assert sources(text, "ru") == [(23, 56, "«Мы не отступим от своих условий»", "Песков", "direct")]
    assert attributions(text, "ru") == [", — заявил Песков."]


def test_uk_guillemets_with_dash_speaker_after():
    text = "«Ми не поступимося жодним кілометром нашої землі», — заявив Зеленський."
    assert sources(text, "uk") == [(0, 49, "«Ми не поступимося жодним кілометром нашої землі»", "Зеленський", "direct")]
    assert attributions(text, "uk") == [", — заявив Зеленський."]


def test_ru_low_quotes_and_nested_quote():
    text = "„Решение «окончательное» и пересмотру не подлежит“, — сказал Лавров."
    assert sources(text, "ru") == [(0, 50, "„Решение «окончательное» и пересмотру не подлежит“", "Лавров", "direct")]


def test_uk_nested_quote_keeps_one_span():
    text = "«Він відповів „ні“ на всі пропозиції», — зазначив Кулеба."
    assert sources(text, "uk") == [(0, 37, "«Він відповів „ні“ на всі пропозиції»", "Кулеба", "direct")]


@pytest.mark.parametrize("verb", ["заявил", "заявила", "заявили", "заявляет", "подчеркнул", "отметила", "сообщил"])
def test_ru_every_form_of_a_cue_verb_counts(verb):
    text = f"«Мы готовы к переговорам», — {verb} Захарова."
    assert [s[3] for s in sources(text, "ru")] == ["Захарова"]


@pytest.mark.parametrize("verb", ["заявив", "заявила", "заявили", "наголосив", "зазначила", "повідомив", "додав"])
def test_uk_every_form_of_a_cue_verb_counts(verb):
    text = f"«Ми готові до переговорів», — {verb} Стефанішина."
    assert [s[3] for s in sources(text, "uk")] == ["Стефанішина"]


def test_ru_speaker_before_quote_with_colon():
    text = "Министр иностранных дел Сергей Лавров заявил журналистам: «Запад не слышит наших аргументов»."
    got = sources(text, "ru")
    assert got == [(58, 92, "«Запад не слышит наших аргументов»", "Сергей Лавров", "direct")]


def test_uk_speaker_before_quote_with_colon():
    text = "Міністр закордонних справ Дмитро Кулеба сказав: «Ми чекаємо на чіткі гарантії безпеки»."
    assert sources(text, "uk") == [(48, 86, "«Ми чекаємо на чіткі гарантії безпеки»", "Дмитро Кулеба", "direct")]


def test_ru_quote_after_chto_and_quoted_object():
    text = "Песков заявил, что «переговоры продолжатся, если Киев согласится». Политолог Иван Петров сказал «Ведомостям», что стороны далеки."
    got = sources(text, "ru")
    assert got == [(19, 65, "«переговоры продолжатся, если Киев согласится»", "Песков", "direct"),
                   (114, 129, "стороны далеки.", "Иван Петров", "indirect")]


def test_ru_short_quoted_name_is_a_mention():
    spans = voice_spans("Компания «Газпром» сократила поставки газа.", language="ru")
    assert spans[spans["kind"] == "mention"][["start", "end"]].values.tolist() == [[9, 18]]
    assert (spans["voice"] == "journalist").all()


# -- dash dialogue and pronouns ------------------------------------------------------------------
def test_ru_dash_dialogue_with_pronoun_speaker():
    text = "Сергей Шойгу осмотрел позиции.\n\n— Мы не уйдём отсюда, — сказал он. — Никогда."
    got = sources(text, "ru")
    assert got == [(32, 52, "— Мы не уйдём отсюда", "Сергей Шойгу", "direct"),
                   (67, 77, "— Никогда.", "Сергей Шойгу", "direct")]
    assert attributions(text, "ru") == [", — сказал он."]


def test_uk_dash_dialogue_with_pronoun_speaker():
    text = "Ірина Верещук приїхала до Херсона.\n\n— Евакуація триває, — сказала вона."
    assert sources(text, "uk") == [(36, 54, "— Евакуація триває", "Ірина Верещук", "direct")]


def test_ru_pronoun_goes_to_the_nearest_compatible_person():
    text = ("Владимир Путин встретился с Марией Захаровой. Она позже вышла к прессе. "
            "«Решение принято», — сказала она. «Это важно», — сказал он.")
    got = {s[2]: s[3] for s in sources(text, "ru")}
    assert got == {"«Решение принято»": "Мария Захарова", "«Это важно»": "Владимир Путин"}


def test_uk_pronoun_goes_to_the_nearest_compatible_person():
    text = "Зеленський зустрівся з Макроном у Києві. «Ми вистоїмо», — сказав він."
    assert [s[3] for s in sources(text, "uk")] == ["Зеленський"]


# -- according to X, as X said -------------------------------------------------------------------
def test_ru_po_slovam_before_and_after_content():
    text = "По словам Пескова, Киев затягивает переговоры. Запад ошибается, по словам Лаврова."
    assert sources(text, "ru") == [(19, 46, "Киев затягивает переговоры.", "Песков", "indirect"),
                                   (47, 62, "Запад ошибается", "Лавров", "indirect")]
    assert attributions(text, "ru") == ["По словам Пескова, ", ", по словам Лаврова."]


def test_uk_za_slovamy_before_and_after_content():
    text = "За словами Зеленського, Росія затягує переговори. Санкції діють, за словами Єрмака."
    assert sources(text, "uk") == [(24, 49, "Росія затягує переговори.", "Зеленський", "indirect"),
                                   (50, 63, "Санкції діють", "Єрмак", "indirect")]


def test_ru_kak_otmetil():
    text = "Как отметил Лавров, переговоры зашли в тупик. Обмен пленными продолжится, как сообщила Москалькова."
    assert sources(text, "ru") == [(20, 45, "переговоры зашли в тупик.", "Лавров", "indirect"),
                                   (46, 72, "Обмен пленными продолжится", "Москалькова", "indirect")]


def test_uk_yak_zaznachyv():
    text = "Як зазначив Кулеба, переговори зайшли в глухий кут."
    assert sources(text, "uk") == [(20, 51, "переговори зайшли в глухий кут.", "Кулеба", "indirect")]


# -- X заявил, что ... ---------------------------------------------------------------------------
def test_ru_subject_cue_chto():
    text = "Дмитрий Песков заявил журналистам, что переговоры продолжатся."
    assert sources(text, "ru") == [(39, 62, "переговоры продолжатся.", "Дмитрий Песков", "indirect")]
    assert attributions(text, "ru") == ["Дмитрий Песков заявил журналистам, что "]


def test_uk_subject_cue_shcho():
    text = "Володимир Зеленський заявив, що Україна не поступиться територіями."
    assert sources(text, "uk") == [(32, 67, "Україна не поступиться територіями.", "Володимир Зеленський", "indirect")]


def test_ru_content_then_dash_speaker_without_quotes():
    text = "Переговоры продолжатся в пятницу, — заявил Песков."
    assert sources(text, "ru") == [(0, 32, "Переговоры продолжатся в пятницу", "Песков", "indirect")]


def test_uk_content_then_speaker_without_quotes():
    text = "Переговори триватимуть у п'ятницю, заявив Єрмак журналістам."
    assert sources(text, "uk") == [(0, 33, "Переговори триватимуть у п'ятницю", "Єрмак", "indirect")]


def test_ru_about_this_gives_the_previous_sentence_its_speaker():
    text = "Переговоры продолжатся в пятницу. Об этом заявил Песков."
    assert sources(text, "ru") == [(0, 33, "Переговоры продолжатся в пятницу.", "Песков", "indirect")]


def test_uk_about_this_gives_the_previous_sentence_its_speaker():
    text = "Переговори продовжаться у п'ятницю. Про це заявив речник МЗС Олег Ніколенко."
    assert sources(text, "uk") == [(0, 35, "Переговори продовжаться у п'ятницю.", "Олег Ніколенко", "indirect")]


def test_ru_place_speaker_and_rest_cue():
    text = "В Кремле заявили, что ответ готов. Песков назвал переговоры сложными."
    assert sources(text, "ru") == [(22, 34, "ответ готов.", "Кремль", "indirect"),
                                   (49, 69, "переговоры сложными.", "Песков", "indirect")]


# -- speakers: inflected names to one canonical name ---------------------------------------------
def test_ru_inflected_surname_is_one_speaker():
    text = ("«Мы открыты для диалога», — заявил Песков. По словам Пескова, Киев медлит. "
            "Как сообщили Пескову, ответ будет в пятницу.")
    assert {s[3] for s in sources(text, "ru")} == {"Песков"}


def test_uk_inflected_surname_is_one_speaker():
    text = ("За словами Зеленського, Росія затягує переговори. «Ми готові до миру», — заявив Зеленський. "
            "Зеленським було зазначено, що санкції діють.")
    assert {s[3] for s in sources(text, "uk")} - {""} == {"Зеленський"}


def test_ru_surname_merges_with_the_full_name_and_title():
    text = ("Пресс-секретарь президента России Дмитрий Песков заявил, что ответа нет. "
            "По словам Пескова, Киев медлит. Пресс-секретарь также сказал, что Кремль открыт.")
    assert [s[3] for s in sources(text, "ru")] == ["Дмитрий Песков"] * 3


def test_uk_full_name_in_the_genitive_is_made_nominative():
    text = "За словами Володимира Зеленського, Україна вистоїть."
    assert [s[3] for s in sources(text, "uk")] == ["Володимир Зеленський"]


def test_nominative_rules():
    assert nominative("Пескова", "ru") == "Песков"
    assert nominative("Зеленского", "ru") == "Зеленский"
    assert nominative("Зеленським", "uk") == "Зеленський"
    assert nominative("Захаровой", "ru") == "Захарова"
    assert name_key("Зеленського") == name_key("Зеленським") == name_key("Зеленський")


def test_first_person_is_the_writer():
    assert sources("Я сказал, что переговоры продолжатся.", "ru") == []


# -- language choice and English unchanged --------------------------------------------------------
def test_language_detected_when_not_given():
    text = "«Мы не отступим от своих условий», — заявил Песков."
    assert voice_spans(text).values.tolist() == voice_spans(text, language="ru").values.tolist()
    english = '"We will not retreat from our terms," Peskov said.'
    assert voice_spans(english).values.tolist() == voice_spans(english, language="en").values.tolist()


def test_language_column_wins_over_detection():
    text = "«Ми готові до переговорів», — заявив Єрмак."
    corpus = pd.DataFrame({"doc_id": ["a", "b"], "text": [text, text], "language": ["uk", "en"]})
    spans = corpus_voice_spans(corpus)
    assert spans[(spans["doc_id"] == "a") & (spans["voice"] == "source")]["speaker"].tolist() == ["Єрмак"]
    assert "Єрмак" not in spans[spans["doc_id"] == "b"]["speaker"].tolist()  # read as English


def test_cue_lexicons_per_language():
    ru, uk = load_cues(language="ru"), load_cues(language="uk")
    assert (ru.language, ru.match, uk.language) == ("ru", "lemma", "uk")
    assert {"заявить", "сказать", "отметить", "подчеркнуть", "сообщить", "добавить", "считать", "назвать"} <= ru.speech
    assert {"заявити", "сказати", "зазначити", "наголосити", "повідомити", "додати"} <= uk.speech
    assert load_cues().language == "en"


@pytest.mark.parametrize("language,text,speaker", [
    ("ru", "«Мы не отступим от своих условий», — заявил Песков.", "Песков"),
    ("uk", "«Ми не поступимося жодним кілометром», — заявив Зеленський.", "Зеленський"),
])
def test_framing_voices_on_a_russian_and_a_ukrainian_file(tmp_path, language, text, speaker):
    path = tmp_path / f"{language}.jsonl"
    path.write_text(json.dumps({"id": language, "text": "Новини дня.\n\n" + text}, ensure_ascii=False) + "\n",
                    encoding="utf-8")
    out = tmp_path / "spans.csv"
    assert main(["voices", str(path), "--id-col", "id", "--out", str(out)]) == 0
    spans = pd.read_csv(out, keep_default_na=False)
    src = spans[spans["voice"] == "source"]
    full = "Новини дня.\n\n" + text
    assert src["speaker"].tolist() == [speaker]
    assert full[src["start"].iloc[0]:src["end"].iloc[0]] == text[:text.index("»") + 1]
    assert main(["voices", str(path), "--id-col", "id", "--lang", "en", "--out", str(out)]) == 0
    assert speaker not in pd.read_csv(out, keep_default_na=False)["speaker"].tolist()  # --lang en: read as English
