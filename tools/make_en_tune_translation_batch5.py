"""Write the English TUNING sentences translated into Russian and Ukrainian for round 8's error analysis (batches 5, 6).

Run from the project root:  PYTHONPATH=src python tools/make_en_tune_translation_batch5.py OUT.csv [6]
Tuning parts only (framing.gold_split; never a held-out item), none already in a Russian translation
(concession_v2_tune_ru, _tune_neg_ru, concession_corpus_tune_ru, concession_en_tune_translated_ru):
every concession sentence of concession_synthetic_tune.csv left (31), and 40 non-concession hard negatives (English
text naming territory, war, talks or sovereignty: HARD of tools/make_corpus_tune_translation_sample.py): 12 of
concession_synthetic_tune.csv, 15 of concession_v2.csv's tuning part and 13 of concession_corpus_tune.csv, each the
first in sha256 order of its item ids (salted). The translations (stratum batch5 of
data/gold/concession_en_tune_translated_ru.csv, _uk.csv) were made from this list by this project's language-model
writer (issue 21 round 8), English labels carried over; tuning data only. The Ukrainian file also got batch 4 (the
items of the Russian batch 4, translated into Ukrainian in round 8).
Batch 6 (second argument 6, run after batch 5 was in the files): a precision check of round 8's edits, the next 20 hard
negatives of concession_v2.csv's tuning part and the next 20 of concession_corpus_tune.csv in the same order; v0776 was
left out of the files (its Russian translation shares a 50-character formula with a held-out sentence; no edit came from it).
"""

import hashlib
import re
import sys

import pandas as pd

from framing.gold_split import gold_part
from framing.paths import gold_dir

HARD = re.compile(r"territor|negotiat|\btalks\b|cease-?fire|truce|crimea|donbas|occup|border|sovereign|\bland\b|"
                  r"concession|compromise|peace|front|withdraw|troops|liberat|annex|region|integrity", re.IGNORECASE)
DONE = ("concession_v2_tune_ru.csv", "concession_v2_tune_neg_ru.csv", "concession_corpus_tune_ru.csv",
        "concession_en_tune_translated_ru.csv")
done = set(pd.concat([pd.read_csv(gold_dir() / f, usecols=["item"]) for f in DONE])["item"])


def ordered(name: str) -> pd.DataFrame:
    table = gold_part(name, "tune")
    table = table[~table["item"].isin(done)].copy()
    table["_key"] = [hashlib.sha256(("en-tune-translation-batch5:" + i).encode()).hexdigest() for i in table["item"]]
    table["source"] = name
    return table.sort_values("_key")


def hard_negatives(table: pd.DataFrame, n: int) -> pd.DataFrame:
    return table[(table["concession"] == 0) & table["text"].str.contains(HARD)].head(n)


if sys.argv[2:] == ["6"]:
    parts = [hard_negatives(ordered("concession_v2.csv"), 20), hard_negatives(ordered("concession_corpus_tune.csv"), 20)]
else:
    synthetic = ordered("concession_synthetic_tune.csv")
    parts = [synthetic[synthetic["concession"] == 1], hard_negatives(synthetic, 12),
             hard_negatives(ordered("concession_v2.csv"), 15), hard_negatives(ordered("concession_corpus_tune.csv"), 13)]
columns = ["item", "source", "text", "concession", "negated", "hedged"]
sample = pd.concat(parts)[columns]
sample.to_csv(sys.argv[1], index=False, lineterminator="\n")
print(f"{sys.argv[1]}: {len(sample)} sentences, {int(sample['concession'].sum())} concession, "
      f"{int(sample['negated'].sum())} negated, {int(sample['hedged'].sum())} hedged")
