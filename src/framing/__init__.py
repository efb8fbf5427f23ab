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

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("framing")
except PackageNotFoundError:  # running from a source tree without installing
    __version__ = "0.0.0+unknown"

from .corpus import iter_corpus, load_corpus, load_corpus_with_report
from .errors import FramingError
from .lexicons import load_lexicon, load_lexicons
from .match import find_matches
from .metrics import score
from .report import run_report, save_figure

__all__ = ["FramingError", "__version__", "find_matches", "load_corpus", "load_lexicon", "load_lexicons",
           "run_report", "save_figure", "score"]
__all__ += ["iter_corpus", "load_corpus_with_report"]
