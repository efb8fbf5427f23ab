"""Write 50 English hard negatives of concession_v2.csv's TUNING part that were translated into Russian and Ukrainian.

Run from the project root:  PYTHONPATH=src python tools/make_v2_tune_hard_negatives_sample.py OUT.csv
From the TUNING part of concession_v2.csv only (framing.gold_split; never a held-out item): sentences coded
none of concession, negated and hedged, not already in concession_v2_tune_ru.csv (the same items as _uk), whose
English text names territory, war, talks or sovereignty (HARD, as tools/make_corpus_tune_translation_sample.py),
the first 50 in sha256 order of their item ids (salted). They check the precision of the Russian and Ukrainian
lexicons on news-like sentences of the strata the held-out news sentences come from. The translations
(data/gold/concession_v2_tune_neg_ru.csv, _uk.csv) were made from this list by this project's language-model
translator, labels carried over; they are tuning data only.
"""

import hashlib
import re
import sys

import pandas as pd

from framing.gold_split import gold_part
from framing.paths import gold_dir

HARD = re.compile(r"territor|negotiat|\btalks\b|cease-?fire|truce|crimea|donbas|occup|border|sovereign|\bland\b|"
                  r"concession|compromise|peace|front|withdraw|troops|liberat|annex|region|integrity", re.IGNORECASE)

tune = gold_part("concession_v2.csv", "tune")
done = set(pd.read_csv(gold_dir() / "concession_v2_tune_ru.csv")["item"])
none = (tune["concession"] == 0) & (tune["negated"] == 0) & (tune["hedged"] == 0)
tune = tune[none & ~tune["item"].isin(done) & tune["text"].str.contains(HARD)].copy()
tune["_key"] = [hashlib.sha256(("v2-tune-negatives-sample:" + i).encode()).hexdigest() for i in tune["item"]]
sample = tune.sort_values("_key").head(50).sort_values("item")
sample.drop(columns="_key").to_csv(sys.argv[1], index=False, lineterminator="\n")
print(f"{sys.argv[1]}: {len(sample)} sentences, strata {sample['stratum'].value_counts().to_dict()}")
