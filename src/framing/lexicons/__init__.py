"""Lexicons: versioned YAML data files, validated on load, with a content hash.

The format (every key but ``name, version, description, categories`` is optional)::

    name: hedging
    version: 1.0.0
    description: Expressions that weaken the speaker's commitment to a claim.
    definition: What counts as a hit, and why (the construct).
    examples: ["Zelenskiy suggested he'd accept a cease-fire."]
    limits: Known blind spots and false positives.
    sources: ["Hyland, K. (1998). Hedging in Scientific Research Articles."]
    licence: CC BY 4.0
    negation: {window: 4, negators: [refuse], after: [unacceptable], exceptions: ["not only"]}  # or `negation: false`
    exclusions:                 # hits inside these spans are dropped
      - "{military,economic} might"
      - {regex: '\\bin May\\b', case_sensitive: true}
    sets:                       # named phrase lists for `requires: {near: "@name"}`
      territory: [territor*, land, region*, "{front,contact} line"]
    categories:
      ceding:
        description: Giving up territory.
        definition: What the category counts; examples and limits may be given too.
        requires: {near: "@territory", window: 6}     # for every term of the category
        terms:
          - cede*
          - {term: existing realities, requires: {near: [land, "@territory"], window: 8}}
      epistemic:
        description: Epistemic possibility.
        terms: [perhaps]        # terms directly in the category (subcategory "")
        subcategories:
          modal:
            terms:
              - {term: may, exclude: ["in May"]}    # whole word, any case; per-term exclusions
              - "{may,might} well"                  # {a,b} expands to several terms
              - "suggest*"                          # trailing * = any word ending
              - {term: US, case_sensitive: true}
              - {term: "n km", regex: '\\d+ km'}    # a regular expression, labelled
              - {term: "need Donbass", negation: false}
              - {term: "red line", negated: true}   # always negated

A user file may start with ``extends: hedging`` to add categories and terms to a built-in
lexicon (and override its other keys). Errors name the file, the line and the fix (duplicate terms with both
lines, bad regex, unknown keys, YAML booleans and numbers such as an unquoted ``no``, ``on`` or ``1945``:
quote them); a file with several problems raises :class:`framing.errors.LexiconErrors` listing them all.
LIWC ``.dic``, quanteda YAML and plain word lists are read
and written by :mod:`framing.lexicons.interchange` (``framing lexicon convert``).

Languages (see ``docs/lexicon-format.md``): ``language: ru`` (ISO 639-1, default ``en``) and
``match: lemma`` (Russian and Ukrainian: every inflected form of a term's words; default
``word``) at the top; a term may say ``match: word`` to match its surface form only. A
lexicon's language versions are files ``NAME.LANG.yaml`` beside ``NAME.yaml`` with the same
``name:``; ``load_lexicon(name, language="ru")`` loads one.

``requires`` (on a term, or on a category or subcategory for all its terms; a term's own wins):
a hit counts only if one of the ``near`` phrases (same syntax as terms: ``{a,b}`` alternatives, a
trailing ``*``; ``"@name"`` inserts a set) occurs within ``window`` words (1-50) of it, either side,
not overlapping it, in the same sentence (:func:`framing.text.sentence_spans`; a paragraph break
ends one). Hits that fail are dropped (:mod:`framing.match.context`), after overlaps are resolved:
a longer hit that fails does not give way to a shorter one.

``negation`` (defaults in ``negation.yaml``): ``window`` (0-20) words before a hit in which one of
``negators`` (added to the defaults) negates it, ``after_window`` words after it for the ``after``
phrases, ``enabled: false`` to turn negation off, and ``scare_quotes: true`` (default false) to mark
a hit negated when the matched term stands directly inside quote marks ('cede', “concessions”,
"land for peace"). The scope ends at clause breaks and at the end of a sentence or paragraph;
quote marks do not end it, nor does an insert of at most 4 words between commas right after a
negator (or after it and one more word): "will not, under any circumstances, cede". ``exceptions``
(added to the defaults) are phrases that start with a negator but do not negate ("not only").
``far_negators`` (a lexicon's own) negate up to ``far_window`` words (0-20) before a hit in its clause,
the other negators only ``window``: refusal verbs govern their whole complement ("rejected any attempt
to force Ukraine to surrender territory").
A term with ``negation: false`` is never negated; one with ``negated: true`` is a refusal by
itself ("a red line", "appeasement") and is always negated.

>>> from framing.lexicons import load_lexicon
>>> lex = load_lexicon("hedging")
>>> lex.name, len(lex.sha256)
('hedging', 64)
"""

from __future__ import annotations

from .format import LEMMA_LANGUAGES, Lexicon, Term, builtin_names, expand_braces, lexicon_languages, load_lexicon, load_lexicons, parse_lexicon

__all__ = ["LEMMA_LANGUAGES", "Lexicon", "Term", "builtin_names", "expand_braces", "lexicon_languages", "load_lexicon",
           "load_lexicons", "parse_lexicon"]
