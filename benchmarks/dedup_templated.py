"""Near-duplicate detection on templated documents vs exact-only dedup, in the same run (issue 18 item 9).

Builds a JSONL corpus of press releases filled in from a few templates (a temporary folder):
each document is a template's fixed text with its slots filled (names, numbers, places) and a
variable part of its own (long for half the templates, short for the other half, so documents of
one template are 0.3-0.5 similar: not duplicates), and 10% are true near duplicates (a copy of an
earlier document with two words changed). Then the whole `framing dedup` pass (read, clean, hash,
write) runs twice on it: exact duplicates only, and exact + near duplicates; prints both times, the
ratio (goal: <= 2x), and checks the clusters: every planted copy is found, no two documents that
differ in their variable parts are merged.

    PYTHONPATH=src python benchmarks/dedup_templated.py --docs 10000,50000,200000 [--jobs 1]
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from framing.corpus import iter_corpus
from framing.corpus.dedup import THRESHOLD, dedup_chunks, jaccard, shingles

PLACES = ["Kyiv", "Lviv", "Odesa", "Kharkiv", "Dnipro", "Warsaw", "Vilnius", "Riga", "Tallinn", "Berlin"]
FIRST = ["Olena", "Taras", "Iryna", "Andriy", "Maria", "Petro", "Anna", "Oleh", "Sofia", "Ivan"]
LAST = ["Kovalenko", "Shevchenko", "Bondarenko", "Tkachenko", "Melnyk", "Kravchenko", "Boyko", "Marchenko"]


def _word(rnd: random.Random) -> str:
    return "".join(rnd.choice("bcdfghklmnprstvz") + rnd.choice("aeiou") for _ in range(rnd.randint(2, 4)))


def templated_corpus(n: int, templates: int = 20, copies: float = 0.1, seed: int = 0) -> tuple[list[dict], dict]:
    """``n`` records ``{"id", "text", "published"}`` and the planted copies ``{copy_id: original_id}``."""
    rnd = random.Random(seed)
    vocab = [_word(rnd) for _ in range(30_000)]
    shapes = []
    for t in range(templates):
        fixed = [rnd.choice(vocab) for _ in range(90)]
        slots = sorted(rnd.sample(range(5, 85), 6))
        shapes.append((fixed, slots, 60 if t % 2 == 0 else 20))
    records: list[dict] = []
    planted: dict[str, str] = {}
    for i in range(n):
        doc_id = f"d{i:07d}"
        day = f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}"
        if records and rnd.random() < copies:
            original = rnd.choice(records)
            words = original["text"].split()
            for _ in range(2):
                words[rnd.randrange(len(words))] = rnd.choice(vocab)
            records.append({"id": doc_id, "text": " ".join(words), "published": day})
            planted[doc_id] = original["id"]
            continue
        fixed, slots, variable = shapes[rnd.randrange(templates)]
        words = list(fixed)
        for s in slots:
            words[s] = rnd.choice([rnd.choice(FIRST) + " " + rnd.choice(LAST), rnd.choice(PLACES),
                                   str(rnd.randrange(10**6))])
        body = " ".join(words[:45]) + ". " + " ".join(rnd.choice(vocab) for _ in range(variable)) + ". " + " ".join(words[45:])
        records.append({"id": doc_id, "text": body.capitalize() + ".", "published": day})
    return records, planted


def cpu_seconds() -> float:
    """CPU time of this process and its finished workers (steadier than wall time on a busy machine)."""
    me, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + children.ru_utime + children.ru_stime


def run(path: Path, near: bool, jobs: int) -> tuple[float, float, object]:
    """Wall and CPU seconds of the whole pass (read, clean, sketch, cluster), and its result."""
    start, cpu = time.perf_counter(), cpu_seconds()
    chunks = iter_corpus([str(path)], chunksize=5000, id_col="id", dedup=False, keep_all=True)
    deduper = dedup_chunks(chunks, jobs=jobs, near=near)
    try:
        result = deduper.result()
    finally:
        deduper.close()
    return time.perf_counter() - start, cpu_seconds() - cpu, result


def check(result, planted: dict[str, str], text: dict[str, str]) -> str:
    cluster = dict(zip(result["doc_id"], result["dup_cluster"]))
    found = sum(cluster[c] == cluster[o] for c, o in planted.items())
    sizes = result.groupby("dup_cluster").size()
    # a cluster holds an original and its copies (and copies of copies); two originals only when
    # they are near duplicates by chance: then one is >= THRESHOLD similar to another member
    originals = result[~result["doc_id"].isin(planted)]
    joined = originals.groupby("dup_cluster")["doc_id"].apply(list)
    joined = joined[joined.str.len() > 1]
    wrong = 0
    for ids in joined:
        sets = [shingles(text[i]) for i in ids]
        wrong += any(max(jaccard(a, b) for b in sets if b is not a) < THRESHOLD for a in sets)
    return (f"planted copies found {found:,}/{len(planted):,}; clusters of >1: {int((sizes > 1).sum()):,}; "
            f"originals joined: {len(joined)} cluster(s), {wrong} below the threshold")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", default="10000,50000,200000", help="corpus sizes, comma-separated")
    ap.add_argument("--jobs", type=int, default=1)
    args = ap.parse_args(argv)
    print(f"{'docs':>8} {'MB':>4} {'exact-only s':>12} {'exact+near s':>12} {'ratio':>6} {'CPU ratio':>9}  "
          "near us/doc  check")
    for n in [int(x) for x in args.docs.split(",")]:
        with tempfile.TemporaryDirectory(prefix="framing-bench-dedup-") as tmp:
            records, planted = templated_corpus(n)
            path = Path(tmp) / "templated.jsonl"
            path.write_text("".join(json.dumps(r) + "\n" for r in records))
            text = {r["id"]: r["text"] for r in records}
            del records
            exact_s, exact_cpu, _ = run(path, near=False, jobs=args.jobs)
            near_s, near_cpu, result = run(path, near=True, jobs=args.jobs)
            mb = path.stat().st_size / 1e6
            print(f"{n:>8,} {mb:>4.0f} {exact_s:>12.1f} {near_s:>12.1f} {near_s / exact_s:>5.2f}x {near_cpu / exact_cpu:>8.2f}x  "
                  f"{(near_s - exact_s) / n * 1e6:>11.0f}  {check(result, planted, text)}", flush=True)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS of this process: {rss:.0f} MB (jobs={args.jobs}; the corpus itself is built in memory first)")
    return 0


if __name__ == "__main__":
    np.seterr(all="ignore")
    sys.exit(main())
