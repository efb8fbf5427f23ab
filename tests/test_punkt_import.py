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
        "pkgx/sub/__init__.py": "import pkglog\npkglog.runs.append('pkgx.sub')\n",
        "pkgx/sub/leaf.py": "from pkgx.helper import VALUE\nDOUBLE = 2 * VALUE\n",
        # a package whose module reads its body while it is imported
        "pkgy/__init__.py": "import pkglog\npkglog.runs.append('pkgy')\nHEAVY = 'yes'\n",
        "pkgy/leaf.py": "import pkgy\nCOPY = pkgy.HEAVY\n",
        # a package whose module reads its subpackage's body
        "pkgz/__init__.py": "",
        "pkgz/sub/__init__.py": "import pkglog\npkglog.runs.append('pkgz.sub')\nVALUE = 5\n",
        "pkgz/sub/leaf.py": "from pkgz.sub import VALUE\n",
    }
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    yield
    for name in [m for m in sys.modules if m.split(".")[0] in {"pkglog", "pkgx", "pkgy", "pkgz"}]:
        del sys.modules[name]


def test_the_module_comes_without_its_package_body_which_later_imports_run_as_usual(packages):
    import pkglog

    leaf = import_without_package_body("pkgx.sub.leaf", "pkgx")
    assert leaf.DOUBLE == 6 and pkglog.runs == []  # neither the package's body nor its subpackage's has run
    assert not [m for m in sys.modules if m.split(".")[0] == "pkgx"]  # nothing of the package is left in sys.modules
    import pkgx
    import pkgx.sub.leaf

    assert pkgx.HEAVY == "yes" and pkglog.runs == ["pkgx", "pkgx.sub"]  # a later import: the whole package, as usual
    assert pkgx.sub.leaf.DOUBLE == 6 and pkgx.sub.leaf is not leaf  # (its own copy of the module)


def test_a_module_that_needs_its_package_body_is_imported_the_usual_way(packages):
    import pkglog

    leaf = import_without_package_body("pkgy.leaf", "pkgy")
    assert leaf.COPY == "yes" and pkglog.runs == ["pkgy"]
    assert sys.modules["pkgy.leaf"] is leaf


def test_a_module_that_needs_its_subpackages_body_is_imported_the_usual_way(packages):
    import pkglog

    leaf = import_without_package_body("pkgz.sub.leaf", "pkgz")
    assert leaf.VALUE == 5 and pkglog.runs == ["pkgz.sub"]
    assert sys.modules["pkgz.sub.leaf"] is leaf


def test_a_package_already_imported_is_used_as_it_is(packages):
    import pkglog
    import pkgx

    leaf = import_without_package_body("pkgx.sub.leaf", "pkgx")
    assert leaf.DOUBLE == 6 and pkglog.runs == ["pkgx", "pkgx.sub"] and sys.modules["pkgx"] is pkgx
    assert sys.modules["pkgx.sub.leaf"] is leaf


def test_the_kits_punkt_leaves_out_the_rest_of_nltk_which_imports_as_usual_later():
    # (a fresh interpreter: this one may have imported nltk already)
    code = textwrap.dedent("""
        import sys
        from framing.text import sentence_spans
        print(sentence_spans("Mr. Smith left. He came back."), "scipy" in sys.modules, "nltk" in sys.modules)
        from nltk.corpus import stopwords
        from nltk.stem import PorterStemmer
        import nltk
        print(bool(nltk.__version__), PorterStemmer().stem("running"), callable(nltk.word_tokenize),
              sentence_spans("Dr. No left. Then he came back."))
    """)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120)
    assert done.stdout.splitlines() == ["[(0, 15), (16, 29)] False False", "True run True [(0, 12), (13, 31)]"]
