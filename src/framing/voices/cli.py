"""``framing voices`` and ``framing matches --voices``: voice spans from the command line.

``register(subparsers)`` adds the ``voices`` command; :func:`add_voice_options` adds
``--voices``, ``--institution`` and ``--cues`` to ``matches``. Both commands take the loader's
``--no-clean``, so offsets index the raw text (to compare with an external annotation of it).
"""

from __future__ import annotations

import argparse
import sys

import pandas as pd

from ..errors import ParameterError

EXAMPLES = """\
examples:
  framing voices example-article                        # voice spans as CSV to stdout
  framing voices articles.jsonl --out spans.parquet     # doc_id, start, end, voice, speaker, kind
  framing voices raw/*.txt --no-clean --out spans.csv   # offsets into the raw text (no page cleaning)
  framing voices press-releases --institution kremlin.ru="Vladimir Putin"
                                                        # the Kremlin's own texts: institution voice
  framing voices my.jsonl --cues my_cues.yaml           # your own cue lexicon (same keys as the built-in)
  framing voices novosti.jsonl --lang ru                # Russian («…», — заявил Песков; по словам X)
  framing matches example-article --lexicon hedging --voices   # + voice, speaker, voice_kind per hit
  framing voices articles.jsonl --model tagger.npz      # rules + your trained tagger (docs/voices.md)

kinds: narration, attribution, mention (journalist); direct, indirect, turn (source);
       institution (an official text's own words, with --institution)
"""


def _institutions(values: list[str] | None) -> dict[str, str]:
    """``OUTLET=SPEAKER`` pairs (``OUTLET`` alone: the outlet is its own speaker)."""
    out = {}
    for value in values or []:
        outlet, _, speaker = value.partition("=")
        if not outlet.strip():
            raise ParameterError(f"--institution got {value!r}; expected OUTLET=SPEAKER, e.g. kremlin.ru='Vladimir Putin'")
        out[outlet.strip()] = speaker.strip() or outlet.strip()
    return out


def add_voice_options(p: argparse.ArgumentParser, *, for_matches: bool = False) -> None:
    """``--no-clean``, ``--institution``, ``--cues`` (and ``--voices`` for ``matches``)."""
    if for_matches:
        p.add_argument("--voices", action="store_true", help="add voice, speaker and voice_kind to each hit")
    p.add_argument("--no-clean", action="store_true",
                   help="do not clean scraped pages: offsets index the raw text (to compare with an external annotation)")
    p.add_argument("--institution", action="append", metavar="OUTLET=SPEAKER",
                   help="documents of this outlet are SPEAKER's own texts: the writer's words get voice "
                   "'institution' (repeatable)")
    p.add_argument("--cues", metavar="YAML", help="cue lexicon file (default: the built-in voices/cues.yaml, "
                   "cues.ru.yaml or cues.uk.yaml of each document's language)")
    p.add_argument("--model", metavar="FILE", help="a voice tagger you trained (benchmarks/voices_train.py; the kit "
                   "ships none): it decides which words of English documents are a source's content; speakers "
                   "still come from the rules" + (" (with --voices)" if for_matches else ""))


def spans_for(corpus: pd.DataFrame, args: argparse.Namespace) -> pd.DataFrame:
    """The voice spans of a loaded corpus with the command's ``--institution``, ``--cues`` and ``--model``."""
    from . import corpus_voice_spans, load_cues
    from .learned import corpus_tagged_spans, load_tagger

    tagger = load_tagger(args.model) if getattr(args, "model", None) else None  # a bad file fails before the work
    cues = load_cues(args.cues) if args.cues else None
    lang = getattr(args, "voice_lang", None)
    if lang:
        corpus = corpus.assign(language=lang)
    spans = corpus_voice_spans(corpus, institutions=_institutions(args.institution), cues=cues)
    return spans if tagger is None else corpus_tagged_spans(tagger, corpus, spans)


def add_voices(corpus: pd.DataFrame, matches: pd.DataFrame, args: argparse.Namespace) -> pd.DataFrame:
    """The match table with ``voice``, ``speaker`` and ``voice_kind`` of each hit."""
    from ..quotes import assign_voices

    return assign_voices(corpus, matches, spans=spans_for(corpus, args))


def _cmd_voices(args: argparse.Namespace) -> int:
    from ..cli import _check_losses, _errors, _limits, write_table
    from ..corpus import load_corpus_with_report

    corpus, report = load_corpus_with_report(args.inputs, text_col=args.text_col, id_col=args.id_col,
                                             clean=not args.no_clean, errors=_errors(args), **_limits(args))
    _check_losses(report, args)  # documents without text have no spans: say how many, as `framing matches` does
    spans = spans_for(corpus, args)
    write_table(spans, args.out)
    n_source = int((spans["voice"] == "source").sum())
    print(f"{len(corpus):,} documents, {len(spans):,} spans ({n_source:,} source)", file=sys.stderr)
    return 0


def register(sub) -> argparse.ArgumentParser:
    """Add the ``voices`` command to the ``framing`` subparsers."""
    p = sub.add_parser("voices", help="voice spans: who speaks in each stretch of text (journalist, source, institution)",
                       description="Cut every document into spans that cover it exactly: doc_id, start, end, voice, "
                       "speaker, kind (offsets slice the loaded text). Direct and indirect quotations, reported "
                       "speech and transcript turns get voice 'source' and a canonical speaker.",
                       epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    from ..cli import ID_COL_HELP, INPUTS_HELP  # the same inputs (URLs too) and doc_id rule as the other reading commands
    p.add_argument("inputs", nargs="+", help=INPUTS_HELP)
    p.add_argument("--text-col", metavar="C", help="column holding the text (default: auto-detected)")
    p.add_argument("--id-col", metavar="C", help=ID_COL_HELP)
    p.add_argument("--out", metavar="FILE", help="output .csv or .parquet (default: CSV to stdout)")
    p.add_argument("--lang", choices=["en", "ru", "uk"], dest="voice_lang",
                   help="read every document as this language (default: the input's language column, else detected)")
    add_voice_options(p)
    from ..cli import _add_limit_options  # --encoding, --max-doc-mb, --max-expand-mb, as the other reading commands
    _add_limit_options(p)
    p.add_argument("--strict", action="store_true", help="stop at the first unreadable file or broken record "
                   "(exit 2); a document with no text or given twice (a doc_id seen before) is an error too (without "
                   "it: each is skipped, named on stderr and counted)")
    p.set_defaults(func=_cmd_voices)
    return p
