"""The figure index: figures.md, figures.json and figures.bib from a manifest."""

import json

from framing.report.index import bibtex, figure_records, write_figure_index

MANIFEST = {
    "run_id": "framing_report__default__0123abcd", "fingerprint": "0123abcd" + "0" * 56, "status": "ok",
    "started": "2026-11-26T10:00:00+00:00", "packages": {"framing": "0.1.0"},
    "figures": [{"id": "rates-by-group", "caption": "Rates & 95% intervals_by {outlet}",
                 "files": {"png": "figures/rates-by-group.png", "svg": "figures/rates-by-group.svg"},
                 "sha256": {"png": "a" * 64, "svg": "b" * 64}, "table": "rates-by-group"},
                {"id": "no-table", "caption": "Plain", "files": {"png": "figures/no-table.png"},
                 "sha256": {"png": "c" * 64}}],
    "tables": [{"id": "rates-by-group", "caption": "Data", "files": {"csv": "tables/rates-by-group.csv"},
                "sha256": {"csv": "d" * 64}}],
}


def test_records_link_each_figure_to_its_table_and_citation():
    first, second = figure_records(MANIFEST)
    assert first["table"] == "tables/rates-by-group.csv" and first["table_sha256"] == "d" * 64
    assert first["cite"] == f"Fig. rates-by-group, run framing_report__default__0123abcd, sha256 {'a' * 64}"
    assert first["key"] == "framing-0123abcd-rates-by-group"
    assert second["table"] is None


def test_bibtex_escapes_and_names_kit_run_and_hashes():
    entry = bibtex(figure_records(MANIFEST))[0]
    assert entry.startswith("@misc{framing-0123abcd-rates-by-group,")
    assert r"Rates \& 95\% intervals\_by \{outlet\}" in entry
    assert r"framing\_report\_\_default\_\_0123abcd" in entry and "framing 0.1.0" in entry
    assert "png sha256 " + "a" * 64 in entry and "data table tables/rates-by-group.csv" in entry
    assert entry.count("{") == entry.count("}")


def test_index_files_are_written(tmp_path):
    paths = write_figure_index(tmp_path, MANIFEST)
    assert [p.name for p in paths] == ["figures.md", "figures.json", "figures.bib"]
    md = (tmp_path / "figures.md").read_text()
    assert "## Fig. rates-by-group" in md and "no table was saved" in md
    assert [r["id"] for r in json.loads((tmp_path / "figures.json").read_text())] == ["rates-by-group", "no-table"]
    assert (tmp_path / "figures.bib").read_text().count("@misc{") == 2


def test_researcher_project_and_licence_go_into_bib_and_md(tmp_path, monkeypatch):
    from framing.report.index import project_citation, write_figure_index

    project = tmp_path / "project"
    project.mkdir()
    (project / "CITATION.cff").write_text("cff-version: 1.2.0\ntitle: Ceasefire talks\nlicense: CC-BY-4.0\n"
                                          "authors:\n  - given-names: Ada\n    family-names: Lovelace\n")
    monkeypatch.chdir(project)
    manifest = {"run_id": "framing_report__default__0123abcd", "fingerprint": "0123abcd" * 8,
                "started": "2026-11-26T10:00:00", "packages": {"framing": "0.1.0"}, "tables": [], "status": "ok",
                "parameters": {}, "figures": [{"id": "rates", "caption": "Rates", "files": {"png": "figures/rates.png"},
                                               "sha256": {"png": "ab" * 32}}]}
    write_figure_index(tmp_path, manifest)
    bib = (tmp_path / "figures.bib").read_text()
    assert "author       = {Ada Lovelace}" in bib and "The framing developers}}" not in bib
    assert "title        = {Ceasefire talks: Fig. rates: Rates}" in bib and "Licence: CC-BY-4.0." in bib
    assert "framing\\_report\\_\\_default\\_\\_0123abcd" in bib and "ab" * 32 in bib  # run id and sha256 kept
    assert "Author: Ada Lovelace. Project: Ceasefire talks. Licence: CC-BY-4.0." in (tmp_path / "figures.md").read_text()
    # framing.yaml wins over CITATION.cff; parameters win over both
    (project / "framing.yaml").write_text("author: Grace Hopper\nproject: Talks\n")
    assert project_citation({}, [project]) == {"author": "Grace Hopper", "project": "Talks"}
    assert project_citation({"author": "Me"}, [project])["author"] == "Me"


def test_the_kits_own_citation_file_is_not_the_researchers(tmp_path):
    from framing.paths import project_root
    from framing.report.index import project_citation

    assert (project_root() / "CITATION.cff").is_file()
    assert project_citation({}, [project_root()]) == {}
