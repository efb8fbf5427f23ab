"""Write the English sentences of concession_corpus_tune.csv that were translated into Russian and Ukrainian.

Run from the project root:  PYTHONPATH=src python tools/make_corpus_tune_translation_sample.py OUT.csv
concession_corpus_tune.csv is all tuning (press-release sentences sharing no 50 characters with any
sentence of concession_v2.csv or concession_dev.csv, coded by this project's language-model coder).
From it: every sentence coded concession, and as many sentences coded not concession, preferring hard
negatives: those whose English text names territory, war, talks or sovereignty (HARD below), the first
in sha256 order of their item ids (salted). The translations (data/gold/concession_corpus_tune_ru.csv,
_uk.csv) were made from this list by this project's language-model translator, labels carried over;
they are tuning data only.
"""

import hashlib
import re
import sys

import pandas as pd

from framing.gold_split import gold_part

# words of the codebook's "does not count" neighbourhood: territory, war, talks, sovereignty
HARD = re.compile(r"territor|negotiat|\btalks\b|cease-?fire|truce|crimea|donbas|occup|border|sovereign|\bland\b|"
                  r"concession|compromise|peace|front|withdraw|troops|liberat|annex|region|integrity", re.IGNORECASE)

corpus = gold_part("concession_corpus_tune.csv", "all")
corpus["_key"] = [hashlib.sha256(("corpus-tune-translation-sample:" + i).encode()).hexdigest() for i in corpus["item"]]
corpus = corpus.sort_values("_key")
positive = corpus["concession"] == 1
hard = corpus["text"].str.contains(HARD)
negatives = pd.concat([corpus[~positive & hard], corpus[~positive & ~hard]]).head(int(positive.sum()))
sample = pd.concat([corpus[positive], negatives]).sort_values("item")
sample.drop(columns="_key").to_csv(sys.argv[1], index=False, lineterminator="\n")
print(f"{sys.argv[1]}: {len(sample)} sentences, {int(sample['concession'].sum())} concession, "
      f"{int(sample['negated'].sum())} negated, {int(sample['hedged'].sum())} hedged, "
      f"{int((~positive & hard).sum())} hard negatives available")
