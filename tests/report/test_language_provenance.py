"""A run's manifest records every lexicon language version it matched with (name, language, version,
sha256, path, the documents it was used for) and the documents per language; a changed Russian
version makes the run new and `framing verify` names it."""

import shutil
from pathlib import Path

import nbformat
import pytest

from framing import run_report
from framing.report.run import plan_run
from framing.report.verify import verify_run

FIXTURE_LEXICONS = Path(__file__).parents[1] / "fixtures" / "lexicons"

SOURCE = """\
import pandas as pd
from framing import load_corpus
from framing.lexicons import load_lexicons
from framing.match import find_matches
from framing.report import save_table
matches = find_matches(load_corpus(corpus), load_lexicons(lexicons))
save_table(matches.groupby("category").size().rename("hits").reset_index(), "hits", "Hits per category.", run_dir)
"""


def write_notebook(path: Path) -> Path:
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("corpus: str = ''  # a corpus file\nlexicons: list = []  # lexicon files\n"
                                  "run_dir: str = ''  # set by the runner", metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell(SOURCE)])
    nb.metadata["kernelspec"] = {"name": "framing", "display_name": "Python (framing)", "language": "python"}
    nbformat.write(nb, path)
    return path


@pytest.fixture
def yielding(tmp_path) -> Path:
    """A copy of the test lexicon ``yielding`` with its Russian and Ukrainian versions."""
    folder = tmp_path / "lexicons"
    folder.mkdir()
    for name in ("yielding.yaml", "yielding.ru.yaml", "yielding.uk.yaml"):
        shutil.copy(FIXTURE_LEXICONS / name, folder / name)
    return folder / "yielding.yaml"


def test_the_plan_records_each_language_version_used(tmp_path, reports, mixed_languages, yielding):
    notebook = write_notebook(tmp_path / "hits.ipynb")
    plan = plan_run(notebook, {"corpus": str(mixed_languages), "lexicons": [str(yielding)]})
    assert plan.languages == {"en": 4, "ru": 4, "uk": 4}
    versions = {e["language"]: e for e in plan.lexicons}
    assert sorted(versions) == ["en", "ru", "uk"] and {e["name"] for e in plan.lexicons} == {"yielding"}
    assert versions["ru"]["path"] == str(yielding.with_name("yielding.ru.yaml"))
    assert versions["uk"]["documents"] == {"uk": 4} and versions["en"]["documents"] == {"en": 4}
    assert all(len(e["sha256"]) == 64 and e["version"] for e in plan.lexicons)
    ru = yielding.with_name("yielding.ru.yaml")
    ru.write_text(ru.read_text(encoding="utf-8").replace("      - поступка\n", "      - поступка\n      - компромисс\n"),
                  encoding="utf-8")
    again = plan_run(notebook, {"corpus": str(mixed_languages), "lexicons": [str(yielding)]})
    assert again.fingerprint != plan.fingerprint  # a changed Russian version makes the run new
    assert {e["language"]: e["sha256"] for e in again.lexicons}["en"] == versions["en"]["sha256"]


def test_an_english_corpus_records_no_other_version(tmp_path, reports, yielding):
    corpus = tmp_path / "en.jsonl"
    corpus.write_text('{"id": "a", "text": "They will cede the land."}\n', encoding="utf-8")
    plan = plan_run(write_notebook(tmp_path / "hits.ipynb"), {"corpus": str(corpus), "lexicons": [str(yielding)]})
    assert plan.languages == {"en": 1}
    assert [(e["language"], e["documents"]) for e in plan.lexicons] == [("en", {"en": 1})]


@pytest.mark.slow
def test_verify_names_a_changed_russian_version(tmp_path, reports, mixed_languages, yielding):
    notebook = write_notebook(tmp_path / "hits.ipynb")
    params = {"corpus": str(mixed_languages), "lexicons": [str(yielding)]}
    run = run_report(notebook, params)
    assert run.status == "ok", run.error
    manifest = run.manifest
    assert manifest["languages"] == {"en": 4, "ru": 4, "uk": 4}
    assert sorted((e["name"], e["language"]) for e in manifest["lexicons"]) == [
        ("yielding", "en"), ("yielding", "ru"), ("yielding", "uk")]
    assert verify_run(run.run_dir, allow_notebook=notebook).ok
    ru = yielding.with_name("yielding.ru.yaml")
    ru.write_text(ru.read_text(encoding="utf-8").replace("      - поступка\n", "      - поступка\n      - компромисс\n"),
                  encoding="utf-8")
    result = verify_run(run.run_dir, allow_notebook=notebook)
    assert not result.ok
    assert "lexicon yielding (ru) changed since the run" in result.differences
    assert not any(d.startswith("lexicon yielding changed") for d in result.differences)  # English is as it was
    again = plan_run(notebook, params)
    assert not again.cached and "lexicon yielding (ru) changed" in again.reason
