"""Keep committed notebooks clean: no outputs, no execution counts, a kernelspec set.

Run ``python -m framing.notebook_tools strip notebooks/*.ipynb`` (or ``make clean-notebooks``);
``check`` lists the problems and exits non-zero.
"""

from __future__ import annotations

import sys

import nbformat

from .atomic import atomic_path

KERNELSPEC = {"name": "framing", "display_name": "Python (framing)", "language": "python"}


def problems(nb: nbformat.NotebookNode) -> list[str]:
    """What keeps a notebook from being committed as is."""
    out = []
    if nb.metadata.get("kernelspec", {}).get("name") != KERNELSPEC["name"]:
        out.append("kernelspec is not 'framing'")
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "code" and (cell.get("outputs") or cell.get("execution_count") is not None):
            out.append(f"cell {i} has outputs or an execution count")
    return out


def strip(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Remove outputs and execution counts; set the kit's kernelspec."""
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
        cell.metadata.pop("execution", None)
        cell.metadata.pop("papermill", None)
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    nb.metadata.pop("papermill", None)
    return nb


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if not args or args[0] not in {"strip", "check"}:
        print("usage: python -m framing.notebook_tools strip|check NOTEBOOK...", file=sys.stderr)
        return 2
    failed = 0
    for name in args[1:]:
        nb = nbformat.read(name, as_version=4)
        if args[0] == "strip":
            with atomic_path(name) as tmp:  # an interrupted strip never truncates a committed notebook
                nbformat.write(strip(nb), tmp)
        elif problems(nb):
            failed += 1
            print(f"{name}: " + "; ".join(problems(nb)))
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
