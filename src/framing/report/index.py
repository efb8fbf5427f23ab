"""The figure index of a run: ``figures.md``, ``figures.json`` and ``figures.bib``.

A paper cites "Fig. <id>, run <run-id>, sha256 <png hash>"; each BibTeX entry names the
researcher (author), the project and licence, the kit, the run and the figure, and records the
hashes of the figure and of the table behind it. Author, project and licence come from the run's
parameters (``author``, ``project``, ``licence``) where a notebook has them, else from a project
file in the working folder or the project root (:func:`project_citation`): ``framing.yaml``
(keys ``author`` or ``authors``, ``project``, ``licence``) or the researcher's ``CITATION.cff``.

>>> manifest = {"run_id": "r__default__0123abcd", "fingerprint": "0123abcd" * 8, "started": "2026-11-26T10:00:00",
...             "packages": {"framing": "0.1.0"}, "tables": [],
...             "figures": [{"id": "rates", "caption": "Rates & 95% CI", "files": {"png": "figures/rates.png"},
...                          "sha256": {"png": "ab" * 32}}]}
>>> print(bibtex(figure_records(manifest))[0].splitlines()[0])
@misc{framing-0123abcd-rates,
"""

from __future__ import annotations

import html
import json
from pathlib import Path

import yaml

from ..atomic import atomic_write
from ..paths import project_root

INDEX_FILES = ("figures.md", "figures.json", "figures.bib")
KIT_TITLE = "framing: a research kit for measuring news framing"
KIT_CITATION = f"The framing developers, {KIT_TITLE}"
CITATION_FIELDS = ("author", "project", "licence")
_BIB_ESCAPES = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "&": r"\&", "%": r"\%", "$": r"\$",
                "#": r"\#", "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}


def _cff_author(person: dict) -> str:
    name = " ".join(str(person[k]) for k in ("given-names", "family-names") if person.get(k))
    return name or str(person.get("name", ""))


def read_citation_file(path: str | Path) -> dict[str, str]:
    """Author, project and licence from ``framing.yaml`` or a ``CITATION.cff`` (``{}`` for the
    kit's own ``CITATION.cff``: that cites the kit, not the research).

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "framing.yaml").write_text("authors: [Ada Lovelace, Tim Berners]\\nproject: Talks\\nlicence: CC-BY-4.0")
    >>> read_citation_file(folder / "framing.yaml")
    {'author': 'Ada Lovelace and Tim Berners', 'project': 'Talks', 'licence': 'CC-BY-4.0'}
    """
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict):
        return {}
    if Path(path).suffix == ".cff":
        if data.get("title") == KIT_TITLE:
            return {}
        authors = [_cff_author(a) for a in data.get("authors", []) if isinstance(a, dict)]
        found = {"author": " and ".join(a for a in authors if a), "project": data.get("title", ""),
                 "licence": data.get("license", "")}
    else:
        named = data.get("authors", data.get("author", ""))
        found = {"author": " and ".join(map(str, named)) if isinstance(named, list) else str(named),
                 "project": data.get("project", ""), "licence": data.get("licence", data.get("license", ""))}
    return {k: str(v) for k, v in found.items() if v}


def project_citation(parameters: dict | None = None, folders: list[Path] | None = None) -> dict[str, str]:
    """Author, project and licence for the figure index: ``parameters`` first, then the first
    ``framing.yaml`` or ``CITATION.cff`` found in ``folders`` (default: the working folder, then the
    project root); fields found nowhere are left out."""
    found: dict[str, str] = {}
    for folder in folders if folders is not None else [Path.cwd(), project_root()]:
        for name in ("framing.yaml", "CITATION.cff"):
            if (Path(folder) / name).is_file() and not found:
                found = read_citation_file(Path(folder) / name)
    given = {k: str((parameters or {}).get(k) or (parameters or {}).get("license" if k == "licence" else k) or "")
             for k in CITATION_FIELDS}
    return {k: given[k] or found.get(k, "") for k in CITATION_FIELDS if given[k] or found.get(k)}


def figure_records(manifest: dict, citation: dict[str, str] | None = None) -> list[dict]:
    """One record per figure: ID, caption, files, hashes, the table behind it, and how to cite it
    (with the ``citation`` fields ``author``, ``project``, ``licence`` where known)."""
    citation = citation or {}
    tables = {t["id"]: t for t in manifest.get("tables", [])}
    short = manifest.get("fingerprint", "")[:8]
    out = []
    for fig in manifest.get("figures", []):
        table = tables.get(fig.get("table") or "")
        png = fig["sha256"].get("png", next(iter(fig["sha256"].values()), ""))
        out.append({
            "id": fig["id"], "caption": fig["caption"], "files": fig["files"], "sha256": fig["sha256"],
            "table": table["files"]["csv"] if table else None,
            "table_sha256": table["sha256"]["csv"] if table else None,
            "run_id": manifest["run_id"], "key": f"framing-{short}-{fig['id']}",
            "cite": f"Fig. {fig['id']}, run {manifest['run_id']}, sha256 {png}",
            "year": str(manifest.get("started", ""))[:4], "framing": manifest.get("packages", {}).get("framing", ""),
            **{k: citation[k] for k in CITATION_FIELDS if citation.get(k)},
        })
    return out


def _bib(text: str) -> str:
    return "".join(_BIB_ESCAPES.get(ch, ch) for ch in text)


def bibtex(records: list[dict]) -> list[str]:
    """A ``@misc`` BibTeX entry per figure record."""
    entries = []
    for r in records:
        hashes = "; ".join(f"{fmt} sha256 {h}" for fmt, h in sorted(r["sha256"].items()))
        table = f"; data table {r['table']} sha256 {r['table_sha256']}" if r["table"] else ""
        project = f"{r['project']}: " if r.get("project") else ""
        licence = f" Licence: {r['licence']}." if r.get("licence") else ""
        entries.append("\n".join([
            f"@misc{{{r['key']},",
            f"  title        = {{{_bib(project)}Fig. {_bib(r['id'])}: {_bib(r['caption'])}}},",
            *([f"  author       = {{{_bib(r['author'])}}},"] if r.get("author") else []),
            f"  year         = {{{r['year']}}},",
            f"  howpublished = {{Report run {_bib(r['run_id'])}, produced with framing {_bib(r['framing'])}}},",
            f"  note         = {{{_bib(hashes + table)}.{_bib(licence)} Cite the kit as: {_bib(KIT_CITATION)}}},",
            "}",
        ]))
    return entries


def markdown(manifest: dict, records: list[dict]) -> str:
    """``figures.md``: each figure with caption (HTML-escaped: a Markdown viewer renders raw HTML),
    files, hashes and the line to cite it by."""
    lines = [f"# Figures of run {manifest['run_id']}", "",
             f"Status: {manifest.get('status', '?')}. Provenance: `manifest.json`. BibTeX: `figures.bib`.", ""]
    first = records[0] if records else {}
    credit = [f"{label}: {html.escape(first[k], quote=False)}" for k, label in
              (("author", "Author"), ("project", "Project"), ("licence", "Licence")) if first.get(k)]
    lines += ([". ".join(credit) + ".", ""] if credit else
              ["No author given: add `framing.yaml` (author, project, licence) or your `CITATION.cff` to the "
               "project folder, and rerun.", ""])
    if not records:
        lines.append("This run registered no figures.")
    for r in records:
        lines += [f"## Fig. {r['id']}", "", html.escape(r["caption"], quote=False), ""]  # Markdown renders raw HTML
        lines += [f"- `{path}` sha256 `{r['sha256'][fmt]}`" for fmt, path in sorted(r["files"].items())]
        lines.append(f"- data: `{r['table']}` sha256 `{r['table_sha256']}`" if r["table"]
                     else "- data: no table was saved with this figure")
        lines += [f"- cite as: {r['cite']} (BibTeX key `{r['key']}`)", ""]
    return "\n".join(lines).rstrip() + "\n"


def write_figure_index(run_dir: str | Path, manifest: dict) -> list[Path]:
    """Write the three index files into ``run_dir`` (atomically); return their paths."""
    run_dir = Path(run_dir)
    records = figure_records(manifest, project_citation(manifest.get("parameters")))
    atomic_write(run_dir / "figures.md", markdown(manifest, records))
    atomic_write(run_dir / "figures.json", json.dumps(records, indent=2, sort_keys=True, ensure_ascii=False) + "\n")
    atomic_write(run_dir / "figures.bib", "\n\n".join(bibtex(records)) + "\n")
    return [run_dir / name for name in INDEX_FILES]
