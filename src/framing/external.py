"""Labels made elsewhere (another tool, a language model run elsewhere) as a measure like any other.

A labels file is a CSV with the unit's id (``doc_id``, ``doc_id`` + ``sent_id``, or ``item_id``)
and a ``label`` (0/1) and/or a ``prob`` (probability) column. Its ``source`` says what made it:
``tool``, ``model`` and ``version`` (required), and the ``prompt`` text or its ``prompt_sha256``
(required for a language model: say ``prompt_sha256: none`` for a tool without one), plus
anything else worth keeping (``date``, ``temperature``, ``notes``). The record returned goes into
the manifest of every run that uses the labels.

>>> import tempfile
>>> path = Path(tempfile.mkdtemp()) / "llm.csv"
>>> _ = path.write_text("doc_id,prob\\na,0.9\\nb,0.2\\n")
>>> labels, record = read_labels(path, {"tool": "vllm", "model": "llama-3-8b", "version": "2024-05",
...                                     "prompt": "Does the text talk of ceding territory?"}, name="llm")
>>> labels.to_dict("list")
{'doc_id': ['a', 'b'], 'llm_prob': [0.9, 0.2], 'llm_pred': [1, 0]}
>>> record["source"]["prompt_sha256"][:12], record["rows"]
('dfdbd679f15f', 2)
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from .errors import InputError, ParameterError

ID_SETS = (("doc_id", "sent_id"), ("item_id",), ("doc_id",))
REQUIRED = ("tool", "model", "version")


def read_source(source: dict[str, Any] | str | Path) -> dict[str, Any]:
    """The ``source`` description, from a dict or a YAML/JSON file; checked and with the prompt hashed.

    >>> read_source({"tool": "my-coder", "model": "none", "version": "1", "prompt_sha256": "none"})["tool"]
    'my-coder'
    """
    where = "source"
    if isinstance(source, (str, Path)):
        where = str(source)
        try:
            loaded = yaml.safe_load(Path(source).read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError) as exc:
            raise InputError(source, f"cannot read the source description ({exc})",
                             fix="give a YAML file with tool, model, version and prompt (or prompt_sha256)") from None
        source = loaded
    if not isinstance(source, dict):
        raise InputError(where, "the source description is not a mapping",
                         fix="write `tool: ...`, `model: ...`, `version: ...`, `prompt: ...` one a line")
    missing = [k for k in REQUIRED if not str(source.get(k) or "").strip()]
    if "prompt" not in source and "prompt_sha256" not in source:
        missing.append("prompt or prompt_sha256")
    if missing:
        raise InputError(where, f"the source description lacks {missing}",
                         fix="say what made the labels: tool, model (name), version, and the prompt text or its sha256 "
                         "('none' where there was no prompt)")
    out = {k: (v if isinstance(v, (int, float, bool)) or v is None else str(v)) for k, v in source.items()}
    if "prompt" in out:
        out["prompt_sha256"] = hashlib.sha256(str(out["prompt"]).encode("utf-8")).hexdigest()
    return out


def read_labels(path: str | Path, source: dict[str, Any] | str | Path, name: str = "external",
                threshold: float = 0.5) -> tuple[pd.DataFrame, dict[str, Any]]:
    """Read a labels CSV: its id columns plus ``<name>_prob`` and ``<name>_pred``; and its manifest record.

    With only ``label``, ``<name>_prob`` is the label (0.0/1.0); with only ``prob``, ``<name>_pred``
    is ``prob >= threshold``; with both, both are kept as given.
    """
    path = Path(path)
    src = read_source(source)
    try:
        raw = pd.read_csv(path, dtype={"doc_id": str, "item_id": str}, keep_default_na=False, na_values=[""])
    except (OSError, pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise InputError(path, f"cannot read the labels ({exc})", fix="give a CSV with an id column and label/prob") from None
    ids = next((list(s) for s in ID_SETS if all(c in raw.columns for c in s)), None)
    if ids is None:
        raise InputError(path, f"no id column; columns: {list(map(str, raw.columns))}", line=1,
                         fix="name the id column doc_id (with sent_id for sentences) or item_id")
    if "label" not in raw.columns and "prob" not in raw.columns:
        raise InputError(path, "no `label` or `prob` column", line=1, fix="add `label` (0/1) or `prob` (0 to 1)")
    if raw.duplicated(ids).any():
        dup = raw[raw.duplicated(ids)].index[0]
        raise InputError(path, f"the id {raw.loc[dup, ids].tolist()} appears twice", line=int(dup) + 2,
                         fix="give one label per unit")
    out = raw[ids].copy()
    for col in ("label", "prob"):
        if col in raw.columns:
            values = pd.to_numeric(raw[col], errors="coerce")
            bad = values.isna() | ~values.between(0, 1) | ((col == "label") & ~values.isin([0, 1]))
            if bad.any():
                k = int(bad.to_numpy().argmax())
                raise InputError(path, f"column {col!r} holds {raw[col].iloc[k]!r}", line=k + 2,
                                 fix="labels are 0 or 1, probabilities between 0 and 1; no blanks")
            raw[col] = values
    if not 0 < threshold < 1:
        raise ParameterError(f"`threshold` got {threshold!r}; expected a number between 0 and 1")
    prob = raw["prob"] if "prob" in raw.columns else raw["label"].astype(float)
    pred = raw["label"].astype(int) if "label" in raw.columns else (raw["prob"] >= threshold).astype(int)
    out[f"{name}_prob"], out[f"{name}_pred"] = prob.astype(float), pred
    record = {"kind": "external labels", "name": name, "path": str(path),
              "sha256": hashlib.sha256(path.read_bytes()).hexdigest(), "rows": len(out), "ids": ids,
              "threshold": threshold if "label" not in raw.columns else None, "source": src}
    return out, record
