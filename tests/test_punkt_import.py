"""framing.punkt imports nltk's Punkt module without running nltk's package body (all of nltk,
scipy.stats, scikit-learn): the helper on small packages of its own, and the kit's Punkt."""

import subprocess
import sys
import textwrap

import pytest

from framing.punkt import import_without_package_body


@pytest.fixture
def packages(tmp_path, monkeypatch):
    """Packages on a path of their own: each body logs its run in ``pkglog.runs``."""
    files = {
        "pkglog.py": "runs = []\n",
        # a package whose module needs nothing of its body
        "pkgx/__init__.py": "import pkglog\npkglog.runs.append('pkgx')\nHEAVY = 'yes'\n",
        "pkgx/helper.py": "VALUE = 3\n",
        "pkgx/sub/__init__.py": "",
        "pkgx/sub/leaf.py": "from pkgx.helper import VALUE\nDOUBLE = 2 * VALUE\n",
        # a package whose module reads its body while it is imported
        "pkgy/__init__.py": "import pkglog\npkglog.runs.append('pkgy')\nHEAVY = 'yes'\n",
        "pkgy/leaf.py": "import pkgy\nCOPY = pkgy.HEAVY\n",
    }
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    yield
    for name in [m for m in sys.modules if m.split(".")[0] in {"pkglog", "pkgx", "pkgy"}]:
        del sys.modules[name]


def test_the_module_comes_without_its_package_body_which_runs_once_on_first_use(packages):
    import pkglog

    leaf = import_without_package_body("pkgx.sub.leaf", "pkgx")
    assert leaf.DOUBLE == 6 and pkglog.runs == []  # the body has not run
    import pkgx

    assert pkgx is sys.modules["pkgx"] and pkgx.sub.leaf is leaf and pkgx.helper.VALUE == 3  # submodules are there
    assert pkgx.HEAVY == "yes" and pkglog.runs == ["pkgx"]  # an attribute of the body: the body runs
    assert pkgx.HEAVY == "yes" and "HEAVY" in dir(pkgx) and pkglog.runs == ["pkgx"]  # once
    assert "__getattr__" not in vars(pkgx) and "__dir__" not in vars(pkgx)  # then a plain module
    with pytest.raises(AttributeError, match="no attribute 'missing'"):
        pkgx.missing  # noqa: B018


def test_dir_runs_the_body_too(packages):
    import pkglog

    import_without_package_body("pkgx.helper", "pkgx")
    import pkgx

    assert "HEAVY" in dir(pkgx) and pkglog.runs == ["pkgx"]


def test_a_module_that_needs_its_package_body_is_imported_the_usual_way(packages):
    import pkglog

    leaf = import_without_package_body("pkgy.leaf", "pkgy")
    assert leaf.COPY == "yes" and pkglog.runs == ["pkgy"]
    assert "__getattr__" not in vars(sys.modules["pkgy"]) and sys.modules["pkgy.leaf"] is leaf


def test_a_package_already_imported_is_used_as_it_is(packages):
    import pkglog
    import pkgx

    assert import_without_package_body("pkgx.sub.leaf", "pkgx").DOUBLE == 6 and pkglog.runs == ["pkgx"]
    assert sys.modules["pkgx"] is pkgx


def test_the_kits_punkt_leaves_out_the_rest_of_nltk_which_still_works_when_imported():
    # (a fresh interpreter: this one may have imported nltk already)
    code = textwrap.dedent("""
        import sys
        from framing.text import sentence_spans
        print(sentence_spans("Mr. Smith left. He came back."), "scipy" in sys.modules, "sklearn" in sys.modules)
        import nltk
        from nltk.collocations import BigramAssocMeasures
        print(bool(nltk.__version__), nltk.tokenize.punkt.PunktSentenceTokenizer.__name__, callable(nltk.word_tokenize))
    """)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120)
    assert done.stdout.splitlines() == ["[(0, 15), (16, 29)] False False", "True PunktSentenceTokenizer True"]
