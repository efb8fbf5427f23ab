"""The cue lexicon of voice attribution, read from a data file (``cues.yaml`` by default).

A cue lexicon lists the words that attribute content to a source: ``speech`` verbs (with or
without "that", before or after the content), ``that_only`` cues (only with "that":
"A poll shows that ..."), ``infinitive`` cues whose content may be ``to ...`` ("vowed to fight"),
``progressive`` forms ("is telling"), ``participles`` after the sentence's subject
("..., saying ..."), ``documents`` that take finding cues without "that" ("A poll shows ..."),
``auxiliaries`` allowed between source and cue ("has long insisted"), ``stance`` verbs whose
object is what the source holds ("criticized Clinton's record", "called for a ban"),
``surveys`` that report a finding without a verb ("In a CNN poll released Monday, 38 percent ..."),
``seeing_as`` verbs whose content is "X as Y" ("Democrats see him as a threat"),
``findings``: what a document shows anywhere in a sentence ("after leaked emails showed ...",
"with polls showing ..."), ``message_nouns`` before a colon ("Their argument: ...", "Ann Lee sent
the board a clear message: ..."),
``source_nouns`` that head a non-name source ("the county treasurer", "officials"),
``determiners``, ``not_speakers`` (capitalised words that are never a speaker: "Sunday",
"Cold War", "Must Read") and first names with a usual gender (for "he"/"she").

Russian and Ukrainian cue lexicons are ``cues.ru.yaml`` and ``cues.uk.yaml`` (``language: ru``,
``match: lemma``: verbs and nouns are listed as lemmas, so "заявил", "заявила" and "заявили"
all count as ``заявить``). They add ``according`` ("по словам", "за словами"), ``as_words``
("как", "як"), ``complementizers`` ("что", "що"), ``rest_cues`` (verbs whose content follows
without a complementizer: "назвать", "призвать"), ``about_this`` ("об этом", "про це") for
"Об этом заявил Песков" after the content, third-person ``male_pronouns``, ``female_pronouns``,
``plural_pronouns``, ``first_person`` and ``not_person`` (places and organisations).

>>> cues = load_cues()
>>> "said" in cues.speech and "suggested" in cues.that_only and "Sunday" in cues.not_speakers
True
>>> "заявить" in load_cues(language="ru").speech
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from ..errors import LexiconError, ParameterError

CUES_FILE = Path(__file__).parent / "cues.yaml"
_LISTS = ("speech", "that_only", "infinitive", "progressive", "participles", "documents",
          "auxiliaries", "source_nouns", "determiners", "not_speakers",
          "female_names", "male_names")
_OPTIONAL = ("stance", "surveys", "seeing_as", "findings", "message_nouns")  # lists an older or a user's cue file may lack
# Lists of the lemma-matched (Russian, Ukrainian) cue lexicons; optional in an English one.
_LEMMA_LISTS = ("according", "as_words", "complementizers", "rest_cues", "about_this", "male_pronouns",
                "female_pronouns", "plural_pronouns", "first_person", "not_person")


@dataclass(frozen=True)
class Cues:
    """A loaded cue lexicon (word lists as frozensets; ``version`` and ``source`` for manifests)."""

    version: str
    source: str
    speech: frozenset[str]
    that_only: frozenset[str]
    infinitive: frozenset[str]
    progressive: frozenset[str]
    participles: frozenset[str]
    documents: frozenset[str]
    auxiliaries: frozenset[str]
    source_nouns: frozenset[str]
    determiners: frozenset[str]
    not_speakers: frozenset[str]
    female_names: frozenset[str]
    male_names: frozenset[str]
    stance: frozenset[str] = frozenset()
    surveys: frozenset[str] = frozenset()
    seeing_as: frozenset[str] = frozenset()
    findings: frozenset[str] = frozenset()
    message_nouns: frozenset[str] = frozenset()
    language: str = "en"
    match: str = "word"
    according: frozenset[str] = frozenset()
    as_words: frozenset[str] = frozenset()
    complementizers: frozenset[str] = frozenset()
    rest_cues: frozenset[str] = frozenset()
    about_this: frozenset[str] = frozenset()
    male_pronouns: frozenset[str] = frozenset()
    female_pronouns: frozenset[str] = frozenset()
    plural_pronouns: frozenset[str] = frozenset()
    first_person: frozenset[str] = frozenset()
    not_person: frozenset[str] = frozenset()


def alternation(words: frozenset[str] | set[str]) -> str:
    """A regex alternation of ``words``, longest first, spaces matching any run of blanks.

    >>> alternation({"said", "pointed out"})
    '(?:pointed[ \\\\t]+out|said)'
    """
    parts = sorted(words, key=lambda w: (-len(w), w))
    pieces = [r"[ \t]+".join(re.escape(p) for p in w.split()) for w in parts]
    if len(pieces) <= 20:
        return "(?:" + "|".join(pieces) + ")"
    # a long list: grouped by first letter behind a look-ahead, so that the regex engine tries one group per
    # position instead of every word (the same matches, longest first within a group; much faster)
    groups: dict[str, list[str]] = {}
    for word, piece in zip(parts, pieces):
        groups.setdefault(word[0].lower(), []).append(piece)
    out = []
    for first, alts in groups.items():
        ahead = re.escape(first) if first == first.upper() else f"[{first}{first.upper()}]"
        out.append(f"(?={ahead})(?:{'|'.join(alts)})")
    return "(?:" + "|".join(out) + ")"


def cues_file(language: str = "en") -> Path:
    """The built-in cue lexicon of ``language`` (``cues.yaml`` for English, ``cues.ru.yaml``...).

    >>> cues_file("uk").name
    'cues.uk.yaml'
    """
    path = CUES_FILE if language == "en" else CUES_FILE.with_name(f"cues.{language}.yaml")
    if not path.is_file():
        known = sorted(["en", *(p.name.split(".")[1] for p in CUES_FILE.parent.glob("cues.*.yaml"))])
        raise ParameterError(f"language={language!r} has no built-in cue lexicon; use one of {known} "
                             "or pass your own file with load_cues(path)")
    return path


def load_cues(path: str | Path | None = None, *, language: str = "en") -> Cues:
    """Read a cue lexicon YAML file (default: the built-in one of ``language``: en, ru or uk)."""
    path = Path(path) if path is not None else cues_file(language)
    return _load(str(path))


@lru_cache(maxsize=8)
def _load(path: str) -> Cues:
    try:
        raw = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise LexiconError(path, f"cannot read the cue lexicon ({exc})", fix="pass a readable YAML file") from exc
    if not isinstance(raw, dict):
        raise LexiconError(path, "a cue lexicon must be a mapping", fix=f"give it the keys {', '.join(_LISTS)}")
    lists: dict[str, frozenset[str]] = {}
    for key in _LISTS + _OPTIONAL:
        value = raw.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise LexiconError(path, f"`{key}` must be a list of words", fix="write it as [word, word, ...]")
        lists[key] = frozenset(" ".join(v.split()) for v in value)
    if not lists["speech"]:
        raise LexiconError(path, "`speech` is empty", fix="list at least one reporting verb (said)")
    language, match = str(raw.get("language", "en")), str(raw.get("match", "word"))
    if match not in ("word", "lemma"):
        raise LexiconError(path, f"`match: {match}` is not a matching mode", fix="write match: word or match: lemma")
    if match == "lemma":  # lemmas are compared in lower case, with ё as е
        lists = {k: v if k in ("not_speakers", "female_names", "male_names") else
                 frozenset(w.lower().replace("ё", "е") for w in v) for k, v in lists.items()}
    extra: dict[str, frozenset[str]] = {}
    for key in _LEMMA_LISTS:
        value = raw.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise LexiconError(path, f"`{key}` must be a list of words", fix="write it as [word, word, ...]")
        extra[key] = frozenset(" ".join(v.lower().replace("ё", "е").split()) for v in value)
    return Cues(version=str(raw.get("version", "")), source=path,
                that_only=lists.pop("that_only") - lists["speech"], **lists,
                language=language, match=match, **extra)
