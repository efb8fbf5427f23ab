"""Scale benchmark: `framing score` end to end, file -> score table, per job count and engine.

A synthetic news-like JSONL corpus (``--format csv``: the same documents as CSV) is generated in a
temporary folder (never in the repo): each document has an id, title, outlet, date, URL and 1-4
paragraphs of sentences resampled from the bundled press releases (fixed seed), with scraped-page
furniture ("Advertisement", share bars, "Read more" lines) in one document of five, a wire dateline
in one of seven, NFD accents in one of eleven, and exact repeats. Then, each in a fresh process
tree whose memory is sampled (PSS of the command and all its children, every 0.2 s: pages that
forked workers share are counted once):

1. ``framing score corpus.jsonl --jobs J --out scores.parquet`` (``--to csv``: ``scores.csv``) for every J of ``--jobs``, with the
   local process pool, and (``--dask``) with ``--engine dask`` (a LocalCluster of J processes):
   wall time, MB/s of input, speed-up over one job, peak RSS of all processes together;
2. a per-stage profile in one process on the first ``--profile-docs`` documents: reading and
   decoding (the JSONL or CSV reader), cleaning, ids and language (``_standardise`` as ``framing score``'s
   workers run it, making only the columns scoring reads; cleaning, language detection and the
   same-text keys also shown alone), matching and scoring (``metrics.score``), settling and writing
   (``Settler`` + ``write_scores``).

The machine's load average (``os.getloadavg``) is printed before and after each run: on a shared
machine the figures are only as good as the cores were free. The kit's modules are compiled to
bytecode first (:func:`compile_kit`), as an installed kit has them.

    python benchmarks/scale.py --docs 100000 --jobs 1,2 --dask        # the 2-core figures
    python benchmarks/scale.py --docs 1000000 --jobs 2                  # memory at 1M documents
    python benchmarks/scale.py --docs 5000 --jobs 1,2 --profile-docs 2000   # a quick look
    python benchmarks/scale.py --docs 50000 --jobs 1,2 --format csv          # the CSV reader
    python benchmarks/scale.py --docs 100000 --jobs 1,2 --to csv             # CSV out (workers format the rows)
    python benchmarks/scale.py --docs 100000 --jobs 2,16 --mixed --profile-docs 0   # a corpus in three languages
    python benchmarks/scale.py --docs 300000 --jobs 1,2,4,8,16 --dask --dask-jobs 16 \
        --memory-docs 200000 --memory-jobs 1,4,16                           # a 16-core machine
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
import unicodedata
from pathlib import Path

import numpy as np
import psutil

FURNITURE = ["Advertisement", "Share on Facebook", "Read more: Talks stall again", "Follow us on Twitter"]
OUTLETS = ["bbc.co.uk", "reuters.com", "tass.ru", "kyivindependent.com"]


def sentences() -> np.ndarray:
    from framing import load_corpus
    from framing.text import sentence_spans

    out = []
    for text in load_corpus("press-releases")["text"]:
        out.extend(text[s:e] for s, e in sentence_spans(text))
    return np.array([s for s in out if len(s) > 20], dtype=object)


FIELDS = ["id", "title", "outlet", "published", "url", "text"]


def other_languages() -> dict[str, list[str]]:
    """Russian and Ukrainian sentences: the text (not the codes) of the kit's coded concession sets."""
    import pandas as pd

    gold = Path(__file__).resolve().parents[1] / "data" / "gold"
    return {lang: pd.read_csv(gold / f"concession_corpus_tune_{lang}.csv")["text"].dropna().tolist() for lang in ("ru", "uk")}


def write_corpus(path: Path, n_docs: int, seed: int = 0, mixed: bool = False) -> int:
    """Write ``n_docs`` news-like records to ``path``, JSON Lines, or CSV rows (quoted newlines) if
    it ends in ``.csv``; return its size in bytes. ``mixed``: one document in ten is three to six
    Russian or Ukrainian sentences instead (:func:`other_languages`), the others unchanged."""
    pool = sentences()
    rng = np.random.default_rng(seed)
    others, other_rng = (other_languages(), np.random.default_rng(seed + 1)) if mixed else ({}, None)
    previous: dict = {}
    with open(path, "w", encoding="utf-8", newline="") as out:
        rows = csv.DictWriter(out, FIELDS, lineterminator="\n") if path.suffix == ".csv" else None
        if rows:
            rows.writeheader()
        for start in range(0, n_docs, 10_000):
            n = min(10_000, n_docs - start)
            paragraphs = rng.integers(1, 5, size=n)
            picks = rng.integers(0, len(pool), size=int(paragraphs.sum()) * 3)
            pos = 0
            for k in range(n):
                i = start + k
                paras = []
                for _ in range(paragraphs[k]):
                    paras.append(" ".join(pool[picks[pos:pos + 3]]))
                    pos += 3
                if i % 5 == 0:
                    paras.insert(1, FURNITURE[i % 4])
                text = "\n\n".join(paras)
                if i % 7 == 0:
                    text = "KYIV (Reuters) - " + text
                if i % 11 == 0:
                    text = unicodedata.normalize("NFD", text + " Café résumé.")
                if other_rng is not None and i % 10 == 3:
                    lines = others["ru" if i % 20 == 3 else "uk"]
                    text = " ".join(lines[j] for j in other_rng.integers(0, len(lines), size=int(other_rng.integers(3, 7))))
                record = {"id": f"d{i:07d}", "title": f"Story {i}", "outlet": OUTLETS[i % 4],
                          "published": f"2022-{1 + i % 12:02d}-{1 + i % 28:02d}", "url": f"https://news.example/{i}",
                          "text": text}
                if i % 97 == 96:  # an exact repeat of the record before now and then
                    record = previous
                if rows:
                    rows.writerow(record)
                else:
                    out.write(json.dumps(record, ensure_ascii=False) + "\n")
                previous = record
    return path.stat().st_size


def run_sampled(cmd: list[str]) -> dict:
    """Run ``cmd``; wall time and the peak memory (PSS, else RSS) of it and all its descendants
    together; and, when ``cmd`` is :func:`framing_command`, the CPU seconds of the parent process
    and of its workers (the last stderr line: see ``RUNNER``)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    peak, at_peak = [0], {"parent": 0, "others": []}

    def sample() -> None:
        try:
            root = psutil.Process(proc.pid)
        except psutil.Error:
            return
        while proc.poll() is None:
            sizes = {}
            try:
                for p in [root, *root.children(recursive=True)]:
                    try:  # PSS: pages shared by forked workers counted once in all
                        sizes[p.pid] = p.memory_full_info().pss
                    except (psutil.Error, AttributeError):
                        try:
                            sizes[p.pid] = p.memory_info().rss
                        except psutil.Error:
                            pass
            except psutil.Error:
                pass
            if (total := sum(sizes.values())) > peak[0]:
                peak[0] = total
                at_peak["parent"] = sizes.pop(root.pid, 0)
                at_peak["others"] = sorted(size for size in sizes.values() if size)  # (0: ended, not yet reaped)
            time.sleep(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, err = proc.communicate()
    wall = time.perf_counter() - start
    sampler.join()
    if proc.returncode:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{err}")
    cpu = {}
    lines = err.strip().splitlines()
    if lines and lines[-1].startswith("{"):
        cpu = json.loads(lines[-1])
    return {"seconds": wall, "peak_rss_mb": peak[0] / 2**20, "at_peak": at_peak, **cpu}


def peak_line(at_peak: dict) -> str:
    """Who held the peak: the parent's PSS and the other processes' (scoring workers, and while
    they run the processes loading the first tasks ahead), in MB.

    >>> peak_line({"parent": 460 * 2**20, "others": [92 * 2**20, 100 * 2**20, 300 * 2**20]})
    'at the peak: parent 460 MB; 3 other processes: median 100, max 300, 492 MB in all'
    """
    others = [size / 2**20 for size in at_peak["others"]]
    line = f"at the peak: parent {at_peak['parent'] / 2**20:,.0f} MB"
    if others:
        line += (f"; {len(others)} other processes: median {float(np.median(others)):,.0f}, max {max(others):,.0f}, "
                 f"{sum(others):,.0f} MB in all")
    return line


# Runs the `framing` command, then prints the CPU seconds of this (parent) process and of its
# workers (children that ended: a pool's workers end with the command) as JSON on stderr.
RUNNER = """
import json, resource, sys
from framing.cli import main
try:
    code = main(sys.argv[1:])
finally:
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    print(json.dumps({"cpu_parent": me.ru_utime + me.ru_stime, "cpu_workers": kids.ru_utime + kids.ru_stime}),
          file=sys.stderr)
sys.exit(code)
"""


def framing_command() -> list[str]:
    return [sys.executable, "-c", RUNNER]


def load_line() -> str:
    one, five, _ = os.getloadavg()
    return f"load {one:.1f}/{five:.1f}"


def measure(corpus: Path, size: int, jobs: int, engine: str, out: Path, lang: str | None = None) -> dict:
    before = load_line()
    cmd = framing_command() + ["score", str(corpus), "--jobs", str(jobs), "--engine", engine, "--out", str(out)]
    cmd += ["--lang", lang] if lang else []
    result = run_sampled(cmd)
    out.unlink(missing_ok=True)
    cpu = result.get("cpu_parent", 0.0) + result.get("cpu_workers", 0.0)
    return {"engine": engine, "jobs": jobs, "mb_s": size / 1e6 / result["seconds"],
            "mb_s_cpu": size / 1e6 / cpu if cpu else 0.0, "load": f"{before} -> {load_line()}", **result}


FIXED = """
import json, time
t = time.process_time()
import framing.cli, framing.scale
out = {"import framing (CLI, scale)": time.process_time() - t}
from framing import load_lexicons
from framing.match import compile_lexicons
t = time.process_time()
compile_lexicons(tuple(load_lexicons()))
out["load + compile the built-in lexicons"] = time.process_time() - t
from framing.text import sentence_spans
t = time.process_time()
sentence_spans("Warm.")
out["import Punkt (nltk's module alone; context rules, sentences)"] = time.process_time() - t
from framing.language import detect_language
t = time.process_time()
detect_language("Talks resumed.")
out["read the language model (first detection; from the kit's cache)"] = time.process_time() - t
print(json.dumps(out))
"""


def fixed_costs() -> dict[str, float]:
    """CPU seconds a fresh process spends before its first document (each a one-time cost)."""
    done = subprocess.run([sys.executable, "-c", FIXED], capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def profile_stages(corpus: Path, n_docs: int) -> tuple[dict[str, float], dict[str, float]]:
    """CPU seconds (``time.process_time``) per stage in one process on the first ``n_docs``
    documents of ``corpus`` (one-time costs paid before), and the parts of cleaning + metadata."""
    import gc
    import itertools
    from dataclasses import replace

    from framing import load_lexicons
    from framing.corpus.audit import LoadReport
    from framing.corpus.clean import clean_page
    from framing.corpus.dedup import same_text_keys
    from framing.corpus.formats import MB, read_csv, read_jsonl, split_text_table
    from framing.corpus.load import PART_MB, PieceResult, Settler, _options, _standardise
    from framing.language import detect_language, language_column
    from framing.match import compile_lexicons
    from framing.metrics import score
    from framing.scale import with_status, write_scores
    from framing.text import sentence_spans

    lexicons = tuple(load_lexicons())
    compile_lexicons(lexicons)
    sentence_spans("Warm.")
    detect_language("Talks resumed.")
    gc.collect()  # as a run does (framing.gcpause.frozen_gc): the warm-up's objects stay out of the
    gc.freeze()   # stages' collections, and a collection put off by the warm-up does not fall in a stage
    opts = _options(None, None, None, "", True, None, "raise", LoadReport(), keep_all=True)
    times, parts = {}, {}
    kind = "csv" if corpus.suffix == ".csv" else "jsonl"
    head = corpus.parent / f"head.{kind}"
    with open(corpus, encoding="utf-8", newline="") as src, open(head, "w", encoding="utf-8", newline="") as dst:
        if kind == "csv":  # the header and n_docs records
            csv.writer(dst, lineterminator="\n").writerows(itertools.islice(csv.reader(src), n_docs + 1))
        else:
            dst.writelines(itertools.islice(src, n_docs))
    clock = time.process_time
    t = clock()
    reader = read_csv if kind == "csv" else read_jsonl
    # a CSV file as framing score reads it: cut into parts that pandas parses from bytes (a big one
    # read whole is a text stream; a JSONL file is read the same way whole or in parts)
    pieces = split_text_table(head, kind, int(PART_MB * MB)) if kind == "csv" else None
    raws = [frame for piece in pieces or [None] for frame, _ in reader(head, 5_000, lambda *a: None, part=piece)]
    times["reading + decoding (CSV)" if kind == "csv" else "reading + decoding (JSON lines)"] = clock() - t
    t = clock()
    worker = replace(opts, scoring_only=True)  # as framing score's workers (only the columns scoring reads)
    frames = [_standardise(raw, str(head), worker, origin="column", mapping={}, outlet="", outlet_origin="argument",
                           is_page=False) for raw in raws]
    times["cleaning + ids + language (_standardise)"] = clock() - t
    texts = [text for raw in raws for text in raw["text"].tolist()]
    t = clock()
    cleaned = [clean_page(text, rules=opts.rules).text for text in texts]
    parts["cleaning (clean_page)"] = clock() - t
    t = clock()
    language_column(cleaned, None)
    parts["language detection (language_column)"] = clock() - t
    t = clock()
    same_text_keys(cleaned)
    parts["same-text keys (repeats; same_text_keys)"] = clock() - t
    t = clock()
    tables = [score(frame, lexicons) for frame in frames]
    times["matching + scoring (metrics.score)"] = clock() - t
    t = clock()
    settler = Settler(opts)
    rep = LoadReport()
    rep.file(str(head), kind)
    settled = [settler.settle(PieceResult(0, str(head), kind, [f], rep)) for f in frames]
    out = corpus.parent / "profile.parquet"
    write_scores((with_status(t_, s[0], "doc") for t_, s in zip(tables, settled)), out)
    times["settling + writing (the parent's part)"] = clock() - t
    times["_mb"] = head.stat().st_size / 1e6
    out.unlink()
    head.unlink()
    return times, parts


def parent_part(corpus: Path, out: Path, jobs: int = 2, rounds: int = 3) -> dict[str, dict[str, float]]:
    """CPU seconds (best of ``rounds``) of the parent's part per document of ``framing score
    --jobs`` on ``corpus``, for each output: the workers' results (``run_partition`` of every task,
    made here in one process and pickled) unpickled and settled (``doc_id``, ``status``); for
    Parquet (``--out X.parquet``) cut into chunks and written to ``out`` (``write_scores``); for
    CSV (stdout or ``--out X.csv``) each row put together with the CSV of its score columns that
    the worker made (``scale._settle_csv``). Receiving the results from the pipes is not in it."""
    import pickle
    from dataclasses import replace

    from framing import load_lexicons
    from framing.corpus.audit import LoadReport
    from framing.corpus.ids import SeenIds
    from framing.corpus.load import Plan, Settler, _Options, _options, _rechunk, plan_tasks
    from framing.match import compile_lexicons
    from framing.scale import Pipeline, _part_mb, _settle_csv, _settle_scores, run_partition, write_scores

    chunksize = 5_000  # (framing score's)

    def planned() -> tuple[_Options, Plan]:
        opts = _options(None, None, None, "", True, None, "raise", LoadReport(keep_removals=False), keep_all=True)
        return opts, plan_tasks([corpus], opts, chunksize, _part_mb([corpus], jobs))

    opts, plan = planned()
    load_opts = replace(opts, report=LoadReport(), seen=SeenIds(), sources={}, source_names=[], scoring_only=True)
    parts: dict[str, dict[str, float]] = {}
    for output in ("Parquet", "CSV"):
        pipeline = Pipeline(load_opts, tuple(load_lexicons()), "doc", chunksize, None, csv=output == "CSV")
        compile_lexicons(pipeline.lexicons)
        results = [pickle.dumps(run_partition(task, pipeline, plan.metadata), protocol=5) for task in plan.tasks]
        clock, best = time.process_time, {}
        for _ in range(rounds):
            # fresh options each round (every document new again), planned as the parent does: planning
            # enters the files in the report that settling counts into
            settler, times = Settler(planned()[0]), {}
            t = clock()
            partitions = [pickle.loads(blob) for blob in results]
            times["unpickling the results"] = clock() - t
            t = clock()
            if output == "CSV":
                for partition in partitions:
                    for _ in _settle_csv(partition, settler, "doc"):
                        pass
                times["settling + putting each row's CSV together"] = clock() - t
            else:
                tables = [table for partition in partitions for table in _settle_scores(partition, settler, "doc")]
                times["settling (doc_id, status)"] = clock() - t
                t = clock()
                chunks = list(_rechunk(iter(tables), chunksize))
                times["cutting into chunks"] = clock() - t
                t = clock()
                write_scores(iter(chunks), out)
                times["writing Parquet (write_scores)"] = clock() - t
            best = {stage: min(best.get(stage, seconds), seconds) for stage, seconds in times.items()}
        parts[output] = {**best, "_tasks": len(results), "_mb": sum(map(len, results)) / 1e6}
    return parts


def memory_curve(corpus: Path, n_docs: int, jobs: list[int]) -> None:
    """Wall seconds of in-memory ``framing.score(corpus, jobs=J)`` on the first ``n_docs`` documents
    (read with pandas, not cleaned: this times matching and scoring alone), each J after one warm-up
    run; the tables of every J must be equal to the first."""
    import pandas as pd

    from framing import load_lexicons, score

    frame = pd.read_json(corpus, lines=True, nrows=n_docs, dtype={"id": str})
    frame = frame.rename(columns={"id": "doc_id"})[["doc_id", "text"]].drop_duplicates("doc_id")
    lexicons = load_lexicons()
    score(frame.head(200), lexicons)
    mb = frame["text"].str.len().sum() / 1e6
    print(f"in memory: framing.score(corpus, jobs=J), {len(frame):,} documents ({mb:,.1f} M characters)")
    first, base = None, 0.0
    for j in jobs:
        t = time.perf_counter()
        table = score(frame, lexicons, jobs=j)
        wall = time.perf_counter() - t
        if first is None:
            first, base = table, wall
        elif not table.equals(first):
            raise SystemExit(f"score(jobs={j}) differs from score(jobs={jobs[0]})")
        print(f"  jobs {j:>3} {wall:>8.2f} s  {base / wall:>6.2f}x  ({load_line()})", flush=True)


def compile_kit() -> None:
    """Compile the kit's modules to bytecode first, as an installed kit has them (pip compiles on
    install): where ``PYTHONDONTWRITEBYTECODE`` is set (as on the project's 2-core machine) and the
    kit runs from its sources, every process would otherwise compile them again (about 0.1 s)."""
    import compileall

    import framing

    compileall.compile_dir(Path(framing.__file__).parent, quiet=1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=100_000, help="documents in the synthetic corpus")
    parser.add_argument("--jobs", default="1,2", help="comma-separated job counts (empty: none)")
    parser.add_argument("--dask", action="store_true", help="also run --engine dask (LocalCluster) at each job count")
    parser.add_argument("--dask-jobs", help="comma-separated job counts of the --dask runs (default: --jobs)")
    parser.add_argument("--memory-docs", type=int, default=0,
                        help="also time in-memory framing.score(jobs=J) on this many documents (0: no)")
    parser.add_argument("--memory-jobs", default="1,2", help="comma-separated job counts of --memory-docs")
    parser.add_argument("--profile-docs", type=int, default=20_000, help="documents of the per-stage profile (0: none)")
    parser.add_argument("--parent", action="store_true",
                        help="also time the parent's part per document of --jobs (unpickling, settling, CSV) on the whole corpus")
    parser.add_argument("--corpus", type=Path, help="an existing JSONL (or .csv) corpus to use instead of a generated one")
    parser.add_argument("--format", choices=["jsonl", "csv"], default="jsonl",
                        help="write the generated corpus as JSON Lines or as CSV (the same documents)")
    parser.add_argument("--to", choices=["parquet", "csv"], default="parquet",
                        help="the score table's format (framing score --out scores.parquet or scores.csv)")
    parser.add_argument("--lang", metavar="LANG",
                        help="pass --lang LANG to framing score (every document in that language: none detected)")
    parser.add_argument("--mixed", action="store_true",
                        help="one generated document in ten in Russian or Ukrainian (the coded sets' sentences)")
    args = parser.parse_args()
    jobs = [int(j) for j in args.jobs.split(",") if j.strip()]
    compile_kit()
    with tempfile.TemporaryDirectory(prefix="framing-bench-") as tmp:
        if args.corpus:
            corpus, size = args.corpus, args.corpus.stat().st_size
            if corpus.suffix == ".csv":
                with open(corpus, encoding="utf-8", newline="") as src:
                    args.docs = sum(1 for _ in csv.reader(src)) - 1  # (a record may span lines)
            else:
                args.docs = sum(1 for _ in open(corpus, "rb"))
        else:
            corpus = Path(tmp) / f"corpus.{args.format}"
            size = write_corpus(corpus, args.docs, mixed=args.mixed)
        print(f"corpus: {args.docs:,} documents, {size / 1e6:,.1f} MB {corpus.suffix[1:].upper()}; {os.cpu_count()} CPUs; "
              f"{load_line()}")
        if jobs:
            print(f"{'engine':<7} {'jobs':>4} {'seconds':>8} {'MB/s':>6} {'speed-up':>8} {'CPU parent':>10} "
                  f"{'CPU workers':>11} {'MB/s CPU':>8} {'peak PSS all MB':>15}  machine load")
        base: dict[str, float] = {}
        dask_jobs = [int(j) for j in args.dask_jobs.split(",") if j.strip()] if args.dask_jobs else jobs
        for engine in ["local"] + (["dask"] if args.dask else []):
            for j in (dask_jobs if engine == "dask" else jobs):
                r = measure(corpus, size, j, engine, Path(tmp) / f"scores.{args.to}", args.lang)
                base.setdefault(engine, r["seconds"] if j == jobs[0] else 0.0)
                ref = base["local"] if "local" in base else r["seconds"]
                print(f"{engine:<7} {j:>4} {r['seconds']:>8.1f} {r['mb_s']:>6.2f} {ref / r['seconds']:>7.2f}x "
                      f"{r.get('cpu_parent', 0):>9.1f}s {r.get('cpu_workers', 0):>10.1f}s {r['mb_s_cpu']:>8.2f} "
                      f"{r['peak_rss_mb']:>15,.0f}  {r['load']}", flush=True)
                print(f"{'':<13}{peak_line(r['at_peak'])}", flush=True)
        if args.parent:
            for output, part in parent_part(corpus, Path(tmp) / "parent.parquet").items():
                tasks, pickled = int(part.pop("_tasks")), part.pop("_mb")
                print(f"the parent's part per document, {output} ({tasks} tasks, {pickled:,.1f} MB of pickled results; "
                      f"CPU, best of three):")
                for stage, seconds in part.items():
                    print(f"  {stage:<52} {seconds:>7.2f} s")
                print(f"  {'all':<52} {sum(part.values()):>7.2f} s  "
                      f"({1e5 * sum(part.values()) / args.docs:.2f} s per 100,000 documents)")
        if args.memory_docs:
            memory_curve(corpus, args.memory_docs, [int(j) for j in args.memory_jobs.split(",") if j.strip()])
        if args.profile_docs:
            fixed = fixed_costs()
            print("one-time CPU of a process (each worker of a spawned pool pays them; a forked pool's workers "
                  "inherit the first three):")
            for stage, seconds in fixed.items():
                print(f"  {stage:<52} {seconds:>7.2f} s")
            times, parts = profile_stages(corpus, min(args.profile_docs, args.docs))
            mb = times.pop("_mb")
            total = sum(times.values())
            print(f"per-stage CPU, one process, {min(args.profile_docs, args.docs):,} documents ({mb:.1f} MB):")
            for stage, seconds in times.items():
                print(f"  {stage:<52} {seconds:>7.2f} s {100 * seconds / total:>5.1f} %  {mb / seconds:>7.1f} MB/s")
                if stage.startswith("cleaning"):
                    for part, sec in parts.items():
                        print(f"    of which {part:<43} {sec:>7.2f} s {100 * sec / total:>5.1f} %  {mb / sec:>7.1f} MB/s")
            once = sum(fixed.values())
            print(f"  {'all stages':<52} {total:>7.2f} s         {mb / total:>7.1f} MB/s   ({load_line()})")
            print(f"  {'with the one-time costs, for this ' + f'{mb:.0f} MB':<52} {total + once:>7.2f} s         "
                  f"{mb / (total + once):>7.1f} MB/s")


if __name__ == "__main__":
    main()
