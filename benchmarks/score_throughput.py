"""Throughput of doc-level and sentence-level scoring, against peers measured in the same run.

    python benchmarks/score_throughput.py              # 100 MB for framing, 20 MB for each peer
    python benchmarks/score_throughput.py --mb 20 --peer-mb 5 --jobs 2

The press-release corpus is replicated to ``--mb`` megabytes (characters). Peers run on the same
texts (the first ``--peer-mb``; throughput is a rate) and the same term list: every plain phrase
term of the built-in lexicons (wildcard and regex terms are left out for them). framing is
measured twice: the full ``score`` (all lexicons, wildcards, exclusions, negation scope, token
counts) and its bare matcher on the peers' term list. Peers:

* framing token trie: the alternative design (word tokens + dict trie), kept here for the record;
* one Python ``re`` alternation, longest term first, case-insensitive, whole words;
* nltk: TreebankWordTokenizer on lower-cased text + n-gram set lookup;
* spaCy PhraseMatcher (``spacy.blank("en")``, ``attr="LOWER"``) - skipped with a reason if absent.

Prints MB/s, docs/s and the ratio of framing's full score to each. The machine may be shared:
compare ratios within one run, not absolute figures across runs.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import time

import pandas as pd

from framing import load_corpus, load_lexicons, score
from framing.lexicons import parse_lexicon
from framing.match import Matcher, batches, normalise_term
from framing.text import WORD_RE


def corpus_of(mb: float) -> pd.DataFrame:
    base = load_corpus("press-releases")[["doc_id", "text"]]
    size = base["text"].str.len().sum()
    reps = max(1, int(round(mb * 1e6 / size + 0.4999)))
    parts = [base.assign(doc_id=base["doc_id"] + f"#{i}") for i in range(reps)]
    out = pd.concat(parts, ignore_index=True)
    limit = mb * 1e6
    keep = out["text"].str.len().cumsum() <= limit
    return out[keep | (keep.cumsum() == 0)].reset_index(drop=True)


def phrase_terms(lexicons) -> list[str]:
    return sorted({normalise_term(t.text) for lex in lexicons for t in lex.entries if t.kind == "phrase"})


def timed(fn, texts: list[str]) -> tuple[float, int]:
    t0 = time.perf_counter()
    n = fn(texts)
    return time.perf_counter() - t0, n


def run_regex(terms: list[str]):
    body = "|".join(r"\s+".join(re.escape(w) for w in t.split()) for t in sorted(terms, key=len, reverse=True))
    pattern = re.compile(rf"(?<!\w)(?:{body})(?!\w)", re.IGNORECASE)
    return lambda texts: sum(1 for t in texts for _ in pattern.finditer(t))


def run_token_trie(terms: list[str]):
    trie: dict = {}
    for t in terms:
        node = trie
        for w in t.split():
            node = node.setdefault(w, {})
        node[None] = t

    def count(texts: list[str]) -> int:
        n = 0
        for text in texts:
            toks = WORD_RE.findall(text.lower())
            i, size = 0, len(toks)
            while i < size:
                node, j, best = trie.get(toks[i]), i + 1, 0
                while node is not None:
                    if None in node:
                        best = j
                    if j >= size:
                        break
                    node, j = node.get(toks[j]), j + 1
                if best:
                    n += 1
                    i = best
                else:
                    i += 1
        return n
    return count


def run_nltk(terms: list[str]):
    from nltk.tokenize import TreebankWordTokenizer
    from nltk.util import ngrams

    tok = TreebankWordTokenizer()
    by_len: dict[int, set] = {}
    for t in terms:
        words = tuple(tok.tokenize(t))
        by_len.setdefault(len(words), set()).add(words)

    def count(texts: list[str]) -> int:
        n = 0
        for text in texts:
            words = tok.tokenize(text.lower())
            for k, wanted in by_len.items():
                n += sum(1 for g in ngrams(words, k) if g in wanted)
        return n
    return count


def run_spacy(terms: list[str]):
    import spacy
    from spacy.matcher import PhraseMatcher

    nlp = spacy.blank("en")
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    matcher.add("TERMS", list(nlp.tokenizer.pipe(terms)))
    return lambda texts: sum(len(matcher(doc)) for doc in nlp.tokenizer.pipe(texts, batch_size=64))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--mb", type=float, default=100.0, help="corpus size for framing (default 100)")
    ap.add_argument("--peer-mb", type=float, default=20.0, help="corpus size for each peer (default 20)")
    ap.add_argument("--jobs", type=int, default=2, help="processes for the --jobs measurement (default 2)")
    ap.add_argument("--re-mb", type=float, default=0.5,
                    help="corpus size for the re alternation, which is far slower (default 0.5)")
    args = ap.parse_args(argv)

    lexicons = load_lexicons()
    corpus = corpus_of(args.mb)
    texts = corpus["text"].tolist()
    mb = sum(map(len, texts)) / 1e6
    peer_corpus = corpus_of(min(args.peer_mb, args.mb))
    peer_texts = peer_corpus["text"].tolist()
    peer_mb = sum(map(len, peer_texts)) / 1e6
    terms = phrase_terms(lexicons)
    n_entries = sum(len(lex.entries) for lex in lexicons)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"corpus: {mb:.1f} MB, {len(texts):,} docs (framing); {peer_mb:.1f} MB, {len(peer_texts):,} docs (peers)")
    print(f"lexicons: {len(lexicons)} built-in, {n_entries:,} terms; peers' list: {len(terms):,} plain phrase terms")
    print(f"cpus: {os.cpu_count()}, load average at start: {load:.1f}\n")

    rows = []

    def record(name: str, seconds: float, size_mb: float, docs: int, hits: int | str = "") -> None:
        rows.append({"method": name, "MB/s": size_mb / seconds, "docs/s": docs / seconds, "hits": hits,
                     "seconds": seconds})
        print(f"  {name:<48} {size_mb / seconds:7.2f} MB/s {docs / seconds:9.0f} docs/s  ({seconds:.1f} s)", flush=True)

    t0 = time.perf_counter()
    score(corpus.head(50), lexicons, level="sentence")  # one-time costs: compile, import nltk (not throughput)
    print(f"one-time start-up (compile the lexicons, import nltk): {time.perf_counter() - t0:.2f} s\n")
    t0 = time.perf_counter()
    table = score(corpus, lexicons)
    record("framing score, doc level, all lexicons (jobs=1)", time.perf_counter() - t0, mb, len(texts),
           int(table[[f"{x.name}_count" for x in lexicons]].to_numpy().sum()))
    t0 = time.perf_counter()
    score(peer_corpus, lexicons, level="sentence")
    record("framing score, sentence level (jobs=1)", time.perf_counter() - t0, peer_mb, len(peer_texts))
    if args.jobs > 1:
        t0 = time.perf_counter()
        par = score(corpus, lexicons, jobs=args.jobs)
        record(f"framing score, doc level (jobs={args.jobs})", time.perf_counter() - t0, mb, len(texts))
        assert par.equals(table), "parallel scoring must give the same table"

    plain = parse_lexicon({"name": "plain", "version": "0", "description": "peers' term list", "negation": False,
                           "categories": {"all": {"terms": terms}}}, "", "<bench>")
    bare = Matcher([plain])
    seconds, hits = timed(lambda ts: sum(len(bare.find(batch).doc) for _, batch in batches(ts)), peer_texts)
    record("framing matcher (Aho-Corasick), peers' term list", seconds, peer_mb, len(peer_texts), hits)

    peers = [("framing token trie (alternative design)", run_token_trie), ("one re alternation", run_regex),
             ("nltk Treebank tokens + n-gram set lookup", run_nltk),
             ('spaCy PhraseMatcher (blank("en"), attr=LOWER)', run_spacy)]
    re_texts = corpus_of(min(args.re_mb, args.peer_mb))["text"].tolist()
    for name, make in peers:
        try:
            fn = make(terms)
        except ImportError as exc:
            print(f"  {name:<48} skipped: {exc.name or exc} is not installed (pip install -e '.[bench]')")
            continue
        sample = re_texts if make is run_regex else peer_texts
        seconds, hits = timed(fn, sample)
        record(name + (f" [{sum(map(len, sample)) / 1e6:.1f} MB]" if make is run_regex else ""), seconds,
               sum(map(len, sample)) / 1e6, len(sample), hits)

    full = rows[0]["MB/s"]
    print("\nratios (framing full doc-level score MB/s / method MB/s):")
    for r in rows[1:]:
        print(f"  vs {r['method']:<48} {full / r['MB/s']:6.2f}x")
    if args.jobs > 1:
        par_row = next(r for r in rows if r["method"].startswith(f"framing score, doc level (jobs={args.jobs})"))
        print(f"\nspeed-up with jobs={args.jobs}: {par_row['MB/s'] / full:.2f}x (on {os.cpu_count()} shared cores)")
    print(f"\nload average at end: {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
