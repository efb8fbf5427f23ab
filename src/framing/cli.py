"""The ``framing`` command: a thin layer over the Python API.

Errors the kit raises on purpose are printed as one clear message with a non-zero exit code
(see ``framing --help``); ``--debug`` shows the full traceback instead.
"""

from __future__ import annotations

import argparse
import gc
import os
import signal
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TypeVar, cast

from .errors import FramingError, ParameterError

if TYPE_CHECKING:
    import pandas as pd

EXAMPLES = """\
examples:
  framing report                                   # main report on the bundled press releases
  framing report -p corpus my_articles.jsonl       # the same report on your own files
  framing report -p date_from 2022-02-24 -p lexicons hedging,security
  framing report --describe                        # list the report's parameters
  framing lab framing_report -p corpus my.jsonl    # open the report in JupyterLab with parameters
  framing report -f params.yaml -p n_boot 200      # parameters from a YAML file, -p overrides
  framing batch batches/press_releases.yaml --jobs 2   # many runs side by side; cached runs skipped
  framing verify reports/<run-id>                  # check files vs manifest, re-execute, compare hashes
  framing score data/raw/press-releases/*.csv --lexicon hedging --out scores.csv
  framing score articles.jsonl --id-col id         # CSV to stdout
  framing load scraped/ exports/*.csv.gz --out corpus.parquet   # load + clean + dedup, print the load report
  framing score press-releases --level sentence --jobs 2 --out sentences.parquet
  framing score big/*.jsonl --engine dask --scheduler tcp://10.0.0.5:8786 --out scores.parquet
  framing matches example-article --lexicon concession --lexicon security
  framing matches kremlin_ru.csv --lexicon concession --lang ru   # Russian version, every inflected form
  framing dedup wire/*.jsonl --jobs 2 --out clusters.csv   # exact + near-duplicate cluster of each document
  framing matches example-article --lexicon hedging --voices   # + voice, speaker, voice_kind of each hit
  framing voices articles.jsonl --out spans.csv    # who speaks where: doc_id, start, end, voice, speaker, kind
  framing lexicon list                             # built-in lexicons; `lexicon show hedging`
  framing lexicon convert my.dic my.yaml           # LIWC .dic / quanteda YAML / txt <-> kit YAML
  framing validate sample press-releases --lexicon concession --code concession -n 200 --out sheet.csv
  framing model train coded.csv --label concession --out m.json   # classifier from codes; `framing model --help`

exit codes: 0 ok, 1 other error, 2 bad input file (or an output that cannot be written), 3 bad lexicon,
            4 bad parameter, 5 report run failed, 6 verify found differences, 130 interrupted,
            141 the reader of the output stopped early (`| head`)
"""


def _cmd_report(args: argparse.Namespace) -> int:
    from .report import describe_parameters, run_report
    from .report.params import load_params_file

    if args.describe:
        print(f"parameters of {args.notebook} (set with -p NAME VALUE or -f params.yaml):")
        shown = [p for p in describe_parameters(args.notebook) if p.name != "run_dir"]
        name_w = max((len(p.name) for p in shown), default=0)
        type_w = max((len(p.type) for p in shown), default=0)
        for p in shown:  # columns as wide as their longest entry
            print(f"  {p.name:<{name_w}} {p.type:<{type_w}} default {p.default!r:<40} {p.help}")
        return 0
    params = {**(load_params_file(args.params_file) if args.params_file else {}), **dict(args.param or [])}
    result = run_report(args.notebook, params, force=args.force, timeout=args.timeout)
    if result.status == "cached":
        print(f"up to date (same notebook, parameters, inputs, lexicons and kit code): {result.run_dir}")
    elif result.status == "failed":
        print(f"report run FAILED: {result.error}", file=sys.stderr)
        print(f"partial notebook and HTML kept in: {result.run_dir}", file=sys.stderr)
        return 5
    print(f"run:  {result.run_dir}")
    print(f"html: {result.html}")
    if result.reason:
        print(f"why:  {result.reason}")
    for fig in result.manifest["figures"]:
        print(f"  Fig. {fig['id']}: {fig['caption']}")
    return 0


def _cmd_lab(args: argparse.Namespace) -> int:
    from .lab import open_in_lab

    return open_in_lab(args.notebook, dict(args.param or []), port=args.port)


def _cmd_batch(args: argparse.Namespace) -> int:
    from .report.batch import BatchInterrupted, format_summary, run_batch

    def announce(runs):
        print(f"{len(runs)} runs ({sum(r.plan.cached for r in runs)} up to date)", file=sys.stderr)
        for r in runs:
            if not r.plan.cached:
                print(f"  run {r.index}: {r.plan.run_id}: {r.plan.reason}", file=sys.stderr)

    try:
        result = run_batch(args.batch, jobs=args.jobs, force=args.force, scheduler=args.scheduler or "",
                           timeout=args.timeout, stream=sys.stderr, on_plan=announce)
    except BatchInterrupted as stop:
        print(format_summary(stop.result))
        print(f"framing: interrupted; finished runs are kept, unfinished ones are marked in {stop.result.summary_dir}."
              f" Fix: run `framing batch {args.batch}` again to resume", file=sys.stderr)
        return 130
    print(format_summary(result))
    for run in result.failed:
        if run.result is not None:  # a failed run always has its result
            print(f"FAILED run {run.index}: {run.result.error}\n  log: {run.result.run_dir / 'run.log'}", file=sys.stderr)
    return 5 if result.failed else 0


def _cmd_verify(args: argparse.Namespace) -> int:
    from .report.verify import verify_run

    result = verify_run(args.run_dir, timeout=args.timeout, allow_notebook=args.allow_notebook)
    print(result.message())
    return 0 if result.ok else 6


def _cmd_score(args: argparse.Namespace) -> int:
    from .corpus import LoadReport
    from .lexicons import load_lexicons
    from .scale import score_csv, score_inputs, write_scores

    if args.model:
        from .coded_cli import run_score
        return run_score(args)
    report = LoadReport(keep_removals=False)  # only counts are printed: a long run's memory stays flat
    # CSV (stdout or a .csv file) comes as text, the workers formatting the score columns (scale.score_csv)
    scoring = score_csv if not args.out or Path(args.out).suffix.lower() == ".csv" else score_inputs
    tables = scoring(args.inputs, _when_iterated(load_lexicons, args.lexicon), jobs=args.jobs, chunksize=args.chunksize,
                     level=args.level, engine=args.engine, scheduler=args.scheduler, report=report,
                     text_col=args.text_col, id_col=args.id_col, language=args.lang, errors=_errors(args),
                     **_limits(args))
    tables = _then_check_losses(_with_notes(tables), report, args)
    if args.out:
        rows = write_scores(tables, args.out, progress=sys.stderr.isatty())
        print(f"wrote {rows:,} rows to {args.out}", file=sys.stderr)
    else:
        for i, chunk in enumerate(tables):
            sys.stdout.write(chunk.header + chunk.text if i == 0 else chunk.text)
    return 0


def print_csv(table: pd.DataFrame, header: bool = True) -> None:
    """Write ``table`` to stdout as CSV: the text ``table.to_csv(index=False, lineterminator="\\n")``
    gives, made a column at a time where it can be (:func:`framing.scale.csv_text`; pandas took about
    eight times as long for a score table, in the one process that writes)."""
    from .scale import csv_text

    sys.stdout.write(csv_text(table, header=header))


T = TypeVar("T")


def _when_iterated(load: Callable[[Any], Iterable[T]], names: Any) -> Iterator[T]:
    """``load(names)``, called when the result is first iterated: :func:`framing.scale.score_inputs`
    iterates its lexicons once the first tasks are being loaded, so reading them runs alongside."""
    yield from load(names)


def _with_notes(items: Iterable[T]) -> Iterator[T]:
    """Yield the items of an iterator, printing each lexicon version fallback raised while making
    them (:class:`framing.match.languages.LanguageFallbackWarning`) once, as a note on stderr."""
    import warnings

    from .match.languages import LanguageFallbackWarning

    said: set[str] = set()
    it = iter(items)
    while True:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", LanguageFallbackWarning)
            item = next(it, _END)
        for w in caught:
            if not issubclass(w.category, LanguageFallbackWarning):
                warnings.showwarning(w.message, w.category, w.filename, w.lineno)
            elif str(w.message) not in said:
                said.add(str(w.message))
                print(f"framing: note: {w.message}", file=sys.stderr)
        if item is _END:
            return
        yield cast(T, item)


_END = object()


def _then_check_losses(tables, report, args: argparse.Namespace):
    """Yield the tables, then say how many documents had no text or were skipped (stderr); with
    ``--strict`` any is an error (exit 2), raised before an ``--out`` file is put in place."""
    yield from tables
    _check_losses(report, args)


NAMED_SKIPS = 10  # skipped records named on stderr by score, matches, dedup and voices (every skipped file is)


def _check_losses(report, args: argparse.Namespace) -> None:
    """Say on stderr what was skipped (each file, and the first records, with why and what to do)
    and how many documents had no text; with ``--strict`` any of it is an error (exit 2), and so
    is an input of which no file could be read."""
    from .errors import InputError

    line = report.losses_line()
    if not line:
        return
    if getattr(args, "strict", False):
        raise InputError(", ".join(map(str, args.inputs)), line + " (--strict)",
                         fix="see `framing load` for each document, or leave out --strict to keep going")
    skips = [i for i in report.issues if i["action"] == "file skipped"]
    records = [i for i in report.issues if i["action"] == "skipped" and i["reason"] != "empty text"
               or i["reason"] == "duplicate id"]
    for issue in skips + records[:NAMED_SKIPS]:
        where = issue["source"] + (f":{issue['line']}" if issue["line"] is not None else "")
        print(f"framing: note: {where}: {issue['action']}: {issue['reason']}: {issue['detail']}", file=sys.stderr)
    more = f" (the first {NAMED_SKIPS} records named above)" if len(records) > NAMED_SKIPS else ""
    print(f"framing: note: {line}{more}; `framing load` names each", file=sys.stderr)
    failed = [f for f in report.files if f.status in ("unreadable", "missing column") and not f.kept]
    if report.files and len(failed) == len(report.files):
        raise InputError(", ".join(map(str, args.inputs)), f"no input file could be read ({len(failed)} skipped)",
                         fix="follow the Fix on each file's note above")


class _Refused(Exception):
    """``framing load`` ends in an error (with ``--strict`` a document had no text or was skipped, or no
    document has text): raised before ``--out`` is put in place, so an earlier file there stays as it was."""


def _cmd_load(args: argparse.Namespace) -> int:
    from .corpus import LoadReport, iter_corpus
    from .corpus.load import write_corpus

    report = LoadReport()
    chunks = iter_corpus(args.inputs, chunksize=args.chunksize, text_col=args.text_col, id_col=args.id_col,
                         outlet=args.outlet or "", clean_rules=args.rules, errors="raise" if args.strict else "skip",
                         report=report, keep_all=True, **_limits(args))
    with_text = 0  # every input document keeps its row (``status`` says why one has no text); count those with text

    def counted(frames):
        nonlocal with_text
        for frame in frames:
            with_text += int((frame["status"] == "ok").sum()) if "status" in frame else len(frame)
            yield frame
        if (args.strict and report.losses_line()) or (not with_text and report.files):
            raise _Refused  # before write_corpus puts --out in place: an error writes nothing

    rows = 0
    try:
        rows = write_corpus(counted(chunks), args.out) if args.out else sum(len(chunk) for chunk in counted(chunks))
    except _Refused:
        pass
    print(report)
    if args.strict and report.losses_line():
        print(f"framing: error: {report.losses_line()} (--strict). Fix: see the notes above", file=sys.stderr)
        return 2
    if not with_text and report.files:
        blank = [f.source for f in report.files if not f.read and f.status == "ok"]
        print(f"framing: error: no document with text in {len(report.files)} input file(s)"
              + (f"; no records at all in {', '.join(blank)}" if blank else "; the notes above say why for each")
              + f"{'; nothing was written to ' + args.out if args.out else ''}"
              + (". Fix: repair or re-export those files" if blank else ". Fix: follow the Fix on each file's line above"),
              file=sys.stderr)
        return 2
    if args.out:
        print(f"wrote {rows:,} documents to {args.out}")
    return 0


def _cmd_dedup(args: argparse.Namespace) -> int:
    from .corpus import LoadReport, iter_corpus
    from .corpus.dedup import dedup_chunks, summary_line
    from .scale import write_scores

    report = LoadReport()
    chunks = iter_corpus(args.inputs, chunksize=args.chunksize, text_col=args.text_col, id_col=args.id_col,
                         dedup=False, keep_all=True, report=report, errors=_errors(args), **_limits(args))
    bar = None
    if sys.stderr.isatty():
        from tqdm import tqdm
        bar = tqdm(unit=" docs", desc="sketching", mininterval=1.0)
    try:
        deduper = dedup_chunks(chunks, jobs=args.jobs, engine=args.engine, scheduler=args.scheduler,
                               threshold=args.threshold, near=not args.exact_only, on_chunk=bar.update if bar else None)
    finally:
        if bar is not None:
            bar.close()
    try:
        _check_losses(report, args)  # every input has been read (the sketching pass): refuse before writing
        print(f"clustering {deduper.n:,} documents", file=sys.stderr)
        rows = write_scores(deduper.iter_result(), args.out)
        print(summary_line(deduper), file=sys.stderr)
    finally:
        deduper.close()
    print(f"wrote {rows:,} rows to {args.out}", file=sys.stderr)
    return 0


def _cmd_matches(args: argparse.Namespace) -> int:
    from .corpus import load_corpus_with_report
    from .lexicons import load_lexicons
    from .match import find_matches

    if args.model and not args.voices:
        raise ParameterError("--model corrects the voice spans of --voices: give both, or leave --model out")

    corpus, report = load_corpus_with_report(args.inputs, text_col=args.text_col, id_col=args.id_col,
                                             clean=not args.no_clean, errors=_errors(args), **_limits(args))
    _check_losses(report, args)  # a match table has no row for a document without text: say how many
    lexicons = load_lexicons(args.lexicon)
    table = next(_with_notes(find_matches(corpus, lexicons, args.lang) for _ in [0]))
    if args.voices:
        from .voices.cli import add_voices
        table = add_voices(corpus, table, args)
    write_table(table, args.out)
    return 0


def _cmd_lexicon(args: argparse.Namespace) -> int:
    from .lexicons import cli as lexicon_cli

    return lexicon_cli.run(args)


def _check_out(args: argparse.Namespace) -> None:
    """Refuse ``--out`` when it is one of the files the command reads, exit 2 (any command with ``--out``).

    The files read: every existing file an argument names (inputs, lexicons, rules, models, coded
    tables, ...), and the files that ``inputs`` / ``corpus`` folders, globs and corpus names expand to.
    """
    from .corpus import resolve_inputs
    from .paths import check_output

    files: list[str | Path] = []
    for name, value in vars(args).items():
        if name != "out":
            files += [v for v in (value if isinstance(value, list) else [value]) if isinstance(v, str) and os.path.isfile(v)]
    for name in ("inputs", "corpus"):
        try:
            local = (_local(spec.path) for spec in resolve_inputs(getattr(args, name, None) or []))
            files += [path for path in local if path is not None]
        except FramingError:  # the command itself reports a missing input, with its own message
            pass
    check_output(args.out, files)


def _local(path: Path) -> Path | None:
    """The local file an input names: itself, a ``file://`` URL's path, or ``None`` for other URLs."""
    from .corpus.remote import is_remote, local_file

    return local_file(path) if is_remote(path) else path


def write_table(table, out: str | None) -> None:
    """Write a table as CSV or Parquet by the file's extension (atomically), or CSV to stdout."""
    if not out:
        print_csv(table)
        return
    from .scale import write_scores

    rows = write_scores([table], out)
    print(f"wrote {rows:,} rows to {out}", file=sys.stderr)


# The input arguments of score, matches, load and dedup (resolved by framing.corpus.resolve_inputs).
INPUTS_HELP = ("files, folders, globs or a bundled corpus name; or URLs that fsspec reads (file://, s3://, gcs://, "
               "https://, ...: a file, folder or glob; s3 needs s3fs, gcs gcsfs, https aiohttp; see docs/scale.md)")
ID_COL_HELP = ("column whose values become doc_id, unchanged (default: a doc_id or id column if there is one, else "
               "a hash of the URL, or of the text when there is no URL)")


def _add_corpus_options(p: argparse.ArgumentParser) -> None:
    """Inputs, lexicons, columns and output: shared by ``score`` and ``matches``."""
    p.add_argument("inputs", nargs="+", help=INPUTS_HELP)
    p.add_argument("--lexicon", action="append", metavar="NAME|FILE",
                   help="lexicon to apply (repeatable; default: all built-in lexicons)")
    p.add_argument("--lang", metavar="LANG", type=_language_code,
                   help="match every document with the lexicons' LANG version (en, ru, uk; default: each "
                   "document's own language: its `language` column, else detected)")
    p.add_argument("--text-col", metavar="C", help="column holding the text (default: auto-detected)")
    p.add_argument("--id-col", metavar="C", help=ID_COL_HELP)
    p.add_argument("--out", metavar="FILE", help="output .csv or .parquet (default: CSV to stdout)")
    p.add_argument("--strict", action="store_true", help="stop at the first unreadable file or broken record "
                   "(exit 2); a document with no text (empty, or emptied by cleaning) or given twice (a doc_id seen "
                   "before) is an error too. Without it, "
                   "each unreadable file or record is skipped with a note on stderr naming it, why and what to do, "
                   "and counted (exit 2 only if no input file could be read)")
    _add_limit_options(p)


def _language_code(value: str) -> str:
    """``--lang``: a two-letter ISO 639-1 code of a language (``xx``, a typo, is an error)."""
    from .lexicons.format import is_language_code

    code = value.strip().lower()
    if not is_language_code(code):
        raise argparse.ArgumentTypeError(f"{value!r} is not a two-letter language code of a language (en, ru, uk; "
                                         "one without its own lexicon versions is matched with English's, with a note)")
    return code


def _add_limit_options(p: argparse.ArgumentParser) -> None:
    """``--max-doc-mb``, ``--max-expand-mb`` and ``--encoding`` (see :class:`framing.corpus.formats.Limits`)."""
    p.add_argument("--encoding", metavar="NAME", type=_codec_name,
                   help="read every text input in this encoding (a Python codec name: cp1251, koi8-r, koi8-u, "
                   "iso8859-5, cp866, cp1252, latin-1, utf-8, ...) instead of detecting it; a byte not valid in it "
                   "is named: its CSV/JSONL record is skipped, a page or archive export keeps its text with U+FFFD "
                   "(default: detected per file)")
    p.add_argument("--max-doc-mb", type=float, default=64, metavar="MB",
                   help="largest document read, in MB of text (default 64; scoring takes ~10 bytes a character)")
    p.add_argument("--max-expand-mb", type=float, default=None, metavar="MB",
                   help="most a .gz input may expand to (default: 200x its size, at most 2048 MB)")


def _limits(args: argparse.Namespace) -> dict:
    return {"max_doc_mb": args.max_doc_mb, "max_expand_mb": args.max_expand_mb, "encoding": args.encoding}


def _codec_name(value: str) -> str:
    """``--encoding``: a name Python has a codec for (an unknown one is a usage error naming it)."""
    from .corpus.formats import check_encoding

    try:
        return check_encoding(value)
    except ParameterError as exc:
        raise argparse.ArgumentTypeError(exc.problems[0]) from None


def _errors(args: argparse.Namespace) -> Literal["raise", "skip"]:
    """The loader's ``errors``: ``raise`` with ``--strict`` (stop at the first unreadable file or
    record), else ``skip`` (skip it with a named note, and count it)."""
    return "raise" if getattr(args, "strict", False) else "skip"


def _add_param_option(p: argparse.ArgumentParser) -> None:
    """``-p NAME VALUE``: shared by ``report`` and ``lab``, which apply parameters the same way."""
    p.add_argument("-p", "--param", nargs=2, action="append", metavar=("NAME", "VALUE"),
                   help="set a parameter (repeatable); lists are comma-separated")


def _add_timeout_option(p: argparse.ArgumentParser) -> None:
    """``--timeout``: shared by every command that executes a notebook."""
    p.add_argument("--timeout", type=int, default=1800, help="seconds a cell may run (default 1800)")


BATCH_EXAMPLES = """\
examples:
  framing batch batches/press_releases.yaml --jobs 2   # 4 runs, 2 at a time; a second call: all up to date
  framing batch batches/press_releases.yaml --force    # run them all again, into new time-stamped folders
  framing batch my_batch.yaml --scheduler tcp://10.0.0.5:8786   # one task per run on a Dask cluster

batch file (YAML; keys: notebook, description, parameters, runs, grid):
  notebook: framing_report
  parameters: {corpus: press-releases, n_boot: 500}     # shared by every run
  runs:                                                 # one run per entry ...
    - {date_from: 2022-02-24, date_to: 2022-03-31}
    - {date_from: 2022-04-01, date_to: 2022-05-31}
  grid:                                                 # ... times every combination of the grid
    lexicons: [[hedging], [concession, security]]

Every run is checked before any kernel starts; a summary goes to reports/_batches/.
exit codes: 0 ok, 2 bad batch file, 4 bad parameter, 5 a run failed, 130 interrupted
"""


class _Version(argparse.Action):
    """``--version``: the installed package's version, read only when asked for (``framing.__version__``)."""

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, values: object,
                 option_string: str | None = None) -> None:
        from . import __version__

        print(f"framing {__version__}")
        parser.exit()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="framing", description="Measure how news and official communication frame events.",
        epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action=_Version, nargs=0, help="show the version number and exit")
    parser.add_argument("--debug", action="store_true", help="show full tracebacks on errors")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    rep = sub.add_parser("report", help="run a report notebook into a new folder under reports/",
                         description="Execute a report notebook with papermill into reports/<run-id>/ "
                         "(notebook, HTML, figures, tables, manifest.json).",
                         epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    rep.add_argument("notebook", nargs="?", default="framing_report",
                     help="notebook name in notebooks/ or a path (default: framing_report)")
    _add_param_option(rep)
    rep.add_argument("-f", "--params-file", metavar="YAML", help="parameters from a YAML file (NAME: VALUE a line)")
    rep.add_argument("--describe", action="store_true", help="print the notebook's parameters and exit")
    rep.add_argument("--force", action="store_true", help="run again even if an identical run exists "
                     "(into a new, time-stamped folder; runs are never overwritten)")
    _add_timeout_option(rep)
    rep.set_defaults(func=_cmd_report)

    lab = sub.add_parser("lab", help="start JupyterLab on notebooks/ (127.0.0.1, with a token)",
                         description="Start JupyterLab on notebooks/. With NOTEBOOK, open a copy of it (in "
                         "notebooks/scratch/) with the -p parameters checked and injected as `framing report` does.")
    lab.add_argument("notebook", nargs="?", help="report notebook name in notebooks/ or a path (default: none, "
                     "Lab opens on notebooks/)")
    _add_param_option(lab)
    lab.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (default: the first free one from "
                     "8888 on); a port given here that is taken is an error (Lab is not moved to another port)")
    lab.set_defaults(func=_cmd_lab)

    bat = sub.add_parser("batch", help="run a report over many parameter sets (process pool or Dask)",
                         description="Run every parameter set of a batch YAML file; up-to-date runs are skipped, "
                         "failures do not stop the batch; exit code 5 if any run failed.",
                         epilog=BATCH_EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    bat.add_argument("batch", help="batch YAML file (see batches/)")
    bat.add_argument("--jobs", "-j", type=int, default=1, help="runs side by side (processes; 0 = one per CPU; default 1)")
    bat.add_argument("--force", action="store_true", help="run again even the runs that are up to date")
    bat.add_argument("--scheduler", metavar="ADDR", help="submit runs to a Dask cluster, e.g. tcp://127.0.0.1:8786 "
                     "(workers need the kit installed and the same file system)")
    _add_timeout_option(bat)
    bat.set_defaults(func=_cmd_batch)

    ver = sub.add_parser("verify", help="check a run's files against its manifest, re-execute it and compare",
                         description="Hash every file under the run's figures/ and tables/ and compare with "
                         "manifest.json (a missing, extra or changed file fails; a manifest with no file fails), "
                         "then re-execute the run's notebook with its recorded parameters and compare the re-run's "
                         "files too; prints OK or every difference (exit code 6). Only notebooks in the project's "
                         "notebooks/ folder are executed, unless --allow-notebook names the run's notebook.")
    ver.add_argument("run_dir", help="a run folder under reports/")
    ver.add_argument("--allow-notebook", metavar="PATH",
                     help="also execute this notebook, outside notebooks/, if it is the one the run names")
    _add_timeout_option(ver)
    ver.set_defaults(func=_cmd_verify)

    sco = sub.add_parser("score", help="per-document lexicon counts and rates",
                         description="Score documents: one row per document (or sentence) with doc_id, "
                         "n_tokens, and L_count (affirmed hits), L_negated, L_per_1k and L.<category>_count "
                         "for each lexicon L, then status: every input document keeps its row, one with no text "
                         "has n_tokens 0 and status 'empty' or 'emptied by cleaning', one whose doc_id came before status "
                         "'repeated' (same text) or 'duplicate id' (another text) (counted on stderr; --strict: an error).")
    _add_corpus_options(sco)
    sco.add_argument("--level", choices=["doc", "sentence"], default="doc",
                     help="one row per document (default) or per sentence (adds sent_id)")
    sco.add_argument("--jobs", type=int, default=1, metavar="N",
                     help="processes that read, clean and score (default 1; 0 = one per CPU); with --engine dask: "
                     "LocalCluster workers")
    sco.add_argument("--chunksize", type=int, default=5_000, metavar="N",
                     help="documents read and scored at a time (memory stays flat; default 5000)")
    sco.add_argument("--engine", choices=["local", "dask"], default="local",
                     help="where the workers run (each reads, cleans and scores its part of the inputs; same "
                     "table either way): local: a process pool (default); dask: a Dask cluster")
    sco.add_argument("--scheduler", metavar="ADDRESS",
                     help="Dask scheduler address (tcp://host:8786) of a running cluster whose workers have the kit "
                     "and can read the inputs (shared paths, or URLs such as s3://bucket/news/); "
                     "default: start a LocalCluster of --jobs processes on 127.0.0.1")
    sco.add_argument("--model", metavar="FILE", help="also add <label>_prob and <label>_pred from a model file "
                     "(`framing model train`); its sha256 goes into OUT.manifest.json")
    sco.set_defaults(func=_cmd_score)

    lod = sub.add_parser("load", help="load, clean and de-duplicate inputs; print the load report",
                         description="Read files, folders, globs or a bundled corpus (txt, HTML, CSV/TSV, JSONL, "
                         "Parquet, and .gz of each) in bounded memory; clean scraped pages; find duplicate and "
                         "syndicated copies; print per file what was read, kept and skipped, and why. --out writes one row per "
                         "input document, in input order, with a status column as in `framing score`: ok, empty, "
                         "'emptied by cleaning' (text empty), repeated (same doc_id and text again) or 'duplicate id' (same "
                         "doc_id, different text); only unreadable records and files have no row (each is named "
                         "in the report; --strict: any of these is an error, exit 2, and nothing is written).")
    lod.add_argument("inputs", nargs="+", help=INPUTS_HELP)
    lod.add_argument("--out", metavar="FILE", help="write the corpus to .parquet or .csv (default: report only)")
    lod.add_argument("--text-col", metavar="C", help="column holding the text (default: auto-detected)")
    lod.add_argument("--id-col", metavar="C", help=ID_COL_HELP)
    lod.add_argument("--outlet", metavar="NAME", help="outlet for documents that name none")
    lod.add_argument("--rules", metavar="FILE", help="extra cleaning rules (YAML, same shape as the built-in file)")
    lod.add_argument("--chunksize", type=int, default=10_000, metavar="N",
                     help="documents read and cleaned at a time (memory stays flat; default 10000)")
    lod.add_argument("--strict", action="store_true", help="stop at the first unreadable file or broken record "
                     "instead of reporting and skipping it; a document with no text or given twice (a doc_id seen before, "
                     "same text or not) is an error too")
    _add_limit_options(lod)
    lod.set_defaults(func=_cmd_load)

    ded = sub.add_parser("dedup", help="exact and near-duplicate clusters: one row per document",
                         description="Find exact and near-duplicate documents (syndicated copies, press-release "
                         "templates filled in alike) and write one row per input document, in input order: doc_id, "
                         "dup_cluster (doc_id of the cluster's canonical document: the earliest published, then the "
                         "smallest doc_id), is_canonical, dup_kind ('', 'exact' or 'near') and dup_similarity (exact "
                         "Jaccard similarity of word 3-grams to the canonical document). Near duplicates: MinHash "
                         "LSH candidates confirmed by exact Jaccard >= --threshold. Memory stays bounded: MinHash "
                         "signatures and band keys go to temporary files; the clusters are the same for any --jobs, "
                         "--chunksize and --engine.",
                         epilog="examples:\n  framing dedup articles.jsonl --out clusters.csv\n"
                         "  framing dedup big/*.parquet --jobs 4 --out clusters.parquet\n"
                         "  framing dedup big/ --engine dask --scheduler tcp://10.0.0.5:8786 --out clusters.parquet\n"
                         "  framing dedup wire.jsonl --exact-only --out exact.csv   # same text only (faster)",
                         formatter_class=argparse.RawDescriptionHelpFormatter)
    ded.add_argument("inputs", nargs="+", help=INPUTS_HELP)
    ded.add_argument("--out", metavar="FILE", required=True, help="output .csv or .parquet")
    ded.add_argument("--text-col", metavar="C", help="column holding the text (default: auto-detected)")
    ded.add_argument("--id-col", metavar="C", help=ID_COL_HELP)
    ded.add_argument("--threshold", type=float, default=0.6, metavar="J",
                     help="least Jaccard similarity of word 3-grams for near duplicates (default 0.6)")
    ded.add_argument("--exact-only", action="store_true", help="only documents with the same words (case, "
                     "punctuation and spacing ignored)")
    ded.add_argument("--jobs", type=int, default=1, metavar="N",
                     help="processes that read and sketch (default 1; 0 = one per CPU); with --engine dask: "
                     "LocalCluster workers")
    ded.add_argument("--chunksize", type=int, default=5_000, metavar="N", help="documents per task (default 5000)")
    ded.add_argument("--engine", choices=["local", "dask"], default="local",
                     help="local: a process pool (default); dask: a Dask cluster (--scheduler, or a LocalCluster)")
    ded.add_argument("--scheduler", metavar="ADDRESS", help="Dask scheduler address (tcp://host:8786)")
    ded.add_argument("--strict", action="store_true", help="stop at the first unreadable file or broken record "
                     "(exit 2); a document with no text or given twice (a doc_id seen before) is an error too (without "
                     "it: each is skipped, named on stderr and counted)")
    _add_limit_options(ded)
    ded.set_defaults(func=_cmd_dedup)

    mat = sub.add_parser("matches", help="the match table: one row per hit with character offsets",
                         description="Write every lexicon hit: doc_id, sent_id, start, end, lexicon, category, "
                         "subcategory, term, matched_text, negated (offsets slice the document text). A document with no hit, "
                         "or no text, has no row by nature; how many had no text or were skipped is printed on stderr "
                         "(--strict: an error).")
    _add_corpus_options(mat)
    from .voices.cli import add_voice_options  # --voices, --no-clean
    from .voices.cli import register as add_voices_parser
    add_voice_options(mat, for_matches=True)
    mat.set_defaults(func=_cmd_matches)
    add_voices_parser(sub)

    from .lexicons.cli import add_parser as add_lexicon_parser
    add_lexicon_parser(sub).set_defaults(func=_cmd_lexicon)
    from .coded_cli import register as add_coded_parsers  # model, validate
    add_coded_parsers(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 0
    previous = _signals_as_interrupt()
    try:
        _check_text_arguments(args)
        if getattr(args, "out", None):
            _check_out(args)  # an output never replaces an input
        code = args.func(args)
        sys.stdout.flush()  # a reader that went away shows here, not in Python's flush at exit
        return code
    except BrokenPipeError:  # the reader of the output stopped early (`| head`): stop quietly, as `cat` does
        _stdout_to_nowhere()
        return BROKEN_PIPE
    except FramingError as exc:
        if args.debug:
            raise
        print(f"framing: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("framing: interrupted", file=sys.stderr)
        return 130
    except OSError as exc:
        if args.debug:
            raise
        print(f"framing: error: {str(exc.filename) + ': ' if exc.filename else ''}{exc.strerror or exc}", file=sys.stderr)
        return 1
    except Exception as exc:
        if args.debug:
            raise
        print(f"framing: internal error: {type(exc).__name__}: {exc}\n"
              "  run the same command with --debug for the traceback, and please report it", file=sys.stderr)
        return 1
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)


# Arguments that name files: bytes that are not UTF-8 in them are the file's real name (Python keeps
# them as lone surrogates and passes them back to the OS unchanged), so they are allowed there only.
_PATH_ARGUMENTS = {"inputs", "out", "batch", "run_dir", "notebook", "rules", "params_file", "allow_notebook", "model"}


def _is_utf8_text(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _check_text_arguments(args: argparse.Namespace) -> None:
    """A lone surrogate (bytes that are not UTF-8 text) in a text argument is a :class:`ParameterError`."""
    problems = []
    for name, value in vars(args).items():
        if name in _PATH_ARGUMENTS or name == "func":
            continue
        values = value if isinstance(value, list) else [value]
        for item in values:
            for text in (item if isinstance(item, (list, tuple)) else [item]):
                if isinstance(text, str) and not _is_utf8_text(text):
                    shown = "--" + name.replace("_", "-") if name != "param" else f"-p {item[0]}"
                    problems.append(f"`{shown}` holds bytes that are not UTF-8 text ({text!r}); pass UTF-8 text "
                                    "(check the terminal's encoding, e.g. LANG=C.UTF-8)")
    if problems:
        raise ParameterError(problems)


BROKEN_PIPE = 141  # what a shell reports for a command its reader stopped (128 + SIGPIPE)


def _stdout_to_nowhere() -> None:
    """Point standard output at the null device: its reader is gone, and whatever is still
    buffered for it must not fail again when Python flushes it at exit."""
    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except (OSError, ValueError):  # no real file behind sys.stdout (a test's capture): nothing to redirect
        pass


def _signals_as_interrupt() -> dict:
    """SIGTERM behaves like Ctrl-C (temp files removed, kernels stopped, batches marked), and the
    first of either is the only one: the clean-up it starts is not itself interrupted (no traceback
    whatever the timing). Returns the old handlers."""
    def handler(signum, frame):
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, signal.SIG_IGN)
        raise KeyboardInterrupt
    previous = {}
    try:
        for sig in (signal.SIGTERM, signal.SIGINT):
            previous[sig] = signal.signal(sig, handler)
    except ValueError:  # not the main thread (e.g. called from a worker thread): leave signals alone
        pass
    return previous


def run() -> None:
    """The ``framing`` command: :func:`main`, then exit with its code.

    Before the interpreter exits, what the process made is left out of the collector's last passes
    (``gc.freeze``): those passes walk every object (after ``framing score``: the compiled
    lexicons, the matcher, pandas) to free none that exiting does not free anyway, about 0.2 s.
    Files the kit writes are closed where they are written (:mod:`framing.atomic`), not by the collector.
    """
    code = main()
    gc.freeze()
    raise SystemExit(code)


if __name__ == "__main__":
    run()
