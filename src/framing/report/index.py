"""The figure index of a run: ``figures.md``, ``figures.json`` and ``figures.bib``.

A paper cites "Fig. <id>, run <run-id>, sha256 <png hash>"; each BibTeX entry names the kit,
the run and the figure, and records the hashes of the figure and of the table behind it.

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

from ..atomic import atomic_write

INDEX_FILES = ("figures.md", "figures.json", "figures.bib")
KIT_CITATION = "The framing developers, framing: a research kit for measuring news framing"
_BIB_ESCAPES = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "&": r"\&", "%": r"\%", "$": r"\$",
                "#": r"\#", "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}


def figure_records(manifest: dict) -> list[dict]:
    """One record per figure: ID, caption, files, hashes, the table behind it, and how to cite it."""
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
        entries.append("\n".join([
            f"@misc{{{r['key']},",
            f"  title        = {{Fig. {_bib(r['id'])}: {_bib(r['caption'])}}},",
            "  author       = {{The framing developers}},",
            f"  year         = {{{r['year']}}},",
            f"  howpublished = {{Report run {_bib(r['run_id'])}, produced with framing {_bib(r['framing'])}}},",
            f"  note         = {{{_bib(hashes + table)}. Cite the kit as: {_bib(KIT_CITATION)}}},",
            "}",
        ]))
    return entries


def markdown(manifest: dict, records: list[dict]) -> str:
    """``figures.md``: each figure with caption (HTML-escaped: a Markdown viewer renders raw HTML),
    files, hashes and the line to cite it by."""
    lines = [f"# Figures of run {manifest['run_id']}", "",
             f"Status: {manifest.get('status', '?')}. Provenance: `manifest.json`. BibTeX: `figures.bib`.", ""]
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
    records = figure_records(manifest)
    atomic_write(run_dir / "figures.md", markdown(manifest, records))
    atomic_write(run_dir / "figures.json", json.dumps(records, indent=2, sort_keys=True, ensure_ascii=False) + "\n")
    atomic_write(run_dir / "figures.bib", "\n\n".join(bibtex(records)) + "\n")
    return [run_dir / name for name in INDEX_FILES]
