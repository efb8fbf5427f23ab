"""framing: measure how news and official communication frame events.

Data flows one way: files -> :func:`load_corpus` -> :func:`find_matches` (lexicons) ->
:func:`score` (per-document metrics) -> :mod:`framing.stats` / :mod:`framing.plots` ->
:func:`run_report` (papermill run with manifest).

>>> import framing
>>> corpus = framing.load_corpus("example-article")
>>> scores = framing.score(corpus, framing.load_lexicons(["hedging"]))
>>> int(scores.loc[0, "hedging_count"]) > 0
True
"""

from typing import TYPE_CHECKING, Any

from .corpus import iter_corpus, load_corpus, load_corpus_with_report
from .errors import FramingError
from .lexicons import load_lexicon, load_lexicons
from .match import find_matches
from .metrics import score

if TYPE_CHECKING:
    from .report import run_report, save_figure

__all__ = ["FramingError", "__version__", "find_matches", "load_corpus", "load_lexicon", "load_lexicons",
           "run_report", "save_figure", "score"]
__all__ += ["iter_corpus", "load_corpus_with_report"]


def __getattr__(name: str) -> Any:
    """``framing.__version__``, read from the installed package's metadata when first asked for
    (``importlib.metadata`` costs every process about 0.07 s to import; most never ask), and
    :mod:`framing.report`'s names, imported when first asked for (some 0.03 s that `framing score`,
    `load` and the pool workers do not use; an error importing it is raised there, as it is)."""
    if name in ("run_report", "save_figure"):
        from . import report

        globals()[name] = getattr(report, name)
        return globals()[name]
    if name != "__version__":
        raise AttributeError(f"module 'framing' has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    try:
        found = version("framing")
    except PackageNotFoundError:  # running from a source tree without installing
        found = "0.0.0+unknown"
    globals()["__version__"] = found
    return found
