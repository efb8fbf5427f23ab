"""Validity table: P/R/F1 with 95% bootstrap intervals, tuning part vs held-out part, per lexicon and gold set.

    PYTHONPATH=src python benchmarks/validity.py                    # the kit's lexicons
    PYTHONPATH=src python benchmarks/validity.py --lexicons DIR     # NAME.yaml files in DIR instead
    PYTHONPATH=src python benchmarks/validity.py --errors concession@concession_v2.csv
    PYTHONPATH=src python benchmarks/validity.py --errors concession.ru@concession_dev_ru.csv   # a language version
    PYTHONPATH=src python benchmarks/validity.py --errors hedged_claim.uk@concession_v2_tune_uk.csv  # translated tuning data
    PYTHONPATH=src python benchmarks/validity.py --part tune        # tuning parts only (while writing a lexicon)
    PYTHONPATH=src python benchmarks/validity.py --szeged wiki.xml --szeged factbank.xml
    PYTHONPATH=src python benchmarks/validity.py --model data/models/concession_en.json --part heldout

``--szeged`` scores hedging, hedged_claim and the words/hedges list on Szeged Uncertainty Corpus
XML files nobody tuned on (e.g. ``corpora/old/wiki.xml`` and ``factbank.xml`` of
github.com/meyersbs/uncertainty, commit 63c37ac5; not in the repository: FactBank is LDC-licensed):
a sentence is uncertain when it holds a ``ccue`` element; documents of
``wiki_uncertainty_dev.csv`` are left out.

``concession_corpus_tune.csv`` (press-release sentences sharing no text with the other gold sets, coded by a
language-model coder; tools/make_concession_corpus_sample.py) is all tuning: its rows are never a validity score.
``concession_synthetic_tune.csv`` (news-style sentences written and labelled by a language model from the codebook:
synthetic, no real text) is all tuning too.

``--model FILE`` scores a sentence classifier (``framing model``) on the English concession sets instead, next to
the ``concession`` lexicon on the same sentences (same bootstrap seed). A model trained by
tools/train_concession_model.py has seen every tuning part: its tuning-part rows are in-sample, not validity.

The split is the stored one (framing.gold_split). ``--errors`` lists the most frequent false
positives and false negatives of one case on the TUNING part only: held-out errors are never
printed, so that tuning cannot see them.
"""

from __future__ import annotations

import argparse
import xml.etree.ElementTree as ET
from pathlib import Path

import pandas as pd

from framing.gold_split import gold_part
from framing.lexicons import load_lexicon
from framing.model import load_model, predict
from framing.paths import data_dir
from framing.validate import (
    NAIVE_CONCESSION,
    bootstrap_prf,
    frequent_errors,
    gold_matches,
    naive_predictions,
    predict_sentences,
    validity_table,
)

# (case name, lexicon, gold set, label, hits)
CASES = [
    ("concession", "concession", "concession_dev.csv", "concession", "any"),
    ("concession", "concession", "concession_v2.csv", "concession", "any"),
    ("concession", "concession", "concession_corpus_tune.csv", "concession", "any"),
    ("concession", "concession", "concession_synthetic_tune.csv", "concession", "any"),
    ("concession negated", "concession", "concession_dev.csv", "negated", "negated"),
    ("concession negated", "concession", "concession_v2.csv", "negated", "negated"),
    ("concession negated", "concession", "concession_corpus_tune.csv", "negated", "negated"),
    ("concession negated", "concession", "concession_synthetic_tune.csv", "negated", "negated"),
    ("naive concession list", NAIVE_CONCESSION, "concession_v2.csv", "concession", "any"),
    ("naive concession list", NAIVE_CONCESSION, "concession_corpus_tune.csv", "concession", "any"),
    ("naive concession list", NAIVE_CONCESSION, "concession_synthetic_tune.csv", "concession", "any"),
    ("hedging", "hedging", "wiki_uncertainty_dev.csv", "is_uncertain", "any"),
    ("words/hedges list", "hedges_data.txt", "wiki_uncertainty_dev.csv", "is_uncertain", "any"),
    ("hedging vs hedged", "hedging", "concession_v2.csv", "hedged", "any"),
    ("hedging vs hedged", "hedging", "concession_dev.csv", "hedged", "any"),
    ("hedged_claim vs hedged", "hedged_claim", "concession_v2.csv", "hedged", "any"),
    ("hedged_claim vs hedged", "hedged_claim", "concession_dev.csv", "hedged", "any"),
    ("hedged_claim vs hedged", "hedged_claim", "concession_corpus_tune.csv", "hedged", "any"),
]

# Russian and Ukrainian versions (issue 21): NAME.LANG is the LANG version of lexicon NAME, scored on
# the translation of concession_dev.csv into LANG (English labels carried over; one split for both).
# concession_v2_heldout_LANG.csv: 80 held-out sentences of concession_v2.csv translated by this project (all held out).
# concession_v2_tune_LANG.csv: 132 TUNING-part sentences of concession_v2.csv translated by this project (all tuning).
# concession_corpus_tune_LANG.csv: 112 sentences of concession_corpus_tune.csv translated by this project (all tuning).
# concession_v2_tune_neg_LANG.csv: 50 more TUNING-part hard negatives of concession_v2.csv translated (all tuning).
# concession_synthetic_tune_LANG.csv: ~150 sentences written in LANG and labelled by a language model (all tuning).
# concession_en_tune_translated_LANG.csv: English tuning-only sentences translated for error analysis (issue 21 round 7; all tuning).
# concession_synthetic_tune9_LANG.csv: ~150 more sentences written in LANG by a language model (issue 21 round 9; all tuning).
LANGUAGE_CASES = [
    (f"{case} ({lang})", f"{lex}.{lang}", gold, label, hits)
    for lang in ("ru", "uk")
    for gold in (f"concession_dev_{lang}.csv", f"concession_v2_tune_{lang}.csv", f"concession_corpus_tune_{lang}.csv",
                 f"concession_v2_tune_neg_{lang}.csv", f"concession_synthetic_tune_{lang}.csv",
                 f"concession_en_tune_translated_{lang}.csv", f"concession_synthetic_tune9_{lang}.csv",
                 f"concession_v2_heldout_{lang}.csv")
    for case, lex, label, hits in [("concession", "concession", "concession", "any"),
                                   ("concession negated", "concession", "negated", "negated"),
                                   ("hedging vs hedged", "hedging", "hedged", "any"),
                                   ("hedged_claim vs hedged", "hedged_claim", "hedged", "any")]
]


def _lexicon(name, folder: Path | None):
    """Lexicon ``NAME`` or its language version ``NAME.LANG`` (e.g. ``concession.ru``), from ``folder`` if it has the file."""
    base, _, language = name.partition(".")
    if folder is not None and (folder / f"{name}.yaml").is_file():
        return load_lexicon(folder / f"{name}.yaml")
    return load_lexicon(base, language=language or None)


def _words(name: str) -> list[str]:
    lines = (data_dir() / "lexicon-refs" / name).read_text(encoding="utf-8").splitlines()
    return [w.strip() for w in lines if w.strip() and not w.startswith("%")]


def fmt(r: dict) -> str:
    text = "  ".join(f"{k[0].upper()} {r[k]:.2f} [{r[k + '_low']:.2f}, {r[k + '_high']:.2f}]"
                     for k in ("precision", "recall", "f1"))
    extra = f"  neg.acc {r['neg_acc']:.2f}" if r.get("neg_acc") == r.get("neg_acc") and "neg_acc" in r else ""
    return f"{text}  (tp {r['tp']}, fp {r['fp']}, fn {r['fn']}, n {r['n']}){extra}"


def szeged_sentences(path: Path) -> pd.DataFrame:
    """``doc_id, text, is_uncertain`` per sentence of a Szeged Uncertainty Corpus XML file
    (uncertain = the sentence holds a ``ccue`` element), less the documents of ``wiki_uncertainty_dev.csv``."""
    dev = set(pd.read_csv(data_dir() / "gold" / "wiki_uncertainty_dev.csv", usecols=["doc_id"])["doc_id"])
    rows = []
    for doc in ET.parse(path).getroot().iter("Document"):
        doc_id = (doc.findtext("DocID") or "").strip()
        if doc_id in dev:
            continue
        for sent in doc.iter("Sentence"):
            text = " ".join("".join(sent.itertext()).split())
            rows.append({"doc_id": doc_id, "text": text, "is_uncertain": sent.find(".//ccue") is not None})
    return pd.DataFrame(rows, columns=["doc_id", "text", "is_uncertain"])


def szeged_table(path: Path, folder: Path | None, n_boot: int) -> None:
    table = szeged_sentences(path)
    texts, truth = table["text"].tolist(), table["is_uncertain"].to_numpy()
    print(f"{path.name}: {len(table)} sentences in {table['doc_id'].nunique()} documents, {int(truth.sum())} uncertain")
    for name in ("hedging", "hedged_claim"):
        r = bootstrap_prf(predict_sentences(texts, _lexicon(name, folder)), truth, n_boot)
        print(f"  {name:20} {fmt(r)}")
    r = bootstrap_prf(naive_predictions(texts, _words("hedges_data.txt")), truth, n_boot)
    print(f"  {'words/hedges list':20} {fmt(r)}")


MODEL_GOLD = ("concession_v2.csv", "concession_dev.csv", "concession_corpus_tune.csv", "concession_synthetic_tune.csv")


def model_table(path: Path, parts: tuple[str, ...], folder: Path | None, n_boot: int,
                gold_names: tuple[str, ...] = MODEL_GOLD) -> pd.DataFrame:
    """P/R/F1 with intervals of the model file at ``path`` and of the lexicon named by its label, per gold set
    (default: the English concession sets) and part (empty parts are left out)."""
    model = load_model(path)
    label = model["label"]
    lexicon = _lexicon(label, folder)
    rows = []
    for gold_name in gold_names:
        for part in parts:
            gold = gold_part(gold_name, part)
            if gold.empty:
                continue
            texts, truth = gold["text"].fillna("").astype(str).tolist(), gold[label].to_numpy()
            preds = {f"model {path.name}": predict(model, texts)[f"{label}_pred"].to_numpy(),
                     f"lexicon {lexicon.name} {lexicon.version}": predict_sentences(texts, lexicon)}
            for case, pred in preds.items():
                rows.append({"case": case, "gold": gold_name, "part": part, **bootstrap_prf(pred, truth, n_boot)})
    return pd.DataFrame(rows)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--lexicons", type=Path, help="folder of NAME.yaml files to evaluate instead of the built-ins")
    ap.add_argument("--n-boot", type=int, default=1000)
    ap.add_argument("--errors", help="CASE@GOLD (e.g. concession@concession_v2.csv): tuning-part errors")
    ap.add_argument("--label", default="", help="with --errors: the gold column (default: the case's)")
    ap.add_argument("--part", choices=["tune", "heldout"], action="append",
                    help="score only this part (repeatable; default both)")
    ap.add_argument("--szeged", type=Path, action="append", default=[],
                    help="a Szeged Uncertainty Corpus XML file to score hedging on (repeatable)")
    ap.add_argument("--model", type=Path, help="a model file (framing model) to score on the English concession sets")
    args = ap.parse_args()
    if args.model:
        parts = tuple(args.part or ("tune", "heldout"))
        for r in model_table(args.model, parts, args.lexicons, args.n_boot).to_dict("records"):
            print(f"{r['case']:32} {r['gold']:30} {r['part']:8} {fmt(r)}")
        return
    if args.szeged:
        for path in args.szeged:
            szeged_table(path, args.lexicons, args.n_boot)
        return
    if args.errors:
        lex, gold_name = args.errors.split("@")
        label = args.label or next(c[3] for c in CASES + LANGUAGE_CASES if c[1] == lex and c[2] == gold_name)
        gold = gold_part(gold_name, "tune")
        matches = gold_matches(gold["text"].fillna("").astype(str).tolist(), _lexicon(lex, args.lexicons))
        fps, fns = frequent_errors(matches, gold, label, top=40, width=80)
        with pd.option_context("display.max_colwidth", 200, "display.width", 250):
            print("FALSE POSITIVES (tuning part)\n", fps.to_string(), "\nFALSE NEGATIVES (tuning part)")
            for row in fns.itertuples():
                print(f"  [{row.row}] {row.text}")
        return
    for title, table in (("English", CASES), ("Russian and Ukrainian (issue 21)", LANGUAGE_CASES)):
        print(f"\n{title}\n{'case':29} {'gold set':26} {'part':8} P/R/F1 with 95% bootstrap intervals")
        cases = []
        for case, lex, gold_name, label, hits in table:
            if isinstance(lex, str) and lex.endswith(".txt"):
                lex = _words(lex)
            elif isinstance(lex, str):
                lex = _lexicon(lex, args.lexicons)
            cases.append((case, lex, gold_name, label, hits))
        for r in validity_table(cases, parts=tuple(args.part or ("tune", "heldout")), n_boot=args.n_boot).to_dict("records"):
            print(f"{r['case']:29} {r['gold']:26} {r['part']:8} {fmt(r)}")

if __name__ == "__main__":
    main()
