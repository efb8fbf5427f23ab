"""Provenance of a report run: what went in (inputs, lexicons, code, packages), what came out."""

from __future__ import annotations

import functools
import hashlib
import json
import os
import platform
import subprocess
from importlib import metadata
from pathlib import Path
from typing import Any

from ..atomic import atomic_write
from ..lexicons import Lexicon
from ..paths import project_root

PACKAGES = ["framing", "pandas", "numpy", "matplotlib", "nltk", "papermill", "nbconvert", "nbclient",
            "ipykernel", "pyyaml", "pyarrow"]


def sha256_file(path: str | Path) -> str:
    """sha256 of a file's bytes, read in blocks."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@functools.lru_cache(maxsize=8)
def kit_sha256(root: str | Path | None = None) -> str:
    """sha256 over the kit's own files (the installed ``framing`` package: code and package data).

    Every file under the package folder except ``__pycache__`` and hidden files, in sorted order,
    each as its relative path and its bytes, so an edit to the kit's code makes runs new (it is part
    of every run's fingerprint). Computed once per process (about 50 files, well under a MB).
    """
    root = Path(root) if root else Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    for folder, dirs, names in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__" and not d.startswith("."))
        for name in sorted(names):
            if name.startswith(".") or name.endswith((".pyc", ".pyo")):
                continue
            path = Path(folder) / name
            digest.update(path.relative_to(root).as_posix().encode() + b"\0" + sha256_file(path).encode() + b"\n")
    return digest.hexdigest()


def lexicon_versions(lexicons: list[Lexicon], languages: dict[str, int]) -> list[dict[str, Any]]:
    """What a manifest records of the lexicons a run matches with: each lexicon as given (its English
    file, or the file named) and every language version the corpus's ``languages`` (language ->
    documents) use (:func:`framing.match.languages.versions_used`), each with ``name, language,
    version, sha256, path`` and ``documents`` (the document languages it is used for, with counts).

    >>> from framing.lexicons import load_lexicons
    >>> [(e["language"], e["documents"]) for e in lexicon_versions(load_lexicons(["hedging"]), {"en": 2, "ru": 1})]
    [('en', {'en': 2}), ('ru', {'ru': 1})]
    """
    from ..match.languages import versions_used

    return [{**lex.provenance(), "language": lex.language, "documents": documents}
            for lex, documents in versions_used(lexicons, languages)]


def lexicon_key(entry: dict) -> tuple[str, str]:
    """A manifest's lexicon entry is one version: its name and language (``en`` in manifests written
    before language versions were recorded)."""
    return str(entry.get("name")), str(entry.get("language", "en"))


def lexicon_label(entry: dict) -> str:
    """``hedging`` for an English version, ``hedging (ru)`` for another.

    >>> lexicon_label({"name": "hedging", "language": "ru"})
    'hedging (ru)'
    """
    name, language = lexicon_key(entry)
    return name if language == "en" else f"{name} ({language})"


def package_versions() -> dict[str, str]:
    """Installed versions of the packages a report depends on."""
    out = {}
    for name in PACKAGES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "not installed"
    return out


def git_state(root: Path | None = None) -> dict[str, Any]:
    """Commit and dirty flag of the project checkout (``None`` values outside git)."""
    root = root or project_root()
    try:
        commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True,
                                check=True, timeout=10).stdout.strip()
        dirty = bool(subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=root,
                                    capture_output=True, text=True, check=True, timeout=10).stdout.strip())
        return {"commit": commit, "dirty": dirty}
    except (OSError, subprocess.SubprocessError):
        return {"commit": None, "dirty": None}


def environment() -> dict[str, Any]:
    """Python version and platform of the run."""
    return {"python": platform.python_version(), "implementation": platform.python_implementation(),
            "platform": platform.platform()}


def read_registry(run_dir: Path) -> list[dict]:
    """Figures and tables the notebook registered with :func:`framing.save_figure`."""
    path = run_dir / ".registry.jsonl"
    if not path.is_file():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def write_json(path: Path, data: Any) -> None:
    """Write JSON atomically (temp file + rename), keys sorted, UTF-8."""
    atomic_write(path, json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False, default=str) + "\n")
