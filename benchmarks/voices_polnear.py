"""Voice attribution scored on PolNeAR (Newell, Margolin & Ruths, LREC 2018), dev split by default.

PolNeAR: 1,008 US political news articles with hand-annotated Source, Cue and Content spans.
Its repository has no licence file: nothing of it is in this project. Get it yourself:

    git clone https://github.com/networkdynamics/PolNeAR /tmp/PolNeAR

Run (the kit on the dev split; token P/R/F1 of source content, direct vs indirect, speaker
accuracy, 95% bootstrap intervals over articles; definitions in framing.voices.evaluate):

    PYTHONPATH=src .venv/bin/python benchmarks/voices_polnear.py /tmp/PolNeAR [--split dev] [--out table.csv]

Score another version of the kit (for a before/after table): write its spans with that version
on the path, then score them with this one:

    PYTHONPATH=/path/to/old/src python benchmarks/voices_polnear.py /tmp/PolNeAR --dump-spans old.csv
    PYTHONPATH=src python benchmarks/voices_polnear.py /tmp/PolNeAR --spans old.csv

Score the rules plus a voice tagger you trained on the train split (benchmarks/voices_train.py):

    PYTHONPATH=src python benchmarks/voices_polnear.py /tmp/PolNeAR --model voices-tagger.npz

The test split is refused on purpose: the rules were written looking at train only; dev is
the held-out report. Articles annotated twice are scored against the first annotator (by name).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd


def articles(root: Path, split: str, limit: int = 0) -> list[tuple[str, str, Path]]:
    """(name, text, annotation file) of every article of a split that has an annotation."""
    data = root / "data" if (root / "data").is_dir() else root
    texts = sorted((data / split / "text").glob("*.txt"))
    if not texts:
        sys.exit(f"no articles under {data / split / 'text'}: pass the PolNeAR clone (see --help)")
    out = []
    for path in texts:
        anns = sorted((data / split / "attributions").glob(path.stem + "_*.ann"))
        if anns:
            out.append((path.stem, path.read_text(encoding="utf-8"), anns[0]))
    return out[:limit] if limit else out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("polnear", type=Path, help="PolNeAR clone (or its data/ folder)")
    ap.add_argument("--split", default="dev", choices=["dev", "train"], help="dev (default) or train")
    ap.add_argument("--limit", type=int, default=0, help="first N articles only")
    ap.add_argument("--n-boot", type=int, default=1000, help="bootstrap resamples over articles")
    ap.add_argument("--spans", type=Path, help="score these spans (CSV from --dump-spans) instead of running the kit")
    ap.add_argument("--dump-spans", type=Path, help="only write the kit's spans to this CSV (needs framing.quotes)")
    ap.add_argument("--model", type=Path, help="correct the spans with this voice tagger (benchmarks/voices_train.py)")
    ap.add_argument("--out", type=Path, help="also write the metric table to this CSV")
    ap.add_argument("--per-doc", type=Path, help="also write per-article counts to this CSV")
    args = ap.parse_args()

    docs = articles(args.polnear, args.split, args.limit)
    corpus = pd.DataFrame({"doc_id": [n for n, _, _ in docs], "text": [t for _, t, _ in docs]})
    if args.spans:
        spans = pd.read_csv(args.spans, keep_default_na=False)
    else:
        from framing.quotes import corpus_voice_spans

        spans = corpus_voice_spans(corpus)
    if args.model:
        from framing.voices.learned import corpus_tagged_spans, load_tagger

        spans = corpus_tagged_spans(load_tagger(args.model), corpus.assign(language="en"), spans)
    if args.dump_spans:
        spans.to_csv(args.dump_spans, index=False)
        print(f"wrote {len(spans):,} spans of {len(docs)} articles to {args.dump_spans}", file=sys.stderr)
        return 0

    from framing.voices.evaluate import read_brat, score_document, score_documents

    by_doc = dict(tuple(spans.groupby("doc_id", sort=False)))
    rows = []
    for name, text, ann in docs:
        gold = read_brat(ann.read_text(encoding="utf-8"), str(ann))
        part = by_doc.get(name, spans.iloc[:0])
        rows.append({"doc_id": name, **score_document(text, part, gold)})
    counts = pd.DataFrame(rows)
    table = score_documents(counts, n_boot=args.n_boot)
    print(f"PolNeAR {args.split}: {len(docs)} articles, {counts['tp'].sum() + counts['fn'].sum():,} gold content "
          f"tokens, {counts['covered'].sum():,} attributions covered")
    for r in table.itertuples():
        print(f"  {r.metric:<12} {r.value:6.3f}  [{r.low:.3f}, {r.high:.3f}]")
    if args.out:
        table.to_csv(args.out, index=False)
    if args.per_doc:
        counts.to_csv(args.per_doc, index=False)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
