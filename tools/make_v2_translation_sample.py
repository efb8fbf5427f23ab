"""Write the English sentences of concession_v2.csv that were translated into Russian and Ukrainian.

Run from the project root:  PYTHONPATH=src python tools/make_v2_translation_sample.py OUT.csv
From the HELD-OUT part of concession_v2.csv only (framing.gold_split): every concession sentence,
then the first 20 hedged and the first 35 other sentences in sha256 order of their item ids (salted),
80 in all. The translations (data/gold/concession_v2_heldout_ru.csv, _uk.csv) were made from this list
by this project's language-model translator, labels carried over; nobody tuned a lexicon on them.
"""

import hashlib
import sys

import pandas as pd

from framing.gold_split import gold_part

held = gold_part("concession_v2.csv", "heldout")
held["_key"] = [hashlib.sha256(("v2-translation-sample:" + i).encode()).hexdigest() for i in held["item"]]
held = held.sort_values("_key")
sample = pd.concat([held[held["concession"] == 1],
                    held[(held["concession"] == 0) & (held["hedged"] == 1)].head(20),
                    held[(held["concession"] == 0) & (held["hedged"] == 0)].head(35)]).sort_values("item")
sample.drop(columns="_key").to_csv(sys.argv[1], index=False, lineterminator="\n")
print(f"{sys.argv[1]}: {len(sample)} sentences, {int(sample['concession'].sum())} concession, {int(sample['hedged'].sum())} hedged")
