"""A report and the explore notebook on a corpus in three languages (Russian, Ukrainian, English):
rates by language, a concordance in Cyrillic, and figures whose Cyrillic labels render."""

import json
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from framing import run_report

pytestmark = pytest.mark.slow

NOTEBOOKS = Path(__file__).parents[2] / "notebooks"


def glyph_warnings(nb: nbformat.NotebookNode) -> list[str]:
    """Every output line of an executed notebook that says a glyph was missing from a font."""
    texts = [out.get("text", "") for cell in nb.cells if cell.cell_type == "code" for out in cell.get("outputs", [])]
    return [line for text in texts for line in text.splitlines() if "missing from font" in line]


def test_framing_report_on_a_mixed_language_corpus(reports, mixed_languages):
    lexicon = mixed_languages.parent / "lexicons" / "hedges_ru_uk_en.yaml"
    result = run_report("framing_report", {"corpus": str(mixed_languages), "lexicons": [str(lexicon)],
                                           "n_boot": 50, "model_period": ""})
    assert result.status == "ok", result.error
    manifest = result.manifest
    assert "rates-by-language" in [f["id"] for f in manifest["figures"]]
    languages = pd.read_csv(result.run_dir / "tables/languages.csv")
    assert languages[["language", "documents", "detected"]].values.tolist() == [["en", 4, 4], ["ru", 4, 4], ["uk", 4, 4]]
    rates = pd.read_csv(result.run_dir / "tables/rates-by-language.csv")
    assert rates["group"].tolist() == ["en", "ru", "uk"] and rates["rate"].gt(0).all()
    lines = pd.read_csv(result.run_dir / "tables/kwic.csv")
    assert {"Нібито", "Якобы", "Імовірно", "по-видимому"} <= set(lines["hit"])
    html = (result.run_dir / "report.html").read_text(encoding="utf-8")
    assert "<mark>Нібито</mark>" in html and "<mark>Якобы</mark>" in html  # the concordance, not escaped
    assert glyph_warnings(nbformat.read(result.run_dir / "notebook.ipynb", as_version=4)) == []
    svg = (result.run_dir / "figures/keyness.svg").read_text(encoding="utf-8")
    assert "<path" in svg  # Cyrillic terms are drawn as glyph outlines (svg.fonttype "path")
    assert json.loads((result.run_dir / "manifest.json").read_text())["status"] == "ok"
    assert manifest["languages"] == {"en": 4, "ru": 4, "uk": 4}  # the lexicon versions used, in the manifest and table
    assert [(e["language"], e["documents"]) for e in manifest["lexicons"]] == [("en", {"en": 4, "ru": 4, "uk": 4})]
    assert "<td>hedges_ru_uk_en</td><td>en</td>" in html and "<td>en 4, ru 4, uk 4</td>" in html  # one file: no versions


def test_explore_notebook_on_a_mixed_language_corpus(tmp_path, mixed_languages):
    import papermill

    from framing.report.inject import scratch_dir

    lexicon = mixed_languages.parent / "lexicons" / "hedges_ru_uk_en.yaml"
    out = tmp_path / "explore.ipynb"
    before = set(scratch_dir().glob("*.ipynb"))
    try:
        papermill.execute_notebook(str(NOTEBOOKS / "explore.ipynb"), str(out), cwd=str(tmp_path), progress_bar=False,
                                   parameters={"corpus": str(mixed_languages), "lexicons": [str(lexicon)],
                                               "n_boot": 20})
    finally:  # the notebook's last section writes a parameterised report copy into notebooks/scratch/
        for made in set(scratch_dir().glob("*.ipynb")) - before:
            made.unlink()
    nb = nbformat.read(out, as_version=4)
    assert glyph_warnings(nb) == []
    shown = "\n".join(str(o.get("data", {}).get("text/html", "")) + o.get("text", "")
                      for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []))
    assert "languages: en 4, ru 4, uk 4 (12 detected from the text, 0 from the input)" in shown  # the load report
    assert 'id="fig-rates-by-language"' in shown and "<td>uk</td>" in shown  # the language table and figure


def test_corpus_overview_counts_languages(overview_of_mixed_languages):  # the run test_notebooks_run checks too
    result = overview_of_mixed_languages
    assert result.status == "ok", result.error
    languages = pd.read_csv(result.run_dir / "tables/languages.csv")
    assert languages["documents"].tolist() == [4, 4, 4] and languages["share"].sum() == pytest.approx(1.0, abs=0.01)
    assert glyph_warnings(nbformat.read(result.run_dir / "notebook.ipynb", as_version=4)) == []
