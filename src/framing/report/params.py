"""Typed parameters read from a notebook's ``parameters`` cell.

The cell holds one assignment a line, annotated, with the help text as a trailing comment::

    corpus: str = "press-releases"  # bundled corpus name or path to your files
    n_boot: int = 1000              # bootstrap resamples for intervals

>>> params = {p.name: p for p in parse_parameters_cell('n_boot: int = 1000  # resamples')}
>>> params["n_boot"].type, params["n_boot"].default, params["n_boot"].help
('int', 1000, 'resamples')
"""

from __future__ import annotations

import ast
import difflib
import io
import json
import tokenize
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from ..errors import InputError, ParameterError
from ..paths import notebooks_dir, project_root
from ..safe_yaml import YAMLExpansionError, check_expansion

TYPES = {"str": str, "int": int, "float": float, "bool": bool, "list": list, "Date": str, "File": str}

# Bounds of the numeric parameters the notebooks share (name -> (least, most); None: no bound); a
# value outside them would fail inside the kernel (a negative seed) or run for hours (n_boot 10**9).
LIMITS: dict[str, tuple[int | None, int | None]] = {
    "n_boot": (1, 100_000), "seed": (0, 2**32 - 1), "top_n": (1, 10_000), "max_sentences": (0, None)}


# Text parameters the notebooks share whose value is one of a few (name -> the values): a typo would
# fail inside the kernel, after the corpus was loaded.
def _choices() -> dict[str, tuple[str, ...]]:
    from ..stats import MODEL_FAMILIES, MODEL_PERIODS

    return {"model_family": MODEL_FAMILIES, "model_period": tuple(MODEL_PERIODS)}


def did_you_mean(value: str, options: list[str] | set[str]) -> str:
    """``"; did you mean 'x'?"`` for the closest option (difflib), or "" when none is close.

    >>> did_you_mean("n_bootstrap", ["n_boot", "seed"]), did_you_mean("N_BOOT", ["n_boot", "seed"])
    ("; did you mean 'n_boot'?", "; did you mean 'n_boot'?")
    """
    by_folded = {str(o).casefold(): str(o) for o in sorted(map(str, options))}  # (case does not make a name far)
    close = difflib.get_close_matches(str(value).casefold(), list(by_folded), n=1, cutoff=0.6)
    return f"; did you mean {by_folded[close[0]]!r}?" if close else ""


@dataclass(frozen=True)
class Parameter:
    """One notebook parameter: name, type name, default value and help text."""

    name: str
    type: str
    default: Any
    help: str = ""


def _comments(source: str) -> dict[int, str]:
    out = {}
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        if tok.type == tokenize.COMMENT:
            out[tok.start[0]] = tok.string.lstrip("#").strip()
    return out


def parse_parameters_cell(source: str) -> list[Parameter]:
    """Parameters declared in the source of a ``parameters`` cell."""
    comments = _comments(source)
    params = []
    for node in ast.parse(source).body:
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            name, type_name = node.target.id, ast.unparse(node.annotation).split("[")[0]
            default = ast.literal_eval(node.value) if node.value is not None else None
        elif isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            name, default = node.targets[0].id, ast.literal_eval(node.value)
            type_name = type(default).__name__
        else:
            continue
        params.append(Parameter(name, type_name, default, comments.get(node.lineno, "")))
    return params


def parameters_cell(nb: dict, path: str | Path = "") -> str:
    """Source of the cell tagged ``parameters`` (``nb``: a notebook as JSON or an nbformat node)."""
    for cell in nb.get("cells", []):
        if "parameters" in cell.get("metadata", {}).get("tags", []):
            source = cell.get("source", "")
            return "".join(source) if isinstance(source, list) else source
    return ""  # a notebook without parameters takes none


def read_notebook_json(path: Path) -> dict:
    """A notebook file as plain JSON (no nbformat import: keeps the all-cached batch path fast)."""
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(path, f"not a readable notebook ({exc})", fix="give a .ipynb file saved by Jupyter") from None


def notebook_path(notebook: str | Path) -> Path:
    """A notebook by name (``framing_report``) or path; raises a clear error if missing."""
    path = Path(notebook)
    if path.suffix != ".ipynb":
        path = notebooks_dir() / f"{notebook}.ipynb"
    if not path.is_file():
        names = sorted(p.stem for p in notebooks_dir().glob("*.ipynb"))
        raise ParameterError(f"notebook {str(notebook)!r} not found; available: {', '.join(names)}")
    return path


def describe_parameters(notebook: str | Path) -> list[Parameter]:
    """The typed parameters of a report notebook (by name or path)."""
    path = notebook_path(notebook)
    return parse_parameters_cell(parameters_cell(read_notebook_json(path), path))


def coerce(param: Parameter, value: Any) -> Any:
    """Convert a value (often a CLI string) to the parameter's type, or raise ``ValueError``."""
    kind = TYPES.get(param.type)
    if kind is None or isinstance(value, kind) and not (kind is int and isinstance(value, bool)):
        return value
    if isinstance(value, str):
        text = value.strip()
        if kind is bool:
            if text.lower() in {"true", "yes", "1"}:
                return True
            if text.lower() in {"false", "no", "0"}:
                return False
            raise ValueError("expected true or false")
        if kind is list:
            return [x.strip() for x in text.split(",") if x.strip()]
        return kind(text)
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    raise ValueError(f"expected {param.type}, got {type(value).__name__}")


def validate_parameters(declared: list[Parameter], given: dict[str, Any]) -> dict[str, Any]:
    """Merge ``given`` over the defaults, checking names and types; report all problems at once."""
    values, problems = check_parameters(declared, given)
    if problems:
        raise ParameterError(problems)
    return values


def check_parameters(declared: list[Parameter], given: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """Like :func:`validate_parameters`, but return ``(values, problems)`` instead of raising."""
    by_name = {p.name: p for p in declared}
    problems, values = [], {p.name: p.default for p in declared}
    for name, value in given.items():
        if name not in by_name:
            problems.append(f"unknown parameter {name!r}{did_you_mean(name, set(by_name))} "
                            f"(known: {', '.join(sorted(by_name))})")
            continue
        try:
            values[name] = coerce(by_name[name], value)
        except ValueError as exc:
            problems.append(f"parameter {name!r} = {value!r}: {exc} (type {by_name[name].type})")
            continue
        problem = check_value(by_name[name], values[name])
        if problem:
            problems.append(problem)
            values[name] = by_name[name].default  # later checks (lexicons, corpus) never see the bad value
    problems.extend(_check_ranges(declared, values))
    return values, problems


def check_value(param: Parameter, value: Any) -> str:
    """The problem with a ``Date`` or ``File`` value, a list item or a number out of bounds ("" if none).

    >>> check_value(Parameter("date_from", "Date", ""), "2022-13-01")
    "parameter 'date_from' = '2022-13-01': not a date (month must be in 1..12); use YYYY-MM-DD, e.g. 2022-02-24"
    >>> check_value(Parameter("n_boot", "int", 1000), -5)
    "parameter 'n_boot' = -5: must be between 1 and 100000"
    >>> check_value(Parameter("model_family", "str", "poisson"), "negbinom")
    "parameter 'model_family' = 'negbinom': must be one of 'poisson', 'negbin'; did you mean 'negbin'?"
    """
    if isinstance(value, list):
        bad = [x for x in value if not isinstance(x, str | int | float) or isinstance(x, bool)]
        if bad:
            return (f"parameter {param.name!r} = {value!r}: a list of names or numbers, but item {bad[0]!r} is a "
                    f"{type(bad[0]).__name__}; write e.g. `{param.name}: [a, b]` or `-p {param.name} a,b`")
        return ""
    if isinstance(value, int) and not isinstance(value, bool) and param.name in LIMITS:
        least, most = LIMITS[param.name]
        if (least is not None and value < least) or (most is not None and value > most):
            wanted = (f"between {least} and {most}" if least is not None and most is not None
                      else f"at least {least}" if least is not None else f"at most {most}")
            return f"parameter {param.name!r} = {value!r}: must be {wanted}"
        return ""
    if not isinstance(value, str):
        return ""
    choices = _choices().get(param.name)
    if param.type == "str" and choices is not None and value not in choices:
        shown = ", ".join(repr(c) if c else "'' (none)" for c in choices)
        return f"parameter {param.name!r} = {value!r}: must be one of {shown}{did_you_mean(value, [c for c in choices if c])}"
    if value == "":
        return ""
    if param.type == "Date":
        try:
            date.fromisoformat(value)
        except ValueError as exc:
            return f"parameter {param.name!r} = {value!r}: not a date ({exc}); use YYYY-MM-DD, e.g. 2022-02-24"
    if param.type == "File" and resolve_file(value) is None:
        return (f"parameter {param.name!r} = {value!r}: no such file (looked in {Path.cwd()} "
                f"and the project folder {project_root()})")
    return ""


def resolve_file(value: str) -> Path | None:
    """An existing file: absolute, relative to the working folder, or to the project folder.

    >>> resolve_file("data/README.md").name, resolve_file("no/such.csv")
    ('README.md', None)
    """
    path = Path(value).expanduser()
    for candidate in (path, project_root() / path):
        if candidate.is_file():
            return candidate.resolve()
    return None


def _check_ranges(declared: list[Parameter], values: dict[str, Any]) -> list[str]:
    """``X_from`` must not come after ``X_to`` for Date parameters."""
    kinds = {p.name: p.type for p in declared}
    out = []
    for name, kind in kinds.items():
        other = name[:-5] + "_to" if name.endswith("_from") else ""
        if kind != "Date" or kinds.get(other) != "Date":
            continue
        lo, hi = values.get(name), values.get(other)
        try:
            if lo and hi and date.fromisoformat(lo) > date.fromisoformat(hi):
                out.append(f"parameters {name!r} = {lo!r} and {other!r} = {hi!r}: the range is empty; "
                           f"{name} must not come after {other}")
        except (TypeError, ValueError):
            continue  # already reported as a bad date
    return out


def load_params_file(path: str | Path) -> dict[str, Any]:
    r"""Parameters from a YAML mapping (``-f params.yaml``); a CLI ``-p`` given too overrides them.

    >>> import tempfile, os
    >>> with tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False) as fh:
    ...     _ = fh.write("n_boot: 200\nlexicons: [hedging]\n")
    >>> load_params_file(fh.name)
    {'n_boot': 200, 'lexicons': ['hedging']}
    >>> os.unlink(fh.name)
    """
    data = read_yaml(path, "parameters file", "give a YAML file of NAME: VALUE lines")
    if data is None:
        return {}
    if not isinstance(data, dict) or not all(isinstance(k, str) for k in data):
        raise InputError(path, "expected a mapping of parameter names to values",
                         fix="write one NAME: VALUE a line, e.g. `date_from: 2022-02-24`")
    return data


class _TextDatesLoader(yaml.SafeLoader):
    """YAML without implicit timestamps: ``2022-02-24`` stays text, and a bad date is ours to report;
    a key given twice in one mapping is an error (plain YAML keeps the last one silently)."""

    def construct_mapping(self, node, deep=False):
        keys = [self.construct_object(k, deep=True) for k, _ in node.value]
        for i, key in enumerate(keys):
            if key in keys[:i]:
                raise yaml.constructor.ConstructorError(None, None, f"duplicate key {key!r}",
                                                        node.value[i][0].start_mark)
        return super().construct_mapping(node, deep=deep)


_TextDatesLoader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}


def read_yaml(path: str | Path, what: str, fix: str) -> Any:
    """Parse a YAML file (dates kept as text); errors name the file and line."""
    path = Path(path)
    if not path.is_file():
        raise InputError(path, f"no such {what}", fix=fix)
    try:
        text = path.read_text(encoding="utf-8")
        check_expansion(text)
        return yaml.load(text, Loader=_TextDatesLoader)
    except UnicodeDecodeError as exc:
        raise InputError(path, f"not UTF-8 text (byte {exc.start})", fix="save it as UTF-8 YAML") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise InputError(path, f"not valid YAML ({getattr(exc, 'problem', exc)})",
                         fix="write the repeated parts out, or use fewer anchors and aliases (&name, *name)"
                         if isinstance(exc, YAMLExpansionError) else "fix the YAML syntax",
                         line=mark.line + 1 if mark else None) from None
