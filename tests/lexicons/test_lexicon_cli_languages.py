"""`framing lexicon list` names each lexicon's language versions with their versions; `framing lexicon
show NAME --lang ru` shows a language version."""

from pathlib import Path

from framing.cli import main
from framing.lexicons import load_lexicon

YIELDING = Path(__file__).parents[1] / "fixtures" / "lexicons" / "yielding.yaml"


def test_list_names_each_language_version(capsys):
    assert main(["lexicon", "list"]) == 0
    lines = {line.split()[0]: line for line in capsys.readouterr().out.splitlines()}
    versions = ", ".join(f"{lang} {load_lexicon('concession', lang).version}" for lang in ("en", "ru", "uk"))
    assert f"[{versions}]" in lines["concession"]
    assert f"[en {load_lexicon('weasel').version}]" in lines["weasel"]  # English only


def test_show_a_language_version(capsys):
    assert main(["lexicon", "show", "concession", "--lang", "ru"]) == 0
    out = capsys.readouterr().out
    ru = load_lexicon("concession", "ru")
    assert out.startswith(f"concession {ru.version}  language ru (match: lemma)  sha256 {ru.sha256}\n")
    assert ru.path in out and "language versions: en " in out and ", ru " in out and ", uk " in out
    assert main(["lexicon", "show", str(YIELDING), "--lang", "uk"]) == 0
    assert "language uk (match: lemma)" in capsys.readouterr().out
    assert main(["lexicon", "show", "hedging", "--lang", "xx"]) != 0
    assert "no xx version of this lexicon" in capsys.readouterr().err
