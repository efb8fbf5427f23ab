"""Who speaks: direct and indirect quotations, speakers, and voice spans (journalist vs source).

:func:`voice_spans` cuts a text into consecutive spans that cover it exactly, each with a
``voice`` (``journalist`` for the writer's own narration and attributions, ``source`` for
words given to someone else), the ``speaker`` of source spans and the ``kind`` of span:

=============== ======== ==================================================================
kind            voice    what
=============== ======== ==================================================================
``narration``   journ.   the writer's own text
``attribution`` journ.   the attribution clause of a quotation (``Zelenskiy said in the
                         interview, according to a translation by Sky News``), a transcript
                         speaker label (``Vladimir Putin:``), ``According to X,``
``mention``     journ.   a short quotation without speaker (scare quotes, titles)
``direct``      source   a direct quotation, quotation marks included (straight, curly or
                         guillemets; running over paragraphs; nested quotes stay inside)
``indirect``    source   reported speech: the ``that``-clause of ``He added that ...`` or
                         the claim of ``According to X, ...``
``turn``        source   a speaker's turn in a transcript (``Vladimir Putin: Colleagues, ...``)
=============== ======== ==================================================================

Speakers: a name next to a speech verb (``said``, ``added``, ``told``, ``warned`` ...) before
or after the quotation; titles are taken off (``Ukraine President Volodymyr Zelenskiy`` ->
``Volodymyr Zelenskiy``) and a surname alone is completed from a full name earlier in the
text (``Zelenskiy`` -> ``Volodymyr Zelenskiy``); ``he``/``she``/``they`` is the last named
speaker. A quotation without an attribution continues the speaker of the previous quotation
in its paragraph; ``according to a translation/report/statement ...`` is attribution, not a
speaker. Rule-based and English-only: check it on your own data with :mod:`framing.kwic`.

>>> spans = voice_spans('Talks stalled. "We will not give up land," Zelenskiy said.')
>>> spans[["start", "end", "voice", "speaker", "kind"]].to_dict("records")[1]
{'start': 15, 'end': 42, 'voice': 'source', 'speaker': 'Zelenskiy', 'kind': 'direct'}
"""

from __future__ import annotations

import bisect
import re

import pandas as pd

from .text import (
    count_tokens,
    first_break,
    paragraph_breaks,
    paragraph_of,
    paragraph_spans,
    sentence_end,
    sentence_spans,
)

SPAN_COLUMNS = ["start", "end", "voice", "speaker", "kind"]
VOICE_COLUMNS = ["voice", "speaker", "voice_kind"]

_VERBS = (r"said|says|say|added|adds|told|tells|warned|warns|stressed|stresses|noted|notes|"
          r"emphasi[sz]ed|emphasi[sz]es|stated|states|explained|explains|argued|argues|claimed|claims|"
          r"insisted|insists|asked|asks|replied|replies|wrote|writes|declared|declares|announced|"
          r"announces|reiterated|reiterates|underlined|underlines|underscored|underscores|"
          r"confirmed|confirms|recalled|recalls|assured|assures|pointed\s+out|points\s+out|"
          r"believes|believed|continued|concluded|acknowledged|acknowledges|admitted|admits|"
          r"remarked|observed|commented|responded|answered|summed\s+up|thinks|hopes|"
          r"is\s+convinced|is\s+confident|"
          r"expressed\s+(?:the\s+|his\s+|her\s+|their\s+)?(?:hope|confidence|conviction)")
_CAP = r"(?:(?:Mr|Mrs|Ms|Dr|St|Jr)\.|[A-Z][\w'’\-]*(?:\.[A-Z][\w'’\-]*)*)"
_NAME = rf"{_CAP}(?:[ \t]+(?:(?:of|the|de|da|von|van|bin|al|el|for)[ \t]+){{0,2}}{_CAP}){{0,6}}"
_PRONOUN = r"[Hh]e|[Ss]he|[Tt]hey"
_ROLE = (r"[Tt]he[ \t]+(?:head[ \t]+of[ \t]+state|president|chancellor|prime[ \t]+minister|minister|"
         r"spokesman|spokeswoman|spokesperson)")
_WHO = rf"(?P<who>{_ROLE}|(?:[Tt]he[ \t]+)?{_NAME}|{_PRONOUN})"
_VERB = rf"(?:{_VERBS})"
_OPENERS = "“«„"
_CLOSERS = "”»"
_QUOTE_CHARS = re.compile(r"[\"“”«»„]")

# After a closing quotation mark: ', Zelenskiy said ...' / ' said Zelenskiy' / ' he told Sky News'.
_AFTER = re.compile(rf"[ \t]*,?[ \t]*(?:{_WHO}[ \t]+(?:also[ \t]+|later[ \t]+)?{_VERB}"
                    rf"|{_VERB}[ \t]+(?P<who2>(?:the[ \t]+)?{_NAME}))\b")
# Before an opening quotation mark: 'Zelenskiy said: ' / 'He told Sky News, ' / 'According to Peskov, '.
_BEFORE = re.compile(rf"(?:{_WHO}[ \t]+(?:also[ \t]+)?{_VERB}(?:[ \t]+[\w'’.\-]+){{0,6}}?"
                     rf"|[Aa]ccording[ \t]+to[ \t]+(?P<who2>{_NAME}))[ \t]*[,:]?[ \t]*$")
# Indirect speech: 'He added that ...', 'Vladimir Putin stressed that ...', 'X told reporters that ...'.
_INDIRECT = re.compile(rf"(?<![\w'’]){_WHO}[ \t]+(?:also[ \t]+|further[ \t]+|again[ \t]+)?{_VERB}"
                       rf"(?:[ \t]+(?:{_NAME}|him|her|them|reporters|journalists|the[ \t]+\w+)){{0,2}}"
                       rf",?[ \t]+that[ \t]+")
_ACCORDING_FIRST = re.compile(r"^[ \t]*According[ \t]+to[ \t]+(?P<who>[^,]{2,80}),[ \t]*")
_ACCORDING_LAST = re.compile(r",[ \t]*according[ \t]+to[ \t]+(?P<who>[^,.;]{2,80})[.!?]?[\"”’]?[ \t]*$")
_NOT_A_SPEAKER = re.compile(r"^(?:an?|the|media|press|news|some|unconfirmed|preliminary)\b[ \t]*"
                            r"(?:\w+[ \t]+)?(?:translation|transcript|report|reports|statement|readout|"
                            r"data|figures|estimates?|survey|poll|document|documents|video|recording|"
                            r"sources|study|analysis|census|records|website)\b", re.IGNORECASE)
# A transcript speaker label at the start of the text or of a sentence: 'Vladimir Putin: ...'.
_LABEL_NAME = rf"{_CAP}(?:[ \t]+(?:(?:of|the|de|da|von|van|bin|al|el|for)[ \t]+){{0,2}}{_CAP}){{0,16}}"
_LABEL = re.compile(rf"(?:^|(?<=[.!?…\"”)*])[ \t]+|(?<=\n))(?P<label>{_LABEL_NAME}(?:[ \t]*\([^)\n]{{1,30}}\))?)"
                    rf":[ \t]+")
# A label glued to a heading ("... young scientists President of Russia Vladimir Putin: Friends"): only
# accepted mid-sentence when it starts with a title and the turn starts with a capital.
_TITLED_LABEL = re.compile(rf"(?<=[a-z] )(?P<label>(?:President|Prime[ \t]+Minister|Deputy|Minister|Governor|"
                           rf"Chairman|General[ \t]+Director)[ \t]+(?:(?:of|the)[ \t]+){{0,2}}{_LABEL_NAME}(?:[ \t]*\([^)\n]{{1,30}}\))?)"
                           rf":[ \t]+(?=[A-Z])")
# kremlin.ru pages repeat a speaker as "Nikol Pashinyan Pashinyan NikolPrime Minister of ...": the name is the pair
_DOUBLED_NAME = re.compile(r"([A-Z][\w'’\-]+) ([A-Z][\w'’\-]+) \2 \1(?=[A-Z]|\s|$)")
# "..., he said, ..." inside a sentence: the sentence is the speaker's
_PARENTHETICAL = re.compile(rf",[ \t]*{_WHO}[ \t]+{_VERB}[ \t]*,[ \t]*")
_SINGLE_LABELS = {"Question", "Remark", "Answer", "Reply", "Response", "Moderator", "Interviewer"}

_TITLE_WORDS = {
    "the", "of", "for", "president", "president-elect", "prime", "minister", "chancellor", "secretary",
    "general", "spokesman", "spokeswoman", "spokesperson", "deputy", "head", "chairman", "chairwoman",
    "chair", "king", "queen", "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "foreign", "defence",
    "defense", "us", "u.s.", "uk", "u.k.", "ukraine", "ukraine's", "ukrainian", "russia", "russia's",
    "russian", "kremlin", "nato", "eu", "european", "commission", "council", "senator", "sen.", "rep.",
    "governor", "mayor", "ambassador", "envoy", "adviser", "advisor", "aide", "colonel", "commander", "chief",
    "pope", "today", "yesterday", "earlier", "later", "also", "however",
    "meanwhile", "then", "and", "but", "so", "in", "on", "at", "as", "after", "when", "while", "state",
    "first", "second", "vice", "lady", "representative", "permanent", "member", "leader", "director", "speaker",
    "economy", "affairs", "justice", "finance", "health", "education", "infrastructure", "culture", "energy",
    "interior", "republic", "federation", "office", "ministry", "united", "states", "kingdom", "nations",
    "french", "german", "british", "american", "polish", "turkish", "italian", "canadian", "lithuanian",
    "latvian", "estonian", "romanian", "hungarian", "belarusian", "kazakh", "chinese", "japanese", "israeli",
    "spanish", "dutch", "belgian", "swedish", "finnish", "norwegian", "danish", "czech", "slovak", "austrian",
    "swiss", "georgian", "moldovan", "armenian", "azerbaijani", "indian",
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
_ROLE_ALIASES = {frozenset({"head", "state"}): {"president"}}  # "the Head of State" -> a President
_PRONOUNS = {"he", "she", "they", "him", "her", "them"}
# Words that make a capitalised run a place or an organisation rather than a person.
_NOT_PERSON = {
    "united", "states", "kingdom", "nations", "union", "federation", "republic", "ministry", "office",
    "forces", "armed", "council", "assembly", "bank", "committee", "service", "agency", "government",
    "parliament", "rada", "verkhovna", "cabinet", "army", "navy", "security", "national", "state",
    "sea", "black", "region", "oblast", "city", "day", "news", "sky", "times", "post", "press",
}


def _word_key(word: str) -> str:
    """Lower case without a possessive: "President's" -> "president"."""
    return re.sub(r"['’]s$", "", word.lower())


def _strip_titles(name: str) -> str:
    """The name after the last title word: "German Chancellor Olaf Scholz" -> "Olaf Scholz"."""
    words = name.split()
    last_title = max((k for k, w in enumerate(words) if _word_key(w).strip(",") in _TITLE_WORDS), default=-1)
    return " ".join(words[last_title + 1:])


class _Speakers:
    """Speaker names of one text: titles off, surnames completed, pronouns resolved."""

    def __init__(self, text: str):
        # (position, full name, title words in front of it): "President of Ukraine Volodymyr Zelenskyy"
        self.full_names: list[tuple[int, str, set[str]]] = []
        for m in re.finditer(_NAME, text):
            name = _strip_titles(m.group())
            words = name.split()
            if len(words) >= 2 and not any(w.lower().strip("'’s") in _NOT_PERSON for w in words):
                titles = {_word_key(w) for w in m.group()[: len(m.group()) - len(name)].split()}
                self.full_names.append((m.start(), name, titles))
        self.last: str = ""

    def resolve(self, raw: str, pos: int) -> str:
        """The speaker named by ``raw`` at ``pos`` ("" for a first-person or unknown speaker)."""
        raw = " ".join(raw.split())
        if raw in ("I", "We"):  # the writer reporting their own words: not a quoted source
            return ""
        earlier = [entry for entry in self.full_names if entry[0] < pos]
        if raw.lower() in _PRONOUNS:
            if not self.last:  # nobody has spoken yet: the last full name mentioned before
                self.last = earlier[-1][1] if earlier else ""
            return self.last
        name = _strip_titles(raw)
        if not name:  # a role alone ("the President"): the last full name given that title
            role = {_word_key(w) for w in raw.split()} - {"the", "of", "for"}
            role = _ROLE_ALIASES.get(frozenset(role), role)
            titled = [full for _, full, titles in earlier if role and role <= titles]
            name = titled[-1] if titled else re.sub(r"^[Tt]he\s+", "", raw)
        elif len(name.split()) == 1:
            for _, full, _titles in earlier:
                if full.split()[-1] == name:
                    name = full
                    break
        self.last = name
        return name


def _straight_role(text: str, pos: int) -> str:
    """Whether a straight ``"`` at ``pos`` looks like an opening or a closing mark (or either)."""
    before = text[pos - 1] if pos > 0 else " "
    after = text[pos + 1] if pos + 1 < len(text) else " "
    opens = (before.isspace() or before in "([{—–-/") and not after.isspace()
    closes = not before.isspace() and (after.isspace() or after in ".,;:!?)]}…—–-'’")
    return "open" if opens and not closes else "close" if closes and not opens else "either"


def _quotations(text: str) -> list[tuple[int, int]]:
    """Spans of top-level double quotations (marks included); multi-paragraph quotes joined.

    Quotes nested in double marks of the same kind (``"the so-called "KPR" again"``) stay inside
    the outer quotation: a straight mark is read as opening or closing from the characters around it.
    """
    spans: list[tuple[int, int]] = []
    marks = [(m.start(), m.group()) for m in _QUOTE_CHARS.finditer(text)]
    breaks = paragraph_breaks(text)
    i, open_at, scan_from, depth = 0, None, 0, 0
    while i < len(marks):
        pos, ch = marks[i]
        role = _straight_role(text, pos) if ch == '"' else "open" if ch in _OPENERS else "close"
        if open_at is None:
            if role != "close":  # a stray closing mark opens nothing
                open_at, scan_from, depth = pos, pos + 1, 1
            i += 1
            continue
        brk = first_break(breaks, scan_from, pos)
        if brk:  # the quotation reached a paragraph break before this mark
            if brk[1] == pos and role != "close":  # next paragraph reopens: it continues
                scan_from = pos + 1
                i += 1
                continue
            spans.append((open_at, brk[0]))  # unclosed: it ends with its paragraph
            open_at = None
            continue  # look at this mark again, as a possible opener
        if role == "open":
            depth += 1  # a quotation inside the quotation
        elif depth > 1:
            depth -= 1
        else:
            spans.append((open_at, pos + 1))
            open_at = None
        i += 1
    if open_at is not None:
        brk = first_break(breaks, scan_from, len(text))
        spans.append((open_at, brk[0] if brk else len(text.rstrip())))
    return spans


def _transcript_turns(text: str, speakers: _Speakers) -> list[tuple[int, int, str, str, str]]:
    labels = []
    found = {m.start("label"): m for m in _LABEL.finditer(text)}
    for m in _TITLED_LABEL.finditer(text):
        found.setdefault(m.start("label"), m)
    for _, m in sorted(found.items()):
        label = m.group("label")
        words = re.sub(r"\([^)]*\)", "", label).split()
        if len(words) >= 2 or " ".join(words) in _SINGLE_LABELS:
            labels.append(m)
    out = []
    for k, m in enumerate(labels):
        end = labels[k + 1].start("label") if k + 1 < len(labels) else len(text)
        raw = re.sub(r"\s*\([^)]*\)", "", m.group("label"))
        doubled = _DOUBLED_NAME.search(raw)
        raw = f"{doubled.group(1)} {doubled.group(2)}" if doubled else raw
        name = speakers.resolve(raw, m.start()) if raw not in _SINGLE_LABELS else raw
        out.append((m.start("label"), m.end(), "journalist", "", "attribution"))
        body_end = len(text[:end].rstrip())
        if body_end > m.end():
            out.append((m.end(), body_end, "source", name, "turn"))
    return out


def _direct_quotes(text: str, speakers: _Speakers, taken) -> list[tuple[int, int, str, str, str]]:
    out: list[tuple[int, int, str, str, str]] = []
    prev_para, prev_speaker = None, ""
    paragraphs = paragraph_spans(text)
    sentences: list[tuple[int, int]] = []  # computed when first needed
    for s, e in _quotations(text):
        if taken(s):
            continue
        para = paragraph_of(paragraphs, s)
        inner = text[s + 1:e - 1] if e - s >= 2 else ""
        speaker, attribution = "", None
        end_para = paragraph_of(paragraphs, max(e - 1, s))  # a quote may run over paragraphs
        after = _AFTER.match(text, e, min(end_para[1], e + 200))
        before = _BEFORE.search(text[max(para[0], s - 200):s])
        if after:
            who = after.group("who") or after.group("who2")
            speaker = speakers.resolve(who, e)
            nxt = text.find('"', e, end_para[1]), text.find("“", e, end_para[1])
            limit = min([x for x in nxt if x >= 0], default=end_para[1])
            sentences = sentences or sentence_spans(text)
            attribution = (e, sentence_end(sentences, after.end(), limit))
        elif before:
            who = before.group("who") or before.group("who2")
            speaker = speakers.resolve(who, s)
        elif prev_para == para and prev_speaker:
            speaker = prev_speaker
        para = end_para
        n_words = count_tokens(inner)
        if speaker or n_words >= 12 or (n_words >= 6 and re.search(r"[.!?,…]\W*$", inner)):
            out.append((s, e, "source", speaker, "direct"))
            prev_para, prev_speaker = para, speaker
        else:
            out.append((s, e, "journalist", "", "mention"))
        if attribution and attribution[1] > attribution[0]:
            out.append((attribution[0], attribution[1], "journalist", "", "attribution"))
    return out


def _indirect_speech(text: str, speakers: _Speakers, taken) -> list[tuple[int, int, str, str, str]]:
    out: list[tuple[int, int, str, str, str]] = []
    for s, e in sentence_spans(text):
        if taken(s) or taken(e - 1):
            continue
        sent = text[s:e]
        m = _INDIRECT.search(sent)
        if m:
            name = speakers.resolve(m.group("who"), s + m.start())
            if name:  # first-person reporting ("I said that") stays in the writer's voice
                out.append((s + m.end(), e, "source", name, "indirect"))
            continue
        m = _PARENTHETICAL.search(sent)
        if m:
            name = speakers.resolve(m.group("who"), s + m.start())
            if name:
                out.append((s, s + m.start(), "source", name, "indirect"))
                out.append((s + m.start(), s + m.end(), "journalist", "", "attribution"))
                out.append((s + m.end(), e, "source", name, "indirect"))
            continue
        first, last = _ACCORDING_FIRST.search(sent), _ACCORDING_LAST.search(sent)
        for m, claim in ((first, (s + (first.end() if first else 0), e)),
                         (last, (s, s + (last.start() if last else 0)))):
            if not m:
                continue
            who = m.group("who").strip()
            out.append((s + m.start(), s + m.end(), "journalist", "", "attribution"))
            if not _NOT_A_SPEAKER.match(who) and claim[1] > claim[0]:
                out.append((*claim, "source", speakers.resolve(who, s + m.start()), "indirect"))
            break
    return out


def _covered_by(spans):
    """``pos -> bool``: whether ``pos`` falls inside one of ``spans`` (non-overlapping)."""
    spans = sorted((a, b) for a, b, *_ in spans)
    starts = [a for a, _ in spans]

    def covered(pos: int) -> bool:
        k = bisect.bisect_right(starts, pos) - 1
        return k >= 0 and pos < spans[k][1]
    return covered


def voice_spans(text: str) -> pd.DataFrame:
    """Cut ``text`` into voice spans covering it exactly: ``start, end, voice, speaker, kind``.

    >>> t = '“We hold the line,” she said. He added that talks may resume.'
    >>> voice_spans('Ann Lee spoke. ' + t)[["voice", "speaker", "kind"]].values.tolist()
    ... # doctest: +NORMALIZE_WHITESPACE
    [['journalist', '', 'narration'], ['source', 'Ann Lee', 'direct'],
     ['journalist', '', 'attribution'], ['journalist', '', 'narration'], ['source', 'Ann Lee', 'indirect']]
    """
    speakers = _Speakers(text)
    found: list[tuple[int, int, str, str, str]] = []

    found += _transcript_turns(text, speakers)
    found += _direct_quotes(text, speakers, _covered_by([f for f in found if f[4] == "turn"]))
    found += _indirect_speech(text, speakers, _covered_by(found))
    found.sort()
    rows: list[tuple[int, int, str, str, str]] = []
    pos = 0
    for s, e, voice, speaker, kind in found:
        s = max(s, pos)
        if e <= s:
            continue
        if s > pos:
            rows.append((pos, s, "journalist", "", "narration"))
        rows.append((s, e, voice, speaker, kind))
        pos = e
    if pos < len(text):
        rows.append((pos, len(text), "journalist", "", "narration"))
    return pd.DataFrame(rows, columns=SPAN_COLUMNS)


def corpus_voice_spans(corpus: pd.DataFrame) -> pd.DataFrame:
    """:func:`voice_spans` of every document: ``doc_id`` + the span columns (compute once, reuse).

    >>> corpus = pd.DataFrame({"doc_id": ["a"], "text": ['"Not now," Ann Lee said.']})
    >>> corpus_voice_spans(corpus)[["doc_id", "voice", "speaker"]].values.tolist()[0]
    ['a', 'source', 'Ann Lee']
    """
    parts = [voice_spans(text).assign(doc_id=doc_id) for doc_id, text in zip(corpus["doc_id"], corpus["text"])]
    if not parts:
        return pd.DataFrame(columns=["doc_id", *SPAN_COLUMNS])
    return pd.concat(parts, ignore_index=True)[["doc_id", *SPAN_COLUMNS]]


def assign_voices(corpus: pd.DataFrame, matches: pd.DataFrame, spans: pd.DataFrame | None = None) -> pd.DataFrame:
    """The match table with ``voice``, ``speaker`` and ``voice_kind`` of the span each hit starts in.

    The input table is not modified; a copy with the three columns added is returned. Pass
    ``spans`` (:func:`corpus_voice_spans`) to reuse spans already computed.

    >>> corpus = pd.DataFrame({"doc_id": ["a"], "text": ['It may end. "It might end," Ann Lee said.']})
    >>> matches = pd.DataFrame({"doc_id": ["a", "a"], "start": [3, 15], "end": [6, 20]})
    >>> assign_voices(corpus, matches)[["voice", "speaker"]].values.tolist()
    [['journalist', ''], ['source', 'Ann Lee']]
    """
    out = matches.copy()
    if spans is None:
        spans = corpus_voice_spans(corpus[corpus["doc_id"].isin(set(matches["doc_id"]))])
    by_doc = {doc_id: part for doc_id, part in spans.groupby("doc_id", sort=False)}
    voices, speakers, kinds = [], [], []
    for doc_id, start in zip(matches["doc_id"], matches["start"]):
        part = by_doc.get(doc_id)
        k = bisect.bisect_right(part["start"].tolist(), int(start)) - 1 if part is not None else -1
        if part is None or k < 0:
            voice, speaker, kind = "journalist", "", "narration"
        else:
            row = part.iloc[k]
            voice, speaker, kind = row["voice"], row["speaker"], row["kind"]
        voices.append(voice)
        speakers.append(speaker)
        kinds.append(kind)
    out["voice"], out["speaker"], out["voice_kind"] = voices, speakers, kinds
    return out


def voice_scores(corpus: pd.DataFrame, voiced: pd.DataFrame, lexicons: list[str],
                 spans: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per document and voice: ``doc_id, voice, n_tokens``, then per lexicon ``L_count`` (affirmed
    hits) and ``L_negated`` (negated hits), as :func:`framing.metrics.score` defines them: the
    denominators that make hits in quotes and in narration comparable (feed it to
    :func:`framing.stats.rates_by_group` with ``group_col="voice"``). ``voiced`` is the output of
    :func:`assign_voices`; a table without a ``negated`` column has no negated hits.

    >>> corpus = pd.DataFrame({"doc_id": ["a"], "text": ['It may end. "It might end," Ann Lee said.']})
    >>> voiced = assign_voices(corpus, pd.DataFrame({"doc_id": ["a"], "start": [15], "end": [20],
    ...                                              "lexicon": ["hedging"], "negated": [False]}))
    >>> voice_scores(corpus, voiced, ["hedging"]).to_dict("records")[1]
    {'doc_id': 'a', 'voice': 'source', 'n_tokens': 3, 'hedging_count': 1, 'hedging_negated': 0}
    """
    if spans is None:
        spans = corpus_voice_spans(corpus)
    texts = dict(zip(corpus["doc_id"], corpus["text"]))
    tokens = [count_tokens(texts[d][s:e]) for d, s, e in zip(spans["doc_id"], spans["start"], spans["end"])]
    wide = pd.DataFrame(spans.assign(n_tokens=tokens).groupby(["doc_id", "voice"], sort=False)["n_tokens"].sum()
                        .unstack("voice", fill_value=0)).reindex(columns=["journalist", "source"], fill_value=0)
    table = pd.Series(wide.stack(), name="n_tokens").reset_index()
    keys = pd.MultiIndex.from_frame(table[["doc_id", "voice"]])
    negated = _negated(voiced)
    for lex in lexicons:
        own = voiced["lexicon"] == lex
        for column, rows in ((f"{lex}_count", own & ~negated), (f"{lex}_negated", own & negated)):
            counts = voiced[rows].groupby(["doc_id", "voice"]).size()
            table[column] = counts.reindex(keys, fill_value=0).to_numpy().astype(int)
    return table


def _negated(matches: pd.DataFrame) -> pd.Series:
    """Whether each hit is negated (all False when the table has no ``negated`` column)."""
    if "negated" not in matches.columns:
        return pd.Series(False, index=matches.index)
    return matches["negated"].fillna(False).astype(bool)


def voice_split(matches: pd.DataFrame, by: str | list[str] = "lexicon", corpus: pd.DataFrame | None = None) -> pd.DataFrame:
    """Hits per ``by`` group and voice, counted as :func:`framing.metrics.score` counts them:
    ``count`` (affirmed hits), ``negated`` (negated hits) and ``share`` (of the group's affirmed
    hits in each voice): the table behind voice bars. Columns of ``by`` the match table lacks
    (e.g. ``outlet``) are taken from ``corpus`` by ``doc_id``.

    >>> m = pd.DataFrame({"lexicon": ["h"] * 4, "voice": ["journalist", "source", "source", "source"],
    ...                   "negated": [False, False, False, True]})
    >>> voice_split(m).to_dict("records")[1]
    {'lexicon': 'h', 'voice': 'source', 'count': 2, 'negated': 1, 'share': 0.6666666666666666}
    """
    by = [by] if isinstance(by, str) else list(by)
    missing = [c for c in by if c not in matches.columns]
    if missing and corpus is not None:
        matches = matches.merge(corpus[["doc_id", *missing]], on="doc_id", how="left")
    negated = _negated(matches)
    keys = [matches[k] for k in [*by, "voice"]]
    counts = pd.DataFrame({"count": ~negated, "negated": negated}).astype(int).groupby(keys, observed=True).sum()
    if counts.empty:
        return pd.DataFrame(columns=[*by, "voice", "count", "negated", "share"])
    voices = pd.MultiIndex.from_product([["count", "negated"], ["journalist", "source"]], names=[None, "voice"])
    wide = pd.DataFrame(counts.unstack("voice", fill_value=0)).reindex(columns=voices, fill_value=0)
    table = wide.stack("voice", future_stack=True).reset_index()
    totals = table.groupby(by, observed=True)["count"].transform("sum")
    table["share"] = table["count"] / totals.where(totals > 0)
    return table
