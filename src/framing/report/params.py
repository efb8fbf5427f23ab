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
import io
import tokenize
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat

from ..errors import ParameterError

TYPES = {"str": str, "int": int, "float": float, "bool": bool, "list": list}


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


def parameters_cell(nb: nbformat.NotebookNode, path: str | Path = "") -> str:
    """Source of the cell tagged ``parameters``."""
    for cell in nb.cells:
        if "parameters" in cell.get("metadata", {}).get("tags", []):
            return cell.source
    return ""  # a notebook without parameters takes none


def describe_parameters(notebook: str | Path) -> list[Parameter]:
    """The typed parameters of a report notebook (by name or path)."""
    from .run import notebook_path

    path = notebook_path(notebook)
    return parse_parameters_cell(parameters_cell(nbformat.read(path, as_version=4), path))


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
            problems.append(f"unknown parameter {name!r}; known: {', '.join(sorted(by_name))}")
            continue
        try:
            values[name] = coerce(by_name[name], value)
        except ValueError as exc:
            problems.append(f"parameter {name!r} = {value!r}: {exc} (type {by_name[name].type})")
    return values, problems
