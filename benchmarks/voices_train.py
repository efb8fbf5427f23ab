"""Train the voice tagger (framing.voices.learned) on PolNeAR's train split; write a model file.

The kit ships no weights: PolNeAR's repository has no licence file, so a model trained on it
stays with whoever trained it. Get PolNeAR yourself and train:

    git clone https://github.com/networkdynamics/PolNeAR /tmp/PolNeAR
    PYTHONPATH=src python benchmarks/voices_train.py /tmp/PolNeAR --out voices-tagger.npz

then use it (speakers still come from the rules; without --model nothing changes):

    framing voices articles.jsonl --model voices-tagger.npz --out spans.csv
    framing matches articles.jsonl --lexicon hedging --voices --model voices-tagger.npz
    PYTHONPATH=src python benchmarks/voices_polnear.py /tmp/PolNeAR --model voices-tagger.npz   # dev

Only the train split is read. The regularisation C, the smoothing and the decision threshold are
chosen by cross-validation over train articles (grouped by article: an article's words are never
both fitted and scored), on out-of-fold token F1 of source content; the out-of-fold spans are
scored as the benchmark scores dev (content F1, indirect F1, speaker accuracy with bootstrap
intervals) and that figure is printed and kept in the model file. Note that the rules were
written looking at train, so their output on train is a little better than on unseen text and the
cross-validated figure is somewhat optimistic. The final model is fitted on all train articles.

``--spans`` reads the rules' spans of train from a CSV written by
``voices_polnear.py --split train --dump-spans FILE`` (saves recomputing them).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import sparse

sys.path.insert(0, str(Path(__file__).parent))
from voices_polnear import articles  # (the same article reader as the benchmark)


def _f1(pred: np.ndarray, gold: np.ndarray) -> float:
    tp = float((pred & gold).sum())
    return 2 * tp / (pred.sum() + gold.sum()) if pred.sum() + gold.sum() else float("nan")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("polnear", type=Path, help="PolNeAR clone (or its data/ folder)")
    ap.add_argument("--out", type=Path, required=True, help="model file to write (.npz)")
    ap.add_argument("--spans", type=Path, help="the rules' spans of train (CSV from voices_polnear.py --dump-spans)")
    ap.add_argument("--limit", type=int, default=0, help="first N train articles only (a quicker, smaller model)")
    ap.add_argument("--every", type=int, default=1, help="every K-th train article only (a subsample over all outlets)")
    ap.add_argument("--folds", type=int, default=4, help="cross-validation folds over articles (default 4)")
    ap.add_argument("--c", type=float, nargs="+", default=[0.1, 0.3, 1.0], help="values of C to try (default 0.1 0.3 1)")
    ap.add_argument("--n-features", type=int, default=2 ** 20, help="hashed feature space (a power of two)")
    ap.add_argument("--n-boot", type=int, default=1000, help="bootstrap resamples for the cross-validated figure")
    args = ap.parse_args()

    from sklearn.model_selection import GroupKFold

    from framing.quotes import corpus_voice_spans
    from framing.voices import load_cues
    from framing.voices.evaluate import read_brat, score_document, score_documents
    from framing.voices.learned import (
        SMOOTHINGS,
        feature_matrix,
        save_tagger,
        smooth,
        spans_from_decisions,
        stack_columns,
        stacked_probabilities,
        token_features,
        token_groups,
        token_labels,
        token_probabilities,
        train_stacker,
        train_tagger,
    )

    clock = time.process_time()
    docs = articles(args.polnear, "train", args.limit)[::args.every]
    if args.spans:
        spans = pd.read_csv(args.spans, keep_default_na=False)
    else:
        spans = corpus_voice_spans(pd.DataFrame({"doc_id": [n for n, _, _ in docs], "text": [t for _, t, _ in docs]}))
    by_doc = dict(tuple(spans.groupby("doc_id", sort=False)))
    blocks, labels, groups, sents, clauses, golds, rules = [], [], [], [], [], [], []
    offset = 0
    for k, (name, text, ann) in enumerate(docs):
        gold = read_brat(ann.read_text(encoding="utf-8"), str(ann))
        part = by_doc.get(name, spans.iloc[:0]).reset_index(drop=True)
        blocks.append(feature_matrix(token_features(text, part), args.n_features))
        labels.append(token_labels(text, [c for g in gold for c in g.content]))
        sent, clause = token_groups(text)
        sents.append(sent + offset)  # numbers unique over the corpus: smoothing never crosses articles
        clauses.append(clause + offset)
        offset += len(sent) + 1
        groups.append(np.full(len(sent), k))
        golds.append(gold)
        rules.append(part)
    x = sparse.vstack(blocks).tocsr()
    y = np.concatenate(labels)
    group = np.concatenate(groups)
    sent_all, clause_all = np.concatenate(sents), np.concatenate(clauses)
    print(f"{len(docs)} train articles, {len(y):,} words ({int(y.sum()):,} in gold content), "
          f"features in {time.process_time() - clock:.0f} s CPU", file=sys.stderr)

    # cross-validation over articles: out-of-fold probabilities for each C
    folds = list(GroupKFold(n_splits=args.folds).split(x, y, group))
    best: tuple[float, float, str, float] | None = None  # (f1, c, smoothing, threshold)
    oof_best = None
    for c in args.c:
        oof = np.zeros(len(y))
        for fit_rows, score_rows in folds:
            tagger = train_tagger(x[fit_rows], y[fit_rows], c=c)
            oof[score_rows] = token_probabilities(tagger, x[score_rows])
        for how in SMOOTHINGS:
            probs = smooth(oof, sent_all, clause_all, how)
            for threshold in np.arange(0.30, 0.71, 0.05):
                f1 = _f1(probs >= threshold, y.astype(bool))
                if best is None or f1 > best[0]:
                    best, oof_best = (f1, c, how, round(float(threshold), 2)), oof
            print(f"  C={c:<5} {how:<8} best token F1 so far {best[0]:.4f} (C={best[1]}, {best[2]}, "
                  f"threshold {best[3]})  [{time.process_time() - clock:.0f} s CPU]", file=sys.stderr)
    assert best is not None and oof_best is not None
    f1, c, how, threshold = best
    decided = smooth(oof_best, sent_all, clause_all, how) >= threshold

    # the second step (a stacker on the out-of-fold probabilities), scored by the same folds
    cols = stack_columns(oof_best, sent_all, clause_all)
    stacked = np.zeros(len(y))
    for fit_rows, score_rows in folds:
        stacked[score_rows] = stacked_probabilities(train_stacker(cols[fit_rows], y[fit_rows]), cols[score_rows])
    stack_best = max((_f1(stacked >= t, y.astype(bool)), round(float(t), 2)) for t in np.arange(0.30, 0.71, 0.05))
    print(f"  second step: token F1 {stack_best[0]:.4f} at threshold {stack_best[1]} (smoothing {how}: {f1:.4f})",
          file=sys.stderr)
    stacker = None
    if stack_best[0] > f1:
        f1, how, threshold = stack_best[0], "none", stack_best[1]
        decided = stacked >= threshold
        stacker = train_stacker(cols, y)

    # the out-of-fold spans scored as the benchmark scores dev; the rules' own spans for comparison
    rows_rules, rows_cv = [], []
    start = 0
    for (_name, text, _), gold, part, lab in zip(docs, golds, rules, labels):
        end = start + len(lab)
        rows_rules.append(score_document(text, part, gold))
        rows_cv.append(score_document(text, spans_from_decisions(text, part, decided[start:end]), gold))
        start = end
    table_rules = score_documents(pd.DataFrame(rows_rules), n_boot=args.n_boot).set_index("metric")
    table_cv = score_documents(pd.DataFrame(rows_cv), n_boot=args.n_boot).set_index("metric")
    step = "second step" if stacker is not None else f"smoothing {how}"
    print(f"\nPolNeAR train, {args.folds}-fold cross-validation over {len(docs)} articles "
          f"(C={c}, {step}, threshold {threshold}):")
    print(f"  {'metric':<12} {'rules':>22}   {'rules + tagger (out of fold)':>30}")
    cv_scores = {}
    for metric in table_rules.index:
        r, t = table_rules.loc[metric], table_cv.loc[metric]
        cv_scores[metric] = [round(float(t["value"]), 4), round(float(t["low"]), 4), round(float(t["high"]), 4)]
        print(f"  {metric:<12} {r['value']:6.3f} [{r['low']:.3f}, {r['high']:.3f}]   "
              f"{t['value']:6.3f} [{t['low']:.3f}, {t['high']:.3f}]")

    tagger = train_tagger(x, y, c=c, threshold=threshold, smoothing=how, settings={
        "trained_on": f"PolNeAR train ({len(docs)} articles, {len(y)} words)", "folds": args.folds,
        "c_tried": list(args.c), "cv_token_f1": round(f1, 4), "cv": cv_scores,
        "cues_version": load_cues().version}, stacker=stacker)
    save_tagger(tagger, args.out)
    print(f"\nwrote {args.out} ({time.process_time() - clock:.0f} s CPU in all)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
