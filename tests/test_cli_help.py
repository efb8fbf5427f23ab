"""Every option and argument of every ``framing`` subcommand says what it does in ``--help``."""

import argparse

from framing.cli import build_parser


def _parsers(parser: argparse.ArgumentParser, name: str = "framing"):
    yield name, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub_name, sub in action.choices.items():
                yield from _parsers(sub, f"{name} {sub_name}")


def test_every_option_has_a_help_line():
    missing = [f"{name} {action.option_strings or action.dest}"
               for name, parser in _parsers(build_parser())
               for action in parser._actions
               if not isinstance(action, argparse._SubParsersAction) and not (action.help or "").strip()]
    assert not missing, "options without help: " + ", ".join(missing)


def test_every_subcommand_has_a_summary():
    missing = [f"{name} {choice.dest}" for name, parser in _parsers(build_parser())
               for action in parser._actions if isinstance(action, argparse._SubParsersAction)
               for choice in action._choices_actions if not (choice.help or "").strip()]
    assert not missing, "subcommands without a summary: " + ", ".join(missing)
