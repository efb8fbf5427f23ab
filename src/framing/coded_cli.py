"""``framing model train|evaluate``, ``framing validate sample|agreement|estimate`` and
``framing score --model``: the command line over :mod:`framing.model`, :mod:`framing.reliability`,
:mod:`framing.estimate` and :mod:`framing.validate`.

>>> import argparse
>>> sub = argparse.ArgumentParser(prog="framing").add_subparsers()
>>> sorted(p.prog for p in register(sub))
['framing model', 'framing validate']
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path
from typing import Any

import pandas as pd

from .atomic import atomic_write
from .coded_sample import read_table
from .errors import InputError, ParameterError

MODEL_EXAMPLES = """\
examples:
  framing model train data/gold/concession_v2.csv --label concession --part tune --out concession.model.json
  framing model evaluate data/gold/concession_v2.csv --model concession.model.json --part heldout
  framing score data/gold/concession_v2.csv --id-col item --text-col text --model concession.model.json --out scored.csv
  framing score press-releases --level sentence --model concession.model.json --lexicon concession --out sentences.parquet

The model file is JSON (settings, vocabulary, coefficients, lexicon hashes, training data hash, cross-
validated P/R/F1 with intervals); its sha256 is printed, written to <file>.sha256 and recorded by `score`.
"""

VALIDATE_EXAMPLES = """\
examples:
  framing validate sample press-releases --lexicon concession --code concession -n 200 --strata outlet --out sheet.csv
  framing validate agreement coder_a.csv coder_b.csv --code concession --key sheet.key.csv
  framing validate agreement codes_long.csv --level all          # item_id,coder,value rows; any numbers
  framing validate estimate sentences.parquet --measure concession_pred --coded sheet.key.csv \\
      --sheets coder_a.csv coder_b.csv --code concession --on doc_id --on sent_id --corpus press-releases --group outlet
  framing validate estimate llm_labels.csv --source llm_source.yaml --measure prob --coded coded.csv --code concession

`estimate` prints, for the whole corpus, each group and each group's difference from the first (or
--reference), the naive estimate (the measure taken as the truth), the coded-sample-only estimate and
the bias-corrected one (measure + its error measured on the coded sample; stratified by the sample's
`stratum` and `weight` columns when present), with 95% intervals.
"""


def register(sub: argparse._SubParsersAction) -> list[argparse.ArgumentParser]:
    """Add ``model`` and ``validate`` (each with its actions) to the ``framing`` subparsers."""
    fmt = argparse.RawDescriptionHelpFormatter
    mod = sub.add_parser("model", help="train a classifier from coded sentences; evaluate it",
                         description="Train a classifier (word n-grams + lexicon counts, logistic regression) from "
                         "coded rows; settings by cross-validation; a JSON model file with its sha256.",
                         epilog=MODEL_EXAMPLES, formatter_class=fmt)
    acts = mod.add_subparsers(dest="model_command", metavar="ACTION", required=True)
    tr = acts.add_parser("train", help="train from a coded CSV/Parquet; print nested-CV P/R/F1 next to the lexicon's",
                         epilog=MODEL_EXAMPLES, formatter_class=fmt)
    tr.add_argument("coded", help="coded table (.csv or .parquet): a text column and a 0/1 label column")
    tr.add_argument("--label", required=True, help="the 0/1 column to learn (also the model's name)")
    tr.add_argument("--text-col", default="text", metavar="C", help="column holding the text (default: text)")
    tr.add_argument("--id-col", metavar="C", help="row id column (needed for --hold-out)")
    tr.add_argument("--part", choices=["tune", "heldout"], help="train on this part of the stored split of one of the "
                    "kit's gold sets (CODED named as in data/gold/): `tune` keeps the part validity is reported on untouched")
    tr.add_argument("--hold-out", type=float, default=0.0, metavar="FRAC",
                    help="keep this fraction of rows out of training (chosen by a hash of the id; see `evaluate`; "
                    "default 0). Not a gold set's fixed held-out part: see docs/coded-samples.md")
    tr.add_argument("--lexicon", action="append", metavar="NAME|FILE",
                    help="lexicon whose counts are features (repeatable; default: every built-in lexicon)")
    tr.add_argument("--baseline", metavar="NAME|FILE", help="lexicon to compare with (default: the one named --label)")
    tr.add_argument("--C", type=float, action="append", dest="grid_C", metavar="C",
                    help="regularisation strengths to try (repeatable; default 0.1, 1, 10)")
    tr.add_argument("--ngram-max", type=int, action="append", dest="grid_ngram", metavar="N",
                    help="longest word n-grams to try (repeatable; default 1 and 2)")
    tr.add_argument("--folds", type=int, default=5, help="cross-validation folds (default 5)")
    tr.add_argument("--seed", type=int, default=0, help="seed of the folds and bootstrap (default 0)")
    tr.add_argument("--n-boot", type=int, default=1000, help="bootstrap resamples for the intervals (default 1000)")
    tr.add_argument("--out", required=True, metavar="FILE", help="model file to write (.json)")
    tr.set_defaults(func=_cmd_train)
    ev = acts.add_parser("evaluate", help="P/R/F1 of a model (and its baseline lexicon) on coded rows",
                         epilog=MODEL_EXAMPLES, formatter_class=fmt)
    ev.add_argument("coded", help="coded table with the model's label column")
    ev.add_argument("--model", required=True, metavar="FILE", help="model file written by `framing model train`")
    ev.add_argument("--text-col", default="text", metavar="C", help="column holding the text (default: text)")
    ev.add_argument("--held-out", action="store_true", help="only the rows the model's --hold-out kept from training")
    ev.add_argument("--part", choices=["tune", "heldout"], help="only this part of the stored split of one of the "
                    "kit's gold sets (CODED named as in data/gold/)")
    ev.add_argument("--n-boot", type=int, default=1000, help="bootstrap resamples for the intervals (default 1000)")
    ev.add_argument("--out", metavar="FILE", help="write the rows with <label>_prob and <label>_pred (.csv/.parquet)")
    ev.set_defaults(func=_cmd_evaluate)

    val = sub.add_parser("validate", help="coding samples, agreement among coders, corrected estimates",
                         description="Draw a coding sample; measure agreement (Krippendorff's alpha, any level); "
                         "estimate prevalence and group differences corrected with the coded sample.",
                         epilog=VALIDATE_EXAMPLES, formatter_class=fmt)
    vacts = val.add_subparsers(dest="validate_command", metavar="ACTION", required=True)
    sa = vacts.add_parser("sample", help="draw a stratified sample and write the blinded coding sheet and its key",
                          epilog=VALIDATE_EXAMPLES, formatter_class=fmt)
    sa.add_argument("inputs", nargs="+", help="corpus: files, folders, globs or a bundled corpus name")
    sa.add_argument("--lexicon", required=True, metavar="NAME|FILE", help="the lexicon whose hits stratify the sample")
    sa.add_argument("--category", help="only this category's hits count as hits")
    sa.add_argument("--code", required=True, help="the code the coders fill in (a column of the sheet)")
    sa.add_argument("-n", type=int, required=True, help="sentences to sample")
    sa.add_argument("--strata", action="append", default=[], metavar="COL", help="corpus column to stratify by too")
    sa.add_argument("--seed", type=int, default=0, help="seed of the sample (default 0)")
    sa.add_argument("--text-col", metavar="C", help="column holding the text (default: auto-detected)")
    sa.add_argument("--id-col", metavar="C", help="column whose values become doc_id (default: a doc_id or id "
                    "column, else a hash of the URL or text)")
    sa.add_argument("--out", required=True, metavar="SHEET.csv", help="the sheet; the key goes to SHEET.key.csv")
    sa.set_defaults(func=_cmd_sample)
    ag = vacts.add_parser("agreement", help="Krippendorff's alpha among coders (with intervals, per category)",
                          epilog=VALIDATE_EXAMPLES, formatter_class=fmt)
    ag.add_argument("sheets", nargs="+", help="filled coding sheets (one per coder), or one long item_id,coder,value table")
    ag.add_argument("--code", help="the code column of the sheets (needed with sheets and with --key; a long "
                    "table with a code column is filtered to it)")
    ag.add_argument("--level", default="nominal", choices=["nominal", "ordinal", "interval", "ratio", "all"],
                    help="level of measurement of the codes (default nominal; all: each level)")
    ag.add_argument("--key", metavar="KEY.csv", help="the sample's key: adds the kit as a coder and its P/R/F1")
    ag.add_argument("--n-boot", type=int, default=1000, help="bootstrap resamples of units (default 1000)")
    ag.add_argument("--seed", type=int, default=0, help="seed of the bootstrap (default 0)")
    ag.set_defaults(func=_cmd_agreement)
    es = vacts.add_parser("estimate", help="naive vs bias-corrected prevalence, group rates and differences",
                          epilog=VALIDATE_EXAMPLES, formatter_class=fmt)
    es.add_argument("units", help="every unit with the measure (.csv/.parquet), e.g. from `framing score --model`")
    es.add_argument("--measure", required=True, metavar="COL", help="0/1 or probability column of the units "
                    "(with --source: label or prob)")
    es.add_argument("--source", metavar="YAML", help="UNITS are external labels (ids + label/prob) made by this "
                    "source (tool, model, version, prompt); recorded in the manifest")
    es.add_argument("--coded", required=True, metavar="FILE", help="the coded sample (ids, code; stratum, weight)")
    es.add_argument("--sheets", nargs="+", metavar="SHEET", help="filled sheets: the code is their majority per item_id")
    es.add_argument("--code", required=True, help="the code column")
    es.add_argument("--on", action="append", metavar="COL", help="id columns joining the two (default: doc_id)")
    es.add_argument("--group", metavar="COL", help="group column (of the units, or of --corpus)")
    es.add_argument("--corpus", nargs="+", metavar="INPUT", help="corpus to take --group from (joined on doc_id)")
    es.add_argument("--reference", help="the group the others are compared with (default: the first)")
    es.add_argument("--confidence", type=float, default=0.95, help="level of the intervals (default 0.95)")
    es.add_argument("--out", metavar="FILE", help="write the table (.csv/.parquet) and FILE.manifest.json")
    es.set_defaults(func=_cmd_estimate)
    return [mod, val]


def _require(table: pd.DataFrame, cols: list[str], where: str, option: str) -> None:
    missing = [c for c in cols if c not in table.columns]
    if missing:
        raise InputError(where, f"no column(s) {missing}; columns: {list(map(str, table.columns))}", line=1,
                         fix=f"name the right column with {option}")


def _sha256(path: str | Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def _print(table: pd.DataFrame) -> None:
    with pd.option_context("display.width", 200, "display.max_columns", 30):
        print(table.to_string(index=False, float_format=lambda x: f"{x:.4f}"))


def _write_manifest(out: str | Path, record: dict[str, Any]) -> Path:
    path = Path(f"{out}.manifest.json")
    atomic_write(path, json.dumps(record, indent=1, sort_keys=True, ensure_ascii=False) + "\n")
    return path


def _gold_part_rows(table: pd.DataFrame, path: str, part: str) -> pd.DataFrame:
    """The rows of a kit gold set (``path``, named as in ``data/gold/``) in ``part`` of its stored split."""
    from .gold_split import SPLITS, rows_in_part

    name = Path(path).name
    if name not in SPLITS:
        raise ParameterError(f"--part: {name} is not one of the kit's gold sets with a stored split "
                             f"({', '.join(sorted(SPLITS))}); for your own coded rows use --hold-out")
    return rows_in_part(table, name, part)


def _cmd_train(args: argparse.Namespace) -> int:
    from .model import HOLDOUT_SALT, held_out, save_model, train

    table = read_table(args.coded)
    _require(table, [args.text_col, args.label], args.coded, "--text-col / --label")
    extra: dict[str, Any] = {"file": Path(args.coded).name, "file_sha256": _sha256(args.coded), "text_col": args.text_col}
    if args.part:
        table = _gold_part_rows(table, args.coded, args.part)
        extra["part"] = args.part
    if args.hold_out:
        if not args.id_col:
            raise ParameterError("--hold-out needs --id-col: rows are held back by a hash of their id")
        _require(table, [args.id_col], args.coded, "--id-col")
        held = held_out(table[args.id_col].astype(str).tolist(), args.hold_out)
        extra["hold_out"] = {"fraction": args.hold_out, "id_col": args.id_col, "rows": int(held.sum()),
                             "rule": f"sha256('{HOLDOUT_SALT}' + id), first 8 bytes as an integer < fraction * 2**64"}
        table = table[~held]
    grid = {k: v for k, v in (("C", args.grid_C), ("ngram_max", args.grid_ngram)) if v}
    model = train(table[args.text_col].fillna("").tolist(), table[args.label].tolist(), label=args.label,
                  lexicons=args.lexicon, baseline=args.baseline, folds=args.folds, grid=grid, seed=args.seed, n_boot=args.n_boot,
                  extra=extra)
    digest = save_model(model, args.out)
    print(f"trained on {len(table)} rows ({int(table[args.label].sum())} positive); settings: "
          f"C={model['settings']['C']}, n-grams up to {model['settings']['ngram_max']}")
    print(f"nested {args.folds}-fold cross-validation, same folds for every measure (95% bootstrap intervals):")
    _print(pd.DataFrame(model["cv"]["scores"]))
    print(f"model: {args.out}\nsha256: {digest}")
    return 0


def _cmd_evaluate(args: argparse.Namespace) -> int:
    from .lexicons import load_lexicons
    from .model import held_out, load_model, predict
    from .validate import predict_sentences, prf_table

    model = load_model(args.model)
    table = read_table(args.coded)
    label = model["label"]
    _require(table, [args.text_col, label], args.coded, "--text-col")
    if args.held_out:
        rule = model["training"].get("hold_out")
        if not rule:
            raise ParameterError(f"--held-out: the model {args.model} was trained without --hold-out")
        _require(table, [rule["id_col"]], args.coded, "the model's id column")
        table = table[held_out(table[rule["id_col"]].astype(str).tolist(), rule["fraction"])]
    if args.part:
        table = _gold_part_rows(table, args.coded, args.part)
    texts = table[args.text_col].fillna("").astype(str).tolist()
    pred = predict(model, texts)
    preds = {"model": pred[f"{label}_pred"].to_numpy()}
    for row in model["cv"]["scores"]:
        if row["measure"].startswith("lexicon "):
            name = row["measure"].removeprefix("lexicon ")
            preds[row["measure"]] = predict_sentences(texts, load_lexicons([name])[0], "any")
    which = " held out of training" if args.held_out else ""
    which += f" in the {args.part} part" if args.part else ""
    print(f"{len(table)} rows{which}; model sha256 {model['sha256']}")
    _print(prf_table(table[label].to_numpy(), preds, n_boot=args.n_boot))
    if args.out:
        from .cli import write_table

        write_table(pd.concat([table.reset_index(drop=True), pred], axis=1), args.out)
    return 0


def run_score(args: argparse.Namespace) -> int:
    """``framing score ... --model M``: the score table plus ``<label>_prob`` and ``<label>_pred``."""
    from .cli import _then_check_losses
    from .corpus import LoadReport, iter_corpus
    from .lexicons import load_lexicons
    from .model import load_model, model_record, score_with_model
    from .scale import with_status, write_scores

    if args.engine != "local":
        raise ParameterError("--model scores with the local engine only; leave out --engine dask")
    model = load_model(args.model)
    lexicons = load_lexicons(args.lexicon)
    report = LoadReport()  # every document keeps its row (status), as without --model
    from .cli import _errors, _limits, print_csv

    chunks = iter_corpus(args.inputs, chunksize=args.chunksize, text_col=args.text_col, id_col=args.id_col, dedup=False,
                         keep_all=True, report=report, errors=_errors(args), **_limits(args))
    tables = _then_check_losses((with_status(score_with_model(chunk.drop(columns="status", errors="ignore"), model, lexicons,
                                                              level=args.level), chunk, args.level)
                                 for chunk in chunks), report, args)
    print(f"model {args.model} sha256 {model['sha256']}", file=sys.stderr)
    if not args.out:
        for i, table in enumerate(tables):
            print_csv(table, header=i == 0)
        return 0
    rows = write_scores(tables, args.out)
    inputs = [{"input": str(x), **({"sha256": _sha256(x)} if Path(x).is_file() else {})} for x in args.inputs]
    manifest = _write_manifest(args.out, {"command": "framing score", "inputs": inputs, "level": args.level,
                                          "lexicons": [lex.provenance() for lex in lexicons], "model": model_record(model),
                                          "output": str(args.out), "output_sha256": _sha256(args.out), "rows": rows})
    print(f"wrote {rows:,} rows to {args.out}; manifest {manifest}", file=sys.stderr)
    return 0


def _cmd_sample(args: argparse.Namespace) -> int:
    from .corpus import load_corpus
    from .lexicons import load_lexicons
    from .match import find_matches
    from .validate import draw_sample, write_coding_sheet

    corpus = load_corpus(args.inputs, text_col=args.text_col, id_col=args.id_col)
    lexicon = load_lexicons([args.lexicon])[0]
    sample = draw_sample(corpus, find_matches(corpus, [lexicon]), args.n, args.code, lexicon.name, category=args.category,
                         strata=args.strata, seed=args.seed)
    sheet, key = write_coding_sheet(sample, args.out, [args.code])
    print(f"{len(sample)} sentences in {sample['stratum'].nunique()} strata")
    print(f"coding sheet (give to coders): {sheet}\nkey (keep from coders): {key}")
    return 0


def _long_codes(paths: list[str], code: str | None) -> pd.DataFrame:
    """Codes as ``item_id, coder, value``: one long table as given, or filled sheets via read_codes."""
    from .validate import read_codes

    if len(paths) == 1:
        table = read_table(paths[0])
        if {"item_id", "coder", "value"} <= set(table.columns):
            return table[table["code"] == code] if code and "code" in table.columns else table
    if not code:
        raise ParameterError("--code: name the code column of the coding sheets")
    files: list[str | Path] = list(paths)
    return read_codes(files, [code])


def _cmd_agreement(args: argparse.Namespace) -> int:
    from .reliability import LEVELS, agreement_table, category_alpha, reliability_data

    codes = _long_codes(args.sheets, args.code)
    data = reliability_data(codes)
    levels = list(LEVELS) if args.level == "all" else [args.level]
    print(f"Krippendorff's alpha among {len(data)} coders ({', '.join(map(str, data.index))}); "
          f"95% bootstrap intervals, {args.n_boot} resamples of units:")
    _print(agreement_table(data, levels, n_boot=args.n_boot, seed=args.seed))
    print("\nper category (each value against the rest, nominal):")
    _print(category_alpha(data))
    if args.key:
        from .validate import agreement, precision_recall

        if not args.code:
            raise ParameterError("--key needs --code (the kit's column is kit_<code>)")
        key = read_table(args.key)
        print("\nthe kit as one more coder, and against the coders' majority:")
        _print(agreement(key, codes, args.code, n_boot=args.n_boot, seed=args.seed))
        _print(precision_recall(key, codes, args.code, n_boot=args.n_boot, seed=args.seed))
    return 0


def _cmd_estimate(args: argparse.Namespace) -> int:
    from .estimate import corrected_estimates

    measure, record = args.measure, None
    if args.source:
        from .external import read_labels

        if args.measure not in ("label", "prob"):
            raise ParameterError(f"--measure {args.measure!r} with --source: use label or prob (the labels file's columns)")
        units, record = read_labels(args.units, args.source, name="labels")
        measure = f"labels_{'pred' if args.measure == 'label' else 'prob'}"
    else:
        units = read_table(args.units)
    coded = read_table(args.coded)
    if args.sheets:
        from .coded_sample import majority_codes
        from .validate import read_codes

        files: list[str | Path] = list(args.sheets)
        coded = majority_codes(coded, read_codes(files, [args.code]), args.code)
    on = args.on or ["doc_id"]
    if args.corpus:
        from .corpus import load_corpus

        if not args.group:
            raise ParameterError("--corpus is only read for --group: name the group column")
        corpus = load_corpus(args.corpus, dedup=False)
        _require(corpus, ["doc_id", args.group], " ".join(args.corpus), "--group")
        units = units.drop(columns=[args.group], errors="ignore").merge(
            corpus[["doc_id", args.group]].astype({"doc_id": str}), on="doc_id", how="left")
    table = corrected_estimates(units, measure, coded, args.code, on=on, group=args.group,
                                confidence=args.confidence, reference=args.reference)
    _print(table)
    if args.out:
        from .cli import write_table

        write_table(table, args.out)
        _write_manifest(args.out, {"command": "framing validate estimate", "measure": args.measure, "code": args.code,
                                   "units": {"path": args.units, "sha256": _sha256(args.units)},
                                   "coded": {"path": args.coded, "sha256": _sha256(args.coded)},
                                   "sheets": [{"path": s, "sha256": _sha256(s)} for s in args.sheets or []],
                                   "group": args.group, "confidence": args.confidence,
                                   **({"labels": record} if record else {})})
    return 0
