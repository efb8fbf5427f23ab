"""Hedging in the bundled press releases: "would like"-type hits and the kremlin.ru / president.gov.ua rate ratio.

    PYTHONPATH=src python benchmarks/courtesy_would.py [LEXICON.yaml]

Prints, per outlet, hedging hits per 1,000 tokens, how many hits are a "would" followed by
like/love, and the ratio of the two outlets' rates (issue 14: courtesy "I would like" inflated
the Kremlin's hedging rate).
"""

import re
import sys

from framing.corpus import load_corpus
from framing.lexicons import load_lexicon
from framing.match import find_matches
from framing.metrics import score

COURTESY = re.compile(r"^\s*(?:(?!be\b)\w+\s+)?(?:like|love)\b", re.IGNORECASE)

lex = load_lexicon(sys.argv[1] if len(sys.argv) > 1 else "hedging")
docs = load_corpus("press-releases")
group = "outlet" if "outlet" in docs.columns else "source"
matches = find_matches(docs, [lex]).merge(docs[["doc_id", "text", group]], on="doc_id")
after = [t[e:e + 30] for t, e in zip(matches["text"], matches["end"])]
matches["courtesy"] = [m.lower() == "would" and bool(COURTESY.match(a)) for m, a in zip(matches["matched_text"], after)]
scores = score(docs, [lex]).merge(docs[["doc_id", group]], on="doc_id")
rates = {}
for name, part in scores.groupby(group):
    rates[name] = 1000 * part[f"{lex.name}_count"].sum() / part["n_tokens"].sum()
    m = matches[matches[group] == name]
    print(f"{name:22} hits {len(m):6}  'would like/love' {int(m['courtesy'].sum()):5}  per 1k tokens {rates[name]:.2f}")
names = sorted(rates)
if len(names) == 2:
    k = next((n for n in names if "kremlin" in n.lower()), names[0])
    u = next(n for n in names if n != k)
    print(f"rate ratio {k}/{u}: {rates[k] / rates[u]:.2f}")
