"""Verify a run: re-execute it with its recorded parameters and compare every figure and table hash.

Before re-executing, the recorded inputs, lexicons, notebook code and kit version are compared
with what is there now, so a difference in the outputs comes with its likely cause.

>>> compare_outputs({"figures": [{"id": "a", "sha256": {"png": "1"}}], "tables": []},
...                 {"figures": [{"id": "a", "sha256": {"png": "2"}}], "tables": []})
['figure a (png): sha256 1 -> 2']
"""

from __future__ import annotations

import json
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError, ParameterError
from ..paths import project_root
from .manifest import sha256_file
from .run import RunResult, execute_plan, plan_run


@dataclass
class VerifyResult:
    """``ok`` when every figure and table of the re-run has the recorded sha256."""

    run_dir: Path
    ok: bool
    differences: list[str] = field(default_factory=list)
    checked: int = 0
    rerun: RunResult | None = None

    def message(self) -> str:
        if self.ok:
            return f"OK: {self.checked} figure and table files reproduce byte for byte ({self.run_dir.name})"
        return "DIFFERS: " + self.run_dir.name + "\n" + "\n".join(f"  - {d}" for d in self.differences)


def _hashes(manifest: dict) -> dict[str, str]:
    out = {}
    for kind in ("figures", "tables"):
        for entry in manifest.get(kind, []):
            for fmt, digest in entry["sha256"].items():
                out[f"{kind[:-1]} {entry['id']} ({fmt})"] = digest
    return out


def compare_outputs(recorded: dict, rerun: dict) -> list[str]:
    """Differences between the figure/table hashes of two manifests (missing, extra, changed)."""
    before, after = _hashes(recorded), _hashes(rerun)
    out = []
    for key in sorted(set(before) | set(after)):
        if key not in after:
            out.append(f"{key}: missing in the re-run")
        elif key not in before:
            out.append(f"{key}: new in the re-run")
        elif before[key] != after[key]:
            out.append(f"{key}: sha256 {before[key][:12]} -> {after[key][:12]}")
    return out


def load_manifest(run_dir: str | Path) -> dict:
    """The manifest of a run folder (clear error when it is not one)."""
    path = Path(run_dir) / "manifest.json"
    if not path.is_file():
        raise InputError(run_dir, "not a run folder (no manifest.json)", fix="give a folder under reports/")
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise InputError(path, f"manifest is not valid JSON ({exc})", fix="re-run the report") from None


def _notebook(manifest: dict) -> str:
    recorded = manifest["notebook"].get("path", "")
    path = Path(recorded) if Path(recorded).is_absolute() else project_root() / recorded
    return str(path) if recorded and path.is_file() else manifest["notebook"]["name"]


def verify_run(run_dir: str | Path, timeout: int = 1800, keep: bool = False) -> VerifyResult:
    """Re-execute ``run_dir``'s notebook with its recorded parameters into a temp folder; compare.

    The re-run is deleted afterwards unless ``keep`` (then ``result.rerun.run_dir`` holds it).
    """
    run_dir = Path(run_dir).resolve()
    manifest = load_manifest(run_dir)
    if manifest.get("status") != "ok":
        return VerifyResult(run_dir, False, [f"the recorded run failed: {manifest.get('error', '')}"])
    out = Path(tempfile.mkdtemp(prefix="framing-verify-"))
    try:
        params = manifest.get("kernel_parameters", manifest["parameters"])
        try:
            plan = plan_run(_notebook(manifest), params, force=True, out_dir=out)
        except ParameterError as exc:
            return VerifyResult(run_dir, False, [f"cannot re-run with the recorded parameters: {p}"
                                                 for p in exc.problems])
        causes = []
        recorded = {e["path"]: e["sha256"] for e in manifest.get("inputs", [])}
        now = {e["path"]: e["sha256"] for e in plan.inputs}
        for path in sorted(set(recorded) | set(now)):
            if recorded.get(path) != now.get(path):
                causes.append(f"input {path} changed since the run: sha256 "
                              f"{str(recorded.get(path))[:12]} -> {str(now.get(path))[:12]}")
        lex_then = {e["name"]: e.get("sha256") for e in manifest.get("lexicons", [])}
        causes += [f"lexicon {e['name']} changed since the run" for e in plan.lexicons
                   if lex_then.get(e["name"]) != e.get("sha256")]
        if sha256_file(plan.source) != manifest["notebook"]["sha256"]:
            causes.append("notebook code changed since the run")
        rerun = execute_plan(plan, timeout=timeout)
        if rerun.status != "ok":
            return VerifyResult(run_dir, False, causes + [f"the re-run failed: {rerun.error}"], rerun=rerun)
        diffs = compare_outputs(manifest, rerun.manifest)
        return VerifyResult(run_dir, not diffs, causes + diffs if diffs else [], len(_hashes(manifest)), rerun)
    finally:
        if not keep:
            shutil.rmtree(out, ignore_errors=True)
