"""What the Russian and Ukrainian versions of the built-in lexicons hit (issue 21): codebook
constructions in inflected forms, refusals marked negated, words without their territorial object not
counted, hedges and evidentials, and exact offsets into the original text."""

import pytest

from framing.lexicons import builtin_names, lexicon_languages, load_lexicon
from framing.match import find_matches_in_text

VERSIONED = ["actors", "boosters", "ceasefire", "concession", "hedged_claim", "hedging", "security", "sovereignty"]


def hits(text, name, language):
    return [(text[m["start"]:m["end"]], m["negated"]) for m in find_matches_in_text(text, [load_lexicon(name, language=language)])]


@pytest.mark.parametrize("name", VERSIONED)
@pytest.mark.parametrize("language", ["ru", "uk"])
def test_versions_are_documented_lemma_lexicons(name, language):
    assert name in builtin_names() and language in lexicon_languages(name)
    lex = load_lexicon(name, language=language)
    assert (lex.name, lex.language, lex.match) == (name, language, "lemma")
    for key in ("description", "definition", "examples", "limits", "sources"):
        assert lex.meta.get(key) or getattr(lex, key, None), (name, language, key)
    assert lex.licence
    english = load_lexicon(name)
    assert {t.category for t in lex.entries} == {t.category for t in english.entries}  # score columns keep their names


@pytest.mark.parametrize("language, text, negated", [
    ("ru", "Украина никогда не отдаст Крым.", True),
    ("ru", "Мы не откажемся ни от своего суверенитета, ни от территориальной целостности.", True),
    ("ru", "Москва требует признать Крым российским.", False),
    ("ru", "Стороны договорились о прекращении огня по нынешней линии соприкосновения.", False),
    ("ru", "Делегации продолжат переговоры, учитывая сложившиеся реалии.", False),
    ("ru", "Украина восстановит территориальную целостность путём диалога.", False),
    ("ru", "Территориальная целостность не является предметом торга.", True),
    ("ru", "Речь идёт о территориальных уступках.", False),
    ("ru", "Запад хочет заморозить конфликт.", False),
    ("uk", "Україна ніколи не віддасть Крим.", True),
    ("uk", "Ми не відмовимося від нашого суверенітету чи територіальної цілісності.", True),
    ("uk", "Москва вимагає визнати Крим російським.", False),
    ("uk", "Сторони домовилися про припинення вогню по нинішній лінії зіткнення.", False),
    ("uk", "Делегації продовжать переговори, враховуючи наявні реалії.", False),
    ("uk", "Україна відновить територіальну цілісність шляхом діалогу.", False),
    ("uk", "Територіальна цілісність не є предметом торгу.", True),
    ("uk", "Ідеться про територіальні поступки.", False),
    ("uk", "Захід хоче заморозити конфлікт.", False),
])
def test_concession_constructions_are_hits(language, text, negated):
    found = hits(text, "concession", language)
    assert found, text
    assert any(neg == negated for _, neg in found), (text, found)


@pytest.mark.parametrize("language, text", [
    ("ru", "Российские войска продвинулись под Покровском."),
    ("ru", "Украинские силы освободили Херсон."),
    ("ru", "Они требовали уступок по санкциям и ценам на газ."),
    ("ru", "Мы уважаем территориальную целостность Украины."),
    ("ru", "Комиссия может замораживать активы."),
    ("uk", "Російські війська просунулися під Покровськом."),
    ("uk", "Українські сили звільнили Херсон."),
    ("uk", "Вони вимагали поступок щодо санкцій і цін на газ."),
    ("uk", "Ми поважаємо територіальну цілісність України."),
    ("uk", "Комісія може заморожувати активи."),
])
def test_concession_needs_territory_or_talks(language, text):
    assert hits(text, "concession", language) == [], text


@pytest.mark.parametrize("language, text, cue", [
    ("ru", "Переговоры, возможно, возобновятся.", "возможно"),
    ("ru", "Киев якобы готов к перемирию.", "якобы"),
    ("ru", "По данным разведки, войска отходят.", "По данным разведки"),  # an unnamed source (1.2.0)
    ("ru", "Я думаю, компромисс будет найден.", "Я думаю"),
    ("ru", "Здесь можно было бы найти решение.", "бы"),
    ("uk", "Переговори, можливо, відновляться.", "можливо"),
    ("uk", "Київ нібито готовий до перемир'я.", "нібито"),
    ("uk", "За даними розвідки, війська відходять.", "За даними розвідки"),
    ("uk", "Я думаю, компроміс буде знайдено.", "Я думаю"),
    ("uk", "Мабуть, зустріч відбудеться.", "Мабуть"),
])
def test_hedges_and_evidentials_are_hits_with_exact_offsets(language, text, cue):
    for name in ("hedging", "hedged_claim"):
        assert cue in [t for t, _ in hits(text, name, language)], (name, text)


@pytest.mark.parametrize("language, text", [
    ("ru", "Я хотел бы поблагодарить всех участников."),
    ("ru", "Мы уверены в победе."),
    ("uk", "Я хотів би подякувати всім учасникам."),
    ("uk", "Ми впевнені в перемозі."),
])
def test_courtesy_and_conviction_are_not_hedged_claims(language, text):
    assert hits(text, "hedged_claim", language) == [], text


@pytest.mark.parametrize("language, text, name, expected", [
    ("ru", "Стороны обсудили гарантии безопасности и нейтральный статус.", "security", ["гарантии безопасности", "нейтральный статус"]),
    ("uk", "Сторони обговорили гарантії безпеки та нейтральний статус.", "security", ["гарантії безпеки", "нейтральний статус"]),
    ("ru", "Делегации провели новый раунд переговоров.", "ceasefire", ["раунд переговоров"]),
    ("uk", "Делегації провели новий раунд переговорів.", "ceasefire", ["раунд переговорів"]),
    ("ru", "Зеленский встретился с Путиным, сообщил Песков.", "actors", ["Зеленский", "Путиным", "Песков"]),
    ("uk", "Зеленський зустрівся з Путіним у Києві.", "actors", ["Зеленський", "Путіним", "Києві"]),
])
def test_other_versions_find_inflected_forms(language, text, name, expected):
    found = [t for t, _ in hits(text, name, language)]
    for phrase in expected:
        assert phrase in found, (phrase, found)


# concession 1.1.0 / hedged_claim 1.1.0 (Russian and Ukrainian): the constructions and exclusions of the English
# 2.1.0 / 1.1.0 and the codebook's round 2, each with the piece of text it must hit
@pytest.mark.parametrize("language, text, piece", [
    ("ru", "Донбасс в своё время был передан Украине.", "передан Украине"),
    ("ru", "Речь идёт о возвращении двух островов после мирного договора.", "возвращении двух островов"),
    ("ru", "Мюнхенский сговор отдал Судеты Германии.", "Мюнхенский"),
    ("ru", "Секретные протоколы пакта Молотова-Риббентропа разделили Восточную Европу.", "Секретные протоколы"),
    ("ru", "Декларация 1956 года предусматривает передачу островов Шикотан и Хабомаи.", "Декларация 1956"),
    ("ru", "Москва добивается признания Киевом новых границ.", "признания Киевом"),
    ("ru", "Стороны договорились урегулировать территориальный спор путём переговоров.", "территориальный спор"),
    ("ru", "Крымский вопрос будет решаться на переговорах.", "Крымский вопрос"),
    ("ru", "Предлагается перемирие по линии фронта.", "перемирие по линии фронта"),
    ("ru", "Такое соглашение легитимизировало бы аннексию.", "легитимизировало бы аннексию"),
    ("ru", "Возможен компромисс, и в конечном счёте он будет касаться в том числе и будущего статуса Крыма.", "компромисс"),
    ("uk", "Донбас свого часу був переданий Україні.", "переданий Україні"),
    ("uk", "Ідеться про повернення двох островів після мирного договору.", "повернення двох островів"),
    ("uk", "Мюнхенська змова віддала Судети Німеччині.", "Мюнхенська змова"),
    ("uk", "Таємні протоколи пакту Молотова-Ріббентропа поділили Східну Європу.", "Таємні протоколи"),
    ("uk", "Москва домагається визнання Києвом нових кордонів.", "визнання Києвом"),
    ("uk", "Сторони домовилися врегулювати територіальну суперечку шляхом переговорів.", "територіальну суперечку"),
    ("uk", "Кримське питання вирішуватиметься на переговорах.", "Кримське питання"),
    ("uk", "Пропонується перемир'я по лінії фронту.", "перемир'я по лінії фронту"),
    ("uk", "Така угода легітимізувала б анексію.", "легітимізувала б анексію"),
])
def test_concession_round2_constructions(language, text, piece):
    assert piece in [t for t, _ in hits(text, "concession", language)], (text, hits(text, "concession", language))


@pytest.mark.parametrize("language, text", [
    ("ru", "Никто не признает аннексию Крыма."),
    ("ru", "Порты Херсонской области передадут в концессию."),
    ("ru", "Комиссии обсудили демаркацию границы между двумя странами."),
    ("ru", "Никарагуа признала Крым российским, говорится в заявлении."),
    ("uk", "Ніхто не визнає анексію Криму."),
    ("uk", "Порти Херсонської області передадуть у концесію."),
    ("uk", "Комісії обговорили демаркацію кордону між двома країнами."),
])
def test_concession_round2_exclusions(language, text):
    assert hits(text, "concession", language) == [], (text, hits(text, "concession", language))


@pytest.mark.parametrize("language, text", [
    ("ru", "Я бы сказал, что это важный шаг."),
    ("ru", "Не могли бы вы рассказать о встрече?"),
    ("ru", "Никто бы не признал такой аннексии."),
    ("ru", "Проекты, которые могли бы помочь регионам, уже начаты."),
    ("ru", "Возможно ли это вообще?"),
    ("uk", "Я б сказав, що це важливий крок."),
    ("uk", "Чи не могли б ви розповісти про зустріч?"),
    ("uk", "Ніхто б не визнав такої анексії."),
    ("uk", "Проєкти, які могли б допомогти регіонам, уже розпочато."),
])
def test_hedged_claim_round2_exclusions(language, text):
    assert hits(text, "hedged_claim", language) == [], (text, hits(text, "hedged_claim", language))


@pytest.mark.parametrize("language, text, name, piece", [
    ("ru", "По имеющимся данным, войска отходят.", "hedged_claim", "По имеющимся данным"),
    ("ru", "Стороны начали прямые переговоры.", "ceasefire", "прямые переговоры"),
    ("ru", "Киев требует юридически обязывающих гарантий.", "security", "юридически обязывающих гарантий"),
    ("uk", "Сторони почали прямі переговори.", "ceasefire", "прямі переговори"),
    ("uk", "Обговорювали Мінські угоди.", "ceasefire", "Мінські угоди"),
    ("uk", "Київ вимагає юридично зобов'язувальних гарантій.", "security", "юридично зобов'язувальних гарантій"),
    ("uk", "Ідеться про недоторканність кордонів.", "sovereignty", "недоторканність кордонів"),
])
def test_lemma_terms_that_replaced_inner_wildcards(language, text, name, piece):
    assert piece in [t for t, _ in hits(text, name, language)], (text, hits(text, name, language))


@pytest.mark.parametrize("language, text", [
    ("ru", "Важно запускать проекты, которые давали бы эффект для регионов."),
    ("uk", "Важливо запускати проєкти, які мали б ефект для регіонів."),
])
def test_hedged_claim_relative_clause_modal_with_a_verb_between(language, text):
    assert hits(text, "hedged_claim", language) == [], text


# concession 1.3.0 (Russian and Ukrainian): constructions written on the translated tuning data and the codebook
@pytest.mark.parametrize("language, text, piece, negated", [
    ("ru", "Мы не можем признать, что Крым — это территория России.", "признать", True),
    ("ru", "Кремль требует признать аннексированные регионы частью России.", "признать", False),
    ("ru", "Проект оставляет за скобками Крым и Севастополь.", "оставляет за скобками Крым", False),
    ("ru", "Речь идёт об отводе войск на позиции 23 февраля.", "позиции 23 февраля", False),
    ("ru", "Задача — максимально вывести войска с нашей территории.", "максимально вывести", False),
    ("ru", "Москва настаивает на выводе украинских войск из Донецкой области.", "выводе украинских войск", False),
    ("ru", "Нас не устраивает никакая конфигурация, которая угрожает суверенитету.", "конфигурация", True),
    ("ru", "Предлагают зафиксировать нынешнюю линию фронта.", "зафиксировать нынешнюю линию фронта", False),
    ("ru", "Никаких компромиссов за счёт нашей территориальной целостности!", "компромиссов", True),
    ("ru", "Мы не торгуем своей землёй.", "торгуем своей землёй", True),
    ("ru", "Они претендовали на свою часть «добычи» при разделе чехословацкой территории.", "разделе", True),
    ("uk", "Ми не можемо визнати, що Крим – це територія Росії.", "визнати", True),
    ("uk", "Проєкт залишає поза дужками Крим і Севастополь.", "залишає поза дужками Крим", False),
    ("uk", "Ідеться про відведення військ на позиції 23 лютого.", "позиції 23 лютого", False),
    ("uk", "Нас не влаштовує жодна конфігурація, яка загрожує суверенітету.", "конфігурація", True),
    ("uk", "Пропонують зафіксувати нинішню лінію фронту.", "зафіксувати нинішню лінію фронту", False),
    ("uk", "Жодні поступки щодо території неможливі.", "поступки", True),
    ("uk", "Ми не торгуємо своєю землею.", "торгуємо своєю землею", True),
    ("uk", "Ніхто не зможе задобрити агресора, віддавши йому частину території.", "задобрити", True),
    ("ru", "Москва требует, чтобы Украина вывела войска из Донбасса.", "чтобы Украина вывела", False),
    ("ru", "Наша земля не продаётся.", "продаётся", True),
    ("ru", "Предлагается перемирие на нынешних позициях.", "перемирие на нынешних позициях", False),
    ("uk", "Москва вимагає, щоб Україна вивела війська з Донбасу.", "щоб Україна вивела", False),
    ("uk", "Наша земля не продається.", "продається", True),
    ("uk", "Пропонують залишити осторонь питання Криму.", "залишити осторонь", False),
])
def test_concession_1_3_constructions(language, text, piece, negated):
    found = hits(text, "concession", language)
    assert (piece, negated) in found, (text, found)


@pytest.mark.parametrize("language, text, cue", [
    ("ru", "Это может означать выход из соглашений.", "может означать"),
    ("ru", "Ситуация, похоже, превращается в тупик.", "похоже"),
    ("ru", "По нашей информации, колонна уже вышла.", "По нашей информации"),
    ("uk", "Це може означати вихід з угод.", "може означати"),
    ("uk", "Ситуація, схоже, заходить у глухий кут.", "схоже"),
    ("uk", "Вочевидь, ми бачимо третю хвилю.", "Вочевидь"),
    ("uk", "Гадаю, це добра ідея.", "Гадаю"),
    ("uk", "За нашою інформацією, колона вже вийшла.", "За нашою інформацією"),
    ("uk", "Якби світ тоді відреагував, війни не було.", "Якби"),
    ("uk", "Він, мовляв, нічого не знав.", "мовляв"),
])
def test_hedged_claim_1_2_cues(language, text, cue):
    for name in ("hedging", "hedged_claim"):
        assert cue in [t for t, _ in hits(text, name, language)], (name, text, hits(text, name, language))


@pytest.mark.parametrize("language, text", [
    ("ru", "Урегулирование возможно только при учёте наших интересов."),
    ("ru", "Нет никого, кто признал бы это голосование."),
    ("uk", "Врегулювання можливе лише за врахування наших інтересів."),
    ("uk", "Немає нікого, хто визнав би це голосування."),
    ("uk", "Попри все, українці не здаються."),
    ("uk", "Питання залишається відкритим."),
])
def test_hedged_claim_1_2_exclusions(language, text):
    assert hits(text, "hedged_claim", language) == [], (text, hits(text, "hedged_claim", language))
