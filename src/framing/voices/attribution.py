"""Voice spans: who speaks in each stretch of a text (writer, quoted source, institution).

:func:`voice_spans` cuts a text into consecutive spans that cover it exactly, each with a ``voice``
(``journalist`` for the writer's own narration and attributions, ``source`` for content given to
someone else, ``institution`` for the writer's text of an official document), the canonical
``speaker`` of the span and its ``kind``:

=============== ============ ==============================================================
kind            voice        what
=============== ============ ==============================================================
``narration``   journalist   the writer's own text
``institution`` institution  the writer's own text of an official document (``institution=``)
``attribution`` journalist   the clause that attributes (``Zelenskiy said in the interview``),
                             a transcript speaker label (``Vladimir Putin:``), ``According to X,``
``mention``     journalist   a short quotation without speaker (scare quotes, titles)
``direct``      source       a direct quotation, marks included (``"`` ``“ ”`` ``« »`` ``„ “``
                             and the two-apostrophe ``''…''`` of wire archives; over paragraphs;
                             nested quotes stay inside), or a paragraph set off without marks
                             after ``Ann Lee wrote:`` (a block quotation)
``indirect``    source       reported speech, belief or finding: the content of ``He added that
                             ...``, ``Ann Lee said the talks would fail.``, ``Kyiv will not yield,
                             the minister said.``, ``A poll shows that ...``, ``According to X, ...``
``turn``        source       a speaker's turn in a transcript (``Vladimir Putin: Colleagues, ...``)
=============== ============ ==============================================================

Cues come from the cue lexicon (:mod:`framing.voices.cues`), speakers are resolved to one
canonical name per document (:mod:`framing.voices.speakers`). A colon after a headline is not a
speaker label: a label needs a title (``President of Russia Vladimir Putin:``), a known
one-word label (``Question:``), or a second label in the same text. Rule-based; Russian and
Ukrainian texts are read by :mod:`framing.voices.slavic` with their own cue lexicons.

>>> spans = voice_spans("Kyiv will not yield, the minister said. Ann Lee said the talks would fail.")
>>> [(r.voice, r.speaker, r.kind) for r in spans.itertuples() if r.voice == "source"]
[('source', 'minister', 'indirect'), ('source', 'Ann Lee', 'indirect')]
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from ..text import (
    count_tokens,
    first_break,
    paragraph_breaks,
    paragraph_of,
    paragraph_spans,
    sentence_end,
    sentence_spans,
)
from .cues import Cues, alternation, load_cues
from .speakers import CAP, CONNECT, NAME, SHARE, Speakers, is_person_name, strip_titles, word_key

SPAN_COLUMNS = ["start", "end", "voice", "speaker", "kind"]
SLAVIC = ("ru", "uk")  # languages read by framing.voices.slavic
Span = tuple[int, int, str, str, str]

# Quotation marks: two apostrophes / two backticks (wire archives) before single characters.
_QUOTE_MARKS = re.compile(r"''|``|[\"“”«»„]")
_OPENERS = {"“", "«", "„", "``"}
_CLOSERS = {"”", "»"}
_SINGLE_LABELS = {"Question", "Remark", "Answer", "Reply", "Response", "Moderator", "Interviewer", "Q", "A"}
# A newspaper Q&A's "Q:" turns are the interviewer's, its "A:" turns the interviewee's; the spelled-out
# labels of press-conference transcripts ("Question:" from the floor) stay as they are.
_QUESTION_LABELS = {"Q"}
_ANSWER_LABELS = {"A"}
_LABEL_NAME = rf"{CAP}(?:[ \t]+(?:{CONNECT}[ \t]+){{0,2}}{CAP}){{0,16}}"
_LABEL = re.compile(rf"(?:^|(?<=[.!?…\"”)*])[ \t]+|(?<=\n))(?P<label>{_LABEL_NAME}(?:[ \t]*\([^)\n]{{1,30}}\))?)"
                    rf":[ \t]+")
_LABEL_TITLES = r"(?:President|Prime[ \t]+Minister|Deputy|Minister|Governor|Chairman|General[ \t]+Director)"
# A label glued to a heading ("... young scientists President of Russia Vladimir Putin: Friends"): only
# accepted mid-sentence when it starts with a title and the turn starts with a capital.
_TITLED_LABEL = re.compile(rf"(?<=[a-z] )(?P<label>{_LABEL_TITLES}[ \t]+(?:(?:of|the)[ \t]+){{0,2}}{_LABEL_NAME}"
                           rf"(?:[ \t]*\([^)\n]{{1,30}}\))?):[ \t]+(?=[A-Z])")
# kremlin.ru pages repeat a speaker as "Nikol Pashinyan Pashinyan NikolPrime Minister of ...": the name is the pair
_DOUBLED_NAME = re.compile(r"([A-Z][\w'’\-]+) ([A-Z][\w'’\-]+) \2 \1(?=[A-Z]|\s|$)")
_NOT_A_SPEAKER = re.compile(r"^(?:an?|the|media|press|news|some|unconfirmed|preliminary)\b[ \t]*"
                            r"(?:\w+[ \t]+)?(?:translation|transcript|report|reports|statement|readout|"
                            r"data|figures|estimates?|survey|poll|document|documents|video|recording|"
                            r"sources|study|analysis|census|records|website)\b", re.IGNORECASE)
# Words that some constructions cannot match without: a cheap test before their (slow) patterns
_NAMING = frozenset({"called", "calls", "calling", "labeled", "labelled", "branded", "dubbed"})
# what follows "called him" when he is not called something ("called him back", "called it a day", "called her on Monday")
_NOT_NAMED = (r"(?:an?|back|up|off|out|in|on|at|for|to|from|with|after|before|and|or|but|over|down|into|about|during|last|"
              r"this|early|late|again|twice|yesterday|today|tonight|quits|repeatedly|immediately|personally|directly|"
              r"a[ \t]+day|the[ \t]+next)")  # "called Y “…”"
_THAT_WORD = re.compile(r"[ \t]that[ \t]")
_COMMA_WHO = re.compile(r",[ \t]+who[ \t]")
# The first word of reported content without "that": not a preposition, conjunction or infinitive.
_NOT_CONTENT_START = {"according", "to", "in", "on", "at", "for", "about", "of", "with", "by", "from", "into", "so", "as",
                      "and", "but", "or", "nothing", "goodbye", "hello", "thanks", "sorry",
                      "during", "after", "before", "while", "when", "through", "over", "up", "out", "off",
                      "something", "anything", "hi", "last", "this", "earlier"}


_FUNCTION_WORDS = (r"(?:as|than|that|which|who|whom|when|if|because|while|and|or|but|to|is|are|was|were|be|been|has|have|had|not"
                   r")")  # no word of a source's description ("in the crowd")


# (a determiner or possessive after a preposition is part of the description: "member of the establishment")
# a verb's object after a subject pronoun or "must" is no source ("you make people talk", "must tell your authorities")
_AFTER_SUBJECT = "".join(rf"(?<!{w}[ \t])" for w in ("[Yy]ou", "[Ww]e", "[Tt]hey", "I", "[Hh]e", "[Ss]he", "must"))
# a share's group ("55 percent of all voters", "majorities of Republican primary voters"): up to a plural noun
_SHARE_OF = ("(?:" + "|".join(rf"(?<={w})" for w in ("percent", "per cent", "majority", "majorities", "minority", "half",
                                                    "third", "quarter", "share"))
             + r")[ \t]+of[ \t]+(?:(?:all|the|those|[A-Z][\w'’\-]*|[a-z]+(?<!ing)(?<!ed))[ \t]+){0,3}?[a-z]+s(?![\w'’\-])")
# an adverb between a coordinating word and a second cue of the same subject ("..., but now said ...")
_ADVERB = r"(?:(?:also|now|later|then|still|again|[a-z]{3,}ly)[ \t]+)?"
_PREPOSITION = r"(?:on|in|of|at|by|for|with|from|into|about|against|through|over|under|to)"
_NOT_FILLER = (r"(?:a|an|this|these|those|he|she|it|they|we|you|I|He|She|It|They|We|You|must|"
               r"(?<!of[ \t])(?<!for[ \t])(?<!at[ \t])(?<!in[ \t])(?<!on[ \t])(?:the|his|her|their|its|our))")
_AFTER_PREPOSITION = re.compile(r"(?<![\w'’])(?:on|of|in|into|by|for|at|from|with|against|over|about)[ \t]+$")
_AFTER_ACCORDING = re.compile(r"[Aa]ccording[ \t]+to[ \t]+$")
# Only a cue that takes a person object has one ("telling the crowd that ...", not "said the judge had ...")
# the verb of an infinitive after "to" ("wants to run"), not a noun phrase ("agreed to a deal", "to reporters")
_INFINITIVE_VERB = (r"(?!(?:a|an|the|his|her|their|its|this|that|these|those|my|our|your|some|any|me|him|them|us|"
                    r"reporters|voters|supporters|date|be[ \t]+sure)(?![\w'’\-]))[a-z][\w'’\-]*")
_TOLD_WORDS = ("tell", "tells", "told", "telling", "asked", "asking", "assured", "assuring", "reminded", "reminding",
               "warned", "warning", "urged", "urging", "promised", "promising")
_TOLD = "(?:" + "|".join(rf"(?<={w})" for w in _TOLD_WORDS) + ")"
_TOLD_HER = "(?:" + "|".join(rf"(?<={w} her)" for w in _TOLD_WORDS) + ")"  # after "her": "told her the plan ..."


@dataclass(frozen=True)
class _Patterns:
    after_quote: re.Pattern[str]
    before_quote: re.Pattern[str]
    with_that: re.Pattern[str]
    with_that_far: re.Pattern[str]
    without_that: re.Pattern[str]
    cue_after: re.Pattern[str]
    parenthetical: re.Pattern[str]
    quote_participle: re.Pattern[str]
    and_said: re.Pattern[str]
    participle: re.Pattern[str]
    relative: re.Pattern[str]
    long_subject: re.Pattern[str]
    head: re.Pattern[str]
    finding_after: re.Pattern[str]
    stance: re.Pattern[str]
    naming: re.Pattern[str]
    seeing: re.Pattern[str]
    seeing_cue: re.Pattern[str]
    according: re.Pattern[str]
    subject: re.Pattern[str]
    subject_first: re.Pattern[str]
    in_document: re.Pattern[str]
    as_reported: re.Pattern[str]
    in_view: re.Pattern[str]  # "To Ann Lee, ...": her view
    relative_inside: re.Pattern[str]  # ", who said X," inside a subject ("Ann Lee, who said X, argued Y")
    infinitive: re.Pattern[str]  # a cue and its infinitive ("Ann Lee wants to run again")
    outer: re.Pattern[str]  # a source and a cue right before another attribution ("Ann Lee told reporters she believed")
    document: re.Pattern[str]  # a document as a subject's head ("A new batch of emails released ...")
    finding: re.Pattern[str]  # a document and its finding verb anywhere in a sentence ("after leaked emails showed ...")
    message: re.Pattern[str]  # a message noun before a colon ("Their argument: ...")
    finding_cue: re.Pattern[str]  # a finding verb: the cheap first test of `finding`
    any_cue: re.Pattern[str]  # every reported-speech construction needs one of these words: a cheap first test
    stance_cue: re.Pattern[str]  # the same for the stance constructions
    cue_word: re.Pattern[str]  # a word of any_cue or stance_cue, in one scan
    reporting: frozenset[str]  # the words of any_cue


@lru_cache(maxsize=8)
def _patterns(cues: Cues) -> _Patterns:
    speech = alternation(cues.speech | cues.progressive)
    every = alternation(cues.speech | cues.that_only | cues.progressive)
    loose = alternation(cues.speech | cues.that_only | cues.progressive | cues.infinitive)
    aux = rf"(?:{alternation(cues.auxiliaries)}[ \t]+|['’](?:s|ve|d)[ \t]+|[a-z]{{3,}}ly[ \t]+){{0,3}}"
    det = alternation(cues.determiners | {d.capitalize() for d in cues.determiners})
    nouns = alternation(cues.source_nouns)
    surveys = alternation(cues.surveys or frozenset({"-"}))
    reporting = cues.speech | cues.that_only | cues.progressive | cues.infinitive | cues.participles | _NAMING \
        | {"according", "According"}
    # words before the head noun: no function word, no second determiner or pronoun ("point the President",
    # "he informed the audience"), no number that ends a phrase ("On April 13, 2021, the President")
    noun_source = (rf"{_AFTER_SUBJECT}(?!{_PREPOSITION}[ \t])(?:{det}[ \t]+)?"
                   rf"(?:(?!(?:{_FUNCTION_WORDS}|{_NOT_FILLER})[ \t])(?:{CAP}|[a-z][\w'’\-]*|\d(?:[\d,.]*\d)?%?)[ \t]+){{0,3}}?"
                   rf"(?i:{nouns})(?![\w'’\-])"
                   rf"(?:[ \t]+(?:for|of|at|in)[ \t]+(?:the[ \t]+)?{NAME}|{_SHARE_OF})?")
    pronoun = r"[Hh]e|[Ss]he|[Tt]hey|I|[Ww]e"
    appos = (r"(?:(?:,[ \t]+(?:[^,.;:!?\"“”\n]|\.(?=\S|[ \t]+[A-Z0-9])){1,150}?){1,3},"  # "Mrs. Obama's chief of staff", "the No. 2"
             r"|[ \t]+[-–—][ \t]+(?:(?![ \t][-–—][ \t])[^.;:!?\"“”\n]){1,90}?[ \t]+[-–—])?")  # "Ann Lee - his co-host - told"
    when = r"(?:[ \t]+(?:on|last|this|late|early)[ \t]+[A-Z]?[a-z]+)?"

    tag = r"(?:[ \t]*\([A-Z][^()\n]{0,20}\))?"  # "Rep. Hank Johnson (D-Ga.)"

    def who(group: str) -> str:
        return rf"(?P<{group}>{noun_source}|{SHARE}|(?:[Tt]he[ \t]+)?{NAME}|{pronoun}){tag}{appos}{when}"

    # right after a quotation or a comma and before a cue, any short noun phrase is a source ("the board")
    any_np = (rf"(?:the|a|an|his|her|their|its)[ \t]+(?:(?!{_FUNCTION_WORDS}[ \t])[\w'’\-]+[ \t]+){{0,3}}?"
              # not "his party and", "the territory they"
              r"(?!(?:and|or|but|of|to|in|as|for|with|by|on|at|they|he|she|it|we|you|who)(?![\w'’\-]))[a-z][\w'’\-]*")

    def who_loose(group: str) -> str:
        return rf"(?P<{group}>{noun_source}|{SHARE}|(?:[Tt]he[ \t]+)?{NAME}|{pronoun}|{any_np}){tag}{appos}{when}"

    # "her" before a noun is a possessive ("revealed her husband’s firm won"), an object only before "that" or a
    # preposition, or after a cue that takes a person ("told her the plan")
    her = rf"her(?:{_TOLD_HER}|(?=,|[ \t]+(?:that|to|about|on|in|at|during|after|before|last|this)(?![\w'’])))"
    objects = (rf"(?:,?[ \t]+(?:him|{her}|them|me|us|reporters|journalists|supporters|voters|the[ \t]+crowd|"
               rf"for[ \t]+(?:weeks|months|years|days|decades)|"  # "has said for weeks he is ..."
               rf"(?!at[ \t]+(?:least|most)[ \t])"  # "reported at least six ...": a number, no time or place
               rf"(?:on|last|this|in|at|during|to|with|from|after|earlier|late|early|via|before)[ \t]+"
               rf"(?:(?:an?|the|his|her|their|its|this|last|a[ \t]+recent)[ \t]+)?[\w'’\-]+(?:[ \t]+{CAP})*|"
               rf"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|today|yesterday|recently|again)")
    objects_no_name = objects + "))"
    objects += rf"|(?:the[ \t]+)?{NAME}))"
    # "..., analysts say; in 2012, ...", "..., Ann Lee believes — a view ...": before a semicolon or a dash too
    end = r"[ \t]*(?:;(?=[ \t])|[ \t][-–—]{1,2}[ \t]+(?=\S)|[.!?…]?[\"”’']*\s*$)"
    # a description of the source that ends the sentence ("..., said Ann Lee, director of the office.")
    trailing = (r",[ \t]+(?!(?:who|which|whose|where|when|and|but|or|while|although|though|because|as|if|"
                r"adding|saying|noting|arguing|according)\b)[^\"“”\n]{1,160}?"
                # or who the source is ("..., said Ann Lee, who was elected in 2012.")
                r"|,[ \t]+who[ \t]+[^\"“”\n]{1,160}?")
    return _Patterns(
        after_quote=re.compile(rf"[ \t]*,?[ \t]*(?:(?:{noun_source}[ \t]+(?=[A-Z]))?{who_loose('who')}[ \t]+{aux}{every}"
                               rf"|{every}[ \t]+(?P<who2>(?:the[ \t]+)?{NAME}|{noun_source}|{any_np}))(?![\w'’])"),
        before_quote=re.compile(rf"(?:{who('who')},?[ \t]+{aux}(?P<cue>{every})(?:[ \t]+[\w'’.\-]+){{0,6}}?"
                                rf"|[Aa]ccording[ \t]+to[ \t]+(?P<who2>{NAME}|{noun_source})"
                                rf"|(?:^|(?<=[\s\-–—]))(?P<who3>{NAME}(?:[ \t]+and[ \t]+{NAME})?){tag}[ \t]*:)"
                                rf"[ \t]*[,:]?[ \t]*$"),
        with_that=re.compile(rf"(?<![\w'’]){who('who')}[ \t]+{aux}(?P<cue>{every}){objects}{{0,3}},?[ \t]+that[ \t]+"),
        with_that_far=re.compile(rf"(?<![\w'’]){who('who')}[ \t]+{aux}(?P<cue>{every})"
                                 rf"(?:,?[ \t]+(?!(?:[Hh]e|[Ss]he|[Tt]hey|[Ii]t|[Ww]e|I|[Yy]ou|that)\b)[^\s,.;:!?\"“”'’]+)"
                                 rf"{{1,12}}?,?[ \t]+that[ \t]+"),
        without_that=re.compile(rf"(?<![\w'’]){who('who')}[ \t]+{aux}(?P<cue>{loose})"
                                rf"(?:(?:(?<=told)|(?<=tells)|(?<=telling))[ \t]+{NAME})?{objects_no_name}{{0,3}}[,:]?[ \t]+"
                                rf"(?=[\"“]?(?P<first>[A-Za-z][\w'’\-]*\.?|\$?\d[\d,.]*%?)(?:[ \t,\"“”]+[\w'’.\-]+){{2}})"),
        cue_after=re.compile(rf",[ \t]+(?:as[ \t]+)?(?:(?:{noun_source}[ \t]+(?=[A-Z]))?{who_loose('who')}[ \t]+{aux}{speech}"
                             rf"|{speech}[ \t]+(?:{noun_source}[ \t]+(?=[A-Z]))?(?P<who2>(?:the[ \t]+)?{NAME}|{noun_source})"
                             rf"{appos})"
                             rf"{objects}{{0,3}}(?:,?[ \t]+(?!at[ \t]+(?:least|most)[ \t])"
                             rf"(?:in|on|at|during|after|before|to|with|via|from|when|while)"
                             rf"[ \t]+[^\"“”]{{0,80}}?|{trailing})?{end}"),
        # "..., Ann Lee said, ..." and "..., said Ann Lee, but ...": a clause goes on after the inverted one
        and_said=re.compile(rf",?[ \t]+(?:and|but)[ \t]+{_ADVERB}{speech}(?![\w'’])"),
        quote_participle=re.compile(rf",[ \t]+(?:while[ \t]+|and[ \t]+|who[ \t]+)?(?:also[ \t]+)?"
                                    rf"(?:{alternation(cues.participles)}|{speech})[ \t]+(?=\S)"),
        parenthetical=re.compile(rf",[ \t]*(?:{who('who')}[ \t]+{aux}{speech}[ \t]*,[ \t]*"
                                 rf"|{speech}[ \t]+(?P<who2>(?:the[ \t]+)?{NAME}|{noun_source})[ \t]*,[ \t]*"
                                 rf"(?=(?:but|and|yet|so|although|though|because|while|if|as|adding|saying|it|they|he|she|"
                                 rf"we|I|there)[ \t]))"),
        participle=re.compile(rf"(?:,[ \t]+(?P<cue>{alternation(cues.participles)})|,?[ \t](?:and|but)[ \t]+{_ADVERB}"
                              rf"(?P<cue2>{speech}))(?:{_TOLD}[ \t]+(?:him|her|them|reporters|the[ \t]+\w+))?"
                              rf"(?:,?[ \t]+that)?[ \t]+(?=[\"“]?[A-Za-z][\w'’\-]*(?:(?:[ \t,]+|[ \t]+[\"“])[\w'’.\-]+){{2}})"),
        relative=re.compile(rf"(?<![\w'’\-])(?P<who>{NAME}|{noun_source}){tag},[ \t]+who[ \t]+{aux}(?P<cue>{loose})"
                            rf"(?:[ \t]+that)?[ \t]+(?=[\"“]?[A-Za-z][\w'’\-]*(?:(?:[ \t,]+|[ \t]+[\"“])[\w'’.\-]+){{2}})"),
        long_subject=re.compile(rf"^[ \t]*(?:(?:But|And|Yet|Still|Now|So|Again|Indeed|Meanwhile|However|Instead|Similarly|"
                                rf"Also|Then|Moreover|Perhaps),?[ \t]+)?(?P<subj>(?!{_SUBORDINATORS}\b)"
                                rf"[A-Z][^;:\"“”]{{0,200}}?)[ \t]+{aux}(?P<cue>{alternation(cues.speech | cues.that_only)})"
                                rf"(?:(?:(?<=told)|(?<=tells))[ \t]+{NAME})?{objects_no_name}{{0,2}},?(?:[ \t]+that)?[ \t]+"
                                rf"(?=[\"“]?(?P<first>[A-Za-z][\w'’\-]*\.?|\$?\d[\d,.]*%?)(?:[ \t,\"“”]+[\w'’.\-]+){{2}})"),
        # whole words ("to Lee’s", not "o Lee’s"); a pronoun before a contraction ("He’s comparing ... and says")
        head=re.compile(rf"(?<![\w'’\-])(?:(?:[Hh]e|[Ss]he|[Tt]hey)(?=['’](?:s|re|ve|d|ll)[ \t])|{noun_source}|{NAME})"),
        # "..., fundraising documents show.": a finding cue after the content, its source a document
        finding_after=re.compile(rf",[ \t]+(?P<who>(?:{det}[ \t]+)?(?:[\w'’/.\-]+[ \t]+){{0,8}}?"
                                 rf"(?i:{alternation(cues.documents)})(?![\w'’\-])"
                                 # "..., a study by the Council of City Schools found."
                                 rf"(?:[ \t]+(?:(?:compiled|conducted|released|published)[ \t]+)?(?:by|from|of|for)[ \t]+"
                                 rf"[^,;:\"“”\n]{{1,80}}?)?)[ \t]+{aux}{alternation(cues.that_only | cues.speech)}{end}"),
        stance=re.compile(rf"(?<![\w'’]){who_loose('who')}[ \t]+{aux}(?P<cue>{alternation(cues.stance or frozenset({'-'}))})"
                          rf"[ \t]+(?=[\"“]?(?P<first>[A-Za-z][\w'’.\-]*))"),
        # "Jeb Bush called Trump “unhinged”", "She called it a disgrace": the object and what it is called
        # "Democrats see him as a threat", "She portrayed the plan as a giveaway": the object and what it is seen as
        seeing=re.compile(rf"(?<![\w'’]){who_loose('who')}[ \t]+{aux}(?P<cue>{alternation(cues.seeing_as or frozenset({'-'}))})"
                          rf"[ \t]+(?=(?P<first>[\w'’\-]+)(?:[ \t]+[^\s,;:.!?\"“”]+){{0,12}}?[ \t]+as[ \t]+[\w\"“])"),
        stance_cue=re.compile(alternation(cues.stance or frozenset({'-'}))),
        cue_word=re.compile(alternation(reporting | cues.stance)),
        reporting=frozenset(reporting),
        seeing_cue=re.compile(rf"(?<![\w'’]){alternation(cues.seeing_as or frozenset({'-'}))}[ \t]"),
        naming=re.compile(rf"(?<![\w'’]){who('who')}[ \t]+{aux}(?P<cue>{alternation(_NAMING)})"
                          rf"[ \t]+(?=(?:him|her|them|it|(?:the[ \t]+)?{NAME}|(?:the|his|her|their|its)[ \t]+[\w'’\-]+"
                          rf"(?:[ \t]+[\w'’\-]+){{0,2}}?)[ \t]+(?:[\"“]|an?[ \t]+[\w'’\-]+)"
                          # a longer object before what it is called in quotes ("called both rivals “crazy”")
                          rf"|(?!(?:for|on|off|up|out|in|to|it[ \t]+a)[ \t])(?:[^\s\"“”,.;:!?]+[ \t]+){{1,9}}[\"“]"
                          # a pronoun and what it is called without quotes ("called him divisive", "call it the nerd prom")
                          rf"|(?:him|her|them|it|this)[ \t]+(?!{_NOT_NAMED}(?![\w'’\-]))(?:(?:the|his|her|their|its)[ \t]+)?"
                          rf"[a-z][\w'’\-]*)"),
        # the source may hold a web address or an initial ("ouest-france.fr", "John F. Hackett")
        # the source may hold a quoted title ("according to the “Medicare for all” document") and end before a
        # bracket or a dash ("according to exit polls (a sizable margin ...)", "... average - despite ...")
        according=re.compile(r",?[ \t]*\(?[Aa]ccording[ \t]+to[ \t]+(?P<who>(?:[^,.;()\n]|\.(?=[a-z])|(?<=\b[A-Z])\.){2,120}?)"
                             r"(?<!\b[A-Z])\)?(?=[,;)!?]|\.(?![a-z])|\s*$|[ \t]+\(|[ \t]+[-–—][ \t])"),
        subject=re.compile(rf"^[ \t]*(?:(?P<named>{NAME}){tag},[ \t]+|[^,\"“”]{{0,40}},[ \t]+)?{who('who')}[ \t]"),
        subject_first=re.compile(rf"^[ \t]*(?P<who>{NAME}){tag}[ \t]+(?=[a-z])"),
        # "As reported by the Herald, ...", "As first noted in the Times, ...": the rest of the sentence is theirs
        as_reported=re.compile(rf"[ \t]*(?:(?:But|And)[ \t]+)?As[ \t]+(?:(?:first|previously|earlier)[ \t]+)?"
                               rf"{alternation(frozenset(w for w in cues.speech | cues.that_only if w.endswith('ed')))}"
                               rf"[ \t]+(?:by|in)[ \t]+(?P<who>[^,;:\"“”\n]{{2,80}}?),[ \t]+"),
        # "In a CNN/ORC poll released Monday, 38 percent of voters ...": the rest of the sentence is the poll's
        in_document=re.compile(rf"[ \t]*(?:(?:But|And|Yet|Still|Meanwhile|Now),?[ \t]+)?In[ \t]+"
                               rf"(?P<who>(?:{det}|[A-Z][\w'’.\-]*['’]s)[ \t]+(?:[^,;:\"“”\n]{{0,80}}?[ \t])?"
                               rf"(?i:{surveys}))(?![\w'’\-])[^,;:\"“”\n]{{0,80}}?,[ \t]+"),
        any_cue=re.compile(alternation(reporting)),
        relative_inside=re.compile(rf",[ \t]+who[ \t]+{aux}{every}(?:[ \t]+that)?[ \t]+"
                                   rf"(?P<content>[^,;\"“”\n]{{3,160}}?),[ \t]+"),
        infinitive=re.compile(rf"(?<![\w'’]){who('who')}[ \t]+{aux}(?P<cue>{alternation(cues.infinitive)})[ \t]+"
                              rf"(?=to[ \t]+{_INFINITIVE_VERB})"),
        outer=re.compile(rf"(?<![\w'’]){who('who')}[ \t]+{aux}(?P<cue>{speech}){objects}{{0,3}},?[ \t]+$"),
        in_view=re.compile(rf"[ \t]*(?:(?:But|And|Yet)[ \t]+)?[Tt]o[ \t]+(?!(?:the|his|her|their|its)[ \t]+(?:shock|surprise|dismay|"
                           rf"delight|horror|chagrin|relief|disappointment|amazement|astonishment)[ \t])"
                           rf"(?P<who>{noun_source}|(?:the[ \t]+)?{NAME}|many|others|some)"
                           rf"(?:,[ \t]+who[ \t][^,;:\"“”\n]{{1,80}})?,[ \t]+"),
        message=re.compile(rf"(?P<pre>[^:;\"“”\n]{{0,160}}?)(?<![\w'’\-])(?i:{alternation(cues.message_nouns or frozenset({'-'}))})"
                           rf"(?:[ \t]+(?:for|to|of|on|about)[ \t][^:;\"“”\n]{{0,100}}?)?:[ \t]+(?=[\"“]?[\w$])"),
        finding_cue=re.compile(rf"(?<![\w'’]){alternation(cues.findings or frozenset({'-'}))}[ \t]"),
        finding=re.compile(rf"(?<![\w'’\-])(?P<who>(?:{det}[ \t]+)?(?:(?!(?i:{_FUNCTION_WORDS}|{_PREPOSITION}|after|with|"
                           rf"without|since|until|amid|despite|if|though|although|because|once)[ \t])[\w'’/.\-]+[ \t]+){{0,3}}?"
                           rf"(?i:{alternation(cues.documents)}))(?:[ \t]*\([^()\n]{{1,20}}\))?[ \t]+"
                           rf"(?:(?:also|now|have|has|had|clearly|already)[ \t]+)?"
                           rf"(?P<cue>{alternation(cues.findings or frozenset({'-'}))})(?:[ \t]+that)?[ \t]+"
                           rf"(?=[\"“]?(?P<first>[A-Za-z][\w'’\-]*\.?|\$?\d[\d,.]*%?)(?:[ \t,\"“”]+[\w'’.\-]+){{2}})"),
        document=re.compile(rf"^[ \t]*(?:(?:if|when|as|because|while)[ \t]+)?(?P<doc>(?:{det}[ \t]+)?"
                            rf"(?:(?!{_FUNCTION_WORDS}[ \t]|[a-z]+(?:ed|es)[ \t])[\w'’/.\-]+[ \t]+){{0,4}}?"
                            rf"(?i:{alternation(cues.documents)}))(?![\w'’\-])"),
    )


def _straight_role(text: str, pos: int, width: int) -> str:
    """Whether a straight mark at ``pos`` looks like an opening or a closing mark (or either)."""
    before = text[pos - 1] if pos > 0 else " "
    after = text[pos + width] if pos + width < len(text) else " "
    opens = (before.isspace() or before in "([{—–-/") and not after.isspace()
    closes = not before.isspace() and (after.isspace() or after in ".,;:!?)]}…—–-'’")
    return "open" if opens and not closes else "close" if closes and not opens else "either"


def quotations(text: str) -> list[tuple[int, int]]:
    """Spans of top-level quotations (marks included); multi-paragraph quotes joined.

    Quotes nested in marks of the same kind (``"the so-called "KPR" again"``) stay inside the
    outer quotation: a straight mark is read as opening or closing from the characters around it.
    ``„`` opens a quotation that ``“`` closes, also inside another one (``«…„…“…»``).

    >>> quotations("''We will not back down,'' she said.")
    [(0, 26)]
    >>> quotations("«Он сказал „нет“ дважды», — заявил Песков.")
    [(0, 24)]
    """
    spans: list[tuple[int, int]] = []
    marks = [(m.start(), m.group()) for m in _QUOTE_MARKS.finditer(text)]
    breaks = paragraph_breaks(text)
    i, open_at, scan_from, depth, low9 = 0, None, 0, 0, False
    low9_depths: list[int] = []  # depths of „ opened inside the quotation: the next “ closes them
    while i < len(marks):
        pos, ch = marks[i]
        if ch in ('"', "''"):
            role = _straight_role(text, pos, len(ch))
        elif ch == "“" and low9:
            role = "close" if depth == 1 else "open"
        elif ch == "“" and low9_depths and low9_depths[-1] == depth:
            role = "close"  # «… „…“ …»: the “ closes the inner „
            low9_depths.pop()
        else:
            role = "open" if ch in _OPENERS else "close"
            if ch == "„" and open_at is not None:
                low9_depths.append(depth + 1)
        if open_at is None:
            if role != "close":  # a stray closing mark opens nothing
                open_at, scan_from, depth, low9 = pos, pos + len(ch), 1, ch == "„"
                low9_depths = []
            i += 1
            continue
        brk = first_break(breaks, scan_from, pos)
        if brk:  # the quotation reached a paragraph break before this mark
            if brk[1] == pos and role != "close":  # next paragraph reopens: it continues
                scan_from = pos + len(ch)
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
            spans.append((open_at, pos + len(ch)))
            open_at = None
        i += 1
    if open_at is not None:
        brk = first_break(breaks, scan_from, len(text))
        spans.append((open_at, brk[0] if brk else len(text.rstrip())))
    return spans


def _transcript_turns(text: str, speakers: Speakers) -> list[Span]:
    found = {m.start("label"): (m, False) for m in _LABEL.finditer(text)}
    for m in _TITLED_LABEL.finditer(text):
        found.setdefault(m.start("label"), (m, True))
    candidates = []
    # all-capitals labels of a broadcast transcript ("JAKE TAPPER:" then "TAPPER:"): a surname with two turns
    capitals = Counter(w.split()[-1] for w in (re.sub(r"\([^)]*\)", "", m.group("label")) for m, _ in found.values())
                       if w.isupper() and len(w.split()) <= 3)
    for _, (m, titled) in sorted(found.items()):
        label = m.group("label")
        words = re.sub(r"\([^)]*\)", "", label).split()
        if len(words) >= 2 or " ".join(words) in _SINGLE_LABELS or speakers.complete(words[0], m.start()) \
                or label.isupper() and len(words[0]) > 1 and capitals[words[0]] >= 2:
            titled = titled or bool(re.match(_LABEL_TITLES, label))
            candidates.append((m, titled or " ".join(words) in _SINGLE_LABELS))
    # A headline or section heading with a colon ("Budget Fight Heats Up: Council Delays Vote",
    # "Jeb Bush: Student loans") is not a speaker label: an untitled label is a transcript's only when
    # some speaker has two turns, and it looks like a name (no possessive, not all capitals, short).
    surnames = Counter(re.sub(r"\([^)]*\)", "", m.group("label")).split()[-1] for m, _ in candidates)
    repeated = any(n >= 2 for n in surnames.values())

    def name_like(label: str) -> bool:
        words = re.sub(r"\([^)]*\)", "", label).split()
        # an all-capitals label ("TAPPER:", "JOEL BENENSON:") is a broadcast transcript's when its
        # surname has two turns; a one-off one ("FULL TEXT:", "EXCLUSIVE:") is a heading
        capitals = label.isupper() and (len(words) > 3 or surnames[words[-1]] < 2)
        return (len(words) <= 5 and not capitals and not re.search(r"['’]s\b", label)
                and words[0] not in speakers.cues.not_speakers)

    labels = [m for m, strong in candidates if strong or repeated and name_like(m.group("label"))]
    out: list[Span] = []
    breaks = paragraph_breaks(text)
    longest = 1  # paragraphs of the longest turn so far: the last turn is no longer (no runaway turns)
    for k, m in enumerate(labels):
        end = labels[k + 1].start("label") if k + 1 < len(labels) else len(text)
        if k + 1 == len(labels) and k > 0:
            later = [b[0] for b in breaks if b[0] >= m.end()]
            end = later[longest - 1] if len(later) >= longest else end
        longest = max(longest, sum(m.end() <= b[0] < end for b in breaks) + 1)
        raw = re.sub(r"\s*\([^)]*\)", "", m.group("label"))
        doubled = _DOUBLED_NAME.search(raw)
        raw = f"{doubled.group(1)} {doubled.group(2)}" if doubled else raw
        if raw.isupper() and raw not in _SINGLE_LABELS:  # "JAKE TAPPER" is Jake Tapper of the text
            raw = " ".join(w.capitalize() for w in raw.split())
        name = _label_speaker(raw, labels[0].start(), speakers) if raw in _SINGLE_LABELS \
            else speakers.resolve(raw, m.start())
        if not name:
            continue
        out.append((m.start("label"), m.end(), "journalist", "", "attribution"))
        body_end = len(text[:end].rstrip())
        if body_end > m.end():
            out.append((m.end(), body_end, "source", name, "turn"))
    return out


def _label_speaker(label: str, first_label: int, speakers: Speakers) -> str:
    """Speaker of a one-word transcript label: ``Q:`` is the interviewer, ``A:`` the person named
    most often before the first label (the interviewee of "Q&A with Ann Lee"), other labels
    ("Question", "Moderator") themselves."""
    if label in _QUESTION_LABELS:
        return "interviewer"
    if label in _ANSWER_LABELS:
        named = Counter(name for pos, name in speakers.mentions if pos < first_label)
        return max(named, key=lambda n: (named[n], -next(p for p, m in speakers.mentions if m == n))) \
            if named else "interviewee"
    return label


def _who(m: re.Match[str]) -> str:
    groups = m.groupdict()
    return groups.get("who") or groups.get("who2") or groups.get("who3") or ""


def _direct_quotes(text: str, speakers: Speakers, pat: _Patterns, taken,
                   sentences: list[tuple[int, int]]) -> list[Span]:
    out: list[Span] = []
    paragraphs = paragraph_spans(text)
    prev_para, prev_speaker = None, ""
    quoted_spans = quotations(text)
    for s, e in quoted_spans:
        if taken(s):
            continue
        para = paragraph_of(paragraphs, s)
        width = 2 if text.startswith(("''", "``"), s) else 1
        inner = text[s + width:e - width] if e - s >= 2 * width else ""
        speaker, attribution = "", None
        end_para = paragraph_of(paragraphs, max(e - 1, s))  # a quote may run over paragraphs
        after = pat.after_quote.match(text, e, min(end_para[1], e + 200))
        if after and re.search(r"[.!?…]\W*$", inner) and re.match(r"\s+[A-Z]", text[e:e + 3]):
            rest = text[after.end():sentence_end(sentences, after.end(), end_para[1])].split()
            if rest and _content_ok(rest[0], " ".join(rest)):
                after = None  # '“… heart.” He said he recognizes …': a new sentence's own reported speech
        title = _is_title(inner)
        if after and not title and _is_title(inner.rstrip(" ,")):
            rest = text[after.end():sentence_end(sentences, after.end(), end_para[1])].split()
            if rest and _content_ok(rest[0], " ".join(rest)):  # 'On a “Weekend Talk,” Ann Lee said the …'
                after, title = None, True  # a show's title, then the sentence's own reported speech
        lead = text[max(para[0], s - 200):s]
        if not lead.strip() and para[0] > 1:  # a quote opening its paragraph: "Cruz continued:" ends the last one
            prev = text[max(0, para[0] - 200):para[0]].rstrip()
            lead = prev if prev.endswith(":") else lead
        before = pat.before_quote.search(lead)
        whole = not text[para[0]:s].strip() and not text[e:end_para[1]].strip(" \t.\n")
        attributed = False
        if after and speakers.is_source(_who(after)):
            speaker, attributed = speakers.resolve(_who(after), e), True
            nxt = [x for x in (text.find(q, e, end_para[1]) for q in ('"', "“", "''", "«")) if x >= 0]
            attribution = (e, sentence_end(sentences, after.end(), min(nxt, default=end_para[1])))
        elif before and speakers.is_source(_who(before)):
            speaker, attributed = speakers.resolve(_who(before), s), True
            if before.group("cue") and text.endswith(lead, 0, s):
                out += _lead_in(text, s - len(lead) + before.end("cue"), s, before.group("cue"), speaker)
        elif prev_speaker and (prev_para == para or whole and prev_para is not None
                               and not text[prev_para[1]:para[0]].strip()):
            speaker = prev_speaker  # the same paragraph, or a paragraph that is only the quote, after the last
        n_words = count_tokens(inner)
        if not speaker and n_words >= 4:  # "Carson told his supporters, “our nation is in trouble ...”"
            start = next((a for a, b in reversed(sentences) if a <= s), para[0])
            start = max(start, para[0])
            subject = pat.subject.match(text[start:s]) if start < s else None
            between = [q for q in quoted_spans if start + subject.end() <= q[0] < s] if subject else []
            if subject and speakers.is_source(subject.group("who")) and \
                    all(count_tokens(text[a:b]) < 4 for a, b in between):  # 'X called Y a “child” who is “…”'
                speaker, attributed = speakers.resolve(_subject_who(subject, speakers), start + subject.start()), True
        para = end_para
        if title:  # a quoted title ("''The Art of the Deal''") is a mention whatever precedes it
            out.append((s, e, "journalist", "", "mention"))
            continue
        if attributed or speaker or n_words >= 12 or (n_words >= 6 and re.search(r"[.!?,…]\W*$", inner)):
            out.append((s, e, "source", speaker, "direct"))
            prev_para, prev_speaker = para, speaker
        else:
            out.append((s, e, "journalist", "", "mention"))
        if attribution and speaker:
            # 'Her plan may be “strategic,” said Ann Lee.': the sentence's words before the quote are hers too
            start = max(next((a for a, b in reversed(sentences) if a <= s), para[0]), para[0])
            pre = text[start:s]
            if len(pre.split()) >= 3 and _content_ok(_first_word(pre), pre) and not _QUOTE_MARKS.search(pre) \
                    and not pat.any_cue.search(pre) and not pat.stance_cue.search(pre) and "\n" not in pre:
                out.append((start, s, "source", speaker, "indirect"))
        if attribution and attribution[1] > attribution[0]:
            # '“…,” Ann Lee said, referring to the plan.': what the participle reports is hers too
            more = pat.quote_participle.search(text, after.end() if after else attribution[0], attribution[1])
            if more and speaker and len(text[more.end():attribution[1]].split()) >= 2:
                out.append((attribution[0], more.end(), "journalist", "", "attribution"))
                out.append((more.end(), attribution[1], "source", speaker, "indirect"))
            else:
                out.append((attribution[0], attribution[1], "journalist", "", "attribution"))
    return out


_LEAD_IN = "lead-in"  # kind of a _lead_in span until the sentence's own reported speech is known (then "indirect")
# the first word of words between a cue and its quotation that are no content ("said on Monday “…”")
_NOT_LEAD_IN = {"on", "in", "at", "during", "after", "before", "to", "with", "via", "from", "for", "of", "about", "last",
                "this", "earlier", "later", "yesterday", "today", "tonight", "again", "simply", "only", "just", "also",
                "once", "then", "recently", "repeatedly", "afterward", "afterwards", "instead", "publicly", "privately"}


def _lead_in(text: str, cue_end: int, quote: int, cue: str, speaker: str) -> list[Span]:
    """The words between a cue and the quotation it introduces, as the quotation's speaker's own words:
    "Ann Lee said Bob Stone “has not done this”" and "... wrote that the plan “had a flaw”" (the content
    starts after the cue, "that" included); not an addressee ("told reporters “…”"), a comma or colon
    before the quotation ("said on Monday, “…”") or a time or place ("said in March “…”")."""
    gap = text[cue_end:quote]
    words = gap.split()
    if not speaker or not 1 <= len(words) <= 6 or re.search(r"[,:;()\[\]\-–—]", gap) \
            or words[0].lower() in _NOT_LEAD_IN or " ".join(cue.split()) in _TOLD_WORDS:
        return []
    start = cue_end + len(gap) - len(gap.lstrip())
    return [(start, quote, "source", speaker, _LEAD_IN)]


_SUBORDINATORS = r"(?:When|If|While|Although|Though|Because|As|After|Before|Since|Until|Unless|Whether|What|Why|How)"
_MINOR = {"a", "an", "the", "of", "and", "or", "in", "on", "at", "to", "for", "with", "by", "from", "de", "vs", "vs."}


def _is_title(inner: str) -> bool:
    """Whether quoted words look like a title: 2-10 words, all but minor words capitalised, no sentence end."""
    words = re.findall(r"[\w'’\-]+", inner)
    return 2 <= len(words) <= 10 and not re.search(r"[.!?,]\W*$", inner.strip()) and \
        all(w[0].isupper() or w[0].isdigit() or w.lower() in _MINOR for w in words) and words[0][0].isupper()


_RELATIVE_WORD = re.compile(r"(?<![\w'’])(?:who|which|whose|whom)(?![\w'’])")
# a name's group or role as a subject ("Sanders' team", "Clinton’s campaign manager")
_POSSESSIVE_SUBJECT = re.compile(rf"[ \t]*(?:[Tt]he[ \t]+)?{NAME}['’]s?[ \t]+(?:[a-z][\w\-]*[ \t]+){{0,2}}[a-z][\w\-]*(?=[ \t]*$)")
# the writer among a subject ("Ann Lee and I", "we and our partners"): the writer's own report, not a source
_WRITER_AMONG = re.compile(r"(?<![\w'’])(?:(?:and|&)[ \t]+(?:I|me|we|us)|(?:I|[Ww]e)[ \t]+and)(?![\w'’])")
# A sentence-opening description as a source ("The billionaire businessman says ...").
# "The deputy head of the delegation said ...": the head noun before an of-phrase.
_DESCRIPTION = re.compile(r"^[ \t]*(?:The|A|An|His|Her|Their|Its)[ \t]+(?:[\w'’.\-]+[ \t]+){0,3}?[a-z][\w'’\-]*"
                          r"(?=[ \t]*$|[ \t]+(?:of|at|for|from|in|with)[ \t][^,]*$)")
# The first word after a stance verb that shows it is not a stance ("backed away", "called off").
# "that"-only cues that are also plural nouns or mean no reporting ("his remarks loomed large", "a few states have
# yet to ...", "it means she will ..."): never without "that", even before a clause
_NOUN_LIKE = {"states", "notes", "reports", "remarks", "comments", "answers", "posts", "counters", "means", "meant",
              "estimates", "signals", "hints", "finds", "understands", "understood", "assumes", "assumed"}
_NOUN_LIKE |= {"decided", "decides", "determined", "learned"}  # a decision or a discovery is not what someone says
# the writer's reading of what someone meant ("Zelenskiy suggested he'd accept a cease-fire" is the writer's hedge)
_NOUN_LIKE |= {"suggested", "suggests", "suggest", "signalled", "signaled", "signals", "hinted", "hints", "implied",
               "implies", "indicated", "indicates", "indicate"}
# A clause with its own subject and a finite verb: what a "that"-only cue reports without "that" ("Ann Lee
# suggested the plan would fail", not "she found ways to press her agenda", "he showed no sign of ...")
_AUX = r"(?:is|are|was|were|will|would|can|could|should|must|may|might|has|have|had|do|does|did)"
_SUBJECT_CLAUSE = re.compile(rf"[\"“]?(?:(?:[Hh]e|[Ss]he|[Tt]hey|[Ii]t|[Ww]e|I|[Yy]ou|[Tt]here)(?!\w)"
                             rf"|(?!(?:himself|herself|themselves|itself|myself|ourselves)(?![\w'’]))"
                             rf"[\w$][\w'’.%$\-]*(?:[ \t]+(?!(?:{_AUX}|who|which|that|whose|whom)(?![\w'’]))[\w'’.%$\-]+){{0,8}}?)"
                             rf"(?<![ \t]and)(?<![ \t]but)(?<![ \t]or)(?<!and[ \t]never)(?<!and[ \t]then)(?<!and[ \t]also)"
                             rf"(?:[ \t]+|['’])(?:{_AUX}|(?:is|are|was|were|do|does|did|has|have|had|ca|wo|could|would|"
                             rf"should)n['’]t|s|re|ve|d|ll|[a-z]{{3,}}ed)(?![\w'’])")
# the who of a match inside an of- or by-phrase ("A study by the group Media Matters found"): the subject is before
_BY_OF = re.compile(r"(?<![\w'’])(?:by|of|for|from|with|at|in|on)[ \t]+(?:[\w'’.\-]+[ \t]+){0,4}$")
_NOT_STANCE_CONTENT = {"by", "away", "off", "down", "up", "out", "in", "back", "into", "over", "at", "from"}


def _content_ok(first: str, content: str) -> bool:
    if first[:1].isdigit() or first[:1] == "$":  # "said 2016 has seen ...", not "reported $2.17 billion in revenue"
        return _SUBJECT_CLAUSE.match(content.lstrip(" \t\"“")) is not None
    about = re.match(r"[\"“]?(?:about|at[ \t]+least|at[ \t]+most)[ \t]+(?:\$?\d|half|a[ \t]+(?:third|quarter|dozen)|one|two|three|"
                     r"four|five|six|seven|eight|nine|ten)", content)
    return (first.lower() not in _NOT_CONTENT_START or bool(about)) and len(content.split()) >= 3


# A finite verb, a subject pronoun or a contraction: a clause ("the vote was close"), not a description
# of the source ("..., according to Ann Lee, director of the office.").
_FINITE = re.compile(r"(?<![\w'’])(?:is|are|was|were|will|would|can|could|should|must|may|"
                     r"might|has|have|had|do|does|did|I|[Ww]e|[Tt]hey|[Yy]ou|[Hh]e|[Ss]he|[Ii]t|"
                     r"[Tt]here|[a-z]{3,}ed|[a-z]{2,}(?<![su'’])s|saw|got|made|took|came|went|knew|thought|felt|left|"
                     r"kept|told|gave|found|became|began|brought|held|lost|met|paid|put|ran|sent|stood|won|wrote|fell|"
                     r"led|meant|heard|understood|spent|sold|built|need|want|think|know|believe|like|feel|see)(?![\w'’])|"
                     r"['’](?:re|ve|ll|d)(?![\w'’])|n['’]t(?![\w'’])")


def _is_clause(content: str) -> bool:
    """Whether words read as a clause: a subject pronoun first, or a verb in the next 14 words (the
    first word of a noun phrase is no verb: "messages on Facebook")."""
    words = content.split()
    return bool(words) and (words[0].strip("\"“") in _PRONOUN_FIRST or bool(_FINITE.search(" ".join(words[1:15]))))


_PRONOUN_FIRST = {"I", "We", "we", "They", "they", "You", "you", "He", "he", "She", "she", "It", "it", "There", "there"}


_DOCUMENT_HEADS = frozenset({"document", "average", "averages", "plan", "proposal", "website", "site", "excerpts", "transcript",
                             "filing", "complaint", "lawsuit", "indictment", "tally", "count", "projections"})
_MEDIA = re.compile(r"\b(?:translation|transcript|recording|video|interpreter)\b", re.IGNORECASE)


def _according_speaker(who: str, speakers: Speakers, pos: int) -> str | None:
    """Speaker of ``according to WHO`` (``None``: attribution only, as for a translation)."""
    if _MEDIA.search(who):
        return None
    if _NOT_A_SPEAKER.match(who):  # a report, poll or statement: its author, else the document
        return re.sub(r"^(?:an?|the)\s+", "", who, flags=re.IGNORECASE)  # "report by Reuters", not "Reuters"
    # a document named by its head noun ("the RealClearPolitics polling average in New Hampshire", "her “clawback”
    # plan"): its words up to the head noun, not a place or a name after it
    if re.match(r"(?:an?|the|his|her|their|its)[ \t]", who):
        heads = _DOCUMENT_HEADS | speakers.cues.documents | speakers.cues.surveys
        noun = next((w for w in re.finditer(r"(?<![\w'’\-])[a-z]+(?![\w'’\-])", who) if w.group() in heads), None)
        if noun is not None:
            by = re.match(r"[ \t]+(?:by|from|of|for)[ \t]+\S", who[noun.end():])  # "an email from the union"
            doc = re.sub(r"^(?:an?|the)[ \t]+", "", who if by else who[:noun.end()])
            return re.sub(r"[\"“”]", "", doc)
    return speakers.resolve(who, pos)


_CONTINUES = re.compile(r"[)\],;]|[a-z]")


def _line_split(text: str, sentences: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sentences cut at line breaks too (a headline or dateline line is not part of the next sentence),
    and joined where the sentence splitter cut after an abbreviation inside one: a piece that starts
    with a closing bracket, a comma or a lower-case word continues the last one on its line ("Rep.
    Ann Lee (D-Mich.), a superdelegate, said ...")."""
    joined: list[tuple[int, int]] = []
    for s, e in sentences:
        if joined and _CONTINUES.match(text, s) and "\n" not in text[joined[-1][1]:s]:
            joined[-1] = (joined[-1][0], e)
        else:
            joined.append((s, e))
    out = []
    for s, e in joined:
        a = s
        for m in re.finditer(r"\n", text[s:e]):
            if text[a:s + m.start()].strip():
                out.append((a, s + m.start()))
            a = s + m.end()
        if text[a:e].strip():
            out.append((a, e))
    return out


def _reported_speech(text: str, speakers: Speakers, pat: _Patterns, blocking: list[Span],
                     sentences: list[tuple[int, int]]) -> list[Span]:
    out: list[Span] = []
    ordered = sorted(blocking)
    starts = [b[0] for b in ordered]
    for s, e in _line_split(text, sentences):
        k = bisect.bisect_left(starts, e)
        inside = [b for b in ordered[max(0, k - 8):k] if b[1] > s]
        if any(b[4] != "direct" for b in inside):
            continue
        headline = _headline(text, s, e, speakers) if not inside else []
        found = headline or _attribute_sentence(text, s, e, inside, speakers, pat)
        out += found or ([] if inside else _in_document(text, s, e, speakers, pat))
    return out


def _in_document(text: str, s: int, e: int, speakers: Speakers, pat: _Patterns) -> list[Span]:
    """A finding reported in a poll or study without a reporting verb: ``In a CNN poll released
    Monday, 38 percent of voters backed ...`` (the rest of the sentence) and ``Trump leads among men,
    49% to 41%, in the survey.`` (the sentence before it); the content must read as a clause."""
    m = pat.as_reported.match(text, s, e)
    if m and len(text[m.end():e].split()) >= 3 and speakers.is_source(m.group("who")):
        who = _according_speaker(m.group("who"), speakers, m.start("who")) or ""
        return [(m.start(), m.end(), "journalist", "", "attribution"), (m.end(), e, "source", who, "indirect")]
    m = pat.in_document.match(text, s, e)
    if m and len(text[m.end():e].split()) >= 4 and _is_clause(text[m.end():e]):
        return [(m.start(), m.end(), "journalist", "", "attribution"), (m.end(), e, "source", _document(m), "indirect")]
    m = pat.in_view.match(text, s, e)
    if m and len(text[m.end():e].split()) >= 4 and _is_clause(text[m.end():e]) and speakers.is_source(m.group("who")) \
            and (m.group("who").split()[-1].lower() in speakers.cues.source_nouns
                 or is_person_name(name := strip_titles(m.group("who")), speakers.cues)
                 and (len(name.split()) >= 2 or bool(speakers.complete(name, m.start("who"))))):
        # "To Ann Lee, the plan is a betrayal.": the rest is how she sees it
        return [(m.start(), m.end(), "journalist", "", "attribution"),
                (m.end(), e, "source", speakers.resolve(m.group("who"), m.start("who")), "indirect")]
    return _finding(text, s, e, pat) or _message(text, s, e, speakers, pat)


# the possessive before a message noun ("Their argument:", "Ann Lee's message:", "the party's leaders ...")
_OWNER = re.compile(rf"^[ \t]*(?:(?P<pron>[Tt]heir|[Hh]is|[Hh]er|[Ii]ts)|(?P<name>(?:[Tt]he[ \t]+)?{NAME})['’]s?)[ \t]+")


def _message(text: str, s: int, e: int, speakers: Speakers, pat: _Patterns) -> list[Span]:
    """What a source's message says, after a colon: ``Their argument: only a new board can act.``,
    ``Ann Lee sent the board a clear message: it must stop.`` (the sentence's subject, or the possessive
    before the noun, is the source; the content runs to the sentence's end)."""
    m = pat.message.match(text, s, e) if ":" in text[s:e] else None
    if m is None or len(text[m.end():e].split()) < 2:
        return []
    pre = m.group("pre")
    owner = _OWNER.match(pre + " ")
    who, pos = "", s
    if owner is not None and owner.group("pron"):
        who = {"their": "they", "his": "he", "her": "she", "its": "it"}[owner.group("pron").lower()]
    elif owner is not None:
        who, pos = owner.group("name"), s + owner.start("name")
    else:
        subject = pat.subject.match(text, s, m.end())
        if subject is None or subject.start("who") > s + 60:
            return []
        who, pos = _subject_who(subject, speakers), subject.start("who")
    if not who or not speakers.is_source(who):
        return []
    speaker = speakers.resolve(who, pos)
    if not speaker:
        return []
    return [(s, m.end(), "journalist", "", "attribution"), (m.end(), e, "source", speaker, "indirect")]


# where a document's finding ends inside a sentence: a dash, a semicolon, a clause of the writer's ("— but ...")
_FINDING_END = re.compile(r"[ \t]*(?:[-–—]{1,2}|;)[ \t]*|,[ \t]+(?:but|while|whereas|although|though)[ \t]|[ \t]+[-–—]+[ \t]")


_SUBORDINATE = re.compile(r"(?<![\w'’])(?:[Ii]f|[Ww]hen|[Ww]hether|[Dd]espite|[Ww]ith|[Aa]fter|[Aa]s|[Bb]ecause|[Ss]ince|"
                          r"[Ww]hile|[Tt]hough|[Aa]lthough|[Aa]mid|[Bb]efore|[Uu]nless|[Uu]ntil)[ \t]+(?:[^\s,;]+[ \t]+){0,6}$")


def _finding(text: str, s: int, e: int, pat: _Patterns) -> list[Span]:
    """A document's finding inside a sentence that attributes nothing else: ``..., after leaked emails showed
    the staff favoring her.``, ``with recent polls showing a tightening race`` (the document is the speaker;
    the content ends at the sentence's end, a dash, a semicolon or a ``, but`` clause)."""
    if pat.finding_cue.search(text, s, e) is None:  # a cheap first test: no finding verb, no finding
        return []
    m = pat.finding.search(text, s, e)
    if m is None or not _content_ok(m.group("first"), text[m.end():e]):
        return []
    stop = _FINDING_END.search(text, m.end(), e)
    end = stop.start() if stop else e
    if _SUBORDINATE.search(text, max(s, m.start() - 60), m.start()):
        # "Despite polls showing her well behind, Ann Lee campaigned ...": the main clause after the comma is the writer's
        comma = text.find(", ", m.end(), end)
        end = comma if comma >= 0 and _is_clause(text[comma + 2:end]) else end
    if len(text[m.end():end].split()) < 3:
        return []
    who = re.sub(r"^(?:an?|the)[ \t]+", "", " ".join(m.group("who").split()), flags=re.IGNORECASE)
    that = re.search(r"[ \t]that[ \t]+$", m.group())
    cut = m.start() + that.start() + 1 if that else m.end()
    return [(m.start(), cut, "journalist", "", "attribution"), (cut, end, "source", who, "indirect")]


def _document(m: re.Match[str]) -> str:
    """The poll or study of an :func:`_in_document` match as a speaker ("CNN/ORC poll")."""
    return re.sub(r"^(?:an?|the)[ \t]+", "", " ".join(m.group("who").split()), flags=re.IGNORECASE)


# an attribution inside a relative clause ("The plan, which Ann Lee said would fail, passed")
_RELATIVE_BEFORE = re.compile(r",[ \t]+(?:which|who|whom|that)[ \t]+$")
# a relative pronoun right before a source and its cue: the object of what the source said ("which officials said
# will fail", "what Ann Lee said she expected")
_RELATIVE_OBJECT = re.compile("(?<![\\w'’])" + "".join(rf"(?<!{w}[ \t])" for w in _PREPOSITION[3:-1].split("|"))
                              + r"(?:which|what)(?=[ \t]+$)")
# the main clause going on after a relative clause's content: a comma and a verb ("..., voted against it")
_MAIN_CLAUSE_GOES_ON = re.compile(r",[ \t]+(?:(?:also|then|later|now|still|quickly)[ \t]+)?(?:[a-z]{2,}ed|is|are|was|were|has|"
                                  r"have|had|will|would|can|could|did|does|do|says|said|told|won|lost|made|took|went|"
                                  r"became|got|gave|ran|left|kept|held|met)(?![\w'’])")
# where reported content ends before the writer's own words go on
_CONTENT_END = re.compile(r",[ \t]+according[ \t]+to[ \t]")
_CONJUNCTION = re.compile(r"(?:and|but|while|whereas|although|though|yet)[ \t]+")
# the start of a coordinated clause that may attribute content of its own
_NEXT_CLAUSE = re.compile(r"(?:[,;][ \t]+(?:and|but|while|whereas|although|though|yet|as)|[ \t]+(?:but|while|whereas))[ \t]+")


_HEADLINE = re.compile(rf"[ \t]*(?P<who>{NAME}(?:[ \t]+[a-z]+)?)[ \t]*:[ \t]+(?=\S)")


def _headline(text: str, s: int, e: int, speakers: Speakers) -> list[Span]:
    """A headline line ``Sanders: Brexit's message could draw Trump support`` (the whole line):
    the label is a source only when it names a person of the text or is a source noun ("Poll:",
    "Clinton camp:"), so "Budget Fight Heats Up: Council Delays Vote" stays the writer's."""
    line_end = text.find("\n", s)
    line_end = len(text) if line_end < 0 else line_end
    if (s > 0 and text[s - 1] != "\n") or text[e:line_end].strip():
        return []
    m = _HEADLINE.match(text, s, e)
    if not m:
        return _title_headline(text, s, e, speakers)
    if len(m.group("who").split()) > 5 or len(text[m.end():e].split()) < 3:
        return []
    who = m.group("who")
    last = word_key(who.split()[-1])
    surname = who.split()[-1]
    named_elsewhere = any(full.split()[-1] == surname and not s <= start < e for start, full, _ in speakers.full_names)
    known = named_elsewhere or last in speakers.cues.source_nouns \
        or last in speakers.cues.documents
    if not known or not speakers.is_source(who):
        return []
    later = [full for start, full, _ in speakers.full_names if full.split()[-1] == surname and not s <= start < e]
    speaker = later[0] if len(who.split()) == 1 and later else speakers.resolve(who, m.start("who"))
    return [(m.start("who"), m.end(), "journalist", "", "attribution"), (m.end(), e, "source", speaker, "indirect")]


def _title_headline(text: str, s: int, e: int, speakers: Speakers) -> list[Span]:
    """A title-case headline line with a capitalised cue: ``Ann Lee Says The Talks Will Fail`` (the words after
    the cue are the source's); only on a line whose longer words are nearly all capitalised."""
    words = [w for w in re.findall(r"[A-Za-z][\w'’\-]*", text[s:e]) if len(w) >= 4]
    if len(words) < 4 or sum(w[0].isupper() for w in words) < 0.8 * len(words):
        return []
    m = _title_cue(speakers.cues).match(text, s, e)
    if not m or len(text[m.end():e].split()) < 2 or not speakers.is_source(m.group("who")):
        return []
    return [(m.start("who"), m.end(), "journalist", "", "attribution"),
            (m.end(), e, "source", speakers.resolve(m.group("who"), m.start("who")), "indirect")]


@lru_cache(maxsize=8)
def _title_cue(cues: Cues) -> re.Pattern[str]:
    """A headline's source (a few capitalised words, the fewest first) and its capitalised cue ("Says", "Calls For")."""
    # a cue of the third person or the past ("Says", "Warned", "Calls For"; not "Show", a noun as often as a verb)
    words = {" ".join(x.capitalize() for x in w.split()) for w in cues.speech | cues.that_only | cues.stance
             if re.search(r"(?:s|ed)$", w.split()[0]) or w.split()[0] in ("said", "told", "wrote", "thought", "knew", "found")}
    # an adverb is no part of the source ("Ann Lee Just Announced", "Candidates Resoundingly Reject")
    adverb = r"(?:\S*ly|Just|Now|Finally|Also)[ \t]"
    who = rf"(?!{adverb}){CAP}"
    return re.compile(rf"[ \t]*(?P<who>{who}(?:[ \t]+{who}){{0,4}}?)(?:[ \t]+(?={adverb}){CAP})?[ \t]+"
                      rf"{alternation(frozenset(words))}[ \t]+(?=\S)")


def _attribute_sentence(text: str, s: int, e: int, inside: list[Span], speakers: Speakers,
                        pat: _Patterns) -> list[Span]:
    """Reported speech of the sentence ``text[s:e]`` (``inside``: the direct quotes in it)."""
    cues = speakers.cues
    out: list[Span] = []
    seeing = bool(cues.seeing_as) and " as " in text[s:e] and pat.seeing_cue.search(text, s, e) is not None  # "see X as Y"
    reporting = stance = False
    for hit in pat.cue_word.finditer(text, s, e):  # one scan: is there a reporting cue, else a stance cue?
        words = hit.group().split()  # "complained about" (a stance) holds "complained" (a reporting cue)
        reporting, stance = any(" ".join(words[:k]) in pat.reporting for k in range(1, len(words) + 1)), True
        if reporting:
            break
    if not stance and not seeing:
        return out  # no cue word: no construction below can match
    first_quote = min((b[0] for b in inside), default=e)
    sent = text[s:e]
    def free(m: re.Match[str] | None) -> bool:  # the cue is before any direct quote of the sentence
        return m is not None and s + m.end() <= first_quote and \
            len(re.sub(r"\S+", "x", "".join(text[max(a, s + m.end()):b] for a, b in
                                             _gaps([(q[0], q[1]) for q in inside], s + m.end(), e))).split()) >= 2

    def add(m: re.Match[str], who: str, pos: int, lead: int | None = None, relative: bool = False) -> None:
        """The attribution of ``m`` (from ``lead``, default its start) and its content, up to a second one."""
        # "that" opens the content clause: it belongs to the content, as annotators mark it
        that = re.search(r"(?<![\w'’])that[ \t]+$", sent[m.start():m.end()])
        cut = s + m.start() + that.start() if that else s + m.end()
        cue = m.groupdict().get("cue")
        to = re.match(r"[ \t]+(?=to[ \t]+[a-z])", sent[m.end("cue"):]) if cue and " ".join(cue.split()) in cues.infinitive \
            else None
        if to is not None:  # "Ann Lee plans to visit Ohio": the infinitive is the content, not an object "to visit"
            cut = s + m.end("cue") + to.end()
        relword = _RELATIVE_OBJECT.search(sent, max(0, m.start() - 8), m.start()) if lead is None else None
        if relword is not None:  # "the plan, which officials said will fail": "which" stands for what they said
            out.append((s + relword.start(), s + relword.end(), "source", speakers.resolve(who, pos, remember=False),
                        "indirect"))
        outer = pat.outer.search(sent, 0, m.start()) if lead is None and m.start() > 0 else None
        if outer is not None and speakers.is_source(outer.group("who")) and not relative:
            # "Ann Lee told reporters she believed that ...": the inner source and cue are what she told them
            out.append((s + outer.start(), s + outer.end(), "journalist", "", "attribution"))
            out.append((s + m.start(), cut, "source", speakers.resolve(outer.group("who"), s + outer.start()), "indirect"))
        else:
            start = s + m.start() if lead is None else lead
            inner = pat.relative_inside.search(text, start, cut) if ", who " in text[start:cut] else None
            if inner is not None:  # "Ann Lee, who said she votes for the party, said ...": what the relative reports
                out.append((start, inner.start("content"), "journalist", "", "attribution"))
                out.append((inner.start("content"), inner.end("content"), "source",
                            speakers.resolve(who, pos, remember=False), "indirect"))
                start = inner.end("content")
            out.append((start, cut, "journalist", "", "attribution"))
        second = next_attribution(m.end())
        end = s + second[0] if second else e
        aside = _CONTENT_END.search(text, cut, end)  # "..., according to a poll released Thursday": the writer's
        end = aside.start() if aside and not any(q[0] < end and q[1] > aside.start() for q in inside) else end
        if relative or _RELATIVE_BEFORE.search(sent, max(0, m.start() - 12), m.start()):
            # "Ann Lee, who said the plan would fail, voted against it": the main clause goes on after a comma
            main = _MAIN_CLAUSE_GOES_ON.search(text, cut, end)
            end = main.start() if main else end
        author = _author(text, s + m.start("who"), who, speakers) if m.groupdict().get("who") == who else None
        out.append((cut, end, "source", author or speakers.resolve(who, pos), "indirect"))
        if second:  # "Ann Lee said the plan would fail, but Bob Stone said it would pass": his part is his
            add(second[1], second[1].group("who"), s + second[1].start(), s + second[0])

    def next_attribution(pos: int) -> tuple[int, re.Match[str]] | None:
        """A second clause of the sentence after ``pos`` that attributes its own content (after a comma and a
        conjunction, or "but"/"while"/"whereas"): where it starts and its match."""
        for c in _NEXT_CLAUSE.finditer(sent, pos):
            for pattern in (pat.with_that, pat.without_that):
                m2 = pattern.match(sent, c.end())
                if m2 is not None and s + m2.end() <= first_quote and speakers.is_source(m2.group("who")) \
                        and (pattern is pat.with_that or content_fits(m2)):
                    return c.start(), m2
        return None

    def first(pattern: re.Pattern[str], ok=lambda m: True) -> re.Match[str] | None:
        """The first match whose source is a source ("When asked ..., Ted Cruz said": not "When")
        and that passes ``ok``, or a first-person one (the writer's own reporting stops the search)."""
        pos = 0
        while (m := pattern.search(sent, pos)) is not None:
            who = m.group("who")
            if sent.startswith(",", m.end("who")) and _AFTER_PREPOSITION.search(sent, max(0, m.start() - 12), m.start()):
                # "sanctions on Russia, co-chaired by ..., urges": the object of a preposition is no subject
                pos = max(m.end("who"), m.start() + 1)
                continue
            if _AFTER_ACCORDING.search(sent, max(0, m.start() - 16), m.start()):  # "According to the President,
                comma = sent.find(",", m.start())  # Olaf Scholz expressed ...": not the President's clause
                pos = comma + 1 if comma >= 0 else len(sent)
                continue
            if speakers.is_source(who) and ok(m) or who.lower() in ("i", "we", "you"):
                return m
            # try again after its source: a match that failed may hide one inside it ("And on Tuesday,
            # Ann Lee, the county treasurer, said that ...": not "Tuesday" with two appositions)
            apposition = sent.startswith(",", m.end("who")) and m.end() > m.end("who") + 1
            pos = max(m.end("who"), m.start() + 1) if apposition else m.end()
        return None

    def content_fits(m: re.Match[str]) -> bool:  # "records show, and experts say it is ...": the second
        cue = " ".join(m.group("cue").split())
        head = m.group("who").split()[-1].lower()
        return (_content_ok(m.group("first"), sent[m.end():]) or m.group("first") == "to" and cue in cues.infinitive
                or head in cues.documents and re.match(r"\d", m.group("first")) is not None) \
            and (cue not in cues.that_only or head in cues.documents
                 or cue not in _NOUN_LIKE and _SUBJECT_CLAUSE.match(sent, m.end()) is not None
                 and not _BY_OF.search(sent, max(0, m.start("who") - 60), m.start("who")))

    def quote_stance() -> list[Span]:
        """'He backed Ann Lee over Bob Stone and said, “…”': the stance's object, up to the quotation or the next cue."""
        m = first(pat.stance) if cues.stance else None
        if m and s + m.end() < first_quote and m.group("first").lower() not in _NOT_STANCE_CONTENT \
                and speakers.is_source(m.group("who")):
            nxt = [x.start() for x in (pat.participle.search(sent, m.end()), pat.and_said.search(sent, m.end())) if x]
            stop = min(first_quote, s + min(nxt, default=e - s))
            if len(text[s + m.end():stop].split()) >= 2:
                out.append((s + m.start(), s + m.end(), "journalist", "", "attribution"))
                out.append((s + m.end(), stop, "source", speakers.resolve(m.group("who"), s + m.start()), "indirect"))
        return out

    def last_resort() -> list[Span]:
        """A verb of seeing something as something, a naming verb ("called Y “…”"), or a stance verb."""
        m = first(pat.seeing) if seeing else None
        if m and s + m.end() <= first_quote and speakers.is_source(m.group("who")) \
                and m.group("first").lower() not in _NOT_CONTENT_START:
            add(m, m.group("who"), s + m.start())
            return out
        m = first(pat.naming) if reporting else None  # the naming verbs are reporting cues
        if m and s + m.end() <= first_quote:
            add(m, m.group("who"), s + m.start())
            return out
        m = first(pat.stance) if cues.stance else None
        if m and s + m.end() <= first_quote and m.group("first").lower() not in _NOT_STANCE_CONTENT \
                and len(sent[m.end():].split()) >= 2 and speakers.is_source(m.group("who")):
            add(m, m.group("who"), s + m.start())  # "He criticized Clinton's record": the object is the content
        return out

    if not reporting:  # only a stance or a verb of seeing: the constructions of reporting verbs cannot match
        return quote_stance() if inside else last_resort()
    m = pat.parenthetical.search(sent)
    if m and s + m.end() <= first_quote and speakers.is_source(_who(m)):
        name = speakers.resolve(_who(m), s + m.start())
        out.append((s, s + m.start(), "source", name, "indirect"))
        c = _CONJUNCTION.match(sent, m.end())
        for pattern in (pat.with_that, pat.without_that) if c else ():
            m2 = pattern.match(sent, c.end()) if c else None
            if m2 is not None and s + m2.end() <= first_quote and speakers.is_source(m2.group("who")) \
                    and (pattern is pat.with_that or content_fits(m2)):
                # "The plan will fail, Ann Lee said, but Bob Stone argued it would pass": the rest is his
                add(m2, m2.group("who"), s + m2.start(), s + m.start())
                return out
        out.append((s + m.start(), s + m.end(), "journalist", "", "attribution"))
        out.append((s + m.end(), e, "source", name, "indirect"))
        return out
    m = pat.cue_after.search(sent) or pat.finding_after.search(sent)
    if m and all(q[1] <= s + m.start() for q in inside) \
            and (_content_ok(_first_word(sent), sent[:m.start()]) or len(sent[:m.start()].split()) >= 7) \
            and speakers.is_source(_who(m)):
        # 'This is a “raw time,” said Ann Lee.': the quotes in the content stay direct, and hers
        name = speakers.resolve(_who(m), s + m.start())
        quoted = [(q[0], q[1]) for q in inside]
        out += [(a, b, "source", name, "indirect") for a, b in _gaps(quoted, s, s + m.start()) if re.search(r"\w", text[a:b])]
        out += [(q[0], q[1], "source", name, "direct") for q in inside if not q[3]]
        out.append((s + m.start(), e, "journalist", "", "attribution"))
        return out
    has_that = _THAT_WORD.search(sent) is not None  # with_that and with_that_far need it
    m = first(pat.with_that) if has_that else None
    if free(m) and m is not None:
        if speakers.is_source(m.group("who")):
            add(m, m.group("who"), s + m.start())
        return out  # first-person reporting ("I said that") stays in the writer's voice
    m = first(pat.without_that, content_fits)
    if free(m) and m is not None and speakers.is_source(m.group("who")) and content_fits(m):
        add(m, m.group("who"), s + m.start())
        return out
    m = first(pat.with_that_far) if has_that else None
    if free(m) and m is not None:
        if speakers.is_source(m.group("who")):
            add(m, m.group("who"), s + m.start())
        return out
    # "Ann Lee wants to run again": the infinitive is what she wants (after the other reporting constructions)
    m = first(pat.infinitive) if " to " in sent else None
    if free(m) and m is not None and speakers.is_source(m.group("who")):
        add(m, m.group("who"), s + m.start())
        return out
    m = pat.participle.search(sent)
    subject = pat.subject.match(sent)
    if m is not None and (subject is None or subject.end() > m.start()):
        subject = pat.subject_first.match(sent)  # "Ann Lee left early, telling the crowd that ...": not "telling"
    if free(m) and m is not None and subject and subject.end() <= m.start() \
            and (_content_ok(sent[m.end():].split(maxsplit=1)[0].strip("\"“"), sent[m.end():])
                 # "..., hoping to win.": the last clause (not "Ann Lee, hoping to win, called ...")
                 or (m.group("cue") or "") in cues.infinitive and re.match(rf"to[ \t]+{_INFINITIVE_VERB}", sent[m.end():])
                 and "," not in sent[m.end():]) \
            and speakers.is_source(subject.group("who")):  # not "..., adding to his wins"
        name = _subject_who(subject, speakers)
        st = pat.stance.match(sent, subject.start("who")) if cues.stance else None
        if st is not None and st.end() < m.start() and st.group("who") == subject.group("who"):
            # "Ann Lee praised the plan, noting ...": what she praised is hers too
            out.append((s + st.start(), s + st.end(), "journalist", "", "attribution"))
            out.append((s + st.end(), s + m.start(), "source", speakers.resolve(name, s + st.start(), remember=False),
                        "indirect"))
        add(m, name, s + subject.start())
        return out
    m = pat.according.search(sent)
    if m and re.match(r"(?:which|whom|whose)(?![\w'’])", m.group("who")):
        m = None  # "the worldview, according to which the Poles ...": the antecedent, not a source
    quoted = [(q[0], q[1]) for q in inside]
    if m and not any(a < s + m.end() and b > s + m.start() for a, b in quoted):
        # "According to X, ...", "..., according to X.", "..., according to X, ..." (quotes in it stay direct)
        cut = m.end() + (1 if sent[m.end():m.end() + 1] == "," else 0)
        if m.start() > 0 and re.match(r"[ \t]*(?:who|which|whose|although|though|but|while|whereas|even)\b", sent[cut:]):
            cut = len(sent)  # "..., according to Ann Lee, who ...", "..., although ...": not hers
        elif re.match(r"[ \t]+[(\-–—]", sent[m.end():]):
            cut = len(sent)  # "..., according to exit polls (a sizable margin ...)": the writer's aside
        elif m.start() > 0 and len(sent[cut:].split()) < 12 and not _is_clause(sent[cut:]) \
                and re.match(r"[ \t]*(?:an?[ \t]|the[ \t]|[a-z]+[ \t]+(?:of|at|for|to)[ \t])", sent[cut:]):
            cut = len(sent)  # "..., according to Ann Lee, director of the office.": her description
        out.append((s + m.start(), s + cut, "journalist", "", "attribution"))
        who = _according_speaker(m.group("who").strip(), speakers, s + m.start())
        if who is not None:
            for a, b in _gaps(quoted, s, s + m.start()) + _gaps(quoted, s + cut, e):
                if re.search(r"\w", text[a:b]):
                    out.append((a, b, "source", who, "indirect"))
            out += [(q[0], q[1], "source", who, "direct") for q in inside if not q[3]]  # its quotes too
        return out
    if inside:
        return quote_stance()
    m = pat.relative.search(sent) if _COMMA_WHO.search(sent) else None
    if m and speakers.is_source(m.group("who")):
        add(m, m.group("who"), s + m.start(), relative=True)
        return out
    m = pat.long_subject.search(sent)
    if m and m.group("subj").endswith(",") and not _RELATIVE_WORD.search(m.group("subj")):
        m = None  # only a relative clause ends a subject with a comma ("Some voters who have ..., said")
    if m and _WRITER_AMONG.search(m.group("subj")):
        return out  # "Thus, President Xi Jinping and I have agreed to ...": the writer is among them, the writer's
    heads = list(pat.head.finditer(m.group("subj"))) if m else []
    head = heads[0] if heads else None
    if head is not None and not speakers.is_source(head.group()):
        # a later person or description in the subject ("Following ... in Iowa, insiders said"), not a place
        head = next((h for h in heads[1:] if speakers.is_source(h.group()) and (
            h.group().split()[-1].lower() in cues.source_nouns or len(h.group().split()) >= 2
            and is_person_name(strip_titles(h.group()), cues))), head)
    if m and head and not speakers.is_source(head.group()) and _DESCRIPTION.match(m.group("subj")):
        head = _DESCRIPTION.match(m.group("subj"))  # "The actress said ...": a description is the source
    if m and head and not speakers.is_source(head.group()) and _POSSESSIVE_SUBJECT.match(m.group("subj")):
        head = _POSSESSIVE_SUBJECT.match(m.group("subj"))  # "Sanders' team said ...": the team
    doc = pat.document.search(m.group("subj")) if m and " ".join(m.group("cue").split()) not in cues.speech else None
    if m and doc and (head is None or head.group().split()[-1].lower() not in cues.documents) \
            and _content_ok(m.group("first"), sent[m.end():]) and not _AFTER_PREPOSITION.search(m.group("subj")[:doc.start()]):
        # "A University poll out this week shows ...", "A new batch of emails released this week showed ...": the
        # document that opens the subject is the source of a finding cue
        name = re.sub(r"^(?:an?|the)[ \t]+", "", doc.group("doc"), flags=re.IGNORECASE)
        add(m, name, s + m.start())
        return out
    first_ok = m is not None and (_content_ok(m.group("first"), sent[m.end():]) or re.search(r"[ \t]that[ \t]+$", m.group())
                                  is not None and len(sent[m.end():].split()) >= 3)  # "showed that during ..."
    normal = m and head and first_ok and speakers.is_source(head.group()) and (
        " ".join(m.group("cue").split()) in cues.speech or head.group().split()[-1].lower() in cues.documents)
    if m and not normal and re.search(r"[ \t]that[ \t]+$", m.group()) \
            and len(m.group("subj").split()) <= 6 and " ".join(m.group("cue").split()) in cues.that_only \
            and _content_ok(m.group("first"), sent[m.end():]):
        # "Recent polling shows that ...", "Footage from the game shows that ...": a finding's subject is its
        # source; not a word that is never one ("There are states that ...": a noun, no cue)
        subj = re.sub(r"^(?:The|A|An)[ \t]+", "", m.group("subj").strip())
        if subj.split()[:1] and subj.split()[0] not in cues.not_speakers | {"I", "We", "You"}:  # "We must show that"
            cut = s + m.end() - len(m.group()) + m.group().rstrip().rfind("that")
            name = speakers.resolve(subj, s + m.start()) if speakers.resolve(subj, -1, remember=False) else subj
            out.append((s + m.start("subj"), cut, "journalist", "", "attribution"))
            out.append((cut, e, "source", name, "indirect"))
            return out
    if normal and m and head:
        add(m, head.group(), s + m.start())
        return out
    return last_resort()

# the author of a statement ("Ann Lee issued a statement saying ...", "Lee's campaign released a statement")
_ISSUED = re.compile(rf"(?<![\w'’])(?P<subj>[Hh]e|[Ss]he|[Tt]hey|(?:[Tt]he[ \t]+)?{NAME}(?:['’]s)?(?:[ \t]+[a-z]+)?)"
                     rf"(?:[ \t]*\([^()\n]{{1,20}}\))?[ \t]+(?:(?:also|later|then|quickly)[ \t]+)?"
                     rf"(?:issued|released|put[ \t]+out|sent[ \t]+out|posted)[ \t]+$")
_ISSUED_DOCUMENTS = ("statement", "statements", "letter", "memo", "video", "report")


def _author(text: str, pos: int, who: str, speakers: Speakers) -> str | None:
    """Who issued the document ``who`` at ``pos`` ("she issued a statement saying ..." -> her), if said."""
    words = who.split()
    if len(words) > 2 or not words or words[-1].lower() not in _ISSUED_DOCUMENTS:
        return None
    m = _ISSUED.search(text, max(0, pos - 100), pos)
    if m is None or not speakers.is_source(m.group("subj")):
        return None
    return speakers.resolve(m.group("subj"), m.start("subj")) or None


def _first_word(sent: str) -> str:
    """The first word of a sentence after an opening conjunction ("But that is not enough, ..." -> "that")."""
    words = sent.split(maxsplit=2)
    if len(words) >= 2 and words[0].lower() in ("but", "and", "yet", "so", "still"):
        return words[1]
    return words[0] if words else ""


def _subject_who(m: re.Match[str], speakers: Speakers) -> str:
    """The subject of a :attr:`_Patterns.subject` match: a name before a description set off by
    commas ("Ted Nordhaus, co-founder of the institute, welcomed ...") rather than the description."""
    named = m.groupdict().get("named")
    if named and m.group("who")[:1].islower() and speakers.is_source(named) \
            and is_person_name(strip_titles(named), speakers.cues):
        return named
    return m.group("who")


def _gaps(spans: list[tuple[int, int]], a: int, b: int) -> list[tuple[int, int]]:
    """The parts of [a, b) outside ``spans``."""
    out, pos = [], a
    for s, e in sorted(spans):
        if s > pos:
            out.append((pos, min(s, b)))
        pos = max(pos, e)
    if pos < b:
        out.append((pos, b))
    return [(x, y) for x, y in out if y > x]


def _index(spans: list[Span]):
    """``(a, b) -> bool``: whether [a, b) overlaps one of ``spans`` (non-overlapping, any order)."""
    ordered = sorted((a, b) for a, b, *_ in spans)
    starts = [a for a, _ in ordered]

    def overlaps(a: int, b: int) -> bool:
        k = bisect.bisect_left(starts, b) - 1
        return k >= 0 and ordered[k][1] > a
    return overlaps


def _language_cues(text: str, language: str | None, cues: Cues | None) -> tuple[str, Cues]:
    """The document's language (given, else detected) and the cue lexicon to read it with:
    ``cues`` when it is of that language, else the built-in one (English for other languages)."""
    if language is None:
        from ..language import detect_language

        language = detect_language(text)
    if language not in SLAVIC:
        return language, cues if cues is not None and cues.language not in SLAVIC else load_cues()
    return language, cues if cues is not None and cues.language == language else load_cues(language=language)


def voice_spans(text: str, *, institution: str = "", cues: Cues | None = None,
                language: str | None = None) -> pd.DataFrame:
    """Cut ``text`` into voice spans covering it exactly: ``start, end, voice, speaker, kind``.

    ``institution``: the text is an official document published by that speaker (a president's
    address on the president's own site): the writer's own text gets ``voice="institution"``,
    ``speaker=institution`` and kind ``institution`` instead of ``journalist``/``narration``.

    ``language``: ``en``, ``ru`` or ``uk`` (ISO 639-1; default: detected with
    :func:`framing.language.detect_language`). Russian and Ukrainian texts are read with their
    own cue lexicons and constructions (:mod:`framing.voices.slavic`); ``cues`` is used for the
    documents of its own language. Other languages are read as English.

    >>> voice_spans("«Переговоры продолжатся», — заявил Песков.", language="ru").values.tolist()[:2]
    [[0, 24, 'source', 'Песков', 'direct'], [24, 42, 'journalist', '', 'attribution']]

    >>> t = '“We hold the line,” she said. She added that talks may resume.'
    >>> voice_spans('Ann Lee spoke. ' + t)[["voice", "speaker", "kind"]].values.tolist()
    ... # doctest: +NORMALIZE_WHITESPACE
    [['journalist', '', 'narration'], ['source', 'Ann Lee', 'direct'],
     ['journalist', '', 'attribution'], ['journalist', '', 'narration'], ['journalist', '', 'attribution'],
     ['source', 'Ann Lee', 'indirect']]
    >>> voice_spans("We will rebuild.", institution="Volodymyr Zelenskyy").values.tolist()
    [[0, 16, 'institution', 'Volodymyr Zelenskyy', 'institution']]
    """
    return pd.DataFrame(_span_rows(text, institution, cues, language), columns=SPAN_COLUMNS)


def _colon_blocks(text: str, speakers: Speakers, pat: _Patterns, found: list[Span]) -> list[Span]:
    """A paragraph after one that ends ``Ann Lee wrote:`` (a source and a cue, then a colon) and that
    is no quotation: the source's words set off without quotation marks (a block quotation, kind ``direct``)."""
    out: list[Span] = []
    taken = _index(found)
    paragraphs = paragraph_spans(text)
    for (a, b), (c, d) in zip(paragraphs, paragraphs[1:]):
        if not text[a:b].rstrip().endswith(":"):
            continue
        m = pat.before_quote.search(text[max(a, b - 200):b].rstrip())
        start = len(text[c:d]) - len(text[c:d].lstrip())
        if m is None or not m.group("who") or not speakers.is_source(m.group("who")) or len(text[c:d].split()) < 4 \
                or _QUOTE_MARKS.match(text, c + start) or text.startswith("<", c + start) or taken(c, d):
            continue
        speaker = speakers.resolve(m.group("who"), max(a, b - 200) + m.start("who"))
        if speaker:
            out.append((c + start, d, "source", speaker, "direct"))
    return out


def _according_outer(text: str, found: list[Span], sentences: list[tuple[int, int]], speakers: Speakers,
                     pat: _Patterns) -> list[Span]:
    """An attribution inside what ``according to X`` reports: "According to a poll, most voters say they ..."
    and "“…,” Ann Lee said, according to CNN." (the poll reports that voters say it, CNN that she said it): the
    inner attribution's words become X's content; the inner content keeps its own speaker."""
    attributions = [f for f in found if f[2] == "journalist" and f[4] == "attribution"]
    if not attributions or "ccording" not in text:
        return found
    starts = [a for a, _ in sentences]
    source_at = _index([f for f in found if f[2] == "source"])
    changed: dict[Span, list[Span]] = {}
    for f in attributions:
        k = bisect.bisect_right(starts, f[0]) - 1
        if k < 0:
            continue
        s, e = sentences[k]
        m = pat.according.search(text, s, e)
        if m is None or not source_at(s, e) or source_at(m.start(), m.end()):
            continue
        a0 = m.start()
        a1 = m.end() + (1 if text.startswith(",", m.end()) else 0)
        who = _according_speaker(m.group("who").strip(), speakers, m.start())
        if not who:
            continue
        pieces: list[Span] = []
        for a, b in _gaps([(a0, a1)], f[0], f[1]):
            word = re.search(r"\w", text[a:b])
            # only a source and its cue ("Ann Lee said", "most voters say"), before the according clause or in a
            # sentence that opens with it; not a description of X after it (", an analyst at the firm")
            if word is None or a >= a1 and a0 > s + len(text[s:a0]) - len(text[s:a0].lstrip()) \
                    or len(text[a:b].split()) > 10 or not pat.any_cue.search(text, a, b):
                continue
            lead = a + word.start()
            tail = len(text[lead:b].rstrip(" \t,.;:"))
            pieces += [(a, lead, "journalist", "", "attribution")] if lead > a else []
            pieces.append((lead, lead + tail, "source", who, "indirect"))
            pieces += [(lead + tail, b, "journalist", "", "attribution")] if lead + tail < b else []
        if pieces:
            inside = [(max(a0, f[0]), min(a1, f[1]), "journalist", "", "attribution")] if a0 < f[1] and a1 > f[0] else []
            changed[f] = pieces + inside
    found = [g for f in found for g in changed.get(f, [f])] if changed else found
    return found + _according_opening(text, found, sentences, speakers, pat)


def _according_opening(text: str, found: list[Span], sentences: list[tuple[int, int]], speakers: Speakers,
                       pat: _Patterns) -> list[Span]:
    """A sentence that opens with ``According to X,`` and holds an attribution of its own: the words after the
    clause that no span holds yet are X's too ("According to exit polls, majorities of voters in five states say
    they feel betrayed": the voters' saying is what the polls report)."""
    covered = _index(found)
    sources = _index([f for f in found if f[2] == "source"])
    out: list[Span] = []
    for s, e in sentences:
        m = pat.according.match(text, s + len(text[s:e]) - len(text[s:e].lstrip()), e)
        if m is None or not text.startswith(",", m.end()):
            continue
        a1 = m.end() + 1
        if not sources(a1, e) or covered(m.start(), a1):
            continue
        who = _according_speaker(m.group("who").strip(), speakers, m.start())
        if not who:
            continue
        taken = sorted((max(f[0], a1), min(f[1], e)) for f in found if f[0] < e and f[1] > a1)
        gaps = [(a, b) for a, b in _gaps(taken, a1, e) if re.search(r"\w", text[a:b])]
        if gaps:
            out.append((m.start(), a1, "journalist", "", "attribution"))
            out += [(a, b, "source", who, "indirect") for a, b in gaps]
    return out


def _span_rows(text: str, institution: str, cues: Cues | None, language: str | None) -> list[Span]:
    """The rows of :func:`voice_spans` (a list: :func:`corpus_voice_spans` builds one table of all)."""
    language, cues = _language_cues(text, language, cues)
    text = text.replace("\xa0", " ")  # same length: offsets stay those of the input
    if language in SLAVIC:
        from .slavic import slavic_spans

        found = slavic_spans(text, cues)
        reported = [f for f in found if f[4] != "direct" and f[4] != "mention"]
        found = [f for f in found if f[4] in ("direct", "mention")]
    else:
        pat = _patterns(cues)
        speakers = Speakers(text, cues, quoted=quotations(text))
        found = _transcript_turns(text, speakers)
        turns = [f for f in found if f[4] == "turn"]
        sentences = sentence_spans(text)
        found += _direct_quotes(text, speakers, pat, lambda pos: _index(turns)(pos, pos + 1), sentences)
        found += _colon_blocks(text, speakers, pat, found)
        blocking = [f for f in found if f[4] not in ("mention", _LEAD_IN)]
        reported = _reported_speech(text, speakers, pat, blocking, sentences)
        # words between a cue and its quotation: the quotation's speaker's, unless the sentence said otherwise
        taken = _index(reported)
        found = [f if f[4] != _LEAD_IN else (*f[:4], "indirect") for f in found
                 if f[4] != _LEAD_IN or not taken(f[0], f[1])]
    inside = _index([r for r in reported if r[2] == "source" and r[4] != "direct"])
    given = {(r[0], r[1]) for r in reported if r[4] == "direct"}  # quotes whose speaker the sentence gave
    found = [f for f in found if not (f[4] == "mention" and inside(f[0], f[1])) and (f[0], f[1]) not in given]
    found += reported
    if language not in SLAVIC:
        found = _according_outer(text, found, sentences, speakers, pat)
    found.sort()
    rows: list[Span] = []
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
    if institution:
        rows = [(s, e, "institution", institution, "institution" if k == "narration" else k) if v == "journalist"
                else (s, e, v, sp, k) for s, e, v, sp, k in rows]
    return rows


def corpus_voice_spans(corpus: pd.DataFrame, *, institutions: Mapping[str, str] | None = None,
                       cues: Cues | None = None) -> pd.DataFrame:
    """:func:`voice_spans` of every document: ``doc_id`` + the span columns (compute once, reuse).

    ``institutions`` maps an ``outlet`` to the speaker whose own site it is (``{"kremlin.ru":
    "Vladimir Putin"}``): documents of that outlet get the ``institution`` voice for the writer's
    text (see :func:`voice_spans`). Other outlets, and corpora without an ``outlet`` column, keep
    the journalist voice. A ``language`` column (en, ru, uk) gives each document's language;
    without one (or where it is empty) the language is detected.

    >>> corpus = pd.DataFrame({"doc_id": ["a"], "text": ['"Not now," Ann Lee said.']})
    >>> corpus_voice_spans(corpus)[["doc_id", "voice", "speaker"]].values.tolist()[0]
    ['a', 'source', 'Ann Lee']
    """
    institutions = dict(institutions or {})
    outlets = corpus["outlet"] if "outlet" in corpus.columns and institutions else [None] * len(corpus)
    languages = ([lang if isinstance(lang, str) and lang else None for lang in corpus["language"]]
                 if "language" in corpus.columns else [None] * len(corpus))
    rows = [(doc_id, *span)
            for doc_id, text, outlet, lang in zip(corpus["doc_id"], corpus["text"], outlets, languages)
            for span in _span_rows(text, institutions.get(str(outlet), "") if outlet is not None else "", cues, lang)]
    return pd.DataFrame(rows, columns=["doc_id", *SPAN_COLUMNS])
