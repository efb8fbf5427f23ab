"""Corpus loading: files or DataFrames -> one corpus DataFrame (see :func:`load_corpus`).

Formats (:mod:`.formats`), scraped-page cleaning (:mod:`.clean`), metadata with provenance
(:mod:`.meta`), duplicate clusters (:mod:`.dedup`) and the load report (:mod:`.audit`).
"""

from .audit import LoadReport
from .clean import clean_page, clean_text, load_rules, rules_provenance
from .dedup import find_duplicates
from .load import CORPUS_COLUMNS, META_COLUMNS, iter_corpus, load_corpus, load_corpus_with_report, resolve_inputs
from .meta import add_groups, load_groups, outlet_from_url, parse_date, parse_dateline

__all__ = ["CORPUS_COLUMNS", "META_COLUMNS", "LoadReport", "add_groups", "clean_page", "clean_text", "find_duplicates",
           "iter_corpus", "load_corpus", "load_corpus_with_report", "load_groups", "load_rules", "outlet_from_url", "parse_date", "parse_dateline",
           "resolve_inputs", "rules_provenance"]
