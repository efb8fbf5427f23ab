"""Check a report's parameters against its corpus before any kernel starts.

A misspelt ``group_col``, a group column with no value, a date window with no document or a corpus
that loads to nothing would otherwise fail (or finish with an empty figure) inside the kernel.
The runner loads the corpus once into :class:`CorpusFacts` (columns, values per column,
documents per day) and keeps them next to the runs, keyed by the input files' sha256 and the
kit's code, so a batch or a second run over the same files does not load it again.

>>> facts = CorpusFacts(3, {"outlet": 2, "agency": 0}, {"2022-02-24": 2, "2022-03-01": 1}, 0)
>>> check_against_corpus({"corpus": "x.csv", "group_col": "outlett"}, facts)
["parameter 'group_col' = 'outlett': not a column of corpus 'x.csv'; did you mean 'outlet'? (columns: agency, outlet)"]
>>> check_against_corpus({"corpus": "x.csv", "date_from": "2030-01-01"}, facts)[0].split("; ")[1]
'the corpus spans 2022-02-24 to 2022-03-01'
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ..atomic import atomic_write
from ..errors import FramingError
from .params import did_you_mean

COLUMN_PARAMS = ("group_col", "group", "strata")  # parameters that name corpus columns
NEEDS_FACTS = set(COLUMN_PARAMS) | {"date_from", "date_to"}
_MEMO: dict[str, CorpusFacts] = {}
_PENDING: dict[Path, CorpusFacts] = {}  # loaded, not yet kept: a run that fails its checks writes nothing


@dataclass(frozen=True)
class CorpusFacts:
    """What the checks need to know of a loaded corpus (small, JSON-safe)."""

    n_docs: int
    columns: dict[str, int]  # column -> distinct non-empty values (counted up to 3)
    days: dict[str, int]  # "YYYY-MM-DD" (UTC) -> documents published that day
    undated: int  # documents without a publication date
    languages: dict[str, int] = field(default_factory=dict)  # language (ISO 639-1, ``und``) -> documents


def facts_of(corpus: Any) -> CorpusFacts:
    """:class:`CorpusFacts` of a loaded corpus DataFrame.

    >>> import pandas as pd
    >>> facts_of(pd.DataFrame({"text": ["a", "b"], "outlet": ["", ""],
    ...                        "published": pd.to_datetime(["2022-02-24", None], utc=True)})).columns
    {'text': 2, 'outlet': 0, 'published': 1}
    """
    columns = {}
    for name in corpus.columns:
        values = corpus[name].dropna()
        if values.dtype == object or str(values.dtype) in ("str", "string"):
            values = values[values.astype(str).str.strip() != ""]
        columns[str(name)] = min(int(values.head(100_000).nunique()) if name != "text" else len(values), 3)
    days: dict[str, int] = {}
    undated = len(corpus)
    if "published" in corpus.columns:
        dated = corpus["published"].dropna()
        undated = len(corpus) - len(dated)
        days = {str(k): int(v) for k, v in dated.dt.strftime("%Y-%m-%d").value_counts().sort_index().items()}
    languages = {}
    if "language" in corpus.columns:  # a loaded corpus (doctests and tests may pass bare frames)
        from ..match.languages import language_counts

        languages = language_counts(corpus)
    return CorpusFacts(len(corpus), columns, days, undated, languages)


def corpus_facts(corpus: str, inputs: list[dict], cache_dir: Path, kit: str) -> CorpusFacts:
    """Facts of the corpus a run reads: from this process's memo, the cache file, or by loading it
    once (``load_corpus`` without duplicate detection, which adds no row and no check needs).
    Raises :class:`framing.errors.FramingError` when the corpus cannot be loaded."""
    basis = json.dumps([corpus, sorted(e["sha256"] for e in inputs), kit], sort_keys=True)
    key = hashlib.sha256(basis.encode()).hexdigest()[:24]
    if key in _MEMO:
        return _MEMO[key]
    cache = cache_dir / f"corpus-facts-{key}.json"
    try:
        facts = CorpusFacts(**json.loads(cache.read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        import warnings

        from ..corpus import load_corpus

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # skipped documents are the load report's business
            facts = facts_of(load_corpus(corpus, dedup=False))
        _PENDING[cache] = facts
    _MEMO[key] = facts
    return facts


def discard_facts() -> None:
    """Forget the facts loaded since the last :func:`save_facts` without writing them (their runs were refused)."""
    _PENDING.clear()


def save_facts() -> None:
    """Keep the facts loaded since the last call in their cache files (once a run's checks passed)."""
    while _PENDING:
        cache, facts = _PENDING.popitem()
        try:
            cache.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(cache, json.dumps(asdict(facts), sort_keys=True))
        except OSError:
            pass  # a read-only reports folder: the checks still ran


def check_against_corpus(values: dict[str, Any], facts: CorpusFacts) -> list[str]:
    """Every problem of the column and date parameters with this corpus (empty list: none)."""
    corpus = values.get("corpus")
    if not facts.n_docs:
        return [f"parameter 'corpus' = {corpus!r}: no documents loaded (every file empty or skipped); "
                "run `framing load` on it to see why"]
    problems = []
    known = sorted(facts.columns)
    for name in COLUMN_PARAMS:
        value = values.get(name)
        if name == "group_col" and value == "":  # every notebook with a group_col compares or summarises its groups
            problems.append(f"parameter 'group_col' = '': name a column of corpus {corpus!r} (columns: {', '.join(known)})")
        for column in (value if isinstance(value, list) else [value]):
            if not isinstance(column, str) or not column:
                continue
            if column not in facts.columns:
                problems.append(f"parameter {name!r} = {column!r}: not a column of corpus {corpus!r}"
                                f"{did_you_mean(column, known)} (columns: {', '.join(known)})")
            elif facts.columns[column] == 0:
                filled = [c for c in known if facts.columns[c] >= 2 and c != "text"]
                problems.append(f"parameter {name!r} = {column!r}: the column is empty in every document of "
                                f"corpus {corpus!r}, so there is no group to show; choose a column with values"
                                + (f" (e.g. {', '.join(filled[:6])})" if filled else "")
                                + (" or fill it (`framing load --outlet NAME`)" if column == "outlet" else ""))
    lo, hi = values.get("date_from") or "", values.get("date_to") or ""
    if lo or hi:
        inside = sum(n for day, n in facts.days.items() if (not lo or day >= lo) and (not hi or day <= hi))
        if not inside:
            span = (f"the corpus spans {min(facts.days)} to {max(facts.days)}" if facts.days
                    else "no document of the corpus has a publication date")
            undated = f" ({facts.undated:,} undated documents are in no date window)" if facts.undated else ""
            problems.append(f"parameters date_from = {lo!r} and date_to = {hi!r}: no documents between "
                            f"{lo or 'the start'} and {hi or 'the end'}; {span}{undated}")
    return problems


def corpus_problems(values: dict[str, Any], inputs: list[dict], cache_dir: Path, kit: str) -> list[str]:
    """Load the facts of ``values["corpus"]`` (once) and check the parameters against them."""
    if not isinstance(values.get("corpus"), str) or (not any(values.get(n) for n in NEEDS_FACTS)
                                                     and values.get("group_col") != ""):  # (an empty group_col is a problem)
        return []
    try:
        facts = corpus_facts(values["corpus"], inputs, cache_dir, kit)
    except FramingError as exc:
        return [f"parameter 'corpus' = {values['corpus']!r}: {exc}"]
    return check_against_corpus(values, facts)
