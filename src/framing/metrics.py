"""Turn matches into per-document metrics: counts and rates per 1,000 tokens.

>>> import pandas as pd
>>> from framing.lexicons import load_lexicons
>>> corpus = pd.DataFrame({"doc_id": ["a"], "text": ["Talks may resume, and might fail."]})
>>> score(corpus, load_lexicons(["hedging"])).to_dict("records")
[{'doc_id': 'a', 'n_tokens': 6, 'hedging_count': 2, 'hedging_per_1k': 333.3333333333333}]
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from .lexicons import Lexicon
from .match import find_matches
from .text import count_tokens


def score(corpus: pd.DataFrame, lexicons: Iterable[Lexicon], matches: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per document: ``doc_id``, ``n_tokens``, and ``L_count``, ``L_per_1k`` per lexicon.

    Pass ``matches`` (from :func:`framing.find_matches`) to reuse a match table already computed.
    """
    lexicons = list(lexicons)
    if matches is None:
        matches = find_matches(corpus, lexicons)
    out = pd.DataFrame({"doc_id": corpus["doc_id"].to_numpy(),
                        "n_tokens": [count_tokens(t) for t in corpus["text"]]})
    counts = matches.groupby(["doc_id", "lexicon"]).size()
    for lex in lexicons:
        per_doc = counts.xs(lex.name, level="lexicon") if lex.name in counts.index.get_level_values(1) else pd.Series(dtype=int)
        out[f"{lex.name}_count"] = out["doc_id"].map(per_doc).fillna(0).astype(int)
        out[f"{lex.name}_per_1k"] = rate_per_1k(out[f"{lex.name}_count"], out["n_tokens"])
    return out


def rate_per_1k(count: pd.Series, n_tokens: pd.Series) -> pd.Series:
    """Hits per 1,000 tokens (0 for empty documents, never a division by zero)."""
    return (count * 1000.0 / n_tokens.where(n_tokens > 0)).fillna(0.0)
