"""Voice attribution for Russian and Ukrainian: quotation marks, dash speakers, "по словам X".

The constructions (cue verbs matched by lemma from ``cues.ru.yaml``/``cues.uk.yaml``, so every
form counts: "заявил", "заявила", "заявили"):

* ``«…», — заявил Песков.`` / ``«…», — заявив Зеленський.`` / ``«…» — сказал он``: a direct
  quotation (``«…»``, ``„…“``, nested ``«…„…“…»``) with the dash-introduced speaker after it;
  ``Песков заявил: «…»`` with the speaker before it;
* ``— Мы не уйдём, — сказал он. — Никогда.``: dialogue introduced by a dash;
* ``по словам X, …`` / ``…, за словами X.``; ``как отметил X, …`` / ``як зазначив X``;
* ``X заявил, что …`` / ``X заявив, що …`` / ``X заявил: …``; ``…, — заявил X.`` / ``…, заявил X.``;
  ``X назвал …`` (verbs whose content follows without "что"); ``…. Об этом заявил X.``

Speakers are resolved per document by :class:`SlavicSpeakers`: inflected names to one
canonical name (``Пескова``/``Песков`` -> ``Песков``, ``Зеленського``/``Зеленським`` ->
``Зеленський``, a surname to the document's full name), titles ("пресс-секретарь Кремля") to the
named person who holds them, ``он``/``она``/``він``/``вона`` to the nearest earlier compatible
named person, ``в Кремле`` to ``Кремль``.

>>> from framing.voices.cues import load_cues
>>> t = "«Переговоры продолжатся», — заявил Песков."
>>> [(t[s:e], v, sp) for s, e, v, sp, k in slavic_spans(t, load_cues(language="ru")) if v == "source"]
[('«Переговоры продолжатся»', 'source', 'Песков')]
"""

from __future__ import annotations

import bisect
import re
from collections import Counter

from ..text import count_tokens, paragraph_of, paragraph_spans, sentence_end, sentence_spans
from .cues import Cues
from .inflection import is_common_word, lemma, name_gender, name_key, nominative, nominative_like, verb_gender

Span = tuple[int, int, str, str, str]

_UPPER = "A-ZА-ЯЁЄІЇҐ"
_TOKEN = re.compile(rf"[{_UPPER}]\.|[^\W\d_][\w'’ʼ\-]*")
_DASH = r"(?:[—–]|-(?=\s))"
_STOP = re.compile(r"[,;:!?«»\"“”„()\[\]—–…]|\.(?!\w)|\s-\s|\n")  # where a noun phrase ends
_PREPOSITIONS = {"в", "во", "у", "на", "из", "із", "з", "зі"}
_WINDOW = 8  # tokens of a noun phrase at most


def _tokens(text: str, a: int, b: int) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text, a, b)]


def _is_cap(word: str) -> bool:
    return word[:1].isupper()


class SlavicSpeakers:
    """Speaker names of one Russian or Ukrainian text, resolved to one canonical name each.

    >>> from framing.voices.cues import load_cues
    >>> s = SlavicSpeakers("Дмитрий Песков заявил это. По словам Пескова, всё.", load_cues(language="ru"))
    >>> s.resolve("Пескова", 30, oblique=True), s.resolve("он", 40)
    ('Дмитрий Песков', 'Дмитрий Песков')
    """

    def __init__(self, text: str, cues: Cues):
        self.text, self.cues, self.lang = text, cues, cues.language
        self.first_names = {name_key(n): n for n in cues.female_names | cues.male_names}
        self.female = {name_key(n) for n in cues.female_names}
        self.male = {name_key(n) for n in cues.male_names}
        self.nominatives: dict[str, Counter[str]] = {}  # name key -> forms met in a nominative slot
        self.gender: dict[str, str] = {}  # canonical name or name key -> m / f
        self.full: list[tuple[int, str, frozenset[str]]] = []  # (position, full name, title lemmas)
        self.mentions: list[tuple[int, str]] = []  # (position, canonical person name)
        self.last_group = ""
        self._scan_nominatives()
        self._scan_full_names()

    # -- word classes --------------------------------------------------------------------------
    def is_cue(self, word: str) -> bool:
        """Whether ``word`` is a form of a cue verb ("заявила" -> заявить)."""
        return word[:1].islower() and lemma(word, self.lang) in self.cues.speech

    def _org_word(self, word: str) -> bool:
        low = word.lower().replace("ё", "е")
        return (len(word) > 1 and word.isupper() or low in self.cues.not_person
                or lemma(word, self.lang) in self.cues.not_person)

    def _person_word(self, word: str) -> bool:
        return (_is_cap(word) and not self._org_word(word) and word not in self.cues.not_speakers
                and lemma(word, self.lang) not in self.cues.source_nouns) or bool(re.fullmatch(rf"[{_UPPER}]\.", word))

    def _aux_end(self, text: str, a: int, b: int) -> int:
        """``b`` moved left past auxiliary words ("также", "в понедельник") between ``a`` and ``b``."""
        while True:
            lead = text[a:b].rstrip()
            low = lead.lower()
            for aux in sorted(self.cues.auxiliaries, key=len, reverse=True):
                if low.endswith(aux) and (len(low) == len(aux) or not low[-len(aux) - 1].isalnum()):
                    b = a + len(lead) - len(aux)
                    break
            else:
                return a + len(lead)

    # -- noun phrases around a cue ---------------------------------------------------------------
    def np_before(self, text: str, a: int, b: int) -> tuple[int, str] | None:
        """The speaker phrase ending at ``b`` (auxiliaries skipped), not before ``a``: (start, words)."""
        b = self._aux_end(text, a, b)
        stop = max((m.end() for m in _STOP.finditer(text, a, b)), default=a)
        toks = _tokens(text, stop, b)[-_WINDOW:]
        if not toks or text[toks[-1][1]:b].strip():
            return None
        last = toks[-1][2]
        low = last.lower()
        if low in self.cues.male_pronouns | self.cues.female_pronouns | self.cues.plural_pronouns | self.cues.first_person:
            return toks[-1][0], last
        if _is_cap(last) or re.fullmatch(rf"[{_UPPER}]\.", last):
            k = len(toks) - 1
            while k > 0 and (_is_cap(toks[k - 1][2])):
                k -= 1
            if k > 0 and toks[k - 1][2].lower() in _PREPOSITIONS:  # "в Кремле заявили"
                return toks[k - 1][0], text[toks[k - 1][0]:b]
            # titles before the name: "пресс-секретарь президента России Дмитрий Песков", "министр
            # иностранных дел Сергей Лавров": back to the first source noun of the words before it
            j, first = k, k
            while j > 0 and k - j < 5 and toks[j - 1][2].lower() not in _PREPOSITIONS and \
                    (toks[j - 1][2][:1].islower() or self._is_source_noun(toks[j - 1][2])):
                j -= 1
                if self._is_source_noun(toks[j][2]):
                    first = j
            return toks[first][0], text[toks[first][0]:b]
        heads = [i for i, t in enumerate(toks) if self._is_source_noun(t[2]) and len(toks) - i <= 4]
        if heads:
            k = heads[0]
            while k > 0 and toks[k - 1][2][:1].islower() and lemma(toks[k - 1][2], self.lang).endswith(("ый", "ий", "ій")):
                k -= 1  # "официальный представитель"
            return toks[k][0], text[toks[k][0]:b]
        return None

    def np_after(self, text: str, a: int, b: int) -> tuple[int, int, str] | None:
        """The speaker phrase starting at ``a`` (auxiliaries skipped), before ``b``: (start, end, words)."""
        stop = next((m.start() for m in _STOP.finditer(text, a, b)), b)
        toks = _tokens(text, a, stop)
        while toks and toks[0][2].lower() in self.cues.auxiliaries:
            toks = toks[1:]
        if len(toks) >= 2 and f"{toks[0][2]} {toks[1][2]}".lower() in self.cues.auxiliaries:
            toks = toks[2:]
        toks = toks[:_WINDOW]
        if not toks:
            return None
        first = toks[0][2].lower()
        if first in self.cues.male_pronouns | self.cues.female_pronouns | self.cues.plural_pronouns | self.cues.first_person:
            return toks[0][0], toks[0][1], toks[0][2]
        caps = [i for i, t in enumerate(toks) if _is_cap(t[2])]
        if caps and (caps[0] == 0 or first in _PREPOSITIONS and caps[0] == 1
                     or all(self._is_source_noun(t[2]) or not _is_cap(t[2]) for t in toks[:caps[0]])):
            k = caps[0]
            while k + 1 < len(toks) and _is_cap(toks[k + 1][2]):
                k += 1
            if not self._person_run([t[2] for t in toks[caps[0]:k + 1]]) and caps[-1] > k and \
                    not any(self.is_cue(t[2]) for t in toks[k:caps[-1]]):
                k = caps[-1]  # "глава Офиса президента Украины Андрей Ермак": on to the person's name
            return toks[0][0], toks[k][1], text[toks[0][0]:toks[k][1]]
        if self._is_source_noun(toks[0][2]):
            k = 0
            while k + 1 < len(toks) and k < 3 and toks[k + 1][2].lower() not in self.cues.auxiliaries:
                k += 1
                if lemma(toks[k][2], self.lang) in self.cues.speech:
                    k -= 1
                    break
            return toks[0][0], toks[k][1], text[toks[0][0]:toks[k][1]]
        return None

    def _is_source_noun(self, word: str) -> bool:
        low = word.lower().replace("ё", "е")
        return low in self.cues.source_nouns or lemma(word, self.lang) in self.cues.source_nouns

    # -- document scans --------------------------------------------------------------------------
    def _scan_nominatives(self) -> None:
        """Names in nominative slots: right before a cue verb, or right after one in an inversion."""
        text = self.text
        for start, end, word in _tokens(text, 0, len(text)):
            if not self.is_cue(word):
                continue
            gender = verb_gender(word, self.lang)
            before = self.np_before(text, max(0, start - 120), start)
            names: list[str] = []
            if before and _is_cap(before[1].split()[-1]) and before[1].split()[0].lower() not in _PREPOSITIONS:
                names = before[1].split()
            lead = text[max(0, start - 40):start].rstrip().lower()
            if not names and (re.search(rf"(?:{_DASH}|,|^|\bкак|\bяк|\bэтом|\bце)$", lead) or not lead):
                after = self.np_after(text, end, min(len(text), end + 120))
                if after and _is_cap(after[2].split()[0]):
                    names = after[2].split()
            person = self._person_run(names)
            for w in person:
                if not re.fullmatch(rf"[{_UPPER}]\.", w):
                    self.nominatives.setdefault(name_key(w), Counter())[w] += 1
            if person and gender in ("m", "f"):
                self.gender.setdefault(name_key(person[-1]), gender)

    def _person_run(self, words: list[str]) -> list[str]:
        """The trailing words that name a person ("Кремля Дмитрий Песков" -> Дмитрий Песков)."""
        k = len(words)
        while k > 0 and len(words) - k < 4 and self._person_word(words[k - 1]):
            k -= 1
        run = words[k:]
        return run if any(not re.fullmatch(rf"[{_UPPER}]\.", w) for w in run) else []

    def _scan_full_names(self) -> None:
        """Full names ("Дмитрий Песков", "Д. Песков", "Володимира Зеленського") and their titles."""
        cap = rf"(?:[{_UPPER}]\.[ \t]*|[{_UPPER}][\w'’ʼ\-]+[ \t]+)"
        for m in re.finditer(rf"(?<![\w.])(?:{cap}){{1,3}}[{_UPPER}][\w'’ʼ\-]+", self.text):
            words = m.group().replace(".", ". ").split()
            person = self._person_run(words)
            if len(person) < 2:
                continue
            name = self.canonical_person(person, m.start(), oblique=None, complete=False)
            stop = max((x.end() for x in _STOP.finditer(self.text, max(0, m.start() - 80), m.start())),
                       default=max(0, m.start() - 80))
            chain = [w for _, _, w in _tokens(self.text, stop, m.start())][-4:] + words[: len(words) - len(person)]
            heads = [lemma(w, self.lang) for w in chain if self._is_source_noun(w)]
            self.full.append((m.start(), name, frozenset(heads[:1])))  # "пресс-секретарь президента": the first
            self.mentions.append((m.start(), name))
        # single names in the nominative ("Путин встретился с Зеленским": Путин) for "он"/"она"
        starts = {a for a, _ in sentence_spans(self.text)}
        caps = [(start, word) for start, _, word in _tokens(self.text, 0, len(self.text)) if self._person_word(word)]
        inner = {name_key(w) for start, w in caps if start not in starts}
        for start, word in caps:
            if len(word) < 3 or not nominative_like(word, self.lang) or any(a <= start < a + len(n) for a, n in self.mentions) \
                    or word.lower().endswith(("ом", "ем", "ым", "им", "ам", "ям")) and name_key(word) not in self.first_names \
                    or start > 0 and self.text[start - 1] in "«„\"“":
                continue  # not an instrumental or dative ("с Зеленским"), not a quoted title («Ведомостям»)
            key = name_key(word)
            if start in starts and key not in self.nominatives and key not in inner and is_common_word(word, self.lang):
                continue  # a capitalised first word of a sentence need not be a name ("Вопрос")
            self.mentions.append((start, self.canonical_person([word], start, oblique=None)))
        self.mentions.sort()

    # -- resolution ------------------------------------------------------------------------------
    def _canonical_word(self, word: str, oblique: bool | None, first: bool) -> str:
        if re.fullmatch(rf"[{_UPPER}]\.", word):
            return word
        key = name_key(word)
        seen = self.nominatives.get(key)
        if seen:
            return seen.most_common(1)[0][0]
        if key in self.first_names and (first or oblique):
            return self.first_names[key]
        if oblique is False or oblique is None and nominative_like(word, self.lang):
            return word
        if first:
            lem = lemma(word, self.lang)
            if name_key(lem) == key and lem != word.lower():
                return lem[:1].upper() + lem[1:]
        return nominative(word, self.lang)

    def _oblique(self, words: list[str]) -> bool:
        """Whether a name whose slot is unknown is in an oblique case (from its first name's form)."""
        head = words[0]
        known = self.first_names.get(name_key(head))
        if known:
            return known != head
        return not nominative_like(words[-1], self.lang) and not words[-1].lower().endswith(("а", "я"))

    def canonical_person(self, words: list[str], pos: int, oblique: bool | None, complete: bool = True) -> str:
        """One canonical name for a person's words in any case (a surname completed from the text)."""
        if oblique is None and len(words) >= 2:
            oblique = self._oblique([w for w in words if not re.fullmatch(rf"[{_UPPER}]\.", w)] or words)
        out = [self._canonical_word(w, oblique, first=k < len(words) - 1) for k, w in enumerate(words)]
        name = " ".join(out)
        if complete and len(words) == 1:
            key = name_key(out[0])
            matches = [(start, full) for start, full, _ in self.full if name_key(full.split()[-1]) == key]
            earlier = [full for start, full in matches if start < pos]
            name = earlier[-1] if earlier else matches[0][1] if matches else name
        return name

    def _gender_of(self, name: str) -> str:
        words = name.split()
        g = self.gender.get(name) or self.gender.get(name_key(words[-1]), "")
        if not g and len(words) >= 2:
            g = "f" if name_key(words[0]) in self.female else "m" if name_key(words[0]) in self.male else ""
        return g or name_gender(words[-1], self.lang)

    def resolve(self, raw: str, pos: int, oblique: bool | None = None, remember: bool = True) -> str:
        """The canonical speaker of the phrase ``raw`` at ``pos`` ("" for "я"/"мы" or no source).

        ``oblique``: the phrase is in an oblique case ("по словам Пескова": True), in the nominative
        (a cue's subject: False) or unknown (None).
        """
        words = [w for _, _, w in _tokens(raw, 0, len(raw))]
        if not words:
            return ""
        low = words[0].lower()
        if len(words) == 1 and low in self.cues.first_person:
            return ""
        want = ("m" if low in self.cues.male_pronouns else "f" if low in self.cues.female_pronouns
                else "p" if low in self.cues.plural_pronouns else "")
        if len(words) == 1 and want:
            if want == "p":
                return self.last_group or (self.mentions[bisect.bisect_left(self.mentions, (pos, "")) - 1][1]
                                           if bisect.bisect_left(self.mentions, (pos, "")) else "")
            k = bisect.bisect_left(self.mentions, (pos, ""))
            for _, name in reversed(self.mentions[:k]):
                if self._gender_of(name) in (want, ""):
                    return name
            return ""
        if low in _PREPOSITIONS and len(words) >= 2 and _is_cap(words[1]):  # "в Кремле" -> Кремль
            return self._group(self._org_name(words[1:]), remember)
        person = self._person_run(words)
        if person:
            name = self.canonical_person(person, pos, oblique)
            if remember:
                bisect.insort(self.mentions, (pos, name))
            return name
        heads = [k for k, w in enumerate(words) if self._is_source_noun(w)]
        if heads:
            k = heads[0]
            role = lemma(words[k], self.lang)
            titled = [full for start, full, titles in self.full if start < pos and role in titles]
            if titled and len(words) - k <= 3:
                return titled[-1]
            head = role if words[k][:1].islower() or len(words[k]) < 2 or not words[k].isupper() else words[k]
            rest = words[k + 1:]
            return self._group(" ".join([head, *rest]) if not _is_cap(head) or rest else head, remember)
        if all(_is_cap(w) for w in words) and any(self._org_word(w) for w in words):
            return self._group(self._org_name(words), remember)
        return ""

    def _org_name(self, words: list[str]) -> str:
        head = words[0]
        lem = lemma(head, self.lang)
        if not head.isupper() and name_key(lem) == name_key(head):
            head = lem[:1].upper() + lem[1:]
        return " ".join([head, *words[1:]])

    def _group(self, name: str, remember: bool) -> str:
        if remember:
            self.last_group = name
        return name

    def is_source(self, raw: str, pos: int) -> bool:
        """Whether the phrase ``raw`` names someone who can be quoted (not "я", not "Однако")."""
        low = raw.strip().lower()
        pronouns = self.cues.male_pronouns | self.cues.female_pronouns | self.cues.plural_pronouns
        return low in pronouns or bool(self.resolve(raw, pos, remember=False))


# ---------------------------------------------------------------------------------------------
def _cue_tokens(text: str, a: int, b: int, speakers: SlavicSpeakers) -> list[tuple[int, int, str]]:
    return [t for t in _tokens(text, a, b) if speakers.is_cue(t[2])]


def _attribution_after(text: str, e: int, limit: int, speakers: SlavicSpeakers) -> tuple[str, int] | None:
    """``, — заявил Песков`` (or ``, заявил X`` / ``— X заявил``) right after ``e``: (speaker, end of phrase)."""
    m = re.match(rf"[ \t]*[,.!?…]?[ \t]*(?P<dash>{_DASH})?[ \t]*", text[e:limit])
    if not m or not (m.group("dash") or text[e:e + m.end()].strip() == ","):
        return None
    pos = e + m.end()
    toks = _tokens(text, pos, min(limit, pos + 150))
    # a cue within the first tokens, the speaker after it ("заявил Песков") or before it ("Песков заявил")
    for i, (cs, ce, word) in enumerate(toks[:4]):
        if speakers.is_cue(word) and not text[pos:cs].strip(" \t").count(","):
            if i == 0 or all(w.lower() in speakers.cues.auxiliaries for _, _, w in toks[:i]):
                after = speakers.np_after(text, ce, limit)
                if after and speakers.is_source(after[2], e):
                    return speakers.resolve(after[2], e, oblique=False), after[1]
            before = speakers.np_before(text, pos, cs)
            if before and before[0] == toks[0][0] and speakers.is_source(before[1], e):
                return speakers.resolve(before[1], e, oblique=False), ce
            return None
    return None


def _attribution_before(text: str, lead_start: int, s: int, speakers: SlavicSpeakers) -> str:
    """The speaker of ``Песков заявил: «…»`` / ``заявил Песков: «…»`` / ``по словам X, «…»``."""
    lead = text[lead_start:s]
    comps = "|".join(re.escape(c) for c in sorted(speakers.cues.complementizers, key=len, reverse=True))
    m = re.search(rf"(?::|,[ \t]*(?:{comps}))[ \t]*$", lead)  # "Песков заявил: «…»", "заявил, что «…»"
    if m:
        cues = _cue_tokens(text, lead_start, lead_start + m.start(), speakers)
        if cues:
            cs, ce, _ = cues[-1]
            if not re.search(r"[.!?«»]", text[ce:lead_start + m.start()]):
                before = speakers.np_before(text, lead_start, cs)
                if before and speakers.is_source(before[1], cs):
                    return speakers.resolve(before[1], cs, oblique=False)
                after = speakers.np_after(text, ce, lead_start + m.start())
                if after and speakers.is_source(after[2], cs):
                    return speakers.resolve(after[2], cs, oblique=False)
    acc = _according(text, lead_start, s, speakers)
    if acc and not text[acc[1]:s].strip(" \t,"):
        return acc[2]
    return ""


def _according(text: str, a: int, b: int, speakers: SlavicSpeakers) -> tuple[int, int, str] | None:
    """``по словам X`` / ``за словами X`` / ``как заявил X`` in [a, b): (start, end, speaker) of the phrase."""
    low = text[a:b].lower()
    cues = speakers.cues
    phrases = "|".join(re.escape(p).replace(r"\ ", r"[ \t]+") for p in sorted(cues.according, key=len, reverse=True))
    for m in re.finditer(rf"(?<![\w'’])(?:{phrases})[ \t]+", low):
        stop = next((x.start() for x in _STOP.finditer(text, a + m.end(), b)), b)
        who = text[a + m.end():stop].strip()
        if who and speakers.is_source(who, a + m.start()):
            return a + m.start(), stop, speakers.resolve(who, a + m.start(), oblique=True)
    if cues.as_words:
        words = "|".join(re.escape(w) for w in cues.as_words)
        for m in re.finditer(rf"(?<![\w'’])(?:{words})[ \t]+", low):
            toks = _tokens(text, a + m.end(), b)[:4]
            cue = next((t for t in toks if speakers.is_cue(t[2])), None)
            if cue is None or any(t[2].lower() not in cues.auxiliaries for t in toks[:toks.index(cue)]):
                continue
            after = speakers.np_after(text, cue[1], b)
            if after and speakers.is_source(after[2], a + m.start()):
                return a + m.start(), after[1], speakers.resolve(after[2], a + m.start(), oblique=False)
    return None


def _direct(text: str, speakers: SlavicSpeakers, sentences: list[tuple[int, int]]) -> list[Span]:
    """Direct quotations («…», „…“) and dash dialogue, with their attributions."""
    from .attribution import quotations

    out: list[Span] = []
    paragraphs = paragraph_spans(text)
    prev_para: tuple[int, int] | None = None
    prev_speaker = ""
    for s, e in quotations(text):
        para = paragraph_of(paragraphs, s)
        end_para = paragraph_of(paragraphs, max(e - 1, s))
        inner = text[s + 1:e - 1]
        after = _attribution_after(text, e, end_para[1], speakers)
        speaker, attributed = "", False
        if after:
            speaker, attributed = after[0], True
            nxt = [x for x in (text.find(q, e, end_para[1]) for q in ("«", "„", '"', "“")) if x >= 0]
            out.append((e, sentence_end(sentences, after[1], min(nxt, default=end_para[1])), "journalist", "",
                        "attribution"))
        else:
            speaker = _attribution_before(text, max(para[0], s - 200), s, speakers)
            attributed = bool(speaker)
        n_words = count_tokens(inner)
        if not attributed and prev_speaker and prev_para == para and n_words >= 3:
            speaker = prev_speaker
        if attributed or speaker or n_words >= 12 or (n_words >= 6 and re.search(r"[.!?,…]\W*$", inner)):
            out.append((s, e, "source", speaker, "direct"))
            prev_para, prev_speaker = end_para, speaker
        else:
            out.append((s, e, "journalist", "", "mention"))
    quoted = [(a, b) for a, b, *_ in out]
    for p0, p1 in paragraphs:
        m = re.match(rf"[ \t]*{_DASH}[ \t]*(?=\w|[«„\"])", text[p0:p1])
        if not m or any(a < p1 and b > p0 and not (a >= p0 + m.end()) for a, b in quoted):
            continue
        out += _dialogue(text, p0 + m.start(), p1, speakers, sentences)
    return out


def _dialogue(text: str, start: int, p1: int, speakers: SlavicSpeakers, sentences: list[tuple[int, int]]) -> list[Span]:
    """``— Мы не уйдём, — сказал он. — Никогда.``: the speech (dash included) and its attribution."""
    for m in re.finditer(rf"(?P<punct>,|[!?…]+|\.\.\.)[ \t]*{_DASH}[ \t]*", text[start:p1]):
        e = start + m.start() + (0 if m.group("punct") == "," else len(m.group("punct")))
        after = _attribution_after(text, start + m.start(), p1, speakers)
        if not after:
            continue
        speaker, np_end = after
        out: list[Span] = [(start, e, "source", speaker, "direct")]
        cont = re.compile(rf"[.,!?…][ \t]*{_DASH}[ \t]*(?=\w)").search(text, np_end, p1)
        stop = cont.start() + 1 if cont else sentence_end(sentences, np_end, p1)
        out.append((e, stop, "journalist", "", "attribution"))
        if cont:
            out.append((cont.start() + 1 + (len(text[cont.start() + 1:cont.end()]) -
                                            len(text[cont.start() + 1:cont.end()].lstrip())),
                        len(text[:p1].rstrip()), "source", speaker, "direct"))
        return out
    return []


def _reported(text: str, speakers: SlavicSpeakers, blocking: list[Span],
              sentences: list[tuple[int, int]]) -> list[Span]:
    out: list[Span] = []
    ordered = sorted(blocking)
    for k, (s, e) in enumerate(sentences):
        inside = [b for b in ordered if b[0] < e and b[1] > s]
        if any(b[4] != "direct" for b in inside) or inside:
            continue
        found = _attribute_sentence(text, s, e, speakers)
        if isinstance(found, str):  # "Об этом заявил Песков." gives the previous sentence its speaker
            m = _about_this(text, s, e, speakers)
            if m and k > 0:
                ps, pe = sentences[k - 1]
                clear = not any(b[0] < pe and b[1] > ps for b in ordered + out)
                if clear and not text[pe:s].count("\n\n"):
                    out += [(ps, pe, "source", m[1], "indirect"), (s, e, "journalist", "", "attribution")]
            continue
        out += found
    return out


def _about_this(text: str, s: int, e: int, speakers: SlavicSpeakers) -> tuple[int, str] | None:
    low = text[s:e].lower()
    for phrase in sorted(speakers.cues.about_this, key=len, reverse=True):
        if low.startswith(phrase + " "):
            toks = _tokens(text, s + len(phrase), e)[:4]
            cue = next((t for t in toks if speakers.is_cue(t[2])), None)
            if cue is None:
                return None
            after = speakers.np_after(text, cue[1], e)
            if after and speakers.is_source(after[2], s):
                return s, speakers.resolve(after[2], s, oblique=False)
            before = speakers.np_before(text, s + len(phrase), cue[0])
            if before and speakers.is_source(before[1], s):
                return s, speakers.resolve(before[1], s, oblique=False)
    return None


def _attribute_sentence(text: str, s: int, e: int, speakers: SlavicSpeakers) -> list[Span] | str:
    """Reported speech in the sentence ``text[s:e]`` (``"about"``: it attributes the previous one)."""
    cues = speakers.cues
    end = s + len(text[s:e].rstrip())
    if _about_this(text, s, e, speakers):
        return "about"
    acc = _according(text, s, e, speakers)
    if acc:  # "По словам Пескова, ...", "..., по словам Пескова.", "как заявил Песков, ..."
        a, b, who = acc
        a0 = a - (len(text[s:a]) - len(text[s:a].rstrip(" \t,")))
        b1 = b + (len(text[b:e]) - len(text[b:e].lstrip(" \t,")))
        spans: list[Span] = []
        if re.search(r"\w", text[s:a0]):
            spans.append((s, a0, "source", who, "indirect"))
        spans.append((a0, b1 if re.search(r"\w", text[b1:end]) else e, "journalist", "", "attribution"))
        if re.search(r"\w", text[b1:end]):
            spans.append((b1, e, "source", who, "indirect"))
        return spans
    comps = "|".join(re.escape(c) for c in sorted(cues.complementizers, key=len, reverse=True))
    for cs, ce, word in _cue_tokens(text, s, e, speakers):
        clause = max((m.end() for m in re.finditer(r"[;:«»\"“”]|,(?![ \t]*(?:" + comps + r")\b)", text[s:cs])), default=0)
        tail = re.match(rf"(?P<obj>(?:[^,.;:!?«»\"“”\n]|«[^»\n]{{1,40}}»){{0,80}}?)(?:,[ \t]*(?:{comps})(?![\w'’])|:)[ \t]+",
                        text[ce:e])
        before = speakers.np_before(text, s + clause, cs)
        after = None
        if not (before and speakers.is_source(before[1], cs)):
            before = None
            lead = text[s:cs].rstrip().lower()
            if not lead or lead.endswith((",", "—", "–")) or tail:
                after = speakers.np_after(text, ce, e)
                if after and not speakers.is_source(after[2], cs):
                    after = None
        if before is None and after is None:
            continue
        who_start = before[0] if before else cs
        raw = before[1] if before else after[2] if after else ""
        if tail and ce + tail.end() < end and (after is None or after[1] <= ce + tail.end()):
            speaker = speakers.resolve(raw, cs, oblique=False)
            content = ce + tail.end()
            return [(who_start, content, "journalist", "", "attribution"), (content, e, "source", speaker, "indirect")]
        lead = text[s:who_start]
        m = re.search(rf"(?:,|[!?…])[ \t]*(?:{_DASH}[ \t]*)?$", lead)
        if after and m and len(text[s:s + m.start()].split()) >= 2:
            # "Переговоры продолжатся, — заявил Песков." : the content before, the attribution after
            speaker = speakers.resolve(raw, cs, oblique=False)
            return [(s, s + m.start(), "source", speaker, "indirect"), (s + m.start(), e, "journalist", "", "attribution")]
        if before and lemma(word, speakers.lang) in cues.rest_cues and len(text[ce:end].split()) >= 2:
            speaker = speakers.resolve(raw, cs, oblique=False)
            content = ce + len(text[ce:e]) - len(text[ce:e].lstrip())
            return [(who_start, content, "journalist", "", "attribution"), (content, e, "source", speaker, "indirect")]
    return []


def slavic_spans(text: str, cues: Cues) -> list[Span]:
    """The attributed spans (direct, indirect, attribution, mention) of a Russian or Ukrainian text.

    The gaps between them are the writer's narration (:func:`framing.voices.voice_spans` fills them).
    """
    speakers = SlavicSpeakers(text, cues)
    sentences = sentence_spans(text)
    found = _direct(text, speakers, sentences)
    blocking = [f for f in found if f[4] != "mention"]
    reported = _reported(text, speakers, blocking, sentences)
    return found + reported
