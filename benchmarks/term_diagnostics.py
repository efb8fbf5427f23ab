"""Term diagnostics of a lexicon on the bundled press releases (kremlin.ru vs president.gov.ua).

    PYTHONPATH=src python benchmarks/term_diagnostics.py [LEXICON] [TOP]

Prints each top term's share of the lexicon's hits per outlet and the outlet difference
recomputed without each of them (framing.diagnostics.leave_one_term_out), flagging terms
whose removal flips the difference or makes its interval cross zero.
"""

import sys

import pandas as pd

from framing.corpus import load_corpus
from framing.diagnostics import leave_one_term_out, term_shares, top_terms
from framing.lexicons import load_lexicon
from framing.match import find_matches
from framing.metrics import score

name = sys.argv[1] if len(sys.argv) > 1 else "hedging"
top = int(sys.argv[2]) if len(sys.argv) > 2 else 8
lex = load_lexicon(name)
docs = load_corpus("press-releases")
group = "outlet" if "outlet" in docs.columns else "source"
name = lex.name
matches = find_matches(docs, [lex])
scores = score(docs, [lex]).merge(docs[["doc_id", group]], on="doc_id")
terms = top_terms(matches, name, top)
shares = term_shares(matches, docs, group, name)
wide = shares[shares["term"].isin(terms)].pivot(index="term", columns="group", values="share").reindex(terms)
loto = leave_one_term_out(scores, matches, group, name, terms=terms, n_boot=1000)
table = wide.join(loto.set_index("term")[["diff", "diff_low", "diff_high", "diff_without", "diff_low_without", "diff_high_without", "flag"]])
with pd.option_context("display.width", 200, "display.float_format", "{:.3f}".format):
    print(f"{name}: share of hits per outlet, and the rate difference ({loto['group_a'].iloc[0]} - "
          f"{loto['group_b'].iloc[0]}, per 1,000 tokens) without each term")
    print(table.to_string())
