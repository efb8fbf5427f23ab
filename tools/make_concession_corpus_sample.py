"""Draw the sentences of data/gold/concession_corpus_tune.csv (a TUNING-ONLY concession set) from the
bundled press releases, before they are coded.

Run from the project root (the ``lexicon`` stratum is the hits of concession 2.2.0, the version
before the set was made, so pass that file to reproduce the draw):

    git show 57a8fc8:src/framing/lexicons/data/concession.yaml > /tmp/concession-2.2.0.yaml
    PYTHONPATH=src python tools/make_concession_corpus_sample.py OUT.csv /tmp/concession-2.2.0.yaml

Sentences (framing.text.sentence_spans of each release's body) are de-duplicated by text, and
every sentence that shares 50 characters with any sentence of concession_dev.csv or
concession_v2.csv (tuning or held-out part) is left out, so no gold sentence, held-out ones
above all, is drawn again. The rest fall into four strata, drawn in this order (a sentence is
in the first that takes it), each ordered by sha256 of its text and the first N taken:

* ``lexicon`` (all): hits of the concession lexicon 2.2.0 (its precision and negation; pass its file);
* ``narrow`` (150): a concession-like word (the naive 19-term list, compromise, negotiable,
  partition, divide, recognition, realities) and a territory word in the same sentence;
* ``broad`` (80): a territory, withdrawal, recognition or negotiation word;
* ``random`` (40): any other sentence of 8 words or more;

then, as a second draw (the first gave too few concession sentences, 31 of 297), from the
sentences not yet drawn:

* ``dense`` (200): a territory word (territory, land, Crimea, Donbas, occupied, border,
  sovereignty, integrity, front/contact line) and a word of transfer, recognition, division,
  compromise, status, freezing, withdrawal or talks in the same sentence (all 139 there were);

and a third draw, still too few (47 of 436):

* ``narrow2`` (150): the next 150 of the ``narrow`` stratum not yet drawn (all 82 there were);

and a fourth draw aimed at the codebook's constructions (48 concession sentences so far):

* ``targeted`` (all): every sentence not yet drawn with a word or phrase of a codebook
  construction (cede, concession, compromise, give up/away, hand over, land for peace, trading
  or swapping land, realities, freeze, recognising Crimea or an annexation, the status of a
  territory, partition, dividing a country, peaceful or diplomatic return or de-occupation,
  Istanbul, sovereignty over, red line, appeasement, negotiable, bargaining, territorial issues,
  cease-fire lines, 23/24 February). Written from the codebook, not from the lexicon's terms.

The sentences are then coded by hand (by the project's language-model coder, following
data/gold/concession-codebook.md); this script only draws them. Its output has empty labels.
"""

from __future__ import annotations

import hashlib
import re
import sys

import pandas as pd

from framing.lexicons import load_lexicon
from framing.paths import data_dir
from framing.text import sentence_spans
from framing.validate import predict_sentences

SHINGLE = 50
N = {"narrow": 150, "broad": 80, "random": 40}
N_DENSE = 200
N_NARROW2 = 150
TERRITORY = re.compile(
    r"\b(territor\w*|land|lands|crimea\w*|sevastopol|donbas+|donetsk|luhansk|lugansk|kherson|zaporizh\w*|"
    r"occupied|occupation|annex\w*|border\w*|front ?line|line of contact|contact line|region|regions|"
    r"sovereignty|integrity|islands?|kuril\w*|districts?|karabakh|kosovo)\b", re.I)
CONCESSIONISH = re.compile(
    r"\b(cede\w*|ceding|concession\w*|give up|gave up|giving up|land for peace|compromis\w*|hand\w* over|"
    r"surrender\w*|trad\w+|freez\w*|frozen|recogni[sz]\w*|realit\w*|withdraw\w*|partition\w*|divi[sd]\w*|"
    r"status|negotiable|exchange|swap\w*|return\w*|restor\w*|regain\w*|de-?occup\w*|ceasefire|cease-fire|"
    r"truce|demilitari\w*|neutral\w*)\b", re.I)
DENSE_TERRITORY = re.compile(
    r"\b(territor\w*|land|lands|crimea\w*|sevastopol|donbas+|occupied|border\w*|sovereignty|integrity|"
    r"front ?line|line of contact|contact line)\b", re.I)
DENSE_MOVE = re.compile(
    r"\b(cede\w*|ceding|concession\w*|compromis\w*|give (up|away)|gave (up|away)|giving (up|away)|given (up|away)|"
    r"hand\w* over|recogni[sz]\w*|trade|trading|exchange|swap\w*|divid\w*|division|split\w*|partition\w*|"
    r"transfer\w*|realit\w*|freez\w*|frozen|status|negotia\w*|peaceful\w*|diplomac\w*|diplomatic\w*|dialogue|"
    r"talks|withdraw\w*|ceasefire|cease-fire|truce|armistice)\b", re.I)
TARGET = re.compile(
    r"\b(cede\w*|ceding|cession|concession\w*|compromis\w*|(give|gave|giving|given) (up|away|back)|hand(s|"
    r"ed|ing)? over|surrender\w* (territor|land|crimea|donbas)|land for peace|(exchange|swap|"
    r"trade)\w* (territor|land)|realities|reality on the ground|freez\w*|frozen|recogni[sz]\w* (crimea|"
    r"the (annexation|occupation|loss|new)|russia's sovereignty)|status of (crimea|donbas|the)|"
    r"partition\w*|(divide|split)\w* (ukraine|the country|europe|poland)|(peaceful|diplomatic|"
    r"political)\w*.{0,40}(return|restor|de-?occup|reintegrat)|(return|restor|de-?occup|"
    r"reintegrat)\w*.{0,60}(peaceful|diplomat|negotiat|talks|dialogue)|istanbul|sovereignty over|red line|"
    r"appeas\w*|negotiable|for sale|bargain\w*|territorial (issue|question|dispute)|ceasefire (along|"
    r"on the line)|line of contact|contact line|february 2[34])", re.I)
BROAD = re.compile(
    r"\b(territor\w*|crimea\w*|donbas+|occupied|annex\w*|border\w*|front ?line|withdraw\w*|recogni[sz]\w*|"
    r"negotiat\w*|talks|settlement|ceasefire|cease-fire|istanbul|minsk|sovereignty)\b", re.I)


def _norm(text: str) -> str:
    return " ".join(text.split())


def _shingles(text: str) -> set[str]:
    t = _norm(text).lower()
    return {t[i:i + SHINGLE] for i in range(0, max(1, len(t) - SHINGLE + 1))}


def _key(text: str) -> str:
    return hashlib.sha256(("concession-corpus-tune:" + text).encode("utf-8")).hexdigest()


def corpus_sentences() -> pd.DataFrame:
    rows, seen = [], set()
    for name in ("putin.csv", "zelenskyy.csv"):
        table = pd.read_csv(data_dir() / "raw" / "press-releases" / name)
        for link, body in zip(table["link"], table["body"].fillna("").astype(str)):
            for s, e in sentence_spans(body):
                text = _norm(body[s:e])
                if text and text not in seen:
                    seen.add(text)
                    rows.append({"source": link, "text": text})
    return pd.DataFrame(rows)


def main(out: str, lexicon: str) -> None:
    gold_shingles: set[str] = set()
    for name in ("concession_dev.csv", "concession_v2.csv"):
        for text in pd.read_csv(data_dir() / "gold" / name)["text"].fillna("").astype(str):
            gold_shingles |= _shingles(text)
    sents = corpus_sentences()
    fresh = sents[[not (_shingles(t) & gold_shingles) for t in sents["text"]]].reset_index(drop=True)
    fresh = fresh.assign(order=[_key(t) for t in fresh["text"]]).sort_values("order", kind="stable")
    texts = fresh["text"].tolist()
    lexicon_hit = predict_sentences(texts, load_lexicon(lexicon)).astype(bool)
    stratum = []
    for text, lex in zip(texts, lexicon_hit):
        if lex:
            stratum.append("lexicon")
        elif TERRITORY.search(text) and CONCESSIONISH.search(text):
            stratum.append("narrow")
        elif BROAD.search(text):
            stratum.append("broad")
        elif len(text.split()) >= 8:
            stratum.append("random")
        else:
            stratum.append("")
    fresh["stratum"] = stratum
    parts = [fresh[fresh["stratum"] == "lexicon"]]
    parts += [fresh[fresh["stratum"] == s].head(n) for s, n in N.items()]
    first = pd.concat(parts)
    rest = fresh.drop(index=first.index)
    dense = rest[[bool(DENSE_TERRITORY.search(t) and DENSE_MOVE.search(t)) for t in rest["text"]]].head(N_DENSE)
    parts.append(dense.assign(stratum="dense"))
    rest = rest.drop(index=dense.index)
    parts.append(rest[rest["stratum"] == "narrow"].head(N_NARROW2).assign(stratum="narrow2"))
    rest = rest.drop(index=parts[-1].index)
    parts.append(rest[[bool(TARGET.search(t)) for t in rest["text"]]].assign(stratum="targeted"))
    sample = pd.concat(parts).sort_values("order", kind="stable").reset_index(drop=True)
    sample.insert(0, "item", [f"c{i:04d}" for i in range(len(sample))])
    sample = sample[["item", "source", "stratum", "text"]].assign(concession="", negated="", hedged="")
    sample.to_csv(out, index=False, lineterminator="\n")
    print(f"{len(sents)} sentences, {len(fresh)} share no 50 characters with a gold sentence; "
          f"drawn: {sample['stratum'].value_counts().to_dict()} -> {out}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else "concession")
