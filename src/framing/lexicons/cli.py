"""``framing lexicon list | show | check | convert | export``: the lexicon subcommands.

>>> import io, contextlib
>>> buf = io.StringIO()
>>> with contextlib.redirect_stdout(buf):
...     _ = run(build_parser().parse_args(["lexicon", "export", "ceasefire", "--format", "txt"]))
>>> buf.getvalue().splitlines()[:2]
['cease-fire', 'ceasefire']
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..paths import check_output
from .format import Lexicon, builtin_names, lexicon_languages, load_lexicon, risky_regex
from .interchange import FORMATS, convert, read_any, render, write_text


def add_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add the ``lexicon`` subcommand (with its own subcommands) to a subparsers object."""
    lex = sub.add_parser("lexicon", help="list, show, check, convert and export lexicons",
                         description="Inspect and convert lexicons. Formats: kit YAML, quanteda YAML "
                         "dictionaries, LIWC .dic, plain .txt (one term a line).")
    cmds = lex.add_subparsers(dest="lexicon_command", metavar="ACTION", required=True)
    cmds.add_parser("list", help="the built-in lexicons with version, terms, languages (each version's "
                    "version) and description",
                    description="One line per built-in lexicon: name, version, terms, categories, its language "
                    "versions [en 2.2.0, ru 1.1.1, ...] and the start of its description.")
    show = cmds.add_parser("show", help="definition, examples, limits, sources and categories of a lexicon")
    show.add_argument("name", help="built-in name or lexicon file")
    show.add_argument("--lang", metavar="CODE", help="show its version in this language (ISO 639-1, e.g. ru, uk; "
                      "`framing lexicon list` names the languages each lexicon has)")
    chk = cmds.add_parser("check", help="validate a lexicon file (kit YAML, quanteda YAML, .dic, .txt)",
                          description="Validate a lexicon file: prints `ok: NAME VERSION, N terms in K categories, "
                          "sha256 ...`, or every problem of the file, each with its line and fix (exit 3).")
    chk.add_argument("file", help="the lexicon file to check")
    conv = cmds.add_parser("convert", help="convert between formats (by the output's extension)")
    conv.add_argument("input", help="lexicon file or built-in name")
    conv.add_argument("output", help=".yaml (kit), .dic (LIWC), .txt; --format quanteda for quanteda YAML")
    conv.add_argument("--format", choices=FORMATS, help="output format (default: from the extension)")
    exp = cmds.add_parser("export", help="write a lexicon in another format (txt: the exact terms matched)")
    exp.add_argument("name", help="built-in name or lexicon file")
    exp.add_argument("--format", choices=FORMATS, default="txt",
                     help="yaml (kit), quanteda (quanteda YAML), dic (LIWC) or txt (default: the exact terms "
                     "the matcher uses, one a line)")
    exp.add_argument("--out", metavar="FILE", help="output file (default: stdout)")
    return lex


def build_parser() -> argparse.ArgumentParser:
    """A stand-alone parser (for tests and ``python -m framing.lexicons.cli``)."""
    parser = argparse.ArgumentParser(prog="framing")
    add_parser(parser.add_subparsers(dest="command"))
    return parser


def _load(name: str):
    return (load_lexicon(name), []) if name in builtin_names() else read_any(Path(name))


def languages_line(lex: Lexicon) -> str:
    """Each language version of a lexicon file with its version, e.g. ``en 1.0.0, ru 0.2.0, uk 0.2.0``
    (a lexicon not read from a file: its own language and version).

    >>> languages_line(load_lexicon("hedging")).split(", ")[0].split()[0]
    'en'
    """
    english = Path(lex.path)
    if lex.language != "en" or not english.is_file():
        return f"{lex.language} {lex.version}"
    return ", ".join(f"{lang} {(lex if lang == 'en' else load_lexicon(english, lang)).version}"
                     for lang in lexicon_languages(english))


def _notes(notes: list[str]) -> None:
    for note in notes:
        print(f"note: {note}", file=sys.stderr)


def _source(name: str) -> Path:
    """The file a lexicon argument reads: a built-in lexicon's data file, or the path given."""
    return Path(load_lexicon(name).path) if name in builtin_names() else Path(name)


def run(args: argparse.Namespace) -> int:
    """Carry out one ``framing lexicon ...`` command; returns the exit code."""
    cmd = args.lexicon_command
    if cmd == "list":
        for name in builtin_names():
            lex = load_lexicon(name)
            print(f"{lex.name:<14} {lex.version:<7} {len(lex.entries):>5} terms  {len(lex.categories):>2} categories  "
                  f"[{languages_line(lex)}]  {lex.description.split('. ')[0][:70]}")
    elif cmd == "show":
        lex, notes = (load_lexicon(args.name, args.lang), []) if args.lang else _load(args.name)
        english = load_lexicon(args.name) if args.lang and args.lang != "en" else lex
        print(f"{lex.name} {lex.version}  language {lex.language} (match: {lex.match})  sha256 {lex.sha256}\n"
              f"{lex.path}\nlanguage versions: {languages_line(english)}\n\n{lex.description}")
        for key in ("definition", "limits"):
            if key in lex.meta:
                print(f"\n{key}: {' '.join(str(lex.meta[key]).split())}")
        for ex in lex.meta.get("examples", []):
            print(f"  e.g. {ex}")
        if lex.sources:
            print("\nsources:\n" + "\n".join(f"  - {s}" for s in lex.sources))
        print("\ncategories:")
        for cat, terms in lex.categories.items():
            subs = sorted({t.subcategory for t in lex.entries if t.category == cat and t.subcategory})
            print(f"  {cat:<16} {len(terms):>5} terms" + (f"  (subcategories: {', '.join(subs)})" if subs else "")
                  + f"  e.g. {', '.join(terms[:4])}")
        _notes(notes)
    elif cmd == "check":
        lex, notes = _load(args.file)
        print(f"ok: {lex.name} {lex.version}, {len(lex.entries)} terms in {len(lex.categories)} categories, "
              f"sha256 {lex.sha256[:12]}")
        _notes(notes + [f"regex {t.pattern!r} ({t.category}) repeats a group that repeats or alternates inside: it "
                        "may backtrack for a very long time on some texts (scoring stops it after a time limit); "
                        "rewrite it, e.g. (a+)+ as a+" for t in lex.entries if t.pattern and risky_regex(t.pattern)])
    elif cmd == "convert":
        check_output(args.output, [_source(args.input)], option="OUTPUT")
        notes = convert(args.input, args.output, args.format)
        print(f"wrote {args.output}", file=sys.stderr)
        _notes(notes)
    elif cmd == "export":
        lex, notes = _load(args.name)
        text, more = render(lex, args.format)
        if args.out:
            check_output(args.out, [_source(args.name)])
            write_text(Path(args.out), text)
            print(f"wrote {args.out}", file=sys.stderr)
        else:
            sys.stdout.write(text)
        _notes(notes + more)
    return 0
