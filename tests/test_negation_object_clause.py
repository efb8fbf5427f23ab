"""Russian and Ukrainian negation across the comma of a negated verb's object clause (issue 21):
«не можем признать, что …», «не визнаємо, що …» (``object_clause`` in negation.ru.yaml / negation.uk.yaml,
framing.match.negation.negated_across_object_clause). English is unchanged: a comma ends a scope."""

from __future__ import annotations

from pathlib import Path

import pytest

from framing.lexicons import load_lexicon, parse_lexicon
from framing.match import Matcher, find_matches_in_text
from framing.match.negation import negation_settings
from framing.match.reference import reference_hits


def lexicon(language: str, terms: list[str]):
    return parse_lexicon({"name": "t", "version": "1", "description": "test", "language": language, "match": "lemma",
                          "categories": {"c": {"terms": terms}}}, "", Path("<test>"))


RU = lexicon("ru", ["уступить территория", "отдать донбасс", "чтобы украина отдать"])
UK = lexicon("uk", ["поступитися територія", "віддати донбас", "щоб україна віддати"])

CASES = [
    # the clause is the negated verb's object: the refusal reaches the hit
    ("ru", "Мы не можем признать, что Украина уступит территории.", True),
    ("ru", "Киев никогда не согласится, чтобы Украина отдала Донбасс.", True),
    ("ru", "Мы не пойдём на то, чтобы уступить территории.", True),
    ("ru", "Президент не говорил, будто Киев отдаст Донбасс.", True),
    ("ru", "Мы не согласны с тем, что Украина должна отдать Донбасс.", True),
    ("ru", "Москва не требует, чтобы Украина отдала Крым.", True),  # the hit begins with the complementizer
    ("uk", "Москва не вимагає, щоб Україна віддала Крим.", True),
    ("uk", "Ми не визнаємо, що Україна поступиться територією.", True),
    ("uk", "Ми ніколи не погодимося, щоб Україна віддала Донбас.", True),
    ("uk", "Київ не вважає, що Україна має віддати Донбас.", True),
    ("uk", "Ми не підемо на те, щоб поступитися територією.", True),
    # no verb of the list before the comma: these affirm the clause
    ("ru", "Не секрет, что Украина уступит территории.", False),
    ("ru", "Никто не сомневается, что Украина уступит территории.", False),
    ("uk", "Не секрет, що Україна поступиться територією.", False),
    ("uk", "Ніхто не сумнівається, що Україна поступиться територією.", False),
    # no complementizer after the comma, a clause-break word, or too far for the window
    ("ru", "Мы не можем признать, Украина уступит территории.", False),
    ("ru", "Мы не думаем, что если Украина уступит территории, война закончится.", False),
    ("ru", "Мы не думаем, что в ближайшие несколько лет и даже десятилетий Украина уступит территории.", False),
    ("uk", "Ми не вважаємо, що якщо Україна поступиться територією, війна скінчиться.", False),
    # the verb is affirmed; the negator is elsewhere
    ("ru", "Мы признаём, что Украина уступит территории.", False),
    ("ru", "Не только мы признаём, что Украина уступит территории.", False),
    # a new paragraph after the comma is a new sentence
    ("ru", "Мы не можем признать,\n\nчто Украина уступит территории.", False),
]


@pytest.mark.parametrize("language, text, negated", CASES)
def test_a_refusal_reaches_into_the_object_clause_of_its_verb(language, text, negated):
    lex = RU if language == "ru" else UK
    found = find_matches_in_text(text, [lex])
    assert len(found) == 1, (text, found)
    assert found[0]["negated"] is negated, text
    matcher = Matcher([lex])
    assert matcher.hits(text) == reference_hits(text, matcher)  # the slow reference agrees


def test_english_is_unchanged_a_comma_ends_the_scope():
    english = parse_lexicon({"name": "e", "version": "1", "description": "test", "categories": {"c": {"terms": ["cede land"]}}},
                            "", Path("<test>"))
    assert negation_settings(english).object_clause is None
    text = "We do not accept, that Ukraine will cede land."
    found = find_matches_in_text(text, [english])
    assert found and not any(m["negated"] for m in found)
    assert negation_settings(load_lexicon("concession")).object_clause is None
    assert "что" in negation_settings(load_lexicon("concession", language="ru")).object_clause.complementizers


RELATIVE_CASES = [
    # negation.ru/uk 1.3.0: a refusal of a noun reaches its relative or participle clause of content
    ("ru", "Рада отвергла проект, предусматривающий уступить территории.", True),
    ("ru", "Мы не примем никакой мир, который предполагает отдать Донбасс.", True),
    ("ru", "Киев отклонил схему, подразумевающую, что Украина отдаст Донбасс.", True),  # the insert rule reaches it
    ("uk", "Рада відкинула проєкт, що передбачає поступитися територією.", True),
    ("uk", "Ми не приймемо жодний мир, який передбачатиме віддати Донбас.", True),
    # «не означает, что ...» denies its clause
    ("ru", "Перемирие не означает, что Украина уступит территории.", True),
    ("uk", "Перемир'я не означає, що Україна поступиться територією.", True),
    # no negator before the comma, another verb, or a clause-break word inside
    ("ru", "Рада одобрила проект, предусматривающий уступить территории.", False),
    ("ru", "Рада отвергла проект, который вчера обсуждали, а потом решили уступить территории.", False),
    ("ru", "Рада отвергла проект, подготовленный для того чтобы уступить территории.", False),
    ("uk", "Рада ухвалила проєкт, що передбачає поступитися територією.", False),
    ("uk", "Рада відкинула проєкт, який підготували вчора, щоб поступитися територією.", False),
]


@pytest.mark.parametrize("language, text, negated", RELATIVE_CASES)
def test_a_refusal_reaches_into_a_relative_clause_of_content(language, text, negated):
    lex = RU if language == "ru" else UK
    found = find_matches_in_text(text, [lex])
    assert len(found) == 1, (text, found)
    assert found[0]["negated"] is negated, text
    matcher = Matcher([lex])
    assert matcher.hits(text) == reference_hits(text, matcher)  # the slow reference agrees


REFUSAL_CASES = [
    # negation.ru/uk 1.3.0 `refusals`: a refusing predicate with its correlative before the complementizer
    ("ru", "Мы категорически против того, чтобы Украина отдала Донбасс.", True),
    ("ru", "Парламент отверг то, что Украина уступит территории.", True),
    ("ru", "Парламент осудил то, что Украина уступит территории.", False),  # «осудить» is no negator of this lexicon
    ("uk", "Ми категорично проти того, щоб Україна віддала Донбас.", True),
    ("uk", "Парламент відкинув те, що Україна поступиться територією.", True),
    # affirming correlatives stay as they were
    ("ru", "Никто не сомневается в том, что Украина уступит территории.", False),
    ("ru", "Мы говорим о том, что Украина уступит территории.", False),
]


@pytest.mark.parametrize("language, text, negated", REFUSAL_CASES)
def test_a_refusing_predicate_reaches_its_clause(language, text, negated):
    lex = RU if language == "ru" else UK
    found = find_matches_in_text(text, [lex])
    assert len(found) == 1, (text, found)
    assert found[0]["negated"] is negated, text
    matcher = Matcher([lex])
    assert matcher.hits(text) == reference_hits(text, matcher)  # the slow reference agrees
