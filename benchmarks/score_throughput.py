"""Throughput of doc-level and sentence-level scoring, against peers measured in the same run.

    python benchmarks/score_throughput.py              # 100 MB for framing, 20 MB for each peer
    python benchmarks/score_throughput.py --mb 20 --peer-mb 5 --jobs 2 --repeat 1

The press-release corpus is replicated to ``--mb`` megabytes (characters). Peers run on the same
texts (the first ``--peer-mb``; throughput is a rate) and the same term list: every plain phrase
term of the built-in lexicons (wildcard and regex terms are left out for them). framing is
measured three ways: the full ``score`` at document level (all lexicons, wildcards, exclusions,
negation scope, token counts), at sentence level (plus Punkt sentence spans), and its bare
matcher on the peers' term list. Peers:

* pyahocorasick: the previous design (a C automaton iterated from Python, word edges checked
  per match) - skipped with a reason if absent;
* framing token trie: the other design considered (word tokens + dict trie), for the record;
* one Python ``re`` alternation, longest term first, case-insensitive, whole words;
* nltk: TreebankWordTokenizer on lower-cased text + n-gram set lookup;
* spaCy PhraseMatcher (``spacy.blank("en")``, ``attr="LOWER"``) - skipped with a reason if absent.

Russian and Ukrainian (``--ru-mb``, default 5): the Russian and Ukrainian sentences of the
translated gold sets (``data/gold/concession_dev_{ru,uk}.csv``, else ``../shared/data/gold``, or ``--gold-dir``) joined
ten to a document and replicated, scored with the lexicons' ``ru``/``uk`` versions where the kit
has them (``match: lemma``), else with a bench lexicon of 300 frequent lemmas of that text
(ranks 40-340: dense hits, a worst case for the per-hit stages); the same bench lexicon as
``match: word`` (surface forms) shows what lemmatising costs; the lemma view alone
(:func:`framing.match.lemma.lemma_view`, word cache warm) and the language detection that
``score`` runs when a corpus has no ``language`` column are measured on their own; all the
built-in lexicons score the same sentences' English originals (``text_en``) for comparison.
MB here are million characters, as for English (Cyrillic takes two bytes a letter in UTF-8).

Every method runs ``--repeat`` times; the median is reported. Single-process figures are MB per
CPU second (``time.process_time``: what "per core" means, and steadier than wall time on a shared
machine); the ``--jobs`` run is wall time, compared with the wall time of one process.
Sentence level runs on text seen once (at most one copy of the corpus) with Punkt's memo cleared
before each repetition, as on a new corpus. Prints the ratio of framing's doc-level score to each
method and whether the issue's targets (>= 25 MB/s doc level, >= 4 MB/s sentence level, per core)
are met. Compare ratios within one run, not absolute figures across runs or machines.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import time

import pandas as pd

from framing import load_corpus, load_lexicons, score
from framing.lexicons import lexicon_languages, load_lexicon, parse_lexicon
from framing.match import Matcher, batches, normalise_term
from framing.match.languages import detect
from framing.match.lemma import lemma_of, lemma_view
from framing.punkt import cached_punkt
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


def timed(fn, repeat: int, before=None) -> tuple[float, float, object]:
    """Median (CPU seconds, wall seconds) over ``repeat`` runs of ``fn()``, and its last result."""
    cpu, wall = [], []
    for _ in range(repeat):
        if before:
            before()
        c0, w0 = time.process_time(), time.perf_counter()
        out = fn()
        cpu.append(time.process_time() - c0)
        wall.append(time.perf_counter() - w0)
    return statistics.median(cpu), statistics.median(wall), out


def run_pyahocorasick(terms: list[str]):
    import ahocorasick

    automaton = ahocorasick.Automaton()
    for t in terms:
        automaton.add_word(t, len(t))
    automaton.make_automaton()

    def count(texts: list[str]) -> int:
        n = 0
        for text in texts:
            low = text.lower()
            size = len(low)
            for end, length in automaton.iter(low):
                start = end - length + 1
                if (start == 0 or not low[start - 1].isalnum()) and (end + 1 == size or not low[end + 1].isalnum()):
                    n += 1
        return n
    return count


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


def default_gold_dir() -> str:
    """``data/gold`` of the project if it holds the translated gold sets, else ``../shared/data/gold``."""
    from framing.paths import gold_dir, project_root

    own = gold_dir()
    return str(own if (own / "concession_dev_ru.csv").is_file() else project_root().parent / "shared" / "data" / "gold")


def cyrillic_corpus(language: str, mb: float, gold_dir: str, column: str = "text") -> pd.DataFrame:
    """The gold set's sentences in ``language`` (``column="text_en"``: their English originals), ten to
    a document, replicated to ``mb`` million characters."""
    sentences = pd.read_csv(os.path.join(gold_dir, f"concession_dev_{language}.csv"))[column].tolist()
    docs = [" ".join(sentences[i:i + 10]) for i in range(0, len(sentences), 10)]
    reps = max(1, int(mb * 1e6 / sum(map(len, docs)) + 0.9999))
    texts = [d for _ in range(reps) for d in docs]
    return pd.DataFrame({"doc_id": [f"{language}{i}" for i in range(len(texts))], "text": texts})


def cyrillic_lexicons(language: str, texts: list[str], match: str) -> list:
    """The built-in lexicons' versions in ``language`` (for ``match: lemma``, where there are any), else
    one bench lexicon: 300 frequent lemmas of the texts (or their surface forms, for ``match: word``)."""
    from collections import Counter

    from framing.lexicons import builtin_names

    if match == "lemma":
        versions = [load_lexicon(n, language) for n in builtin_names() if language in lexicon_languages(n)]
        if versions:
            return versions
    lemma = (lambda w: lemma_of(w, language).lower()) if match == "lemma" else (lambda w: w)
    words = Counter(lemma(w) for t in texts[:400] for w in WORD_RE.findall(t.lower()))
    terms = [w for w, _ in words.most_common(340)[40:]]
    return [parse_lexicon({"name": "bench", "version": "0", "description": "bench", "language": language,
                           "match": match, "categories": {"all": {"terms": terms}}}, "", "<bench>")]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--mb", type=float, default=100.0, help="corpus size for framing (default 100)")
    ap.add_argument("--peer-mb", type=float, default=20.0, help="corpus size for each peer (default 20)")
    ap.add_argument("--jobs", type=int, default=2, help="processes for the --jobs measurement (default 2)")
    ap.add_argument("--repeat", type=int, default=3, help="runs of each method; the median counts (default 3)")
    ap.add_argument("--ru-mb", type=float, default=5.0,
                    help="Russian and Ukrainian corpus size, million characters (default 5; 0 skips them)")
    ap.add_argument("--gold-dir", default=None, help="where concession_dev_ru.csv and _uk.csv are (default: "
                    "data/gold, else ../shared/data/gold)")
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
    once = corpus_of(min(args.peer_mb, args.mb, load_corpus("press-releases")["text"].str.len().sum() / 1e6))
    once_mb = once["text"].str.len().sum() / 1e6
    terms = phrase_terms(lexicons)
    n_entries = sum(len(lex.entries) for lex in lexicons)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"corpus: {mb:.1f} MB, {len(texts):,} docs (framing); {peer_mb:.1f} MB, {len(peer_texts):,} docs (peers); "
          f"{once_mb:.1f} MB seen once (sentence level)")
    print(f"lexicons: {len(lexicons)} built-in, {n_entries:,} terms; peers' list: {len(terms):,} plain phrase terms")
    print(f"cpus: {os.cpu_count()}, load average at start: {load:.1f}; median of {args.repeat} runs each\n")

    rows = []

    def record(name: str, cpu: float, wall: float, size_mb: float, docs: int, hits: int | str = "") -> None:
        rows.append({"method": name, "MB/s": size_mb / cpu, "wall MB/s": size_mb / wall, "docs/s": docs / cpu,
                     "hits": hits})
        print(f"  {name:<50} {size_mb / cpu:7.2f} MB/s per core {docs / cpu:9.0f} docs/s  "
              f"(wall {size_mb / wall:6.2f} MB/s)", flush=True)

    t0 = time.perf_counter()
    score(corpus.head(50), lexicons, level="sentence")  # one-time costs: compile, import nltk (not throughput)
    print(f"one-time start-up (compile the lexicons, import nltk): {time.perf_counter() - t0:.2f} s\n")
    cpu, wall, table = timed(lambda: score(corpus, lexicons), args.repeat)
    record("framing score, doc level, all lexicons (jobs=1)", cpu, wall, mb, len(texts),
           int(table[[f"{x.name}_count" for x in lexicons]].to_numpy().sum()))
    forget = cached_punkt()._decisions.clear
    cpu, wall, _ = timed(lambda: score(once, lexicons, level="sentence"), args.repeat, before=forget)
    record("framing score, sentence level (jobs=1)", cpu, wall, once_mb, len(once))
    speedups = []
    if args.jobs > 1:  # pairs of runs, one process then N, so that both see the same machine
        walls = []
        for _ in range(args.repeat):
            _, one, _ = timed(lambda: score(corpus, lexicons), 1)
            _, wall, par = timed(lambda: score(corpus, lexicons, jobs=args.jobs), 1)
            speedups.append(one / wall)
            walls.append(wall)
            assert par.equals(table), "parallel scoring must give the same table"
        wall = statistics.median(walls)
        rows.append({"method": f"framing score, doc level (jobs={args.jobs})", "MB/s": float("nan"),
                     "wall MB/s": mb / wall, "docs/s": len(texts) / wall, "hits": ""})
        print(f"  {rows[-1]['method']:<50} {'':>20} {len(texts) / wall:9.0f} docs/s  (wall {mb / wall:6.2f} MB/s)")

    if args.ru_mb > 0:
        gold = args.gold_dir or default_gold_dir()
        same = cyrillic_corpus("ru", args.ru_mb, gold, "text_en")  # the same sentences in their English original
        same_mb = same["text"].str.len().sum() / 1e6
        cpu, wall, table = timed(lambda: score(same, lexicons, language="en"), args.repeat)
        record("en score, the gold sentences' English originals", cpu, wall, same_mb, len(same),
               int(table[[f"{x.name}_count" for x in lexicons]].to_numpy().sum()))
        for language in ("ru", "uk"):
            cyr = cyrillic_corpus(language, args.ru_mb, gold)
            cyr_texts = cyr["text"].tolist()
            cyr_mb = sum(map(len, cyr_texts)) / 1e6
            lemma_lex, word_lex = (cyrillic_lexicons(language, cyr_texts, m) for m in ("lemma", "word"))
            what = f"{len(lemma_lex)} built-in versions" if lemma_lex[0].name != "bench" else "bench lexicon"
            score(cyr.head(20), lemma_lex, language=language)  # warm: compile, load simplemma's dictionary
            cpu, wall, table = timed(lambda: score(cyr, lemma_lex, language=language), args.repeat)  # noqa: B023
            record(f"{language} score, lemma match ({what})", cpu, wall, cyr_mb, len(cyr_texts),
                   int(table[[f"{x.name}_count" for x in lemma_lex]].to_numpy().sum()))
            cpu, wall, table = timed(lambda: score(cyr, word_lex, language=language), args.repeat)  # noqa: B023
            record(f"{language} score, word match (bench lexicon)", cpu, wall, cyr_mb, len(cyr_texts),
                   int(table["bench_count"].sum()))
            cpu, wall, _ = timed(lambda: [lemma_view(t, language) for t in cyr_texts], args.repeat)  # noqa: B023
            record(f"{language} lemma view alone (word cache warm)", cpu, wall, cyr_mb, len(cyr_texts))
            cpu, wall, _ = timed(lambda: [detect(t) for t in cyr_texts], args.repeat)  # noqa: B023
            record(f"{language} language detection alone (no language column)", cpu, wall, cyr_mb, len(cyr_texts))

    plain = parse_lexicon({"name": "plain", "version": "0", "description": "peers' term list", "negation": False,
                           "categories": {"all": {"terms": terms}}}, "", "<bench>")
    bare = Matcher([plain])
    cpu, wall, hits = timed(lambda: sum(len(bare.find(batch).doc) for _, batch in batches(peer_texts)), args.repeat)
    record("framing matcher (Aho-Corasick), peers' term list", cpu, wall, peer_mb, len(peer_texts), hits)

    peers = [("pyahocorasick, word edges checked per match", run_pyahocorasick),
             ("framing token trie (alternative design)", run_token_trie), ("one re alternation", run_regex),
             ("nltk Treebank tokens + n-gram set lookup", run_nltk),
             ('spaCy PhraseMatcher (blank("en"), attr=LOWER)', run_spacy)]
    re_texts = corpus_of(min(args.re_mb, args.peer_mb))["text"].tolist()
    for name, make in peers:
        try:
            fn = make(terms)
        except ImportError as exc:
            print(f"  {name:<50} skipped: {exc.name or exc} is not installed (make bench installs it)")
            continue
        sample = re_texts if make is run_regex else peer_texts
        cpu, wall, hits = timed(lambda: fn(sample), args.repeat)  # noqa: B023 (called right here)
        record(name + (f" [{sum(map(len, sample)) / 1e6:.1f} MB]" if make is run_regex else ""), cpu, wall,
               sum(map(len, sample)) / 1e6, len(sample), hits)

    full = rows[0]["MB/s"]
    print("\nratios (framing full doc-level score MB/s / method MB/s, per core):")
    for r in rows[1:]:
        if r["MB/s"] == r["MB/s"]:
            print(f"  vs {r['method']:<50} {full / r['MB/s']:6.2f}x")
    if speedups:
        print(f"\nspeed-up with jobs={args.jobs}: {statistics.median(speedups):.2f}x wall time (median of "
              f"{', '.join(f'{x:.2f}' for x in speedups)}: each a run with 1 process then one with {args.jobs}, "
              f"on {os.cpu_count()} cores)")
    sentence = rows[1]["MB/s"]
    print(f"\ntargets (issue 4, per core): doc level >= 25 MB/s: {full:.1f} ({'met' if full >= 25 else 'NOT met'}); "
          f"sentence level >= 4 MB/s: {sentence:.1f} ({'met' if sentence >= 4 else 'NOT met'})")
    print(f"load average at end: {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
