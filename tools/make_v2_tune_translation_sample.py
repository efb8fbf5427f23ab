"""Write the English sentences of concession_v2.csv's TUNING part that were translated into Russian and Ukrainian.

Run from the project root:  PYTHONPATH=src python tools/make_v2_tune_translation_sample.py OUT.csv
From the TUNING part of concession_v2.csv only (framing.gold_split; never a held-out item, so never
an item of concession_v2_heldout_ru/uk.csv): every sentence coded concession, negated or hedged,
and, within each stratum, as many sentences coded none of the three as that stratum has positives,
the first in sha256 order of their item ids (salted), chosen from ids and labels only. The
translations (data/gold/concession_v2_tune_ru.csv, _uk.csv) were made from this list by this
project's language-model translator, labels carried over; they are tuning data only.
"""

import hashlib
import sys

import pandas as pd

from framing.gold_split import gold_part

tune = gold_part("concession_v2.csv", "tune")
tune["_key"] = [hashlib.sha256(("v2-tune-translation-sample:" + i).encode()).hexdigest() for i in tune["item"]]
tune = tune.sort_values("_key")
positive = (tune["concession"] == 1) | (tune["negated"] == 1) | (tune["hedged"] == 1)
negatives = [tune[~positive & (tune["stratum"] == s)].head(n) for s, n in tune[positive]["stratum"].value_counts().items()]
sample = pd.concat([tune[positive], *negatives]).sort_values("item")
sample.drop(columns="_key").to_csv(sys.argv[1], index=False, lineterminator="\n")
print(f"{sys.argv[1]}: {len(sample)} sentences, {int(sample['concession'].sum())} concession, "
      f"{int(sample['negated'].sum())} negated, {int(sample['hedged'].sum())} hedged")
