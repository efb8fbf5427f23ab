"""Verify a run: check its folder against its manifest, then re-execute it and compare again.

Three sets of sha256 must agree for every figure and table file (``figures/`` and ``tables/``):

1. the files actually in the run folder (a missing, extra or changed file is a failure naming it),
2. the hashes recorded in ``manifest.json`` (a manifest that records no file is a failure: there
   would be nothing to check),
3. the files the re-run writes (the recorded parameters, re-executed in a temporary folder).

Only notebooks inside the project's ``notebooks/`` folder are re-executed; another notebook runs
only when it is named explicitly (``allow_notebook`` / ``--allow-notebook PATH``). Before
re-executing, the recorded inputs, lexicons and notebook code are compared with what is there now,
so a difference in the outputs comes with its likely cause.

>>> compare_files({"figures/a.png": ("figure a (png)", "1")}, {"figures/a.png": "2", "tables/x.csv": "3"}, "run folder")
['figure a (png): figures/a.png changed in the run folder: sha256 1 -> 2', 'tables/x.csv: in the run folder but not in the manifest']
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from ..errors import InputError, ParameterError
from ..paths import notebooks_dir, project_root
from .manifest import lexicon_key, lexicon_label, sha256_file
from .run import RunResult, execute_plan, plan_run

OUTPUT_DIRS = ("figures", "tables")


@dataclass
class VerifyResult:
    """``ok`` when the folder's figure and table files, the manifest and the re-run all agree."""

    run_dir: Path
    ok: bool
    differences: list[str] = field(default_factory=list)
    checked: int = 0
    rerun: RunResult | None = None

    def message(self) -> str:
        if self.ok:
            return (f"OK: {self.checked} figure and table files in the folder match the manifest and "
                    f"reproduce byte for byte ({self.run_dir.name})")
        return "FAILED: " + self.run_dir.name + "\n" + "\n".join(f"  - {d}" for d in self.differences)


def recorded_files(manifest: dict) -> tuple[dict[str, tuple[str, str]], list[str]]:
    """``({path: (label, sha256)}, problems)`` for every figure and table file the manifest records.

    A recorded path outside ``figures/`` or ``tables/`` (or with ``..``) is a problem, not a file.

    >>> recorded_files({"figures": [{"id": "a", "files": {"png": "figures/a.png"}, "sha256": {"png": "1"}}]})
    ({'figures/a.png': ('figure a (png)', '1')}, [])
    """
    files: dict[str, tuple[str, str]] = {}
    problems = []
    for kind in OUTPUT_DIRS:
        for entry in manifest.get(kind) or []:
            for fmt, digest in (entry.get("sha256") or {}).items():
                label = f"{kind[:-1]} {entry.get('id')} ({fmt})"
                rel = (entry.get("files") or {}).get(fmt) or f"{kind}/{entry.get('id')}.{fmt}"
                parts = PurePosixPath(str(rel)).parts
                if len(parts) < 2 or parts[0] not in OUTPUT_DIRS or ".." in parts or "\\" in str(rel):
                    problems.append(f"{label}: the manifest records the path {rel!r}, outside figures/ and tables/")
                    continue
                files[str(PurePosixPath(*parts))] = (label, str(digest))
    return files, problems


def folder_files(run_dir: str | Path) -> dict[str, str]:
    """``{path: sha256}`` of every file under ``figures/`` and ``tables/`` of a folder, as it is on disk.

    A file that cannot be read gets the digest ``"unreadable"`` (so it never matches).
    """
    run_dir = Path(run_dir)
    out = {}
    for sub in OUTPUT_DIRS:
        for folder, dirs, names in os.walk(run_dir / sub):
            dirs.sort()
            for name in [d for d in dirs if (Path(folder) / d).is_symlink()]:  # not followed: never a match
                out[(Path(folder) / name).relative_to(run_dir).as_posix()] = "a link to a folder"
            for name in sorted(names):
                path = Path(folder) / name
                try:
                    digest = sha256_file(path)
                except OSError:
                    digest = "unreadable"
                out[path.relative_to(run_dir).as_posix()] = digest
    return out


def compare_files(recorded: dict[str, tuple[str, str]], found: dict[str, str], where: str) -> list[str]:
    """Every recorded file missing from ``found`` or with another sha256, and every file not recorded."""
    out = []
    for rel in sorted(set(recorded) | set(found)):
        if rel not in found:
            out.append(f"{recorded[rel][0]}: {rel} missing from the {where}")
        elif rel not in recorded:
            out.append(f"{rel}: in the {where} but not in the manifest")
        elif found[rel] != recorded[rel][1]:
            out.append(f"{recorded[rel][0]}: {rel} changed in the {where}: sha256 {recorded[rel][1][:12]} -> "
                       f"{found[rel][:12]}")
    return out


def load_manifest(run_dir: str | Path) -> dict:
    """The manifest of a run folder (clear error when it is not one)."""
    path = Path(run_dir) / "manifest.json"
    if not path.is_file():
        raise InputError(run_dir, "not a run folder (no manifest.json)", fix="give a folder under reports/")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise InputError(path, f"manifest is not valid JSON ({exc})", fix="re-run the report") from None
    wrong = manifest_problem(manifest)
    if wrong:
        raise InputError(path, f"not a framing run manifest: {wrong}", fix="give a run folder the kit wrote, or re-run the report")
    return manifest


_MAPPINGS = ("notebook", "parameters", "kernel_parameters", "languages")  # keys whose values are mappings
_LISTS = ("figures", "tables", "inputs", "lexicons")  # keys whose values are lists of mappings


def manifest_problem(manifest: object) -> str:
    """What makes ``manifest`` (parsed JSON) unlike the manifests the kit writes, or ``""``: the
    shapes verify reads (a mapping; a text ``status``; mappings and lists of mappings where it
    expects them; ``sha256`` and ``files`` of a figure or table as mappings).

    >>> manifest_problem([1, 2]), manifest_problem({"status": "ok", "figures": "x"}), manifest_problem({"status": "ok"})
    ('it is a list, not a mapping', '`figures` is not a list of mappings', '')
    """
    if not isinstance(manifest, dict):
        return f"it is a {type(manifest).__name__}, not a mapping"
    if not isinstance(manifest.get("status"), str):
        return "no `status` text"
    for key in _MAPPINGS:
        if not isinstance(manifest.get(key, {}), dict):
            return f"`{key}` is not a mapping"
    for key in _LISTS:
        value = manifest.get(key, [])
        if not isinstance(value, list) or not all(isinstance(e, dict) for e in value):
            return f"`{key}` is not a list of mappings"
        for entry in value:
            for inner in ("sha256", "files") if key in OUTPUT_DIRS else ():
                if not isinstance(entry.get(inner) or {}, dict):
                    return f"an entry of `{key}` has a `{inner}` that is not a mapping"
    return ""


def _notebook(manifest: dict, allow: str | Path | None) -> tuple[Path | None, str]:
    """The notebook to re-run, if it may run: ``(path, "")``, else ``(None, why not)``.

    It must lie inside the project's ``notebooks/`` folder, or be the path given as ``allow``.
    """
    info = manifest.get("notebook") or {}
    recorded = str(info.get("path") or "")
    if recorded:
        path = Path(recorded) if Path(recorded).is_absolute() else project_root() / recorded
    else:
        path = notebooks_dir() / f"{info.get('name', '')}.ipynb"
    path = path.resolve()
    allowed = Path(allow).resolve() if allow else None
    if not (path.is_relative_to(notebooks_dir().resolve()) or path == allowed):
        return None, (f"the run's notebook {path} is outside the project's notebooks/ folder, so it is not run. "
                      f"Fix: if you trust that notebook, pass --allow-notebook {path}")
    if not path.is_file():
        return None, f"the run's notebook {path} is not there any more; restore it to verify the run"
    return path, ""


def verify_run(run_dir: str | Path, timeout: int = 1800, keep: bool = False,
               allow_notebook: str | Path | None = None) -> VerifyResult:
    """Check ``run_dir``'s files against its manifest, re-execute its notebook with the recorded
    parameters into a temp folder, and check the re-run's files against the manifest too.

    Only a notebook inside the project's ``notebooks/`` folder (or the path ``allow_notebook``)
    is executed. The re-run is deleted afterwards unless ``keep`` (then ``result.rerun.run_dir``
    holds it).
    """
    run_dir = Path(run_dir).resolve()
    manifest = load_manifest(run_dir)
    if manifest.get("status") != "ok":
        return VerifyResult(run_dir, False, [f"the recorded run failed: {manifest.get('error', '')}"])
    recorded, problems = recorded_files(manifest)
    if not recorded and not problems:
        problems.append("nothing to check: the manifest records no figure or table file")
    problems += compare_files(recorded, folder_files(run_dir), "run folder")
    source, refused = _notebook(manifest, allow_notebook)
    if source is None:
        return VerifyResult(run_dir, False, problems + [refused], len(recorded))
    out = Path(tempfile.mkdtemp(prefix="framing-verify-"))
    try:
        params = manifest.get("kernel_parameters", manifest.get("parameters", {}))
        try:
            plan = plan_run(source, params, force=True, out_dir=out)
        except ParameterError as exc:
            return VerifyResult(run_dir, False, problems + [f"cannot re-run with the recorded parameters: {p}"
                                                            for p in exc.problems], len(recorded))
        causes = []
        then = {e["path"]: e["sha256"] for e in manifest.get("inputs", [])}
        now = {e["path"]: e["sha256"] for e in plan.inputs}
        for path in sorted(set(then) | set(now)):
            if then.get(path) != now.get(path):
                causes.append(f"input {path} changed since the run: sha256 "
                              f"{str(then.get(path))[:12]} -> {str(now.get(path))[:12]}")
        lex_then = {lexicon_key(e): e.get("sha256") for e in manifest.get("lexicons", [])}
        causes += [f"lexicon {lexicon_label(e)} changed since the run" + (
                   "" if lexicon_key(e) in lex_then else " (a language version it did not use)")
                   for e in plan.lexicons if lex_then.get(lexicon_key(e)) != e.get("sha256")]
        if manifest.get("languages", plan.languages) != plan.languages:
            causes.append(f"documents per language changed since the run: {manifest.get('languages')} -> "
                          f"{plan.languages}")
        if sha256_file(plan.source) != manifest["notebook"].get("sha256"):
            causes.append("notebook code changed since the run")
        if manifest.get("kit_sha256") != plan.kit_sha256:
            causes.append(f"kit code changed since the run (sha256 {str(manifest.get('kit_sha256'))[:12]} -> "
                          f"{plan.kit_sha256[:12]})")
        rerun = execute_plan(plan, timeout=timeout)
        if rerun.status != "ok":
            return VerifyResult(run_dir, False, problems + causes + [f"the re-run failed: {rerun.error}"],
                                len(recorded), rerun)
        diffs = problems + compare_files(recorded, folder_files(rerun.run_dir), "re-run")
        return VerifyResult(run_dir, not diffs, diffs + causes if diffs else [], len(recorded), rerun)
    finally:
        if not keep:
            shutil.rmtree(out, ignore_errors=True)
