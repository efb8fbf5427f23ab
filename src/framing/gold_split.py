"""A fixed, documented split of each gold set into a tuning part and a held-out part.

Lexicons are written while looking at the tuning part only; the validity gate
(``tests/test_gate.py``) scores the held-out part only. The split is decided from the items'
ids and labels alone, never from their text: within each stratum (the cells of
:data:`SPLITS` ``strata``), items are ordered by ``sha256(SALT + key)`` and every second one
(the 2nd, 4th, ...) is held out. The split is stored in ``data/gold/splits/<set>.split.csv``
(key columns and ``part``); :func:`split_gold` recomputes it, and a test checks that both agree.

>>> import pandas as pd
>>> t = pd.DataFrame({"item": ["a", "b", "c", "d"], "label": [1, 1, 0, 0]})
>>> split_gold(t, key=["item"], strata=["label"]).tolist()
['heldout', 'tune', 'tune', 'heldout']
"""

from __future__ import annotations

import hashlib
from collections.abc import Hashable
from pathlib import Path
from typing import Literal, TypedDict

import pandas as pd

from .errors import InputError, ParameterError, value_invalid_msg
from .paths import gold_dir

SALT = "framing-gold-split-v1:"
PARTS = ("tune", "heldout")


class _Spec(TypedDict):
    key: list[str]
    strata: list[str]


class SplitSpec(_Spec, total=False):
    whole: Literal["tune", "heldout"]  # the whole set is in this part (no split is drawn)


# Per gold set: the columns that identify an item, the strata the split is balanced within, and
# ``whole`` for a set that lies entirely in one part.
# concession_dev.csv is all tuning (the old concession lexicon was written on all of it).
SPLITS: dict[str, SplitSpec] = {
    "concession_v2.csv": {"key": ["item"], "strata": ["stratum", "concession", "negated", "hedged"]},
    "wiki_uncertainty_dev.csv": {"key": ["doc_id", "sent_id"], "strata": ["is_uncertain"]},
    "concession_dev.csv": {"key": ["item"], "strata": [], "whole": "tune"},
    # Russian and Ukrainian translations of concession_dev.csv (same items d000..d349, English labels):
    # the same key, strata and labels give both the same split, so no sentence's translation sits in
    # the other part. (The English concession_dev.csv is all tuning for the English lexicons.)
    "concession_dev_ru.csv": {"key": ["item"], "strata": ["concession", "negated", "hedged"]},
    "concession_dev_uk.csv": {"key": ["item"], "strata": ["concession", "negated", "hedged"]},
    # 80 held-out sentences of concession_v2.csv translated by this project (tools/make_v2_translation_sample.py):
    # all held out, never tuned on.
    "concession_v2_heldout_ru.csv": {"key": ["item"], "strata": [], "whole": "heldout"},
    "concession_v2_heldout_uk.csv": {"key": ["item"], "strata": [], "whole": "heldout"},
    # 132 TUNING-part sentences of concession_v2.csv translated by this project
    # (tools/make_v2_tune_translation_sample.py): all tuning, never scored as held out.
    "concession_v2_tune_ru.csv": {"key": ["item"], "strata": [], "whole": "tune"},
    "concession_v2_tune_uk.csv": {"key": ["item"], "strata": [], "whole": "tune"},
    # 112 sentences of concession_corpus_tune.csv (all its 56 concession sentences and 56 others, hard ones
    # first) translated by this project (tools/make_corpus_tune_translation_sample.py): all tuning.
    "concession_corpus_tune_ru.csv": {"key": ["item"], "strata": [], "whole": "tune"},
    "concession_corpus_tune_uk.csv": {"key": ["item"], "strata": [], "whole": "tune"},
    # 50 more TUNING-part sentences of concession_v2.csv coded none of the three, hard ones, translated by this
    # project (tools/make_v2_tune_hard_negatives_sample.py): all tuning (a precision check while tuning).
    "concession_v2_tune_neg_ru.csv": {"key": ["item"], "strata": [], "whole": "tune"},
    "concession_v2_tune_neg_uk.csv": {"key": ["item"], "strata": [], "whole": "tune"},
    # sentences of the bundled press releases sharing no 50 characters with any sentence of the two sets
    # above, coded by this project's language-model coder (tools/make_concession_corpus_sample.py): all tuning.
    "concession_corpus_tune.csv": {"key": ["item"], "strata": [], "whole": "tune"},
    # news-style sentences WRITTEN and labelled by this project's language-model coder from the codebook
    # (synthetic, no real text): all tuning.
    "concession_synthetic_tune.csv": {"key": ["item"], "strata": [], "whole": "tune"},
    # sentences written directly in Russian / Ukrainian (not translated) and labelled from the codebook by this
    # project's language-model writer, in the styles of news coverage (issue 21 round 5): all tuning.
    "concession_synthetic_tune_ru.csv": {"key": ["item"], "strata": [], "whole": "tune"},
    "concession_synthetic_tune_uk.csv": {"key": ["item"], "strata": [], "whole": "tune"},
    # sentences of the two English tuning-only sets above (concession_synthetic_tune.csv, and non-concession
    # sentences of concession_corpus_tune.csv not in concession_corpus_tune_LANG.csv) translated by this project
    # for error analysis (issue 21 round 7), English labels carried over: all tuning.
    "concession_en_tune_translated_ru.csv": {"key": ["item"], "strata": [], "whole": "tune"},
    "concession_en_tune_translated_uk.csv": {"key": ["item"], "strata": [], "whole": "tune"},
    # a fresh batch written directly in Russian / Ukrainian and labelled from the codebook by this project's
    # language-model writer (issue 21 round 9), scored once before it was tuned on: all tuning.
    "concession_synthetic_tune9_ru.csv": {"key": ["item"], "strata": [], "whole": "tune"},
    "concession_synthetic_tune9_uk.csv": {"key": ["item"], "strata": [], "whole": "tune"},
}


def _digest(values: list) -> str:
    return hashlib.sha256((SALT + "\x1f".join(map(str, values))).encode("utf-8")).hexdigest()


def split_gold(table: pd.DataFrame, key: list[str], strata: list[str]) -> pd.Series:
    """``"tune"`` or ``"heldout"`` per row of ``table`` (same index), from key and strata columns only."""
    missing = [c for c in key + strata if c not in table.columns]
    if missing:
        raise InputError("gold table", f"no column(s) {missing}", fix="columns are: " + ", ".join(map(str, table.columns)))
    part = pd.Series("tune", index=table.index, dtype=object)
    digest = pd.Series([_digest(list(row)) for row in table[key].itertuples(index=False)], index=table.index)
    groups: dict[Hashable, pd.Index]
    if not strata:
        groups = {(): table.index}
    else:  # one column is grouped by its name, not by a list of one (pandas' keys differ)
        groups = table.groupby(strata[0] if len(strata) == 1 else strata, sort=True, dropna=False).groups
    for idx in groups.values():
        ordered = digest.loc[idx].sort_values(kind="stable").index
        part.loc[ordered[1::2]] = "heldout"
    return part


def split_file(name: str) -> Path:
    """Where the stored split of gold set ``name`` lives: ``data/gold/splits/<stem>.split.csv``."""
    return gold_dir() / "splits" / f"{Path(name).stem}.split.csv"


def compute_split(name: str, table: pd.DataFrame | None = None) -> pd.DataFrame:
    """The split of gold set ``name`` (a key of :data:`SPLITS`) recomputed: key columns and ``part``."""
    if name not in SPLITS:
        raise ParameterError(value_invalid_msg("gold set", name, SPLITS))
    spec = SPLITS[name]
    table = read_gold(name) if table is None else table
    out = table[spec["key"]].copy()
    out["part"] = spec["whole"] if "whole" in spec else split_gold(table, spec["key"], spec["strata"])
    return out


def read_gold(name: str) -> pd.DataFrame:
    """A gold set from ``data/gold/`` (a missing file is an error: the gate never skips)."""
    path = gold_dir() / name
    if not path.is_file():
        raise InputError(path, "gold set not found", fix="copy it from the project's shared data into data/gold/")
    return pd.read_csv(path)


def gold_part(name: str, part: str) -> pd.DataFrame:
    """The rows of gold set ``name`` in ``part`` (``"tune"``, ``"heldout"`` or ``"all"``), per the stored split.

    >>> len(gold_part("concession_dev.csv", "heldout"))
    0
    """
    return rows_in_part(read_gold(name), name, part)


def rows_in_part(table: pd.DataFrame, name: str, part: str) -> pd.DataFrame:
    """The rows of ``table`` (gold set ``name``, read from any copy of it) in ``part`` of the
    stored split (``"tune"``, ``"heldout"`` or ``"all"``): every row must be in the split.

    >>> table = read_gold("concession_v2.csv")
    >>> len(rows_in_part(table, "concession_v2.csv", "tune")) + len(rows_in_part(table, "concession_v2.csv", "heldout")) == len(table)
    True
    """
    if part not in (*PARTS, "all"):
        raise ParameterError(value_invalid_msg("part", part, (*PARTS, "all")))
    if part == "all":
        return table
    if name not in SPLITS:
        raise ParameterError(value_invalid_msg("gold set", name, SPLITS))
    path = split_file(name)
    if not path.is_file():
        raise InputError(path, "stored split not found", fix="run `python tools/make_gold_splits.py`")
    key = SPLITS[name]["key"]
    stored = pd.read_csv(path)
    merged = table.merge(stored, on=key, how="left", validate="one_to_one")
    if merged["part"].isna().any():
        raise InputError(path, "the stored split does not cover every item", fix="run `python tools/make_gold_splits.py`")
    return merged[merged["part"] == part].drop(columns="part").reset_index(drop=True)
