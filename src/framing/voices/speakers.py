"""Speakers of one document: canonical names from raw mentions ("he", "the Chancellor", "Scholz").

Titles are taken off (``German Chancellor Olaf Scholz`` -> ``Olaf Scholz``), a surname alone is
completed from the latest full name with that surname, a role alone (``the Chancellor``) is the
latest full name given that title, ``he``/``she`` is the nearest earlier person of a compatible
gender (from an honorific or a first name in the cue lexicon), ``they`` the latest group or
organisation that spoke. Capitalised words that are not names (``Sunday``, ``Cold War``,
``Must Read``) are never speakers: :meth:`Speakers.resolve` gives ``""`` for them.

>>> s = Speakers("Ann Lee met Bob Stone. Later she spoke.")
>>> s.resolve("she", 29), s.resolve("Lee", 29), s.resolve("Sunday", 29)
('Ann Lee', 'Ann Lee', '')
"""

from __future__ import annotations

import bisect
import re

from .cues import Cues, load_cues

# a capitalised word: an honorific, initials before a name ("J.J. MacNab", "Donald J. Trump"), or a word
CAP = (r"(?:(?:Mr|Mrs|Ms|Dr|St|Jr|Sen|Rep|Gov|Gen|Lt|Col|Sgt|Prof|Rev|Fr|Capt|Adm|Maj|Supt|Det|Insp)\."
       r"|(?:[A-Z]\.){1,3}(?=[ \t]+[A-Z][a-z])|[A-Z][\w'’\-]*(?:\.[A-Z][\w'’\-]*)*)")
# a share of people polled as a source: "42%", "Two in three", "About six in 10", "Nine out of 10"
SHARE = (r"(?:(?:[Aa]bout|[Nn]early|[Aa]lmost|[Oo]nly|[Jj]ust|[Mm]ore[ \t]+than|[Ff]ewer[ \t]+than|[Ll]ess[ \t]+than)[ \t]+)?"
         r"(?:\d[\d.]*%|(?:\d+|[Oo]ne|[Tt]wo|[Tt]hree|[Ff]our|[Ff]ive|[Ss]ix|[Ss]even|[Ee]ight|[Nn]ine)[ \t]+"
         r"(?:in|out[ \t]+of)[ \t]+(?:\d+|three|four|five|six|seven|eight|nine|ten))(?![\w'’])")
_SHARE = re.compile(SHARE)
_MASS_SOURCES = {"data", "information", "intelligence"}  # what a source says comes from, never "they"
CONNECT = r"(?:of|the|de|da|von|van|der|den|del|di|dos|das|bin|al|el|for|du|la|le)"  # "Ursula von der Leyen"
NAME = rf"{CAP}(?:[ \t]+(?:{CONNECT}[ \t]+){{0,2}}{CAP}){{0,6}}"
SPOKEN_WINDOW = 400  # characters after a named speaker within which "he"/"she" is that speaker
PRONOUNS = {"he": "m", "she": "f", "they": "p", "him": "m", "her": "f", "them": "p"}

TITLE_WORDS = {
    "the", "of", "for", "president", "president-elect", "prime", "minister", "chancellor", "secretary",
    "general", "spokesman", "spokeswoman", "spokesperson", "deputy", "head", "chairman", "chairwoman",
    "chair", "king", "queen", "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "foreign", "defence",
    "defense", "us", "u.s.", "uk", "u.k.", "ukraine", "ukraine's", "ukrainian", "russia", "russia's",
    "russian", "kremlin", "nato", "eu", "european", "commission", "council", "senator", "sen.", "rep.",
    "gov.", "gen.", "lt.", "col.", "sgt.", "prof.", "rev.", "fr.", "capt.", "adm.", "maj.", "supt.", "det.", "insp.",
    "professor", "judge", "justice", "attorney",
    "governor", "mayor", "ambassador", "envoy", "adviser", "advisor", "aide", "colonel", "commander", "chief",
    "pope", "today", "yesterday", "earlier", "later", "also", "however", "former", "candidate", "nominee",
    "meanwhile", "then", "and", "but", "so", "in", "on", "at", "as", "after", "when", "while", "state",
    "first", "second", "vice", "lady", "representative", "permanent", "member", "leader", "director", "speaker",
    "economy", "affairs", "finance", "health", "education", "infrastructure", "culture", "energy",
    "interior", "republic", "federation", "office", "ministry", "united", "states", "kingdom", "nations",
    "french", "german", "british", "american", "polish", "turkish", "italian", "canadian", "lithuanian",
    "latvian", "estonian", "romanian", "hungarian", "belarusian", "kazakh", "chinese", "japanese", "israeli",
    "spanish", "dutch", "belgian", "swedish", "finnish", "norwegian", "danish", "czech", "slovak", "austrian",
    "swiss", "georgian", "moldovan", "armenian", "azerbaijani", "indian", "democratic", "republican", "gop",
    "democrat", "presidential", "sen", "rep", "gov", "house", "senate",
    "ceo", "founder", "co-founder", "founding", "managing", "partner", "captain", "sergeant", "archpriest",
    # countries that stand between a title and a name ("President of Azerbaijan Ilham Aliyev")
    "azerbaijan", "turkey", "türkiye", "france", "germany", "poland", "kazakhstan", "belarus", "armenia",
    "georgia", "moldova", "lithuania", "latvia", "estonia", "finland", "sweden", "israel", "china", "india",
    "italy", "japan", "britain", "canada", "romania", "hungary", "austria", "switzerland", "spain",
    "portugal", "netherlands", "belgium", "denmark", "norway", "czechia", "slovakia", "slovenia", "croatia",
    "bulgaria", "greece", "serbia", "uzbekistan", "kyrgyzstan", "tajikistan", "turkmenistan", "mongolia",
    "iran", "iraq", "syria", "egypt", "emirates", "arabia", "qatar", "brazil", "argentina", "mexico",
    "australia", "africa", "korea", "vietnam", "indonesia", "pakistan", "ireland", "luxembourg", "albania",
    "montenegro", "macedonia", "bosnia", "herzegovina", "cyprus", "malta", "iceland",
}
# Title words that name an office (a country or an adjective alone is not a role: "Ukraine insisted").
ROLE_NOUNS = {
    "president", "president-elect", "minister", "chancellor", "secretary", "spokesman", "spokeswoman",
    "spokesperson", "head", "chairman", "chairwoman", "chair", "king", "queen", "senator", "governor", "mayor",
    "ambassador", "envoy", "adviser", "advisor", "aide", "colonel", "commander", "chief", "pope", "leader",
    "director", "speaker", "representative", "judge", "professor", "candidate", "nominee", "general",
}
ROLE_ALIASES = {frozenset({"head", "state"}): {"president"}}  # "the Head of State" -> a President
_BUSINESS_ROLES = {"ceo", "founder", "co-founder", "partner", "captain", "sergeant", "archpriest"}
# Words that make a capitalised run a place or an organisation rather than a person.
NOT_PERSON = {
    "united", "states", "kingdom", "nations", "union", "federation", "republic", "ministry", "office",
    "forces", "armed", "council", "assembly", "bank", "committee", "service", "agency", "government",
    "parliament", "rada", "verkhovna", "cabinet", "army", "navy", "security", "national", "state",
    "sea", "black", "region", "oblast", "city", "day", "news", "sky", "times", "post", "press",
    "party", "campaign", "house", "senate", "congress", "court", "department", "university", "institute",
    "county", "street", "journal", "magazine", "network", "foundation", "association", "center", "centre",
    "organization", "organisation", "group", "club", "company", "corporation", "inc", "war", "church",
}
_PLACE_BEFORE = re.compile(r"(?<![\w'’])(?:in|across|throughout|outside|near)[ \t]+$")
_SENTENCE_OPENS = re.compile(r"(?:[.!?…][\"”’']*[ \t]+|\n[ \t]*)$")
# the writer among the subject ("Ann Lee and I", "I'm"): the writer's own report
_FIRST_PERSON = re.compile(r"^(?:I|[Ww]e|[Yy]ou)['’](?:m|re|ve|d|ll)$|(?<![\w'’])(?:and|&)[ \t]+(?:I|me|we|us)$"
                           r"|^(?:I|[Ww]e|[Yy]ou)[ \t]|[ \t](?:I|we)$")  # "Ann Lee and I", "I must", "Everything I"
# words before a description that are no part of it ("Some of the voters", "according to which our citizens")
_LEADING_WORDS = re.compile(r"of|in|by|with|for|on|into|against|which|where|when|that|to|from|about|at|whom|whose")
_CLAUSE_WORDS = {"is", "are", "was", "were", "will", "would", "can", "could", "should", "also"}
_WRITER_WORDS = {"I", "I'm", "I’m", "we", "We", "us", "you", "You", "your", "Your", "must", "Let", "let"}
# Slavic surnames say the gender ("Anna Popova", "Maria Lvova-Belova"; "Sergei Shoigu" says nothing)
_FEMALE_SURNAME = re.compile(r"[a-z](?:ova|eva|yova|ëva|ina|yna|ska|skaya|ckaya|tskaya|zka)$")
_MALE_SURNAME = re.compile(r"[a-z](?:ov|ev|yov|ëv|sky|skyi|skiy|ckiy|tsky|vich|ych)$")
_HONORIFIC = {"mr.": "m", "mr": "m", "mrs.": "f", "mrs": "f", "ms.": "f", "ms": "f", "king": "m", "queen": "f",
              "lady": "f", "sir": "m"}


def word_key(word: str) -> str:
    """Lower case without a possessive or comma: "President's" -> "president"."""
    return re.sub(r"['’]s$", "", word.lower().strip(","))


def strip_titles(name: str) -> str:
    """The name after the last title word, without a place after it: "German Chancellor Olaf Scholz"
    -> "Olaf Scholz", "Sen. Bob Stone of Ohio" -> "Bob Stone".

    >>> strip_titles("Sen. Bob Stone of Ohio"), strip_titles("President of Ukraine Volodymyr Zelenskyy")
    ('Bob Stone', 'Volodymyr Zelenskyy')
    """
    words = name.split()
    for k in range(1, len(words) - 1):  # "Bob Stone of Ohio" is Bob Stone ("President of Ukraine ..." is a title)
        if word_key(words[k]) in ("of", "for") and word_key(words[k - 1]) not in TITLE_WORDS \
                and not any(word_key(w) in NOT_PERSON for w in words[:k]):
            words = words[:k]
            break
    last_title = max((k for k, w in enumerate(words) if word_key(w) in TITLE_WORDS), default=-1)
    rest = [w.rstrip(",") for w in words[last_title + 1:]]
    # the office's own name before the person ("Minister of Digital Transformation Mykhailo Fedorov",
    # "President of China Media Group Shen Haixiong"): the person is the name at the end
    offices = [k for k, w in enumerate(rest[:-2]) if word_key(w) in NOT_PERSON]
    # not an organisation's own name ("International Charitable Foundation Return Alive"): a role, or a word
    # between the organisation and the name ("Clark County Sheriff Joe Lombardo")
    office = len(rest) >= 3 and bool(offices) and (any(word_key(w) in ROLE_NOUNS | _BUSINESS_ROLES for w in words)
                                                   or offices[-1] < _name_start(rest) - 1)
    if office or len(rest) >= 3 and last_title >= 0 and word_key(words[last_title]) in ("of", "for", "and"):
        rest = rest[_name_start(rest):]
    return " ".join(rest)


def _name_start(words: list[str]) -> int:
    """Where a person's name at the end of ``words`` starts: the surname, lower-case particles and
    initials before it, and one first name ("Ursula von der Leyen", "John F. Kerry", "Andrei Kostin")."""
    k = len(words) - 1
    while k > 0 and (re.fullmatch(CONNECT, words[k - 1]) or re.fullmatch(r"(?:[A-Z]\.){1,3}", words[k - 1])):
        k -= 1
    return max(0, k - 1)


def is_person_name(name: str, cues: Cues) -> bool:
    """Whether a title-stripped capitalised run can name a person (not "Sunday", "Cold War", "NATO")."""
    words = name.split()
    if not words or name in cues.not_speakers or words[0] in cues.not_speakers:
        return False
    if len(words) >= 2 and name.isupper() or any(re.search(r"['’]s$", w) for w in words[:-1]):
        return False  # a headline in capitals ("FULL TEXT"), or one with a possessive ("Has Everyone’s Attention")
    return not any(word_key(w) in NOT_PERSON for w in words)


class Speakers:
    """Speaker names of one text: titles off, surnames completed, roles and pronouns resolved."""

    def __init__(self, text: str, cues: Cues | None = None, quoted: list[tuple[int, int]] | None = None):
        """``quoted``: spans of direct quotations; a name inside one is no antecedent of "he"/"she"
        (in '“I hope Bob Stone wins,” he said', "he" is not Bob Stone)."""
        self.cues = cues or load_cues()
        quoted = sorted(quoted or [])
        quote_starts = [a for a, _ in quoted]

        def in_quote(pos: int) -> bool:
            k = bisect.bisect_right(quote_starts, pos) - 1
            return k >= 0 and quoted[k][1] > pos

        # (position, full name, title words in front of it): "President of Ukraine Volodymyr Zelenskyy"
        self.full_names: list[tuple[int, str, set[str]]] = []
        self.gender: dict[str, str] = {}
        # (position, canonical person name) of every mention, for "he"/"she"
        self.mentions: list[tuple[int, str]] = []
        self.spoken: list[tuple[int, str]] = []  # (position, name) of named speakers resolved so far
        self.subjects: list[tuple[int, str]] = []  # (position, name) of mentions that open a sentence
        # words the text also writes in lower case: a capitalised one is a common noun ("Negotiators said")
        self.common = {w for w in re.findall(r"\b[a-z][\w'’\-]*", text)}
        for m in re.finditer(NAME, text):
            # a name after "in" is a place ("Sanders was in San Diego"): no antecedent of "he"/"she"
            place = _PLACE_BEFORE.search(text, max(0, m.start() - 12), m.start()) is not None
            name = re.sub(r"['’]s$", "", strip_titles(m.group()))  # "Donald Trump’s" names Donald Trump
            words = name.split()
            while len(words) >= 2 and words[0].lower() in self.common and \
                    words[0] not in self.cues.female_names | self.cues.male_names:
                words = words[1:]  # "See Sexton’s timeline", "To Sexton": not a first name
            name = " ".join(words)
            titles = [word_key(w) for w in m.group()[: len(m.group()) - len(name)].split()]
            if not is_person_name(name, self.cues):
                continue
            if len(words) >= 2:
                self.full_names.append((m.start(), name, set(titles)))
                if not in_quote(m.start()) and not place:
                    self.mentions.append((m.start(), name))
                    self._note_subject(text, m.start(), name)
                self._note_gender(name, titles)
            elif len(words) == 1:
                full = self.complete(words[0], m.start(), next((_HONORIFIC[t] for t in titles if t in _HONORIFIC), ""))
                if full:
                    if not in_quote(m.start()) and not place:
                        self.mentions.append((m.start(), full))
                        self._note_subject(text, m.start(), full)
                    self._note_gender(full, titles)
        self.last: str = ""
        self.last_group: str = ""

    def _note_subject(self, text: str, pos: int, name: str) -> None:
        if _SENTENCE_OPENS.search(text, max(0, pos - 6), pos) or pos == 0:
            self.subjects.append((pos, name))

    def _note_gender(self, name: str, titles: list[str]) -> None:
        for t in titles:
            if t in _HONORIFIC:
                self.gender.setdefault(name, _HONORIFIC[t])
        first = name.split()[0]
        if first in self.cues.female_names:
            self.gender.setdefault(name, "f")
        elif first in self.cues.male_names:
            self.gender.setdefault(name, "m")
        elif len(name.split()) >= 2 and _FEMALE_SURNAME.search(name):  # "Yuliya Badritdinova"
            self.gender.setdefault(name, "f")
        elif len(name.split()) >= 2 and _MALE_SURNAME.search(name):  # "Oleg Ustenko" has none; "Denis Logunov"
            self.gender.setdefault(name, "m")

    def complete(self, surname: str, pos: int, gender: str = "") -> str:
        """The latest full name before ``pos`` ending in ``surname`` ("" if none), of ``gender`` if
        given ("Mrs. Clinton" is Hillary, not Bill)."""
        for start, full, _ in reversed(self.full_names):
            if start < pos and full.split()[-1] == surname and (not gender or self.gender.get(full, gender) == gender):
                return full
        return ""

    def _without_opener(self, raw: str) -> str:
        """``raw`` without sentence-opening words before a name ("Even Ann Lee" -> "Ann Lee", "But Clinton"
        -> "Clinton"); a determiner stays ("The Times"), and so does "First" ("First Lady")."""
        words = raw.split()
        k = 0
        while k < len(words) - 1 and words[k] in self.cues.not_speakers and words[k] != "First" \
                and words[k].lower() not in self.cues.determiners and words[k + 1][:1].isupper():
            k += 1
        return " ".join(words[k:])

    def is_source(self, raw: str) -> bool:
        """Whether ``raw`` can attribute content to someone else (not "I"/"we", not "Sunday")."""
        key = self._without_opener(raw)
        if key.lower() == "it":
            return bool(self.last_group)
        if re.search(r"['’]s?$", key):  # a possessive ("Clinton’s charges") owns, it does not speak
            return False
        words = key.split()
        if len(words) == 1 and key.lower() not in PRONOUNS and key.lower() not in self.cues.source_nouns and (
                key.lower() in self.cues.determiners or key.lower() in self.common and not self.complete(key, 1 << 30)):
            return False  # a capitalised common word ("Their answers", "Does the candidate")
        if key.lower() in ("i", "we", "you", "") or key in self.cues.not_speakers \
                or re.sub(r"['’]s$", "", words[0]) in self.cues.not_speakers - {words[0]}:  # "Monday’s Morning Email"
            return False
        if len(words) == 1 and re.fullmatch(r"[A-Z][a-z]{3,}(?:ing|ed|ly)", key) and not self.complete(key, 1 << 30):
            return False  # a sentence-opening verb or adverb ("Reached by phone, ...", "Smiling, ...")
        return key.lower() in PRONOUNS or bool(self.resolve(key, -1, remember=False))

    def _one_document(self, group: str) -> bool:
        """Whether ``group`` is one document or a piece of information ("poll", "preliminary data",
        "information"): it may be "it", never "they" (plural documents may: "The polls ... They show").

        >>> s = Speakers("")
        >>> s._one_document("preliminary data"), s._one_document("information"), s._one_document("polls")
        (True, True, False)
        """
        head = group.split()[-1].lower() if group else ""
        if head in _MASS_SOURCES:
            return True
        return head in self.cues.documents and not (head.endswith("s") and head[:-1] in self.cues.documents
                                                     or head.endswith("ies") and head[:-3] + "y" in self.cues.documents)

    def _plain_group(self, group: str) -> str:
        """A description or organisation as a speaker, without the words that only led up to it ("of the
        voters" -> "voters", "in European Union" -> "European Union", "When Ukraine" -> "Ukraine"); ""
        when nothing of a speaker is left or it holds the writer ("We must")."""
        words = group.split()
        if len(words) == 2 and words[0] in ("In", "To") and words[1].islower():
            return ""  # "In general", "To study": no speaker
        while len(words) > 1 and (words[0] in self.cues.not_speakers and words[0] != "First"  # not "First Lady"
                                  or _LEADING_WORDS.fullmatch(words[0])):
            words = words[1:]  # "When Ukraine", "But for some", "of the voters"
        if words and words[0] in ("the", "a", "an") and len(words) > 1:
            words = words[1:]
        while len(words) > 1 and words[-1] in ("that", "which", "who"):
            words = words[:-1]  # "detailed document that"
        if not words or _LEADING_WORDS.fullmatch(words[-1]) \
                or words[0] in self.cues.not_speakers and words[0] != "First" \
                or any(w in _WRITER_WORDS for w in words) or len(words) > 1 and any(w in _CLAUSE_WORDS for w in words):
            return ""  # a piece of a clause ("Ireland was among those", "Korea also discussed some")
        return " ".join(words)

    def resolve(self, raw: str, pos: int, remember: bool = True) -> str:
        """The speaker named by ``raw`` at ``pos`` ("" for a first-person, unknown or non-name speaker).

        ``remember=False`` leaves the state used for later pronouns unchanged.
        """
        raw = self._without_opener(raw)
        key = raw.lower()
        if key in ("i", "we", "you", "") or _FIRST_PERSON.search(raw):
            return ""  # the writer reporting their own words ("I'm told", "Ann Lee and I agreed"): not a source
        if key in ("they", "them"):  # (not a report or piece of information: "According to our information, ... They want")
            return "" if self._one_document(self.last_group) else self.last_group or self.last
        if key == "it":  # a report, poll or organisation that spoke before
            return self.last_group
        if key in PRONOUNS:
            want = PRONOUNS[key]
            k = bisect.bisect_left(self.spoken, (pos, ""))
            for start, name in reversed(self.spoken[max(0, k - 1):k]):
                if pos - start < SPOKEN_WINDOW and self.gender.get(name, want) == want:
                    # unless a sentence opened with someone else since ("Ann Lee spoke. Bob Stone waited. He said")
                    between = self.subjects[bisect.bisect_right(self.subjects, (start, "\uffff")):
                                            bisect.bisect_left(self.subjects, (pos, ""))]
                    later = [n for _, n in between if n != name and self.gender.get(n, want) == want]
                    return later[-1] if later else name  # "he said" after a source spoke: that source
            for start, name in reversed(self.mentions):
                if start < pos and self.gender.get(name, want) == want:
                    if remember:
                        self.last = name
                    return name
            return self.last if self.gender.get(self.last, want) == want else ""
        if _SHARE.fullmatch(raw):  # "Two in three" of those polled
            if remember:
                self.last_group = raw
            return raw
        words = raw.split()
        if words[0].lower() in self.cues.determiners and len(words) > 1:
            words = words[1:]
        name = strip_titles(raw)
        if name.lower() in ("i", "we", "you"):  # "And I": still the writer
            return ""
        group = ""
        if not name:  # a role alone ("the President"): the last full name given that title
            role = {word_key(w) for w in words} - {"the", "of", "for"}
            role = ROLE_ALIASES.get(frozenset(role), role)
            titled = [full for start, full, titles in self.full_names
                      if start < pos and role & ROLE_NOUNS and role <= titles]
            if titled:
                name = titled[-1]
            else:
                group = " ".join(words)
        elif name[0].islower() or (len(words) <= 4 and word_key(words[-1]) in self.cues.source_nouns
                                   and (words[-1].islower() or len(words) == 1)):
            group = " ".join(words)  # a description: "county treasurer", "officials", "Quinnipiac poll"
            group = group[0].lower() + group[1:] if len(words) == 1 else group
        elif not is_person_name(name, self.cues):
            if name in self.cues.not_speakers or name.split()[0] in self.cues.not_speakers \
                    or len(name.split()) >= 2 and name.isupper():  # "TURNS OUT POE WAS RIGHT": a headline
                return ""
            group = " ".join(w for w in words if w.lower() != "the")  # an organisation: "Kremlin", "Times"
        elif len(name.split()) == 1:
            honorific = next((_HONORIFIC[word_key(w)] for w in words if word_key(w) in _HONORIFIC), "")
            completed = self.complete(name, pos, honorific)
            if not completed and len(words) == 1 and name.lower() in self.common:
                group = name.lower()
            name = completed or name
        if group:
            group = self._plain_group(group)
            if not group:
                return ""
            if remember:
                self.last_group = group
            return group
        if remember:
            self.last = name
            bisect.insort(self.mentions, (pos, name))
            bisect.insort(self.spoken, (pos, name))
        return name
