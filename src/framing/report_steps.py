"""The steps of the main report, as functions the notebook calls (logic stays out of notebooks).

>>> ctx = prepare("example-article", ["hedging"], "outlet", "", "")
>>> len(ctx.corpus), list(ctx.scores.columns)[:3]
(1, ['doc_id', 'title', 'outlet'])
"""

from __future__ import annotations

import dataclasses
import hashlib
import html
import itertools
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from .corpus import load_corpus, resolve_inputs
from .errors import InputError, ParameterError
from .lexicons import Lexicon, load_lexicon, load_lexicons
from .match import find_matches
from .metrics import score
from .text import count_tokens


@dataclass
class ReportData:
    """Everything the report shows, computed once: corpus, lexicons, match table and scores."""

    corpus: pd.DataFrame
    lexicons: list[Lexicon]
    matches: pd.DataFrame
    scores: pd.DataFrame  # per document, with the corpus metadata columns joined on


def filter_dates(corpus: pd.DataFrame, date_from: str, date_to: str) -> pd.DataFrame:
    """Keep documents published in ``[date_from, date_to]`` (ISO dates; "" = open end)."""
    keep = pd.Series(True, index=corpus.index)
    for name, value, op in (("date_from", date_from, "ge"), ("date_to", date_to, "le")):
        if not value:
            continue
        try:
            bound = pd.Timestamp(value)
        except ValueError:
            raise ParameterError(f"parameter {name!r} = {value!r}: not a date; use YYYY-MM-DD") from None
        bound = bound.tz_localize("UTC") if bound.tzinfo is None else bound
        if op == "le" and len(value) <= 10:
            bound = bound + pd.Timedelta(days=1) - pd.Timedelta(microseconds=1)
        keep &= getattr(corpus["published"], op)(bound)
    return corpus[keep].reset_index(drop=True)


def prepare(corpus: str, lexicons: list[str], group_col: str, date_from: str, date_to: str) -> ReportData:
    """Load, filter and score: the data of every figure in the report."""
    docs = filter_dates(load_corpus(corpus), date_from, date_to)
    if group_col not in docs.columns:
        raise ParameterError(f"parameter 'group_col' = {group_col!r}: not a corpus column; "
                             f"choose one of {', '.join(map(str, docs.columns))}")
    lexs = load_lexicons(lexicons)
    matches = find_matches(docs, lexs)
    scores = score(docs, lexs, matches=matches)
    meta = docs[["doc_id", "title", "outlet", "published", "url"] + ([group_col] if group_col not in
                ("doc_id", "title", "outlet", "published", "url") else [])]
    return ReportData(docs, lexs, matches, meta.merge(scores, on="doc_id", validate="one_to_one"))


def overview(data: ReportData, group_col: str) -> pd.DataFrame:
    """Documents, tokens and date range per group."""
    g = data.scores.groupby(group_col, observed=True)
    return pd.DataFrame({
        "documents": g.size(), "tokens": g["n_tokens"].sum(),
        "first": g["published"].min().dt.date, "last": g["published"].max().dt.date,
    }).reset_index()


def heading(title: str) -> str:
    """The report's title as escaped HTML."""
    return f"<h1>{html.escape(title)}</h1>"


def lexicon_table(lexicons: list[Lexicon]) -> str:
    """HTML table of the lexicons used: name, version, number of terms, content hash."""
    rows = "".join(
        f"<tr><td>{html.escape(lex.name)}</td><td>{html.escape(lex.version)}</td><td>{len(lex.terms)}</td>"
        f"<td><code>{lex.sha256[:12]}</code></td></tr>" for lex in lexicons)
    return ("<table><thead><tr><th>lexicon</th><th>version</th><th>terms</th><th>sha256</th></tr></thead>"
            f"<tbody>{rows}</tbody></table>")


def example_matches(data: ReportData, per_lexicon: int = 5, width: int = 60) -> pd.DataFrame:
    """The first ``per_lexicon`` matches of each lexicon (by document order) with left/right context."""
    if data.matches.empty:
        return pd.DataFrame(columns=["doc_id", "lexicon", "category", "term", "left", "match", "right"])
    texts = dict(zip(data.corpus["doc_id"], data.corpus["text"]))
    order = {d: i for i, d in enumerate(data.corpus["doc_id"])}
    m = data.matches.assign(_o=data.matches["doc_id"].map(order)).sort_values(["lexicon", "_o", "start"])
    m = m.groupby("lexicon", sort=True).head(per_lexicon)
    rows = []
    for r in m.itertuples():
        text = texts[r.doc_id]
        rows.append({"doc_id": r.doc_id, "lexicon": r.lexicon, "category": r.category, "term": r.term,
                     "left": " ".join(text[max(0, r.start - width):r.start].split()),
                     "match": text[r.start:r.end], "right": " ".join(text[r.end:r.end + width].split())})
    return pd.DataFrame(rows)


def matches_html(examples: pd.DataFrame) -> str:
    """Concordance lines as an HTML table; all corpus text is escaped, the hit is bold."""
    rows = "".join(
        f"<tr><td>{html.escape(r.lexicon)}</td><td>{html.escape(r.category)}</td>"
        f"<td style='text-align:right'>{html.escape(r.left)}</td><td><b>{html.escape(r.match)}</b></td>"
        f"<td>{html.escape(r.right)}</td></tr>" for r in examples.itertuples())
    return ("<table><thead><tr><th>lexicon</th><th>category</th><th>left</th><th>match</th><th>right</th>"
            f"</tr></thead><tbody>{rows}</tbody></table>")


# --- corpus_overview -------------------------------------------------------------------------

def load_report(corpus_param: str | list[str], corpus: pd.DataFrame) -> pd.DataFrame:
    """Per input file: path, sha256, bytes, documents loaded, outlet, first and last date."""
    from .report.manifest import sha256_file

    rows = []
    for spec in resolve_inputs(corpus_param):
        part = corpus[corpus["source_path"].astype(str).map(lambda s, p=spec.path: Path(s).name == p.name)]
        dates = part["published"].dropna()
        rows.append({"file": spec.path.name, "bytes": spec.path.stat().st_size,
                     "sha256": sha256_file(spec.path)[:16], "documents": len(part),
                     "outlet": spec.outlet or ", ".join(sorted(part["outlet"].dropna().astype(str).unique())),
                     "first": dates.min().date() if len(dates) else None,
                     "last": dates.max().date() if len(dates) else None})
    return pd.DataFrame(rows, columns=["file", "bytes", "sha256", "documents", "outlet", "first", "last"])


def corpus_summary(corpus: pd.DataFrame, group_col: str = "outlet") -> pd.DataFrame:
    """Per group: documents, tokens, median tokens per document, missing titles and dates, date range.

    >>> docs = pd.DataFrame({"doc_id": ["a", "b"], "text": ["One two.", "Three"], "outlet": ["x", "x"],
    ...                      "title": ["T", ""], "published": pd.to_datetime([None, "2022-03-01"], utc=True)})
    >>> corpus_summary(docs).to_dict("records")[0]["missing_titles"]
    1
    """
    tokens = corpus["text"].map(count_tokens)
    frame = corpus.assign(_tokens=tokens, _no_title=corpus["title"].fillna("").astype(str).str.strip() == "",
                          _no_date=corpus["published"].isna())
    g = frame.groupby(group_col, sort=True, observed=True, dropna=False)
    return pd.DataFrame({
        "documents": g.size(), "tokens": g["_tokens"].sum(), "median_tokens": g["_tokens"].median(),
        "missing_titles": g["_no_title"].sum(), "missing_dates": g["_no_date"].sum(),
        "first": g["published"].min().dt.date, "last": g["published"].max().dt.date,
    }).reset_index().rename(columns={group_col: "group"})


def documents_per_month(corpus: pd.DataFrame, group_col: str = "outlet") -> pd.DataFrame:
    """Documents per calendar month and group (months without documents are 0)."""
    dated = corpus.dropna(subset=["published"])
    if dated.empty:
        return pd.DataFrame(columns=["month", "group", "documents"])
    month = dated["published"].dt.tz_convert("UTC").dt.tz_localize(None).dt.to_period("M")
    table = dated.groupby([month.rename("month"), dated[group_col].rename("group")]).size().unstack(fill_value=0)
    table = table.reindex(pd.period_range(month.min(), month.max(), freq="M"), fill_value=0)
    out = table.stack().rename("documents").reset_index().rename(columns={"level_0": "month"})
    out["month"] = out["month"].dt.to_timestamp()
    return out[["month", "group", "documents"]].sort_values(["month", "group"], ignore_index=True)


def exact_duplicates(corpus: pd.DataFrame) -> pd.DataFrame:
    """Documents whose text is identical after case-folding and collapsing white space.

    One row per document in a duplicate cluster: ``cluster``, ``size``, ``doc_id``, ``outlet``,
    ``title``, ``published``. (Near-duplicates: see the loader's de-duplication when it lands.)

    >>> docs = pd.DataFrame({"doc_id": ["a", "b", "c"], "text": ["Talks  resume.", "talks resume.", "No."],
    ...                      "outlet": "x", "title": "", "published": None})
    >>> exact_duplicates(docs)[["cluster", "doc_id"]].to_dict("records")
    [{'cluster': 1, 'doc_id': 'a'}, {'cluster': 1, 'doc_id': 'b'}]
    """
    key = corpus["text"].fillna("").map(lambda t: hashlib.sha256(" ".join(t.casefold().split()).encode()).hexdigest())
    size = key.map(key.value_counts())
    dup = corpus.assign(_key=key, size=size)[size > 1]
    cols = ["cluster", "size", "doc_id", "outlet", "title", "published"]
    if dup.empty:
        return pd.DataFrame(columns=cols)
    order = {k: i + 1 for i, k in enumerate(dict.fromkeys(dup["_key"]))}
    return dup.assign(cluster=dup["_key"].map(order))[cols].sort_values(["cluster", "doc_id"], ignore_index=True)


def duplicate_clusters(corpus: pd.DataFrame) -> pd.DataFrame:
    """Documents in duplicate clusters of two or more: the loader's exact and near-duplicate
    clusters (``dup_cluster``, ``dup_kind``, ``dup_similarity``) when present, else exact text.

    >>> docs = pd.DataFrame({"doc_id": ["a", "b"], "text": ["Talks resume.", "talks  resume."],
    ...                      "outlet": "x", "title": "", "published": None})
    >>> duplicate_clusters(docs)[["cluster", "doc_id", "kind"]].values.tolist()
    [[1, 'a', 'exact'], [1, 'b', 'exact']]
    """
    cols = ["cluster", "size", "doc_id", "kind", "similarity", "outlet", "title", "published"]
    if "dup_cluster" not in corpus.columns:
        exact = exact_duplicates(corpus)
        return exact.assign(kind="exact", similarity=1.0)[cols]
    size = corpus["dup_cluster"].map(corpus["dup_cluster"].value_counts())
    dup = corpus[size > 1].assign(size=size[size > 1])
    if dup.empty:
        return pd.DataFrame(columns=cols)
    order = {k: i + 1 for i, k in enumerate(sorted(dup["dup_cluster"].unique(), key=str))}
    dup = dup.assign(cluster=dup["dup_cluster"].map(order), kind=dup["dup_kind"].replace("", "canonical"),
                     similarity=dup["dup_similarity"])
    return dup[cols].sort_values(["cluster", "similarity", "doc_id"], ascending=[True, False, True], ignore_index=True)


# --- outlet_comparison -----------------------------------------------------------------------

def rate_differences(scores: pd.DataFrame, group_col: str, lexicons: list[str], n_boot: int = 1000,
                     seed: int = 0, level: float = 0.95) -> pd.DataFrame:
    """Pairwise difference of pooled rates (per 1,000 tokens) between groups, with a bootstrap interval.

    Documents are resampled within each group; an interval that excludes 0 marks a difference
    larger than resampling noise. One row per (lexicon, group_a, group_b).

    >>> s = pd.DataFrame({"outlet": ["a"] * 3 + ["b"] * 3, "n_tokens": [100] * 6, "h_count": [1, 2, 3, 0, 0, 1]})
    >>> d = rate_differences(s, "outlet", ["h"], n_boot=200).iloc[0]
    >>> d.group_a, d.group_b, round(float(d.difference), 2), bool(d.ci_low <= d.difference <= d.ci_high)
    ('a', 'b', 16.67, True)
    """
    rng = np.random.default_rng(seed)
    groups = {g: part for g, part in scores.groupby(group_col, sort=True, observed=True)}
    rows = []
    for lex in lexicons:
        boots = {}
        for g, part in groups.items():
            c, t = part[f"{lex}_count"].to_numpy(float), part["n_tokens"].to_numpy(float)
            idx = rng.integers(0, len(c), size=(n_boot, len(c)))
            tok = t[idx].sum(axis=1)
            boots[g] = (c.sum() * 1000 / t.sum() if t.sum() else np.nan,
                        np.divide(c[idx].sum(axis=1) * 1000, tok, out=np.full(n_boot, np.nan), where=tok > 0))
        for a, b in itertools.combinations(sorted(groups, key=str), 2):
            diff = boots[a][1] - boots[b][1]
            low, high = np.nanquantile(diff, [(1 - level) / 2, (1 + level) / 2]) if np.isfinite(diff).any() else (np.nan,) * 2
            rows.append({"lexicon": lex, "group_a": a, "group_b": b, "rate_a": boots[a][0], "rate_b": boots[b][0],
                         "difference": boots[a][0] - boots[b][0], "ci_low": float(low), "ci_high": float(high)})
    return pd.DataFrame(rows, columns=["lexicon", "group_a", "group_b", "rate_a", "rate_b", "difference",
                                       "ci_low", "ci_high"])


def top_terms(data: ReportData, group_col: str, n: int = 8) -> pd.DataFrame:
    """The ``n`` most frequent terms of each lexicon per group, counted as :func:`framing.metrics.score`
    counts: ``count`` (affirmed hits), ``negated`` (negated hits), ``per_1k`` (affirmed hits per
    1,000 tokens). Every row traces back to match rows (``lexicon``, ``term``) of the run's match table.
    """
    cols = ["lexicon", "group", "term", "count", "negated", "per_1k"]
    if data.matches.empty:
        return pd.DataFrame(columns=cols)
    groups = data.scores.set_index("doc_id")[group_col]
    tokens = data.scores.groupby(group_col, observed=True)["n_tokens"].sum()
    negated = data.matches["negated"].astype(bool) if "negated" in data.matches else False
    m = data.matches.assign(group=data.matches["doc_id"].map(groups), _aff=~negated, _neg=negated)
    counts = (m.groupby(["lexicon", "group", "term"], observed=True)[["_aff", "_neg"]].sum().astype(int)
              .rename(columns={"_aff": "count", "_neg": "negated"}).reset_index())
    counts = counts[counts["count"] > 0]
    counts["per_1k"] = counts["count"] * 1000.0 / counts["group"].map(tokens)
    counts = counts.sort_values(["lexicon", "group", "count", "term"], ascending=[True, True, False, True])
    return counts.groupby(["lexicon", "group"], sort=False).head(n).reset_index(drop=True)[cols]


# --- lexicon_validation ----------------------------------------------------------------------

GOLD_LABELS = {"hedging": "is_uncertain", "concession": "concession"}  # lexicon -> label column of its gold set


def read_gold(path: str | Path, label_col: str, text_col: str = "text", limit: int = 0) -> pd.DataFrame:
    """A human-coded sentence set: ``doc_id``, ``text``, ``gold`` (0/1); ``limit`` > 0 keeps the first rows."""
    path = Path(path)
    try:
        raw = pd.read_csv(path, dtype={text_col: str}, keep_default_na=False)
    except (OSError, ValueError) as exc:
        raise InputError(path, f"cannot read the gold set ({exc})", fix="give a CSV with a header row") from None
    missing = [c for c in (label_col, text_col) if c not in raw.columns]
    if missing:
        raise InputError(path, f"no column(s) {', '.join(missing)}", fix=f"columns are {', '.join(raw.columns)}", line=1)
    gold = pd.to_numeric(raw[label_col], errors="coerce")
    bad = gold.isna() | ~gold.isin([0, 1])
    if bad.any():
        raise InputError(path, f"column {label_col!r} must hold 0 or 1, got {raw[label_col][bad].iloc[0]!r}",
                         fix="code every sentence 0 or 1", line=int(bad.idxmax()) + 2)
    out = pd.DataFrame({"doc_id": [f"g{i:06d}" for i in range(len(raw))], "text": raw[text_col],
                        "gold": gold.astype(int)})
    return out.head(limit) if limit > 0 else out


def wordlist_lexicon(path: str | Path, name: str) -> Lexicon:
    """A reference word list (one entry a line, ``%`` comments) as a one-category lexicon (a baseline).

    It is validated like any lexicon file; its sha256 is that of the word list.
    """
    path = Path(path)
    data = path.read_bytes()
    terms = list(dict.fromkeys(line.strip() for line in data.decode("utf-8").splitlines()
                               if line.strip() and not line.lstrip().startswith("%")))
    spec = {"name": name, "version": "reference", "description": f"reference word list {path.name}",
            "sources": [str(path)], "categories": {"terms": {"description": f"entries of {path.name}", "terms": terms}}}
    with tempfile.TemporaryDirectory() as tmp:
        yaml_file = Path(tmp) / f"{name}.yaml"
        yaml_file.write_text(yaml.safe_dump(spec, allow_unicode=True, sort_keys=False), encoding="utf-8")
        lexicon = load_lexicon(yaml_file)
    return dataclasses.replace(lexicon, path=str(path), sha256=hashlib.sha256(data).hexdigest())


def prf(gold: pd.Series | np.ndarray, predicted: pd.Series | np.ndarray) -> dict[str, float]:
    """Precision, recall and F1 of 0/1 predictions against 0/1 human codes (counts included).

    >>> prf([1, 1, 0, 0], [1, 0, 1, 0])
    {'n': 4, 'positives': 2, 'tp': 1, 'fp': 1, 'fn': 1, 'precision': 0.5, 'recall': 0.5, 'f1': 0.5}
    """
    g, p = np.asarray(gold, bool), np.asarray(predicted, bool)
    tp, fp, fn = int((g & p).sum()), int((~g & p).sum()), int((g & ~p).sum())
    precision = tp / (tp + fp) if tp + fp else float("nan")
    recall = tp / (tp + fn) if tp + fn else float("nan")
    f1 = 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else float("nan")
    return {"n": len(g), "positives": int(g.sum()), "tp": tp, "fp": fp, "fn": fn,
            "precision": precision, "recall": recall, "f1": f1}


def _prf_intervals(g: np.ndarray, p: np.ndarray, n_boot: int, seed: int, level: float = 0.95) -> dict[str, float]:
    rng = np.random.default_rng(seed)
    idx = rng.integers(0, len(g), size=(n_boot, len(g)))
    gb, pb = g[idx], p[idx]
    tp, fp, fn = (gb & pb).sum(1), (~gb & pb).sum(1), (gb & ~pb).sum(1)
    with np.errstate(invalid="ignore", divide="ignore"):
        stats = {"precision": tp / (tp + fp), "recall": tp / (tp + fn), "f1": 2 * tp / (2 * tp + fp + fn)}
    out = {}
    for name, values in stats.items():
        finite = values[np.isfinite(values)]
        low, high = np.quantile(finite, [(1 - level) / 2, (1 + level) / 2]) if len(finite) else (np.nan, np.nan)
        out[f"{name}_low"], out[f"{name}_high"] = float(low), float(high)
    return out


@dataclass
class Validation:
    """Predictions of one lexicon on one gold set: the sentences, the match table, the scores."""

    lexicon: str
    gold_set: str
    sentences: pd.DataFrame  # doc_id, text, gold, predicted
    matches: pd.DataFrame
    scores: dict[str, float]


def validate_lexicon(gold: pd.DataFrame, lexicon: Lexicon, gold_set: str, n_boot: int = 1000,
                     seed: int = 0) -> Validation:
    """A sentence is predicted positive when the lexicon matches in it; score against the human codes."""
    matches = find_matches(gold, [lexicon])
    predicted = gold["doc_id"].isin(set(matches["doc_id"]))
    scores = prf(gold["gold"], predicted)
    scores.update(_prf_intervals(gold["gold"].to_numpy(bool), predicted.to_numpy(bool), n_boot, seed))
    return Validation(lexicon.name, gold_set, gold.assign(predicted=predicted.astype(int)), matches, scores)


def validation_table(results: list[Validation]) -> pd.DataFrame:
    """One row per (gold set, lexicon): counts, precision, recall, F1 and their 95% intervals."""
    return pd.DataFrame([{"gold_set": r.gold_set, "lexicon": r.lexicon, **r.scores} for r in results])


def term_precision(result: Validation) -> pd.DataFrame:
    """Per term: sentences it fires in, how many of them the coders marked positive, and that share."""
    cols = ["lexicon", "term", "sentences", "gold_positive", "precision"]
    if result.matches.empty:
        return pd.DataFrame(columns=cols)
    hits = result.matches[["doc_id", "term"]].drop_duplicates()
    hits = hits.merge(result.sentences[["doc_id", "gold"]], on="doc_id")
    out = hits.groupby("term").agg(sentences=("doc_id", "size"), gold_positive=("gold", "sum")).reset_index()
    out["precision"] = out["gold_positive"] / out["sentences"]
    out.insert(0, "lexicon", result.lexicon)
    return out.sort_values(["sentences", "term"], ascending=[False, True], ignore_index=True)[cols]


def errors_sample(result: Validation, n: int = 10) -> pd.DataFrame:
    """The first ``n`` false positives and ``n`` false negatives, with the terms that fired."""
    s = result.sentences
    terms = result.matches.groupby("doc_id")["matched_text"].agg(lambda x: "; ".join(dict.fromkeys(x)))
    fp = s[(s["predicted"] == 1) & (s["gold"] == 0)].head(n).assign(error="false positive")
    fn = s[(s["predicted"] == 0) & (s["gold"] == 1)].head(n).assign(error="false negative")
    out = pd.concat([fp, fn], ignore_index=True)
    out["matched"] = out["doc_id"].map(terms).fillna("")
    out.insert(0, "lexicon", result.lexicon)
    return out[["lexicon", "error", "doc_id", "matched", "text"]]


def validate_gold_sets(lexicons: list[str], gold_files: dict[str, str], baselines: dict[str, str] | None = None,
                       limit: int = 0, n_boot: int = 1000, seed: int = 0) -> list[Validation]:
    """Score each lexicon against the gold set of its construct (``hedging`` -> uncertainty cues,
    ``concession`` -> coded concession language); reference word lists in ``baselines``
    (name -> file) are scored against the hedging gold set as baselines to beat."""
    lexs = load_lexicons(lexicons)
    unknown = [lex.name for lex in lexs if lex.name not in GOLD_LABELS]
    if unknown:
        raise ParameterError(f"parameter 'lexicons': no gold set for {', '.join(unknown)}; "
                             f"validate one of {', '.join(sorted(GOLD_LABELS))}")
    cache: dict[str, pd.DataFrame] = {}

    def gold_for(construct: str) -> pd.DataFrame:
        if construct not in cache:
            cache[construct] = read_gold(gold_files[construct], GOLD_LABELS[construct], limit=limit)
        return cache[construct]

    results = [validate_lexicon(gold_for(lex.name), lex, Path(gold_files[lex.name]).stem, n_boot, seed)
               for lex in lexs]
    for name, path in (baselines or {}).items():
        if path:
            results.append(validate_lexicon(gold_for("hedging"), wordlist_lexicon(path, name),
                                            Path(gold_files["hedging"]).stem, n_boot, seed))
    return results
