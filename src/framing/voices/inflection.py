"""Russian and Ukrainian word forms for voice attribution: lemmas, name keys, nominatives, gender.

Names in these languages change their ending with case ("Песков", "Пескова", "Пескову",
"Песковым"; "Зеленський", "Зеленського", "Зеленським"). :func:`name_key` strips the case
ending so that every form of one name shares a key; :func:`nominative` rebuilds the dictionary
form of a name met in an oblique case ("по словам Пескова" -> "Песков") by suffix rules;
:func:`verb_gender` reads a past-tense verb's gender ("заявила" -> ``f``, "заявив" -> ``m``).
Lemmas of common words come from simplemma (MIT, offline).

>>> name_key("Пескова") == name_key("Песковым") == name_key("Песков")
True
>>> nominative("Зеленського", "uk"), nominative("Пескова", "ru"), nominative("Захаровой", "ru")
('Зеленський', 'Песков', 'Захарова')
>>> verb_gender("заявила", "ru"), verb_gender("заявив", "uk"), verb_gender("заявили", "uk")
('f', 'm', 'p')
"""

from __future__ import annotations

from functools import lru_cache

from ..match.lemma import lemma_of

# Case endings, longest first: what :func:`name_key` strips (a stem keeps at least 3 letters).
_ENDINGS = sorted({
    "ого", "его", "ому", "ему", "ими", "ыми", "ами", "ями", "еем", "ием", "ієм", "ієві", "ові", "еві",
    "ой", "ей", "ою", "ею", "ым", "им", "ом", "ем", "ий", "ый", "ій", "ая", "яя", "ую", "юю", "ої",
    "ея", "ия", "ию", "ии", "ія", "ію", "ії", "ім", "ией", "ією",
    "а", "я", "у", "ю", "е", "і", "и", "ы", "ь", "й",
}, key=lambda e: (-len(e), e))

_CONSONANT = set("бвгджзйклмнпрстфхцчшщ")
_VELAR_HUSHING = set("гкхжшчщ")

# Oblique ending -> nominative ending, tried in order (longest first within each language).
_RULES = {
    "ru": [
        ("ского", "ский"), ("скому", "ский"), ("ским", "ский"), ("ском", "ский"),
        ("цкого", "цкий"), ("цкому", "цкий"), ("цким", "цкий"), ("цком", "цкий"),
        ("ской", "ская"), ("скую", "ская"), ("цкой", "цкая"), ("цкую", "цкая"),
        ("овой", "ова"), ("евой", "ева"), ("иной", "ина"), ("ыной", "ына"),
        ("овым", "ов"), ("евым", "ев"), ("иным", "ин"), ("ыным", "ын"),
        ("ова", "ов"), ("ову", "ов"), ("ове", "ов"), ("ева", "ев"), ("еву", "ев"), ("еве", "ев"),
        ("ина", "ин"), ("ину", "ин"), ("ине", "ин"), ("ына", "ын"), ("ыну", "ын"), ("ыне", "ын"),
        ("ием", "ий"), ("ия", "ий"), ("ию", "ий"), ("ии", "ий"),
        ("еем", "ей"), ("ея", "ей"), ("ею", "ей"),
        ("ого", "ый"), ("ому", "ый"), ("ым", "ый"),
    ],
    "uk": [
        ("ського", "ський"), ("ському", "ський"), ("ським", "ський"), ("ськім", "ський"),
        ("цького", "цький"), ("цькому", "цький"), ("цьким", "цький"), ("цькім", "цький"),
        ("ської", "ська"), ("ській", "ська"), ("ською", "ська"), ("ську", "ська"),
        ("ової", "ова"), ("овій", "ова"), ("овою", "ова"), ("евої", "ева"), ("евою", "ева"),
        ("іної", "іна"), ("іною", "іна"),
        ("овим", "ов"), ("ова", "ов"), ("ову", "ов"), ("ові", "ов"), ("евим", "ев"), ("ева", "ев"),
        ("еву", "ев"), ("еві", "ев"), ("іним", "ін"), ("іна", "ін"), ("іну", "ін"), ("іні", "ін"),
        ("ієм", "ій"), ("ієві", "ій"), ("ія", "ій"), ("ію", "ій"),
        ("ого", "ий"), ("ому", "ий"), ("им", "ий"),
    ],
}
# After a consonant: a masculine noun's oblique endings (dropped) and a feminine -а noun's (-> а).
_DROP = {"ru": ("ом", "ым", "а", "у", "е"), "uk": ("ові", "ом", "ем", "им", "а", "у")}
_TO_A = {"ru": ("ой", "ою", "ы", "и"), "uk": ("ою", "и", "і")}


def name_key(word: str) -> str:
    """The case-free key of a name: lower case, ё as е, the case ending stripped.

    >>> name_key("Зеленським") == name_key("Зеленський"), name_key("Шевченко")
    (True, 'шевченко')
    """
    w = word.lower().replace("ё", "е").replace("’", "'").replace("ʼ", "'")
    for end in _ENDINGS:
        if w.endswith(end) and len(w) - len(end) >= 3:
            return w[: -len(end)]
    return w


def nominative(form: str, language: str) -> str:
    """The nominative of a name met in an oblique case, by suffix rules ("Путина" -> "Путин").

    A form already in the nominative may be read as oblique ("Захарова" -> "Захаров"): call
    this only for a name in an oblique slot ("по словам X") and prefer the document's own
    nominative forms (:class:`framing.voices.slavic.SlavicSpeakers` does).

    >>> nominative("Єрмака", "uk"), nominative("Кулеби", "uk"), nominative("Дмитрия", "ru")
    ('Єрмак', 'Кулеба', 'Дмитрий')
    """
    low = form.lower()
    for old, new in _RULES.get(language, []):
        if low.endswith(old) and len(low) - len(old) >= 2:
            if old in ("ого", "ому", "ым") and low[-len(old) - 1] in _VELAR_HUSHING:
                new = "ий"
            return form[: -len(old)] + new
    for old in _DROP.get(language, ()):
        if low.endswith(old) and len(low) - len(old) >= 3 and low[-len(old) - 1] in _CONSONANT:
            return form[: -len(old)]
    for old in _TO_A.get(language, ()):
        if low.endswith(old) and len(low) - len(old) >= 3 and low[-len(old) - 1] in _CONSONANT:
            return form[: -len(old)] + "а"
    return form


def nominative_like(form: str, language: str) -> bool:
    """Whether ``form`` looks like a nominative (a consonant, -ий/-ый/-ій, -ко/-о, -ская/-ська...).

    >>> nominative_like("Песков", "ru"), nominative_like("Пескову", "ru"), nominative_like("Шевченко", "uk")
    (True, False, True)
    """
    low = form.lower()
    if low[-1:] in _CONSONANT and low[-1:] != "й" or low.endswith(("ий", "ый", "ій", "ой", "ей", "о")):
        return not (language == "ru" and low.endswith(("овой", "евой", "иной", "ской", "цкой")))
    return low.endswith(("ская", "цкая", "ська", "цька"))


def verb_gender(word: str, language: str) -> str:
    """``m``, ``f`` or ``p`` (plural) of a past-tense verb form, ``""`` if it shows none.

    >>> verb_gender("сказал", "ru"), verb_gender("сказав", "uk"), verb_gender("считает", "ru")
    ('m', 'm', '')
    """
    w = word.lower()
    for suffix in ("ся", "сь"):
        if w.endswith(suffix) and len(w) > 4:
            w = w[:-2]
    if w.endswith("ла"):
        return "f"
    if w.endswith("ли"):
        return "p"
    if language == "ru" and w.endswith("л") or language == "uk" and w.endswith("в"):
        return "m"
    return ""


def name_gender(form: str, language: str) -> str:
    """``m`` or ``f`` from a surname's nominative ending, ``""`` if it shows none ("Шевченко").

    >>> name_gender("Захарова", "ru"), name_gender("Зеленський", "uk"), name_gender("Кулеба", "uk")
    ('f', 'm', '')
    """
    low = form.lower()
    if low.endswith(("ова", "ева", "ина", "ына", "ская", "цкая", "ська", "цька", "іна", "ївна", "івна", "овна", "евна")):
        return "f"
    if low.endswith(("ов", "ев", "ин", "ын", "ский", "цкий", "ський", "цький", "ін", "ович", "евич", "йович", "ич")):
        return "m"
    return ""


def lemma(word: str, language: str) -> str:
    """The lower-case lemma of ``word`` (the matcher's :func:`framing.match.lemma.lemma_of`; ё as е):
    "заявила" -> "заявить".

    >>> lemma("заявили", "ru"), lemma("зазначив", "uk")
    ('заявить', 'зазначити')
    """
    try:
        return lemma_of(word.lower(), language).lower()
    except ValueError:  # a language simplemma does not know: the word itself
        return word.lower().replace("ё", "е")


@lru_cache(maxsize=65536)
def is_common_word(word: str, language: str) -> bool:
    """Whether the lower-case ``word`` is a common word of simplemma's dictionary, its own lemma
    ("Вопрос" is, "Путин" and "Пескова" are not): a capitalised sentence opener that is one is no name.

    >>> is_common_word("Вопрос", "ru"), is_common_word("Путин", "ru")
    (True, False)
    """
    import simplemma

    low = word.lower()
    try:
        return bool(simplemma.is_known(low, lang=language)) and simplemma.lemmatize(low, lang=language) == low
    except ValueError:
        return False
