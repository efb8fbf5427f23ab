"""Write the stored tuning/held-out split of every gold set (data/gold/splits/*.split.csv).

Run from the project root:  PYTHONPATH=src python tools/make_gold_splits.py
The split depends only on item ids and labels (see framing.gold_split); rerunning it
reproduces the same files, and tests/test_gold_split.py checks that.
"""

from framing.gold_split import SPLITS, compute_split, split_file

for name in SPLITS:
    table = compute_split(name)
    path = split_file(name)
    path.parent.mkdir(parents=True, exist_ok=True)
    table.to_csv(path, index=False, lineterminator="\n")
    print(f"{path}: {(table['part'] == 'tune').sum()} tune, {(table['part'] == 'heldout').sum()} heldout")
