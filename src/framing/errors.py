"""One exception hierarchy. Every message says what was expected and what to do.

The CLI catches :class:`FramingError` and prints its message (no traceback, exit code
``exit_code``); ``--debug`` shows the traceback.

>>> raise InputError("x.csv", "no text column", fix="pass --text-col NAME", line=1)
Traceback (most recent call last):
...
framing.errors.InputError: x.csv:1: no text column. Fix: pass --text-col NAME
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path


class FramingError(Exception):
    """Base class of every error the kit raises on purpose."""

    exit_code = 1


class InputError(FramingError):
    """A corpus input (file, column, row) cannot be read as expected."""

    exit_code = 2

    def __init__(self, source: str | Path, problem: str, fix: str = "", line: int | None = None):
        self.source, self.problem, self.fix, self.line = str(source), problem, fix, line
        where = f"{source}:{line}" if line is not None else str(source)
        super().__init__(f"{where}: {problem}" + (f". Fix: {fix}" if fix else ""))


class LexiconError(InputError):
    """A lexicon file is invalid (names file, line and fix)."""

    exit_code = 3


class LexiconErrors(LexiconError):
    """Every problem found in one lexicon file, each a :class:`LexiconError` (``errors``, in line order),
    so that one check lists them all. The attributes ``source``, ``line``, ``problem`` and ``fix`` are
    the first problem's.

    >>> raise LexiconErrors([LexiconError("a.yaml", "duplicate term 'x'", "delete one", 9),
    ...                      LexiconError("a.yaml", "bad regex '('", "fix it", 4)])
    Traceback (most recent call last):
    ...
    framing.errors.LexiconErrors: a.yaml: 2 problems; fix each, then check the file again:
      - a.yaml:4: bad regex '('. Fix: fix it
      - a.yaml:9: duplicate term 'x'. Fix: delete one
    """

    SHOWN = 200  # the message lists at most this many; ``errors`` holds them all

    def __init__(self, errors: Iterable[LexiconError]):
        self.errors = sorted(errors, key=lambda e: (e.line is None, e.line or 0))
        first = self.errors[0]
        self.source, self.problem, self.fix, self.line = first.source, first.problem, first.fix, first.line
        shown = "\n".join(f"  - {e}" for e in self.errors[:self.SHOWN])
        more = len(self.errors) - self.SHOWN
        FramingError.__init__(self, f"{first.source}: {len(self.errors)} problems; fix each, then check the file "
                              f"again:\n{shown}" + (f"\n  ... and {more} more" if more > 0 else ""))


class ParameterError(FramingError):
    """A report or CLI parameter has a bad name, type or value."""

    exit_code = 4

    def __init__(self, problems: list[str] | str):
        self.problems = [problems] if isinstance(problems, str) else list(problems)
        lines = "\n".join(f"  - {p}" for p in self.problems)
        super().__init__(f"{len(self.problems)} parameter problem(s):\n{lines}")


class OutputError(FramingError):
    """An output file cannot be written (disk full, read-only, over quota); names the path."""

    exit_code = 2

    def __init__(self, path: str | Path, problem: str, fix: str = ""):
        self.path, self.problem, self.fix = str(path), problem, fix
        super().__init__(f"{path}: {problem}" + (f". Fix: {fix}" if fix else ""))


class ReportError(FramingError):
    """A report run failed (cell error, missing kernel, timeout)."""

    exit_code = 5


def value_invalid_msg(name: str, value: object, valid: Iterable[object] | str) -> str:
    """Standard message for a bad value: names the parameter, the value and the options (or what is expected).

    >>> value_invalid_msg("level", "para", ["sentence", "doc"])
    "`level` got 'para'; expected one of ['doc', 'sentence']"
    >>> value_invalid_msg("jobs", -1, "a whole number >= 0")
    '`jobs` got -1; expected a whole number >= 0'
    """
    if isinstance(valid, str):
        return f"`{name}` got {value!r}; expected {valid}"
    return f"`{name}` got {value!r}; expected one of {sorted(valid, key=str)}"
