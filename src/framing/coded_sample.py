"""The steps of the coded-sample report: a measure on every unit, the coders' codes, and how they meet.

A *measure* is named by a string: ``lexicon:NAME`` (a unit is positive when the lexicon has any
hit in it, affirmed or negated, as in the coding sample's ``kit_<code>``), ``model:PATH`` (a
model file from ``framing model train``: its ``<label>_pred``) or ``labels:PATH`` (external labels,
with a source description; see :mod:`framing.external`).

>>> corpus = pd.DataFrame({"doc_id": ["a"], "text": ["Kyiv will not cede land. Talks go on."]})
>>> units, column, record = load_measure(corpus, "lexicon:concession")
>>> units[["doc_id", "sent_id", column]].values.tolist(), record["kind"]
([['a', 0, 1], ['a', 1, 0]], 'lexicon')
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from .errors import InputError, ParameterError, value_invalid_msg

KINDS = ("lexicon", "model", "labels")


def load_measure(corpus: pd.DataFrame, measure: str, level: str = "sentence",
                 labels_source: str | Path | dict | None = None) -> tuple[pd.DataFrame, str, dict[str, Any]]:
    """Every unit (sentence, or document with ``level="doc"``) with the measure: ``(units, column, record)``.

    ``record`` is what a manifest keeps about the measure (lexicon hash, model hash, labels file and source).
    """
    from .metrics import score

    kind, _, what = measure.partition(":")
    if kind not in KINDS or not what:
        raise ParameterError(value_invalid_msg("measure", measure, ["lexicon:NAME", "model:PATH", "labels:PATH"]))
    keys = ["doc_id", "sent_id"] if level == "sentence" else ["doc_id"]
    if kind == "lexicon":
        from .lexicons import load_lexicons

        lex = load_lexicons([what])[0]
        units = score(corpus, [lex], level=level)
        column = f"{lex.name}_hit"
        units[column] = ((units[f"{lex.name}_count"] + units[f"{lex.name}_negated"]) > 0).astype(int)
        return units, column, {"kind": "lexicon", **lex.provenance()}
    if kind == "model":
        from .model import load_model, model_record, score_with_model

        model = load_model(what)
        units = score_with_model(corpus, model, [], level=level)
        return units, f"{model['label']}_pred", model_record(model)
    from .external import read_labels

    if labels_source is None or labels_source == "":
        raise ParameterError("`labels_source`: a labels measure needs its source description (YAML: tool, model, "
                             "version, prompt or prompt_sha256)")
    labels, record = read_labels(what, labels_source, name="labels")
    if labels.columns[0] == "item_id" or [c for c in keys if c not in labels.columns]:
        raise InputError(what, f"labels are per {record['ids']}; this report needs them per {keys}",
                         fix=f"give one label per {'sentence (doc_id, sent_id)' if level == 'sentence' else 'document'}")
    units = score(corpus, [], level=level)
    labels = labels.astype({"doc_id": str})
    units = units.astype({"doc_id": str}).merge(labels, on=keys, how="left")
    if units["labels_pred"].isna().any():
        lost = units[units["labels_pred"].isna()][keys].iloc[0].tolist()
        raise InputError(what, f"{int(units['labels_pred'].isna().sum())} unit(s) of the corpus have no label, e.g. {lost}",
                         fix="label every unit of the corpus (the estimates need the measure everywhere)")
    units["labels_pred"] = units["labels_pred"].astype(int)
    return units, "labels_pred", record


def majority_codes(key: pd.DataFrame, codes: pd.DataFrame, code: str) -> pd.DataFrame:
    """The sample's key with ``code`` set to the coders' majority per ``item_id`` (ties left out).

    ``codes`` is the long table of :func:`framing.validate.read_codes`.
    """
    from .validate import majority, wide_codes

    if "item_id" not in key.columns:
        raise ParameterError(f"the sample's key has no item_id column; columns: {list(map(str, key.columns))}")
    agreed = majority(wide_codes(codes, code)).dropna().astype(int).rename(code)
    return key.drop(columns=[code], errors="ignore").merge(agreed, left_on="item_id", right_index=True)


def measure_vs_codes(coded: pd.DataFrame, units: pd.DataFrame, column: str, code: str, n_boot: int = 1000,
                     seed: int = 0) -> pd.DataFrame:
    """P/R/F1 of the measure against the coders' majority, on the coded units (bootstrap intervals).

    >>> units = pd.DataFrame({"doc_id": ["a", "b", "c"], "sent_id": [0, 0, 0], "m": [1, 0, 1]})
    >>> coded = pd.DataFrame({"doc_id": ["a", "b", "c"], "sent_id": [0, 0, 0], "code": [1, 0, 0]})
    >>> measure_vs_codes(coded, units, "m", "code", n_boot=20)[["measure", "precision", "recall"]].values.tolist()
    [['m', 0.5, 1.0]]
    """
    from .validate import prf_table

    keys = [k for k in ("doc_id", "sent_id") if k in units.columns and k in coded.columns]
    both = coded[[*keys, code]].astype({"doc_id": str}).merge(units[[*keys, column]].astype({"doc_id": str}), on=keys)
    return prf_table(both[code].to_numpy(), {column: (both[column] >= 0.5).to_numpy()}, n_boot=n_boot, seed=seed)


def term_precision(coded: pd.DataFrame, lexicon: str, code: str, text_col: str = "text") -> pd.DataFrame:
    """Per lexicon term: coded sentences it hits, how many of them were coded 1, and that share.

    >>> coded = pd.DataFrame({"text": ["We will cede land.", "They ceded nothing.", "No cede here? cede."],
    ...                       "c": [1, 0, 1]})
    >>> term_precision(coded, "concession", "c").columns.tolist()
    ['category', 'term', 'sentences', 'coded_1', 'precision']
    """
    from .lexicons import load_lexicons
    from .match import find_matches

    sentences = pd.DataFrame({"doc_id": [str(i) for i in range(len(coded))], "text": coded[text_col].fillna("").astype(str)})
    hits = find_matches(sentences, load_lexicons([lexicon]))
    cols = ["category", "term", "sentences", "coded_1", "precision"]
    if hits.empty:
        return pd.DataFrame(columns=cols)
    hits = hits[["doc_id", "category", "term"]].drop_duplicates()
    hits["coded"] = coded[code].to_numpy()[hits["doc_id"].astype(int).to_numpy()]
    out = hits.groupby(["category", "term"], as_index=False).agg(sentences=("doc_id", "size"), coded_1=("coded", "sum"))
    out["precision"] = out["coded_1"] / out["sentences"]
    return out.sort_values(["sentences", "term"], ascending=[False, True], ignore_index=True)[cols]


def read_table(path: str | Path) -> pd.DataFrame:
    """A .csv or .parquet table (ids read as text)."""
    path = Path(path)
    try:
        if path.suffix.lower() == ".parquet":
            return pd.read_parquet(path)
        return pd.read_csv(path, dtype={"doc_id": str, "item_id": str, "item": str})
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        raise InputError(path, f"cannot read the table ({exc})", fix="give a .csv or .parquet file") from None


@dataclass
class CodedSample:
    """What the coded-sample report works on: the measure on every unit and the coders' codes."""

    units: pd.DataFrame  # every unit with the measure (``column``) and the group/strata columns
    column: str  # the measure's column in ``units``
    record: pd.DataFrame  # what the manifest keeps about the measure (one row)
    key: pd.DataFrame  # the sample's key (item_id, doc_id, sent_id, stratum, weight, text)
    codes: pd.DataFrame  # every coder's codes (long)
    coded: pd.DataFrame  # the sampled units with their majority code


def prepare(corpus: pd.DataFrame, coded_key: str | Path, coded_sheets: list[str | Path], code: str, measure: str,
            labels_source: str | Path | None = None, group: str = "", strata: list[str] | None = None) -> CodedSample:
    """Load the measure on every unit of ``corpus``, the sample's key and the coders' sheets."""
    from .validate import read_codes

    units, column, record = load_measure(corpus, measure, labels_source=labels_source or None)
    keep = [c for c in [group, *(strata or [])] if c]
    if keep:
        units = units.merge(corpus[["doc_id", *keep]], on="doc_id", how="left")
    key = read_table(coded_key)
    codes = read_codes(coded_sheets, [code])
    return CodedSample(units, column, pd.json_normalize(record), key, codes, majority_codes(key, codes, code))


def measure_term_precision(coded: pd.DataFrame, measure: str, code: str) -> pd.DataFrame:
    """:func:`term_precision` for a ``lexicon:NAME`` measure; an empty table for models and labels."""
    kind, _, name = measure.partition(":")
    if kind != "lexicon":
        return pd.DataFrame(columns=["category", "term", "sentences", "coded_1", "precision"])
    return term_precision(coded, name, code)
